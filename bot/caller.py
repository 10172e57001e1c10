"""Who is speaking, from where: read off the activity once per turn, kept with the turn.

Teams puts the tenant in `channelData.tenant.id` (and `conversation.tenantId`); botbuilder's
ConversationReference drops it, so it is read here and kept in every ConversationAddress.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.activity import InboundActivity
from chat.address import Account, ConversationAddress
from chat.caller import Caller, ConversationKind, TeamOfTurn, TeamsAccount, TenantId, tenant_id


@dataclass(frozen=True, slots=True)
class Origin:
    """What the middleware resolved: the municipality always, the person when there is one."""

    tenant_id: TenantId
    organisation_id: int
    kind: ConversationKind
    address: ConversationAddress  # the conversation the activity came from
    sender: TeamsAccount | None
    caller: Caller | None  # None when the sender is not a person (the bot, a system event)


def tenant_of(activity: InboundActivity) -> TenantId | None:
    tenant = activity.channel_data.get("tenant")
    raw = tenant.get("id") if isinstance(tenant, dict) else None
    if not raw:
        raw = activity.conversation.tenant_id
    return tenant_id(raw) if isinstance(raw, str) and raw else None


def conversation_kind(activity: InboundActivity) -> ConversationKind:
    kind = activity.conversation.conversation_type
    try:
        return ConversationKind(kind or ConversationKind.PERSONAL)
    except ValueError:
        return ConversationKind.PERSONAL


def account_of(activity: InboundActivity) -> TeamsAccount | None:
    sender = activity.sender
    if sender is None or not sender.aad_object_id:
        return None
    # Activities carry only id, name and AAD id; given name and e-mail come from the members API.
    return TeamsAccount(
        teams_user_id=sender.id, aad_object_id=sender.aad_object_id.lower(), name=sender.name or ""
    )


def team_of(activity: InboundActivity) -> TeamOfTurn | None:
    """The team an activity comes from (channelData.team), None outside a team."""
    team = activity.channel_data.get("team")
    if not isinstance(team, dict) or not team.get("id"):
        return None
    group = team.get("aadGroupId")
    return TeamOfTurn(
        str(team["id"]), str(team.get("name") or ""), group if isinstance(group, str) else None
    )


def address_of(activity: InboundActivity, tenant: TenantId) -> ConversationAddress:
    """Where to speak to this conversation later; a channel's thread id without its message."""
    conversation = activity.conversation
    sender, bot = activity.sender, activity.recipient
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
