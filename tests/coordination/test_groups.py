"""Groups for a cohort ("grupper"): proposed from units, calendars and preferred times; checked
again on confirm; stored per municipality; coaches told; linked when the app is added."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from cards.groups import (
    CONFIRM_GROUPS,
    GroupChoice,
    confirmed_card,
    proposal_card,
)
from chat.actions import parse_payload
from scheduling.calendars import IcsCalendars
from scheduling.sender import OutboxSender
from services.events import GroupRegistered
from services.group_planning import Choice, Confirmed, Fix, GroupPlanning, Proposal, parse_units
from storage.audit import AuditAction, AuditLog
from storage.cohorts import Cohorts
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.group_plans import GroupPlans
from storage.groups import COACH
from storage.learning_plans import LearningPlans
from storage.models import Membership
from storage.outbox import Outbox
from storage.roles import RoleName, Roles
from tests.card_schema import assert_valid_card, card_texts
from tests.clock import TestClock
from tests.coordination.support import HELSINGBORG, UPPSALA, actor, group, person, service
from tests.coordination.test_cohorts import cohorts_on, coordinator, reachable, request
from tests.fakes.connector import FakeConnector
from tests.outbox.support import no_auth_messenger
from tests.services.test_onboarding import CONTENT

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UNITS = ("skola", "vard")
# Busy every weekday afternoon (13-17 local) or every forenoon (08-12): free the other half.
AFTERNOONS_BUSY = ("20261201T120000Z", "20261201T160000Z")
FORENOONS_BUSY = ("20261201T070000Z", "20261201T110000Z")


def ics(path: Path, email: str, busy: tuple[str, str]) -> None:
    start, end = busy
    (path / f"{email}.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//SV\r\nBEGIN:VEVENT\r\n"
        f"UID:{email}-busy\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
        "RRULE:FREQ=DAILY;COUNT=40\r\nSUMMARY:Upptagen\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )


def planning_on(database: Database, calendars: Path, clock: TestClock) -> GroupPlanning:
    return GroupPlanning(
        CONTENT,
        service(database),
        Cohorts(database),
        GroupPlans(database),
        Roles(database),
        IcsCalendars(calendars, zone=STOCKHOLM, clock=clock),
        Conversations(database),
        Outbox(database),
        database=database,
    )


async def cohort_of_eight(
    database: Database, clock: TestClock, calendars: Path
) -> tuple[int, list[str]]:
    """Eight leaders: four forenoon people (two per unit) and four afternoon people."""
    anna = await coordinator(database)
    emails = [f"{unit}{n}@kommun.example" for unit in UNITS for n in range(4)]
    for email in emails:
        forenoon = email.split("@")[0][-1] in "01"  # skola0, skola1, vard0, vard1: forenoons
        ics(calendars, email, AFTERNOONS_BUSY if forenoon else FORENOONS_BUSY)
    started = await cohorts_on(database, clock).start(anna, UPPSALA, request("\n".join(emails)))
    assert started is not None and not hasattr(started, "problems")
    [summary] = await Cohorts(database).of_organisation(anna.organisation_id)
    return summary.id, emails


def units_text(emails: list[str]) -> str:
    return "\n".join(f"{e}; {e.split('@')[0].rstrip('0123456789')}" for e in emails)


def choice_of(proposal: Proposal, **moves: int) -> Choice:
    """The proposal's card sent back as it is, with some people moved (by e-mail local part)."""
    members = {}
    for number, grp in enumerate(proposal.groups, start=1):
        for member in grp:
            members[member.member_id] = str(moves.get(member.email.split("@")[0], number))
    return Choice(proposal.cohort_id, len(proposal.groups), members, {}, proposal.units_text)


async def test_the_proposal_mixes_units_and_puts_people_free_at_the_same_hours_together(
    database: Database, clock: TestClock, tmp_path: Path
) -> None:
    cohort_id, emails = await cohort_of_eight(database, clock, tmp_path)
    anna = await actor(database, UPPSALA, "anna", email="anna@uppsala.example")
    planning = planning_on(database, tmp_path, clock)

    proposal = await planning.propose(anna, UPPSALA, cohort_id, units_text(emails))

    assert proposal is not None and proposal.problems == ()
    assert proposal.unknown_calendars == 0
    groups = [sorted(m.email.split("@")[0] for m in g) for g in proposal.groups]
    assert groups == [
        ["skola0", "skola1", "vard0", "vard1"],
        ["skola2", "skola3", "vard2", "vard3"],
    ]
    card = proposal_card(CONTENT, proposal)
    assert_valid_card(card)
    assert "skola0@kommun.example, skola" in card_texts(card)
    log = await AuditLog(database).of_organisation(anna.organisation_id)
    assert log[-1].action == AuditAction.GROUPS_PROPOSED


