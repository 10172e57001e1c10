"""The coordinator's "fira" cards: pick a cohort and write a greeting, preview the celebration
as the leaders will see it, send it; and the cohort's diploma holders. The celebration card
itself is what each leader gets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from pydantic import StringConstraints

from cards.elements import (
    Json,
    attention,
    bullets,
    card,
    choices,
    container,
    execute,
    heading,
    text,
    text_input,
)
from chat.actions import ActionPayload, RowId
from content.models import Content
from services.follow_up import Measure
from storage.cohorts import CohortSummary

PREVIEW_CELEBRATION, SEND_CELEBRATION = "preview_celebration", "send_celebration"
EDIT_CELEBRATION, SHOW_DIPLOMAS = "edit_celebration", "show_diplomas"
COHORT_INPUT, GREETING_INPUT = "celebrate_cohort", "celebrate_greeting"


class CelebrationForm(ActionPayload):
    """PREVIEW_CELEBRATION, EDIT_CELEBRATION and SHOW_DIPLOMAS: the form's inputs as typed."""

    celebrate_cohort: Annotated[str, StringConstraints(max_length=40)] = ""
    celebrate_greeting: Annotated[str, StringConstraints(max_length=20_000)] = ""

    def cohort_id(self) -> int | None:
        typed = self.celebrate_cohort.strip()
        return int(typed) if typed.isdigit() and 0 < int(typed) < 2**63 else None


class SendCelebration(ActionPayload):
    """SEND_CELEBRATION: what the preview showed, and its token (a second click sends nothing)."""

    cohort: RowId
    greeting: Annotated[str, StringConstraints(max_length=20_000)] = ""
    token: Annotated[str, StringConstraints(min_length=16, max_length=64)]


def celebrate_card(
    content: Content,
    cohorts: Sequence[CohortSummary],
    *,
    cohort_id: int | None = None,
    greeting: str | None = None,
    note: str | None = None,
) -> Json:
    """The form: which cohort, a greeting; "Förhandsgranska" and "Visa diplom"."""
    texts = content.coordination.celebrations
    body: list[Json] = [heading(texts.title)]
    if note:
        body.append(attention(note))
    if not cohorts:
        body.append(text(texts.no_cohorts))
        return card(body, fallback_text=texts.no_cohorts)
    selected = str(cohort_id) if cohort_id else (str(cohorts[-1].id) if len(cohorts) == 1 else None)
    body += [
        text(texts.intro),
        choices(
            COHORT_INPUT,
            texts.cohort_label,
            [(str(c.id), c.name) for c in cohorts],
            value=selected,
            error=texts.cohort_required,
        ),
        text_input(
            GREETING_INPUT,
            texts.greeting_label,
            value=greeting,
            placeholder=texts.greeting_placeholder,
            multiline=True,
        ),
    ]
    return card(
        body,
        [
            execute(texts.preview_button, PREVIEW_CELEBRATION, primary=True),
            execute(texts.diplomas_button, SHOW_DIPLOMAS),
        ],
        fallback_text=f"{texts.title}. {texts.intro}",
    )


def celebration_card(
    content: Content, name: str, achieved: Sequence[tuple[Measure, int]], greeting: str
) -> Json:
    """What each leader of the cohort gets."""
    texts = content.coordination.celebrations
    return card(
        _celebration_body(content, name, achieved, greeting),
        fallback_text=f"{texts.card_title} {texts.card_intro.format(name=name)}",
    )


def _celebration_body(
    content: Content, name: str, achieved: Sequence[tuple[Measure, int]], greeting: str
) -> list[Json]:
    texts = content.coordination.celebrations
    body: list[Json] = [heading(texts.card_title), text(texts.card_intro.format(name=name))]
    if achieved:
        body += [
            text(texts.achievements_heading, bold=True),
            bullets(
                texts.achievement.format(count=count, what=getattr(texts, measure.value))
                for measure, count in achieved
            ),
        ]
    else:
        body.append(text(texts.no_figures))
    if greeting:
        body += [text(texts.greeting_from, bold=True), text(greeting)]
    body.append(text(texts.closing))
    return body


def preview_card(
    content: Content,
    *,
    cohort_id: int,
    name: str,
    greeting: str,
    token: str,
    celebration: Json,
    reachable: int,
) -> Json:
    """The celebration as the leaders will see it, with "Skicka" (when anyone can get it)."""
    texts = content.coordination.celebrations
    title = texts.preview_title.format(name=name)
    body: list[Json] = [heading(title, size="Medium")]
    body.append(
        text(texts.preview_intro.format(count=reachable))
        if reachable
        else attention(texts.none_reachable)
    )
    body.append(container(celebration["body"], style="emphasis", separator=True))
    actions: list[Json] = []
    if reachable:
        data = {"cohort": cohort_id, "greeting": greeting, "token": token}
        actions.append(
            execute(texts.send_button.format(count=reachable), SEND_CELEBRATION, data, primary=True)
        )
    edit = {COHORT_INPUT: str(cohort_id), GREETING_INPUT: greeting}
    actions.append(execute(texts.edit_button, EDIT_CELEBRATION, edit))
    return card(body, actions, fallback_text=title)


def sent_card(content: Content, name: str, recipients: int) -> Json:
    texts = content.coordination.celebrations
    sent = texts.sent.format(count=recipients, name=name)
    return card([heading(texts.title, size="Medium"), text(sent)], fallback_text=sent)


def notice_card(content: Content, notice: str) -> Json:
    texts = content.coordination.celebrations
    return card([heading(texts.title, size="Medium"), text(notice)], fallback_text=notice)


def diplomas_card(content: Content, name: str, achievers: Sequence[str], members: int) -> Json:
    """Who in the cohort completed the journey: a list of achievers, by name."""
    texts = content.coordination.celebrations
    title = texts.diplomas_title.format(name=name)
    body: list[Json] = [heading(title, size="Medium")]
    if achievers:
        body += [text(texts.diplomas_intro), bullets(achievers)]
    else:
        body.append(text(texts.diplomas_none))
    body.append(text(texts.diplomas_count.format(count=len(achievers), total=members), subtle=True))
    return card(body, fallback_text=title)
