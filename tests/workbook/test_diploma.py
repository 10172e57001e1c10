"""The diploma: made when the journey is completed, and only then."""

from __future__ import annotations

from datetime import UTC, datetime

from content.loader import load_content
from services.events import JourneyCompleted
from tests.card_schema import assert_valid_card, card_texts
from tests.harness import BotServer
from tests.onboarding.conftest import Leader
from tests.workbook.conftest import fetch, links, onboard, pdf_text, squash
from workbook.diploma import diploma_pdf
from workbook.links import FileKind

DIPLOMA = "Ditt diplom (PDF)"


def test_the_diploma_names_the_leader_and_the_day() -> None:
    content = load_content()
    pdf = diploma_pdf(
        content,
        name="Åsa Öberg",
        completed_at=datetime(2027, 5, 31, 22, 30, tzinfo=UTC),  # 1 June in Stockholm
        created=datetime(2027, 6, 1, tzinfo=UTC),
    )
    text = squash(pdf_text(pdf))
    assert "Diplom" in text and "Expedition Innovation" in text
    assert "Åsa Öberg har genomfört läranderesan Expedition Innovation" in text
    assert "Din organisation, 1 juni 2027" in text


async def test_a_leader_who_completes_the_journey_gets_a_diploma(
    bot: BotServer, jonas: Leader
) -> None:
    person = await onboard(jonas, "Att vi på enheten testar en ny idé i månaden.")
    files, tenant = bot.services.files, "00000000-0000-0000-0000-0000000000001"
    status, body, _ = await fetch(bot, files.url(person, tenant, FileKind.DIPLOMA))
    assert status == 404 and b"%PDF" not in body  # not completed yet
    await jonas.say("arbetsboken")
    assert DIPLOMA not in links(jonas.card)

    workbooks = bot.services.workbooks
    await workbooks.record_journey_completed(JourneyCompleted(person, tenant))
    card = await workbooks.diploma_card(person, tenant)
    assert card is not None
    assert_valid_card(card)
    assert "Grattis – du har genomfört hela Expedition Innovation!" in card_texts(card)
    first = await bot.services.workbook.completed_at(person)
    await workbooks.record_journey_completed(JourneyCompleted(person, tenant))  # once is once
    assert await bot.services.workbook.completed_at(person) == first

    await jonas.say("arbetsboken")  # the workbook stays, now with the diploma
    status, body, headers = await fetch(bot, links(jonas.card)[DIPLOMA])
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert "Jonas Gumbel har genomfört läranderesan" in squash(pdf_text(body))
    status, body, _ = await fetch(bot, links(jonas.card)["PDF"])
    assert "Diplom" in pdf_text(body)
