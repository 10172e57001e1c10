"""Calendars in Microsoft 365, read and booked through Microsoft Graph (msgraph-sdk, app-only).

    calendars = graph_calendars(credential=app_credential(tenant, client, secret), zone=zone)
    try:
        found = await calendars.read(attendees, start, end)
        booking = await calendars.book(meeting)
    finally:
        await calendars.close()

Reading uses `POST /users/{mailbox}/calendar/getSchedule`: at most 20 people and a window under
42 days per request (longer lists and windows are split and merged), at most four requests at
once (Outlook's concurrency limit per mailbox). Only the status, start and end of each calendar
item and the person's working hours are kept: subjects, locations and bodies never leave this
module, whatever Graph answers. A person Graph cannot read becomes an `UnknownCalendar`; the
others are still read. Booking uses `POST /users/{organizer}/events` with a `transactionId`, so
retrying never books twice. Cancelling uses `DELETE /users/{organizer}/events/{id}`, which makes
Exchange send the attendees a cancellation; an event already gone (404) counts as cancelled.
Taking one person off a meeting (erasure) reads the event's attendees (`GET
/users/{organizer}/events/{id}?$select=attendees`) and writes them back without that person
(`PATCH` with only `attendees`, so Exchange sends a meeting update to only that person).

Throttling (429) waits as long as `Retry-After` says; 500/502/503/504 and broken connections are
retried with bounded exponential backoff and jitter; then `CalendarError`. msgraph's own retry
handler is switched off so that every wait goes through one policy (and tests can skip them).
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx
from azure.core.credentials_async import AsyncTokenCredential
from azure.core.exceptions import AzureError
from kiota_abstractions.api_error import APIError
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_abstractions.default_query_parameters import QueryParameters
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider,
)
from kiota_http.middleware.options import RetryHandlerOption
from msgraph.generated.models.attendee import Attendee as GraphAttendee
from msgraph.generated.models.attendee_type import AttendeeType
from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.custom_time_zone import CustomTimeZone
from msgraph.generated.models.date_time_time_zone import DateTimeTimeZone
from msgraph.generated.models.email_address import EmailAddress
from msgraph.generated.models.event import Event
from msgraph.generated.models.free_busy_status import FreeBusyStatus
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.online_meeting_provider_type import OnlineMeetingProviderType
from msgraph.generated.models.schedule_information import ScheduleInformation
from msgraph.generated.models.standard_time_zone_offset import StandardTimeZoneOffset
from msgraph.generated.models.working_hours import WorkingHours as GraphWorkingHours
from msgraph.generated.users.item.calendar.get_schedule.get_schedule_post_request_body import (
    GetSchedulePostRequestBody,
)
from msgraph.generated.users.item.events.item.event_item_request_builder import (
    EventItemRequestBuilder,
)
from msgraph.graph_request_adapter import GraphRequestAdapter
from msgraph.graph_service_client import GraphServiceClient
from msgraph_core import GraphClientFactory

from chat.retry_after import retry_after_seconds
from scheduling.availability import (
    Attendee,
    Availability,
    Booking,
    CalendarError,
    Calendars,
    Interval,
    MeetingRequest,
    Removal,
    Status,
    UnknownCalendar,
    WorkingHours,
)
from scheduling.calendars.custom_zone import CustomZone, Transition, weekday_number

log = logging.getLogger(__name__)

GRAPH_URL = "https://graph.microsoft.com/v1.0"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_SCHEDULES = 20  # Graph: at most 20 schedules per getSchedule
MAX_WINDOW = timedelta(days=41)  # Graph: a window shorter than 42 days
MAX_CONCURRENT = 4  # Outlook: 4 concurrent requests per app per mailbox
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

Sleep = Callable[[float], Awaitable[None]]
T = TypeVar("T")

# Windows time zone names (what Graph's workingHours carry) to IANA, after CLDR's windowsZones
# (territory 001), with Stockholm for the zone Swedish mailboxes have. Unknown names (for example
# "Customized Time Zone") fall back to the organisation's zone.
WINDOWS_ZONES = {
    "UTC": "UTC",
    "Coordinated Universal Time": "UTC",
    "tzone://Microsoft/Utc": "UTC",
    "W. Europe Standard Time": "Europe/Stockholm",
    "Central Europe Standard Time": "Europe/Budapest",
    "Central European Standard Time": "Europe/Warsaw",
    "Romance Standard Time": "Europe/Paris",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "FLE Standard Time": "Europe/Helsinki",
    "GTB Standard Time": "Europe/Bucharest",
    "E. Europe Standard Time": "Europe/Chisinau",
    "Russian Standard Time": "Europe/Moscow",
    "Turkey Standard Time": "Europe/Istanbul",
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "Pacific Standard Time": "America/Los_Angeles",
    "India Standard Time": "Asia/Calcutta",
    "China Standard Time": "Asia/Shanghai",
    "Tokyo Standard Time": "Asia/Tokyo",
    "AUS Eastern Standard Time": "Australia/Sydney",
}

_STATUSES = {
    FreeBusyStatus.Tentative: Status.TENTATIVE,
    FreeBusyStatus.Busy: Status.BUSY,
    FreeBusyStatus.Oof: Status.OUT_OF_OFFICE,
    FreeBusyStatus.WorkingElsewhere: Status.WORKING_ELSEWHERE,
    # Graph could not tell: never treat that as free.
    FreeBusyStatus.Unknown: Status.BUSY,
}
# availabilityView digits, used only when Graph leaves out scheduleItems
_VIEW_DIGITS = {
    "1": Status.TENTATIVE,
    "2": Status.BUSY,
    "3": Status.OUT_OF_OFFICE,
    "4": Status.WORKING_ELSEWHERE,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def zone_from_name(name: str | None, default: ZoneInfo) -> ZoneInfo:
    """The IANA zone for a Windows (or IANA) zone name; `default` when it is not known."""
    if not name:
        return default
    key = WINDOWS_ZONES.get(name.strip(), name.strip())
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        return default


# -- credentials and the client --------------------------------------------------------------


def app_credential(
    tenant_id: str, client_id: str, client_secret: str | None = None
) -> AsyncTokenCredential:
    """App-only credentials: a client secret when given, else the managed identity `client_id`."""
    from azure.identity.aio import ClientSecretCredential, ManagedIdentityCredential

    if client_secret:
        return ClientSecretCredential(tenant_id, client_id, client_secret)
    return ManagedIdentityCredential(client_id=client_id)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry throttled and failed Graph requests.

    `attempts` counts every try (the first included). Without `Retry-After` the n-th wait is
    between half and all of `base_delay * 2**(n-1)`, capped at `max_delay`. A `Retry-After`
    longer than `max_retry_after` is not waited out: the call fails at once.
    """

    attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_retry_after: float = 120.0

    def backoff(self, retry: int, rng: random.Random) -> float:
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** (retry - 1))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


