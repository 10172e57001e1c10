"""The learning service without HTTP: modules and exercises, the library's filters, a module's
completion (recorded and published once, told through the outbox), the journey's end, nudges."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from services.events import JourneyCompleted, ModuleCompleted
from services.learning import ModulePreview, ModuleView, nudge_horizon
from storage.cohorts import Cohorts
from storage.database import Database
from storage.learning_models import StartedExercise
from storage.learning_plans import LearningPlans
from storage.participation import ParticipationStore
from tests.card_schema import card_texts
from tests.clock import START, TestClock
from tests.services.learners import CONTENT, TENANT, learners
from tests.statements import counting_statements

STOCKHOLM = ZoneInfo("Europe/Stockholm")


async def test_the_current_module_is_its_overview_until_started(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    first = world.content.modules[0]

    before = await world.learning.current(jonas, TENANT)
    assert isinstance(before, ModulePreview) and before.status.module.id == first.id
    assert not before.started

    started = await world.learning.start_module(jonas, TENANT, first.id)
    assert isinstance(started, ModuleView) and started.status.module.id == first.id
    assert isinstance(await world.learning.current(jonas, TENANT), ModuleView)
    assert (await world.learning.overview(jonas, TENANT, first.id)).started


async def test_a_module_the_content_no_longer_has_is_where_the_leader_is(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    view = await world.learning.module(jonas, TENANT, "a_module_long_gone")
    assert view.status.module.id == world.content.modules[0].id


async def test_an_exercise_started_is_recorded_and_an_unknown_one_is_none(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    assert await world.learning.start_exercise(jonas, TENANT, "exercise_999") is None

    view = await world.learning.start_exercise(jonas, TENANT, "unit_meeting")
    assert view is not None and view.started and view.reflection is None
    assert view.exercise.title == "Enhetsmöte"
    assert "unit_meeting" in await world.progress.started(jonas)


async def test_the_library_keeps_only_filters_the_content_knows(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    theme = world.content.exercises.themes[0].id
    await world.learning.start_exercise(jonas, TENANT, "exercise_7")

    chosen = await world.learning.library(jonas, TENANT, theme, 15)
    assert (chosen.theme_id, chosen.minutes) == (theme, 15)
    assert chosen.started == {"exercise_7"} and chosen.reflected == frozenset()
    anything = await world.learning.library(jonas, TENANT, "all", 0)
    assert (anything.theme_id, anything.minutes) == (None, None)


async def test_a_group_session_completing_a_module_publishes_and_congratulates_once(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    first = world.content.modules[0]
    await world.reflect_on_module(jonas, 0)

    assert await world.learning.group_session_held(jonas, first.id)
    assert world.published == [ModuleCompleted(jonas, first.id, TENANT)]
    said = await world.said()
    assert list(said) == [f"module-done-{jonas}-{first.id}"]
    assert "Grattis – nu kan du gå vidare till Modul 2!" in card_texts(
        said[f"module-done-{jonas}-{first.id}"]["attachments"][0]["content"]
    )

    assert not await world.learning.group_session_held(jonas, first.id)  # once is once
    await world.learning.tick(START)
    assert world.published == [ModuleCompleted(jonas, first.id, TENANT)]
    assert len(await world.said()) == 1


async def test_a_session_without_the_reflections_completes_nothing(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    assert not await world.learning.group_session_held(jonas, world.content.modules[0].id)
    assert world.published == [] and await world.said() == {}


async def test_without_a_personal_chat_the_congratulation_waits_for_one(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel", personal_chat=False)
    first = world.content.modules[0]
    await world.reflect_on_module(jonas, 0)

    assert not await world.learning.group_session_held(jonas, first.id)
    assert world.published == [] and await world.progress.completed(jonas) == frozenset()

    await world.leader("aad-jonas", "Jonas Gumbel")  # his personal chat exists now
    await world.learning.tick(START)
    assert world.published == [ModuleCompleted(jonas, first.id, TENANT)]
    assert f"module-done-{jonas}-{first.id}" in await world.said()


async def test_the_last_module_completes_the_journey_with_the_diploma_offered(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    modules = world.content.modules
    for index, module in enumerate(modules):
        await world.reflect_on_module(jonas, index)
        await world.learning.group_session_held(jonas, module.id)
    assert await world.workbook.completed_at(jonas) is not None

    completed = [e for e in world.published if isinstance(e, ModuleCompleted)]
    assert [e.module_id for e in completed] == [m.id for m in modules]
    assert world.published[-1] == JourneyCompleted(jonas, TENANT)
    said = await world.said()
    diploma = card_texts(said[f"journey-done-{jonas}"]["attachments"][0]["content"])
    assert "Ditt diplom (PDF)" in diploma
    assert "du har genomfört hela Expedition Innovation" in card_texts(
        said[f"module-done-{jonas}-{modules[-1].id}"]["attachments"][0]["content"]
    )


async def test_a_nudge_is_enqueued_once_per_period_and_not_after_the_reflection(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    await world.learning.start_exercise(jonas, TENANT, "unit_meeting")
    async with database.transaction() as session:
        await session.execute(update(StartedExercise).values(started_at=START))

    assert await world.learning.send_nudges(START + timedelta(hours=1)) == 0  # not due yet
    week = START + timedelta(days=8)
    await world.learning.send_nudges(week)
    await world.learning.send_nudges(week)
    nudges = [key for key in await world.said() if key.startswith(f"nudge-{jonas}-unit_meeting")]
    assert len(nudges) == 1

    await world.reflections.send(jonas, TENANT, "Jonas", "unit_meeting", "Klart.", False)
    assert await world.learning.send_nudges(START + timedelta(days=15)) == 0


@pytest.mark.parametrize("with_tracks", [False, True])
async def test_exercises_left_long_ago_cost_a_few_statements_a_tick_not_some_per_exercise(
    database: Database, clock: TestClock, with_tracks: bool
) -> None:
    """National scale: thousands of exercises started and never reflected on. Once their nudges
    are in the outbox, the learning job's tick reads them together (benchmarks/national.py),
    their leaders' cohort tracks too (one statement, not one per exercise)."""
    world = await learners(database, clock, tracks=Cohorts(database) if with_tracks else None)
    leaders = [await world.leader(f"aad-{n}", f"Ledare {n}") for n in range(12)]
    for leader in leaders:
        await world.learning.start_exercise(leader, TENANT, "unit_meeting")
    async with database.transaction() as session:
        await session.execute(update(StartedExercise).values(started_at=START))
    months_later = START + timedelta(days=90)
    assert await world.learning.send_nudges(months_later) == len(leaders)  # the last nudge each

    with counting_statements(database) as statements:
        assert await world.learning.send_nudges(months_later + timedelta(minutes=10)) == 0
    assert len(statements) <= 3 + with_tracks, statements
    nudges = [key for key in await world.said() if key.startswith("nudge-")]
    assert len(nudges) == len(leaders)


