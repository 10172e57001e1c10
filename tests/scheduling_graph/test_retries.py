"""Throttling and server errors: Retry-After honoured, bounded backoff, then CalendarError."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scheduling.availability import Attendee, CalendarError
from scheduling.calendars.graph import GraphCalendars, RetryPolicy
from tests.fakes.graph import FakeGraph
from tests.scheduling_graph.conftest import FakeCredential, RecordedSleep, make_calendars

KARIN = Attendee("karin.lund@uppsala.example", "Karin Lund")
START = datetime(2026, 3, 2, 7, tzinfo=UTC)
END = datetime(2026, 3, 2, 17, tzinfo=UTC)


async def test_a_429_waits_as_long_as_retry_after_says(
    fake_graph: FakeGraph, calendars: GraphCalendars, sleep: RecordedSleep
) -> None:
    fake_graph.add_mailbox(KARIN.email)
    fake_graph.fail_next(429, retry_after=7, path_contains="getSchedule")

    found = await calendars.read([KARIN], START, END)

    assert [r.status for r in fake_graph.requests] == [429, 200]
    assert sleep.waits == [7.0]
    assert [a.attendee for a in found.known] == [KARIN]
    # msgraph's own retry handler is off: no Retry-Attempt header, no second wait of its own
    assert "retry-attempt" not in {h.lower() for h in fake_graph.requests[1].headers}


async def test_two_503s_are_retried_with_growing_jittered_backoff(
    fake_graph: FakeGraph, calendars: GraphCalendars, sleep: RecordedSleep
) -> None:
    fake_graph.add_mailbox(KARIN.email)
    fake_graph.fail_next(503, times=2)

    found = await calendars.read([KARIN], START, END)

    assert [r.status for r in fake_graph.requests] == [503, 503, 200]
    assert len(sleep.waits) == 2
    first, second = sleep.waits
    assert 0.5 <= first <= 1.0 and 1.0 <= second <= 2.0  # base 1 s, doubling, half jitter
    assert found.unknown == ()


@pytest.mark.parametrize("status", [500, 502, 504])
async def test_a_server_error_that_lasts_ends_in_calendar_error(
    fake_graph: FakeGraph, calendars: GraphCalendars, sleep: RecordedSleep, status: int
) -> None:
    fake_graph.add_mailbox(KARIN.email)
    fake_graph.fail_next(status, times=100)

    with pytest.raises(CalendarError, match=f"after 4 attempts.*HTTP {status}"):
        await calendars.read([KARIN], START, END)

    assert [r.status for r in fake_graph.requests] == [status] * 4
    assert len(sleep.waits) == 3
    assert all(0 < w <= 8.0 for w in sleep.waits)


async def test_backoff_is_capped(fake_graph: FakeGraph, sleep: RecordedSleep) -> None:
    fake_graph.fail_next(503, times=100)
    provider = make_calendars(fake_graph, sleep)
    provider.retry = RetryPolicy(attempts=8, base_delay=1.0, max_delay=4.0)
    try:
        with pytest.raises(CalendarError):
            await provider.read([KARIN], START, END)
    finally:
        await provider.close()
    assert len(sleep.waits) == 7
    assert max(sleep.waits) <= 4.0 and min(sleep.waits[3:]) >= 2.0


async def test_a_retry_after_longer_than_the_bound_fails_at_once(
    fake_graph: FakeGraph, calendars: GraphCalendars, sleep: RecordedSleep
) -> None:
    fake_graph.fail_next(429, retry_after=600)

    with pytest.raises(CalendarError, match="wait 600 s"):
        await calendars.read([KARIN], START, END)

    assert sleep.waits == []
    assert len(fake_graph.requests) == 1


@pytest.mark.parametrize(("status", "code"), [(403, "ErrorAccessDenied"), (400, "BadRequest")])
async def test_client_errors_are_not_retried(
    fake_graph: FakeGraph, calendars: GraphCalendars, sleep: RecordedSleep, status: int, code: str
) -> None:
    fake_graph.fail_next(status)

    with pytest.raises(CalendarError, match=f"HTTP {status} {code}"):
        await calendars.read([KARIN], START, END)

    assert len(fake_graph.requests) == 1
    assert sleep.waits == []


async def test_the_token_reaches_graph(sleep: RecordedSleep) -> None:
    credential = FakeCredential("graph-token")
    async with FakeGraph(require_auth="graph-token") as fake:
        fake.add_mailbox(KARIN.email)
        provider = make_calendars(fake, sleep, credential=credential)
        try:
            found = await provider.read([KARIN], START, END)
        finally:
            await provider.close()

    assert [(r.has_auth, r.status) for r in fake.requests] == [(True, 200)]
    assert [a.attendee for a in found.known] == [KARIN]
    assert credential.scopes[0] == ("https://graph.microsoft.com/.default",)
    assert credential.closed


async def test_a_wrong_token_is_a_calendar_error_without_retries(sleep: RecordedSleep) -> None:
    async with FakeGraph(require_auth="graph-token") as fake:
        provider = make_calendars(fake, sleep, credential=FakeCredential("stale"))
        try:
            with pytest.raises(CalendarError, match="HTTP 401 InvalidAuthenticationToken"):
                await provider.read([KARIN], START, END)
        finally:
            await provider.close()
    assert [(r.has_auth, r.status) for r in fake.requests] == [(True, 401)]
    assert sleep.waits == []


async def test_an_unreachable_graph_is_retried_then_a_calendar_error(
    sleep: RecordedSleep,
) -> None:
    async with FakeGraph() as fake:
        url = fake.url + "/v1.0"
    # the fake is closed: nothing listens on its port any more
    provider = make_calendars(url, sleep)
    try:
        with pytest.raises(CalendarError, match=r"after 4 attempts.*ConnectError"):
            await provider.read([KARIN], START, END)
    finally:
        await provider.close()
    assert len(sleep.waits) == 3
