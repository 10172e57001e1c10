"""The learning cards: a module's overview and introduction, an exercise with its steps and
tips, the exercise library with its filters, the reflection, progress and the nudge.

Pure functions: content and the leader's state in, card JSON out. Every button carries its
verb and the module or exercise it is about, so an old card still does the right thing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

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
from chat.actions import MAX_INPUT_CHARS, ActionPayload
from content.curriculum import Exercise, Module
from content.models import Content
from learning.progress import ExerciseRef, ModuleStatus, library_key, text_bar
from storage.workbook import ReflectionEntry

MODULE_OVERVIEW = "learning_module_overview"
MODULE_START = "learning_module_start"
MODULE_SHOW = "learning_module"
EXERCISE_SHOW = "learning_exercise"
EXERCISE_START = "learning_exercise_start"
REFLECT = "learning_reflect"
REFLECTION_DRAFT = "learning_reflection_draft"
REFLECTION_SEND = "learning_reflection_send"
LIBRARY = "learning_library"
PROGRESS = "learning_progress"

REFLECTION_INPUT = "reflection"
SHARE_INPUT = "share"
THEME_INPUT = "theme"
MINUTES_INPUT = "minutes"
ALL = "all"
ON, OFF = "true", "false"

# A module's or an exercise's id as the content spells it ("important_behaviour", "exercise_7").
# One the content does not know (an old card after a content change) is the dialog's to handle.
ContentId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=100)]
# The library's filters as the dropdowns send them: a theme's id, minutes, or "all" (or "").
ThemeChoice = Annotated[str, StringConstraints(pattern=r"^([a-z][a-z0-9_]*)?$", max_length=100)]
MinutesChoice = Annotated[str, StringConstraints(pattern=r"^(all|[0-9]{1,20})?$")]


class ModuleButton(ActionPayload):
    """A button about one module: the module's id."""

    module: ContentId


class ShowModuleOverview(ModuleButton):
    """MODULE_OVERVIEW, "Visa Modul N" on the progress card: "Vad innehåller Modul N?"."""


class StartModule(ModuleButton):
    """MODULE_START, "Starta modulen" (or "Gå vidare") on the module's overview."""


class ShowModule(ModuleButton):
    """MODULE_SHOW, "Tillbaka till modulen" from an exercise or a reflection."""


class ExerciseButton(ActionPayload):
    """A button about one exercise: its key (a behaviour exercise's id, or "exercise_<n>")."""

    exercise: ContentId


class ShowExercise(ExerciseButton):
    """EXERCISE_SHOW, an exercise on the module card, the library or the nudge."""


class StartExercise(ExerciseButton):
    """EXERCISE_START, "Gör övningen" on the exercise card or in the library."""


class Reflect(ExerciseButton):
    """REFLECT, "Skriv reflektion" (or "Ändra reflektionen"): the reflection card."""


class ReflectionAnswers(ExerciseButton):
    """The reflection card's buttons: the exercise, the text and the share switch.

    The text is not held to `reflection_max_chars` here: a longer one is shown back to the
    leader with its length by the dialog, never lost. The switch sends "true" or "false"
    (a JSON boolean from some clients); without it the choice made before stands.
    """

    reflection: Annotated[str, Field(max_length=MAX_INPUT_CHARS)] | None = None
    share: Annotated[bool, Field(strict=True)] | Literal["true", "false"] | None = None

    @property
    def shared(self) -> bool | None:
        """The switch as a boolean; None when the card did not send it."""
        if self.share is None or isinstance(self.share, bool):
            return self.share
        return self.share == ON


class SaveReflectionDraft(ReflectionAnswers):
    """REFLECTION_DRAFT, "Spara utkast"."""


class SendReflection(ReflectionAnswers):
    """REFLECTION_SEND, "Skicka"."""


class FilterLibrary(ActionPayload):
    """LIBRARY, "Visa övningar" with the library's filters (a theme's id or "all", minutes or
    "all"), or "Tillbaka till övningarna" from an exercise (no filters: every exercise)."""

    theme: ThemeChoice | None = None
    minutes: MinutesChoice | None = None


class ShowProgress(ActionPayload):
    """PROGRESS, "Dina framsteg" on the module card: nothing but the verb."""


# --- small parts ------------------------------------------------------------------------------


def _open_url(title: str, url: str) -> Json:
    return {"type": "Action.OpenUrl", "title": title, "url": url}


def _dropdown(input_id: str, label: str, options: Iterable[tuple[str, str]], value: str) -> Json:
    return {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "style": "compact",
        "choices": [{"title": title, "value": key} for key, title in options],
        "value": value,
    }


def _switch(input_id: str, title: str, on: bool) -> Json:
    """A labelled on/off switch; Teams sends "true" or "false"."""
    return {
        "type": "Input.Toggle",
        "id": input_id,
        "title": title,
        "value": ON if on else OFF,
        "valueOn": ON,
        "valueOff": OFF,
        "wrap": True,
    }


def _columns(*columns: tuple[str, Sequence[Json]]) -> Json:
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


def module_heading(content: Content, module: Module) -> str:
    return content.learning.module_heading.format(number=module.number, title=module.title)


def progress_text(content: Content, status: ModuleStatus) -> str:
    done, total = status.steps_done, status.steps_total
    return content.learning.progress_line.format(bar=text_bar(done, total), done=done, total=total)


