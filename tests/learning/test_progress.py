"""The pure rules: a module's exercises, when it is done, the bar, nudge timing, time phrases."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from content import Content, load_content
from learning.progress import (
    current_module,
    find_exercise,
    journey_status,
    module_exercises,
    next_nudge_due,
    nudge_interval,
    nudge_slot,
    text_bar,
)
from learning.time_available import minutes_available

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def test_module_one_has_its_behaviour_exercises_and_the_others_the_library(
    content: Content,
) -> None:
    first = module_exercises(content, content.modules[0])
    assert [(e.key, e.number, e.title) for e in first] == [
        ("unit_meeting", 1, "Enhetsmöte"),
        ("development_talk", 2, "Medarbetarsamtal"),
        ("microsoft_teams", 3, "Microsoft Teams"),
    ]
    second = module_exercises(content, content.module("explore_perspectives"))
    assert [e.key for e in second] == ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]
    every = [e for m in content.modules for e in module_exercises(content, m)]
    assert len(every) == 3 + 17
    assert find_exercise(content, "exercise_9").title == "Coacha dig själv"
    assert find_exercise(content, "exercise_9").module.number == 3
    assert find_exercise(content, "nonsense") is None


def test_a_module_is_done_with_every_reflection_and_the_group_session(content: Content) -> None:
    three = {"unit_meeting", "development_talk", "microsoft_teams"}
    status = journey_status(content, (), three - {"microsoft_teams"}, {"important_behaviour"})[0]
    assert (status.steps_done, status.steps_total, status.done) == (3, 4, False)
    status = journey_status(content, (), three, ())[0]
    assert (status.steps_done, status.done) == (3, False)
    statuses = journey_status(content, (), three, {"important_behaviour"})
    assert statuses[0].done
    assert current_module(statuses).module.number == 2


def test_the_plan_orders_the_modules(content: Content) -> None:
    order = ("important_behaviour", "understand_users", "new_ideas")
    statuses = journey_status(content, order, (), ())
    assert [s.module.number for s in statuses] == [1, 4, 5, 2, 3, 6]


def test_text_bar() -> None:
    assert text_bar(0, 4) == "□□□□"
    assert text_bar(3, 4) == "■■■□"
    assert text_bar(9, 4) == "■■■■"


@pytest.mark.parametrize(("per_week", "days"), [(2, 3.5), (1, 7), (0.5, 14)])
def test_nudge_interval_follows_the_frequency(per_week: float, days: float) -> None:
    assert nudge_interval(per_week) == timedelta(days=days)


def slot(started: datetime, now: datetime, days: float = 7):
    return nudge_slot(
        started, now, timedelta(days=days), max_nudges=3, zone=STOCKHOLM, at=time(9, 0)
    )


def test_nudges_come_on_a_weekday_morning() -> None:
    monday_morning = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # 08:00 local
    assert slot(monday_morning, monday_morning + timedelta(days=6)) is None
    first = slot(monday_morning, monday_morning + timedelta(days=7))
    assert first.period == 1
    assert first.due_at == datetime(2026, 12, 7, 9, 0, tzinfo=STOCKHOLM)  # the same morning
    friday_evening = datetime(2026, 12, 4, 19, 0, tzinfo=UTC)
    weekly = slot(friday_evening, friday_evening + timedelta(days=7, hours=1))
    assert weekly.due_at == datetime(2026, 12, 14, 9, 0, tzinfo=STOCKHOLM)  # not Saturday
    later = slot(monday_morning, monday_morning + timedelta(days=100))
    assert later.period == 3  # the last one; no more after it


def next_due(started: datetime, now: datetime, days: float = 7, most: int = 3):
    return next_nudge_due(
        started, now, timedelta(days=days), max_nudges=most, zone=STOCKHOLM, at=time(9, 0)
    )


def test_the_next_nudge_is_due_when_its_slot_is() -> None:
    """What the exercise stores for the learning job: the due moment `nudge_slot` gives."""
    monday_morning = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # 08:00 local
    first = next_due(monday_morning, monday_morning)  # as it is started
    assert first == datetime(2026, 12, 7, 9, 0, tzinfo=STOCKHOLM)
    assert slot(monday_morning, first).due_at == first
    # Once the first is due, the second's moment; a moment before it still names the first.
    assert next_due(monday_morning, first) == datetime(2026, 12, 14, 9, 0, tzinfo=STOCKHOLM)
    assert next_due(monday_morning, first - timedelta(minutes=1)) == first


def test_a_nudge_due_on_a_weekend_is_due_on_monday() -> None:
    friday_evening = datetime(2026, 12, 4, 19, 0, tzinfo=UTC)
    assert next_due(friday_evening, friday_evening, days=1) == datetime(
        2026, 12, 7, 9, 0, tzinfo=STOCKHOLM
    )


def test_no_nudge_is_due_after_the_last() -> None:
    monday_morning = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    last = datetime(2026, 12, 21, 9, 0, tzinfo=STOCKHOLM)  # the third week's
    assert next_due(monday_morning, last - timedelta(hours=1)) == last
    assert next_due(monday_morning, last) is None
    assert next_due(monday_morning, monday_morning + timedelta(days=100)) is None
    assert next_due(monday_morning, monday_morning, most=0) is None


def test_sittings_left_make_more_nudges_due() -> None:
    """An exercise spread over ten sittings is nudged once per sitting left, past the three."""
    monday_morning = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    fourth = datetime(2026, 12, 28, 9, 0, tzinfo=STOCKHOLM)
    assert next_due(monday_morning, fourth - timedelta(days=7), most=3) is None
    assert next_due(monday_morning, fourth - timedelta(days=7), most=9) == fourth


@pytest.mark.parametrize(
    ("said", "minutes"),
    [
        ("jag har 15 minuter", 15),
        ("Jag har 15 min!", 15),
        ("har en halvtimme", 30),
        ("jag har en timme på mig", 60),
        ("jag har 1,5 timmar", 90),
        ("2 h", 120),
        ("jag har 15 minuter att skriva om mitt mål", None),
        ("övningar", None),
        ("Jag har 0 minuter", None),
        ("jag har " + "9" * 400 + " minuter", None),  # once an OverflowError
        ("jag har 100000 timmar", None),
        ("I have 15 minutes", 15),
        ("15 minutes", 15),
        ("half an hour", 30),
        ("an hour", 60),
        ("I've got an hour and a half", 90),
        ("I have 1.5 hours", 90),
        ("three quarters of an hour", 45),
        ("I have 15 minutes to write my goal", None),
        ("I have 0 minutes", None),
    ],
)
def test_time_statements(said: str, minutes: int | None) -> None:
    assert minutes_available(said) == minutes
