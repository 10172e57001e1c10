"""The group's meetings, the times proposed for them and who has confirmed.

The state changes that decide something are single conditional UPDATEs whose row count names
the one caller that acts: the first to create a meeting proposes it; the first to decline an
open proposal proposes anew; the first to choose a fully confirmed proposal books it. A second
replica or a concurrent click gets a count of 0 and only shows the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    String,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from chat.address import ConversationAddress
from storage.base import affected
from storage.conversations import StoredConversation
from storage.database import Database
from storage.groups import ACTIVE, LEFT, GroupMember, group_member
from storage.models import ConversationRef, Group, Membership, Organisation, Person
from storage.outbox import OutboxMessage
from storage.team_models import (
    BOOKED,
    BOOKING,
    CHOSEN,
    DECLINED,
    HELD,
    OPEN,
    PROPOSING,
    SUPERSEDED,
    MeetingConfirmation,
    MeetingProposal,
    TeamMeeting,
)
from storage.upsert import insert_for


@dataclass(frozen=True, slots=True)
class Option:
    """A time to put to the group, and who it does not wait for."""

    kind: str
    start: datetime
    end: datetime
    excused: tuple[int, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Proposal:
    id: int
    meeting_id: int
    group_id: int
    number: int
    round: int
    kind: str
    start: datetime
    end: datetime
    excused: frozenset[int]
    note: str | None
    state: str


@dataclass(frozen=True, slots=True)
class BookedMeeting:
    """A group meeting in a member's calendar ("tidsplan")."""

    group_id: int
    group_name: str
    number: int
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class StuckBooking:
    proposal: Proposal  # the chosen one
    tenant_id: str  # the group's municipality, for its texts


@dataclass(frozen=True, slots=True)
class MeetingView:
    """A meeting as the cards show it: its state, open proposals, who confirmed which."""

    id: int
    group_id: int
    number: int
    state: str
    start: datetime | None
    end: datetime | None
    join_url: str | None
    in_calendar: bool
    proposals: tuple[Proposal, ...]  # the open ones, or the chosen one once booked
    confirmed: dict[int, frozenset[int]]  # proposal id -> person ids


@dataclass(frozen=True, slots=True)
class MeetingRound:
    """A meeting as one click on its card needs it, read in one query: the view, the group's
    active members, and where the "Bokat!" edit goes (the channel, the proposal card's row)."""

    view: MeetingView
    members: tuple[GroupMember, ...]
    channel: StoredConversation | None
    proposal_card: int | None  # outbox row of the latest proposal card, to edit in place

    def shown(self, proposal_id: int) -> Proposal | None:
        """The proposal if the card still shows it (open, or the chosen one)."""
        return next((p for p in self.view.proposals if p.id == proposal_id), None)

    def with_confirmation(self, proposal_id: int, person_id: int) -> MeetingRound:
        """This round after `person_id` confirmed `proposal_id` (what the unit just wrote)."""
        confirmed = dict(self.view.confirmed)
        confirmed[proposal_id] = confirmed.get(proposal_id, frozenset()) | {person_id}
        return replace(self, view=replace(self.view, confirmed=confirmed))


