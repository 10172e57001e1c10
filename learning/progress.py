"""The rules of learning, without I/O: which exercises a module has, when a module is done,
which module comes next, how progress looks as a bar, and when a gentle nudge is due.

A module is done when every one of its exercises has a sent (non-draft) reflection and the
leader's Innovationsteam has held the module's group session. Module 1 has its own behaviour
exercises; modules 2-6 use the library's exercises of their theme (modules.yaml), so a new
module is data, not code.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from content.curriculum import BehaviourExercise, Exercise, Module
from content.models import Content

LIBRARY_PREFIX = "exercise_"
_SATURDAY = 5


def library_key(number: int) -> str:
    """The stored id of a library exercise ("exercise_7"); behaviour exercises use their id."""
    return f"{LIBRARY_PREFIX}{number}"


@dataclass(frozen=True, slots=True)
class ExerciseRef:
    """One exercise a leader can do, wherever it is defined."""

    key: str
    module: Module
    number: int  # its number in the module (behaviour) or in the library
    title: str  # the short title: "Enhetsmöte", "Testa ett annat perspektiv"
    behaviour: BehaviourExercise | None = None
    library: Exercise | None = None

    @property
    def reflection_words(self) -> int | None:
        return self.behaviour.reflection.words if self.behaviour else None

    @property
    def sittings(self) -> int:
        """How many sittings it takes: 10 for "10 x 10 min", else 1."""
        return self.library.sessions if self.library else 1


def module_exercises(content: Content, module: Module) -> tuple[ExerciseRef, ...]:
    if module.behaviour_exercises:
        return tuple(
            ExerciseRef(e.id, module, e.number, e.short_title, behaviour=e)
            for e in module.behaviour_exercises
        )
    library = (content.exercises.get(number) for number in module.exercise_numbers)
    return tuple(
        ExerciseRef(library_key(e.number), module, e.number, e.title, library=e) for e in library
    )


def library_exercise(content: Content, number: int) -> ExerciseRef | None:
    return find_exercise(content, library_key(number))


def find_exercise(content: Content, key: str) -> ExerciseRef | None:
    for module in content.modules:
        for exercise in module_exercises(content, module):
            if exercise.key == key:
                return exercise
    return None


def ordered_modules(content: Content, module_order: Sequence[str]) -> tuple[Module, ...]:
    """The leader's plan order; modules the plan does not name follow in their own order."""
    known = {module.id: module for module in content.modules}
    planned = [known[module_id] for module_id in module_order if module_id in known]
    return (*planned, *(module for module in content.modules if module not in planned))


@dataclass(frozen=True, slots=True)
class ModuleStatus:
    module: Module
    exercises: tuple[ExerciseRef, ...]
    reflected: frozenset[str]
    group_session_held: bool

    @property
    def reflected_count(self) -> int:
        return sum(1 for exercise in self.exercises if exercise.key in self.reflected)

    @property
    def steps_total(self) -> int:
        """Each exercise and the group session."""
        return len(self.exercises) + 1

    @property
    def steps_done(self) -> int:
        return self.reflected_count + (1 if self.group_session_held else 0)

    @property
    def done(self) -> bool:
        return self.steps_done == self.steps_total


def journey_status(
    content: Content,
    module_order: Sequence[str],
    reflected: Collection[str],
    group_sessions: Collection[str],
) -> tuple[ModuleStatus, ...]:
    """Every module's status, in the leader's order."""
    keys = frozenset(reflected)
    return tuple(
        ModuleStatus(
            module,
            module_exercises(content, module),
            keys,
            module.id in group_sessions,
        )
        for module in ordered_modules(content, module_order)
    )


def current_module(statuses: Sequence[ModuleStatus]) -> ModuleStatus | None:
    """The first module in the leader's order that is not done; None when all are."""
    return next((status for status in statuses if not status.done), None)


def status_of(statuses: Iterable[ModuleStatus], module_id: str) -> ModuleStatus:
    return next(status for status in statuses if status.module.id == module_id)


def text_bar(done: int, total: int) -> str:
    """One square per step: "■■□□" for 2 of 4 (screen readers get the numbers beside it)."""
    done = max(0, min(done, total))
    return "■" * done + "□" * (total - done)


# --- nudges ---------------------------------------------------------------------------------


def nudge_interval(sessions_per_week: float) -> timedelta:
    """How often to ask: the leader's own rhythm (twice a week -> every 3.5 days)."""
    return timedelta(days=7 / sessions_per_week)


@dataclass(frozen=True, slots=True)
class NudgeSlot:
    period: int  # 1 for the first nudge, 2 for the second ...
    due_at: datetime


def nudge_slot(
    started_at: datetime,
    now: datetime,
    interval: timedelta,
    *,
    max_nudges: int,
    zone: ZoneInfo,
    at: time,
) -> NudgeSlot | None:
    """The nudge for the period `now` is in, or None before the first period has passed.

    Period k starts `k * interval` after the exercise was started; its nudge is due at the
    first `at` (local time) from then on, and a weekend moves it to Monday, so nobody is nudged
    at night or on a Saturday. After `max_nudges` the last one stays the answer, so an
    idempotent enqueue adds nothing new.
    """
    period = math.floor((now - started_at) / interval)
    if period < 1:
        return None
    period = min(period, max_nudges)
    return NudgeSlot(period, _due_at(started_at, period, interval, zone, at))


def next_nudge_due(
    started_at: datetime,
    now: datetime,
    interval: timedelta,
    *,
    max_nudges: int,
    zone: ZoneInfo,
    at: time,
) -> datetime | None:
    """When the learning job should next look at an open exercise: the first due moment later
    than `now` of the period `now` is in or a later one (as `nudge_slot` would answer then), or
    None once the last nudge is due. Stored per exercise, so a tick reads only what is due."""
    period = max(1, min(math.floor((now - started_at) / interval), max_nudges))
    for later in range(period, max_nudges + 1):
        due = _due_at(started_at, later, interval, zone, at)
        if due > now:
            return due
    return None


def _due_at(
    started_at: datetime, period: int, interval: timedelta, zone: ZoneInfo, at: time
) -> datetime:
    """The nudge of period `period`: the first `at` from its start, a weekend moved to Monday."""
    begins = (started_at + period * interval).astimezone(zone)
    day = begins.date() if begins.time() <= at else begins.date() + timedelta(days=1)
    if day.weekday() >= _SATURDAY:
        day += timedelta(days=7 - day.weekday())
    return datetime.combine(day, at, tzinfo=zone)
