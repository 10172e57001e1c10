"""The learning cards' buttons: each verb and the typed payload it carries.

Every button carries its verb and the module or exercise it is about, so an old card still
does the right thing. An id the content no longer knows (an old card after a content change)
is found by the services and answered by the dialogs, never trusted.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from chat.actions import MAX_INPUT_CHARS, ActionPayload

MODULE_OVERVIEW = "learning_module_overview"
MODULE_START = "learning_module_start"
MODULE_SHOW = "learning_module"
EXERCISE_SHOW = "learning_exercise"
EXERCISE_START = "learning_exercise_start"
EXERCISE_SITTING = "learning_exercise_sitting"
EXERCISE_NOTES = "learning_exercise_notes"
REFLECT = "learning_reflect"
REFLECTION_DRAFT = "learning_reflection_draft"
REFLECTION_SEND = "learning_reflection_send"
LIBRARY = "learning_library"
PROGRESS = "learning_progress"

REFLECTION_INPUT = "reflection"
NOTES_INPUT = "notes"
SHARE_INPUT = "share"
THEME_INPUT = "theme"
MINUTES_INPUT = "minutes"
ALL = "all"
ON, OFF = "true", "false"

# A module's or an exercise's id as the content spells it ("important_behaviour", "exercise_7").
# One the content does not know (an old card after a content change) is the dialog's to handle.
ContentId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=100)]
# The library's filters as the dropdowns send them: a theme's id, minutes, or "all" (or "").
ThemeChoice = Annotated[str, StringConstraints(pattern=r"^([a-z][a-z0-9_]*)?$", max_length=100)]
MinutesChoice = Annotated[str, StringConstraints(pattern=r"^(all|[0-9]{1,20})?$")]


class ModuleButton(ActionPayload):
    """A button about one module: the module's id."""

    module: ContentId


class ShowModuleOverview(ModuleButton):
    """MODULE_OVERVIEW, "Visa Modul N" on the progress card: "Vad innehåller Modul N?"."""


class StartModule(ModuleButton):
    """MODULE_START, "Starta modulen" (or "Gå vidare") on the module's overview."""


class ShowModule(ModuleButton):
    """MODULE_SHOW, "Tillbaka till modulen" from an exercise or a reflection."""


class ExerciseButton(ActionPayload):
    """A button about one exercise: its key (a behaviour exercise's id, or "exercise_<n>")."""

    exercise: ContentId


class ShowExercise(ExerciseButton):
    """EXERCISE_SHOW, an exercise on the module card, the library or the nudge."""


class StartExercise(ExerciseButton):
    """EXERCISE_START, "Gör övningen" on the exercise card or in the library."""


class DoSitting(ExerciseButton):
    """EXERCISE_SITTING, "Jag har gjort ett pass" on an exercise spread over days."""


class SaveNotes(ExerciseButton):
    """EXERCISE_NOTES, "Spara anteckningar" under "Dina anteckningar" on the exercise card.

    Like a reflection, a text over `notes_max_chars` is shown back by the dialog, not refused
    here; without the input (an old client) the notes are empty.
    """

    notes: Annotated[str, Field(max_length=MAX_INPUT_CHARS)] | None = None


class Reflect(ExerciseButton):
    """REFLECT, "Skriv reflektion" (or "Ändra reflektionen"): the reflection card."""


class ReflectionAnswers(ExerciseButton):
    """The reflection card's buttons: the exercise, the text and the share switch.

    The text is not held to `reflection_max_chars` here: a longer one is shown back to the
    leader with its length by the dialog, never lost. The switch sends "true" or "false"
    (a JSON boolean from some clients); without it the choice made before stands.
    """

    reflection: Annotated[str, Field(max_length=MAX_INPUT_CHARS)] | None = None
    share: Annotated[bool, Field(strict=True)] | Literal["true", "false"] | None = None

    @property
    def shared(self) -> bool | None:
        """The switch as a boolean; None when the card did not send it."""
        if self.share is None or isinstance(self.share, bool):
            return self.share
        return self.share == ON


class SaveReflectionDraft(ReflectionAnswers):
    """REFLECTION_DRAFT, "Spara utkast"."""


class SendReflection(ReflectionAnswers):
    """REFLECTION_SEND, "Skicka"."""


class FilterLibrary(ActionPayload):
    """LIBRARY, "Visa övningar" with the library's filters (a theme's id or "all", minutes or
    "all"), or "Tillbaka till övningarna" from an exercise (no filters: every exercise)."""

    theme: ThemeChoice | None = None
    minutes: MinutesChoice | None = None


class ShowProgress(ActionPayload):
    """PROGRESS, "Dina framsteg" on the module card: nothing but the verb."""
