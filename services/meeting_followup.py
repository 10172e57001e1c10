"""What follows a booked Innovationsteam meeting, all through the outbox.

- Booked: the preparation card (purpose, the meeting's preparation questions, agenda,
  facilitation) goes to the channel at once, and the reminder "Psst! Imorgon kl. 14:00 ..." is
  put in the outbox for the day before at the reminder hour (the organisation's local time).
  Their idempotency keys name the start time, so a restart doubles nothing; if the meeting moves,
  the old time's pending rows are cancelled and the new time is announced.
- The day before meetings 2-5, at the reminder's time: "Era reflektioner från övningarna", the
  exercise reflections the group's active members sent and chose to share since the previous
  meeting began, and the agenda.
- At the meeting's end, in one unit of work with the meeting marked held: each attending member
  gets "Reflektion efter Innovationsteamsmöte" in their personal chat, the group gets its three
  shared insights card in the channel, `GroupSessionHeld` is published for the module the
  meeting counts for (the first of the member's plan without a session; after the last meeting,
  every module still without one) and `MeetingHeld` for the meeting, so their reactions (the
  learning's congratulations, the next meeting's proposal) commit with it or not at all.

`tick()` (the scheduler's "meetings" job) does each step for whatever is due, each in its own
unit of work; every step is idempotent (outbox keys, conditional state changes).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from cards import meeting_followup as cards
from cards.elements import Json
from chat.outgoing import card_message, text_message
from clock import Clock
from content.dates import format_time_sv, to_local
from content.language import speaking
from content.models import Content
from learning.progress import find_exercise, ordered_modules
from learning.tracks import TrackOf, curriculum_for
from services.bus import EventBus
from services.events import GroupSessionHeld, MeetingHeld
from services.text_limits import TooLong, first_too_long, too_long
from storage.conversations import Conversations
from storage.database import Database
from storage.groups import Groups
from storage.languages import PersonLanguages
from storage.learning_plans import LearningPlans
from storage.learning_progress import LearningProgress
from storage.meeting_followup import BookedMeeting, BookedMeetings
from storage.meetings import Meetings
from storage.outbox import Outbox
from storage.team_models import BOOKED
from storage.workbook import Workbook

log = logging.getLogger(__name__)

DIGEST_HORIZON = timedelta(days=2)  # look this far ahead for meetings whose digest is due


class ReflectionOutcome(StrEnum):
    SAVED = "saved"
    EMPTY = "empty"  # nothing written (Action.Submit clients do not check isRequired)
    NOT_ATTENDED = "not_attended"  # the meeting did not count for them: not theirs to reflect on
    TOO_LONG = "too_long"  # over its limit: nothing stored, the text shown back


@dataclass(frozen=True, slots=True)
class ReflectionResult:
    meeting_id: int
    meeting_number: int
    outcome: ReflectionOutcome
    text: str = ""  # what was saved


@dataclass(frozen=True, slots=True)
class InsightsView:
    """The group's three insights as a member sees them."""

    meeting_id: int
    meeting_number: int
    user_ids: tuple[str, ...]  # the group's members, each sees their own refresh
    saved: tuple[str, ...]
    saved_by: str | None  # first name of who saved them last
    incomplete: bool = False  # `saved` holds what was written, not all three: nothing stored
    too_long: TooLong | None = None  # one was over its limit: `saved` is what was written


