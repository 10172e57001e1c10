"""The "återkoppling" card: a suggestion to the programme team, signed or anonymous; and the
latest suggestions as the coordinators see them (in the follow-up card)."""

from __future__ import annotations

from collections.abc import Sequence

from cards.elements import Json, attention, card, container, execute, heading, text, text_input
from chat.actions import ActionPayload
from content.dates import format_date_sv
from content.models import Content
from storage.feedback import SuggestionView

SEND_FEEDBACK = "send_feedback"
TEXT_INPUT, ANONYMOUS_INPUT = "text", "anonymous"
ON, OFF = "true", "false"


class SendFeedback(ActionPayload):
    """SEND_FEEDBACK: the suggestion and the anonymous toggle ("true"/"false") as typed."""

    text: str = ""
    anonymous: str = OFF


def feedback_card(
    content: Content,
    *,
    text_value: str | None = None,
    anonymous: bool = False,
    note: str | None = None,
) -> Json:
    texts = content.coordination.feedback
    body: list[Json] = [heading(texts.title), text(texts.intro)]
    if note:
        body.append(attention(note))
    field = text_input(
        TEXT_INPUT,
        texts.label,
        value=text_value,
        placeholder=texts.placeholder,
        multiline=True,
        error=texts.required,
    )
    toggle = {
        "type": "Input.Toggle",
        "id": ANONYMOUS_INPUT,
        "title": texts.anonymous_label,
        "label": texts.anonymous_label,
        "value": ON if anonymous else OFF,
        "valueOn": ON,
        "valueOff": OFF,
        "wrap": True,
    }
    body += [field, toggle]
    return card(
        body,
        [execute(texts.send_button, SEND_FEEDBACK, primary=True)],
        fallback_text=f"{texts.title}. {texts.intro}",
    )


def thanks_card(content: Content, *, anonymous: bool) -> Json:
    texts = content.coordination.feedback
    thanks = texts.thanks_anonymous if anonymous else texts.thanks
    return card([heading(texts.title, size="Medium"), text(thanks)], fallback_text=thanks)


def suggestions_block(content: Content, suggestions: Sequence[SuggestionView]) -> Json:
    """The latest suggestions, for the follow-up card: date, sender (or "anonymt"), text."""
    texts = content.coordination.feedback
    zone = content.organisation.time_zone
    items: list[Json] = [text(texts.latest_heading, bold=True)]
    for suggestion in suggestions:
        line = texts.item.format(
            date=format_date_sv(suggestion.created_at, zone),
            sender=suggestion.sender or texts.anonymous,
            text=suggestion.text,
        )
        items.append(text(line, spacing="Small"))
    if not suggestions:
        items.append(text(texts.none_yet, subtle=True))
    return container(items, separator=True)
