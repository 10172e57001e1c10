"""Who is speaking, from where: resolved once per turn at the edge and kept in the turn state.

Teams puts the tenant in `channelData.tenant.id` (and `conversation.tenantId`); botbuilder's
ConversationReference drops it, so it is read here and stored with every conversation reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from storage.directory import TeamsAccount

CALLER_KEY = "expeditionsboten.caller"


@dataclass(frozen=True, slots=True)
class Caller:
    tenant_id: str
    organisation_id: int
    person_id: int | None  # None when the sender is not a person (the bot itself, a system event)
    first_name: str
    conversation_kind: str  # personal | channel | groupChat


def tenant_of(activity: Activity) -> str | None:
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = (data.get("tenant") or {}).get("id")
    if not tenant and activity.conversation is not None:
        tenant = activity.conversation.tenant_id
    return tenant.lower() if tenant else None


def conversation_kind(activity: Activity) -> str:
    conversation = activity.conversation
    kind = conversation.conversation_type if conversation is not None else None
    return kind or "personal"


def account_of(activity: Activity) -> TeamsAccount | None:
    sender = activity.from_property
    if sender is None or not sender.aad_object_id:
        return None
    # Activities carry only id, name and AAD id; given name and e-mail come from the members API.
    return TeamsAccount(
        teams_user_id=sender.id, aad_object_id=sender.aad_object_id.lower(), name=sender.name or ""
    )


def caller_of(turn_context: TurnContext) -> Caller:
    """The Caller the middleware resolved for this turn."""
    return turn_context.turn_state[CALLER_KEY]
