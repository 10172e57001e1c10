"""The real app over real HTTP on a free loopback port, restartable like a real process."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from app import SERVICES, Services, create_app
from content.models import Content
from scheduling.calendars import copy_demo_calendars
from settings import Settings
from tests.clock import TestClock


class BotServer:
    """Settings as keyword arguments; calendars default to a private copy of the demo ones."""

    def __init__(
        self, *, clock: TestClock | None = None, content: Content | None = None, **settings: Any
    ) -> None:
        self.clock = clock or TestClock()
        self._content = content  # None: the app loads content/data as in production
        self._calendars = tempfile.TemporaryDirectory(prefix="calendars-")
        copy_demo_calendars(Path(self._calendars.name))
        self._settings = {"calendar_dir": self._calendars.name, **settings}
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.url = ""

    async def __aenter__(self) -> BotServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
        self._calendars.cleanup()

    @property
    def services(self) -> Services:
        assert self._runner is not None
        return self._runner.app[SERVICES]

    async def start(self) -> None:
        settings = Settings(host="127.0.0.1", port=1, **self._settings)
        self._runner = web.AppRunner(create_app(settings, content=self._content, clock=self.clock))
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        self._session = aiohttp.ClientSession()

    async def stop(self) -> None:
        if self._session:
            await self._session.close()
        if self._runner:
            await self._runner.cleanup()
        self._runner = self._session = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def post(
        self, activity: Any, *, headers: dict[str, str] | None = None
    ) -> aiohttp.ClientResponse:
        """POST an activity (dict, or raw bytes/str for malformed input) to /api/messages."""
        assert self._session is not None
        kwargs: dict[str, Any] = {"headers": headers or {}}
        if isinstance(activity, bytes | str):
            kwargs["data"] = activity
            kwargs["headers"].setdefault("Content-Type", "application/json")
        else:
            kwargs["json"] = activity
        async with self._session.post(f"{self.url}/api/messages", **kwargs) as response:
            await response.read()
            return response

    async def get(self, path: str) -> tuple[int, Any]:
        assert self._session is not None
        async with self._session.get(f"{self.url}{path}") as response:
            return response.status, await response.json()
