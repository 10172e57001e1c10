"""Writing bookings as iCalendar: the METHOD:REQUEST invitation and the event in each calendar,
and, to cancel, the METHOD:CANCEL notice and the event taken out again.

Pure builders (meeting -> VEVENT, VEVENT -> invitation bytes, file bytes + VEVENT -> new bytes,
file bytes - UID -> new bytes) plus one atomic file write. An existing calendar file keeps every
byte it had: the new event is inserted before its last END:VCALENDAR, and a cancelled one is cut
out line for line, so a calendar exported from another program is never rewritten by
icalendar's serializer.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import icalendar

from scheduling.availability import Attendee, CalendarError, MeetingRequest

PRODID = "-//Expeditionsboten//Kalender//SV"
UID_DOMAIN = "expeditionsboten"
_UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:expeditionsboten:booking")
# A whole VEVENT, BEGIN line to END line: VEVENTs never nest, so the first END:VEVENT closes it.
_VEVENT = re.compile(
    rb"^BEGIN:VEVENT[ \t]*\r?\n.*?^END:VEVENT[ \t]*(?:\r?\n|\Z)", re.MULTILINE | re.DOTALL | re.I
)
_FOLD = re.compile(rb"\r?\n[ \t]")


def booking_key(meeting: MeetingRequest) -> uuid.UUID:
    """A stable key for the meeting: from its transaction id, or from its content if it has none.

    The same transaction id always gives the same key, so a retried booking finds its own event.
    """
    if meeting.transaction_id:
        return uuid.uuid5(_UID_NAMESPACE, meeting.transaction_id)
    people = ",".join(sorted(a.email.lower() for a in meeting.attendees))
    content = "|".join(
        (
            meeting.organizer.email.lower(),
            people,
            meeting.start.astimezone(UTC).isoformat(),
            meeting.end.astimezone(UTC).isoformat(),
            meeting.subject,
        )
    )
    return uuid.uuid5(_UID_NAMESPACE, "content:" + hashlib.sha256(content.encode()).hexdigest())


def booking_uid(meeting: MeetingRequest) -> str:
    return f"{booking_key(meeting)}@{UID_DOMAIN}"


def invitation_name(meeting: MeetingRequest) -> str:
    """The invitation's file name in the outbox."""
    return f"invitation-{booking_key(meeting)}.ics"


def outbox_names(uid: str) -> tuple[str, str]:
    """The invitation's and the cancellation's file names in the outbox for the event `uid`."""
    key = uid.removesuffix(f"@{UID_DOMAIN}")
    try:
        ours = str(uuid.UUID(key)) == key
    except ValueError:
        ours = False
    if not ours:  # never let an id that is not ours name a path
        key = hashlib.sha256(uid.encode()).hexdigest()
    return f"invitation-{key}.ics", f"cancel-{key}.ics"


def meeting_event(meeting: MeetingRequest, stamp: datetime) -> icalendar.Event:
    """The meeting as a VEVENT in UTC, busy, with the organizer and everyone invited."""
    event = icalendar.Event()
    event.add("UID", booking_uid(meeting))
    event.add("DTSTAMP", stamp.astimezone(UTC))
    event.add("DTSTART", meeting.start.astimezone(UTC))
    event.add("DTEND", meeting.end.astimezone(UTC))
    event.add("SEQUENCE", 0)
    event.add("SUMMARY", meeting.subject)
    if meeting.body:
        event.add("DESCRIPTION", meeting.body)
    event.add("ORGANIZER", _address(meeting.organizer))
    organizer = meeting.organizer.email.lower()
    for attendee in unique_people(meeting.attendees):
        if attendee.email.lower() == organizer:
            event.add("ATTENDEE", _address(attendee, PARTSTAT="ACCEPTED"))
        else:
            event.add(
                "ATTENDEE",
                _address(attendee, PARTSTAT="NEEDS-ACTION", RSVP="TRUE"),
            )
    event.add("STATUS", "CONFIRMED")
    event.add("TRANSP", "OPAQUE")
    event.add("X-MICROSOFT-CDO-BUSYSTATUS", "BUSY")
    event.add("X-MICROSOFT-CDO-INTENDEDSTATUS", "BUSY")
    return event


def invitation(event: icalendar.Event) -> bytes:
    """A METHOD:REQUEST calendar holding the event: what a mail client treats as an invitation."""
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "REQUEST")
    calendar.add_component(event)
    return _serialized(calendar)


def cancellation(event: icalendar.Event, stamp: datetime) -> bytes:
    """A METHOD:CANCEL calendar for the event: what a mail client treats as a cancellation."""
    notice = icalendar.Event.from_ical(event.to_ical())  # a copy: the caller's event stays
    notice.subcomponents.clear()  # alarms are the holder's own, not part of the meeting
    sequence = int(notice.pop("SEQUENCE", 0)) + 1  # attendees ignore a CANCEL that is not newer
    notice.pop("DTSTAMP", None)
    notice.pop("STATUS", None)
    notice.add("DTSTAMP", stamp.astimezone(UTC))
    notice.add("SEQUENCE", sequence)
    notice.add("STATUS", "CANCELLED")
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "CANCEL")
    calendar.add_component(notice)
    return _serialized(calendar)


def new_calendar(event: icalendar.Event) -> bytes:
    """A person's calendar file holding only this event."""
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add_component(event)
    return _serialized(calendar)


def _serialized(calendar: icalendar.Calendar) -> bytes:
    ical: bytes = calendar.to_ical()  # icalendar leaves to_ical unannotated
    return ical


