"""Booking into iCalendar files: the invitation, the events in everyone's files, retries, races."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from scheduling.availability import (
    Attendee,
    Booking,
    CalendarError,
    MeetingRequest,
    Status,
)
from scheduling.calendars import IcsCalendars
from tests.clock import TestClock
from tests.scheduling_ics.calendar_files import vevent, write_calendar
from tests.scheduling_ics.conftest import STOCKHOLM

ORGANIZER = Attendee("coach@kommun.se", "Cecilia Coach")
ANNA = Attendee("anna.berg@kommun.se", "Anna Berg")
BO = Attendee("bo.ek@kommun.se", "Bo Ek")
ÅSA = Attendee("asa.oberg@kommun.se", "Åsa Öberg")


def meeting(
    transaction_id: str = "proposal-17/slot-3",
    start: datetime = datetime(2026, 3, 10, 14, tzinfo=STOCKHOLM),
    minutes: int = 60,
    attendees: tuple[Attendee, ...] = (ANNA, BO, ÅSA),
) -> MeetingRequest:
    return MeetingRequest(
        organizer=ORGANIZER,
        attendees=attendees,
        start=start,
        end=start + timedelta(minutes=minutes),
        subject="Innovationsteam 4: gruppträff 1",
        body="Förberedelse: läs kapitel 2; ta med en fråga, gärna två.",
        transaction_id=transaction_id,
    )


@pytest.fixture
def with_files(directory: Path) -> Path:
    """Anna and Bo have calendars (Bo's file name in capitals); Åsa and the organizer do not."""
    write_calendar(
        directory,
        ANNA.email,
        vevent(
            "anna-apt",
            "DTSTART;TZID=Europe/Stockholm:20260310T090000",
            "DTEND;TZID=Europe/Stockholm:20260310T100000",
            "SUMMARY:APT",
        ),
    )
    write_calendar(directory, BO.email.upper(), vevent("bo-x", "DTSTART;VALUE=DATE:20260101"))
    return directory


def file_bytes(path: str | None) -> bytes:
    assert path is not None
    return Path(path).read_bytes()


def calendar_files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.glob("*.ics"))}


async def test_booking_writes_a_method_request_invitation(
    calendars: IcsCalendars, with_files: Path
) -> None:
    request = meeting()

    booking = await calendars.book(request)

    assert isinstance(booking, Booking)
    assert booking.join_url is None
    assert booking.attendees == request.attendees
    assert booking.invitation_path is not None
    assert Path(booking.invitation_path).parent == with_files / "outbox"
    raw = file_bytes(booking.invitation_path)
    assert b"DTSTART:20260310T130000Z\r\n" in raw
    assert b"DTEND:20260310T140000Z\r\n" in raw

    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == booking.event_id
    assert event["SUMMARY"] == request.subject
    assert event["DESCRIPTION"] == request.body
    assert event.start == datetime(2026, 3, 10, 13, tzinfo=UTC)
    assert event.start.utcoffset() == timedelta(0)
    assert event.end == request.end
    assert str(event["ORGANIZER"]) == "mailto:coach@kommun.se"
    assert event["ORGANIZER"].params["CN"] == "Cecilia Coach"
    attendees = {str(a): a.params for a in event["ATTENDEE"]}
    assert set(attendees) == {f"mailto:{p.email}" for p in (ANNA, BO, ÅSA)}
    for params in attendees.values():
        assert params["PARTSTAT"] == "NEEDS-ACTION"
        assert params["RSVP"] == "TRUE"
    assert attendees["mailto:asa.oberg@kommun.se"]["CN"] == "Åsa Öberg"


async def test_uid_comes_from_the_transaction_id(directory: Path, tmp_path: Path) -> None:
    first = IcsCalendars(directory, zone=STOCKHOLM, clock=TestClock())
    elsewhere = tmp_path / "elsewhere"
    other = IcsCalendars(
        elsewhere, zone=STOCKHOLM, clock=TestClock(), outbox=tmp_path / "invitations"
    )

    one = await first.book(meeting("tx-1"))
    same = await other.book(meeting("tx-1"))
    different = await other.book(meeting("tx-2"))

    assert one.event_id == same.event_id
    assert different.event_id != one.event_id
    assert Path(same.invitation_path or "").parent == tmp_path / "invitations"


async def test_booked_time_is_busy_for_everyone_in_the_next_read(
    calendars: IcsCalendars, with_files: Path
) -> None:
    request = meeting()
    everyone = [ORGANIZER, ANNA, BO, ÅSA]
    day = (datetime(2026, 3, 10, tzinfo=STOCKHOLM), datetime(2026, 3, 11, tzinfo=STOCKHOLM))
    before = await calendars.read(everyone, *day)
    assert {u.attendee for u in before.unknown} == {ORGANIZER, ÅSA}

    await calendars.book(request)
    after = await calendars.read(everyone, *day)

    assert after.unknown == ()
    for availability in after.known:
        booked = [
            i for i in availability.intervals if (i.start, i.end) == (request.start, request.end)
        ]
        assert [i.status for i in booked] == [Status.BUSY], availability.attendee
    anna = next(a for a in after.known if a.attendee == ANNA)
    assert len(anna.intervals) == 2  # her APT is still there
    # Bo's file kept its own name; nobody got a second file
    assert sorted(calendar_files(with_files)) == [
        "BO.EK@KOMMUN.SE.ics",
        "anna.berg@kommun.se.ics",
        "asa.oberg@kommun.se.ics",
        "coach@kommun.se.ics",
    ]


