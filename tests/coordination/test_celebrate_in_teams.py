"""A coordinator in the personal chat, over real HTTP: answers an anonymous suggestion from
"återkoppling" (a long answer shown back), celebrates a cohort once ("fira") and sees its
diplomas; the leader gets the answer and the celebration in their own chat."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from cards.celebrations import COHORT_INPUT, GREETING_INPUT
from cards.feedback import ANONYMOUS_INPUT, ANSWER_INPUT, TEXT_INPUT
from storage.models import Person
from storage.roles import RoleName
from tests.activities import DANIELA, TENANT
from tests.card_schema import card_texts
from tests.clock import TestClock
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, bot, jonas, roster_entry

__all__ = ["bot", "jonas"]  # the fixtures

JONAS_EMAIL = "jonas.gumbel@uppsala.example"
DANIELA_EMAIL = "daniela.drazic@uppsala.example"


async def test_a_coordinator_answers_an_anonymous_suggestion_and_celebrates_a_cohort(
    bot: BotServer, jonas: Leader, connector: FakeConnector, clock: TestClock
) -> None:
    connector.add_conversation(DANIELA.personal_conversation, [roster_entry(DANIELA)])
    daniela = Leader(bot, connector, DANIELA)
    await daniela.say("hej")
    await daniela.say("återkoppling")
    await daniela.click("Skicka", **{TEXT_INPUT: "Fler filmer, tack", ANONYMOUS_INPUT: "true"})

    await jonas.say("hej")
    assert "Det här är till för kommunens samordnare" in str(await jonas.say("fira"))
    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)
    answer = await jonas.say("återkoppling")
    assert len([a for a in answer if a.get("attachments")]) == 2  # the form, then the list
    assert "anonymt: Fler filmer, tack" in card_texts(jonas.card)
    assert "Daniela" not in card_texts(jonas.card)

    await jonas.click("Svara")
    assert "Förslaget är anonymt" in card_texts(jonas.card)
    long = "Tack! " * 200
    await jonas.click("Skicka svaret", **{ANSWER_INPUT: long})
    assert "får vara högst 1000 tecken" in card_texts(jonas.card)
    assert jonas.input(ANSWER_INPUT)["value"] == long
    await jonas.click("Skicka svaret", **{ANSWER_INPUT: "Tack, vi spelar in fler i vår!"})
    assert "Ditt svar är skickat" in card_texts(jonas.card)
    assert "(Besvarat)" in card_texts(jonas.card)

    before = len(daniela.sent())
    await bot.services.sender.tick()
    [relayed] = daniela.sent()[before:]
    assert "Tack, vi spelar in fler i vår!" in card_texts(relayed["attachments"][0]["content"])

    # A cohort with Daniela, then "fira": preview, send twice, diplomas. The bot knows her
    # address as it would from her team's roster (a chat message carries none).
    async with bot.services.database.transaction() as session:
        await session.execute(
            update(Person)
            .where(Person.aad_object_id == DANIELA.aad_object_id)
            .values(email=DANIELA_EMAIL)
        )
    await jonas.say("omgång")
    start = (clock() + timedelta(days=1)).date().isoformat()
    await jonas.click(
        "Starta omgången",
        cohort_name="Våren",
        cohort_start=start,
        cohort_leaders=DANIELA_EMAIL,
    )
    await jonas.say("fira")
    cohort = jonas.input(COHORT_INPUT)["value"]  # the only cohort is chosen already
    await jonas.click("Förhandsgranska", **{COHORT_INPUT: cohort, GREETING_INPUT: "Bra jobbat!"})
    preview = card_texts(jonas.card)
    assert "Dags att fira!" in preview and "Bra jobbat!" in preview
    send = jonas.action("Skicka till 1 ledare")
    await jonas.click("Skicka till 1 ledare")
    assert "Firandet är skickat till 1 ledare" in card_texts(jonas.card)
    jonas.card = {"actions": [send]}  # Teams shows the preview still: a second click
    await jonas.click("Skicka till 1 ledare")
    assert "redan skickat" in card_texts(jonas.card)

    await jonas.say("fira")
    await jonas.click("Visa diplom", **{COHORT_INPUT: cohort})
    assert "Ingen i omgången har gått hela läranderesan än." in card_texts(jonas.card)

    before = len(daniela.sent())
    clock.advance(timedelta(days=2))  # the cohort's welcome is due too (she has begun already)
    await bot.services.sender.tick()
    celebrations = [
        a
        for a in daniela.sent()[before:]
        if "Dags att fira!" in card_texts(a["attachments"][0]["content"])
    ]
    assert len(celebrations) == 1
