"""The privacy service without HTTP: a leader's data counted with links signed for them, and
erased on request, their texts with it, while another leader's stay."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from scheduling.availability import Attendee, MeetingRequest
from scheduling.calendars import IcsCalendars
from scheduling.calendars.graph import GraphCalendars
from services.bus import EventBus
from services.privacy import PrivacyService
from storage.database import Database
from storage.journey_models import WorkSession
from storage.meetings import Meetings
from storage.models import ConversationRef, Person
from storage.personal_data import PEOPLE, PersonalData
from storage.team_models import BOOKED, BOOKING, TeamMeeting
from tests.clock import TestClock
from tests.fakes.graph import FakeGraph
from tests.scheduling_graph.conftest import RecordedSleep, make_calendars
from tests.services.learners import TENANT, Learners, learners


async def test_my_data_counts_what_is_stored_with_links_of_my_own(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    anna = await world.leader("aad-anna", "Anna Berg")
    await world.reflections.send(jonas, TENANT, "Jonas", "unit_meeting", "Min reflektion.", False)

    mine = await world.privacy.my_data(jonas, TENANT)
    counts = dict(mine.counts)
    assert counts[PEOPLE] == 1 and counts["workbook_entries"] == 1
    theirs = await world.privacy.my_data(anna, TENANT)
    assert dict(theirs.counts).get("workbook_entries", 0) == 0
    assert mine.json_url != theirs.json_url and mine.pdf_url != theirs.pdf_url
    assert mine.minutes > 0


async def test_erasure_removes_the_leaders_texts_and_only_theirs(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    anna = await world.leader("aad-anna", "Anna Berg")
    for person, name in ((jonas, "Jonas"), (anna, "Anna")):
        await world.reflections.send(person, TENANT, name, "unit_meeting", "Gjort.", False)

    report = await world.privacy.erase(jonas)
    assert report.total_deleted > 0
    assert await world.workbook.reflection(jonas, "unit_meeting") is None
    assert await world.workbooks.view(jonas, TENANT) is None  # no longer a person here
    assert await world.workbook.reflection(anna, "unit_meeting") is not None

    again = await world.privacy.erase(jonas)
    assert again.total_deleted == 0


async def test_erasure_leaves_no_calendar_file_that_names_her(
    tmp_path: Path, clock: TestClock
) -> None:
    """Her .ics file is deleted; the co-attendee's copy and the invitations keep the meeting
    but nothing that names her (her attendee line, her name in the subject)."""
    calendars = IcsCalendars(tmp_path, zone=ZoneInfo("Europe/Stockholm"), clock=clock)
    jonas = Attendee("Jonas.Gumbel@example.se", "Jonas Gumbel")
    anna = Attendee("anna.berg@example.se", "Anna Berg")
    start = clock() + timedelta(days=2)
    booked = await calendars.book(
        MeetingRequest(
            organizer=anna,
            attendees=(jonas, anna),
            start=start,
            end=start + timedelta(hours=1),
            subject="Innovationsteam med Jonas Gumbel och Anna Berg",
            transaction_id="meeting-1",
        )
    )
    everything = _every_calendar_byte(tmp_path)
    assert b"jonas.gumbel@example.se" in everything.lower() and b"Jonas Gumbel" in everything

    assert await calendars.forget(jonas.email, jonas.name) >= 3  # his file, hers, the invitation
    assert "jonas.gumbel@example.se.ics" not in {p.name for p in _calendar_files(tmp_path)}
    everything = _every_calendar_byte(tmp_path)
    assert b"BEGIN:VEVENT" in everything
    assert b"jonas.gumbel" not in everything.lower() and b"jonas gumbel" not in everything.lower()
    annas = _every_calendar_byte(tmp_path, "anna.berg@example.se.ics")
    assert booked.event_id.encode() in annas and b"anna.berg@example.se" in annas
    assert await calendars.forget(jonas.email, jonas.name) == 0  # nothing left to scrub


def _calendar_files(directory: Path, pattern: str = "*.ics") -> list[Path]:
    return sorted(directory.rglob(pattern))


def _every_calendar_byte(directory: Path, pattern: str = "*.ics") -> bytes:
    return b"".join(path.read_bytes() for path in _calendar_files(directory, pattern))


class _RecordingCalendars:
    def __init__(self) -> None:
        self.cancelled: list[tuple[str, str]] = []

    async def cancel(self, organizer: Attendee, event_id: str) -> None:
        self.cancelled.append((organizer.email, event_id))


async def test_erasure_cancels_her_upcoming_booked_times(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    anna = await world.leader("aad-anna", "Anna Berg")
    now = clock()
    async with database.transaction() as session:
        (await session.get(Person, jonas)).email = "jonas.gumbel@example.se"
        session.add_all(
            [
                WorkSession(
                    person_id=jonas,
                    starts_at=now + timedelta(days=1),
                    ends_at=now + timedelta(days=1, hours=1),
                    event_id="evt-next",
                ),
                WorkSession(
                    person_id=jonas,
                    starts_at=now - timedelta(days=2),
                    ends_at=now - timedelta(days=2) + timedelta(hours=1),
                    event_id="evt-past",
                ),
                WorkSession(
                    person_id=jonas,
                    starts_at=now + timedelta(days=3),
                    ends_at=now + timedelta(days=3, hours=1),
                    event_id=None,
                ),
                WorkSession(
                    person_id=anna,
                    starts_at=now + timedelta(days=1),
                    ends_at=now + timedelta(days=1, hours=1),
                    event_id="evt-anna",
                ),
            ]
        )
    calendars = _RecordingCalendars()
    privacy = PrivacyService(
        PersonalData(database),
        world.privacy._files,
        world.directory,
        world.conversations,
        events=EventBus(),
        calendars=calendars,
    )
    await privacy.erase(jonas)
    assert calendars.cancelled == [("jonas.gumbel@example.se", "evt-next")]


async def test_erasure_leaves_a_namesakes_references_alone(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    first = await world.leader("aad-anna-1", "Anna Berg")
    namesake = await world.leader("aad-anna-2", "Anna Berg")

    async def references() -> list[str]:
        async with database.reading() as connection:
            rows = await connection.execute(
                select(ConversationRef.reference).where(ConversationRef.person_id == namesake)
            )
            return [reference for (reference,) in rows]

    account = {"id": "29:aad-anna-2", "name": "Anna Berg", "aadObjectId": "aad-anna-2"}
    async with database.transaction() as session:
        ref = await session.scalar(
            select(ConversationRef).where(ConversationRef.person_id == namesake)
        )
        ref.reference = json.dumps({**json.loads(ref.reference), "user": account})
    before = await references()
    assert before and all("Anna Berg" in reference for reference in before)
    await world.privacy.erase(first)
    assert await references() == before


async def _booked_group_meeting(
    world: Learners, graph: GraphCalendars, people: dict[int, Attendee], organizer: Attendee
) -> tuple[int, str]:
    """A group of `people` with a meeting booked in Graph two days ahead: (meeting id, event)."""
    group = await world.group(*people)
    async with world.database.transaction() as session:
        for person_id, attendee in people.items():
            (await session.get(Person, person_id)).email = attendee.email
    start = world.clock() + timedelta(days=2)
    booking = await graph.book(
        MeetingRequest(
            organizer=organizer,
            attendees=tuple(people.values()),
            start=start,
            end=start + timedelta(hours=1),
            subject="Innovationsteam: gruppträff 1",
            transaction_id="expedition-meeting-test",
        )
    )
    async with world.database.transaction() as session:
        meeting = TeamMeeting(
            group_id=group,
            number=1,
            state=BOOKED,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            event_id=booking.event_id,
            booking_attempts=1,
        )
        session.add(meeting)
        await session.flush()
        return meeting.id, booking.event_id


def _privacy_with(world: Learners, calendars: GraphCalendars, database: Database) -> PrivacyService:
    return PrivacyService(
        PersonalData(database),
        world.privacy._files,
        world.directory,
        world.conversations,
        events=EventBus(),
        calendars=calendars,
        meetings=Meetings(database),
    )


@pytest.fixture
async def graph(fake_graph: FakeGraph) -> AsyncIterator[GraphCalendars]:
    provider = make_calendars(fake_graph, RecordedSleep())
    try:
        yield provider
    finally:
        await provider.close()


async def test_erasure_takes_her_off_her_groups_booked_meeting_in_graph(
    database: Database, clock: TestClock, fake_graph: FakeGraph, graph: GraphCalendars
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    anna = await world.leader("aad-anna", "Anna Berg")
    people = {
        jonas: Attendee("jonas.gumbel@example.se", "Jonas Gumbel"),
        anna: Attendee("anna.berg@example.se", "Anna Berg"),
    }
    for attendee in people.values():
        fake_graph.add_mailbox(attendee.email, name=attendee.name)
    _, event_id = await _booked_group_meeting(world, graph, people, people[jonas])

    await _privacy_with(world, graph, database).erase(anna)

    [event] = fake_graph.events
    assert event["id"] == event_id and not event["isCancelled"]
    assert "anna" not in json.dumps(event["attendees"]).lower()
    assert [r.method for r in fake_graph.requests][-1] == "PATCH"


async def test_erasure_of_the_organiser_cancels_and_hands_the_meeting_back_for_booking(
    database: Database, clock: TestClock, fake_graph: FakeGraph, graph: GraphCalendars
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    anna = await world.leader("aad-anna", "Anna Berg")
    people = {
        jonas: Attendee("jonas.gumbel@example.se", "Jonas Gumbel"),
        anna: Attendee("anna.berg@example.se", "Anna Berg"),
    }
    for attendee in people.values():
        fake_graph.add_mailbox(attendee.email, name=attendee.name)
    meeting_id, _ = await _booked_group_meeting(world, graph, people, people[jonas])

    await _privacy_with(world, graph, database).erase(jonas)

    assert fake_graph.events == []  # cancelled in his mailbox: Exchange tells the others
    async with database.sessions() as session:
        meeting = await session.get(TeamMeeting, meeting_id)
        assert meeting is not None
        assert (meeting.state, meeting.event_id, meeting.booking_attempts) == (BOOKING, None, 0)
        assert meeting.booking_until is not None and meeting.booking_until < clock()
