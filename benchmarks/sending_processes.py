"""The processes of benchmarks/national.py's sending runs: each sender replica and the fake
Teams are OS processes of their own, as in production (Teams is not on the bot's event loop).

    python benchmarks/sending_processes.py connector OUT.json
        Starts a FakeConnector on a free loopback port, prints its URL on one line, and when its
        stdin closes writes every request it received (conversation, arrival time, status,
        idempotency key, operation) to OUT.json and exits.
    python benchmarks/sending_processes.py replica DATABASE_URL LABEL MAX_SECONDS [CONCURRENCY]
        One sender as app.py builds it (Outbox, RateLimiter on the shared PostgreSQL budget,
        OutboxSender, the edge's messenger without auth) ticking until no row whose key starts
        with LABEL is pending or sending, or MAX_SECONDS; prints a JSON summary line.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from clock import system_clock
from scheduling.rate_limits import RateLimiter, shared_tenant_budget
from scheduling.sender import OutboxSender
from storage.database import Database
from storage.outbox import Outbox
from tests.fakes.connector import FakeConnector
from tests.outbox.support import no_auth_messenger

_OPEN_ROWS = text(
    "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending') AND idempotency_key LIKE :p"
)


async def connector() -> list[list[Any]]:
    try:  # Teams runs on machines of its own: here it goes first, so arrivals are stamped on time
        os.setpriority(os.PRIO_PROCESS, 0, -5)
    except PermissionError:
        print("(fake connector at normal priority)", file=sys.stderr)
    fake = await FakeConnector().start()
    try:
        print(fake.url, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until EOF
        return [record(r) for r in fake.requests]
    finally:
        await fake.close()


def record(request: Any) -> list[Any]:
    body = request.json if isinstance(request.json, dict) else {}
    key = (body.get("channelData") or {}).get("idempotencyKey")
    return [request.conversation_id, request.time, request.status, key, request.operation]


async def replica(url: str, label: str, max_seconds: float, concurrency: int) -> dict[str, Any]:
    database = Database(url, clock=system_clock)
    limiter = RateLimiter(tenant_budget=shared_tenant_budget(database))
    started, cpu = time.perf_counter(), time.process_time()
    sent = ticks = 0
    outbox = Outbox(database)
    claiming = [0.0]  # seconds spent claiming: where a tick's time goes
    claim_due = outbox.claim_due

    async def timed_claim(*args: Any) -> Any:
        began = time.perf_counter()
        try:
            return await claim_due(*args)
        finally:
            claiming[0] += time.perf_counter() - began

    outbox.claim_due = timed_claim  # type: ignore[method-assign]
    try:
        async with no_auth_messenger() as messenger:
            sender = OutboxSender(
                outbox,
                messenger,
                limiter=limiter,
                clock=system_clock,
                concurrency=concurrency,
            )
            while time.perf_counter() - started < max_seconds:
                report = await sender.tick()
                ticks += 1
                sent += report.sent
                if report.claimed == 0:
                    if not await open_rows(database, label):
                        break
                    await asyncio.sleep(0.05)
    finally:
        await limiter.close()
        await database.dispose()
    return {
        "sent": sent,
        "ticks": ticks,
        "forfeited": limiter.forfeited,
        "claim_seconds": round(claiming[0], 2),
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
    }


async def open_rows(database: Database, label: str) -> int:
    async with database.sessions() as session:
        return int((await session.execute(_OPEN_ROWS, {"p": label + "%"})).scalar_one())


def main() -> None:
    role, *args = sys.argv[1:]
    if role == "connector":
        Path(args[0]).write_text(json.dumps(asyncio.run(connector())))
    elif role == "replica":
        url, label, max_seconds, *concurrency = args
        summary = replica(url, label, float(max_seconds), int((concurrency or ["20"])[0]))
        print(json.dumps(asyncio.run(summary)), flush=True)
    else:
        raise SystemExit(f"unknown role {role!r}: connector or replica")


if __name__ == "__main__":
    main()
