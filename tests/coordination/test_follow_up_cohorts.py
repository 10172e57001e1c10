"""The follow-up per cohort, its Excel workbook and its charts: the same counts as the card, the
minimum of five kept (also against "municipality minus cohort A"), the coordinator's own
municipality only, every download audited."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from cards.follow_up import follow_up_card
from content.loader import load_content
from services.follow_up import (
    MUNICIPALITY,
    CheckpointDistribution,
    FollowUp,
    FollowUpService,
    Measure,
    ScopeCounts,
    ScopeKind,
)
from storage.audit import AuditAction, AuditLog
from storage.cohorts import Cohorts, NewCohort
from storage.database import Database
from storage.follow_up import FollowUpFacts
from storage.roles import RoleName
from tests.card_schema import assert_valid_card, card_texts
from tests.coordination.support import (
    AT,
    HELSINGBORG,
    UPPSALA,
    actor,
    did,
    group,
    person,
    service,
)
from workbook.chart import PNG_SIGNATURE
from workbook.follow_up_files import (
    count_bars,
    follow_up_chart,
    follow_up_xlsx,
    maturity_stacks,
)

CONTENT = load_content()
ANNA = "anna@uppsala.example"
GRADES = {"culture": 1, "user_perspective": 2, "structure": 3, "collaboration": 4}
TOO_FEW = "färre än 5"


async def leaders(database: Database, tenant: str, prefix: str, count: int) -> list[int]:
    return [
        (await person(database, tenant, f"{prefix}{n}", email=f"{prefix}{n}@kommun.example"))[1]
        for n in range(count)
    ]


async def cohort(database: Database, organisation: int, name: str, emails: list[str]) -> int:
    cohort_id, _ = await Cohorts(database).create(
        NewCohort(organisation, name, date(2026, 12, 1), AT, None), emails
    )
    return cohort_id


def emails(prefix: str, numbers: range) -> list[str]:
    return [f"{prefix}{n}@kommun.example" for n in numbers]


async def uppsala(database: Database) -> tuple[FollowUpService, int]:
    coordination = service(database)
    await coordination.name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    follow_up = FollowUpService(CONTENT, FollowUpFacts(database), coordination)
    # Anna has written "uppföljning" in Teams once: her role is bound to her (a link's holder
    # has no Teams to ask for an address).
    assert await follow_up.follow_up(anna, UPPSALA) is not None
    return follow_up, anna.organisation_id


async def test_municipality_minus_cohort_a_would_tell_about_three_so_a_is_held_back(
    database: Database,
) -> None:
    follow_up, organisation = await uppsala(database)
    people = await leaders(database, UPPSALA, "l", 12)  # with Anna: 13 people
    for person_id in people[:10]:
        await did(database, person_id, onboarded=True, exercises=1)
    a = await cohort(database, organisation, "Våren", emails("l", range(10)))
    anna = await actor(database, UPPSALA, "anna", email=ANNA)

    found = await follow_up.follow_up(anna, UPPSALA)
    assert found is not None and found.municipality.counts is not None
    [spring] = found.cohorts
    assert (spring.name, spring.key, spring.counts) == ("Våren", f"cohort-{a}", None)

    # Two more people outside the cohort: 15 - 10 = 5, so the cohort is shown.
    await leaders(database, UPPSALA, "x", 2)
    found = await follow_up.follow_up(anna, UPPSALA)
    assert found is not None
    [spring] = found.cohorts
    assert spring.counts is not None
    assert spring.counts[Measure.PEOPLE] == 10
    assert spring.counts[Measure.ONBOARDED] == 10
    assert spring.counts[Measure.EXERCISES_DONE] == 10


async def test_a_cohort_s_groups_maturity_and_the_cells_held_back(database: Database) -> None:
    follow_up, organisation = await uppsala(database)
    people = await leaders(database, UPPSALA, "l", 19)  # with Anna: 20 people
    spring = await cohort(database, organisation, "Våren", emails("l", range(10)))
    await group(database, organisation, "G1", people[:5])
    await group(database, organisation, "G2", people[5:10])
    for person_id in people[:10]:
        await did(database, person_id, maturity={"start": GRADES})
    await did(database, people[10], maturity={"start": {**GRADES, "culture": 2}})
    for person_id in people[11:16]:
        await did(database, person_id, maturity={"start": {**GRADES, "culture": 4}})
    anna = await actor(database, UPPSALA, "anna", email=ANNA)

    found = await follow_up.follow_up(anna, UPPSALA)
    assert found is not None
    chosen = found.scope(f"cohort-{spring}")
    assert chosen is not None and chosen.counts is not None
    assert chosen.parts == tuple(g.key for g in found.groups)
    [start] = chosen.maturity
    assert start.respondents == 10 and start.areas is not None
    assert dict(start.areas)["culture"] == {1: 10, 2: 0, 3: 0, 4: 0}
    [whole] = found.municipality.maturity
    assert whole.respondents == 16 and whole.areas is not None
    # Culture in the municipality: 10 chose 1, 1 chose 2, 5 chose 4: the 1 and, so it cannot
    # be worked out from the 16, the next smallest (the 5) are held back.
    assert dict(whole.areas)["culture"] == {1: 10, 2: None, 3: 0, 4: None}
    # Both groups shown, and the cohort, since the cohort minus both groups is nobody.
    assert [g.counts is not None for g in found.groups] == [True, True]


async def test_the_workbook_has_a_sheet_per_scope_and_no_number_where_too_few(
    database: Database,
) -> None:
    follow_up, organisation = await uppsala(database)
    people = await leaders(database, UPPSALA, "l", 15)  # with Anna: 16
    await cohort(database, organisation, "Våren: A/B", emails("l", range(10)))
    await cohort(database, organisation, "=Liten", emails("l", range(10, 13)))
    await group(database, organisation, "G1", people[:5])
    for person_id in people[:10]:
        await did(database, person_id, onboarded=True, maturity={"start": GRADES})
    await did(database, people[10], maturity={"start": {**GRADES, "culture": 3}})
    for person_id in people[11:15]:
        await did(database, person_id, maturity={"start": GRADES})
    anna = await actor(database, UPPSALA, "anna", email=ANNA)

    data = await follow_up.export(
        anna.organisation_id, anna.person_id, UPPSALA, follow_up_xlsx, detail="xlsx"
    )
    assert data is not None
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Kommunen",
        "Omgång  Våren  A B",  # Excel allows no : or / in a sheet's name
        "Omgång  =Liten",
        "Innovationsteam  G1",
        "Innovationsmognad",
    ]
    municipality = rows(book["Kommunen"])
    assert municipality[0] == ["Hela kommunen"]
    assert ["Deltagare", 16] in municipality
    assert ["Har gått igenom introduktionen", 10] in municipality
    spring = rows(book["Omgång  Våren  A B"])
    assert spring[0] == ["Omgång: Våren: A/B"] and ["Deltagare", 10] in spring
    small = rows(book["Omgång  =Liten"])
    assert small[0] == ["'Omgång: =Liten"] or small[0] == ["Omgång: =Liten"]
    assert ["Deltagare", TOO_FEW] in small
    # G1 (5) lies inside the cohort (10): 10 - 5 = 5 is fine, and so it is shown.
    assert ["Deltagare", 5] in rows(book["Innovationsteam  G1"])

    maturity = rows(book["Innovationsmognad"])
    assert maturity[0] == [
        "Omfattning",
        "Tillfälle",
        "Område",
        "Nivå 1",
        "Nivå 2",
        "Nivå 3",
        "Nivå 4",
        "Har svarat",
    ]
    culture = [r for r in maturity if r[2] == "Kultur och förhållningssätt"]
    # Municipality: 14 chose 1 and 1 chose 3 -> the 1 and the 14 are held back (the total is
    # shown); the cohort: all 10 chose 1 (and 5 answered outside it).
    assert culture == [
        ["Hela kommunen", "Vid start", "Kultur och förhållningssätt", TOO_FEW, 0, TOO_FEW, 0, 15],
        ["Omgång: Våren: A/B", "Vid start", "Kultur och förhållningssätt", 10, 0, 0, 0, 10],
    ]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == TOO_FEW:
                    assert cell.data_type == "s"  # a text, never a hidden number
    assert "privat text" not in str([rows(s) for s in book.worksheets])

    log = await AuditLog(database).of_organisation(anna.organisation_id)
    assert (log[-1].action, log[-1].detail) == (AuditAction.FOLLOW_UP_EXPORTED, "xlsx")


def rows(sheet: object) -> list[list[object]]:
    return [
        [value for value in row if value is not None]
        for row in sheet.iter_rows(values_only=True)  # type: ignore[attr-defined]
        if any(value is not None for value in row)
    ]


async def test_a_chart_per_scope_draws_no_held_back_cell(database: Database) -> None:
    follow_up, organisation = await uppsala(database)
    people = await leaders(database, UPPSALA, "l", 14)
    spring = await cohort(database, organisation, "Våren", emails("l", range(10)))
    for person_id in people[:9]:
        await did(database, person_id, maturity={"start": GRADES})
    await did(database, people[9], maturity={"start": {**GRADES, "culture": 2}})
    anna = await actor(database, UPPSALA, "anna", email=ANNA)

    png = await follow_up.scope_export(
        anna.organisation_id,
        anna.person_id,
        UPPSALA,
        f"cohort-{spring}",
        follow_up_chart,
        detail="chart",
    )
    assert png is not None and png.startswith(PNG_SIGNATURE)
    log = await AuditLog(database).of_organisation(anna.organisation_id)
    assert log[-1].detail == f"chart:cohort-{spring}"

    found = await follow_up.follow_up(anna, UPPSALA)
    assert found is not None
    chosen = found.scope(f"cohort-{spring}")
    assert chosen is not None
    # 9 chose 1 and 1 chose 2: both held back, neither drawn; the other areas' 10 are drawn.
    stacks = maturity_stacks(chosen, CONTENT)
    assert stacks["culture"] == [[0, 0, 0, 0]]
    assert stacks["collaboration"] == [[0, 0, 0, 10]]
    held_back = follow_up_chart(found, found.groups[0] if found.groups else chosen, CONTENT)
    assert held_back.startswith(PNG_SIGNATURE)


async def test_a_coordinator_gets_no_other_municipality_s_cohort_and_a_leader_nothing(
    database: Database,
) -> None:
    follow_up, organisation = await uppsala(database)
    await leaders(database, UPPSALA, "l", 9)
    await cohort(database, organisation, "Uppsala", emails("l", range(5)))
    coordination = service(database)
    await coordination.name_from_cli(HELSINGBORG, "k@helsingborg.example", RoleName.COORDINATOR)
    karin = await actor(database, HELSINGBORG, "karin", email="k@helsingborg.example")
    await leaders(database, HELSINGBORG, "h", 12)
    theirs = await cohort(database, karin.organisation_id, "Helsingborg", emails("h", range(6)))
    anna = await actor(database, UPPSALA, "anna", email=ANNA)

    # Anna's signed scope names Helsingborg's cohort: nothing (not even Uppsala's figures).
    forged = await follow_up.scope_export(
        anna.organisation_id,
        anna.person_id,
        UPPSALA,
        f"cohort-{theirs}",
        follow_up_chart,
        detail="chart",
    )
    assert forged is None
    found = await follow_up.follow_up(anna, UPPSALA)
    assert found is not None and [c.name for c in found.cohorts] == ["Uppsala"]
    assert found.scope(f"cohort-{theirs}") is None
    mine = await follow_up.scope_export(
        anna.organisation_id, anna.person_id, UPPSALA, MUNICIPALITY, follow_up_chart, detail="c"
    )
    assert mine is not None
    leader = await actor(database, UPPSALA, "l0")
    assert (
        await follow_up.export(
            leader.organisation_id, leader.person_id, UPPSALA, follow_up_xlsx, detail="xlsx"
        )
        is None
    )
    log = await AuditLog(database).of_organisation(leader.organisation_id)
    assert log[-1].action == AuditAction.REFUSED


async def test_a_cohort_s_maturity_is_held_back_when_all_but_one_answer_inside_it(
    database: Database,
) -> None:
    """Eleven answered, ten of them in the cohort: the municipality's distribution less the
    cohort's would be the eleventh's answers."""
    follow_up, organisation = await uppsala(database)
    people = await leaders(database, UPPSALA, "l", 15)
    spring = await cohort(database, organisation, "Våren", emails("l", range(10)))
    for person_id in people[:11]:
        await did(database, person_id, maturity={"start": GRADES})
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    found = await follow_up.follow_up(anna, UPPSALA)
    assert found is not None
    chosen = found.scope(f"cohort-{spring}")
    assert chosen is not None and chosen.counts is not None  # 16 - 10 people: fine
    assert [d.areas for d in chosen.maturity] == [None]
    [whole] = found.municipality.maturity
    assert whole.areas is not None and dict(whole.areas)["culture"][1] == 11


def test_the_card_shows_a_cohort_with_its_groups_and_held_back_cells() -> None:
    counts = {measure: n + 5 for n, measure in enumerate(Measure)}
    culture = {1: None, 2: 0, 3: None, 4: 0}
    distribution = CheckpointDistribution("start", (("culture", culture),), 9)
    spring = ScopeCounts(
        "Våren",
        counts,
        key="cohort-1",
        kind=ScopeKind.COHORT,
        maturity=(distribution,),
        parts=("group-2",),
    )
    found = FollowUp(
        ScopeCounts(None, counts, key=MUNICIPALITY, kind=ScopeKind.MUNICIPALITY),
        (
            ScopeCounts("G1", counts, key="group-2"),
            ScopeCounts("G2", None, key="group-3"),
        ),
        (),
        cohorts=(spring,),
    )
    card = follow_up_card(
        CONTENT,
        found,
        csv_url="https://bot.example/files/x/follow-up.csv",
        xlsx_url="https://bot.example/files/x/follow-up.xlsx",
        chart_url="https://bot.example/files/y/follow-up.png",
        minutes=15,
        scope="cohort-1",
    )
    assert_valid_card(card)
    texts = card_texts(card)
    assert "Omgång: Våren" in texts and "Innovationsteam: G1" in texts
    assert "Innovationsteam: G2" not in texts  # not in this cohort
    assert "Kultur och förhållningssätt: nivå 1: färre än 5, nivå 2: 0, nivå 3: färre än 5" in (
        texts
    )
    titles = [a["title"] for a in card["actions"]]
    assert titles == ["Visa", "Visa diagram", "Ladda ner som Excel", "Ladda ner som CSV"]


async def test_four_answers_in_a_municipality_of_four_are_listed_as_too_few(
    database: Database,
) -> None:
    follow_up, _ = await uppsala(database)
    people = await leaders(database, UPPSALA, "l", 3)  # with Anna: 4
    for person_id in people:
        await did(database, person_id, maturity={"start": GRADES})
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    found = await follow_up.follow_up(anna, UPPSALA)
    assert found is not None and found.municipality.counts is None
    assert [(d.checkpoint_id, d.areas) for d in found.maturity] == [("start", None)]


def fact_rows(card: dict[str, object], title: str) -> dict[str, str]:
    """The facts (measure -> value as shown) of the card's block headed `title`."""

    def walk(node: object) -> dict[str, str] | None:
        if isinstance(node, dict):
            items = node.get("items")
            if node.get("type") == "Container" and isinstance(items, list) and items:
                first, *rest = items
                if isinstance(first, dict) and first.get("text") == title:
                    return {
                        f["title"]: f["value"]
                        for r in rest
                        if isinstance(r, dict) and r.get("type") == "FactSet"
                        for f in r["facts"]
                    }
            for value in node.values():
                if (found := walk(value)) is not None:
                    return found
        elif isinstance(node, list):
            for value in node:
                if (found := walk(value)) is not None:
                    return found
        return None

    found = walk(card)
    assert found is not None, title
    return found


