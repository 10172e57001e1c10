"""Learning in the personal chat: modules, exercises, the exercise library, progress, nudges.

- "modul" shows where the leader is: the module's overview ("Vad innehåller Modul 1?") until
  they start it, then its introduction with the exercises and the group session;
- an exercise shows its steps with the tips behind "?"; "Gör övningen" records the start;
- "övningar" (or "jag har 15 minuter" typed in chat) shows the library, filtered by theme or time;
- reflections are dialogs.reflections; "framsteg" shows progress per module;
- a scheduler tick (`tick`) nudges for exercises started but not reflected on, at the leader's
  own frequency, posts reflections shared before the leader had a group, and congratulates
  on modules whose group session was recorded. Everything said later goes through the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from cards import exercises, library, modules, nudge, progress
from cards import learning_actions as buttons
from cards.elements import Json
from chat.actions import CardActions
from chat.caller import Caller, ConversationKind
from chat.commands import Command, CommandHandlers
from chat.outgoing import card_message
from chat.turn import Turn
from clock import Clock
from content.curriculum import Module
from content.models import Content
from dialogs.reflections import Reflections
from learning.progress import (
    ModuleStatus,
    current_module,
    find_exercise,
    journey_status,
    nudge_interval,
    nudge_slot,
    status_of,
)
from learning.time_available import minutes_available
from storage.conversations import Conversations, StoredConversation
from storage.learning_plans import LearningPlans
from storage.learning_progress import LearningProgress
from storage.outbox import Outbox
from storage.workbook import Workbook

log = logging.getLogger(__name__)

JourneyCompleted = Callable[[int, str], Awaitable[Json | None]]
DEFAULT_FREQUENCY_PER_WEEK = 1.0  # a leader who has not chosen: weekly


class Learning:
    def __init__(
        self,
        content: Content,
        progress: LearningProgress,
        workbook: Workbook,
        plans: LearningPlans,
        conversations: Conversations,
        outbox: Outbox,
        *,
        clock: Clock,
    ) -> None:
        self._content = content
        self._progress = progress
        self._workbook = workbook
        self._plans = plans
        self._conversations = conversations
        self._outbox = outbox
        self._clock = clock
        # Set by the workbook: record the whole journey as done, and the card with the diploma.
        self.on_journey_completed: JourneyCompleted | None = None
        self.reflections = Reflections(
            content, progress, workbook, conversations, outbox, self.statuses, self._celebrate
        )

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.EXERCISES, self._on_library_command)
        commands.register(Command.MODULE, self._on_module_command)
        commands.register(Command.PROGRESS, self._on_progress_command)
        actions.on(buttons.MODULE_OVERVIEW, buttons.ShowModuleOverview, self._on_overview)
        actions.on(buttons.MODULE_START, buttons.StartModule, self._on_start_module)
        actions.on(buttons.MODULE_SHOW, buttons.ShowModule, self._on_module)
        actions.on(buttons.EXERCISE_SHOW, buttons.ShowExercise, self._on_exercise)
        actions.on(buttons.EXERCISE_START, buttons.StartExercise, self._on_start_exercise)
        actions.on(buttons.LIBRARY, buttons.FilterLibrary, self._on_library)
        actions.on(buttons.PROGRESS, buttons.ShowProgress, self._on_progress)
        self.reflections.register(actions)

    # --- the Flow protocol: free text and "avbryt" --------------------------------------------

    async def on_text(self, turn: Turn, text: str) -> bool:
        """ "jag har 15 minuter" -> the library for 15 minutes; text while writing a
        reflection -> into the reflection card. Anything else is not for this flow."""
        caller = turn.caller
        if caller.conversation_kind != ConversationKind.PERSONAL:
            return False
        minutes = minutes_available(text)
        if minutes is not None:
            turn.show(await self._library(caller, None, minutes))
            return True
        return await self.reflections.on_text(turn, text)

    async def cancel(self, turn: Turn) -> bool:
        return await self._progress.set_writing(turn.caller.person_id, None)

    # --- commands -----------------------------------------------------------------------------

    async def _on_library_command(self, turn: Turn) -> None:
        turn.show(await self._library(turn.caller, None, None))

    async def _on_module_command(self, turn: Turn) -> None:
        caller = turn.caller
        statuses = await self.statuses(caller.person_id, self._content_for(caller))
        status = current_module(statuses) or statuses[-1]
        turn.show(await self._module_or_overview(caller, status))

    async def _on_progress_command(self, turn: Turn) -> None:
        caller = turn.caller
        content = self._content_for(caller)
        turn.show(progress.progress_card(content, await self.statuses(caller.person_id, content)))

    # --- buttons ------------------------------------------------------------------------------

    async def _on_overview(self, turn: Turn, payload: buttons.ShowModuleOverview) -> Json:
        caller = turn.caller
        status = await self._status(caller, payload.module)
        started = status.module.id in await self._progress.started_modules(caller.person_id)
        return modules.module_overview_card(self._content_for(caller), status, started=started)

    async def _on_start_module(self, turn: Turn, payload: buttons.StartModule) -> Json:
        caller = turn.caller
        status = await self._status(caller, payload.module)
        await self._progress.start_module(caller.person_id, status.module.id)
        log.info("person %s started module %s", caller.person_id, status.module.id)
        return await self._module_card(caller, status)

    async def _on_module(self, turn: Turn, payload: buttons.ShowModule) -> Json:
        caller = turn.caller
        return await self._module_card(caller, await self._status(caller, payload.module))

    async def _on_exercise(self, turn: Turn, payload: buttons.ShowExercise) -> Json:
        return await self._exercise_card(turn.caller, payload.exercise)

    async def _on_start_exercise(self, turn: Turn, payload: buttons.StartExercise) -> Json:
        caller = turn.caller
        content = self._content_for(caller)
        exercise = find_exercise(content, payload.exercise)
        if exercise is None:
            return await self._library(caller, None, None)
        await self._progress.start_exercise(caller.person_id, exercise.module.id, exercise.key)
        log.info("person %s started exercise %s", caller.person_id, exercise.key)
        return await self._exercise_card(
            caller, exercise.key, note=content.learning.exercise_started
        )

    async def _on_library(self, turn: Turn, payload: buttons.FilterLibrary) -> Json:
        caller = turn.caller
        content = self._content_for(caller)
        theme = payload.theme or buttons.ALL
        theme_id = theme if theme in {t.id for t in content.exercises.themes} else None
        raw = payload.minutes or ""
        minutes = int(raw) if raw.isdigit() and int(raw) > 0 else None
        return await self._library(caller, theme_id, minutes)

    async def _on_progress(self, turn: Turn, _payload: buttons.ShowProgress) -> Json:
        caller = turn.caller
        content = self._content_for(caller)
        return progress.progress_card(content, await self.statuses(caller.person_id, content))

    # --- what the meetings code and the scheduler call ----------------------------------------

    async def group_session_held(self, person_id: int, module_id: str) -> bool:
        """Record the module's group session for the leader, and congratulate them (through
        the outbox, in their personal chat) if that completes the module."""
        await self._progress.record_group_session(person_id, module_id)
        return await self._celebrate(person_id, module_id, None)

    async def tick(self, now: datetime | None = None) -> None:
        """The scheduler's learning job: nudges, late shares, missed congratulations."""
        await self.send_nudges(now)
        await self.reflections.post_unposted()
        for person_id in await self._progress.with_uncelebrated_sessions():
            chat = await self._conversations.personal(person_id)
            content = self._content.for_tenant(chat.tenant_id if chat else None)
            for status in await self.statuses(person_id, content):
                if status.done:
                    await self._celebrate(person_id, status.module.id, None)

    async def send_nudges(self, now: datetime | None = None) -> int:
        """Enqueue the due nudges for exercises started but not reflected on; returns how many
        were enqueued now. One per exercise and period (the idempotency key), at the leader's
        frequency, on the day it is due at the content's nudge hour; at most nudge_max each."""
        now = now or self._clock()
        enqueued = 0
        for exercise in await self._progress.open_exercises():
            chat = await self._conversations.personal(exercise.person_id)
            if chat is None:
                continue
            content = self._content.for_tenant(chat.tenant_id)
            found = find_exercise(content, exercise.exercise_id)
            if found is None:
                continue
            slot = nudge_slot(
                exercise.started_at,
                now,
                nudge_interval(_sessions_per_week(content, exercise.frequency)),
                max_nudges=content.learning.nudge_max,
                zone=ZoneInfo(content.organisation.time_zone),
                at=content.learning.nudge_hour,
            )
            # Only once due: a reflection written before then means no nudge at all.
            if slot is None or slot.due_at > now:
                continue
            await self._outbox.enqueue(
                chat,
                card_message(nudge.nudge_card(content, found, exercise.first_name)),
                idempotency_key=f"nudge-{exercise.person_id}-{exercise.exercise_id}-{slot.period}",
                due_at=slot.due_at,
            )
            enqueued += 1
        return enqueued

    # --- state --------------------------------------------------------------------------------

    async def statuses(self, person_id: int, content: Content) -> tuple[ModuleStatus, ...]:
        plan = await self._plans.get(person_id)
        return journey_status(
            content,
            plan.module_order,
            await self._progress.reflected(person_id),
            await self._progress.group_sessions(person_id),
        )

    async def _celebrate(self, person_id: int, module_id: str, turn: Turn | None) -> bool:
        """If the module is done and not yet celebrated: the congratulation with the progress,
        in this turn or (without one) through the outbox. True when it was said."""
        chat = None if turn is not None else await self._conversations.personal(person_id)
        if turn is not None:
            tenant: str = turn.caller.tenant_id
        elif chat is not None:
            tenant = chat.tenant_id
        else:
            return False
        content = self._content.for_tenant(tenant)
        statuses = await self.statuses(person_id, content)
        if not status_of(statuses, module_id).done:
            return False
        if not await self._progress.complete_module(person_id, module_id):
            return False
        card = _celebration(content, statuses)
        if turn is not None:
            turn.show(card)
        elif chat is not None:
            await self._outbox.enqueue(
                chat, card_message(card), idempotency_key=f"module-done-{person_id}-{module_id}"
            )
        log.info("person %s completed module %s", person_id, module_id)
        if current_module(statuses) is None:
            await self._journey_completed(person_id, tenant, turn, chat)
        return True

    async def _journey_completed(
        self,
        person_id: int,
        tenant_id: str,
        turn: Turn | None,
        chat: StoredConversation | None,
    ) -> None:
        """Every module done: the workbook records it and offers the diploma."""
        if self.on_journey_completed is None:
            return
        card = await self.on_journey_completed(person_id, tenant_id)
        if card is None:
            return
        if turn is not None:
            turn.show(card)
        elif chat is not None:
            await self._outbox.enqueue(
                chat, card_message(card), idempotency_key=f"journey-done-{person_id}"
            )

    async def _status(self, caller: Caller, wanted: str) -> ModuleStatus:
        """The module a button names; one the content no longer has: where the leader is."""
        content = self._content_for(caller)
        statuses = await self.statuses(caller.person_id, content)
        known = {status.module.id for status in statuses}
        if wanted in known:
            return status_of(statuses, wanted)
        return current_module(statuses) or statuses[-1]

    async def _module_or_overview(self, caller: Caller, status: ModuleStatus) -> Json:
        if status.module.id in await self._progress.started_modules(caller.person_id):
            return await self._module_card(caller, status)
        return modules.module_overview_card(self._content_for(caller), status, started=False)

    async def _module_card(self, caller: Caller, status: ModuleStatus) -> Json:
        return modules.module_card(
            self._content_for(caller),
            status,
            started=await self._progress.started(caller.person_id),
            drafts=await self._progress.drafts(caller.person_id),
        )

    async def _exercise_card(self, caller: Caller, key: str, *, note: str | None = None) -> Json:
        content = self._content_for(caller)
        exercise = find_exercise(content, key)
        if exercise is None:
            return await self._library(caller, None, None)
        started = await self._progress.started(caller.person_id)
        return exercises.exercise_card(
            content,
            exercise,
            started=key in started,
            reflection=await self._workbook.reflection(caller.person_id, key),
            note=note,
        )

    async def _library(self, caller: Caller, theme_id: str | None, minutes: int | None) -> Json:
        return library.library_card(
            self._content_for(caller),
            theme_id=theme_id,
            minutes=minutes,
            started=await self._progress.started(caller.person_id),
            reflected=await self._progress.reflected(caller.person_id),
        )

    def _content_for(self, caller: Caller) -> Content:
        return self._content.for_tenant(caller.tenant_id)


def _celebration(content: Content, statuses: tuple[ModuleStatus, ...]) -> Json:
    upcoming = current_module(statuses)
    if upcoming is None:
        return progress.progress_card(
            content, statuses, headline=content.messages.journey_completed
        )
    module: Module = upcoming.module
    headline = content.messages.congratulations.format(next_module=module.number)
    return progress.progress_card(content, statuses, headline=headline, next_module=module)


def _sessions_per_week(content: Content, frequency: str | None) -> float:
    if frequency is None:
        return DEFAULT_FREQUENCY_PER_WEEK
    try:
        return content.journey.planning.frequency(frequency).sessions_per_week
    except KeyError:
        return DEFAULT_FREQUENCY_PER_WEEK
