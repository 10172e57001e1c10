"""The language reaches the user: Teams' locale over real HTTP, the person's own choice, and the
language stored for later jobs. Content has its own small English twins (tests/languages.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import Person
from tests.activities import DANIELA, JONAS, User, bot_added, card_execute, message
from tests.card_schema import card_texts
from tests.clock import TestClock
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer
from tests.languages import TURN_ERROR_EN, english_content


@pytest.fixture
async def bot(database_url: str, clock: TestClock, tmp_path: Path) -> AsyncIterator[BotServer]:
    content = english_content(tmp_path)
    async with BotServer(clock=clock, database_url=database_url, content=content) as server:
        yield server


def said_in(locale: str | None, text: str, user: User, url: str) -> dict[str, Any]:
    activity = message(text, user, url)
    if locale is None:
        del activity["locale"]
    else:
        activity["locale"] = locale
    return activity


def texts_sent(connector: FakeConnector, user: User) -> list[str]:
    """Each activity's text and card texts, in order."""
    found = []
    for activity in connector.sent_activities(user.personal_conversation):
        cards = [a["content"] for a in activity.get("attachments") or []]
        found.append(" | ".join([activity.get("text") or "", *map(card_texts, cards)]))
    return found


async def stored_language(bot: BotServer, user: User) -> tuple[str | None, bool]:
    async with bot.services.database.sessions() as session:
        row = (
            await session.execute(
                select(Person.language, Person.language_chosen).where(
                    Person.aad_object_id == user.aad_object_id
                )
            )
        ).one()
    return row.language, row.language_chosen


async def test_an_english_teams_gets_the_english_welcome_and_help(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(said_in("en-US", "hi", JONAS, connector.url))
    await bot.post(said_in("en-US", "help", JONAS, connector.url))

    welcome, help_card = texts_sent(connector, JONAS)
    assert "Welcome Jonas!" in welcome and "Välkommen" not in welcome
    assert "This is how I can help you" in help_card
    assert await stored_language(bot, JONAS) == ("en", False)


@pytest.mark.parametrize("locale", ["sv-SE", None])
async def test_a_swedish_teams_or_none_gets_swedish(
    bot: BotServer, connector: FakeConnector, locale: str | None
) -> None:
    await bot.post(said_in(locale, "hej", DANIELA, connector.url))
    await bot.post(said_in(locale, "hjälp", DANIELA, connector.url))

    welcome, help_card = texts_sent(connector, DANIELA)
    assert "Välkommen Daniela!" in welcome
    assert "Så här kan jag hjälpa dig" in help_card and "This is how" not in help_card


async def test_swedish_commands_work_for_an_english_user(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(said_in("en-US", "hi", JONAS, connector.url))
    await bot.post(said_in("en-US", "hjälp", JONAS, connector.url))

    assert "This is how I can help you" in texts_sent(connector, JONAS)[-1]


async def test_the_persons_own_choice_wins_over_the_locale(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(said_in("en-US", "hi", JONAS, connector.url))
    await bot.post(said_in("en-US", "svenska", JONAS, connector.url))
    await bot.post(said_in("en-US", "help", JONAS, connector.url))

    _welcome, chosen, help_card = texts_sent(connector, JONAS)
    assert chosen.startswith("Nu pratar jag svenska med dig.")
    assert "Så här kan jag hjälpa dig" in help_card
    assert await stored_language(bot, JONAS) == ("sv", True)

    await bot.post(said_in("sv-SE", "english", JONAS, connector.url))
    assert texts_sent(connector, JONAS)[-1].startswith("I'll speak English with you")
    assert await stored_language(bot, JONAS) == ("en", True)


async def test_a_locale_that_changes_is_stored_again(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(said_in("en-GB", "hi", DANIELA, connector.url))
    assert await stored_language(bot, DANIELA) == ("en", False)

    await bot.post(said_in("sv-SE", "hjälp", DANIELA, connector.url))
    assert await stored_language(bot, DANIELA) == ("sv", False)
    assert "Så här kan jag hjälpa dig" in texts_sent(connector, DANIELA)[-1]


async def test_an_activity_without_a_locale_keeps_the_stored_language(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(said_in("en-US", "hi", JONAS, connector.url))
    await bot.post(said_in(None, "help", JONAS, connector.url))

    assert await stored_language(bot, JONAS) == ("en", False)
    assert "This is how I can help you" in texts_sent(connector, JONAS)[-1]


async def test_with_language_from_locale_off_an_english_teams_gets_swedish_until_it_chooses(
    database_url: str, clock: TestClock, tmp_path: Path, connector: FakeConnector
) -> None:
    content = english_content(tmp_path)
    async with BotServer(
        clock=clock, database_url=database_url, content=content, language_from_locale=False
    ) as bot:
        await bot.post(said_in("en-US", "hi", JONAS, connector.url))
        await bot.post(said_in("en-US", "english", JONAS, connector.url))
        await bot.post(said_in("en-US", "help", JONAS, connector.url))

    welcome, _chosen, help_card = texts_sent(connector, JONAS)
    assert "Välkommen Jonas!" in welcome
    assert "This is how I can help you" in help_card


async def test_without_a_locale_the_client_info_entity_tells(
    bot: BotServer, connector: FakeConnector
) -> None:
    activity = said_in(None, "hi", DANIELA, connector.url)
    activity["entities"] = [{"type": "clientInfo", "locale": "en-GB", "platform": "Web"}]
    await bot.post(activity)

    assert "Welcome Daniela!" in texts_sent(connector, DANIELA)[0]


async def test_the_apology_after_a_failed_turn_speaks_the_turns_language(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(said_in("en-US", "hi", JONAS, connector.url))
    await bot.post(said_in("sv-SE", "hej", DANIELA, connector.url))
    for user in (JONAS, DANIELA):
        connector.fail_next(500, times=1)
        await bot.post(said_in(None, "hjälp", user, connector.url))  # the stored language counts

    assert texts_sent(connector, JONAS)[-1].startswith(TURN_ERROR_EN)
    assert texts_sent(connector, DANIELA)[-1].startswith("Förlåt, något gick fel")


async def test_a_welcome_without_a_locale_offers_english_and_turns_into_it(
    bot: BotServer, connector: FakeConnector
) -> None:
    """Teams' install notice (conversationUpdate) carries no locale, so the first welcome can
    come in Swedish to someone whose Teams is in English: its "In English" button chooses
    English and the same card answers in English, in place."""
    added = bot_added(JONAS, connector.url)
    del added["locale"]
    await bot.post(added)
    [welcome] = connector.sent_activities(JONAS.personal_conversation)
    actions = welcome["attachments"][0]["content"]["actions"]
    [english] = [a for a in actions if a["title"] == "In English"]
    assert english["data"] == {"verb": "choose_language", "language": "en"}

    answer = await bot.post(card_execute("choose_language", JONAS, connector.url, english["data"]))

    card = (await answer.json())["value"]
    assert "Welcome Jonas!" in card_texts(card) and "Välkommen" not in card_texts(card)
    assert [a["title"] for a in card["actions"]][-1] == "På svenska"
    assert await stored_language(bot, JONAS) == ("en", True)
    await bot.post(said_in("sv-SE", "hjälp", JONAS, connector.url))  # the choice wins
    assert "This is how I can help you" in texts_sent(connector, JONAS)[-1]
