"""The follow-up: counts per municipality and group, nothing about fewer than 5 people, only
the coordinator's own municipality, and the same figures in the CSV."""

from __future__ import annotations

import csv
import io

from content.loader import load_content
from services.follow_up import FollowUpService, Measure, follow_up_csv
from storage.audit import AuditAction, AuditLog
from storage.database import Database
from storage.follow_up import FollowUpFacts
from storage.roles import RoleName
from tests.coordination.support import (
    HELSINGBORG,
    UPPSALA,
    actor,
    did,
    group,
    meeting_held,
    person,
    service,
)

CONTENT = load_content()
ANNA = "anna@uppsala.example"
GRADES = {"culture": 1, "user_perspective": 2, "structure": 3, "collaboration": 4}


async def setup(database: Database, leaders: int) -> tuple[FollowUpService, list[int]]:
    """Anna coordinates Uppsala; `leaders` leaders there, each having done a little."""
    coordination = service(database)
    await coordination.name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    people = []
    for n in range(leaders):
        _, person_id = await person(database, UPPSALA, f"leader{n}")
        people.append(person_id)
    return FollowUpService(CONTENT, FollowUpFacts(database), coordination), people


async def test_four_people_show_no_figures_and_five_do(database: Database) -> None:
    follow_up, people = await setup(database, 3)  # with Anna: 4 people met in Uppsala
    for person_id in people:
        await did(database, person_id, onboarded=True, goal=True, exercises=2, drafts=1)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)

    four = await follow_up.follow_up(anna, UPPSALA)
    assert four is not None and four.municipality.counts is None

    _, fifth = await person(database, UPPSALA, "leader4")
    await did(database, fifth, onboarded=True, team_reflections=1, modules=2, journey=True)
    five = await follow_up.follow_up(anna, UPPSALA)
    assert five is not None
    assert five.municipality.counts == {
        Measure.PEOPLE: 5,
        Measure.ONBOARDED: None,  # 4 of 5: tells about the one who has not
        Measure.GOALS_SET: None,  # 3 and 2
        Measure.EXERCISES_DONE: 6,  # drafts are not done; things done, not people
        Measure.REFLECTIONS_WRITTEN: 7,
        Measure.MEETINGS_HELD: 0,
        Measure.MODULES_COMPLETED: 2,
        Measure.JOURNEYS_COMPLETED: None,  # one person
    }


async def test_groups_of_four_are_held_back_and_so_is_one_whose_figures_give_away_the_rest(
    database: Database,
) -> None:
    follow_up, people = await setup(database, 10)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    organisation = anna.organisation_id
    small = await group(database, organisation, "G1 Innovationsteam 1", people[:4])
    large = await group(database, organisation, "G2 Innovationsteam 2", people[4:9])
    await meeting_held(database, small, 1)
    await meeting_held(database, large, 1)
    await meeting_held(database, large, 2)

    # 11 people: G2 (5) shown, G1 (4) not; outside G2 are 6, enough.
    found = await follow_up.follow_up(anna, UPPSALA)
    assert found is not None
    shown = {g.name: g.counts for g in found.groups}
    assert shown["G1 Innovationsteam 1"] is None
    g2 = shown["G2 Innovationsteam 2"]
    assert g2 is not None and (g2[Measure.PEOPLE], g2[Measure.MEETINGS_HELD]) == (5, 2)
    assert found.municipality.counts is not None
    assert found.municipality.counts[Measure.MEETINGS_HELD] == 3

    # Six people met in Helsingborg, five of them in one group: its figures less the
    # municipality's would be the sixth person's, so the group is held back.
    karin = await service(database).name_from_cli(
        HELSINGBORG, "k@helsingborg.example", RoleName.COORDINATOR
    )
    assert karin.outcome == "named"
    others = [(await person(database, HELSINGBORG, f"h{n}"))[1] for n in range(5)]
    coordinator = await actor(database, HELSINGBORG, "karin", email="k@helsingborg.example")
    await group(database, coordinator.organisation_id, "H1", others)
    held_back = await follow_up.follow_up(coordinator, HELSINGBORG)
    assert held_back is not None and held_back.municipality.counts is not None
    assert held_back.municipality.counts[Measure.PEOPLE] == 6
    assert [g.counts for g in held_back.groups] == [None]


