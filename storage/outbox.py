"""The outbox: everything the bot says later is a row first, sent by scheduling.sender.

A row moves pending -> sending (claimed, with a lease) -> sent | pending again (retry) | failed
(gave up) | dead (the conversation is gone: 403/404) | expired (too late to mean anything, such
as a reminder after the meeting) | withheld (its tenant is no longer served). A sender that dies
holding rows loses nothing: when the lease runs out (`next_attempt_at` of a `sending` row) the
row is due again.

`attempts` counts claims and doubles as a fencing token: every outcome is written only
`WHERE attempts = <the claim's attempt>`, so a sender whose lease expired and whose row was
claimed again cannot overwrite the newer claim's outcome. `failures` counts the attempts that
failed; a 429 is Teams asking to wait, not a failure, so throttling alone never gives a row up.

Order within a conversation: a row is claimed only together with, or after, every earlier open
row (by due_at, id) of its conversation: not while one waits for a retry, is being sent, or is
being claimed by another replica, and a batch that is full never takes a later row without the
earlier ones.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ForeignKey,
    Index,
    Row,
    Select,
    String,
    Text,
    Update,
    and_,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Mapped, aliased, mapped_column
from sqlalchemy.sql.dml import ReturningUpdate

from chat.address import ConversationAddress
from storage.base import Base, UtcDateTime, clock_now
from storage.conversations import StoredConversation
from storage.database import Database
from storage.models import ConversationRef
from storage.upsert import insert_for

log = logging.getLogger(__name__)

PENDING, SENDING, SENT, FAILED, DEAD = "pending", "sending", "sent", "failed", "dead"
CANCELLED = "cancelled"  # no longer to be said (a reminder of a meeting that moved)
EXPIRED = "expired"  # its moment passed before it could be sent
WITHHELD = "withheld"  # its tenant was taken off ALLOWED_TENANTS before it was sent
_OPEN = (PENDING, SENDING)
_ClaimedColumns = tuple[int, int, str, str, str, datetime, int, int, datetime | None]
_ClaimedRow = Row[*_ClaimedColumns]
# Reads of due rows per claim: another replica may take what one read saw (see claim_due).
_CLAIM_PASSES = 3
_ERROR_CHARS = 2000
_IN_CHUNK = 5000  # keys per IN (...) list (drivers take up to 32,766 parameters)


class OutboxMessage(Base):
    """One activity to send to one conversation at (or after) `due_at`."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    conversation_id: Mapped[str] = mapped_column(String(400))
    reference: Mapped[str] = mapped_column(Text)  # ConversationReference JSON, tenant included
    payload: Mapped[str] = mapped_column(Text)  # Activity JSON
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    state: Mapped[str] = mapped_column(String(20), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # pending: when to try (next); sending: when the lease runs out.
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_activity_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now, onupdate=clock_now)


Index("ix_outbox_state_next_attempt_at", OutboxMessage.state, OutboxMessage.next_attempt_at)
Index("ix_outbox_conversation_due", OutboxMessage.conversation_id, OutboxMessage.due_at)


@dataclass(frozen=True, slots=True)
class ClaimedMessage:
    """A row this sender holds until `lease_until`; `attempt` is this claim's number (1, 2...)."""

    id: int
    organisation_id: int
    conversation_id: str
    tenant_id: str
    reference: ConversationAddress
    payload: dict[str, Any]
    due_at: datetime
    attempt: int
    lease_until: datetime
    failures: int = 0  # failed attempts before this claim
    expires_at: datetime | None = None


