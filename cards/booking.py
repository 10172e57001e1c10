"""Cards for setting aside time: when and how often, the proposed times, picking days by hand,
and the Tidsplan."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from babel import Locale

from cards.elements import (
    Json,
    attention,
    bullets,
    card,
    choices,
    execute,
    heading,
    text,
    time_input,
)
from chat.actions import ActionPayload
from content.dates import format_time_range_sv
from content.models import Content
from services.agenda import AgendaItem, GroupMeeting, PracticeTime
from services.work_sessions import EARLIEST, LATEST
from storage.work_sessions import BookedSession

FIND = "booking_find"
BOOK = "booking_book"
CHANGE = "booking_change"
MANUAL = "booking_manual"
BOOK_MANUAL = "booking_book_manual"
PARTS_INPUT = "parts_of_day"
FREQUENCY_INPUT = "frequency"
WEEKDAYS_INPUT = "weekdays"
TIME_INPUT = "time"
# Monday to Friday in Swedish, from Babel's locale data (0 = Monday, as datetime counts).
WEEKDAYS = tuple(Locale("sv").days["format"]["wide"][day].capitalize() for day in range(5))


# The inputs arrive as Teams sends them: a multi-select as "a,b", a time as "HH:MM", an empty
# input as "" or not at all. The dialog checks the values against the content, and answers an
# unknown or missing one on the card, as it does for a leader who left it empty.


class FindTimes(ActionPayload):
    """FIND, "Visa lediga tider": the parts of the day ("a,b") and how often."""

    parts_of_day: str | None = None
    frequency: str | None = None


class BookProposal(ActionPayload):
    """BOOK, "Boka nu" under the proposed times: the times are the stored proposal."""


class ChangeWishes(ActionPayload):
    """CHANGE, "Ändra önskemål" (or "Ändra mina tider" on the Tidsplan): back to the wishes."""


class PickByHand(ActionPayload):
    """MANUAL, "Välj dagar och tid själv": the days-and-time card instead."""


class BookByHand(ActionPayload):
    """BOOK_MANUAL, "Boka nu" on the days-and-time card: the weekdays ("0,3") and the time."""

    weekdays: str | None = None
    time: str | None = None


def wishes_card(
    content: Content,
    *,
    parts: Sequence[str] = (),
    frequency: str | None = None,
    errors: Sequence[str] = (),
    note: str | None = None,
) -> Json:
    """ "När föredrar du att arbeta?" and "Hur ofta vill du arbeta?"."""
    texts, booking = content.journey.planning, content.onboarding.booking
    body = [heading(texts.title), text(texts.intro)]
    if note:
        body.append(text(note, bold=True))
    body += [
        choices(
            PARTS_INPUT,
            texts.part_of_day_question,
            ((part.id, part.label) for part in content.parts_of_day),
            value=parts,
            multiple=True,
            error=booking.parts_required,
        ),
        choices(
            FREQUENCY_INPUT,
            texts.frequency_question,
            ((f.id, f.label) for f in texts.frequencies),
            value=frequency,
            error=booking.frequency_required,
        ),
        *map(attention, errors),
    ]
    return card(
        body,
        [execute(booking.find_button, FIND, primary=True)],
        fallback_text=f"{texts.title}. {texts.part_of_day_question} {texts.frequency_question}",
    )


def proposal_card(content: Content, times: Sequence[str], *, wanted: int) -> Json:
    """The free times found in the leader's calendar, and "Boka nu"."""
    texts, booking = content.journey.planning, content.onboarding.booking
    body = [heading(booking.proposal_title)]
    actions = [
        execute(booking.change_button, CHANGE),
        execute(booking.manual_button, MANUAL),
    ]
    if not times:
        body.append(text(booking.proposal_none))
        return card(body, actions, fallback_text=booking.proposal_none)
    body += [text(booking.proposal_intro.format(weeks=booking.weeks)), bullets(times)]
    if len(times) < wanted:
        body.append(text(booking.proposal_short.format(found=len(times), wanted=wanted)))
    return card(
        body,
        [execute(texts.book_button, BOOK, primary=True), *actions],
        fallback_text=f"{booking.proposal_title}: " + ", ".join(times),
    )


def manual_card(
    content: Content,
    *,
    note: str | None,
    weekdays: Sequence[str] = (),
    at: str | None = None,
    errors: Sequence[str] = (),
) -> Json:
    """Days and a time picked by hand, for when the calendar cannot be read."""
    texts, booking = content.journey.planning, content.onboarding.booking
    body = [heading(texts.title)]
    if note:
        body.append(text(note))
    body += [
        choices(
            WEEKDAYS_INPUT,
            booking.weekdays_question,
            ((str(number), name) for number, name in enumerate(WEEKDAYS)),
            value=weekdays,
            multiple=True,
            error=booking.weekdays_required,
        ),
        time_input(
            TIME_INPUT,
            booking.time_question,
            value=at or "09:00",
            earliest=EARLIEST.strftime("%H:%M"),
            latest=LATEST.strftime("%H:%M"),
            error=booking.time_required,
        ),
        *map(attention, errors),
    ]
    return card(
        body,
        [
            execute(texts.book_button, BOOK_MANUAL, primary=True),
            execute(booking.change_button, CHANGE),
        ],
        fallback_text=f"{texts.title}. {booking.weekdays_question}",
    )


def schedule_card(content: Content, times: Sequence[str], *, note: str | None = None) -> Json:
    """Tidsplan: the times ahead, and a way to change them."""
    texts = content.onboarding.schedule
    body = [heading(texts.title), text(texts.intro)]
    if note:
        body.append(text(note, bold=True))
    body.append(bullets(times) if times else text(texts.empty))
    return card(
        body,
        [execute(texts.change_button, CHANGE)],
        fallback_text=f"{texts.title}: " + (", ".join(times) or texts.empty),
    )


def session_lines(content: Content, sessions: Iterable[BookedSession]) -> list[str]:
    """The leader's times as the cards list them, each not in the calendar marked so."""
    zone = ZoneInfo(content.organisation.time_zone)
    note = content.onboarding.schedule.not_in_calendar_note
    return [
        format_time_range_sv(session.start, session.end, zone)
        + ("" if session.in_calendar else f" {note}")
        for session in sessions
    ]


def agenda_lines(content: Content, items: Iterable[AgendaItem]) -> list[str]:
    """Tidsplan: practice times and group meetings as one list, in the order given."""
    zone = ZoneInfo(content.organisation.time_zone)
    texts = content.onboarding.schedule
    lines = []
    for item in items:
        when = format_time_range_sv(item.start, item.end, zone)
        match item:
            case PracticeTime(in_calendar=in_calendar):
                line = texts.practice_item.format(time_range=when)
                lines.append(line if in_calendar else f"{line} {texts.not_in_calendar_note}")
            case GroupMeeting(number=number):
                title = content.social_learning.meeting(number).title
                lines.append(texts.meeting_item.format(time_range=when, title=title))
    return lines
