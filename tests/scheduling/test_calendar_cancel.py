"""Cancelling a booked meeting, in iCalendar files and through Microsoft Graph (FakeGraph)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from scheduling.availability import Attendee, CalendarError, Calendars, MeetingRequest
from scheduling.calendars import IcsCalendars
from scheduling.calendars.graph import GraphCalendars
from tests.clock import TestClock
from tests.fakes.graph import FakeGraph
from tests.scheduling_graph.conftest import RecordedSleep, make_calendars
from tests.scheduling_ics.calendar_files import vevent, write_calendar

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ORGANIZER = Attendee("coach@kommun.se", "Cecilia Coach")
ANNA = Attendee("anna.berg@kommun.se", "Anna Berg")
BO = Attendee("bo.ek@kommun.se", "Bo Ek")
START = datetime(2026, 3, 10, 14, tzinfo=STOCKHOLM)
DAY = (datetime(2026, 3, 10, tzinfo=STOCKHOLM), datetime(2026, 3, 11, tzinfo=STOCKHOLM))


def meeting(transaction_id: str = "proposal-17", start: datetime = START) -> MeetingRequest:
    return MeetingRequest(
        organizer=ORGANIZER,
        attendees=(ORGANIZER, ANNA, BO),
        start=start,
        end=start + timedelta(hours=1),
        subject="Innovationsteam 4: gruppträff 1",
        transaction_id=transaction_id,
    )


def busy(found: Calendars) -> dict[str, list[tuple[datetime, datetime]]]:
    assert found.unknown == ()
    return {a.attendee.email: [(i.start, i.end) for i in a.intervals] for a in found.known}


# -- iCalendar files ------------------------------------------------------------------------


def snapshot(directory: Path) -> dict[Path, bytes]:
    """Every calendar and outbox file with its bytes."""
    return {p: p.read_bytes() for p in directory.rglob("*.ics")}


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    """Anna has a calendar of her own with one appointment; Bo and the organizer have none."""
    path = tmp_path / "calendars"
    path.mkdir()
    write_calendar(
        path,
        ANNA.email,
        vevent(
            "anna-apt",
            "DTSTART;TZID=Europe/Stockholm:20260310T090000",
            "DTEND;TZID=Europe/Stockholm:20260310T100000",
            "SUMMARY:APT",
        ),
    )
    return path


@pytest.fixture
def ics(directory: Path) -> IcsCalendars:
    return IcsCalendars(directory, zone=STOCKHOLM, clock=TestClock())


async def test_ics_cancel_frees_the_time_and_keeps_other_events(
    ics: IcsCalendars, directory: Path
) -> None:
    anna_file = directory / f"{ANNA.email}.ics"
    anna_before = anna_file.read_bytes()
    booking = await ics.book(meeting())
    assert all(busy(await ics.read([ORGANIZER, ANNA, BO], *DAY)).values())  # read: now cached

    await ics.cancel(ORGANIZER, booking.event_id)

    apt = (datetime(2026, 3, 10, 9, tzinfo=STOCKHOLM), datetime(2026, 3, 10, 10, tzinfo=STOCKHOLM))
    assert busy(await ics.read([ORGANIZER, ANNA, BO], *DAY)) == {
        ORGANIZER.email: [],
        ANNA.email: [apt],
        BO.email: [],
    }
    assert anna_file.read_bytes() == anna_before  # her own event, byte for byte
    assert booking.event_id.encode() not in (directory / f"{BO.email}.ics").read_bytes()


async def test_ics_cancel_writes_a_method_cancel_notice(ics: IcsCalendars, directory: Path) -> None:
    booking = await ics.book(meeting())

    await ics.cancel(ORGANIZER, booking.event_id)

    outbox = directory / "outbox"
    assert booking.invitation_path is not None
    [notice] = [p for p in outbox.iterdir() if p.name.startswith("cancel-")]
    assert notice.name == Path(booking.invitation_path).name.replace("invitation-", "cancel-")
    calendar = icalendar.Calendar.from_ical(notice.read_bytes())
    assert calendar["METHOD"] == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == booking.event_id
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert event.start == START
    assert {str(a) for a in event["ATTENDEE"]} == {f"mailto:{p.email}" for p in meeting().attendees}
    assert str(event["ORGANIZER"]) == f"mailto:{ORGANIZER.email}"


async def test_ics_cancel_twice_or_of_an_unknown_event_is_no_error(
    ics: IcsCalendars, directory: Path
) -> None:
    booking = await ics.book(meeting())
    await ics.cancel(ORGANIZER, booking.event_id)
    files = snapshot(directory)

    await ics.cancel(ORGANIZER, booking.event_id)
    await ics.cancel(ORGANIZER, "no-such-event@expeditionsboten")

    assert snapshot(directory) == files


async def test_ics_cancel_of_an_event_deleted_by_hand_still_sends_the_notice(
    ics: IcsCalendars, directory: Path
) -> None:
    booking = await ics.book(meeting())
    for person in (ORGANIZER, BO):
        (directory / f"{person.email}.ics").unlink()

    await ics.cancel(ORGANIZER, booking.event_id)

    assert busy(await ics.read([ANNA], *DAY))[ANNA.email] == [
        (datetime(2026, 3, 10, 9, tzinfo=STOCKHOLM), datetime(2026, 3, 10, 10, tzinfo=STOCKHOLM))
    ]
    assert [p.name.split("-")[0] for p in sorted((directory / "outbox").iterdir())] == [
        "cancel",
        "invitation",
    ]


async def test_ics_read_after_cancel_does_not_trust_an_unchanged_mtime_and_size(
    ics: IcsCalendars, directory: Path
) -> None:
    bo_file = directory / f"{BO.email}.ics"
    first = await ics.book(meeting("proposal-17"))
    await ics.read([BO], *DAY)
    stamp = bo_file.stat().st_mtime_ns

    await ics.cancel(ORGANIZER, first.event_id)
    later = START + timedelta(hours=2)
    await ics.book(meeting("proposal-18", later))  # same length as the first: same size
    os.utime(bo_file, ns=(stamp, stamp))  # as if written in the same clock tick

    assert busy(await ics.read([BO], *DAY))[BO.email] == [(later, later + timedelta(hours=1))]


async def test_ics_cancel_without_the_directory_is_a_calendar_error(tmp_path: Path) -> None:
    provider = IcsCalendars(tmp_path / "missing", zone=STOCKHOLM, clock=TestClock())

    with pytest.raises(CalendarError, match="no such calendar directory"):
        await provider.cancel(ORGANIZER, "x@expeditionsboten")


# -- Microsoft Graph ------------------------------------------------------------------------


@pytest.fixture
def sleep() -> RecordedSleep:
    return RecordedSleep()


@pytest.fixture
async def graph(fake_graph: FakeGraph, sleep: RecordedSleep) -> AsyncIterator[GraphCalendars]:
    for person in (ORGANIZER, ANNA, BO):
        fake_graph.add_mailbox(person.email)
    provider = make_calendars(fake_graph, sleep)
    try:
        yield provider
    finally:
        await provider.close()


async def test_graph_cancel_deletes_the_event_and_frees_the_time(
    fake_graph: FakeGraph, graph: GraphCalendars
) -> None:
    booking = await graph.book(meeting())
    assert all(busy(await graph.read([ORGANIZER, ANNA, BO], *DAY)).values())
    fake_graph.clear()

    await graph.cancel(ORGANIZER, booking.event_id)

    [request] = fake_graph.requests
    assert (request.method, request.path, request.status) == (
        "DELETE",
        f"/v1.0/users/{ORGANIZER.email}/events/{booking.event_id}",
        204,
    )
    assert fake_graph.events == []
    assert busy(await graph.read([ORGANIZER, ANNA, BO], *DAY)) == {
        ORGANIZER.email: [],
        ANNA.email: [],
        BO.email: [],
    }


async def test_graph_cancel_twice_or_of_an_unknown_event_is_no_error(
    fake_graph: FakeGraph, graph: GraphCalendars, sleep: RecordedSleep
) -> None:
    booking = await graph.book(meeting())
    fake_graph.clear()

    await graph.cancel(ORGANIZER, booking.event_id)
    await graph.cancel(ORGANIZER, booking.event_id)
    await graph.cancel(ORGANIZER, "AAMkAGZha2UtZ3JhcGgunknownAAA=")

    assert [r.status for r in fake_graph.requests] == [204, 404, 404]
    assert fake_graph.requests[1].response_json["error"]["code"] == "ErrorItemNotFound"
    assert sleep.waits == []


async def test_graph_cancel_waits_out_a_429(
    fake_graph: FakeGraph, graph: GraphCalendars, sleep: RecordedSleep
) -> None:
    booking = await graph.book(meeting())
    fake_graph.clear()
    fake_graph.fail_next(429, retry_after=3, method="DELETE")

    await graph.cancel(ORGANIZER, booking.event_id)

    assert [(r.method, r.status) for r in fake_graph.requests] == [
        ("DELETE", 429),
        ("DELETE", 204),
    ]
    assert sleep.waits == [3.0]
    assert fake_graph.events == []


async def test_graph_cancel_in_a_mailbox_graph_cannot_find_is_a_calendar_error(
    fake_graph: FakeGraph, graph: GraphCalendars
) -> None:
    fake_graph.fail_next(
        404,
        method="DELETE",
        body={"error": {"code": "ErrorInvalidUser", "message": "The requested user is invalid."}},
    )

    with pytest.raises(CalendarError, match="ErrorInvalidUser"):
        await graph.cancel(Attendee("nobody@kommun.se"), "AAMkAGZha2UtZ3JhcGg00000001AAA=")
