"""The organisation's time as the calendar engine takes it: its zone and working hours (from the
organisation file, or what a coordinator published in "inställningar")."""

from zoneinfo import ZoneInfo

from content.models import Content
from scheduling.availability import WorkingHours


def organisation_zone(content: Content) -> ZoneInfo:
    return ZoneInfo(content.organisation.time_zone)


def organisation_hours(content: Content) -> WorkingHours:
    """The working hours for calendars that give none of their own (iCalendar files)."""
    hours = content.organisation.working_hours
    return WorkingHours(
        zone=organisation_zone(content),
        days=frozenset(hours.days),
        start=hours.start,
        end=hours.end,
    )
