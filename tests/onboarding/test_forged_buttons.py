"""Forged or broken button data over real HTTP: the leader gets "that button no longer works",
nothing changes, and the next real click works."""

from __future__ import annotations

from typing import Any

import pytest

from content.loader import load_content
from storage.learning_plans import LearningPlans
from tests.activities import card_execute, card_submit
from tests.card_schema import card_texts
from tests.harness import BotServer
from tests.onboarding.conftest import Leader
from tests.onboarding.test_conversation import finish, walk_to

STALE = load_content().messages.stale_action
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"


async def execute(bot: BotServer, jonas: Leader, verb: str, data: dict[str, Any]) -> Any:
    response = await bot.post(card_execute(verb, jonas.user, jonas.connector.url, data))
    assert response.status == 200
    return await response.json()


@pytest.mark.parametrize(
    "forged",
    [
        {"step": "familiarity", "module": 2**63, "familiarity": "somewhat"},
        {"step": "familiarity", "module": "2", "familiarity": "somewhat"},
        {"step": "familiarity", "module": 2, "familiarity": ["somewhat"]},
        {"step": ["familiarity"], "module": 2, "familiarity": "somewhat"},
        {"module": 2, "familiarity": "somewhat"},
    ],
)
async def test_a_forged_onboarding_click_is_refused_and_changes_nothing(
    bot: BotServer, jonas: Leader, forged: dict[str, Any]
) -> None:
    await walk_to(jonas, "familiarity")
    body = await execute(bot, jonas, "onboarding", forged)
    assert body == {"statusCode": 200, "type": MESSAGE_RESPONSE, "value": STALE}
    await jonas.say("fortsätt")
    assert "Känner du till Område 3?" in card_texts(jonas.card)  # still at area 3
    await jonas.click("Nästa", familiarity="somewhat")
    assert "Känner du till Område 4?" in card_texts(jonas.card)


async def test_a_forged_submit_is_answered_in_the_chat(bot: BotServer, jonas: Leader) -> None:
    await walk_to(jonas, "booking")
    before = len(jonas.sent())
    activity = card_submit(
        "booking_find", jonas.user, jonas.connector.url, {"parts_of_day": ["morning"]}
    )
    response = await bot.post(activity)
    assert response.status in {200, 201, 202}
    assert [a.get("text") for a in jonas.sent()[before:]] == [STALE]


async def test_a_forged_delete_answer_erases_nothing(bot: BotServer, jonas: Leader) -> None:
    await walk_to(jonas, "familiarity")
    person = await jonas.person_id()
    body = await execute(bot, jonas, "delete_my_data", {"answer": ["yes"]})
    assert body["value"] == STALE
    body = await execute(bot, jonas, "delete_my_data", {"answer": "ja"})
    assert body["value"] == STALE
    assert await jonas.person_id() == person
    plans = LearningPlans(bot.services.database)
    assert len((await plans.get(person)).familiarity) == 2  # the answers are still there


async def test_a_run_command_button_does_what_typing_the_command_does(
    bot: BotServer, jonas: Leader
) -> None:
    await finish(jonas)
    body = await execute(bot, jonas, "run_command", {"command": "schedule"})
    assert body["statusCode"] == 200
    assert "Din tidsplan" in card_texts(jonas.sent()[-1]["attachments"][0]["content"])


@pytest.mark.parametrize("forged", [{"command": "format_disk"}, {"command": ["help"]}, {}])
async def test_a_forged_run_command_button_is_refused(
    bot: BotServer, jonas: Leader, forged: dict[str, Any]
) -> None:
    await walk_to(jonas, "familiarity")
    body = await execute(bot, jonas, "run_command", forged)
    assert body == {"statusCode": 200, "type": MESSAGE_RESPONSE, "value": STALE}
