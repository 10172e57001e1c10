"""The reflection on an exercise: written (or changed) in a card, and the card once sent."""

from __future__ import annotations

from cards.elements import (
    Json,
    attention,
    bullets,
    card,
    container,
    execute,
    heading,
    text,
    text_input,
)
from cards.learning_actions import (
    OFF,
    ON,
    REFLECT,
    REFLECTION_DRAFT,
    REFLECTION_INPUT,
    REFLECTION_SEND,
    SHARE_INPUT,
)
from cards.learning_texts import module_heading, progress_text
from cards.modules import show_module_button
from content.models import Content
from learning.progress import ExerciseRef, ModuleStatus
from storage.workbook import ReflectionEntry


def _switch(input_id: str, title: str, on: bool) -> Json:
    """A labelled on/off switch; Teams sends "true" or "false". The `label` is what screen
    readers announce for the input (the `title` beside the switch is not read as its label)."""
    return {
        "type": "Input.Toggle",
        "id": input_id,
        "label": title,
        "title": title,
        "value": ON if on else OFF,
        "valueOn": ON,
        "valueOff": OFF,
        "wrap": True,
    }


def reflection_prompt(content: Content, exercise: ExerciseRef) -> tuple[str, int]:
    """The guidance and the number of words asked for."""
    if exercise.behaviour is not None:
        reflection = exercise.behaviour.reflection
        return reflection.prompt, reflection.words
    words = content.learning.library_reflection_words
    return content.learning.library_reflection_prompt.format(
        exercise=exercise.title, words=words
    ), words


def _questions(exercise: ExerciseRef) -> list[Json]:
    """A library exercise's own reflection questions, under the common prompt."""
    if exercise.library is None:
        return []
    return [bullets(exercise.library.reflection_questions)]


def reflection_card(
    content: Content,
    exercise: ExerciseRef,
    *,
    value: str,
    shared: bool,
    sent: bool,
    error: str | None = None,
    note: str | None = None,
) -> Json:
    """Write (or change) a reflection: guidance, the text, share or not, draft or send."""
    texts = content.learning
    prompt, words = reflection_prompt(content, exercise)
    title = texts.reflection_title.format(exercise=exercise.title)
    body: list[Json] = [
        text(module_heading(content, exercise.module), subtle=True, size="Small"),
        heading(title),
        text(prompt),
        *_questions(exercise),
        text_input(
            REFLECTION_INPUT,
            texts.reflection_label.format(words=words, limit=texts.reflection_max_chars),
            value=value,
            placeholder=texts.reflection_placeholder,
            multiline=True,
        ),
        _switch(SHARE_INPUT, texts.share_label, shared),
        text(texts.share_note, subtle=True, size="Small"),
    ]
    if error:
        body.append(attention(error))
    if note:
        body.append(text(note, bold=True))
    data = {"exercise": exercise.key}
    actions = [] if sent else [execute(texts.draft_button, REFLECTION_DRAFT, data)]
    actions.append(execute(texts.send_button, REFLECTION_SEND, data, primary=True))
    return card(body, actions, fallback_text=f"{title}: {prompt}")


def reflection_sent_card(
    content: Content,
    exercise: ExerciseRef,
    reflection: ReflectionEntry,
    status: ModuleStatus,
    *,
    note: str,
) -> Json:
    texts = content.learning
    title = texts.reflection_title.format(exercise=exercise.title)
    body = [
        text(module_heading(content, exercise.module), subtle=True, size="Small"),
        heading(title),
        text(note, bold=True),
        container([text(reflection.text)], style="emphasis"),
        text(progress_text(content, status), subtle=True),
    ]
    actions = [
        execute(texts.edit_reflection_button, REFLECT, {"exercise": exercise.key}),
        show_module_button(content, exercise.module),
    ]
    return card(body, actions, fallback_text=f"{note} {reflection.text}")
