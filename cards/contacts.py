"""Cards of the one-to-one contacts "på tu man hand": the request (what to talk about and a
line to be shown), the waiting state, the proposal with "Ja, gärna" / "Nej tack", and the
introduction once both said yes, with times suggested in the reader's own zone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from pydantic import StringConstraints

from cards.elements import (
    Json,
    attention,
    bullets,
    card,
    choices,
    execute,
    facts,
    heading,
    open_url,
    text,
    text_input,
)
from chat.actions import ActionPayload, RowId
from content.dates import format_time_range_sv
from content.models import Content

ASK_CONTACT = "ask_contact"
STOP_CONTACT = "stop_contact"
ANSWER_CONTACT = "answer_contact"
SAME_AREA = "same_area"  # services.contacts reads this choice as "my weakest area"

_Typed = Annotated[str, StringConstraints(max_length=20_000)]


class ContactForm(ActionPayload):
    """The leader's request, as typed (checked by the service, shown again if wrong)."""

    contact_topic: _Typed = ""
    contact_intro: _Typed = ""
    contact_role: _Typed = ""


class StopContact(ActionPayload):
    pass


class ContactAnswer(ActionPayload):
    pair_id: RowId
    yes: bool


@dataclass(frozen=True, slots=True)
class Proposal:
    """What a proposal shows of the other person: only what they typed to be shown."""

    pair_id: int
    first_name: str
    municipality: str
    role: str
    intro: str
    topic: str


@dataclass(frozen=True, slots=True)
class Introduction:
    """What both get once both said yes."""

    first_name: str
    name: str
    municipality: str
    email: str | None
    role: str
    intro: str
    times: tuple[tuple[datetime, datetime], ...]  # UTC
    zone: str  # the reader's


def request_card(
    content: Content,
    *,
    typed: ContactForm | None = None,
    problems: Sequence[str] = (),
) -> Json:
    texts = content.contacts
    form = typed or ContactForm()
    topics = [(SAME_AREA, texts.same_area_choice)] + [
        (theme.id, texts.theme_choice.format(theme=theme.title))
        for theme in content.exercises.themes
    ]
    body: list[Json] = [
        heading(texts.title, size="Medium"),
        text(texts.intro),
        text(texts.shown_note, subtle=True),
        *(attention(p) for p in problems),
        choices(
            "contact_topic",
            texts.topic_label,
            topics,
            value=form.contact_topic or None,
            error=texts.no_topic,
        ),
        text_input(
            "contact_intro",
            texts.intro_label,
            value=form.contact_intro or None,
            placeholder=texts.intro_placeholder,
            error=texts.no_intro,
        ),
        text_input("contact_role", texts.role_label, value=form.contact_role or None),
    ]
    actions = [execute(texts.send_button, ASK_CONTACT, primary=True)]
    return card(body, actions, fallback_text=texts.title)


def waiting_card(content: Content, sentence: str, *, said: str | None = None) -> Json:
    """The open request: where it is, and the way out."""
    texts = content.contacts
    body: list[Json] = [heading(texts.title, size="Medium")]
    if said:
        body.append(text(said, bold=True))
    body.append(text(sentence))
    return card(body, [execute(texts.withdraw_button, STOP_CONTACT)], fallback_text=sentence)


def proposal_card(content: Content, proposal: Proposal) -> Json:
    texts = content.contacts
    lines = [
        (texts.role_heading, proposal.role),
        (texts.says_heading, proposal.intro),
    ]
    body: list[Json] = [
        heading(texts.proposal_title, size="Medium"),
        text(
            texts.proposal_intro.format(
                first_name=proposal.first_name,
                municipality=proposal.municipality,
                topic=proposal.topic,
            )
        ),
        facts((title, value) for title, value in lines if value),
        text(texts.proposal_note.format(days=content.contacts.answer_days), subtle=True),
    ]
    actions = [
        execute(
            texts.yes_button,
            ANSWER_CONTACT,
            {"pair_id": proposal.pair_id, "yes": True},
            primary=True,
        ),
        execute(texts.no_button, ANSWER_CONTACT, {"pair_id": proposal.pair_id, "yes": False}),
        execute(texts.stop_button, STOP_CONTACT),
    ]
    return card(body, actions, fallback_text=texts.proposal_title)


def introduction_card(content: Content, shown: Introduction) -> Json:
    texts = content.contacts
    title = texts.relay_title.format(first_name=shown.first_name)
    lines = [
        (texts.name_heading, shown.name),
        (texts.email_heading, shown.email or ""),
        (texts.role_heading, shown.role),
        (texts.says_heading, shown.intro),
    ]
    body: list[Json] = [
        heading(title, size="Medium"),
        text(
            texts.relay_intro.format(first_name=shown.first_name, municipality=shown.municipality)
        ),
        facts((t, v) for t, v in lines if v),
        text(texts.times_heading, bold=True),
    ]
    if shown.times:
        body.append(bullets(format_time_range_sv(s, e, shown.zone) for s, e in shown.times))
    else:
        body.append(text(texts.no_times))
    body.append(text(texts.relay_note, subtle=True))
    actions = []
    if shown.email:
        chat = f"https://teams.microsoft.com/l/chat/0/0?users={quote(shown.email)}"
        actions.append(open_url(texts.teams_heading, chat))
    return card(body, actions, fallback_text=title)


def notice_card(content: Content, sentence: str) -> Json:
    return card([text(sentence)], fallback_text=sentence)
