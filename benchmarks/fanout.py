"""Outbox fan-out: one message to each of 2,000 channels of one tenant, through a throttling Teams.

The real sender (storage.outbox + scheduling.sender) and botbuilder's CloudAdapter send to a
FakeConnector that enforces Teams' limits (7/1 s, 8/2 s, 60/30 s per conversation; 50/s per
app) and throttles 5 % of sends at random (Retry-After 1 s). Prints messages per second, lost
(enqueued minus accepted by the fake) and duplicated (accepted more than once, by the
channelData.idempotencyKey each payload carries). Goal: >= 45/s, 0 lost, 0 duplicated.

    .venv/bin/python benchmarks/fanout.py [--channels 2000] [--database-url URL]
        [--replicas N] [--budget shared|private] [--redis-url URL]
        [--throttled 0.05] [--unavailable 0.0]   # shares of sends answered 429 / 503

SQLite in a temporary directory by default; stops by itself after --max-seconds (300).
With --replicas N, N senders (each its own database engine and rate limiter, as N processes
would have) send together; the tenant's budget is shared (PostgreSQL, or Redis with
--redis-url) unless --budget private, which is how replicas behaved before.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clock import system_clock
from scheduling.rate_limits import RateLimiter, shared_tenant_budget
from scheduling.sender import OutboxSender, TickReport
from storage import migrate
from storage.conversations import StoredConversation
from storage.database import Database
from storage.directory import Directory
from storage.outbox import Outbox
from tests.fakes.connector import FakeConnector
from tests.outbox.support import TENANT, message, no_auth_messenger, reference


async def drain(sender: OutboxSender, outbox: Outbox, started: float, max_seconds: float) -> int:
    """Tick until nothing is left to send (or time is up); returns the number of ticks."""
    ticks = 0
    while time.perf_counter() - started < max_seconds:
        report: TickReport = await sender.tick()
        ticks += 1
        if report.claimed == 0:
            counts = await outbox.counts()
            if counts.get("pending", 0) == 0 and counts.get("sending", 0) == 0:
                break
            await asyncio.sleep(0.05)
    return ticks


async def run(
    channels: int,
    database_url: str,
    max_seconds: float,
    replicas: int = 1,
    shared: bool = True,
    redis_url: str = "",
    throttled: float = 0.05,
    unavailable: float = 0.0,
) -> bool:
    database = Database(database_url, clock=system_clock)
    engines = [database] + [Database(database_url, clock=system_clock) for _ in range(1, replicas)]
    await migrate.upgrade(database)
    fake = await FakeConnector(enforce_limits=True).start()
    fake.inject_429_ratio(throttled, seed=1, unavailable=unavailable)
    try:
        outbox = Outbox(database)
        organisation_id = await Directory(database).organisation_id(TENANT)
        for n in range(channels):
            target = StoredConversation(
                organisation_id,
                TENANT,
                "channel",
                reference(fake.url, f"19:channel-{n}@thread.tacv2"),
            )
            key = f"fanout:{n}"
            await outbox.enqueue(target, message(f"Hej kanal {n}!", key), idempotency_key=key)
        limiters = [
            RateLimiter(tenant_budget=shared_tenant_budget(engine, redis_url) if shared else None)
            for engine in engines
        ]
        outboxes = [Outbox(engine) for engine in engines]
        async with no_auth_messenger() as messenger:
            senders = [
                OutboxSender(replica, messenger, limiter=limiter, clock=system_clock)
                for replica, limiter in zip(outboxes, limiters, strict=True)
            ]
            started = time.perf_counter()
            drained = [
                drain(sender, replica, started, max_seconds)
                for sender, replica in zip(senders, outboxes, strict=True)
            ]
            ticks = sum(await asyncio.gather(*drained))
            elapsed = time.perf_counter() - started
        counts = await outbox.counts()
        for limiter in limiters:
            await limiter.close()
    finally:
        await fake.close()
        for engine in engines:
            await engine.dispose()

    stats = fake.stats
    accepted = {s.body["channelData"]["idempotencyKey"] for s in fake.sent}
    lost = channels - len(accepted)
    duplicated = sum(count - 1 for count in fake.duplicates().values())
    rate = stats.accepted_sends / elapsed
    budget = "private" if not shared else ("redis" if redis_url else "database")
    print(f"replicas            {replicas} (tenant budget: {budget})")
    print(f"channels            {channels}")
    print(f"elapsed             {elapsed:.1f} s in {ticks} ticks")
    print(f"messages per second {rate:.1f}")
    print(f"lost                {lost}")
    print(f"duplicated          {duplicated}")
    print(
        f"requests            {stats.requests} (429 at random {stats.throttled_at_random}, "
        f"429 by limits {stats.throttled_by_limits})"
    )
    print(f"503 at random       {sum(r.failure == 'random-503' for r in fake.requests)}")
    print(f"outbox rows         {counts}")
    return rate >= 45 and lost == 0 and duplicated == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=2000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--max-seconds", type=float, default=300.0)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--budget", choices=["shared", "private"], default="shared")
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--throttled", type=float, default=0.05, help="share answered 429")
    parser.add_argument("--unavailable", type=float, default=0.0, help="share answered 503")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="fanout-") as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'fanout.db'}"
        ok = asyncio.run(
            run(
                args.channels,
                url,
                args.max_seconds,
                replicas=args.replicas,
                shared=args.budget == "shared",
                redis_url=args.redis_url,
                throttled=args.throttled,
                unavailable=args.unavailable,
            )
        )
    print("goal met" if ok else "goal NOT met")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
