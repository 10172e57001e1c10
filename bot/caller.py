"""Who is speaking, from where: read off the activity once per turn, kept in the turn state.

Teams puts the tenant in `channelData.tenant.id` (and `conversation.tenantId`); botbuilder's
ConversationReference drops it, so it is read here and kept in every ConversationAddress.
"""

from __future__ import annotations

from dataclasses import dataclass

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from chat.address import Account, ConversationAddress
from chat.caller import Caller, ConversationKind, TeamOfTurn, TeamsAccount, TenantId, tenant_id

ORIGIN_KEY = "expeditionsboten.origin"


@dataclass(frozen=True, slots=True)
class Origin:
    """What the middleware resolved: the municipality always, the person when there is one."""

    tenant_id: TenantId
    organisation_id: int
    kind: ConversationKind
    address: ConversationAddress  # the conversation the activity came from
    sender: TeamsAccount | None
    caller: Caller | None  # None when the sender is not a person (the bot, a system event)


def origin_of(turn_context: TurnContext) -> Origin:
    origin: Origin = turn_context.turn_state[ORIGIN_KEY]
    return origin


def tenant_of(activity: Activity) -> TenantId | None:
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = data.get("tenant")
    raw = tenant.get("id") if isinstance(tenant, dict) else None
    if not raw and activity.conversation is not None:
        raw = activity.conversation.tenant_id
    return tenant_id(raw) if isinstance(raw, str) and raw else None


def conversation_kind(activity: Activity) -> ConversationKind:
    conversation = activity.conversation
    kind = conversation.conversation_type if conversation is not None else None
    try:
        return ConversationKind(kind or ConversationKind.PERSONAL)
    except ValueError:
        return ConversationKind.PERSONAL


def account_of(activity: Activity) -> TeamsAccount | None:
    sender = activity.from_property
    if sender is None or not sender.aad_object_id:
        return None
    # Activities carry only id, name and AAD id; given name and e-mail come from the members API.
    return TeamsAccount(
        teams_user_id=sender.id, aad_object_id=sender.aad_object_id.lower(), name=sender.name or ""
    )


def team_of(activity: Activity) -> TeamOfTurn | None:
    """The team an activity comes from (channelData.team), None outside a team."""
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = data.get("team")
    if not isinstance(team, dict) or not team.get("id"):
        return None
    return TeamOfTurn(str(team["id"]), str(team.get("name") or ""), team.get("aadGroupId"))


def address_of(activity: Activity, tenant: TenantId) -> ConversationAddress:
    """Where to speak to this conversation later; a channel's thread id without its message."""
    conversation = activity.conversation
    sender, bot = activity.from_property, activity.recipient
    return ConversationAddress(
        service_url=activity.service_url,
        conversation_id=conversation.id.split(";messageid=")[0],
        tenant_id=tenant,
        bot=Account(bot.id, bot.name or "") if bot is not None else Account(""),
        user=(
            Account(sender.id, sender.name or "", sender.aad_object_id)
            if sender is not None
            else None
        ),
        conversation_type=conversation.conversation_type,
        channel_id=activity.channel_id or "msteams",
        locale=activity.locale,
    )
