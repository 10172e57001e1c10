"""Cohorts from Teams teams, and the app installed through Graph for leaders who lack it.

Leaders come from the coordinator's own municipality's teams only; installing goes through the
fake Graph over HTTP (user lookup, then "Install app for user"), per leader, across a restart,
and a leader who gets the app before the start date is welcomed on the start date.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from cards.cohorts import START_COHORT, cohort_card, installs_card, started_card
from scheduling.sender import OutboxSender
from scheduling.teams_apps import GraphAppInstaller, graph_app_installer
from services.app_installs import LEASE, AppInstallService, InstallOutcome, TickResult
from services.cohorts import CohortService, Problem, Rejected, Started
from storage.cohort_installs import CohortAppInstall, CohortInstalls
from storage.cohorts import Cohort, Cohorts
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.outbox import Outbox, OutboxMessage
from storage.roles import RoleName
from tests.activities import JONAS, TENANT, card_execute, personal_install
from tests.card_schema import assert_valid_card, card_texts
from tests.clock import TestClock
from tests.coordination.support import HELSINGBORG, UPPSALA, group, person, service
from tests.coordination.test_cohorts import START_AT, coordinator, reachable, request
from tests.fakes.connector import FakeConnector
from tests.fakes.graph import FakeGraph
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, bot, jonas, roster_entry
from tests.outbox.support import no_auth_messenger
from tests.scheduling_graph.conftest import FakeCredential
from tests.services.test_onboarding import CONTENT, onboarding_on

__all__ = ["bot", "jonas"]  # the fixtures

CATALOG_APP = "e3e29acb-8c79-412b-b746-e6c39ff4cd22"  # the app's id in the tenant's catalog


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    async with FakeGraph(require_auth="graph-token") as fake:
        fake.add_catalog_app(CATALOG_APP)
        yield fake


@pytest.fixture
async def installer(graph: FakeGraph) -> AsyncIterator[GraphAppInstaller]:
    made = graph_app_installer(
        credential=FakeCredential(),
        tenant_id=UPPSALA.upper(),  # Teams and Azure differ in case; the same tenant
        catalog_app_id=CATALOG_APP,
        base_url=graph.url + "/v1.0",
    )
    yield made
    await made.close()


def installs_on(database: Database, installer: GraphAppInstaller) -> AppInstallService:
    return AppInstallService(
        CONTENT,
        installer,
        CohortInstalls(database),
        Conversations(database),
        Outbox(database),
        database=database,
    )


def cohorts_on(
    database: Database, clock: TestClock, installs: AppInstallService | None = None
) -> CohortService:
    return CohortService(
        CONTENT,
        service(database),
        Cohorts(database),
        Conversations(database),
        Outbox(database),
        onboarding_on(database, clock),
        database=database,
        installs=installs,
    )


async def install_states(database: Database) -> list[str]:
    async with database.sessions() as session:
        return list(
            await session.scalars(select(CohortAppInstall.state).order_by(CohortAppInstall.id))
        )


async def outbox_rows(database: Database) -> list[tuple[str, str]]:
    """(idempotency key, the card's texts) of every outbox row."""
    async with database.sessions() as session:
        rows = await session.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.payload).order_by(OutboxMessage.id)
        )
    return [(key, card_of(json.loads(payload))) for key, payload in rows]


def card_of(payload: dict[str, Any]) -> str:
    return card_texts(payload["attachments"][0]["content"])


# --- leaders from a team -----------------------------------------------------------------------