class MeetingFollowupService:
    def __init__(
        self,
        content: Content,
        *,
        database: Database,
        booked: BookedMeetings,
        meetings: Meetings,
        groups: Groups,
        conversations: Conversations,
        outbox: Outbox,
        workbook: Workbook,
        plans: LearningPlans,
        progress: LearningProgress,
        events: EventBus,
        clock: Clock,
        reminder_hour: int = 9,
        tracks: TrackOf | None = None,
        languages: PersonLanguages | None = None,
    ) -> None:
        self._content = content
        self._languages = languages or PersonLanguages(database)
        self._tracks = tracks
        self._database = database
        self._booked = booked
        self._meetings = meetings
        self._groups = groups
        self._conversations = conversations
        self._outbox = outbox
        self._workbook = workbook
        self._plans = plans
        self._progress = progress
        self._events = events
        self._clock = clock
        self._reminder_hour = reminder_hour

    # --- the scheduler's side ---------------------------------------------------------------

    async def booked(self, meeting_id: int) -> None:
        """The planner booked the meeting: announce it now (the tick would, a little later).
        Joins the booking's unit of work when there is one."""
        meeting = await self._booked.get(meeting_id)
        if meeting is not None and meeting.state == BOOKED:
            async with self._database.unit_of_work():
                await self._announce(meeting, self._clock())

    async def tick(self, now: datetime | None = None) -> None:
        """The scheduler's meetings job: whatever is due, once."""
        now = now or self._clock()
        for meeting in await self._booked.unannounced():
            async with self._database.unit_of_work():
                await self._announce(meeting, now)
        for meeting in await self._booked.without_digest(now + DIGEST_HORIZON, now):
            if now >= self.reminder_due(meeting.start, self._zone(meeting)):
                async with self._database.unit_of_work():
                    await self._digest(meeting, now)
        for meeting in await self._booked.ended(now):
            async with self._database.unit_of_work():
                await self._follow_up(meeting)

    def reminder_due(self, start: datetime, zone: ZoneInfo) -> datetime:
        """The day before the meeting, at the reminder hour, local time."""
        day = to_local(start, zone).date() - timedelta(days=1)
        return datetime.combine(day, time(self._reminder_hour), zone)

    # --- the members' side ------------------------------------------------------------------

    async def save_reflection(
        self, person_id: int, meeting_id: int, text: str | None
    ) -> ReflectionResult | None:
        """A member's reflection after the meeting, into their workbook (private) under the
        module the meeting counted for. None when there is no such meeting."""
        meeting = await self._booked.get(meeting_id)
        if meeting is None:
            return None
        attended, module_id = await self._booked.attendance(meeting.id, person_id)
        written = (text or "").strip()
        if not attended:
            outcome = ReflectionOutcome.NOT_ATTENDED
        elif not written:
            outcome = ReflectionOutcome.EMPTY
        elif self._reflection_too_long(meeting, written):
            outcome = ReflectionOutcome.TOO_LONG
        else:
            await self._workbook.save_team_reflection(person_id, module_id, written)
            log.info("person %s saved a reflection on meeting %s", person_id, meeting.id)
            outcome = ReflectionOutcome.SAVED
        return ReflectionResult(meeting.id, meeting.number, outcome, written)

    async def insights(self, person_id: int, meeting_id: int) -> InsightsView | None:
        """The meeting's insights, if the person is an active member of its group."""
        meeting = await self._meeting_of_member(person_id, meeting_id)
        return await self._insights_view(meeting) if meeting else None

    async def save_insights(
        self, person_id: int, meeting_id: int, written: Sequence[str]
    ) -> InsightsView | None:
        """Store the group's three insights (all three are needed); None when the person is not
        an active member of the meeting's group."""
        meeting = await self._meeting_of_member(person_id, meeting_id)
        if meeting is None:
            return None
        insights = tuple(value.strip() for value in written)
        limit = self._content.for_tenant(meeting.tenant_id).messages.meeting_followup
        over = first_too_long(insights, limit.insight_max_chars)
        if len(insights) != len(cards.INSIGHTS) or not all(insights) or over:
            view = await self._insights_view(meeting)
            return InsightsView(
                meeting.id, meeting.number, view.user_ids, insights, None, True, over
            )
        await self._booked.save_insights(meeting.id, person_id, insights)
        log.info("person %s saved the insights of meeting %s", person_id, meeting.id)
        return await self._insights_view(meeting)

    def _reflection_too_long(self, meeting: BookedMeeting, text: str) -> bool:
        texts = self._content.for_tenant(meeting.tenant_id).messages.meeting_followup
        return too_long(text, texts.reflection_max_chars) is not None

    # --- the steps ----------------------------------------------------------------------------

    async def _announce(self, meeting: BookedMeeting, now: datetime) -> None:
        """The preparation card now, the reminder for the day before; an earlier time's
        pending rows cancelled."""
        channel = meeting.channel
        if channel is None or now >= meeting.start:  # nowhere to say it, or too late to
            log.warning("meeting %s of group %s not announced", meeting.id, meeting.group_id)
            await self._booked.announced(meeting.id, meeting.start)
            return
        content = self._content.for_tenant(meeting.tenant_id)
        zone = self._zone(meeting)
        stamp = _stamp(meeting.start)
        preparation = f"meeting-{meeting.id}-preparation-{stamp}"
        reminder = f"meeting-{meeting.id}-reminder-{stamp}"
        if meeting.announced_for is not None:  # moved: what was said for the old time goes
            cancelled = await self._outbox.cancel(
                f"meeting-{meeting.id}-preparation-", keep=preparation
            )
            cancelled += await self._outbox.cancel(f"meeting-{meeting.id}-reminder-", keep=reminder)
            log.info("meeting %s moved: %d pending messages cancelled", meeting.id, cancelled)
        card = cards.preparation_card(
            content,
            content.social_learning.meeting(meeting.number),
            start=meeting.start,
            end=meeting.end,
            zone=zone,
            join_url=meeting.join_url,
            members=len(await self._groups.active_members(meeting.group_id)),
        )
        await self._outbox.enqueue(
            channel, card_message(card), idempotency_key=preparation, expires_at=meeting.start
        )
        due = self._reminder_at(meeting.start, zone, now)
        if due >= now:
            text = _reminder(content, meeting.number).format(
                time=format_time_sv(meeting.start, zone)
            )
            # "Imorgon kl. ..." holds only until the day of the meeting begins.
            meeting_day = datetime.combine(to_local(meeting.start, zone).date(), time(0), zone)
            await self._outbox.enqueue(
                channel,
                text_message(text),
                idempotency_key=reminder,
                due_at=due,
                expires_at=meeting_day,
            )
        await self._booked.announced(meeting.id, meeting.start)
        log.info("meeting %s announced; reminder due %s", meeting.id, due.isoformat())

    def _reminder_at(self, start: datetime, zone: ZoneInfo, now: datetime) -> datetime:
        """When the reminder is due; now if booked for tomorrow after the reminder hour
        ("Imorgon" still holds), in the past (so not sent) if booked later still."""
        due = self.reminder_due(start, zone)
        if due < now and to_local(now, zone).date() == to_local(start, zone).date() - timedelta(
            days=1
        ):
            return now
        return due

    async def _digest(self, meeting: BookedMeeting, now: datetime) -> None:
        """The reflections shared since the previous meeting began, and the agenda; due `now`,
        so it follows the reminder (due at the same time or earlier) in the channel."""
        channel = await self._conversations.of_group(meeting.group_id)
        if channel is not None:
            content = self._content.for_tenant(meeting.tenant_id)
            since = await self._meetings.start_of(meeting.group_id, meeting.number - 1)
            shared = [
                cards.SharedText(
                    reflection.first_name,
                    # The exercise of the writer's own track (their cohort's).
                    _exercise_title(
                        await curriculum_for(content, self._tracks, reflection.person_id),
                        reflection.exercise_id,
                    ),
                    reflection.text,
                )
                for reflection in await self._booked.shared_reflections(meeting.group_id, since)
            ]
            card = cards.digest_card(
                content, content.social_learning.meeting(meeting.number), shared
            )
            await self._outbox.enqueue(
                channel,
                card_message(card),
                idempotency_key=f"meeting-{meeting.id}-digest-{_stamp(meeting.start)}",
                due_at=now,
                expires_at=meeting.start,
            )
            log.info("digest of %d reflections for meeting %s", len(shared), meeting.id)
        await self._booked.digest_sent(meeting.id)

    async def _follow_up(self, meeting: BookedMeeting) -> None:
        """The meeting is over: held (once), sessions published, reflections asked for,
        insights card, and MeetingHeld; the caller's unit of work commits them together."""
        if not await self._booked.held(meeting.id):
            return  # another replica, or an earlier tick, did it
        content = self._content.for_tenant(meeting.tenant_id)
        plan = content.social_learning.meeting(meeting.number)
        members = await self._groups.active_members(meeting.group_id)
        attending = [m for m in members if m.person_id not in meeting.excused]
        last = meeting.number == len(content.social_learning.meetings)
        languages = await self._languages.of(m.person_id for m in attending)
        for member in attending:
            # The group session of a module of the member's own track (their cohort's).
            curriculum = await curriculum_for(content, self._tracks, member.person_id)
            await self._sessions_held(meeting, member.person_id, curriculum, last=last)
            chat = await self._conversations.personal(member.person_id)
            if chat is not None:
                with speaking(languages[member.person_id]):  # the channel's card stays Swedish
                    card = self._reflection_card(meeting)
                await self._outbox.enqueue(
                    chat,
                    card_message(card),
                    idempotency_key=f"meeting-{meeting.id}-reflection-{member.person_id}",
                )
        channel = await self._conversations.of_group(meeting.group_id)
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
        await self._events.publish(MeetingHeld(meeting.id, meeting.group_id, meeting.tenant_id))
        log.info(
            "group %s: meeting %s held, %d attending", meeting.group_id, meeting.id, len(attending)
        )

    def _reflection_card(self, meeting: BookedMeeting) -> Json:
        """The personal reflection card, in the language being spoken."""
        content = self._content.for_tenant(meeting.tenant_id)
        plan = content.social_learning.meeting(meeting.number)
        return cards.reflection_card(content, plan, meeting_id=meeting.id)

    async def _sessions_held(
        self, meeting: BookedMeeting, person_id: int, content: Content, *, last: bool
    ) -> None:
        """The meeting is the group session of the member's current module. Five meetings, six
        modules: the last meeting (share and celebrate) is the group session of every module
        still without one, so the journey can be completed."""
        held = set(await self._progress.group_sessions(person_id))
        current = await self._booked.attend(
            meeting.id, person_id, self._module_for(content, held, await self._plan(person_id))
        )
        modules = [current] if current is not None else []
        if last:
            modules += [m.id for m in content.modules if m.id not in held and m.id != current]
        for module_id in modules:
            await self._events.publish(GroupSessionHeld(person_id, module_id, meeting.tenant_id))

    async def _plan(self, person_id: int) -> Sequence[str]:
        return (await self._plans.get(person_id)).module_order

    @staticmethod
    def _module_for(content: Content, held: set[str], module_order: Sequence[str]) -> str | None:
        """The first module of the leader's plan whose group session has not been held."""
        modules = ordered_modules(content, module_order)
        return next((module.id for module in modules if module.id not in held), None)

    async def _meeting_of_member(self, person_id: int, meeting_id: int) -> BookedMeeting | None:
        meeting = await self._booked.get(meeting_id)
        if meeting is None or meeting.group_id not in await self._groups.of_person(person_id):
            log.info("person %s acted on meeting %s of no group of theirs", person_id, meeting_id)
            return None
        return meeting

    async def _insights_view(self, meeting: BookedMeeting) -> InsightsView:
        members = await self._groups.active_members(meeting.group_id)
        saved = await self._booked.insights(meeting.id)
        names = {m.person_id: m.first_name for m in members}
        return InsightsView(
            meeting.id,
            meeting.number,
            tuple(m.teams_user_id for m in members),
            saved.insights,
            names.get(saved.saved_by) if saved.saved_by is not None else None,
        )

    def _zone(self, meeting: BookedMeeting) -> ZoneInfo:
        return ZoneInfo(self._content.for_tenant(meeting.tenant_id).organisation.time_zone)


def _exercise_title(content: Content, exercise_id: str | None) -> str:
    found = find_exercise(content, exercise_id) if exercise_id else None
    return found.title if found else ""


def _stamp(start: datetime) -> str:
    """The start time in an idempotency key: another time, another key."""
    return f"{start:%Y%m%dT%H%MZ}"


def _reminder(content: Content, number: int) -> str:
    """ "Psst! Imorgon ...": the meeting's own words; else answers to the questions only
    before a meeting that has some."""
    meeting, messages = content.social_learning.meeting(number), content.messages
    if meeting.reminder is not None:
        return meeting.reminder
    if meeting.preparation_questions:
        return messages.reminder
    return messages.reminder_reflections
