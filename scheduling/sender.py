"""Sends due outbox rows through a chat.delivery.Messenger, within Teams' rate limits.

Each `tick()` claims due rows (storage.outbox), sends them concurrently across conversations
(at most `concurrency` at once) and in order within one, waiting on the RateLimiter before every
send, and records each outcome as soon as it is known:

- accepted by the connector -> `sent` (only then);
- past its `expires_at` before it could be sent -> `expired`, with a WARNING log line;
- for a tenant no longer on ALLOWED_TENANTS -> `withheld`, never sent;
- 429 -> retried at `Retry-After` (or after backoff when the header is missing); throttling is
  not a failure, so it never uses up the attempts;
- 5xx, 412, 401, connection errors, anything unexpected -> retried with exponential backoff
  and jitter; after `max_attempts` failures -> `failed`, with an ERROR log line;
- 400, 413 (the message itself is wrong) -> `failed` at once;
- 403, 404 on a send (the bot was removed, the conversation is gone) -> `dead`, never retried,
  and the conversation's ConversationRef is marked inactive;
- 403, 404 on an edit (the message to edit was deleted) -> that edit `failed`; the
  conversation lives on;
- a deletion (of the bot's own post) answered 404: the post is gone already -> `sent`.

When an earlier message of a conversation is retried, the later ones claimed with it go back to
pending for the same time, so a conversation's messages arrive in order.

Delivery is at least once, and at most one extra: Teams' send API has no idempotency key, so a
crash (or a lost lease) between the connector accepting a message and `mark_sent` committing
sends that message again when its lease has run out. Nothing is lost: a row leaves `sending`
only through a recorded outcome or an expired lease.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from chat.delivery import DeliveryFailed, Messenger
from chat.outgoing import DELETE_OF, UPDATE_OF
from chat.tenants import AllowedTenants
from clock import Clock
from scheduling.rate_limits import RateLimiter
from storage.outbox import ClaimedMessage, Outbox

log = logging.getLogger(__name__)

_GONE = frozenset({403, 404})
_WRONG_MESSAGE = frozenset({400, 413})


@dataclass(frozen=True, slots=True)
class TickReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    dead: int = 0
    deferred: int = 0  # put back behind an earlier message of the same conversation
    expired: int = 0  # too late to mean anything: dropped unsent
    withheld: int = 0  # its tenant is no longer served
    lost_claims: int = 0  # outcomes not written: the lease ran out and someone re-claimed

    @property
    def claimed(self) -> int:
        done = self.sent + self.retried + self.failed + self.dead
        return done + self.deferred + self.expired + self.withheld


@dataclass(slots=True)
class _Attempt:
    activity_id: str | None = None
    error: BaseException | None = None
    edit: bool = False
    deletion: bool = False


@dataclass(frozen=True, slots=True)
class _Verdict:
    outcome: str  # sent | retried | failed | dead
    retry_at: datetime | None = None
    error: str = ""
    failure: bool = True  # False: the service asked us to wait (429), nothing went wrong


class OutboxSender:
    def __init__(
        self,
        outbox: Outbox,
        messenger: Messenger,
        *,
        limiter: RateLimiter | None = None,
        batch_size: int = 200,
        lease: timedelta = timedelta(minutes=2),
        concurrency: int = 20,
        max_attempts: int = 6,
        backoff_base: float = 2.0,
        backoff_cap: float = 600.0,
        clock: Clock,
        rng: random.Random | None = None,
        tenants: AllowedTenants | None = None,
    ) -> None:
        self._outbox = outbox
        self._tenants = tenants or AllowedTenants()
        self._messenger = messenger
        self._limiter = limiter or RateLimiter()
        self._batch_size = batch_size
        self._lease = lease
        self._concurrency = concurrency
        self._max_attempts = max_attempts
        self._backoff_base = backoff_base
        self._backoff_cap = backoff_cap
        self._clock = clock
        self._rng = rng or random.Random()
        self._ticking = asyncio.Lock()
        self._stopping = False

    def stop_sending(self) -> None:
        """Shutting down: sends already started finish and are recorded; claimed rows not yet
        sent go back to pending at once, so the next process sends them without waiting for
        their lease, and nothing that was sent is sent again."""
        self._stopping = True

    async def tick(self) -> TickReport:
        """Claim what is due and send it; returns what happened."""
        async with self._ticking:
            if self._stopping:
                return TickReport()
            started = time.perf_counter()
            claimed = await self._outbox.claim_due(self._clock(), self._batch_size, self._lease)
            if not claimed:
                return TickReport()
            by_conversation: dict[str, list[ClaimedMessage]] = {}
            for message in claimed:
                by_conversation.setdefault(message.conversation_id, []).append(message)
            gate = asyncio.Semaphore(self._concurrency)
            counts: dict[str, int] = {f.name: 0 for f in fields(TickReport)}
            async with asyncio.TaskGroup() as group:
                for messages in by_conversation.values():
                    group.create_task(self._send_conversation(messages, gate, counts))
            self._limiter.forget_idle()
            report = TickReport(**counts)
            log.info(
                "outbox: sent %d, retried %d, failed %d, dead %d, deferred %d, expired %d,"
                " withheld %d of %d in %.2f s",
                report.sent,
                report.retried,
                report.failed,
                report.dead,
                report.deferred,
                report.expired,
                report.withheld,
                len(claimed),
                time.perf_counter() - started,
            )
            return report

    async def _send_conversation(
        self, messages: list[ClaimedMessage], gate: asyncio.Semaphore, counts: dict[str, int]
    ) -> None:
        """One conversation's messages, in order; after a retry or a death the rest follow it."""
        held_until: datetime | None = None
        gone: str | None = None
        for message in messages:
            if self._stopping:
                await self._record(counts, "deferred", self._outbox.release(message, self._clock()))
                continue
            if gone is not None:
                await self._record(counts, "dead", self._outbox.mark_dead(message, gone))
                continue
            if held_until is not None:
                await self._record(counts, "deferred", self._outbox.release(message, held_until))
                continue
            if not self._tenants.allows(message.tenant_id):
                await self._record(counts, "withheld", self._outbox.withhold(message))
                continue
            if self._expired(message):
                await self._record(counts, "expired", self._outbox.expire(message))
                continue
            async with gate:
                await self._limiter.acquire(message.tenant_id, message.conversation_id)
                attempt = None if self._stopping else await self._send(message)
            if attempt is None:  # the process is stopping: the next one sends it
                await self._record(counts, "deferred", self._outbox.release(message, self._clock()))
                continue
            verdict = self._judge(message, attempt)
            if verdict.outcome == "sent":
                await self._record(
                    counts, "sent", self._outbox.mark_sent(message, attempt.activity_id)
                )
            elif verdict.outcome == "retried":
                assert verdict.retry_at is not None
                held_until = verdict.retry_at
                retry = self._outbox.retry_later(
                    message, verdict.retry_at, verdict.error, failed=verdict.failure
                )
                await self._record(counts, "retried", retry)
            elif verdict.outcome == "dead":
                gone = verdict.error
                await self._record(counts, "dead", self._outbox.mark_dead(message, verdict.error))
            else:
                await self._record(counts, "failed", self._outbox.give_up(message, verdict.error))

    def _expired(self, message: ClaimedMessage) -> bool:
        return message.expires_at is not None and message.expires_at <= self._clock()

    async def _send(self, message: ClaimedMessage) -> _Attempt:
        attempt = _Attempt()
        payload = dict(message.payload)
        doomed = payload.get(DELETE_OF)
        if isinstance(doomed, str):
            attempt.deletion = True
            try:
                await self._messenger.delete(message.reference, doomed)
            except Exception as error:  # judged by the caller, as a send's
                attempt.error = error
            return attempt
        # A payload with this key is an edit: it replaces the activity that outbox row sent (or,
        # if that row never got through, is sent as a new message so the edit is not lost).
        update_of = payload.pop(UPDATE_OF, None)
        original_id: str | None = None
        if update_of is not None:
            original = await self._outbox.get(int(update_of))
            original_id = original.sent_activity_id if original is not None else None
        try:
            if original_id is not None:
                attempt.edit = True
                await self._messenger.update(message.reference, original_id, payload)
                attempt.activity_id = original_id
            else:
                attempt.activity_id = await self._messenger.send(message.reference, payload)
        except Exception as error:  # judged by the caller: retry, give up or dead
            attempt.error = error
        return attempt

    def _judge(self, message: ClaimedMessage, attempt: _Attempt) -> _Verdict:
        error = attempt.error
        if error is None:
            return _Verdict("sent")
        throttled = False
        retry_after: float | None = None
        if isinstance(error, DeliveryFailed):
            text = str(error)
            if attempt.deletion and error.status == 404:
                return _Verdict("sent")  # deleted already: what the row asked for is done
            if error.status in _GONE:
                # An edit of a message deleted in Teams: only that edit is lost, not the chat.
                changes_one = attempt.edit or attempt.deletion
                return _Verdict("failed" if changes_one else "dead", error=text)
            if error.status in _WRONG_MESSAGE:
                return _Verdict("failed", error=text)
            throttled = error.status == 429
            retry_after = error.retry_after if throttled else None
        else:
            text = f"{type(error).__name__}: {error}"
            if not isinstance(error, OSError | TimeoutError):
                log.warning("outbox message %s: unexpected error", message.id, exc_info=error)
        if not throttled and message.failures + 1 >= self._max_attempts:
            return _Verdict("failed", error=text)
        if retry_after is not None:
            # Never earlier than Teams asked; a little later spreads the retries out.
            delay = retry_after * (1 + 0.1 * self._rng.random())
        else:
            tries = message.failures + 1 if not throttled else message.attempt
            ceiling = min(self._backoff_cap, self._backoff_base * 2 ** (tries - 1))
            delay = ceiling * (0.5 + 0.5 * self._rng.random())
        at = self._clock() + timedelta(seconds=delay)
        return _Verdict("retried", at, text, failure=not throttled)

    @staticmethod
    async def _record(counts: dict[str, int], outcome: str, written: Any) -> None:
        if await written:
            counts[outcome] += 1
        else:
            counts["lost_claims"] += 1
