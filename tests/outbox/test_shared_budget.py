"""Two replicas share the tenant's send budget (Teams counts requests per app per tenant).

Each replica is its own Database (own connection pool), Outbox, RateLimiter and OutboxSender,
as two processes would be; they send to one FakeConnector that enforces a low app limit. With a
budget each, they would send twice the limit and the connector would answer 429 to about half.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import uuid
from collections.abc import AsyncIterator

import pytest

from scheduling.rate_limits import (
    RateLimiter,
    RedisTenantBudget,
    TenantBudget,
    shared_tenant_budget,
)
from scheduling.sender import OutboxSender, TickReport
from storage import migrate
from storage.database import Database
from storage.outbox import Outbox
from storage.send_budgets import PostgresTenantBudget
from tests.clock import TestClock
from tests.fakes.connector import FakeConnector
from tests.outbox.support import TENANT, channel, message, no_auth_messenger

APP_LIMIT = (1.0, 10)  # the fake's app limit and ours: 10 requests a second
MARGIN = 0.15  # wide enough for this shared machine's scheduling jitter
CHANNELS = 24  # 12 per replica: under two seconds a replica at the limit
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


async def send_from_two_replicas(
    database_url: str, clock: TestClock, budgets: list[TenantBudget | None]
) -> tuple[FakeConnector, list[TickReport]]:
    """Enqueue one message per channel, then let each replica claim half and send it."""
    async with FakeConnector(enforce_limits=True, app_limit=APP_LIMIT) as fake:
        replicas = [Database(database_url, clock=clock) for _ in budgets]
        try:
            await migrate.upgrade(replicas[0])
            outbox = Outbox(replicas[0])
            for n in range(CHANNELS):
                target = await channel(replicas[0], fake.url, f"19:channel-{n}@thread.tacv2")
                await outbox.enqueue(target, message(f"Hej {n}!", f"k{n}"), idempotency_key=f"k{n}")
            async with no_auth_messenger() as messenger:
                senders = [
                    OutboxSender(
                        Outbox(replica),
                        messenger,
                        limiter=RateLimiter(
                            tenant_limits=(APP_LIMIT,), margin=MARGIN, tenant_budget=budget
                        ),
                        batch_size=CHANNELS // len(budgets),
                        clock=clock,
                    )
                    for replica, budget in zip(replicas, budgets, strict=True)
                ]
                reports = await asyncio.gather(*(sender.tick() for sender in senders))
        finally:
            for replica in replicas:
                await replica.dispose()
    return fake, list(reports)


def assert_shared(fake: FakeConnector, reports: list[TickReport]) -> None:
    assert [report.claimed for report in reports] == [CHANNELS // 2] * 2  # both replicas sent
    assert fake.stats.throttled_by_limits <= 1, fake.stats
    assert sum(report.sent for report in reports) >= CHANNELS - 1
    assert sum(count - 1 for count in fake.duplicates().values()) == 0


@pytest.fixture
async def postgres_database_url(database_url: str) -> AsyncIterator[str]:
    if database_url.startswith("sqlite"):
        pytest.skip("the database budget is PostgreSQL's (SQLite runs in one process)")
    yield database_url


async def test_replicas_share_the_tenant_budget_in_postgresql(
    postgres_database_url: str, clock: TestClock
) -> None:
    interval = (APP_LIMIT[0] + MARGIN) / APP_LIMIT[1]
    budget_databases = [Database(postgres_database_url, clock=clock) for _ in range(2)]
    try:
        budgets: list[TenantBudget | None] = [
            PostgresTenantBudget(database, interval) for database in budget_databases
        ]
        fake, reports = await send_from_two_replicas(postgres_database_url, clock, budgets)
    finally:
        for database in budget_databases:
            await database.dispose()
    assert_shared(fake, reports)


async def test_the_postgresql_budget_hands_out_consecutive_slots(
    postgres_database_url: str, clock: TestClock
) -> None:
    """Reservations queue on the tenant's row: 20 at once get 20 slots `interval` apart.
    The interval is long, so the time between two statements hardly shows in the waits."""
    database = Database(postgres_database_url, clock=clock)
    await migrate.upgrade(database)
    try:
        budget = PostgresTenantBudget(database, 1000.0)
        tenant = f"tenant-{uuid.uuid4()}"  # its slots reach hours ahead: no other test's tenant
        waits = sorted(await asyncio.gather(*(budget.reserve(tenant) for _ in range(20))))
        other_tenant = await budget.reserve(f"tenant-{uuid.uuid4()}")
    finally:
        await database.dispose()
    gaps = [later - earlier for earlier, later in itertools.pairwise(waits)]
    assert waits[0] <= 0  # the first slot is now
    assert all(990 < gap < 1010 for gap in gaps), gaps  # each the next one, none shared
    assert other_tenant <= 0  # each tenant has its own budget


async def test_the_postgresql_budget_reserves_many_slots_in_one_statement(
    postgres_database_url: str, clock: TestClock
) -> None:
    """Sends waiting together are answered by one statement: a tenant named three times gets
    three consecutive slots, after the one it had; another tenant's first slot is now."""
    database = Database(postgres_database_url, clock=clock)
    await migrate.upgrade(database)
    try:
        budget = PostgresTenantBudget(database, 1000.0)
        tenant, other = f"tenant-{uuid.uuid4()}", f"tenant-{uuid.uuid4()}"
        first = await budget.reserve(tenant)
        waits = await budget.reserve_many([tenant, other, tenant, tenant])
    finally:
        await database.dispose()
    assert first <= 0
    assert [round(w, -1) for w in (waits[0], waits[2], waits[3])] == [1000, 2000, 3000]
    assert waits[1] <= 0


