"""The foundation's tables: who is who, where the bot can speak, and what it has already handled.

Later capabilities (the workbook, meetings, the outbox) add their own modules beside this one and
refer to these rows. A person is keyed by (organisation, AAD object id): the same human in two
municipalities is two people, so no data crosses tenants.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now


class Organisation(Base):
    """A municipality: one Microsoft 365 tenant."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class Person(Base):
    """A leader (or coach) the bot has met in Teams."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("organisation_id", "aad_object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    aad_object_id: Mapped[str] = mapped_column(String(64))
    teams_user_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200), default="")
    given_name: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(320))
    welcomed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    paused_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # "pausa" until "fortsätt"
    nudges: Mapped[bool] = mapped_column(default=True, server_default=true())  # "påminnelser av"
    # The language the bot speaks to them (content.language): from their Teams locale, or chosen
    # with "språk"/"language" (language_chosen: the locale no longer changes it). None: Swedish.
    language: Mapped[str | None] = mapped_column(String(8))
    language_chosen: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class Group(Base):
    """An Innovationsteam: a Teams team (or a channel of one) where the bot is installed."""

    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("organisation_id", "team_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200), default="")
    aad_group_id: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class Membership(Base):
    """A person in a group; paused or left members are kept so history stays readable."""

    __tablename__ = "memberships"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), default="member")  # member | coach
    state: Mapped[str] = mapped_column(String(20), default="active")  # active | paused | left
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)


class ConversationRef(Base):
    """Where the bot can speak later: a personal chat, a channel or a group chat.

    `reference` is a chat.address.ConversationAddress as JSON (Bot Framework's conversation
    reference shape, tenant included), so proactive messages reach the right tenant.
    """

    __tablename__ = "conversation_refs"
    __table_args__ = (UniqueConstraint("organisation_id", "conversation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    conversation_id: Mapped[str] = mapped_column(String(400))
    kind: Mapped[str] = mapped_column(String(20))  # personal | channel | groupChat | reflection
    service_url: Mapped[str] = mapped_column(String(400))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    reference: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now, onupdate=clock_now)


class ProcessedActivity(Base):
    """Activities already handled: Teams redelivers what it thinks timed out. An activity is
    known by its tenant, conversation, kind (type and Teams event: an edit reuses the id of the
    message it edits) and id."""

    __tablename__ = "processed_activities"

    tenant_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(400), primary_key=True)
    kind: Mapped[str] = mapped_column(String(100), primary_key=True)
    activity_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now, index=True)


Index("ix_conversation_refs_person", ConversationRef.person_id)
Index("ix_conversation_refs_group", ConversationRef.group_id)
