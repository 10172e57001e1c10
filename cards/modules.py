"""A module's overview ("Vad innehåller Modul 1?") and its introduction with the exercises."""

from __future__ import annotations

from collections.abc import Collection

from cards.elements import (
    Json,
    action_set,
    bullets,
    card,
    container,
    execute,
    heading,
    open_url,
    text,
)
from cards.learning_actions import EXERCISE_SHOW, MODULE_SHOW, MODULE_START, PROGRESS
from cards.learning_texts import exercise_status, module_heading, progress_text
from content.curriculum import Module
from content.models import Content
from learning.progress import ModuleStatus


def show_module_button(content: Content, module: Module, title: str | None = None) -> Json:
    return execute(title or content.learning.back_button, MODULE_SHOW, {"module": module.id})


def module_overview_card(content: Content, status: ModuleStatus, *, started: bool) -> Json:
    """ "Vad innehåller Modul 1?": film (when the organisation has one), exercises and group
    session, and "Starta modulen"."""
    module, texts = status.module, content.learning
    overview, film = module.overview, module.films.introduction
    items = ([f"[{texts.film_item}]({film})"] if film else []) + list(overview.items)
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
    """The module's introduction, its film, its exercises with their state, the group session
    with its agenda."""
    module, texts = status.module, content.learning
    body: list[Json] = [heading(module_heading(content, module)), text(module.introduction)]
    if module.films.introduction:
        body.append(action_set(open_url(texts.film_button, module.films.introduction)))
    body += _supporters(content)
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
            [
                text(texts.group_session_item, bold=True),
                text(module.group_session.purpose),
                text(texts.group_session_agenda, bold=True, size="Small"),
                _numbered(module.group_session.agenda),
                text(session, subtle=True),
            ],
            separator=True,
        ),
        text(progress_text(content, status), spacing="Medium"),
    ]
    return card(
        body,
        [execute(texts.progress_title, PROGRESS)],
        fallback_text=f"{module_heading(content, module)}. {module.introduction}",
    )


def _supporters(content: Content) -> list[Json]:
    """Who leaders can turn to (seed chapter 5), one short line; nothing when none are named."""
    supporters = content.organisation.supporters
    if not supporters:
        return []
    named = "; ".join(
        content.messages.help_supporter.format(name=s.name, role=s.role, contact=s.contact)
        for s in supporters
    )
    return [text(content.learning.module_supporters.format(supporters=named), subtle=True)]


def _numbered(items: Collection[str]) -> Json:
    """An agenda as one TextBlock with a Markdown numbered list."""
    return text("\n".join(f"{number}. {item}" for number, item in enumerate(items, 1)))
