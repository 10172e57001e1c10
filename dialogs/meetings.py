"""The group's meetings: propose a time from everyone's calendar, collect confirmations, book.

- The plan's next meeting is proposed in the channel once every member has introduced
  themselves: the first common time in everyone's calendar, "Bekräfta tid" / "Passar inte".
- When someone is away for the whole search window, two times are offered: the best for the
  others, and the first after they are back; the group confirms one of them.
- "Passar inte" replaces the card with a new proposal that avoids every declined time.
- When all active members (but those a time does not wait for) have confirmed, exactly one
  caller wins storage.meetings' state change and books the meeting for everyone.
- "pausa", or leaving the team, makes the bot stop waiting for that member.
- Meeting n+1 is proposed once meeting n has been held (dialogs.meeting_followup), searching
  from four weeks after meeting n began, so the plan keeps one meeting a month.
- After booking, a MeetingBooked event (dialogs.meeting_followup announces the meeting).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cards import meetings as cards
from cards.elements import Json
from cards.slot_reasons import describe
from chat.actions import CardActions
from chat.commands import Command, CommandHandlers
from chat.outgoing import card_message, edit_of
from chat.turn import Turn
from clock import Clock
from content.dates import to_local
from content.models import Content
from scheduling.availability import (
    Attendee,
    Availability,
    CalendarError,
    CalendarProvider,
    Interval,
    MeetingRequest,
    Status,
)
from scheduling.slots import NoSlotReason, ReasonKind, SlotQuery, find_slots
from services.bus import EventBus
from services.events import MeetingBooked
from storage.conversations import Conversations
from storage.database import Database
from storage.groups import PAUSED, GroupMember, Groups
from storage.meetings import Meetings, MeetingView, Option, Proposal
from storage.outbox import Outbox
from storage.team_models import AFTER_RETURN, BOOKED, EVERYONE, HELD, WITHOUT_AWAY

log = logging.getLogger(__name__)

NOTICE = timedelta(days=2)  # time to prepare before the first possible meeting
SEARCH = timedelta(days=21)  # how far ahead a proposal looks
LOOK_PAST_ABSENCE = timedelta(days=60)  # read this much further, to see when people are back
BETWEEN_MEETINGS = timedelta(weeks=4)
# A booking's holder has this long to write the calendars; then recover_bookings takes over.
BOOKING_LEASE = timedelta(minutes=2)
MAX_BOOKING_ATTEMPTS = 3  # the next meeting is looked for from this after the last


class MeetingPlanner:
    def __init__(
        self,
        content: Content,
        groups: Groups,
        meetings: Meetings,
        conversations: Conversations,
        outbox: Outbox,
        calendars: CalendarProvider,
        *,
        database: Database,
        events: EventBus,
        clock: Clock,
    ) -> None:
        self._content = content
        self._database = database
        self._groups = groups
        self._meetings = meetings
        self._conversations = conversations
        self._outbox = outbox
        self._calendars = calendars
        self._clock = clock
        self._events = events

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        actions.on(cards.CONFIRM, cards.ConfirmTime, self._on_confirm)
        actions.on(cards.REJECT, cards.DeclineTime, self._on_reject)
        actions.on(cards.MEETING_VIEW, cards.ViewMeeting, self._on_view)
        commands.register(Command.PAUSE, self._on_pause)

    # --- entry points -------------------------------------------------------------------------

    async def propose_next(self, group_id: int, tenant_id: str) -> None:
        """Put the plan's next meeting to the group: the first, or the one after a meeting that
        has been held. Nothing while a meeting is being proposed, booked or still to be held."""
        content = self._content.for_tenant(tenant_id)
        latest = await self._meetings.latest(group_id)
        if latest is not None and latest.state != HELD:
            return
        number = 1 if latest is None else latest.number + 1
        if number > len(content.social_learning.meetings):
            return
        meeting_id = await self._meetings.create(group_id, number)
        if meeting_id is None:
            return  # someone else is proposing it right now
        card = await self._propose(content, group_id, meeting_id, number, note=None)
        channel = await self._conversations.of_group(group_id)
        if channel is not None:
            await self._outbox.enqueue(
                channel, card_message(card), idempotency_key=f"meeting-{meeting_id}-proposal"
            )
        log.info("meeting %s (number %s) proposed to group %s", meeting_id, number, group_id)

    async def recheck(self, group_id: int, tenant_id: str) -> None:
        """Someone paused or left: a proposal may now be confirmed by everyone still waited for."""
        content = self._content.for_tenant(tenant_id)
        for proposal in await self._meetings.open_proposals(group_id):
            await self._complete(content, proposal)  # booking shows "Bokat!" in the channel

    # --- buttons --------------------------------------------------------------------------

    async def _on_confirm(self, turn: Turn, payload: cards.ConfirmTime) -> Json | None:
        caller = turn.caller
        proposal = await self._proposal_for(caller.person_id, payload.proposal_id)
        if proposal is None:
            return None
        content = self._content.for_tenant(caller.tenant_id)
        if await self._meetings.confirm(proposal.id, caller.person_id):
            log.info("person %s confirmed proposal %s", caller.person_id, proposal.id)
            await self._complete(content, proposal)
        return await self._current(content, proposal, caller.person_id)

    async def _on_reject(self, turn: Turn, payload: cards.DeclineTime) -> Json | None:
        caller = turn.caller
        proposal = await self._proposal_for(caller.person_id, payload.proposal_id)
        if proposal is None:
            return None
        content = self._content.for_tenant(caller.tenant_id)
        if not await self._meetings.decline(proposal):
            return await self._current(content, proposal, caller.person_id)
        log.info("person %s declined proposal %s", caller.person_id, proposal.id)
        return await self._propose(
            content,
            proposal.group_id,
            proposal.meeting_id,
            proposal.number,
            note=content.messages.proposal_declined,
        )

    async def _on_view(self, turn: Turn, payload: cards.ViewMeeting) -> Json | None:
        caller = turn.caller
        groups = await self._groups.of_person(caller.person_id)
        view = await self._meetings.view(groups, payload.meeting_id)
        if view is None:
            return None
        content = self._content.for_tenant(caller.tenant_id)
        return await self._card(content, view, viewer=caller.person_id)

    async def _on_pause(self, turn: Turn) -> None:
        caller = turn.caller
        messages = self._content.for_tenant(caller.tenant_id).messages
        groups = await self._groups.of_person(caller.person_id)
        for group_id in groups:
            await self._groups.set_state(group_id, caller.person_id, PAUSED)
            log.info("person %s paused in group %s", caller.person_id, group_id)
            await self.recheck(group_id, caller.tenant_id)
        turn.say(messages.pause_done if groups else messages.pause_nothing)

    # --- proposing ------------------------------------------------------------------------

    async def _propose(
        self, content: Content, group_id: int, meeting_id: int, number: int, note: str | None
    ) -> Json:
        """Search, store the proposal(s), and return the card that shows them."""
        members = await self._groups.active_members(group_id)
        meeting = content.social_learning.meeting(number)
        declined = await self._meetings.declined_times(meeting_id)
        previous = await self._meetings.start_of(group_id, number - 1) if number > 1 else None
        not_before = previous + BETWEEN_MEETINGS if previous is not None else None
        options, reason = await self._options(
            content, members, timedelta(minutes=meeting.minutes), declined, not_before
        )
        if not options:
            log.info("no time for meeting %s of group %s: %s", meeting_id, group_id, reason)
            return cards.no_time_card(
                content,
                ordinal=content.messages.ordinal(number),
                title=meeting.title,
                reason=describe(reason, content.messages) if reason else "",
            )
        await self._meetings.propose(meeting_id, options)
        view = await self._meetings.view([group_id], meeting_id)
        assert view is not None
        return await self._card(content, view, viewer=None, note=note)

    async def _options(
        self,
        content: Content,
        members: Sequence[GroupMember],
        length: timedelta,
        declined: Sequence[tuple[datetime, datetime]],
        not_before: datetime | None = None,
    ) -> tuple[list[Option], NoSlotReason | None]:
        """One time for everyone; or, when someone is away, the best for the others and the
        first after they are back."""
        zone = _zone(content)
        start = self._clock() + NOTICE
        if not_before is not None and not_before > start:
            start = _midnight(to_local(not_before, zone).date(), zone)
        everyone = [m for m in members if m.email]
        search = await self._search(everyone, start, length, zone, declined)
        if search is None:
            return [], None
        slot, reason = search
        if slot is not None:
            return [Option(EVERYONE, slot[0], slot[1])], None
        if reason is None or reason.kind is not ReasonKind.AWAY_WHOLE_WINDOW:
            return [], reason
        away_emails = {(a.email or "").lower() for a in reason.attendees}
        away = [m for m in everyone if (m.email or "").lower() in away_emails]
        note = describe(reason, content.messages)
        options: list[Option] = []
        others = [m for m in everyone if m not in away]
        found = await self._search(others, start, length, zone, declined) if others else None
        if found and found[0]:
            excused = tuple(m.person_id for m in away)
            options.append(Option(WITHOUT_AWAY, *found[0], excused=excused, note=note))
        if reason.until is not None:
            back = _midnight(reason.until, zone)
            found = await self._search(everyone, back, length, zone, declined)
            if found and found[0]:
                options.append(Option(AFTER_RETURN, *found[0], note=note))
        return options, reason

    async def _search(
        self,
        members: Sequence[GroupMember],
        start: datetime,
        length: timedelta,
        zone: ZoneInfo,
        declined: Sequence[tuple[datetime, datetime]],
    ) -> tuple[tuple[datetime, datetime] | None, NoSlotReason | None] | None:
        """The first common time from `start`, or why there is none; None: unreadable."""
        # First names: the reason a search gives ("Sandra är ledig ...") is read by the group.
        attendees = [Attendee(m.email, m.first_name) for m in members if m.email]
        try:
            read = await self._calendars.read(attendees, start, start + SEARCH + LOOK_PAST_ABSENCE)
        except CalendarError as error:
            log.warning("cannot read the group's calendars: %s", error)
            return None
        for unknown in read.unknown:
            log.info("calendar of %s not read: %s", unknown.attendee.email, unknown.reason)
        calendars = [_with_declined(calendar, declined) for calendar in read.known]
        query = SlotQuery(
            window_start=start, window_end=start + SEARCH, duration=length, zone=zone, count=1
        )
        found = find_slots(calendars, query)
        if found.slots:
            return (found.slots[0].start, found.slots[0].end), None
        return None, found.reason

    # --- confirming and booking -------------------------------------------------------------

    async def _complete(self, content: Content, proposal: Proposal) -> bool:
        """Book the proposal if everyone it waits for has confirmed and this caller wins."""
        attending = _waited_for(await self._groups.active_members(proposal.group_id), proposal)
        confirmed = await self._meetings.confirmed_by(proposal.id)
        if not attending or not {m.person_id for m in attending} <= confirmed:
            return False
        attempt = await self._meetings.choose(proposal, until=self._clock() + BOOKING_LEASE)
        if attempt is None:
            return False
        await self._book(content, proposal, attending, attempt)
        return True

    async def recover_bookings(self) -> None:
        """The scheduler's job: bookings whose holder failed or died are retried (the calendar
        request carries the same transaction id, so nothing is booked twice); after
        MAX_BOOKING_ATTEMPTS the meeting goes back to proposing and the group is told."""
        now = self._clock()
        for stuck in await self._meetings.stuck_bookings(now):
            proposal = stuck.proposal
            attempt = await self._meetings.take_over(proposal.meeting_id, now, now + BOOKING_LEASE)
            if attempt is None:
                continue  # another replica took it
            content = self._content.for_tenant(stuck.tenant_id)
            log.warning("meeting %s: booking attempt %d", proposal.meeting_id, attempt)
            if attempt > MAX_BOOKING_ATTEMPTS:
                await self._give_up(content, proposal, attempt)
                continue
            members = await self._groups.active_members(proposal.group_id)
            await self._book(content, proposal, _waited_for(members, proposal), attempt)

    async def _give_up(self, content: Content, proposal: Proposal, attempt: int) -> None:
        """Back to proposing with a new time, and the group told, in one unit of work."""
        async with self._database.unit_of_work():
            if not await self._meetings.abandon(proposal, attempt):
                return
            note = content.messages.meeting_booking_failed
            card = await self._propose(
                content, proposal.group_id, proposal.meeting_id, proposal.number, note=note
            )
            channel = await self._conversations.of_group(proposal.group_id)
            if channel is not None:
                key = f"meeting-{proposal.meeting_id}-proposal-after-{attempt}"
                await self._outbox.enqueue(channel, card_message(card), idempotency_key=key)
        log.error(
            "meeting %s: booking given up after %d attempts; proposed again",
            proposal.meeting_id,
            attempt - 1,
        )

    async def _book(
        self,
        content: Content,
        proposal: Proposal,
        attending: Sequence[GroupMember],
        attempt: int,
    ) -> None:
        """Book in the calendars, then record it and what it causes in one unit of work. If the
        calendar fails unexpectedly (or the process dies) the lease runs out and
        recover_bookings tries again."""
        meeting = content.social_learning.meeting(proposal.number)
        people = [Attendee(m.email, m.name) for m in attending if m.email]
        event_id = join_url = None
        if people:
            request = MeetingRequest(
                organizer=people[0],
                attendees=tuple(people),
                start=proposal.start,
                end=proposal.end,
                subject=content.messages.meeting_subject.format(title=meeting.title),
                body=meeting.facilitation,
                transaction_id=f"expedition-meeting-{proposal.meeting_id}-{proposal.id}",
                online=True,
            )
            try:
                booking = await self._calendars.book(request)
                event_id, join_url = booking.event_id, booking.join_url
            except CalendarError as error:
                log.error("meeting %s not put in calendars: %s", proposal.meeting_id, error)
            except Exception:  # anything else: retried by recover_bookings, never stuck
                log.exception(
                    "meeting %s: booking attempt %d failed; it is retried when its lease ends",
                    proposal.meeting_id,
                    attempt,
                )
                return
        async with self._database.unit_of_work():
            if not await self._meetings.booked(proposal, event_id, join_url, attempt):
                log.warning("meeting %s: attempt %d lost its hold", proposal.meeting_id, attempt)
                return
            await self._show_booked(content, proposal)
            # Inside the unit: what the booking causes (preparation, reminder) commits with it.
            await self._events.publish(MeetingBooked(proposal.meeting_id))
        log.info(
            "meeting %s of group %s booked at %s for %d people",
            proposal.meeting_id,
            proposal.group_id,
            proposal.start.isoformat(),
            len(people),
        )

    async def _show_booked(self, content: Content, proposal: Proposal) -> None:
        """Turn the channel's proposal card into "Bokat!" for everyone, not only on refresh."""
        # The latest proposal card (a new one follows a booking that was given up).
        original = await self._outbox.latest_id(f"meeting-{proposal.meeting_id}-proposal")
        view = await self._meetings.view([proposal.group_id], proposal.meeting_id)
        channel = await self._conversations.of_group(proposal.group_id)
        if original is None or view is None or channel is None:
            return
        edit = edit_of(original, card_message(await self._card(content, view, viewer=None)))
        await self._outbox.enqueue(
            channel, edit, idempotency_key=f"meeting-{proposal.meeting_id}-booked"
        )

    # --- showing ----------------------------------------------------------------------------

    async def _current(self, content: Content, proposal: Proposal, viewer: int) -> Json | None:
        view = await self._meetings.view([proposal.group_id], proposal.meeting_id)
        return await self._card(content, view, viewer=viewer) if view else None

    async def _card(
        self,
        content: Content,
        view: MeetingView,
        *,
        viewer: int | None,
        note: str | None = None,
    ) -> Json:
        members = await self._groups.active_members(view.group_id)
        user_ids = [m.teams_user_id for m in members]
        meeting = content.social_learning.meeting(view.number)
        zone = _zone(content)
        if view.state in (BOOKED, HELD) and view.start and view.end:
            return cards.booked_card(
                content,
                meeting_id=view.id,
                title=meeting.title,
                start=view.start,
                end=view.end,
                zone=zone,
                join_url=view.join_url,
                in_calendar=view.in_calendar,
                user_ids=user_ids,
            )
        ordinal = content.messages.ordinal(view.number)
        if not view.proposals:
            return cards.no_time_card(content, ordinal=ordinal, title=meeting.title, reason="")
        names = {m.person_id: m.first_name for m in members}
        times = [_proposed(p, view.confirmed[p.id], members, names) for p in view.proposals]
        reason = next((p.note for p in view.proposals if p.note), None)
        return cards.proposal_card(
            content,
            meeting_id=view.id,
            ordinal=ordinal,
            title=meeting.title,
            times=times,
            zone=zone,
            user_ids=user_ids,
            you_confirmed=any(viewer in view.confirmed[p.id] for p in view.proposals),
            note=" ".join(text for text in (note, reason) if text) or None,
        )

    async def _proposal_for(self, person_id: int, proposal_id: int) -> Proposal | None:
        """The proposal on the card, if the caller is an active member of its group."""
        groups = await self._groups.of_person(person_id)
        proposal = await self._meetings.proposal(groups, proposal_id)
        if proposal is None:
            log.info("person %s acted on proposal %s of no group of theirs", person_id, proposal_id)
        return proposal


