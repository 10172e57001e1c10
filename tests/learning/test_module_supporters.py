"""What a coordinator publishes reaches a leader's module introduction: the Stöttepelare in one
short line (none named: no line) and the module's own film."""

from __future__ import annotations

from typing import Any

from cards.modules import module_card
from content import Content, load_content
from content.curriculum import Films
from content.journey import Supporter
from content.overrides import PublishedSettings
from learning.progress import journey_status
from tests.card_schema import assert_valid_card, card_nodes, card_texts

UPPSALA = "00000000-0000-0000-0000-0000000000001"
OTHER = "22222222-0000-0000-0000-000000000003"
FILM = "https://play.uppsala.example/modul-1"


def introduction(content: Content, tenant: str) -> dict[str, Any]:
    view = content.for_tenant(tenant)
    card = module_card(view, journey_status(view, (), (), ())[0], started=())
    assert_valid_card(card)
    return card


def test_the_module_introduction_names_the_published_stottepelare_and_film() -> None:
    content = load_content()
    assert "stöttepelare" not in card_texts(introduction(content, UPPSALA)).lower()
    first = content.modules[0].id
    content.publish(
        UPPSALA,
        PublishedSettings(
            version=1,
            name="Uppsala kommun",
            why_paragraphs=("Därför.",),
            supporters=(Supporter(name="Per Ek", role="coach", contact="per@uppsala.example"),),
            films={first: Films(introduction=FILM)},
        ),
    )
    card = introduction(content, UPPSALA)
    assert (
        "Behöver du stöd på vägen? Dina stöttepelare: Per Ek, coach – per@uppsala.example."
        in card_texts(card)
    )
    assert FILM in {node.get("url") for node in card_nodes(card)}
    other = introduction(content, OTHER)
    assert "Per Ek" not in card_texts(other)
    assert FILM not in {node.get("url") for node in card_nodes(other)}
