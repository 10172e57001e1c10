"""The iCalendar provider: a directory with one `.ics` file per person, the embedded default.

`anna.berg@kommun.se.ics` is Anna's calendar (file names match e-mail addresses without regard
to case). Reading expands each file's events over the window into free/busy intervals; booking
writes a METHOD:REQUEST invitation into an outbox directory and adds the meeting to every
participant's file, so the next search sees it. Cancelling takes the event out of every file
again and writes a METHOD:CANCEL notice beside the invitation. All file work runs in worker
threads.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from clock import Clock
from scheduling.availability import (
    Attendee,
    Availability,
    Booking,
    CalendarError,
    Calendars,
    MeetingRequest,
    Removal,
    UnknownCalendar,
)
from scheduling.calendars.ics_read import ParsedCalendar, busy_intervals, parse_calendar
from scheduling.calendars.ics_write import (
    cancellation,
    invitation,
    invitation_name,
    meeting_event,
    new_calendar,
    outbox_names,
    unique_people,
    with_event,
    without_attendee,
    without_event,
    without_person,
    write_atomically,
)

SUFFIX = ".ics"
NO_FILE = "no calendar file"
NOT_AN_ADDRESS = "not an e-mail address that can name a calendar file"

# What may name a file: one @, no path separators, no whitespace or control characters.
_ADDRESS = re.compile(r"[^\s/\\@\x00-\x1f]+@[^\s/\\@\x00-\x1f]+")


@dataclass(frozen=True, slots=True)
class _Cached:
    mtime_ns: int
    size: int
    calendar: ParsedCalendar


class IcsCalendars:
    """`CalendarProvider` over a directory of iCalendar files, one per person.

    `zone` is the organisation's: all-day events cover its local days and floating times are
    read on its clock. Invitations go to `outbox` (default: `directory / "outbox"`).
    """

    def __init__(
        self, directory: Path, *, zone: ZoneInfo, clock: Clock, outbox: Path | None = None
    ) -> None:
        self.directory = Path(directory)
        self.zone = zone
        self._clock = clock
        self.outbox = Path(outbox) if outbox is not None else self.directory / "outbox"
        self._cache: dict[Path, _Cached] = {}
        # A thread lock, not an asyncio one: bookings run in worker threads, and this also holds
        # when the provider is shared between event loops (the CLI's asyncio.run, tests).
        self._booking = threading.Lock()

    def _stamp(self) -> datetime:
        """DTSTAMP: when this invitation was written, to the second."""
        return self._clock().replace(microsecond=0)

    async def read(
        self, attendees: Sequence[Attendee], start: datetime, end: datetime
    ) -> Calendars:
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("read() needs aware datetimes")
        if end <= start:
            raise ValueError(f"the window ends before it starts: {start} – {end}")
        return await asyncio.to_thread(self._read, tuple(attendees), start, end)

    async def close(self) -> None:
        """Nothing to release: files are opened and closed per read and booking."""

    async def book(self, meeting: MeetingRequest) -> Booking:
        if meeting.start.tzinfo is None or meeting.end.tzinfo is None:
            raise ValueError("a meeting needs aware datetimes")
        if meeting.end <= meeting.start:
            raise ValueError(f"the meeting ends before it starts: {meeting.start} – {meeting.end}")
        return await asyncio.to_thread(self._book_locked, meeting)

    async def cancel(self, organizer: Attendee, event_id: str) -> None:
        """Take the event out of every file in the directory and write a METHOD:CANCEL notice.

        `organizer` is not needed: every person's file is searched for the event.
        """
        if not event_id:
            raise ValueError("cancel() needs the booking's event id")
        await asyncio.to_thread(self._cancel_locked, event_id)

    async def remove_attendee(
        self, event_id: str, person: Attendee, organizers: Sequence[Attendee]
    ) -> Removal:
        """Take the person off the event: out of their own file, off its attendees (and
        organizer) in everyone else's and in the invitation. Any file may hold it, so
        `organizers` is not needed."""
        if not event_id:
            raise ValueError("remove_attendee() needs the booking's event id")
        await asyncio.to_thread(self._remove_locked, event_id, person)
        return Removal(done=True)

    async def forget(self, email: str, name: str) -> int:
        """Erasure: the person's own calendar file is deleted, and every other calendar file and
        invitation or cancellation notice keeps nothing that names them (their attendee lines,
        their name). Returns how many files changed."""
        return await asyncio.to_thread(self._forget_locked, email, name)

    # -- reading (worker thread) -----------------------------------------------------------

    def _read(self, attendees: tuple[Attendee, ...], start: datetime, end: datetime) -> Calendars:
        files = self._files()
        known: list[Availability] = []
        unknown: list[UnknownCalendar] = []
        for attendee in attendees:
            key = _file_key(attendee.email)
            if key is None:
                unknown.append(UnknownCalendar(attendee, NOT_AN_ADDRESS))
                continue
            path = _one_file(files, key, attendee)
            calendar = self._load(path) if path is not None else None
            if calendar is None:
                unknown.append(UnknownCalendar(attendee, NO_FILE))
                continue
            intervals = busy_intervals(calendar, start, end, self.zone)
            known.append(Availability(attendee=attendee, intervals=intervals))
        return Calendars(known=tuple(known), unknown=tuple(unknown))

    def _files(self) -> dict[str, list[Path]]:
        """The directory's calendar files by lower-cased e-mail address."""
        files: dict[str, list[Path]] = {}
        try:
            with os.scandir(self.directory) as entries:
                for entry in entries:
                    name = entry.name
                    if name.startswith(".") or not name.lower().endswith(SUFFIX):
                        continue
                    if entry.is_file():
                        files.setdefault(name[: -len(SUFFIX)].lower(), []).append(Path(entry.path))
        except FileNotFoundError as error:
            raise CalendarError(f"{self.directory}: no such calendar directory") from error
        except OSError as error:
            raise CalendarError(
                f"{self.directory}: calendar directory unreadable ({error})"
            ) from error
        return files

    def _load(self, path: Path) -> ParsedCalendar | None:
        """The parsed file, from the cache while its modification time and size are unchanged.

        None when the file vanished since the directory was listed.
        """
        try:
            with path.open("rb") as file:
                status = os.fstat(file.fileno())
                cached = self._cache.get(path)
                if (
                    cached is not None
                    and cached.mtime_ns == status.st_mtime_ns
                    and cached.size == status.st_size
                ):
                    return cached.calendar
                data = file.read()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise CalendarError(f"{path}: calendar file unreadable ({error})") from error
        calendar = parse_calendar(path, data)
        self._cache[path] = _Cached(status.st_mtime_ns, status.st_size, calendar)
        return calendar

    # -- booking (worker thread) -----------------------------------------------------------

    def _book_locked(self, meeting: MeetingRequest) -> Booking:
        with self._booking:
            return self._book(meeting)

    def _book(self, meeting: MeetingRequest) -> Booking:
        people: list[tuple[Attendee, str]] = []
        bad: list[str] = []
        for person in unique_people([meeting.organizer, *meeting.attendees]):
            key = _file_key(person.email)
            if key is None:
                bad.append(person.email)
            else:
                people.append((person, key))
        if bad:
            raise CalendarError(f"cannot book: {', '.join(bad)}: {NOT_AN_ADDRESS}")
        event = meeting_event(meeting, self._stamp())
        uid = str(event["UID"])
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CalendarError(f"{self.directory}: cannot create ({error})") from error
        files = self._files()

        # Decide every file's new content before writing any, so one broken file books nobody.
        writes: list[tuple[Path, bytes]] = []
        for person, key in people:
            path = _one_file(files, key, person) or self.directory / f"{key}{SUFFIX}"
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                writes.append((path, new_calendar(event)))
                continue
            except OSError as error:
                raise CalendarError(f"{path}: calendar file unreadable ({error})") from error
            if uid not in parse_calendar(path, data).uids:
                writes.append((path, with_event(path, data, event)))
        for path, data in writes:
            write_atomically(path, data)

        invitation_path = self.outbox / invitation_name(meeting)
        if not invitation_path.exists():
            try:
                self.outbox.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise CalendarError(f"{self.outbox}: cannot create ({error})") from error
            write_atomically(invitation_path, invitation(event))
        return Booking(
            event_id=uid,
            join_url=None,
            invitation_path=str(invitation_path),
            attendees=meeting.attendees,
        )

    # -- cancelling (worker thread) ---------------------------------------------------------

    def _cancel_locked(self, uid: str) -> None:
        with self._booking:
            self._cancel(uid)

    def _cancel(self, uid: str) -> None:
        # Decide every file's new content before writing any, as booking does.
        writes: list[tuple[Path, bytes]] = []
        removed: list[icalendar.Event] = []
        for paths in self._files().values():
            for path in paths:
                try:
                    data = path.read_bytes()
                except FileNotFoundError:
                    continue
                except OSError as error:
                    raise CalendarError(f"{path}: calendar file unreadable ({error})") from error
                found = without_event(data, uid)
                if found is not None:
                    writes.append((path, found[0]))
                    removed.extend(found[1])

        # The notice first: if a file write then fails, a retried cancel still removes the event
        # and finds the notice already written.
        invitation_file, notice_name = outbox_names(uid)
        notice = self.outbox / notice_name
        if not notice.exists():
            event = _event_in(self.outbox / invitation_file, uid) or next(iter(removed), None)
            if event is not None:  # else nothing is known of it: nothing to tell anyone
                try:
                    self.outbox.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise CalendarError(f"{self.outbox}: cannot create ({error})") from error
                write_atomically(notice, cancellation(event, self._stamp()))

        for path, data in writes:
            write_atomically(path, data)
            # The cache trusts modification time and size, and a write in the same clock tick
            # can leave both as they were (a cancel, then a booking of the same length).
            self._cache.pop(path, None)

    def _remove_locked(self, uid: str, person: Attendee) -> None:
        with self._booking:
            self._remove(uid, person)

    def _remove(self, uid: str, person: Attendee) -> None:
        files = self._files() if self.directory.is_dir() else {}
        own = _file_key(person.email)
        invitation_file = self.outbox / outbox_names(uid)[0]
        paths = [p for key, found in files.items() for p in found] + [invitation_file]
        writes: list[tuple[Path, bytes]] = []  # decided before any is written, as booking does
        for path in paths:
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue
            except OSError as error:
                raise CalendarError(f"{path}: calendar file unreadable ({error})") from error
            if own is not None and path in files.get(own, []):
                found = without_event(data, uid)
                changed = found[0] if found is not None else None
            else:
                changed = without_attendee(data, uid, person.email)
            if changed is not None:
                writes.append((path, changed))
        for path, data in writes:
            write_atomically(path, data)
            self._cache.pop(path, None)

    def _forget_locked(self, email: str, name: str) -> int:
        with self._booking:
            return self._forget(email, name)

    def _forget(self, email: str, name: str) -> int:
        key = _file_key(email)
        changed = 0
        files = self._files() if self.directory.is_dir() else {}
        for path in files.pop(key, []) if key else []:
            path.unlink(missing_ok=True)
            self._cache.pop(path, None)
            changed += 1
        others = [path for paths in files.values() for path in paths]
        if self.outbox.is_dir():
            others += [p for p in self.outbox.iterdir() if p.suffix.lower() == SUFFIX]
        for path in others:
            try:
                scrubbed = without_person(path.read_bytes(), email, name)
            except FileNotFoundError:
                continue
            except OSError as error:
                raise CalendarError(f"{path}: calendar file unreadable ({error})") from error
            if scrubbed is not None:
                write_atomically(path, scrubbed)
                self._cache.pop(path, None)
                changed += 1
        return changed


def _event_in(path: Path, uid: str) -> icalendar.Event | None:
    """The event `uid` in an invitation file; None when there is no readable one."""
    try:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
    except Exception:  # missing or unreadable: the calendars' copy of the event does instead
        return None
    events = (e for e in calendar.walk("VEVENT") if isinstance(e, icalendar.Event))
    return next((e for e in events if str(e.get("UID", "")) == uid), None)


def _file_key(email: str) -> str | None:
    """The lower-cased address that names a person's file; None when it cannot name one."""
    address = email.strip().lower()
    if not _ADDRESS.fullmatch(address) or address.startswith("."):
        return None
    return address


def _one_file(files: dict[str, list[Path]], key: str, person: Attendee) -> Path | None:
    paths = files.get(key, [])
    if len(paths) > 1:
        names = ", ".join(sorted(str(p) for p in paths))
        raise CalendarError(f"{names}: more than one calendar file for {person.email}")
    return paths[0] if paths else None
