"""Audience tracks over real HTTP as Teams posts them: the coordinator picks the politicians'
track on the cohort card, a leader of that cohort gets its modules and exercises, and a leader
outside it keeps the leaders' journey."""

from __future__ import annotations

import json

from sqlalchemy import select, update

from cards.cohorts import START_COHORT, TRACK_INPUT
from cards.learning_actions import EXERCISE_SHOW, EXERCISE_START, REFLECT, REFLECTION_SEND
from storage.models import Person
from storage.roles import RoleName
from storage.workbook import WorkbookEntry
from tests.activities import DANIELA, TENANT, card_execute
from tests.card_schema import assert_valid_card, card_texts
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, bot, jonas, roster_entry

__all__ = ["bot", "jonas"]  # the fixtures

JONAS_EMAIL = "jonas.gumbel@uppsala.example"
DANIELA_EMAIL = "daniela.drazic@uppsala.example"


async def knows_address(bot: BotServer, email: str) -> None:
    """The bot knows Daniela's address, as it does once a team's roster has named her (a
    personal chat alone does not give it)."""
    async with bot.services.database.transaction() as session:
        await session.execute(
            update(Person).where(Person.name == "Daniela Drazic").values(email=email)
        )


async def execute(bot: BotServer, leader: Leader, verb: str, **data: str) -> dict:
    response = await bot.post(
        card_execute(verb, leader.user, leader.connector.url, {"verb": verb, **data})
    )
    card = (await response.json())["value"]
    assert_valid_card(card)
    return card


async def start_cohort(bot: BotServer, jonas: Leader, url: str, track: str) -> dict:
    data = {
        "cohort_name": "Nämnden 2027",
        "cohort_start": "2027-01-11",
        "cohort_leaders": DANIELA_EMAIL,
        TRACK_INPUT: track,
    }
    response = await bot.post(card_execute(START_COHORT, jonas.user, url, data))
    card = (await response.json())["value"]
    assert_valid_card(card)
    return card


async def test_a_politicians_cohort_learns_its_track_and_other_leaders_keep_theirs(
    bot: BotServer, jonas: Leader, connector: FakeConnector
) -> None:
    connector.add_conversation(DANIELA.personal_conversation, [roster_entry(DANIELA)])
    daniela = Leader(bot, connector, DANIELA)
    await jonas.say("hej")
    await daniela.say("hej")
    await knows_address(bot, DANIELA_EMAIL)
    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)

    await jonas.say("omgång")
    assert_valid_card(jonas.card)
    [choice] = [b for b in jonas.card["body"] if b.get("id") == TRACK_INPUT]
    assert choice["value"] == "ledare"
    assert [c["value"] for c in choice["choices"]] == ["ledare", "fortroendevalda"]
    assert "Förtroendevalda – En kortare resa för politiker" in card_texts(jonas.card)

    # A track that is not there (an old card): said on the card, with everything kept.
    refused = await start_cohort(bot, jonas, connector.url, "politiker")
    assert "Det spåret finns inte längre" in card_texts(refused)
    [leaders] = [b for b in refused["body"] if b.get("id") == "cohort_leaders"]
    assert leaders["value"] == DANIELA_EMAIL
    await daniela.say("modul")
    assert "Ett viktigt beteende för innovation" in card_texts(daniela.card)  # nothing stored

    started = card_texts(await start_cohort(bot, jonas, connector.url, "fortroendevalda"))
    assert "Omgången följer spåret Förtroendevalda." in started
    await jonas.say("omgång")
    assert "Nämnden 2027: start måndag 11 januari 2027, 1 ledare, spår Förtroendevalda" in (
        card_texts(jonas.card)
    )

    # Daniela, in the politicians' cohort: their modules and library.
    await daniela.say("modul")
    assert_valid_card(daniela.card)
    module = card_texts(daniela.card)
    assert "Vad innehåller Modul 1?" in module and "användardriven innovation" in module
    assert "Ett viktigt beteende för innovation" not in module
    module = card_texts(await daniela.click("Starta modulen"))
    assert "Lyssna på en invånare" in module and "Se beslutet med invånarens ögon" in module
    exercise = await execute(bot, daniela, EXERCISE_SHOW, exercise="exercise_1")
    assert "Användardriven innovation börjar med att lyssna" in card_texts(exercise)
    await execute(bot, daniela, EXERCISE_START, exercise="exercise_1")
    await execute(bot, daniela, REFLECT, exercise="exercise_1")
    sent = await execute(
        bot, daniela, REFLECTION_SEND, exercise="exercise_1", reflection="Hon väntade i tre år."
    )
    assert "Modul 1: Invånarna i centrum" in card_texts(sent)
    async with bot.services.database.sessions() as session:
        stored = await session.scalar(select(WorkbookEntry.module_id))
    assert stored == "pol_user_driven"
    await daniela.say("arbetsbok")
    workbook = json.dumps(daniela.card, ensure_ascii=False)
    assert "Invånarna i centrum" in workbook and "Hon väntade i tre år." in workbook
    await daniela.say("övningar")
    library = card_texts(daniela.card)
    assert "övningarna till modul 1–3" in library and "Modul 3: Din roll som" in library
    assert "Utforska nya perspektiv" not in library
    await daniela.say("jag har 30 minuter")
    fitting = card_texts(daniela.card)
    assert "Fråga efter användarna i underlaget" in fitting and "Berätta om ett lärande" in fitting
    assert "Lyssna på en invånare" not in fitting  # an hour
    await daniela.say("framsteg")
    assert "Din roll som förtroendevald" in card_texts(daniela.card)

    # Jonas, in no cohort (the coordinator): the leaders' journey, unchanged.
    await jonas.say("modul")
    assert "Ett viktigt beteende för innovation" in card_texts(jonas.card)
    await jonas.say("övningar")
    library = card_texts(jonas.card)
    assert "modul 2–6" in library and "Modul 2: Utforska nya perspektiv" in library
    assert "Din roll som förtroendevald" not in library


async def test_a_politicians_onboarding_asks_about_their_tracks_modules(
    bot: BotServer, jonas: Leader, connector: FakeConnector
) -> None:
    connector.add_conversation(DANIELA.personal_conversation, [roster_entry(DANIELA)])
    daniela = Leader(bot, connector, DANIELA)
    await jonas.say("hej")
    await daniela.say("hej")  # the welcome card
    await knows_address(bot, DANIELA_EMAIL)
    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)
    await start_cohort(bot, jonas, connector.url, "fortroendevalda")

    daniela.card = daniela.sent()[-1]["attachments"][0]["content"]
    await daniela.click("Sätt igång!")
    await daniela.click("Nästa")
    individualise = card_texts(daniela.card)
    assert "Tjänstedesign för förtroendevalda" in individualise
    assert "Kom på nya idéer" not in individualise
    await daniela.click("Börja individualisera min resa!")
    familiarity = json.dumps(daniela.card, ensure_ascii=False)
    assert "Modul 1 av 3" in familiarity and "Invånarna i centrum" in familiarity
    assert "Ett viktigt beteende för innovation" not in familiarity
