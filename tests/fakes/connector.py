"""A local Teams Bot Connector (Bot Framework REST API v3) for tests and benchmarks.

Point a real botbuilder bot at it by giving activities `serviceUrl = fake.url`. It answers the
calls a Teams bot makes with the JSON Teams sends (shapes from the Teams "get context" and
conversation API docs), records what the bot sent, and can behave like a busy Teams:
queued failures, seeded random throttling and Teams' published rate limits. It can also accept
activities the way the Microsoft 365 Agents Playground does: `202 Accepted` and no body.

    async with FakeConnector() as fc:
        team = fc.add_playground_team()
        ...  # run the bot with serviceUrl = fc.url
        [reply] = await fc.wait_for_activities(1)
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.service import FakeService, RecordedRequest, Reply, retry_after_in_form

# The mock team of the Microsoft 365 Agents Playground (shared/playground/m365agentsplayground.yml)
PLAYGROUND_TENANT_ID = "00000000-0000-0000-0000-0000000000001"
PLAYGROUND_BOT_ID = "00000000-0000-0000-0000-00000000000011"
PLAYGROUND_BOT_NAME = "Expeditionsboten"
PLAYGROUND_TEAM_ID = "team-g4"
PLAYGROUND_TEAM_NAME = "G4 Innovationsteam 4"
PLAYGROUND_TEAM_AAD_GROUP_ID = "00000000-0000-0000-0000-000000000031"
PLAYGROUND_DOMAIN = "uppsala.example"

# Teams limits per bot per conversation (seconds, sends) and per app per tenant (requests/s).
TEAMS_CONVERSATION_LIMITS: tuple[tuple[float, int], ...] = ((1, 7), (2, 8), (30, 60), (3600, 1800))
TEAMS_APP_LIMIT: tuple[float, int] = (1, 50)

_ERRORS = {  # Teams' documented status codes for the bot APIs
    400: ("BadArgument", "Invalid request payload."),
    403: ("BotNotInConversationRoster", "The bot isn't part of the conversation roster."),
    404: ("ConversationNotFound", "Conversation not found."),
    412: ("PreconditionFailed", "Precondition failed, please try again."),
    413: ("MessageSizeTooBig", "Message size too large."),
    429: ("Throttled", "Too many requests."),
    500: ("ServiceError", "Internal server error."),
    502: ("ServiceError", "Service dependency issue."),
    503: ("ServiceUnavailable", "Service is unavailable."),
    504: ("GatewayTimeout", "Gateway Timeout."),
}
_SENDS = frozenset({"reply", "send", "update", "delete"})  # count against conversation limits


@dataclass(frozen=True)
class Member:
    """A Teams user as the roster APIs return it (TeamsChannelAccount)."""

    id: str
    name: str
    aad_object_id: str
    given_name: str
    surname: str
    email: str
    user_principal_name: str
    tenant_id: str = PLAYGROUND_TENANT_ID
    user_role: str = "user"

    def to_json(self) -> dict[str, str]:
        """Roster JSON: Teams docs show `objectId`, botbuilder reads `aadObjectId`; send both."""
        return {
            "id": self.id,
            "name": self.name,
            "aadObjectId": self.aad_object_id,
            "objectId": self.aad_object_id,
            "givenName": self.given_name,
            "surname": self.surname,
            "email": self.email,
            "userPrincipalName": self.user_principal_name,
            "tenantId": self.tenant_id,
            "userRole": self.user_role,
        }

    def account(self) -> dict[str, str]:
        """The ChannelAccount (`from`/`recipient`) Teams puts in activities from this user."""
        return {"id": self.id, "name": self.name, "aadObjectId": self.aad_object_id}


def member(
    n: int, *, tenant_id: str = PLAYGROUND_TENANT_ID, domain: str = "kommun.example"
) -> Member:
    """A synthetic member number `n` (ids, names and addresses derived from `n`)."""
    return Member(
        id=f"29:member-{n}",
        name=f"Ledare {n}",
        aad_object_id=f"00000000-0000-0000-0001-{n:012d}",
        given_name="Ledare",
        surname=str(n),
        email=f"ledare{n}@{domain}",
        user_principal_name=f"ledare{n}@{domain}",
        tenant_id=tenant_id,
    )


def playground_members() -> list[Member]:
    """The six people of the Agents Playground mock team, current user (Jonas Gumbel) first."""
    people = [
        "Jonas Gumbel",
        "Daniela Drazic",
        "Max Larcombe",
        "Sandra Molin",
        "Karin Lund",
        "Per Nilsson",
    ]
    members = []
    for n, full_name in enumerate(people):
        given, surname = full_name.split(" ")
        address = f"{given.lower()}.{surname.lower()}@{PLAYGROUND_DOMAIN}"
        members.append(
            Member(
                id=f"user-id-{n}",
                name=full_name,
                aad_object_id=f"00000000-0000-0000-0000-00000000000{20 + n}",
                given_name=given,
                surname=surname,
                email=address,
                user_principal_name=address,
            )
        )
    return members


@dataclass(frozen=True)
class Channel:
    """A team channel; Teams returns the General channel (id == team id) with name None."""

    id: str
    name: str | None


@dataclass
class Team:
    id: str
    name: str
    aad_group_id: str
    members: list[Member]
    channels: list[Channel]


@dataclass(frozen=True)
class SentActivity:
    """An activity the fake accepted: a reply, a send, an update or one in a create-conversation."""

    conversation_id: str
    activity_id: str
    operation: str
    body: dict[str, Any]


@dataclass
class ConnectorStats:
    """Counts over everything recorded so far."""

    requests: int = 0
    accepted_sends: int = 0  # replies, sends and activities posted with create-conversation
    updates: int = 0
    deletes: int = 0
    throttled_by_limits: int = 0
    throttled_at_random: int = 0
    injected_failures: int = 0
    unauthorized: int = 0
    by_status: dict[int, int] = field(default_factory=dict)


def base_conversation_id(conversation_id: str) -> str:
    """A channel thread `19:x@thread.tacv2;messageid=123` belongs to conversation `19:x@...`."""
    return conversation_id.split(";messageid=")[0]


class FakeConnector(FakeService):
    """Answers like the Teams Bot Connector on http://127.0.0.1:<free port>.

    Args:
        enforce_limits: answer 429 with Retry-After past Teams' limits (per conversation 7/1 s,
            8/2 s, 60/30 s, 1,800/h for sends, replies, updates and deletes; 50 requests/s for
            the app). The fake serves one app in one tenant, so the app limit is global. The
            Retry-After's form is `retry_after_form` (whole seconds unless set).
        require_auth: a token; requests without `Authorization: Bearer <token>` get 401.
        conversation_limits, app_limit: override the limits (e.g. to test faster).
        clock: monotonic seconds, used for the limits and the recorded `time`.
        accepted_without_body: a 2xx status (202 like the Agents Playground) that sends, replies
            and updates are answered with, and no body, instead of Teams' 201/200 with the id.
            The Connector API's swagger (and botbuilder's client generated from it) gives 200,
            201 and 202 as their success codes, with a ResourceResponse whose id is optional.
            Create-conversation keeps its body: without the new chat's id there is nothing to
            talk in. An attribute, so a test can switch it on and off.
    """

    def __init__(
        self,
        *,
        enforce_limits: bool = False,
        require_auth: str | None = None,
        conversation_limits: Sequence[tuple[float, int]] = TEAMS_CONVERSATION_LIMITS,
        app_limit: tuple[float, int] = TEAMS_APP_LIMIT,
        clock: Callable[[], float] = time.monotonic,
        accepted_without_body: int | None = None,
    ) -> None:
        super().__init__(require_auth=require_auth, clock=clock)
        self.enforce_limits = enforce_limits
        self.accepted_without_body = accepted_without_body
        self.conversation_limits = tuple(conversation_limits)
        self.app_limit = app_limit
        self.teams: dict[str, Team] = {}
        self.conversations: dict[str, list[Member]] = {}  # group and personal chats
        self.activities: dict[str, dict[str, Any]] = {}  # latest content by activity id
        self.deleted_activity_ids: list[str] = []
        self.sent: list[SentActivity] = []
        self._sent_per_conversation: dict[str, int] = defaultdict(int)
        self._ids = itertools.count(1)
        self._conversation_stamps: dict[str, deque[float]] = defaultdict(deque)
        self._app_stamps: deque[float] = deque()
        self._declare_routes()

    def _declare_routes(self) -> None:
        conv = "/v3/conversations/{conversationId}"
        self.route("POST", "/v3/conversations", "create_conversation", self._create_conversation)
        self.route("POST", f"{conv}/activities", "send", self._send)
        self.route("POST", f"{conv}/activities/{{activityId}}", "reply", self._send)
        self.route("PUT", f"{conv}/activities/{{activityId}}", "update", self._update)
        self.route("DELETE", f"{conv}/activities/{{activityId}}", "delete", self._delete)
        self.route("GET", f"{conv}/members", "get_members", self._get_members)
        self.route("GET", f"{conv}/members/{{memberId}}", "get_member", self._get_member)
        self.route("GET", f"{conv}/pagedmembers", "paged_members", self._paged_members)
        self.route("GET", "/v3/teams/{teamId}", "team_details", self._team_details)
        self.route("GET", "/v3/teams/{teamId}/conversations", "team_channels", self._team_channels)

    # -- set-up ----------------------------------------------------------------------------

    def add_team(
        self,
        team_id: str,
        name: str,
        members: Iterable[Member] = (),
        channels: Iterable[Channel | tuple[str, str | None]] = (),
        *,
        aad_group_id: str | None = None,
    ) -> Team:
        """A team the bot is installed in; its General channel (id == team id) is added first."""
        listed = [c if isinstance(c, Channel) else Channel(*c) for c in channels]
        general = [] if any(c.id == team_id for c in listed) else [Channel(team_id, None)]
        group = aad_group_id or _stable_uuid("group", team_id)
        team = Team(team_id, name, group, list(members), general + listed)
        self.teams[team_id] = team
        return team

    def add_playground_team(self) -> Team:
        """The Agents Playground mock team: G4 Innovationsteam 4 with its six people."""
        return self.add_team(
            PLAYGROUND_TEAM_ID,
            PLAYGROUND_TEAM_NAME,
            playground_members(),
            [Channel("channel-reflektion", "Reflektion")],
            aad_group_id=PLAYGROUND_TEAM_AAD_GROUP_ID,
        )

    def add_conversation(self, conversation_id: str, members: Iterable[Member]) -> None:
        """A group chat or personal chat with these members (for the roster calls)."""
        self.conversations[conversation_id] = list(members)

    def personal_conversation_id(self, user_id: str, tenant_id: str = PLAYGROUND_TENANT_ID) -> str:
        """The id create-conversation gives the 1:1 chat with `user_id` (stable per user)."""
        return "a:1" + _digest(f"{tenant_id}|{user_id}")

    def clear(self) -> None:
        """Forget requests, sent activities and rate-limit history; keep teams and chats."""
        super().clear()
        self.sent.clear()
        self._sent_per_conversation.clear()
        self.activities.clear()
        self.deleted_activity_ids.clear()
        self._conversation_stamps.clear()
        self._app_stamps.clear()

    # -- what the bot did ------------------------------------------------------------------

    def sent_activities(self, conversation_id: str | None = None) -> list[dict[str, Any]]:
        """Bodies of the activities the bot sent or updated (accepted ones), in order."""
        wanted = base_conversation_id(conversation_id) if conversation_id else None
        return [s.body for s in self.sent if wanted is None or s.conversation_id == wanted]

    async def wait_for_activities(
        self,
        n: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - a bounded wait is the point
        conversation_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """Wait until at least `n` activities were accepted (in that conversation); return them."""
        wanted = base_conversation_id(conversation_id) if conversation_id else None

        def enough() -> bool:
            count = len(self.sent) if wanted is None else self._sent_per_conversation[wanted]
            return count >= n

        await self.wait_until(enough, timeout, f"{n} activities")
        return self.sent_activities(conversation_id)

    def duplicates(
        self, key: Callable[[dict[str, Any]], str | None] | None = None
    ) -> dict[str, int]:
        """Keys that more than one accepted send carried. The default key is
        `channelData.idempotencyKey`, else the activity's own `id`; activities without either are
        not counted. Updates are not sends and never count."""
        key = key or _default_idempotency_key
        counts: dict[str, int] = defaultdict(int)
        for sent in self.sent:
            value = key(sent.body) if sent.operation != "update" else None
            if value is not None:
                counts[value] += 1
        return {k: v for k, v in counts.items() if v > 1}

    @property
    def stats(self) -> ConnectorStats:
        stats = ConnectorStats(requests=len(self.requests))
        for rec in self.requests:
            if rec.status is not None:
                stats.by_status[rec.status] = stats.by_status.get(rec.status, 0) + 1
            stats.throttled_by_limits += rec.failure == "rate-limit"
            stats.throttled_at_random += rec.failure == "random-429"
            stats.injected_failures += rec.failure == "injected"
            stats.unauthorized += rec.failure == "auth"
        stats.accepted_sends = sum(s.operation != "update" for s in self.sent)
        stats.updates = len(self.sent) - stats.accepted_sends
        stats.deletes = len(self.deleted_activity_ids)
        return stats

    # -- service hooks ---------------------------------------------------------------------

    def error_body(self, status: int, code: str | None = None, message: str | None = None) -> Any:
        default_code, default_message = _ERRORS.get(status, ("ServiceError", "Error."))
        return {"error": {"code": code or default_code, "message": message or default_message}}

    def unauthorized_body(self) -> Any:
        return {"message": "Authorization has been denied for this request."}

    def throttle_candidate(self, rec: RecordedRequest) -> bool:
        """Random throttling hits sends, replies, updates, deletes and create-conversation."""
        return rec.operation in _SENDS or rec.operation == "create_conversation"

    async def admit(self, rec: RecordedRequest) -> Reply | None:
        if not self.enforce_limits:
            return None
        now = rec.time
        logs: list[tuple[deque[float], tuple[tuple[float, int], ...]]] = [
            (self._app_stamps, (self.app_limit,))
        ]
        if rec.operation in _SENDS and rec.conversation_id:
            conversation = self._conversation_stamps[base_conversation_id(rec.conversation_id)]
            logs.append((conversation, self.conversation_limits))
        for log, limits in logs:
            wait = _wait_needed(log, limits, now)
            if wait is not None:
                rec.failure = "rate-limit"
                form, server_now = self.retry_after_form, self.server_time()
                headers = {"Retry-After": retry_after_in_form(wait, form, server_now)}
                return Reply(429, self.error_body(429), headers)
        for log, limits in logs:  # admitted: it counts against every window
            log.append(now)
            horizon = now - max(window for window, _ in limits)
            while log and log[0] <= horizon:
                log.popleft()
        return None

    # -- handlers --------------------------------------------------------------------------

    async def _send(self, rec: RecordedRequest) -> Reply:
        refused = self._check_activity(rec.json)
        if refused:
            return refused
        activity_id = self._accept(rec.params["conversationId"], rec.operation or "send", rec.json)
        return self._accepted(201, activity_id)

    async def _update(self, rec: RecordedRequest) -> Reply:
        refused = self._check_activity(rec.json)
        if refused:
            return refused
        activity_id = rec.params["activityId"]
        self._accept(rec.params["conversationId"], "update", rec.json, activity_id)
        return self._accepted(200, activity_id)

    async def _delete(self, rec: RecordedRequest) -> Reply:
        activity_id = rec.params["activityId"]
        if self.activities.pop(activity_id, None) is None:  # never sent, or deleted already
            return Reply(404, self.error_body(404, "ActivityNotFound", "Activity not found."))
        self.deleted_activity_ids.append(activity_id)
        return Reply(200)

    async def _create_conversation(self, rec: RecordedRequest) -> Reply:
        body = rec.json if isinstance(rec.json, dict) else {}
        members = body.get("members") or []
        tenant = (body.get("channelData") or {}).get("tenant", {}).get("id") or body.get("tenantId")
        if not members or not isinstance(members, list) or not members[0].get("id"):
            return Reply(400, self.error_body(400, message="Members are required."))
        if not tenant:
            return Reply(400, self.error_body(400, message="Tenant ID is required."))
        if body.get("isGroup") or len(members) > 1:
            return Reply(400, self.error_body(400, message="Bots can only create 1:1 chats."))
        user_id = members[0]["id"]
        conversation_id = self.personal_conversation_id(user_id, tenant)
        known = self._find_member(user_id)
        self.conversations.setdefault(conversation_id, [known] if known else [])
        answer: dict[str, Any] = {"id": conversation_id}
        if isinstance(body.get("activity"), dict):
            answer["activityId"] = self._accept(
                conversation_id, "create_conversation", body["activity"]
            )
        return Reply(201, answer)

    async def _get_members(self, rec: RecordedRequest) -> Reply:
        members = self._roster(rec.params["conversationId"])
        if members is None:
            return Reply(404, self.error_body(404))
        return Reply(200, [m.to_json() for m in members])

    async def _get_member(self, rec: RecordedRequest) -> Reply:
        members = self._roster(rec.params["conversationId"])
        if members is None:
            return Reply(404, self.error_body(404))
        wanted = rec.params["memberId"]
        for m in members:  # Teams accepts the Teams user id, the AAD object id or the UPN
            if wanted in (m.id, m.aad_object_id) or wanted.lower() == m.user_principal_name.lower():
                return Reply(200, m.to_json())
        message = "The specified member was not found in the conversation."
        return Reply(404, self.error_body(404, "MemberNotFoundInConversation", message))

    async def _paged_members(self, rec: RecordedRequest) -> Reply:
        conversation_id = rec.params["conversationId"]
        members = self._roster(conversation_id)
        if members is None:
            return Reply(404, self.error_body(404))
        try:
            size = min(500, max(1, int(rec.query.get("pageSize") or 500)))
            start = _decode_token(rec.query.get("continuationToken"), conversation_id)
        except ValueError:
            return Reply(400, self.error_body(400, message="Invalid paging parameters."))
        page: dict[str, Any] = {"members": [m.to_json() for m in members[start : start + size]]}
        if start + size < len(members):  # no token on the last page, as Teams does
            page["continuationToken"] = _encode_token(start + size, conversation_id)
        return Reply(200, page)

    async def _team_details(self, rec: RecordedRequest) -> Reply:
        team = self.teams.get(rec.params["teamId"])
        if team is None:
            return Reply(404, self.error_body(404, "NotFound", "Team not found."))
        return Reply(200, {"id": team.id, "name": team.name, "aadGroupId": team.aad_group_id})

    async def _team_channels(self, rec: RecordedRequest) -> Reply:
        team = self.teams.get(rec.params["teamId"])
        if team is None:
            return Reply(404, self.error_body(404, "NotFound", "Team not found."))
        return Reply(200, {"conversations": [{"id": c.id, "name": c.name} for c in team.channels]})

    # -- helpers ---------------------------------------------------------------------------

    def _accepted(self, status: int, activity_id: str) -> Reply:
        """Teams' answer to an accepted activity, or the status alone when so configured."""
        if self.accepted_without_body is not None:
            return Reply(self.accepted_without_body)
        return Reply(status, {"id": activity_id})

    def _check_activity(self, body: Any) -> Reply | None:
        if not isinstance(body, dict) or not body.get("type"):
            return Reply(400, self.error_body(400, message="Activity type is required."))
        if len(json.dumps(body).encode()) > 100 * 1024:
            return Reply(413, self.error_body(413))
        return None

    def _accept(
        self,
        conversation_id: str,
        operation: str,
        body: dict[str, Any],
        activity_id: str | None = None,
    ) -> str:
        activity_id = activity_id or f"1{next(self._ids):012d}"
        conversation = base_conversation_id(conversation_id)
        self.sent.append(SentActivity(conversation, activity_id, operation, body))
        self._sent_per_conversation[conversation] += 1
        self.activities[activity_id] = body
        return activity_id

    def _roster(self, conversation_id: str) -> list[Member] | None:
        conversation = base_conversation_id(conversation_id)
        if conversation in self.conversations:
            return self.conversations[conversation]
        for team in self.teams.values():
            if conversation == team.id or any(c.id == conversation for c in team.channels):
                return team.members
        return None

    def _find_member(self, user_id: str) -> Member | None:
        everyone = [m for t in self.teams.values() for m in t.members]
        everyone += [m for ms in self.conversations.values() for m in ms]
        return next((m for m in everyone if user_id in (m.id, m.aad_object_id)), None)


def _wait_needed(
    log: deque[float], limits: Iterable[tuple[float, int]], now: float
) -> float | None:
    """Seconds until one more request fits every (window, max) limit; None if it fits now."""
    waits = []
    for window, most in limits:
        inside = [t for t in log if t > now - window]
        if len(inside) >= most:
            waits.append(inside[len(inside) - most] + window - now)
    return max(waits) if waits else None


def _default_idempotency_key(body: dict[str, Any]) -> str | None:
    channel_data = body.get("channelData") or {}
    key = channel_data.get("idempotencyKey") if isinstance(channel_data, dict) else None
    return key or body.get("id")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _stable_uuid(kind: str, text: str) -> str:
    h = _digest(f"{kind}|{text}")
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def _encode_token(offset: int, conversation_id: str) -> str:
    raw = json.dumps({"o": offset, "c": _digest(conversation_id)}).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _decode_token(token: str | None, conversation_id: str) -> int:
    if not token:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        offset, owner = int(data["o"]), data["c"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError("bad continuation token") from exc
    if owner != _digest(conversation_id) or offset < 0:
        raise ValueError("continuation token of another conversation")
    return offset
