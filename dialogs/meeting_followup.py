"""The buttons on the cards after a meeting: a member's reflection, the group's insights.

The follow-up itself (preparation, reminder, digest, held, reflections asked for) is the
service's (services.meeting_followup), run by the scheduler and by the MeetingBooked event.
"""

from __future__ import annotations

from cards import meeting_followup as cards
from cards.elements import Json
from chat.actions import CardActions
from chat.turn import Turn
from content.models import Content
from services.meeting_followup import (
    InsightsView,
    MeetingFollowupService,
    ReflectionOutcome,
)


class MeetingFollowupDialog:
    def __init__(self, content: Content, followup: MeetingFollowupService) -> None:
        self._content = content
        self._followup = followup

    def register(self, actions: CardActions) -> None:
        actions.on(cards.REFLECTION_SAVE, cards.SaveReflection, self._on_reflection)
        actions.on(cards.INSIGHTS_SAVE, cards.SaveInsights, self._on_insights)
        actions.on(cards.INSIGHTS_VIEW, cards.ViewInsights, self._on_insights_view)

    async def _on_reflection(self, turn: Turn, payload: cards.SaveReflection) -> Json | None:
        caller = turn.caller
        result = await self._followup.save_reflection(
            caller.person_id, payload.meeting_id, payload.reflection
        )
        if result is None:
            return None
        content = self._content.for_tenant(caller.tenant_id)
        plan = content.social_learning.meeting(result.meeting_number)
        texts = content.messages.meeting_followup
        if result.outcome is ReflectionOutcome.SAVED:
            return cards.reflection_card(
                content, plan, meeting_id=result.meeting_id, saved=result.text
            )
        if result.outcome is ReflectionOutcome.TOO_LONG:
            note = content.messages.text_too_long.format(
                length=len(result.text), limit=texts.reflection_max_chars
            )
            return cards.reflection_card(
                content, plan, meeting_id=result.meeting_id, typed=result.text, note=note
            )
        note = (
            texts.reflection_not_yours
            if result.outcome is ReflectionOutcome.NOT_ATTENDED
            else texts.reflection_required
        )
        return cards.reflection_card(content, plan, meeting_id=result.meeting_id, note=note)

    async def _on_insights(self, turn: Turn, payload: cards.SaveInsights) -> Json | None:
        caller = turn.caller
        view = await self._followup.save_insights(
            caller.person_id, payload.meeting_id, payload.written()
        )
        return self._insights_card(caller.tenant_id, view) if view else None

    async def _on_insights_view(self, turn: Turn, payload: cards.ViewInsights) -> Json | None:
        caller = turn.caller
        view = await self._followup.insights(caller.person_id, payload.meeting_id)
        return self._insights_card(caller.tenant_id, view) if view else None

    def _insights_card(self, tenant_id: str, view: InsightsView) -> Json:
        content = self._content.for_tenant(tenant_id)
        return cards.insights_card(
            content,
            content.social_learning.meeting(view.meeting_number),
            meeting_id=view.meeting_id,
            user_ids=view.user_ids,
            saved=view.saved,
            saved_by=view.saved_by,
            note=_insights_note(content, view),
        )


def _insights_note(content: Content, view: InsightsView) -> str | None:
    if view.too_long is not None:
        over = view.too_long
        return content.messages.text_too_long.format(length=over.length, limit=over.limit)
    return content.messages.meeting_followup.insight_required if view.incomplete else None
