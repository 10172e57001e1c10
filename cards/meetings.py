"""The meeting proposal in the channel, and what it turns into once booked.

One card for the whole group, kept current for each member through `refresh.userIds`: it shows
who has confirmed and who the bot still waits for, and becomes "Bokat!" for everyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from cards.elements import Json, action_set, card, container, execute, heading, text
from cards.slot_reasons import join_names
from cards.team import refresh
from chat.actions import ActionPayload, RowId
from content.dates import format_pattern, format_time_range_sv, format_time_sv, to_local
from content.language import ENGLISH, SWEDISH, Language, current_language
from content.models import Content

CONFIRM = "meeting_confirm"
REJECT = "meeting_reject"
MEETING_VIEW = "meeting_view"
PROPOSAL = "proposal_id"
MEETING = "meeting_id"


class ConfirmTime(ActionPayload):
    """CONFIRM, "Bekräfta tid" (or one of two times' own button): the time confirmed."""

    proposal_id: RowId


class DeclineTime(ActionPayload):
    """REJECT, "Passar inte": the card's (first) time."""

    proposal_id: RowId


class ViewMeeting(ActionPayload):
    """MEETING_VIEW, the proposal or booked card's refresh: the member's own view."""

    meeting_id: RowId


@dataclass(frozen=True, slots=True)
class ProposedTime:
    """One time on the card, with who has confirmed it and who it still waits for."""

    id: int
    start: datetime
    end: datetime
    confirmed: tuple[str, ...]  # first names
    waiting: tuple[str, ...]
    without: tuple[str, ...] = ()  # those it does not wait for (away); empty: everyone
    after_return: bool = False


@dataclass(frozen=True, slots=True)
class BookedTime:
    start: datetime
    end: datetime
    join_url: str | None
    in_calendar: bool  # False: booked here, but the calendars could not be written


@dataclass(frozen=True, slots=True)
class MeetingShown:
    """A meeting as the channel's card shows it, to one member (`you_confirmed`) or to all.

    Booked: "Bokat!"; times: the proposal; neither: no time found (`no_time_reason` says why).
    """

    meeting_id: int
    number: int  # the plan's meeting, for its title
    user_ids: tuple[str, ...]  # who the card is refreshed for
    times: tuple[ProposedTime, ...] = ()
    booked: BookedTime | None = None
    you_confirmed: bool = False
    note: str | None = None
    no_time_reason: str = ""


def meeting_card(content: Content, shown: MeetingShown) -> Json:
    """The one card of a meeting in the channel, whatever its state."""
    meeting = content.social_learning.meeting(shown.number)
    zone = ZoneInfo(content.organisation.time_zone)
    if shown.booked is not None:
        return booked_card(
            content,
            meeting_id=shown.meeting_id,
            title=meeting.title,
            start=shown.booked.start,
            end=shown.booked.end,
            zone=zone,
            join_url=shown.booked.join_url,
            in_calendar=shown.booked.in_calendar,
            user_ids=shown.user_ids,
        )
    ordinal = content.messages.ordinal(shown.number)
    if not shown.times:
        return no_time_card(
            content, ordinal=ordinal, title=meeting.title, reason=shown.no_time_reason
        )
    return proposal_card(
        content,
        meeting_id=shown.meeting_id,
        ordinal=ordinal,
        title=meeting.title,
        times=shown.times,
        zone=zone,
        user_ids=shown.user_ids,
        you_confirmed=shown.you_confirmed,
        note=shown.note,
    )


# The day's pattern and the word before the time, per language, as the prototype writes them.
_PROPOSAL_TIME: dict[Language, tuple[str, str]] = {
    SWEDISH: ("EEEE 'den' d MMMM", "kl"),
    ENGLISH: ("EEEE d MMMM", "at"),
}


def proposal_time(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """ "ONSDAG DEN 4 DECEMBER KL 14:00 – 15:00", as the prototype shows the time (in English
    "WEDNESDAY 4 DECEMBER AT 14:00 – 15:00")."""
    pattern, at = _PROPOSAL_TIME[current_language()]
    day = format_pattern(to_local(start, zone).date(), pattern)
    return f"{day} {at} {format_time_sv(start, zone)} – {format_time_sv(end, zone)}".upper()


def proposal_card(
    content: Content,
    *,
    meeting_id: int,
    ordinal: str,
    title: str,
    times: Sequence[ProposedTime],
    zone: ZoneInfo,
    user_ids: Sequence[str],
    you_confirmed: bool = False,
    note: str | None = None,
) -> Json:
    """ "Nu är det dags att boka ...", the time(s), who confirmed, Bekräfta tid / Passar inte."""
    messages = content.messages
    intro = messages.meeting_proposal_intro.format(ordinal=ordinal, title=title)
    body: list[Json] = [heading(intro, size="Medium")]
    if note:
        body.append(text(note))
    if len(times) == 1:
        body += _single(content, times[0], zone)
    else:
        body.append(text(messages.meeting_choose))
        body += [_option(content, time, zone) for time in times]
    if you_confirmed:
        body.append(text(messages.meeting_you_confirmed, bold=True))
    body.append(text(messages.confirm_soon, subtle=True))
    actions = [execute(messages.reject_button, REJECT, {PROPOSAL: times[0].id})]
    if len(times) == 1:
        actions.insert(
            0, execute(messages.confirm_button, CONFIRM, {PROPOSAL: times[0].id}, primary=True)
        )
    return card(
        body,
        actions,
        fallback_text=f"{intro} {', '.join(proposal_time(t.start, t.end, zone) for t in times)}",
        refresh=refresh(MEETING_VIEW, {MEETING: meeting_id}, user_ids),
    )


def _single(content: Content, time: ProposedTime, zone: ZoneInfo) -> list[Json]:
    return [
        text(content.messages.meeting_proposal_found),
        text(proposal_time(time.start, time.end, zone), bold=True, size="Medium"),
        *_who(content, time),
    ]


def _option(content: Content, time: ProposedTime, zone: ZoneInfo) -> Json:
    """One of two times (someone is away): its own confirm button."""
    messages = content.messages
    and_word = messages.no_slot.and_word
    if time.after_return:
        label, button = (
            messages.meeting_option_after_return,
            messages.meeting_confirm_after_return_button,
        )
    else:
        names = join_names(time.without, and_word)
        label = messages.meeting_option_without.format(names=names)
        button = messages.meeting_confirm_without_button.format(names=names)
    return container(
        [
            text(label),
            text(proposal_time(time.start, time.end, zone), bold=True),
            *_who(content, time),
            action_set(execute(button, CONFIRM, {PROPOSAL: time.id}, primary=True)),
        ],
        style="emphasis",
        separator=True,
    )


def _who(content: Content, time: ProposedTime) -> list[Json]:
    messages = content.messages
    and_word = messages.no_slot.and_word
    lines = []
    if time.confirmed:
        lines.append(
            messages.meeting_confirmed_by.format(names=join_names(time.confirmed, and_word))
        )
    if time.waiting:
        lines.append(messages.meeting_waiting_for.format(names=join_names(time.waiting, and_word)))
    return [text(line, subtle=True, size="Small") for line in lines]


def booked_card(
    content: Content,
    *,
    meeting_id: int,
    title: str,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    join_url: str | None,
    in_calendar: bool,
    user_ids: Sequence[str],
) -> Json:
    """ "Bokat!", the time, and where to join."""
    messages = content.messages
    booked = messages.booked_text.format(
        title=title, time_range=format_time_range_sv(start, end, zone)
    )
    body = [heading(messages.booked_title), text(booked)]
    if not in_calendar:
        body.append(text(messages.meeting_not_in_calendar, subtle=True))
    actions = []
    if join_url:
        actions.append(
            {"type": "Action.OpenUrl", "title": messages.meeting_join_button, "url": join_url}
        )
    return card(
        body,
        actions,
        fallback_text=f"{messages.booked_title} {booked}",
        refresh=refresh(MEETING_VIEW, {MEETING: meeting_id}, user_ids),
    )


def no_time_card(content: Content, *, ordinal: str, title: str, reason: str) -> Json:
    """No time found at all: why, and that the group agrees on one here instead."""
    messages = content.messages
    intro = messages.meeting_proposal_intro.format(ordinal=ordinal, title=title)
    return card(
        [heading(intro, size="Medium"), text(reason), text(messages.no_common_time)],
        fallback_text=f"{intro} {reason} {messages.no_common_time}",
    )
