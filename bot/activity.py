"""An inbound Bot Framework activity, read from its JSON by us instead of by msrest.

msrest's deserialiser walked the whole activity (and warned about every Teams field it did not
know) on every turn; it was the largest cost of a turn after SQL. The edge reads only the fields
it uses, checks their JSON types, and refuses anything else as malformed (a 400, never a 500).
Unknown fields are ignored, as Teams adds fields over time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

# Teams activities nest about ten levels deep (card data included); far deeper JSON is an attack
# on the parser or on whatever walks the value later (json.dumps, the card payloads).
MAX_DEPTH = 64
# A JSON number longer than this is no id, count or time Teams sends; Python's int() refuses
# above 4,300 digits with a ValueError, and a float of 400 digits is infinity.
MAX_NUMBER_CHARS = 40
# What identifies an activity is stored with its dedupe claim (storage.models.ProcessedActivity):
# Teams' values are far shorter; longer ones are refused rather than failing in the database.
MAX_LENGTHS = {"type": 50, "id": 200, "conversation.id": 400, "tenant": 100, "eventType": 49}


class MalformedActivity(ValueError):
    """The JSON is not an activity the edge can handle: the caller's fault."""


@dataclass(frozen=True, slots=True)
class ChannelAccount:
    id: str
    name: str = ""
    aad_object_id: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Conversation:
    id: str
    conversation_type: str | None = None
    tenant_id: str | None = None


@dataclass(frozen=True, slots=True)
class InboundActivity:
    type: str
    service_url: str
    conversation: Conversation
    id: str | None = None
    name: str | None = None
    action: str | None = None
    text: str | None = None
    value: object = None
    channel_id: str | None = None
    locale: str | None = None
    reply_to_id: str | None = None
    sender: ChannelAccount | None = None  # the activity's "from"
    recipient: ChannelAccount | None = None
    channel_data: dict[str, Any] = field(default_factory=dict)
    members_added: tuple[ChannelAccount, ...] = ()
    members_removed: tuple[ChannelAccount, ...] = ()
    entities: tuple[dict[str, Any], ...] = ()


def decode_json(body: bytes, charset: str | None) -> object:
    """The JSON value in a request body: UTF-8 only, bounded depth and numbers; anything else
    is MalformedActivity (a 400), never a RecursionError or a LookupError (a 500)."""
    if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise MalformedActivity(f"charset {charset[:40]!r} is not UTF-8")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedActivity("the body is not UTF-8") from error
    try:
        value = json.loads(
            text,
            parse_int=_bounded_int,
            parse_float=_bounded_float,
            parse_constant=_no_constant,
        )
    except RecursionError as error:  # the C scanner recurses once per level
        raise MalformedActivity("JSON nested too deep") from error
    except ValueError as error:  # JSONDecodeError is one
        raise MalformedActivity(f"not JSON: {str(error)[:200]}") from error
    _check_depth(value)
    return value


def _bounded_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise MalformedActivity("a number too long")
    return int(text)


def _bounded_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise MalformedActivity("a number too long")
    return float(text)


def _no_constant(text: str) -> object:
    raise MalformedActivity(f"{text} is not JSON")


