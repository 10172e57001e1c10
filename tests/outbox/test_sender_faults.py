"""The sender under faults Teams really produces: long throttling, deleted messages, outages."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from chat.outgoing import deletion_of, edit_of
from chat.tenants import AllowedTenants
from storage.database import Database
from storage.models import ConversationRef
from storage.outbox import Outbox
from tests.outbox.support import VirtualClock, channel, message, no_auth_messenger
from tests.outbox.test_sender import CONVERSATION, sender_for


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


async def test_throttling_alone_never_gives_a_message_up(
    database: Database, connector, clock: VirtualClock
) -> None:
    outbox = Outbox(database)
    target = await channel(database, connector.url, CONVERSATION)
    message_id = await outbox.enqueue(target, message("Hej"), idempotency_key="k")
    connector.fail_next(429, times=8, retry_after=1)
    async with no_auth_messenger() as messenger:
        sender = sender_for(outbox, messenger, clock, max_attempts=3)
        for _ in range(9):
            await sender.tick()
            clock.advance(2)

    row = await outbox.get(message_id)
    assert row is not None and (row.state, row.attempts, row.failures) == ("sent", 9, 0)
    assert [r.status for r in connector.requests] == [429] * 8 + [201]


async def test_failures_after_throttling_still_give_up_at_max_attempts(
    database: Database, connector, clock: VirtualClock
) -> None:
    outbox = Outbox(database)
    target = await channel(database, connector.url, CONVERSATION)
    message_id = await outbox.enqueue(target, message("Hej"), idempotency_key="k")
    connector.fail_next(429, times=2, retry_after=1)
    connector.fail_next(500, times=5)
    async with no_auth_messenger() as messenger:
        sender = sender_for(outbox, messenger, clock, max_attempts=3)
        for _ in range(6):
            await sender.tick()
            clock.advance(3600)

    row = await outbox.get(message_id)
    assert row is not None and (row.state, row.failures) == ("failed", 3)
    assert [r.status for r in connector.requests] == [429, 429, 500, 500, 500]


async def test_a_full_batch_never_sends_a_later_message_before_an_earlier_one(
    database: Database, connector, clock: VirtualClock
) -> None:
    """Rows waiting for a retry are older than new rows: a batch takes them first."""
    outbox = Outbox(database)
    target = await channel(database, connector.url, CONVERSATION)
    for n in (0, 1):
        await outbox.enqueue(target, message(str(n)), idempotency_key=str(n))
    connector.fail_next(429, retry_after=30)
    async with no_auth_messenger() as messenger:
        sender = sender_for(outbox, messenger, clock, batch_size=2)
        assert (await sender.tick()).retried == 1
        clock.advance(1)
        for n in (2, 3):
            await outbox.enqueue(target, message(str(n)), idempotency_key=str(n))
        clock.advance(40)
        for _ in range(3):
            await sender.tick()

    assert [s.body["text"] for s in connector.sent] == ["0", "1", "2", "3"]


async def test_a_404_on_an_edit_loses_only_that_edit(
    database: Database, connector, clock: VirtualClock
) -> None:
    """The proposal card was deleted in Teams: "Bokat!" cannot replace it, but tomorrow's
    reminder to the same channel is still sent."""
    outbox = Outbox(database)
    target = await channel(database, connector.url, CONVERSATION)
    proposal = await outbox.enqueue(target, message("Förslag"), idempotency_key="proposal")
    async with no_auth_messenger() as messenger:
        sender = sender_for(outbox, messenger, clock)
        assert (await sender.tick()).sent == 1
        edit = await outbox.enqueue(
            target, edit_of(proposal, message("Bokat!")), idempotency_key="booked"
        )
        reminder = await outbox.enqueue(
            target,
            message("Psst! Imorgon"),
            idempotency_key="reminder",
            due_at=clock.now() + timedelta(hours=1),
        )
        connector.fail_next(404, method="PUT")
        report = await sender.tick()
        clock.advance(3600)
        later = await sender.tick()

    assert (report.failed, report.dead, later.sent) == (1, 0, 1)
    edited, reminded = await outbox.get(edit), await outbox.get(reminder)
    assert edited is not None and edited.state == "failed"
    assert reminded is not None and reminded.state == "sent"
    async with database.sessions() as session:
        active = await session.scalar(
            select(ConversationRef.active).where(ConversationRef.conversation_id == CONVERSATION)
        )
    assert active is True


async def test_a_reminder_past_its_moment_is_dropped_not_sent(
    database: Database, connector, clock: VirtualClock, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = Outbox(database)
    target = await channel(database, connector.url, CONVERSATION)
    meeting_starts = clock.now() + timedelta(hours=2)
    reminder = await outbox.enqueue(
        target, message("Psst! Imorgon kl. 08:00"), idempotency_key="r", expires_at=meeting_starts
    )
    connector.fail_next(503, times=100)  # an outage
    async with no_auth_messenger() as messenger:
        sender = sender_for(outbox, messenger, clock, max_attempts=100)
        while clock.now() < meeting_starts:
            await sender.tick()
            clock.advance(600)
        connector.clear()
        report = await sender.tick()

    assert report.expired == 1
    assert connector.sent == []
    row = await outbox.get(reminder)
    assert row is not None and row.state == "expired"
    assert any("expired" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


async def test_a_tenant_taken_off_the_list_gets_nothing_more(
    database: Database, connector, clock: VirtualClock, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = Outbox(database)
    target = await channel(database, connector.url, CONVERSATION)
    queued = await outbox.enqueue(target, message("Psst! Imorgon"), idempotency_key="r")
    served = AllowedTenants.of(frozenset({"11111111-2222-3333-4444-555555555555"}))
    async with no_auth_messenger() as messenger:
        sender = sender_for(outbox, messenger, clock, tenants=served)
        report = await sender.tick()

    assert (report.withheld, report.sent) == (1, 0)
    assert connector.requests == []
    row = await outbox.get(queued)
    assert row is not None and row.state == "withheld"
    assert any("ALLOWED_TENANTS" in r.getMessage() for r in caplog.records)


def test_the_allow_list_ignores_case_and_an_empty_one_allows_all() -> None:
    listed = AllowedTenants.of(frozenset({" AAAA-1 "}))
    assert listed.allows("aaaa-1") and listed.allows("AAAA-1")
    assert not listed.allows("bbbb-2") and not listed.allows(None)
    assert AllowedTenants().allows("bbbb-2")


async def test_a_deletion_waits_out_throttling_and_a_post_gone_already_is_done(
    database: Database, connector, clock: VirtualClock
) -> None:
    """An erased leader's posts are taken down through the outbox: a 429 is retried, a 404
    means Teams has no such post any more (what was asked), and the channel lives on."""
    outbox = Outbox(database)
    target = await channel(database, connector.url, CONVERSATION)
    async with no_auth_messenger() as messenger:
        sender = sender_for(outbox, messenger, clock)
        await outbox.enqueue(target, message("Jonas: min reflektion"), idempotency_key="post")
        await sender.tick()
        [posted] = connector.sent
        throttled = await outbox.enqueue(
            target, deletion_of(posted.activity_id), idempotency_key="erase-1"
        )
        gone = await outbox.enqueue(target, deletion_of("no-such-post"), idempotency_key="erase-2")
        connector.fail_next(429, retry_after=2, method="DELETE")
        first = await sender.tick()
        clock.advance(3)
        second = await sender.tick()

    assert (first.retried, first.deferred) == (1, 1)
    assert second.sent == 2
    assert connector.deleted_activity_ids == [posted.activity_id]
    for row_id in (throttled, gone):
        row = await outbox.get(row_id)
        assert row is not None and row.state == "sent"
    async with database.sessions() as session:
        active = await session.scalar(
            select(ConversationRef.active).where(ConversationRef.conversation_id == CONVERSATION)
        )
    assert active is True
