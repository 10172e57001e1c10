"""The follow-up after booking, without HTTP: a migrated database, the test clock, events seen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from services.events import GroupSessionHeld, MeetingHeld
from services.meeting_followup import MeetingFollowupService, ReflectionOutcome
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.groups import Groups
from storage.journey_models import WorkbookEntry
from storage.learning_plans import LearningPlans
from storage.learning_progress import LearningProgress
from storage.meeting_followup import BookedMeetings
from storage.meetings import Meetings
from storage.outbox import Outbox
from storage.team_models import BOOKED, HELD, MeetingProposal, TeamMeeting
from storage.workbook import TEAM_REFLECTION, Workbook
from tests.services.world import CHANNEL, TENANT, Recorder, Team, content, outbox_rows, team

# Wednesday 9 December 2026, 14:00-15:00 in Stockholm.
START = datetime(2026, 12, 9, 13, 0, tzinfo=UTC)
END = START + timedelta(hours=1)


def followup(database: Database, events: Recorder, *, hour: int = 9) -> MeetingFollowupService:
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
        reminder_hour=hour,
    )


async def booked(
    database: Database,
    group: Team,
    number: int,
    start: datetime = START,
    *,
    state: str = BOOKED,
    excused: tuple[int, ...] = (),
) -> int:
    """Meeting `number` booked for `start` (an hour long), not waiting for `excused`."""
    async with database.transaction() as session:
        meeting = TeamMeeting(
            group_id=group.group_id,
            number=number,
            state=state,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
        session.add(meeting)
        await session.flush()
        proposal = MeetingProposal(
            meeting_id=meeting.id,
            round=1,
            kind="everyone",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            excused=list(excused),
            state="chosen",
            created_at=database.now(),
        )
        session.add(proposal)
        await session.flush()
        meeting.proposal_id = proposal.id
        return meeting.id


async def state_of(database: Database, meeting_id: int) -> str:
    async with database.sessions() as session:
        found = await session.scalar(select(TeamMeeting.state).where(TeamMeeting.id == meeting_id))
    assert found is not None
    return found


async def test_booked_the_reminder_is_due_the_day_before_at_the_configured_hour(
    database: Database,
) -> None:
    group = await team(database)
    meeting_id = await booked(database, group, 1)

    await followup(database, Recorder(), hour=7).booked(meeting_id)

    preparation, reminder = await outbox_rows(database)
    assert preparation.key.startswith(f"meeting-{meeting_id}-preparation-")
    assert "Inför mötet: Hur ska vi arbeta tillsammans?" in preparation.text
    # 07:00 in Stockholm on Tuesday 8 December is 06:00 UTC.
    assert reminder.due_at == datetime(2026, 12, 8, 6, 0, tzinfo=UTC)
    assert reminder.text.startswith("Psst! Imorgon kl. 14:00")
    assert {preparation.conversation_id, reminder.conversation_id} == {CHANNEL}
    # Never sent late: "Imorgon" is wrong from the meeting's own day (Stockholm midnight), and
    # the preparation means nothing once the meeting has begun.
    assert reminder.expires_at == datetime(2026, 12, 8, 23, 0, tzinfo=UTC)
    assert preparation.expires_at == datetime(2026, 12, 9, 13, 0, tzinfo=UTC)


async def test_announced_once_and_a_moved_meeting_cancels_the_old_reminder(
    database: Database,
) -> None:
    group = await team(database)
    meeting_id = await booked(database, group, 1)
    service = followup(database, Recorder())
    now = database.now()
    await service.tick(now)
    await service.tick(now)
    assert len(await outbox_rows(database)) == 2

    moved = START + timedelta(days=1)
    async with database.transaction() as session:
        await session.execute(
            update(TeamMeeting)
            .where(TeamMeeting.id == meeting_id)
            .values(starts_at=moved, ends_at=moved + timedelta(hours=1))
        )
    await service.tick(now)

    rows = await outbox_rows(database)
    assert [r.key for r in rows if "reminder" in r.key] == [
        f"meeting-{meeting_id}-reminder-{moved:%Y%m%dT%H%MZ}"
    ]
    assert (await Outbox(database).counts()).get("cancelled") == 2  # old preparation, reminder


async def test_the_digest_holds_only_shared_reflections_and_only_when_due(
    database: Database,
) -> None:
    group = await team(database)
    first = START - timedelta(weeks=4)
    await booked(database, group, 1, first, state=HELD)
    second = await booked(database, group, 2)
    workbook = Workbook(database)
    exercise = "ex-1"
    await workbook.save_reflection(
        group.people["Anna"],
        "important_behaviour",
        exercise,
        "Delad tanke",
        shared=True,
        draft=False,
    )
    await workbook.save_reflection(
        group.people["Bo"], "important_behaviour", exercise, "Bara min", shared=False, draft=False
    )
    service = followup(database, Recorder())
    due = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm, the day before
    await service.tick(due - timedelta(hours=2))  # announced, but no digest yet
    assert not [r for r in await outbox_rows(database) if "-digest-" in r.key]

    await service.tick(due)
    await service.tick(due + timedelta(minutes=1))

    [digest] = [r for r in await outbox_rows(database) if "-digest-" in r.key]
    assert digest.key.startswith(f"meeting-{second}-digest-")
    assert "Era reflektioner från övningarna" in digest.text
    assert "Delad tanke" in digest.text
    assert "Bara min" not in digest.text


async def test_held_once_with_a_session_for_each_attendee_and_the_meeting_held(
    database: Database,
) -> None:
    group = await team(database)
    cia = group.people["Cia"]
    meeting_id = await booked(database, group, 1, excused=(cia,))
    events = Recorder()
    events.record(GroupSessionHeld, MeetingHeld)
    service = followup(database, events)

    await service.tick(END - timedelta(minutes=1))
    assert await state_of(database, meeting_id) == BOOKED
    await service.tick(END)
    await service.tick(END + timedelta(minutes=1))  # the next tick, or a second replica

    first_module = content().modules[0].id
    attendees = [group.people["Anna"], group.people["Bo"]]
    assert events.seen == [
        *(GroupSessionHeld(person, first_module, TENANT) for person in attendees),
        MeetingHeld(meeting_id, group.group_id, TENANT),
    ]
    assert await state_of(database, meeting_id) == HELD
    rows = await outbox_rows(database)
    reflections = [r for r in rows if "-reflection-" in r.key]
    assert [r.conversation_id for r in reflections] == ["a:Anna", "a:Bo"]  # not Cia: away
    assert all("Reflektion efter Innovationsteamsmöte" in r.text for r in reflections)
    [insights] = [r for r in rows if r.key == f"meeting-{meeting_id}-insights"]
    assert insights.conversation_id == CHANNEL


async def test_the_last_meeting_is_the_session_of_every_module_still_without_one(
    database: Database,
) -> None:
    group = await team(database)
    last = len(content().social_learning.meetings)
    anna = group.people["Anna"]
    modules = [module.id for module in content().modules]
    await LearningProgress(database).record_group_session(anna, modules[0])
    await booked(database, group, last)
    events = Recorder()
    events.record(GroupSessionHeld)

    await followup(database, events).tick(END)

    annas = [
        e.module_id for e in events.seen if isinstance(e, GroupSessionHeld) and e.person_id == anna
    ]
    assert sorted(annas) == sorted(modules[1:])


async def test_a_failing_reaction_leaves_the_meeting_booked_and_nothing_sent(
    database: Database,
) -> None:
    group = await team(database)
    meeting_id = await booked(database, group, 1)
    events = Recorder()

    async def broken(event: MeetingHeld) -> None:
        raise RuntimeError("the next proposal failed")

    events.bus.subscribe(MeetingHeld, broken)
    service = followup(database, events)
    await service.tick(START - timedelta(days=3))  # announced
    announced = await outbox_rows(database)

    with pytest.raises(RuntimeError):
        await service.tick(END)

    assert await state_of(database, meeting_id) == BOOKED
    assert await outbox_rows(database) == announced
    assert await LearningProgress(database).group_sessions(group.people["Anna"]) == frozenset()


async def test_a_reflection_is_saved_for_attendees_only(database: Database) -> None:
    group = await team(database)
    meeting_id = await booked(database, group, 1, excused=(group.people["Cia"],))
    service = followup(database, Recorder())
    await service.tick(END)

    saved = await service.save_reflection(group.people["Anna"], meeting_id, "  Lyssna mer. ")
    empty = await service.save_reflection(group.people["Bo"], meeting_id, "   ")
    away = await service.save_reflection(group.people["Cia"], meeting_id, "Jag var borta.")

    assert saved is not None and saved.outcome is ReflectionOutcome.SAVED
    assert saved.text == "Lyssna mer."
    assert empty is not None and empty.outcome is ReflectionOutcome.EMPTY
    assert away is not None and away.outcome is ReflectionOutcome.NOT_ATTENDED
    assert await service.save_reflection(group.people["Anna"], meeting_id + 99, "x") is None
    async with database.sessions() as session:
        texts = (
            await session.execute(
                select(WorkbookEntry.person_id, WorkbookEntry.text, WorkbookEntry.shared).where(
                    WorkbookEntry.kind == TEAM_REFLECTION
                )
            )
        ).all()
    assert texts == [(group.people["Anna"], "Lyssna mer.", False)]


async def test_insights_need_all_three_and_a_member_of_the_group(database: Database) -> None:
    group = await team(database)
    meeting_id = await booked(database, group, 1)
    service = followup(database, Recorder())
    anna, bo = group.people["Anna"], group.people["Bo"]

    partial = await service.save_insights(anna, meeting_id, ["Mer tid", "", "Trygghet"])
    assert partial is not None and partial.incomplete
    assert partial.saved == ("Mer tid", "", "Trygghet")
    assert (await service.insights(bo, meeting_id)).saved == ()  # type: ignore[union-attr]

    saved = await service.save_insights(anna, meeting_id, ["Mer tid", "Mod", "Trygghet"])
    seen = await service.insights(bo, meeting_id)

    assert saved is not None and not saved.incomplete
    assert seen is not None
    assert (seen.saved, seen.saved_by) == (("Mer tid", "Mod", "Trygghet"), "Anna")
    assert seen.user_ids == ("29:Anna", "29:Bo", "29:Cia")
    outsider = 10_000
    assert await service.save_insights(outsider, meeting_id, ["a", "b", "c"]) is None


async def test_each_attendee_is_asked_to_reflect_in_their_own_language(
    database: Database,
) -> None:
    """The job asks in each member's language; the channel's insights card stays Swedish."""
    group = await team(database)
    await Directory(database).speak(group.people["Bo"], "en-US")
    meeting_id = await booked(database, group, 1, excused=(group.people["Cia"],))

    await followup(database, Recorder()).tick(END)

    rows = {r.key: r.text for r in await outbox_rows(database)}
    asked = {
        who: rows[f"meeting-{meeting_id}-reflection-{group.people[who]}"] for who in ["Anna", "Bo"]
    }
    assert "Reflektion efter Innovationsteamsmöte" in asked["Anna"]
    assert "Reflection after the Innovation team meeting" in asked["Bo"]
    assert "Reflektion" not in asked["Bo"]
