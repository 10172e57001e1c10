"""A local Microsoft Graph (v1.0) for the calendar calls the bot makes with msgraph-sdk.

    async with FakeGraph() as fg:
        fg.set_busy("karin.lund@uppsala.example", [(start_utc, end_utc, "busy")])
        adapter.base_url = fg.url + "/v1.0"   # msgraph's GraphRequestAdapter

It mimics, from the Graph docs and observed answers:
- `POST /users/{id}/calendar/getSchedule`: `scheduleInformation` per address with
  `availabilityView` (0 free, 1 tentative, 2 busy, 3 oof; working elsewhere is 0 "for backward
  compatibility" as the docs say), `scheduleItems` with `subject`/`location` (as Graph gives
  callers with detailed access), `workingHours`, and a per-mailbox `error` for addresses it cannot
  resolve. Request times are read in their own `timeZone`; answers come in UTC unless the
  `Prefer: outlook.timezone="..."` header asks for another zone. Time zones are the Windows names
  Graph accepts (`UTC`, `W. Europe Standard Time`, ...); IANA names such as `Europe/Stockholm`
  get Graph's 400 `TimeZoneNotSupportedException`. At most 20 schedules and a window under
  42 days, interval 5-1440 minutes, else 400.
- `POST /users/{id}/events`: 201 with the event, a Teams `onlineMeeting.joinUrl` when
  `isOnlineMeeting`, idempotent on `transactionId`; the event then shows as busy for the organizer
  and every attendee.
- `DELETE /users/{id}/events/{eventId}`: 204, and the event no longer shows for anyone; 404
  `ErrorItemNotFound` for an id the organizer's mailbox does not hold (event ids are per mailbox).
- `GET /users/{id}/events/{eventId}` (with `$select`): 200 with the event (only the selected
  properties, `id` and `@odata.etag` always), 404 `ErrorItemNotFound` as for DELETE.
- `PATCH /users/{id}/events/{eventId}` ("Update event"): only the properties in the body change,
  `attendees` replaced as a whole (a removed attendee's calendar no longer shows the event);
  200 with the updated event; read-only properties (`id`, `organizer`, ...) get 400.
- `POST /teams/{team-id}/channels` ("Create channel"): 201 with the channel (`id`,
  `displayName`, `description`, `membershipType`, `webUrl`); 404 for a team it does not know,
  403 where `forbid_channels` took the app's permission away, 409 `NameAlreadyExists` for a name
  the team has (any case), 400 for a name missing or over 50 characters.
- `GET /users/{id | userPrincipalName}` (with `$select`): 200 with the user (the selected
  properties, `id` always); 404 `Request_ResourceNotFound` for an unknown user; 403
  `Authorization_RequestDenied` when the app lacks `User.Read.All` (`forbid_user_read`).
- `GET /users?$filter=mail eq '{address}'` (with `$select`): 200 with `value`, the users whose
  mail it is (case-insensitive, as Graph compares); other filters get 400.
- `POST /users/{id | userPrincipalName}/teamwork/installedApps` ("Install app for user") with
  `{"teamsApp@odata.bind": ".../appCatalogs/teamsApps/{catalog-app-id}"}`: 201 Created and no
  body; 409 `Conflict` when the app is installed for the user already; 404 for an unknown user
  or an app not in the catalog; 400 for a body without the binding; 403 `Forbidden` when the app
  lacks `TeamsAppInstallation.ReadWriteForUser.All` (`forbid_installs`).
- Graph's error JSON (`{"error": {"code", "message", "innerError"}}`) and `@odata.context`.
"""

from __future__ import annotations

import itertools
import math
import re
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from tests.fakes.service import FakeService, RecordedRequest, Reply

GRAPH_ROOT = "https://graph.microsoft.com/v1.0"
SECRET_SUBJECT = "Konfidentiellt: lönesamtal med Per"  # a bot must never repeat these
SECRET_LOCATION = "Rum 4B, Stadshuset"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")

