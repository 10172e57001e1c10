"""A connector that answers `202 Accepted` with no body, as the Agents Playground does.

Every way the bot talks (a reply in a turn, a card replaced in place, a proactive message, the
outbox and its edits) must take any 2xx as sent: no apology in the chat, no retry of a message
the connector already took (a retry would show it twice).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from scheduling.sender import UPDATE_OF
from storage.conversations import StoredConversation
from storage.models import Person
from tests.activities import JONAS, card_submit, message, personal_install
from tests.card_schema import card_texts
from tests.fakes.connector import FakeConnector, playground_members
from tests.harness import BotServer
from tests.team.conftest import TEAM_ID, TEAM_NAME, Channel, cards_in

APOLOGY = "Förlåt, något gick fel"


def assert_no_apology(connector: FakeConnector) -> None:
    said = [json.dumps(sent.body, ensure_ascii=False) for sent in connector.sent]
    apologies = [body for body in said if APOLOGY in body]
    assert apologies == [], "the bot apologised for a message the connector accepted"


def answered(connector: FakeConnector, *operations: str) -> list[tuple[int | None, Any]]:
    """(status, body) of every answered request of those operations."""
    return [(r.status, r.response_json) for r in connector.requests if r.operation in operations]


def posted(connector: FakeConnector) -> list[tuple[int | None, Any]]:
    """Activities posted: botbuilder's continue_conversation posts them as replies too."""
    return answered(connector, "send", "reply")


@pytest.fixture
def playground(connector: FakeConnector) -> FakeConnector:
    connector.accepted_without_body = 202
    return connector


async def test_hej_in_personal_chat_gets_the_welcome_and_no_apology(
    bot: BotServer, playground: FakeConnector
) -> None:
    await bot.post(message("hej", JONAS, playground.url))
    await bot.post(message("hjälp", JONAS, playground.url))

    welcome, help_ = cards_in(playground.sent_activities(JONAS.personal_conversation))
    assert "Välkommen Jonas!" in card_texts(welcome)
    assert "Så här kan jag hjälpa dig" in card_texts(help_)
    assert answered(playground, "reply") == [(202, None), (202, None)]
    assert_no_apology(playground)


async def test_a_card_replaced_through_action_submit_is_updated_without_an_apology(
    bot: BotServer, playground: FakeConnector
) -> None:
    await bot.post(personal_install(JONAS, playground.url))
    await bot.post(card_submit("start_journey", JONAS, playground.url))

    [update] = [s for s in playground.sent if s.operation == "update"]
    assert update.activity_id == "card-activity-1"
    assert "Tidsplan" in card_texts(cards_in([update.body])[0])
    assert answered(playground, "update") == [(202, None)]
    assert_no_apology(playground)


async def test_a_team_install_welcomes_each_member_proactively_once(
    bot: BotServer, playground: FakeConnector
) -> None:
    team = playground.add_team(TEAM_ID, TEAM_NAME, playground_members()[:4])
    channel = Channel(bot, playground, team)

    await channel.install()
    report = await bot.services.sender.tick()

    # create-conversation still answers with the chat's id; every message after it gets 202.
    assert len(answered(playground, "create_conversation")) == 4
    assert {status for status, _ in posted(playground)} == {202}
    for person in team.members:
        chat = playground.personal_conversation_id(person.id)
        [welcome] = cards_in(playground.sent_activities(chat))
        assert f"Välkommen {person.given_name}!" in card_texts(welcome)
    assert channel.texts()[0].startswith("Hej och välkommen till ditt Innovationsteam!")
    assert (report.sent, report.retried, report.failed) == (len(playground.sent), 0, 0)
    assert await bot.services.outbox.counts() == {"sent": report.sent}
    assert_no_apology(playground)


async def test_the_outbox_marks_a_row_accepted_without_body_as_sent(
    bot: BotServer, playground: FakeConnector
) -> None:
    target = await _jonas_chat(bot, playground)

    row_id = await bot.services.outbox.enqueue(
        target, {"type": "message", "text": "Psst! Imorgon kl. 14:00 …"}, idempotency_key="k-1"
    )
    report = await bot.services.sender.tick()

    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    row = await bot.services.outbox.get(row_id)
    assert row is not None and row.state == "sent"
    assert not row.sent_activity_id  # the connector gave no id to keep
    assert posted(playground) == [(202, None), (202, None)]  # the welcome, then Psst!
    assert playground.sent[-1].body["text"] == "Psst! Imorgon kl. 14:00 …"


async def test_the_outbox_edits_a_sent_message_accepted_without_body(
    bot: BotServer, connector: FakeConnector
) -> None:
    target = await _jonas_chat(bot, connector)
    original = await bot.services.outbox.enqueue(
        target, {"type": "message", "text": "Min reflektion"}, idempotency_key="post-1"
    )
    assert (await bot.services.sender.tick()).sent == 1
    sent_id = connector.sent[-1].activity_id  # Teams' usual 201 with the id

    connector.accepted_without_body = 202
    edit = {"type": "message", "text": "Min reflektion, ändrad", UPDATE_OF: original}
    await bot.services.outbox.enqueue(target, edit, idempotency_key="post-1-edit-1")
    report = await bot.services.sender.tick()

    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    [update] = [s for s in connector.sent if s.operation == "update"]
    assert (update.activity_id, update.body["text"]) == (sent_id, "Min reflektion, ändrad")
    assert answered(connector, "update") == [(202, None)]
    assert await bot.services.outbox.counts() == {"sent": 2}


async def _jonas_chat(bot: BotServer, connector: FakeConnector) -> StoredConversation:
    """Jonas has written once, so the bot knows his personal chat; where the outbox sends."""
    await bot.post(message("hej", JONAS, connector.url))
    async with bot.services.database.sessions() as session:
        person = await session.scalar(
            select(Person).where(Person.aad_object_id == JONAS.aad_object_id)
        )
    assert person is not None
    target = await bot.services.conversations.personal(person.id)
    assert target is not None
    return target
