"""Working hours in Graph's `customTimeZone` (rules instead of a name), as documented."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduling.availability import Attendee
from scheduling.calendars.custom_zone import CustomZone, Transition
from scheduling.calendars.graph import GraphCalendars
from scheduling.slots import SlotQuery, find_slots
from tests.fakes.graph import FakeGraph, custom_working_hours
from tests.scheduling_graph.conftest import STOCKHOLM

PER = Attendee("per.nilsson@uppsala.example", "Per Nilsson")
PACIFIC = CustomZone(
    "Customized Time Zone",
    480,
    daylight_starts=Transition(3, 6, 2, time(2)),
    standard_starts=Transition(11, 6, 1, time(2)),
    daylight_bias=-60,
)


def test_the_documented_example_keeps_pacific_time_all_year() -> None:
    """Every hour of two years, against the IANA zone with the same rules."""
    los_angeles = ZoneInfo("America/Los_Angeles")
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment < datetime(2028, 1, 1, tzinfo=UTC):
        ours, theirs = moment.astimezone(PACIFIC), moment.astimezone(los_angeles)
        assert ours.replace(tzinfo=None) == theirs.replace(tzinfo=None), moment
        assert ours.astimezone(UTC) == moment  # and back, the repeated autumn hour included
        moment += timedelta(hours=1)


def test_a_southern_summer_spans_the_new_year_and_no_rules_is_a_fixed_offset() -> None:
    # Chile-like: daylight from the first Sunday of September to the first of April, UTC-4/-3.
    southern = CustomZone(
        "south",
        240,
        daylight_starts=Transition(9, 6, 1, time(0)),
        standard_starts=Transition(4, 6, 1, time(0)),
        daylight_bias=-60,
    )
    assert datetime(2026, 1, 15, 12, tzinfo=southern).utcoffset() == timedelta(hours=-3)
    assert datetime(2026, 6, 15, 12, tzinfo=southern).utcoffset() == timedelta(hours=-4)
    india = CustomZone("india", -330)
    assert datetime(2026, 7, 1, 8, tzinfo=india).astimezone(UTC) == datetime(
        2026, 7, 1, 2, 30, tzinfo=UTC
    )


async def test_working_hours_in_a_custom_time_zone_are_read_not_replaced(
    fake_graph: FakeGraph, calendars: GraphCalendars
) -> None:
    """Before: the name "Customized Time Zone" is no zone, so Per seemed to work 08-17 in
    Stockholm, and no time fitted his real day."""
    fake_graph.add_mailbox(PER.email, working_hours=custom_working_hours("08:00", "17:00"))
    summer = datetime(2026, 6, 1, tzinfo=UTC)  # a Monday

    found = await calendars.read([PER], summer, summer + timedelta(days=1))

    [per] = found.known
    assert per.working_hours is not None
    assert per.working_hours.start == time(8) and per.working_hours.end == time(17)
    starts = datetime.combine(summer.date(), time(8), per.working_hours.zone)
    assert starts.astimezone(UTC) == datetime(2026, 6, 1, 15, tzinfo=UTC)  # PDT, UTC-7
    query = SlotQuery(
        window_start=summer,
        window_end=summer + timedelta(days=1),
        duration=timedelta(hours=1),
        zone=STOCKHOLM,
        count=1,
    )
    [slot] = find_slots(found.known, query).slots
    assert slot.start.astimezone(UTC) == datetime(2026, 6, 1, 15, tzinfo=UTC)
