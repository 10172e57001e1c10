"""Cohort leaders the bot knows only from the personal chat: a job asks Teams for their address
(the fake Bot Connector's members API), ties them to the cohort by it, in their own municipality
only, welcomes them at 08:00 on the start date, asks again the next day after a 404, and loses
nothing across a restart between asking and binding."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from types import SimpleNamespace

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from sqlalchemy import select

from bot.addresses import ConnectorAddressBook
from bot.authentication import ReusingBotFrameworkAuthentication
from bot.clients import ConnectorClients
from cards.cohorts import cohort_card
from chat.address import Account, ConversationAddress
from chat.caller import tenant_id
from scheduling.sender import OutboxSender
from services.cohort_addresses import AGAIN_AFTER, LEASE, PER_TENANT, AddressLookupService
from services.cohorts import CohortService, Started
from services.events import GroupRegistered
from storage.address_lookups import AddressLookups
from storage.cohorts import CohortMember, Cohorts
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory, TeamsAccount
from storage.outbox import Outbox, OutboxMessage
from tests.card_schema import card_texts
from tests.clock import TestClock
from tests.coordination.support import HELSINGBORG, UPPSALA, email_of, person
from tests.coordination.test_cohorts import START_AT, cohorts_on, coordinator, request
from tests.fakes.connector import FakeConnector, Member
from tests.outbox.support import no_auth_messenger
from tests.services.test_onboarding import CONTENT

BO = "bo@kommun.example"


@asynccontextmanager
async def lookups_on(
    database: Database, cohorts: CohortService
) -> AsyncIterator[AddressLookupService]:
    """The job as the app builds it, over the edge's connector clients (no app id)."""
    config = SimpleNamespace(APP_ID="", APP_PASSWORD="", APP_TYPE="MultiTenant", APP_TENANTID="")
    authentication = ReusingBotFrameworkAuthentication(
        ConfigurationBotFrameworkAuthentication(config)
    )
    clients = ConnectorClients(authentication, "")
    try:
        yield AddressLookupService(
            ConnectorAddressBook(clients), AddressLookups(database), cohorts, database=database
        )
    finally:
        await clients.close()


async def chatted(
    database: Database, connector: FakeConnector, tenant: str, key: str, email: str | None
) -> int:
    """Someone who wrote to the bot in the personal chat (no address stored); Teams knows them
    in that chat with `email` (None: Teams answers 404 for them)."""
    organisation, person_id = await person(database, tenant, key)
    chat = ConversationAddress(
        service_url=connector.url,
        conversation_id=f"a:{tenant[:4]}-{key}",
        tenant_id=tenant_id(tenant),
        bot=Account("28:expeditionsboten", "Expeditionsboten"),
        conversation_type="personal",
    )
    await Conversations(database).remember(organisation, "personal", chat, person_id=person_id)
    members = []
    if email is not None:
        members.append(
            Member(f"29:{key}", key.title(), f"aad-{key}", key.title(), "", email, email, tenant)
        )
    connector.add_conversation(chat.conversation_id, members)
    return person_id


async def tied(database: Database) -> dict[str, int | None]:
    async with database.sessions() as session:
        rows = await session.execute(select(CohortMember.email, CohortMember.person_id))
        return {email: person_id for email, person_id in rows}


def member_lookups(connector: FakeConnector) -> int:
    return sum(1 for rec in connector.requests if rec.operation == "get_member")


