"""The plumbing both fake Microsoft services share.

`FakeService` runs an aiohttp server on a free loopback port and gives every fake the same
tools: a log of every request (bodies parsed, the `Authorization` value never kept), waiting for
a request without busy-sleeping, an optional bearer-token check, and failure injection (queued
failures and seeded random throttling). Subclasses declare their routes and say what their real
service's error bodies look like.

`Retry-After` comes in the three forms clients meet: whole seconds (`3`), fractional seconds as
Microsoft's services send them (`0.5`), and an HTTP-date (RFC 9110), which a client measures
from the response's `Date`; every answer carries a `Date` from `server_time` (set it to put
the server's clock out of step with ours). `retry_after` accepts an int or float (seconds), a
datetime (a date), or a str (sent as it is: odd values included).
"""

from __future__ import annotations

import asyncio
import json
import math
import random
import re
import socket
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any, Literal, Self

from aiohttp import web

LOOPBACK = "127.0.0.1"
REDACTED = "<redacted>"
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class RecordedRequest:
    """One request as the fake saw it. `headers` never holds a credential: the value of
    `Authorization` is replaced by a marker and `has_auth` says whether one was sent."""

    method: str
    path: str
    query: dict[str, str]
    operation: str | None
    params: dict[str, str]
    json: Any
    headers: dict[str, str]
    has_auth: bool
    time: float
    status: int | None = None
    response_json: Any = None
    response_headers: dict[str, str] = field(default_factory=dict)  # e.g. Retry-After
    failure: str | None = None  # "injected", "random-429", "rate-limit", "auth" or None

    @property
    def conversation_id(self) -> str | None:
        """The Bot Connector conversation id in the path, if any."""
        return self.params.get("conversationId")

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass
class Reply:
    """What a handler answers; the service turns it into an HTTP response."""

    status: int = 200
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Failure:
    """A queued failure: answered instead of the real handler while `times` lasts."""

    status: int
    times: int
    retry_after: RetryAfter | None
    body: Any
    path_contains: str | None
    method: str | None

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method.upper() != method:
            return False
        return not self.path_contains or self.path_contains in path


Handler = Callable[[RecordedRequest], Awaitable[Reply]]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    operation: str
    handler: Handler


RetryAfter = int | float | str | datetime
RetryAfterForm = Literal["seconds", "fractional", "date"]


def retry_after_seconds(seconds: float) -> int:
    """Retry-After is whole seconds; never tell a client to retry at once."""
    return max(1, math.ceil(seconds))


def http_date(moment: datetime) -> str:
    """RFC 9110's IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT` (whole seconds)."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def retry_after_header(value: RetryAfter) -> str:
    """The header's text for what a test asked for."""
    if isinstance(value, datetime):
        return http_date(value)
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def retry_after_in_form(seconds: float, form: RetryAfterForm, server_now: datetime) -> str:
    """A wait of `seconds`, never shorter, in the given form. A date has whole seconds and is
    measured from a `Date` that drops the current fraction: one second more keeps it long."""
    if form == "fractional":
        return retry_after_header(max(0.001, math.ceil(seconds * 1000) / 1000))
    if form == "date":
        sent = server_now.replace(microsecond=0)
        return http_date(sent + timedelta(seconds=math.ceil(seconds) + 1))
    return str(retry_after_seconds(seconds))


