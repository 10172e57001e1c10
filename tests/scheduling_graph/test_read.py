"""GraphCalendars.read against FakeGraph: the wire format, chunking, statuses, working hours."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling.availability import (
    Attendee,
    Availability,
    Calendars,
    Interval,
    Status,
    UnknownCalendar,
    WorkingHours,
)
from scheduling.calendars.graph import GraphCalendars, zone_from_name
from tests.fakes.graph import (
    SECRET_LOCATION,
    SECRET_SUBJECT,
    CalendarItem,
    FakeGraph,
    RecordedRequest,
    Reply,
    working_hours,
)
from tests.scheduling_graph.conftest import STOCKHOLM, RecordedSleep, make_calendars

KARIN = Attendee("karin.lund@uppsala.example", "Karin Lund")
PER = Attendee("per.nilsson@uppsala.example", "Per Nilsson")
ANNA = Attendee("anna.berg@uppsala.example")
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)  # winter: Stockholm is UTC+1
DAY_START = datetime(2026, 3, 2, 8, tzinfo=STOCKHOLM)  # 07:00 UTC
DAY_END = datetime(2026, 3, 2, 18, tzinfo=STOCKHOLM)  # 17:00 UTC


def at(hour: float, day: int = 0) -> datetime:
    return MONDAY + timedelta(days=day, hours=hour)


def by_email(found: Calendars) -> dict[str, Availability]:
    return {a.attendee.email: a for a in found.known}


async def test_the_request_is_the_sdks_pascal_case_body_in_utc(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    fake_graph.add_mailbox(KARIN.email)
    fake_graph.add_mailbox(PER.email)

    await calendars.read([KARIN, PER], DAY_START, DAY_END)

    [request] = fake_graph.requests
    assert request.method == "POST"
    assert request.path == f"/v1.0/users/{KARIN.email}/calendar/getSchedule"
    assert set(request.json) == {"Schedules", "StartTime", "EndTime", "AvailabilityViewInterval"}
    assert request.json["Schedules"] == [KARIN.email, PER.email]
    assert request.json["StartTime"] == {"dateTime": "2026-03-02T07:00:00", "timeZone": "UTC"}
    assert request.json["EndTime"] == {"dateTime": "2026-03-02T17:00:00", "timeZone": "UTC"}
    assert request.json["AvailabilityViewInterval"] == 15
    headers = {name.lower(): value for name, value in request.headers.items()}
    assert headers["prefer"] == 'outlook.timezone="UTC"'
    assert request.status == 200


async def test_a_configured_mailbox_is_the_one_in_the_path(
    fake_graph: FakeGraph, sleep: RecordedSleep
) -> None:
    fake_graph.add_mailbox(KARIN.email)
    provider = make_calendars(fake_graph, sleep, mailbox="bokning@uppsala.example")
    try:
        await provider.read([KARIN], DAY_START, DAY_END)
    finally:
        await provider.close()
    assert fake_graph.requests[0].path == "/v1.0/users/bokning@uppsala.example/calendar/getSchedule"


async def test_statuses_are_mapped_and_free_time_is_dropped(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    fake_graph.set_busy(
        KARIN.email,
        [
            (at(8), at(9), "busy"),
            (at(9), at(10), "tentative"),
            (at(10), at(11), "free"),
            (at(11), at(12), "oof"),
            (at(13), at(14.5), "workingElsewhere"),
        ],
    )

    found = await calendars.read([KARIN], DAY_START, DAY_END)

    assert found.unknown == ()
    [karin] = found.known
    assert karin.attendee == KARIN
    assert karin.intervals == (
        Interval(at(8), at(9), Status.BUSY),
        Interval(at(9), at(10), Status.TENTATIVE),
        Interval(at(11), at(12), Status.OUT_OF_OFFICE),
        Interval(at(13), at(14.5), Status.WORKING_ELSEWHERE),
    )
    assert all(i.start.utcoffset() == timedelta(0) for i in karin.intervals)


async def test_subjects_and_locations_never_leave_the_provider(
    fake_graph: FakeGraph, calendars: GraphCalendars, caplog: pytest.LogCaptureFixture
) -> None:
    fake_graph.set_busy(KARIN.email, [(at(8), at(9), "busy"), (at(10), at(11), "oof")])
    fake_graph.set_busy(
        PER.email, [CalendarItem(at(9), at(10), "busy", "Medarbetarsamtal Per", "Rum 12")]
    )
    caplog.set_level(logging.DEBUG)

    found = await calendars.read([KARIN, PER, ANNA], DAY_START, DAY_END)

    answered = str(fake_graph.requests[0].response_json)
    assert SECRET_SUBJECT in answered and SECRET_LOCATION in answered  # Graph did send them
    shown = repr(found) + caplog.text
    for secret in (SECRET_SUBJECT, SECRET_LOCATION, "Medarbetarsamtal", "Rum 12"):
        assert secret not in shown


async def test_working_hours_are_read_with_windows_zone_names(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    fake_graph.add_mailbox(
        KARIN.email,
        working_hours=working_hours(
            "07:30", "16:00", ["monday", "tuesday", "wednesday", "thursday"]
        ),
    )
    fake_graph.add_mailbox(
        PER.email,
        working_hours=working_hours("09:00", "17:30", time_zone="Pacific Standard Time"),
    )
    fake_graph.add_mailbox(
        ANNA.email,
        working_hours=working_hours(
            "08:00", "12:00", ["saturday", "sunday"], "Customized Time Zone"
        ),
    )

    found = by_email(await calendars.read([KARIN, PER, ANNA], DAY_START, DAY_END))

    assert found[KARIN.email].working_hours == WorkingHours(
        zone=ZoneInfo("Europe/Stockholm"),
        days=frozenset({0, 1, 2, 3}),
        start=time(7, 30),
        end=time(16, 0),
    )
    assert found[PER.email].working_hours == WorkingHours(
        zone=ZoneInfo("America/Los_Angeles"),
        days=frozenset(range(5)),
        start=time(9, 0),
        end=time(17, 30),
    )
    # a zone name the table does not know: the organisation's zone
    assert found[ANNA.email].working_hours == WorkingHours(
        zone=STOCKHOLM, days=frozenset({5, 6}), start=time(8), end=time(12)
    )


def test_zone_names_map_to_iana_or_fall_back() -> None:
    utc = ZoneInfo("UTC")
    assert zone_from_name("W. Europe Standard Time", utc) == ZoneInfo("Europe/Stockholm")
    assert zone_from_name("GMT Standard Time", utc) == ZoneInfo("Europe/London")
    assert zone_from_name("Europe/Oslo", utc) == ZoneInfo("Europe/Oslo")
    assert zone_from_name("Customized Time Zone", STOCKHOLM) == STOCKHOLM
    assert zone_from_name("../etc/passwd", STOCKHOLM) == STOCKHOLM
    assert zone_from_name(None, STOCKHOLM) == STOCKHOLM


async def test_one_unreadable_calendar_does_not_sink_the_others(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    fake_graph.set_busy(KARIN.email, [(at(8), at(9), "busy")])
    fake_graph.set_busy(ANNA.email, [(at(12), at(13), "busy")])
    fake_graph.set_mailbox_error(
        ANNA.email, "ErrorMailRecipientNotFound", "The recipient was not found."
    )
    stranger = Attendee("okand@uppsala.example", "Okänd Person")

    found = await calendars.read([KARIN, stranger, ANNA], DAY_START, DAY_END)

    assert [a.attendee for a in found.known] == [KARIN]
    assert found.known[0].intervals == (Interval(at(8), at(9), Status.BUSY),)
    assert [u.attendee for u in found.unknown] == [stranger, ANNA]
    assert all(isinstance(u, UnknownCalendar) for u in found.unknown)
    assert "5009" in found.unknown[0].reason
    assert "ErrorMailRecipientNotFound" in found.unknown[1].reason
    assert len(fake_graph.requests) == 1


async def test_twenty_one_people_take_two_requests(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    people = [Attendee(f"p{n:02d}@uppsala.example") for n in range(21)]
    for n, person in enumerate(people):
        fake_graph.set_busy(person.email, [(at(8 + n / 4), at(8.25 + n / 4), "busy")])

    found = await calendars.read(people, DAY_START, DAY_END)

    sizes = sorted(len(r.json["Schedules"]) for r in fake_graph.requests)
    assert sizes == [1, 20]
    assert {r.status for r in fake_graph.requests} == {200}
    asked = [email for r in fake_graph.requests for email in r.json["Schedules"]]
    assert sorted(asked) == [p.email for p in people]
    assert [a.attendee for a in found.known] == people  # in the order given
    assert found.known[20].intervals == (Interval(at(13), at(13.25), Status.BUSY),)


async def test_a_sixty_day_window_is_read_in_two_and_merged(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    start, end = MONDAY, MONDAY + timedelta(days=60)
    across = (at(20, day=40), at(4, day=42), "oof")  # spans the split at day 41
    fake_graph.set_busy(
        KARIN.email,
        [(at(9, day=1), at(10, day=1), "busy"), across, (at(9, 50), at(10, 50), "busy")],
    )

    found = await calendars.read([KARIN], start, end)

    windows = sorted(
        (r.json["StartTime"]["dateTime"], r.json["EndTime"]["dateTime"])
        for r in fake_graph.requests
    )
    assert windows == [
        ("2026-03-02T00:00:00", "2026-04-12T00:00:00"),
        ("2026-04-12T00:00:00", "2026-05-01T00:00:00"),
    ]
    assert {r.status for r in fake_graph.requests} == {200}
    assert found.known[0].intervals == (
        Interval(at(9, day=1), at(10, day=1), Status.BUSY),
        Interval(at(20, day=40), at(4, day=42), Status.OUT_OF_OFFICE),  # once, not twice
        Interval(at(9, day=50), at(10, day=50), Status.BUSY),
    )


class HalfReadableGraph(FakeGraph):
    """Per's calendar can be read in March but not later (the fake's per-schedule answer)."""

    def _schedule(self, address, request, out_zone):  # type: ignore[no-untyped-def]
        if address == PER.email and request.start > MONDAY + timedelta(days=30):
            return {"scheduleId": address, "error": {"message": "Busy.", "responseCode": "5005"}}
        return super()._schedule(address, request, out_zone)


async def test_an_error_in_one_window_makes_the_person_unknown(sleep: RecordedSleep) -> None:
    async with HalfReadableGraph() as fake:
        fake.set_busy(KARIN.email, [(at(9), at(10), "busy")])
        fake.set_busy(PER.email, [(at(9), at(10), "busy")])
        provider = make_calendars(fake, sleep)
        try:
            found = await provider.read([KARIN, PER], MONDAY, MONDAY + timedelta(days=60))
        finally:
            await provider.close()

    assert len(fake.requests) == 2
    assert [a.attendee for a in found.known] == [KARIN]
    assert [u.attendee for u in found.unknown] == [PER]
    assert "5005" in found.unknown[0].reason


async def test_at_most_four_requests_run_at_once(sleep: RecordedSleep) -> None:
    class SlowGraph(FakeGraph):
        def __init__(self) -> None:
            super().__init__()
            self.in_flight = self.peak = 0

        async def admit(self, rec: RecordedRequest) -> Reply | None:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            try:
                await asyncio.sleep(0.05)
            finally:
                self.in_flight -= 1
            return None

    people = [Attendee(f"p{n:03d}@uppsala.example") for n in range(100)]
    async with SlowGraph() as fake:
        provider = make_calendars(fake, sleep)
        try:
            found = await provider.read(people, MONDAY, MONDAY + timedelta(days=60))
        finally:
            await provider.close()

    assert len(fake.requests) == 10  # 5 groups of 20 people x 2 windows
    assert 2 <= fake.peak <= 4
    assert len(found.unknown) == 100  # the fake knows none of them: each is reported


async def test_nobody_to_read_sends_nothing(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    assert await calendars.read([], DAY_START, DAY_END) == Calendars()
    assert fake_graph.requests == []


async def test_the_same_person_twice_is_read_once(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    fake_graph.add_mailbox(KARIN.email)
    found = await calendars.read(
        [KARIN, Attendee(KARIN.email.upper(), "Karin")], DAY_START, DAY_END
    )
    assert fake_graph.requests[0].json["Schedules"] == [KARIN.email]
    assert [a.attendee for a in found.known] == [KARIN]


async def test_naive_times_are_refused(calendars: GraphCalendars) -> None:
    with pytest.raises(ValueError, match="aware"):
        await calendars.read([KARIN], datetime(2026, 3, 2, 8), datetime(2026, 3, 2, 18))  # noqa: DTZ001


class ViewOnlyGraph(FakeGraph):
    """Answers availabilityView without scheduleItems (as for mailboxes sharing less)."""

    def _schedule(self, address, request, out_zone):  # type: ignore[no-untyped-def]
        answer = super()._schedule(address, request, out_zone)
        answer.pop("scheduleItems", None)
        return answer


async def test_without_schedule_items_the_availability_view_is_used(sleep: RecordedSleep) -> None:
    async with ViewOnlyGraph() as fake:
        fake.set_busy(
            KARIN.email,
            [(at(8), at(8.5), "busy"), (at(8.5), at(9), "busy"), (at(10), at(10.25), "oof")],
        )
        provider = make_calendars(fake, sleep)
        try:
            found = await provider.read([KARIN], DAY_START, DAY_END)
        finally:
            await provider.close()

    assert "scheduleItems" not in fake.requests[0].response_json["value"][0]
    assert found.known[0].intervals == (
        Interval(at(8), at(9), Status.BUSY),  # four 15-minute digits, one interval
        Interval(at(10), at(10.25), Status.OUT_OF_OFFICE),
    )


class AliasGraph(FakeGraph):
    """Answers with each mailbox's primary address, not the alias it was asked for."""

    def _schedule(self, address, request, out_zone):  # type: ignore[no-untyped-def]
        answer = super()._schedule(address, request, out_zone)
        answer["scheduleId"] = address.replace("k.lund", "Karin.Lund")
        return answer


async def test_an_answer_under_another_alias_is_matched_by_its_place(sleep: RecordedSleep) -> None:
    alias = Attendee("k.lund@uppsala.example", "Karin Lund")
    async with AliasGraph() as fake:
        fake.set_busy(alias.email, [(at(8), at(9), "busy")])
        fake.add_mailbox(PER.email)
        provider = make_calendars(fake, sleep)
        try:
            found = await provider.read([PER, alias], DAY_START, DAY_END)
        finally:
            await provider.close()

    assert fake.requests[0].response_json["value"][1]["scheduleId"] == "Karin.Lund@uppsala.example"
    assert found.unknown == ()
    assert by_email(found)[alias.email].intervals == (Interval(at(8), at(9), Status.BUSY),)
