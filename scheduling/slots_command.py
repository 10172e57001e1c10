"""`expeditionsboten slots`: common free times from a directory of iCalendar files.

Used by people and by acceptance checks, so its contract is fixed: local dates inclusive,
`--json` prints one object `{"slots": [{"start", "end", "rank"}], "reason": null}`, bad input
exits with code 2 and one line naming the problem, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cards.slot_reasons import describe
from clock import system_clock
from content.dates import format_time_range_sv
from content.loader import load_content
from content.models import Content
from scheduling.availability import Attendee, CalendarError
from scheduling.calendars.ics import IcsCalendars
from scheduling.slots import SlotQuery, SlotSearch, find_slots


class UsageError(Exception):
    """Bad input on the command line; the message is the one line the user sees."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ics-dir", required=True, type=Path, help="one .ics file per person")
    parser.add_argument("--attendee", required=True, action="append", help="e-mail address")
    parser.add_argument("--duration", required=True, type=int, help="minutes")
    parser.add_argument("--from", dest="first", required=True, help="first local date, YYYY-MM-DD")
    parser.add_argument("--to", dest="last", required=True, help="last local date (inclusive)")
    parser.add_argument("--part-of-day", action="append", default=[], help="preferred part")
    parser.add_argument("--allow-tentative", action="store_true")
    parser.add_argument("--min-notice-hours", type=float, default=0.0)
    parser.add_argument("--count", type=int, default=3)
    parser.add_argument("--tz", default="Europe/Stockholm", help="the organisation's zone")
    parser.add_argument(
        "--now",
        help="count the notice from this instant (ISO 8601 with offset) instead of the current "
        "time, e.g. to try old calendar exports",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    content = load_content()
    try:
        query, attendees = _query(args, content)
        search = asyncio.run(_search(args.ics_dir, attendees, query))
    except (UsageError, CalendarError) as error:
        print(f"expeditionsboten slots: {error}", file=sys.stderr)  # noqa: T201
        return 2
    print(_render(search, query.zone, content, as_json=args.json))  # noqa: T201
    return 0


async def _search(directory: Path, attendees: list[Attendee], query: SlotQuery) -> SlotSearch:
    calendars = await IcsCalendars(directory, zone=query.zone, clock=system_clock).read(
        attendees, query.window_start, query.window_end
    )
    if calendars.unknown:
        names = ", ".join(unknown.attendee.email for unknown in calendars.unknown)
        raise UsageError(f"no calendar file for {names} in {directory}")
    return find_slots(calendars.known, query)


def _now(value: str | None) -> datetime:
    if value is None:
        return system_clock()
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--now {value!r} is not an ISO 8601 time") from None
    if instant.tzinfo is None:
        raise UsageError(f"--now {value!r} needs a UTC offset, e.g. {value}+00:00")
    return instant.astimezone(UTC)


def _query(args: argparse.Namespace, content: Content) -> tuple[SlotQuery, list[Attendee]]:
    try:
        zone = ZoneInfo(args.tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"unknown time zone {args.tz!r}") from None
    first, last = _date("--from", args.first), _date("--to", args.last)
    if last < first:
        raise UsageError(f"--to {last} is before --from {first}")
    if args.duration <= 0:
        raise UsageError(f"--duration must be a positive number of minutes, not {args.duration}")
    if args.count <= 0:
        raise UsageError(f"--count must be positive, not {args.count}")
    if args.min_notice_hours < 0:
        raise UsageError("--min-notice-hours cannot be negative")
    if not args.ics_dir.is_dir():
        raise UsageError(f"--ics-dir {args.ics_dir} is not a directory")
    # The Swedish words people type (eftermiddag), as content/ names them; the ids work too.
    parts = {part.label.casefold(): part for part in content.parts_of_day}
    parts |= {part.id: part for part in content.parts_of_day}
    unknown = [name for name in args.part_of_day if name.casefold() not in parts]
    if unknown:
        choices = ", ".join(part.label.casefold() for part in content.parts_of_day)
        raise UsageError(f"unknown --part-of-day {unknown[0]!r}; choose from {choices}")
    query = SlotQuery(
        window_start=datetime.combine(first, time(0), zone),
        window_end=datetime.combine(last + timedelta(days=1), time(0), zone),
        duration=timedelta(minutes=args.duration),
        zone=zone,
        not_before=_now(args.now) + timedelta(hours=args.min_notice_hours),
        preferred_parts=tuple(parts[name.casefold()] for name in args.part_of_day),
        count=args.count,
        allow_tentative=args.allow_tentative,
    )
    attendees = [Attendee(email=address.strip().lower()) for address in args.attendee]
    return query, attendees


def _date(flag: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{flag} {value!r} is not a date like 2026-12-01") from None


def _render(search: SlotSearch, zone: ZoneInfo, content: Content, *, as_json: bool) -> str:
    reason = describe(search.reason, content.messages) if search.reason else None
    if as_json:
        slots = [
            {
                "start": slot.start.astimezone(zone).isoformat(),
                "end": slot.end.astimezone(zone).isoformat(),
                "rank": slot.rank,
            }
            for slot in search.slots
        ]
        return json.dumps({"slots": slots, "reason": reason}, ensure_ascii=False)
    if not search.slots:
        return reason or ""
    return "\n".join(
        f"{slot.rank}. {format_time_range_sv(slot.start, slot.end, zone)}" for slot in search.slots
    )