async def test_preferred_parts_of_day_count_when_calendars_say_nothing(
    database: Database, clock: TestClock, tmp_path: Path
) -> None:
    anna = await coordinator(database)
    emails = [f"l{n}@kommun.example" for n in range(8)]
    plans = LearningPlans(database)
    for n, email in enumerate(emails):
        _, person_id = await person(database, UPPSALA, f"l{n}", email=email)
        part = "morning" if n % 2 == 0 else "afternoon"
        await plans.set_wishes(person_id, [part], "weekly", ())
    await cohorts_on(database, clock).start(anna, UPPSALA, request("\n".join(emails)))
    [summary] = await Cohorts(database).of_organisation(anna.organisation_id)

    proposal = await planning_on(database, tmp_path, clock).propose(anna, UPPSALA, summary.id)

    assert proposal is not None and proposal.unknown_calendars == 8  # no .ics files at all
    groups = [sorted(m.email for m in g) for g in proposal.groups]
    assert groups == [emails[0::2], emails[1::2]]


async def test_confirm_is_checked_again_and_shows_what_to_fix_keeping_the_choices(
    database: Database, clock: TestClock, tmp_path: Path
) -> None:
    cohort_id, _ = await cohort_of_eight(database, clock, tmp_path)
    anna = await actor(database, UPPSALA, "anna", email="anna@uppsala.example")
    await service(database).name_from_cli(HELSINGBORG, "eva@hbg.example", RoleName.COACH)
    planning = planning_on(database, tmp_path, clock)
    proposal = await planning.propose(anna, UPPSALA, cohort_id, "bo@kommun.example Skola")
    assert proposal is not None
    assert [p.fix for p in proposal.problems] == [Fix.UNIT_LINE]

    # Three moved from group 1 to group 2: one left behind, seven together; a coach elsewhere.
    moves = {m.email.split("@")[0]: 2 for m in proposal.groups[0][:3]}
    choice = choice_of(proposal, **moves)
    choice = Choice(choice.cohort_id, 2, choice.member_groups, {1: "eva@hbg.example"}, "")
    result = await planning.confirm(anna, UPPSALA, choice)

    assert isinstance(result, Proposal)
    assert [(p.fix, p.number, p.size) for p in result.problems] == [
        (Fix.TOO_SMALL, 1, 1),
        (Fix.NOT_A_COACH, 1, None),
        (Fix.TOO_LARGE, 2, 7),
    ]
    assert [len(g) for g in result.groups] == [1, 7]  # as the coordinator left them
    texts = card_texts(proposal_card(CONTENT, result))
    assert "Grupp 1 har 1 person" in texts and "eva@hbg.example är inte stöttepelare" in texts
    assert await GroupPlans(database).of_cohort(anna.organisation_id, cohort_id) == []

    # A card whose people are not the cohort's (someone missing) is shown afresh, not stored.
    missing = dict(list(choice.member_groups.items())[1:])
    result = await planning.confirm(anna, UPPSALA, Choice(cohort_id, 2, missing, {}, ""))
    assert isinstance(result, Proposal) and result.problems[0].fix is Fix.CHANGED


