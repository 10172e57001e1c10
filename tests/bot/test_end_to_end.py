"""The real app over real HTTP: Teams-shaped activities in, what the fake connector received out."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy import select

from storage import migrate
from storage.models import ConversationRef, Person
from tests.activities import (
    DANIELA,
    JONAS,
    TENANT,
    User,
    bot_added,
    card_execute,
    card_submit,
    message,
    personal_install,
)
from tests.card_schema import assert_valid_card, card_texts
from tests.fakes.connector import FakeConnector, Member
from tests.harness import BotServer


def cards_in(activities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        attachment["content"]
        for activity in activities
        for attachment in activity.get("attachments") or []
        if attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    ]


async def test_personal_install_gets_one_swedish_welcome_card(
    bot: BotServer, connector: FakeConnector
) -> None:
    for activity in (personal_install(JONAS, connector.url), bot_added(JONAS, connector.url)):
        response = await bot.post(activity)
        assert response.status in (200, 201)

    sent = connector.sent_activities(JONAS.personal_conversation)
    [card] = cards_in(sent)
    assert len(sent) == 1, "installationUpdate and conversationUpdate together welcome once"
    assert_valid_card(card)
    assert "Välkommen Jonas!" in card_texts(card)
    assert "Varför behöver du i Uppsala kommun ökad innovationskraft?" in card_texts(card)


async def test_first_message_welcomes_then_help_answers_with_the_help_card(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(message("hej", DANIELA, connector.url))
    await bot.post(message("Hjälp!", DANIELA, connector.url))

    welcome, help_ = cards_in(connector.sent_activities(DANIELA.personal_conversation))
    assert "Välkommen Daniela!" in card_texts(welcome)
    assert_valid_card(help_)
    assert "Så här kan jag hjälpa dig" in card_texts(help_)
    assert "avbryt" in card_texts(help_)
    assert "radera mina data" in card_texts(help_)  # offered once its handler is registered


async def test_unknown_text_gets_a_friendly_pointer(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(personal_install(JONAS, connector.url))
    await bot.post(message("vad är klockan", JONAS, connector.url))

    # Not started yet: one short card back to the welcome card (never "where you were").
    pointer = connector.sent_activities(JONAS.personal_conversation)[-1]
    assert pointer["replyToId"]
    texts = card_texts(pointer["attachments"][0]["content"])
    assert "Det där förstod jag inte riktigt." in texts
    assert "Visa välkomstkortet" in texts and "Hjälp" in texts
    assert "Välkommen Jonas!" not in texts and "Vi fortsätter där du var" not in texts


async def test_card_action_invoke_answers_200_with_the_next_card(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(personal_install(JONAS, connector.url))
    response = await bot.post(card_execute("start_journey", JONAS, connector.url))

    assert response.status == 200
    body = await response.json()
    assert body["statusCode"] == 200
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    assert_valid_card(body["value"])
    assert "Arbetsboken" in card_texts(body["value"])


async def test_a_stale_button_gets_a_message_not_an_error(
    bot: BotServer, connector: FakeConnector
) -> None:
    response = await bot.post(card_execute("no_such_verb", JONAS, connector.url))
    assert response.status == 200
    body = await response.json()
    assert body["type"] == "application/vnd.microsoft.activity.message"
    assert body["value"]


async def test_action_submit_fallback_replaces_the_clicked_card(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(personal_install(JONAS, connector.url))
    await bot.post(card_submit("start_journey", JONAS, connector.url))

    [update] = [s for s in connector.sent if s.operation == "update"]
    assert update.activity_id == "card-activity-1"
    [card] = cards_in([update.body])
    assert "Tidsplan" in card_texts(card)


async def test_a_redelivered_activity_is_handled_once(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(personal_install(JONAS, connector.url))
    before = len(connector.sent)
    ask = message("hjälp", JONAS, connector.url)

    responses = await asyncio.gather(bot.post(ask), bot.post(ask), bot.post(ask))

    assert all(response.status in (200, 201) for response in responses)
    assert len(connector.sent) == before + 1


async def test_the_tenant_is_stored_with_the_conversation(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(message("hej", JONAS, connector.url))

    async with bot.services.database.sessions() as session:
        ref = await session.scalar(select(ConversationRef))
        person = await session.scalar(select(Person))
    assert ref is not None and person is not None
    assert ref.conversation_id == JONAS.personal_conversation
    assert f'"tenantId": "{TENANT}"' in ref.reference
    assert ref.person_id == person.id
    assert person.aad_object_id == JONAS.aad_object_id


async def test_a_failed_turn_says_sorry_in_swedish_and_can_be_redelivered(
    bot: BotServer, connector: FakeConnector, caplog
) -> None:
    await bot.post(personal_install(JONAS, connector.url))
    ask = message("hjälp", JONAS, connector.url)
    connector.fail_next(500, times=1)

    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        await bot.post(ask)

    apology = connector.sent_activities(JONAS.personal_conversation)[-1]
    assert apology["text"].startswith("Förlåt, något gick fel")
    assert any(ask["id"] in record.getMessage() for record in caplog.records)
    await bot.post(ask)  # Teams' redelivery of the failed activity is processed, not dropped
    assert "Så här kan jag hjälpa dig" in card_texts(cards_in(connector.sent_activities())[-1])


async def test_a_tenant_outside_the_allow_list_is_ignored(
    database_url: str, connector: FakeConnector
) -> None:
    async with BotServer(
        database_url=database_url, allowed_tenants="aaaaaaaa-0000-0000-0000-000000000000"
    ) as bot:
        response = await bot.post(message("hej", JONAS, connector.url))
        invoke = await bot.post(card_execute("start_journey", JONAS, connector.url))
    assert response.status == 201
    assert invoke.status == 403
    assert connector.sent == []


async def test_restart_keeps_who_was_welcomed(database_url: str, connector: FakeConnector) -> None:
    async with BotServer(database_url=database_url) as bot:
        await bot.post(message("hej", JONAS, connector.url))
        await bot.restart()
        await bot.post(message("hej igen", JONAS, connector.url))
    welcome, greeted = connector.sent_activities(JONAS.personal_conversation)
    # Not welcomed twice: "hej igen" is a greeting, with the way back to the welcome card.
    assert "Välkommen Jonas!" in card_texts(welcome)
    texts = card_texts(greeted["attachments"][0]["content"])
    assert "Hej!" in texts and "Visa välkomstkortet" in texts
    assert "Välkommen Jonas!" not in texts


async def test_health_reports_the_database_and_schema(bot: BotServer) -> None:
    status, body = await bot.get("/healthz")
    assert status == 200
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["schema"] == migrate.head_revision()
    assert body["scheduler"] == "running"


async def test_install_without_a_name_looks_the_leader_up_in_the_roster(
    bot: BotServer, connector: FakeConnector
) -> None:
    karin = Member(
        id="29:karin",
        name="Karin Lund",
        aad_object_id="00000000-0000-0000-0000-0000000000024",
        given_name="Karin",
        surname="Lund",
        email="karin.lund@uppsala.example",
        user_principal_name="karin.lund@uppsala.example",
    )
    nameless = User(karin.id, "", karin.aad_object_id)
    connector.add_conversation(nameless.personal_conversation, [karin])

    await bot.post(personal_install(nameless, connector.url))

    [card] = cards_in(connector.sent_activities(nameless.personal_conversation))
    assert "Välkommen Karin!" in card_texts(card)
    async with bot.services.database.sessions() as session:
        person = await session.scalar(
            select(Person).where(Person.aad_object_id == karin.aad_object_id)
        )
    assert person is not None
    assert (person.name, person.email) == ("Karin Lund", "karin.lund@uppsala.example")


async def test_a_failing_card_action_shows_the_apology_on_the_card(
    bot: BotServer, connector: FakeConnector
) -> None:
    async def broken(turn_context, data):
        raise RuntimeError("a bug in a card handler")

    bot.services.actions.register("broken", broken)
    response = await bot.post(card_execute("broken", JONAS, connector.url))

    assert response.status == 200
    body = await response.json()
    assert body["statusCode"] == 500
    assert body["type"] == "application/vnd.microsoft.error"
    assert body["value"]["message"].startswith("Förlåt, något gick fel")


async def test_what_the_bot_says_later_goes_through_the_outbox(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(message("hej", JONAS, connector.url))
    services = bot.services
    person = await _person(bot, JONAS.aad_object_id)
    target = await services.conversations.personal(person.id)
    assert target is not None

    await services.outbox.enqueue(
        target, {"type": "message", "text": "Psst! Imorgon kl. 14:00 …"}, idempotency_key="k-1"
    )
    await services.outbox.enqueue(
        target, {"type": "message", "text": "Psst! Imorgon kl. 14:00 …"}, idempotency_key="k-1"
    )
    report = await services.sender.tick()

    assert report.sent == 1
    [proactive] = [s for s in connector.sent if s.body.get("text", "").startswith("Psst!")]
    assert proactive.conversation_id == JONAS.personal_conversation


async def _person(bot: BotServer, aad_object_id: str) -> Person:
    async with bot.services.database.sessions() as session:
        person = await session.scalar(select(Person).where(Person.aad_object_id == aad_object_id))
    assert person is not None
    return person
