"""Progress per module, and the celebration when one is done."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from cards.elements import (
    Json,
    action_set,
    card,
    container,
    execute,
    heading,
    text,
)
from cards.learning_actions import MODULE_OVERVIEW
from cards.learning_texts import module_heading, progress_text
from cards.navigation import navigation
from content.curriculum import Module
from content.models import Content
from learning.progress import ModuleStatus, current_module


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
        if status is not current and not (next_module and status.module.id == next_module.id):
            # Every module can be looked at, not only the one the leader is on.
            button = texts.show_module_button.format(number=status.module.number)
            items.append(action_set(execute(button, MODULE_OVERVIEW, {"module": status.module.id})))
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


def celebration_card(content: Content, statuses: Sequence[ModuleStatus]) -> Json:
    """A module just completed: "Grattis - nu kan du gå vidare till Modul N!" with the progress
    as tiles and the leader's navigation, or the journey's end after the last module."""
    upcoming = current_module(statuses)
    messages = content.messages
    actions: list[Json] = []
    if upcoming is None:
        headline = messages.journey_completed
    else:
        module = upcoming.module
        headline = messages.congratulations.format(next_module=module.number)
        button = content.learning.show_module_button.format(number=module.number)
        actions.append(execute(button, MODULE_OVERVIEW, {"module": module.id}, primary=True))
    body = [heading(headline, size="Medium"), progress_tiles(content, statuses, upcoming)]
    return card(body, actions + navigation(content), fallback_text=headline)


def progress_tiles(
    content: Content, statuses: Sequence[ModuleStatus], current: ModuleStatus | None
) -> Json:
    """One tile per module: its number, and ✓ or how many of its steps are done."""
    texts = content.messages.home
    columns = []
    for status in statuses:
        if status.done:
            style, below = "good", texts.tile_done
        else:
            style = "accent" if status is current else "emphasis"
            below = texts.tile_steps.format(done=status.steps_done, total=status.steps_total)
        columns.append(
            {
                "type": "Column",
                "width": "stretch",
                "style": style,
                "items": [
                    _centred(str(status.module.number), size="Large", bold=True),
                    _centred(below, size="Small"),
                ],
            }
        )
    return {"type": "ColumnSet", "columns": columns, "spacing": "Medium"}


def _centred(value: str, *, size: Literal["Small", "Large"], bold: bool = False) -> Json:
    block = text(value, size=size, bold=bold, spacing="None")
    block["horizontalAlignment"] = "Center"
    return block
