"""The modules and the exercise library (modules.yaml, exercises.yaml)."""

import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (
    Field,
    PositiveInt,
    field_validator,
    model_validator,
)

from content.schema import ContentModel, find, numbered, unique
from content.text import Id, Text, Url, at_most

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


# How long each part of a library exercise may be, in characters, so the exercise card reads
# in about two screens in Teams: the visible parts (introduction, prepare, steps, questions,
# share) stay within VISIBLE_MAX together; tips, notes and examples are folded or short.
INTRODUCTION_MAX = 400
PREPARE_MAX = 250
STEP_MAX = 220
TIP_MAX = 260
QUESTION_MAX = 150
SHARE_MAX = 250
EXAMPLE_MAX = 300
VISIBLE_MAX = 1400
STEPS_MIN, STEPS_MAX = 3, 6
QUESTIONS_MIN, QUESTIONS_MAX = 2, 3
EXAMPLES_MAX = 3


Example = Annotated[Text, at_most(EXAMPLE_MAX)]
"""An organisation's own example for an exercise (exercise_examples in its file)."""


class ExerciseStep(ContentModel):
    text: Annotated[Text, at_most(STEP_MAX)]
    tip: Annotated[Text, at_most(TIP_MAX)]


class Exercise(ContentModel):
    number: PositiveInt
    title: Text
    theme: Id
    description: Text  # the seed's one sentence, shown in the library
    duration: Text
    minutes: PositiveInt
    sessions: PositiveInt = 1
    introduction: Annotated[Text, at_most(INTRODUCTION_MAX)]
    prepare: Annotated[Text, at_most(PREPARE_MAX)]
    steps: tuple[ExerciseStep, ...] = Field(min_length=STEPS_MIN, max_length=STEPS_MAX)
    reflection_questions: tuple[Annotated[Text, at_most(QUESTION_MAX)], ...] = Field(
        min_length=QUESTIONS_MIN, max_length=QUESTIONS_MAX
    )
    share: Annotated[Text, at_most(SHARE_MAX)]
    builds_on: tuple[PositiveInt, ...] = ()
    # Set from the organisation's file (exercise_examples), not from exercises.yaml.
    local_examples: tuple[Example, ...] = Field(default=(), max_length=EXAMPLES_MAX)

    @field_validator("builds_on")
    @classmethod
    def _distinct(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        return unique(value, int, "builds_on number")

    @model_validator(mode="after")
    def _fits_a_card(self) -> "Exercise":
        if self.number in self.builds_on:
            raise ValueError(f"exercise {self.number} cannot build on itself")
        visible = self.visible_length
        if visible > VISIBLE_MAX:
            raise ValueError(
                f"exercise {self.number} shows {visible} characters (introduction, prepare, "
                f"steps, questions, share); at most {VISIBLE_MAX} fit a card without a wall"
            )
        return self

    @property
    def visible_length(self) -> int:
        """Characters shown unfolded on the exercise card."""
        parts = (
            self.introduction,
            self.prepare,
            self.share,
            *(step.text for step in self.steps),
            *self.reflection_questions,
        )
        return sum(len(part) for part in parts)

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
        _check_builds_on(value)
        return value

    def get(self, number: int) -> Exercise:
        return find(self.exercises, lambda exercise: exercise.number == number, str(number))

    def theme(self, theme_id: str) -> Theme:
        return find(self.themes, lambda theme: theme.id == theme_id, theme_id)

    def for_theme(self, theme_id: str) -> tuple[Exercise, ...]:
        return tuple(exercise for exercise in self.exercises if exercise.theme == theme_id)

    def with_examples(self, examples: Mapping[int, tuple[str, ...]]) -> "ExerciseLibrary":
        """This library with an organisation's own examples on the exercises it names."""
        exercises = tuple(
            exercise.model_copy(update={"local_examples": examples[exercise.number]})
            if exercise.number in examples
            else exercise
            for exercise in self.exercises
        )
        return self.model_copy(update={"exercises": exercises})


def _check_builds_on(exercises: tuple[Exercise, ...]) -> None:
    """builds_on names exercises that exist, and following it never comes back (no cycle)."""
    graph = {exercise.number: exercise.builds_on for exercise in exercises}
    for number, earlier in graph.items():
        unknown = sorted(set(earlier) - set(graph))
        if unknown:
            raise ValueError(f"exercise {number} builds on unknown exercises {unknown}")
    done: set[int] = set()

    def visit(number: int, path: tuple[int, ...]) -> None:
        if number in path:
            cycle = " -> ".join(str(n) for n in (*path[path.index(number) :], number))
            raise ValueError(f"builds_on goes in a circle: {cycle}")
        if number in done:
            return
        for earlier in graph[number]:
            visit(earlier, (*path, number))
        done.add(number)

    for number in graph:
        visit(number, ())
