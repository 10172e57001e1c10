"""The slot finder's parts: span arithmetic against sets of seconds, and the Swedish days off."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import pairwise

import holidays
import pytest

from scheduling import holidays as module
from scheduling.holidays import days_off, eves, midsummer_eve
from scheduling.intervals import Span, intersect, merged, subtract, union, without


def as_set(spans: list[Span]) -> set[int]:
    return {second for start, end in spans for second in range(start, end)}


def is_normal(spans: list[Span]) -> bool:
    return all(start < end for start, end in spans) and all(
        a_end < b_start for (_, a_end), (b_start, _) in pairwise(spans)
    )


def random_spans(rng: random.Random, count: int) -> list[Span]:
    spans = []
    for _ in range(count):
        start = rng.randrange(0, 100)
        spans.append((start, start + rng.randrange(0, 15)))
    return spans


@pytest.mark.parametrize("seed", range(200))
def test_span_arithmetic_matches_sets(seed: int) -> None:
    rng = random.Random(seed)
    raw_a, raw_b = random_spans(rng, rng.randrange(0, 8)), random_spans(rng, rng.randrange(0, 8))
    a, b = union(raw_a[:]), union(raw_b[:])
    assert is_normal(a) and is_normal(b)
    assert as_set(a) == as_set(raw_a)
    for result, expected in [
        (intersect(a, b), as_set(a) & as_set(b)),
        (subtract(a, b), as_set(a) - as_set(b)),
        (list(without(a, b)), as_set(a) - as_set(b)),
        (list(merged(sorted(raw_a))), as_set(raw_a)),
    ]:
        assert is_normal(result)
        assert as_set(result) == expected


def test_touching_spans_are_joined_and_back_to_back_is_not_overlap() -> None:
    assert union([(13, 14), (10, 13)]) == [(10, 14)]
    assert intersect([(10, 13)], [(13, 14)]) == []
    assert subtract([(10, 14)], [(10, 13)]) == [(13, 14)]


def test_union_merges_timedeltas_too() -> None:
    hour = timedelta(hours=1)
    assert union([(2 * hour, 3 * hour), (hour, 2 * hour)]) == [(hour, 3 * hour)]


# --- days off -----------------------------------------------------------------------------------


def test_the_public_holidays_of_2026() -> None:
    off = days_off([2026])
    assert date(2026, 5, 14) in off  # Kristi himmelsfärdsdag
    assert {date(2026, 4, 3), date(2026, 4, 6), date(2026, 6, 6), date(2026, 1, 6)} <= off
    assert date(2026, 5, 13) not in off and date(2026, 5, 15) not in off


@pytest.mark.parametrize("year", range(2024, 2036))
def test_the_three_eves_are_days_off(year: int) -> None:
    off = days_off([year])
    assert eves(year) <= off
    assert {date(year, 12, 24), date(year, 12, 31)} <= off
    # Midsommarafton is a Friday, the day before midsommardagen (a public holiday).
    eve = midsummer_eve(year)
    assert eve.weekday() == 4 and date(year, 6, 19) <= eve <= date(year, 6, 25)
    public = holidays.country_holidays("SE", years=year, language="sv")
    assert public.get(eve + timedelta(days=1)) == "Midsommardagen"


def test_the_eves_are_added_by_rule_when_the_library_lacks_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module._days_off_in.cache_clear()
    monkeypatch.setattr(module, "_CATEGORIES", ("public",))
    try:
        assert eves(2031) <= days_off([2031])
        library = holidays.country_holidays("SE", years=2031, categories=("public",))
        assert not eves(2031) & set(library)  # what the rule had to add
    finally:
        module._days_off_in.cache_clear()


def test_days_off_over_several_years() -> None:
    off = days_off([2026, 2027])
    assert date(2026, 12, 31) in off and date(2027, 1, 1) in off
    assert date(2027, 6, 25) in off  # midsommarafton 2027
