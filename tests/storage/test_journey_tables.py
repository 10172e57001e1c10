"""The leader's own tables: migrations match the models, and every row stays its owner's."""

from __future__ import annotations

from datetime import timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import delete, func, select

from storage.base import Base
from storage.database import Database
from storage.directory import Directory, TeamsAccount
from storage.journey_models import LearningPlan, MaturityScore, WorkbookEntry, WorkSession
from storage.learning_plans import LearningPlans
from storage.models import Person
from storage.work_sessions import BookedSession, WorkSessions
from storage.workbook import Workbook

UPPSALA = "00000000-0000-0000-0000-0000000000001"
HELSINGBORG = "11111111-0000-0000-0000-000000000002"


async def people(database: Database) -> tuple[int, int]:
    """The same AAD id in two municipalities: two people."""
    directory = Directory(database)
    account = TeamsAccount("29:anna", "aad-anna", "Anna Berg")
    first = await directory.person_id(await directory.organisation_id(UPPSALA), account)
    second = await directory.person_id(await directory.organisation_id(HELSINGBORG), account)
    return first, second


async def test_the_migrations_create_exactly_the_models(database: Database) -> None:
    def differences(connection) -> list:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)

    async with database.engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_goal_and_maturity_are_kept_per_person(database: Database) -> None:
    anna, other = await people(database)
    workbook = Workbook(database)
    await workbook.set_goal(anna, "Första målet")
    await workbook.set_goal(anna, "Andra målet")  # replaces, does not add
    await workbook.set_maturity(anna, "start", {"culture": 2, "structure": 1})
    await workbook.set_maturity(anna, "start", {"culture": 3})

    assert await workbook.goal(anna) == "Andra målet"
    assert await workbook.goal(other) is None
    assert await workbook.maturity(anna, "start") == {"culture": 3}
    assert await workbook.maturity(other, "start") == {}
    async with database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(WorkbookEntry)) == 1


async def test_a_proposal_can_be_taken_once(database: Database) -> None:
    anna, _ = await people(database)
    plans = LearningPlans(database)
    start = database.now().replace(microsecond=0) + timedelta(days=1)
    times = [(start, start + timedelta(hours=1))]
    await plans.set_wishes(anna, ["morning"], "weekly", times)

    assert await plans.take_proposal(anna) == tuple(times)
    assert await plans.take_proposal(anna) is None
    assert (await plans.get(anna)).parts_of_day == ("morning",)


async def test_new_times_replace_only_the_ones_ahead(database: Database) -> None:
    anna, _ = await people(database)
    sessions = WorkSessions(database)
    now = database.now().replace(microsecond=0)
    past = BookedSession(now - timedelta(days=7), now - timedelta(days=7, hours=-1), "old")
    ahead = BookedSession(now + timedelta(days=1), now + timedelta(days=1, hours=1), "e1")
    await sessions.replace_upcoming(anna, now - timedelta(days=30), [past, ahead])
    later = BookedSession(now + timedelta(days=2), now + timedelta(days=2, hours=1), None)
    await sessions.replace_upcoming(anna, now, [later])

    assert await sessions.upcoming(anna, now) == [later]
    assert len(await sessions.upcoming(anna, now - timedelta(days=30))) == 2  # history kept


async def test_deleting_a_person_deletes_their_journey(database: Database) -> None:
    anna, other = await people(database)
    await Workbook(database).set_goal(anna, "Mål")
    await Workbook(database).set_maturity(anna, "start", {"culture": 2})
    await LearningPlans(database).answer_familiarity(anna, "make_room", "somewhat")
    now = database.now()
    await WorkSessions(database).replace_upcoming(
        anna, now, [BookedSession(now + timedelta(days=1), now + timedelta(days=1, hours=1), None)]
    )
    await Workbook(database).set_goal(other, "Kvar")
    async with database.transaction() as session:
        await session.execute(delete(Person).where(Person.id == anna))

    async with database.sessions() as session:
        for table in (WorkbookEntry, MaturityScore, LearningPlan, WorkSession):
            owners = await session.scalars(select(table.person_id))
            assert anna not in set(owners), table.__tablename__
    assert await Workbook(database).goal(other) == "Kvar"
