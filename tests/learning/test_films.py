"""Films are an organisation's own: with one in its file the area shows "Starta filmen" and
the module "Introduktionsfilm" / "Se introduktionsfilmen"; without one, no button and no item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cards.modules import module_card, module_overview_card
from cards.onboarding import Step, familiarity_card
from content import Content, load_content
from learning.progress import journey_status
from tests.card_schema import assert_valid_card, card_nodes, card_texts

TENANT = "aaaaaaaa-0000-0000-0000-000000000002"
AREA_FILM = "https://example.org/film/omrade-2"
MODULE_FILM = "https://example.org/film/modul-2"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Content:
    folder: Path = tmp_path_factory.mktemp("organisations")
    (folder / "helsingborg.yaml").write_text(
        f'tenant_ids: ["{TENANT}"]\n'
        "films:\n"
        "  explore_perspectives:\n"
        f"    area: {AREA_FILM}\n"
        f"    introduction: {MODULE_FILM}\n",
        encoding="utf-8",
    )
    return load_content(organisations_dir=folder)


def urls(card: dict[str, Any]) -> set[str]:
    found = {node["url"] for node in card_nodes(card) if node.get("type") == "Action.OpenUrl"}
    texts = card_texts(card)
    return found | {url for url in (AREA_FILM, MODULE_FILM) if f"]({url})" in texts}


def cards(content: Content, module_number: int) -> tuple[dict[str, Any], ...]:
    status = journey_status(content, (), (), ())[module_number - 1]
    return (
        familiarity_card(content, Step.FAMILIARITY, module_number - 1, answer=None),
        module_overview_card(content, status, started=False),
        module_card(content, status, started=()),
    )


def test_an_organisations_films_show_on_the_area_and_the_module(content: Content) -> None:
    area, overview, module = cards(content.for_tenant(TENANT), 2)
    for card in (area, overview, module):
        assert_valid_card(card)
    assert "Starta filmen" in card_texts(area) and urls(area) == {AREA_FILM}
    assert f"[Introduktionsfilm]({MODULE_FILM})" in card_texts(overview)
    assert "Se introduktionsfilmen" in card_texts(module) and urls(module) == {MODULE_FILM}


@pytest.mark.parametrize("tenant, number", [(None, 2), (TENANT, 1), (TENANT, 6)])
def test_without_a_film_there_is_no_film_button_or_item(
    content: Content, tenant: str | None, number: int
) -> None:
    for card in cards(content.for_tenant(tenant), number):
        texts = card_texts(card)
        assert "Starta filmen" not in texts and "film" not in texts.lower()
        assert urls(card) == set()
