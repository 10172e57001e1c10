"""What happens around an Innovationsteam meeting once it is booked, all through the outbox.

- Booked: the preparation card (purpose, the meeting's preparation questions, agenda,
  facilitation) goes to the channel at once, and the reminder "Psst! Imorgon kl. 14:00 ..." is
  put in the outbox for the day before at MEETING_REMINDER_HOUR (the organisation's local time).
  Their idempotency keys name the start time, so a restart doubles nothing; if the meeting moves,
  the old time's pending rows are cancelled and the new time is announced.
- The day before meetings 2-5, at the reminder's time: "Era reflektioner från övningarna", the
  exercise reflections the group's active members sent and chose to share since the previous
  meeting began, and the agenda.
- At the meeting's end: each attending member gets "Reflektion efter Innovationsteamsmöte" in
  their personal chat (saved in their workbook as a team reflection, private), the group gets
  its three shared insights card in the channel, and the meeting counts as the group session
  of each attending member's current module (the first of their plan without one).
- Then the next meeting is proposed at once, in the same tick, without waiting for the
  insights (a group that never writes them must not stall); its search starts four weeks after
  this meeting began, so the meetings keep their monthly rhythm (dialogs.meetings).

`tick()` (the scheduler's "meetings" job) does each step for whatever is due; every step is
idempotent (outbox keys, conditional state changes) and marks its meeting only after its
messages are stored, so a crash in between only repeats no-ops.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from cards import meeting_followup as cards
from cards.elements import Json
from chat.actions import CardActions
from chat.caller import Caller
from chat.outgoing import card_message, text_message
from chat.turn import Turn
from clock import Clock
from content.dates import format_time_sv, to_local
from content.models import Content
from dialogs.meetings import MeetingPlanner
from learning.progress import find_exercise, ordered_modules
from storage.conversations import Conversations, StoredConversation
from storage.groups import Groups
from storage.learning_plans import LearningPlans
from storage.learning_progress import LearningProgress
from storage.meetings import BookedMeeting, Meetings
from storage.outbox import Outbox
from storage.team_models import BOOKED
from storage.workbook import Workbook

log = logging.getLogger(__name__)

DIGEST_HORIZON = timedelta(days=2)  # look this far ahead for meetings whose digest is due

SessionHeld = Callable[[int, str], Awaitable[object]]


class MeetingFollowup:
    def __init__(
        self,
        content: Content,
        groups: Groups,
        meetings: Meetings,
        conversations: Conversations,
        outbox: Outbox,
        workbook: Workbook,
        plans: LearningPlans,
        progress: LearningProgress,
        planner: MeetingPlanner,
        *,
        reminder_hour: int = 9,
        session_held: SessionHeld | None = None,
        clock: Clock,
    ) -> None:
        self._content = content
        self._groups = groups
        self._meetings = meetings
        self._conversations = conversations
        self._outbox = outbox
        self._workbook = workbook
        self._plans = plans
        self._progress = progress
        self._planner = planner
        self._reminder_hour = reminder_hour
        # The learning side's "the module's group session was held" (it records and, when that
        # completes the module, congratulates); by default only the record.
        self._session_held = session_held or progress.record_group_session
        self._clock = clock

    def register(self, actions: CardActions) -> None:
        actions.on(cards.REFLECTION_SAVE, cards.SaveReflection, self._on_reflection)
        actions.on(cards.INSIGHTS_SAVE, cards.SaveInsights, self._on_insights)
        actions.on(cards.INSIGHTS_VIEW, cards.ViewInsights, self._on_insights_view)

    # --- entry points -------------------------------------------------------------------------

    async def booked(self, meeting_id: int) -> None:
        """The planner booked the meeting: announce it now (the tick would, a little later)."""
        meeting = await self._meetings.booked_meeting(meeting_id)
        if meeting is not None and meeting.state == BOOKED:
            await self._announce(meeting, self._clock())

    async def tick(self, now: datetime | None = None) -> None:
        """The scheduler's meetings job: whatever is due, once."""
        now = now or self._clock()
        for meeting in await self._meetings.unannounced():
            await self._announce(meeting, now)
        for meeting in await self._meetings.without_digest(now + DIGEST_HORIZON, now):
            channel = await self._conversations.of_group(meeting.group_id)
            zone = _zone(self._content_for(channel))
            if now >= self.reminder_due(meeting.start, zone):
                await self._digest(meeting, channel, now)
        for meeting in await self._meetings.ended(now):
            await self._follow_up(meeting)
        last = len(self._content.social_learning.meetings)
        for group_id, number in await self._meetings.held_without_next(last):
            channel = await self._conversations.of_group(group_id)
            if channel is not None:
                log.info("meeting %s of group %s held: proposing the next", number, group_id)
                await self._planner.propose_next(group_id, channel.tenant_id)

    def reminder_due(self, start: datetime, zone: ZoneInfo) -> datetime:
        """The day before the meeting, at the reminder hour, local time."""
        day = to_local(start, zone).date() - timedelta(days=1)
        return datetime.combine(day, time(self._reminder_hour), zone)

    # --- the steps ----------------------------------------------------------------------------

    async def _announce(self, meeting: BookedMeeting, now: datetime) -> None:
        """The preparation card now, the reminder for the day before; an earlier time's
        pending rows cancelled."""
        channel = await self._conversations.of_group(meeting.group_id)
        if channel is None or now >= meeting.start:  # nowhere to say it, or too late to
            log.warning("meeting %s of group %s not announced", meeting.id, meeting.group_id)
            await self._meetings.announced(meeting.id, meeting.start)
            return
        content = self._content_for(channel)
        zone = _zone(content)
        plan = content.social_learning.meeting(meeting.number)
        stamp = _stamp(meeting.start)
        preparation = f"meeting-{meeting.id}-preparation-{stamp}"
        reminder = f"meeting-{meeting.id}-reminder-{stamp}"
        cancelled = await self._outbox.cancel(
            f"meeting-{meeting.id}-preparation-", keep=preparation
        )
        cancelled += await self._outbox.cancel(f"meeting-{meeting.id}-reminder-", keep=reminder)
        if cancelled:
            log.info("meeting %s moved: %d pending messages cancelled", meeting.id, cancelled)
        card = cards.preparation_card(
            content,
            plan,
            start=meeting.start,
            end=meeting.end,
            zone=zone,
            join_url=meeting.join_url,
        )
        await self._outbox.enqueue(channel, card_message(card), idempotency_key=preparation)
        due = self.reminder_due(meeting.start, zone)
        local_start = to_local(meeting.start, zone)
        if due < now and to_local(now, zone).date() == local_start.date() - timedelta(days=1):
            due = now  # booked for tomorrow after the reminder hour: "Imorgon" still holds
        if due >= now:
            text = content.messages.reminder.format(time=format_time_sv(meeting.start, zone))
            await self._outbox.enqueue(
                channel, text_message(text), idempotency_key=reminder, due_at=due
            )
        await self._meetings.announced(meeting.id, meeting.start)
        log.info("meeting %s announced; reminder due %s", meeting.id, due.isoformat())

    async def _digest(
        self, meeting: BookedMeeting, channel: StoredConversation | None, now: datetime
    ) -> None:
        """The reflections shared since the previous meeting began, and the agenda; due `now`,
        so it follows the reminder (due at the same time or earlier) in the channel."""
        if channel is not None:
            content = self._content_for(channel)
            since = await self._meetings.start_of(meeting.group_id, meeting.number - 1)
            shared = [
                cards.SharedText(
                    reflection.first_name,
                    _exercise_title(content, reflection.exercise_id),
                    reflection.text,
                )
                for reflection in await self._meetings.shared_reflections(meeting.group_id, since)
            ]
            card = cards.digest_card(
                content, content.social_learning.meeting(meeting.number), shared
            )
            await self._outbox.enqueue(
                channel,
                card_message(card),
                idempotency_key=f"meeting-{meeting.id}-digest-{_stamp(meeting.start)}",
                due_at=now,
            )
            log.info("digest of %d reflections for meeting %s", len(shared), meeting.id)
        await self._meetings.digest_sent(meeting.id)

    async def _follow_up(self, meeting: BookedMeeting) -> None:
        """The meeting is over: reflections asked for, insights card, group sessions recorded."""
        channel = await self._conversations.of_group(meeting.group_id)
        content = self._content_for(channel)
        plan = content.social_learning.meeting(meeting.number)
        members = await self._groups.active_members(meeting.group_id)
        attending = [m for m in members if m.person_id not in meeting.excused]
        for member in attending:
            module_id = await self._meetings.attend(
                meeting.id, member.person_id, await self._module_for(member.person_id, content)
            )
            if module_id is not None:
                await self._session_held(member.person_id, module_id)
            if meeting.number == len(content.social_learning.meetings):
                await self._hold_the_rest(member.person_id, content)
            chat = await self._conversations.personal(member.person_id)
            if chat is not None:
                card = cards.reflection_card(content, plan, meeting_id=meeting.id)
                await self._outbox.enqueue(
                    chat,
                    card_message(card),
                    idempotency_key=f"meeting-{meeting.id}-reflection-{member.person_id}",
                )
        if channel is not None:
            card = cards.insights_card(
                content,
                plan,
                meeting_id=meeting.id,
                user_ids=[m.teams_user_id for m in members],
            )
            await self._outbox.enqueue(
                channel, card_message(card), idempotency_key=f"meeting-{meeting.id}-insights"
            )
        if await self._meetings.held(meeting.id):
            log.info("group %s: meeting %s held, %d attending", *_ids(meeting), len(attending))

    async def _hold_the_rest(self, person_id: int, content: Content) -> None:
        """Five meetings, six modules: the last meeting (share and celebrate) is the group
        session of every module still without one, so the journey can be completed."""
        held = await self._progress.group_sessions(person_id)
        for module in content.modules:
            if module.id not in held:
                await self._session_held(person_id, module.id)

    async def _module_for(self, person_id: int, content: Content) -> str | None:
        """The first module of the leader's plan whose group session has not been held."""
        plan = await self._plans.get(person_id)
        held = await self._progress.group_sessions(person_id)
        modules = ordered_modules(content, plan.module_order)
        return next((module.id for module in modules if module.id not in held), None)

    # --- buttons ------------------------------------------------------------------------------

    async def _on_reflection(self, turn: Turn, payload: cards.SaveReflection) -> Json | None:
        caller = turn.caller
        meeting = await self._meetings.booked_meeting(payload.meeting_id)
        if meeting is None:
            return None
        content = self._content.for_tenant(caller.tenant_id)
        plan = content.social_learning.meeting(meeting.number)
        texts = content.messages.meeting_followup
        attended, module_id = await self._meetings.attendance(meeting.id, caller.person_id)
        if not attended:
            return cards.reflection_card(
                content, plan, meeting_id=meeting.id, note=texts.reflection_not_yours
            )
        written = (payload.reflection or "").strip()
        if not written:
            return cards.reflection_card(
                content, plan, meeting_id=meeting.id, note=texts.reflection_required
            )
        await self._workbook.save_team_reflection(caller.person_id, module_id, written)
        log.info("person %s saved a reflection on meeting %s", caller.person_id, meeting.id)
        return cards.reflection_card(content, plan, meeting_id=meeting.id, saved=written)

    async def _on_insights(self, turn: Turn, payload: cards.SaveInsights) -> Json | None:
        found = await self._meeting_of_caller(turn.caller, payload.meeting_id)
        if found is None:
            return None
        person_id, meeting, content = found
        written = payload.written()
        if not all(written):
            note = content.messages.meeting_followup.insight_required
            return await self._insights_card(content, meeting, written=written, note=note)
        await self._meetings.save_insights(meeting.id, person_id, written)
        log.info("person %s saved the insights of meeting %s", person_id, meeting.id)
        return await self._insights_card(content, meeting)

    async def _on_insights_view(self, turn: Turn, payload: cards.ViewInsights) -> Json | None:
        found = await self._meeting_of_caller(turn.caller, payload.meeting_id)
        return await self._insights_card(found[2], found[1]) if found else None

    async def _meeting_of_caller(
        self, caller: Caller, meeting_id: int
    ) -> tuple[int, BookedMeeting, Content] | None:
        """The card's meeting, if the caller is an active member of its group."""
        meeting = await self._meetings.booked_meeting(meeting_id)
        groups = await self._groups.of_person(caller.person_id)
        if meeting is None or meeting.group_id not in groups:
            log.info(
                "person %s acted on meeting %s of no group of theirs", caller.person_id, meeting_id
            )
            return None
        return caller.person_id, meeting, self._content.for_tenant(caller.tenant_id)

    async def _insights_card(
        self,
        content: Content,
        meeting: BookedMeeting,
        *,
        written: list[str] | None = None,
        note: str | None = None,
    ) -> Json:
        members = await self._groups.active_members(meeting.group_id)
        saved, saved_by = await self._meetings.insights(meeting.id)
        names = {m.person_id: m.first_name for m in members}
        return cards.insights_card(
            content,
            content.social_learning.meeting(meeting.number),
            meeting_id=meeting.id,
            user_ids=[m.teams_user_id for m in members],
            saved=written if written is not None else saved,
            saved_by=names.get(saved_by) if saved_by is not None and written is None else None,
            note=note,
        )

    def _content_for(self, channel: StoredConversation | None) -> Content:
        return self._content.for_tenant(channel.tenant_id if channel else None)


def _exercise_title(content: Content, exercise_id: str | None) -> str:
    found = find_exercise(content, exercise_id) if exercise_id else None
    return found.title if found else ""


def _stamp(start: datetime) -> str:
    """The start time in an idempotency key: another time, another key."""
    return f"{start:%Y%m%dT%H%MZ}"


def _zone(content: Content) -> ZoneInfo:
    return ZoneInfo(content.organisation.time_zone)


def _ids(meeting: BookedMeeting) -> tuple[int, int]:
    return meeting.group_id, meeting.id
