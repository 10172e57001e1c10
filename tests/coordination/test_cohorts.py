"""Cohorts: only a coordinator starts one, in their own municipality; the leaders the bot can
reach get their welcome through the outbox at 08:00 on the start date, once, across a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from chat.address import Account, ConversationAddress
from chat.caller import tenant_id
from scheduling.sender import OutboxSender
from services.cohorts import CohortRequest, CohortService, Problem, Rejected, Started
from services.coordination import Actor
from storage.audit import AuditAction, AuditLog
from storage.cohorts import Cohort, CohortMember, Cohorts
from storage.conversations import Conversations
from storage.database import Database
from storage.outbox import Outbox
from storage.personal_data import PersonalData
from storage.roles import RoleName
from tests.card_schema import card_texts
from tests.clock import TestClock
from tests.coordination.support import HELSINGBORG, UPPSALA, actor, person, service
from tests.fakes.connector import FakeConnector
from tests.outbox.support import no_auth_messenger
from tests.services.test_onboarding import CONTENT, onboarding_on
from tests.statements import counting_statements

ANNA = "anna@uppsala.example"
# Monday 7 December 2026, 08:00 in Stockholm; the tests' clock starts a week before.
START_AT = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)


def cohorts_on(database: Database, clock: TestClock) -> CohortService:
    return CohortService(
        CONTENT,
        service(database),
        Cohorts(database),
        Conversations(database),
        Outbox(database),
        onboarding_on(database, clock),
        database=database,
    )


async def coordinator(database: Database, tenant: str = UPPSALA) -> Actor:
    await service(database).name_from_cli(tenant, ANNA, RoleName.COORDINATOR)
    return await actor(database, tenant, "anna", email=ANNA)


async def reachable(database: Database, tenant: str, key: str, url: str) -> int:
    """A leader the bot has met, with a known personal chat."""
    organisation, person_id = await person(database, tenant, key, email=f"{key}@kommun.example")
    chat = ConversationAddress(
        service_url=url,
        conversation_id=f"a:{key}",
        tenant_id=tenant_id(tenant),
        bot=Account("28:expeditionsboten", "Expeditionsboten"),
        conversation_type="personal",
    )
    await Conversations(database).remember(organisation, "personal", chat, person_id=person_id)
    return person_id


def request(leaders: str, starts_on: str = "2026-12-07", name: str = "Våren") -> CohortRequest:
    return CohortRequest(name, starts_on, leaders)


async def stored_cohorts(database: Database) -> int:
    async with database.sessions() as session:
        return await session.scalar(select(func.count(Cohort.id))) or 0


async def test_a_leader_cannot_start_a_cohort_and_the_refusal_is_audited(
    database: Database, clock: TestClock
) -> None:
    await coordinator(database)  # someone else coordinates
    per = await actor(database, UPPSALA, "per", email="per@uppsala.example")
    cohorts = cohorts_on(database, clock)

    assert await cohorts.cohorts(per) is None
    assert await cohorts.start(per, UPPSALA, request("bo@kommun.example")) is None

    assert await stored_cohorts(database) == 0
    log = await AuditLog(database).of_organisation(per.organisation_id)
    assert [(r.action, r.subject) for r in log][-1] == (AuditAction.REFUSED, "start_cohort")


async def test_bad_input_is_listed_back_and_nothing_is_stored(
    database: Database, clock: TestClock
) -> None:
    anna = await coordinator(database)
    pasted = "bo@kommun.example, bo at kommun\nCia Berg <cia@kommun.example>; ,"
    result = await cohorts_on(database, clock).start(
        anna, UPPSALA, request(pasted, starts_on="2026-11-29", name="  ")
    )

    assert isinstance(result, Rejected)
    assert result.problems == (Problem.NO_NAME, Problem.PAST_DATE, Problem.INVALID_EMAILS)
    assert result.invalid == ("bo at kommun",)
    assert result.request.leaders == pasted  # kept for the card
    assert await stored_cohorts(database) == 0


async def test_the_welcome_comes_at_the_start_date_not_before_and_once_across_a_restart(
    database_url: str, database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator(database)
    await reachable(database, UPPSALA, "bo", connector.url)
    await person(database, UPPSALA, "cia", email="cia@kommun.example")  # met, no chat
    pasted = "Bo@Kommun.example\ncia@kommun.example, dan@kommun.example, bo@kommun.example"
    started = await cohorts_on(database, clock).start(anna, UPPSALA, request(pasted))

    assert isinstance(started, Started)
    assert started.scheduled == ("bo@kommun.example",)
    assert started.unreachable == ("cia@kommun.example", "dan@kommun.example")
    async with no_auth_messenger() as messenger:
        sender = OutboxSender(Outbox(database), messenger, clock=clock)
        clock.move_to(START_AT - timedelta(minutes=1))
        assert (await sender.tick()).sent == 0

    # A restart: new processes on the same database, and the same cohort pasted again.
    await database.dispose()
    restarted = Database(database_url, clock=clock)
    try:
        again = await cohorts_on(restarted, clock).start(anna, UPPSALA, request(pasted))
        assert isinstance(again, Started) and again.already == ("bo@kommun.example",)
        async with no_auth_messenger() as messenger:
            sender = OutboxSender(Outbox(restarted), messenger, clock=clock)
            clock.move_to(START_AT)
            assert (await sender.tick()).sent == 1
            clock.move_to(START_AT + timedelta(days=1))
            assert (await sender.tick()).sent == 0
    finally:
        await restarted.dispose()

    [welcome] = connector.sent
    assert welcome.conversation_id == "a:bo"
    [attachment] = welcome.body["attachments"]
    assert "Välkommen Bo!" in card_texts(attachment["content"])


async def test_a_coordinator_sees_nothing_of_another_municipality(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator(database, UPPSALA)
    other = await reachable(database, HELSINGBORG, "bo", connector.url)  # same address, elsewhere
    started = await cohorts_on(database, clock).start(anna, UPPSALA, request("bo@kommun.example"))

    assert isinstance(started, Started) and started.unreachable == ("bo@kommun.example",)
    async with database.sessions() as session:
        tied = await session.scalar(select(CohortMember.person_id))
    assert tied is None and other
    assert await Outbox(database).counts() == {}
    helsingborg = await person(database, HELSINGBORG, "eva")
    assert await Cohorts(database).of_organisation(helsingborg[0]) == []
    [summary] = await Cohorts(database).of_organisation(anna.organisation_id)
    assert (summary.name, summary.members) == ("Våren", 1)


async def test_erasing_keeps_a_cohort_without_who_started_it_and_drops_the_leaders_row(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator(database)
    bo = await reachable(database, UPPSALA, "bo", connector.url)
    pasted = "bo@kommun.example, cia@kommun.example"
    await cohorts_on(database, clock).start(anna, UPPSALA, request(pasted))

    await PersonalData(database).erase(anna.person_id)
    await PersonalData(database).erase(bo)

    async with database.sessions() as session:
        started_by = await session.scalar(select(Cohort.started_by))
        members = (await session.scalars(select(CohortMember.email))).all()
    assert started_by is None
    assert members == ["cia@kommun.example"]
    assert await Outbox(database).counts() == {}  # bo's welcome went with his chat


async def test_starting_a_cohort_reads_chats_and_languages_once_for_all_its_leaders(
    database: Database, clock: TestClock
) -> None:
    """A cohort of 200 leaders read each one's chat and language with statements of their own
    (two more a leader); now one read each, however many they are."""
    anna = await coordinator(database)
    keys = ["bo", "cia", "dan", "eli", "fia", "gun"]
    for key in keys:
        await reachable(database, UPPSALA, key, "https://smba.example/")
    leaders = ", ".join(f"{key}@kommun.example" for key in keys)
    with counting_statements(database) as counted:
        started = await cohorts_on(database, clock).start(anna, UPPSALA, request(leaders))
    assert isinstance(started, Started) and len(started.scheduled) == len(keys)
    chats = [s for s in counted if s.startswith("SELECT conversation_refs.")]
    languages = [s for s in counted if "people.language" in s]
    assert (len(chats), len(languages)) == (1, 1), counted
