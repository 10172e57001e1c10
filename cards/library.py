"""The exercise library, filtered by theme or by the time the leader has."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from cards.elements import (
    Json,
    action_set,
    attention,
    card,
    container,
    execute,
    facts,
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
from cards.learning_texts import duration_text, exercise_status
from content.curriculum import Exercise
from content.models import Content
from learning.progress import library_key


def _dropdown(input_id: str, label: str, options: Iterable[tuple[str, str]], value: str) -> Json:
    return {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "style": "compact",
        "choices": [{"title": title, "value": key} for key, title in options],
        "value": value,
    }


def library_card(
    content: Content,
    *,
    theme_id: str | None,
    minutes: int | None,
    started: Collection[str],
    reflected: Collection[str],
) -> Json:
    """All exercises by theme, or those of one theme, or those whose sitting fits `minutes`."""
    texts, library = content.learning, content.exercises
    times = sorted({*texts.time_options, *([minutes] if minutes else [])})
    body: list[Json] = [
        heading(texts.library_title),
        text(texts.library_intro),
        columns(
            (
                "stretch",
                [
                    _dropdown(
                        THEME_INPUT,
                        texts.theme_filter_label,
                        [(ALL, texts.all_themes), *((t.id, t.title) for t in library.themes)],
                        theme_id or ALL,
                    )
                ],
            ),
            (
                "stretch",
                [
                    _dropdown(
                        MINUTES_INPUT,
                        texts.time_filter_label,
                        [
                            (ALL, texts.any_time),
                            *((str(m), duration_text(content, m)) for m in times),
                        ],
                        str(minutes) if minutes else ALL,
                    )
                ],
            ),
        ),
        action_set(execute(texts.filter_button, LIBRARY, primary=True)),
    ]
    chosen = [e for e in library.exercises if theme_id in (None, e.theme)]
    if minutes is not None:
        fitting = [e for e in chosen if e.minutes <= minutes]
        if fitting:
            body.append(text(texts.fits_in.format(time=duration_text(content, minutes)), bold=True))
        else:
            shortest = min(e.minutes for e in chosen) if chosen else minutes
            body.append(
                attention(
                    texts.nothing_fits.format(
                        time=duration_text(content, minutes),
                        shortest=duration_text(content, shortest),
                    )
                )
            )
        chosen = fitting
    for theme in library.themes:
        in_theme = [e for e in chosen if e.theme == theme.id]
        if not in_theme:
            continue
        body.append(
            heading(
                texts.theme_heading.format(number=theme.number, title=theme.title), size="Medium"
            )
        )
        for exercise in in_theme:
            body.append(_library_entry(content, exercise, started, reflected))
    shown = ", ".join(e.title for e in chosen)
    return card(body, fallback_text=f"{texts.library_title}: {shown}")


def _library_entry(
    content: Content, exercise: Exercise, started: Collection[str], reflected: Collection[str]
) -> Json:
    texts = content.learning
    key = library_key(exercise.number)
    items: list[Json] = [
        text(exercise.title, bold=True),
        text(exercise.description),
        facts([(texts.duration_label, exercise.duration)]),
    ]
    if key in started or key in reflected:
        items.append(text(exercise_status(content, key, started, reflected), subtle=True))
        button = execute(texts.write_reflection_button, EXERCISE_SHOW, {"exercise": key})
    else:
        button = execute(texts.start_exercise_button, EXERCISE_START, {"exercise": key})
    items.append(action_set(button))
    return container(items, separator=True)