class Meetings:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def create(self, group_id: int, number: int) -> int | None:
        """The meeting's id if this call created it; None when it existed already."""
        async with self._db.transaction() as session:
            insert = insert_for(session)
            now = self._db.now()
            created = await session.execute(
                insert(TeamMeeting)
                .values(
                    group_id=group_id,
                    number=number,
                    state=PROPOSING,
                    created_at=now,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=[TeamMeeting.group_id, TeamMeeting.number])
                .returning(TeamMeeting.id)
            )
            return created.scalar()

    async def latest(self, group_id: int) -> TeamMeeting | None:
        async with self._db.sessions() as session:
            return await session.scalar(
                select(TeamMeeting)
                .where(TeamMeeting.group_id == group_id)
                .order_by(TeamMeeting.number.desc())
                .limit(1)
            )

    async def propose(self, meeting_id: int, options: Sequence[Option]) -> list[Proposal]:
        """Open these proposals as the meeting's next round; earlier open ones are superseded."""
        async with self._db.transaction() as session:
            await session.execute(
                update(MeetingProposal)
                .where(MeetingProposal.meeting_id == meeting_id, MeetingProposal.state == OPEN)
                .values(state=SUPERSEDED)
            )
            last_round = (
                select(func.max(MeetingProposal.round))
                .where(MeetingProposal.meeting_id == meeting_id)
                .scalar_subquery()
            )
            group_id, number, last = (
                await session.execute(
                    select(TeamMeeting.group_id, TeamMeeting.number, last_round).where(
                        TeamMeeting.id == meeting_id
                    )
                )
            ).one()
            rows = [
                MeetingProposal(
                    meeting_id=meeting_id,
                    round=(last or 0) + 1,
                    kind=option.kind,
                    starts_at=option.start,
                    ends_at=option.end,
                    excused=list(option.excused),
                    note=option.note,
                    state=OPEN,
                    created_at=self._db.now(),
                )
                for option in options
            ]
            session.add_all(rows)
            await session.flush()
            return [_proposal(row, group_id, number) for row in rows]

    async def decline(self, proposal: Proposal) -> bool:
        """True for the one caller that closes this round; all its open proposals close."""
        async with self._db.transaction() as session:
            meeting = await session.execute(
                update(TeamMeeting)
                .where(TeamMeeting.id == proposal.meeting_id, TeamMeeting.state == PROPOSING)
                .values(updated_at=self._db.now())
            )
            if affected(meeting) != 1:
                return False  # being booked or booked: too late to decline
            result = await session.execute(
                update(MeetingProposal)
                .where(MeetingProposal.id == proposal.id, MeetingProposal.state == OPEN)
                .values(state=DECLINED)
            )
            if affected(result) != 1:
                return False
            await _close_open(session, proposal.meeting_id)
        return True

    async def declined_times(self, meeting_id: int) -> list[tuple[datetime, datetime]]:
        """Every time the group said no to, so no new proposal brings it back."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(MeetingProposal.starts_at, MeetingProposal.ends_at).where(
                    MeetingProposal.meeting_id == meeting_id, MeetingProposal.state == DECLINED
                )
            )
            return [(start, end) for start, end in rows]

    async def choose(
        self, proposal: Proposal, until: datetime, *, waited_for: Sequence[int]
    ) -> int | None:
        """If everyone in `waited_for` has confirmed the proposal: move the meeting to booking
        (held until `until`) and the proposal to chosen, together (the others of its round
        superseded). The one caller that did gets the booking attempt's number (and so books);
        anyone else, at the same moment or later, gets None.

        Completeness is checked by the UPDATE itself, not from what the caller read: on
        PostgreSQL a statement that waited for the meeting's lock still reads the others'
        confirmations as they were when it began."""
        now = self._db.now()
        confirmed = (
            select(func.count())
            .select_from(MeetingConfirmation)
            .where(
                MeetingConfirmation.proposal_id == proposal.id,
                MeetingConfirmation.person_id.in_(waited_for),
            )
            .scalar_subquery()
        )
        still_open = (
            select(MeetingProposal.id)
            .where(MeetingProposal.id == proposal.id, MeetingProposal.state == OPEN)
            .exists()
        )
        try:
            async with self._db.transaction() as session:
                # The meeting row first, as in decline(): one lock order, no deadlocks.
                meeting = await session.execute(
                    update(TeamMeeting)
                    .where(
                        TeamMeeting.id == proposal.meeting_id,
                        TeamMeeting.state == PROPOSING,
                        confirmed == len(set(waited_for)),
                        still_open,
                    )
                    .values(
                        state=BOOKING,
                        proposal_id=proposal.id,
                        booking_until=until,
                        booking_attempts=1,
                        updated_at=now,
                    )
                )
                if affected(meeting) != 1:
                    return None
                closed = await session.execute(
                    update(MeetingProposal)
                    .where(
                        MeetingProposal.meeting_id == proposal.meeting_id,
                        MeetingProposal.state == OPEN,
                    )
                    .values(
                        state=case((MeetingProposal.id == proposal.id, CHOSEN), else_=SUPERSEDED)
                    )
                    .returning(MeetingProposal.id)
                )
                if proposal.id not in set(closed.scalars()):
                    raise _Lost  # declined meanwhile: the meeting goes back to proposing
        except _Lost:
            if self._db.in_unit_of_work:
                raise  # only the whole unit can undo the meeting's update
            return None
        return 1

    async def booked(
        self, proposal: Proposal, event_id: str | None, join_url: str | None, attempt: int
    ) -> bool:
        """Record the booking; False if this attempt no longer holds it (it was taken over)."""
        now = self._db.now()
        async with self._db.transaction() as session:
            result = await session.execute(
                update(TeamMeeting)
                .where(_holding(proposal.meeting_id, attempt))
                .values(
                    state=BOOKED,
                    starts_at=proposal.start,
                    ends_at=proposal.end,
                    event_id=event_id,
                    join_url=join_url,
                    booked_at=now,
                    booking_until=None,
                    updated_at=now,
                )
            )
        return affected(result) == 1

    async def book_again(self, meeting_id: int) -> bool:
        """A booked meeting whose calendar event is gone (its organiser erased their data and
        the event lived in their mailbox) is booked anew for the others at the same time, by
        the bookings job: back to booking, its lease already run out. False when it is not
        booked (any more)."""
        now = self._db.now()
        async with self._db.transaction() as session:
            result = await session.execute(
                update(TeamMeeting)
                .where(TeamMeeting.id == meeting_id, TeamMeeting.state == BOOKED)
                .values(
                    state=BOOKING,
                    event_id=None,
                    join_url=None,
                    booking_attempts=0,
                    booking_until=now - timedelta(seconds=1),
                    updated_at=now,
                )
            )
        return affected(result) == 1

    async def stuck_bookings(self, now: datetime) -> list[StuckBooking]:
        """Meetings whose booking's holder let its lease run out (it failed or died)."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(
                    MeetingProposal,
                    TeamMeeting.number,
                    TeamMeeting.group_id,
                    Organisation.tenant_id,
                )
                .join(TeamMeeting, TeamMeeting.proposal_id == MeetingProposal.id)
                .join(Group, Group.id == TeamMeeting.group_id)
                .join(Organisation, Organisation.id == Group.organisation_id)
                .where(TeamMeeting.state == BOOKING, TeamMeeting.booking_until < now)
                .order_by(TeamMeeting.id)
            )
            return [
                StuckBooking(_proposal(row, group_id, number), tenant)
                for row, number, group_id, tenant in rows
            ]

    async def take_over(self, meeting_id: int, now: datetime, until: datetime) -> int | None:
        """Take a stuck booking over (until `until`): the new attempt's number, or None when
        someone else took it or it is no longer stuck."""
        async with self._db.transaction() as session:
            attempt = await session.scalar(
                update(TeamMeeting)
                .where(
                    TeamMeeting.id == meeting_id,
                    TeamMeeting.state == BOOKING,
                    TeamMeeting.booking_until < now,
                )
                .values(
                    booking_attempts=TeamMeeting.booking_attempts + 1,
                    booking_until=until,
                    updated_at=now,
                )
                .returning(TeamMeeting.booking_attempts)
            )
        return attempt

    async def abandon(self, proposal: Proposal, attempt: int) -> bool:
        """Give the booking up: the meeting is proposed again and the chosen time set aside
        (as if declined, so the next search avoids it). False if the attempt lost its hold."""
        now = self._db.now()
        async with self._db.transaction() as session:
            result = await session.execute(
                update(TeamMeeting)
                .where(_holding(proposal.meeting_id, attempt))
                .values(state=PROPOSING, proposal_id=None, booking_until=None, updated_at=now)
            )
            if affected(result) != 1:
                return False
            await session.execute(
                update(MeetingProposal)
                .where(MeetingProposal.id == proposal.id)
                .values(state=DECLINED)
            )
        return True

    async def open_proposals(self, group_id: int) -> list[Proposal]:
        """Open proposals of the group's meetings (the ones a pause or a leave may complete)."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(MeetingProposal, TeamMeeting.group_id, TeamMeeting.number)
                .join(TeamMeeting, TeamMeeting.id == MeetingProposal.meeting_id)
                .where(TeamMeeting.group_id == group_id, MeetingProposal.state == OPEN)
                .order_by(MeetingProposal.id)
            )
            return [_proposal(*row) for row in rows]

    async def round_of_proposal(
        self, proposal_id: int, *, member: int | None = None
    ) -> MeetingRound | None:
        """The meeting a proposal belongs to, as a click needs it (see MeetingRound); None when
        `member` is given and is not an active member of the meeting's (active) group. Inside a
        unit of work the meeting row stays locked until it ends (PostgreSQL), so concurrent
        clicks on one meeting decide one after the other."""
        of_proposal = (
            select(MeetingProposal.meeting_id)
            .where(MeetingProposal.id == proposal_id)
            .scalar_subquery()
        )
        return await self._round(TeamMeeting.id == of_proposal, member)

    async def round_of_meeting(
        self, meeting_id: int, *, member: int | None = None, lock: bool = True
    ) -> MeetingRound | None:
        """As round_of_proposal, for a meeting; `lock=False` only to show it."""
        return await self._round(TeamMeeting.id == meeting_id, member, lock=lock)

    async def _round(
        self, which: ColumnElement[bool], member: int | None, *, lock: bool = True
    ) -> MeetingRound | None:
        # One row per (active member, proposal shown), with whether the member confirmed it.
        shown = and_(
            MeetingProposal.meeting_id == TeamMeeting.id,
            or_(
                and_(TeamMeeting.state == PROPOSING, MeetingProposal.state == OPEN),
                and_(TeamMeeting.state != PROPOSING, MeetingProposal.id == TeamMeeting.proposal_id),
            ),
        )
        confirmed = and_(
            MeetingConfirmation.proposal_id == MeetingProposal.id,
            MeetingConfirmation.person_id == Person.id,
        )
        query = (
            select(
                TeamMeeting,
                Group.organisation_id,
                Person,
                Membership.role,
                MeetingProposal,
                MeetingConfirmation.person_id.is_not(None),
                _channel_of(TeamMeeting.group_id),
                _latest_proposal_card(TeamMeeting.id),
            )
            .join(Group, and_(Group.id == TeamMeeting.group_id, Group.active.is_(True)))
            .join(
                Membership,
                and_(Membership.group_id == Group.id, Membership.state == ACTIVE),
            )
            .join(Person, Person.id == Membership.person_id)
            .outerjoin(MeetingProposal, shown)
            .outerjoin(MeetingConfirmation, confirmed)
            .where(which)
            .order_by(Membership.joined_at, Person.id, MeetingProposal.id)
        )
        if lock:
            query = query.with_for_update(of=TeamMeeting)
        async with self._db.sessions() as session:
            rows = (await session.execute(query)).all()
        if not rows or (member is not None and all(row[2].id != member for row in rows)):
            return None
        return _round(rows)

    async def add_confirmation(self, proposal_id: int, person_id: int) -> None:
        """Record a confirmation; the caller has checked the proposal is open (in its unit)."""
        async with self._db.transaction() as session:
            insert = insert_for(session)
            await session.execute(
                insert(MeetingConfirmation)
                .values(proposal_id=proposal_id, person_id=person_id, confirmed_at=self._db.now())
                .on_conflict_do_nothing()
            )

    # --- after booking: preparation, reminder, digest, follow-up (dialogs.meeting_followup) --

    async def start_of(self, group_id: int, number: int) -> datetime | None:
        """When the group's meeting `number` starts (booked or held), if it does."""
        async with self._db.sessions() as session:
            return await session.scalar(
                select(TeamMeeting.starts_at).where(
                    TeamMeeting.group_id == group_id,
                    TeamMeeting.number == number,
                    TeamMeeting.state.in_((BOOKED, HELD)),
                )
            )

    async def booked_for_person(self, person_id: int, after: datetime) -> list[BookedMeeting]:
        """The booked meetings of every group the person is in (not left), ending after `after`."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(
                    Group.id,
                    Group.name,
                    TeamMeeting.number,
                    TeamMeeting.starts_at,
                    TeamMeeting.ends_at,
                )
                .join(Group, Group.id == TeamMeeting.group_id)
                .join(Membership, Membership.group_id == TeamMeeting.group_id)
                .where(
                    Membership.person_id == person_id,
                    Membership.state != LEFT,
                    Group.active.is_(True),
                    TeamMeeting.state == BOOKED,
                    TeamMeeting.ends_at > after,
                )
                .order_by(TeamMeeting.starts_at)
            )
            return [
                BookedMeeting(group_id, name, number, starts_at, ends_at)
                for group_id, name, number, starts_at, ends_at in rows
                if starts_at is not None and ends_at is not None
            ]


def _holding(meeting_id: int, attempt: int) -> ColumnElement[bool]:
    """The meeting is still being booked by this attempt."""
    return and_(
        TeamMeeting.id == meeting_id,
        TeamMeeting.state == BOOKING,
        TeamMeeting.booking_attempts == attempt,
    )


class _Lost(Exception):
    """Raised inside a transaction to roll it back: another caller won the race."""


async def _close_open(session: AsyncSession, meeting_id: int) -> None:
    await session.execute(
        update(MeetingProposal)
        .where(MeetingProposal.meeting_id == meeting_id, MeetingProposal.state == OPEN)
        .values(state=SUPERSEDED)
    )


def _proposal(row: MeetingProposal, group_id: int, number: int) -> Proposal:
    return Proposal(
        id=row.id,
        meeting_id=row.meeting_id,
        group_id=group_id,
        number=number,
        round=row.round,
        kind=row.kind,
        start=row.starts_at,
        end=row.ends_at,
        excused=frozenset(row.excused or ()),
        note=row.note,
        state=row.state,
    )


# (meeting, organisation id, member, role, proposal shown, member confirmed it, channel, card)
_RoundRow = Row[TeamMeeting, int, Person, str, MeetingProposal, bool, str | None, int | None]


def _channel_of(group_id: SQLColumnExpression[int]) -> ColumnElement[str | None]:
    """The group's channel address (as Conversations.of_group finds it)."""
    return (
        select(ConversationRef.reference)
        .where(
            ConversationRef.group_id == group_id,
            ConversationRef.kind == "channel",
            ConversationRef.active.is_(True),
        )
        .order_by(ConversationRef.updated_at.desc())
        .limit(1)
        .scalar_subquery()
    )


