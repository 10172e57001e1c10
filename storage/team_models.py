"""The Innovationsteam's tables: introductions, the plan's meetings, proposed times, confirmations.

Exactly-once booking rests on the database, not on the process: a confirmation is a row keyed
(proposal, person), so a member counts once however often they click; a proposal leaves `open`
and its meeting leaves `proposing` only through `UPDATE ... WHERE state = ...`, and whoever's
UPDATE changes the row is the one caller who books. That holds on PostgreSQL (row locks) and on
SQLite (one writer) alike, and across replicas.

A booked meeting keeps its time in UTC (`starts_at`, `ends_at`) with `state = 'booked'`, indexed,
so a later job can find tomorrow's meetings and put reminders in the outbox.

After booking (dialogs.meeting_followup): `announced_for` is the start time whose preparation and
reminder are in the outbox (a rebooked meeting differs from it and is announced again);
`digest_at` marks the reflections digest enqueued; at its end the meeting becomes `held`, with a
`meeting_attendees` row per member it counted for (and the module it counted for) and, once
the group has written them, its `meeting_insights`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now

# meetings.state
PROPOSING, BOOKING, BOOKED, HELD = "proposing", "booking", "booked", "held"
# meeting_proposals.state
OPEN, DECLINED, SUPERSEDED, CHOSEN = "open", "declined", "superseded", "chosen"
# meeting_proposals.kind: everyone; everyone but those away; everyone, after they are back
EVERYONE, WITHOUT_AWAY, AFTER_RETURN = "everyone", "without_away", "after_return"


class Introduction(Base):
    """What a member told their group about themselves (the goal also goes to the workbook)."""

    __tablename__ = "introductions"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    who: Mapped[str] = mapped_column(Text)
    leads: Mapped[str] = mapped_column(Text)
    goal: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now, onupdate=clock_now)


class TeamMeeting(Base):
    """One of the plan's meetings (content: social_learning.yaml) for one group."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("group_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()  # the plan's meeting (month) 1..5
    state: Mapped[str] = mapped_column(String(20), default=PROPOSING)
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # set when booked
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    proposal_id: Mapped[int | None] = mapped_column()  # the proposal that was booked
    event_id: Mapped[str | None] = mapped_column(String(400))  # None: not in the calendars
    join_url: Mapped[str | None] = mapped_column(Text)
    booked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # While booking: who holds it until when (a lease), and which attempt (a fencing token).
    booking_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    booking_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    announced_for: Mapped[datetime | None] = mapped_column(UtcDateTime)  # see the module doc
    digest_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    held_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now, onupdate=clock_now)


class MeetingProposal(Base):
    """A time put to the group. `excused` are the people it does not wait for (away)."""

    __tablename__ = "meeting_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column()  # 1 for the first proposal, +1 after "Passar inte"
    kind: Mapped[str] = mapped_column(String(20), default=EVERYONE)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    excused: Mapped[list[int]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)  # why (e.g. who is away), as shown
    state: Mapped[str] = mapped_column(String(20), default=OPEN)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class MeetingConfirmation(Base):
    """A member said the proposed time works: once per (proposal, person), by the key."""

    __tablename__ = "meeting_confirmations"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_proposals.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    confirmed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class MeetingAttendee(Base):
    """A member the held meeting counted for: asked for a reflection, and the module (of their
    plan) whose group session it was. Written once, so a re-run records nothing twice."""

    __tablename__ = "meeting_attendees"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    module_id: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class MeetingInsights(Base):
    """The group's three shared insights from a meeting, as last saved by one of them."""

    __tablename__ = "meeting_insights"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    insights: Mapped[list[str]] = mapped_column(JSON, default=list)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now, onupdate=clock_now)


Index("ix_meetings_state_starts_at", TeamMeeting.state, TeamMeeting.starts_at)
Index("ix_meeting_proposals_meeting_state", MeetingProposal.meeting_id, MeetingProposal.state)
