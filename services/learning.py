"""Learning: where a leader is in the journey, the modules and exercises they start, the
library, the nudges, and the completion of a module.

A module is complete (learning.progress) when every exercise has a sent reflection and the
group session was held. The completion is recorded once, in the unit of work of the change that
caused it, and announced as `ModuleCompleted` (and `JourneyCompleted` after the last module) on
the event bus. Telling the leader depends on where the completion happened: inside a turn the
dialog shows it from the returned `ModuleCompletion`; here (a meeting's group session, the
scheduler) the congratulation, and at the journey's end the diploma offer, go through the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Protocol, TypedDict
from zoneinfo import ZoneInfo

from cards.elements import Json
from cards.nudge import nudge_card
from cards.progress import celebration_card
from chat.outgoing import card_message
from clock import Clock
from content.curriculum import Module
from content.language import speaking
from content.models import Content
from learning.progress import (
    ExerciseRef,
    ModuleStatus,
    current_module,
    find_exercise,
    journey_status,
    library_exercise,
    module_exercises,
    next_nudge_due,
    nudge_interval,
    nudge_slot,
    status_of,
)
from learning.tracks import TrackOf, curriculum_for
from services.bus import EventBus
from services.events import JourneyCompleted, ModuleCompleted
from services.text_limits import TooLong, too_long
from storage.conversations import Conversations, StoredConversation
from storage.database import Database
from storage.languages import PersonLanguages
from storage.learning_plans import LearningPlans
from storage.learning_progress import DueNudge, LearningProgress, OpenExercise
from storage.outbox import Outbox
from storage.workbook import ReflectionEntry, Workbook

log = logging.getLogger(__name__)

DEFAULT_FREQUENCY_PER_WEEK = 1.0  # a leader who has not chosen: weekly
NUDGE_BATCH = 1000  # due exercises per unit of work of the learning job
NUDGE_BATCHES = 50  # per tick at most; the next tick goes on (a restart's catch-up, say)
NO_CHAT_RETRY = timedelta(days=1)  # a leader without a personal chat: look again tomorrow


class DiplomaOffers(Protocol):
    """The workbook card that offers the diploma, for the outbox (services.workbook)."""

    async def diploma_card(self, person_id: int, tenant_id: str) -> Json | None: ...


@dataclass(frozen=True, slots=True)
class ModulePreview:
    """ "Vad innehåller Modul N?": the module and whether the leader has started it."""

    status: ModuleStatus
    started: bool


@dataclass(frozen=True, slots=True)
class ModuleView:
    """A started module: its exercises with what the leader did in each."""

    status: ModuleStatus
    started: Mapping[str, datetime]  # exercise key -> when it was started
    drafts: frozenset[str]


@dataclass(frozen=True, slots=True)
class ExerciseView:
    exercise: ExerciseRef
    started: bool
    reflection: ReflectionEntry | None
    notes: str | None = None  # "Dina anteckningar": private, never part of the reflection
    do_first: tuple[ExerciseRef, ...] = ()  # what it builds on that is not reflected on yet
    sittings: int = 0  # done, of an exercise spread over days (exercise.sittings > 1)


@dataclass(frozen=True, slots=True)
class NotesSaved:
    """The leader saved their notes on an exercise, or they were too long and nothing was."""

    view: ExerciseView
    text: str  # as written, to show back when it was not saved
    too_long: TooLong | None


@dataclass(frozen=True, slots=True)
class LibraryView:
    theme_id: str | None  # None: every theme
    minutes: int | None  # None: any length
    started: frozenset[str]
    reflected: frozenset[str]


@dataclass(frozen=True, slots=True)
class ModuleCompletion:
    """A module just completed, with the journey's state after it."""

    module_id: str
    statuses: tuple[ModuleStatus, ...]

    @property
    def next_module(self) -> Module | None:
        upcoming = current_module(self.statuses)
        return upcoming.module if upcoming is not None else None

    @property
    def journey_completed(self) -> bool:
        return self.next_module is None