async def test_an_exercise_left_past_the_nudge_horizon_is_not_read_again(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    await world.learning.start_exercise(jonas, TENANT, "unit_meeting")
    async with database.transaction() as session:
        await session.execute(update(StartedExercise).values(started_at=START))
    horizon = nudge_horizon(CONTENT)
    assert await world.learning.send_nudges(START + horizon - timedelta(days=1)) == 1
    assert await world.learning.send_nudges(START + horizon + timedelta(days=1)) == 0
    assert await world.progress.open_exercises(START + horizon) == []


async def due_at(database: Database, person_id: int) -> datetime | None:
    async with database.sessions() as session:
        return await session.scalar(
            select(StartedExercise.nudge_due_at).where(StartedExercise.person_id == person_id)
        )


@pytest.mark.parametrize("with_tracks", [False, True])
async def test_an_idle_tick_is_a_few_statements_while_nudges_are_pending(
    database: Database, clock: TestClock, with_tracks: bool
) -> None:
    """The learning job every minute, with exercises open and their next nudges weeks away:
    it reads only what is due (nothing), not every open exercise, chat, track and key."""
    world = await learners(database, clock, tracks=Cohorts(database) if with_tracks else None)
    leaders = [await world.leader(f"aad-{n}", f"Ledare {n}") for n in range(12)]
    for leader in leaders:
        await world.learning.start_exercise(leader, TENANT, "unit_meeting")
    await world.reflections.send(leaders[0], TENANT, "Ledare", "unit_meeting", "Klart.", False)
    await ParticipationStore(database).pause(leaders[1])
    week = START + timedelta(days=8)
    assert await world.learning.send_nudges(week) == len(leaders) - 2

    with counting_statements(database) as statements:
        await world.learning.tick(week + timedelta(minutes=1))
    assert len(statements) <= 2, statements  # the due nudges, the uncelebrated sessions
    assert await due_at(database, leaders[0]) is None  # reflected on: nothing pending
    assert await due_at(database, leaders[1]) is None  # paused: not read again each tick
    assert await due_at(database, leaders[2]) == datetime(2026, 12, 14, 9, 0, tzinfo=STOCKHOLM)


async def test_a_new_frequency_reschedules_the_open_exercises(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    plans = LearningPlans(database)
    await plans.set_wishes(jonas, ["morning"], "weekly", [])
    await world.learning.start_exercise(jonas, TENANT, "unit_meeting")
    assert await due_at(database, jonas) == datetime(2026, 12, 7, 9, 0, tzinfo=STOCKHOLM)

    await plans.set_wishes(jonas, ["morning"], "twice_a_week", [])
    # Twice a week: 3.5 days after Monday 08:00 is Thursday evening, so Friday 09:00.
    friday = datetime(2026, 12, 4, 9, 0, tzinfo=STOCKHOLM)
    assert await world.learning.send_nudges(friday - timedelta(minutes=1)) == 0
    assert await due_at(database, jonas) == friday
    assert await world.learning.send_nudges(friday) == 1
    assert f"nudge-{jonas}-unit_meeting-1" in await world.said()


async def test_a_paused_leader_is_rescheduled_when_they_resume(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    participation = ParticipationStore(database)
    await world.learning.start_exercise(jonas, TENANT, "unit_meeting")
    await participation.pause(jonas)
    week = START + timedelta(days=8)
    assert await world.learning.send_nudges(week) == 0
    assert await due_at(database, jonas) is None
    assert await world.learning.send_nudges(week + timedelta(days=7)) == 0

    await participation.resume(jonas)
    assert await world.learning.send_nudges(week + timedelta(days=7)) == 1  # the period now
    assert f"nudge-{jonas}-unit_meeting-2" in await world.said()

    await participation.set_nudges(jonas, False)
    assert await world.learning.send_nudges(week + timedelta(days=14)) == 0
    await participation.set_nudges(jonas, True)
    assert await world.learning.send_nudges(week + timedelta(days=14)) == 1


async def test_an_exercise_reflected_on_before_its_nudge_gets_none(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    await world.learning.start_exercise(jonas, TENANT, "unit_meeting")
    await world.reflections.send(jonas, TENANT, "Jonas", "unit_meeting", "Klart.", False)
    assert await world.learning.send_nudges(START + timedelta(days=8)) == 0
    assert await due_at(database, jonas) is None
    assert not [key for key in await world.said() if key.startswith("nudge-")]
