"""What the booking click costs the database: "Bekräfta tid" by the last member, as the Teams
invoke over real HTTP, counted with engine events (tests.bot.test_sql_per_turn's `counting`)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.outbox import OutboxMessage
from storage.team_models import TeamMeeting
from tests.bot.test_sql_per_turn import Counted, counting
from tests.card_schema import card_texts
from tests.fakes.connector import FakeConnector, playground_members
from tests.harness import BotServer
from tests.team.conftest import TEAM_ID, TEAM_NAME, Channel, installed_and_introduced
from tests.team.test_meetings import CONFIRM, invitations

MAX_STATEMENTS = 12
MAX_TRANSACTIONS = 3
# The edge's one, and the planner's: load + confirm + choose (2), booked + the "Bokat!" edit.
PLANNER_STATEMENTS = 7


@pytest.fixture
def channel(bot: BotServer, connector: FakeConnector) -> Channel:
    """The Innovationsteam of four of tests.team, with the demo calendars."""
    team = connector.add_team(TEAM_ID, TEAM_NAME, playground_members()[:4])
    return Channel(bot, connector, team)


async def booking_click(channel: Channel) -> tuple[Counted, int]:
    """The last member's "Bekräfta tid", counted; and how many statements of it the
    MeetingBooked reaction (preparation and reminder, services.meeting_followup) made."""
    proposal = await installed_and_introduced(channel)
    *others, last = channel.members
    for person in others:
        await channel.click(person, proposal, CONFIRM)
    followup = channel.bot.services.followup
    announce = followup.booked
    in_reaction = 0

    async def counted_announce(meeting_id: int) -> None:
        nonlocal in_reaction
        before = len(counted.statements)
        await announce(meeting_id)
        in_reaction += len(counted.statements) - before

    followup.booked = counted_announce  # type: ignore[method-assign]  (the subscription's)
    with counting(channel.bot) as counted:
        booked = await channel.click(last, proposal, CONFIRM)

    assert "Bokat!" in card_texts(booked)
    assert len(invitations(channel)) == 1
    async with channel.bot.services.database.sessions() as session:
        assert list(await session.scalars(select(TeamMeeting.state))) == ["booked"]
        keys = await session.scalars(
            select(OutboxMessage.idempotency_key).where(
                OutboxMessage.idempotency_key.startswith("meeting-")
            )
        )
        kinds = sorted(key.split("-")[2] for key in keys)
    assert kinds == ["booked", "preparation", "proposal", "reminder"]
    assert in_reaction > 0, "the reaction ran inside the click's unit of work"
    return counted, in_reaction


async def test_the_booking_click_takes_three_transactions_and_the_planner_seven_statements(
    channel: Channel,
) -> None:
    counted, in_reaction = await booking_click(channel)
    # The edge's (the activity id, for redeliveries); confirm + choose; booked + what it causes.
    assert counted.transactions <= MAX_TRANSACTIONS, counted
    assert len(counted.statements) - in_reaction <= PLANNER_STATEMENTS, counted.statements


async def test_the_booking_click_costs_at_most_twelve_statements(channel: Channel) -> None:
    """A first booking cancels nothing (no earlier time was announced), so the reaction is the
    meeting, the channel, the preparation, the reminder and the announced mark."""
    counted, in_reaction = await booking_click(channel)
    assert len(counted.statements) <= MAX_STATEMENTS, "\n".join(counted.statements)
    assert in_reaction <= MAX_STATEMENTS - PLANNER_STATEMENTS, counted.statements
