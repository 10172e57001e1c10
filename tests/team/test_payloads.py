"""The team's card buttons: what each verb's payload accepts, and the forgeries it refuses.

The valid payloads are the data the cards' own buttons carry (plus the inputs Teams merges in),
so a change to a card that the model no longer accepts fails here, not in a leader's Teams.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from cards import meeting_followup, meetings, team
from chat.actions import MAX_INPUT_CHARS, ActionPayload, parse_payload
from content.loader import load_content
from tests.card_schema import card_nodes

CONTENT = load_content()
ZONE = ZoneInfo("Europe/Stockholm")
HUGE = 2**63  # one past the largest row id
START = datetime(2026, 12, 2, 13, tzinfo=UTC)


def buttons(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """verb -> data of every Action.Execute on the card, its refresh included."""
    return {
        node["verb"]: node["data"]
        for node in card_nodes(card)
        if node.get("type") == "Action.Execute"
    }


def parse(model: type[ActionPayload], data: dict[str, Any]) -> ActionPayload | None:
    """As the router does: None for a payload that does not validate."""
    return parse_payload(model, data)


def introduction_buttons() -> dict[str, dict[str, Any]]:
    return buttons(team.introduction_card(CONTENT, 12, ["29:a", "29:b"], introduced=0, members=2))


def proposal_buttons() -> dict[str, dict[str, Any]]:
    time = meetings.ProposedTime(34, START, START + timedelta(hours=1), (), ("Anna",))
    return buttons(
        meetings.proposal_card(
            CONTENT,
            meeting_id=56,
            ordinal="första",
            title="Hur ska vi arbeta tillsammans?",
            times=[time],
            zone=ZONE,
            user_ids=["29:a"],
        )
    )


def followup_buttons() -> dict[str, dict[str, Any]]:
    plan = CONTENT.social_learning.meeting(1)
    reflection = meeting_followup.reflection_card(CONTENT, plan, meeting_id=78)
    insights = meeting_followup.insights_card(CONTENT, plan, meeting_id=78, user_ids=["29:a"])
    return {**buttons(reflection), **buttons(insights)}


# verb -> (its model, the card's own button data, the inputs Teams merges in, an id key)
CASES: dict[str, tuple[type[ActionPayload], dict[str, Any], dict[str, Any], str]] = {
    team.INTRODUCE: (
        team.Introduce,
        introduction_buttons()[team.INTRODUCE],
        {"who": "Jag heter Anna.", "leads": "Ett team lärare.", "goal": "Pröva nya idéer."},
        team.GROUP,
    ),
    team.INTRODUCTION_VIEW: (
        team.ViewIntroductions,
        introduction_buttons()[team.INTRODUCTION_VIEW],
        {},
        team.GROUP,
    ),
    meetings.CONFIRM: (
        meetings.ConfirmTime,
        proposal_buttons()[meetings.CONFIRM],
        {},
        meetings.PROPOSAL,
    ),
    meetings.REJECT: (
        meetings.DeclineTime,
        proposal_buttons()[meetings.REJECT],
        {},
        meetings.PROPOSAL,
    ),
    meetings.MEETING_VIEW: (
        meetings.ViewMeeting,
        proposal_buttons()[meetings.MEETING_VIEW],
        {},
        meetings.MEETING,
    ),
    meeting_followup.REFLECTION_SAVE: (
        meeting_followup.SaveReflection,
        followup_buttons()[meeting_followup.REFLECTION_SAVE],
        {"reflection": "Vi lyssnade mer på varandra."},
        meeting_followup.MEETING,
    ),
    meeting_followup.INSIGHTS_SAVE: (
        meeting_followup.SaveInsights,
        followup_buttons()[meeting_followup.INSIGHTS_SAVE],
        {"insight_1": "Ett", "insight_2": "Två", "insight_3": "Tre"},
        meeting_followup.MEETING,
    ),
    meeting_followup.INSIGHTS_VIEW: (
        meeting_followup.ViewInsights,
        followup_buttons()[meeting_followup.INSIGHTS_VIEW],
        {},
        meeting_followup.MEETING,
    ),
}
VERBS = sorted(CASES)
WITH_INPUTS = [verb for verb in VERBS if CASES[verb][2]]


@pytest.mark.parametrize("verb", VERBS)
def test_the_cards_own_button_parses(verb: str) -> None:
    model, data, inputs, id_key = CASES[verb]
    assert data["verb"] == verb
    payload = parse(model, {**data, **inputs, "msteams": {"injected": True}})
    assert payload is not None
    assert getattr(payload, id_key) == data[id_key]
    for key, value in inputs.items():
        assert getattr(payload, key) == value


@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize(
    "forged",
    [HUGE, -1, 0, "12", 12.0, True, [12], {"id": 12}, None],
    ids=["2**63", "negative", "zero", "string", "float", "bool", "list", "object", "null"],
)
def test_a_forged_id_is_refused(verb: str, forged: Any) -> None:
    model, data, inputs, id_key = CASES[verb]
    assert parse(model, {**data, **inputs, id_key: forged}) is None


@pytest.mark.parametrize("verb", VERBS)
def test_a_missing_id_is_refused(verb: str) -> None:
    model, data, inputs, id_key = CASES[verb]
    without = {key: value for key, value in {**data, **inputs}.items() if key != id_key}
    assert parse(model, without) is None
    with pytest.raises(ValidationError):
        model.model_validate(without)


@pytest.mark.parametrize("verb", WITH_INPUTS)
@pytest.mark.parametrize(
    "forged",
    [["text"], {"text": "x"}, 12, "x" * (MAX_INPUT_CHARS + 1)],
    ids=["list", "object", "int", "huge"],
)
def test_an_input_that_is_not_text_is_refused(verb: str, forged: Any) -> None:
    model, data, inputs, _id_key = CASES[verb]
    for key in inputs:
        assert parse(model, {**data, **inputs, key: forged}) is None, key


@pytest.mark.parametrize("verb", WITH_INPUTS)
def test_empty_or_missing_inputs_still_parse(verb: str) -> None:
    """Teams sends "" for an input left empty, Action.Submit clients may leave it out: the
    dialog answers those with its own Swedish note, not "this button no longer works"."""
    model, data, inputs, _id_key = CASES[verb]
    empty = parse(model, {**data, **dict.fromkeys(inputs, "")})
    missing = parse(model, data)
    assert empty is not None and missing is not None
    for key in inputs:
        assert getattr(empty, key) == ""
        assert getattr(missing, key) is None


def test_the_insights_are_read_in_the_cards_order_and_stripped() -> None:
    payload = meeting_followup.SaveInsights.model_validate(
        {"meeting_id": 3, "insight_3": " tre ", "insight_1": "ett", "insight_2": ""}
    )
    assert payload.written() == ["ett", "", "tre"]
