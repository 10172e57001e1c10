"""Leaders walking the whole onboarding at once: how long each click takes, start to summary.

The bot runs as its own process on SQLite with iCalendar calendars (a copy of Jonas Gumbel's demo
calendar per leader), against one local fake Bot Connector. Every leader clicks through all
steps as fast as the answers come (welcome, elements, six areas, plan, goal, starting point,
wishes -> calendar search, "Boka nu" -> eight bookings), CONCURRENCY leaders at a time.

    .venv/bin/python benchmarks/onboarding.py [--leaders 40] [--concurrency 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.turns import free_port, wait_ready  # noqa: E402
from tests.activities import User, card_execute, message  # noqa: E402
from tests.fakes.connector import FakeConnector, Member  # noqa: E402

DEMO = ROOT / "scheduling" / "demo_calendars" / "jonas.gumbel@uppsala.example.ics"
AREAS = {f"area_{a}": "2" for a in ("culture", "user_perspective", "structure", "collaboration")}
# (step name, verb, data): what one leader clicks, in order.
CLICKS = [
    ("welcome", "start_journey", {}),
    ("elements", "onboarding", {"step": "elements"}),
    ("individualise", "onboarding", {"step": "individualise"}),
    *(
        ("area", "onboarding", {"step": "familiarity", "module": n, "familiarity": "somewhat"})
        for n in range(6)
    ),
    ("plan", "onboarding", {"step": "plan"}),
    ("goal", "onboarding", {"step": "goal", "goal": "Mitt mål är att testa nya idéer."}),
    ("starting point", "onboarding", {"step": "starting_point", **AREAS}),
    ("find times", "booking_find", {"parts_of_day": "forenoon", "frequency": "twice_a_week"}),
    ("book", "booking_book", {}),
]


def leader(n: int) -> tuple[User, Member]:
    user = User(f"29:bench-{n}", f"Ledare{n} Test", f"00000000-0000-0000-0000-{n:012d}")
    address = f"ledare{n}@uppsala.example"
    member = Member(user.id, user.name, user.aad_object_id, f"Ledare{n}", "Test", address, address)
    return user, member


async def walk(
    session: aiohttp.ClientSession, url: str, connector: FakeConnector, user: User
) -> dict[str, float]:
    timings: dict[str, float] = {}
    async with session.post(url, json=message("hej", user, connector.url)) as response:
        await response.read()
    for name, verb, data in CLICKS:
        started = time.perf_counter()
        async with session.post(url, json=card_execute(verb, user, connector.url, data)) as reply:
            body = await reply.json()
        timings[name] = timings.get(name, 0) + time.perf_counter() - started
        if body.get("type") != "application/vnd.microsoft.card.adaptive":
            raise RuntimeError(f"{name}: no card in the answer: {body}")
    if "Klart!" not in str(body["value"]):
        raise RuntimeError("the walk did not end at the summary")
    return timings


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leaders", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        calendars = Path(tmp) / "calendars"
        calendars.mkdir()
        people = [leader(n) for n in range(args.leaders)]
        for _, member in people:
            shutil.copy(DEMO, calendars / f"{member.email}.ics")
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db",
            "CALENDAR_DIR": str(calendars),
            "PORT": str(port),
            "LOG_LEVEL": "WARNING",
        }
        process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env)
        try:
            async with FakeConnector() as connector, aiohttp.ClientSession() as session:
                for user, member in people:
                    connector.add_conversation(user.personal_conversation, [member])
                url = f"http://127.0.0.1:{port}/api/messages"
                await wait_ready(session, url)
                gate = asyncio.Semaphore(args.concurrency)

                async def one(user: User) -> dict[str, float]:
                    async with gate:
                        return await walk(session, url, connector, user)

                started = time.perf_counter()
                walks = await asyncio.gather(*(one(user) for user, _ in people))
                elapsed = time.perf_counter() - started
        finally:
            process.terminate()
            process.wait(timeout=10)
    report(walks, elapsed, args)


def report(walks: list[dict[str, float]], elapsed: float, args: argparse.Namespace) -> None:
    by_step: dict[str, list[float]] = defaultdict(list)
    for timings in walks:
        for name, seconds in timings.items():
            by_step[name].append(seconds * 1000)
    print(f"{args.leaders} leaders, {args.concurrency} at a time, {os.cpu_count()} cores")
    print(f"{len(walks) / elapsed:.1f} whole onboardings/s ({elapsed:.1f} s in all)")
    for name, values in by_step.items():
        middle = statistics.median(values)
        worst = max(values)
        print(f"  {name:<15} median {middle:7.1f} ms   max {worst:7.1f} ms")


if __name__ == "__main__":
    asyncio.run(main())