def graph_client(
    credential: AsyncTokenCredential, base_url: str, timeout: float
) -> tuple[GraphServiceClient, tuple[Callable[[], Awaitable[None]], ...]]:
    """A Graph client with its own HTTP client and msgraph's retries off (the callers retry
    themselves), and what closes it and `credential`. Plain http only for localhost (tests)."""
    base = base_url.rstrip("/")
    parts = urlsplit(base)
    host = (parts.hostname or "").lower()
    local = host in LOCAL_HOSTS
    if not host or parts.scheme not in ("https", "http") or (parts.scheme == "http" and not local):
        raise ValueError(f"Graph needs an https URL (plain http only on localhost): {base_url!r}")
    scope = GRAPH_SCOPE if local else f"https://{parts.netloc}/.default"
    # The host must be allowed, or kiota silently sends no Authorization header.
    auth = AzureIdentityAuthenticationProvider(credential, scopes=[scope], allowed_hosts=[host])
    # msgraph-core's AsyncGraphTransport has no aclose(): keep the real transport to close it.
    transport = httpx.AsyncHTTPTransport()
    http = GraphClientFactory.create_with_default_middleware(
        client=httpx.AsyncClient(transport=transport, timeout=httpx.Timeout(timeout)),
        options={RetryHandlerOption.get_key(): RetryHandlerOption(should_retry=False)},
    )
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = base
    closers = (http.aclose, transport.aclose, credential.close)
    return GraphServiceClient(request_adapter=adapter), closers