async def test_existing_file_keeps_its_bytes(calendars: IcsCalendars, with_files: Path) -> None:
    path = with_files / f"{ANNA.email}.ics"
    original = path.read_bytes()
    head, tail = original.rsplit(b"END:VCALENDAR", 1)

    await calendars.book(meeting())

    updated = path.read_bytes()
    assert updated.startswith(head)
    assert updated.endswith(b"END:VCALENDAR" + tail)
    inserted = updated[len(head) : -len(b"END:VCALENDAR" + tail)]
    assert inserted.startswith(b"BEGIN:VEVENT\n")  # the file's own line endings
    assert b"\r" not in inserted
    parsed = icalendar.Calendar.from_ical(updated)
    assert next(str(e["UID"]) for e in parsed.walk("VEVENT")) == "anna-apt"


async def test_booking_twice_adds_nothing_twice(calendars: IcsCalendars, with_files: Path) -> None:
    first = await calendars.book(meeting())
    files = calendar_files(with_files)
    invitations = calendar_files(with_files / "outbox")

    again = await calendars.book(meeting())
    # a new provider (the bot restarted) retrying the same booking
    restarted = await IcsCalendars(with_files, zone=STOCKHOLM, clock=TestClock()).book(meeting())

    assert again == first == restarted
    assert calendar_files(with_files) == files
    assert calendar_files(with_files / "outbox") == invitations
    assert len(invitations) == 1
    for data in files.values():
        assert data.count(first.event_id.encode()) == 1


async def test_concurrent_bookings_lose_nothing(calendars: IcsCalendars, with_files: Path) -> None:
    requests = [
        meeting(f"tx-{n}", start=datetime(2026, 3, 11, 8, tzinfo=STOCKHOLM) + timedelta(hours=n))
        for n in range(8)
    ]

    bookings = await asyncio.gather(*(calendars.book(r) for r in requests))

    assert len({b.event_id for b in bookings}) == 8
    for name, data in calendar_files(with_files).items():
        uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
        assert {b.event_id for b in bookings} <= uids, name
    found = await calendars.read(
        [ORGANIZER, ANNA, BO, ÅSA],
        datetime(2026, 3, 11, tzinfo=STOCKHOLM),
        datetime(2026, 3, 12, tzinfo=STOCKHOLM),
    )
    assert [len(a.intervals) for a in found.known] == [8, 8, 8, 8]


async def test_broken_file_books_nobody(calendars: IcsCalendars, with_files: Path) -> None:
    broken = with_files / f"{ÅSA.email}.ics"
    broken.write_text("BEGIN:VCALENDAR\nthis is not a calendar\n", encoding="utf-8")
    files = calendar_files(with_files)

    with pytest.raises(CalendarError) as raised:
        await calendars.book(meeting())

    assert str(broken) in str(raised.value)
    assert calendar_files(with_files) == files
    assert not (with_files / "outbox").exists()


async def test_address_that_cannot_name_a_file_books_nobody(
    calendars: IcsCalendars, with_files: Path
) -> None:
    files = calendar_files(with_files)

    with pytest.raises(CalendarError, match="evil"):
        await calendars.book(meeting(attendees=(ANNA, Attendee("../../evil@kommun.se"))))

    assert calendar_files(with_files) == files
    assert not (with_files.parent / "evil@kommun.se.ics").exists()


async def test_booking_creates_the_directories(tmp_path: Path) -> None:
    calendars = IcsCalendars(tmp_path / "new" / "calendars", zone=STOCKHOLM, clock=TestClock())

    booking = await calendars.book(meeting())

    assert sorted(calendar_files(tmp_path / "new" / "calendars")) == [
        "anna.berg@kommun.se.ics",
        "asa.oberg@kommun.se.ics",
        "bo.ek@kommun.se.ics",
        "coach@kommun.se.ics",
    ]
    assert file_bytes(booking.invitation_path).startswith(b"BEGIN:VCALENDAR")
    assert not list((tmp_path / "new" / "calendars").glob(".*.tmp"))


async def test_naive_or_backwards_meeting_is_refused(calendars: IcsCalendars) -> None:
    naive = datetime(2026, 3, 10, 14)  # noqa: DTZ001
    with pytest.raises(ValueError, match="aware"):
        await calendars.book(meeting(start=naive))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ends before"):
        await calendars.book(meeting(minutes=-30))
