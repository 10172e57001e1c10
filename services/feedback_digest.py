"""The weekly digest of improvement suggestions: every Monday at 08:00 in the organisation's
zone, each coordinator of a municipality with new suggestions gets one card through the outbox.

A tick (every few minutes, on every replica) looks at the latest Monday 08:00 that has passed in
each municipality's zone. The week's digest is claimed by a row keyed by organisation and ISO
week; the claim, the suggestions it covers (written since the previous digest's Monday and
before this one) and the coordinators' outbox rows commit in one unit of work. So a restart
sends a missed digest late, once; two replicas send it once; a week without new suggestions is
claimed too and sends nothing (a suggestion written on Tuesday waits for next Monday).
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from cards.feedback import digest_card
from chat.outgoing import card_message
from clock import Clock
from content.language import speaking
from content.models import Content
from storage.conversations import Conversations
from storage.database import Database
from storage.feedback import Feedback
from storage.languages import PersonLanguages
from storage.outbox import Outbox
from storage.roles import RoleName, Roles

log = logging.getLogger(__name__)

DIGEST_AT = time(8, 0)  # Monday morning, in the organisation's zone
# How far back the job looks for suggestions: a week between digests, and four more for a bot
# that was down (only a suggestion older than that, with none newer, would go undigested).
DIGEST_LOOKBACK = timedelta(days=35)
TICK_SECONDS = 300


def latest_digest_time(now: datetime, zone: ZoneInfo) -> tuple[str, datetime]:
    """(ISO week, the instant) of the latest Monday 08:00 in `zone` at or before `now`."""
    local = now.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    at = datetime.combine(monday, DIGEST_AT, zone)
    if at > now:
        monday -= timedelta(days=7)
        at = datetime.combine(monday, DIGEST_AT, zone)
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}", at


class FeedbackDigests:
    def __init__(
        self,
        content: Content,
        feedback: Feedback,
        roles: Roles,
        conversations: Conversations,
        outbox: Outbox,
        *,
        database: Database,
        clock: Clock,
    ) -> None:
        self._content = content
        self._feedback = feedback
        self._roles = roles
        self._conversations = conversations
        self._outbox = outbox
        self._db = database
        self._clock = clock
        self._languages = PersonLanguages(database)

    async def tick(self) -> int:
        """Send the digests that are due; how many coordinators got one."""
        sent = 0
        now = self._clock()
        due: list[tuple[int, Content, str, datetime]] = []
        # Only those who wrote lately can have something undigested: a digest covers all since
        # the one before, so the window need only reach back past a missed week or two.
        written = await self._feedback.organisations_with_suggestions(now - DIGEST_LOOKBACK)
        for organisation_id, tenant_id in written:
            content = self._content.for_tenant(tenant_id)
            week, until = latest_digest_time(now, ZoneInfo(content.organisation.time_zone))
            due.append((organisation_id, content, week, until))
        # The common case: every digest of the week is there; one read for all municipalities.
        digested = await self._feedback.digested((o, week) for o, _, week, _ in due)
        for organisation_id, content, week, until in due:
            if (organisation_id, week) not in digested:
                sent += await self._digest(content, organisation_id, week, until)
        return sent

    async def _digest(
        self, content: Content, organisation_id: int, week: str, until: datetime
    ) -> int:
        async with self._db.unit_of_work():
            if not await self._feedback.claim_digest(organisation_id, week, until):
                return 0  # another replica (or tick) has it
            since = await self._feedback.previous_until(organisation_id, week)
            suggestions = await self._feedback.between(organisation_id, since, until)
            if not suggestions:
                await self._feedback.record_digest(organisation_id, week, 0)
                return 0
            coordinators = [
                holder.person_id
                for holder in await self._roles.holders(organisation_id)
                if holder.role is RoleName.COORDINATOR and holder.person_id is not None
            ]
            languages = await self._languages.of(coordinators)
            sent = 0
            for person_id in coordinators:
                chat = await self._conversations.personal(person_id)
                if chat is None:
                    continue
                with speaking(languages[person_id]):  # each coordinator's own language
                    card = digest_card(content.for_language(languages[person_id]), suggestions)
                await self._outbox.enqueue(
                    chat,
                    card_message(card),
                    idempotency_key=f"feedback-digest-{organisation_id}-{week}-{person_id}",
                )
                sent += 1
            # Delivered to no one (no coordinator has a chat with the bot yet): recorded as
            # carrying nothing, so the next digest that reaches someone starts before these.
            await self._feedback.record_digest(
                organisation_id, week, len(suggestions) if sent else 0
            )
        log.info(
            "feedback digest %s of organisation %s: %d suggestions to %d coordinators",
            week,
            organisation_id,
            len(suggestions),
            sent,
        )
        return sent