def _latest_proposal_card(meeting_id: SQLColumnExpression[int]) -> ColumnElement[int | None]:
    """The outbox row of the meeting's latest proposal card (a new one follows a booking that
    was given up): keys "meeting-<id>-proposal" and "meeting-<id>-proposal-after-<n>"."""
    prefix = literal("meeting-") + func.cast(meeting_id, String) + literal("-proposal")
    return (
        select(func.max(OutboxMessage.id))
        .where(OutboxMessage.idempotency_key.startswith(prefix))
        .scalar_subquery()
    )


def _round(rows: Sequence[_RoundRow]) -> MeetingRound:
    meeting: TeamMeeting = rows[0][0]
    organisation_id: int = rows[0][1]
    members: dict[int, GroupMember] = {}
    proposals: dict[int, Proposal] = {}
    confirmed: dict[int, set[int]] = {}
    for _, _, person, role, row, has_confirmed, _, _ in rows:
        members.setdefault(person.id, group_member(person, role))
        if row is None:
            continue
        proposals.setdefault(row.id, _proposal(row, meeting.group_id, meeting.number))
        confirmed.setdefault(row.id, set())
        if has_confirmed:
            confirmed[row.id].add(person.id)
    reference: str | None = rows[0][6]
    channel = None
    if reference is not None:
        address = ConversationAddress.from_json(reference)
        channel = StoredConversation(organisation_id, address.tenant_id, "channel", address)
    view = MeetingView(
        id=meeting.id,
        group_id=meeting.group_id,
        number=meeting.number,
        state=meeting.state,
        start=meeting.starts_at,
        end=meeting.ends_at,
        join_url=meeting.join_url,
        in_calendar=meeting.event_id is not None,
        proposals=tuple(sorted(proposals.values(), key=lambda p: p.id)),
        confirmed={key: frozenset(value) for key, value in confirmed.items()},
    )
    return MeetingRound(view, tuple(members.values()), channel, rows[0][7])
