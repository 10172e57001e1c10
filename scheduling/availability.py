"""What the calendar engine knows about people's time: the types every part of it shares.

Providers (Graph, iCalendar) turn calendars into `Availability`; the slot finder turns
availability into `Slot`s; booking turns a chosen slot into a meeting. All datetimes are aware;
they are compared as instants, and shown in the organisation's zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, tzinfo
from enum import StrEnum
from typing import Protocol, runtime_checkable


class Status(StrEnum):
    """Free/busy status, with Graph's names (iCalendar's map onto these)."""

    FREE = "free"
    TENTATIVE = "tentative"
    BUSY = "busy"
    OUT_OF_OFFICE = "oof"
    WORKING_ELSEWHERE = "workingElsewhere"


@dataclass(frozen=True, slots=True)
class Interval:
    """A stretch of someone's calendar that is not plainly free."""

    start: datetime
    end: datetime
    status: Status

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("calendar intervals need aware datetimes")
        if self.end <= self.start:
            raise ValueError(f"interval ends before it starts: {self.start} – {self.end}")


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """When a person works, in their own zone (Monday = 0)."""

    zone: tzinfo  # a ZoneInfo, or a calendar's own rules (scheduling.calendars.custom_zone)
    days: frozenset[int] = frozenset(range(5))
    start: time = time(8, 0)
    end: time = time(17, 0)


@dataclass(frozen=True, slots=True)
class Attendee:
    """A person whose calendar is read: e-mail address (the key) and display name."""

    email: str
    name: str = ""

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]


@dataclass(frozen=True, slots=True)
class Availability:
    """One person's calendar over the searched window. None working hours: the organisation's."""

    attendee: Attendee
    intervals: tuple[Interval, ...] = ()
    working_hours: WorkingHours | None = None


@dataclass(frozen=True, slots=True)
class UnknownCalendar:
    """A person whose calendar could not be read: reported by name, never treated as free."""

    attendee: Attendee
    reason: str  # for the log and the operator, in English


@dataclass(frozen=True, slots=True)
class Calendars:
    """What a provider read: the calendars it could, and who it could not."""

    known: tuple[Availability, ...] = ()
    unknown: tuple[UnknownCalendar, ...] = ()


@dataclass(frozen=True, slots=True)
class MeetingRequest:
    """A meeting to book for everyone. `transaction_id` is stable, so a retry never books twice."""

    organizer: Attendee
    attendees: tuple[Attendee, ...]
    start: datetime
    end: datetime
    subject: str
    body: str = ""
    transaction_id: str = ""
    online: bool = True


@dataclass(frozen=True, slots=True)
class Booking:
    """The booked meeting: its id in the calendar, and where to join when it is online."""

    event_id: str
    join_url: str | None = None
    invitation_path: str | None = None  # iCalendar: the METHOD:REQUEST file written
    attendees: tuple[Attendee, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Removal:
    """What taking one person off a booked event came to: `done`, or the event lives in their
    own mailbox (they organise it) and only cancelling and booking anew can free the others."""

    done: bool
    organized_by_them: bool = False


class CalendarError(Exception):
    """Reading or booking failed as a whole (not one person: those are UnknownCalendar)."""


class CalendarProvider(Protocol):
    """Microsoft Graph in production, iCalendar files by default; the engine sees only this."""

    async def read(
        self, attendees: Sequence[Attendee], start: datetime, end: datetime
    ) -> Calendars: ...

    async def book(self, meeting: MeetingRequest) -> Booking: ...

    async def cancel(self, organizer: Attendee, event_id: str) -> None:
        """Remove a booked event (`Booking.event_id`) and tell its attendees.

        An event that is already gone (cancelled before, deleted by hand) is not an error;
        failing to reach the calendar raises `CalendarError`.
        """
        ...

    async def close(self) -> None: ...


@runtime_checkable
class RemovesAttendees(Protocol):
    """A provider that can take one person off a booked meeting and keep it for the others."""

    async def remove_attendee(
        self, event_id: str, person: Attendee, organizers: Sequence[Attendee]
    ) -> Removal:
        """Take `person` off the event `event_id`; the event's organizer is one of
        `organizers` (the people it was booked for). An event gone already is done."""
        ...
