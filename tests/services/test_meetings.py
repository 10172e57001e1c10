"""The meeting planner without HTTP or a bot: a migrated database, the test clock, a calendar
that records what it is asked to book and fails where a test says."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from cards.meetings import MeetingShown, meeting_card
from chat.address import Account, ConversationAddress
from chat.caller import TeamsAccount, tenant_id
from content.loader import load_content
from content.models import Content
from scheduling.availability import (
    Attendee,
    Availability,
    Booking,
    Calendars,
    MeetingRequest,
)
from services.bus import EventBus
from services.events import MeetingBooked
from services.meetings import BOOKING_LEASE, MeetingPlanner
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.groups import Groups
from storage.meetings import Meetings
from storage.outbox import Outbox, OutboxMessage
from storage.personal_data import PersonalData
from storage.team_models import MeetingProposal, TeamMeeting
from tests.card_schema import assert_valid_card, card_texts
from tests.clock import TestClock

TENANT = tenant_id("11111111-2222-3333-4444-555555555555")
NAMES = ("Jonas", "Daniela", "Max", "Sandra")
PAST_THE_LEASE = BOOKING_LEASE + timedelta(minutes=1)
CONTENT = load_content()


class Died(BaseException):
    """The process ending mid-booking: no handler of ours runs after it."""


class FakeCalendars:
    """Everyone free in working hours; books what it is asked (once per transaction id),
    failing the first `fail_times` bookings before writing, after writing, or by dying."""

    def __init__(self) -> None:
        self.requests: list[MeetingRequest] = []
        self.written: dict[str, MeetingRequest] = {}
        self.fail_how: str | None = None
        self.fail_times = 0

    async def read(
        self, attendees: Sequence[Attendee], start: datetime, end: datetime
    ) -> Calendars:
        return Calendars(known=tuple(Availability(attendee) for attendee in attendees))

    async def book(self, meeting: MeetingRequest) -> Booking:
        self.requests.append(meeting)
        if self.fail_times > 0:
            self.fail_times -= 1
            if self.fail_how == "die":
                raise Died
            if self.fail_how == "after":
                self.written[meeting.transaction_id] = meeting
            raise RuntimeError(f"calendar failed ({self.fail_how})")
        self.written[meeting.transaction_id] = meeting
        return Booking(event_id=f"event-{meeting.transaction_id}", join_url="https://join/x")

    async def cancel(self, organizer: Attendee, event_id: str) -> None:
        raise AssertionError("not used")

    async def close(self) -> None:
        pass


@dataclass
class Group:
    planner: MeetingPlanner
    calendars: FakeCalendars
    database: Database
    group_id: int
    people: dict[str, int]
    booked_events: list[MeetingBooked]


@pytest.fixture
async def group(database: Database, clock: TestClock) -> Group:
    directory, groups = Directory(database), Groups(database)
    organisation = await directory.organisation_id(TENANT)
    people = {
        name: await directory.person_id(
            organisation,
            TeamsAccount(f"29:{name}", f"aad-{name}", name, name, f"{name.lower()}@kommun.se"),
        )
        for name in NAMES
    }
    group_id = await groups.register(organisation, "19:team@thread.tacv2", "G4", None)
    for person_id in people.values():  # one by one: the join order is the card's order
        await groups.join(group_id, [person_id])
        clock.advance(timedelta(seconds=1))
    channel = ConversationAddress(
        "https://connector.test", "19:team@thread.tacv2", TENANT, Account("28:bot")
    )
    conversations = Conversations(database)
    await conversations.remember(organisation, "channel", channel, group_id=group_id)
    events, booked_events = EventBus(), []

    async def record(event: MeetingBooked) -> None:
        booked_events.append(event)

    events.subscribe(MeetingBooked, record)
    calendars = FakeCalendars()
    planner = MeetingPlanner(
        CONTENT,
        groups,
        Meetings(database),
        conversations,
        Outbox(database),
        calendars,
        database=database,
        events=events,
        clock=clock,
    )
    return Group(planner, calendars, database, group_id, people, booked_events)


async def proposed(group: Group) -> list[int]:
    """Ids of the meeting's open proposals (what the channel's card offers)."""
    async with group.database.sessions() as session:
        return list(
            await session.scalars(
                select(MeetingProposal.id)
                .where(MeetingProposal.state == "open")
                .order_by(MeetingProposal.id)
            )
        )


async def meeting(group: Group) -> TeamMeeting:
    async with group.database.sessions() as session:
        found = await session.scalar(select(TeamMeeting).where(TeamMeeting.number == 1))
    assert found is not None
    return found


async def outbox_rows(group: Group) -> dict[str, dict[str, object]]:
    async with group.database.sessions() as session:
        rows = await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return {row.idempotency_key: json.loads(row.payload) for row in rows}


def texts(content: Content, shown: MeetingShown | None) -> str:
    assert shown is not None
    card = meeting_card(content, shown)
    assert_valid_card(card)
    return card_texts(card)


async def confirm_all(group: Group, proposal_id: int) -> MeetingShown | None:
    shown = None
    for name in NAMES:
        shown = await group.planner.confirm(group.people[name], TENANT, proposal_id)
    return shown


async def test_the_first_meeting_is_proposed_in_the_channel(group: Group) -> None:
    await group.planner.propose_next(group.group_id, TENANT)
    await group.planner.propose_next(group.group_id, TENANT)  # nothing while it is proposed

    assert len(await proposed(group)) == 1
    [key] = [k for k in await outbox_rows(group) if k.startswith("meeting-")]
    assert key == f"meeting-{(await meeting(group)).id}-proposal"
    card = (await outbox_rows(group))[key]["attachments"][0]["content"]  # type: ignore[index]
    assert "Bekräfta tid" in json.dumps(card, ensure_ascii=False)
    assert card["refresh"]["userIds"] == [f"29:{name}" for name in NAMES]
    shown = await group.planner.view(group.people["Max"], TENANT, (await meeting(group)).id)
    assert "Väntar på: Jonas, Daniela, Max och Sandra" in texts(CONTENT, shown)


async def test_the_last_confirmation_books_once_and_the_channel_card_says_booked(
    group: Group,
) -> None:
    await group.planner.propose_next(group.group_id, TENANT)
    [proposal_id] = await proposed(group)

    jonas = await group.planner.confirm(group.people["Jonas"], TENANT, proposal_id)
    assert "Har bekräftat: Jonas" in texts(CONTENT, jonas)
    assert "Du har bekräftat tiden" in texts(CONTENT, jonas)
    assert group.calendars.requests == []
    last = await confirm_all(group, proposal_id)

    assert "Bokat!" in texts(CONTENT, last)
    [request] = group.calendars.requests
    assert {a.email for a in request.attendees} == {f"{n.lower()}@kommun.se" for n in NAMES}
    booked = await meeting(group)
    assert (booked.state, booked.event_id) == ("booked", f"event-{request.transaction_id}")
    assert group.booked_events == [MeetingBooked(booked.id)]
    rows = await outbox_rows(group)
    edit = rows[f"meeting-{booked.id}-booked"]
    assert edit["updateOfOutboxId"] == await _row_id(group, f"meeting-{booked.id}-proposal")
    assert "Bokat!" in json.dumps(edit, ensure_ascii=False)
    again = await group.planner.confirm(group.people["Jonas"], TENANT, proposal_id)
    assert "Bokat!" in texts(CONTENT, again)
    assert len(group.calendars.requests) == 1


async def test_a_stranger_cannot_confirm(group: Group, database: Database) -> None:
    await group.planner.propose_next(group.group_id, TENANT)
    [proposal_id] = await proposed(group)
    directory = Directory(database)
    organisation = await directory.organisation_id(TENANT)
    stranger = await directory.person_id(organisation, TeamsAccount("29:x", "aad-x", "Eva"))

    assert await group.planner.confirm(stranger, TENANT, proposal_id) is None
    assert await group.planner.decline(stranger, TENANT, proposal_id) is None
    assert await group.planner.view(stranger, TENANT, (await meeting(group)).id) is None


async def test_a_decline_proposes_another_time_and_drops_the_confirmations(group: Group) -> None:
    await group.planner.propose_next(group.group_id, TENANT)
    [first] = await proposed(group)
    await group.planner.confirm(group.people["Jonas"], TENANT, first)

    declined = await group.planner.decline(group.people["Sandra"], TENANT, first)
    [second] = await proposed(group)
    late = await group.planner.decline(group.people["Max"], TENANT, first)  # the old card

    assert second != first
    assert "Jag letar upp en ny tid som passar alla" in texts(CONTENT, declined)
    assert "Har bekräftat" not in texts(CONTENT, declined)
    assert declined is not None and late is not None
    assert [t.id for t in declined.times] == [t.id for t in late.times] == [second]
    assert declined.times[0].start != (await _start_of(group, first))


async def test_a_member_who_pauses_is_no_longer_waited_for(group: Group) -> None:
    await group.planner.propose_next(group.group_id, TENANT)
    [proposal_id] = await proposed(group)
    for name in ("Jonas", "Daniela", "Max"):
        await group.planner.confirm(group.people[name], TENANT, proposal_id)

    assert await group.planner.pause(group.people["Sandra"], TENANT) is True

    assert (await meeting(group)).state == "booked"
    [request] = group.calendars.requests
    assert "sandra@kommun.se" not in {a.email for a in request.attendees}


@pytest.mark.parametrize("how", ["before", "after", "die"])
async def test_a_booking_that_fails_is_finished_once_after_its_lease(
    group: Group, clock: TestClock, how: str
) -> None:
    await group.planner.propose_next(group.group_id, TENANT)
    [proposal_id] = await proposed(group)
    group.calendars.fail_how, group.calendars.fail_times = how, 1

    with contextlib.suppress(Died):  # the click's process died with it
        await confirm_all(group, proposal_id)
    assert (await meeting(group)).state == "booking"
    await group.planner.recover_bookings()  # the lease holds: nobody takes over yet
    assert len(group.calendars.requests) == 1
    clock.advance(PAST_THE_LEASE)
    await group.planner.recover_bookings()

    assert (await meeting(group)).state == "booked"
    first, retry = group.calendars.requests
    assert first.transaction_id == retry.transaction_id  # so the calendar books it once
    assert len(group.calendars.written) == 1
    assert len(group.booked_events) == 1
    assert f"meeting-{(await meeting(group)).id}-booked" in await outbox_rows(group)


async def test_a_booking_that_keeps_failing_is_proposed_again_and_the_group_told(
    group: Group, clock: TestClock
) -> None:
    await group.planner.propose_next(group.group_id, TENANT)
    [chosen] = await proposed(group)
    group.calendars.fail_how, group.calendars.fail_times = "before", 10
    await confirm_all(group, chosen)

    for _ in range(4):  # three take-overs, then it gives up
        clock.advance(PAST_THE_LEASE)
        await group.planner.recover_bookings()

    assert len(group.calendars.requests) == 3
    state = await meeting(group)
    assert (state.state, state.proposal_id) == ("proposing", None)
    [again] = await proposed(group)
    assert await _start_of(group, again) != await _start_of(group, chosen)
    told = (await outbox_rows(group))[f"meeting-{state.id}-proposal-after-4"]
    assert "Jag lyckades inte boka tiden ni valde" in json.dumps(told, ensure_ascii=False)
    assert group.booked_events == []
    clock.advance(PAST_THE_LEASE)
    await group.planner.recover_bookings()  # nothing left to recover
    assert len(group.calendars.requests) == 3


async def _row_id(group: Group, key: str) -> int:
    async with group.database.sessions() as session:
        found = await session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)
        )
    assert found is not None
    return found


async def _start_of(group: Group, proposal_id: int) -> datetime:
    async with group.database.sessions() as session:
        found = await session.scalar(
            select(MeetingProposal.starts_at).where(MeetingProposal.id == proposal_id)
        )
    assert found is not None
    return found


async def test_choosing_checks_the_confirmations_and_the_proposal_in_the_database(
    group: Group, database: Database, clock: TestClock
) -> None:
    await group.planner.propose_next(group.group_id, TENANT)
    [proposal_id] = await proposed(group)
    meetings = Meetings(database)
    round_ = await meetings.round_of_proposal(proposal_id)
    assert round_ is not None
    proposal = round_.shown(proposal_id)
    assert proposal is not None
    everyone = list(group.people.values())
    until = clock() + BOOKING_LEASE

    # What a stale read believed does not matter: the UPDATE counts the confirmations.
    assert await meetings.choose(proposal, until, waited_for=everyone) is None
    for person_id in everyone:
        await meetings.add_confirmation(proposal_id, person_id)
    assert await meetings.decline(proposal) is True  # declined meanwhile
    assert await meetings.choose(proposal, until, waited_for=everyone) is None
    assert (await meeting(group)).state == "proposing"


async def test_a_meeting_handed_back_when_its_organiser_is_erased_is_booked_for_the_others(
    group: Group, database: Database
) -> None:
    """services.privacy cancels a meeting that lived in the erased organiser's mailbox and
    hands it back; the bookings job books the same time again for the others."""
    await group.planner.propose_next(group.group_id, TENANT)
    [proposal_id] = await proposed(group)
    await confirm_all(group, proposal_id)
    [first] = group.calendars.requests
    assert first.organizer.email == "jonas@kommun.se"
    booked = await meeting(group)

    await PersonalData(database).erase(group.people["Jonas"])
    assert await Meetings(database).book_again(booked.id) is True
    assert await Meetings(database).book_again(booked.id) is False  # not booked any more
    await group.planner.recover_bookings()

    [_, again] = group.calendars.requests
    assert (again.start, again.end) == (first.start, first.end)
    assert again.organizer.email == "daniela@kommun.se"
    assert "jonas@kommun.se" not in {a.email for a in again.attendees}
    rebooked = await meeting(group)
    assert (rebooked.state, rebooked.event_id) == ("booked", f"event-{again.transaction_id}")
    assert group.booked_events == [MeetingBooked(booked.id)] * 2