def _check_depth(value: object) -> None:
    """Iteratively, so checking cannot itself run out of stack. Strings must be valid Unicode:
    a JSON escape of a lone surrogate ("\\ud800") decodes, then fails wherever it is encoded
    again (the database, the reply)."""
    pending: list[tuple[object, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise MalformedActivity(f"JSON nested deeper than {MAX_DEPTH}")
        if isinstance(item, dict):
            pending.extend((key, depth) for key in item)
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)
        elif isinstance(item, str) and not item.isascii():
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as error:
                raise MalformedActivity("a string with a lone surrogate") from error


def parse_activity(body: object) -> InboundActivity:
    """The activity in a request body (parsed JSON); MalformedActivity when it is not one."""
    if not isinstance(body, dict):
        raise MalformedActivity("an activity is a JSON object")
    kind = _text(body, "type")
    if not kind:
        raise MalformedActivity("an activity needs a type")
    service_url = _text(body, "serviceUrl")
    if not service_url:
        raise MalformedActivity("an activity needs a serviceUrl")
    conversation = _object(body, "conversation")
    conversation_id = _text(conversation, "id")
    if not conversation_id:
        raise MalformedActivity("an activity needs a conversation id")
    channel_data = _object(body, "channelData")
    _check_tenant(channel_data, _text(conversation, "tenantId"))
    tenant = _object(channel_data, "tenant")
    for name, value in (
        ("type", kind),
        ("id", _text(body, "id")),
        ("conversation.id", conversation_id),
        ("tenant", _text(tenant, "id") or _text(conversation, "tenantId")),
        ("eventType", _text(channel_data, "eventType")),
    ):
        if value is not None and len(value) > MAX_LENGTHS[name]:
            raise MalformedActivity(f"{name} longer than {MAX_LENGTHS[name]} characters")
    return InboundActivity(
        type=kind,
        service_url=service_url,
        conversation=Conversation(
            id=conversation_id,
            conversation_type=_text(conversation, "conversationType"),
            tenant_id=_text(conversation, "tenantId"),
        ),
        id=_text(body, "id"),
        name=_text(body, "name"),
        action=_text(body, "action"),
        text=_text(body, "text"),
        value=body.get("value"),
        channel_id=_text(body, "channelId"),
        locale=_text(body, "locale"),
        reply_to_id=_text(body, "replyToId"),
        sender=_account(body.get("from"), "from"),
        recipient=_account(body.get("recipient"), "recipient"),
        channel_data=channel_data,
        members_added=_accounts(body, "membersAdded"),
        members_removed=_accounts(body, "membersRemoved"),
        entities=tuple(_objects(body, "entities")),
    )


def _check_tenant(channel_data: dict[str, Any], conversation_tenant: str | None) -> None:
    """Teams names the tenant twice (channelData.tenant.id, conversation.tenantId); identity is
    keyed by it, so an activity whose two tenants differ is refused rather than trusted in part.
    """
    tenant = _object(channel_data, "tenant")
    channel_tenant = _text(tenant, "id")
    if (
        channel_tenant
        and conversation_tenant
        and channel_tenant.strip().lower() != conversation_tenant.strip().lower()
    ):
        raise MalformedActivity("conversation.tenantId differs from channelData.tenant.id")


def text_without_bot_mention(activity: InboundActivity) -> str:
    """The text with the bot's own @mention taken out, as botbuilder's remove_recipient_mention
    does: the name between <at> and </at>, then the empty tags."""
    text = activity.text or ""
    bot_id = activity.recipient.id if activity.recipient else None
    for entity in activity.entities:
        mentioned = entity.get("mentioned")
        if str(entity.get("type", "")).lower() != "mention" or not isinstance(mentioned, dict):
            continue
        if mentioned.get("id") != bot_id:
            continue
        tagged = entity.get("text") or mentioned.get("name") or ""
        if isinstance(tagged, str) and tagged.lower().startswith("<at") and "</at>" in tagged:
            name = tagged[tagged.index(">") + 1 : tagged.rindex("</at>")]
            text = text.replace(name, "").replace("<at></at>", "")
    return text


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedActivity(f"{key} must be a string")
    return value


def _object(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MalformedActivity(f"{key} must be an object")
    return value


def _objects(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise MalformedActivity(f"{key} must be a list of objects")
    return value


def _account(value: object, key: str) -> ChannelAccount | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise MalformedActivity(f"{key} must be an object")
    account_id = _text(value, "id")
    if account_id is None:
        raise MalformedActivity(f"{key} needs an id")
    return ChannelAccount(
        id=account_id,
        name=_text(value, "name") or "",
        aad_object_id=_text(value, "aadObjectId"),
        role=_text(value, "role"),
    )


def _accounts(data: dict[str, Any], key: str) -> tuple[ChannelAccount, ...]:
    accounts = (_account(item, key) for item in _objects(data, key))
    return tuple(account for account in accounts if account is not None)