async def test_a_teams_members_become_leaders_merged_with_the_pasted_addresses(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna = await coordinator(database)
    bo = await reachable(database, UPPSALA, "bo", connector.url)
    _, cia = await person(database, UPPSALA, "cia", email="Cia@Kommun.example")
    _, eve = await person(database, UPPSALA, "eve")  # a guest Teams gave no address for
    team = await group(database, anna.organisation_id, "Ledningsgruppen", [bo, cia, eve])
    cohorts = cohorts_on(database, clock)

    [choice] = await cohorts.teams(anna)
    assert (choice.group_id, choice.name, choice.members) == (team, "Ledningsgruppen", 3)
    card = cohort_card(CONTENT, [], teams=[choice])
    assert_valid_card(card)
    assert "Ledningsgruppen (3 ledare)" in card_texts(card)

    pasted = "dan@kommun.example\ncia@kommun.example"
    started = await cohorts.start(anna, UPPSALA, replace(request(pasted), teams=str(team)))

    assert isinstance(started, Started)
    assert started.scheduled == ("bo@kommun.example",)
    assert started.unreachable == ("dan@kommun.example", "cia@kommun.example")  # once each
    assert started.without_address == 1 and not started.installing
    [summary] = await Cohorts(database).of_organisation(anna.organisation_id)
    assert summary.members == 3


async def test_a_team_of_another_municipality_is_refused_and_nothing_is_stored(
    database: Database, clock: TestClock
) -> None:
    anna = await coordinator(database)
    mine = await group(database, anna.organisation_id, "Uppsalas team", [])
    helsingborg, per = await person(database, HELSINGBORG, "per", email="per@kommun.example")
    theirs = await group(database, helsingborg, "Helsingborgs team", [per])
    cohorts = cohorts_on(database, clock)

    assert [t.group_id for t in await cohorts.teams(anna)] == [mine]
    for forged in (str(theirs), f"{mine},{theirs}", "1 OR 1=1"):
        result = await cohorts.start(anna, UPPSALA, replace(request(""), teams=forged))
        assert isinstance(result, Rejected), forged
        assert Problem.UNKNOWN_TEAM in result.problems
        assert [t.group_id for t in result.teams] == [mine]  # the card offers only Uppsala's
        card = cohort_card(CONTENT, rejected=result)
        assert "Helsingborgs team" not in card_texts(card)
        assert "per@kommun.example" not in str(card)
    async with database.sessions() as session:
        assert await session.scalar(select(func.count(Cohort.id))) == 0


async def test_in_teams_the_card_offers_the_team_and_refuses_a_forged_one_keeping_the_rest(
    bot: BotServer, jonas: Leader, connector: FakeConnector
) -> None:
    await jonas.say("hej")
    await bot.services.coordination.name_from_cli(
        TENANT, roster_entry(JONAS).email, RoleName.COORDINATOR
    )
    services = bot.services
    organisation = await services.directory.organisation_id(TENANT)
    _, bo = await person(services.database, TENANT, "bo", email="bo@uppsala.example")
    team = await group(services.database, organisation, "Rektorerna", [bo])
    elsewhere, per = await person(services.database, HELSINGBORG, "per", email="per@hbg.example")
    forged = await group(services.database, elsewhere, "Helsingborg", [per])

    await jonas.say("omgång")
    assert_valid_card(jonas.card)
    [offered] = [b for b in jonas.card["body"] if b.get("id") == "cohort_teams"]
    assert offered["choices"] == [{"title": "Rektorerna (1 ledare)", "value": str(team)}]
    assert offered["isMultiSelect"] is True
    [leaders] = [b for b in jonas.card["body"] if b.get("id") == "cohort_leaders"]
    assert "isRequired" not in leaders  # a team alone is enough

    async def click(teams: str) -> dict[str, Any]:
        data = {
            "cohort_name": "Våren 2027",
            "cohort_start": "2027-01-11",
            "cohort_leaders": "cia@uppsala.example",
            "cohort_teams": teams,
        }
        response = await bot.post(card_execute(START_COHORT, jonas.user, connector.url, data))
        card: dict[str, Any] = (await response.json())["value"]
        assert_valid_card(card)
        return card

    refused = await click(f"{team},{forged}")
    assert "Ett av de valda teamen finns inte" in card_texts(refused)
    assert "Helsingborg" not in card_texts(refused) and "per@hbg.example" not in str(refused)
    [kept] = [b for b in refused["body"] if b.get("id") == "cohort_teams"]
    assert kept["value"] == str(team)  # the real choice kept, the forged one dropped
    started = card_texts(await click(str(team)))
    assert "Klart! Omgången ”Våren 2027”" in started
    assert "cia@uppsala.example" in started and "bo@uppsala.example" in started


# --- installing the app through Graph -------------------------------------------------------------


async def test_installing_reports_per_leader_installed_already_and_not_found(
    database: Database,
    clock: TestClock,
    connector: FakeConnector,
    graph: FakeGraph,
    installer: GraphAppInstaller,
) -> None:
    anna = await coordinator(database)
    await reachable(database, UPPSALA, "anna", connector.url)  # her own chat, for the report
    cia = graph.add_user("cia@kommun.example")
    dan = graph.add_user("dan.ek@kommun.onmicrosoft.example", mail="Dan@Kommun.example")
    graph.installed[dan] = {CATALOG_APP}  # dan added it himself; he signs in with another name
    installs = installs_on(database, installer)
    pasted = "cia@kommun.example, dan@kommun.example, eva@kommun.example"

    started = await cohorts_on(database, clock, installs).start(anna, UPPSALA, request(pasted))
    assert isinstance(started, Started) and started.installing
    assert_valid_card(started_card(CONTENT, started))
    assert "Jag installerar appen för dem nu" in card_texts(started_card(CONTENT, started))
    assert await install_states(database) == ["pending"] * 3

    assert (await installs.tick()).settled == 3
    assert await install_states(database) == ["installed", "already", "not_found"]
    assert graph.app_installs == [(cia, CATALOG_APP)]
    [lookup, *_] = [r for r in graph.requests if r.operation == "get_user"]
    assert lookup.path == "/v1.0/users/cia@kommun.example" and lookup.has_auth
    [post] = [r for r in graph.requests if r.operation == "install_app_for_user" and r.ok]
    assert post.path == f"/v1.0/users/{cia}/teamwork/installedApps"
    bind = f"{graph.url}/v1.0/appCatalogs/teamsApps/{CATALOG_APP}"
    assert post.json["teamsApp@odata.bind"] == bind
    assert lookup.query.get("$select") == "id"
    # dan signs in with another name than his address, eva is nobody: both asked by mail
    by_mail = [r.query["$filter"] for r in graph.requests if r.operation == "list_users"]
    assert by_mail == ["mail eq 'dan@kommun.example'", "mail eq 'eva@kommun.example'"]

    [(key, texts)] = await outbox_rows(database)
    assert key == f"cohort-installs-{started.cohort_id}"
    assert "cia@kommun.example: installerad" in texts
    assert "dan@kommun.example: hade redan appen" in texts
    assert "eva@kommun.example: hittades inte" in texts
    assert (await installs.tick()).settled == 0  # nothing is tried twice
    assert len(await outbox_rows(database)) == 1


async def test_the_install_report_speaks_the_coordinators_language_not_the_jobs(
    database: Database,
    clock: TestClock,
    connector: FakeConnector,
    graph: FakeGraph,
    installer: GraphAppInstaller,
) -> None:
    anna = await coordinator(database)
    await reachable(database, UPPSALA, "anna", connector.url)
    await Directory(database).speak(anna.person_id, "en-US")  # the Swedish case is above
    graph.add_user("cia@kommun.example")
    installs = installs_on(database, installer)
    await cohorts_on(database, clock, installs).start(anna, UPPSALA, request("cia@kommun.example"))

    assert (await installs.tick()).settled == 1
    [(_, texts)] = await outbox_rows(database)
    assert "The app for the cohort" in texts and "cia@kommun.example: installed" in texts


async def test_without_the_permission_every_leader_is_saknar_behorighet_and_told_how_to_add(
    database: Database,
    clock: TestClock,
    connector: FakeConnector,
    graph: FakeGraph,
    installer: GraphAppInstaller,
) -> None:
    anna = await coordinator(database)
    await reachable(database, UPPSALA, "anna", connector.url)
    graph.add_user("cia@kommun.example")
    graph.forbid_installs = True
    installs = installs_on(database, installer)
    await cohorts_on(database, clock, installs).start(anna, UPPSALA, request("cia@kommun.example"))

    await installs.tick()

    assert await install_states(database) == ["forbidden"]
    assert graph.app_installs == []
    [(_, texts)] = await outbox_rows(database)
    assert "cia@kommun.example: saknar behörighet" in texts
    assert "TeamsAppInstallation.ReadWriteForUser.All" in texts and "Appar" in texts
    assert await installer.install_for("cia@kommun.example") is InstallOutcome.FORBIDDEN
    for results in ([("cia@kommun.example", "forbidden")], [("cia@kommun.example", "already")]):
        assert_valid_card(installs_card(CONTENT, "Våren", results))


async def test_no_installs_in_a_tenant_the_graph_app_is_not_of(
    database: Database, clock: TestClock, installer: GraphAppInstaller
) -> None:
    anna = await coordinator(database, HELSINGBORG)
    installs = installs_on(database, installer)
    started = await cohorts_on(database, clock, installs).start(
        anna, HELSINGBORG, request("cia@kommun.example")
    )

    assert isinstance(started, Started) and not started.installing
    assert await install_states(database) == []
    assert "under Appar" in card_texts(started_card(CONTENT, started))  # as without Graph


async def test_a_passing_failure_and_a_crash_are_retried_after_a_restart_without_a_double_install(
    database_url: str,
    database: Database,
    clock: TestClock,
    connector: FakeConnector,
    graph: FakeGraph,
    installer: GraphAppInstaller,
) -> None:
    anna = await coordinator(database)
    await reachable(database, UPPSALA, "anna", connector.url)
    cia = graph.add_user("cia@kommun.example")
    dan = graph.add_user("dan@kommun.example")
    installs = installs_on(database, installer)
    pasted = "cia@kommun.example, dan@kommun.example"
    await cohorts_on(database, clock, installs).start(anna, UPPSALA, request(pasted))

    # A process claims both, installs for dan through Graph, and dies before writing anything.
    assert len(await CohortInstalls(database).claim_due(20, LEASE)) == 2
    assert await installer.install_for("dan@kommun.example") is InstallOutcome.INSTALLED
    assert await installs.tick() == TickResult(
        0, 0
    )  # their lease holds: nobody else takes them yet

    await database.dispose()
    restarted = Database(database_url, clock=clock)
    try:
        again = installs_on(restarted, installer)
        clock.advance(LEASE + timedelta(seconds=1))
        graph.fail_next(503, path_contains="cia@kommun.example", method="GET")
        first = await again.tick()
        assert (first.settled, first.retried) == (1, 1)  # dan: already; cia: later
        assert await install_states(restarted) == ["pending", "already"]
        assert await outbox_rows(restarted) == []  # not all settled: no report yet
        clock.advance(timedelta(minutes=6))
        assert (await again.tick()).settled == 1
        assert await install_states(restarted) == ["installed", "already"]
        [(_, texts)] = await outbox_rows(restarted)
        clock.advance(timedelta(hours=3))
        assert (await again.tick()).settled == 0
    finally:
        await restarted.dispose()
    assert graph.app_installs == [(dan, CATALOG_APP), (cia, CATALOG_APP)]  # once each
    assert "cia@kommun.example: installerad" in texts
    assert "dan@kommun.example: hade redan appen" in texts


# --- the welcome for a leader who gets the app after the cohort started ---------------------------


async def test_a_leader_who_gets_the_app_before_the_start_is_welcomed_on_the_start_date(
    database_url: str,
    database: Database,
    clock: TestClock,
    connector: FakeConnector,
    graph: FakeGraph,
    installer: GraphAppInstaller,
) -> None:
    jonas_email = roster_entry(JONAS).email
    anna = await coordinator(database)
    await reachable(database, UPPSALA, "anna", connector.url)
    graph.add_user(jonas_email, user_id=JONAS.aad_object_id)
    installs = installs_on(database, installer)
    started = await cohorts_on(database, clock, installs).start(anna, UPPSALA, request(jonas_email))
    assert isinstance(started, Started) and started.unreachable == (jonas_email,)
    await installs.tick()
    assert graph.app_installs == [(JONAS.aad_object_id, CATALOG_APP)]

    # Teams tells the bot the app is now in Jonas's personal scope.
    connector.add_conversation(JONAS.personal_conversation, [roster_entry(JONAS)])
    async with BotServer(clock=clock, database_url=database_url) as bot:
        for _ in range(2):  # installationUpdate and conversationUpdate come together
            await bot.post(personal_install(JONAS, connector.url))
    said = connector.sent_activities(JONAS.personal_conversation)
    assert [a.get("text") for a in said] == [
        "Hej Jonas! Du är med i en omgång av Expedition Innovation som startar måndag 7 "
        "december 2026. Då skickar jag din välkomsthälsning här. Vill du börja redan nu? Skriv "
        "gärna till mig."
    ]

    async with no_auth_messenger() as messenger:
        sender = OutboxSender(Outbox(database), messenger, clock=clock)
        clock.move_to(START_AT - timedelta(minutes=1))
        await sender.tick()
        assert len(connector.sent_activities(JONAS.personal_conversation)) == 1
        clock.move_to(START_AT)
        await sender.tick()
    welcome = connector.sent_activities(JONAS.personal_conversation)[-1]
    assert "Välkommen Jonas!" in card_of(welcome)


async def test_the_fake_graph_answers_install_for_user_as_documented(graph: FakeGraph) -> None:
    """The shapes the installer relies on, over plain HTTP: 201 without a body, 409 again, 404
    for an app not in the catalog or an unknown user, 400 without the binding."""
    user = graph.add_user("cia@kommun.example")
    url = f"{graph.url}/v1.0/users/{user}/teamwork/installedApps"
    bind = {"teamsApp@odata.bind": f"{graph.url}/v1.0/appCatalogs/teamsApps/{CATALOG_APP}"}
    headers = {"Authorization": "Bearer graph-token"}
    async with aiohttp.ClientSession(headers=headers) as http:

        async def post(where: str, body: dict[str, Any]) -> tuple[int, Any]:
            async with http.post(where, json=body) as response:
                raw = await response.read()
                return response.status, json.loads(raw) if raw else None

        assert await post(url, bind) == (201, None)
        status, error = await post(url, bind)
        assert (status, error["error"]["code"]) == (409, "Conflict")
        other = {"teamsApp@odata.bind": f"{graph.url}/v1.0/appCatalogs/teamsApps/nope"}
        assert (await post(url, other))[0] == 404
        assert (await post(url, {}))[0] == 400
        nobody = f"{graph.url}/v1.0/users/nobody@kommun.example/teamwork/installedApps"
        status, error = await post(nobody, bind)
        assert (status, error["error"]["code"]) == (404, "Request_ResourceNotFound")
        async with http.get(f"{graph.url}/v1.0/users/nobody@kommun.example") as response:
            assert response.status == 404
    assert graph.app_installs == [(user, CATALOG_APP)]
