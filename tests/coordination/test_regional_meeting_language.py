"""Every card about a regional meeting speaks its participant's language, whoever caused it: the
owner's announcement, move and cancel, and the job's reminder and reflection prompt go to an
English and a Swedish leader of one municipality, each in theirs (dates too)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from cards.regional_meetings import schedule_card
from content.language import speaking
from services.regional_meetings import Added
from storage.database import Database
from storage.directory import Directory
from storage.regions import RegionalCohortInfo
from tests.card_schema import card_texts
from tests.clock import TestClock
from tests.coordination.test_regional_meetings import (
    STARTS_AT,
    form,
    meetings_on,
    rows,
    setup,
    texts_of,
)
from tests.coordination.test_regions import LULEA
from tests.services.test_onboarding import CONTENT


async def said_to(database: Database, infix: str) -> dict[int, str]:
    """Person -> the texts of the outbox cards whose key has `infix`
    (regional-meeting-N-<infix>-P...)."""
    return {
        int(row.idempotency_key.split("-")[4]): texts_of(row)
        for row in await rows(database)
        if f"-{infix}-" in row.idempotency_key
    }


async def test_each_participant_hears_of_a_meeting_in_their_own_language(
    database: Database, clock: TestClock
) -> None:
    _, eva, cohort_id, people = await setup(database, {LULEA: 2})
    english, swedish = people[LULEA][1].person_id, people[LULEA][2].person_id
    await Directory(database).speak(english, "en-US")
    meetings = meetings_on(database)

    with speaking("en"):  # the owner's own turn is in English: the Swedes still get Swedish
        added = await meetings.add(eva, form(cohort_id))
    assert isinstance(added, Added)
    announced = await said_to(database, "announce")
    assert "I'm coming" in announced[english] and "Friday 15 January" in announced[english]
    assert "Jag kommer" in announced[swedish] and "fredag 15 januari" in announced[swedish]

    clock.move_to(datetime(2027, 1, 14, 7, 0, tzinfo=UTC))  # 08:00 the day before
    assert (await meetings.run_due())[0] == 3
    reminded = await said_to(database, "reminder")
    assert "Tomorrow: Tjänstedesign" in reminded[english]
    assert "I morgon: Tjänstedesign" in reminded[swedish]

    for leader in people[LULEA][1:]:  # both come, so both are asked to reflect
        await meetings.answer(leader, added.meeting_id, True)
    clock.move_to(STARTS_AT + timedelta(minutes=150))
    assert (await meetings.run_due())[1] == 2
    prompted = await said_to(database, "reflection")
    assert "After the meeting: Tjänstedesign" in prompted[english]
    assert "Efter träffen: Tjänstedesign" in prompted[swedish]


async def test_a_move_and_a_cancel_are_told_in_each_participants_language(
    database: Database,
) -> None:
    _, eva, cohort_id, people = await setup(database, {LULEA: 2})
    english, swedish = people[LULEA][1].person_id, people[LULEA][2].person_id
    await Directory(database).speak(english, "en-GB")
    meetings = meetings_on(database)
    moved = await meetings.add(eva, form(cohort_id))
    gone = await meetings.add(eva, form(cohort_id, meeting_theme="Inställd"))
    assert isinstance(moved, Added) and isinstance(gone, Added)

    assert await meetings.move(eva, moved.meeting_id, STARTS_AT + timedelta(days=7)) is True
    assert await meetings.cancel(eva, gone.meeting_id) is not None

    told = await said_to(database, "moved")
    assert "New time: Tjänstedesign" in told[english] and "Friday 22 January" in told[english]
    assert "Ny tid: Tjänstedesign" in told[swedish] and "fredag 22 januari" in told[swedish]
    cancelled = await said_to(database, "cancelled")
    assert "Cancelled: Inställd" in cancelled[english]
    assert "Inställd: Inställd" in cancelled[swedish]


def test_the_meeting_lengths_use_the_languages_decimal_mark() -> None:
    cohort = RegionalCohortInfo(3, 1, "Året", date(2027, 1, 1), date(2027, 12, 31))
    swedish = card_texts(schedule_card(CONTENT, cohort, []))
    english = card_texts(schedule_card(CONTENT.for_language("en"), cohort, []))
    assert "2,5 timmar" in swedish and "2.5 hours" in english and "2,5 hours" not in english
