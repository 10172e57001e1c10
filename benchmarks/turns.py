"""Turns per second: the stock botbuilder echo bot vs Expeditionsboten doing its real work.

Both run as their own processes against one local fake Bot Connector; the same closed-loop load
(personal-chat messages, CONCURRENCY at a time, each worker a different leader) goes to each.
Expeditionsboten dedupes every activity in SQLite, resolves the leader, loads and saves dialog
state and answers; the echo bot only echoes.

    .venv/bin/python benchmarks/turns.py [--seconds 10] [--concurrency 20]
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
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.activities import User, message  # noqa: E402
from tests.fakes.connector import FakeConnector  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_ready(session: aiohttp.ClientSession, url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            async with session.post(url, data=b"{}", headers={"Content-Type": "application/json"}):
                return
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


async def load(
    url: str, connector: FakeConnector, seconds: float, concurrency: int
) -> dict[str, float]:
    users = [
        User(f"29:bench-{n}", f"Ledare {n}", f"00000000-0000-0000-0000-{n:012d}")
        for n in range(concurrency)
    ]
    latencies: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        await wait_ready(session, url)

        async def turn(user: User, text: str) -> float:
            started = time.perf_counter()
            async with session.post(url, json=message(text, user, connector.url)) as response:
                await response.read()
                if response.status not in (200, 201):
                    raise RuntimeError(f"turn answered {response.status}")
            return time.perf_counter() - started

        await asyncio.gather(*(turn(user, "hej") for user in users))  # first contact: welcome
        for _ in range(3):  # warm up
            await asyncio.gather(*(turn(user, "vad gör vi nu") for user in users))
        sent_before = len(connector.sent)
        deadline = time.perf_counter() + seconds

        async def worker(user: User) -> None:
            while time.perf_counter() < deadline:
                latencies.append(await turn(user, "vad gör vi nu"))

        started = time.perf_counter()
        await asyncio.gather(*(worker(user) for user in users))
        elapsed = time.perf_counter() - started
    replies = len(connector.sent) - sent_before
    if replies != len(latencies):
        raise RuntimeError(f"{len(latencies)} turns but {replies} replies reached the connector")
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "turns": len(latencies),
        "per_second": len(latencies) / elapsed,
        "p50_ms": quantiles[49] * 1000,
        "p99_ms": quantiles[98] * 1000,
    }


async def measure(
    name: str, command: list[str], env: dict[str, str], args: argparse.Namespace
) -> dict[str, float]:
    port = free_port()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env, "PORT": str(port), "HOST": "127.0.0.1", "LOG_LEVEL": "WARNING"},
    )
    try:
        async with FakeConnector() as connector:
            result = await load(
                f"http://127.0.0.1:{port}/api/messages", connector, args.seconds, args.concurrency
            )
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(
        f"{name:<28} {result['per_second']:7.1f} turns/s   p50 {result['p50_ms']:6.1f} ms   "
        f"p99 {result['p99_ms']:6.1f} ms   ({result['turns']} turns)"
    )
    return result


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    print(f"closed loop, {args.concurrency} leaders, {args.seconds:g} s, {os.cpu_count()} cores")
    stock = await measure(
        "stock botbuilder echo bot", [sys.executable, "benchmarks/echo_bot.py"], {}, args
    )
    with tempfile.TemporaryDirectory() as tmp:
        ours = await measure(
            "Expeditionsboten (SQLite)",
            [sys.executable, "app.py"],
            {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db"},
            args,
        )
    print(f"ratio: {ours['per_second'] / stock['per_second']:.1f}x the stock echo bot's throughput")


if __name__ == "__main__":
    asyncio.run(main())
