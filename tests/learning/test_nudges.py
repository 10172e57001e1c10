"""Gentle nudges for exercises started but not reflected on, at the leader's own frequency,
through the outbox (the test controls the time)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from scheduling.sender import OutboxSender
from storage.learning_models import StartedExercise
from storage.learning_plans import LearningPlans
from storage.outbox import OutboxMessage
from tests.learning.conftest import Learner

# Monday 30 November 2026, 11:00 in Stockholm.
STARTED = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


async def start_unit_meeting(jonas: Learner, frequency: str | None) -> int:
    await jonas.say("hej")
    await jonas.say("modul")
    await jonas.click("Starta modulen")
    await jonas.click("Övning 1: Enhetsmöte")
    await jonas.click("Gör övningen")
    person_id = await jonas.person_id()
    database = jonas.bot.services.database
    if frequency:
        await LearningPlans(database).set_wishes(person_id, ["morning"], frequency, [])
    async with database.transaction() as session:
        await session.execute(
            update(StartedExercise)
            .where(StartedExercise.person_id == person_id)
            .values(started_at=STARTED)
        )
    return person_id


async def nudges(jonas: Learner) -> list[tuple[str, datetime]]:
    async with jonas.bot.services.database.sessions() as session:
        rows = await session.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.due_at)
            .where(OutboxMessage.idempotency_key.like("nudge-%"))
            .order_by(OutboxMessage.id)
        )
        return [(key, due) for key, due in rows]


async def test_twice_a_week_nudges_after_three_and_a_half_days(jonas: Learner) -> None:
    person_id = await start_unit_meeting(jonas, "twice_a_week")
    learning = jonas.bot.services.learning
    # 3.5 days later is Thursday 23:00 local: the nudge waits for Friday 09:00 (08:00 UTC).
    await learning.send_nudges(datetime(2026, 12, 3, 23, 0, tzinfo=UTC))
    await learning.send_nudges(datetime(2026, 12, 4, 7, 59, tzinfo=UTC))
    assert await nudges(jonas) == []
    friday = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
    await learning.send_nudges(friday)
    await learning.send_nudges(friday + timedelta(hours=1))  # the same period: once
    key = f"nudge-{person_id}-unit_meeting-1"
    assert await nudges(jonas) == [(key, friday)]

    services = jonas.bot.services
    sender = OutboxSender(services.outbox, services.messenger, clock=lambda: friday)
    report = await sender.tick()
    assert report.sent == 1
    assert any("Hej Jonas! Hur gick övningen ”Enhetsmöte”?" in s for s in jonas.said())
    nudge = jonas.sent()[-1]["attachments"][0]["content"]
    assert [a["title"] for a in nudge["actions"]] == ["Skriv reflektion", "Övning 1: Enhetsmöte"]


async def test_weekly_nudges_after_a_week_and_stop_after_the_reflection(jonas: Learner) -> None:
    person_id = await start_unit_meeting(jonas, "weekly")
    learning = jonas.bot.services.learning
    await learning.send_nudges(datetime(2026, 12, 4, 12, 0, tzinfo=UTC))
    assert await nudges(jonas) == []
    # A week later is Monday 7 December 11:00 local: after 09:00, so Tuesday 09:00.
    tuesday = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
    await learning.send_nudges(tuesday)
    assert await nudges(jonas) == [(f"nudge-{person_id}-unit_meeting-1", tuesday)]

    await jonas.click("Skriv reflektion")
    await jonas.click("Skicka", reflection="Det gick bra.", share="false")
    await learning.send_nudges(tuesday + timedelta(days=30))
    assert len(await nudges(jonas)) == 1


async def test_a_draft_is_still_nudged_and_nudges_stop_after_three(jonas: Learner) -> None:
    person_id = await start_unit_meeting(jonas, "every_other_week")
    await jonas.click("Skriv reflektion")
    await jonas.click("Spara utkast", reflection="Halvfärdigt.", share="true")
    learning = jonas.bot.services.learning
    await learning.send_nudges(STARTED + timedelta(days=13))
    assert await nudges(jonas) == []
    for weeks in (2, 4, 6, 8, 10):
        await learning.send_nudges(STARTED + timedelta(weeks=weeks, days=1))
    assert [key for key, _ in await nudges(jonas)] == [
        f"nudge-{person_id}-unit_meeting-{period}" for period in (1, 2, 3)
    ]


async def test_no_frequency_chosen_means_weekly(jonas: Learner) -> None:
    await start_unit_meeting(jonas, None)
    learning = jonas.bot.services.learning
    await learning.send_nudges(datetime(2026, 12, 4, 12, 0, tzinfo=UTC))
    assert await nudges(jonas) == []
    await learning.send_nudges(datetime(2026, 12, 8, 9, 0, tzinfo=UTC))
    assert len(await nudges(jonas)) == 1


async def test_a_paused_leader_is_not_nudged_until_they_continue(jonas: Learner) -> None:
    await start_unit_meeting(jonas, "weekly")
    learning = jonas.bot.services.learning
    [answer] = await jonas.say("pausa")
    assert "Skriv ”fortsätt” när du vill vara med igen" in answer["text"]
    await learning.send_nudges(STARTED + timedelta(days=8))
    assert await nudges(jonas) == []

    answer = await jonas.say("fortsätt")  # back from the summer
    assert "Välkommen tillbaka" in answer[0]["text"]
    await learning.send_nudges(STARTED + timedelta(days=8))
    assert len(await nudges(jonas)) == 1


async def test_nudges_can_be_turned_off_and_on_alone(jonas: Learner) -> None:
    await start_unit_meeting(jonas, "weekly")
    learning = jonas.bot.services.learning
    [answer] = await jonas.say("påminnelser av")
    assert "påminnelser på" in answer["text"]
    await learning.send_nudges(STARTED + timedelta(days=8))
    assert await nudges(jonas) == []

    await jonas.say("påminnelser på")
    await learning.send_nudges(STARTED + timedelta(days=8))
    assert len(await nudges(jonas)) == 1
