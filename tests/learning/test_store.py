"""The learning store against the database: group sessions, the digest query, open exercises,
and reflections that stay their owner's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from storage.database import Database
from storage.directory import Directory, TeamsAccount
from storage.introductions import Introductions
from storage.learning_models import ModuleProgress, ReflectionPost, StartedExercise
from storage.learning_progress import LearningProgress
from storage.models import Group, Membership, Person
from storage.workbook import MAX_STORED_TEXT, TextTooLong, Workbook

TENANT = "00000000-0000-0000-0000-0000000000001"


async def setup(database: Database) -> tuple[int, int, int, int]:
    """Anna and Per in group G; Eva in group H. Returns (anna, per, eva, g)."""
    directory = Directory(database)
    org = await directory.organisation_id(TENANT)
    anna = await directory.person_id(org, TeamsAccount("29:a", "aad-a", "Anna Berg"))
    per = await directory.person_id(org, TeamsAccount("29:p", "aad-p", "Per Nilsson"))
    eva = await directory.person_id(org, TeamsAccount("29:e", "aad-e", "Eva Ek"))
    async with database.transaction() as session:
        g = Group(organisation_id=org, team_id="team-g", name="G")
        h = Group(organisation_id=org, team_id="team-h", name="H")
        session.add_all([g, h])
        await session.flush()
        session.add_all(
            [
                Membership(group_id=g.id, person_id=anna),
                Membership(group_id=g.id, person_id=per),
                Membership(group_id=h.id, person_id=eva),
            ]
        )
        return anna, per, eva, g.id


async def test_a_group_session_is_recorded_once(database: Database) -> None:
    anna, per, _, _ = await setup(database)
    progress = LearningProgress(database)
    assert await progress.record_group_session(anna, "important_behaviour")
    assert not await progress.record_group_session(anna, "important_behaviour")
    assert await progress.group_sessions(anna) == {"important_behaviour"}
    assert await progress.group_sessions(per) == frozenset()
    assert await progress.with_uncelebrated_sessions() == [anna]
    assert await progress.complete_module(anna, "important_behaviour")
    assert not await progress.complete_module(anna, "important_behaviour")
    assert await progress.with_uncelebrated_sessions() == []


async def test_shared_reflections_of_a_group_since_a_time(database: Database) -> None:
    anna, per, eva, g = await setup(database)
    progress, workbook = LearningProgress(database), Workbook(database)
    since = database.now()

    async def send(person: int, exercise: str, text: str, *, shared: bool, draft=False) -> int:
        entry, _ = await workbook.save_reflection(
            person, "important_behaviour", exercise, text, shared=shared, draft=draft
        )
        return entry.id

    shared = await send(anna, "unit_meeting", "Annas delade", shared=True)
    await progress.record_post(shared, g, outbox_id=1)
    await send(per, "unit_meeting", "Pers privata", shared=False)
    await send(per, "development_talk", "Pers utkast", shared=True, draft=True)
    other = await send(eva, "unit_meeting", "Evas i en annan grupp", shared=True)
    async with database.sessions() as session:
        h = await session.scalar(select(Membership.group_id).where(Membership.person_id == eva))
    await progress.record_post(other, h, outbox_id=2)

    found = await progress.shared_reflections(g, since)
    assert [(r.first_name, r.exercise_id, r.text) for r in found] == [
        ("Anna", "unit_meeting", "Annas delade")
    ]
    assert await progress.shared_reflections(g, database.now() + timedelta(seconds=1)) == []

    await progress.next_revision(shared, withdrawn=True)  # made private later
    assert await progress.shared_reflections(g, since) == []


async def test_a_sent_reflection_never_becomes_a_draft_again(database: Database) -> None:
    anna, *_ = await setup(database)
    workbook = Workbook(database)
    await workbook.save_reflection(anna, "m", "unit_meeting", "Utkast", shared=True, draft=True)
    sent, before = await workbook.save_reflection(
        anna, "m", "unit_meeting", "Skickad", shared=True, draft=False
    )
    assert before.draft and not sent.draft and sent.id == before.id
    again, _ = await workbook.save_reflection(
        anna, "m", "unit_meeting", "Ändrad", shared=False, draft=True
    )
    assert not again.draft and again.text == "Ändrad"
    assert len(await workbook.reflections(anna)) == 1


async def test_open_exercises_and_deleting_a_person(database: Database) -> None:
    anna, per, _, g = await setup(database)
    progress, workbook = LearningProgress(database), Workbook(database)
    await progress.start_exercise(anna, "important_behaviour", "unit_meeting")
    first = await progress.start_exercise(anna, "important_behaviour", "development_talk")
    assert await progress.start_exercise(anna, "important_behaviour", "development_talk") == first
    await progress.start_exercise(per, "important_behaviour", "unit_meeting")
    entry, _ = await workbook.save_reflection(
        anna, "important_behaviour", "unit_meeting", "Klar", shared=True, draft=False
    )
    await progress.record_post(entry.id, g, outbox_id=1)
    await progress.set_writing(anna, "development_talk")

    open_ = {(o.first_name, o.exercise_id) for o in await progress.open_exercises()}
    assert open_ == {("Anna", "development_talk"), ("Per", "unit_meeting")}
    assert await progress.started_modules(anna) == {"important_behaviour"}

    async with database.transaction() as session:
        await session.execute(delete(Person).where(Person.id == anna))
    async with database.sessions() as session:
        for table in (StartedExercise, ModuleProgress):
            assert anna not in set(await session.scalars(select(table.person_id)))
        assert await session.scalar(select(ReflectionPost.entry_id)) is None
    assert await progress.writing(anna) is None


async def test_no_store_keeps_a_text_past_its_bound(database: Database) -> None:
    anna, _, _, g = await setup(database)
    workbook, introductions = Workbook(database), Introductions(database)
    huge = "x" * (MAX_STORED_TEXT + 1)
    writes = [
        workbook.set_goal(anna, huge),
        workbook.save_reflection(anna, "m1", "unit_meeting", huge, shared=False, draft=True),
        workbook.add_entry(anna, "team_reflection", huge),
        workbook.save_team_reflection(anna, "m1", huge),
        introductions.save(g, anna, "Jag", "Ingen", huge),
    ]
    for write in writes:
        with pytest.raises(TextTooLong):
            await write
    assert await workbook.entries(anna, drafts=True) == []
    assert await introductions.of(g, anna) is None
    await workbook.set_goal(anna, "x" * MAX_STORED_TEXT)  # up to the bound it is kept
    assert await workbook.goal(anna) == "x" * MAX_STORED_TEXT