async def test_one_journey_completed_in_a_group_of_six_is_too_few_on_the_card(
    database: Database,
) -> None:
    follow_up, organisation = await uppsala(database)
    people = await leaders(database, UPPSALA, "l", 10)  # with Anna: 11, 5 outside the group
    await group(database, organisation, "G1", people[:6])
    for person_id in people[:6]:
        await did(database, person_id, exercises=2)
    await did(database, people[0], journey=True)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)

    found = await follow_up.follow_up(anna, UPPSALA)
    assert found is not None
    [g1] = found.groups
    assert g1.counts is not None
    assert g1.counts[Measure.PEOPLE] == 6
    assert g1.counts[Measure.JOURNEYS_COMPLETED] is None  # one person
    assert g1.counts[Measure.EXERCISES_DONE] == 12  # things done, not people: shown
    assert g1.counts[Measure.ONBOARDED] == 0  # nobody: 0 in a row about 6 is shown
    card = follow_up_card(CONTENT, found, csv_url="https://bot.example/c.csv", minutes=15)
    assert_valid_card(card)
    shown = fact_rows(card, "Innovationsteam: G1")
    assert shown["Avslutade läranderesor"] == TOO_FEW
    assert shown["Genomförda övningar"] == "12"
    assert fact_rows(card, "Hela kommunen")["Avslutade läranderesor"] == TOO_FEW


