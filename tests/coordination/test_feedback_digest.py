"""The weekly digest of suggestions (Monday 08:00 in the organisation's zone, once per week and
organisation across restarts and replicas, nothing in a week without new ones) and the answers,
relayed to the sender's chat also when anonymous, without the coordinator learning who."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from cards.feedback import ANSWER_FORM
from scheduling.sender import OutboxSender
from services.coordination import Actor
from services.feedback import Answered, ToAnswer
from services.feedback_digest import DIGEST_LOOKBACK, FeedbackDigests, latest_digest_time
from storage.audit import AuditAction, AuditLog
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.feedback import Feedback, FeedbackRelay
from storage.outbox import Outbox, OutboxMessage
from storage.personal_data import PersonalData
from storage.roles import RoleName, Roles
from tests.card_schema import assert_valid_card, card_texts
from tests.clock import TestClock
from tests.coordination.support import (
    HELSINGBORG,
    UPPSALA,
    actor,
    email_of,
    feedback_service,
    person,
    service,
)
from tests.coordination.test_cohorts import reachable
from tests.fakes.connector import FakeConnector
from tests.outbox.support import no_auth_messenger
from tests.services.test_onboarding import CONTENT
from tests.statements import counting_statements

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# The tests' clock starts on Monday 30 November 2026 at 08:00 in Stockholm.
MONDAY_7_DEC = datetime(2026, 12, 7, 8, 0, tzinfo=STOCKHOLM)


def digests_on(database: Database, clock: TestClock) -> FeedbackDigests:
    return FeedbackDigests(
        CONTENT,
        Feedback(database),
        Roles(database),
        Conversations(database),
        Outbox(database),
        database=database,
        clock=clock,
    )


async def coordinator_with_chat(database: Database, tenant: str, key: str, url: str) -> Actor:
    """A coordinator the bot has met, bound to the role, with a personal chat."""
    address = f"{key}@kommun.example"
    person_id = await reachable(database, tenant, key, url)
    coordination = service(database)
    await coordination.name_from_cli(tenant, address, RoleName.COORDINATOR)
    organisation_id, _ = await person(database, tenant, key)
    assert await coordination.role_of(organisation_id, person_id, email_of(address)) == (
        RoleName.COORDINATOR
    )
    return Actor(organisation_id, person_id, email_of(address))


async def digest_rows(database: Database) -> list[str]:
    async with database.sessions() as session:
        keys = await session.scalars(
            select(OutboxMessage.idempotency_key)
            .where(OutboxMessage.idempotency_key.startswith("feedback-digest-"))
            .order_by(OutboxMessage.id)
        )
        return list(keys)


def test_the_digest_time_is_the_latest_monday_0800_in_the_zone_across_daylight_saving() -> None:
    summer = datetime(2026, 3, 30, 6, 0, tzinfo=UTC)  # Monday 08:00 CEST
    assert latest_digest_time(summer, STOCKHOLM) == ("2026-W14", summer)
    before = summer - timedelta(seconds=1)  # Monday 07:59:59: still last week's
    assert latest_digest_time(before, STOCKHOLM) == (
        "2026-W13",
        datetime(2026, 3, 23, 7, 0, tzinfo=UTC),  # Monday 08:00 CET
    )
    sunday = datetime(2027, 1, 3, 22, 0, tzinfo=UTC)  # ISO week 53 of 2026
    assert latest_digest_time(sunday, STOCKHOLM)[0] == "2026-W53"


async def test_one_digest_per_week_at_monday_0800_once_across_a_restart_and_two_replicas(
    database_url: str, database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator_with_chat(database, UPPSALA, "anna", connector.url)
    uppsala, per = await person(database, UPPSALA, "per")
    feedback = feedback_service(database)

    # Tuesday: two suggestions. The tick that week covers only what came before Monday 08:00.
    clock.advance(timedelta(days=1))
    await feedback.send(uppsala, per, "Fler korta övningar", anonymous=False)
    await feedback.send(uppsala, per, "Mindre text i korten", anonymous=True)
    assert await digests_on(database, clock).tick() == 0
    clock.move_to(MONDAY_7_DEC - timedelta(minutes=1))
    assert await digests_on(database, clock).tick() == 0
    assert await digest_rows(database) == []

    clock.move_to(MONDAY_7_DEC)
    assert await digests_on(database, clock).tick() == 1
    assert await digests_on(database, clock).tick() == 0

    # A restart: a new process on the same database sends nothing again that week.
    await database.dispose()
    restarted = Database(database_url, clock=clock)
    try:
        clock.advance(timedelta(hours=3))
        assert await digests_on(restarted, clock).tick() == 0
        await feedback_service(restarted).send(uppsala, per, "Gärna ett exempel", anonymous=False)

        # Next Monday, two replicas tick at once: one digest, with only the new suggestion.
        clock.move_to(MONDAY_7_DEC + timedelta(days=7, minutes=5))
        replica = Database(database_url, clock=clock)
        try:
            sent = await asyncio.gather(
                digests_on(restarted, clock).tick(), digests_on(replica, clock).tick()
            )
        finally:
            await replica.dispose()
        assert sorted(sent) == [0, 1]

        # A week without new suggestions sends nothing.
        clock.move_to(MONDAY_7_DEC + timedelta(days=14, hours=1))
        assert await digests_on(restarted, clock).tick() == 0

        keys = await digest_rows(restarted)
        assert keys == [
            f"feedback-digest-{uppsala}-2026-W50-{anna.person_id}",
            f"feedback-digest-{uppsala}-2026-W51-{anna.person_id}",
        ]
        async with no_auth_messenger() as messenger:
            assert (await OutboxSender(Outbox(restarted), messenger, clock=clock).tick()).sent == 2
    finally:
        await restarted.dispose()

    first, second = connector.sent
    assert first.conversation_id == "a:anna"
    card = first.body["attachments"][0]["content"]
    assert_valid_card(card)
    texts = card_texts(card)
    assert "Veckans förslag från ledarna (2)" in texts
    assert "Per: Fler korta övningar" in texts and "anonymt: Mindre text i korten" in texts
    assert _verbs(card).count(ANSWER_FORM) == 2
    later = card_texts(second.body["attachments"][0]["content"])
    assert "Gärna ett exempel" in later and "Fler korta övningar" not in later


async def test_a_digest_no_coordinator_can_get_yet_waits_for_one_with_a_chat(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    """Named from the command line, Anna has no chat with the bot yet: the week's digest reaches
    no one, and its suggestions are not lost with it (before: the next digest started after
    them); they come in the next Monday's digest once she has a chat. No tick retries."""
    await service(database).name_from_cli(UPPSALA, "anna@kommun.example", RoleName.COORDINATOR)
    uppsala, per = await person(database, UPPSALA, "per")
    clock.advance(timedelta(days=1))
    await feedback_service(database).send(uppsala, per, "Fler korta övningar", anonymous=False)
    clock.move_to(MONDAY_7_DEC)
    assert await digests_on(database, clock).tick() == 0
    assert await digest_rows(database) == []

    clock.advance(timedelta(hours=2))
    anna = await coordinator_with_chat(database, UPPSALA, "anna", connector.url)
    assert await digests_on(database, clock).tick() == 0  # this week's is done with
    clock.move_to(MONDAY_7_DEC + timedelta(days=7))
    assert await digests_on(database, clock).tick() == 1
    assert await digest_rows(database) == [f"feedback-digest-{uppsala}-2026-W51-{anna.person_id}"]
    async with no_auth_messenger() as messenger:
        assert (await OutboxSender(Outbox(database), messenger, clock=clock).tick()).sent == 1
    [digest] = connector.sent
    assert "Per: Fler korta övningar" in card_texts(digest.body["attachments"][0]["content"])