async def test_maturity_is_shown_once_five_have_answered_a_checkpoint(database: Database) -> None:
    follow_up, people = await setup(database, 5)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    for person_id in people[:4]:
        await did(database, person_id, maturity={"start": GRADES, "halfway": GRADES})
    await did(database, people[4], maturity={"start": {**GRADES, "culture": 3}})

    found = await follow_up.follow_up(anna, UPPSALA)
    assert found is not None
    start, halfway = found.maturity
    assert (start.checkpoint_id, halfway.checkpoint_id) == ("start", "halfway")
    assert halfway.areas is None  # four answers
    assert start.areas is not None
    # 4 and 1 of five: both "färre än 5", the zeros shown.
    assert dict(start.areas)["culture"] == {1: None, 2: 0, 3: None, 4: 0}
    assert dict(start.areas)["collaboration"] == {1: 0, 2: 0, 3: 0, 4: 5}


async def test_a_coordinator_sees_only_their_own_municipality_and_a_leader_nothing(
    database: Database,
) -> None:
    follow_up, _ = await setup(database, 5)
    for n in range(7):
        _, someone = await person(database, HELSINGBORG, f"h{n}")
        await did(database, someone, onboarded=True, goal=True)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    found = await follow_up.follow_up(anna, UPPSALA)
    assert found is not None and found.municipality.counts is not None
    assert found.municipality.counts[Measure.PEOPLE] == 6
    assert found.municipality.counts[Measure.ONBOARDED] == 0

    # Anna's account in Helsingborg is a leader there, and a leader in Uppsala gets nothing.
    assert (
        await follow_up.follow_up(
            await actor(database, HELSINGBORG, "anna", email=ANNA), HELSINGBORG
        )
        is None
    )
    assert await follow_up.follow_up(await actor(database, UPPSALA, "leader0"), UPPSALA) is None


async def test_the_csv_holds_the_card_s_figures_and_says_where_there_were_too_few(
    database: Database,
) -> None:
    follow_up, people = await setup(database, 5)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    for person_id in people:
        await did(database, person_id, onboarded=True, maturity={"start": GRADES})
    await group(database, anna.organisation_id, "=HYPERLINK(1)", people[:3])

    found = await follow_up.follow_up(anna, UPPSALA)
    assert found is not None
    data = follow_up_csv(found, CONTENT)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Omfattning", "Mått", "Värde"]
    assert ["Hela kommunen", "Deltagare", "6"] in rows
    # 5 of 6 onboarded tells about the one who has not: held back, never a number.
    assert ["Hela kommunen", "Har gått igenom introduktionen", "färre än 5"] in rows
    assert ["Hela kommunen", "Genomförda övningar", "0"] in rows  # things done: shown
    assert ["Innovationsteam: =HYPERLINK(1)", "Deltagare", "färre än 5"] in rows
    assert [
        "Hela kommunen",
        "Innovationsmognad Vid start: Kultur och förhållningssätt, nivå 1",
        "5",
    ] in rows
    assert [
        "Hela kommunen",
        "Innovationsmognad Vid start: Kultur och förhållningssätt, nivå 2",
        "0",
    ] in rows
    assert len(rows) == 1 + 2 * len(Measure) + 4 * 4
    assert "privat text" not in data.decode("utf-8-sig")
    assert await follow_up.csv(anna.organisation_id, anna.person_id, UPPSALA) == data
    log = await AuditLog(database).of_organisation(anna.organisation_id)
    assert [r.action for r in log if r.actor_person_id == anna.person_id][-2:] == [
        AuditAction.FOLLOW_UP_VIEWED,
        AuditAction.FOLLOW_UP_EXPORTED,
    ]
    leader = await actor(database, UPPSALA, "leader0")
    assert await follow_up.csv(leader.organisation_id, leader.person_id, UPPSALA) is None
