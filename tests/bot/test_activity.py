"""The edge reads the activity JSON itself: what it takes, and what it refuses as malformed."""

from __future__ import annotations

from typing import Any

import pytest

from bot.activity import MalformedActivity, parse_activity, text_without_bot_mention
from tests.activities import BOT, JONAS, bot_added, card_execute, message

SERVICE_URL = "http://127.0.0.1:1"


def test_a_teams_message_is_read_field_by_field() -> None:
    activity = parse_activity(message("hej", JONAS, SERVICE_URL))

    assert activity.type == "message"
    assert activity.text == "hej"
    assert activity.service_url == SERVICE_URL
    assert activity.conversation.id == JONAS.personal_conversation
    assert activity.conversation.conversation_type == "personal"
    assert activity.sender is not None
    assert (activity.sender.id, activity.sender.name) == (JONAS.id, JONAS.name)
    assert activity.sender.aad_object_id == JONAS.aad_object_id
    assert activity.recipient is not None and activity.recipient.id == BOT["id"]
    assert activity.locale == "sv-SE"


def test_an_invoke_keeps_its_value_and_membership_its_members() -> None:
    invoke = parse_activity(card_execute("confirm", JONAS, SERVICE_URL, {"meeting": 3}))
    added = parse_activity(bot_added(JONAS, SERVICE_URL))

    assert invoke.name == "adaptiveCard/action"
    assert isinstance(invoke.value, dict)
    assert invoke.value["action"]["data"] == {"verb": "confirm", "meeting": 3}
    assert [member.id for member in added.members_added] == [BOT["id"]]


@pytest.mark.parametrize(
    "change",
    [
        {"type": None},
        {"type": 7},
        {"serviceUrl": None},
        {"conversation": None},
        {"conversation": "a:1"},
        {"conversation": {"id": 5}},
        {"from": 7},
        {"from": {"name": "no id"}},
        {"recipient": ["x"]},
        {"channelData": "tenant"},
        {"membersAdded": [1, 2]},
        {"entities": {"type": "mention"}},
        {"text": {"html": "<b>hej</b>"}},
    ],
)
def test_malformed_fields_are_refused(change: dict[str, Any]) -> None:
    body = {**message("hej", JONAS, SERVICE_URL), **change}
    with pytest.raises(MalformedActivity):
        parse_activity(body)


@pytest.mark.parametrize("body", [None, [], "message", 3])
def test_anything_but_an_object_is_refused(body: object) -> None:
    with pytest.raises(MalformedActivity):
        parse_activity(body)


def test_unknown_fields_are_ignored() -> None:
    body = {**message("hej", JONAS, SERVICE_URL), "textFormat": 1, "somethingNew": {"a": [1]}}
    assert parse_activity(body).text == "hej"


def test_the_bots_own_mention_is_taken_out_of_the_text() -> None:
    body = message("<at>Expeditionsboten</at> hjälp", JONAS, SERVICE_URL)
    body["entities"] = [
        {"type": "mention", "text": "<at>Expeditionsboten</at>", "mentioned": BOT},
        {"type": "mention", "text": "<at>Daniela</at>", "mentioned": {"id": "29:other"}},
    ]
    body["text"] += " <at>Daniela</at>"

    assert text_without_bot_mention(parse_activity(body)) == " hjälp <at>Daniela</at>"
