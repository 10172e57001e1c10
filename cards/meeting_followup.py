"""Cards around an Innovationsteam meeting, after it is booked.

- the preparation card in the channel (purpose, preparation questions, agenda, facilitation);
- the digest the day before meetings 2-5: "Era reflektioner från övningarna" and the agenda;
- after the meeting: "Reflektion efter Innovationsteamsmöte" in each member's personal chat,
  and the group's three shared insights in the channel (one card for all, kept current for
  each member through `refresh.userIds`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from cards.elements import (
    Json,
    attention,
    bullets,
    card,
    container,
    execute,
    heading,
    open_url,
    text,
    text_input,
)
from cards.team import refresh
from chat.actions import ActionPayload, RowId
from content.dates import format_time_range_sv
from content.models import Content
from content.social_learning import Agenda, Meeting

REFLECTION_SAVE = "meeting_reflection_save"
INSIGHTS_SAVE = "meeting_insights_save"
INSIGHTS_VIEW = "meeting_insights_view"
MEETING = "meeting_id"
REFLECTION = "reflection"
INSIGHTS = ("insight_1", "insight_2", "insight_3")


class SaveReflection(ActionPayload):
    """REFLECTION_SAVE, in the personal chat: the meeting, and what the member wrote."""

    meeting_id: RowId
    reflection: str | None = None


class SaveInsights(ActionPayload):
    """INSIGHTS_SAVE, in the channel: the meeting, and the group's three insights."""

    meeting_id: RowId
    insight_1: str | None = None
    insight_2: str | None = None
    insight_3: str | None = None

    def written(self) -> list[str]:
        """The three insights, stripped; empty where none was written."""
        return [(value or "").strip() for value in (self.insight_1, self.insight_2, self.insight_3)]


class ViewInsights(ActionPayload):
    """INSIGHTS_VIEW, the insights card's refresh: the member's own view."""

    meeting_id: RowId


@dataclass(frozen=True, slots=True)
class SharedText:
    """A shared reflection in the digest: who, on which exercise, what."""

    first_name: str
    exercise: str
    text: str


def preparation_card(
    content: Content,
    meeting: Meeting,
    *,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    join_url: str | None,
    members: int,
) -> Json:
    """After booking: when, what to think about before, and how the meeting goes (`members`:
    how many the group is)."""
    texts = content.messages.meeting_followup
    title = texts.preparation_title.format(title=meeting.title)
    when = texts.preparation_time.format(time_range=format_time_range_sv(start, end, zone))
    body: list[Json] = [heading(title, size="Medium"), text(when, bold=True)]
    if meeting.preparation_questions:
        body += [text(content.messages.preparation_intro), bullets(meeting.preparation_questions)]
        fallback = " ".join([content.messages.preparation_intro, *meeting.preparation_questions])
    else:
        body.append(text(texts.preparation_reflections))
        fallback = texts.preparation_reflections
    body += [
        container([text(texts.purpose_heading, bold=True), bullets(meeting.purpose_for(members))]),
        _agenda(meeting.agenda),
        container(
            [text(texts.facilitation_heading, bold=True), text(meeting.facilitation)],
            separator=True,
        ),
    ]
    actions = [open_url(content.messages.meeting_join_button, join_url)] if join_url else []
    return card(body, actions, fallback_text=f"{title} {when} {fallback}")


def digest_card(
    content: Content,
    meeting: Meeting,
    shared: Sequence[SharedText],
) -> Json:
    """The day before meetings 2-5: the reflections members shared since the last meeting."""
    messages = content.messages
    texts = messages.meeting_followup
    body: list[Json] = [
        heading(messages.reflections_digest_title, size="Medium"),
        text(texts.digest_intro.format(title=meeting.title)),
    ]
    if shared:
        body += [
            container(
                [
                    text(
                        texts.digest_item.format(first_name=item.first_name, exercise=item.exercise)
                        if item.exercise
                        else item.first_name,
                        bold=True,
                    ),
                    text(item.text),
                ],
                separator=True,
            )
            for item in shared
        ]
    else:
        body.append(text(texts.digest_empty, subtle=True))
    body.append(_agenda(meeting.agenda))
    return card(
        body,
        fallback_text=f"{messages.reflections_digest_title}: "
        + (
            " ".join(f"{item.first_name}: {item.text}" for item in shared)
            if shared
            else texts.digest_empty
        ),
    )


def reflection_card(
    content: Content,
    meeting: Meeting,
    *,
    meeting_id: int,
    saved: str | None = None,
    note: str | None = None,
    typed: str | None = None,
) -> Json:
    """In a member's personal chat after the meeting: a reflection for their workbook (what
    they `typed` shown back when it could not be saved)."""
    texts = content.messages.meeting_followup
    intro = texts.reflection_intro.format(title=meeting.title)
    body: list[Json] = [heading(texts.reflection_title, size="Medium"), text(intro)]
    if note:
        body.append(attention(note))
    body.append(
        text_input(
            REFLECTION,
            texts.reflection_label,
            value=typed or saved,
            placeholder=texts.reflection_placeholder,
            multiline=True,
            error=texts.reflection_required,
        )
    )
    if saved:
        body.append(text(texts.reflection_saved, bold=True))
    return card(
        body,
        [execute(texts.reflection_button, REFLECTION_SAVE, {MEETING: meeting_id}, primary=True)],
        fallback_text=f"{texts.reflection_title}. {intro}",
    )


def insights_card(
    content: Content,
    meeting: Meeting,
    *,
    meeting_id: int,
    user_ids: Sequence[str],
    saved: Sequence[str] = (),
    saved_by: str | None = None,
    note: str | None = None,
) -> Json:
    """In the channel after the meeting: the group's three shared insights, one form for all."""
    texts = content.messages.meeting_followup
    intro = texts.insights_intro.format(title=meeting.title)
    body: list[Json] = [heading(texts.insights_title, size="Medium"), text(intro)]
    if note:
        body.append(attention(note))
    values = [*saved, "", "", ""][: len(INSIGHTS)]
    body += [
        text_input(
            input_id,
            texts.insight_label.format(number=number),
            value=value or None,
            multiline=True,
            error=texts.insight_required,
        )
        for number, (input_id, value) in enumerate(zip(INSIGHTS, values, strict=True), start=1)
    ]
    if saved_by:
        body.append(text(texts.insights_saved.format(first_name=saved_by), subtle=True))
    return card(
        body,
        [execute(texts.insights_button, INSIGHTS_SAVE, {MEETING: meeting_id}, primary=True)],
        fallback_text=f"{texts.insights_title}. {intro}",
        refresh=refresh(INSIGHTS_VIEW, {MEETING: meeting_id}, user_ids),
    )


def _agenda(agenda: Agenda) -> Json:
    lines = [
        f"{number}. {item.text}" + (f" – {item.detail}" if item.detail else "")
        for number, item in enumerate(agenda.items, start=1)
    ]
    return container([text(agenda.title, bold=True), text("\n".join(lines))], separator=True)
