"""Regional meeting cards: the programme owner's schedule, and for a participating leader the
announcement (and reminder) with "Jag kommer" / "Jag kan inte", and the reflection after."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from pydantic import StringConstraints

from cards.elements import (
    Json,
    action_set,
    attention,
    bullets,
    card,
    choices,
    container,
    date_input,
    execute,
    facts,
    heading,
    open_url,
    text,
    text_input,
    time_input,
)
from cards.navigation import command_button
from cards.regional_sharing import FROM_REGION, REGIONAL_SHARES
from chat.actions import ActionPayload, RowId
from chat.commands import Command
from content.dates import format_date_only_sv, format_time_range_sv
from content.models import Content
from content.numbers import decimal_text
from services.follow_up import MINIMUM_PEOPLE
from storage.regional_meetings import Meeting
from storage.regions import RegionalCohortInfo

MEETINGS = "regional_meetings"
ADD_MEETING = "add_regional_meeting"
PROPOSE_MEETINGS = "propose_regional_meetings"
CANCEL_MEETING = "cancel_regional_meeting"
ANSWER_MEETING = "answer_regional_meeting"
REFLECT_MEETING = "reflect_regional_meeting"
MOVE_MEETING = "move_regional_meeting"
LENGTHS = (120, 150, 180)  # minutes: 2-3 hours

_Typed = Annotated[str, StringConstraints(max_length=20_000)]


class MeetingForm(ActionPayload):
    """The owner's new meeting, as typed (checked by the service, shown again if wrong)."""

    regional_cohort_id: RowId
    meeting_date: _Typed = ""
    meeting_start: _Typed = ""
    meeting_length: _Typed = ""
    meeting_theme: _Typed = ""
    meeting_agenda: _Typed = ""
    meeting_guest: _Typed = ""
    meeting_link: _Typed = ""


class MoveForm(ActionPayload):
    """The owner's new time for a meeting, as typed; `move_meeting` is the chosen meeting id."""

    regional_cohort_id: RowId
    move_meeting: _Typed = ""
    move_date: _Typed = ""
    move_start: _Typed = ""

    def meeting_id(self) -> int | None:
        value = self.move_meeting.strip()
        return int(value) if value.isdigit() and len(value) < 19 else None


class MeetingButton(ActionPayload):
    meeting_id: RowId


class MeetingAnswerButton(ActionPayload):
    meeting_id: RowId
    coming: bool


class MeetingReflection(ActionPayload):
    meeting_id: RowId
    meeting_reflection: _Typed = ""


@dataclass(frozen=True, slots=True)
class ScheduledMeeting:
    """A meeting as its owner sees it: `coming` None when fewer than the minimum."""

    meeting: Meeting
    coming: int | None


def _length(content: Content, minutes: int) -> str:
    """ "2,5 timmar" / "2.5 hours": the decimal mark of the language."""
    hours = decimal_text(minutes / 60, content.language)
    return content.coordination.meetings.length_choice.format(hours=hours)


def _when(content: Content, meeting: Meeting, zone: str) -> str:
    end = meeting.starts_at + timedelta(minutes=meeting.minutes)
    return format_time_range_sv(meeting.starts_at, end, zone)


def schedule_card(
    content: Content,
    cohort: RegionalCohortInfo,
    meetings: Sequence[ScheduledMeeting],
    *,
    said: Sequence[str] = (),
    problems: Sequence[str] = (),
    typed: MeetingForm | None = None,
    proposed: Sequence[str] = (),
    moving: MoveForm | None = None,
) -> Json:
    texts = content.coordination.meetings
    zone = content.organisation.time_zone
    body: list[Json] = [
        heading(texts.title.format(name=cohort.name), size="Medium"),
        text(texts.intro.format(minimum=MINIMUM_PEOPLE)),
    ]
    body += [text(s, bold=True) for s in said]
    lines = []
    for row in meetings:
        when = _when(content, row.meeting, zone)
        if row.meeting.cancelled:
            lines.append(texts.cancelled_line.format(when=when, theme=row.meeting.theme))
        else:
            coming = (
                str(row.coming)
                if row.coming is not None
                else texts.fewer.format(minimum=MINIMUM_PEOPLE)
            )
            lines.append(
                texts.meeting_line.format(when=when, theme=row.meeting.theme, coming=coming)
            )
    body.append(bullets(lines) if lines else text(texts.no_meetings, subtle=True))
    cancels = [
        execute(
            texts.cancel_button.format(when=format_date_only_sv(row.meeting.starts_at.date())),
            CANCEL_MEETING,
            {"meeting_id": row.meeting.id},
        )
        for row in meetings
        if not row.meeting.cancelled
    ]
    if cancels:
        body.append(action_set(*cancels))
        body.append(_move_form(content, cohort, meetings, moving))
    # The agenda's material: what the cohort's leaders chose to share with the region.
    shares = content.regional_sharing.sharing.owner_button.format(name=cohort.name)
    body.append(action_set(execute(shares, REGIONAL_SHARES, {"regional_cohort_id": cohort.id})))
    if proposed:
        body.append(text(texts.proposed.format(dates=", ".join(proposed))))
    form = typed or MeetingForm(regional_cohort_id=cohort.id)
    body.append(
        container(
            [
                text(texts.new_heading, bold=True),
                *(attention(p) for p in problems),
                date_input("meeting_date", texts.date_label, value=form.meeting_date or None),
                time_input("meeting_start", texts.start_label, value=form.meeting_start or None),
                choices(
                    "meeting_length",
                    texts.length_label,
                    [(str(m), _length(content, m)) for m in LENGTHS],
                    value=form.meeting_length or None,
                ),
                text_input("meeting_theme", texts.theme_label, value=form.meeting_theme or None),
                text_input(
                    "meeting_agenda",
                    texts.agenda_label,
                    value=form.meeting_agenda or None,
                    placeholder=texts.agenda_placeholder,
                    multiline=True,
                ),
                text_input("meeting_guest", texts.guest_label, value=form.meeting_guest or None),
                text_input("meeting_link", texts.link_label, value=form.meeting_link or None),
                action_set(
                    execute(
                        texts.add_button,
                        ADD_MEETING,
                        {"regional_cohort_id": cohort.id},
                        primary=True,
                    ),
                    execute(
                        texts.propose_button, PROPOSE_MEETINGS, {"regional_cohort_id": cohort.id}
                    ),
                ),
            ]
        )
    )
    return card(body, fallback_text=texts.title.format(name=cohort.name))


