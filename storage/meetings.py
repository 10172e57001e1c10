"""The group's meetings, the times proposed for them and who has confirmed.

The state changes that decide something are single conditional UPDATEs whose row count names
the one caller that acts: the first to create a meeting proposes it; the first to decline an
open proposal proposes anew; the first to choose a fully confirmed proposal books it. A second
replica or a concurrent click gets a count of 0 and only shows the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.base import affected
from storage.database import Database
from storage.models import Group, Organisation
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

    async def propose(self, meeting_id: int, options: Sequence[Option]) -> list[int]:
        """Open these proposals as the meeting's next round; earlier open ones are superseded."""
        async with self._db.transaction() as session:
            await session.execute(
                update(MeetingProposal)
                .where(MeetingProposal.meeting_id == meeting_id, MeetingProposal.state == OPEN)
                .values(state=SUPERSEDED)
            )
            last = await session.scalar(
                select(func.max(MeetingProposal.round)).where(
                    MeetingProposal.meeting_id == meeting_id
                )
            )
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
            return [row.id for row in rows]

    async def proposal(self, group_ids: Sequence[int], proposal_id: int) -> Proposal | None:
        """A proposal of one of these groups (the caller's), whatever its state."""
        async with self._db.sessions() as session:
            row = (
                await session.execute(
                    select(MeetingProposal, TeamMeeting.group_id, TeamMeeting.number)
                    .join(TeamMeeting, TeamMeeting.id == MeetingProposal.meeting_id)
                    .where(MeetingProposal.id == proposal_id, TeamMeeting.group_id.in_(group_ids))
                )
            ).first()
        return _proposal(*row) if row else None

    async def confirm(self, proposal_id: int, person_id: int) -> bool:
        """Record a confirmation of an open proposal; False when it is no longer open."""
        async with self._db.transaction() as session:
            state = await session.scalar(
                select(MeetingProposal.state).where(MeetingProposal.id == proposal_id)
            )
            if state != OPEN:
                return False
            insert = insert_for(session)
            await session.execute(
                insert(MeetingConfirmation)
                .values(proposal_id=proposal_id, person_id=person_id, confirmed_at=self._db.now())
                .on_conflict_do_nothing()
            )
        return True

    async def confirmed_by(self, proposal_id: int) -> frozenset[int]:
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(MeetingConfirmation.person_id).where(
                    MeetingConfirmation.proposal_id == proposal_id
                )
            )
            return frozenset(rows)

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

    async def choose(self, proposal: Proposal, until: datetime) -> int | None:
        """Move the meeting to booking (held until `until`) and the proposal to chosen,
        together. The one caller that did gets the booking attempt's number (and so books);
        anyone else, at the same moment or later, gets None."""
        now = self._db.now()
        try:
            async with self._db.transaction() as session:
                # The meeting row first, as in decline(): one lock order, no deadlocks.
                meeting = await session.execute(
                    update(TeamMeeting)
                    .where(TeamMeeting.id == proposal.meeting_id, TeamMeeting.state == PROPOSING)
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
                chosen = await session.execute(
                    update(MeetingProposal)
                    .where(MeetingProposal.id == proposal.id, MeetingProposal.state == OPEN)
                    .values(state=CHOSEN)
                )
                if affected(chosen) != 1:
                    raise _Lost  # declined meanwhile: the meeting goes back to proposing
                await _close_open(session, proposal.meeting_id)
        except _Lost:
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

    async def view(self, group_ids: Sequence[int], meeting_id: int) -> MeetingView | None:
        """The meeting if it belongs to one of these groups."""
        async with self._db.sessions() as session:
            meeting = await session.scalar(
                select(TeamMeeting).where(
                    TeamMeeting.id == meeting_id, TeamMeeting.group_id.in_(group_ids)
                )
            )
            if meeting is None:
                return None
            shown = (
                MeetingProposal.id == meeting.proposal_id
                if meeting.state != PROPOSING
                else MeetingProposal.state == OPEN
            )
            proposals = [
                _proposal(row, meeting.group_id, meeting.number)
                for row in await session.scalars(
                    select(MeetingProposal)
                    .where(MeetingProposal.meeting_id == meeting.id, shown)
                    .order_by(MeetingProposal.id)
                )
            ]
            confirmations = await session.execute(
                select(MeetingConfirmation.proposal_id, MeetingConfirmation.person_id).where(
                    MeetingConfirmation.proposal_id.in_([p.id for p in proposals])
                )
            )
        confirmed: dict[int, set[int]] = {p.id: set() for p in proposals}
        for proposal_id, person_id in confirmations:
            confirmed[proposal_id].add(person_id)
        return MeetingView(
            id=meeting.id,
            group_id=meeting.group_id,
            number=meeting.number,
            state=meeting.state,
            start=meeting.starts_at,
            end=meeting.ends_at,
            join_url=meeting.join_url,
            in_calendar=meeting.event_id is not None,
            proposals=tuple(proposals),
            confirmed={key: frozenset(value) for key, value in confirmed.items()},
        )

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
