"""The team's registration, welcomes, leaving and introductions, without HTTP or Teams."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import select

from chat.caller import TeamsAccount
from services.events import IntroductionsComplete, MemberLeft
from services.team import Introduction, TeamDetails, TeamService
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.groups import Groups
from storage.introductions import Introductions
from storage.models import Membership
from storage.outbox import Outbox
from storage.workbook import Workbook
from tests.services.world import (
    CHANNEL,
    NAMES,
    TENANT,
    Recorder,
    account,
    address,
    content,
    outbox_rows,
)

TEAM = TeamDetails("19:g4", "G4 Innovationsteam 4", None)


@dataclass
class FakeOnboarding:
    """Claims the welcome as the real one does, then records whose onboarding started (or
    fails after the claim, inside the caller's unit of work)."""

    directory: Directory
    started: list[int] = field(default_factory=list)
    fail: bool = False

    async def welcome(self, person_id: int, *, again_after: timedelta | None) -> bool:
        if not await self.directory.claim_welcome(person_id, again_after=again_after):
            return False
        if self.fail:
            raise RuntimeError("onboarding unavailable")
        self.started.append(person_id)
        return True


def service(
    database: Database, events: Recorder, onboarding: FakeOnboarding | None = None
) -> TeamService:
    return TeamService(
        content(),
        database=database,
        directory=Directory(database),
        groups=Groups(database),
        introductions=Introductions(database),
        conversations=Conversations(database),
        outbox=Outbox(database),
        workbook=Workbook(database),
        onboarding=onboarding or FakeOnboarding(Directory(database)),
        events=events.bus,
    )


async def registered(database: Database, team: TeamService) -> tuple[int, int, dict[str, int]]:
    organisation_id = await Directory(database).organisation_id(TENANT)
    roster = [account(name) for name in NAMES]
    joined = await team.register(organisation_id, TENANT, TEAM, address(CHANNEL, "channel"), roster)
    group_id = await team.active_group(organisation_id, TEAM.id)
    assert group_id is not None
    return organisation_id, group_id, {m.account.given_name or "": m.person_id for m in joined}


async def test_registration_makes_members_and_welcomes_the_channel_once(
    database: Database,
) -> None:
    team = service(database, Recorder())
    organisation_id, group_id, people = await registered(database, team)
    again = await team.register(
        organisation_id, TENANT, TEAM, address(CHANNEL, "channel"), [account("Anna")]
    )

    assert sorted(people) == sorted(NAMES)
    assert again == []  # nobody new
    rows = await outbox_rows(database)
    assert [r.key for r in rows] == [f"group-{group_id}-welcome", f"group-{group_id}-introductions"]
    assert rows[0].text.startswith("Hej och välkommen till ditt Innovationsteam!")
    assert "0 av 3 har presenterat sig." in rows[1].text
    assert rows[1].payload["attachments"][0]["content"]["refresh"]["userIds"] == [
        "29:Anna",
        "29:Bo",
        "29:Cia",
    ]


async def test_a_member_is_welcomed_once_in_the_chat_given(database: Database) -> None:
    onboarding = FakeOnboarding(Directory(database))
    team = service(database, Recorder(), onboarding)
    organisation_id, group_id, _ = await registered(database, team)
    assert await team.join(organisation_id, group_id, [account("Bo")]) == []  # a member already

    joined = await team.register(
        organisation_id,
        TENANT,
        TeamDetails("19:g5", "G5", None),
        address("19:g5", "channel"),
        [account("Dan")],
    )
    [dan] = joined
    assert not dan.has_chat
    assert not await team.welcome(organisation_id, TENANT, dan, None)  # no chat: later
    assert await team.welcome(organisation_id, TENANT, dan, address("a:Dan", "personal"))
    assert not await team.welcome(organisation_id, TENANT, dan, None)  # once ever

    assert onboarding.started == [dan.person_id]
    [welcome] = [r for r in await outbox_rows(database) if r.key.startswith("onboarding-")]
    assert (welcome.key, welcome.conversation_id) == (
        f"onboarding-welcome-{dan.person_id}",
        "a:Dan",
    )
    assert "Välkommen Dan!" in welcome.text  # the onboarding's own welcome card


async def test_members_are_welcomed_from_the_team_each_in_their_own_language(
    database: Database,
) -> None:
    team = service(database, Recorder())
    organisation_id, group_id, _ = await registered(database, team)
    joined = await team.join(organisation_id, group_id, [account("Dan"), account("Eva")])
    dan, eva = sorted(joined, key=lambda m: m.account.given_name or "")
    await Directory(database).speak(dan.person_id, "en-US")  # Dan wrote to the bot before

    for member in (dan, eva):
        chat = address(f"a:{member.account.given_name}", "personal")
        assert await team.welcome(organisation_id, TENANT, member, chat)

    said = {r.conversation_id: r.text for r in await outbox_rows(database)}
    assert "Welcome Dan!" in said["a:Dan"]
    assert "Välkommen Eva!" in said["a:Eva"]


async def test_a_failed_onboarding_start_leaves_the_member_to_be_welcomed_again(
    database: Database,
) -> None:
    onboarding = FakeOnboarding(Directory(database), fail=True)
    team = service(database, Recorder(), onboarding)
    organisation_id, _, _ = await registered(database, team)
    [dan] = await team.register(
        organisation_id,
        TENANT,
        TeamDetails("19:g5", "G5", None),
        address("19:g5", "channel"),
        [account("Dan")],
    )
    with pytest.raises(RuntimeError):
        await team.welcome(organisation_id, TENANT, dan, address("a:Dan", "personal"))

    onboarding.fail = False
    assert await team.welcome(organisation_id, TENANT, dan, None)  # the chat was kept


async def test_members_who_left_are_left_and_the_planner_is_told(database: Database) -> None:
    events = Recorder()
    events.record(MemberLeft)
    team = service(database, events)
    organisation_id, group_id, people = await registered(database, team)
    by_teams_id_only = TeamsAccount(account("Bo").teams_user_id, "")  # as Teams may name them

    await team.members_left(organisation_id, TENANT, TEAM.id, [account("Anna"), by_teams_id_only])

    async with database.sessions() as session:
        states = dict((await session.execute(select(Membership.person_id, Membership.state))).all())
    assert states == {people["Anna"]: "left", people["Bo"]: "left", people["Cia"]: "active"}
    assert events.seen == [MemberLeft(group_id, TENANT)]


async def test_introductions_are_saved_posted_and_complete_once_everyone_has(
    database: Database,
) -> None:
    events = Recorder()
    events.record(IntroductionsComplete)
    team = service(database, events)
    organisation_id, group_id, people = await registered(database, team)

    def intro(name: str) -> Introduction:
        return Introduction(f"Jag heter {name}.", "Jag leder en skola.", f"{name} vill pröva.")

    gap = await team.introduce(
        organisation_id,
        TENANT,
        people["Anna"],
        group_id,
        Introduction("x", " ", "y"),
        first_name="Anna",
    )
    assert gap is not None and gap.incomplete and gap.introduced == 0
    outsider = await team.introduce(
        organisation_id, TENANT, 10_000, group_id, intro("Eva"), first_name="Eva"
    )
    assert outsider is None
    for name in ("Anna", "Bo"):
        view = await team.introduce(
            organisation_id, TENANT, people[name], group_id, intro(name), first_name=name
        )
    assert events.seen == []
    await team.introduce(
        organisation_id, TENANT, people["Cia"], group_id, intro("Cia"), first_name="Cia"
    )

    assert events.seen == [IntroductionsComplete(group_id, TENANT)]
    assert view is not None and (view.introduced, view.members) == (2, 3)
    assert view.saved is not None and view.saved.goal == "Bo vill pröva."
    assert await Workbook(database).goal(people["Bo"]) == "Bo vill pröva."
    posts = [r.text for r in await outbox_rows(database) if r.key.startswith("introduction-")]
    assert posts[0].startswith("Anna: Jag heter Anna. Jag leder en skola.")
    assert len(posts) == 3
