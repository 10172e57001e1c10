"""Setting aside time for the journey, as cards: wishes -> free times -> "Boka nu", or days and a
time picked by hand when the calendar cannot be read; and "tidsplan".

The use cases are services.work_sessions; this maps buttons to them and their results to cards.
What follows a booking is decided by the dialog whose step it ends (the onboarding shows its
summary, asked before booking: the booking itself completes that step, see
services.onboarding); otherwise the Tidsplan.
"""

from __future__ import annotations

import logging
from datetime import time
from typing import Protocol
from zoneinfo import ZoneInfo

from cards import booking as cards
from cards.booking import BookByHand, BookProposal, ChangeWishes, FindTimes, PickByHand
from cards.elements import Json
from chat.actions import CardActions
from chat.caller import Caller
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.dates import format_time_range_sv
from content.models import Content
from services.agenda import Agenda
from services.work_sessions import (
    Booked,
    ByHandRejected,
    CalendarUnreadable,
    Proposal,
    WishesRejected,
    WishProblem,
    WorkSessionPlanner,
)

log = logging.getLogger(__name__)


class BookingFollowUp(Protocol):
    """A dialog whose step a booking may end (the onboarding's last step)."""

    async def awaits_booking(self, caller: Caller) -> bool:
        """Whether times booked now end your step; asked before booking."""
        ...

    async def card_after_booking(self, caller: Caller, note: str) -> Json:
        """The card that follows the booking, `note` saying whether it reached the calendar."""
        ...


class WorkSessionsDialog:
    def __init__(
        self,
        content: Content,
        planner: WorkSessionPlanner,
        agenda: Agenda,
        *,
        follow_up: BookingFollowUp | None = None,
    ) -> None:
        self._content = content
        self._planner = planner
        self._agenda = agenda
        self._follow_up = follow_up

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        actions.on(cards.FIND, FindTimes, self._on_find)
        actions.on(cards.BOOK, BookProposal, self._on_book)
        actions.on(cards.CHANGE, ChangeWishes, self._on_change)
        actions.on(cards.MANUAL, PickByHand, self._on_manual)
        actions.on(cards.BOOK_MANUAL, BookByHand, self._on_book_manual)
        commands.register(Command.SCHEDULE, self._on_schedule_command)

    # --- the cards' buttons ----------------------------------------------------------------

    async def _on_find(self, turn: Turn, payload: FindTimes) -> Json:
        caller = turn.caller
        content = self._content_for(caller)
        await self._learn_email(turn)
        found = await self._planner.find_times(
            caller.person_id, caller.tenant_id, _selected(payload.parts_of_day), payload.frequency
        )
        match found:
            case WishesRejected(wishes, problems):
                return cards.wishes_card(
                    content,
                    parts=wishes.parts_of_day,
                    frequency=wishes.frequency,
                    errors=_errors(content, problems),
                )
            case CalendarUnreadable():
                return cards.manual_card(content, note=content.onboarding.booking.no_calendar)
            case Proposal(times, wanted):
                zone = ZoneInfo(content.organisation.time_zone)
                lines = [format_time_range_sv(start, end, zone) for start, end in times]
                return cards.proposal_card(content, lines, wanted=wanted)

    async def _on_book(self, turn: Turn, _payload: BookProposal) -> Json:
        caller = turn.caller
        await self._learn_email(turn)
        follow_up = await self._awaiting(caller)
        booked = await self._planner.book_proposal(caller.person_id, caller.tenant_id)
        if booked is None:  # booked already (a second click), or nothing proposed
            return await self._schedule_card(caller)
        return await self._after(caller, booked, follow_up)

    async def _on_change(self, turn: Turn, _payload: ChangeWishes) -> Json:
        caller = turn.caller
        wishes = await self._planner.wishes(caller.person_id)
        return cards.wishes_card(
            self._content_for(caller), parts=wishes.parts_of_day, frequency=wishes.frequency
        )

    async def _on_manual(self, turn: Turn, _payload: PickByHand) -> Json:
        return cards.manual_card(self._content_for(turn.caller), note=None)

    async def _on_book_manual(self, turn: Turn, payload: BookByHand) -> Json:
        caller = turn.caller
        await self._learn_email(turn)
        weekdays = [int(day) for day in _selected(payload.weekdays) if _is_small_number(day)]
        follow_up = await self._awaiting(caller)
        result = await self._planner.book_by_hand(
            caller.person_id, caller.tenant_id, weekdays, _clock_time(payload.time)
        )
        if isinstance(result, ByHandRejected):
            content = self._content_for(caller)
            return cards.manual_card(
                content,
                note=None,
                weekdays=[str(day) for day in result.weekdays],
                at=payload.time,
                errors=_errors(content, result.problems),
            )
        return await self._after(caller, result, follow_up)

    async def _on_schedule_command(self, turn: Turn) -> None:
        turn.show(await self._schedule_card(turn.caller))

    # --- cards -------------------------------------------------------------------------------

    async def _awaiting(self, caller: Caller) -> BookingFollowUp | None:
        """The dialog whose step the coming booking ends, if any."""
        if self._follow_up is not None and await self._follow_up.awaits_booking(caller):
            return self._follow_up
        return None

    async def _after(
        self, caller: Caller, booked: Booked, follow_up: BookingFollowUp | None
    ) -> Json:
        texts = self._content_for(caller).onboarding.booking
        note = texts.booked if booked.all_in_calendar else texts.not_in_calendar
        if follow_up is not None:
            return await follow_up.card_after_booking(caller, note)
        return await self._schedule_card(caller, note=note)

    async def _schedule_card(self, caller: Caller, *, note: str | None = None) -> Json:
        content = self._content_for(caller)
        items = await self._agenda.ahead(caller.person_id)
        return cards.schedule_card(content, cards.agenda_lines(content, items), note=note)

    async def _learn_email(self, turn: Turn) -> None:
        """The calendar needs the leader's e-mail; when not yet known, Teams' roster may say."""
        caller = turn.caller
        if not turn.sender.aad_object_id or not await self._planner.needs_email(caller.person_id):
            return
        account = await turn.roster.member(turn.sender.teams_user_id)
        if account is not None and account.email:
            await self._planner.remember_account(caller.organisation_id, account)

    def _content_for(self, caller: Caller) -> Content:
        return self._content.for_tenant(caller.tenant_id)


def _selected(value: str | None) -> list[str]:
    """A multi-select ChoiceSet's value, "a,b", as its items."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _is_small_number(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 2


def _clock_time(value: str | None) -> time | None:
    """A time input's "HH:MM"; None when empty or not a time."""
    try:
        return time.fromisoformat(value or "")
    except ValueError:
        return None


def _errors(content: Content, problems: tuple[WishProblem, ...]) -> list[str]:
    texts = content.onboarding.booking
    messages = {
        WishProblem.NO_PART_OF_DAY: texts.parts_required,
        WishProblem.NO_FREQUENCY: texts.frequency_required,
        WishProblem.NO_WEEKDAY: texts.weekdays_required,
        WishProblem.NO_TIME: texts.time_required,
    }
    return [messages[problem] for problem in problems]
