"""Learning in the personal chat: modules, exercises, the exercise library, progress.

- "modul" shows where the leader is: the module's overview ("Vad innehåller Modul 1?") until
  they start it, then its introduction with the exercises and the group session;
- an exercise shows its steps with the tips behind "?"; "Gör övningen" records the start;
- "övningar" (or "jag har 15 minuter" typed in chat) shows the library, filtered by theme or time;
- reflections are dialogs.reflections; "framsteg" shows progress per module.

The decisions are services.learning's; this only turns turns into its calls and its results
into cards. Nudges and congratulations outside a turn are the service's, through the outbox.
"""

from __future__ import annotations

from cards import learning_actions as buttons
from cards.elements import Json
from cards.exercises import Notes, exercise_card
from cards.library import library_card
from cards.modules import module_card, module_overview_card
from cards.progress import progress_card
from chat.actions import CardActions
from chat.caller import Caller, ConversationKind
from chat.commands import Command, CommandHandlers
from chat.flows import NextStep
from chat.turn import Turn
from content.models import Content
from dialogs.reflections import ReflectionsDialog
from learning.time_available import minutes_available
from services.learning import (
    ExerciseView,
    LearningService,
    ModulePreview,
    ModuleView,
    NotesSaved,
)


class LearningDialog:
    def __init__(
        self, content: Content, learning: LearningService, reflections: ReflectionsDialog
    ) -> None:
        self._content = content
        self._learning = learning
        self._reflections = reflections

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.EXERCISES, self._on_library_command)
        commands.register(Command.MODULE, self._on_module_command)
        commands.register(Command.PROGRESS, self._on_progress_command)
        actions.on(buttons.MODULE_OVERVIEW, buttons.ShowModuleOverview, self._on_overview)
        actions.on(buttons.MODULE_START, buttons.StartModule, self._on_start_module)
        actions.on(buttons.MODULE_SHOW, buttons.ShowModule, self._on_module)
        actions.on(buttons.EXERCISE_SHOW, buttons.ShowExercise, self._on_exercise)
        actions.on(buttons.EXERCISE_START, buttons.StartExercise, self._on_start_exercise)
        actions.on(buttons.EXERCISE_NOTES, buttons.SaveNotes, self._on_save_notes)
        actions.on(buttons.EXERCISE_SITTING, buttons.DoSitting, self._on_sitting)
        actions.on(buttons.LIBRARY, buttons.FilterLibrary, self._on_library)
        actions.on(buttons.PROGRESS, buttons.ShowProgress, self._on_progress)
        self._reflections.register(actions)

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
        return await self._reflections.on_text(turn, text)

    async def cancel(self, turn: Turn) -> bool:
        return await self._learning.stop_writing(turn.caller.person_id)

    async def next_step(self, turn: Turn) -> NextStep | None:
        return None  # the module is the router's default next step

    # --- commands -----------------------------------------------------------------------------

    async def _on_library_command(self, turn: Turn) -> None:
        turn.show(await self._library(turn.caller, None, None))

    async def _on_module_command(self, turn: Turn) -> None:
        caller = turn.caller
        turn.show(await self._module(caller, await self._learning.current(*_who(caller))))

    async def _on_progress_command(self, turn: Turn) -> None:
        turn.show(await self._progress(turn.caller))

    # --- buttons ------------------------------------------------------------------------------

    async def _on_overview(self, turn: Turn, payload: buttons.ShowModuleOverview) -> Json:
        caller = turn.caller
        return await self._module(
            caller, await self._learning.overview(*_who(caller), payload.module)
        )

    async def _on_start_module(self, turn: Turn, payload: buttons.StartModule) -> Json:
        caller = turn.caller
        view = await self._learning.start_module(*_who(caller), payload.module)
        return await self._module(caller, view)

    async def _on_module(self, turn: Turn, payload: buttons.ShowModule) -> Json:
        caller = turn.caller
        return await self._module(
            caller, await self._learning.module(*_who(caller), payload.module)
        )

    async def _on_exercise(self, turn: Turn, payload: buttons.ShowExercise) -> Json:
        caller = turn.caller
        view = await self._learning.exercise(*_who(caller), payload.exercise)
        return await self._exercise(caller, view)

    async def _on_start_exercise(self, turn: Turn, payload: buttons.StartExercise) -> Json:
        caller = turn.caller
        view = await self._learning.start_exercise(*_who(caller), payload.exercise)
        note = self._content.for_tenant(caller.tenant_id).learning.exercise_started
        return await self._exercise(caller, view, note=note)

    async def _on_sitting(self, turn: Turn, payload: buttons.DoSitting) -> Json:
        caller = turn.caller
        view = await self._learning.record_sitting(*_who(caller), payload.exercise)
        if view is None:
            return await self._library(caller, None, None)
        total = view.exercise.sittings
        note = self._content.for_tenant(caller.tenant_id).learning.sitting_saved.format(
            done=view.sittings, total=total
        )
        return await self._exercise(caller, view, note=note)

    async def _on_save_notes(self, turn: Turn, payload: buttons.SaveNotes) -> Json:
        caller = turn.caller
        saved = await self._learning.save_notes(
            *_who(caller), payload.exercise, payload.notes or ""
        )
        if saved is None:
            return await self._library(caller, None, None)
        return await self._notes_saved(caller, saved)

    async def _on_library(self, turn: Turn, payload: buttons.FilterLibrary) -> Json:
        raw = payload.minutes or ""
        minutes = int(raw) if raw.isdigit() else None
        return await self._library(turn.caller, payload.theme or None, minutes)

    async def _on_progress(self, turn: Turn, _payload: buttons.ShowProgress) -> Json:
        return await self._progress(turn.caller)

    # --- rendering ----------------------------------------------------------------------------

    async def _module(self, caller: Caller, view: ModulePreview | ModuleView) -> Json:
        content = await self._content_for(caller)
        if isinstance(view, ModulePreview):
            return module_overview_card(content, view.status, started=view.started)
        return module_card(content, view.status, started=view.started, drafts=view.drafts)

    async def _exercise(
        self, caller: Caller, view: ExerciseView | None, *, note: str | None = None
    ) -> Json:
        """The exercise; one the content no longer has: the library."""
        if view is None:
            return await self._library(caller, None, None)
        return exercise_card(
            await self._content_for(caller),
            view.exercise,
            started=view.started,
            reflection=view.reflection,
            note=note,
            notes=Notes(view.notes),
            do_first=view.do_first,
            sittings=view.sittings,
        )

    async def _notes_saved(self, caller: Caller, saved: NotesSaved) -> Json:
        """Saved: the card says so. Too long: the text comes back in the open box, with why."""
        content, view = await self._content_for(caller), saved.view
        if saved.too_long is not None:
            over = saved.too_long
            error = content.messages.text_too_long.format(length=over.length, limit=over.limit)
            notes, note = Notes(saved.text, open=True, error=error), None
        else:
            notes, note = Notes(view.notes), content.learning.notes_saved
        return exercise_card(
            content,
            view.exercise,
            started=view.started,
            reflection=view.reflection,
            note=note,
            notes=notes,
            do_first=view.do_first,
            sittings=view.sittings,
        )

    async def _library(self, caller: Caller, theme_id: str | None, minutes: int | None) -> Json:
        view = await self._learning.library(*_who(caller), theme_id, minutes)
        return library_card(
            await self._content_for(caller),
            theme_id=view.theme_id,
            minutes=view.minutes,
            started=view.started,
            reflected=view.reflected,
        )

    async def _progress(self, caller: Caller) -> Json:
        return progress_card(
            await self._content_for(caller), await self._learning.statuses(*_who(caller))
        )

    async def _content_for(self, caller: Caller) -> Content:
        """The content as this leader sees it: with their cohort's track (content.tracks)."""
        return await self._learning.content_for(*_who(caller))


def _who(caller: Caller) -> tuple[int, str]:
    """The caller as the services know them: a person id and a tenant id."""
    return caller.person_id, caller.tenant_id