class LearningService:
    def __init__(
        self,
        content: Content,
        progress: LearningProgress,
        workbook: Workbook,
        plans: LearningPlans,
        conversations: Conversations,
        outbox: Outbox,
        diplomas: DiplomaOffers,
        *,
        database: Database,
        events: EventBus,
        clock: Clock,
        tracks: TrackOf | None = None,
        languages: PersonLanguages | None = None,
    ) -> None:
        self._content = content
        self._languages = languages or PersonLanguages(database)
        self._tracks = tracks
        self._progress = progress
        self._workbook = workbook
        self._plans = plans
        self._conversations = conversations
        self._outbox = outbox
        self._diplomas = diplomas
        self._database = database
        self._events = events
        self._clock = clock

    # --- which curriculum -----------------------------------------------------------------------

    async def content_for(self, person_id: int, tenant_id: str) -> Content:
        """The content as this leader sees it: their organisation's, with the modules and
        exercises of their cohort's track (the default track without a cohort)."""
        return await curriculum_for(self._content.for_tenant(tenant_id), self._tracks, person_id)

    async def _tracks_of(self, people: Iterable[int]) -> dict[int, str | None]:
        """Everyone's track in one statement (not one per open exercise), when there are
        tracks to choose between and the store can answer for many."""
        many = getattr(self._tracks, "tracks_of", None)
        if self._tracks is None or len(self._content.tracks) < 2:
            return {}
        if many is not None:
            found: dict[int, str | None] = await many(people)
            return found
        return {person: await self._tracks.track_of(person) for person in people}

    # --- where the leader is ------------------------------------------------------------------

    async def statuses(self, person_id: int, tenant_id: str) -> tuple[ModuleStatus, ...]:
        return await self._statuses(person_id, await self.content_for(person_id, tenant_id))

    async def current(self, person_id: int, tenant_id: str) -> ModulePreview | ModuleView:
        """The module the leader is on (the last when all are done): its overview until they
        start it, then the module itself."""
        statuses = await self.statuses(person_id, tenant_id)
        status = current_module(statuses) or statuses[-1]
        if status.module.id in await self._progress.started_modules(person_id):
            return await self._module_view(person_id, status)
        return ModulePreview(status, started=False)

    async def overview(self, person_id: int, tenant_id: str, module_id: str) -> ModulePreview:
        status = await self._status(person_id, tenant_id, module_id)
        started = status.module.id in await self._progress.started_modules(person_id)
        return ModulePreview(status, started=started)

    async def module(self, person_id: int, tenant_id: str, module_id: str) -> ModuleView:
        return await self._module_view(
            person_id, await self._status(person_id, tenant_id, module_id)
        )

    async def start_module(self, person_id: int, tenant_id: str, module_id: str) -> ModuleView:
        status = await self._status(person_id, tenant_id, module_id)
        await self._progress.start_module(person_id, status.module.id)
        log.info("person %s started module %s", person_id, status.module.id)
        return await self._module_view(person_id, status)

    # --- exercises and the library ------------------------------------------------------------

    async def exercise(self, person_id: int, tenant_id: str, key: str) -> ExerciseView | None:
        """The exercise a button names; None if the content no longer has it."""
        exercise = find_exercise(await self.content_for(person_id, tenant_id), key)
        if exercise is None:
            return None
        started = await self._progress.started(person_id)
        return ExerciseView(
            exercise,
            started=key in started,
            reflection=await self._workbook.reflection(person_id, key),
            notes=await self._workbook.notes(person_id, key),
            do_first=await self._do_first(person_id, tenant_id, exercise),
            sittings=await self._progress.sittings(person_id, key) if key in started else 0,
        )

    async def record_sitting(self, person_id: int, tenant_id: str, key: str) -> ExerciseView | None:
        """ "Jag har gjort ett pass": one more sitting of an exercise spread over days (started
        if it was not); never more than it has. None: the content has no such exercise."""
        content = await self.content_for(person_id, tenant_id)
        exercise = find_exercise(content, key)
        if exercise is None:
            return None
        await self._start(person_id, content, exercise)
        done = await self._progress.record_sitting(person_id, key, exercise.sittings)
        log.info("person %s did sitting %s of exercise %s", person_id, done, key)
        return await self.exercise(person_id, tenant_id, key)

    async def save_notes(
        self, person_id: int, tenant_id: str, key: str, text: str
    ) -> NotesSaved | None:
        """Keep the leader's notes on the exercise (replacing earlier ones); a text over
        `notes_max_chars` is not saved but handed back. None: the content has no such exercise."""
        content = await self.content_for(person_id, tenant_id)
        exercise = find_exercise(content, key)
        if exercise is None:
            return None
        text = text.strip()
        over = too_long(text, content.learning.notes_max_chars)
        if over is None:
            await self._workbook.save_notes(person_id, exercise.module.id, key, text)
            log.info("person %s saved notes on exercise %s", person_id, key)
        view = await self.exercise(person_id, tenant_id, key)
        assert view is not None  # found above, and content does not change while running
        return NotesSaved(view, text, over)

    async def start_exercise(self, person_id: int, tenant_id: str, key: str) -> ExerciseView | None:
        content = await self.content_for(person_id, tenant_id)
        exercise = find_exercise(content, key)
        if exercise is None:
            return None
        await self._start(person_id, content, exercise)
        log.info("person %s started exercise %s", person_id, exercise.key)
        return await self.exercise(person_id, tenant_id, key)

    async def _start(self, person_id: int, content: Content, exercise: ExerciseRef) -> None:
        """Record the start (the first counts) with its first nudge's due moment, so the
        learning job reads the exercise only then."""
        now = self._clock()
        frequency = (await self._plans.get(person_id)).frequency
        first = next_nudge_due(now, now, **_rhythm(content, exercise, frequency, sittings=0))
        await self._progress.start_exercise(
            person_id, exercise.module.id, exercise.key, nudge_due_at=first
        )

    async def library(
        self, person_id: int, tenant_id: str, theme_id: str | None, minutes: int | None
    ) -> LibraryView:
        """The library filtered by a theme the content has (any other: every theme) and by
        the minutes the leader has (None or not positive: any length)."""
        content = await self.content_for(person_id, tenant_id)
        themes = {theme.id for theme in content.exercises.themes}
        return LibraryView(
            theme_id=theme_id if theme_id in themes else None,
            minutes=minutes if minutes is not None and minutes > 0 else None,
            started=frozenset(await self._progress.started(person_id)),
            reflected=await self._progress.reflected(person_id),
        )

    async def stop_writing(self, person_id: int) -> bool:
        """The leader cancelled: chat text no longer goes into a reflection."""
        return await self._progress.set_writing(person_id, None)

    # --- completion ---------------------------------------------------------------------------

    async def complete_if_done(
        self, person_id: int, tenant_id: str, module_id: str
    ) -> ModuleCompletion | None:
        """Record the module as completed if it now is (once), and publish `ModuleCompleted`
        (and `JourneyCompleted` after the last module) in the same unit of work."""
        async with self._database.unit_of_work():
            statuses = await self.statuses(person_id, tenant_id)
            if not status_of(statuses, module_id).done:
                return None
            if not await self._progress.complete_module(person_id, module_id):
                return None
            log.info("person %s completed module %s", person_id, module_id)
            completion = ModuleCompletion(module_id, statuses)
            await self._events.publish(ModuleCompleted(person_id, module_id, tenant_id))
            if completion.journey_completed:
                log.info("person %s completed the journey", person_id)
                await self._events.publish(JourneyCompleted(person_id, tenant_id))
            return completion

    async def group_session_held(self, person_id: int, module_id: str) -> bool:
        """Record the module's group session for the leader, and congratulate them (through
        the outbox, in their personal chat) if that completes the module."""
        async with self._database.unit_of_work():
            await self._progress.record_group_session(person_id, module_id)
            return await self._complete_and_announce(person_id, module_id)

    async def _complete_and_announce(self, person_id: int, module_id: str) -> bool:
        """Outside a turn: complete the module and say so through the outbox. A leader with no
        personal chat yet is not told, and the module stays uncompleted until they can be."""
        chat = await self._conversations.personal(person_id)
        if chat is None:
            return False
        completion = await self.complete_if_done(person_id, chat.tenant_id, module_id)
        if completion is None:
            return False
        await self._announce(chat, person_id, completion)
        return True

    async def _announce(
        self, chat: StoredConversation, person_id: int, completion: ModuleCompletion
    ) -> None:
        # In the leader's language: a coach's turn or a job may have caused it.
        with speaking(await self._languages.one(person_id)):
            content = await self.content_for(person_id, chat.tenant_id)
            card = celebration_card(content, completion.statuses)
            diploma = None
            if completion.journey_completed:
                diploma = await self._diplomas.diploma_card(person_id, chat.tenant_id)
        await self._outbox.enqueue(
            chat,
            card_message(card),
            idempotency_key=f"module-done-{person_id}-{completion.module_id}",
        )
        if diploma is not None:
            await self._outbox.enqueue(
                chat, card_message(diploma), idempotency_key=f"journey-done-{person_id}"
            )

    # --- the scheduler ------------------------------------------------------------------------

    async def tick(self, now: datetime | None = None) -> None:
        """The scheduler's learning job: nudges, and congratulations missed (a group session
        recorded before the leader had a personal chat)."""
        await self.send_nudges(now)
        for person_id in await self._progress.with_uncelebrated_sessions():
            chat = await self._conversations.personal(person_id)
            if chat is None:
                continue
            for status in await self.statuses(person_id, chat.tenant_id):
                if status.done:
                    async with self._database.unit_of_work():
                        await self._complete_and_announce(person_id, status.module.id)

    async def send_nudges(self, now: datetime | None = None) -> int:
        """Enqueue the due nudges for exercises started but not reflected on; returns how many
        were enqueued now. One per exercise and period (the idempotency key), at the leader's
        frequency, on the day it is due at the content's nudge hour; at most nudge_max each.

        The schedule is data: each exercise stores when its next nudge is due (`nudge_due_at`,
        None when none is pending), so an idle tick is one indexed statement that finds nothing
        due, however many exercises are open. A due one is nudged and given its next due moment
        in one unit of work with the outbox row."""
        now = now or self._clock()
        sent = 0
        for _ in range(NUDGE_BATCHES):
            due = await self._progress.due_nudges(now, NUDGE_BATCH)
            if due:
                async with self._database.unit_of_work():
                    sent += await self._nudge(due, now)
            if len(due) < NUDGE_BATCH:
                break
        return sent

    async def _nudge(self, due: list[DueNudge], now: datetime) -> int:
        """Enqueue what is due of these and store each one's next due moment."""
        wanted = [row for row in due if row.wanted]
        chats = await self._conversations.personal_chats(r.exercise.person_id for r in wanted)
        tracks = await self._tracks_of(chats)
        # Past the last period of the slowest rhythm (and a bot down for two weeks): never.
        oldest = now - nudge_horizon(self._content)
        schedule: list[tuple[DueNudge, datetime | None]] = []
        nudges: list[tuple[str, StoredConversation, datetime, OpenExercise]] = []
        for row in due:
            exercise = row.exercise
            chat = chats.get(exercise.person_id)
            if not row.wanted or exercise.started_at <= oldest:
                schedule.append((row, None))  # reflected, paused, nudges off: nothing pending
                continue
            if chat is None:
                schedule.append((row, now + NO_CHAT_RETRY))
                continue
            content = self._content_of(chat.tenant_id, tracks.get(exercise.person_id))
            found = find_exercise(content, exercise.exercise_id)
            if found is None:
                schedule.append((row, None))
                continue
            rhythm = _rhythm(content, found, exercise.frequency, exercise.sittings)
            slot = nudge_slot(exercise.started_at, now, **rhythm)
            # Only once due: a reflection written before then means no nudge at all.
            if slot is not None and slot.due_at <= now:
                key = f"nudge-{exercise.person_id}-{exercise.exercise_id}-{slot.period}"
                nudges.append((key, chat, slot.due_at, exercise))
            schedule.append((row, next_nudge_due(exercise.started_at, now, **rhythm)))
        sent = await self._enqueue_nudges(nudges, tracks)
        await self._progress.schedule_nudges(schedule)
        return sent

    async def _enqueue_nudges(
        self,
        nudges: list[tuple[str, StoredConversation, datetime, OpenExercise]],
        tracks: Mapping[int, str | None],
    ) -> int:
        """The nudges not in the outbox yet (a reschedule or a catch-up may meet one that is),
        each in its leader's language; how many were enqueued."""
        if not nudges:
            return 0
        enqueued = await self._outbox.enqueued(key for key, *_ in nudges)
        fresh = [entry for entry in nudges if entry[0] not in enqueued]
        # One read for the batch, and only when something is to be said.
        languages = await self._languages.of(e.person_id for *_, e in fresh) if fresh else {}
        sent = 0
        for key, chat, due_at, exercise in fresh:
            with speaking(languages[exercise.person_id]):
                card = self._nudge_card(exercise, chat.tenant_id, tracks.get(exercise.person_id))
            if card is not None:
                await self._outbox.enqueue(
                    chat, card_message(card), idempotency_key=key, due_at=due_at
                )
                sent += 1
        return sent

    def _content_of(self, tenant_id: str, track: str | None) -> Content:
        content = self._content.for_tenant(tenant_id)
        return content.for_track(track) if len(content.tracks) > 1 else content

    def _nudge_card(self, exercise: OpenExercise, tenant_id: str, track: str | None) -> Json | None:
        """The nudge in the language being spoken (a twin keeps the Swedish exercise ids), from
        the leader's track read with everyone's."""
        content = self._content_of(tenant_id, track)
        found = find_exercise(content, exercise.exercise_id)
        if found is None:
            return None
        return nudge_card(content, found, exercise.first_name, sittings=exercise.sittings)

    # --- helpers ------------------------------------------------------------------------------

    async def _statuses(self, person_id: int, content: Content) -> tuple[ModuleStatus, ...]:
        plan = await self._plans.get(person_id)
        return journey_status(
            content,
            plan.module_order,
            await self._progress.reflected(person_id),
            await self._progress.group_sessions(person_id),
        )

    async def _status(self, person_id: int, tenant_id: str, wanted: str) -> ModuleStatus:
        """The module a button names; one the content no longer has: where the leader is."""
        statuses = await self.statuses(person_id, tenant_id)
        if wanted in {status.module.id for status in statuses}:
            return status_of(statuses, wanted)
        return current_module(statuses) or statuses[-1]

    async def _do_first(
        self, person_id: int, tenant_id: str, exercise: ExerciseRef
    ) -> tuple[ExerciseRef, ...]:
        """The library exercises this one builds on that the leader has not reflected on."""
        if exercise.library is None or not exercise.library.builds_on:
            return ()
        content = await self.content_for(person_id, tenant_id)
        reflected = await self._progress.reflected(person_id)
        earlier = (library_exercise(content, number) for number in exercise.library.builds_on)
        return tuple(ref for ref in earlier if ref is not None and ref.key not in reflected)

    async def _module_view(self, person_id: int, status: ModuleStatus) -> ModuleView:
        return ModuleView(
            status,
            started=await self._progress.started(person_id),
            drafts=await self._progress.drafts(person_id),
        )


