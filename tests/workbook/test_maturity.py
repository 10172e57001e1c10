"""Maturity over time: checkpoints after the start, the chart, the suggested exercises."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from cards.workbook import checkpoint_card
from content.loader import load_content
from storage.workbook import Assessment
from tests.card_schema import assert_valid_card, card_texts
from tests.harness import BotServer
from tests.onboarding.conftest import Leader
from tests.workbook.conftest import button_titles, fetch, images, links, onboard, pdf_text, squash
from workbook.chart import PNG_SIGNATURE, draw_chart, render_chart
from workbook.maturity import maturity_chart_data, next_checkpoint, suggestion

NOW = datetime(2026, 12, 4, 13, tzinfo=UTC)
START = {"culture": 2, "user_perspective": 1, "structure": 1, "collaboration": 3}
HALFWAY = {"culture": 3, "user_perspective": 3, "structure": 2, "collaboration": 3}


@pytest.fixture(scope="module")
def content():
    return load_content()


def assessments(*grades: dict[str, int]) -> list[Assessment]:
    ids = ("start", "halfway", "end")
    return [Assessment(ids[i], g, NOW + timedelta(days=60 * i)) for i, g in enumerate(grades)]


async def test_the_chart_is_a_png_of_the_four_areas_over_time(content) -> None:
    data = maturity_chart_data(content, assessments(START, HALFWAY))
    assert data.checkpoints == ("Vid start", "Halvvägs", "Vid avslut")
    assert [s.title for s in data.series] == [
        "Kultur och förhållningssätt",
        "Användarperspektivet",
        "Struktur och planering",
        "Samverkan",
    ]
    assert data.series[0].grades == (2, 3, None)
    png = await render_chart(data)  # drawn in a worker thread
    assert png.startswith(PNG_SIGNATURE) and len(png) > 10_000
    assert Image.open(io.BytesIO(png)).size == (720, 420)
    assert draw_chart(data) == png  # deterministic: same grades, same picture
    assert maturity_chart_data(content, []) is None


def test_the_weakest_area_of_the_latest_checkpoint_points_at_its_theme(content) -> None:
    # At the start the user perspective and the structure are both 1: the model's order decides.
    found = suggestion(content, assessments(START))
    assert found.area.id == "user_perspective" and found.theme.id == "understand_users"
    assert [e.number for e in found.exercises] == [10, 12, 11]  # shortest first
    # Halfway the structure is the only weakest one: Gör plats för innovation.
    found = suggestion(content, assessments(START, HALFWAY))
    assert found.area.title == "Struktur och planering"
    assert found.theme.title == "Gör plats för innovation"
    assert {e.theme for e in found.exercises} == {"make_room"}
    assert suggestion(content, []) is None


def test_the_next_checkpoint(content) -> None:
    assert next_checkpoint(content, []).id == "start"
    assert next_checkpoint(content, assessments(START)).id == "halfway"
    assert next_checkpoint(content, assessments(START, HALFWAY, START)) is None


def test_the_checkpoint_card(content) -> None:
    halfway = content.maturity.checkpoints[1]
    card = checkpoint_card(content, halfway, ("Vid start", START), {})
    assert_valid_card(card)
    texts = card_texts(card)
    assert "Din innovationsmognad – Halvvägs" in texts
    assert "Förra gången (Vid start): 2 – Vi testar" in texts
    assert card["actions"][0]["data"] == {"verb": "maturity_checkpoint", "checkpoint": "halfway"}
    with_error = checkpoint_card(content, halfway, None, {"culture": 3}, error="Välj en nivå.")
    assert_valid_card(with_error)
    assert "Välj en nivå." in card_texts(with_error)


async def test_a_leader_assesses_halfway_and_sees_the_change(bot: BotServer, jonas: Leader) -> None:
    person = await onboard(jonas, "Att mitt team vågar pröva nya idéer varje månad.")
    await jonas.say("arbetsboken")
    assert "Halvvägs: När halva läranderesan är genomförd." in card_texts(jonas.card)
    await jonas.click("Skatta din innovationsmognad: Halvvägs")
    assert "Din innovationsmognad – Halvvägs" in card_texts(jonas.card)
    assert jonas.input("area_culture")["isRequired"] is True

    await jonas.click("Spara min skattning", area_culture="3")  # the rest left out
    assert "Välj den beskrivning som stämmer bäst för området." in card_texts(jonas.card)
    assert await bot.services.workbook.maturity(person, "halfway") == {}

    await jonas.click(
        "Spara min skattning",
        area_culture="3",
        area_user_perspective="3",
        area_structure="2",
        area_collaboration="4",
    )
    texts = card_texts(jonas.card)
    assert "Tack! Din skattning är sparad i arbetsboken." in texts
    assert "Halvvägs" in texts and "Samverkan" in texts and "4 – Vi är" in texts
    assert "Ditt lägsta område just nu: Struktur och planering" in texts
    assert "Övning 7: Gör ett dagordningsexperiment (30 min)" in texts
    assert "Skatta din innovationsmognad: Vid avslut" in button_titles(jonas.card)
    assert await bot.services.workbook.maturity(person, "halfway") == {
        "culture": 3,
        "user_perspective": 3,
        "structure": 2,
        "collaboration": 4,
    }
    [chart] = images(jonas.card)
    status, png, _ = await fetch(bot, chart)
    assert status == 200 and png.startswith(PNG_SIGNATURE)

    pdf = links(jonas.card)["PDF"]
    status, body, _ = await fetch(bot, pdf)
    text = squash(pdf_text(body))
    assert "Halvvägs" in text and "Förslag på övningar" in text
    assert "Ditt lägsta område just nu: Struktur och planering" in text
