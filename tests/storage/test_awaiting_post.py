"""Shared reflections still to be posted carry a mark of their own, so the reflections job reads
those few by a partial index; the migration marks the ones waiting when it runs."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, select, text

from storage import migrate
from storage.database import Database
from storage.directory import Directory, TeamsAccount
from storage.journey_models import WorkbookEntry
from storage.learning_models import ReflectionPost
from storage.learning_progress import LearningProgress
from storage.models import Group, Membership
from storage.workbook import Workbook

TENANT = "00000000-0000-0000-0000-0000000000001"
MARKED_BY = "0038"  # the migration that adds the mark


async def anna_in_a_group(database: Database) -> tuple[int, int]:
    directory = Directory(database)
    org = await directory.organisation_id(TENANT)
    anna = await directory.person_id(org, TeamsAccount("29:a", "aad-a", "Anna Berg"))
    async with database.transaction() as session:
        group = Group(organisation_id=org, team_id="team-g", name="G")
        session.add(group)
        await session.flush()
        session.add(Membership(group_id=group.id, person_id=anna))
        return anna, group.id


async def marked(database: Database) -> set[int]:
    async with database.sessions() as session:
        query = select(WorkbookEntry.id).where(WorkbookEntry.awaiting_post.is_(True))
        return set(await session.scalars(query))


async def test_only_marked_reflections_are_read_and_a_post_clears_the_mark(
    database: Database,
) -> None:
    anna, group = await anna_in_a_group(database)
    progress, workbook = LearningProgress(database), Workbook(database)
    entry, _ = await workbook.save_reflection(
        anna, "important_behaviour", "unit_meeting", "Delad", shared=True, draft=False
    )
    assert await progress.unposted_shared() == []  # not marked: posted in the turn already

    await progress.await_post(entry.id)
    assert [w.entry_id for w in await progress.unposted_shared()] == [entry.id]

    await progress.record_post(entry.id, group, outbox_id=1)
    assert await marked(database) == set()
    assert await progress.unposted_shared() == []


async def downgrade(database: Database, revision: str) -> None:
    def run(connection: Connection) -> None:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    async with database.engine.begin() as connection:
        await connection.run_sync(run)


async def test_the_migration_marks_what_waits_and_nothing_else(database: Database) -> None:
    anna, group = await anna_in_a_group(database)
    before = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(MARKED_BY)
    assert before is not None and isinstance(before.down_revision, str)
    await downgrade(database, before.down_revision)  # nothing written yet: nothing to lose

    async def add(exercise: str, *, shared: bool, draft: bool) -> int:
        async with database.engine.begin() as connection:
            result = await connection.execute(
                text(
                    "INSERT INTO workbook_entries (person_id, kind, module_id, exercise_id, text,"
                    " shared, draft, created_at, updated_at) VALUES (:p, 'exercise_reflection',"
                    " 'm', :e, 't', :s, :d, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) RETURNING id"
                ),
                {"p": anna, "e": exercise, "s": shared, "d": draft},
            )
            return int(result.scalar_one())

    waiting = await add("unit_meeting", shared=True, draft=False)
    posted = await add("development_talk", shared=True, draft=False)
    await add("feedback", shared=False, draft=False)
    await add("listening", shared=True, draft=True)
    async with database.transaction() as session:
        session.add(ReflectionPost(entry_id=posted, group_id=group, outbox_id=1, revision=0))

    await migrate.upgrade(database)
    assert await marked(database) == {waiting}
    async with database.sessions() as session:  # the posts survive SQLite's table copy
        assert list(await session.scalars(select(ReflectionPost.entry_id))) == [posted]