def duration_text(content: Content, minutes: int) -> str:
    """ "15 minuter", "1 timme", "1,5 timmar"."""
    texts = content.learning
    if minutes < 60:
        return texts.minutes_text.format(minutes=minutes)
    if minutes == 60:
        return texts.one_hour_text
    hours = f"{minutes / 60:g}".replace(".", ",")
    return texts.hours_text.format(hours=hours)


def exercise_status(
    content: Content,
    key: str,
    started: Collection[str],
    reflected: Collection[str],
    drafts: Collection[str] = (),
) -> str:
    texts = content.learning
    if key in reflected:
        return texts.status_reflected
    if key in drafts:
        return texts.status_draft
    if key in started:
        return texts.status_started
    return texts.status_not_started


def _show_module(content: Content, module: Module, title: str | None = None) -> Json:
    return execute(title or content.learning.back_button, MODULE_SHOW, {"module": module.id})


# --- modules ----------------------------------------------------------------------------------


def module_overview_card(content: Content, status: ModuleStatus, *, started: bool) -> Json:
    """ "Vad innehåller Modul 1?": film, exercises and group session, and "Starta modulen"."""
    module, texts = status.module, content.learning
    overview = module.overview
    items = [
        f"[{item}]({module.intro_film_url})"
        if item == texts.film_item and module.intro_film_url
        else item
        for item in overview.items
    ]
    body = [
        text(module_heading(content, module), subtle=True, size="Small"),
        heading(overview.title),
        text(overview.text),
        text(overview.items_intro),
        bullets(items),
    ]
    if started:
        body.append(text(progress_text(content, status), subtle=True))
    button = content.messages.continue_button if started else content.messages.start_module_button
    return card(
        body,
        [execute(button, MODULE_START, {"module": module.id}, primary=True)],
        fallback_text=f"{overview.title} {overview.text}",
    )


def module_card(
    content: Content,
    status: ModuleStatus,
    *,
    started: Collection[str],
    drafts: Collection[str] = (),
) -> Json:
    """The module's introduction, its film, its exercises with their state, the group session."""
    module, texts = status.module, content.learning
    body: list[Json] = [heading(module_heading(content, module)), text(module.introduction)]
    if module.intro_film_url:
        body.append(action_set(_open_url(texts.film_button, module.intro_film_url)))
    body.append(text(texts.exercises_heading, bold=True, size="Medium"))
    for exercise in status.exercises:
        state = exercise_status(content, exercise.key, started, status.reflected, drafts)
        body.append(
            container(
                [
                    action_set(
                        execute(
                            texts.exercise_button.format(
                                number=exercise.number, title=exercise.title
                            ),
                            EXERCISE_SHOW,
                            {"exercise": exercise.key},
                        )
                    ),
                    text(state, subtle=True, size="Small", spacing="None"),
                ],
                separator=True,
            )
        )
    session = texts.group_session_done if status.group_session_held else texts.group_session_pending
    body += [
        container(
            [text(texts.group_session_item, bold=True), text(session, subtle=True)],
            separator=True,
        ),
        text(progress_text(content, status), spacing="Medium"),
    ]
    return card(
        body,
        [execute(texts.progress_title, PROGRESS)],
        fallback_text=f"{module_heading(content, module)}. {module.introduction}",
    )


# --- exercises --------------------------------------------------------------------------------


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
                _columns(
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
        return _show_module(content, exercise.module)
    return execute(content.learning.library_back_button, LIBRARY)


def _exercise_facts(content: Content, exercise: Exercise) -> Json:
    texts = content.learning
    return facts(
        [
            (texts.theme_label, content.exercises.theme(exercise.theme).title),
            (texts.duration_label, exercise.duration),
        ]
    )


# --- the library ------------------------------------------------------------------------------


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
        _columns(
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


# --- reflections ------------------------------------------------------------------------------


def reflection_prompt(content: Content, exercise: ExerciseRef) -> tuple[str, int]:
    """The guidance and the number of words asked for."""
    if exercise.behaviour is not None:
        reflection = exercise.behaviour.reflection
        return reflection.prompt, reflection.words
    words = content.learning.library_reflection_words
    return content.learning.library_reflection_prompt.format(
        exercise=exercise.title, words=words
    ), words


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
        _show_module(content, exercise.module),
    ]
    return card(body, actions, fallback_text=f"{note} {reflection.text}")


# --- progress ---------------------------------------------------------------------------------


def progress_card(
    content: Content,
    statuses: Sequence[ModuleStatus],
    *,
    headline: str | None = None,
    next_module: Module | None = None,
) -> Json:
    """Every module with a bar of its steps; `headline` for a celebration."""
    texts = content.learning
    current = next((status for status in statuses if not status.done), None)
    body: list[Json] = [heading(headline or texts.progress_title), text(texts.progress_intro)]
    for status in statuses:
        mark = (
            texts.module_done
            if status.done
            else texts.module_current
            if status is current
            else None
        )
        items = [
            text(module_heading(content, status.module), bold=True),
            text(progress_text(content, status), spacing="None"),
        ]
        if mark:
            items.append(text(mark, subtle=True, spacing="None"))
        body.append(container(items, separator=True))
    target = next_module or (current.module if current else None)
    actions: list[Any] = []
    if target is not None:
        actions.append(
            execute(
                texts.show_module_button.format(number=target.number),
                MODULE_OVERVIEW,
                {"module": target.id},
                primary=True,
            )
        )
    lines = [f"{module_heading(content, s.module)}: {progress_text(content, s)}" for s in statuses]
    return card(
        body, actions, fallback_text=f"{headline or texts.progress_title}. " + "; ".join(lines)
    )


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
