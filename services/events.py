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
    meeting_id: int
