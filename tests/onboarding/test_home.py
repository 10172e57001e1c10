"""The leader's home card ("meny"): progress as tiles, the next step, the seed's navigation;
and "innovationsteam". Over real HTTP, as Teams posts it."""

from __future__ import annotations

from typing import Any

from tests.activities import card_execute
from tests.card_schema import assert_valid_card, card_texts
from tests.harness import BotServer
from tests.onboarding.conftest import Leader
from tests.onboarding.test_conversation import finish, walk_to

NAVIGATION = ["Innovationsteam", "Arbetsboken", "Tidsplan", "Hjälp"]


def titles(card: dict[str, Any]) -> list[str]:
    return [action["title"] for action in card.get("actions", [])]


def tiles(card: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(module number, what is under it, style) of each tile."""
    [row] = [node for node in card["body"] if node["type"] == "ColumnSet"]
    return [
        (column["items"][0]["text"], column["items"][1]["text"], column["style"])
        for column in row["columns"]
    ]


async def run(bot: BotServer, jonas: Leader, title: str) -> dict[str, Any]:
    """Click a navigation button on the current card; the card it answers with in the chat."""
    action = jonas.action(title)
    before = len(jonas.sent())
    response = await bot.post(
        card_execute(action["verb"], jonas.user, jonas.connector.url, action["data"])
    )
    assert response.status == 200
    [answer] = [a for a in jonas.sent()[before:] if a.get("attachments")]
    card = answer["attachments"][0]["content"]
    assert_valid_card(card)
    return card


async def test_mid_onboarding_the_home_card_offers_to_continue_it(
    bot: BotServer, jonas: Leader
) -> None:
    await walk_to(jonas, "familiarity")
    await jonas.say("meny")

    assert "Hej Jonas!" in card_texts(jonas.card)
    assert titles(jonas.card) == ["Fortsätt introduktionen", *NAVIGATION]
    assert [number for number, _, _ in tiles(jonas.card)] == ["1", "2", "3", "4", "5", "6"]
    assert "Känner du till Område 3?" in card_texts(
        await run(bot, jonas, "Fortsätt introduktionen")
    )


async def test_after_the_onboarding_home_leads_to_module_one_and_navigates(
    bot: BotServer, jonas: Leader
) -> None:
    await finish(jonas)
    assert titles(jonas.card) == ["Till Modul 1", *NAVIGATION]  # "Klart!" leads on the same way
    await jonas.say("meny")

    assert titles(jonas.card) == ["Till Modul 1", *NAVIGATION]
    first = tiles(jonas.card)[0]
    assert first == ("1", "0/4", "accent") and tiles(jonas.card)[1][2] == "emphasis"
    assert "Nästa steg: Modul 1" in card_texts(jonas.card)
    home = jonas.card
    assert "Din tidsplan" in card_texts(await run(bot, jonas, "Tidsplan"))
    jonas.card = home
    assert "Du är inte med i något Innovationsteam ännu" in card_texts(
        await run(bot, jonas, "Innovationsteam")
    )
    jonas.card = home
    assert "Så här kan jag hjälpa dig" in card_texts(await run(bot, jonas, "Hjälp"))
    jonas.card = home
    await jonas.click("Till Modul 1")
    assert "Modul 1" in card_texts(jonas.card)


async def test_a_paused_leader_sees_it_at_home_and_continues_from_there(
    bot: BotServer, jonas: Leader
) -> None:
    await finish(jonas)
    [answer] = await jonas.say("pausa")
    assert "nu har du pausat" in answer["text"]
    [again] = await jonas.say("pausa")
    assert "Du har redan pausat" in again["text"]
    await jonas.say("meny")
    assert "Du har pausat" in card_texts(jonas.card)
    assert titles(jonas.card) == ["Fortsätt", *NAVIGATION]

    answer_card = await run(bot, jonas, "Fortsätt")
    assert "Till Modul 1" in titles(answer_card)
    assert any("Välkommen tillbaka" in (a.get("text") or "") for a in jonas.sent()[-2:])
