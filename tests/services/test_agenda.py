"""Tidsplan: practice times and the group's booked meetings together, in time order."""

from __future__ import annotations

from datetime import timedelta

from cards.booking import agenda_lines
from services.agenda import Agenda, GroupMeeting, PracticeTime
from storage.groups import LEFT, Groups
from storage.meetings import Meetings
from storage.work_sessions import BookedSession, WorkSessions
from tests.clock import TestClock
from tests.services.test_meetings import (
    CONTENT,
    TENANT,
    Group,
    confirm_all,
    group,
    meeting,
    proposed,
)

__all__ = ["group"]  # the fixture, shared with the meeting tests


async def test_practice_times_and_the_groups_meeting_come_in_time_order(
    group: Group, clock: TestClock
) -> None:
    await group.planner.propose_next(group.group_id, TENANT)
    [proposal_id] = await proposed(group)
    await confirm_all(group, proposal_id)
    booked = await meeting(group)
    assert booked.starts_at is not None and booked.ends_at is not None
    jonas = group.people["Jonas"]
    sessions = WorkSessions(group.database)
    before = BookedSession(booked.starts_at - timedelta(days=1), booked.starts_at, "e1")
    after = BookedSession(
        booked.ends_at + timedelta(days=1), booked.ends_at + timedelta(days=1, hours=1), None
    )
    await sessions.replace_upcoming(jonas, clock(), [after, before])
    agenda = Agenda(sessions, Meetings(group.database), clock=clock)

    items = await agenda.ahead(jonas)

    assert [type(item) for item in items] == [PracticeTime, GroupMeeting, PracticeTime]
    assert items[1] == GroupMeeting(booked.starts_at, booked.ends_at, 1, "G4")
    lines = agenda_lines(CONTENT, items)
    assert "teamträff – Hur ska vi arbeta tillsammans?" in lines[1]
    assert lines[0].endswith("tid för dina övningar")
    assert lines[2].endswith("(inte i kalendern)")


async def test_a_meeting_that_is_over_or_of_a_group_left_is_not_on_the_agenda(
    group: Group, clock: TestClock
) -> None:
    await group.planner.propose_next(group.group_id, TENANT)
    [proposal_id] = await proposed(group)
    await confirm_all(group, proposal_id)
    booked = await meeting(group)
    assert booked.ends_at is not None
    agenda = Agenda(WorkSessions(group.database), Meetings(group.database), clock=clock)
    jonas, sandra = group.people["Jonas"], group.people["Sandra"]
    await group.planner.pause(sandra, TENANT)
    assert len(await agenda.ahead(sandra)) == 1  # paused is still in the group
    await Groups(group.database).set_state(group.group_id, sandra, LEFT)
    assert await agenda.ahead(sandra) == []
    clock.advance(booked.ends_at - clock() + timedelta(minutes=1))
    assert await agenda.ahead(jonas) == []
