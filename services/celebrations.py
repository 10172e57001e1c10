"""Celebrate a cohort ("fira"): the coordinator previews a warm card with the cohort's
achievements and a greeting of their own, and sends it to every member who has a chat with the
bot; and sees who in the cohort has earned a diploma (completed the journey).

Figures are the cohort's in the follow-up (services.follow_up) under its rules: none about
fewer than MINIMUM_PEOPLE people, neither the cohort's (the scope rule) nor a count of people in
it such as goals set or journeys completed (the cell rule); nothing that is zero is celebrated.
The preview carries a token; sending claims it, so the celebration, its outbox rows (one per
reachable member) and the audit row commit once together: a second click sends nothing.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from enum import StrEnum

from cards.celebrations import celebration_card
from chat.outgoing import card_message
from content.language import speaking
from content.models import Content
from services.coordination import Actor, CoordinationService
from services.follow_up import Measure, cohort_key, summarise
from storage.audit import AuditAction
from storage.celebrations import Celebrations, CohortMemberView, CohortOf
from storage.cohorts import Cohorts, CohortSummary
from storage.conversations import Conversations, StoredConversation
from storage.database import Database
from storage.follow_up import FollowUpFacts
from storage.languages import PersonLanguages
from storage.outbox import Outbox

log = logging.getLogger(__name__)

CELEBRATED = (
    Measure.GOALS_SET,
    Measure.EXERCISES_DONE,
    Measure.REFLECTIONS_WRITTEN,
    Measure.MEETINGS_HELD,
    Measure.MODULES_COMPLETED,
    Measure.JOURNEYS_COMPLETED,
)


class Refused(StrEnum):
    GONE = "gone"  # no such cohort in the coordinator's municipality
    TOO_LONG = "too_long"  # the greeting
    ALREADY = "already"  # this preview was sent before


@dataclass(frozen=True, slots=True)
class Preview:
    cohort_id: int
    name: str
    greeting: str
    token: str
    card: dict[str, object]
    reachable: int


@dataclass(frozen=True, slots=True)
class Celebrated:
    name: str
    recipients: int


@dataclass(frozen=True, slots=True)
class Diplomas:
    name: str
    achievers: tuple[str, ...]  # names (or addresses) of those who completed the journey
    members: int


class CelebrationService:
    def __init__(
        self,
        content: Content,
        coordination: CoordinationService,
        cohorts: Cohorts,
        celebrations: Celebrations,
        facts: FollowUpFacts,
        conversations: Conversations,
        outbox: Outbox,
        *,
        database: Database,
    ) -> None:
        self._content = content
        self._coordination = coordination
        self._cohorts = cohorts
        self._celebrations = celebrations
        self._facts = facts
        self._conversations = conversations
        self._outbox = outbox
        self._db = database
        self._languages = PersonLanguages(database)

    async def cohorts(self, actor: Actor) -> list[CohortSummary] | None:
        """The cohorts to celebrate; None unless the actor coordinates their municipality."""
        if not await self._coordination.is_coordinator(actor, "celebrate"):
            return None
        return await self._cohorts.of_organisation(actor.organisation_id)

    async def preview(
        self, actor: Actor, tenant_id: str, cohort_id: int, greeting: str
    ) -> Preview | Refused | None:
        if not await self._coordination.is_coordinator(actor, AuditAction.CELEBRATION_PREVIEWED):
            return None
        checked = await self._check(actor, cohort_id, greeting)
        if isinstance(checked, Refused):
            return checked
        cohort, greeting = checked
        content = self._content.for_tenant(tenant_id)
        card = await self._card(content, actor.organisation_id, cohort, greeting)
        reachable = await self._reachable(actor.organisation_id, cohort.id)
        await self._coordination.audit(
            actor, AuditAction.CELEBRATION_PREVIEWED, detail=f"cohort {cohort.id}"
        )
        token = secrets.token_urlsafe(24)
        return Preview(cohort.id, cohort.name, greeting, token, card, len(reachable))

    async def send(
        self, actor: Actor, tenant_id: str, cohort_id: int, greeting: str, token: str
    ) -> Celebrated | Refused | None:
        """One outbox row per reachable member, once per preview; None: refused."""
        if not await self._coordination.is_coordinator(actor, AuditAction.CELEBRATION_SENT):
            return None
        checked = await self._check(actor, cohort_id, greeting)
        if isinstance(checked, Refused):
            return checked
        cohort, greeting = checked
        content = self._content.for_tenant(tenant_id)
        achieved = await self.achievements(content, actor.organisation_id, cohort.id)
        async with self._db.unit_of_work():
            celebration_id = await self._celebrations.claim(
                actor.organisation_id, cohort.id, token, actor.person_id
            )
            if celebration_id is None:
                return Refused.ALREADY
            reachable = await self._reachable(actor.organisation_id, cohort.id)
            languages = await self._languages.of(person_id for person_id, _ in reachable)
            for person_id, chat in reachable:
                # Each leader's language; the greeting stays the coordinator's own words.
                with speaking(languages[person_id]):
                    card = celebration_card(content.for_language(), cohort.name, achieved, greeting)
                await self._outbox.enqueue(
                    chat,
                    card_message(card),
                    idempotency_key=f"celebration-{celebration_id}-{person_id}",
                )
            await self._celebrations.record_recipients(celebration_id, len(reachable))
            await self._coordination.audit(
                actor,
                AuditAction.CELEBRATION_SENT,
                detail=f"cohort {cohort.id}: {len(reachable)}",
            )
        log.info("cohort %s celebrated: %d leaders", cohort.id, len(reachable))
        return Celebrated(cohort.name, len(reachable))

    async def diplomas(self, actor: Actor, cohort_id: int) -> Diplomas | Refused | None:
        """Who in the cohort completed the journey (and so has their diploma): names are fine
        here, it is a list of achievers, not a figure."""
        if not await self._coordination.is_coordinator(actor, AuditAction.DIPLOMAS_VIEWED):
            return None
        cohort = await self._celebrations.cohort(actor.organisation_id, cohort_id)
        if cohort is None:
            return Refused.GONE
        members = await self._celebrations.members(actor.organisation_id, cohort_id)
        await self._coordination.audit(
            actor, AuditAction.DIPLOMAS_VIEWED, detail=f"cohort {cohort_id}"
        )
        achievers = tuple(m.name or m.email for m in members if m.journey_completed)
        return Diplomas(cohort.name, achievers, len(members))

    async def achievements(
        self, content: Content, organisation_id: int, cohort_id: int
    ) -> list[tuple[Measure, int]]:
        """What the cohort has achieved, as (measure, count): the cohort's own figures in the
        follow-up (FollowUp.scope), so what the follow-up holds back is left out here too (the
        whole cohort under the scope rule, a count of people under the cell rule); nothing
        that is zero is celebrated."""
        facts = await self._facts.of_organisation(organisation_id)
        scope = summarise(facts, content).scope(cohort_key(cohort_id))
        counts = None if scope is None else scope.counts
        if counts is None:
            return []
        return [
            (measure, count)
            for measure in CELEBRATED
            if (count := counts[measure]) is not None and count > 0
        ]

    async def _check(
        self, actor: Actor, cohort_id: int, greeting: str
    ) -> tuple[CohortOf, str] | Refused:
        greeting = greeting.strip()
        if len(greeting) > self._content.coordination.celebrations.max_greeting_chars:
            return Refused.TOO_LONG
        cohort = await self._celebrations.cohort(actor.organisation_id, cohort_id)
        if cohort is None:
            return Refused.GONE
        return cohort, greeting

    async def _card(
        self, content: Content, organisation_id: int, cohort: CohortOf, greeting: str
    ) -> dict[str, object]:
        achieved = await self.achievements(content, organisation_id, cohort.id)
        return celebration_card(content, cohort.name, achieved, greeting)

    async def _reachable(
        self, organisation_id: int, cohort_id: int
    ) -> list[tuple[int, StoredConversation]]:
        """Members with a personal chat with the bot, in this organisation."""
        members: list[CohortMemberView] = await self._celebrations.members(
            organisation_id, cohort_id
        )
        reachable = []
        for member in members:
            if member.person_id is None:
                continue
            chat = await self._conversations.personal(member.person_id)
            if chat is not None and chat.organisation_id == organisation_id:
                reachable.append((member.person_id, chat))
        return reachable
