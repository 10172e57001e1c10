"""The rules of services.disclosure as tables of cases: which scopes may be shown, and which
cells of a distribution are held back (primary, complementary and linked suppression)."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from content.loader import load_content
from services.disclosure import (
    maximal_families,
    shown_scopes,
    suppress_linked,
    suppress_row,
)
from services.follow_up import Measure, summarise
from storage.follow_up import GroupFacts, OrganisationFacts


def people(start: int, stop: int) -> frozenset[int]:
    return frozenset(range(start, stop))


# (case, everyone in the municipality, the parts, the parts that may be shown)
SCOPE_CASES = [
    ("four people: nothing at all", people(0, 4), {"A": people(0, 4)}, set()),
    ("a part of four is never shown", people(0, 20), {"A": people(0, 4)}, set()),
    ("a part of five among many is shown", people(0, 20), {"A": people(0, 5)}, {"A"}),
    (
        "municipality minus cohort A is 3 people: A held back",
        people(0, 13),
        {"A": people(0, 10)},
        set(),
    ),
    (
        "municipality minus cohort A is 5 people: A shown",
        people(0, 15),
        {"A": people(0, 10)},
        {"A"},
    ),
    ("a cohort of everyone tells nothing new", people(0, 8), {"A": people(0, 8)}, {"A"}),
    (
        "municipality minus A minus B is 2: the smaller goes, then the rest is 8",
        people(0, 17),
        {"A": people(0, 8), "B": people(8, 15)},
        {"A"},
    ),
    (
        "municipality minus A minus B is 0: both shown",
        people(0, 15),
        {"A": people(0, 8), "B": people(8, 15)},
        {"A", "B"},
    ),
    (
        "a cohort minus its group is 2: the group goes",
        people(0, 30),
        {"cohort": people(0, 7), "group": people(0, 5)},
        {"cohort"},
    ),
    (
        "a cohort minus its two groups is 1: the smaller group goes; cohort minus the other is 6",
        people(0, 30),
        {"cohort": people(0, 11), "g1": people(0, 5), "g2": people(5, 10)},
        {"cohort", "g2"},
    ),
    (
        "two overlapping cohorts differing by 2 one way: the smaller goes",
        people(0, 40),
        {"A": people(0, 10), "B": people(2, 20)},
        {"B"},
    ),
    (
        "two overlapping cohorts differing by 5 both ways: both shown",
        people(0, 40),
        {"A": people(0, 10), "B": people(5, 20)},
        {"A", "B"},
    ),
    (
        "the attack through a cohort and a group in another: 20 - 10 - 7 = 3",
        people(0, 20),
        {"A": people(0, 10), "B": people(10, 20), "g": people(10, 17)},
        {"A", "B"},
    ),
    (
        "disjoint groups that cover all but 4: the smallest goes, then 9 are left",
        people(0, 19),
        {"G1": people(0, 5), "G2": people(5, 10), "G3": people(10, 15)},
        {"G2", "G3"},
    ),
]


@pytest.mark.parametrize(
    ("whole", "parts", "expected"),
    [case[1:] for case in SCOPE_CASES],
    ids=[case[0] for case in SCOPE_CASES],
)
def test_the_scope_rule(
    whole: frozenset[int], parts: dict[str, frozenset[int]], expected: set[str]
) -> None:
    shown = shown_scopes(whole, parts)
    assert shown == expected
    assert_nothing_about_fewer_than_five(whole, {k: parts[k] for k in shown})


def assert_nothing_about_fewer_than_five(
    whole: frozenset[int], shown: dict[str, frozenset[int]]
) -> None:
    """No subtraction a coordinator can do with the shown scopes (each minus any disjoint
    family inside it, and each pair) is about 1 to 4 people: checked by brute force."""
    scopes = [whole, *shown.values()]
    for outer in scopes:
        inner = [s for s in shown.values() if s < outer]
        for size in range(1, len(inner) + 1):
            for family in itertools.combinations(inner, size):
                if any(a & b for a, b in itertools.combinations(family, 2)):
                    continue
                left = outer - frozenset().union(*family)
                assert not 0 < len(left) < 5, (outer, family)
    for a, b in itertools.combinations(scopes, 2):
        if a & b:
            assert not 0 < len(a - b) < 5 and not 0 < len(b - a) < 5


def test_the_rule_holds_for_many_random_cohorts_and_groups() -> None:
    """Seeded random layouts, checked by brute force: nothing about 1-4 people gets out."""
    import random

    generator = random.Random(15)
    for _ in range(150):
        size = generator.randint(5, 40)
        whole = people(0, size)
        parts = {}
        for n in range(generator.randint(1, 5)):
            start = generator.randint(0, size - 1)
            stop = generator.randint(start + 1, min(size, start + 15))
            parts[f"p{n}"] = people(start, stop)
        shown = shown_scopes(whole, parts)
        assert_nothing_about_fewer_than_five(whole, {k: parts[k] for k in shown})


def test_the_maximal_families_of_disjoint_sets() -> None:
    sets = [people(0, 5), people(5, 10), people(0, 10), people(20, 25)]
    assert sorted(maximal_families(sets)) == [[0, 1, 3], [2, 3]]


# (case, a distribution row {grade: count}, the grades held back)
ROW_CASES = [
    ("nothing small: nothing hidden", {1: 5, 2: 7, 3: 0, 4: 9}, set()),
    ("zeros are shown", {1: 0, 2: 12, 3: 0, 4: 0}, set()),
    ("one small cell: the next smallest goes too", {1: 3, 2: 7, 3: 9, 4: 6}, {1, 4}),
    ("two small cells adding up to 5 or more", {1: 3, 2: 4, 3: 9, 4: 6}, {1, 2}),
    ("two cells of 1 would add up to 2: a third goes", {1: 1, 2: 1, 3: 9, 4: 6}, {1, 2, 4}),
    ("4 and 1 of five: both", {1: 4, 2: 0, 3: 1, 4: 0}, {1, 3}),
    ("a row about 3 people: all of it", {1: 3, 2: 0, 3: 0, 4: 0}, {1, 2, 3, 4}),
    ("ties: the lower grade first", {1: 2, 2: 6, 3: 6, 4: 6}, {1, 2}),
]


@pytest.mark.parametrize(
    ("row", "hidden"), [case[1:] for case in ROW_CASES], ids=[case[0] for case in ROW_CASES]
)
def test_primary_and_complementary_suppression(row: dict[int, int], hidden: set[int]) -> None:
    assert suppress_row(row) == hidden
    if hidden and sum(row.values()) >= 5:
        # From the total and the shown cells, the hidden ones add up to at least five, and
        # there are at least two of them: none can be worked out.
        assert len(hidden) >= 2 and sum(row[g] for g in hidden) >= 5


def test_a_cohort_s_cell_that_differs_from_the_municipality_s_by_two_is_held_back() -> None:
    """Municipality: grade 2 chosen by 9, a cohort inside it: by 7. Both are 5 or more, but the
    two people outside the cohort who chose it would show; the cohort's cell goes, and with it
    its next smallest (so it cannot be worked out from the cohort's total)."""
    municipality = {1: 6, 2: 9, 3: 10, 4: 5}
    cohort = {1: 0, 2: 7, 3: 10, 4: 5}
    shown = suppress_linked(
        {"municipality": municipality, "cohort": cohort},
        {"municipality": people(0, 30), "cohort": people(0, 22)},
        "municipality",
    )
    assert shown["municipality"] == municipality
    assert shown["cohort"] == {1: 0, 2: None, 3: 10, 4: None}


def test_two_cohorts_are_checked_against_the_municipality_together() -> None:
    """Grade 1: 12 in the municipality, 5 in each of two cohorts inside it, so 2 outside both:
    with both fives shown those 2 would show, so one of them goes."""
    rows = {
        "municipality": {1: 12, 2: 10, 3: 10},
        "A": {1: 5, 2: 5, 3: 5},
        "B": {1: 5, 2: 5, 3: 5},
    }
    members = {"municipality": people(0, 32), "A": people(0, 15), "B": people(15, 30)}
    shown = suppress_linked(rows, members, "municipality")
    assert shown["municipality"] == rows["municipality"]
    assert None in shown["A"].values() or None in shown["B"].values()
    a1, b1 = shown["A"][1], shown["B"][1]
    assert a1 is None or b1 is None  # 12 - 5 - 5 = 2: not both


# Counts of people in a scope (services.follow_up): did and did not, as a row of two cells.
PEOPLE_CASES = [
    ("1 of 6 completed: the 1 and the 5", {1: 1, 0: 5}, {1: None, 0: None}),
    ("5 of 6 onboarded: tells about the 1 who has not", {1: 5, 0: 1}, {1: None, 0: None}),
    ("nobody of 6: shown", {1: 0, 0: 6}, {1: 0, 0: 6}),
    ("all 6: shown", {1: 6, 0: 0}, {1: 6, 0: 0}),
    ("5 of 10: shown", {1: 5, 0: 5}, {1: 5, 0: 5}),
]


@pytest.mark.parametrize(
    ("row", "shown"), [case[1:] for case in PEOPLE_CASES], ids=[c[0] for c in PEOPLE_CASES]
)
def test_a_count_of_people_is_a_row_of_did_and_did_not(
    row: dict[int, int], shown: dict[int, int | None]
) -> None:
    assert suppress_linked({"group": row}, {"group": people(0, sum(row.values()))}, "group") == {
        "group": shown
    }


def test_a_group_s_count_of_people_is_checked_against_its_cohort_s() -> None:
    """A cohort of 24 with 10 goals set, a group of 12 in it with 7: 3 of the 12 outside the
    group set a goal, so the group's count goes (and its complement with it)."""
    rows = {"municipality": {1: 20, 0: 20}, "cohort": {1: 10, 0: 14}, "group": {1: 7, 0: 5}}
    members = {"municipality": people(0, 40), "cohort": people(0, 24), "group": people(0, 12)}
    shown = suppress_linked(rows, members, "municipality")
    assert shown["municipality"] == rows["municipality"]
    assert shown["cohort"] == rows["cohort"]  # 10 and 6 outside the cohort: fine
    assert shown["group"] == {1: None, 0: None}


def test_people_counts_in_the_summary_hide_what_is_about_fewer_than_five() -> None:
    """services.follow_up.summarise on facts alone: the cells as the card, CSV and XLSX get
    them; counts of things done are left as they are."""
    facts = OrganisationFacts(
        people=people(0, 11),
        groups=[GroupFacts(1, "G1", people(0, 6), meetings_held=2)],
        onboarded=set(range(5)),  # 5 of the group's 6
        journey_completed={0},
        exercises_done=Counter(dict.fromkeys(range(6), 3)),
    )
    found = summarise(facts, load_content())
    [g1] = found.groups
    assert g1.counts is not None
    assert g1.counts[Measure.ONBOARDED] is None
    assert g1.counts[Measure.JOURNEYS_COMPLETED] is None
    assert g1.counts[Measure.GOALS_SET] == 0
    assert (g1.counts[Measure.EXERCISES_DONE], g1.counts[Measure.MEETINGS_HELD]) == (18, 2)
    assert found.municipality.counts is not None
    assert found.municipality.counts[Measure.ONBOARDED] == 5  # 5 and 6 in the municipality
    assert found.municipality.counts[Measure.JOURNEYS_COMPLETED] is None