async def test_confirmed_groups_are_stored_and_the_coach_is_told_once_through_the_outbox(
    database: Database, clock: TestClock, tmp_path: Path, connector: FakeConnector
) -> None:
    cohort_id, _ = await cohort_of_eight(database, clock, tmp_path)
    anna = await actor(database, UPPSALA, "anna", email="anna@uppsala.example")
    await reachable(database, UPPSALA, "per", connector.url)  # per@kommun.example has a chat
    await service(database).name_from_cli(UPPSALA, "per@kommun.example", RoleName.COACH)
    await service(database).name_from_cli(UPPSALA, "ida@kommun.example", RoleName.COACH)
    planning = planning_on(database, tmp_path, clock)
    proposal = await planning.propose(anna, UPPSALA, cohort_id)
    assert proposal is not None and proposal.coaches == ("ida@kommun.example", "per@kommun.example")
    moved = proposal.groups[0][0].email.split("@")[0]
    choice = choice_of(proposal, **{moved: 2})
    coaches = {1: "per@kommun.example", 2: "IDA@kommun.example "}
    result = await planning.confirm(
        anna, UPPSALA, Choice(cohort_id, 2, choice.member_groups, coaches, "")
    )

    assert isinstance(result, Confirmed)
    assert [len(g.members) for g in result.groups] == [3, 5]
    assert [(g.coach, g.coach_told) for g in result.groups] == [
        ("per@kommun.example", True),
        ("ida@kommun.example", False),  # not met yet: the coordinator tells her
    ]
    card = confirmed_card(CONTENT, result)
    assert_valid_card(card)
    texts = card_texts(card)
    assert "Skapa ett team eller en kanal som heter ”Innovationsteam 1 Våren”" in texts
    assert "bjud in " + ", ".join(m.email for m in result.groups[0].members) in texts
    planned = await GroupPlans(database).of_cohort(anna.organisation_id, cohort_id)
    assert [(p.name, len(p.emails), p.coach_email) for p in planned] == [
        ("Innovationsteam 1 Våren", 3, "per@kommun.example"),
        ("Innovationsteam 2 Våren", 5, "ida@kommun.example"),
    ]
    log = await AuditLog(database).of_organisation(anna.organisation_id)
    assert log[-1].action == AuditAction.GROUPS_CONFIRMED

    async with no_auth_messenger() as messenger:
        sender = OutboxSender(Outbox(database), messenger, clock=clock)
        assert (await sender.tick()).sent == 1
    [message] = connector.sent
    assert message.conversation_id == "a:per"
    assert "stöttepelare för Innovationsteam 1 Våren" in message.body["text"]

    # Confirmed again (the coordinator changed their mind): the plan is replaced, not doubled.
    again = await planning.confirm(
        anna, UPPSALA, Choice(cohort_id, 2, choice_of(proposal).member_groups, {}, "")
    )
    assert isinstance(again, Confirmed)
    planned = await GroupPlans(database).of_cohort(anna.organisation_id, cohort_id)
    assert [len(p.emails) for p in planned] == [4, 4]


async def test_another_municipality_cannot_see_or_confirm_the_cohort_and_leaders_are_refused(
    database: Database, clock: TestClock, tmp_path: Path
) -> None:
    cohort_id, _ = await cohort_of_eight(database, clock, tmp_path)
    await service(database).name_from_cli(HELSINGBORG, "eva@hbg.example", RoleName.COORDINATOR)
    eva = await actor(database, HELSINGBORG, "eva", email="eva@hbg.example")
    per = await actor(database, UPPSALA, "per", email="per@uppsala.example")
    planning = planning_on(database, tmp_path, clock)
    anna = await actor(database, UPPSALA, "anna", email="anna@uppsala.example")
    proposal = await planning.propose(anna, UPPSALA, cohort_id)
    assert proposal is not None

    assert await planning.propose(eva, HELSINGBORG, cohort_id) is None
    assert await planning.confirm(eva, HELSINGBORG, choice_of(proposal)) is None
    assert await planning.cohorts(eva) == []
    assert await planning.propose(per, UPPSALA, cohort_id) is None
    assert await planning.confirm(per, UPPSALA, choice_of(proposal)) is None
    assert await planning.cohorts(per) is None

    assert await GroupPlans(database).of_cohort(anna.organisation_id, cohort_id) == []
    refused = [
        r.subject
        for r in await AuditLog(database).of_organisation(per.organisation_id)
        if r.action == AuditAction.REFUSED
    ]
    assert refused == ["propose_groups", "confirm_groups", "groups"]
    helsingborg = await AuditLog(database).of_organisation(eva.organisation_id)
    assert [r.action for r in helsingborg][-2:] == [AuditAction.REFUSED, AuditAction.REFUSED]


