"""The exercise library in steps a leader can read: the modules (themes) first, then at most a
handful of exercises at a time.

- nothing chosen: one button per module ("Modul 4: Förstå er användare") and the time filter;
- a module chosen: its exercises (at most five in the seed), with "Tillbaka till alla moduler";
- only a time chosen: the exercises that fit, if few enough to list, else the modules with how
  many of theirs fit.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from cards.elements import (
    Json,
    action_set,
    attention,
    card,
    container,
    execute,
    heading,
    text,
)
from cards.exercises import columns
from cards.learning_actions import (
    ALL,
    EXERCISE_SHOW,
    EXERCISE_START,
    LIBRARY,
    MINUTES_INPUT,
    THEME_INPUT,
)
from cards.learning_texts import duration_text, exercise_status, theme_heading
from content.curriculum import Exercise, Theme
from content.models import Content
from learning.progress import library_key

MAX_LISTED = 6  # more exercises than this on one card make it a wall: choose a module first


def library_card(
    content: Content,
    *,
    theme_id: str | None,
    minutes: int | None,
    started: Collection[str],
    reflected: Collection[str],
) -> Json:
    """The library's modules, or the exercises of one module, or those that fit `minutes`."""
    library = content.exercises
    chosen = [e for e in library.exercises if theme_id in (None, e.theme)]
    fitting = [e for e in chosen if minutes is None or e.minutes <= minutes]
    body = _header(content, theme_id)
    if minutes is not None:
        body.append(_time_note(content, minutes, chosen, fitting))
    if theme_id is not None or (minutes is not None and len(fitting) <= MAX_LISTED):
        body += [_entry(content, e, started, reflected, theme_id is None) for e in fitting]
    else:
        shown = {e.theme for e in fitting} if minutes is not None else None
        body += [
            _theme_row(content, theme, minutes)
            for theme in library.themes
            if shown is None or theme.id in shown  # a module where nothing fits: no button
        ]
    if theme_id is None:
        body.append(_time_filter(content, minutes))
    else:
        body.append(_theme_actions(content, theme_id, minutes))
    listed = ", ".join(e.title for e in fitting)
    return card(body, fallback_text=f"{content.learning.library_title}: {listed}")


def _header(content: Content, theme_id: str | None) -> list[Json]:
    texts = content.learning
    if theme_id is None:
        return [heading(texts.library_title), text(texts.library_intro)]
    return [
        text(texts.library_title, subtle=True, size="Small"),
        heading(theme_heading(content, theme_id)),
    ]


def _time_note(
    content: Content, minutes: int, chosen: Sequence[Exercise], fitting: Sequence[Exercise]
) -> Json:
    texts, time = content.learning, duration_text(content, minutes)
    if not fitting:
        shortest = min(e.minutes for e in chosen) if chosen else minutes
        return attention(
            texts.nothing_fits.format(time=time, shortest=duration_text(content, shortest))
        )
    if len(fitting) > MAX_LISTED and len({e.theme for e in fitting}) > 1:
        return text(texts.choose_theme.format(count=len(fitting), time=time), bold=True)
    return text(texts.fits_in.format(time=time), bold=True)


def _theme_actions(content: Content, theme_id: str, minutes: int | None) -> Json:
    """Back to the modules (keeping the time); filtered by time, also the module's all."""
    texts = content.learning
    back = {THEME_INPUT: ALL, MINUTES_INPUT: str(minutes) if minutes else ALL}
    buttons = [execute(texts.themes_back_button, LIBRARY, back)]
    if minutes is not None:
        every = {THEME_INPUT: theme_id, MINUTES_INPUT: ALL}
        buttons.insert(0, execute(texts.whole_theme_button, LIBRARY, every))
    return action_set(*buttons)


def _theme_row(content: Content, theme: Theme, minutes: int | None) -> Json:
    """A module's button, with how many exercises it holds (or how many fit the time)."""
    texts = content.learning
    exercises = content.exercises.for_theme(theme.id)
    if minutes is None:
        lengths = [e.minutes for e in exercises]
        summary = texts.theme_summary.format(
            count=len(exercises),
            shortest=duration_text(content, min(lengths)),
            longest=duration_text(content, max(lengths)),
        )
    else:
        fit = sum(1 for e in exercises if e.minutes <= minutes)
        summary = texts.theme_fitting.format(
            count=fit, total=len(exercises), time=duration_text(content, minutes)
        )
    show = {THEME_INPUT: theme.id, MINUTES_INPUT: str(minutes) if minutes else ALL}
    return container(
        [
            action_set(execute(theme_heading(content, theme.id), LIBRARY, show)),
            text(summary, subtle=True, size="Small", spacing="Small"),
        ],
        separator=True,
    )


def _time_filter(content: Content, minutes: int | None) -> Json:
    texts = content.learning
    times = sorted({*texts.time_options, *([minutes] if minutes else [])})
    dropdown = {
        "type": "Input.ChoiceSet",
        "id": MINUTES_INPUT,
        "label": texts.time_filter_label,
        "style": "compact",
        "choices": [
            {"title": title, "value": value}
            for value, title in [
                (ALL, texts.any_time),
                *((str(m), duration_text(content, m)) for m in times),
            ]
        ],
        "value": str(minutes) if minutes else ALL,
    }
    button = execute(texts.filter_button, LIBRARY, {THEME_INPUT: ALL})
    return container(
        [columns(("stretch", [dropdown]), ("auto", [action_set(button)]))], separator=True
    )


def _entry(
    content: Content,
    exercise: Exercise,
    started: Collection[str],
    reflected: Collection[str],
    with_module: bool,
) -> Json:
    """One exercise, short: title, what it is, how long, where the leader is with it."""
    texts = content.learning
    key = library_key(exercise.number)
    about = [f"{texts.duration_label}: {exercise.duration}"]
    if with_module:  # listed by time, across modules
        about.insert(0, theme_heading(content, exercise.theme))
    if key in started or key in reflected:
        about.append(exercise_status(content, key, started, reflected))
        button = execute(texts.write_reflection_button, EXERCISE_SHOW, {"exercise": key})
    else:
        button = execute(texts.start_exercise_button, EXERCISE_START, {"exercise": key})
    return container(
        [
            text(exercise.title, bold=True),
            text(exercise.description, spacing="Small"),
            text(" · ".join(about), subtle=True, size="Small", spacing="Small"),
            action_set(button),
        ],
        separator=True,
    )