class Outbox:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def enqueue(
        self,
        target: StoredConversation,
        payload: dict[str, Any],
        *,
        idempotency_key: str,
        due_at: datetime | None = None,
        expires_at: datetime | None = None,
    ) -> int:
        """Store a message; the same `idempotency_key` again is a no-op. Returns the row id.

        A message that means nothing after a moment (a reminder, after the meeting) gives
        `expires_at`: it is never sent later than that.

        `target` is what Conversations.personal/of_group return, or a StoredConversation built
        from a conversation address.
        """
        due = due_at or self._db.now()
        now = self._db.now()
        async with self._db.writing() as connection:
            insert = insert_for(connection)
            created = await connection.execute(
                insert(OutboxMessage)
                .values(
                    organisation_id=target.organisation_id,
                    conversation_id=target.reference.conversation_id,
                    reference=target.reference.to_json(),
                    payload=json.dumps(payload),
                    due_at=due,
                    idempotency_key=idempotency_key,
                    state=PENDING,
                    attempts=0,
                    failures=0,
                    expires_at=expires_at,
                    next_attempt_at=due,
                    created_at=now,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=[OutboxMessage.idempotency_key])
                .returning(OutboxMessage.id)
            )
            inserted: int | None = created.scalar()
            if inserted is not None:
                return inserted
            result = await connection.execute(  # enqueued before: the same row
                select(OutboxMessage.id).where(OutboxMessage.idempotency_key == idempotency_key)
            )
            return result.scalar_one()

    async def cancel(
        self, key_prefix: str, *, keep: str | None = None, organisation_id: int | None = None
    ) -> int:
        """Cancel the pending rows whose idempotency key starts with `key_prefix`, but `keep`
        (and only those to `organisation_id`, if given).

        For messages that no longer hold, such as the reminder of a meeting that was moved.
        Rows already being sent, or sent, are left alone. Returns how many were cancelled.
        """
        conditions = [
            OutboxMessage.idempotency_key.startswith(key_prefix, autoescape=True),
            OutboxMessage.state == PENDING,
        ]
        if keep is not None:
            conditions.append(OutboxMessage.idempotency_key != keep)
        if organisation_id is not None:
            conditions.append(OutboxMessage.organisation_id == organisation_id)
        async with self._db.writing() as connection:
            result = await connection.execute(
                update(OutboxMessage)
                .where(*conditions)
                .values(state=CANCELLED, updated_at=self._db.now())
            )
        return result.rowcount

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[ClaimedMessage]:
        """Move up to `limit` due rows to `sending` until `now + lease`, oldest first.

        Due: pending rows whose time has come, and sending rows whose lease ran out (a sender
        died). PostgreSQL locks the candidates with SKIP LOCKED, so replicas claim disjoint rows;
        SQLite has one writer at a time, so the statements alone are atomic.
        """
        lease_until = now + lease
        rows: list[_ClaimedRow] = []
        async with self._db.writing() as connection:
            for _ in range(_CLAIM_PASSES):
                locked = (await connection.execute(_due_candidates(now, limit - len(rows)))).all()
                ids = await _conversation_heads(connection, locked)
                if not ids:
                    break
                won = (await connection.execute(_claim(ids, now, lease_until))).all()
                rows += won
                # Another replica claimed some of what we read (SQLite reads before its write
                # transaction begins): read again, now inside it, rather than leave empty-handed.
                if len(won) == len(ids) or len(rows) >= limit:
                    break
        claimed = [_claimed(row, lease_until) for row in rows]
        claimed.sort(key=lambda message: (message.due_at, message.id))
        return claimed

    async def mark_sent(self, message: ClaimedMessage, activity_id: str | None) -> bool:
        """The connector accepted it. False if the claim was lost (lease expired, re-claimed)."""
        return await self._finish(
            message, state=SENT, sent_activity_id=activity_id, last_error=None
        )

    async def retry_later(
        self, message: ClaimedMessage, at: datetime, error: str, *, failed: bool = True
    ) -> bool:
        """Back to pending until `at`; `failed=False` when the service only asked us to wait."""
        return await self._finish(
            message,
            state=PENDING,
            next_attempt_at=at,
            last_error=error[:_ERROR_CHARS],
            failures=message.failures + (1 if failed else 0),
        )

    async def expire(self, message: ClaimedMessage) -> bool:
        """Too late to send: dropped, with a line in the log."""
        done = await self._finish(message, state=EXPIRED, last_error="expired before sending")
        if done:
            log.warning(
                "outbox message %s to conversation %s expired at %s unsent; dropped",
                message.id,
                message.conversation_id,
                message.expires_at.isoformat() if message.expires_at else "?",
            )
        return done

    async def release(self, message: ClaimedMessage, at: datetime) -> bool:
        """Back to pending without counting an attempt (an earlier message of its conversation
        has to go first)."""
        return await self._finish(
            message, state=PENDING, next_attempt_at=at, attempts=message.attempt - 1
        )

    async def withhold(self, message: ClaimedMessage) -> bool:
        """Never sent: the tenant is no longer served."""
        done = await self._finish(message, state=WITHHELD, last_error="tenant not allowed")
        if done:
            log.warning(
                "outbox message %s withheld: tenant %s is not on ALLOWED_TENANTS",
                message.id,
                message.tenant_id,
            )
        return done

    async def give_up(self, message: ClaimedMessage, error: str) -> bool:
        failures = message.failures + 1
        done = await self._finish(
            message, state=FAILED, last_error=error[:_ERROR_CHARS], failures=failures
        )
        if done:
            log.error(
                "outbox message %s to conversation %s failed after %d attempts: %s",
                message.id,
                message.conversation_id,
                failures,
                error,
            )
        return done

    async def mark_dead(self, message: ClaimedMessage, error: str) -> bool:
        """The conversation is gone (403/404): this row, the conversation's other open rows and
        its ConversationRef stop; nothing is retried."""
        now = self._db.now()
        async with self._db.writing() as connection:
            result = await connection.execute(
                _fenced(message).values(state=DEAD, last_error=error[:_ERROR_CHARS], updated_at=now)
            )
            if result.rowcount != 1:
                return False
            await connection.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.organisation_id == message.organisation_id,
                    OutboxMessage.conversation_id == message.conversation_id,
                    OutboxMessage.state == PENDING,
                )
                .values(state=DEAD, last_error=f"conversation gone: {error}"[:_ERROR_CHARS])
            )
            await connection.execute(
                update(ConversationRef)
                .where(
                    ConversationRef.organisation_id == message.organisation_id,
                    ConversationRef.conversation_id == message.conversation_id,
                )
                .values(active=False, updated_at=now)
            )
        log.warning(
            "outbox message %s: conversation %s is gone (%s); marked dead",
            message.id,
            message.conversation_id,
            error,
        )
        return True

    async def get(self, message_id: int) -> OutboxMessage | None:
        async with self._db.sessions() as session:
            return await session.get(OutboxMessage, message_id)

    async def id_of(self, idempotency_key: str) -> int | None:
        """The row enqueued under this key, to send an edit of what it sent."""
        async with self._db.sessions() as session:
            return await session.scalar(
                select(OutboxMessage.id).where(OutboxMessage.idempotency_key == idempotency_key)
            )

    async def enqueued(self, keys: Iterable[str]) -> set[str]:
        """Which of these idempotency keys are in the outbox already (in any state): a job
        that would enqueue many asks once instead of trying each (a statement per 5,000 keys)."""
        wanted = sorted(set(keys))
        found: set[str] = set()
        async with self._db.reading() as connection:
            for first in range(0, len(wanted), _IN_CHUNK):
                rows = await connection.scalars(
                    select(OutboxMessage.idempotency_key).where(
                        OutboxMessage.idempotency_key.in_(wanted[first : first + _IN_CHUNK])
                    )
                )
                found.update(rows)
        return found

    async def latest_id(self, key_prefix: str) -> int | None:
        """The newest row whose idempotency key starts with `key_prefix`."""
        async with self._db.sessions() as session:
            found: int | None = await session.scalar(
                select(OutboxMessage.id)
                .where(OutboxMessage.idempotency_key.startswith(key_prefix, autoescape=True))
                .order_by(OutboxMessage.id.desc())
                .limit(1)
            )
        return found

    async def counts(self) -> dict[str, int]:
        """Rows per state (for health checks, benchmarks and tests)."""
        async with self._db.reading() as connection:
            rows = await connection.execute(
                select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
            )
            return {state: count for state, count in rows}

    async def _finish(self, message: ClaimedMessage, **values: Any) -> bool:
        # One statement per outcome, committing by itself: one round trip per message sent.
        async with self._db.single_writes() as connection:
            result = await connection.execute(
                _fenced(message).values(updated_at=self._db.now(), **values)
            )
        if result.rowcount != 1:
            log.warning(
                "outbox message %s: claim %d was lost (lease expired?); outcome %s not written",
                message.id,
                message.attempt,
                values.get("state"),
            )
            return False
        return True


