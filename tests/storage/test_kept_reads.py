"""Reads kept for one turn: asked again, answered from memory, until the turn writes."""

from __future__ import annotations

import asyncio

from storage.database import Database
from storage.directory import Directory, TeamsAccount
from storage.learning_progress import LearningProgress
from storage.onboarding import FreeTextState, OnboardingProgressStore, free_text_state

TENANT = "00000000-0000-0000-0000-0000000000001"
ANNA = TeamsAccount("29:anna", "aad-anna", "Anna Berg")


class Loads:
    def __init__(self) -> None:
        self.count = 0

    async def __call__(self) -> int:
        self.count += 1
        return self.count


async def anna(database: Database) -> int:
    directory = Directory(database)
    return await directory.person_id(await directory.organisation_id(TENANT), ANNA)


async def test_a_read_is_kept_within_the_turn_only(database: Database) -> None:
    load = Loads()
    with database.keeping_reads():
        assert [await database.kept_read("k", load) for _ in range(3)] == [1, 1, 1]
    assert await database.kept_read("k", load) == 2  # outside: always read
    assert await database.kept_read("k", load) == 3


async def test_any_write_forgets_what_was_kept(database: Database) -> None:
    load = Loads()
    with database.keeping_reads():
        await database.kept_read("k", load)
        async with database.writing():
            pass
        assert await database.kept_read("k", load) == 2
        async with database.transaction():
            pass
        assert await database.kept_read("k", load) == 3
        async with database.single_writes():
            pass
        assert await database.kept_read("k", load) == 4
        async with database.unit_of_work():
            assert await database.kept_read("k", load) == 5  # a unit reads its own writes
            assert await database.kept_read("k", load) == 6
        assert await database.kept_read("k", load) == 7


async def test_another_task_does_not_share_the_turns_reads(database: Database) -> None:
    load = Loads()
    with database.keeping_reads():
        await database.kept_read("k", load)
        assert await asyncio.create_task(database.kept_read("k", load)) == 2
        assert await database.kept_read("k", load) == 1


async def test_the_onboarding_and_reflection_lookups_are_one_read_that_sees_the_turns_writes(
    database: Database,
) -> None:
    person = await anna(database)
    onboarding, learning = OnboardingProgressStore(database), LearningProgress(database)
    assert await free_text_state(database, person) == FreeTextState(None, None)

    with database.keeping_reads():
        assert await onboarding.get(person) is None
        await onboarding.move(person, "goal")
        assert (await onboarding.get(person) or "").step == "goal"
        await learning.set_writing(person, "enhetsmote")
        assert await learning.writing(person) == "enhetsmote"
        assert (await onboarding.get(person) or "").step == "goal"
