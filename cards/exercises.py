"""An exercise: a behaviour exercise (module 1) or a library exercise, with its steps and the
tips behind "?", and "Dina anteckningar", the leader's private notes while doing it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cards.elements import (
    Json,
    action_set,
    attention,
    bullets,
    card,
    container,
    execute,
    facts,
    heading,
    text,
    text_input,
    toggle,
)
from cards.learning_actions import (
    EXERCISE_NOTES,
    EXERCISE_SITTING,
    EXERCISE_START,
    LIBRARY,
    NOTES_INPUT,
    REFLECT,
)
from cards.learning_texts import exercise_status, module_heading
from cards.modules import show_module_button
from content.curriculum import Exercise
from content.models import Content
from learning.progress import ExerciseRef
from storage.workbook import ReflectionEntry


@dataclass(frozen=True, slots=True)
class Notes:
    """ "Dina anteckningar" as the card shows them: the text in the box, whether the box is
    open (a text shown back is), and a problem to say above it."""

    text: str | None = None
    open: bool = False
    error: str | None = None


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
    notes: Notes | None = None,
    do_first: Sequence[ExerciseRef] = (),
    sittings: int = 0,
) -> Json:
    """A behaviour exercise with its steps, or a library exercise with its introduction, what
    to do first, time, preparation, steps, local examples, reflection questions and sharing.
    Tips and notes are folded (shown without a round trip), so the card stays short."""
    module = exercise.module
    body: list[Json] = [text(module_heading(content, module), subtle=True, size="Small")]
    if exercise.behaviour is not None:
        behaviour = exercise.behaviour
        body += [
            heading(behaviour.title),
            text(behaviour.instruction),
            *_steps(content, exercise.key, [(step.text, step.tip) for step in behaviour.steps]),
        ]
        body += _notes(content, exercise.key, notes or Notes())
    else:
        library = exercise.library
        assert library is not None
        body += _library_body(content, exercise.key, library, do_first, notes or Notes())
    body.append(text(_state(content, exercise, started, reflection), subtle=True))
    if exercise.sittings > 1:
        body.append(_sittings(content, exercise, sittings))
    if note:
        body.append(text(note, bold=True))
    title = exercise.behaviour.title if exercise.behaviour else exercise.title
    sitting_next = started and exercise.sittings > 1 and sittings < exercise.sittings
    return card(
        body, _actions(content, exercise, started, reflection, sitting_next), fallback_text=title
    )


def _sittings(content: Content, exercise: ExerciseRef, done: int) -> Json:
    """ "Pass 3 av 10 gjorda", or that all are done and the reflection is next."""
    texts = content.learning
    total = exercise.sittings
    if done >= total:
        return text(texts.sittings_done.format(total=total), bold=True)
    return text(texts.sittings_progress.format(done=done, total=total), bold=True)


def _library_body(
    content: Content,
    key: str,
    exercise: Exercise,
    do_first: Sequence[ExerciseRef],
    notes: Notes,
) -> list[Json]:
    texts = content.learning
    body = [heading(exercise.title), text(exercise.introduction)]
    if do_first:
        body.append(text(texts.do_first.format(exercises=_titles(content, do_first))))
    body += [
        _exercise_facts(content, exercise),
        text(texts.prepare_text.format(text=exercise.prepare)),
        *_steps(content, key, [(step.text, step.tip) for step in exercise.steps]),
    ]
    if exercise.local_examples:
        heading_text = texts.examples_heading.format(organisation=content.organisation.name)
        body.append(
            container(
                [text(heading_text, bold=True), bullets(exercise.local_examples)],
                style="accent",
            )
        )
    body += _notes(content, key, notes)
    body += [
        text(texts.reflection_questions_heading, bold=True),
        bullets(exercise.reflection_questions),
        text(texts.share_text.format(text=exercise.share)),
    ]
    return body


def _steps(content: Content, key: str, steps: Sequence[tuple[str, str]]) -> list[Json]:
    """ "Så här gör du": each step with a "?" that shows its tip in place."""
    texts = content.learning
    body = [text(content.messages.tips_hint, subtle=True), text(texts.steps_heading, bold=True)]
    for number, (step, tip) in enumerate(steps, 1):
        tip_id = f"tip_{key}_{number}"
        tip_button = toggle(texts.tip_button, tip_id) | {
            "tooltip": f"{texts.steps_heading}: {tip}"[:200]
        }
        body += [
            columns(
                ("stretch", [text(texts.step_text.format(number=number, text=step))]),
                ("auto", [action_set(tip_button)]),
            ),
            container([text(tip)], style="emphasis", element_id=tip_id, visible=False),
        ]
    return body


def _notes(content: Content, key: str, notes: Notes) -> list[Json]:
    """ "Dina anteckningar": a button that opens a box to write in and save, folded unless a
    text is being shown back."""
    texts = content.learning
    box_id = f"notes_{key}"
    box: list[Json] = []
    if notes.error:
        box.append(attention(notes.error))
    box += [
        text_input(
            NOTES_INPUT,
            texts.notes_label.format(limit=texts.notes_max_chars),
            value=notes.text,
            placeholder=texts.notes_placeholder,
            multiline=True,
        ),
        action_set(execute(texts.save_notes_button, EXERCISE_NOTES, {"exercise": key})),
    ]
    body = [action_set(toggle(texts.notes_button, box_id))]
    if notes.text and not notes.open:
        body.append(text(texts.notes_kept, subtle=True, size="Small", spacing="None"))
    body.append(container(box, element_id=box_id, visible=notes.open))
    return body


def _titles(content: Content, exercises: Sequence[ExerciseRef]) -> str:
    """ "*A*", "*A* och *B*", "*A*, *B* och *C*"."""
    titles = [f"*{exercise.title}*" for exercise in exercises]
    if len(titles) == 1:
        return titles[0]
    return f"{', '.join(titles[:-1])} {content.learning.list_and} {titles[-1]}"


def _state(
    content: Content, exercise: ExerciseRef, started: bool, reflection: ReflectionEntry | None
) -> str:
    sent = reflection is not None and not reflection.draft
    draft = reflection is not None and reflection.draft
    key = exercise.key
    return exercise_status(
        content, key, {key} if started else (), {key} if sent else (), {key} if draft else ()
    )


def _actions(
    content: Content,
    exercise: ExerciseRef,
    started: bool,
    reflection: ReflectionEntry | None,
    sitting_next: bool = False,
) -> list[Json]:
    """Start it; or, spread over days with sittings left, the next sitting first; the
    reflection; back to where it was listed."""
    texts = content.learning
    actions = []
    if sitting_next:
        actions.append(
            execute(
                texts.sitting_button, EXERCISE_SITTING, {"exercise": exercise.key}, primary=True
            )
        )
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
    primary = started and not sitting_next
    actions.append(execute(write, REFLECT, {"exercise": exercise.key}, primary=primary))
    actions.append(_back(content, exercise))
    return actions


def _back(content: Content, exercise: ExerciseRef) -> Json:
    if exercise.behaviour is not None:
        return show_module_button(content, exercise.module)
    assert exercise.library is not None
    # Back to the exercises it was listed with: its theme's page of the library.
    return execute(content.learning.library_back_button, LIBRARY, {"theme": exercise.library.theme})


def _exercise_facts(content: Content, exercise: Exercise) -> Json:
    # Its module is the card's first line already.
    return facts([(content.learning.duration_label, exercise.duration)])