async def test_adding_the_app_to_a_team_links_the_planned_group_by_name_or_by_members(
    database: Database, clock: TestClock, tmp_path: Path
) -> None:
    anna = await coordinator(database)
    keys = [f"m{n}" for n in range(8)]
    people = {k: (await person(database, UPPSALA, k, email=f"{k}@kommun.example"))[1] for k in keys}
    await reachable(database, UPPSALA, "per", "http://127.0.0.1:1")
    await service(database).name_from_cli(UPPSALA, "per@kommun.example", RoleName.COACH)
    pasted = "\n".join(f"{k}@kommun.example" for k in keys)
    await cohorts_on(database, clock).start(anna, UPPSALA, request(pasted))
    [summary] = await Cohorts(database).of_organisation(anna.organisation_id)
    planning = planning_on(database, tmp_path, clock)
    proposal = await planning.propose(anna, UPPSALA, summary.id)
    assert proposal is not None
    choice = choice_of(proposal)
    result = await planning.confirm(
        anna,
        UPPSALA,
        Choice(summary.id, 2, choice.member_groups, {1: "per@kommun.example"}, ""),
    )
    assert isinstance(result, Confirmed)
    first, second = result.groups
    coach = (await person(database, UPPSALA, "per"))[1]

    # By name (any case and spacing), with the coach in the team: the coach is its coach.
    in_first = [m.person_id for m in first.members if m.person_id] + [coach]
    named = await group(database, anna.organisation_id, "innovationsteam  1 våren", in_first)
    await planning.group_registered(
        GroupRegistered(anna.organisation_id, named, " Innovationsteam 1  Våren", tuple(in_first))
    )
    # By members: another name, all the planned members (and someone else) in it.
    in_second = [m.person_id for m in second.members if m.person_id] + [people["m0"]]
    other = await group(database, anna.organisation_id, "Vi som leder", in_second)
    await planning.group_registered(
        GroupRegistered(anna.organisation_id, other, "Vi som leder", tuple(in_second))
    )
    # Another municipality's team with the same name links nothing of Uppsala's.
    hbg, _ = await person(database, HELSINGBORG, "eva")
    elsewhere = await group(database, hbg, "Innovationsteam 2 Våren", [])
    await planning.group_registered(GroupRegistered(hbg, elsewhere, "Innovationsteam 2 Våren", ()))

    planned = await GroupPlans(database).of_cohort(anna.organisation_id, summary.id)
    assert [p.group_id for p in planned] == [named, other]
    async with database.sessions() as session:
        role = await session.scalar(
            select(Membership.role).where(
                Membership.group_id == named, Membership.person_id == coach
            )
        )
    assert role == COACH


async def test_each_coach_is_told_in_their_own_language(
    database: Database, clock: TestClock, tmp_path: Path, connector: FakeConnector
) -> None:
    cohort_id, _ = await cohort_of_eight(database, clock, tmp_path)
    anna = await actor(database, UPPSALA, "anna", email="anna@uppsala.example")
    ida = await reachable(database, UPPSALA, "ida", connector.url)
    await reachable(database, UPPSALA, "per", connector.url)
    await Directory(database).speak(ida, "en-US")
    for email in ("per@kommun.example", "ida@kommun.example"):
        await service(database).name_from_cli(UPPSALA, email, RoleName.COACH)
    planning = planning_on(database, tmp_path, clock)
    proposal = await planning.propose(anna, UPPSALA, cohort_id)
    assert proposal is not None
    coaches = {1: "per@kommun.example", 2: "ida@kommun.example"}
    choice = choice_of(proposal)
    await planning.confirm(anna, UPPSALA, Choice(cohort_id, 2, choice.member_groups, coaches, ""))

    async with no_auth_messenger() as messenger:
        assert (await OutboxSender(Outbox(database), messenger, clock=clock).tick()).sent == 2
    told = {m.conversation_id: m.body["text"] for m in connector.sent}
    assert "Du är stöttepelare för Innovationsteam 1 Våren" in told["a:per"]
    assert "You are the supporter for Innovationsteam 2 Våren" in told["a:ida"]


def test_the_card_sends_back_each_persons_group_and_each_groups_coach() -> None:
    data = {
        "verb": CONFIRM_GROUPS,
        "cohort_id": 7,
        "groups": 2,
        "member_12": "2",
        "member_13": "1",
        "coach_1": "per@kommun.example",
        "coach_x": "nobody",
        "msteams": {"x": 1},
    }
    payload = parse_payload(GroupChoice, data)
    assert payload is not None
    choice = payload.choice()
    assert choice.member_groups == {12: "2", 13: "1"}
    assert choice.coaches == {1: "per@kommun.example"}
    assert parse_payload(GroupChoice, {**data, "cohort_id": "7"}) is None  # strict ids


def test_units_are_pasted_as_address_and_unit() -> None:
    units, bad = parse_units("Anna@K.se; Skola \n\nper@k.se\tVård och  omsorg\nbo@k.se\nx; y")
    assert units == {"anna@k.se": "Skola", "per@k.se": "Vård och omsorg"}
    assert bad == ["bo@k.se", "x; y"]
