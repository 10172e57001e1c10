"""What the learning job writes to a leader speaks the leader's language: the nudges of one tick
go to an English and a Swedish leader, each in theirs, from one read of their languages."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from storage.database import Database
from storage.learning_models import StartedExercise
from tests.card_schema import card_texts
from tests.clock import START, TestClock
from tests.services.learners import TENANT, learners


async def test_one_tick_nudges_each_leader_in_their_own_language(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    bo = await world.leader("aad-bo", "Bo Ek")
    await world.directory.speak(jonas, "en-GB")  # Bo's Teams never said
    for leader in (jonas, bo):
        await world.learning.start_exercise(leader, TENANT, "unit_meeting")
    async with database.transaction() as session:
        await session.execute(update(StartedExercise).values(started_at=START))

    assert await world.learning.send_nudges(START + timedelta(days=8)) == 2

    said = {
        key.split("-")[1]: card_texts(p["attachments"][0]["content"])
        for key, p in (await world.said()).items()
        if key.startswith("nudge-")
    }
    assert said[str(jonas)].startswith("Hi Jonas")
    assert said[str(bo)].startswith("Hej Bo")