def _claim(
    ids: list[int], now: datetime, lease_until: datetime
) -> ReturningUpdate[*_ClaimedColumns]:
    """Move the rows to `sending` until `lease_until`, if they are still due: a claimer whose
    reads ran before another's claim committed must not take them over."""
    return (
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(ids),
            OutboxMessage.state.in_(_OPEN),
            OutboxMessage.next_attempt_at <= now,
        )
        .values(
            state=SENDING,
            attempts=OutboxMessage.attempts + 1,
            next_attempt_at=lease_until,
            updated_at=now,
        )
        .returning(
            OutboxMessage.id,
            OutboxMessage.organisation_id,
            OutboxMessage.conversation_id,
            OutboxMessage.reference,
            OutboxMessage.payload,
            OutboxMessage.due_at,
            OutboxMessage.attempts,
            OutboxMessage.failures,
            OutboxMessage.expires_at,
        )
    )


def _due_candidates(now: datetime, limit: int) -> Select[int, str]:
    """Due rows, oldest first, locked; rows another replica holds are skipped."""
    earlier = aliased(OutboxMessage)
    blocked = exists().where(
        earlier.conversation_id == OutboxMessage.conversation_id,
        earlier.state.in_(_OPEN),
        earlier.next_attempt_at > now,
        _before(earlier),
    )
    return (
        select(OutboxMessage.id, OutboxMessage.conversation_id)
        .where(OutboxMessage.state.in_(_OPEN), OutboxMessage.next_attempt_at <= now, ~blocked)
        # Conversation order: with a full batch, later rows are the ones left for next time.
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


def _before(earlier: Any) -> ColumnElement[bool]:
    return or_(
        earlier.due_at < OutboxMessage.due_at,
        and_(earlier.due_at == OutboxMessage.due_at, earlier.id < OutboxMessage.id),
    )


async def _conversation_heads(
    connection: AsyncConnection, locked: Sequence[Row[int, str]]
) -> list[int]:
    """The locked rows that start their conversation's open rows, without a gap.

    SKIP LOCKED hides rows another replica is claiming right now but has not committed: its
    first row of a conversation is skipped while the second looks free. A locked row is kept
    only if every earlier open row of its conversation is locked by us too; the rest wait.
    """
    if not locked:
        return []
    mine = {row.id for row in locked}
    conversations = {row.conversation_id for row in locked}
    open_rows = await connection.execute(
        select(OutboxMessage.id, OutboxMessage.conversation_id)
        .where(OutboxMessage.conversation_id.in_(conversations), OutboxMessage.state.in_(_OPEN))
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
    )
    kept: list[int] = []
    stopped: set[str] = set()
    for row in open_rows:
        if row.conversation_id in stopped:
            continue
        if row.id in mine:
            kept.append(row.id)
        else:
            stopped.add(row.conversation_id)
    return kept


def _fenced(message: ClaimedMessage) -> Update:
    return update(OutboxMessage).where(
        OutboxMessage.id == message.id,
        OutboxMessage.state == SENDING,
        OutboxMessage.attempts == message.attempt,
    )


def _claimed(row: _ClaimedRow, lease_until: datetime) -> ClaimedMessage:
    address = ConversationAddress.from_json(row.reference)
    return ClaimedMessage(
        id=row.id,
        organisation_id=row.organisation_id,
        conversation_id=row.conversation_id,
        tenant_id=address.tenant_id,
        reference=address,
        payload=json.loads(row.payload),
        due_at=row.due_at,
        attempt=row.attempts,
        lease_until=lease_until,
        failures=row.failures,
        expires_at=row.expires_at,
    )
