"""What happened in the journey, as facts other features react to.

Publishers do not know who listens; app.py subscribes the reactions in one place, so the order
of a journey (booked -> prepared and reminded -> held -> reflected -> next meeting) reads there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IntroductionsComplete:
    """Every member of a group has introduced themselves: time to find a first meeting."""

    group_id: int
    tenant_id: str


@dataclass(frozen=True, slots=True)
class MemberLeft:
    """Someone left a group (or paused): a proposal may no longer wait for them."""

    group_id: int
    tenant_id: str


@dataclass(frozen=True, slots=True)
class MeetingBooked:
    """A meeting is in the calendars: preparation and the reminder follow."""

    meeting_id: int


@dataclass(frozen=True, slots=True)
class MeetingHeld:
    """A group meeting is over: its attendees have had the group session of a module each."""

    meeting_id: int
    group_id: int
    tenant_id: str


@dataclass(frozen=True, slots=True)
class GroupSessionHeld:
    """A leader took part in the group session of a module (recorded by the meetings)."""

    person_id: int
    module_id: str
    tenant_id: str


@dataclass(frozen=True, slots=True)
class ModuleCompleted:
    """A leader reflected on every exercise of a module and had its group session."""

    person_id: int
    module_id: str
    tenant_id: str


@dataclass(frozen=True, slots=True)
class JourneyCompleted:
    """A leader completed the last module: the workbook records it and offers the diploma."""

    person_id: int
    tenant_id: str


@dataclass(frozen=True, slots=True)
class WorkSessionsBooked:
    """A leader set aside new times for the journey (the onboarding's last step, or "tidsplan")."""

    person_id: int
    tenant_id: str


@dataclass(frozen=True, slots=True)
class PersonErased:
    """A leader's data were erased on request (committed). `posts` are the bot's messages that
    named or quoted them in channels, as (conversation reference JSON, Teams activity id), for
    the bot to delete there."""

    person_id: int
    posts: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class GroupRegistered:
    """The app was added to a team: its group is registered with these people (a planned
    group of a cohort with this name or these members is linked to it)."""

    organisation_id: int
    group_id: int
    team_name: str
    person_ids: tuple[int, ...]
