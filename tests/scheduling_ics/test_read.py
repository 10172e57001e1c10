"""Reading iCalendar files into free/busy: recurrence, zones, all-day events, statuses, errors."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import scheduling.calendars.ics as ics_module
from scheduling.availability import (
    Attendee,
    CalendarError,
    Calendars,
    Interval,
    Status,
    UnknownCalendar,
)
from scheduling.calendars import IcsCalendars
from tests.clock import TestClock
from tests.scheduling_ics.calendar_files import vcalendar, vevent, write_calendar
from tests.scheduling_ics.conftest import STOCKHOLM

ANNA = Attendee("anna.berg@kommun.se", "Anna Berg")
BO = Attendee("bo.ek@kommun.se", "Bo Ek")


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)


async def read_one(
    calendars: IcsCalendars, start: datetime, end: datetime, person: Attendee = ANNA
) -> tuple[Interval, ...]:
    found = await calendars.read([person], start, end)
    assert found.unknown == ()
    (availability,) = found.known
    assert availability.attendee == person
    return availability.intervals


def spans(intervals: tuple[Interval, ...]) -> list[tuple[datetime, datetime, Status]]:
    return [(i.start, i.end, i.status) for i in intervals]


async def test_weekly_rule_skips_its_exdate_and_keeps_local_time_over_dst(
    calendars: IcsCalendars, directory: Path
) -> None:
    write_calendar(
        directory,
        ANNA.email,
        vevent(
            "weekly",
            "DTSTART;TZID=Europe/Stockholm:20260302T090000",
            "DTEND;TZID=Europe/Stockholm:20260302T100000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO",
            "EXDATE;TZID=Europe/Stockholm:20260309T090000",
            "SUMMARY:Ledningsgrupp",
        ),
    )

    intervals = await read_one(calendars, local(2026, 3, 1), local(2026, 4, 1))

    assert [i.start for i in intervals] == [
        local(2026, 3, 2, 9),
        local(2026, 3, 16, 9),
        local(2026, 3, 23, 9),
        local(2026, 3, 30, 9),  # summer time from 29 March: still nine o'clock locally
    ]
    assert intervals[-1].start.astimezone(UTC) == datetime(2026, 3, 30, 7, tzinfo=UTC)
    assert intervals[0].start.astimezone(UTC) == datetime(2026, 3, 2, 8, tzinfo=UTC)
    assert all(i.end - i.start == timedelta(hours=1) for i in intervals)
    assert {i.status for i in intervals} == {Status.BUSY}


async def test_rdate_adds_occurrences_with_the_event_duration(
    calendars: IcsCalendars, directory: Path
) -> None:
    write_calendar(
        directory,
        ANNA.email,
        vevent(
            "extra",
            "DTSTART;TZID=Europe/Stockholm:20260303T100000",
            "DTEND;TZID=Europe/Stockholm:20260303T113000",
            "RDATE;TZID=Europe/Stockholm:20260305T140000,20260310T080000",
            "SUMMARY:Utvecklingssamtal",
        ),
    )

    intervals = await read_one(calendars, local(2026, 3, 1), local(2026, 3, 31))

    assert spans(intervals) == [
        (local(2026, 3, 3, 10), local(2026, 3, 3, 11, 30), Status.BUSY),
        (local(2026, 3, 5, 14), local(2026, 3, 5, 15, 30), Status.BUSY),
        (local(2026, 3, 10, 8), local(2026, 3, 10, 9, 30), Status.BUSY),
    ]


async def test_all_day_out_of_office_covers_whole_local_days(
    calendars: IcsCalendars, directory: Path
) -> None:
    write_calendar(
        directory,
        ANNA.email,
        vevent(
            "semester",
            "DTSTART;VALUE=DATE:20260328",
            "DTEND;VALUE=DATE:20260331",
            "SUMMARY:Semester",
            "X-MICROSOFT-CDO-BUSYSTATUS:OOF",
        ),
    )

    intervals = await read_one(calendars, local(2026, 3, 30, 8), local(2026, 3, 30, 17))

    assert spans(intervals) == [(local(2026, 3, 28), local(2026, 3, 31), Status.OUT_OF_OFFICE)]
    # three local days, one of them 23 hours long (summer time starts on 29 March)
    assert intervals[0].end - intervals[0].start == timedelta(hours=71)


async def test_all_day_event_without_end_is_one_day_in_the_organisation_zone(
    directory: Path,
) -> None:
    write_calendar(
        directory, ANNA.email, vevent("day", "DTSTART;VALUE=DATE:20260310", "SUMMARY:Utbildning")
    )
    new_york = ZoneInfo("America/New_York")
    calendars = IcsCalendars(directory, zone=new_york, clock=TestClock())

    intervals = await read_one(
        calendars, datetime(2026, 3, 9, tzinfo=UTC), datetime(2026, 3, 12, tzinfo=UTC)
    )

    assert spans(intervals) == [
        (
            datetime(2026, 3, 10, tzinfo=new_york),
            datetime(2026, 3, 11, tzinfo=new_york),
            Status.BUSY,
        )
    ]


async def test_event_in_another_zone_is_converted(calendars: IcsCalendars, directory: Path) -> None:
    write_calendar(
        directory,
        ANNA.email,
        vevent(
            "new-york",
            "DTSTART;TZID=America/New_York:20260310T090000",
            "DTEND;TZID=America/New_York:20260310T100000",
            "SUMMARY:Studiebesök",
        ),
        vevent("utc", "DTSTART:20260311T120000Z", "DURATION:PT45M", "SUMMARY:Telefonmöte"),
    )

    intervals = await read_one(calendars, local(2026, 3, 10), local(2026, 3, 12))

    # New York is already on summer time (8 March), Stockholm not yet: six hours apart.
    assert spans(intervals) == [
        (local(2026, 3, 10, 14), local(2026, 3, 10, 15), Status.BUSY),
        (local(2026, 3, 11, 13), local(2026, 3, 11, 13, 45), Status.BUSY),
    ]
    assert intervals[0].start.tzinfo is UTC  # compared as instants, like Graph's


async def test_floating_time_is_read_on_the_organisation_clock(directory: Path) -> None:
    write_calendar(
        directory,
        ANNA.email,
        vevent("floating", "DTSTART:20260310T090000", "DTEND:20260310T100000", "SUMMARY:Möte"),
    )
    window = (datetime(2026, 3, 9, tzinfo=UTC), datetime(2026, 3, 12, tzinfo=UTC))

    in_stockholm = await read_one(
        IcsCalendars(directory, zone=STOCKHOLM, clock=TestClock()), *window
    )
    new_york = ZoneInfo("America/New_York")
    in_new_york = await read_one(IcsCalendars(directory, zone=new_york, clock=TestClock()), *window)

    assert spans(in_stockholm) == [(local(2026, 3, 10, 9), local(2026, 3, 10, 10), Status.BUSY)]
    assert in_new_york[0].start == datetime(2026, 3, 10, 9, tzinfo=new_york)
    assert in_new_york[0].start.astimezone(UTC) == datetime(2026, 3, 10, 13, tzinfo=UTC)


async def test_transparent_and_cancelled_events_do_not_block(
    calendars: IcsCalendars, directory: Path
) -> None:
    write_calendar(
        directory,
        ANNA.email,
        vevent(
            "transparent",
            "DTSTART;TZID=Europe/Stockholm:20260310T090000",
            "DTEND;TZID=Europe/Stockholm:20260310T100000",
            "TRANSP:TRANSPARENT",
            "SUMMARY:Påminnelse",
        ),
        vevent(
            "cancelled",
            "DTSTART;TZID=Europe/Stockholm:20260310T110000",
            "DTEND;TZID=Europe/Stockholm:20260310T120000",
            "STATUS:CANCELLED",
            "SUMMARY:Inställt",
        ),
        vevent(
            "series",
            "DTSTART;TZID=Europe/Stockholm:20260309T130000",
            "DTEND;TZID=Europe/Stockholm:20260309T140000",
            "RRULE:FREQ=DAILY;COUNT=3",
            "SUMMARY:Stående möte",
        ),
        vevent(  # one occurrence of the series cancelled
            "series",
            "RECURRENCE-ID;TZID=Europe/Stockholm:20260310T130000",
            "DTSTART;TZID=Europe/Stockholm:20260310T130000",
            "DTEND;TZID=Europe/Stockholm:20260310T140000",
            "STATUS:CANCELLED",
            "SUMMARY:Stående möte",
        ),
        vevent(
            "opaque",
            "DTSTART;TZID=Europe/Stockholm:20260310T150000",
            "DTEND;TZID=Europe/Stockholm:20260310T160000",
            "TRANSP:OPAQUE",
            "SUMMARY:Riktigt möte",
        ),
    )

    intervals = await read_one(calendars, local(2026, 3, 9), local(2026, 3, 12))

    assert spans(intervals) == [
        (local(2026, 3, 9, 13), local(2026, 3, 9, 14), Status.BUSY),
        (local(2026, 3, 10, 15), local(2026, 3, 10, 16), Status.BUSY),
        (local(2026, 3, 11, 13), local(2026, 3, 11, 14), Status.BUSY),
    ]


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        (["STATUS:TENTATIVE"], Status.TENTATIVE),
        (["STATUS:CONFIRMED"], Status.BUSY),
        ([], Status.BUSY),
        (["X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE"], Status.TENTATIVE),
        (["X-MICROSOFT-CDO-BUSYSTATUS:BUSY"], Status.BUSY),
        (["X-MICROSOFT-CDO-BUSYSTATUS:OOF"], Status.OUT_OF_OFFICE),
        (["X-MICROSOFT-CDO-BUSYSTATUS:WORKINGELSEWHERE"], Status.WORKING_ELSEWHERE),
        (["X-MICROSOFT-CDO-BUSYSTATUS:FREE"], None),
        # Outlook's own status wins over the standard properties
        (["STATUS:TENTATIVE", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY"], Status.BUSY),
        (["STATUS:CONFIRMED", "X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE"], Status.TENTATIVE),
        (["TRANSP:TRANSPARENT", "X-MICROSOFT-CDO-BUSYSTATUS:OOF"], Status.OUT_OF_OFFICE),
        (["TRANSP:OPAQUE", "X-MICROSOFT-CDO-BUSYSTATUS:FREE"], None),
        # ... but a cancelled event never blocks, and an unknown word is ignored
        (["STATUS:CANCELLED", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY"], None),
        (["STATUS:TENTATIVE", "X-MICROSOFT-CDO-BUSYSTATUS:SOMETIMES"], Status.TENTATIVE),
    ],
)
async def test_status_mapping(
    calendars: IcsCalendars, directory: Path, properties: list[str], expected: Status | None
) -> None:
    write_calendar(
        directory,
        ANNA.email,
        vevent(
            "status",
            "DTSTART;TZID=Europe/Stockholm:20260310T090000",
            "DTEND;TZID=Europe/Stockholm:20260310T100000",
            "SUMMARY:Möte",
            *properties,
        ),
    )

    intervals = await read_one(calendars, local(2026, 3, 10), local(2026, 3, 11))

    assert [i.status for i in intervals] == ([] if expected is None else [expected])


async def test_window_keeps_overlapping_events_and_drops_the_rest(
    calendars: IcsCalendars, directory: Path
) -> None:
    write_calendar(
        directory,
        ANNA.email,
        vevent(
            "hourly",
            "DTSTART;TZID=Europe/Stockholm:20260310T080000",
            "DTEND;TZID=Europe/Stockholm:20260310T090000",
            "RRULE:FREQ=HOURLY;COUNT=6",
            "SUMMARY:Tidsblock",
        ),
    )

    intervals = await read_one(calendars, local(2026, 3, 10, 9, 30), local(2026, 3, 10, 11))

    assert [i.start for i in intervals] == [local(2026, 3, 10, 9), local(2026, 3, 10, 10)]


async def test_person_without_a_file_is_unknown_and_file_names_ignore_case(
    calendars: IcsCalendars, directory: Path
) -> None:
    write_calendar(
        directory,
        "Anna.Berg@Kommun.SE",
        vevent("a", "DTSTART:20260310T080000Z", "DTEND:20260310T090000Z", "SUMMARY:Möte"),
    )
    stranger = Attendee("ingen.alls@kommun.se", "Ingen Alls")
    mixed_case = Attendee("ANNA.BERG@kommun.se", "Anna Berg")

    found = await calendars.read([mixed_case, stranger], local(2026, 3, 10), local(2026, 3, 11))

    assert [a.attendee for a in found.known] == [mixed_case]
    assert len(found.known[0].intervals) == 1
    assert found.unknown == (UnknownCalendar(stranger, "no calendar file"),)


async def test_empty_calendar_is_known_and_free(calendars: IcsCalendars, directory: Path) -> None:
    (directory / f"{ANNA.email}.ics").write_text(vcalendar(), encoding="utf-8")

    found = await calendars.read([ANNA], local(2026, 3, 10), local(2026, 3, 11))

    assert found.unknown == ()
    assert found.known[0].intervals == ()


async def test_address_that_cannot_name_a_file_is_unknown(
    calendars: IcsCalendars, directory: Path
) -> None:
    (directory.parent / "evil@kommun.se.ics").write_text(vcalendar(), encoding="utf-8")
    sneaky = Attendee("../evil@kommun.se")

    found = await calendars.read([sneaky], local(2026, 3, 10), local(2026, 3, 11))

    assert found.known == ()
    assert [u.attendee for u in found.unknown] == [sneaky]


@pytest.mark.parametrize(
    "content",
    [
        "this is not a calendar\n",
        "",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20260310T080000Z\n",  # cut off
        vcalendar(vevent("a", "DTSTART:yesterday", "SUMMARY:Trasig")),
        vcalendar(vevent("a", "DTEND:20260310T080000Z", "SUMMARY:Utan start")),
        vcalendar(vevent("a", "DTSTART:20260310T080000Z", "RRULE:FREQ=SOMETIMES")),
        "BEGIN:VEVENT\nUID:a\nDTSTART:20260310T080000Z\nEND:VEVENT\n",  # no VCALENDAR
    ],
)
async def test_unparsable_file_raises_naming_the_file(
    calendars: IcsCalendars, directory: Path, content: str
) -> None:
    write_calendar(directory, BO.email, vevent("ok", "DTSTART:20260310T080000Z"))
    broken = directory / f"{ANNA.email}.ics"
    broken.write_text(content, encoding="utf-8")

    with pytest.raises(CalendarError) as raised:
        await calendars.read([BO, ANNA], local(2026, 3, 10), local(2026, 3, 11))

    assert str(broken) in str(raised.value)
    assert "\n" not in str(raised.value) and "\r" not in str(raised.value)  # one CLI line
    assert "('" not in str(raised.value)  # words, not a Python repr


async def test_a_missing_start_is_said_in_words(calendars: IcsCalendars, directory: Path) -> None:
    broken = directory / f"{ANNA.email}.ics"
    broken.write_text(
        vcalendar(vevent("a", "DTEND:20260310T080000Z", "SUMMARY:Utan start")), encoding="utf-8"
    )

    with pytest.raises(CalendarError) as raised:
        await calendars.read([ANNA], local(2026, 3, 10), local(2026, 3, 11))

    assert str(raised.value) == f"{broken}: not a readable iCalendar file (an event has no DTSTART)"


async def test_a_weekly_rule_with_blanks_from_an_outlook_export_is_read(
    calendars: IcsCalendars, directory: Path
) -> None:
    """`BYDAY=MO, TU, WE, TH, FR` (a Microsoft CDO export), folded over two lines as well."""
    rule = "RRULE:FREQ=WEEKLY;BYDAY=MO, TU, WE,\r\n  TH, FR;COUNT=10"
    write_calendar(
        directory,
        ANNA.email,
        vevent("daily", "DTSTART:20260309T070000Z", "DTEND:20260309T073000Z", rule),
    )

    found = await calendars.read([ANNA], local(2026, 3, 9), local(2026, 3, 16))

    starts = [interval.start for interval in found.known[0].intervals]
    assert starts == [local(2026, 3, day, 8) for day in range(9, 14)]


async def test_missing_directory_raises(tmp_path: Path) -> None:
    calendars = IcsCalendars(tmp_path / "nowhere", zone=STOCKHOLM, clock=TestClock())

    with pytest.raises(CalendarError, match="nowhere"):
        await calendars.read([ANNA], local(2026, 3, 10), local(2026, 3, 11))


async def test_naive_or_empty_window_is_refused(calendars: IcsCalendars) -> None:
    with pytest.raises(ValueError, match="aware"):
        await calendars.read([ANNA], datetime(2026, 3, 10), local(2026, 3, 11))  # noqa: DTZ001
    with pytest.raises(ValueError, match="ends before"):
        await calendars.read([ANNA], local(2026, 3, 11), local(2026, 3, 10))


async def test_only_free_busy_leaves_the_provider(calendars: IcsCalendars, directory: Path) -> None:
    write_calendar(
        directory,
        ANNA.email,
        vevent(
            "secret",
            "DTSTART;TZID=Europe/Stockholm:20260310T090000",
            "DTEND;TZID=Europe/Stockholm:20260310T100000",
            "SUMMARY:Lönesamtal med Bo",
            "DESCRIPTION:Sjukskrivning och rehabilitering",
            "LOCATION:Rum Hemlig",
            "ORGANIZER;CN=Chefen:mailto:chefen@kommun.se",
            "STATUS:TENTATIVE",
        ),
    )

    found = await calendars.read([ANNA], local(2026, 3, 10), local(2026, 3, 11))

    assert isinstance(found, Calendars)
    text = repr(found)
    for secret in ("Lönesamtal", "Sjukskrivning", "Hemlig", "chefen", "secret"):
        assert secret not in text
    (interval,) = found.known[0].intervals
    assert type(interval) is Interval
    assert interval.status is Status.TENTATIVE


async def test_parsed_files_are_cached_until_they_change(
    calendars: IcsCalendars, directory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    parse = ics_module.parse_calendar

    def counting_parse(path: Path, data: bytes):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return parse(path, data)

    monkeypatch.setattr(ics_module, "parse_calendar", counting_parse)
    path = write_calendar(
        directory,
        ANNA.email,
        vevent("a", "DTSTART:20260310T080000Z", "DTEND:20260310T090000Z", "SUMMARY:Ett"),
    )
    window = (local(2026, 3, 10), local(2026, 3, 11))

    first = await read_one(calendars, *window)
    second = await read_one(calendars, *window)
    assert first == second
    assert len(threads) == 1
    assert threads[0] is not threading.main_thread()  # parsed off the event loop

    write_calendar(
        directory,
        ANNA.email,
        vevent("a", "DTSTART:20260310T080000Z", "DTEND:20260310T090000Z", "SUMMARY:Ett"),
        vevent("b", "DTSTART:20260310T100000Z", "DTEND:20260310T110000Z", "SUMMARY:Två"),
    )
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))

    third = await read_one(calendars, *window)
    assert len(third) == 2
    assert len(threads) == 2