async def test_a_leader_met_only_in_the_personal_chat_is_tied_welcomed_and_counted(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator(database)
    bo = await chatted(database, connector, UPPSALA, "bo", BO)
    # Helsingborg: someone Teams gives the same address, with a cohort of their own waiting.
    other = await chatted(database, connector, HELSINGBORG, "bo", BO)
    helsingborg = await coordinator(database, HELSINGBORG)
    cohorts = cohorts_on(database, clock)
    await cohorts.start(helsingborg, HELSINGBORG, request("x@kommun.example", name="Hösten"))
    started = await cohorts.start(anna, UPPSALA, request(f"{BO}, cia@kommun.example"))
    assert isinstance(started, Started) and started.unreachable == (BO, "cia@kommun.example")

    async with lookups_on(database, cohorts) as job:
        found = await job.tick()
        assert (found.found, found.missed) == (2, 0)
        assert member_lookups(connector) == 2
        assert (await job.tick()).found == 0  # known now: never asked again
    assert member_lookups(connector) == 2

    members = await tied(database)
    assert members[BO] == bo  # Uppsala's Bo, never Helsingborg's with the same address
    assert other not in members.values()
    assert members["cia@kommun.example"] is None
    [uppsala] = await Cohorts(database).of_organisation(anna.organisation_id)
    assert uppsala.bound_later == 1
    texts = card_texts(cohort_card(CONTENT, existing=[uppsala]))
    line = "Våren: start måndag 7 december 2026, 2 ledare, 1 av dem har kopplats till omgången"
    assert f"- {line} sedan start" in texts

    async with database.sessions() as session:
        [welcome] = (await session.scalars(select(OutboxMessage))).all()
    assert welcome.idempotency_key == f"onboarding-welcome-{bo}"
    assert welcome.due_at == START_AT
    async with no_auth_messenger() as messenger:
        sender = OutboxSender(Outbox(database), messenger, clock=clock)
        clock.move_to(START_AT - timedelta(minutes=1))
        assert (await sender.tick()).sent == 0
        clock.move_to(START_AT)
        assert (await sender.tick()).sent == 1
    [sent] = connector.sent
    assert sent.conversation_id == f"a:{UPPSALA[:4]}-bo"
    assert "Välkommen Bo!" in card_texts(sent.body["attachments"][0]["content"])


async def test_a_404_is_asked_again_the_next_day_not_every_tick(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator(database)
    cia = await chatted(database, connector, UPPSALA, "cia", None)  # Teams: 404
    cohorts = cohorts_on(database, clock)
    await cohorts.start(anna, UPPSALA, request("cia@kommun.example"))

    async with lookups_on(database, cohorts) as job:
        assert (await job.tick()).missed == 1
        clock.advance(timedelta(hours=23))
        assert (await job.tick()).missed == 0
        assert member_lookups(connector) == 1

        connector.add_conversation(
            f"a:{UPPSALA[:4]}-cia",
            [Member("29:cia", "Cia", "aad-cia", "Cia", "", "Cia@Kommun.example", "cia@k.example")],
        )
        clock.advance(AGAIN_AFTER - timedelta(hours=23))
        assert (await job.tick()).found == 1
    assert member_lookups(connector) == 2
    assert (await tied(database))["cia@kommun.example"] == cia


async def test_a_restart_between_asking_and_binding_loses_nothing(
    database_url: str, database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator(database)
    bo = await chatted(database, connector, UPPSALA, "bo", BO)
    await cohorts_on(database, clock).start(anna, UPPSALA, request(BO))
    # A replica claims Bo and dies before it binds him.
    [claimed] = await AddressLookups(database).claim_due(per_tenant=5, limit=5, lease=LEASE)
    assert claimed.person_id == bo
    await database.dispose()

    restarted = Database(database_url, clock=clock)
    try:
        cohorts = cohorts_on(restarted, clock)
        async with lookups_on(restarted, cohorts) as job:
            assert (await job.tick()).found == 0  # claimed: not asked twice at once
            clock.move_to(START_AT + timedelta(hours=1))  # past the lease, and the cohort began
            assert (await job.tick()).found == 1
        assert (await tied(restarted))[BO] == bo
        # The cohort has started: Bo is simply in it now, with no welcome for a day gone by.
        assert await Outbox(restarted).counts() == {}
    finally:
        await restarted.dispose()


async def test_an_address_from_a_team_roster_ties_the_leader_too(
    database: Database, clock: TestClock
) -> None:
    anna = await coordinator(database)
    cohorts = cohorts_on(database, clock)
    await cohorts.start(anna, UPPSALA, request("dan@kommun.example"))
    directory = Directory(database)
    dan = await directory.person_id(
        anna.organisation_id, TeamsAccount("29:dan", "aad-dan", "Dan", email="Dan@kommun.example")
    )
    helsingborg, stranger = await person(database, HELSINGBORG, "dan", email="dan@kommun.example")

    await cohorts.group_registered(GroupRegistered(anna.organisation_id, 1, "Team", (dan,)))
    await cohorts.group_registered(GroupRegistered(helsingborg, 2, "Team", (stranger,)))

    assert (await tied(database))["dan@kommun.example"] == dan


async def test_the_address_asked_on_a_personal_install_ties_a_started_cohort_too(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator(database)
    cohorts = cohorts_on(database, clock)
    await cohorts.start(anna, UPPSALA, request(BO))
    clock.move_to(START_AT + timedelta(days=1))  # started; a coming one awaits someone too
    await cohorts.start(anna, UPPSALA, request("x@kommun.example", "2026-12-14", "Nästa"))
    bo = await chatted(database, connector, UPPSALA, "bo", BO)

    assert await cohorts.arrived(anna.organisation_id, UPPSALA, bo, email_of(BO)) is None

    assert (await tied(database))[BO] == bo
    assert (await Cohorts(database).person(anna.organisation_id, bo)).email == BO  # type: ignore[union-attr]


async def test_a_tick_asks_a_few_per_municipality_and_the_rest_later(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator(database)
    for n in range(PER_TENANT + 2):
        await chatted(database, connector, UPPSALA, f"l{n}", f"l{n}@kommun.example")
    cia = await chatted(database, connector, HELSINGBORG, "cia", "cia@kommun.example")
    cohorts = cohorts_on(database, clock)
    await cohorts.start(anna, UPPSALA, request("x@kommun.example"))
    await cohorts.start(
        await coordinator(database, HELSINGBORG), HELSINGBORG, request("cia@kommun.example")
    )

    async with lookups_on(database, cohorts) as job:
        assert (await job.tick()).found == PER_TENANT + 1  # Helsingborg is not kept waiting
        assert (await tied(database))["cia@kommun.example"] == cia
        assert (await job.tick()).found == 2
