"""The audit log: who did what, when, in which organisation. Never a personal text.

`actor_person_id` is None for the command line. It is declared ON DELETE SET NULL, so erasing
the actor ("radera mina data") clears who did it and keeps what was done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now
from storage.database import Database


class Via(StrEnum):
    TEAMS = "teams"
    CLI = "cli"


class AuditAction(StrEnum):
    ROLE_NAMED = "role_named"
    ROLE_REMOVED = "role_removed"
    ROLE_CLAIMED = "role_claimed"  # someone named by e-mail met the bot
    FOLLOW_UP_VIEWED = "follow_up_viewed"
    FOLLOW_UP_EXPORTED = "follow_up_exported"
    FEEDBACK_VIEWED = "feedback_viewed"
    SETTINGS_SAVED = "settings_saved"  # a draft version, shown as a preview
    SETTINGS_PUBLISHED = "settings_published"
    SETTINGS_RESTORED = "settings_restored"
    COHORT_STARTED = "cohort_started"
    FEEDBACK_ANSWERED = "feedback_answered"  # detail: the suggestion's id, never who sent it
    CELEBRATION_PREVIEWED = "celebration_previewed"
    CELEBRATION_SENT = "celebration_sent"
    DIPLOMAS_VIEWED = "diplomas_viewed"
    GROUPS_PROPOSED = "groups_proposed"
    GROUPS_CONFIRMED = "groups_confirmed"
    EVALUATION_SCHEDULED = "evaluation_scheduled"
    EVALUATION_QUESTIONS_CHANGED = "evaluation_questions_changed"
    EVALUATION_RESULTS_VIEWED = "evaluation_results_viewed"
    EVALUATION_EXPORTED = "evaluation_exported"
    # Regions (a programme owner's, recorded in the owner's own organisation; a municipality's
    # answer in that municipality's). Subject: the region's id, never a name.
    PROGRAMME_OWNER_NAMED = "programme_owner_named"
    PROGRAMME_OWNER_CLAIMED = "programme_owner_claimed"
    REGION_CREATED = "region_created"
    REGION_INVITED = "region_invited"
    REGION_JOINED = "region_joined"
    REGION_DECLINED = "region_declined"
    REGIONAL_COHORT_CREATED = "regional_cohort_created"
    REGIONAL_COHORT_CHOSEN = "regional_cohort_chosen"
    REGIONAL_FOLLOW_UP_VIEWED = "regional_follow_up_viewed"
    REGIONAL_MEETING_ADDED = "regional_meeting_added"
    REGIONAL_MEETING_MOVED = "regional_meeting_moved"
    REGIONAL_MEETING_CANCELLED = "regional_meeting_cancelled"
    REGION_LEFT = "region_left"
    REGIONAL_SHARES_VIEWED = "regional_shares_viewed"
    REFUSED = "refused"  # a coordinator action asked for without the role


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    actor_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    via: Mapped[str] = mapped_column(String(10))
    action: Mapped[str] = mapped_column(String(40))
    # What it was done to: an e-mail address and a role id, or what was refused; never a text.
    subject: Mapped[str | None] = mapped_column(String(320))
    detail: Mapped[str | None] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


Index("ix_audit_log_organisation_at", AuditEntry.organisation_id, AuditEntry.at)


@dataclass(frozen=True, slots=True)
class AuditRecord:
    actor_person_id: int | None
    via: Via
    action: AuditAction
    subject: str | None
    detail: str | None
    at: datetime


class AuditLog:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def record(
        self,
        organisation_id: int,
        action: AuditAction,
        *,
        actor_person_id: int | None,
        via: Via,
        subject: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Written in the caller's unit of work, so an action and its record commit together."""
        async with self._db.transaction() as session:
            session.add(
                AuditEntry(
                    organisation_id=organisation_id,
                    actor_person_id=actor_person_id,
                    via=via,
                    action=action,
                    subject=subject,
                    detail=detail,
                    at=self._db.now(),
                )
            )

    async def of_organisation(self, organisation_id: int) -> list[AuditRecord]:
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(AuditEntry)
                .where(AuditEntry.organisation_id == organisation_id)
                .order_by(AuditEntry.id)
            )
            return [
                AuditRecord(
                    row.actor_person_id,
                    Via(row.via),
                    AuditAction(row.action),
                    row.subject,
                    row.detail,
                    row.at,
                )
                for row in rows
            ]
