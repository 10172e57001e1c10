"""Reading one iCalendar file into free/busy intervals.

Parsing (bytes -> `ParsedCalendar`) and expanding (`ParsedCalendar` + window -> `Interval`s)
are plain functions with no I/O, so the provider can run them in a worker thread and cache the
parsed form. Only start, end and free/busy status leave this module: subjects, descriptions,
locations and attendees stay inside the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from recurring_ical_events import CalendarQuery

from scheduling.availability import CalendarError, Interval, Status

# X-MICROSOFT-CDO-BUSYSTATUS (Outlook, Exchange): Outlook's own word for how an event blocks time.
CDO_BUSY_STATUS: dict[str, Status] = {
    "FREE": Status.FREE,
    "TENTATIVE": Status.TENTATIVE,
    "BUSY": Status.BUSY,
    "OOF": Status.OUT_OF_OFFICE,
    "WORKINGELSEWHERE": Status.WORKING_ELSEWHERE,
}

# Properties that decide when an event happens: a broken one makes the file unreadable, while a
# broken property we never look at (a DTSTAMP, an X- property) does not.
_TIME_PROPERTIES = frozenset(
    {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "EXRULE"}
)

_FOLD = re.compile(rb"\r?\n[ \t]")  # a long content line continued on the next (RFC 5545 3.1)
_RULE_LINE = re.compile(rb"^(?:RRULE|EXRULE)[;:][^\r\n]*", re.MULTILINE | re.IGNORECASE)
_BLANKS = re.compile(rb"[ \t]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# Floating times and all-day events are placed in the organisation's zone only after expansion,
# so the expansion window is widened by more than any UTC offset and then cut exactly.
_EXPANSION_MARGIN = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class ParsedCalendar:
    """One file's calendars, ready to expand (a file may hold more than one VCALENDAR)."""

    path: Path
    queries: tuple[CalendarQuery, ...]
    uids: frozenset[str]


def parse_calendar(path: Path, data: bytes) -> ParsedCalendar:
    """Parse a file's bytes; raise `CalendarError` naming the file when they are not a calendar."""
    try:
        components = icalendar.Calendar.from_ical(_tidy_rules(data), multiple=True)
    except Exception as error:  # icalendar raises ValueError and friends for bad content lines
        raise _unreadable(path, error) from error
    if not components:
        raise CalendarError(f"{path}: not a readable iCalendar file (no VCALENDAR in it)")
    queries: list[CalendarQuery] = []
    uids: set[str] = set()
    for component in components:
        if component.name != "VCALENDAR":
            raise CalendarError(
                f"{path}: not a readable iCalendar file ({component.name} outside a VCALENDAR)"
            )
        for event in component.walk("VEVENT"):
            errors = {name for name, _ in event.errors if name is not None}
            broken = sorted(errors & _TIME_PROPERTIES)
            if broken:
                raise CalendarError(
                    f"{path}: not a readable iCalendar file "
                    f"(an event has a malformed {', '.join(broken)})"
                )
            if "UID" in event:
                uids.add(str(event["UID"]))
        try:
            queries.append(recurring_ical_events.of(component))
        except Exception as error:  # missing DTSTART, bad RRULE, end before start, ...
            raise _unreadable(path, error) from error
    return ParsedCalendar(path=path, queries=tuple(queries), uids=frozenset(uids))


def busy_intervals(
    calendar: ParsedCalendar, start: datetime, end: datetime, zone: ZoneInfo
) -> tuple[Interval, ...]:
    """Everything in the calendar that blocks time and overlaps [start, end), sorted, in UTC.

    Free, transparent and cancelled events are left out: an `Interval` is time that is not
    plainly free. All-day events cover whole local days in `zone`; floating times are read in
    `zone`; times with a TZID are converted from theirs.
    """
    intervals: set[Interval] = set()
    for query in calendar.queries:
        try:
            occurrences = query.between(start - _EXPANSION_MARGIN, end + _EXPANSION_MARGIN)
            for interval in _intervals(occurrences, zone):
                if interval.start < end and interval.end > start:
                    intervals.add(interval)
        except Exception as error:  # a series that only breaks when expanded
            raise _unreadable(calendar.path, error) from error
    return tuple(sorted(intervals, key=lambda i: (i.start, i.end, i.status)))


def _tidy_rules(data: bytes) -> bytes:
    """Recurrence rules as some exporters write them (`BYDAY=MO, TU, WE`, from a Microsoft CDO
    export) made strict: no blanks inside RRULE and EXRULE values."""
    if b"RULE" not in data:
        return data
    unfolded = _FOLD.sub(b"", data)
    return _RULE_LINE.sub(lambda line: _BLANKS.sub(b"", line.group(0)), unfolded)


def _unreadable(path: Path, error: BaseException) -> CalendarError:
    """The file and, in words, what is wrong with it: one line, no control characters."""
    if isinstance(error, KeyError) and error.args:
        what = f"an event has no {error.args[0]}"
    else:
        what = str(error) or type(error).__name__
    what = " ".join(_CONTROL.sub(" ", what).split())
    return CalendarError(f"{path}: not a readable iCalendar file ({what})")


def event_status(event: icalendar.cal.Component) -> Status | None:
    """How an event blocks time; None when it does not (cancelled, transparent or free)."""
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    cdo = CDO_BUSY_STATUS.get(str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).strip().upper())
    if cdo is not None:  # Outlook's own word wins over TRANSP and STATUS
        return None if cdo is Status.FREE else cdo
    if str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
        return None
    if str(event.get("STATUS", "")).upper() == "TENTATIVE":
        return Status.TENTATIVE
    return Status.BUSY


def _intervals(
    occurrences: Iterable[icalendar.cal.Component], zone: ZoneInfo
) -> Iterable[Interval]:
    for occurrence in occurrences:
        status = event_status(occurrence)
        if status is None:
            continue
        begins = _instant(_moment(occurrence, "DTSTART"), zone)
        ends = _instant(_moment(occurrence, "DTEND"), zone) if "DTEND" in occurrence else begins
        if ends > begins:  # a zero-length event blocks nothing
            yield Interval(start=begins, end=ends, status=status)


def _moment(occurrence: icalendar.cal.Component, name: str) -> date | datetime:
    """The DTSTART or DTEND value: a date or a date-time, or the event is broken."""
    value = getattr(occurrence[name], "dt", None)  # whichever property type holds it
    if not isinstance(value, date):  # a datetime is a date too
        raise ValueError(f"{name} is not a date or a date-time: {value!r}")
    return value


def _instant(value: date | datetime, zone: ZoneInfo) -> datetime:
    """A DTSTART/DTEND value as an aware datetime in UTC (as Graph's provider gives them).

    UTC rather than the organisation's zone: Python compares two datetimes that share a tzinfo
    by their wall clocks, which is wrong in the hour the clocks go back.
    """
    if not isinstance(value, datetime):  # an all-day DATE: local midnight in the organisation
        value = datetime.combine(value, time(0), tzinfo=zone)
    elif value.tzinfo is None:  # floating: the organisation's wall clock
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)
