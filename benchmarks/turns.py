"""Turns per second: the stock botbuilder echo bot vs Expeditionsboten doing its real work.

Both run as their own processes against one local fake Bot Connector; the same closed-loop load
(personal-chat messages, CONCURRENCY at a time, each worker a different leader) goes to each.
Expeditionsboten dedupes every activity in SQLite, resolves the leader, reads the journey's state
and answers; the echo bot only echoes.

The load alternates between the two in rounds (echo, ours, echo, ours, ...), so a machine whose
load changes during the run (other processes, a shared CI runner) slows both alike and the ratio
stays comparable; each bot's figures are over all its rounds.

    .venv/bin/python benchmarks/turns.py [--seconds 10] [--concurrency 20] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.activities import User, message  # noqa: E402
from tests.fakes.connector import FakeConnector  # noqa: E402

TEXT = "vad gör vi nu"
ROUND_RAMP_UP = 1.0  # seconds of each round not counted: the pipeline fills


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_ready(session: aiohttp.ClientSession, url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            async with session.post(url, data=b"{}", headers={"Content-Type": "application/json"}):
                return
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


@dataclass
class Bot:
    name: str
    url: str
    latencies: list[float] = field(default_factory=list)  # of the turns counted
    elapsed: float = 0.0

    def figures(self) -> dict[str, float]:
        quantiles = statistics.quantiles(self.latencies, n=100)
        return {
            "turns": len(self.latencies),
            "per_second": len(self.latencies) / self.elapsed,
            "p50_ms": quantiles[49] * 1000,
            "p99_ms": quantiles[98] * 1000,
        }


@contextmanager
def running(command: list[str], env: dict[str, str], port: int) -> Iterator[None]:
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env, "PORT": str(port), "HOST": "127.0.0.1", "LOG_LEVEL": "WARNING"},
    )
    try:
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


class Load:
    def __init__(
        self, session: aiohttp.ClientSession, connector: FakeConnector, users: list[User]
    ) -> None:
        self._session = session
        self._connector = connector
        self._users = users

    async def turn(self, bot: Bot, user: User, text: str) -> float:
        started = time.perf_counter()
        activity = message(text, user, self._connector.url)
        async with self._session.post(bot.url, json=activity) as response:
            await response.read()
            if response.status not in (200, 201):
                raise RuntimeError(f"{bot.name}: a turn answered {response.status}")
        return time.perf_counter() - started

    async def warm_up(self, bot: Bot) -> None:
        await wait_ready(self._session, bot.url)
        await asyncio.gather(*(self.turn(bot, user, "hej") for user in self._users))  # welcome
        for _ in range(3):
            await asyncio.gather(*(self.turn(bot, user, TEXT) for user in self._users))

    async def round(self, bot: Bot, seconds: float) -> None:
        """Every leader sends, waits for the answer and sends again. The first ROUND_RAMP_UP
        seconds fill the pipeline and are not counted; then, for `seconds`, every answered turn
        counts, with its latency (steady state: as many turns in flight at the end as at the
        start of the window)."""
        sent_before, turns = len(self._connector.sent), 0
        counted_from = time.perf_counter() + ROUND_RAMP_UP
        deadline = counted_from + seconds

        async def worker(user: User) -> None:
            nonlocal turns
            while time.perf_counter() < deadline:
                latency = await self.turn(bot, user, TEXT)
                turns += 1
                if counted_from <= time.perf_counter() <= deadline:
                    bot.latencies.append(latency)

        await asyncio.gather(*(worker(user) for user in self._users))
        bot.elapsed += seconds
        replies = len(self._connector.sent) - sent_before
        if replies != turns:
            raise RuntimeError(f"{bot.name}: {turns} turns but {replies} replies were sent")


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="counted load per bot")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="alternations of the two bots")
    args = parser.parse_args()
    print(
        f"closed loop, {args.concurrency} leaders, {args.seconds:g} s per bot in "
        f"{args.rounds} alternating rounds, {os.cpu_count()} cores"
    )
    users = [
        User(f"29:bench-{n}", f"Ledare {n}", f"00000000-0000-0000-0000-{n:012d}")
        for n in range(args.concurrency)
    ]
    echo_port, our_port = free_port(), free_port()
    stock = Bot("stock botbuilder echo bot", f"http://127.0.0.1:{echo_port}/api/messages")
    ours = Bot("Expeditionsboten (SQLite)", f"http://127.0.0.1:{our_port}/api/messages")
    with (
        tempfile.TemporaryDirectory() as tmp,
        running([sys.executable, "benchmarks/echo_bot.py"], {}, echo_port),
        running(
            [sys.executable, "app.py"],
            {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db"},
            our_port,
        ),
    ):
        async with (
            FakeConnector() as connector,
            aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=args.concurrency)
            ) as session,
        ):
            load = Load(session, connector, users)
            for bot in (stock, ours):
                await load.warm_up(bot)
            for _ in range(args.rounds):
                for bot in (stock, ours):
                    await load.round(bot, args.seconds / args.rounds)
    for bot in (stock, ours):
        result = bot.figures()
        print(
            f"{bot.name:<28} {result['per_second']:7.1f} turns/s   p50 {result['p50_ms']:6.1f} ms"
            f"   p99 {result['p99_ms']:6.1f} ms   ({result['turns']} turns)"
        )
    ratio = ours.figures()["per_second"] / stock.figures()["per_second"]
    print(f"ratio: {ratio:.1f}x the stock echo bot's throughput")


if __name__ == "__main__":
    asyncio.run(main())