async def test_a_municipality_s_digest_holds_only_its_own_suggestions(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator_with_chat(database, UPPSALA, "anna", connector.url)
    olle = await coordinator_with_chat(database, HELSINGBORG, "olle", connector.url)
    uppsala, per = await person(database, UPPSALA, "per")
    feedback = feedback_service(database)
    await feedback.send(uppsala, per, "Uppsalas förslag om korten", anonymous=False)

    clock.move_to(MONDAY_7_DEC)
    assert await digests_on(database, clock).tick() == 1  # Helsingborg has none: no digest
    assert await digest_rows(database) == [f"feedback-digest-{uppsala}-2026-W50-{anna.person_id}"]
    assert await feedback.latest(olle) == ()
    [mine] = await feedback.latest(anna) or ()
    # Helsingborg's coordinator can neither see nor answer Uppsala's suggestion.
    assert await feedback.to_answer(olle, mine.id) is Answered.GONE
    assert await feedback.answer(olle, HELSINGBORG, mine.id, "Tack!") is Answered.GONE
    assert await Outbox(database).counts() == {"pending": 1}


async def test_an_anonymous_suggestion_is_answered_in_its_sender_s_chat_without_naming_them(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator_with_chat(database, UPPSALA, "anna", connector.url)
    per = await reachable(database, UPPSALA, "per", connector.url)
    feedback = feedback_service(database)
    await feedback.send(anna.organisation_id, per, "Kortare filmer, tack", anonymous=True)
    await feedback.send(anna.organisation_id, per, "Och fler exempel", anonymous=True)
    second, first = await feedback.latest(anna) or ()
    assert (first.sender, second.sender) == (None, None)

    found = await feedback.to_answer(anna, first.id)
    assert found == ToAnswer(first.id, "Kortare filmer, tack", anonymous=True, answered=False)
    leader = await actor(database, UPPSALA, "per", email="per@kommun.example")
    assert await feedback.answer(leader, UPPSALA, first.id, "Tack!") is None
    assert await feedback.answer(anna, UPPSALA, first.id, "x" * 1001) is Answered.TOO_LONG
    assert await feedback.answer(anna, UPPSALA, first.id, "   ") is Answered.EMPTY
    assert await Outbox(database).counts() == {}

    assert await feedback.answer(anna, UPPSALA, first.id, "Bra idé, vi tar med det!") is (
        Answered.SENT
    )
    assert await feedback.answer(anna, UPPSALA, first.id, "Igen") is Answered.ALREADY
    assert [s.answered for s in await feedback.latest(anna) or ()] == [False, True]

    async with no_auth_messenger() as messenger:
        assert (await OutboxSender(Outbox(database), messenger, clock=clock).tick()).sent == 1
    [message] = connector.sent
    assert message.conversation_id == "a:per"
    card = message.body["attachments"][0]["content"]
    assert_valid_card(card)
    assert "Bra idé, vi tar med det!" in card_texts(card)
    assert "Kortare filmer, tack" in card_texts(card)

    # The audit says what was answered, never by whom it was sent.
    log = await AuditLog(database).of_organisation(anna.organisation_id)
    answers = [r for r in log if r.action is AuditAction.FEEDBACK_ANSWERED]
    assert [(r.actor_person_id, r.subject, r.detail) for r in answers] == [
        (anna.person_id, None, f"suggestion {first.id}")
    ]

    # The pointer is Per's: "mina data" lists it (no text), "radera mina data" deletes it and
    # the suggestion stays, unanswerable.
    exported = await PersonalData(database).export(per)
    assert exported["tables"]["feedback_relays"] == [
        {"feedback_id": first.id, "person_id": per},
        {"feedback_id": second.id, "person_id": per},
    ]
    await PersonalData(database).erase(per)
    async with database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(FeedbackRelay)) == 0
    assert await feedback.answer(anna, UPPSALA, second.id, "Tack!") is Answered.UNREACHABLE
    assert [s.text for s in await feedback.latest(anna) or ()] == [
        "Och fler exempel",
        "Kortare filmer, tack",
    ]


def _verbs(card: dict) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Execute":
                found.append(node["verb"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


async def test_a_week_s_digests_sent_cost_two_statements_a_tick_however_many_municipalities(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    """290 municipalities with suggestions: the idle tick asks for the week's digests of all of
    them at once, not one read per municipality (benchmarks/national.py)."""
    feedback = feedback_service(database)
    for n in range(6):
        tenant = f"{n:08d}-0000-4000-8000-000000000000"
        organisation_id, person_id = await person(database, tenant, f"leader{n}")
        await feedback.send(organisation_id, person_id, f"Förslag {n}", anonymous=False)
    clock.move_to(MONDAY_7_DEC)
    assert await digests_on(database, clock).tick() == 0  # no coordinators: recorded, not sent
    with counting_statements(database) as statements:
        assert await digests_on(database, clock).tick() == 0
    assert len(statements) == 2, statements


async def test_each_coordinator_gets_the_digest_in_their_own_language(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator_with_chat(database, UPPSALA, "anna", connector.url)
    bo = await coordinator_with_chat(database, UPPSALA, "bo", connector.url)
    await Directory(database).speak(bo.person_id, "en-GB")
    uppsala, per = await person(database, UPPSALA, "per")
    await feedback_service(database).send(uppsala, per, "Fler korta övningar", anonymous=False)

    clock.move_to(MONDAY_7_DEC)
    assert await digests_on(database, clock).tick() == 2
    async with database.sessions() as session:
        rows = (await session.scalars(select(OutboxMessage))).all()
    said = {
        row.idempotency_key.rsplit("-", 1)[1]: card_texts(
            json.loads(row.payload)["attachments"][0]["content"]
        )
        for row in rows
    }
    assert "Veckans förslag från ledarna (1)" in said[str(anna.person_id)]
    assert "This week's suggestions from the leaders (1)" in said[str(bo.person_id)]
    assert "Fler korta övningar" in said[str(bo.person_id)]  # the leader's own words as written


async def test_suggestions_long_digested_are_not_read_again_each_tick(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    """Every municipality that had ever written was asked about each week's digest, reading
    every suggestion; now only those who wrote lately (DIGEST_LOOKBACK) are looked at."""
    await coordinator_with_chat(database, UPPSALA, "anna", connector.url)
    uppsala, per = await person(database, UPPSALA, "per")
    await feedback_service(database).send(uppsala, per, "Fler korta övningar", anonymous=False)
    clock.move_to(MONDAY_7_DEC)
    assert await digests_on(database, clock).tick() == 1

    clock.move_to(MONDAY_7_DEC + DIGEST_LOOKBACK + timedelta(days=7))
    with counting_statements(database) as statements:
        assert await digests_on(database, clock).tick() == 0
    assert len(statements) == 1, statements  # who wrote lately: nobody
    await feedback_service(database).send(uppsala, per, "Och en till", anonymous=False)
    clock.advance(timedelta(days=7))
    assert await digests_on(database, clock).tick() == 1  # a new one is digested as before
