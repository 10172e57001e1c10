"""The group's meetings: propose a time from everyone's calendar, collect confirmations, book.

- The plan's next meeting is proposed in the channel once every member has introduced
  themselves: the first common time in everyone's calendar, "Bekräfta tid" / "Passar inte".
- When someone is away for the whole search window, two times are offered: the best for the
  others, and the first after they are back; the group confirms one of them.
- "Passar inte" replaces the card with a new proposal that avoids every declined time.
- When all active members (but those a time does not wait for) have confirmed, exactly one
  caller wins storage.meetings' state change and books the meeting for everyone.
- "pausa", or leaving the team, makes the bot stop waiting for that member.
- Meeting n+1 is proposed once meeting n has been held, searching from four weeks after
  meeting n began, so the plan keeps one meeting a month.
- Booked: the channel's card becomes "Bokat!" and MeetingBooked is published, in the unit of
  work that records the booking, so what it causes (preparation, reminder) commits with it.

The booking click costs three transactions: the edge's, one unit that confirms, checks
completeness and chooses (the meeting row locked, everything read in one query), and, after
the calendar write (outside any transaction: it is slow and can fail), one unit that records the
booking with everything it causes. A booking whose holder fails or dies is retried when its
lease ends (recover_bookings) and given up after MAX_BOOKING_ATTEMPTS.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cards import meetings as cards
from cards.slot_reasons import describe
from chat.outgoing import card_message, edit_of
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
    WorkingHours,
)
from scheduling.slots import NoSlotReason, ReasonKind, SlotQuery, find_slots
from services.bus import EventBus
from services.events import MeetingBooked
from services.organisation_time import organisation_hours
from storage.conversations import Conversations
from storage.database import Database
from storage.groups import PAUSED, GroupMember, Groups
from storage.meetings import MeetingRound, Meetings, MeetingView, Option, Proposal
from storage.outbox import Outbox
from storage.team_models import (
    AFTER_RETURN,
    BOOKED,
    BOOKING,
    EVERYONE,
    HELD,
    OPEN,
    PROPOSING,
    WITHOUT_AWAY,
)

log = logging.getLogger(__name__)

NOTICE = timedelta(days=2)  # time to prepare before the first possible meeting
SEARCH = timedelta(days=21)  # how far ahead a proposal looks
LOOK_PAST_ABSENCE = timedelta(days=60)  # read this much further, to see when people are back
BETWEEN_MEETINGS = timedelta(weeks=4)
# A booking's holder has this long to write the calendars; then recover_bookings takes over.
BOOKING_LEASE = timedelta(minutes=2)
MAX_BOOKING_ATTEMPTS = 3  # the next meeting is looked for from this after the last

Times = Sequence[tuple[datetime, datetime]]


class MeetingPlanner:
    """The use cases of the group's meetings; the cards it returns are view data."""

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

    # --- proposing ----------------------------------------------------------------------------

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
        members = await self._groups.active_members(group_id)
        found = await self._find(content, group_id, meeting_id, number, members)
        async with self._database.unit_of_work():
            shown = await self._store(content, meeting_id, number, members, found, note=None)
            channel = await self._conversations.of_group(group_id)
            if channel is not None:
                message = card_message(cards.meeting_card(content, shown))
                key = f"meeting-{meeting_id}-proposal"
                await self._outbox.enqueue(channel, message, idempotency_key=key)
        log.info("meeting %s (number %s) proposed to group %s", meeting_id, number, group_id)

    async def _round_of_member(self, person_id: int, proposal_id: int) -> MeetingRound | None:
        """The proposal's round, if the caller is an active member of its group."""
        round_ = await self._meetings.round_of_proposal(proposal_id, member=person_id)
        if round_ is None:
            log.info("person %s acted on proposal %s of no group of theirs", person_id, proposal_id)
        return round_

    async def decline(
        self, person_id: int, tenant_id: str, proposal_id: int
    ) -> cards.MeetingShown | None:
        """ "Passar inte": the first to decline an open time gets a new proposal that avoids
        it (and every time declined before); anyone else sees the meeting as it is. None: the
        proposal is not of a group of theirs."""
        content = self._content.for_tenant(tenant_id)
        async with self._database.unit_of_work():
            round_ = await self._round_of_member(person_id, proposal_id)
            if round_ is None:
                return None
            proposal = round_.shown(proposal_id)
            if proposal is None or not await self._meetings.decline(proposal):
                return _shown(round_.view, round_.members, viewer=person_id)
        log.info("person %s declined proposal %s", person_id, proposal.id)
        view = round_.view
        found = await self._find(content, view.group_id, view.id, view.number, round_.members)
        note = content.messages.proposal_declined
        async with self._database.unit_of_work():
            return await self._store(content, view.id, view.number, round_.members, found, note)

    async def _find(
        self,
        content: Content,
        group_id: int,
        meeting_id: int,
        number: int,
        members: Sequence[GroupMember],
        also_declined: Times = (),
    ) -> tuple[list[Option], NoSlotReason | None]:
        """The times to propose (calendar reads: never inside a unit of work)."""
        meeting = content.social_learning.meeting(number)
        declined = [*await self._meetings.declined_times(meeting_id), *also_declined]
        previous = await self._meetings.start_of(group_id, number - 1) if number > 1 else None
        not_before = previous + BETWEEN_MEETINGS if previous is not None else None
        length = timedelta(minutes=meeting.minutes)
        return await self._options(content, members, length, declined, not_before)

    async def _store(
        self,
        content: Content,
        meeting_id: int,
        number: int,
        members: Sequence[GroupMember],
        found: tuple[list[Option], NoSlotReason | None],
        note: str | None,
    ) -> cards.MeetingShown:
        """Open the found times as the meeting's next round; what the card shows."""
        options, reason = found
        user_ids = tuple(m.teams_user_id for m in members)
        if not options:
            log.info("no time for meeting %s: %s", meeting_id, reason)
            why = describe(reason, content.messages) if reason else ""
            return cards.MeetingShown(meeting_id, number, user_ids, no_time_reason=why)
        proposals = await self._meetings.propose(meeting_id, options)
        return _proposal_shown(meeting_id, number, members, proposals, {}, viewer=None, note=note)

    async def _options(
        self,
        content: Content,
        members: Sequence[GroupMember],
        length: timedelta,
        declined: Times,
        not_before: datetime | None = None,
    ) -> tuple[list[Option], NoSlotReason | None]:
        """One time for everyone; or, when someone is away, the best for the others and the
        first after they are back."""
        zone, hours = _zone(content), organisation_hours(content)
        start = self._clock() + NOTICE
        if not_before is not None and not_before > start:
            start = _midnight(to_local(not_before, zone).date(), zone)
        everyone = [m for m in members if m.email]
        search = await self._search(everyone, start, length, zone, declined, hours)
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
        found = await self._search(others, start, length, zone, declined, hours) if others else None
        if found and found[0]:
            excused = tuple(m.person_id for m in away)
            options.append(Option(WITHOUT_AWAY, *found[0], excused=excused, note=note))
        if reason.until is not None:
            back = _midnight(reason.until, zone)
            found = await self._search(everyone, back, length, zone, declined, hours)
            if found and found[0]:
                options.append(Option(AFTER_RETURN, *found[0], note=note))
        return options, reason

    async def _search(
        self,
        members: Sequence[GroupMember],
        start: datetime,
        length: timedelta,
        zone: ZoneInfo,
        declined: Times,
        hours: WorkingHours,
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
        # The organisation's working hours for calendars without their own (iCalendar).
        query = SlotQuery(
            window_start=start,
            window_end=start + SEARCH,
            duration=length,
            zone=zone,
            count=1,
            working_hours=hours,
        )
        found = find_slots(calendars, query)
        if found.slots:
            return (found.slots[0].start, found.slots[0].end), None
        return None, found.reason

    # --- confirming ---------------------------------------------------------------------------

    async def confirm(
        self, person_id: int, tenant_id: str, proposal_id: int
    ) -> cards.MeetingShown | None:
        """ "Bekräfta tid": record it; the confirmation that completes the proposal books the
        meeting. What the caller's card shows after; None: not a proposal of their group."""
        content = self._content.for_tenant(tenant_id)
        async with self._database.unit_of_work():
            round_ = await self._round_of_member(person_id, proposal_id)
            if round_ is None:
                return None
            proposal = round_.shown(proposal_id)
            if proposal is None or proposal.state != OPEN or round_.view.state != PROPOSING:
                return _shown(round_.view, round_.members, viewer=person_id)
            await self._meetings.add_confirmation(proposal.id, person_id)
            log.info("person %s confirmed proposal %s", person_id, proposal.id)
            round_ = round_.with_confirmation(proposal.id, person_id)
            attempt = await self._choose_if_complete(round_, proposal)
        if attempt is None:
            return _shown(round_.view, round_.members, viewer=person_id)
        return await self._book(content, round_, proposal, attempt, viewer=person_id)

    async def recheck(self, group_id: int, tenant_id: str) -> None:
        """Someone paused or left: a proposal may now be confirmed by everyone still waited for."""
        content = self._content.for_tenant(tenant_id)
        for open_proposal in await self._meetings.open_proposals(group_id):
            async with self._database.unit_of_work():
                round_ = await self._meetings.round_of_proposal(open_proposal.id)
                proposal = round_.shown(open_proposal.id) if round_ else None
                if round_ is None or proposal is None or proposal.state != OPEN:
                    continue
                attempt = await self._choose_if_complete(round_, proposal)
            if attempt is not None:
                await self._book(content, round_, proposal, attempt, viewer=None)

    async def pause(self, person_id: int, tenant_id: str) -> bool:
        """ "pausa": stop waiting for this person in every group; False: in no group."""
        groups = await self._groups.of_person(person_id)
        for group_id in groups:
            await self._groups.set_state(group_id, person_id, PAUSED)
            log.info("person %s paused in group %s", person_id, group_id)
            await self.recheck(group_id, tenant_id)
        return bool(groups)

    async def view(
        self, person_id: int, tenant_id: str, meeting_id: int
    ) -> cards.MeetingShown | None:
        """The meeting's card as this member sees it (the card's refresh)."""
        round_ = await self._meetings.round_of_meeting(meeting_id, member=person_id, lock=False)
        return _shown(round_.view, round_.members, viewer=person_id) if round_ else None

    async def _choose_if_complete(self, round_: MeetingRound, proposal: Proposal) -> int | None:
        """The booking attempt's number if everyone the proposal waits for has confirmed and
        this caller chose it; inside the caller's unit of work, after the round's lock. The
        database checks the confirmations (a concurrent click's may be newer than the round)."""
        attending = [m.person_id for m in _waited_for(round_.members, proposal)]
        if not attending:
            return None
        until = self._clock() + BOOKING_LEASE
        return await self._meetings.choose(proposal, until, waited_for=attending)

    # --- booking ------------------------------------------------------------------------------

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
            round_ = await self._meetings.round_of_meeting(proposal.meeting_id)
            if round_ is not None:
                await self._book(content, round_, proposal, attempt, viewer=None)

    async def _give_up(self, content: Content, proposal: Proposal, attempt: int) -> None:
        """Back to proposing with a new time (not the one that failed), and the group told, in
        one unit of work."""
        group_id, meeting_id, number = proposal.group_id, proposal.meeting_id, proposal.number
        members = await self._groups.active_members(group_id)
        failed = [(proposal.start, proposal.end)]
        found = await self._find(content, group_id, meeting_id, number, members, failed)
        async with self._database.unit_of_work():
            if not await self._meetings.abandon(proposal, attempt):
                return
            note = content.messages.meeting_booking_failed
            shown = await self._store(content, meeting_id, number, members, found, note)
            channel = await self._conversations.of_group(group_id)
            if channel is not None:
                message = card_message(cards.meeting_card(content, shown))
                key = f"meeting-{meeting_id}-proposal-after-{attempt}"
                await self._outbox.enqueue(channel, message, idempotency_key=key)
        log.error(
            "meeting %s: booking given up after %d attempts; proposed again",
            meeting_id,
            attempt - 1,
        )

    async def _book(
        self,
        content: Content,
        round_: MeetingRound,
        proposal: Proposal,
        attempt: int,
        *,
        viewer: int | None,
    ) -> cards.MeetingShown:
        """Book in the calendars, then record it and what it causes in one unit of work. If the
        calendar fails unexpectedly (or the process dies) the lease runs out and
        recover_bookings tries again. What the card shows after, either way."""
        being_booked = _being_booked(round_.view, proposal)
        written = await self._write_calendars(content, proposal, round_.members, attempt)
        if written is None:
            return _shown(being_booked, round_.members, viewer=viewer)
        event_id, join_url = written
        booked = cards.BookedTime(proposal.start, proposal.end, join_url, event_id is not None)
        user_ids = tuple(m.teams_user_id for m in round_.members)
        shown = cards.MeetingShown(proposal.meeting_id, proposal.number, user_ids, booked=booked)
        async with self._database.unit_of_work():
            if not await self._meetings.booked(proposal, event_id, join_url, attempt):
                log.warning("meeting %s: attempt %d lost its hold", proposal.meeting_id, attempt)
                return _shown(being_booked, round_.members, viewer=viewer)
            await self._show_booked(content, round_, shown)
            # Inside the unit: what the booking causes (preparation, reminder) commits with it.
            await self._events.publish(MeetingBooked(proposal.meeting_id))
        log.info(
            "meeting %s of group %s booked at %s for %d people",
            proposal.meeting_id,
            round_.view.group_id,
            proposal.start.isoformat(),
            len(_waited_for(round_.members, proposal)),
        )
        return shown

    async def _write_calendars(
        self,
        content: Content,
        proposal: Proposal,
        members: Sequence[GroupMember],
        attempt: int,
    ) -> tuple[str | None, str | None] | None:
        """(event id, join url) once written, (None, None) when the calendars refused it (the
        meeting is booked here all the same), None when this attempt must be retried."""
        people = [Attendee(m.email, m.name) for m in _waited_for(members, proposal) if m.email]
        if not people:
            return None, None
        meeting = content.social_learning.meeting(proposal.number)
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
        except CalendarError as error:
            log.error("meeting %s not put in calendars: %s", proposal.meeting_id, error)
            return None, None
        except Exception:  # anything else: retried by recover_bookings, never stuck
            log.exception(
                "meeting %s: booking attempt %d failed; it is retried when its lease ends",
                proposal.meeting_id,
                attempt,
            )
            return None
        return booking.event_id, booking.join_url

    async def _show_booked(
        self, content: Content, round_: MeetingRound, shown: cards.MeetingShown
    ) -> None:
        """Turn the channel's proposal card into "Bokat!" for everyone, not only on refresh."""
        if round_.proposal_card is None or round_.channel is None:
            return
        edit = edit_of(round_.proposal_card, card_message(cards.meeting_card(content, shown)))
        key = f"meeting-{shown.meeting_id}-booked"
        await self._outbox.enqueue(round_.channel, edit, idempotency_key=key)


# --- what the card shows ------------------------------------------------------------------------


def _shown(
    view: MeetingView, members: Sequence[GroupMember], *, viewer: int | None
) -> cards.MeetingShown:
    user_ids = tuple(m.teams_user_id for m in members)
    if view.state in (BOOKED, HELD) and view.start and view.end:
        booked = cards.BookedTime(view.start, view.end, view.join_url, view.in_calendar)
        return cards.MeetingShown(view.id, view.number, user_ids, booked=booked)
    return _proposal_shown(
        view.id, view.number, members, view.proposals, view.confirmed, viewer=viewer, note=None
    )


def _proposal_shown(
    meeting_id: int,
    number: int,
    members: Sequence[GroupMember],
    proposals: Sequence[Proposal],
    confirmed: dict[int, frozenset[int]],
    *,
    viewer: int | None,
    note: str | None,
) -> cards.MeetingShown:
    names = {m.person_id: m.first_name for m in members}
    times = tuple(_proposed(p, confirmed.get(p.id, frozenset()), members, names) for p in proposals)
    reason = next((p.note for p in proposals if p.note), None)
    return cards.MeetingShown(
        meeting_id,
        number,
        tuple(m.teams_user_id for m in members),
        times=times,
        you_confirmed=any(viewer in confirmed.get(p.id, ()) for p in proposals),
        note=" ".join(text for text in (note, reason) if text) or None,
    )


def _being_booked(view: MeetingView, proposal: Proposal) -> MeetingView:
    """The view once `proposal` is chosen: it alone is shown (as the stored view would)."""
    confirmed = {proposal.id: view.confirmed.get(proposal.id, frozenset())}
    return replace(view, state=BOOKING, proposals=(proposal,), confirmed=confirmed)


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


def _with_declined(calendar: Availability, declined: Times) -> Availability:
    """Times the group declined count as busy for everyone, so they are not proposed again."""
    busy = tuple(Interval(start, end, Status.BUSY) for start, end in declined)
    return replace(calendar, intervals=calendar.intervals + busy)


def _zone(content: Content) -> ZoneInfo:
    return ZoneInfo(content.organisation.time_zone)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone)
