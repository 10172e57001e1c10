"""The slot finder's rules, one by one, on hand-made calendars (no I/O)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from cards.slot_reasons import describe, join_names
from content import Content, load_content
from scheduling.availability import Attendee, Availability, Interval, Status, WorkingHours
from scheduling.slots import (
    NoSlotReason,
    ReasonKind,
    Slot,
    SlotQuery,
    SlotSearch,
    find_slots,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NEW_YORK = ZoneInfo("America/New_York")
ANNA = Attendee("anna@kommun.se", "Anna")
PER = Attendee("per@kommun.se", "Per")
KARIN = Attendee("karin@kommun.se", "Karin")
ALL_WEEK_ALL_DAY = WorkingHours(STOCKHOLM, frozenset(range(7)), time(0), time(0))


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def at(day: date, hour: int = 0, minute: int = 0, zone: ZoneInfo = STOCKHOLM) -> datetime:
    return datetime.combine(day, time(hour, minute), zone)


def block(
    day: date, start: tuple[int, int], end: tuple[int, int], status: Status = Status.BUSY
) -> Interval:
    return Interval(at(day, *start), at(day, *end), status)


def query(first: date, last: date, minutes: int = 60, **options: object) -> SlotQuery:
    """Local days first..last inclusive, midnight to midnight in Stockholm."""
    return SlotQuery(
        window_start=at(first),
        window_end=at(last + timedelta(days=1)),
        duration=timedelta(minutes=minutes),
        zone=STOCKHOLM,
        **options,  # type: ignore[arg-type]
    )


def starts(search: SlotSearch) -> list[str]:
    return [f"{slot.start:%Y-%m-%d %H:%M}" for slot in search.slots]


def clocks(search: SlotSearch) -> list[str]:
    return [f"{slot.start:%H:%M}" for slot in search.slots]


def real_length(slot: Slot) -> timedelta:
    """Elapsed time: subtracting datetimes of one zone gives wall-clock time, not this."""
    return slot.end.astimezone(UTC) - slot.start.astimezone(UTC)


MON = date(2026, 5, 4)  # an ordinary working week: Monday 4 – Friday 8 May 2026
TUE, WED, THU, FRI = (MON + timedelta(days=n) for n in range(1, 5))
SUN = MON + timedelta(days=6)


# --- working hours ------------------------------------------------------------------------------


def test_default_working_hours_are_weekdays_8_to_17() -> None:
    search = find_slots([Availability(ANNA)], query(MON, SUN, count=100))
    assert starts(search)[:5] == [f"2026-05-0{d} 08:00" for d in range(4, 9)]
    assert {slot.start.date() for slot in search.slots} == {MON, TUE, WED, THU, FRI}
    assert min(slot.start.time() for slot in search.slots) == time(8, 0)
    assert max(slot.end.time() for slot in search.slots) == time(17, 0)
    assert len(search.slots) == 5 * 9  # nine one-hour meetings a day, none overlapping


def test_the_query_working_hours_apply_to_calendars_without_their_own() -> None:
    hours = WorkingHours(STOCKHOLM, start=time(10, 0), end=time(15, 0))
    search = find_slots([Availability(ANNA)], query(MON, MON, count=10, working_hours=hours))
    assert clocks(search) == ["10:00", "11:00", "12:00", "13:00", "14:00"]


def test_everyone_works_in_their_own_zone() -> None:
    per_in_new_york = WorkingHours(NEW_YORK, start=time(9, 0), end=time(17, 0))
    calendars = [Availability(ANNA), Availability(PER, working_hours=per_in_new_york)]
    # New York 09:00 is 15:00 in Stockholm in May: only 15:00 and 16:00 are in both days.
    assert clocks(find_slots(calendars, query(MON, MON, count=5))) == ["15:00", "16:00"]


def test_working_hours_follow_each_zones_own_clock_changes() -> None:
    # The US changes clocks on 8 March, Europe on 29 March: the gap is 5 hours in between.
    per_in_new_york = WorkingHours(NEW_YORK, start=time(9, 0), end=time(17, 0))
    calendars = [Availability(ANNA), Availability(PER, working_hours=per_in_new_york)]
    mid_march = date(2026, 3, 16)
    assert clocks(find_slots(calendars, query(mid_march, mid_march, count=1))) == ["14:00"]
    after = date(2026, 3, 30)
    assert clocks(find_slots(calendars, query(after, after, count=1))) == ["15:00"]


def test_working_hours_that_end_before_they_start_run_overnight() -> None:
    night = WorkingHours(STOCKHOLM, frozenset(range(7)), time(22, 0), time(2, 0))
    search = find_slots([Availability(ANNA, working_hours=night)], query(MON, TUE, count=20))
    assert starts(search)[:3] == ["2026-05-04 00:00", "2026-05-05 00:00", "2026-05-04 01:00"]
    assert "2026-05-04 22:00" in starts(search)
    assert "2026-05-04 02:00" not in starts(search)


# --- days off -------------------------------------------------------------------------------------


def test_kristi_himmelsfardsdag_is_skipped() -> None:
    wednesday, thursday, friday = date(2026, 5, 13), date(2026, 5, 14), date(2026, 5, 15)
    anna = Availability(ANNA, (block(wednesday, (8, 0), (17, 0)),))
    search = find_slots([anna], query(wednesday, friday, count=3))
    assert starts(search) == ["2026-05-15 08:00", "2026-05-15 09:00", "2026-05-15 10:00"]
    assert thursday not in {slot.start.date() for slot in search.slots}


def test_midsommarafton_and_the_weekend_are_skipped() -> None:
    search = find_slots([Availability(ANNA)], query(date(2026, 6, 18), date(2026, 6, 22)))
    assert {slot.start.date() for slot in search.slots} == {date(2026, 6, 18), date(2026, 6, 22)}


def test_julafton_nyarsafton_and_the_holidays_around_them_are_skipped() -> None:
    search = find_slots(
        [Availability(ANNA)], query(date(2026, 12, 21), date(2027, 1, 1), count=100)
    )
    days = sorted({slot.start.date() for slot in search.slots})
    assert days == [date(2026, 12, d) for d in (21, 22, 23, 28, 29, 30)]


def test_days_off_are_whole_local_days_in_the_organisations_zone() -> None:
    # Someone who works around the clock in UTC still gets nothing on Kristi himmelsfärdsdag,
    # from Stockholm's midnight (22:00 UTC) to the next.
    always_utc = WorkingHours(ZoneInfo("UTC"), frozenset(range(7)), time(0), time(0))
    search = find_slots(
        [Availability(ANNA, working_hours=always_utc)],
        query(date(2026, 5, 13), date(2026, 5, 15), count=200),
    )
    times = {slot.start for slot in search.slots}
    assert at(date(2026, 5, 13), 23, 0) in times
    assert at(date(2026, 5, 15), 0, 0) in times
    holiday = [s for s in times if s.astimezone(STOCKHOLM).date() == date(2026, 5, 14)]
    assert holiday == []


# --- what blocks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.BUSY, Status.OUT_OF_OFFICE, Status.TENTATIVE])
def test_busy_out_of_office_and_tentative_block(status: Status) -> None:
    anna = Availability(ANNA, (block(MON, (8, 0), (12, 0), status),))
    assert starts(find_slots([anna], query(MON, MON, count=1))) == ["2026-05-04 12:00"]


@pytest.mark.parametrize("status", [Status.FREE, Status.WORKING_ELSEWHERE])
def test_free_and_working_elsewhere_do_not_block(status: Status) -> None:
    anna = Availability(ANNA, (block(MON, (8, 0), (17, 0), status),))
    assert starts(find_slots([anna], query(MON, MON, count=1))) == ["2026-05-04 08:00"]


def test_everyone_must_be_free() -> None:
    anna = Availability(ANNA, (block(MON, (8, 0), (10, 0)),))
    per = Availability(PER, (block(MON, (10, 0), (12, 0)), block(MON, (13, 0), (17, 0))))
    assert clocks(find_slots([anna, per], query(MON, MON, count=3))) == ["12:00"]


def test_tentative_is_allowed_if_asked_and_then_ranked_lower() -> None:
    anna = Availability(ANNA, (block(MON, (8, 0), (9, 0), Status.TENTATIVE),))
    per = Availability(PER, (block(MON, (10, 0), (17, 0)),))
    strict = find_slots([anna, per], query(MON, MON, count=3))
    assert clocks(strict) == ["09:00"]
    assert strict.slots[0].tentative == ()
    loose = find_slots([anna, per], query(MON, MON, count=3, allow_tentative=True))
    assert clocks(loose) == ["09:00", "08:00"]  # the fully free time first, though later
    assert [slot.rank for slot in loose.slots] == [1, 2]
    assert (loose.slots[0].free, loose.slots[0].tentative) == ((ANNA, PER), ())
    assert (loose.slots[1].free, loose.slots[1].tentative) == ((PER,), (ANNA,))


def test_a_meeting_may_start_when_another_ends() -> None:
    anna = Availability(ANNA, (block(MON, (8, 0), (9, 0)), block(MON, (10, 0), (11, 0))))
    assert clocks(find_slots([anna], query(MON, MON, count=3))) == ["09:00", "11:00", "12:00"]


def test_an_all_day_absence_from_midnight_to_midnight() -> None:
    anna = Availability(ANNA, (Interval(at(MON), at(TUE), Status.OUT_OF_OFFICE),))
    assert starts(find_slots([anna], query(MON, TUE, count=1))) == ["2026-05-05 08:00"]


def test_an_event_in_another_zone() -> None:
    # 02:00–05:00 in New York is 08:00–11:00 in Stockholm.
    meeting = Interval(at(MON, 2, 0, NEW_YORK), at(MON, 5, 0, NEW_YORK), Status.BUSY)
    search = find_slots([Availability(ANNA, (meeting,))], query(MON, MON, count=1))
    assert starts(search) == ["2026-05-04 11:00"]


def test_an_event_in_utc() -> None:
    meeting = Interval(
        datetime(2026, 5, 4, 6, 0, tzinfo=UTC), datetime(2026, 5, 4, 8, 30, tzinfo=UTC), Status.BUSY
    )
    search = find_slots([Availability(ANNA, (meeting,))], query(MON, MON, count=1))
    assert clocks(search) == ["10:30"]


# --- the grid -------------------------------------------------------------------------------------


def test_starts_are_on_the_granularity_grid() -> None:
    anna = Availability(ANNA, (block(MON, (8, 0), (9, 5)),))
    assert clocks(find_slots([anna], query(MON, MON, count=1))) == ["09:15"]
    half_hours = query(MON, MON, count=1, granularity=timedelta(minutes=30))
    assert clocks(find_slots([anna], half_hours)) == ["09:30"]


def test_a_fraction_of_a_second_past_the_end_of_an_event_still_blocks() -> None:
    meeting = Interval(at(MON, 8), at(MON, 9) + timedelta(microseconds=1), Status.BUSY)
    search = find_slots([Availability(ANNA, (meeting,))], query(MON, MON, count=1))
    assert clocks(search) == ["09:15"]


def test_slots_have_the_duration_and_do_not_overlap() -> None:
    search = find_slots([Availability(ANNA)], query(MON, MON, minutes=90, count=10))
    assert clocks(search) == ["08:00", "09:30", "11:00", "12:30", "14:00", "15:30"]
    assert all(real_length(slot) == timedelta(minutes=90) for slot in search.slots)


def test_results_are_in_the_organisations_zone() -> None:
    meeting = Interval(at(MON, 2, 0, NEW_YORK), at(MON, 5, 0, NEW_YORK), Status.BUSY)
    search = find_slots([Availability(ANNA, (meeting,))], query(MON, MON))
    assert {slot.start.tzinfo for slot in search.slots} == {STOCKHOLM}
    assert {slot.end.tzinfo for slot in search.slots} == {STOCKHOLM}


# --- daylight saving time -------------------------------------------------------------------------


def test_working_days_either_side_of_the_change_to_summer_time() -> None:
    search = find_slots([Availability(ANNA)], query(date(2026, 3, 27), date(2026, 3, 30)))
    assert starts(search)[:2] == ["2026-03-27 08:00", "2026-03-30 08:00"]
    friday, monday = search.slots[0].start, search.slots[1].start
    assert (friday.utcoffset(), monday.utcoffset()) == (timedelta(hours=1), timedelta(hours=2))
    assert [friday.astimezone(UTC).hour, monday.astimezone(UTC).hour] == [7, 6]


def test_the_night_clocks_go_forward_has_no_two_oclock() -> None:
    night = SlotQuery(
        window_start=at(date(2026, 3, 29), 0),
        window_end=at(date(2026, 3, 29), 6),
        duration=timedelta(hours=1),
        zone=STOCKHOLM,
        granularity=timedelta(hours=1),
        count=10,
        working_hours=ALL_WEEK_ALL_DAY,
    )
    search = find_slots([Availability(ANNA)], night)
    assert clocks(search) == ["00:00", "01:00", "03:00", "04:00", "05:00"]  # five real hours
    assert all(real_length(slot) == timedelta(hours=1) for slot in search.slots)
    assert f"{search.slots[1].end:%H:%M}" == "03:00"


def test_the_night_clocks_go_back_has_two_two_oclocks() -> None:
    night = SlotQuery(
        window_start=at(date(2026, 10, 25), 0),
        window_end=at(date(2026, 10, 25), 6),
        duration=timedelta(hours=1),
        zone=STOCKHOLM,
        granularity=timedelta(hours=1),
        count=10,
        working_hours=ALL_WEEK_ALL_DAY,
    )
    search = find_slots([Availability(ANNA)], night)
    assert clocks(search) == ["00:00", "01:00", "02:00", "02:00", "03:00", "04:00", "05:00"]
    offsets = [slot.start.utcoffset() // timedelta(hours=1) for slot in search.slots]
    assert offsets == [2, 2, 2, 1, 1, 1, 1]
    # The summer-time two o'clock is proposed on its own day first, before the fill.
    assert len({slot.start.astimezone(UTC) for slot in search.slots}) == 7


def test_the_grid_is_wall_clock_time_after_a_clock_change() -> None:
    after_the_change = SlotQuery(
        window_start=at(date(2026, 3, 29), 3),
        window_end=at(date(2026, 3, 29), 4),
        duration=timedelta(minutes=15),
        zone=STOCKHOLM,
        granularity=timedelta(minutes=25),  # 03:20 and 03:45 on the clock, not 03:05
        count=10,
        working_hours=ALL_WEEK_ALL_DAY,
    )
    assert clocks(find_slots([Availability(ANNA)], after_the_change)) == ["03:20", "03:45"]


def test_an_event_over_the_change_to_winter_time() -> None:
    # 01:00 summer time to 04:00 winter time is four real hours.
    meeting = Interval(at(date(2026, 10, 25), 1), at(date(2026, 10, 25), 4), Status.BUSY)
    night = SlotQuery(
        window_start=at(date(2026, 10, 25), 0),
        window_end=at(date(2026, 10, 25), 6),
        duration=timedelta(hours=1),
        zone=STOCKHOLM,
        granularity=timedelta(hours=1),
        count=10,
        working_hours=ALL_WEEK_ALL_DAY,
    )
    search = find_slots([Availability(ANNA, (meeting,))], night)
    assert clocks(search) == ["00:00", "04:00", "05:00"]


# --- minimum notice -------------------------------------------------------------------------------


def test_nothing_starts_before_the_minimum_notice() -> None:
    soon = query(MON, TUE, count=1, not_before=at(MON, 10, 7))
    assert starts(find_slots([Availability(ANNA)], soon)) == ["2026-05-04 10:15"]
    late = query(MON, TUE, count=1, not_before=at(MON, 16, 30))
    assert starts(find_slots([Availability(ANNA)], late)) == ["2026-05-05 08:00"]


# --- ranking --------------------------------------------------------------------------------------


def test_preferred_parts_of_the_day_come_first(content: Content) -> None:
    afternoon = (content.part_of_day("afternoon"),)
    search = find_slots([Availability(ANNA)], query(MON, MON, count=6, preferred_parts=afternoon))
    assert clocks(search) == ["12:00", "13:00", "14:00", "15:00", "16:00", "08:00"]
    assert [slot.rank for slot in search.slots] == [1, 2, 3, 4, 5, 6]


def test_a_slot_belongs_to_the_part_of_the_day_it_starts_in(content: Content) -> None:
    anna = Availability(ANNA, (block(MON, (10, 0), (11, 0)), block(MON, (13, 0), (17, 0))))
    forenoon = (content.part_of_day("forenoon"),)  # 09:00–12:00
    search = find_slots([anna], query(MON, MON, 120, count=2, preferred_parts=forenoon))
    # 11:00–13:00 starts in the forenoon; 08:00–10:00 starts in the morning.
    assert clocks(search) == ["11:00", "08:00"]


def test_proposals_are_spread_over_the_earliest_days() -> None:
    search = find_slots([Availability(ANNA)], query(MON, FRI))
    assert starts(search) == ["2026-05-04 08:00", "2026-05-05 08:00", "2026-05-06 08:00"]


def test_days_are_filled_once_every_day_has_a_proposal() -> None:
    anna = Availability(ANNA, tuple(block(day, (8, 0), (17, 0)) for day in (WED, THU, FRI)))
    search = find_slots([anna], query(MON, FRI, count=4))
    assert starts(search) == [
        "2026-05-04 08:00",
        "2026-05-05 08:00",
        "2026-05-04 09:00",
        "2026-05-04 10:00",
    ]


def test_everyone_free_on_one_day_beats_tentative_on_other_days() -> None:
    maybe = tuple(block(day, (8, 0), (17, 0), Status.TENTATIVE) for day in (TUE, WED))
    search = find_slots([Availability(ANNA, maybe)], query(MON, WED, allow_tentative=True))
    assert starts(search) == ["2026-05-04 08:00", "2026-05-04 09:00", "2026-05-04 10:00"]
    assert all(slot.tentative == () for slot in search.slots)


def test_the_same_input_gives_the_same_answer() -> None:
    events = [
        block(day, (hour, 0), (hour + 1, 30), status)
        for day, hour, status in [
            (MON, 8, Status.BUSY),
            (MON, 13, Status.TENTATIVE),
            (TUE, 9, Status.OUT_OF_OFFICE),
            (WED, 11, Status.BUSY),
            (THU, 8, Status.TENTATIVE),
        ]
    ]
    shuffled = events[:]
    random.Random(4).shuffle(shuffled)
    q = query(MON, FRI, count=5, allow_tentative=True)
    first = find_slots([Availability(ANNA, tuple(events)), Availability(PER)], q)
    again = find_slots([Availability(ANNA, tuple(events)), Availability(PER)], q)
    other_order = find_slots([Availability(ANNA, tuple(shuffled)), Availability(PER)], q)
    assert first == again == other_order
    assert len(first.slots) == 5


# --- when nothing fits ----------------------------------------------------------------------------


def reason(search: SlotSearch) -> NoSlotReason:
    assert search.slots == ()
    assert search.reason is not None
    return search.reason


def test_a_window_already_past(content: Content) -> None:
    past = query(MON, TUE, not_before=at(date(2026, 5, 7), 9))
    found = reason(find_slots([Availability(ANNA)], past))
    assert found == NoSlotReason(ReasonKind.WINDOW_IN_PAST)
    assert describe(found, content.messages) == (
        "Den valda perioden har redan passerat eller börjar för snart för att hinna bokas. "
        "Välj en senare period."
    )


def test_too_little_left_after_the_notice_is_in_the_past_too() -> None:
    nearly = query(MON, MON, not_before=at(TUE) - timedelta(minutes=59))
    assert reason(find_slots([Availability(ANNA)], nearly)).kind is ReasonKind.WINDOW_IN_PAST


def test_a_window_shorter_than_the_meeting(content: Content) -> None:
    short = SlotQuery(at(MON, 9), at(MON, 9, 30), timedelta(hours=1), STOCKHOLM)
    found = reason(find_slots([Availability(ANNA)], short))
    assert found.kind is ReasonKind.WINDOW_TOO_SHORT
    assert describe(found, content.messages).startswith("Den valda perioden är kortare än mötet.")


def test_only_a_weekend_has_no_working_time(content: Content) -> None:
    found = reason(
        find_slots([Availability(ANNA), Availability(PER)], query(SUN - timedelta(1), SUN))
    )
    assert found == NoSlotReason(ReasonKind.NO_WORKING_TIME)
    assert describe(found, content.messages).startswith(
        "Det finns ingen arbetstid i den valda perioden."
    )


def test_only_holidays_have_no_working_time() -> None:
    christmas = query(date(2026, 12, 24), date(2026, 12, 27))
    found = reason(find_slots([Availability(ANNA)], christmas))
    assert found.kind is ReasonKind.NO_WORKING_TIME


def test_no_calendars_and_no_working_time() -> None:
    found = reason(find_slots([], query(SUN, SUN)))
    assert found.kind is ReasonKind.NO_WORKING_TIME


def test_someone_who_does_not_work_in_the_window_is_named(content: Content) -> None:
    early_week = WorkingHours(STOCKHOLM, frozenset({0, 1}))
    calendars = [Availability(ANNA), Availability(PER, working_hours=early_week)]
    found = reason(find_slots(calendars, query(WED, FRI)))
    assert found == NoSlotReason(ReasonKind.NO_WORKING_TIME, (PER,))
    assert describe(found, content.messages) == "Per har ingen arbetstid i den valda perioden."


def test_working_hours_that_never_meet(content: Content) -> None:
    mornings = WorkingHours(STOCKHOLM, start=time(8), end=time(12))
    afternoons = WorkingHours(STOCKHOLM, start=time(13), end=time(17))
    calendars = [
        Availability(ANNA, working_hours=mornings),
        Availability(PER, working_hours=afternoons),
    ]
    found = reason(find_slots(calendars, query(MON, FRI)))
    assert found.kind is ReasonKind.NO_SHARED_WORKING_HOURS
    assert describe(found, content.messages) == (
        "Det finns ingen tid i den valda perioden som ligger inom allas arbetstider."
    )


def test_someone_away_the_whole_window_and_when_they_are_back(content: Content) -> None:
    # Away from Monday to the Tuesday after: back on Tuesday 12 May.
    holiday = Interval(at(MON), at(TUE + timedelta(days=7)), Status.OUT_OF_OFFICE)
    calendars = [Availability(ANNA, (holiday,)), Availability(PER)]
    found = reason(find_slots(calendars, query(MON, FRI)))
    assert found == NoSlotReason(ReasonKind.AWAY_WHOLE_WINDOW, (ANNA,), date(2026, 5, 12))
    assert describe(found, content.messages) == (
        "Anna är ledig hela perioden och är tillbaka tisdag 12 maj."
    )


def test_back_after_a_weekend_and_a_holiday() -> None:
    # Away until the end of Wednesday 13 May; Kristi himmelsfärdsdag follows: back Friday.
    away = Interval(at(MON), at(date(2026, 5, 13), 17), Status.OUT_OF_OFFICE)
    found = reason(find_slots([Availability(ANNA, (away,))], query(MON, date(2026, 5, 13))))
    assert found.until == date(2026, 5, 15)


def test_an_absence_that_ends_with_the_window_does_not_say_when_they_are_back(
    content: Content,
) -> None:
    away = Interval(at(MON), at(SUN + timedelta(days=1)), Status.OUT_OF_OFFICE)
    found = reason(find_slots([Availability(ANNA, (away,))], query(MON, SUN)))
    assert found == NoSlotReason(ReasonKind.AWAY_WHOLE_WINDOW, (ANNA,), None)
    assert describe(found, content.messages) == "Anna är ledig hela perioden."


def test_back_too_late_in_the_window_to_meet() -> None:
    away = Interval(at(MON), at(FRI, 16, 30), Status.OUT_OF_OFFICE)
    found = reason(find_slots([Availability(ANNA, (away,))], query(MON, SUN)))
    assert (found.kind, found.until) == (ReasonKind.AWAY_WHOLE_WINDOW, FRI)


def test_several_away_are_all_named_with_the_day_all_are_back(content: Content) -> None:
    calendars = [
        Availability(ANNA, (Interval(at(MON), at(date(2026, 5, 12)), Status.OUT_OF_OFFICE),)),
        Availability(PER),
        Availability(KARIN, (Interval(at(MON), at(date(2026, 5, 13)), Status.OUT_OF_OFFICE),)),
    ]
    found = reason(find_slots(calendars, query(MON, FRI)))
    assert found == NoSlotReason(ReasonKind.AWAY_WHOLE_WINDOW, (ANNA, KARIN), date(2026, 5, 13))
    assert describe(found, content.messages) == (
        "Anna och Karin är lediga hela perioden. Alla är tillbaka onsdag 13 maj."
    )


def test_someone_busy_the_whole_window(content: Content) -> None:
    full = tuple(block(day, (7, 30), (17, 30)) for day in (MON, TUE, WED, THU, FRI))
    found = reason(find_slots([Availability(ANNA), Availability(PER, full)], query(MON, FRI)))
    assert found == NoSlotReason(ReasonKind.BUSY_WHOLE_WINDOW, (PER,))
    assert describe(found, content.messages) == "Per är upptagen hela perioden."


def test_busy_with_gaps_too_short_for_the_meeting_is_busy() -> None:
    meetings = tuple(
        block(day, (hour, 15), (hour + 1, 0)) for day in (MON, TUE) for hour in range(8, 17)
    )
    found = reason(find_slots([Availability(ANNA, meetings)], query(MON, TUE, 30)))
    assert (found.kind, found.attendees) == (ReasonKind.BUSY_WHOLE_WINDOW, (ANNA,))


def test_away_is_told_before_busy() -> None:
    away = (Interval(at(MON), at(date(2026, 5, 12)), Status.OUT_OF_OFFICE),)
    busy = tuple(block(day, (8, 0), (17, 0)) for day in (MON, TUE, WED, THU, FRI))
    calendars = [Availability(ANNA, busy), Availability(PER, away)]
    found = reason(find_slots(calendars, query(MON, FRI)))
    assert (found.kind, found.attendees) == (ReasonKind.AWAY_WHOLE_WINDOW, (PER,))


def test_tentative_counts_as_busy_unless_allowed() -> None:
    maybe = tuple(block(day, (8, 0), (17, 0), Status.TENTATIVE) for day in (MON, TUE))
    calendars = [Availability(ANNA, maybe)]
    found = reason(find_slots(calendars, query(MON, TUE)))
    assert (found.kind, found.attendees) == (ReasonKind.BUSY_WHOLE_WINDOW, (ANNA,))
    allowed = find_slots(calendars, query(MON, TUE, allow_tentative=True))
    assert allowed.slots[0].tentative == (ANNA,)


def test_everyone_has_time_but_never_the_same(content: Content) -> None:
    mornings = tuple(block(day, (8, 0), (12, 30)) for day in (MON, TUE))
    afternoons = tuple(block(day, (12, 0), (17, 0)) for day in (MON, TUE))
    calendars = [Availability(ANNA, mornings), Availability(PER, afternoons)]
    found = reason(find_slots(calendars, query(MON, TUE)))
    assert found == NoSlotReason(ReasonKind.NO_COMMON_TIME)
    assert describe(found, content.messages) == (
        "Det finns ingen gemensam tid inom arbetstid i den valda perioden."
    )


def test_three_busy_names_in_swedish(content: Content) -> None:
    found = NoSlotReason(ReasonKind.BUSY_WHOLE_WINDOW, (ANNA, PER, KARIN))
    assert describe(found, content.messages) == "Anna, Per och Karin är upptagna hela perioden."
    nameless = NoSlotReason(ReasonKind.AWAY_WHOLE_WINDOW, (Attendee("lars.berg@kommun.se"),))
    assert describe(nameless, content.messages) == "lars.berg är ledig hela perioden."


def test_names_are_joined_in_swedish() -> None:
    assert join_names([], "och") == ""
    assert join_names(["Anna"], "och") == "Anna"
    assert join_names(["Anna", "Per"], "och") == "Anna och Per"
    assert join_names(["Anna", "Per", "Karin"], "och") == "Anna, Per och Karin"


def test_every_reason_has_its_own_swedish_sentence(content: Content) -> None:
    texts = {
        kind: describe(NoSlotReason(kind, (ANNA,), date(2026, 5, 12)), content.messages)
        for kind in ReasonKind
    }
    assert all(text.endswith(".") and "{" not in text for text in texts.values())
    assert len(set(texts.values())) == len(ReasonKind)


# --- the query ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"window_start": at(MON, 8).replace(tzinfo=None)},  # naive
        {"not_before": at(MON, 8).replace(tzinfo=None)},
        {"duration": timedelta(0)},
        {"duration": timedelta(minutes=30, microseconds=5)},
        {"granularity": timedelta(minutes=-15)},
        {"count": 0},
    ],
)
def test_a_malformed_query_is_refused(change: dict[str, object]) -> None:
    fields: dict[str, object] = {
        "window_start": at(MON),
        "window_end": at(TUE),
        "duration": timedelta(hours=1),
        "zone": STOCKHOLM,
    }
    with pytest.raises(ValueError):
        SlotQuery(**{**fields, **change})  # type: ignore[arg-type]


def test_a_slot_is_a_plain_value() -> None:
    slot = Slot(at(MON, 8), at(MON, 9), 1, (ANNA,))
    assert slot == Slot(at(MON, 8), at(MON, 9), 1, (ANNA,), ())