async def test_a_cohort_s_count_that_differs_from_the_municipality_s_by_two_is_held_back(
    database: Database,
) -> None:
    follow_up, organisation = await uppsala(database)
    people = await leaders(database, UPPSALA, "l", 19)  # with Anna: 20
    spring = await cohort(database, organisation, "Våren", emails("l", range(15)))
    for person_id in [*people[:8], *people[15:17]]:
        await did(database, person_id, onboarded=True, exercises=1)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)

    found = await follow_up.follow_up(anna, UPPSALA)
    assert found is not None and found.municipality.counts is not None
    # 10 of 20 onboarded in the municipality, 8 of 15 in the cohort: on their own both fine,
    # but together they tell that 2 of the 5 outside the cohort are onboarded.
    assert found.municipality.counts[Measure.ONBOARDED] == 10
    chosen = found.scope(f"cohort-{spring}")
    assert chosen is not None and chosen.counts is not None
    assert chosen.counts[Measure.PEOPLE] == 15
    assert chosen.counts[Measure.ONBOARDED] is None
    assert chosen.counts[Measure.EXERCISES_DONE] == 8

    card = follow_up_card(
        CONTENT, found, csv_url="https://bot.example/c.csv", minutes=15, scope=chosen.key
    )
    assert fact_rows(card, "Omgång: Våren")["Har gått igenom introduktionen"] == TOO_FEW

    data = await follow_up.export(
        anna.organisation_id, anna.person_id, UPPSALA, follow_up_xlsx, detail="xlsx"
    )
    assert data is not None
    book = load_workbook(io.BytesIO(data))
    sheet = rows(book["Omgång  Våren"])
    assert ["Har gått igenom introduktionen", TOO_FEW] in sheet
    assert ["Genomförda övningar", 8] in sheet
    assert ["Har gått igenom introduktionen", 10] in rows(book["Kommunen"])
    [cell] = [
        r[1]
        for r in book["Omgång  Våren"].iter_rows()
        if r[0].value == "Har gått igenom introduktionen"
    ]
    assert cell.value == TOO_FEW and cell.data_type == "s"  # a text, never a number

    # The chart draws no bar for the held-back count, and one for each shown figure.
    drawn = dict(count_bars(chosen))
    assert list(Measure).index(Measure.ONBOARDED) not in drawn
    assert drawn[list(Measure).index(Measure.EXERCISES_DONE)] == 8
    assert follow_up_chart(found, chosen, CONTENT).startswith(PNG_SIGNATURE)
