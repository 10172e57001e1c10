"""The "återkoppling" card: a suggestion to the programme team, signed or anonymous; the
latest suggestions as the coordinators see them (in the follow-up card, in "återkoppling" and
in the weekly digest), each with "Svara"; the answer form; the answer as the sender gets it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from pydantic import StringConstraints

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
from content.dates import format_date_sv
from content.models import Content
from storage.feedback import SuggestionView

SEND_FEEDBACK = "send_feedback"
ANSWER_FORM, SEND_ANSWER, SHOW_SUGGESTIONS = "answer_form", "send_answer", "show_suggestions"
TEXT_INPUT, ANONYMOUS_INPUT = "text", "anonymous"
ANSWER_INPUT = "answer"
ON, OFF = "true", "false"
DIGEST_SHOWN = 25  # suggestions on one digest card; "återkoppling" lists the latest
QUOTED_CHARS = 400  # of the leader's suggestion, quoted above the answer


class SendFeedback(ActionPayload):
    """SEND_FEEDBACK: the suggestion and the anonymous toggle ("true"/"false") as typed."""

    text: str = ""
    anonymous: str = OFF


class AnswerForm(ActionPayload):
    """ANSWER_FORM ("Svara"): which suggestion."""

    suggestion: RowId


class SendAnswer(ActionPayload):
    """SEND_ANSWER: the suggestion and the answer as typed (checked by the service)."""

    suggestion: RowId
    answer: Annotated[str, StringConstraints(max_length=20_000)] = ""


class ShowSuggestions(ActionPayload):
    """SHOW_SUGGESTIONS: back from the answer form to the latest suggestions."""


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
    items: list[Json] = [text(texts.latest_heading, bold=True)]
    for suggestion in suggestions:
        items.append(text(_line(content, suggestion), spacing="Small"))
    if not suggestions:
        items.append(text(texts.none_yet, subtle=True))
    return container(items, separator=True)


def _line(content: Content, suggestion: SuggestionView) -> str:
    texts = content.coordination.feedback
    line = texts.item.format(
        date=format_date_sv(suggestion.created_at, content.organisation.time_zone),
        sender=suggestion.sender or texts.anonymous,
        text=suggestion.text,
    )
    if suggestion.answered:
        line += f" ({content.coordination.feedback_answers.answered})"
    return line


def _answerable(content: Content, suggestions: Sequence[SuggestionView]) -> list[Json]:
    """Each suggestion with "Svara", or marked answered."""
    texts = content.coordination.feedback_answers
    items: list[Json] = []
    for suggestion in suggestions:
        block: list[Json] = [text(_line(content, suggestion))]
        if not suggestion.answered:
            block.append(
                action_set(execute(texts.answer_button, ANSWER_FORM, {"suggestion": suggestion.id}))
            )
        items.append(container(block, separator=True))
    return items


def digest_card(content: Content, suggestions: Sequence[SuggestionView]) -> Json:
    """The weekly digest: the suggestions written since the last one, oldest first."""
    texts = content.coordination.feedback_answers
    title = texts.digest_title.format(count=len(suggestions))
    body: list[Json] = [heading(title), text(texts.digest_intro)]
    body += _answerable(content, suggestions[:DIGEST_SHOWN])
    return card(body, fallback_text=f"{title}. {texts.digest_intro}")


def suggestions_card(
    content: Content, suggestions: Sequence[SuggestionView], *, note: str | None = None
) -> Json:
    """The latest suggestions for a coordinator ("återkoppling", and after answering one)."""
    texts = content.coordination.feedback_answers
    body: list[Json] = [heading(texts.latest_title, size="Medium")]
    if note:
        body.append(text(note, bold=True))
    body += _answerable(content, suggestions)
    if not suggestions:
        body.append(text(content.coordination.feedback.none_yet, subtle=True))
    return card(body, fallback_text=texts.latest_title)


def answer_card(
    content: Content,
    suggestion_id: int,
    suggestion: str,
    *,
    anonymous: bool,
    value: str | None = None,
    note: str | None = None,
) -> Json:
    """The answer form under the suggestion; after a problem, what to fix and the text kept."""
    texts = content.coordination.feedback_answers
    quoted = content.messages.quoted.format(text=suggestion)
    body: list[Json] = [heading(texts.form_title, size="Medium"), text(quoted)]
    if anonymous:
        body.append(text(texts.form_anonymous, subtle=True))
    if note:
        body.append(attention(note))
    body.append(
        text_input(
            ANSWER_INPUT,
            texts.form_label,
            value=value,
            placeholder=texts.form_placeholder,
            multiline=True,
            error=texts.form_required,
        )
    )
    return card(
        body,
        [
            execute(texts.send_button, SEND_ANSWER, {"suggestion": suggestion_id}, primary=True),
            execute(texts.back_button, SHOW_SUGGESTIONS),
        ],
        fallback_text=f"{texts.form_title}: {suggestion}",
    )


def answer_to_leader_card(content: Content, suggestion: str, answer: str) -> Json:
    """What the sender of a suggestion gets in their personal chat."""
    texts = content.coordination.feedback_answers
    quoted = suggestion if len(suggestion) <= QUOTED_CHARS else suggestion[:QUOTED_CHARS] + "…"
    body = [
        heading(texts.leader_title, size="Medium"),
        text(texts.leader_yours.format(text=quoted), subtle=True),
        text(texts.leader_answer, bold=True),
        text(answer),
    ]
    return card(body, fallback_text=f"{texts.leader_title}: {answer}")
