"""Regional meetings on cards: the programme owner's schedule (from the owner card's "Träffar"
button), and a participating leader's "Jag kommer" / "Jag kan inte" and reflection. Thin: the
service checks the owner, the participant and the input; this turns results into cards."""

from __future__ import annotations

from datetime import date, timedelta

from cards.elements import Json
from cards.regional_meetings import (
    ADD_MEETING,
    ANSWER_MEETING,
    CANCEL_MEETING,
    MEETINGS,
    MOVE_MEETING,
    PROPOSE_MEETINGS,
    REFLECT_MEETING,
    MeetingAnswerButton,
    MeetingButton,
    MeetingForm,
    MeetingReflection,
    MoveForm,
    announcement_card,
    reflection_card,
    said_card,
    schedule_card,
)
from cards.regions import RegionalCohortButton
from chat.actions import CardActions
from chat.turn import Turn
from content.dates import format_date_only_sv, format_time_range_sv
from content.models import Content
from dialogs.coordination import actor_of
from services.coordination import Actor
from services.regional_meetings import (
    Added,
    MeetingRejected,
    MeetingService,
    Reply,
    problem_texts,
)


class RegionalMeetingsDialog:
    def __init__(self, content: Content, meetings: MeetingService) -> None:
        self._content = content
        self._meetings = meetings

    def register(self, actions: CardActions) -> None:
        actions.on(MEETINGS, RegionalCohortButton, self._on_schedule)
        actions.on(ADD_MEETING, MeetingForm, self._on_add)
        actions.on(PROPOSE_MEETINGS, MeetingForm, self._on_propose)
        actions.on(CANCEL_MEETING, MeetingButton, self._on_cancel)
        actions.on(MOVE_MEETING, MoveForm, self._on_move)
        actions.on(ANSWER_MEETING, MeetingAnswerButton, self._on_answer)
        actions.on(REFLECT_MEETING, MeetingReflection, self._on_reflect)

    # --- the programme owner --------------------------------------------------------------

    async def _on_schedule(self, turn: Turn, payload: RegionalCohortButton) -> Json | None:
        return await self._schedule(turn, actor_of(turn), payload.regional_cohort_id)

    async def _on_add(self, turn: Turn, payload: MeetingForm) -> Json | None:
        actor = actor_of(turn)
        result = await self._meetings.add(actor, payload)
        if result is None:
            return self._refused(turn)
        content = self._for(turn)
        if isinstance(result, MeetingRejected):
            return await self._schedule(
                turn,
                actor,
                payload.regional_cohort_id,
                problems=problem_texts(content, result.problems),
                typed=payload,
            )
        assert isinstance(result, Added)
        said = content.coordination.meetings.added.format(
            theme=payload.meeting_theme.strip(), cards=result.cards
        )
        return await self._schedule(turn, actor, payload.regional_cohort_id, said=[said])

    async def _on_propose(self, turn: Turn, payload: MeetingForm) -> Json | None:
        actor = actor_of(turn)
        forms = await self._meetings.proposal(actor, payload.regional_cohort_id)
        if forms is None:
            return self._refused(turn)
        dates = [format_date_only_sv(date.fromisoformat(f.meeting_date)) for f in forms]
        return await self._schedule(
            turn,
            actor,
            payload.regional_cohort_id,
            typed=forms[0] if forms else None,
            proposed=dates,
        )

    async def _on_cancel(self, turn: Turn, payload: MeetingButton) -> Json | None:
        actor = actor_of(turn)
        meeting = await self._meetings.cancel(actor, payload.meeting_id)
        if meeting is None:
            return self._refused(turn)
        said = self._for(turn).regional_sharing.moving.cancelled.format(theme=meeting.theme)
        return await self._schedule(turn, actor, meeting.regional_cohort_id, said=[said])

    async def _on_move(self, turn: Turn, payload: MoveForm) -> Json | None:
        actor = actor_of(turn)
        result = await self._meetings.move_from_card(actor, payload)
        if result is None:
            return self._refused(turn)
        content = self._for(turn)
        if isinstance(result, MeetingRejected):
            problems = problem_texts(content, result.problems)
            return await self._schedule(
                turn, actor, payload.regional_cohort_id, problems=problems, moving=payload
            )
        end = result.starts_at + timedelta(minutes=result.minutes)
        when = format_time_range_sv(result.starts_at, end, content.organisation.time_zone)
        said = content.regional_sharing.moving.moved.format(theme=result.theme, when=when)
        return await self._schedule(turn, actor, result.regional_cohort_id, said=[said])

    async def _schedule(
        self,
        turn: Turn,
        actor: Actor,
        regional_cohort_id: int,
        *,
        said: list[str] | None = None,
        problems: list[str] | None = None,
        typed: MeetingForm | None = None,
        proposed: list[str] | None = None,
        moving: MoveForm | None = None,
    ) -> Json | None:
        found = await self._meetings.schedule(actor, regional_cohort_id)
        if found is None:
            return self._refused(turn)
        return schedule_card(
            self._for(turn),
            found.cohort,
            found.meetings,
            said=said or (),
            problems=problems or (),
            typed=typed,
            proposed=proposed or (),
            moving=moving,
        )

    # --- the participant ------------------------------------------------------------------

    async def _on_answer(self, turn: Turn, payload: MeetingAnswerButton) -> Json | None:
        content = self._for(turn)
        texts = content.coordination.meetings
        reply, meeting = await self._meetings.answer(
            actor_of(turn), payload.meeting_id, payload.coming
        )
        if meeting is None or reply is Reply.NOT_FOR_YOU:
            return said_card(content, texts.not_for_you)
        if reply is Reply.CANCELLED:
            return said_card(content, texts.meeting_cancelled)
        said = texts.answered_coming if reply is Reply.COMING else texts.answered_not_coming
        region = await self._meetings.region_name(meeting)
        return announcement_card(content, meeting, region, said=said)

    async def _on_reflect(self, turn: Turn, payload: MeetingReflection) -> Json | None:
        content = self._for(turn)
        texts = content.coordination.meetings
        reply, meeting = await self._meetings.reflect(
            actor_of(turn), payload.meeting_id, payload.meeting_reflection
        )
        if meeting is None:
            return said_card(content, texts.not_for_you)
        if reply is Reply.EMPTY:
            return reflection_card(
                content, meeting, problem=texts.reflection_empty, typed=payload.meeting_reflection
            )
        if reply is Reply.ALREADY:
            return said_card(content, texts.reflection_already)
        return said_card(content, texts.reflection_saved, share=True)

    def _refused(self, turn: Turn) -> Json | None:
        turn.say(self._for(turn).coordination.regions.only_owners)
        return None

    def _for(self, turn: Turn) -> Content:
        return self._content.for_tenant(turn.caller.tenant_id)
