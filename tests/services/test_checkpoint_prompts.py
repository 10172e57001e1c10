"""The maturity checkpoints come where the seed's journey puts them: the bot asks for the
halfway self-assessment when half of the modules are done and for the last one when the
journey ends, once each, in the completion's unit of work, never for one already assessed."""

from __future__ import annotations

from typing import Any

import pytest

from services.events import ModuleCompleted
from storage.database import Database
from tests.card_schema import assert_valid_card, card_texts
from tests.clock import TestClock
from tests.services.learners import Learners, learners

GRADES = {"culture": 2, "user_perspective": 1, "structure": 1, "collaboration": 2}


async def complete(world: Learners, person: int, count: int, start: int = 0) -> None:
    """Modules start..count-1 of the content completed: reflected on, group session held."""
    for index in range(start, count):
        await world.reflect_on_module(person, index)
        assert await world.learning.group_session_held(person, world.content.modules[index].id)


async def prompts(world: Learners, person: int) -> dict[str, dict[str, Any]]:
    said = await world.said()
    return {key: value for key, value in said.items() if key.startswith(f"checkpoint-{person}-")}


async def test_halfway_when_half_the_modules_are_done_and_the_end_at_the_end(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    half = len(world.content.modules) // 2

    await complete(world, jonas, half - 1)
    assert await prompts(world, jonas) == {}

    await complete(world, jonas, half, start=half - 1)
    [halfway] = (await prompts(world, jonas)).values()
    assert halfway["text"].startswith("Du är halvvägs på din läranderesa")
    card = halfway["attachments"][0]["content"]
    assert_valid_card(card)
    assert "Din innovationsmognad – Halvvägs" in card_texts(card)

    await complete(world, jonas, len(world.content.modules) - 1, start=half)
    assert list(await prompts(world, jonas)) == [f"checkpoint-{jonas}-halfway"]  # once

    await complete(world, jonas, len(world.content.modules), start=len(world.content.modules) - 1)
    asked = await prompts(world, jonas)
    assert list(asked) == [f"checkpoint-{jonas}-halfway", f"checkpoint-{jonas}-end"]
    end = asked[f"checkpoint-{jonas}-end"]
    assert end["text"].startswith("Du har gått hela läranderesan")
    assert "Din innovationsmognad – Vid avslut" in card_texts(end["attachments"][0]["content"])


async def test_the_module_congratulation_and_halfway_prompt_speak_each_leaders_language(
    database: Database, clock: TestClock
) -> None:
    """The group sessions are recorded from another's turn (the coach's, a job's): Jonas,
    whose Teams is in English, still hears in English; Bo in Swedish."""
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    bo = await world.leader("aad-bo", "Bo Ek")
    await world.directory.speak(jonas, "en-US")
    half = len(world.content.modules) // 2

    for leader in (jonas, bo):
        await complete(world, leader, half)

    assert (await prompts(world, jonas))[f"checkpoint-{jonas}-halfway"]["text"].startswith(
        "You are halfway through your learning journey"
    )
    assert (await prompts(world, bo))[f"checkpoint-{bo}-halfway"]["text"].startswith(
        "Du är halvvägs på din läranderesa"
    )
    said = await world.said()
    first = world.content.modules[0].id
    english = card_texts(said[f"module-done-{jonas}-{first}"]["attachments"][0]["content"])
    swedish = card_texts(said[f"module-done-{bo}-{first}"]["attachments"][0]["content"])
    assert "Congratulations – now you can move on to Module 2!" in english
    assert "Congratulations" not in swedish


async def test_a_checkpoint_already_assessed_is_not_asked_for(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    await world.workbook.set_maturity(jonas, "halfway", GRADES)
    await complete(world, jonas, len(world.content.modules) // 2)
    assert await prompts(world, jonas) == {}


async def test_the_prompt_commits_with_the_completion_or_not_at_all(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    half = len(world.content.modules) // 2
    await complete(world, jonas, half - 1)

    async def fail(event: ModuleCompleted) -> None:
        raise RuntimeError("a later reaction fails")

    world.events.subscribe(ModuleCompleted, fail)
    await world.reflect_on_module(jonas, half - 1)
    with pytest.raises(RuntimeError):
        await world.learning.group_session_held(jonas, world.content.modules[half - 1].id)
    assert await prompts(world, jonas) == {}
    assert len(await world.progress.completed(jonas)) == half - 1
