"""Date formatting in the organisation's time zone, in Swedish and in English."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from content.dates import (
    format_calendar_day,
    format_datetime_sv,
    format_local_day,
    format_pattern,
    format_time_range_sv,
    format_time_sv,
)
from content.language import speaking


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_prototypes_meeting_time() -> None:
    # 4 December 2024 was a Wednesday; Stockholm is UTC+1 in winter.
    start = utc(2024, 12, 4, 13, 0)
    assert format_datetime_sv(start) == "onsdag 4 december kl. 14:00"
    assert format_time_range_sv(start, start + timedelta(hours=1)) == (
        "onsdag 4 december kl. 14:00–15:00"
    )


def test_summer_time_is_two_hours_ahead_of_utc() -> None:
    assert format_datetime_sv(utc(2025, 6, 18, 7, 30)) == "onsdag 18 juni kl. 09:30"


def test_the_same_utc_time_reads_an_hour_apart_across_the_autumn_change() -> None:
    # Summer time ended on Sunday 27 October 2024 at 03:00 local time.
    assert format_datetime_sv(utc(2024, 10, 26, 12, 0)) == "lördag 26 oktober kl. 14:00"
    assert format_datetime_sv(utc(2024, 10, 28, 12, 0)) == "måndag 28 oktober kl. 13:00"


def test_a_range_across_the_spring_change() -> None:
    # On 30 March 2025 the clocks jumped from 02:00 to 03:00: one real hour reads as two.
    start = utc(2025, 3, 30, 0, 30)
    assert format_time_range_sv(start, start + timedelta(hours=1)) == (
        "söndag 30 mars kl. 01:30–03:30"
    )


def test_a_range_that_ends_another_day_shows_both_dates() -> None:
    start = utc(2024, 12, 4, 22, 0)
    assert format_time_range_sv(start, start + timedelta(hours=2)) == (
        "onsdag 4 december kl. 23:00 – torsdag 5 december kl. 01:00"
    )


def test_another_zone_can_be_given() -> None:
    start = utc(2024, 12, 4, 13, 0)
    assert format_datetime_sv(start, "Europe/London") == "onsdag 4 december kl. 13:00"
    assert format_time_sv(start, ZoneInfo("Europe/Helsinki")) == "15:00"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        format_datetime_sv(datetime(2024, 12, 4, 14, 0))  # noqa: DTZ001


def test_a_backwards_range_is_refused() -> None:
    start = utc(2024, 12, 4, 13, 0)
    with pytest.raises(ValueError, match="before it starts"):
        format_time_range_sv(start, start - timedelta(minutes=1))


def test_english_dates_keep_the_24_hour_clock_and_the_organisations_zone() -> None:
    start = utc(2024, 12, 4, 13, 0)
    assert format_datetime_sv(start, language="en") == "Wednesday 4 December at 14:00"
    assert format_time_range_sv(start, start + timedelta(hours=1), language="en") == (
        "Wednesday 4 December at 14:00–15:00"
    )
    assert format_calendar_day(date(2026, 12, 7), "en") == "Monday 7 December 2026"
    assert format_local_day(utc(2026, 12, 6, 12), language="en") == "6 December 2026"


def test_without_a_language_dates_follow_the_language_being_spoken() -> None:
    start = utc(2025, 6, 18, 7, 30)
    assert format_datetime_sv(start) == "onsdag 18 juni kl. 09:30"
    with speaking("en"):
        assert format_datetime_sv(start) == "Wednesday 18 June at 09:30"
        assert format_pattern(date(2025, 6, 18), "EEEE d MMMM") == "Wednesday 18 June"
    assert format_calendar_day(date(2025, 6, 18)) == "onsdag 18 juni 2025"
