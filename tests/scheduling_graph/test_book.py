"""GraphCalendars.book against FakeGraph: the event body, the join URL, idempotent retries."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from scheduling.availability import Attendee, Interval, MeetingRequest, Status
from scheduling.calendars import graph
from scheduling.calendars.graph import GraphCalendars
from tests.fakes.graph import FakeGraph
from tests.scheduling_graph.conftest import STOCKHOLM, RecordedSleep

JONAS = Attendee("jonas.gumbel@uppsala.example", "Jonas Gumbel")
KARIN = Attendee("karin.lund@uppsala.example", "Karin Lund")
PER = Attendee("per.nilsson@uppsala.example")
START = datetime(2026, 3, 2, 14, tzinfo=STOCKHOLM)  # 13:00 UTC


def meeting(transaction_id: str = "proposal-17", *, online: bool = True) -> MeetingRequest:
    return MeetingRequest(
        organizer=JONAS,
        attendees=(JONAS, KARIN, PER),
        start=START,
        end=START + timedelta(hours=1),
        subject="Innovationsteam 4: träff 2",
        body="Förbered modul 2.",
        transaction_id=transaction_id,
        online=online,
    )


async def test_booking_sends_the_event_and_returns_the_join_url(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    fake_graph.add_mailbox(JONAS.email, name="Jonas Gumbel")

    booking = await calendars.book(meeting())

    [request] = fake_graph.requests
    assert request.path == f"/v1.0/users/{JONAS.email}/events"
    sent = request.json
    assert sent["subject"] == "Innovationsteam 4: träff 2"
    assert sent["body"] == {"contentType": "text", "content": "Förbered modul 2."}
    assert sent["start"] == {"dateTime": "2026-03-02T13:00:00", "timeZone": "UTC"}
    assert sent["end"] == {"dateTime": "2026-03-02T14:00:00", "timeZone": "UTC"}
    # the SDK adds "@odata.type" to each attendee; the organizer is not invited to their own
    attendees = [{k: v for k, v in a.items() if k != "@odata.type"} for a in sent["attendees"]]
    assert attendees == [
        {"emailAddress": {"address": KARIN.email, "name": "Karin Lund"}, "type": "required"},
        {"emailAddress": {"address": PER.email, "name": "per.nilsson"}, "type": "required"},
    ]
    assert sent["isOnlineMeeting"] is True
    assert sent["onlineMeetingProvider"] == "teamsForBusiness"
    assert sent["transactionId"] == "proposal-17"
    assert request.status == 201

    [event] = fake_graph.events
    assert booking.event_id == event["id"]
    assert booking.join_url == event["onlineMeeting"]["joinUrl"]
    assert booking.join_url.startswith("https://teams.microsoft.com/l/meetup-join/")
    assert booking.attendees == (JONAS, KARIN, PER)


async def test_booking_twice_with_one_transaction_id_books_once(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    first = await calendars.book(meeting("proposal-17"))
    again = await calendars.book(meeting("proposal-17"))
    other = await calendars.book(meeting("proposal-18"))

    assert again == first
    assert other.event_id != first.event_id
    assert (len(fake_graph.events), fake_graph.event_posts) == (2, 3)


async def test_a_booking_that_meets_a_503_is_retried_and_books_once(
    fake_graph: FakeGraph, calendars: GraphCalendars, sleep: RecordedSleep
) -> None:
    fake_graph.fail_next(503, retry_after=2, path_contains="/events")

    booking = await calendars.book(meeting())

    assert [r.status for r in fake_graph.requests] == [503, 201]
    assert fake_graph.requests[0].json["transactionId"] == "proposal-17"
    assert fake_graph.requests[1].json["transactionId"] == "proposal-17"
    assert sleep.waits == [2.0]
    assert [e["id"] for e in fake_graph.events] == [booking.event_id]


async def test_without_a_transaction_id_retries_still_share_one(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    fake_graph.fail_next(502, path_contains="/events")

    await calendars.book(meeting(""))

    first, second = (r.json["transactionId"] for r in fake_graph.requests)
    assert first and first == second


async def test_an_offline_meeting_has_no_join_url(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    booking = await calendars.book(meeting(online=False))

    sent = fake_graph.requests[0].json
    assert sent["isOnlineMeeting"] is False
    assert "onlineMeetingProvider" not in sent
    assert booking.join_url is None and booking.event_id


async def test_a_booked_meeting_shows_as_busy_without_its_subject(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    for person in (JONAS, KARIN, PER):
        fake_graph.add_mailbox(person.email)
    await calendars.book(meeting())

    found = await calendars.read(
        [KARIN, PER], datetime(2026, 3, 2, 7, tzinfo=UTC), datetime(2026, 3, 2, 17, tzinfo=UTC)
    )

    slot = Interval(
        datetime(2026, 3, 2, 13, tzinfo=UTC), datetime(2026, 3, 2, 14, tzinfo=UTC), Status.BUSY
    )
    assert [a.intervals for a in found.known] == [(slot,), (slot,)]
    assert "Innovationsteam" not in repr(found)


async def test_the_event_models_are_loaded_off_the_event_loop_once(
    fake_graph: FakeGraph, calendars: GraphCalendars, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[int] = []
    monkeypatch.setattr(graph, "_event_models_loaded", False)
    monkeypatch.setattr(graph, "_load_event_models", lambda: threads.append(threading.get_ident()))

    await calendars.book(meeting("proposal-17"))
    await calendars.book(meeting("proposal-18"))

    assert len(threads) == 1 and threads[0] != threading.get_ident()
