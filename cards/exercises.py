"""An exercise: a behaviour exercise with its steps and tips, or a library exercise."""

from __future__ import annotations

from collections.abc import Sequence

from cards.elements import (
    Json,
    action_set,
    card,
    container,
    execute,
    facts,
    heading,
    text,
    toggle,
)
from cards.learning_actions import EXERCISE_START, LIBRARY, REFLECT
from cards.learning_texts import exercise_status, module_heading
from cards.modules import show_module_button
from content.curriculum import Exercise
from content.models import Content
from learning.progress import ExerciseRef
from storage.workbook import ReflectionEntry


def columns(*columns: tuple[str, Sequence[Json]]) -> Json:
    return {
        "type": "ColumnSet",
        "columns": [
            {
                "type": "Column",
                "width": width,
                "items": list(items),
                "verticalContentAlignment": "Center",
            }
            for width, items in columns
        ],
    }


def exercise_card(
    content: Content,
    exercise: ExerciseRef,
    *,
    started: bool,
    reflection: ReflectionEntry | None,
    note: str | None = None,
) -> Json:
    """A behaviour exercise with its steps (tips behind "?", shown without a round trip), or a
    library exercise with its description and duration."""
    texts, module = content.learning, exercise.module
    body: list[Json] = [text(module_heading(content, module), subtle=True, size="Small")]
    if exercise.behaviour is not None:
        behaviour = exercise.behaviour
        body += [
            heading(behaviour.title),
            text(behaviour.instruction),
            text(content.messages.tips_hint, subtle=True),
            text(texts.steps_heading, bold=True),
        ]
        for number, step in enumerate(behaviour.steps, 1):
            tip_id = f"tip_{exercise.key}_{number}"
            tip_button = toggle(texts.tip_button, tip_id) | {
                "tooltip": f"{texts.steps_heading}: {step.tip}"[:200]
            }
            body += [
                columns(
                    ("stretch", [text(texts.step_text.format(number=number, text=step.text))]),
                    ("auto", [action_set(tip_button)]),
                ),
                container([text(step.tip)], style="emphasis", element_id=tip_id, visible=False),
            ]
    else:
        library = exercise.library
        assert library is not None
        body += [
            heading(library.title),
            text(library.description),
            _exercise_facts(content, library),
        ]
    state = exercise_status(
        content,
        exercise.key,
        {exercise.key} if started else (),
        {exercise.key} if reflection is not None and not reflection.draft else (),
        {exercise.key} if reflection is not None and reflection.draft else (),
    )
    body.append(text(state, subtle=True))
    if note:
        body.append(text(note, bold=True))
    actions = []
    if not started:
        actions.append(
            execute(
                texts.start_exercise_button,
                EXERCISE_START,
                {"exercise": exercise.key},
                primary=True,
            )
        )
    write = (
        texts.edit_reflection_button
        if reflection is not None and not reflection.draft
        else texts.write_reflection_button
    )
    actions.append(execute(write, REFLECT, {"exercise": exercise.key}, primary=started))
    actions.append(_back(content, exercise))
    title = exercise.behaviour.title if exercise.behaviour else exercise.title
    return card(body, actions, fallback_text=title)


def _back(content: Content, exercise: ExerciseRef) -> Json:
    if exercise.behaviour is not None:
        return show_module_button(content, exercise.module)
    assert exercise.library is not None
    # Back to the exercises it was listed with: its theme's page of the library.
    return execute(content.learning.library_back_button, LIBRARY, {"theme": exercise.library.theme})


def _exercise_facts(content: Content, exercise: Exercise) -> Json:
    # Its module is the card's first line already.
    return facts([(content.learning.duration_label, exercise.duration)])
