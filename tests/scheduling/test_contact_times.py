"""Times for a one-to-one contact: the overlap of both people's parts of day, each read in
their own zone, on working days only (no weekend, no Swedish day off), one a day."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from scheduling.contact_times import Preference, suggest_times

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HELSINKI = ZoneInfo("Europe/Helsinki")  # an hour ahead of Stockholm
MORNING = (time(7, 0), time(9, 0))
FORENOON = (time(9, 0), time(12, 0))
AFTERNOON = (time(12, 0), time(17, 0))


def test_the_overlap_on_the_next_working_days() -> None:
    friday = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
    found = suggest_times(
        friday, [Preference(STOCKHOLM, (FORENOON,)), Preference(STOCKHOLM, (FORENOON, AFTERNOON))]
    )
    # Monday, Tuesday, Wednesday at 09:00 Stockholm (08:00 UTC): the weekend skipped.
    assert [s for s, _ in found] == [
        datetime(2026, 12, 7, 8, 0, tzinfo=UTC),
        datetime(2026, 12, 8, 8, 0, tzinfo=UTC),
        datetime(2026, 12, 9, 8, 0, tzinfo=UTC),
    ]
    assert all((e - s).total_seconds() == 30 * 60 for s, e in found)


def test_each_part_is_read_in_its_owners_zone() -> None:
    monday = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    # Helsinki's forenoon 09-12 is 08-11 in Stockholm; Stockholm's morning is 07-09: 08-09 shared.
    [first, *_] = suggest_times(
        monday, [Preference(STOCKHOLM, (MORNING,)), Preference(HELSINKI, (FORENOON,))]
    )
    assert first == (
        datetime(2026, 12, 1, 7, 0, tzinfo=UTC),
        datetime(2026, 12, 1, 7, 30, tzinfo=UTC),
    )


def test_swedish_days_off_are_skipped() -> None:
    before_christmas = datetime(2026, 12, 22, 12, 0, tzinfo=UTC)  # Tuesday
    found = suggest_times(
        before_christmas,
        [Preference(STOCKHOLM, (AFTERNOON,)), Preference(STOCKHOLM, (AFTERNOON,))],
    )
    days = [s.astimezone(STOCKHOLM).date().isoformat() for s, _ in found]
    # 24 (julafton), 25 and 26 (Saturday), 27 (Sunday) are off; 23 and 28, 29 are not.
    assert days == ["2026-12-23", "2026-12-28", "2026-12-29"]


def test_no_overlap_gives_no_times() -> None:
    monday = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    assert (
        suggest_times(
            monday, [Preference(STOCKHOLM, (MORNING,)), Preference(STOCKHOLM, (AFTERNOON,))]
        )
        == []
    )
    assert (
        suggest_times(monday, [Preference(STOCKHOLM, ()), Preference(STOCKHOLM, (MORNING,))]) == []
    )