@pytest.fixture
async def redis_url() -> AsyncIterator[str]:
    redis_asyncio = pytest.importorskip("redis.asyncio")
    client = redis_asyncio.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        await client.ping()
    except (OSError, redis_asyncio.RedisError):
        pytest.skip(f"no Redis at {REDIS_URL}")
    finally:
        await client.aclose()
    yield REDIS_URL


async def test_replicas_share_the_tenant_budget_in_redis(
    database_url: str, redis_url: str, clock: TestClock
) -> None:
    from redis.asyncio import Redis

    prefix = f"test-send-budget:{uuid.uuid4().hex}:"  # a fresh budget, whatever ran before
    budgets: list[RedisTenantBudget] = [
        RedisTenantBudget(
            Redis.from_url(redis_url), tenant_limits=(APP_LIMIT,), margin=MARGIN, prefix=prefix
        )
        for _ in range(2)
    ]
    try:
        fake, reports = await send_from_two_replicas(database_url, clock, list(budgets))
    finally:
        for budget in budgets:
            await budget.close()
    assert_shared(fake, reports)


async def test_an_unreachable_budget_falls_back_to_this_process(clock: TestClock) -> None:
    """Redis down: sending goes on, paced by the in-process windows."""
    from redis.asyncio import Redis

    pytest.importorskip("redis.asyncio")
    unreachable = RedisTenantBudget(Redis.from_url("redis://127.0.0.1:9/0", socket_timeout=1))
    seconds = 0.0

    def monotonic() -> float:
        return seconds

    async def sleep(wait: float) -> None:
        nonlocal seconds
        seconds += wait

    limiter = RateLimiter(
        tenant_limits=((1, 3),), margin=0, clock=monotonic, sleep=sleep, tenant_budget=unreachable
    )
    try:
        waits = [await limiter.acquire(TENANT, f"conversation-{n}") for n in range(4)]
    finally:
        await limiter.close()
    assert waits == [0.0, 0.0, 0.0, 1.0]  # the fourth waits for the in-process window


async def test_the_app_picks_redis_then_postgresql_then_this_process(
    database_url: str, clock: TestClock
) -> None:
    pytest.importorskip("redis.asyncio")
    database = Database(database_url, clock=clock)
    try:
        in_redis = shared_tenant_budget(database, "redis://127.0.0.1:6379/0")
        assert isinstance(in_redis, RedisTenantBudget)
        await in_redis.close()  # never connected: building a client opens nothing
        chosen = shared_tenant_budget(database)
    finally:
        await database.dispose()
    if database.is_sqlite:
        assert chosen is None  # one process: its own windows are exact
    else:
        assert isinstance(chosen, PostgresTenantBudget)
