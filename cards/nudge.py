"""The nudge for an exercise started but not yet reflected on."""

from __future__ import annotations

from cards.elements import (
    Json,
    card,
    execute,
    text,
)
from cards.learning_actions import EXERCISE_SHOW, REFLECT
from content.models import Content
from learning.progress import ExerciseRef


def nudge_card(content: Content, exercise: ExerciseRef, first_name: str) -> Json:
    texts = content.learning
    message = texts.nudge.format(first_name=first_name, exercise=exercise.title)
    return card(
        [text(message)],
        [
            execute(
                texts.write_reflection_button, REFLECT, {"exercise": exercise.key}, primary=True
            ),
            execute(
                texts.exercise_button.format(number=exercise.number, title=exercise.title),
                EXERCISE_SHOW,
                {"exercise": exercise.key},
            ),
        ],
        fallback_text=message,
    )
