"""A unit of work: what a use case changes and the outbox rows it causes commit together."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from storage.conversations import Conversations
from storage.database import Database, UnitShared
from storage.directory import Directory, TeamsAccount
from storage.models import ConversationRef
from storage.outbox import Outbox
from storage.workbook import Workbook
from tests.outbox.support import channel, message, reference

TENANT = "00000000-0000-0000-0000-0000000000001"
ANNA = TeamsAccount("29:anna", "aad-anna", "Anna Berg")


class Crash(Exception):
    pass


async def anna(database: Database) -> int:
    directory = Directory(database)
    return await directory.person_id(await directory.organisation_id(TENANT), ANNA)


async def test_a_failure_after_the_change_leaves_neither_it_nor_its_outbox_row(
    database: Database,
) -> None:
    person = await anna(database)
    target = await channel(database, "http://127.0.0.1:9", "19:g@thread.tacv2")
    workbook, outbox = Workbook(database), Outbox(database)

    with pytest.raises(Crash):
        async with database.unit_of_work():
            await workbook.set_goal(person, "Fler idéer")
            await outbox.enqueue(target, message("Ditt mål är sparat"), idempotency_key="goal")
            raise Crash

    assert await workbook.goal(person) is None
    assert await outbox.counts() == {}


async def test_inside_a_unit_reads_see_its_writes_and_all_commit_together(
    database: Database,
) -> None:
    person = await anna(database)
    target = await channel(database, "http://127.0.0.1:9", "19:g@thread.tacv2")
    workbook, outbox = Workbook(database), Outbox(database)

    async with database.unit_of_work():
        await workbook.set_goal(person, "Fler idéer")
        assert await workbook.goal(person) == "Fler idéer"
        async with database.unit_of_work():  # a nested unit joins the outer one
            await outbox.enqueue(target, message("Sparat"), idempotency_key="goal")
        assert await outbox.counts() == {"pending": 1}

    assert await workbook.goal(person) == "Fler idéer"
    assert await outbox.counts() == {"pending": 1}


async def test_a_unit_is_not_shared_with_the_tasks_it_spawns(database: Database) -> None:
    person = await anna(database)
    workbook = Workbook(database)

    async with database.unit_of_work():
        with pytest.raises(UnitShared):
            await asyncio.create_task(workbook.goal(person))


async def test_what_runs_after_commit_never_runs_after_a_rollback(database: Database) -> None:
    ran: list[str] = []
    database.after_commit(lambda: ran.append("outside a unit: at once"))
    with pytest.raises(Crash):
        async with database.unit_of_work():
            database.after_commit(lambda: ran.append("rolled back"))
            raise Crash
    async with database.unit_of_work():
        database.after_commit(lambda: ran.append("committed"))
        assert ran == ["outside a unit: at once"]  # not before the commit

    assert ran == ["outside a unit: at once", "committed"]


async def test_a_conversation_written_in_a_unit_that_rolls_back_is_written_again(
    database: Database,
) -> None:
    """The per-process cache of written conversations must not remember a rolled-back write."""
    organisation_id = await Directory(database).organisation_id(TENANT)
    conversations = Conversations(database)
    address = reference("http://127.0.0.1:9", "19:g@thread.tacv2")
    with pytest.raises(Crash):
        async with database.unit_of_work():
            await conversations.remember(organisation_id, "channel", address)
            raise Crash
    await conversations.remember(organisation_id, "channel", address)

    async with database.sessions() as session:
        stored = await session.scalar(
            select(ConversationRef.conversation_id).where(
                ConversationRef.conversation_id == "19:g@thread.tacv2"
            )
        )
    assert stored == "19:g@thread.tacv2"


async def test_people_and_welcomes_of_a_rolled_back_unit_are_not_remembered(
    database: Database,
) -> None:
    directory = Directory(database)
    with pytest.raises(Crash):
        async with database.unit_of_work():
            organisation = await directory.organisation_id(TENANT)
            person = await directory.person_id(organisation, ANNA)
            assert await directory.claim_welcome(person, again_after=None)
            raise Crash

    organisation = await directory.organisation_id(TENANT)  # written again, not remembered
    person = await directory.person_id(organisation, ANNA)
    assert await directory.person(person) is not None
    assert await directory.claim_welcome(person, again_after=None)  # never welcomed after all
