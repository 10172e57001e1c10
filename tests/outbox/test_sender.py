"""The outbox and its sender over real HTTP: botbuilder's CloudAdapter against FakeConnector."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, select

from chat.delivery import Messenger
from scheduling.rate_limits import RateLimiter
from scheduling.sender import OutboxSender
from storage import migrate
from storage.database import Database
from storage.models import ConversationRef
from storage.outbox import Outbox, OutboxMessage
from tests.fakes.connector import FakeConnector
from tests.outbox.support import VirtualClock, channel, message, no_auth_messenger

CONVERSATION = "19:g4-general@thread.tacv2"


@pytest.fixture
def clock() -> VirtualClock:
    """Shared by the database and the sender: rows are due by the same time the sender reads."""
    return VirtualClock()


def sender_for(
    outbox: Outbox, messenger: Messenger, clock: VirtualClock, **kwargs: Any
) -> OutboxSender:
    kwargs.setdefault("limiter", RateLimiter(clock=clock.monotonic, sleep=clock.sleep))
    return OutboxSender(outbox, messenger, clock=clock.now, **kwargs)


async def test_enqueue_is_idempotent(database: Database) -> None:
    outbox = Outbox(database)
    target = await channel(database, "http://127.0.0.1:9", CONVERSATION)

    first = await outbox.enqueue(target, message("Hej!"), idempotency_key="reminder:1")
    second = await outbox.enqueue(target, message("Hej igen!"), idempotency_key="reminder:1")

    assert first == second
    assert await outbox.counts() == {"pending": 1}
    row = await outbox.get(first)
    assert row is not None and '"Hej!"' in row.payload
    assert f'"tenantId": "{target.tenant_id}"' in row.reference  # the tenant is kept


async def test_a_message_waits_for_its_due_time(
    database: Database, connector, clock: VirtualClock
) -> None:
    outbox = Outbox(database)
    target = await channel(database, connector.url, CONVERSATION)
    await outbox.enqueue(
        target,
        message("Psst! Imorgon kl. 14:00"),
        idempotency_key="k",
        due_at=clock.now() + timedelta(minutes=5),
    )
    async with no_auth_messenger() as messenger:
        sender = sender_for(outbox, messenger, clock)
        assert (await sender.tick()).sent == 0
        clock.advance(299)
        assert (await sender.tick()).sent == 0
        clock.advance(1)
        report = await sender.tick()

    assert report.sent == 1
    [sent] = connector.sent
    assert sent.conversation_id == CONVERSATION
    assert sent.body["text"] == "Psst! Imorgon kl. 14:00"
    row = await outbox.get(1)
    assert row is not None and row.state == "sent" and row.sent_activity_id == sent.activity_id


async def test_429_waits_for_retry_after_and_keeps_the_order(
    database: Database, connector, clock: VirtualClock
) -> None:
    outbox = Outbox(database)
    target = await channel(database, connector.url, CONVERSATION)
    first = await outbox.enqueue(target, message("ett"), idempotency_key="1", due_at=clock.now())
    second = await outbox.enqueue(target, message("två"), idempotency_key="2", due_at=clock.now())
    connector.fail_next(429, retry_after=30)
    async with no_auth_messenger() as messenger:
        sender = sender_for(outbox, messenger, clock)
        report = await sender.tick()
        assert (report.retried, report.deferred, report.sent) == (1, 1, 0)
        row = await outbox.get(first)
        assert row is not None and row.state == "pending" and row.attempts == 1
        assert row.next_attempt_at >= clock.now() + timedelta(seconds=30)
        assert "429" in (row.last_error or "")
        later = await outbox.get(second)
        assert later is not None and later.attempts == 0  # deferred, not an attempt

        clock.advance(29)
        assert (await sender.tick()).claimed == 0
        clock.advance(5)
        report = await sender.tick()

    assert report.sent == 2
    assert [s.body["text"] for s in connector.sent] == ["ett", "två"]
    assert [r.status for r in connector.requests] == [429, 201, 201]


async def test_server_errors_back_off_then_succeed(
    database: Database, connector, clock: VirtualClock
) -> None:
    outbox = Outbox(database)
    target = await channel(database, connector.url, CONVERSATION)
    message_id = await outbox.enqueue(target, message("Hej"), idempotency_key="k")
    connector.fail_next(503)
    connector.fail_next(502)
    async with no_auth_messenger() as messenger:
        sender = sender_for(outbox, messenger, clock)
        assert (await sender.tick()).retried == 1
        row = await outbox.get(message_id)
        assert row is not None
        assert clock.now() + timedelta(seconds=1) <= row.next_attempt_at  # base 2 s, jitter
        assert row.next_attempt_at <= clock.now() + timedelta(seconds=2)
        clock.advance(2)
        assert (await sender.tick()).retried == 1
        clock.advance(4)
        assert (await sender.tick()).sent == 1

    row = await outbox.get(message_id)
    assert row is not None and (row.state, row.attempts) == ("sent", 3)
    assert [r.status for r in connector.requests] == [503, 502, 201]
    assert len(connector.sent) == 1


async def test_a_gone_conversation_is_dead_and_deactivated(
    database: Database, connector, clock: VirtualClock
) -> None:
    outbox = Outbox(database)
    target = await channel(database, connector.url, CONVERSATION)
    first = await outbox.enqueue(target, message("ett"), idempotency_key="1")
    later = await outbox.enqueue(
        target, message("två"), idempotency_key="2", due_at=clock.now() + timedelta(hours=1)
    )
    connector.fail_next(404)
    async with no_auth_messenger() as messenger:
        sender = sender_for(outbox, messenger, clock)
        report = await sender.tick()
        clock.advance(7200)
        assert (await sender.tick()).claimed == 0  # nothing is retried

    assert report.dead == 1
    assert len(connector.requests) == 1
    for message_id in (first, later):
        row = await outbox.get(message_id)
        assert row is not None and row.state == "dead"
    async with database.sessions() as session:
        active = await session.scalar(
            select(ConversationRef.active).where(ConversationRef.conversation_id == CONVERSATION)
        )
    assert active is False


async def test_gives_up_after_max_attempts_with_an_error_line(
    database: Database, connector, caplog: pytest.LogCaptureFixture, clock: VirtualClock
) -> None:
    outbox = Outbox(database)
    target = await channel(database, connector.url, CONVERSATION)
    message_id = await outbox.enqueue(target, message("Hej"), idempotency_key="k")
    connector.fail_next(500, times=10)
    async with no_auth_messenger() as messenger:
        sender = sender_for(outbox, messenger, clock, max_attempts=3)
        reports = []
        for _ in range(4):
            reports.append(await sender.tick())
            clock.advance(3600)

    assert [(r.retried, r.failed) for r in reports] == [(1, 0), (1, 0), (0, 1), (0, 0)]
    row = await outbox.get(message_id)
    assert row is not None and (row.state, row.attempts) == ("failed", 3)
    assert "HTTP 500" in (row.last_error or "")
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert any(f"outbox message {message_id}" in r.getMessage() for r in errors)
    assert "failed after 3 attempts" in errors[-1].getMessage()
    assert len(connector.requests) == 3


async def test_a_burst_to_one_conversation_stays_within_teams_limits(
    database: Database, clock: VirtualClock
) -> None:
    # The fake's limits and our limiter run on the same virtual seconds.
    outbox = Outbox(database)
    async with FakeConnector(enforce_limits=True, clock=clock.monotonic) as fake:
        target = await channel(database, fake.url, CONVERSATION)
        for n in range(30):
            await outbox.enqueue(target, message(f"nr {n}"), idempotency_key=f"burst:{n}")
        async with no_auth_messenger() as messenger:
            sender = sender_for(outbox, messenger, clock)
            report = await sender.tick()

    assert report.sent == 30
    assert fake.stats.throttled_by_limits == 0
    assert [r.status for r in fake.requests] == [201] * 30
    assert [s.body["text"] for s in fake.sent] == [f"nr {n}" for n in range(30)]
    assert clock.seconds >= 6  # 8 per 2 s: sends 25-30 go 3 windows after the first


async def test_two_senders_on_postgresql_send_each_row_once(
    database_url: str, clock: VirtualClock
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("replicas share a database only on PostgreSQL")
    first_db = Database(database_url, clock=clock)
    second_db = Database(database_url, clock=clock)
    await migrate.upgrade(first_db)
    try:
        async with FakeConnector() as fake:
            outbox = Outbox(first_db)
            for c in range(40):
                target = await channel(first_db, fake.url, f"19:team-{c}@thread.tacv2")
                for n in range(5):
                    key = f"two:{c}:{n}"
                    await outbox.enqueue(target, message(f"{c}/{n}", key), idempotency_key=key)
            async with no_auth_messenger() as messenger_a, no_auth_messenger() as messenger_b:
                senders = [
                    sender_for(Outbox(first_db), messenger_a, clock, batch_size=15),
                    sender_for(Outbox(second_db), messenger_b, clock, batch_size=15),
                ]

                async def run(sender: OutboxSender) -> int:
                    total = 0
                    for _ in range(100):
                        report = await sender.tick()
                        total += report.sent
                        if report.claimed == 0 and await outbox.counts() == {"sent": 200}:
                            break
                        await asyncio.sleep(0)
                    return total

                sent_a, sent_b = await asyncio.gather(run(senders[0]), run(senders[1]))
    finally:
        await first_db.dispose()
        await second_db.dispose()

    assert sent_a + sent_b == 200
    assert sent_a > 0 and sent_b > 0  # both took part
    assert len(fake.sent) == 200
    assert fake.duplicates() == {}
    for c in range(40):  # each conversation in order
        texts = [
            s.body["text"] for s in fake.sent if s.conversation_id == f"19:team-{c}@thread.tacv2"
        ]
        assert texts == [f"{c}/{n}" for n in range(5)]


async def test_a_row_another_replica_is_claiming_holds_back_the_rest_of_its_conversation(
    database_url: str, clock: VirtualClock
) -> None:
    """SKIP LOCKED skips the first row another replica has locked but not yet marked `sending`;
    the second row must not be taken past it, or the two replicas send them out of order."""
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks exist only on PostgreSQL")
    first_db = Database(database_url, clock=clock)
    second_db = Database(database_url, clock=clock)
    await migrate.upgrade(first_db)
    try:
        outbox = Outbox(first_db)
        target = await channel(first_db, "http://127.0.0.1:9", CONVERSATION)
        other = await channel(first_db, "http://127.0.0.1:9", "19:other@thread.tacv2")
        for where in (target, other):
            for n in range(3):
                key = f"{where.reference.conversation_id}:{n}"
                await outbox.enqueue(where, message(str(n), key), idempotency_key=key)
        async with second_db.engine.begin() as replica:
            head = await replica.execute(
                select(OutboxMessage.id)
                .where(OutboxMessage.conversation_id == CONVERSATION)
                .order_by(OutboxMessage.id)
                .limit(1)
                .with_for_update()
            )
            assert head.scalar_one()
            claimed = await outbox.claim_due(clock.now(), 10, timedelta(minutes=2))
    finally:
        await first_db.dispose()
        await second_db.dispose()

    assert [(c.reference.conversation_id, c.payload["text"]) for c in claimed] == [
        ("19:other@thread.tacv2", str(n)) for n in range(3)
    ]


async def test_a_restart_neither_loses_nor_doubles(database_url: str, clock: VirtualClock) -> None:
    lease = timedelta(minutes=2)
    async with FakeConnector() as fake:
        before = Database(database_url, clock=clock)
        await migrate.upgrade(before)
        outbox = Outbox(before)
        target = await channel(before, fake.url, CONVERSATION)
        other = await channel(before, fake.url, "19:other@thread.tacv2")
        for n in range(10):
            for where in (target, other):
                key = f"{where.reference.conversation_id}:{n}"
                await outbox.enqueue(where, message(str(n), key), idempotency_key=key)
        # The old process claimed 5 rows and died before sending them.
        crashed = await outbox.claim_due(clock.now(), 5, lease)
        assert len(crashed) == 5
        await before.dispose()

        after = Database(database_url, clock=clock)
        try:
            async with no_auth_messenger() as messenger:
                sender = sender_for(Outbox(after), messenger, clock)
                # The claimed rows wait for their lease, and (order within a conversation)
                # so do the later rows of their conversations.
                first = await sender.tick()
                clock.advance(lease.total_seconds())
                second = await sender.tick()
                third = await sender.tick()
            counts = await Outbox(after).counts()
        finally:
            await after.dispose()

    assert first.claimed == 0
    assert (second.sent, third.claimed) == (20, 0)
    assert counts == {"sent": 20}
    assert len(fake.sent) == 20 and fake.duplicates() == {}
    for conversation in (CONVERSATION, "19:other@thread.tacv2"):
        texts = [s.body["text"] for s in fake.sent if s.conversation_id == conversation]
        assert texts == [str(n) for n in range(10)]


async def test_downgrade_drops_the_outbox(tmp_path) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'down.db'}", clock=VirtualClock())
    try:
        await migrate.upgrade(database)

        def downgrade(connection) -> list[str]:
            config = migrate.alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
            return inspect(connection).get_table_names()

        async with database.engine.begin() as connection:
            tables = await connection.run_sync(downgrade)
    finally:
        await database.dispose()
    assert "outbox" not in tables and "conversation_refs" in tables
