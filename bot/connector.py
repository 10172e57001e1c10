"""The Bot Connector REST API (v3) as plain JSON over one aiohttp session.

Replies, edits, proactive messages, the roster and 1:1 chats all go through here: activities are
built as dicts and sent as JSON, with none of msrest's (de)serialisation, which was the largest
cost of a turn after SQL. Any 2xx is success, with or without a body (the emulator answers 202
with none); anything else raises chat.delivery.DeliveryFailed with the status and Retry-After.

Tokens come from botbuilder's credentials (MSAL underneath, blocking), fetched in a thread at
most every TOKEN_REUSE seconds; a 401 makes the next request fetch a new one.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any, Protocol
from urllib.parse import quote

import aiohttp

from chat.delivery import DeliveryFailed
from chat.retry_after import retry_after_seconds

log = logging.getLogger(__name__)

USER_AGENT = "Expeditionsboten (aiohttp; Bot Connector v3)"
TOKEN_REUSE = 600.0  # seconds; Bot Framework tokens live about an hour
TIMEOUT = aiohttp.ClientTimeout(total=30, connect=10)
Json = dict[str, Any]


class Credentials(Protocol):
    """What botbuilder's AppCredentials offer: a (blocking) token fetch."""

    def get_access_token(self, force_refresh: bool = False) -> str: ...


class SharedSession:
    """One aiohttp session for all connector clients of an app, opened on first use."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def get(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=TIMEOUT,
                connector=aiohttp.TCPConnector(limit=100, limit_per_host=50),
                headers={"User-Agent": USER_AGENT},
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class BearerToken:
    def __init__(self, credentials: Credentials | None) -> None:
        self._credentials = credentials
        self._token: str | None = None
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    @property
    def signs(self) -> bool:
        """Without an app id (local development) nothing is signed, as in botbuilder."""
        return self._credentials is not None

    async def header(self) -> dict[str, str]:
        if self._credentials is None:
            return {}
        async with self._lock:
            if self._token is None or time.monotonic() - self._fetched_at > TOKEN_REUSE:
                self._token = await asyncio.to_thread(self._credentials.get_access_token)
                self._fetched_at = time.monotonic()
            return {"Authorization": f"Bearer {self._token}"}

    def rejected(self) -> None:
        """The connector said 401: revoked or rotated; fetch afresh next time."""
        self._token = None


class ConnectorClient:
    """One service URL (Teams has a few per region), signed with one app's token."""

    def __init__(self, session: SharedSession, service_url: str, token: BearerToken) -> None:
        self._session = session
        self._base = service_url.rstrip("/")
        self._token = token

    async def reply(self, conversation_id: str, reply_to_id: str, activity: Json) -> str | None:
        path = f"/v3/conversations/{_q(conversation_id)}/activities/{_q(reply_to_id)}"
        return _id(await self._call("POST", path, activity))

    async def send(self, conversation_id: str, activity: Json) -> str | None:
        return _id(
            await self._call(
                "POST", f"/v3/conversations/{_q(conversation_id)}/activities", activity
            )
        )

    async def update(self, conversation_id: str, activity_id: str, activity: Json) -> None:
        path = f"/v3/conversations/{_q(conversation_id)}/activities/{_q(activity_id)}"
        await self._call("PUT", path, {**activity, "id": activity_id})

    async def delete(self, conversation_id: str, activity_id: str) -> None:
        path = f"/v3/conversations/{_q(conversation_id)}/activities/{_q(activity_id)}"
        await self._call("DELETE", path)

    async def member(self, conversation_id: str, user_id: str) -> Json | None:
        path = f"/v3/conversations/{_q(conversation_id)}/members/{_q(user_id)}"
        return await self._call("GET", path)

    async def paged_members(
        self, conversation_id: str, page_size: int, continuation: str | None
    ) -> Json:
        query = f"pageSize={page_size}"
        if continuation:
            query += f"&continuationToken={quote(continuation, safe='')}"
        path = f"/v3/conversations/{_q(conversation_id)}/pagedmembers?{query}"
        return await self._call("GET", path) or {}

    async def team_channels(self, team_id: str) -> Json:
        return await self._call("GET", f"/v3/teams/{_q(team_id)}/conversations") or {}

    async def create_conversation(self, parameters: Json) -> Json:
        return await self._call("POST", "/v3/conversations", parameters) or {}

    async def _call(self, method: str, path: str, body: Json | None = None) -> Json | None:
        headers = await self._token.header()
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
            data = json.dumps(body, ensure_ascii=False).encode()
        try:
            async with self._session.get().request(
                method, self._base + path, data=data, headers=headers
            ) as response:
                text = await response.text()
                status = response.status
                retry_after = retry_after_seconds(response.headers)
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryFailed(None, f"{type(error).__name__}: {error}") from error
        if status == 401:
            self._token.rejected()
        if not 200 <= status < 300:
            raise DeliveryFailed(status, _error_text(text), retry_after)
        return _json_or_none(text)


def _q(segment: str) -> str:
    return quote(segment, safe="")


def _id(body: Json | None) -> str | None:
    value = (body or {}).get("id")
    return value if isinstance(value, str) and value else None


def _json_or_none(text: str) -> Json | None:
    """A 2xx body: JSON when there is one, nothing otherwise (202 without a body)."""
    if not text.strip():
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _error_text(text: str) -> str:
    body = _json_or_none(text) or {}
    error = body.get("error")
    if not isinstance(error, dict):
        error = {}
    code, message = error.get("code"), error.get("message")
    return f"{code}: {message}" if code else (text[:200] or "no body")
