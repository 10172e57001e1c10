"""The fake Graph answers msgraph-sdk's GraphServiceClient like Microsoft Graph does."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time

import aiohttp
import httpx
import pytest
from azure.core.credentials import AccessToken
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider,
)
from kiota_http.middleware.options import RetryHandlerOption
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.models.attendee import Attendee
from msgraph.generated.models.attendee_type import AttendeeType
from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.date_time_time_zone import DateTimeTimeZone
from msgraph.generated.models.day_of_week import DayOfWeek
from msgraph.generated.models.email_address import EmailAddress
from msgraph.generated.models.event import Event
from msgraph.generated.models.free_busy_status import FreeBusyStatus
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.online_meeting_provider_type import OnlineMeetingProviderType
from msgraph.generated.models.schedule_information import ScheduleInformation
from msgraph.generated.users.item.calendar.get_schedule.get_schedule_post_request_body import (
    GetSchedulePostRequestBody,
)
from msgraph_core import GraphClientFactory

from tests.fakes.graph import SECRET_LOCATION, SECRET_SUBJECT, FakeGraph, working_hours
from tests.fakes.service import REDACTED

JONAS = "jonas.gumbel@uppsala.example"
KARIN = "karin.lund@uppsala.example"
PER = "per.nilsson@uppsala.example"
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)  # winter: W. Europe Standard Time is UTC+1
WEST_EUROPE = "W. Europe Standard Time"
SCOPES = ["https://graph.microsoft.com/.default"]


class FakeCredential:
    """An azure-identity style async credential that hands out a fixed token."""

    def __init__(self, token: str) -> None:
        self.token = token

    async def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
        return AccessToken(self.token, int(time.time()) + 3600)

    async def close(self) -> None:
        return None


@asynccontextmanager
async def graph_client(
    fg: FakeGraph, *, token: str = "graph-token", allowed_hosts: Sequence[str] = ("127.0.0.1",)
) -> AsyncIterator[GraphServiceClient]:
    """A real GraphServiceClient talking plain http to the fake."""
    auth = AzureIdentityAuthenticationProvider(
        FakeCredential(token), scopes=SCOPES, allowed_hosts=list(allowed_hosts)
    )
    # msgraph-core 1.5.2 wraps the transport in an AsyncGraphTransport without `aclose`, so
    # closing the client leaves its connections open: keep the real transport and close it too.
    transport = httpx.AsyncHTTPTransport()
    http = GraphClientFactory.create_with_default_middleware(
        client=httpx.AsyncClient(transport=transport)
    )
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = f"{fg.url}/v1.0"
    try:
        yield GraphServiceClient(request_adapter=adapter)
    finally:
        await http.aclose()
        await transport.aclose()


@pytest.fixture
async def fg() -> AsyncIterator[FakeGraph]:
    async with FakeGraph() as graph:
        yield graph


@pytest.fixture
async def client(fg: FakeGraph) -> AsyncIterator[GraphServiceClient]:
    async with graph_client(fg) as graph:
        yield graph


def schedule_body(
    schedules: list[str],
    start: str = "2026-03-02T08:00:00",
    end: str = "2026-03-02T18:00:00",
    zone: str = WEST_EUROPE,
    interval: int = 60,
) -> GetSchedulePostRequestBody:
    return GetSchedulePostRequestBody(
        schedules=schedules,
        start_time=DateTimeTimeZone(date_time=start, time_zone=zone),
        end_time=DateTimeTimeZone(date_time=end, time_zone=zone),
        availability_view_interval=interval,
    )


async def get_schedule(
    client: GraphServiceClient,
    body: GetSchedulePostRequestBody,
    config: RequestConfiguration | None = None,
) -> list[ScheduleInformation]:
    answer = await client.users.by_user_id(JONAS).calendar.get_schedule.post(body, config)
    assert answer is not None and answer.value is not None
    return answer.value


def no_retries() -> RequestConfiguration:
    return RequestConfiguration(options=[RetryHandlerOption(should_retry=False)])


def meeting(transaction_id: str, hour: int = 13) -> Event:
    return Event(
        subject="Innovationsteam 4: träff 2",
        body=ItemBody(content_type=BodyType.Html, content="<p>Förbered modul 2.</p>"),
        start=DateTimeTimeZone(date_time=f"2026-03-02T{hour}:00:00", time_zone="UTC"),
        end=DateTimeTimeZone(date_time=f"2026-03-02T{hour + 1}:00:00", time_zone="UTC"),
        attendees=[
            Attendee(
                email_address=EmailAddress(address=KARIN, name="Karin Lund"),
                type=AttendeeType.Required,
            )
        ],
        is_online_meeting=True,
        online_meeting_provider=OnlineMeetingProviderType.TeamsForBusiness,
        transaction_id=transaction_id,
    )


async def test_get_schedule_sends_pascal_case_and_parses_into_schedule_information(
    fg: FakeGraph, client: GraphServiceClient
) -> None:
    hour = timedelta(hours=1)
    fg.set_busy(
        KARIN,
        [
            (MONDAY + 8 * hour, MONDAY + 9 * hour, "busy"),
            (MONDAY + 10 * hour, MONDAY + 10.5 * hour, "tentative"),
            (MONDAY + 12 * hour, MONDAY + 13 * hour, "oof"),
            (MONDAY + 14 * hour, MONDAY + 15 * hour, "workingElsewhere"),
            (MONDAY + 30 * hour, MONDAY + 31 * hour, "busy"),  # the next day: not asked for
        ],
        working_hours=working_hours("08:00", "16:30"),
    )

    [karin] = await get_schedule(client, schedule_body([KARIN]))

    sent = fg.requests[0].json
    assert set(sent) == {"Schedules", "StartTime", "EndTime", "AvailabilityViewInterval"}
    assert sent["StartTime"] == {"dateTime": "2026-03-02T08:00:00", "timeZone": WEST_EUROPE}
    # 08:00-18:00 in Stockholm is 07:00-17:00 UTC: one digit per hour
    assert karin.schedule_id == KARIN
    assert karin.availability_view == "0201030000"
    assert [i.status for i in karin.schedule_items] == [
        FreeBusyStatus.Busy,
        FreeBusyStatus.Tentative,
        FreeBusyStatus.Oof,
        FreeBusyStatus.WorkingElsewhere,
    ]
    first = karin.schedule_items[0]
    assert (first.start.date_time, first.start.time_zone) == ("2026-03-02T08:00:00.0000000", "UTC")
    assert (first.subject, first.location) == (SECRET_SUBJECT, SECRET_LOCATION)
    assert karin.working_hours.start_time == clock_time(8, 0)
    assert karin.working_hours.end_time == clock_time(16, 30)
    assert karin.working_hours.days_of_week[0] == DayOfWeek.Monday
    assert karin.working_hours.time_zone.name == WEST_EUROPE
    assert (
        fg.requests[0]
        .response_json["@odata.context"]
        .endswith("$metadata#Collection(microsoft.graph.scheduleInformation)")
    )


async def test_times_come_back_in_the_zone_the_prefer_header_asks_for(
    fg: FakeGraph, client: GraphServiceClient
) -> None:
    june = datetime(2026, 6, 15, 8, tzinfo=UTC)  # summer: UTC+2
    fg.set_busy(KARIN, [(MONDAY + timedelta(hours=8), MONDAY + timedelta(hours=9), "busy")])
    fg.set_busy(PER, [(june, june + timedelta(hours=1), "busy")])
    config = RequestConfiguration()
    config.headers.add("Prefer", f'outlook.timezone="{WEST_EUROPE}"')

    [karin] = await get_schedule(client, schedule_body([KARIN]), config)
    [per] = await get_schedule(
        client,
        schedule_body([PER], "2026-06-15T00:00:00", "2026-06-16T00:00:00", zone="UTC"),
        config,
    )

    assert karin.schedule_items[0].start.date_time == "2026-03-02T09:00:00.0000000"
    assert karin.schedule_items[0].start.time_zone == WEST_EUROPE
    assert per.schedule_items[0].start.date_time == "2026-06-15T10:00:00.0000000"
    assert per.availability_view == "0" * 8 + "2" + "0" * 15  # 08:00 UTC is slot 8 of 24


async def test_addresses_graph_cannot_resolve_get_a_per_mailbox_error(
    fg: FakeGraph, client: GraphServiceClient
) -> None:
    fg.add_mailbox(KARIN)
    fg.set_mailbox_error(PER, "ErrorMailRecipientNotFound", "The recipient was not found.")

    karin, unknown, per = await get_schedule(
        client, schedule_body([KARIN, "okand@uppsala.example", PER])
    )

    assert karin.error is None and karin.availability_view == "0" * 10
    assert unknown.schedule_id == "okand@uppsala.example"
    assert unknown.error.response_code == "5009"
    assert "okand@uppsala.example" in unknown.error.message
    assert unknown.availability_view is None and unknown.schedule_items is None
    assert per.error.response_code == "ErrorMailRecipientNotFound"
    assert fg.requests[0].status == 200


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (schedule_body([f"p{n}@uppsala.example" for n in range(21)]), "ErrorInvalidParameter"),
        (schedule_body([KARIN], end="2026-04-13T08:00:00", zone="UTC"), "ErrorTimeIntervalTooBig"),
        (schedule_body([KARIN], zone="Europe/Stockholm"), "TimeZoneNotSupportedException"),
        (schedule_body([KARIN], interval=3), "ErrorInvalidParameter"),
        (schedule_body([KARIN], end="2026-03-02T07:00:00"), "ErrorInvalidParameter"),
    ],
    ids=["21-schedules", "42-days", "iana-zone", "3-minute-slots", "end-before-start"],
)
async def test_graph_refuses_requests_outside_its_limits(
    fg: FakeGraph, client: GraphServiceClient, body: GetSchedulePostRequestBody, code: str
) -> None:
    with pytest.raises(ODataError) as refused:
        await get_schedule(client, body)
    assert refused.value.response_status_code == 400
    assert refused.value.error.code == code


async def test_twenty_schedules_and_a_window_just_under_42_days_are_fine(
    fg: FakeGraph, client: GraphServiceClient
) -> None:
    body = schedule_body(
        [f"p{n}@uppsala.example" for n in range(20)], end="2026-04-13T07:59:00", interval=1440
    )
    assert len(await get_schedule(client, body)) == 20


async def test_an_online_meeting_is_created_once_per_transaction_and_blocks_calendars(
    fg: FakeGraph, client: GraphServiceClient
) -> None:
    fg.add_mailbox(JONAS, name="Jonas Gumbel")
    fg.add_mailbox(KARIN)
    events = client.users.by_user_id(JONAS).events

    created = await events.post(meeting("proposal-17"))
    retried = await events.post(meeting("proposal-17"))
    other = await events.post(meeting("proposal-18", hour=15))

    sent = fg.requests[0].json
    assert sent["transactionId"] == "proposal-17"
    assert (sent["isOnlineMeeting"], sent["onlineMeetingProvider"]) == (True, "teamsForBusiness")
    assert sent["attendees"][0]["emailAddress"]["address"] == KARIN
    assert sent["attendees"][0]["type"] == "required"
    assert fg.requests[0].status == 201
    assert fg.requests[0].response_json["@odata.context"].endswith("/events/$entity")
    assert created.id == retried.id and created.i_cal_u_id == retried.i_cal_u_id
    assert other.id != created.id
    assert (len(fg.events), fg.event_posts) == (2, 3)
    assert created.online_meeting.join_url.startswith("https://teams.microsoft.com/l/meetup-join/")
    assert created.organizer.email_address.name == "Jonas Gumbel"

    jonas, karin = await get_schedule(client, schedule_body([JONAS, KARIN]))
    # the meetings at 13:00 and 15:00 UTC are slots 6 and 8 of 07:00-17:00 UTC
    assert jonas.availability_view == karin.availability_view == "0000002020"
    assert [i.subject for i in karin.schedule_items] == ["Innovationsteam 4: träff 2"] * 2


async def test_a_429_with_retry_after_is_waited_out_by_the_sdk(
    fg: FakeGraph, client: GraphServiceClient
) -> None:
    fg.add_mailbox(KARIN)
    fg.fail_next(429, retry_after=1, path_contains="getSchedule")

    started = time.monotonic()
    [karin] = await get_schedule(client, schedule_body([KARIN]))

    assert time.monotonic() - started >= 0.9
    assert karin.availability_view == "0" * 10
    assert [r.status for r in fg.requests] == [429, 200]
    assert fg.requests[0].response_headers["Retry-After"] == "1"
    assert fg.requests[0].response_json["error"]["code"] == "TooManyRequests"
    assert fg.requests[1].headers.get("Retry-Attempt") == "1"


@pytest.mark.parametrize(
    ("status", "code"),
    [(429, "TooManyRequests"), (503, "ServiceUnavailable"), (403, "ErrorAccessDenied")],
)
async def test_failures_reach_the_caller_as_odata_errors(
    fg: FakeGraph, client: GraphServiceClient, status: int, code: str
) -> None:
    fg.fail_next(status, retry_after=30 if status != 403 else None)

    with pytest.raises(ODataError) as failed:
        await get_schedule(client, schedule_body([KARIN]), no_retries())

    assert failed.value.response_status_code == status
    assert failed.value.error.code == code
    assert failed.value.error.inner_error is not None


async def test_a_double_slash_path_and_a_camel_case_body_are_understood(fg: FakeGraph) -> None:
    fg.set_busy(KARIN, [(MONDAY + timedelta(hours=8), MONDAY + timedelta(hours=9), "busy")])
    body = {
        "schedules": [KARIN],
        "startTime": {"dateTime": "2026-03-02T07:00:00", "timeZone": "UTC"},
        "endTime": {"dateTime": "2026-03-02T10:00:00", "timeZone": "UTC"},
        "availabilityViewInterval": 60,
    }
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{fg.url}/v1.0//users/{JONAS}/calendar/getSchedule", json=body) as r,
    ):
        answer = await r.json()

    assert r.status == 200
    assert answer["value"][0]["availabilityView"] == "020"
    assert fg.requests[0].path == f"/v1.0/users/{JONAS}/calendar/getSchedule"


async def test_the_token_is_required_checked_and_never_recorded() -> None:
    async with FakeGraph(require_auth="graph-token") as fake:
        fake.add_mailbox(KARIN)
        async with graph_client(fake, token="graph-token") as signed:
            [karin] = await get_schedule(signed, schedule_body([KARIN]))
        # a client whose allowed hosts leave out 127.0.0.1 silently sends no token
        async with graph_client(fake, allowed_hosts=["graph.microsoft.com"]) as unsigned:
            with pytest.raises(ODataError) as refused:
                await get_schedule(unsigned, schedule_body([KARIN]))

    assert karin.error is None
    assert [(r.has_auth, r.status) for r in fake.requests] == [(True, 200), (False, 401)]
    assert fake.requests[0].headers["Authorization"] == REDACTED
    assert "graph-token" not in repr(fake.requests)
    assert refused.value.response_status_code == 401
    assert refused.value.error.code == "InvalidAuthenticationToken"