def _move_form(
    content: Content,
    cohort: RegionalCohortInfo,
    meetings: Sequence[ScheduledMeeting],
    typed: MoveForm | None,
) -> Json:
    """A new date and start time for one of the meetings not cancelled."""
    texts = content.regional_sharing.moving
    zone = content.organisation.time_zone
    options = [
        (str(row.meeting.id), f"{_when(content, row.meeting, zone)} – {row.meeting.theme}")
        for row in meetings
        if not row.meeting.cancelled
    ]
    typed = typed or MoveForm(regional_cohort_id=cohort.id)
    return container(
        [
            text(texts.heading, bold=True),
            choices("move_meeting", texts.meeting_label, options, value=typed.move_meeting),
            date_input("move_date", texts.date_label, value=typed.move_date or None),
            time_input("move_start", texts.start_label, value=typed.move_start or None),
            action_set(execute(texts.button, MOVE_MEETING, {"regional_cohort_id": cohort.id})),
        ],
        separator=True,
    )


def announcement_card(
    content: Content,
    meeting: Meeting,
    region: str,
    *,
    reminder: bool = False,
    said: str | None = None,
    title: str | None = None,
    from_region: bool = False,
) -> Json:
    """What a participating leader gets, in their organisation's zone; `from_region` adds the
    button to what leaders shared with the region (read when pressed, so nothing taken back
    lingers in a card sent earlier)."""
    texts = content.coordination.meetings
    zone = content.organisation.time_zone
    title = title or (texts.reminder_title if reminder else texts.announcement_title).format(
        theme=meeting.theme
    )
    body: list[Json] = [
        heading(title, size="Medium"),
        text(texts.announcement.format(region=region)),
    ]
    pairs = [(texts.when_label, _when(content, meeting, zone))]
    if meeting.guest:
        pairs.append((texts.guest_heading, meeting.guest))
    body.append(facts(pairs))
    body += [text(texts.agenda_heading, bold=True), text(meeting.agenda)]
    if said:
        body.append(text(said, bold=True))
    actions = [
        open_url(texts.link_button, meeting.link),
        execute(
            texts.coming_button,
            ANSWER_MEETING,
            {"meeting_id": meeting.id, "coming": True},
            primary=True,
        ),
        execute(
            texts.not_coming_button, ANSWER_MEETING, {"meeting_id": meeting.id, "coming": False}
        ),
    ]
    if from_region:
        actions.append(
            execute(
                content.regional_sharing.sharing.from_region_button,
                FROM_REGION,
                {"regional_cohort_id": meeting.regional_cohort_id},
            )
        )
    return card(body, actions, fallback_text=title)


def cancelled_card(content: Content, meeting: Meeting) -> Json:
    """What a participant is told when a meeting is cancelled."""
    texts = content.regional_sharing.moving
    zone = content.organisation.time_zone
    title = texts.cancelled_title.format(theme=meeting.theme)
    sentence = texts.cancelled_notice.format(
        theme=meeting.theme, when=_when(content, meeting, zone)
    )
    return card([heading(title, size="Medium"), text(sentence)], fallback_text=sentence)


def reflection_card(
    content: Content, meeting: Meeting, *, problem: str | None = None, typed: str = ""
) -> Json:
    texts = content.coordination.meetings
    title = texts.reflection_title.format(theme=meeting.theme)
    body: list[Json] = [heading(title, size="Medium"), text(texts.reflection_question)]
    if problem:
        body.append(attention(problem))
    body.append(
        text_input(
            "meeting_reflection", texts.reflection_label, value=typed or None, multiline=True
        )
    )
    actions = [
        execute(texts.reflection_button, REFLECT_MEETING, {"meeting_id": meeting.id}, primary=True)
    ]
    return card(body, actions, fallback_text=title)


def said_card(content: Content, sentence: str, *, share: bool = False) -> Json:
    """A sentence; `share` adds the way to share the text with the region (after a
    reflection is saved)."""
    actions = (
        [command_button(content.regional_sharing.sharing.title, Command.REGION)] if share else []
    )
    return card([text(sentence)], actions, fallback_text=sentence)
