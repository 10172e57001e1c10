"""The bot creates each confirmed group's channel through Graph, outside the turn: created,
already there, refused (403), and a failure tried again after its lease, once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from scheduling.calendars import IcsCalendars
from scheduling.calendars.graph import GraphCalendars
from scheduling.graph_channels import ChannelOutcome, ChannelResult, GraphChannels
from scheduling.sender import OutboxSender
from services.group_channels import LEASE, MAX_ATTEMPTS, GroupChannels
from services.group_planning import Choice, Confirmed, GroupPlanning
from storage.cohorts import Cohorts
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.group_plans import CREATED, EXISTS, FAILED, FORBIDDEN, PENDING, GroupPlans
from storage.outbox import Outbox
from storage.roles import Roles
from tests.clock import TestClock
from tests.coordination.support import UPPSALA, person, service
from tests.coordination.test_cohorts import cohorts_on, coordinator, reachable, request
from tests.coordination.test_groups import STOCKHOLM, choice_of
from tests.fakes.connector import FakeConnector
from tests.fakes.graph import FakeGraph
from tests.outbox.support import no_auth_messenger
from tests.scheduling_graph.conftest import RecordedSleep, make_calendars
from tests.services.test_onboarding import CONTENT

TEAM = "57fb72d0-d811-46f4-8947-305e6072eaa5"


async def confirmed_plan(
    database: Database, clock: TestClock, tmp_path: Path, connector: FakeConnector
) -> tuple[int, int]:
    """Anna (with a personal chat) confirms two groups of four; (organisation, cohort)."""
    anna = await coordinator(database)
    await reachable(database, UPPSALA, "anna", connector.url)
    pasted = "\n".join(f"l{n}@kommun.example" for n in range(8))
    await cohorts_on(database, clock).start(anna, UPPSALA, request(pasted))
    [summary] = await Cohorts(database).of_organisation(anna.organisation_id)
    planning = GroupPlanning(
        CONTENT,
        service(database),
        Cohorts(database),
        GroupPlans(database),
        Roles(database),
        IcsCalendars(tmp_path, zone=STOCKHOLM, clock=clock),
        Conversations(database),
        Outbox(database),
        database=database,
        channel_team_id=TEAM,
    )
    proposal = await planning.propose(anna, UPPSALA, summary.id)
    assert proposal is not None
    choice = choice_of(proposal)
    result = await planning.confirm(
        anna, UPPSALA, Choice(summary.id, 2, choice.member_groups, {}, "")
    )
    assert isinstance(result, Confirmed) and result.channels_by_bot
    return anna.organisation_id, summary.id


def job(database: Database, creator: object) -> GroupChannels:
    return GroupChannels(
        CONTENT,
        GroupPlans(database),
        creator,  # type: ignore[arg-type]
        Conversations(database),
        Outbox(database),
        database=database,
        team_id=TEAM,
    )


async def test_channels_are_created_in_the_parent_team_and_an_existing_name_is_used(
    database: Database,
    clock: TestClock,
    tmp_path: Path,
    connector: FakeConnector,
    fake_graph: FakeGraph,
) -> None:
    organisation, cohort = await confirmed_plan(database, clock, tmp_path, connector)
    fake_graph.add_team(TEAM, ["General", "innovationsteam 2 våren"])
    calendars: GraphCalendars = make_calendars(fake_graph, RecordedSleep())
    try:
        channels = job(database, GraphChannels(calendars.client))
        assert await channels.tick() == 2
        assert await channels.tick() == 0  # nothing pending any more
    finally:
        await calendars.close()

    [post, second] = [r for r in fake_graph.requests if r.operation == "create_channel"]
    assert post.path.endswith(f"/v1.0/teams/{TEAM}/channels") and post.has_auth
    assert (post.status, second.status) == (201, 409)
    assert post.json == {
        "description": "Innovationsteamets kanal i Expedition Innovation.",
        "displayName": "Innovationsteam 1 Våren",
        "membershipType": "standard",
    }
    planned = await GroupPlans(database).of_cohort(organisation, cohort)
    assert [p.channel_state for p in planned] == [CREATED, EXISTS]
    assert planned[0].channel_url is not None and TEAM in planned[0].channel_url
    names = [c["displayName"] for c in fake_graph.teams[TEAM]]
    assert names == ["General", "innovationsteam 2 våren", "Innovationsteam 1 Våren"]

    async with no_auth_messenger() as messenger:
        assert (await OutboxSender(Outbox(database), messenger, clock=clock).tick()).sent == 2
    texts = sorted(m.body["text"] for m in connector.sent)
    assert texts[0].startswith("Det fanns redan en kanal som heter ”Innovationsteam 2 Våren”")
    assert texts[1].startswith("Kanalen ”Innovationsteam 1 Våren” finns nu.")


async def test_without_the_permission_the_coordinator_is_told_to_create_them(
    database: Database,
    clock: TestClock,
    tmp_path: Path,
    connector: FakeConnector,
    fake_graph: FakeGraph,
) -> None:
    organisation, cohort = await confirmed_plan(database, clock, tmp_path, connector)
    fake_graph.add_team(TEAM)
    fake_graph.forbid_channels(TEAM)
    calendars: GraphCalendars = make_calendars(fake_graph, RecordedSleep())
    try:
        assert await job(database, GraphChannels(calendars.client)).tick() == 2
    finally:
        await calendars.close()
    planned = await GroupPlans(database).of_cohort(organisation, cohort)
    assert [p.channel_state for p in planned] == [FORBIDDEN, FORBIDDEN]
    async with no_auth_messenger() as messenger:
        await OutboxSender(Outbox(database), messenger, clock=clock).tick()
    assert all("saknar behörighet" in m.body["text"] for m in connector.sent)
    assert len(connector.sent) == 2


class Flaky:
    """Fails until told otherwise; counts the calls."""

    def __init__(self) -> None:
        self.calls = 0
        self.fail = True

    async def create(self, team_id: str, name: str, description: str) -> ChannelResult:
        self.calls += 1
        if self.fail:
            return ChannelResult(ChannelOutcome.FAILED, problem="HTTP 503")
        return ChannelResult(ChannelOutcome.CREATED, f"19:{self.calls}@thread.tacv2", None)


async def test_a_failure_is_tried_again_after_the_lease(
    database: Database, clock: TestClock, tmp_path: Path, connector: FakeConnector
) -> None:
    organisation, cohort = await confirmed_plan(database, clock, tmp_path, connector)
    flaky = Flaky()
    channels = job(database, flaky)

    assert await channels.tick() == 0
    assert flaky.calls == 2
    assert await channels.tick() == 0  # leased: not before the lease has run out
    assert flaky.calls == 2
    clock.advance(LEASE + timedelta(seconds=1))
    flaky.fail = False
    assert await channels.tick() == 2
    planned = await GroupPlans(database).of_cohort(organisation, cohort)
    assert [p.channel_state for p in planned] == [CREATED, CREATED]


async def test_a_channel_failing_every_time_is_given_up_after_the_last_attempt(
    database: Database, clock: TestClock, tmp_path: Path, connector: FakeConnector
) -> None:
    organisation, cohort = await confirmed_plan(database, clock, tmp_path, connector)
    flaky = Flaky()
    channels = job(database, flaky)
    for _ in range(MAX_ATTEMPTS - 1):
        assert await channels.tick() == 0
        clock.advance(LEASE + timedelta(seconds=1))
    planned = await GroupPlans(database).of_cohort(organisation, cohort)
    assert [p.channel_state for p in planned] == [PENDING, PENDING]
    assert await channels.tick() == 2
    assert flaky.calls == 2 * MAX_ATTEMPTS
    planned = await GroupPlans(database).of_cohort(organisation, cohort)
    assert [p.channel_state for p in planned] == [FAILED, FAILED]
    async with no_auth_messenger() as messenger:
        await OutboxSender(Outbox(database), messenger, clock=clock).tick()
    assert all("trots flera försök" in m.body["text"] for m in connector.sent)


async def test_the_coordinator_is_told_in_their_own_language(
    database: Database, clock: TestClock, tmp_path: Path, connector: FakeConnector
) -> None:
    """The job speaks no language of its own: Anna's stored English is what she reads."""
    await confirmed_plan(database, clock, tmp_path, connector)
    _, anna = await person(database, UPPSALA, "anna")
    await Directory(database).speak(anna, "en-GB")
    creator = Flaky()
    creator.fail = False
    assert await job(database, creator).tick() == 2

    async with no_auth_messenger() as messenger:
        assert (await OutboxSender(Outbox(database), messenger, clock=clock).tick()).sent == 2
    texts = sorted(m.body["text"] for m in connector.sent)
    assert [t.split(" is ready.")[0] for t in texts] == [
        "The channel “Innovationsteam 1 Våren”",
        "The channel “Innovationsteam 2 Våren”",
    ]
