"""Improvement suggestions ("återkoppling"): any leader sends one, signed or anonymous, to their
municipality's programme team; its coordinators read the latest in "uppföljning"."""

from __future__ import annotations

import logging
from enum import StrEnum

from services.coordination import Actor, CoordinationService
from storage.audit import AuditAction
from storage.feedback import Feedback, SuggestionView

log = logging.getLogger(__name__)

LATEST = 5


class Sent(StrEnum):
    SENT = "sent"
    EMPTY = "empty"
    TOO_LONG = "too_long"


class FeedbackService:
    def __init__(
        self, feedback: Feedback, coordination: CoordinationService, *, max_chars: int
    ) -> None:
        self._feedback = feedback
        self._coordination = coordination
        self.max_chars = max_chars

    async def send(
        self, organisation_id: int, person_id: int, text: str, *, anonymous: bool
    ) -> Sent:
        """Kept for the sender's municipality; an anonymous one without the sender."""
        text = text.strip()
        if not text:
            return Sent.EMPTY
        if len(text) > self.max_chars:
            return Sent.TOO_LONG
        await self._feedback.add(organisation_id, None if anonymous else person_id, text)
        log.info("a suggestion was sent in organisation %s", organisation_id)
        return Sent.SENT

    async def latest(self, actor: Actor) -> tuple[SuggestionView, ...] | None:
        """The latest suggestions of the actor's municipality; None unless they coordinate it."""
        if not await self._coordination.is_coordinator(actor, AuditAction.FEEDBACK_VIEWED):
            return None
        await self._coordination.audit(actor, AuditAction.FEEDBACK_VIEWED)
        return tuple(await self._feedback.latest(actor.organisation_id, LATEST))
