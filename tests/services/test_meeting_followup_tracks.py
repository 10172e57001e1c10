"""A group meeting is the group session of a module of each member's own track: a member of a
politicians' cohort gets their track's module, the others the leaders'."""

from __future__ import annotations

from dataclasses import dataclass, field

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
from storage.workbook import Workbook
from tests.services.test_meeting_followup import END, booked
from tests.services.world import TENANT, Recorder, content, team


@dataclass
class TracksOf:
    """Cohort tracks by person, as storage.cohorts.Cohorts.track_of answers."""

    tracks: dict[int, str] = field(default_factory=dict)

    async def track_of(self, person_id: int) -> str | None:
        return self.tracks.get(person_id)


async def test_each_attendee_has_the_session_of_their_own_tracks_module(
    database: Database,
) -> None:
    group = await team(database)
    anna, bo = group.people["Anna"], group.people["Bo"]
    await booked(database, group, 1, excused=(group.people["Cia"],))
    events = Recorder()
    events.record(GroupSessionHeld)
    service = MeetingFollowupService(
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
        tracks=TracksOf({anna: "fortroendevalda"}),
    )

    await service.tick(END)

    assert events.seen == [
        GroupSessionHeld(anna, "pol_user_driven", TENANT),
        GroupSessionHeld(bo, content().modules[0].id, TENANT),
    ]