# Windows zone names Graph takes in dateTimeTimeZone, mapped to IANA for the arithmetic.
WINDOWS_ZONES = {
    "UTC": "UTC",
    "W. Europe Standard Time": "Europe/Berlin",
    "Central Europe Standard Time": "Europe/Budapest",
    "Romance Standard Time": "Europe/Paris",
    "GMT Standard Time": "Europe/London",
    "FLE Standard Time": "Europe/Helsinki",
    "Eastern Standard Time": "America/New_York",
    "Pacific Standard Time": "America/Los_Angeles",
}
# Properties of an event that "Update event" does not take.
_READ_ONLY = frozenset(
    {"id", "organizer", "createdDateTime", "iCalUId", "uid", "isOrganizer", "webLink", "changeKey"}
)
_DIGITS = {"free": "0", "tentative": "1", "busy": "2", "oof": "3"}
_PRECEDENCE = {"oof": 4, "busy": 3, "tentative": 2, "workingElsewhere": 1, "free": 0, "unknown": 0}
_ERRORS = {
    400: ("BadRequest", "The request is invalid."),
    401: ("InvalidAuthenticationToken", "Access token is empty."),
    403: ("ErrorAccessDenied", "Access is denied. Check credentials and try again."),
    404: ("ErrorItemNotFound", "The specified object was not found in the store."),
    409: ("ErrorIrresolvableConflict", "The send or update operation could not be performed."),
    429: ("TooManyRequests", "Too many requests. Please retry after the Retry-After interval."),
    500: ("InternalServerError", "An internal server error occurred."),
    502: ("BadGateway", "Bad gateway."),
    503: ("ServiceUnavailable", "The service is temporarily unavailable. Please retry later."),
    504: ("GatewayTimeout", "The gateway timed out."),
}