class FakeService:
    """A loopback aiohttp server with request recording and failure injection.

    Use it as an async context manager (`async with Fake() as fake: fake.url`) or call
    `await start()` / `await close()` yourself (benchmarks).
    """

    def __init__(
        self, *, require_auth: str | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.require_auth = require_auth
        self.clock = clock
        self.requests: list[RecordedRequest] = []
        self._completed: list[RecordedRequest] = []
        self.internal_errors: list[Exception] = []  # bugs in the fake itself; tests may assert []
        self._failures: list[Failure] = []
        self._random: random.Random | None = None
        self._random_ratio = 0.0
        self._random_unavailable = 0.0  # a further share answered 503 (inject_429_ratio)
        self._random_retry_after: RetryAfter = 1
        # The server's own clock, for `Date` (and HTTP-date Retry-After); wall time by default.
        self.server_time: Callable[[], datetime] = lambda: datetime.now(UTC)
        # The form of the Retry-After the fake computes itself (its rate limits).
        self.retry_after_form: RetryAfterForm = "seconds"
        self._routes: list[Route] = []
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        # Seconds between recording a request (it has reached the service) and answering it:
        # a client that dies meanwhile does not know its message arrived.
        self.response_delay = 0.0

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL of the running server, e.g. `http://127.0.0.1:49152` (no trailing slash)."""
        if self._port is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return f"http://{LOOPBACK}:{self._port}"

    async def start(self) -> Self:
        self._changed = asyncio.Condition()
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((LOOPBACK, 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None
        self._port = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- routes (subclasses) ---------------------------------------------------------------

    def route(self, method: str, template: str, operation: str, handler: Handler) -> None:
        """Declare `METHOD /path/{name}/...`; `{name}` matches one path segment."""
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
        self._routes.append(Route(method, re.compile(f"^{regex}$"), operation, handler))

    def error_body(self, status: int, code: str | None = None, message: str | None = None) -> Any:
        """The JSON the real service answers for an error (subclasses override)."""
        return {
            "error": {"code": code or str(status), "message": message or _REASONS.get(status, "")}
        }

    def unauthorized_body(self) -> Any:
        return self.error_body(401)

    async def admit(self, rec: RecordedRequest) -> Reply | None:
        """Hook for rate limits: return a Reply to refuse the request, None to let it through."""
        return None

    def throttle_candidate(self, rec: RecordedRequest) -> bool:
        """Whether random throttling (`inject_429_ratio`) may hit this request."""
        return True

    # -- failure injection -----------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        *,
        times: int = 1,
        retry_after: RetryAfter | None = None,
        body: Any = None,
        path_contains: str | None = None,
        method: str | None = None,
    ) -> None:
        """Answer the next `times` matching requests with `status` (and `Retry-After` if given)
        instead of serving them. `body` replaces the service's usual error JSON."""
        self._failures.append(Failure(status, times, retry_after, body, path_contains, method))

    def inject_429_ratio(
        self,
        ratio: float,
        *,
        seed: int | None = None,
        retry_after: RetryAfter = 1,
        unavailable: float = 0.0,
    ) -> None:
        """Throttle about `ratio` of the eligible requests at random, and answer a further
        `unavailable` share 503; the same seed hits the same requests in the same order.
        `ratio=0` turns it off."""
        if not (0.0 <= ratio <= 1.0 and 0.0 <= unavailable <= 1.0 - ratio):
            raise ValueError("ratio and unavailable must be shares that add up to at most 1")
        self._random_ratio = ratio
        self._random_unavailable = unavailable
        self._random = random.Random(seed)
        self._random_retry_after = retry_after

    def clear(self) -> None:
        """Forget recorded requests and pending failures (not the data a test set up)."""
        self.requests.clear()
        self._completed.clear()
        self._failures.clear()
        self._random_ratio = 0.0
        self._random_unavailable = 0.0

    # -- waiting ---------------------------------------------------------------------------

    async def wait_for(
        self,
        predicate: Callable[[RecordedRequest], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - a bounded wait is the point
    ) -> RecordedRequest:
        """The first answered request matching `predicate`, waiting up to `timeout` seconds."""

        scanned = 0
        hits: list[RecordedRequest] = []

        def matched() -> bool:
            nonlocal scanned
            while scanned < len(self._completed):
                rec = self._completed[scanned]
                scanned += 1
                if predicate(rec):
                    hits.append(rec)
                    return True
            return False

        await self.wait_until(matched, timeout, "matching request")
        return hits[0]

    async def wait_until(
        self,
        condition: Callable[[], bool],
        timeout: float,  # noqa: ASYNC109 - a bounded wait is the point
        what: str,
    ) -> bool:
        """Wait until `condition()` is true, re-checking after each answered request."""
        if self._changed is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        try:
            async with asyncio.timeout(timeout):
                async with self._changed:
                    await self._changed.wait_for(condition)
        except TimeoutError:
            seen = ", ".join(f"{r.method} {r.path} -> {r.status}" for r in self._completed[-10:])
            raise TimeoutError(
                f"{type(self).__name__}: no {what} within {timeout}s; last requests: [{seen}]"
            ) from None
        return True

    # -- dispatch --------------------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.Response:
        path = re.sub(r"/{2,}", "/", request.path)  # msgraph sometimes sends /v1.0//users/...
        raw = await request.read()
        rec = RecordedRequest(
            method=request.method,
            path=path,
            query=dict(request.query),
            operation=None,
            params={},
            json=None,
            headers=_redact(request.headers.items()),
            has_auth="Authorization" in request.headers,
            time=self.clock(),
        )
        self.requests.append(rec)
        try:
            reply = await self._serve(request, rec, raw)
        except Exception as exc:  # a fake must answer, never hang the client
            self.internal_errors.append(exc)
            reply = Reply(500, self.error_body(500, message=f"fake failed: {exc!r}"))
        reply.headers = {"Date": http_date(self.server_time()), **reply.headers}
        rec.status, rec.response_json = reply.status, reply.json
        rec.response_headers = dict(reply.headers)
        if self.response_delay:
            await asyncio.sleep(self.response_delay)
        self._completed.append(rec)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()
        return _to_response(reply)

    async def _serve(self, request: web.Request, rec: RecordedRequest, raw: bytes) -> Reply:
        route, allowed = self._match(rec)
        if route is None:
            return Reply(405 if allowed else 404, self.error_body(405 if allowed else 404))
        if raw:
            try:
                rec.json = json.loads(raw)
            except ValueError:
                return Reply(400, self.error_body(400, message="The request body is not JSON."))
        if self.require_auth is not None:
            expected = f"Bearer {self.require_auth}"
            if request.headers.get("Authorization") != expected:
                rec.failure = "auth"
                return Reply(401, self.unauthorized_body())
        refused = self._injected(rec) or self._random_throttle(rec) or await self.admit(rec)
        if refused is not None:
            return refused
        return await route.handler(rec)

    def _match(self, rec: RecordedRequest) -> tuple[Route | None, bool]:
        allowed = False
        for route in self._routes:
            found = route.pattern.match(rec.path)
            if found is None:
                continue
            allowed = True
            if route.method == rec.method:
                rec.operation, rec.params = route.operation, found.groupdict()
                return route, True
        return None, allowed

    def _injected(self, rec: RecordedRequest) -> Reply | None:
        for failure in self._failures:
            if failure.times > 0 and failure.matches(rec.method, rec.path):
                failure.times -= 1
                self._failures = [f for f in self._failures if f.times > 0]
                rec.failure = "injected"
                body = failure.body if failure.body is not None else self.error_body(failure.status)
                headers = {}
                if failure.retry_after is not None:
                    headers["Retry-After"] = retry_after_header(failure.retry_after)
                return Reply(failure.status, body, headers)
        return None

    def _random_throttle(self, rec: RecordedRequest) -> Reply | None:
        if self._random is None or self._random_ratio <= 0 or not self.throttle_candidate(rec):
            return None
        draw = self._random.random()
        if draw >= self._random_ratio + self._random_unavailable:
            return None
        if draw >= self._random_ratio:
            rec.failure = "random-503"
            return Reply(503, self.error_body(503))
        rec.failure = "random-429"
        headers = {"Retry-After": retry_after_header(self._random_retry_after)}
        return Reply(429, self.error_body(429), headers)


def _redact(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {k: (REDACTED if k.lower() in _SECRET_HEADERS else v) for k, v in headers}


def _to_response(reply: Reply) -> web.Response:
    if reply.json is None:
        return web.Response(status=reply.status, headers=reply.headers)
    return web.json_response(reply.json, status=reply.status, headers=reply.headers)
