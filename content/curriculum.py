"""The modules and the exercise library (modules.yaml, exercises.yaml)."""

import re
from typing import Any

from pydantic import (
    Field,
    PositiveInt,
    field_validator,
    model_validator,
)

from content.schema import ContentModel, find, numbered, unique
from content.text import Id, Text, Url

# --- modules.yaml -------------------------------------------------------------------------


class Step(ContentModel):
    text: Text
    tip: Text


class Reflection(ContentModel):
    prompt: Text
    words: PositiveInt
    shared_with_team: bool


class BehaviourExercise(ContentModel):
    id: Id
    number: PositiveInt
    title: Text
    short_title: Text
    instruction: Text
    steps: tuple[Step, ...] = Field(min_length=1)
    reflection: Reflection
    workbook_description: Text


class ModuleOverview(ContentModel):
    title: Text
    text: Text
    items_intro: Text
    items: tuple[Text, ...] = Field(min_length=1)


class GroupSession(ContentModel):
    """The module's sitting with the Innovationsteam: what it is for and its agenda."""

    purpose: Text
    agenda: tuple[Text, ...] = Field(min_length=3)


class Films(ContentModel):
    """An organisation's films for one area and module (its own file; none by default):
    `area` is "Starta filmen" when the leader meets the area, `introduction` the module's
    "Introduktionsfilm"."""

    area: Url | None = None
    introduction: Url | None = None


class Module(ContentModel):
    id: Id
    number: PositiveInt
    title: Text
    about: tuple[Text, ...] = Field(min_length=1)
    overview: ModuleOverview
    introduction: Text
    group_session: GroupSession
    # No film by default: an organisation sets its own (films in its file), else no button.
    films: Films = Films()
    methods_and_tools: Text
    theme: Id | None = None
    exercise_numbers: tuple[PositiveInt, ...] = ()
    behaviour_exercises: tuple[BehaviourExercise, ...] = ()

    @field_validator("behaviour_exercises")
    @classmethod
    def _numbered_exercises(
        cls, value: tuple[BehaviourExercise, ...]
    ) -> tuple[BehaviourExercise, ...]:
        unique(value, lambda exercise: exercise.id, "behaviour exercise id")
        return numbered(value, lambda exercise: exercise.number, "behaviour exercises")

    @model_validator(mode="after")
    def _has_exercises(self) -> "Module":
        if not self.behaviour_exercises and not self.exercise_numbers:
            raise ValueError("a module needs behaviour_exercises or exercise_numbers")
        if self.exercise_numbers and self.theme is None:
            raise ValueError("exercise_numbers need a theme")
        return self


class ModulesFile(ContentModel):
    modules: tuple[Module, ...] = Field(min_length=1)

    @field_validator("modules")
    @classmethod
    def _numbered_modules(cls, value: tuple[Module, ...]) -> tuple[Module, ...]:
        unique(value, lambda module: module.id, "module id")
        return numbered(value, lambda module: module.number, "modules")


# --- exercises.yaml -----------------------------------------------------------------------

_HOURS = re.compile(r"^(\d+)(?:,(\d+))? h$")
_MINUTES = re.compile(r"^(?:(\d+) x )?(\d+) min$")


def parse_duration(text: str) -> tuple[int, int]:
    """(minutes per sitting, sittings) from the seed's notation: "1,25 h", "10 x 10 min"."""
    if match := _HOURS.match(text):
        hours = float(f"{match[1]}.{match[2] or 0}")
        minutes = hours * 60
        if minutes != int(minutes):
            raise ValueError(f"{text!r} is not a whole number of minutes")
        return int(minutes), 1
    if match := _MINUTES.match(text):
        return int(match[2]), int(match[1] or 1)
    raise ValueError(f'duration {text!r} must look like "2 h", "1,5 h", "30 min" or "10 x 10 min"')


class Theme(ContentModel):
    id: Id
    number: PositiveInt
    title: Text


class Exercise(ContentModel):
    number: PositiveInt
    title: Text
    theme: Id
    description: Text
    duration: Text
    minutes: PositiveInt
    sessions: PositiveInt = 1

    @model_validator(mode="after")
    def _duration_matches(self) -> "Exercise":
        minutes, sessions = parse_duration(self.duration)
        if (minutes, sessions) != (self.minutes, self.sessions):
            raise ValueError(
                f"duration {self.duration!r} means minutes={minutes}, sessions={sessions}, "
                f"but the file says minutes={self.minutes}, sessions={self.sessions}"
            )
        return self

    @property
    def total_minutes(self) -> int:
        return self.minutes * self.sessions


class ExerciseLibrary(ContentModel):
    themes: tuple[Theme, ...] = Field(min_length=1)
    exercises: tuple[Exercise, ...] = Field(min_length=1)

    @field_validator("themes")
    @classmethod
    def _numbered_themes(cls, value: tuple[Theme, ...]) -> tuple[Theme, ...]:
        unique(value, lambda theme: theme.id, "theme id")
        return numbered(value, lambda theme: theme.number, "themes")

    @field_validator("exercises")
    @classmethod
    def _numbered_exercises(cls, value: tuple[Exercise, ...], info: Any) -> tuple[Exercise, ...]:
        numbered(value, lambda exercise: exercise.number, "exercises")
        theme_ids = {theme.id for theme in info.data.get("themes", ())}
        for exercise in value:
            if theme_ids and exercise.theme not in theme_ids:
                raise ValueError(f"exercise {exercise.number} has unknown theme {exercise.theme!r}")
        return value

    def get(self, number: int) -> Exercise:
        return find(self.exercises, lambda exercise: exercise.number == number, str(number))

    def theme(self, theme_id: str) -> Theme:
        return find(self.themes, lambda theme: theme.id == theme_id, theme_id)

    def for_theme(self, theme_id: str) -> tuple[Exercise, ...]:
        return tuple(exercise for exercise in self.exercises if exercise.theme == theme_id)
