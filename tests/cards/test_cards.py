"""Card builders: valid Adaptive Card 1.5, Swedish text from content/, accessible."""

from __future__ import annotations

import pytest

from cards.elements import card, execute, text
from cards.help import help_card
from cards.welcome import LEARN_MORE, START_JOURNEY, journey_elements_card, welcome_card
from content.loader import load_content
from tests.card_schema import assert_valid_card, card_errors, card_texts

UPPSALA = "00000000-0000-0000-0000-0000000000001"


@pytest.fixture(scope="module")
def content():
    return load_content()


def test_the_schema_check_catches_a_broken_card() -> None:
    broken = card([text("Hej")], fallback_text="Hej")
    broken["body"][0]["colour"] = "Good"  # not a TextBlock property
    broken["actions"] = [{"type": "Action.Execute", "title": "x", "verb": "v", "bogus": 1}]
    problems = card_errors(broken)
    assert any("colour" in problem for problem in problems)
    assert any("bogus" in problem for problem in problems)


def test_welcome_card_greets_by_first_name_with_the_default_why(content) -> None:
    built = welcome_card(content.for_tenant("unknown-tenant"), "Jonas")
    assert_valid_card(built)
    texts = card_texts(built)
    assert "Välkommen Jonas!" in texts
    assert "Vad roligt att just du vill genomföra en innovationsexpedition." in texts
    assert content.organisation.why_title in texts
    assert "Lär dig innovera i din vardag" in texts
    assert "Du är inte ensam" in texts
    [learn] = [block for block in built["body"] if block.get("id") == LEARN_MORE]
    assert learn["isVisible"] is False  # folded behind its toggle, so "Sätt igång!" stays in sight
    assert built["fallbackText"]
    start, english = built["actions"]
    assert (english["title"], english["data"]["language"]) == ("In English", "en")
    assert start["title"] == "Sätt igång!"
    assert start["verb"] == START_JOURNEY
    assert start["fallback"]["type"] == "Action.Submit"
    assert start["fallback"]["data"]["verb"] == START_JOURNEY


def test_welcome_card_uses_the_organisations_own_why(content) -> None:
    texts = card_texts(welcome_card(content.for_tenant(UPPSALA), "Daniela"))
    assert "Varför behöver du i Uppsala kommun ökad innovationskraft?" in texts
    assert "Att skapa ett smart och hållbart Uppsala" in texts
    assert content.organisation.why_title not in texts


def test_welcome_without_a_name_still_reads_well(content) -> None:
    built = welcome_card(content, "")
    assert_valid_card(built)
    assert "Välkommen !" not in card_texts(built)


def test_journey_elements_card_names_all_four_elements(content) -> None:
    built = journey_elements_card(content, execute("Nästa", "onboarding", {"step": "elements"}))
    assert_valid_card(built)
    assert built["actions"][0]["title"] == "Nästa"
    texts = card_texts(built)
    for name in ("Innovationsteam", "Arbetsboken", "Tidsplan", "Hjälp"):
        assert name in texts


def test_help_card_lists_the_commands_that_work(content) -> None:
    built = help_card(content, {"help", "cancel", "workbook"})
    assert_valid_card(built)
    texts = card_texts(built)
    shown = {entry.command for entry in content.messages.help_commands if entry.command in texts}
    assert shown == {"hjälp", "avbryt", "arbetsboken"}
    assert "Öppna arbetsboken med ditt mål och dina reflektioner" in texts


def test_execute_action_carries_the_verb_for_both_paths() -> None:
    action = execute("Bekräfta tid", "confirm", {"proposal": 7})
    assert action["verb"] == "confirm"
    assert action["data"] == {"verb": "confirm", "proposal": 7}
    assert action["fallback"]["data"] == {"verb": "confirm", "proposal": 7}