def with_event(path: Path, data: bytes, event: icalendar.Event) -> bytes:
    """The file's bytes with the event inserted before its last END:VCALENDAR line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CalendarError(f"{path}: not a UTF-8 iCalendar file, left as it was") from error
    lines = text.splitlines(keepends=True)
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip().upper() == "END:VCALENDAR":
            break
    else:
        raise CalendarError(f"{path}: no END:VCALENDAR to add the event before, left as it was")
    newline = "\r\n" if text.count("\r\n") * 2 >= text.count("\n") else "\n"
    block = event.to_ical().decode("utf-8").replace("\r\n", newline)
    return "".join([*lines[:index], block, *lines[index:]]).encode("utf-8")


def without_event(data: bytes, uid: str) -> tuple[bytes, list[icalendar.Event]] | None:
    """The file's bytes without the VEVENTs whose UID is `uid`, and those events.

    None when the file holds no such event. Every other byte stays as it was.
    """
    needle = uid.encode()
    removed: list[icalendar.Event] = []
    kept: list[bytes] = []
    position = 0
    for block in _VEVENT.finditer(data):
        if needle not in _FOLD.sub(b"", block[0]):  # parse only what can be this one
            continue
        try:
            event = icalendar.Event.from_ical(block[0])
        except Exception:  # not readable as an event: then it is not ours to remove either
            continue
        if not isinstance(event, icalendar.Event):  # from_ical gives what the block says it is
            continue
        if str(event.get("UID", "")) == uid:
            removed.append(event)
            kept.append(data[position : block.start()])
            position = block.end()
    if not removed:
        return None
    kept.append(data[position:])
    return b"".join(kept), removed


def without_attendee(data: bytes, uid: str, email: str) -> bytes | None:
    """The file's bytes with the person taken off the event `uid` (their ATTENDEE line; when
    they organised it, the first remaining attendee organises it), its SEQUENCE one higher so
    calendars take the change. None when the file holds no such event naming them; every byte
    outside that event stays as it was."""
    address = f"mailto:{email.strip().lower()}"
    kept: list[bytes] = []
    position, changed = 0, False
    for block in _VEVENT.finditer(data):
        if uid.encode() not in _FOLD.sub(b"", block[0]):
            continue
        try:
            event = icalendar.Event.from_ical(block[0])
        except Exception:  # not readable as an event: not ours to change either
            continue
        if not isinstance(event, icalendar.Event) or str(event.get("UID", "")) != uid:
            continue
        rewritten = _without_address(event, address)
        if rewritten is None:
            continue
        newline = b"\r\n" if block[0].count(b"\r\n") * 2 >= block[0].count(b"\n") else b"\n"
        kept += [data[position : block.start()], rewritten.replace(b"\r\n", newline)]
        position, changed = block.end(), True
    if not changed:
        return None
    kept.append(data[position:])
    return b"".join(kept)


def _without_address(event: icalendar.Event, address: str) -> bytes | None:
    attendees = event.get("ATTENDEE", [])
    attendees = attendees if isinstance(attendees, list) else [attendees]
    others = [a for a in attendees if str(a).lower() != address]
    organizer = event.get("ORGANIZER")
    theirs = organizer is not None and str(organizer).lower() == address
    if len(others) == len(attendees) and not theirs:
        return None
    event.pop("ATTENDEE", None)
    for attendee in others:
        event.add("ATTENDEE", attendee)
    if theirs:
        event.pop("ORGANIZER", None)
        if others:
            event.add("ORGANIZER", icalendar.vCalAddress(str(others[0])))
    sequence = int(event.pop("SEQUENCE", 0)) + 1
    event.add("SEQUENCE", sequence)
    serialized: bytes = event.to_ical()
    return serialized


def without_person(data: bytes, email: str, name: str) -> bytes | None:
    """The file's bytes with nothing that names the person (erasure): lines with their address
    (ATTENDEE, ORGANIZER) are dropped, their name is cut out of the others. None when the file
    does not name them. Lines that do not name them keep every byte.
    """
    needles = [n.lower() for n in (email.strip(), name.strip()) if len(n.strip()) >= 3]
    if not needles:
        return None
    address = email.strip().lower()
    text = data.decode("utf-8", errors="surrogateescape")
    # Logical lines: a line with its folded continuations (RFC 5545, 3.1).
    logical = re.split(r"(?<=\n)(?=[^ \t])", text)
    kept: list[str] = []
    changed = False
    for line in logical:
        unfolded = re.sub(r"\r?\n[ \t]", "", line)
        lowered = unfolded.lower()
        if not any(n in lowered for n in needles):
            kept.append(line)
            continue
        changed = True
        if address and address in lowered:
            continue  # their ATTENDEE/ORGANIZER line
        for needle in needles:
            unfolded = re.sub(re.escape(needle), "", unfolded, flags=re.IGNORECASE)
        kept.append(unfolded)
    if not changed:
        return None
    return "".join(kept).encode("utf-8", errors="surrogateescape")


def write_atomically(path: Path, data: bytes) -> None:
    """Write a whole file or nothing: a temporary file beside it, then `os.replace`.

    An existing file keeps its permissions; a new one gets the process's default ones.
    """
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise CalendarError(f"{path}: could not be written ({error})") from error


def unique_people(people: Iterable[Attendee]) -> list[Attendee]:
    """People in order, each e-mail address (case-insensitively) once."""
    seen: set[str] = set()
    unique: list[Attendee] = []
    for person in people:
        key = person.email.lower()
        if key not in seen:
            seen.add(key)
            unique.append(person)
    return unique


def _address(person: Attendee, **parameters: str) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = person.name
    if parameters:
        address.params["CUTYPE"] = "INDIVIDUAL"
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params.update(parameters)
    return address
