"""Local fakes of the Microsoft services the bot talks to (Bot Connector, Graph), for tests and
benchmarks. Each is an aiohttp server on a free loopback port; see the modules' docstrings."""

from tests.fakes.connector import FakeConnector, Member, Team, member, playground_members
from tests.fakes.graph import CalendarItem, FakeGraph, working_hours
from tests.fakes.service import RecordedRequest

__all__ = [
    "CalendarItem",
    "FakeConnector",
    "FakeGraph",
    "Member",
    "RecordedRequest",
    "Team",
    "member",
    "playground_members",
    "working_hours",
]
