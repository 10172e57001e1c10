"""The Bot Framework's token signing keys, fetched without blocking the event loop.

botbuilder 4.17.1 fetches the OpenID metadata and keys with a synchronous `requests.get` and no
timeout, inside the event loop: while the metadata endpoint is slow, every request (and
/healthz) waits; when it is down, every request with a token fetches again. botbuilder looks
its metadata up in the public class attribute `JwtTokenExtractor.metadataCache` (URL -> object
with `async get(kid)`), so we put ours there for the URLs it uses: fetched with aiohttp and a
timeout, one fetch at a time, keys cached for a day (refetched for an unknown kid at most every
five minutes, as botbuilder does hourly), and after a failure no new attempt for a while:
until then a token is checked with the keys we have, or refused as unavailable (a 503).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import aiohttp
from botframework.connector.auth import (
    AuthenticationConstants,
    GovernmentConstants,
    JwtTokenExtractor,
)
from jwt.algorithms import RSAAlgorithm

from bot.authentication import AuthenticationUnavailable

log = logging.getLogger(__name__)

FETCH_TIMEOUT_SECONDS = 10
KEYS_MAX_AGE_SECONDS = 24 * 3600
UNKNOWN_KID_REFETCH_SECONDS = 300
RETRY_AFTER_FAILURE_SECONDS = 30

DEFAULT_METADATA_URLS = (
    AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL,
    AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL,
    GovernmentConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL,
    GovernmentConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL,
)


@dataclass(frozen=True, slots=True)
class SigningKey:
    """What botbuilder reads of a key: the public key and the channels it endorses."""

    public_key: Any
    endorsements: list[str]


class AsyncOpenIdMetadata:
    def __init__(self, url: str, *, timeout: float = FETCH_TIMEOUT_SECONDS) -> None:
        self.url = url
        self._timeout = timeout
        self._keys: list[dict[str, Any]] = []
        self._fetched_at: float | None = None  # monotonic seconds: an age, not a date
        self._failed_at: float | None = None
        self._lock = asyncio.Lock()

    async def get(self, key_id: str | None) -> SigningKey | None:
        """The key with this id; None when the metadata has no such key (a 401 upstream)."""
        if self._age(self._fetched_at) > KEYS_MAX_AGE_SECONDS:
            await self._refresh()
        key = self._find(key_id)
        if key is None and self._age(self._fetched_at) > UNKNOWN_KID_REFETCH_SECONDS:
            await self._refresh()
            key = self._find(key_id)
        return key

    async def _refresh(self) -> None:
        async with self._lock:
            if self._age(self._fetched_at) < UNKNOWN_KID_REFETCH_SECONDS:
                return  # another request fetched while this one waited
            if self._age(self._failed_at) < RETRY_AFTER_FAILURE_SECONDS:
                return self._unavailable("the last fetch failed moments ago")
            try:
                self._keys = await self._fetch()
            except (aiohttp.ClientError, TimeoutError, ValueError, KeyError) as error:
                self._failed_at = time.monotonic()
                log.error("OpenID metadata %s could not be fetched: %r", self.url, error)
                return self._unavailable(repr(error))
            self._fetched_at, self._failed_at = time.monotonic(), None

    def _unavailable(self, reason: str) -> None:
        if not self._keys:  # keys that are old but known still check a token
            raise AuthenticationUnavailable(f"no signing keys from {self.url}: {reason}")

    async def _fetch(self) -> list[dict[str, Any]]:
        timeout = aiohttp.ClientTimeout(total=self._timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(self.url) as response:
                response.raise_for_status()
                keys_url = (await response.json(content_type=None))["jwks_uri"]
            async with session.get(keys_url) as response:
                response.raise_for_status()
                keys = (await response.json(content_type=None))["keys"]
        if not isinstance(keys, list):
            raise ValueError("keys is not a list")
        return [key for key in keys if isinstance(key, dict)]

    def _find(self, key_id: str | None) -> SigningKey | None:
        for key in self._keys:
            if key_id is not None and key.get("kid") == key_id:
                endorsements = key.get("endorsements")
                return SigningKey(
                    RSAAlgorithm.from_jwk(json.dumps(key)),
                    endorsements if isinstance(endorsements, list) else [],
                )
        return None

    @staticmethod
    def _age(moment: float | None) -> float:
        return float("inf") if moment is None else time.monotonic() - moment


def install_async_metadata(extra_urls: Iterable[str | None] = ()) -> None:
    """Puts our metadata objects where botbuilder's token extractor looks them up."""
    for url in (*DEFAULT_METADATA_URLS, *extra_urls):
        if url:
            JwtTokenExtractor.metadataCache[url] = AsyncOpenIdMetadata(url)
