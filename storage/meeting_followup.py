"""Booked meetings and what follows them: announced, digest sent, held, who attended, insights.

Each step's mark is a conditional UPDATE, so a second replica (or the next tick) finds nothing
left to do: `held` moves a meeting from booked to held for exactly one caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, case, null, or_, select, update

from chat.address import ConversationAddress
from storage.base import affected
from storage.conversations import StoredConversation
from storage.database import Database
from storage.groups import ACTIVE
from storage.journey_models import WorkbookEntry
from storage.models import ConversationRef, Group, Membership, Organisation, Person
from storage.team_models import (
    BOOKED,
    HELD,
    MeetingAttendee,
    MeetingInsights,
    MeetingProposal,
    TeamMeeting,
)
from storage.upsert import insert_for
from storage.workbook import EXERCISE_REFLECTION


@dataclass(frozen=True, slots=True)
class BookedMeeting:
    """A booked (or held) meeting, as the follow-up after booking needs it."""

    id: int
    group_id: int
    tenant_id: str  # the group's municipality: its texts, its time zone
    number: int
    state: str
    start: datetime
    end: datetime
    join_url: str | None
    excused: frozenset[int]  # not waited for when it was booked (away): not attending
    announced_for: datetime | None = None  # the time its preparation and reminder were for
    channel: StoredConversation | None = None  # the group's channel, if the bot can speak there


@dataclass(frozen=True, slots=True)
class DigestReflection:
    """An exercise reflection a member shared, for the digest before the next meeting."""

    entry_id: int
    person_id: int
    first_name: str
    exercise_id: str | None
    text: str


@dataclass(frozen=True, slots=True)
class SavedInsights:
    insights: tuple[str, ...]  # () before anyone has saved them
    saved_by: int | None  # who saved them last


class BookedMeetings:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def get(self, meeting_id: int) -> BookedMeeting | None:
        async with self._db.sessions() as session:
            rows = await session.execute(_booked().where(TeamMeeting.id == meeting_id))
            return next((_booked_meeting(*row) for row in rows), None)

    async def unannounced(self) -> list[BookedMeeting]:
        """Booked meetings whose preparation and reminder are not in the outbox for their
        current time (just booked, or moved)."""
        return await self._booked_where(
            TeamMeeting.state == BOOKED,
            or_(
                TeamMeeting.announced_for.is_(None),
                TeamMeeting.announced_for != TeamMeeting.starts_at,
            ),
        )

    async def announced(self, meeting_id: int, start: datetime) -> None:
        """Preparation and reminder for `start` are in the outbox; a new time clears the digest."""
        async with self._db.transaction() as session:
            await session.execute(
                update(TeamMeeting)
                .where(TeamMeeting.id == meeting_id, TeamMeeting.starts_at == start)
                .values(
                    announced_for=start,
                    digest_at=_keep_unless_moved(start),
                    updated_at=self._db.now(),
                )
            )

    async def without_digest(self, starting_before: datetime, now: datetime) -> list[BookedMeeting]:
        """Booked meetings 2.. starting in (now, starting_before] whose digest is not sent."""
        return await self._booked_where(
            TeamMeeting.state == BOOKED,
            TeamMeeting.number > 1,
            TeamMeeting.digest_at.is_(None),
            TeamMeeting.announced_for == TeamMeeting.starts_at,
            TeamMeeting.starts_at > now,
            TeamMeeting.starts_at <= starting_before,
        )

    async def digest_sent(self, meeting_id: int) -> None:
        async with self._db.transaction() as session:
            await session.execute(
                update(TeamMeeting)
                .where(TeamMeeting.id == meeting_id)
                .values(digest_at=self._db.now(), updated_at=self._db.now())
            )

    async def ended(self, now: datetime) -> list[BookedMeeting]:
        """Booked meetings that are over: their follow-up is due."""
        return await self._booked_where(TeamMeeting.state == BOOKED, TeamMeeting.ends_at <= now)

    async def held(self, meeting_id: int) -> bool:
        """booked -> held; True for the one caller that moved it."""
        now = self._db.now()
        async with self._db.transaction() as session:
            result = await session.execute(
                update(TeamMeeting)
                .where(TeamMeeting.id == meeting_id, TeamMeeting.state == BOOKED)
                .values(state=HELD, held_at=now, updated_at=now)
            )
            return affected(result) == 1

    async def attend(self, meeting_id: int, person_id: int, module_id: str | None) -> str | None:
        """Record that the meeting counted for the person, for `module_id` the first time;
        returns the module it counts for (the first call's, on every later call)."""
        async with self._db.transaction() as session:
            insert = insert_for(session)
            await session.execute(
                insert(MeetingAttendee)
                .values(
                    meeting_id=meeting_id,
                    person_id=person_id,
                    module_id=module_id,
                    created_at=self._db.now(),
                )
                .on_conflict_do_nothing()
            )
            return await session.scalar(
                select(MeetingAttendee.module_id).where(
                    MeetingAttendee.meeting_id == meeting_id,
                    MeetingAttendee.person_id == person_id,
                )
            )

    async def attendance(self, meeting_id: int, person_id: int) -> tuple[bool, str | None]:
        """(whether the meeting counted for the person, the module it counted for)."""
        async with self._db.sessions() as session:
            row = (
                await session.execute(
                    select(MeetingAttendee.module_id).where(
                        MeetingAttendee.meeting_id == meeting_id,
                        MeetingAttendee.person_id == person_id,
                    )
                )
            ).first()
        return (True, row[0]) if row else (False, None)

    async def save_insights(self, meeting_id: int, person_id: int, insights: Sequence[str]) -> None:
        now = self._db.now()
        async with self._db.transaction() as session:
            insert = insert_for(session)
            await session.execute(
                insert(MeetingInsights)
                .values(
                    meeting_id=meeting_id,
                    insights=list(insights),
                    person_id=person_id,
                    updated_at=now,
                )
                .on_conflict_do_update(
                    index_elements=[MeetingInsights.meeting_id],
                    set_={"insights": list(insights), "person_id": person_id, "updated_at": now},
                )
            )

    async def insights(self, meeting_id: int) -> SavedInsights:
        async with self._db.sessions() as session:
            row = await session.get(MeetingInsights, meeting_id)
        return SavedInsights(tuple(row.insights), row.person_id) if row else SavedInsights((), None)

    async def shared_reflections(
        self, group_id: int, since: datetime | None
    ) -> list[DigestReflection]:
        """Exercise reflections the group's active members sent and chose to share, written or
        changed since `since`, oldest first. Never a draft, a private one, or a non-member's."""
        conditions = [
            Membership.group_id == group_id,
            Membership.state == ACTIVE,
            WorkbookEntry.kind == EXERCISE_REFLECTION,
            WorkbookEntry.shared.is_(True),
            WorkbookEntry.draft.is_(False),
        ]
        if since is not None:
            conditions.append(WorkbookEntry.updated_at >= since)
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(WorkbookEntry, Person)
                .join(Person, Person.id == WorkbookEntry.person_id)
                .join(Membership, Membership.person_id == WorkbookEntry.person_id)
                .where(*conditions)
                .order_by(WorkbookEntry.updated_at, WorkbookEntry.id)
            )
            return [
                DigestReflection(
                    entry_id=entry.id,
                    person_id=entry.person_id,
                    first_name=person.given_name or (person.name.split() or [""])[0],
                    exercise_id=entry.exercise_id,
                    text=entry.text,
                )
                for entry, person in rows
            ]

    async def _booked_where(self, *conditions: ColumnElement[bool]) -> list[BookedMeeting]:
        async with self._db.sessions() as session:
            rows = await session.execute(
                _booked().where(*conditions).order_by(TeamMeeting.starts_at, TeamMeeting.id)
            )
            return [_booked_meeting(*row) for row in rows]


