"""Evaluations over real HTTP as Teams posts them: the coordinator sets the dates and edits the
questions on cards (a wrong date and a long question shown back with what was typed); the
leader gets the invitation through the outbox, answers on the card, is thanked once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from cards.cohorts import START_COHORT
from storage.models import Person
from storage.roles import RoleName
from tests.activities import TENANT, card_execute
from tests.card_schema import assert_valid_card, card_texts
from tests.coordination.test_in_teams import JONAS_EMAIL, ONLY_COORDINATORS, texts
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, bot, jonas
from tests.workbook.conftest import fetch

__all__ = ["bot", "jonas"]  # the fixtures

MIDTERM_AT = datetime(2027, 1, 11, 7, 0, tzinfo=UTC)  # 08:00 in Stockholm


async def test_a_coordinator_schedules_and_edits_and_a_leader_answers_once(
    bot: BotServer, jonas: Leader, connector: FakeConnector
) -> None:
    await jonas.say("hej")  # the welcome
    await known_by_address(bot, await jonas.person_id(), JONAS_EMAIL)
    assert "Du har ingen utvärdering att svara på just nu." in texts(await jonas.say("utvärdering"))
    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)
    await jonas.say("utvärdering")
    assert "Det finns inga omgångar ännu." in card_texts(jonas.card)

    data = {
        "cohort_name": "Våren 2027",
        "cohort_start": "2026-12-07",
        "cohort_leaders": f"{JONAS_EMAIL}\nper@uppsala.example",
    }
    response = await bot.post(card_execute(START_COHORT, jonas.user, connector.url, data))
    assert_valid_card((await response.json())["value"])
    await jonas.say("omgång")
    await jonas.press("Utvärderingar")  # the cohort card's way here
    assert "Välj omgång" in card_texts(jonas.card)

    await jonas.click("Våren 2027")
    shown = card_texts(jonas.card)
    assert "Utvärderingar – Våren 2027" in shown and "Inget datum är satt ännu." in shown
    assert "Vad har fungerat bra hittills?" in shown  # the default questions

    card = await jonas.click(
        "Spara datumen", evaluation_midterm="2027-01-11", evaluation_final="2026-01-01"
    )
    assert "Datumet för slututvärderingen har redan passerat." in card_texts(card)
    assert jonas.input("evaluation_midterm")["value"] == "2027-01-11"  # kept
    card = await jonas.click(
        "Spara datumen", evaluation_midterm="2027-01-11", evaluation_final="2027-03-01"
    )
    shown = card_texts(card)
    assert "Klart! Datumen är sparade." in shown
    assert "Skickas måndag 11 januari 2027 kl. 08:00." in shown

    await jonas.click("Ändra frågorna: Halvtidsutvärdering")
    long = "Är det här en fråga? " * 12
    card = await jonas.click(
        "Spara frågorna", evaluation_scale=f"Resan ger mig energi.\n{long}", evaluation_free=""
    )
    assert "Rad 2 är för lång" in card_texts(card)
    assert jonas.input("evaluation_scale")["value"] == f"Resan ger mig energi.\n{long}"
    card = await jonas.click(
        "Spara frågorna",
        evaluation_scale="Resan ger mig energi.\nJag lär mig av de andra.",
        evaluation_free="Vad tar du med dig?",
    )
    assert "Klart! Frågorna är sparade som version 2." in card_texts(card)

    # The morning comes: the invitation through the outbox, its button opens the questions.
    bot.clock.move_to(MIDTERM_AT)
    assert await bot.services.evaluations.tick() == 1  # Per has not met the bot
    await bot.services.sender.tick()
    [invitation] = [
        a
        for a in jonas.sent()
        if a.get("attachments") and "Svara nu" in card_texts(a["attachments"][0]["content"])
    ]
    jonas.card = invitation["attachments"][0]["content"]
    assert_valid_card(jonas.card)
    form = await jonas.click("Svara nu")
    assert "1. Resan ger mig energi." in card_texts(form)

    card = await jonas.click("Skicka svaren", s1="4", f1="Modet att pröva")
    assert "Det saknas svar på 1 påståenden." in card_texts(card)
    assert jonas.input("f1")["value"] == "Modet att pröva"
    card = await jonas.click("Skicka svaren", s1="4", s2="5", f1="Modet att pröva")
    assert "Tack för dina svar!" in card_texts(card)

    jonas.card = invitation["attachments"][0]["content"]
    assert "Du har redan svarat" in card_texts(await jonas.click("Svara nu"))

    # Fewer than 5 answered: the coordinator sees no results, and may no longer edit.
    await jonas.say("utvärdering")
    await jonas.click("Våren 2027")
    shown = card_texts(jonas.card)
    assert "Färre än 5 har svarat." in shown
    assert "Ändra frågorna: Halvtidsutvärdering" not in shown  # locked: someone answered
    results = card_texts(await jonas.click("Resultat: Halvtidsutvärdering"))
    assert "visas när utvärderingen har stängt" in results and "Modet" not in results
    status, body, headers = await fetch(bot, jonas.action("Ladda ner alla resultat som CSV")["url"])
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    exported = body.decode("utf-8-sig")
    assert (
        "Våren 2027;Halvtidsutvärdering;;Har svarat;Öppen till och med måndag 25 januari 2027"
        in exported
    )
    assert "Modet" not in exported


async def known_by_address(bot: BotServer, person_id: int, email: str) -> None:
    """As when the bot has met him in a team's roster, which carries the address (a personal
    chat's message does not)."""
    async with bot.services.database.transaction() as session:
        await session.execute(update(Person).where(Person.id == person_id).values(email=email))


async def test_a_leader_cannot_open_the_coordinator_s_cards(
    bot: BotServer, jonas: Leader, connector: FakeConnector
) -> None:
    await jonas.say("hej")
    response = await bot.post(
        card_execute("open_evaluations", jonas.user, connector.url, {"cohort_id": 1})
    )
    assert response.status == 200
    assert ONLY_COORDINATORS in texts(jonas.sent()[-1:])