def nudge_horizon(content: Content) -> timedelta:
    """How long after its start an exercise can still have a nudge due: its last period (the
    most nudges, or sittings, at the rarest frequency), a weekend, and two weeks for a bot
    that was down to catch up. Exercises started before are not read at all, so exercises
    left long ago cost the learning job nothing."""
    slowest = min(
        [DEFAULT_FREQUENCY_PER_WEEK]
        + [f.sessions_per_week for f in content.journey.planning.frequencies]
    )
    most = max(
        [content.learning.nudge_max]
        + [e.sittings for m in content.modules for e in module_exercises(content, m)]
    )
    return most * nudge_interval(slowest) + timedelta(days=3 + 14)


class _Rhythm(TypedDict):
    interval: timedelta
    max_nudges: int
    zone: ZoneInfo
    at: time


def _rhythm(
    content: Content, exercise: ExerciseRef, frequency: str | None, sittings: int
) -> _Rhythm:
    """The inputs of an exercise's nudge slots (`nudge_slot`, `next_nudge_due`): the leader's
    frequency, the content's hour, zone and number; spread over days, a nudge per sitting left."""
    sittings_left = exercise.sittings - sittings if exercise.sittings > 1 else 0
    return _Rhythm(
        interval=nudge_interval(_sessions_per_week(content, frequency)),
        max_nudges=max(content.learning.nudge_max, sittings_left),
        zone=ZoneInfo(content.organisation.time_zone),
        at=content.learning.nudge_hour,
    )


def _sessions_per_week(content: Content, frequency: str | None) -> float:
    if frequency is None:
        return DEFAULT_FREQUENCY_PER_WEEK
    try:
        return content.journey.planning.frequency(frequency).sessions_per_week
    except KeyError:
        return DEFAULT_FREQUENCY_PER_WEEK
