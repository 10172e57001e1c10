"""Stopping the real process while it sends: SIGTERM drains, kill -9 doubles at most what was in
flight. The bot runs as `expeditionsboten serve` would, against a slow fake connector."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from clock import system_clock
from scheduling.sender import OutboxSender
from storage import migrate
from storage.database import Database
from storage.outbox import Outbox
from tests.fakes.connector import FakeConnector
from tests.outbox.support import channel, message, no_auth_messenger

ROOT = Path(__file__).resolve().parents[2]
CONVERSATIONS, PER_CONVERSATION = 10, 10
TOTAL = CONVERSATIONS * PER_CONVERSATION
CONCURRENCY = 20  # the sender's default: the most a kill -9 can double
# Due long ago: under faketime every process's clock starts at the same fake moment, so the bot
# started later in the suite runs behind this test's clock; rows due "now" would not be due yet.
DUE = system_clock() - timedelta(days=1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
async def queued(tmp_path: Path) -> AsyncIterator[tuple[str, FakeConnector]]:
    """A SQLite database holding 100 due messages to ten channels of a slow connector."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    database = Database(url, clock=system_clock)
    await migrate.upgrade(database)
    async with FakeConnector() as fake:
        fake.response_delay = 0.3
        outbox = Outbox(database)
        for c in range(CONVERSATIONS):
            target = await channel(database, fake.url, f"19:team-{c}@thread.tacv2")
            for n in range(PER_CONVERSATION):
                key = f"{c}/{n}"
                await outbox.enqueue(target, message(key, key), idempotency_key=key, due_at=DUE)
        await database.dispose()
        yield url, fake


async def serve_until_sending(
    url: str, fake: FakeConnector, tmp_path: Path
) -> asyncio.subprocess.Process:
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "HOST": "127.0.0.1",
        "PORT": str(free_port()),
        "CALENDAR_DIR": str(tmp_path),
        "LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys, cli; sys.exit(cli.main(['serve']))",
        cwd=ROOT,
        env=environment,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    for _ in range(300):  # the first outbox tick comes 5 s after start; bounded at 30 s
        if len(fake.sent) >= 25 or process.returncode is not None:
            break
        await asyncio.sleep(0.1)
    assert process.returncode is None, "the bot stopped by itself"
    assert len(fake.sent) >= 25, "the bot sent nothing"
    return process


async def send_the_rest(url: str, lease_passed: bool) -> dict[str, int]:
    """The next process's sender; after a kill -9 it runs once the dead one's lease is over."""
    shift = timedelta(minutes=3) if lease_passed else timedelta(0)
    database = Database(url, clock=lambda: system_clock() + shift)
    try:
        outbox = Outbox(database)
        async with no_auth_messenger() as messenger:
            sender = OutboxSender(outbox, messenger, clock=lambda: system_clock() + shift)
            for _ in range(20):
                if (await sender.tick()).claimed == 0:
                    break
        return await outbox.counts()
    finally:
        await database.dispose()


async def test_sigterm_finishes_what_is_in_flight_and_doubles_nothing(
    queued: tuple[str, FakeConnector], tmp_path: Path
) -> None:
    url, fake = queued
    process = await serve_until_sending(url, fake, tmp_path)

    process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)  # a hang fails here

    assert process.returncode == 0, stderr.decode()[-2000:]
    sent_by_the_bot = len(fake.sent)
    database = Database(url, clock=system_clock)
    try:
        drained = await Outbox(database).counts()
    finally:
        await database.dispose()
    assert drained.get("sending", 0) == 0  # nothing left waiting for a lease
    assert drained["sent"] == sent_by_the_bot  # every send that reached Teams was recorded
    assert await send_the_rest(url, lease_passed=False) == {"sent": TOTAL}
    assert len(fake.sent) == TOTAL and fake.duplicates() == {}


async def test_kill_9_doubles_at_most_the_sends_in_flight(
    queued: tuple[str, FakeConnector], tmp_path: Path
) -> None:
    url, fake = queued
    process = await serve_until_sending(url, fake, tmp_path)

    process.kill()
    await asyncio.wait_for(process.wait(), timeout=20)

    assert await send_the_rest(url, lease_passed=True) == {"sent": TOTAL}
    doubled = fake.duplicates()
    assert sum(count - 1 for count in doubled.values()) <= CONCURRENCY
    assert {s.body["text"] for s in fake.sent} == {f"{c}/{n}" for c in range(10) for n in range(10)}
