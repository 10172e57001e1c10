"""The Innovationsteam's introduction card in the channel.

One card for everyone: `refresh.userIds` are the members, so Teams asks the bot for each
member's own view (their saved introduction, or an empty form) whenever they look at it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cards.elements import Json, attention, card, execute, heading, text, text_input
from chat.actions import ActionPayload, RowId
from content.models import Content

INTRODUCE = "team_introduce"
INTRODUCTION_VIEW = "team_introduction_view"
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
) -> Json:
    """The form; filled in, with thanks and "Ändra", for a member who has introduced themself;
    with what they `typed` and a `note` when it could not be saved."""
    messages = content.messages
    body: list[Json] = [heading(messages.introduction_title, size="Medium")]
    if note:
        body.append(attention(note))
    elif saved is not None:
        body.append(text(messages.introduction_thanks.format(first_name=first_name), bold=True))
    shown = typed or saved
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
            value=shown.goal if shown else None,
            multiline=True,
            error=messages.introduction_required,
        ),
        text(
            messages.introductions_status.format(count=introduced, total=members),
            subtle=True,
            size="Small",
        ),
    ]
    button = messages.introduction_change_button if saved else messages.introduction_button
    return card(
        body,
        [execute(button, INTRODUCE, {GROUP: group_id}, primary=True)],
        fallback_text=f"{messages.introduction_title}. {messages.introduction_intro}",
        refresh=refresh(INTRODUCTION_VIEW, {GROUP: group_id}, user_ids),
    )
