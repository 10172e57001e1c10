"""Calendar providers behind `scheduling.availability.CalendarProvider`.

`IcsCalendars` reads and books iCalendar files (the embedded default, no Microsoft 365 needed);
`GraphCalendars` reads free/busy and books Teams meetings through Microsoft Graph.
"""

from scheduling.calendars.ics import IcsCalendars
from scheduling.calendars.ics_demo import copy_demo_calendars, package_demo_directory

__all__ = ["IcsCalendars", "copy_demo_calendars", "package_demo_directory"]
