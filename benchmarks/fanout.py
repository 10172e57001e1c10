"""Outbox fan-out: one message to each of 2,000 channels of one tenant, through a throttling Teams.

The real sender (storage.outbox + scheduling.sender) and botbuilder's CloudAdapter send to a
FakeConnector that enforces Teams' limits (7/1 s, 8/2 s, 60/30 s per conversation; 50/s per
app) and throttles 5 % of sends at random (Retry-After 1 s). Prints messages per second, lost
(enqueued minus accepted by the fake) and duplicated (accepted more than once, by the
channelData.idempotencyKey each payload carries). Goal: >= 45/s, 0 lost, 0 duplicated.

    .venv/bin/python benchmarks/fanout.py [--channels 2000] [--database-url URL]

SQLite in a temporary directory by default; stops by itself after --max-seconds (300).
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
from scheduling.sender import OutboxSender
from storage import migrate
from storage.conversations import StoredConversation
from storage.database import Database
from storage.directory import Directory
from storage.outbox import Outbox
from tests.fakes.connector import FakeConnector
from tests.outbox.support import TENANT, message, no_auth_messenger, reference


async def run(channels: int, database_url: str, max_seconds: float) -> bool:
    database = Database(database_url, clock=system_clock)
    await migrate.upgrade(database)
    fake = await FakeConnector(enforce_limits=True).start()
    fake.inject_429_ratio(0.05, seed=1)
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
        async with no_auth_messenger() as messenger:
            sender = OutboxSender(outbox, messenger, clock=system_clock)
            started = time.perf_counter()
            ticks = 0
            while time.perf_counter() - started < max_seconds:
                report = await sender.tick()
                ticks += 1
                if report.claimed == 0:
                    counts = await outbox.counts()
                    if counts.get("pending", 0) == 0 and counts.get("sending", 0) == 0:
                        break
                    await asyncio.sleep(0.05)
            elapsed = time.perf_counter() - started
        counts = await outbox.counts()
    finally:
        await fake.close()
        await database.dispose()

    stats = fake.stats
    accepted = {s.body["channelData"]["idempotencyKey"] for s in fake.sent}
    lost = channels - len(accepted)
    duplicated = sum(count - 1 for count in fake.duplicates().values())
    rate = stats.accepted_sends / elapsed
    print(f"channels            {channels}")
    print(f"elapsed             {elapsed:.1f} s in {ticks} ticks")
    print(f"messages per second {rate:.1f}")
    print(f"lost                {lost}")
    print(f"duplicated          {duplicated}")
    print(
        f"requests            {stats.requests} (429 at random {stats.throttled_at_random}, "
        f"429 by limits {stats.throttled_by_limits})"
    )
    print(f"outbox rows         {counts}")
    return rate >= 45 and lost == 0 and duplicated == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=2000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--max-seconds", type=float, default=300.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="fanout-") as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'fanout.db'}"
        ok = asyncio.run(run(args.channels, url, args.max_seconds))
    print("goal met" if ok else "goal NOT met")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