def _booked() -> Select[TeamMeeting, list[int] | None, str, int, str | None]:
    """Booked or held meetings with the proposal that was chosen (for who was excused), the
    group's tenant and organisation, and the channel to speak in (as Conversations.of_group
    finds it), in one query: announcing a meeting inside the booking's unit reads nothing more."""
    channel = (
        select(ConversationRef.reference)
        .where(
            ConversationRef.group_id == TeamMeeting.group_id,
            ConversationRef.kind == "channel",
            ConversationRef.active.is_(True),
        )
        .order_by(ConversationRef.updated_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(
            TeamMeeting,
            MeetingProposal.excused,
            Organisation.tenant_id,
            Organisation.id,
            channel,
        )
        .outerjoin(MeetingProposal, MeetingProposal.id == TeamMeeting.proposal_id)
        .join(Group, Group.id == TeamMeeting.group_id)
        .join(Organisation, Organisation.id == Group.organisation_id)
        .where(TeamMeeting.state.in_((BOOKED, HELD)), TeamMeeting.starts_at.is_not(None))
    )


def _booked_meeting(
    meeting: TeamMeeting,
    excused: list[int] | None,
    tenant_id: str,
    organisation_id: int,
    channel: str | None,
) -> BookedMeeting:
    assert meeting.starts_at is not None and meeting.ends_at is not None
    address = ConversationAddress.from_json(channel) if channel else None
    return BookedMeeting(
        id=meeting.id,
        group_id=meeting.group_id,
        tenant_id=tenant_id,
        number=meeting.number,
        state=meeting.state,
        start=meeting.starts_at,
        end=meeting.ends_at,
        join_url=meeting.join_url,
        excused=frozenset(excused or ()),
        announced_for=meeting.announced_for,
        channel=StoredConversation(organisation_id, address.tenant_id, "channel", address)
        if address
        else None,
    )


def _keep_unless_moved(start: datetime) -> ColumnElement[datetime | None]:
    """digest_at stays when the announced time is the same; a moved meeting gets a new digest."""
    return case(
        (TeamMeeting.announced_for == start, TeamMeeting.digest_at),
        else_=null(),
    )
