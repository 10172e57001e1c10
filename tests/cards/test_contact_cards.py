"""The contact cards: valid Adaptive Cards 1.5, their buttons' data taken by their payload
models, forged data refused, and a proposal that holds only what the other person typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from cards.contacts import (
    ANSWER_CONTACT,
    ASK_CONTACT,
    STOP_CONTACT,
    ContactAnswer,
    ContactForm,
    Introduction,
    Proposal,
    StopContact,
    introduction_card,
    notice_card,
    proposal_card,
    request_card,
    waiting_card,
)
from chat.actions import ActionPayload, parse_payload
from content.loader import load_content
from tests.card_schema import assert_valid_card, card_nodes, card_texts

CONTENT = load_content()
MODELS: dict[str, type[ActionPayload]] = {
    ASK_CONTACT: ContactForm,
    STOP_CONTACT: StopContact,
    ANSWER_CONTACT: ContactAnswer,
}
PROPOSAL = Proposal(7, "Björn", "Kiruna", "Skola", "Rektor som testar elevintervjuer", "Temat")
INTRODUCTION = Introduction(
    "Björn",
    "Björn Berg",
    "Kiruna",
    "bjorn@kiruna.se",
    "",
    "Rektor som testar elevintervjuer",
    ((datetime(2026, 12, 1, 11, tzinfo=UTC), datetime(2026, 12, 1, 11, 30, tzinfo=UTC)),),
    "Europe/Stockholm",
)


def all_cards() -> list[dict]:
    return [
        request_card(CONTENT),
        request_card(CONTENT, typed=ContactForm(contact_topic="same_area"), problems=["Fel"]),
        waiting_card(CONTENT, "Du väntar", said="Tack!"),
        proposal_card(CONTENT, PROPOSAL),
        introduction_card(CONTENT, INTRODUCTION),
        introduction_card(CONTENT, replace(INTRODUCTION, email=None, times=())),
        notice_card(CONTENT, CONTENT.contacts.no_contact),
    ]


def test_every_card_is_valid_and_every_button_parses() -> None:
    for built in all_cards():
        assert_valid_card(built)
        for node in [*built.get("actions", []), *card_nodes(built.get("body", []))]:
            if node.get("type") != "Action.Execute":
                continue
            model = MODELS[node["verb"]]
            assert parse_payload(model, node["data"]) is not None, node


def test_forged_answers_are_refused() -> None:
    for forged in ({"pair_id": "7", "yes": True}, {"pair_id": 0, "yes": True}, {"yes": True}):
        assert parse_payload(ContactAnswer, {"verb": ANSWER_CONTACT, **forged}) is None


def test_the_proposal_shows_what_was_typed_and_no_address() -> None:
    shown = card_texts(proposal_card(CONTENT, PROPOSAL))
    assert "Björn från Kiruna vill också prata om Temat." in shown
    assert "Rektor som testar elevintervjuer" in shown and "@" not in shown


def test_the_introduction_gives_the_address_and_times_in_the_readers_zone() -> None:
    built = introduction_card(CONTENT, INTRODUCTION)
    shown = card_texts(built)
    assert "bjorn@kiruna.se" in shown
    assert "tisdag 1 december kl. 12:00–12:30" in shown  # 11:00 UTC in Stockholm
    [chat] = built["actions"]
    assert chat["url"].endswith("users=bjorn%40kiruna.se")


def test_without_an_address_or_common_times_the_introduction_says_so() -> None:
    built = introduction_card(CONTENT, replace(INTRODUCTION, email=None, times=()))
    assert CONTENT.contacts.no_times in card_texts(built)
    assert "actions" not in built
