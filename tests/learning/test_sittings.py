"""An exercise done over several days ("Coacha dig själv", 10 x 10 min): the bot counts the
sittings, never past ten, and nudges for the next sitting at the leader's frequency."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from cards import learning_actions as buttons
from storage.learning_models import StartedExercise
from storage.learning_plans import LearningPlans
from storage.outbox import OutboxMessage
from tests.learning.conftest import Learner
from tests.learning.test_library_exercise import show

COACH = "exercise_9"  # Coacha dig själv: 10 x 10 min
STARTED = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # a Monday


async def test_each_sitting_is_counted_up_to_ten_and_then_the_reflection_is_next(
    jonas: Learner,
) -> None:
    await jonas.say("hej")
    texts = await show(jonas, buttons.EXERCISE_SHOW, exercise=COACH)
    assert "Jag har gjort ett pass" not in texts  # not started yet
    await show(jonas, buttons.EXERCISE_START, exercise=COACH)
    assert "Pass 0 av 10 gjorda" in jonas.texts()
    assert jonas.card["actions"][0]["title"] == "Jag har gjort ett pass"

    for done in range(1, 11):
        texts = await show(jonas, buttons.EXERCISE_SITTING, exercise=COACH)
        assert f"Pass {done} av 10 är gjort" in texts
    assert "Alla 10 pass är gjorda" in texts
    assert "Jag har gjort ett pass" not in [a["title"] for a in jonas.card["actions"]]
    await show(jonas, buttons.EXERCISE_SITTING, exercise=COACH)  # an old card: still ten
    assert "Pass 10 av 10 är gjort" in jonas.texts()


async def test_a_single_sitting_exercise_has_no_count(jonas: Learner) -> None:
    await jonas.say("hej")
    texts = await show(jonas, buttons.EXERCISE_START, exercise="exercise_3")
    assert "Pass 0 av" not in texts and "Jag har gjort ett pass" not in texts


async def test_the_nudges_ask_for_the_next_sitting_past_the_usual_three(jonas: Learner) -> None:
    await jonas.say("hej")
    await show(jonas, buttons.EXERCISE_START, exercise=COACH)
    await show(jonas, buttons.EXERCISE_SITTING, exercise=COACH)
    person_id = await jonas.person_id()
    database = jonas.bot.services.database
    await LearningPlans(database).set_wishes(person_id, ["morning"], "weekly", [])
    async with database.transaction() as session:
        await session.execute(update(StartedExercise).values(started_at=STARTED))

    learning = jonas.bot.services.learning
    for week in range(1, 7):  # six weeks: more than the usual three nudges
        await learning.send_nudges(STARTED + timedelta(weeks=week, days=1, hours=2))
    async with database.sessions() as session:
        rows = (
            await session.scalars(
                select(OutboxMessage.payload).where(OutboxMessage.idempotency_key.like("nudge-%"))
            )
        ).all()
    nudges = [json.dumps(json.loads(row), ensure_ascii=False) for row in rows]
    assert len(nudges) == 6
    assert all("Dags för pass 2 av 10" in nudge for nudge in nudges)
    assert all("Jag har gjort ett pass" in nudge for nudge in nudges)
