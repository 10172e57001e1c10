"""fira: a coordinator celebrates their own cohort once per preview, with figures about at
least 5 people only, and sees who has earned a diploma."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from scheduling.sender import OutboxSender
from services.celebrations import Celebrated, CelebrationService, Preview, Refused
from services.cohorts import Started
from services.coordination import Actor
from storage.audit import AuditAction, AuditLog
from storage.celebrations import Celebrations
from storage.cohorts import Cohorts
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.follow_up import FollowUpFacts
from storage.outbox import Outbox, OutboxMessage
from tests.card_schema import assert_valid_card, card_texts
from tests.clock import TestClock
from tests.coordination.support import HELSINGBORG, UPPSALA, actor, did, person, service
from tests.coordination.test_cohorts import cohorts_on, reachable, request
from tests.coordination.test_feedback_digest import coordinator_with_chat
from tests.fakes.connector import FakeConnector
from tests.outbox.support import no_auth_messenger
from tests.services.test_onboarding import CONTENT


def celebrations_on(database: Database) -> CelebrationService:
    return CelebrationService(
        CONTENT,
        service(database),
        Cohorts(database),
        Celebrations(database),
        FollowUpFacts(database),
        Conversations(database),
        Outbox(database),
        database=database,
    )


async def cohort_of(
    database: Database, clock: TestClock, anna: Actor, leaders: list[str], tenant: str = UPPSALA
) -> int:
    pasted = "\n".join(f"{key}@kommun.example" for key in leaders)
    started = await cohorts_on(database, clock).start(anna, tenant, request(pasted))
    assert isinstance(started, Started)
    return started.cohort_id


async def test_a_celebration_goes_once_to_each_reachable_member_and_is_audited(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator_with_chat(database, UPPSALA, "anna", connector.url)
    bo = await reachable(database, UPPSALA, "bo", connector.url)
    cia = await reachable(database, UPPSALA, "cia", connector.url)
    await person(database, UPPSALA, "dan", email="dan@kommun.example")  # no chat with the bot
    cohort = await cohort_of(database, clock, anna, ["bo", "cia", "dan", "eva"])
    celebrations = celebrations_on(database)

    leader = await actor(database, UPPSALA, "bo", email="bo@kommun.example")
    assert await celebrations.preview(leader, UPPSALA, cohort, "") is None
    assert await celebrations.preview(anna, UPPSALA, cohort, "x" * 501) is Refused.TOO_LONG

    preview = await celebrations.preview(anna, UPPSALA, cohort, "  Ni är fantastiska!  ")
    assert isinstance(preview, Preview)
    assert (preview.name, preview.greeting, preview.reachable) == ("Våren", "Ni är fantastiska!", 2)
    assert_valid_card(preview.card)
    assert "Ni är fantastiska!" in card_texts(preview.card)
    assert await Outbox(database).counts() == {"pending": 2}  # only the cohort's welcomes

    sent = await celebrations.send(anna, UPPSALA, cohort, preview.greeting, preview.token)
    again = await celebrations.send(anna, UPPSALA, cohort, preview.greeting, preview.token)
    assert sent == Celebrated("Våren", 2)
    assert again is Refused.ALREADY
    assert await celebrations.send(leader, UPPSALA, cohort, "", preview.token) is None

    clock.advance(timedelta(days=7))  # past the welcomes' 08:00 on the start date
    async with no_auth_messenger() as messenger:
        assert (await OutboxSender(Outbox(database), messenger, clock=clock).tick()).sent == 4
    celebrated = [
        m.conversation_id
        for m in connector.sent
        if "Dags att fira!" in card_texts(m.body["attachments"][0]["content"])
    ]
    assert sorted(celebrated) == ["a:bo", "a:cia"] and bo and cia

    log = await AuditLog(database).of_organisation(anna.organisation_id)
    assert [r.detail for r in log if r.action is AuditAction.CELEBRATION_SENT] == [
        f"cohort {cohort}: 2"
    ]


async def test_each_leader_is_celebrated_in_their_own_language(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator_with_chat(database, UPPSALA, "anna", connector.url)
    bo = await reachable(database, UPPSALA, "bo", connector.url)
    cia = await reachable(database, UPPSALA, "cia", connector.url)
    await Directory(database).speak(bo, "en-GB")
    cohort = await cohort_of(database, clock, anna, ["bo", "cia"])
    celebrations = celebrations_on(database)
    preview = await celebrations.preview(anna, UPPSALA, cohort, "Ni är fantastiska!")
    assert isinstance(preview, Preview)

    await celebrations.send(anna, UPPSALA, cohort, preview.greeting, preview.token)

    async with database.sessions() as session:
        rows = (await session.scalars(select(OutboxMessage))).all()
    said = {
        int(row.idempotency_key.rsplit("-", 1)[1]): card_texts(
            json.loads(row.payload)["attachments"][0]["content"]
        )
        for row in rows
        if row.idempotency_key.startswith("celebration-")
    }
    assert "Time to celebrate!" in said[bo] and "Dags att fira!" in said[cia]
    assert all("Ni är fantastiska!" in shown for shown in said.values())  # her words as written


async def test_figures_about_fewer_than_5_people_are_not_celebrated(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator_with_chat(database, UPPSALA, "anna", connector.url)
    keys = ["bo", "cia", "dan"]
    people = [await reachable(database, UPPSALA, key, connector.url) for key in keys]
    cohort = await cohort_of(database, clock, anna, keys)
    for person_id in people:
        await did(database, person_id, exercises=2, goal=True)
    celebrations = celebrations_on(database)

    # Four people in the municipality (Anna and three leaders): no figures at all.
    few = await celebrations.preview(anna, UPPSALA, cohort, "")
    assert isinstance(few, Preview)
    assert "genomförda övningar" not in card_texts(few.card)
    assert "Varje övning, reflektion och träff har gjort skillnad" in card_texts(few.card)


async def test_the_celebration_shows_the_cohort_s_own_figures_under_the_cell_rule(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator_with_chat(database, UPPSALA, "anna", connector.url)
    keys = ["bo", "cia", "dan", "eva", "fia"]
    people = [await reachable(database, UPPSALA, key, connector.url) for key in keys]
    cohort = await cohort_of(database, clock, anna, ["anna", *keys])  # 6 people
    for person_id in people:
        await did(database, person_id, exercises=2, goal=True)
    await did(database, people[0], journey=True)
    for n in range(5):  # outside the cohort: 5 more in the municipality, busy too
        _, someone = await person(database, UPPSALA, f"out{n}")
        await did(database, someone, exercises=1, goal=True, journey=True)
    celebrations = celebrations_on(database)

    preview = await celebrations.preview(anna, UPPSALA, cohort, "")
    assert isinstance(preview, Preview)
    texts = card_texts(preview.card)
    assert "10 genomförda övningar" in texts  # the cohort's, not the municipality's 15
    assert "15 genomförda övningar" not in texts
    # 5 of 6 set a goal (tells about Anna, who has not) and 1 journey: held back.
    assert "ledare har satt ett eget mål" not in texts
    assert "ledare har gått hela läranderesan" not in texts

    # Anna sets her goal too: 6 of 6 is about the whole cohort and may be celebrated.
    await did(database, anna.person_id, goal=True)
    six = await celebrations.preview(anna, UPPSALA, cohort, "")
    assert isinstance(six, Preview)
    assert "6 ledare har satt ett eget mål" in card_texts(six.card)


async def test_diplomas_list_the_cohort_s_achievers_and_nothing_crosses_municipalities(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator_with_chat(database, UPPSALA, "anna", connector.url)
    olle = await coordinator_with_chat(database, HELSINGBORG, "olle", connector.url)
    bo = await reachable(database, UPPSALA, "bo", connector.url)
    await reachable(database, UPPSALA, "cia", connector.url)
    outsider = await reachable(database, UPPSALA, "dan", connector.url)  # not in the cohort
    await did(database, bo, journey=True)
    await did(database, outsider, journey=True)
    cohort = await cohort_of(database, clock, anna, ["bo", "cia", "eva"])
    celebrations = celebrations_on(database)

    diplomas = await celebrations.diplomas(anna, cohort)
    assert diplomas is not None and not isinstance(diplomas, Refused)
    assert (diplomas.name, diplomas.achievers, diplomas.members) == ("Våren", ("Bo",), 3)

    # Helsingborg's coordinator: Uppsala's cohort does not exist for them.
    assert await celebrations.diplomas(olle, cohort) is Refused.GONE
    assert await celebrations.preview(olle, HELSINGBORG, cohort, "") is Refused.GONE
    assert await celebrations.send(olle, HELSINGBORG, cohort, "", "t" * 32) is Refused.GONE
    assert await celebrations.cohorts(olle) == []
    leader = await actor(database, UPPSALA, "bo", email="bo@kommun.example")
    assert await celebrations.diplomas(leader, cohort) is None
