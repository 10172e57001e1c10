"""Who is speaking, and from what kind of conversation."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NewType

TenantId = NewType("TenantId", str)  # a Microsoft 365 tenant id, lower case


def tenant_id(raw: str) -> TenantId:
    """Tenant ids are GUIDs; Teams is not consistent about their case."""
    return TenantId(raw.strip().lower())


class ConversationKind(StrEnum):
    PERSONAL = "personal"
    CHANNEL = "channel"
    GROUP_CHAT = "groupChat"


@dataclass(frozen=True, slots=True)
class Caller:
    """A person the directory knows, in the municipality (tenant) the activity came from."""

    tenant_id: TenantId
    organisation_id: int
    person_id: int
    first_name: str
    conversation_kind: ConversationKind


@dataclass(frozen=True, slots=True)
class TeamOfTurn:
    """The Teams team an activity comes from (its channelData.team)."""

    id: str
    name: str
    aad_group_id: str | None


@dataclass(frozen=True, slots=True)
class TeamsAccount:
    """A user as an activity or the members API describes them."""

    teams_user_id: str
    aad_object_id: str
    name: str = ""
    given_name: str | None = None
    email: str | None = None