class GraphRequestError(Exception):
    """A request Graph refuses with 400; carries the error code and message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class CalendarItem:
    """Something in a calendar; `start`/`end` are aware datetimes."""

    start: datetime
    end: datetime
    status: str = "busy"  # free, tentative, busy, oof, workingElsewhere
    subject: str | None = SECRET_SUBJECT
    location: str | None = SECRET_LOCATION
    is_private: bool = False


@dataclass
class Mailbox:
    address: str
    name: str
    user_id: str
    working_hours: dict[str, Any]
    items: list[CalendarItem] = field(default_factory=list)


def working_hours(
    start: str = "08:00",
    end: str = "17:00",
    days: Sequence[str] = WEEKDAYS,
    time_zone: str = "W. Europe Standard Time",
) -> dict[str, Any]:
    """A `workingHours` object as Graph returns it."""
    return {
        "daysOfWeek": list(days),
        "startTime": f"{start}:00.0000000",
        "endTime": f"{end}:00.0000000",
        "timeZone": {"name": time_zone},
    }


def custom_working_hours(
    start: str = "08:00",
    end: str = "17:00",
    days: Sequence[str] = WEEKDAYS,
    *,
    bias: int = 480,
    daylight: tuple[int, int, str] | None = (3, 2, "sunday"),
    standard: tuple[int, int, str] | None = (11, 1, "sunday"),
    daylight_bias: int = -60,
) -> dict[str, Any]:
    """`workingHours` in a `customTimeZone`, as in the getSchedule documentation's example
    (bias 480 with US transition rules: the second Sunday of March, the first of November).
    `daylight`/`standard` are (month, occurrence, day of week); None leaves the rule out."""

    def offset(rule: tuple[int, int, str] | None, **extra: Any) -> dict[str, Any] | None:
        if rule is None:
            return None
        month, occurrence, day = rule
        return {
            "time": "02:00:00.0000000",
            "dayOccurrence": occurrence,
            "dayOfWeek": day,
            "month": month,
            "year": 0,
            **extra,
        }

    zone: dict[str, Any] = {
        "@odata.type": "#microsoft.graph.customTimeZone",
        "bias": bias,
        "name": "Customized Time Zone",
        "standardOffset": offset(standard),
        "daylightOffset": offset(daylight, daylightBias=daylight_bias),
    }
    return {
        "daysOfWeek": list(days),
        "startTime": f"{start}:00.0000000",
        "endTime": f"{end}:00.0000000",
        "timeZone": {key: value for key, value in zone.items() if value is not None},
    }


ItemSpec = CalendarItem | tuple[datetime, datetime, str] | tuple[datetime, datetime, str, str]


class FakeGraph(FakeService):
    """Answers like Microsoft Graph v1.0 calendars on http://127.0.0.1:<free port>.

    Args:
        require_auth: a token; requests without `Authorization: Bearer <token>` get 401.
        unknown_mailbox: (responseCode, message template with `{address}`) of the per-mailbox
            error for addresses no test set up; the default is what Graph answered when it
            could not resolve an address.
        working_elsewhere_digit: availabilityView digit for workingElsewhere ("0" per the docs).
        clock: monotonic seconds for the recorded `time`.
    """

    def __init__(
        self,
        *,
        require_auth: str | None = None,
        unknown_mailbox: tuple[str, str] = (
            "5009",
            "Unable to resolve e-mail address {address} to an Active Directory object.",
        ),
        working_elsewhere_digit: str = "0",
        max_schedules: int = 20,
        max_window: timedelta = timedelta(days=42),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(require_auth=require_auth, clock=clock)
        self.unknown_mailbox = unknown_mailbox
        self.working_elsewhere_digit = working_elsewhere_digit
        self.max_schedules = max_schedules
        self.max_window = max_window
        self.mailboxes: dict[str, Mailbox] = {}
        self.mailbox_errors: dict[str, tuple[str, str]] = {}
        self.events: list[dict[str, Any]] = []  # distinct events created, in order
        self.event_posts = 0  # accepted POSTs to /events, repeats with a transactionId included
        self._by_transaction: dict[tuple[str, str], dict[str, Any]] = {}
        self._numbers = itertools.count(1)
        self.route(
            "POST", "/v1.0/users/{user}/calendar/getSchedule", "get_schedule", self._get_schedule
        )
        self.route("POST", "/v1.0/me/calendar/getSchedule", "get_schedule", self._get_schedule)
        self.route("POST", "/v1.0/users/{user}/events", "create_event", self._create_event)
        self.route("POST", "/v1.0/users/{user}/calendar/events", "create_event", self._create_event)
        for path in ("/v1.0/users/{user}/events/{id}", "/v1.0/users/{user}/calendar/events/{id}"):
            self.route("DELETE", path, "delete_event", self._delete_event)
            self.route("GET", path, "get_event", self._get_event)
            self.route("PATCH", path, "update_event", self._update_event)
        self.event_updates: list[dict[str, Any]] = []  # accepted PATCH bodies, in order
        # Teams and their channels ("Create channel").
        self.teams: dict[str, list[dict[str, Any]]] = {}
        self.channels_forbidden: set[str] = set()
        self.route("POST", "/v1.0/teams/{team}/channels", "create_channel", self._create_channel)
        # Users and the apps installed in their personal scope.
        self.users: dict[str, dict[str, Any]] = {}  # by user id
        self.catalog_apps: set[str] = set()
        self.installed: dict[str, set[str]] = {}  # user id -> catalog app ids
        self.app_installs: list[tuple[str, str]] = []  # (user id, app id) as installed, in order
        self.forbid_user_read = False
        self.forbid_installs = False
        self.route("GET", "/v1.0/users/{user}", "get_user", self._get_user)
        self.route("GET", "/v1.0/users", "list_users", self._list_users)
        self.route(
            "POST",
            "/v1.0/users/{user}/teamwork/installedApps",
            "install_app_for_user",
            self._install_for_user,
        )

    # -- set-up ----------------------------------------------------------------------------

    def add_mailbox(
        self,
        address: str,
        *,
        name: str | None = None,
        user_id: str | None = None,
        working_hours: dict[str, Any] | None = None,
    ) -> Mailbox:
        """A mailbox Graph can resolve (empty calendar unless `set_busy` fills it)."""
        key = address.lower()
        box = self.mailboxes.get(key)
        if box is None:
            box = Mailbox(
                address,
                name or address,
                user_id or str(uuid.uuid5(uuid.NAMESPACE_URL, key)),
                working_hours or _default_working_hours(),
            )
            self.mailboxes[key] = box
        if name:
            box.name = name
        if user_id:
            box.user_id = user_id
        if working_hours:
            box.working_hours = working_hours
        return box

    def set_busy(
        self,
        address: str,
        items: Iterable[ItemSpec],
        *,
        working_hours: dict[str, Any] | None = None,
    ) -> Mailbox:
        """Replace the calendar of `address` with `items`: CalendarItem or (start_utc, end_utc,
        status[, subject]) with aware datetimes. Tuple items get SECRET_SUBJECT/SECRET_LOCATION."""
        box = self.add_mailbox(address, working_hours=working_hours)
        box.items = [_as_item(spec) for spec in items]
        return box

    def add_team(self, team_id: str, channels: Iterable[str] = ("General",)) -> None:
        """A team Graph knows, with channels of these names."""
        self.teams[team_id] = [_channel(team_id, name, "", n) for n, name in enumerate(channels)]

    def forbid_channels(self, team_id: str) -> None:
        """Creating channels in this team is refused (the app lacks Channel.Create)."""
        self.channels_forbidden.add(team_id)

    def set_mailbox_error(self, address: str, response_code: str, message: str) -> None:
        """getSchedule answers this per-mailbox error for `address`."""
        self.mailbox_errors[address.lower()] = (response_code, message)

    def add_user(
        self,
        upn: str,
        *,
        user_id: str | None = None,
        name: str | None = None,
        mail: str | None = None,
    ) -> str:
        """A user of the tenant (a work account; `mail` when it is not their sign-in name);
        returns their id."""
        found = self._user(upn)
        if found is not None:
            return str(found["id"])
        user_id = user_id or str(uuid.uuid5(uuid.NAMESPACE_DNS, upn.lower()))
        self.users[user_id] = {
            "id": user_id,
            "userPrincipalName": upn,
            "mail": mail or upn,
            "displayName": name or upn.split("@")[0],
        }
        return user_id

    def add_catalog_app(self, app_id: str) -> None:
        """A Teams app in the organisation's app catalog (its generated id, not the manifest's)."""
        self.catalog_apps.add(app_id)

    def _user(self, key: str) -> dict[str, Any] | None:
        if key in self.users:
            return self.users[key]
        for user in self.users.values():
            if user["userPrincipalName"].lower() == key.lower():
                return user
        return None

    # -- users and their apps --------------------------------------------------------------

    def _no_user(self, key: str) -> Reply:
        message = (
            f"Resource '{key}' does not exist or one of its queried reference-property objects "
            "are not present."
        )
        return Reply(404, self.error_body(404, "Request_ResourceNotFound", message))

    async def _get_user(self, rec: RecordedRequest) -> Reply:
        if self.forbid_user_read:
            message = "Insufficient privileges to complete the operation."
            return Reply(403, self.error_body(403, "Authorization_RequestDenied", message))
        user = self._user(rec.params["user"])
        if user is None:
            return self._no_user(rec.params["user"])
        selected = [p for p in rec.query.get("$select", "").split(",") if p]
        shown = {k: v for k, v in user.items() if not selected or k in selected or k == "id"}
        context = f"{GRAPH_ROOT}/$metadata#users/$entity"
        return Reply(200, {"@odata.context": context, **shown})

    async def _list_users(self, rec: RecordedRequest) -> Reply:
        if self.forbid_user_read:
            message = "Insufficient privileges to complete the operation."
            return Reply(403, self.error_body(403, "Authorization_RequestDenied", message))
        found = re.fullmatch(r"mail eq '((?:[^']|'')*)'", rec.query.get("$filter", "").strip())
        if found is None:
            message = "Unsupported or invalid query filter clause specified."
            return Reply(400, self.error_body(400, "Request_UnsupportedQuery", message))
        mail = found[1].replace("''", "'").lower()
        selected = [p for p in rec.query.get("$select", "").split(",") if p]
        value = [
            {k: v for k, v in user.items() if not selected or k in selected or k == "id"}
            for user in self.users.values()
            if user["mail"].lower() == mail
        ]
        return Reply(200, {"@odata.context": f"{GRAPH_ROOT}/$metadata#users", "value": value})

    async def _install_for_user(self, rec: RecordedRequest) -> Reply:
        if self.forbid_installs:
            message = (
                "Missing role permissions on the request. API requires one of "
                "'TeamsAppInstallation.ReadWriteForUser.All'."
            )
            return Reply(403, self.error_body(403, "Forbidden", message))
        user = self._user(rec.params["user"])
        if user is None:
            return self._no_user(rec.params["user"])
        body = rec.json if isinstance(rec.json, dict) else {}
        bind = body.get("teamsApp@odata.bind")
        found = (
            re.search(r"/appCatalogs/teamsApps/([^/]+)$", bind) if isinstance(bind, str) else None
        )
        if found is None:
            message = "teamsApp@odata.bind is required: .../appCatalogs/teamsApps/{id}"
            return Reply(400, self.error_body(400, "BadRequest", message))
        app_id = found[1]
        if app_id not in self.catalog_apps:
            return Reply(404, self.error_body(404, "NotFound", f"App '{app_id}' was not found."))
        apps = self.installed.setdefault(user["id"], set())
        if app_id in apps:
            return Reply(409, self.error_body(409, "Conflict", "App is already installed."))
        apps.add(app_id)
        self.app_installs.append((user["id"], app_id))
        return Reply(201)

    # -- service hooks ---------------------------------------------------------------------

    def error_body(self, status: int, code: str | None = None, message: str | None = None) -> Any:
        default_code, default_message = _ERRORS.get(status, ("UnknownError", "Error."))
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
        inner = {
            "date": stamp,
            "request-id": str(uuid.uuid4()),
            "client-request-id": str(uuid.uuid4()),
        }
        return {
            "error": {
                "code": code or default_code,
                "message": message or default_message,
                "innerError": inner,
            }
        }

    def unauthorized_body(self) -> Any:
        return self.error_body(401)

    # -- getSchedule -----------------------------------------------------------------------

    async def _get_schedule(self, rec: RecordedRequest) -> Reply:
        try:
            request = _ScheduleRequest.parse(rec.json, self.max_schedules, self.max_window)
            out_zone = _prefer_zone(rec.headers)
        except GraphRequestError as exc:
            return Reply(400, self.error_body(400, exc.code, exc.message))
        value = [self._schedule(address, request, out_zone) for address in request.schedules]
        context = f"{GRAPH_ROOT}/$metadata#Collection(microsoft.graph.scheduleInformation)"
        return Reply(200, {"@odata.context": context, "value": value})

    def _schedule(self, address: str, request: _ScheduleRequest, out_zone: str) -> dict[str, Any]:
        key = address.lower()
        if key in self.mailbox_errors or key not in self.mailboxes:
            code, template = self.mailbox_errors.get(key, self.unknown_mailbox)
            return {
                "scheduleId": address,
                "error": {"message": template.format(address=address), "responseCode": code},
            }
        box = self.mailboxes[key]
        items = sorted(
            (
                i
                for i in [*box.items, *self._event_items(key)]
                if i.start < request.end and i.end > request.start
            ),
            key=lambda i: i.start,
        )
        return {
            "scheduleId": address,
            "availabilityView": self._availability_view(items, request),
            "scheduleItems": [_schedule_item(i, out_zone) for i in items],
            "workingHours": box.working_hours,
        }

    def _availability_view(self, items: list[CalendarItem], request: _ScheduleRequest) -> str:
        step = timedelta(minutes=request.interval)
        slots = math.ceil((request.end - request.start) / step)
        digits = []
        for n in range(slots):
            slot_start = request.start + n * step
            slot_end = min(slot_start + step, request.end)
            overlapping = [i.status for i in items if i.start < slot_end and i.end > slot_start]
            status = max(overlapping, key=lambda s: _PRECEDENCE.get(s, 0), default="free")
            if status == "workingElsewhere":
                digits.append(self.working_elsewhere_digit)
            else:
                digits.append(_DIGITS.get(status, "0"))
        return "".join(digits)

    def _event_items(self, address: str) -> list[CalendarItem]:
        items = []
        for event in self.events:
            people = [event["organizer"]["emailAddress"]["address"]]
            people += [a["emailAddress"]["address"] for a in event["attendees"]]
            if address in (p.lower() for p in people) and not event["isCancelled"]:
                items.append(
                    CalendarItem(
                        _parse_moment(event["start"]),
                        _parse_moment(event["end"]),
                        event["showAs"],
                        event["subject"],
                        event["location"].get("displayName") or None,
                    )
                )
        return items

    # -- channels --------------------------------------------------------------------------

    async def _create_channel(self, rec: RecordedRequest) -> Reply:
        team_id = rec.params["team"]
        channels = self.teams.get(team_id)
        if channels is None:
            return Reply(
                404, self.error_body(404, "NotFound", f"No team found with Group Id {team_id}")
            )
        if team_id in self.channels_forbidden:
            return Reply(
                403, self.error_body(403, "Forbidden", "Missing role permissions on the request.")
            )
        body = rec.json if isinstance(rec.json, dict) else {}
        name = body.get("displayName")
        if not isinstance(name, str) or not name.strip() or len(name) > 50:
            return Reply(400, self.error_body(400, "BadRequest", "Invalid displayName."))
        if any(c["displayName"].casefold() == name.casefold() for c in channels):
            return Reply(
                409,
                self.error_body(
                    409, "NameAlreadyExists", "Channel name already existed, please use other name."
                ),
            )
        channel = _channel(team_id, name, body.get("description") or "", len(channels))
        channels.append(channel)
        return Reply(
            201,
            {
                "@odata.context": f"{GRAPH_ROOT}/$metadata#teams('{team_id}')/channels/$entity",
                **channel,
            },
        )

    # -- events ----------------------------------------------------------------------------

    async def _create_event(self, rec: RecordedRequest) -> Reply:
        body = rec.json if isinstance(rec.json, dict) else {}
        organizer = self._organizer(rec.params.get("user", ""))
        transaction = body.get("transactionId")
        if transaction and (organizer.lower(), transaction) in self._by_transaction:
            self.event_posts += 1
            return Reply(201, self._by_transaction[(organizer.lower(), transaction)])
        try:
            event = self._new_event(organizer, body, _prefer_zone(rec.headers, default=None))
        except GraphRequestError as exc:
            return Reply(400, self.error_body(400, exc.code, exc.message))
        event["@odata.context"] = (
            f"{GRAPH_ROOT}/$metadata#users('{quote(organizer)}')/events/$entity"
        )
        self.events.append(event)
        self.event_posts += 1
        if transaction:
            self._by_transaction[(organizer.lower(), transaction)] = event
        return Reply(201, event)

    async def _delete_event(self, rec: RecordedRequest) -> Reply:
        organizer = self._organizer(rec.params["user"]).lower()
        for event in self.events:
            owner = event["organizer"]["emailAddress"]["address"].lower()
            if event["id"] == rec.params["id"] and owner == organizer:
                self.events.remove(event)
                # The fake's choice: a later POST with the same transactionId books anew.
                self._by_transaction = {
                    k: v for k, v in self._by_transaction.items() if v is not event
                }
                return Reply(204)
        return Reply(404, self.error_body(404))

    def _held(self, rec: RecordedRequest) -> dict[str, Any] | None:
        """The event the path names, if the mailbox it names holds it (ids are per mailbox)."""
        organizer = self._organizer(rec.params["user"]).lower()
        for event in self.events:
            owner = event["organizer"]["emailAddress"]["address"].lower()
            if event["id"] == rec.params["id"] and owner == organizer:
                return event
        return None

    async def _get_event(self, rec: RecordedRequest) -> Reply:
        event = self._held(rec)
        if event is None:
            return Reply(404, self.error_body(404))
        select = next((v for k, v in rec.query.items() if k.lower() == "$select"), "")
        wanted = {name.strip() for name in select.split(",") if name.strip()}
        if not wanted:
            return Reply(200, event)
        kept = {"@odata.etag", "id", *wanted}
        return Reply(200, {k: v for k, v in event.items() if k in kept})

    async def _update_event(self, rec: RecordedRequest) -> Reply:
        event = self._held(rec)
        if event is None:
            return Reply(404, self.error_body(404))
        body = rec.json if isinstance(rec.json, dict) else None
        if not body:
            return Reply(400, self.error_body(400, "ErrorInvalidRequest", "Empty update."))
        body = {k: v for k, v in body.items() if k != "@odata.type"}  # msgraph adds its type
        read_only = sorted(set(body) & _READ_ONLY)
        if read_only:
            message = f"The property '{read_only[0]}' is read-only and cannot be set."
            return Reply(
                400, self.error_body(400, "ErrorInvalidPropertyUpdateSentAsPatch", message)
            )
        if "attendees" in body:
            if not isinstance(body["attendees"], list):
                return Reply(400, self.error_body(400, "ErrorInvalidRequest", "Bad attendees."))
            body["attendees"] = [_attendee(a) for a in body["attendees"]]
        event.update(body)
        number = int(event["changeKey"].removeprefix("fake").split("-")[0])
        event["changeKey"] = f"fake{number}-{len(self.event_updates) + 1}"
        event["@odata.etag"] = f'W/"{event["changeKey"]}"'
        event["lastModifiedDateTime"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")
        self.event_updates.append(body)
        return Reply(200, event)

    def _organizer(self, user: str) -> str:
        if "@" in user:
            return user
        box = next((b for b in self.mailboxes.values() if b.user_id == user), None)
        return box.address if box else user

    def _new_event(self, organizer: str, body: dict[str, Any], zone: str | None) -> dict[str, Any]:
        start, end = body.get("start"), body.get("end")
        if not isinstance(start, dict) or not isinstance(end, dict):
            raise GraphRequestError("ErrorInvalidRequest", "Start and End are required.")
        start_at, end_at = _parse_moment(start), _parse_moment(end)
        if end_at < start_at:
            raise GraphRequestError("ErrorInvalidRequest", "The end time must be after the start.")
        number = next(self._numbers)
        event_id = f"AAMkAGZha2UtZ3JhcGg{number:08d}AAA="
        ical = "040000008200E00074C5B7101A82E00800000000" + uuid.uuid4().hex.upper()
        online = bool(body.get("isOnlineMeeting"))
        created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")
        content = (body.get("body") or {}).get("content") or ""
        box = self.mailboxes.get(organizer.lower())
        return {
            "@odata.etag": f'W/"fake{number}"',
            "id": event_id,
            "createdDateTime": created,
            "lastModifiedDateTime": created,
            "changeKey": f"fake{number}",
            "categories": body.get("categories") or [],
            "transactionId": body.get("transactionId"),
            "originalStartTimeZone": start.get("timeZone"),
            "originalEndTimeZone": end.get("timeZone"),
            "iCalUId": ical,
            "uid": ical,
            "reminderMinutesBeforeStart": 15,
            "isReminderOn": True,
            "hasAttachments": False,
            "subject": body.get("subject") or "",
            "bodyPreview": re.sub(r"<[^>]+>", "", content)[:255],
            "importance": body.get("importance") or "normal",
            "sensitivity": body.get("sensitivity") or "normal",
            "isAllDay": bool(body.get("isAllDay")),
            "isCancelled": False,
            "isOrganizer": True,
            "responseRequested": body.get("responseRequested", True),
            "seriesMasterId": None,
            "showAs": body.get("showAs") or "busy",
            "type": "singleInstance",
            "webLink": f"https://outlook.office365.com/owa/?itemid={quote(event_id)}&exvsurl=1",
            "onlineMeetingUrl": None,
            "isOnlineMeeting": online,
            "onlineMeetingProvider": body.get("onlineMeetingProvider") or "unknown",
            "allowNewTimeProposals": True,
            "isDraft": False,
            "hideAttendees": False,
            "responseStatus": {"response": "organizer", "time": "0001-01-01T00:00:00Z"},
            "body": body.get("body") or {"contentType": "html", "content": ""},
            "start": _moment(start_at, zone or start.get("timeZone", "UTC")),
            "end": _moment(end_at, zone or end.get("timeZone", "UTC")),
            "location": {
                "displayName": "",
                "locationType": "default",
                "uniqueIdType": "unknown",
                **(body.get("location") or {}),
            },
            "locations": body.get("locations") or [],
            "recurrence": None,
            "attendees": [_attendee(a) for a in body.get("attendees") or []],
            "organizer": {
                "emailAddress": {"name": box.name if box else organizer, "address": organizer}
            },
            "onlineMeeting": {"joinUrl": _join_url(number)} if online else None,
        }


@dataclass
class _ScheduleRequest:
    schedules: list[str]
    start: datetime
    end: datetime
    interval: int

    @classmethod
    def parse(cls, body: Any, max_schedules: int, max_window: timedelta) -> _ScheduleRequest:
        """Read the body msgraph sends (PascalCase keys) or the camelCase the docs show."""
        if not isinstance(body, dict):
            raise GraphRequestError("BadRequest", "The request body is missing.")
        fields = {k.lower(): v for k, v in body.items()}
        schedules, start, end = (
            fields.get("schedules"),
            fields.get("starttime"),
            fields.get("endtime"),
        )
        if not isinstance(schedules, list) or not schedules:
            raise GraphRequestError(
                "ErrorInvalidParameter", "Schedules must list at least one address."
            )
        if len(schedules) > max_schedules:
            raise GraphRequestError(
                "ErrorInvalidParameter", f"At most {max_schedules} schedules can be requested."
            )
        if not isinstance(start, dict) or not isinstance(end, dict):
            raise GraphRequestError("BadRequest", "StartTime and EndTime are required.")
        start_at, end_at = _parse_moment(start), _parse_moment(end)
        interval = fields.get("availabilityviewinterval") or 30
        if not isinstance(interval, int) or not 5 <= interval <= 1440:
            raise GraphRequestError(
                "ErrorInvalidParameter", "AvailabilityViewInterval must be between 5 and 1440."
            )
        if end_at <= start_at:
            raise GraphRequestError("ErrorInvalidParameter", "EndTime must be after StartTime.")
        if end_at - start_at >= max_window:
            raise GraphRequestError(
                "ErrorTimeIntervalTooBig",
                f"The time window is larger than the allowed limit of {max_window.days} days.",
            )
        return cls([str(s) for s in schedules], start_at, end_at, interval)


def _zone(name: str | None) -> ZoneInfo:
    if name not in WINDOWS_ZONES:
        raise GraphRequestError(
            "TimeZoneNotSupportedException",
            f"A valid TimeZone value must be specified. The following TimeZone value is not "
            f"supported: '{name or ''}'.",
        )
    return ZoneInfo(WINDOWS_ZONES[name])


def _parse_moment(value: dict[str, Any]) -> datetime:
    """A dateTimeTimeZone as an aware UTC datetime (Graph writes 7 fractional digits)."""
    text = str(value.get("dateTime") or "")
    zone = _zone(value.get("timeZone"))
    text = re.sub(r"(\.\d{6})\d+", r"\1", text.removesuffix("Z"))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise GraphRequestError("BadRequest", f"Cannot read the date and time '{text}'.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def _moment(moment: datetime, zone_name: str) -> dict[str, str]:
    local = moment.astimezone(_zone(zone_name))
    return {"dateTime": local.strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": zone_name}


def _prefer_zone(headers: dict[str, str], default: str | None = "UTC") -> str:
    prefer = next((v for k, v in headers.items() if k.lower() == "prefer"), "")
    found = re.search(r'outlook\.timezone\s*=\s*"?([^",;]+)"?', prefer)
    if not found:
        return default  # type: ignore[return-value]
    _zone(found.group(1).strip())
    return found.group(1).strip()


def _schedule_item(item: CalendarItem, zone: str) -> dict[str, Any]:
    answer: dict[str, Any] = {"isPrivate": item.is_private, "status": item.status}
    if not item.is_private:
        if item.subject is not None:
            answer["subject"] = item.subject
        if item.location is not None:
            answer["location"] = item.location
    answer["start"] = _moment(item.start, zone)
    answer["end"] = _moment(item.end, zone)
    return answer


def _as_item(spec: ItemSpec) -> CalendarItem:
    if isinstance(spec, CalendarItem):
        item = spec
    else:
        start, end, status, *rest = spec
        item = CalendarItem(start, end, status, *(rest[:1] or [SECRET_SUBJECT]))
    if item.start.tzinfo is None or item.end.tzinfo is None:
        raise ValueError("calendar items need aware datetimes (UTC)")
    if item.status not in _PRECEDENCE:
        raise ValueError(f"unknown free/busy status {item.status!r}")
    return item


def _attendee(attendee: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": attendee.get("type") or "required",
        "status": {"response": "none", "time": "0001-01-01T00:00:00Z"},
        "emailAddress": attendee.get("emailAddress") or {},
    }


def _join_url(number: int) -> str:
    thread = f"19%3ameeting_RmFrZUdyYXBoTWVldGluZ{number:06d}%40thread.v2"
    return (
        f"https://teams.microsoft.com/l/meetup-join/{thread}/0?context=%7b%22Tid%22%3a%22fake%22%7d"
    )


def _default_working_hours() -> dict[str, Any]:
    return working_hours()


def _channel(team_id: str, name: str, description: str, number: int) -> dict[str, Any]:
    thread = uuid.uuid5(uuid.NAMESPACE_URL, f"{team_id}/{number}").hex
    channel_id = f"19:{thread}@thread.tacv2"
    return {
        "id": channel_id,
        "displayName": name,
        "description": description,
        "membershipType": "standard",
        "webUrl": f"https://teams.microsoft.com/l/channel/{quote(channel_id)}/{quote(name)}"
        f"?groupId={team_id}",
    }