def graph_calendars(
    *,
    credential: AsyncTokenCredential,
    zone: ZoneInfo,
    base_url: str = GRAPH_URL,
    mailbox: str | None = None,
    interval_minutes: int = 15,
    retry: RetryPolicy | None = None,
    sleep: Sleep = asyncio.sleep,
    rng: random.Random | None = None,
    timeout: float = 30.0,
    concurrency: int = MAX_CONCURRENT,
) -> GraphCalendars:
    """A `GraphCalendars` with its own HTTP client, which `close()` closes with `credential`.

    Args:
        credential: app-only credentials (`app_credential`), or any object with an async
            `get_token(*scopes, **kw)` and `close()`.
        zone: the organisation's zone, for working hours in zones this module does not know.
        base_url: Graph's root, e.g. a national cloud; plain http only for localhost (tests).
        mailbox: the mailbox whose getSchedule is called (an organizer or service account);
            by default the first attendee's.
        sleep: how to wait between retries (tests pass one that does not wait).
    """
    _check_interval(interval_minutes)
    client, closers = graph_client(credential, base_url, timeout)
    return GraphCalendars(
        client,
        zone=zone,
        mailbox=mailbox,
        interval_minutes=interval_minutes,
        retry=retry,
        sleep=sleep,
        rng=rng,
        concurrency=concurrency,
        closers=closers,
    )


# -- the provider -----------------------------------------------------------------------------


@dataclass
class _Person:
    """What the chunks of one read said about one person."""

    attendee: Attendee
    intervals: set[Interval]
    working_hours: WorkingHours | None = None
    error: str | None = None