def _waited_for(members: Sequence[GroupMember], proposal: Proposal) -> list[GroupMember]:
    """The members a proposal waits for: all active ones but those it excuses (away)."""
    return [m for m in members if m.person_id not in proposal.excused]


def _proposed(
    proposal: Proposal,
    confirmed: frozenset[int],
    members: Sequence[GroupMember],
    names: dict[int, str],
) -> cards.ProposedTime:
    waited_for = [m.person_id for m in _waited_for(members, proposal)]
    return cards.ProposedTime(
        id=proposal.id,
        start=proposal.start,
        end=proposal.end,
        confirmed=tuple(names[p] for p in waited_for if p in confirmed),
        waiting=tuple(names[p] for p in waited_for if p not in confirmed),
        without=tuple(names[p] for p in sorted(proposal.excused) if p in names),
        after_return=proposal.kind == AFTER_RETURN,
    )


def _with_declined(
    calendar: Availability, declined: Sequence[tuple[datetime, datetime]]
) -> Availability:
    """Times the group declined count as busy for everyone, so they are not proposed again."""
    busy = tuple(Interval(start, end, Status.BUSY) for start, end in declined)
    return replace(calendar, intervals=calendar.intervals + busy)


def _zone(content: Content) -> ZoneInfo:
    return ZoneInfo(content.organisation.time_zone)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone)
