"""The nudge for an exercise started but not yet reflected on."""

from __future__ import annotations

from cards.elements import (
    Json,
    card,
    execute,
    text,
)
from cards.learning_actions import EXERCISE_SHOW, EXERCISE_SITTING, REFLECT
from content.models import Content
from learning.progress import ExerciseRef


def nudge_card(
    content: Content, exercise: ExerciseRef, first_name: str, *, sittings: int = 0
) -> Json:
    """ "Hur gick övningen?"; for an exercise spread over days with sittings left, the next
    sitting instead, its button first."""
    texts = content.learning
    show = execute(
        texts.exercise_button.format(number=exercise.number, title=exercise.title),
        EXERCISE_SHOW,
        {"exercise": exercise.key},
    )
    data = {"exercise": exercise.key}
    total = exercise.sittings
    if total > 1 and sittings < total:
        message = texts.nudge_sitting.format(
            first_name=first_name, exercise=exercise.title, next=sittings + 1, total=total
        )
        actions = [
            execute(texts.sitting_button, EXERCISE_SITTING, data, primary=True),
            show,
            execute(texts.write_reflection_button, REFLECT, data),
        ]
    else:
        message = texts.nudge.format(first_name=first_name, exercise=exercise.title)
        actions = [execute(texts.write_reflection_button, REFLECT, data, primary=True), show]
    return card([text(message)], actions, fallback_text=message)
