"""The Innovationsteam's introduction card in the channel.

One card for everyone: `refresh.userIds` are the members, so Teams asks the bot for each
member's own view (their saved introduction, or the form with their workbook's goal as its
starting text) whenever they look at it. A goal that differs from the workbook's is not written
there without the member's yes: the card asks, only in their own view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from cards.elements import (
    Json,
    action_set,
    attention,
    card,
    container,
    execute,
    heading,
    text,
    text_input,
)
from chat.actions import ActionPayload, RowId
from content.models import Content

INTRODUCE = "team_introduce"
INTRODUCTION_VIEW = "team_introduction_view"
GOAL_ANSWER = "team_introduction_goal"
WHO, LEADS, GOAL = "who", "leads", "goal"
GROUP = "group_id"
MAX_USER_IDS = 60  # Teams refreshes automatically for at most 60 users


class ViewIntroductions(ActionPayload):
    """INTRODUCTION_VIEW, the card's refresh: the member's own view of the group's card."""

    group_id: RowId


class Introduce(ActionPayload):
    """INTRODUCE, "Dela min presentation": the group, and the three answers (None or empty
    when left empty; Action.Submit clients do not check isRequired)."""

    group_id: RowId

    who: str | None = None
    leads: str | None = None
    goal: str | None = None


class AnswerGoalQuestion(ActionPayload):
    """GOAL_ANSWER, "Ja" / "Nej" to "Vill du uppdatera ditt mål i arbetsboken också?"."""

    group_id: RowId
    answer: Literal["yes", "no"]


class GoalQuestion(Enum):
    """Where the workbook's goal stands after an introduction."""

    ASK = "ask"  # it differs from the introduction's: ask before replacing it
    UPDATED = "updated"  # the introduction's goal is in the workbook now
    KEPT = "kept"  # the member said no: the workbook keeps its own


@dataclass(frozen=True, slots=True)
class SavedIntroduction:
    who: str
    leads: str
    goal: str


def refresh(verb: str, data: Mapping[str, object], user_ids: Sequence[str]) -> Json:
    """The card's refresh clause: Teams invokes `verb` for each listed user who sees it."""
    return {
        "action": {"type": "Action.Execute", "verb": verb, "data": {"verb": verb, **data}},
        "userIds": list(user_ids)[:MAX_USER_IDS],
    }


def introduction_card(
    content: Content,
    group_id: int,
    user_ids: Sequence[str],
    *,
    introduced: int,
    members: int,
    saved: SavedIntroduction | None = None,
    first_name: str = "",
    typed: SavedIntroduction | None = None,
    note: str | None = None,
    workbook_goal: str | None = None,
    goal: GoalQuestion | None = None,
) -> Json:
    """The form; filled in, with thanks and "Ändra", for a member who has introduced themself;
    with what they `typed` and a `note` when it could not be saved; `workbook_goal` is the
    goal's starting text; `goal` what to say about the workbook."""
    messages = content.messages
    body: list[Json] = [heading(messages.introduction_title, size="Medium")]
    if note:
        body.append(attention(note))
    elif saved is not None and first_name:
        body.append(text(messages.introduction_thanks.format(first_name=first_name), bold=True))
    if goal is not None:
        body.append(_goal_note(content, group_id, goal))
    shown = typed or saved
    goal_value = shown.goal if shown else workbook_goal
    body += [
        text(messages.introduction_intro),
        text_input(
            WHO,
            messages.introduction_who_label,
            value=shown.who if shown else None,
            placeholder=messages.introduction_who_placeholder,
            multiline=True,
            error=messages.introduction_required,
        ),
        text_input(
            LEADS,
            messages.introduction_leads_label,
            value=shown.leads if shown else None,
            placeholder=messages.introduction_leads_placeholder,
            multiline=True,
            error=messages.introduction_required,
        ),
        text_input(
            GOAL,
            messages.introduction_goal_label,
            value=goal_value,
            multiline=True,
            error=messages.introduction_required,
        ),
        text(
            messages.introductions_status.format(count=introduced, total=members),
            subtle=True,
            size="Small",
        ),
    ]
    if workbook_goal and saved is None:
        body.insert(-1, text(messages.introduction_goal_from_workbook, subtle=True, size="Small"))
    button = messages.introduction_change_button if saved else messages.introduction_button
    return card(
        body,
        [execute(button, INTRODUCE, {GROUP: group_id}, primary=True)],
        fallback_text=f"{messages.introduction_title}. {messages.introduction_intro}",
        refresh=refresh(INTRODUCTION_VIEW, {GROUP: group_id}, user_ids),
    )


def _goal_note(content: Content, group_id: int, goal: GoalQuestion) -> Json:
    """The workbook's goal after saving: updated, kept, or the question with Ja / Nej."""
    messages = content.messages
    if goal is GoalQuestion.UPDATED:
        return text(messages.introduction_goal_updated)
    if goal is GoalQuestion.KEPT:
        return text(messages.introduction_goal_kept)
    buttons = (
        execute(messages.yes_button, GOAL_ANSWER, {GROUP: group_id, "answer": "yes"}, primary=True),
        execute(messages.no_button, GOAL_ANSWER, {GROUP: group_id, "answer": "no"}),
    )
    return container(
        [text(messages.introduction_goal_question, bold=True), action_set(*buttons)],
        style="emphasis",
    )
