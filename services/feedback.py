"""Improvement suggestions ("återkoppling"): any leader sends one, signed or anonymous, to their
municipality's programme team; its coordinators read the latest (in "uppföljning", in
"återkoppling" and in the weekly digest) and answer them.

An answer reaches the sender in their personal chat through the outbox, also when the
suggestion was anonymous: the bot relays it through a pointer only it reads (storage.feedback),
so the coordinator never learns who sent it. A suggestion is answered once; the answer, the
mark "answered" and the audit row commit together.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from cards.feedback import answer_to_leader_card
from chat.outgoing import card_message
from content.language import speaking
from content.models import Content
from services.coordination import Actor, CoordinationService
from storage.audit import AuditAction
from storage.conversations import Conversations
from storage.database import Database
from storage.feedback import Feedback, SuggestionView
from storage.languages import PersonLanguages
from storage.outbox import Outbox
from storage.roles import RoleName

log = logging.getLogger(__name__)

LATEST = 5
LATEST_TO_ANSWER = 10  # in "återkoppling", for coordinators


class Sent(StrEnum):
    SENT = "sent"
    EMPTY = "empty"
    TOO_LONG = "too_long"


class Answered(StrEnum):
    SENT = "sent"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    ALREADY = "already"  # answered before: nothing sent again
    UNREACHABLE = "unreachable"  # the sender erased their data or has no chat with the bot
    GONE = "gone"  # no such suggestion in the coordinator's municipality


@dataclass(frozen=True, slots=True)
class ToAnswer:
    """A suggestion as the coordinator sees it on the answer form: never who sent it when
    anonymous."""

    id: int
    text: str
    anonymous: bool
    answered: bool


class FeedbackService:
    def __init__(
        self,
        feedback: Feedback,
        coordination: CoordinationService,
        *,
        max_chars: int,
        content: Content,
        conversations: Conversations,
        outbox: Outbox,
        database: Database,
        languages: PersonLanguages | None = None,
    ) -> None:
        self._languages = languages or PersonLanguages(database)
        self._feedback = feedback
        self._coordination = coordination
        self.max_chars = max_chars
        self._content = content
        self._conversations = conversations
        self._outbox = outbox
        self._db = database

    async def send(
        self, organisation_id: int, person_id: int, text: str, *, anonymous: bool
    ) -> Sent:
        """Kept for the sender's municipality; an anonymous one without the sender (only the
        bot's relay pointer, for an answer)."""
        text = text.strip()
        if not text:
            return Sent.EMPTY
        if len(text) > self.max_chars:
            return Sent.TOO_LONG
        await self._feedback.add(organisation_id, person_id, text, anonymous=anonymous)
        log.info("a suggestion was sent in organisation %s", organisation_id)
        return Sent.SENT

    async def latest(self, actor: Actor, limit: int = LATEST) -> tuple[SuggestionView, ...] | None:
        """The latest suggestions of the actor's municipality; None unless they coordinate it."""
        if not await self._coordination.is_coordinator(actor, AuditAction.FEEDBACK_VIEWED):
            return None
        await self._coordination.audit(actor, AuditAction.FEEDBACK_VIEWED)
        return tuple(await self._feedback.latest(actor.organisation_id, limit))

    async def coordinates(self, actor: Actor) -> bool:
        """Whether the actor coordinates (no refusal audited: for showing more to them)."""
        role = await self._coordination.role_of(actor.organisation_id, actor.person_id, actor.email)
        return role is RoleName.COORDINATOR

    async def to_answer(self, actor: Actor, suggestion_id: int) -> ToAnswer | Answered | None:
        """The suggestion for the answer form; GONE when it is not of the actor's municipality;
        None unless they coordinate it."""
        if not await self._coordination.is_coordinator(actor, AuditAction.FEEDBACK_ANSWERED):
            return None
        found = await self._feedback.recipient(actor.organisation_id, suggestion_id)
        if found is None:
            return Answered.GONE
        return ToAnswer(suggestion_id, found.text, found.anonymous, found.answered)

    async def answer(
        self, actor: Actor, tenant_id: str, suggestion_id: int, text: str
    ) -> Answered | None:
        """Send the answer to whoever sent the suggestion, through the outbox; None: refused."""
        if not await self._coordination.is_coordinator(actor, AuditAction.FEEDBACK_ANSWERED):
            return None
        text = text.strip()
        limit = self._content.coordination.feedback_answers.max_chars
        if not text:
            return Answered.EMPTY
        if len(text) > limit:
            return Answered.TOO_LONG
        found = await self._feedback.recipient(actor.organisation_id, suggestion_id)
        if found is None:
            return Answered.GONE
        if found.answered:
            return Answered.ALREADY
        leader = found.person_id
        chat = None if leader is None else await self._conversations.personal(leader)
        if leader is None or chat is None or chat.organisation_id != actor.organisation_id:
            return Answered.UNREACHABLE
        # In the leader's language (texts and dates): the coordinator answering may speak another.
        with speaking(await self._languages.one(leader)):
            card = answer_to_leader_card(self._content.for_tenant(tenant_id), found.text, text)
        async with self._db.unit_of_work():
            if not await self._feedback.mark_answered(suggestion_id, actor.person_id):
                return Answered.ALREADY
            await self._outbox.enqueue(
                chat, card_message(card), idempotency_key=f"feedback-answer-{suggestion_id}"
            )
            await self._coordination.audit(
                actor, AuditAction.FEEDBACK_ANSWERED, detail=f"suggestion {suggestion_id}"
            )
        log.info("suggestion %s answered in organisation %s", suggestion_id, actor.organisation_id)
        return Answered.SENT
