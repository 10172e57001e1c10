"""Turns per second: the stock botbuilder echo bot vs Expeditionsboten doing its real work.

Both run as their own processes against one local fake Bot Connector; the same closed-loop load
(personal-chat messages, CONCURRENCY at a time, each worker a different leader) goes to each.
Expeditionsboten dedupes every activity in SQLite, resolves the leader, reads the journey's state
and answers; the echo bot only echoes.

The load alternates between the two in rounds (echo, ours, echo, ours, ...), so a machine whose
load changes during the run (other processes, a shared CI runner) slows both alike and the ratio
stays comparable; each bot's figures are over all its rounds. Each bot's CPU time per turn (its
process's user + system time over its rounds, /proc on Linux) is printed too: on a machine shared
with other work it varies far less than turns/s, so compare changes by it.

    .venv/bin/python benchmarks/turns.py [--seconds 10] [--concurrency 20] [--rounds 3]

`--profile turns.txt` runs Expeditionsboten under pyinstrument (`pip install pyinstrument`) and
writes its profile there when the run ends (the profiler slows it: read the ratio from a run
without it).
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
    pid: int | None = None
    cpu_seconds: float = 0.0  # over whole rounds (ramp-up included) ...
    cpu_turns: int = 0  # ... and the turns of those whole rounds
    load_cpu_seconds: float = 0.0  # this process's (load and fake connector) in those rounds

    def figures(self) -> dict[str, float]:
        quantiles = statistics.quantiles(self.latencies, n=100)
        return {
            "turns": len(self.latencies),
            "per_second": len(self.latencies) / self.elapsed,
            "p50_ms": quantiles[49] * 1000,
            "p99_ms": quantiles[98] * 1000,
            "cpu_ms_per_turn": self.cpu_seconds / max(self.cpu_turns, 1) * 1000,
            "load_cpu_ms_per_turn": self.load_cpu_seconds / max(self.cpu_turns, 1) * 1000,
        }


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process so far (0 where /proc is not there)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def running(command: list[str], env: dict[str, str], port: int) -> Iterator[int]:
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env, "PORT": str(port), "HOST": "127.0.0.1", "LOG_LEVEL": "WARNING"},
    )
    try:
        yield process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def our_command(profile: str | None) -> list[str]:
    if profile is None:
        return [sys.executable, "app.py"]
    # aiohttp stops on SIGTERM as on Ctrl-C, so the profiler writes its report on the way out.
    return [sys.executable, "-m", "pyinstrument", "-r", "text", "-o", profile, "app.py"]


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
        cpu_before, load_cpu_before = cpu_seconds(bot.pid), time.process_time()
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
        bot.cpu_seconds += cpu_seconds(bot.pid) - cpu_before
        bot.load_cpu_seconds += time.process_time() - load_cpu_before
        bot.cpu_turns += turns
        bot.elapsed += seconds
        replies = len(self._connector.sent) - sent_before
        if replies != turns:
            raise RuntimeError(f"{bot.name}: {turns} turns but {replies} replies were sent")


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="counted load per bot")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="alternations of the two bots")
    parser.add_argument("--profile", metavar="PATH", help="profile Expeditionsboten into PATH")
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
        running([sys.executable, "benchmarks/echo_bot.py"], {}, echo_port) as stock.pid,
        running(
            our_command(args.profile),
            {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db"},
            our_port,
        ) as ours.pid,
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
            f"   p99 {result['p99_ms']:6.1f} ms   {result['cpu_ms_per_turn']:5.2f} CPU ms/turn"
            f" (load {result['load_cpu_ms_per_turn']:4.2f})   ({result['turns']} turns)"
        )
    ratio = ours.figures()["per_second"] / stock.figures()["per_second"]
    cpu_ratio = stock.figures()["cpu_ms_per_turn"] / max(ours.figures()["cpu_ms_per_turn"], 1e-9)
    print(
        f"ratio: {ratio:.1f}x the stock echo bot's throughput; "
        f"{cpu_ratio:.1f}x its turns per CPU second"
    )


if __name__ == "__main__":
    asyncio.run(main())
