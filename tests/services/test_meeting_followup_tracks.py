"""A group meeting is the group session of a module of each member's own track: a member of a
politicians' cohort gets their track's module, the others the leaders'."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from services.events import GroupSessionHeld
from services.meeting_followup import MeetingFollowupService
from storage.conversations import Conversations
from storage.database import Database
from storage.groups import Groups
from storage.learning_plans import LearningPlans
from storage.learning_progress import LearningProgress
from storage.meeting_followup import BookedMeetings
from storage.meetings import Meetings
from storage.outbox import Outbox
from storage.team_models import HELD
from storage.workbook import Workbook
from tests.services.test_meeting_followup import END, START, booked
from tests.services.world import TENANT, Recorder, content, outbox_rows, team


@dataclass
class TracksOf:
    """Cohort tracks by person, as storage.cohorts.Cohorts.track_of answers."""

    tracks: dict[int, str] = field(default_factory=dict)

    async def track_of(self, person_id: int) -> str | None:
        return self.tracks.get(person_id)


def followup(database: Database, events: Recorder, tracks: TracksOf) -> MeetingFollowupService:
    return MeetingFollowupService(
        content(),
        database=database,
        booked=BookedMeetings(database),
        meetings=Meetings(database),
        groups=Groups(database),
        conversations=Conversations(database),
        outbox=Outbox(database),
        workbook=Workbook(database),
        plans=LearningPlans(database),
        progress=LearningProgress(database),
        events=events.bus,
        clock=database.now,
        tracks=tracks,
    )


async def test_each_attendee_has_the_session_of_their_own_tracks_module(
    database: Database,
) -> None:
    group = await team(database)
    anna, bo = group.people["Anna"], group.people["Bo"]
    await booked(database, group, 1, excused=(group.people["Cia"],))
    events = Recorder()
    events.record(GroupSessionHeld)
    service = followup(database, events, TracksOf({anna: "fortroendevalda"}))

    await service.tick(END)

    assert events.seen == [
        GroupSessionHeld(anna, "pol_user_driven", TENANT),
        GroupSessionHeld(bo, content().modules[0].id, TENANT),
    ]


async def test_the_digest_names_each_exercise_from_its_writers_track(database: Database) -> None:
    group = await team(database)
    anna, bo = group.people["Anna"], group.people["Bo"]
    await booked(database, group, 1, START - timedelta(weeks=4), state=HELD)
    await booked(database, group, 2)
    workbook = Workbook(database)
    for person, module, text in (
        (anna, "pol_user_driven", "Min"),
        (bo, "explore_perspectives", "Hans"),
    ):
        await workbook.save_reflection(person, module, "exercise_1", text, shared=True, draft=False)

    await followup(database, Recorder(), TracksOf({anna: "fortroendevalda"})).tick(
        datetime(2026, 12, 8, 8, 0, tzinfo=UTC)  # the day before, at 09:00 in Stockholm
    )

    [digest] = [r for r in await outbox_rows(database) if "-digest-" in r.key]
    assert "Lyssna på en invånare" in digest.text  # Anna's exercise 1, on her track
    assert "Utforska innovation" in digest.text  # Bo's exercise 1, the leaders'