class GraphCalendars:
    """`CalendarProvider` over Microsoft Graph. Build it with `graph_calendars(...)`."""

    def __init__(
        self,
        client: GraphServiceClient,
        *,
        zone: ZoneInfo,
        mailbox: str | None = None,
        interval_minutes: int = 15,
        retry: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        concurrency: int = MAX_CONCURRENT,
        closers: Sequence[Callable[[], Awaitable[Any]]] = (),
    ) -> None:
        _check_interval(interval_minutes)
        self.client = client
        self.zone = zone
        self.mailbox = mailbox
        self.interval = timedelta(minutes=interval_minutes)
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._gate = asyncio.Semaphore(concurrency)
        self._closers = list(closers)

    async def close(self) -> None:
        """Close the HTTP client, its transport and the credential (once)."""
        closers, self._closers = self._closers, []
        failure: BaseException | None = None
        for close in closers:
            try:
                await close()
            except Exception as exc:  # close the rest all the same
                failure = failure or exc
        if failure is not None:
            raise failure

    async def __aenter__(self) -> GraphCalendars:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- reading ------------------------------------------------------------------------------

    async def read(
        self, attendees: Sequence[Attendee], start: datetime, end: datetime
    ) -> Calendars:
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("calendar windows need aware datetimes")
        people: dict[str, _Person] = {}
        for attendee in attendees:
            people.setdefault(attendee.email.lower(), _Person(attendee, set()))
        start, end = _floor_second(start), _ceil_second(end)
        if not people or end <= start:
            return Calendars(known=tuple(Availability(p.attendee) for p in people.values()))
        mailbox = self.mailbox or next(iter(people.values())).attendee.email
        group = list(people.values())
        chunks = [
            (group[i : i + MAX_SCHEDULES], window)
            for window in _windows(start, end, MAX_WINDOW)
            for i in range(0, len(group), MAX_SCHEDULES)
        ]
        tasks = [
            asyncio.ensure_future(self._read_chunk(mailbox, chunk, window))
            for chunk, window in chunks
        ]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        known, unknown = [], []
        for person in people.values():
            if person.error is not None:
                unknown.append(UnknownCalendar(person.attendee, person.error))
                continue
            intervals = sorted(person.intervals, key=lambda i: (i.start, i.end, i.status))
            known.append(Availability(person.attendee, tuple(intervals), person.working_hours))
        return Calendars(known=tuple(known), unknown=tuple(unknown))

    async def _read_chunk(
        self, mailbox: str, people: list[_Person], window: tuple[datetime, datetime]
    ) -> None:
        start, end = window
        body = GetSchedulePostRequestBody(
            schedules=[p.attendee.email for p in people],
            start_time=_graph_time(start),
            end_time=_graph_time(end),
            availability_view_interval=int(self.interval.total_seconds() // 60),
        )
        config: RequestConfiguration[QueryParameters] = RequestConfiguration()
        config.headers.add("Prefer", 'outlook.timezone="UTC"')
        request = self.client.users.by_user_id(mailbox).calendar.get_schedule

        async def send() -> list[ScheduleInformation]:
            answer = await request.post(body, config)
            return list(answer.value or []) if answer is not None else []

        infos = await self._call("reading calendars", send)
        by_id = {(i.schedule_id or "").lower(): i for i in infos if i.schedule_id}
        asked = {p.attendee.email.lower() for p in people}
        for n, person in enumerate(people):
            info = by_id.get(person.attendee.email.lower())
            if info is None and n < len(infos) and len(infos) == len(people):
                # Graph answers in the order asked; its scheduleId may be another alias
                candidate = infos[n]
                if (candidate.schedule_id or "").lower() not in asked:
                    info = candidate
            self._take(person, info, window)

    def _take(
        self, person: _Person, info: ScheduleInformation | None, window: tuple[datetime, datetime]
    ) -> None:
        """Keep status, times and working hours from `info`; nothing else is read."""
        if info is None:
            person.error = person.error or "Graph's answer left this calendar out"
            return
        if info.error is not None:
            code = info.error.response_code or "unknown"
            reason = f"Graph could not read this calendar (responseCode {code})"
            log.debug("a calendar was not readable: responseCode %s", code)
            person.error = person.error or reason
            return
        if info.schedule_items is not None:
            for item in info.schedule_items:
                status = _STATUSES.get(item.status) if item.status is not None else None
                if status is None:
                    continue  # free
                item_start, item_end = _moment(item.start), _moment(item.end)
                if item_start is None or item_end is None or item_end <= item_start:
                    continue
                person.intervals.add(Interval(item_start, item_end, status))
        elif info.availability_view:
            person.intervals.update(_view_intervals(info.availability_view, window, self.interval))
        if info.working_hours is not None and person.working_hours is None:
            person.working_hours = self._working_hours(info.working_hours)

    def _working_hours(self, hours: GraphWorkingHours) -> WorkingHours:
        zone: tzinfo
        if isinstance(hours.time_zone, CustomTimeZone):
            zone = _custom_zone(hours.time_zone, self.zone)
        else:
            zone = zone_from_name(hours.time_zone.name if hours.time_zone else None, self.zone)
        default = WorkingHours(zone)
        days = default.days
        if hours.days_of_week is not None:
            names = [getattr(d, "value", d) for d in hours.days_of_week]
            days = frozenset(_WEEKDAYS.index(n) for n in names if n in _WEEKDAYS)
        return WorkingHours(
            zone=zone,
            days=days,
            start=_clock(hours.start_time, default.start),
            end=_clock(hours.end_time, default.end),
        )

    # -- booking ------------------------------------------------------------------------------

    async def warm_up(self) -> None:
        """Load msgraph's event models in a thread (about 1,100 modules, 2-3 s of CPU).

        msgraph imports every `Entity` subclass the first time it parses an `Event`; done inside
        `book()` that would stall the event loop, and every bot turn with it. `book()` calls this
        first; calling it at start-up moves the cost out of the first booking too.
        """
        global _event_models_loaded
        if not _event_models_loaded:
            await asyncio.to_thread(_load_event_models)
            _event_models_loaded = True

    async def book(self, meeting: MeetingRequest) -> Booking:
        organizer = meeting.organizer.email
        others = [a for a in meeting.attendees if a.email.lower() != organizer.lower()]
        event = Event(
            subject=meeting.subject,
            body=ItemBody(content_type=BodyType.Text, content=meeting.body),
            start=_graph_time(meeting.start),
            end=_graph_time(meeting.end),
            attendees=[
                GraphAttendee(
                    email_address=EmailAddress(address=a.email, name=a.display_name),
                    type=AttendeeType.Required,
                )
                for a in others
            ],
            is_online_meeting=meeting.online,
            online_meeting_provider=(
                OnlineMeetingProviderType.TeamsForBusiness if meeting.online else None
            ),
            # Without one from the caller, this call's retries still never book twice.
            transaction_id=meeting.transaction_id or uuid.uuid4().hex,
        )
        request = self.client.users.by_user_id(organizer).events
        await self.warm_up()

        async def send() -> Event | None:
            return await request.post(event)

        created = await self._call("booking the meeting", send)
        if created is None or not created.id:
            raise CalendarError("booking the meeting: Graph answered without an event id")
        join_url = created.online_meeting.join_url if created.online_meeting else None
        return Booking(event_id=created.id, join_url=join_url, attendees=meeting.attendees)

    async def cancel(self, organizer: Attendee, event_id: str) -> None:
        if not event_id:
            raise ValueError("cancel() needs the booking's event id")
        request = self.client.users.by_user_id(organizer.email).events.by_event_id(event_id)

        async def send() -> None:
            try:
                await request.delete()
            except ODataError as exc:
                # Already gone: cancelled before, or a retry after a DELETE whose answer was lost.
                # Other 404s (no such mailbox) stay errors.
                if not _not_found(exc):
                    raise

        await self._call("cancelling the meeting", send)

    async def remove_attendee(
        self, event_id: str, person: Attendee, organizers: Sequence[Attendee]
    ) -> Removal:
        """Take `person` off the meeting, keeping it for the others. Event ids are per mailbox
        and the bot does not store whose it booked in, so the organizer is the one of
        `organizers` whose mailbox holds the id. A meeting `person` organises cannot lose
        them (it lives in their mailbox): `organized_by_them`, for the caller to book anew."""
        if not event_id:
            raise ValueError("remove_attendee() needs the booking's event id")
        await self.warm_up()
        found = await self._find_event(event_id, organizers)
        if found is None:
            return Removal(done=True)  # gone already: nothing names her any more
        organizer, event = found
        if organizer.email.lower() == person.email.lower():
            return Removal(done=False, organized_by_them=True)
        attendees = list(event.attendees or [])
        kept = [a for a in attendees if _address_of(a) != person.email.lower()]
        if len(kept) == len(attendees):
            return Removal(done=True)
        update = Event(
            attendees=[GraphAttendee(email_address=a.email_address, type=a.type) for a in kept]
        )
        request = self.client.users.by_user_id(organizer.email).events.by_event_id(event_id)

        async def send() -> Event | None:
            return await request.patch(update)

        await self._call("taking a person off the meeting", send)
        return Removal(done=True)

    async def _find_event(
        self, event_id: str, organizers: Sequence[Attendee]
    ) -> tuple[Attendee, Event] | None:
        """(organizer, event with its attendees): the first mailbox that holds the id."""
        query = EventItemRequestBuilder.EventItemRequestBuilderGetQueryParameters(
            select=["attendees"]
        )
        config = RequestConfiguration(query_parameters=query)
        for organizer in organizers:
            request = self.client.users.by_user_id(organizer.email).events.by_event_id(event_id)

            async def send(request: EventItemRequestBuilder = request) -> Event | None:
                try:
                    return await request.get(config)
                except ODataError as exc:
                    if _not_held_here(exc):
                        return None
                    raise

            event = await self._call("reading the meeting's attendees", send)
            if event is not None:
                return organizer, event
        return None

    # -- retries ------------------------------------------------------------------------------

    async def _call(self, what: str, send: Callable[[], Awaitable[T]]) -> T:
        """`send()` under the concurrency gate, retried by the policy; else CalendarError."""
        attempts = max(1, self.retry.attempts)
        for attempt in range(1, attempts + 1):
            try:
                async with self._gate:
                    return await send()
            except APIError as exc:
                status = exc.response_status_code or 0
                problem = _describe(exc)
                if status not in RETRY_STATUSES:
                    raise CalendarError(f"{what}: {problem}") from exc
                wait = _retry_after(exc.response_headers)
                failure: Exception = exc
            except httpx.TransportError as exc:
                problem, wait, failure = f"{type(exc).__name__} talking to Graph", None, exc
            except AzureError as exc:  # no token: wrong secret, no managed identity, ...
                raise CalendarError(f"{what}: no access token ({type(exc).__name__})") from exc
            if attempt == attempts:
                raise CalendarError(
                    f"{what}: still failing after {attempts} attempts ({problem})"
                ) from failure
            if wait is None:
                wait = self.retry.backoff(attempt, self._rng)
            elif wait > self.retry.max_retry_after:
                raise CalendarError(
                    f"{what}: Graph asks to wait {wait:.0f} s, longer than "
                    f"{self.retry.max_retry_after:.0f} s ({problem})"
                ) from failure
            log.warning(
                "%s: %s; retry %d of %d in %.1f s", what, problem, attempt, attempts - 1, wait
            )
            await self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover


# -- helpers ----------------------------------------------------------------------------------

_event_models_loaded = False


def _custom_zone(value: CustomTimeZone, default: ZoneInfo) -> tzinfo:
    """Working hours in a `customTimeZone` (rules, not a name); `default` without a bias."""
    if value.bias is None:
        return default
    daylight, standard = value.daylight_offset, value.standard_offset
    return CustomZone(
        value.name or "custom",
        int(value.bias),
        daylight_starts=_transition(daylight),
        standard_starts=_transition(standard),
        daylight_bias=int(daylight.daylight_bias or 0) if daylight is not None else 0,
    )


def _transition(offset: StandardTimeZoneOffset | None) -> Transition | None:
    if offset is None or not offset.month or not offset.day_occurrence:
        return None
    weekday = weekday_number(getattr(offset.day_of_week, "value", offset.day_of_week))
    if weekday is None or not 1 <= offset.month <= 12:
        return None
    at = _clock(offset.time, time(2, 0))
    return Transition(offset.month, weekday, max(1, min(5, offset.day_occurrence)), at)


def _not_found(exc: ODataError) -> bool:
    """The event is not in this mailbox (other 404s, such as no such mailbox, are errors)."""
    code = exc.error.code if exc.error is not None else None
    return (exc.response_status_code, code) == (404, "ErrorItemNotFound")


def _not_held_here(exc: ODataError) -> bool:
    """While looking for the organizer's mailbox: this one does not hold the id (any 404:
    no such item, no such mailbox; or an id Exchange reads as another mailbox's)."""
    code = exc.error.code if exc.error is not None else None
    return exc.response_status_code == 404 or code == "ErrorInvalidIdMalformed"


def _address_of(attendee: GraphAttendee) -> str:
    address = attendee.email_address.address if attendee.email_address else None
    return (address or "").lower()


def _check_interval(minutes: int) -> None:
    if not 5 <= minutes <= 1440:
        raise ValueError("Graph's availability interval is 5 to 1440 minutes")


def _load_event_models() -> None:
    Event().get_field_deserializers()  # imports what parsing an event answer needs


def _describe(exc: APIError) -> str:
    status = exc.response_status_code
    if isinstance(exc, ODataError) and exc.error is not None:
        return f"HTTP {status} {exc.error.code}: {exc.error.message}"
    return f"HTTP {status}: {exc.message or type(exc).__name__}"


def _retry_after(headers: Any) -> float | None:
    """Seconds from a `Retry-After` header (seconds, fractions, or an HTTP date), if any."""
    return retry_after_seconds(headers) if headers else None


def _windows(start: datetime, end: datetime, size: timedelta) -> list[tuple[datetime, datetime]]:
    windows = []
    while start < end:
        windows.append((start, min(end, start + size)))
        start += size
    return windows


def _floor_second(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def _ceil_second(moment: datetime) -> datetime:
    moment = moment.astimezone(UTC)
    if moment.microsecond:
        moment = moment.replace(microsecond=0) + timedelta(seconds=1)
    return moment


def _graph_time(moment: datetime) -> DateTimeTimeZone:
    """A DateTimeTimeZone in UTC (Graph refuses most IANA names, Europe/Stockholm among them)."""
    if moment.tzinfo is None:
        raise ValueError("Graph times need aware datetimes")
    utc = moment.astimezone(UTC)
    return DateTimeTimeZone(date_time=utc.strftime("%Y-%m-%dT%H:%M:%S"), time_zone="UTC")


def _moment(value: DateTimeTimeZone | None) -> datetime | None:
    """An aware UTC datetime from Graph's `{dateTime, timeZone}` (seven fractional digits)."""
    if value is None or not value.date_time:
        return None
    text = re.sub(r"(\.\d{6})\d+", r"\1", value.date_time.strip().removesuffix("Z"))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone_from_name(value.time_zone, ZoneInfo("UTC")))
    return moment.astimezone(UTC)


def _clock(value: Any, default: time) -> time:
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        try:
            return time.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", value))
        except ValueError:
            return default
    return default


def _view_intervals(
    view: str, window: tuple[datetime, datetime], step: timedelta
) -> list[Interval]:
    """Intervals from an availabilityView string (one digit per `step` from the window start)."""
    start, end = window
    intervals: list[Interval] = []
    for n, digit in enumerate(view):
        status = _VIEW_DIGITS.get(digit)
        slot_start = start + n * step
        if status is None or slot_start >= end:
            continue
        slot_end = min(slot_start + step, end)
        last = intervals[-1] if intervals else None
        if last is not None and last.status == status and last.end == slot_start:
            intervals[-1] = Interval(last.start, slot_end, status)
        else:
            intervals.append(Interval(slot_start, slot_end, status))
    return intervals
