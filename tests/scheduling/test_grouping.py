"""The group proposal: sizes, determinism, units mixed, overlap favoured."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.availability import Attendee, Availability, Interval, Status
from scheduling.grouping import (
    ALL_FREE,
    Candidate,
    Window,
    free_mask,
    group_sizes,
    propose,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")

candidates = st.lists(
    st.builds(
        Candidate,
        key=st.text("abcdefgh", min_size=1, max_size=6),
        unit=st.one_of(st.none(), st.sampled_from(["skola", "vård", "kultur", "teknik"])),
        parts_of_day=st.frozensets(st.sampled_from(["morning", "forenoon", "afternoon"])),
        free=st.one_of(st.just(ALL_FREE), st.integers(0, 2**40 - 1)),
    ),
    max_size=30,
    unique_by=lambda c: c.key,
)


@given(st.integers(3, 600))
def test_sizes_are_four_or_three_to_five_and_differ_by_at_most_one(count: int) -> None:
    sizes = group_sizes(count)
    assert sum(sizes) == count
    assert all(3 <= s <= 5 for s in sizes)
    assert max(sizes) - min(sizes) <= 1
    if count % 4 == 0:
        assert set(sizes) == {4}


@pytest.mark.parametrize(("count", "sizes"), [(0, []), (1, [1]), (2, [2]), (5, [5]), (6, [3, 3])])
def test_small_cohorts(count: int, sizes: list[int]) -> None:
    assert group_sizes(count) == sizes


@settings(max_examples=60, deadline=None)
@given(candidates, st.randoms(use_true_random=False))
def test_everyone_in_exactly_one_group_and_the_same_input_in_any_order_gives_the_same_groups(
    people: list[Candidate], rng: random.Random
) -> None:
    groups = propose(people)
    keys = [key for group in groups for key in group]
    assert sorted(keys) == sorted(c.key for c in people)
    assert sorted(len(g) for g in groups) == sorted(group_sizes(len(people)))
    shuffled = list(people)
    rng.shuffle(shuffled)
    assert propose(shuffled) == groups


def test_units_get_mixed() -> None:
    """Eight people from two units: every group has both, however the calendars look."""
    people = [
        Candidate(f"{unit}{n}@k.se", unit=unit, free=(0b1111 if n < 2 else 0b1111_0000))
        for unit in ("skola", "vard")
        for n in range(4)
    ]
    for group in propose(people):
        assert {key.rstrip("0123456789@k.se") for key in group} == {"skola", "vard"}


def test_overlap_wins_where_units_allow() -> None:
    """Units unknown: people free at the same hours and liking the same part of day end up
    together, whatever their names' order suggests."""
    morning, afternoon = 0b0000_1111, 0b1111_0000
    people = [
        Candidate("a@k.se", free=morning, parts_of_day=frozenset({"morning"})),
        Candidate("b@k.se", free=afternoon, parts_of_day=frozenset({"afternoon"})),
        Candidate("c@k.se", free=morning, parts_of_day=frozenset({"morning"})),
        Candidate("d@k.se", free=afternoon, parts_of_day=frozenset({"afternoon"})),
        Candidate("e@k.se", free=morning, parts_of_day=frozenset({"morning"})),
        Candidate("f@k.se", free=afternoon, parts_of_day=frozenset({"afternoon"})),
        Candidate("g@k.se", free=morning, parts_of_day=frozenset({"morning"})),
        Candidate("h@k.se", free=afternoon, parts_of_day=frozenset({"afternoon"})),
    ]
    assert propose(people) == [
        ["a@k.se", "c@k.se", "e@k.se", "g@k.se"],
        ["b@k.se", "d@k.se", "f@k.se", "h@k.se"],
    ]


def test_mixing_units_comes_before_overlap() -> None:
    """Four from each unit, the calendars all alike within a unit: mixing still wins."""
    people = [Candidate(f"s{n}@k.se", unit="skola", free=0b1111) for n in range(4)] + [
        Candidate(f"v{n}@k.se", unit="vard", free=0b1111 << 4) for n in range(4)
    ]
    groups = propose(people)
    for group in groups:
        assert sum(key.startswith("s") for key in group) == 2


def test_free_mask_marks_hours_without_busy_time() -> None:
    window = Window(date(2026, 12, 7), 1, STOCKHOLM)  # a Monday, 08-17: nine hours
    slots = window.slots()
    assert len(slots) == 9
    busy = Interval(
        datetime(2026, 12, 7, 9, 30, tzinfo=UTC),  # 10:30-11:30 in Stockholm
        datetime(2026, 12, 7, 10, 30, tzinfo=UTC),
        Status.BUSY,
    )
    free = Interval(
        datetime(2026, 12, 7, 14, 0, tzinfo=UTC),
        datetime(2026, 12, 7, 15, 0, tzinfo=UTC),
        Status.WORKING_ELSEWHERE,
    )
    mask = free_mask(Availability(Attendee("a@k.se"), (busy, free)), slots)
    assert [bool(mask >> i & 1) for i in range(9)] == [1, 1, 0, 0, 1, 1, 1, 1, 1]


def test_a_weekend_has_no_slots() -> None:
    assert Window(date(2026, 12, 5), 2, STOCKHOLM).slots() == []
