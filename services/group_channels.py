"""The job that creates each confirmed group's Teams channel, outside any turn.

A confirmed plan marks its groups' channels `pending` (services.group_planning) when
`GROUP_CHANNELS_TEAM_ID` names the parent team. Every tick claims pending channels with a lease
and an attempt number, asks Graph to create each, and records the outcome fenced by the
attempt, together with a message to the coordinator who confirmed (through the outbox, in the
same unit of work). A process that dies mid-call leaves the row pending: its lease runs out and
the next tick tries again; a channel created meanwhile then answers "exists", which is an
outcome too. A failure that is not a refusal is tried again up to `MAX_ATTEMPTS` times.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Protocol

from chat.outgoing import text_message
from content.models import Content
from scheduling.graph_channels import ChannelOutcome, ChannelResult
from storage.conversations import Conversations
from storage.database import Database
from storage.group_plans import CREATED, EXISTS, FAILED, FORBIDDEN, ChannelClaim, GroupPlans
from storage.languages import PersonLanguages
from storage.outbox import Outbox

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 5
TICK_SECONDS = 30.0

_STATES = {
    ChannelOutcome.CREATED: CREATED,
    ChannelOutcome.EXISTS: EXISTS,
    ChannelOutcome.FORBIDDEN: FORBIDDEN,
    ChannelOutcome.FAILED: FAILED,
}


class ChannelCreator(Protocol):
    async def create(self, team_id: str, name: str, description: str) -> ChannelResult: ...


class GroupChannels:
    def __init__(
        self,
        content: Content,
        plans: GroupPlans,
        creator: ChannelCreator,
        conversations: Conversations,
        outbox: Outbox,
        *,
        database: Database,
        team_id: str,
    ) -> None:
        self._content = content
        self._plans = plans
        self._creator = creator
        self._conversations = conversations
        self._outbox = outbox
        self._db = database
        self._languages = PersonLanguages(database)
        self._team_id = team_id

    async def tick(self) -> int:
        """Create the channels that are due; how many got an outcome."""
        done = 0
        for claim in await self._plans.claim_channels(LEASE):
            texts = self._content.for_language().coordination.groups
            result = await self._creator.create(
                self._team_id, claim.name, texts.channel_description
            )
            if result.outcome is ChannelOutcome.FAILED and claim.attempt < MAX_ATTEMPTS:
                log.warning(
                    "channel %r: attempt %d failed (%s); tried again after the lease",
                    claim.name,
                    claim.attempt,
                    result.problem,
                )
                continue
            if await self._record(claim, result):
                done += 1
        return done

    async def _record(self, claim: ChannelClaim, result: ChannelResult) -> bool:
        async with self._db.unit_of_work():
            if not await self._plans.channel_done(
                claim, _STATES[result.outcome], channel_id=result.channel_id, url=result.web_url
            ):
                return False  # another attempt took it over
            chat = (
                await self._conversations.personal(claim.planned_by)
                if claim.planned_by is not None
                else None
            )
            if claim.planned_by is not None and chat is not None:
                # The coordinator's language: the job creating the channel speaks none.
                language = await self._languages.one(claim.planned_by)
                texts = self._content.for_language(language).coordination.groups
                match result.outcome:
                    case ChannelOutcome.CREATED:
                        message = texts.channel_created.format(name=claim.name)
                    case ChannelOutcome.EXISTS:
                        message = texts.channel_exists.format(name=claim.name)
                    case ChannelOutcome.FORBIDDEN:
                        message = texts.channel_forbidden.format(name=claim.name)
                    case ChannelOutcome.FAILED:
                        message = texts.channel_failed.format(name=claim.name)
                await self._outbox.enqueue(
                    chat, text_message(message), idempotency_key=f"group-channel-{claim.id}"
                )
        log.info("channel %r of planned group %s: %s", claim.name, claim.id, result.outcome)
        return True
