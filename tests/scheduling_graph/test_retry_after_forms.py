"""The Graph client honours Retry-After in each form: whole or fractional seconds, or an
HTTP-date measured from the response's `Date` (Graph's clock, not ours), and survives odd ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scheduling.availability import Attendee
from scheduling.calendars.graph import GraphCalendars
from tests.fakes.graph import FakeGraph
from tests.scheduling_graph.conftest import RecordedSleep

KARIN = Attendee("karin.lund@uppsala.example", "Karin Lund")
START = datetime(2026, 3, 2, 7, tzinfo=UTC)
END = datetime(2026, 3, 2, 17, tzinfo=UTC)
# Graph's clock, years behind ours: a date read against our clock would be long past.
GRAPH_NOW = datetime(2020, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "wait"),
    [
        (0.5, 0.5),
        (GRAPH_NOW + timedelta(seconds=5), 5.0),
        ("Wednesday, 01-Jan-20 12:00:09 GMT", 9.0),
    ],
)
async def test_a_429_waits_as_long_as_asked_in_any_form(
    fake_graph: FakeGraph,
    calendars: GraphCalendars,
    sleep: RecordedSleep,
    value: object,
    wait: float,
) -> None:
    fake_graph.server_time = lambda: GRAPH_NOW
    fake_graph.add_mailbox(KARIN.email)
    fake_graph.fail_next(429, retry_after=value, path_contains="getSchedule")  # type: ignore[arg-type]

    found = await calendars.read([KARIN], START, END)

    assert [r.status for r in fake_graph.requests] == [429, 200]
    assert sleep.waits == [wait]
    assert [a.attendee for a in found.known] == [KARIN]


@pytest.mark.parametrize("value", ["soon", "-3", "NaN", ""])
async def test_an_odd_retry_after_backs_off_instead(
    fake_graph: FakeGraph, calendars: GraphCalendars, sleep: RecordedSleep, value: str
) -> None:
    fake_graph.add_mailbox(KARIN.email)
    fake_graph.fail_next(429, retry_after=value, path_contains="getSchedule")

    found = await calendars.read([KARIN], START, END)

    assert [r.status for r in fake_graph.requests] == [429, 200]
    [waited] = sleep.waits
    assert 0.5 <= waited <= 1.0  # the policy's first backoff (base 1 s, half jitter)
    assert [a.attendee for a in found.known] == [KARIN]
