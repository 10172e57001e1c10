"""The coordinator's cards are valid Adaptive Cards and show what the service decided."""

from __future__ import annotations

from datetime import UTC, datetime

from cards.follow_up import follow_up_card
from content.loader import load_content
from services.follow_up import CheckpointDistribution, FollowUp, Measure, ScopeCounts
from storage.feedback import SuggestionView
from tests.card_schema import assert_valid_card, card_texts

CONTENT = load_content()


def test_the_follow_up_card_shows_counts_distributions_suggestions_and_too_few() -> None:
    counts = {measure: n + 5 for n, measure in enumerate(Measure)}
    grades = {"culture": {1: 2, 4: 3}, "user_perspective": {2: 5}, "structure": {3: 5}}
    follow_up = FollowUp(
        ScopeCounts(None, counts),
        (ScopeCounts("G1 Innovationsteam 1", None), ScopeCounts("G2", counts)),
        (
            CheckpointDistribution("start", (*grades.items(), ("collaboration", {1: 5}))),
            CheckpointDistribution("halfway", None),
        ),
    )
    suggestions = [SuggestionView("Fler exempel", None, datetime(2026, 12, 1, 9, tzinfo=UTC))]
    card = follow_up_card(
        CONTENT,
        follow_up,
        csv_url="https://bot.example/files/x/follow-up.csv",
        minutes=15,
        suggestions=suggestions,
    )
    assert_valid_card(card)
    texts = card_texts(card)
    assert "Innovationsteam: G1 Innovationsteam 1" in texts and "färre än 5" in texts
    assert "Avslutade läranderesor" in texts and "12" in texts
    assert "Kultur och förhållningssätt: nivå 1: 2, nivå 2: 0, nivå 3: 0, nivå 4: 3" in texts
    assert "Innovationsmognad – Halvvägs" in texts and "Färre än 5 har svarat." in texts
    assert "tisdag 1 december, anonymt: Fler exempel" in texts
