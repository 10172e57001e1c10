"""The short texts the learning cards share: a module's heading, a progress line, an
exercise's state, a duration."""

from __future__ import annotations

from collections.abc import Collection

from content.curriculum import Module
from content.models import Content
from content.numbers import decimal_text
from learning.progress import ModuleStatus, text_bar


def module_heading(content: Content, module: Module) -> str:
    return content.learning.module_heading.format(number=module.number, title=module.title)


def theme_heading(content: Content, theme_id: str) -> str:
    """A theme of the exercise library by its module's name: "Modul 4: Förstå er användare"."""
    return module_heading(content, content.module_of_theme(theme_id))


def progress_text(content: Content, status: ModuleStatus) -> str:
    done, total = status.steps_done, status.steps_total
    return content.learning.progress_line.format(bar=text_bar(done, total), done=done, total=total)


def duration_text(content: Content, minutes: int) -> str:
    """ "15 minuter", "1 timme", "1,5 timmar" ("1.5 hours" in English)."""
    texts = content.learning
    if minutes < 60:
        return texts.minutes_text.format(minutes=minutes)
    if minutes == 60:
        return texts.one_hour_text
    return texts.hours_text.format(hours=decimal_text(minutes / 60, content.language))


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
