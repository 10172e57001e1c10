"""What a leader types during the onboarding, at every step, over real HTTP: a short answer with
the way back (never the whole card again), questions at the goal step asked about before they
are saved, and "Menade du …?" with buttons that do what they say."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.card_schema import card_texts
from tests.harness import BotServer
from tests.onboarding.conftest import Leader
from tests.onboarding.test_conversation import STEPS, finish, walk_to

SHORT_CARD_BYTES = 1_500  # the whole step card again was about 5 KB
AT_STEP = "Du är mitt i introduktionen"


def only_card(answer: list[dict[str, Any]]) -> dict[str, Any]:
    [activity] = answer  # one message
    return activity["attachments"][0]["content"]


@pytest.mark.parametrize("step", ["familiarity", "booking"])  # the goal step takes text
@pytest.mark.parametrize("written", ["hmm, okej", "Vad är det här för något?", "🙂"])
async def test_text_at_a_step_gets_a_short_answer_and_the_way_back(
    jonas: Leader, step: str, written: str
) -> None:
    await walk_to(jonas, step)
    card = only_card(await jonas.say(written))
    texts = card_texts(card)

    assert AT_STEP in texts and "Hjälp" in texts
    assert STEPS[step] not in texts  # not the step again
    assert "Vi fortsätter där du var" not in texts
    assert len(json.dumps(card, ensure_ascii=False).encode()) < SHORT_CARD_BYTES

    await jonas.press("Visa mitt steg igen")
    assert STEPS[step] in card_texts(jonas.card)


async def test_someone_who_has_not_started_is_pointed_to_the_welcome(jonas: Leader) -> None:
    await jonas.say("hej")  # the welcome card
    texts = card_texts(only_card(await jonas.say("vad är det här?")))

    assert "Sätt igång!" in texts and "Vi fortsätter där du var" not in texts
    assert AT_STEP not in texts
    await jonas.press("Visa välkomstkortet")
    assert "Välkommen Jonas!" in card_texts(jonas.card)


async def test_a_greeting_and_thanks_mid_onboarding(jonas: Leader) -> None:
    await walk_to(jonas, "familiarity")
    texts = card_texts(only_card(await jonas.say("Hej!")))
    assert "Hej! Vad roligt att du hör av dig." in texts and AT_STEP in texts

    [thanks] = await jonas.say("tusen tack")
    assert thanks["text"] == "Varsågod! Säg bara till om du behöver något mer."


async def test_hej_after_the_onboarding_shows_the_home_card(jonas: Leader) -> None:
    await finish(jonas)
    card = only_card(await jonas.say("god morgon"))
    assert "Hej Jonas!" in card_texts(card)
    assert "Till Modul 1" in [action["title"] for action in card["actions"]]


async def test_a_question_at_the_goal_step_is_asked_about_before_it_is_saved(
    bot: BotServer, jonas: Leader
) -> None:
    question = "vad menar du med mål?"
    await walk_to(jonas, "goal")
    card = only_card(await jonas.say(question))
    assert "Det där ser ut som en fråga." in card_texts(card)
    assert await bot.services.workbook.goal(await jonas.person_id()) is None

    await jonas.press("Nej")
    assert "Mitt mål (högst 600 tecken)" in card_texts(jonas.card)  # the goal step again
    assert await bot.services.workbook.goal(await jonas.person_id()) is None

    await jonas.say(question)
    await jonas.click("Ja, spara som mitt mål")
    assert "Ditt nolläge" in card_texts(jonas.card)
    assert await bot.services.workbook.goal(await jonas.person_id()) == question


async def test_did_you_mean_runs_the_command_it_offers(jonas: Leader) -> None:
    await walk_to(jonas, "familiarity")
    card = only_card(await jonas.say("träff"))
    assert "Menade du ”tidsplan”?" in card_texts(card)

    await jonas.press("Tidsplan")
    assert "Din tidsplan" in card_texts(jonas.card)


async def test_none_of_them_answers_briefly_and_keeps_the_place(jonas: Leader) -> None:
    await walk_to(jonas, "familiarity")
    card = only_card(await jonas.say("data"))
    titles = [action["title"] for action in card["actions"]]
    assert titles == ["Mina data", "Radera mina data", "Nej, inget av dem"]

    replaced = await jonas.click("Nej, inget av dem")
    assert "Skriv gärna med andra ord" in card_texts(replaced)
    assert "Visa mitt steg igen" in card_texts(replaced)


async def test_none_of_them_at_the_goal_step_saves_the_goal(bot: BotServer, jonas: Leader) -> None:
    await walk_to(jonas, "goal")
    only_card(await jonas.say("mer reflektion"))  # close to "reflektioner": asked about first
    await jonas.press("Nej, inget av dem")
    assert "Vill du att jag sparar det här som ditt mål?" in card_texts(jonas.card)  # so short
    assert await bot.services.workbook.goal(await jonas.person_id()) is None

    await jonas.click("Ja, spara som mitt mål")
    assert "Ditt nolläge" in card_texts(jonas.card)
    assert await bot.services.workbook.goal(await jonas.person_id()) == "mer reflektion"


@pytest.mark.parametrize("written", ["hmm, okej", "🙂", "Ja"])
async def test_a_word_or_two_at_the_goal_step_is_asked_about(
    bot: BotServer, jonas: Leader, written: str
) -> None:
    await walk_to(jonas, "goal")
    card = only_card(await jonas.say(written))
    assert "Vill du att jag sparar det här som ditt mål?" in card_texts(card)
    assert await bot.services.workbook.goal(await jonas.person_id()) is None
