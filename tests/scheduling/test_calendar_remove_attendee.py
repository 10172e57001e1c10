"""Taking one person off a booked meeting (erasure), through Microsoft Graph (FakeGraph over
HTTP, "Update event" as documented) and in iCalendar files; the meeting stays for the others."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import icalendar
import pytest

from scheduling.availability import Attendee, Removal
from scheduling.calendars import IcsCalendars
from scheduling.calendars.graph import GraphCalendars
from tests.clock import TestClock
from tests.fakes.graph import FakeGraph
from tests.scheduling.test_calendar_cancel import ANNA, BO, DAY, ORGANIZER, STOCKHOLM, busy, meeting
from tests.scheduling_graph.conftest import RecordedSleep, make_calendars

EVERYONE = [ORGANIZER, ANNA, BO]


@pytest.fixture
async def graph(fake_graph: FakeGraph) -> AsyncIterator[GraphCalendars]:
    for person in EVERYONE:
        fake_graph.add_mailbox(person.email)
    provider = make_calendars(fake_graph, RecordedSleep())
    try:
        yield provider
    finally:
        await provider.close()


async def test_graph_takes_her_off_the_attendees_with_one_patch_of_attendees_only(
    fake_graph: FakeGraph, graph: GraphCalendars
) -> None:
    booking = await graph.book(meeting())
    fake_graph.clear()

    removal = await graph.remove_attendee(booking.event_id, ANNA, [ANNA, ORGANIZER, BO])

    assert removal == Removal(done=True)
    path = f"/v1.0/users/{{}}/events/{booking.event_id}"
    assert [(r.method, r.path, r.status) for r in fake_graph.requests] == [
        ("GET", path.format(ANNA.email), 404),  # event ids are per mailbox: not hers
        ("GET", path.format(ORGANIZER.email), 200),
        ("PATCH", path.format(ORGANIZER.email), 200),
    ]
    assert fake_graph.requests[1].query["$select"] == "attendees"
    [update] = fake_graph.event_updates
    assert set(update) == {"attendees"}  # so Exchange tells only the one who changed
    addresses = [a["emailAddress"]["address"] for a in update["attendees"]]
    assert addresses == [BO.email]  # the organizer is no attendee of her own event
    assert busy(await graph.read(EVERYONE, *DAY)) == {
        ORGANIZER.email: [(meeting().start, meeting().end)],
        ANNA.email: [],
        BO.email: [(meeting().start, meeting().end)],
    }


async def test_graph_a_meeting_she_organises_is_left_to_the_caller(
    fake_graph: FakeGraph, graph: GraphCalendars
) -> None:
    booking = await graph.book(meeting())
    fake_graph.clear()

    removal = await graph.remove_attendee(booking.event_id, ORGANIZER, EVERYONE)

    assert removal == Removal(done=False, organized_by_them=True)
    assert [r.method for r in fake_graph.requests] == ["GET"]
    assert fake_graph.event_updates == []


async def test_graph_an_event_gone_already_or_without_her_is_done(
    fake_graph: FakeGraph, graph: GraphCalendars
) -> None:
    booking = await graph.book(meeting())
    await graph.cancel(ORGANIZER, booking.event_id)
    assert await graph.remove_attendee(booking.event_id, ANNA, EVERYONE) == Removal(done=True)
    again = await graph.book(meeting("proposal-18"))
    stranger = Attendee("stranger@kommun.se", "Stina")
    assert await graph.remove_attendee(again.event_id, stranger, EVERYONE) == Removal(done=True)
    assert fake_graph.event_updates == []


async def test_fake_graph_refuses_read_only_properties_in_an_update(
    fake_graph: FakeGraph, graph: GraphCalendars
) -> None:
    booking = await graph.book(meeting())
    async with aiohttp.ClientSession() as session:
        url = f"{fake_graph.url}/v1.0/users/{ORGANIZER.email}/events/{booking.event_id}"
        async with session.patch(url, json={"organizer": {}}) as response:
            assert response.status == 400
            assert (await response.json())["error"]["code"] == (
                "ErrorInvalidPropertyUpdateSentAsPatch"
            )


# -- iCalendar files ------------------------------------------------------------------------


def _event(path: Path, uid: str) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid)


def _attendees(event: icalendar.Event) -> list[str]:
    found = event.get("ATTENDEE", [])
    return [str(a).lower() for a in (found if isinstance(found, list) else [found])]


async def test_ics_takes_her_off_everyones_copy_and_out_of_her_own_file(tmp_path: Path) -> None:
    ics = IcsCalendars(tmp_path, zone=STOCKHOLM, clock=TestClock())
    booking = await ics.book(meeting())
    assert booking.invitation_path is not None

    removal = await ics.remove_attendee(booking.event_id, ANNA, EVERYONE)

    assert removal == Removal(done=True)
    assert booking.event_id.encode() not in (tmp_path / f"{ANNA.email}.ics").read_bytes()
    for path in (tmp_path / f"{BO.email}.ics", Path(booking.invitation_path)):
        event = _event(path, booking.event_id)
        assert _attendees(event) == [f"mailto:{ORGANIZER.email}", f"mailto:{BO.email}"]
        assert int(event["SEQUENCE"]) == 1  # newer, so calendars take the change
    assert busy(await ics.read(EVERYONE, *DAY))[BO.email] == [(meeting().start, meeting().end)]


async def test_ics_a_meeting_she_organised_gets_another_organiser(tmp_path: Path) -> None:
    ics = IcsCalendars(tmp_path, zone=STOCKHOLM, clock=TestClock())
    booking = await ics.book(meeting())

    assert await ics.remove_attendee(booking.event_id, ORGANIZER, EVERYONE) == Removal(done=True)

    event = _event(tmp_path / f"{BO.email}.ics", booking.event_id)
    assert str(event["ORGANIZER"]).lower() == f"mailto:{ANNA.email}"
    assert ORGANIZER.email.encode() not in (tmp_path / f"{BO.email}.ics").read_bytes().lower()


async def test_graph_looks_past_a_mailbox_graph_does_not_know(
    fake_graph: FakeGraph, graph: GraphCalendars
) -> None:
    booking = await graph.book(meeting())
    gone = Attendee("left.the.org@kommun.se", "Gone")
    fake_graph.fail_next(
        404,
        method="GET",
        body={"error": {"code": "ErrorInvalidUser", "message": "The requested user is invalid."}},
    )

    removal = await graph.remove_attendee(booking.event_id, ANNA, [gone, ORGANIZER])

    assert removal == Removal(done=True)
    assert [a["emailAddress"]["address"] for a in fake_graph.event_updates[0]["attendees"]] == [
        BO.email
    ]


async def test_fake_graph_update_changes_only_what_the_body_names(
    fake_graph: FakeGraph, graph: GraphCalendars
) -> None:
    booking = await graph.book(meeting())
    async with aiohttp.ClientSession() as session:
        url = f"{fake_graph.url}/v1.0/users/{ORGANIZER.email}/events/{booking.event_id}"
        async with session.patch(url, json={"subject": "Nytt ämne"}) as response:
            assert response.status == 200
            event = await response.json()
    assert event["subject"] == "Nytt ämne"
    assert [a["emailAddress"]["address"] for a in event["attendees"]] == [ANNA.email, BO.email]
    assert event["start"] == fake_graph.events[0]["start"]
