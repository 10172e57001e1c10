"""The leader's own card buttons (onboarding, booking, workbook, privacy): what each verb's payload
accepts, and the forgeries it refuses.

The valid payloads are the data the cards' own buttons carry (plus the inputs Teams merges in),
so a change to a card that the model no longer accepts fails here, not in a leader's Teams.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from cards import booking, onboarding, privacy, welcome, workbook
from cards.onboarding import Step
from chat.actions import MAX_INPUT_CHARS, ActionPayload, parse_payload
from content.loader import load_content
from learning.plan import make_plan, plan_rule
from tests.card_schema import card_nodes
from workbook.export import build_document

CONTENT = load_content()
HUGE = 2**63
NOW = datetime(2026, 12, 2, 13, tzinfo=UTC)
GRADES = {f"area_{area.id}": "2" for area in CONTENT.maturity.areas}


def buttons(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """verb -> data of every Action.Execute on the card (the last one of a verb)."""
    return {
        node["verb"]: node["data"]
        for node in card_nodes(card)
        if node.get("type") == "Action.Execute" and "data" in node
    }


def every_button(card: dict[str, Any]) -> list[dict[str, Any]]:
    """The data of every Action.Execute and of its Action.Submit fallback."""
    return [
        node["data"]
        for node in card_nodes(card)
        if node.get("type") in {"Action.Execute", "Action.Submit"} and "data" in node
    ]


def parse(model: type[ActionPayload], data: dict[str, Any]) -> Any:
    """As the router does: None for a payload that does not validate."""
    return parse_payload(model, data)


def workbook_card() -> dict[str, Any]:
    document = build_document(
        CONTENT, owner="Jonas Gumbel", entries=[], assessments=[], completed_at=None, now=NOW
    )
    links = workbook.WorkbookLinks(
        pdf="https://bot.example.se/a.pdf",
        markdown="https://bot.example.se/a.md",
        chart=None,
        diploma=None,
        minutes=15,
    )
    return workbook.workbook_card(
        CONTENT,
        document,
        links,
        next_checkpoint=CONTENT.maturity.checkpoints[0],
        owner_teams_id="29:jonas",
    )


def onboarding_cards() -> list[dict[str, Any]]:
    plan = make_plan(CONTENT, {})
    return [
        welcome.journey_elements_card(
            CONTENT, onboarding.next_action(CONTENT.messages.next_button, Step.ELEMENTS)
        ),
        onboarding.individualise_card(CONTENT, Step.INDIVIDUALISE),
        onboarding.familiarity_card(CONTENT, Step.FAMILIARITY, 2, answer=None),
        onboarding.plan_card(CONTENT, plan, plan_rule(CONTENT, plan), step=Step.PLAN),
        onboarding.goal_card(CONTENT, step=Step.GOAL, value=None),
        onboarding.starting_point_card(CONTENT, Step.STARTING_POINT, {}),
    ]


def booking_buttons() -> dict[str, dict[str, Any]]:
    return {
        **buttons(booking.wishes_card(CONTENT)),
        **buttons(booking.proposal_card(CONTENT, ["onsdag 2 december kl. 14:00–15:00"], wanted=1)),
        **buttons(booking.manual_card(CONTENT, note=None)),
    }


# --- every button of these cards parses as its verb's model ---------------------------------

VERBS: dict[str, type[ActionPayload]] = {
    welcome.START_JOURNEY: welcome.StartJourney,
    onboarding.ONBOARDING: onboarding.OnboardingAnswer,
    onboarding.GOAL_SAVE: onboarding.SaveGoal,
    booking.FIND: booking.FindTimes,
    booking.BOOK: booking.BookProposal,
    booking.CHANGE: booking.ChangeWishes,
    booking.MANUAL: booking.PickByHand,
    booking.BOOK_MANUAL: booking.BookByHand,
    workbook.WORKBOOK_REFRESH: workbook.RefreshWorkbook,
    workbook.CHECKPOINT_OPEN: workbook.OpenCheckpoint,
    workbook.CHECKPOINT_SAVE: workbook.SaveCheckpoint,
    privacy.DELETE_MY_DATA: privacy.DeleteAnswer,
    welcome.CHOOSE_LANGUAGE: welcome.ChooseLanguage,
}


def all_cards() -> list[dict[str, Any]]:
    return [
        welcome.welcome_card(CONTENT, "Jonas"),
        *onboarding_cards(),
        onboarding.goal_card(CONTENT, step=None, value="Mitt mål"),
        booking.wishes_card(CONTENT),
        booking.proposal_card(CONTENT, ["onsdag 2 december kl. 14:00–15:00"], wanted=1),
        booking.proposal_card(CONTENT, [], wanted=1),
        booking.manual_card(CONTENT, note=None),
        booking.schedule_card(CONTENT, []),
        workbook_card(),
        workbook.checkpoint_card(CONTENT, CONTENT.maturity.checkpoints[1], None, {}),
        privacy.delete_confirmation_card(CONTENT),
    ]


def test_every_button_on_the_cards_has_a_model_that_takes_its_data() -> None:
    seen = set()
    for built in all_cards():
        for data in every_button(built):
            verb = data["verb"]
            assert verb in VERBS, verb
            assert parse(VERBS[verb], data) is not None, data
            seen.add(verb)
    assert seen == set(VERBS)


def test_the_workbook_cards_own_refresh_parses() -> None:
    refresh = workbook_card()["refresh"]["action"]
    assert refresh["verb"] == workbook.WORKBOOK_REFRESH
    assert parse(workbook.RefreshWorkbook, refresh.get("data", {})) is not None


def test_no_fields_verbs_take_teams_own_keys() -> None:
    for model in (
        welcome.StartJourney,
        booking.BookProposal,
        booking.ChangeWishes,
        booking.PickByHand,
        workbook.RefreshWorkbook,
    ):
        assert parse(model, {"verb": "x", "msteams": {"type": "invoke"}}) is not None


# --- the onboarding ---------------------------------------------------------------------------


def onboarding_data(step: Step) -> dict[str, Any]:
    for built in onboarding_cards():
        data = buttons(built).get(onboarding.ONBOARDING)
        if data and data["step"] == step:
            return data
    raise AssertionError(step)


def test_an_onboarding_step_with_its_inputs() -> None:
    familiarity = parse(
        onboarding.OnboardingAnswer,
        {**onboarding_data(Step.FAMILIARITY), "familiarity": "somewhat"},
    )
    assert familiarity.step is Step.FAMILIARITY
    assert familiarity.module == 2
    assert familiarity.familiarity == "somewhat"

    goal = parse(onboarding.OnboardingAnswer, {**onboarding_data(Step.GOAL), "goal": "Att leda."})
    assert goal.step is Step.GOAL and goal.module is None and goal.goal == "Att leda."

    start = parse(onboarding.OnboardingAnswer, {**onboarding_data(Step.STARTING_POINT), **GRADES})
    area = CONTENT.maturity.areas[0].id
    assert start.area_answer(area) == "2"
    assert start.area_answer("no_such_area") == ""


def test_an_onboarding_step_left_empty_still_reaches_the_dialog() -> None:
    """Teams sends "" for an empty input, Action.Submit clients may send nothing: the dialog
    answers with the card and its message, as before."""
    empty = parse(
        onboarding.OnboardingAnswer,
        {**onboarding_data(Step.GOAL), "goal": "", "familiarity": ""},
    )
    assert empty is not None and empty.goal == "" and empty.familiarity == ""
    assert parse(onboarding.OnboardingAnswer, onboarding_data(Step.FAMILIARITY)).familiarity is None


def test_a_goal_over_its_limit_still_parses_so_it_can_be_shown_back() -> None:
    """The content's limit (600) is the dialog's to explain, with the text kept on the card."""
    too_long = "x" * (CONTENT.onboarding.goal.max_length + 1)
    assert parse(onboarding.OnboardingAnswer, {"step": "goal", "goal": too_long}) is not None
    assert parse(onboarding.SaveGoal, {"goal": too_long}) is not None


@pytest.mark.parametrize(
    "forged",
    [
        {"verb": onboarding.ONBOARDING},  # no step
        {"step": "nowhere"},
        {"step": ["goal"]},
        {"step": 3},
        {"step": "familiarity", "module": HUGE},
        {"step": "familiarity", "module": -1},
        {"step": "familiarity", "module": "2"},  # the card sends a number
        {"step": "familiarity", "module": 2.0},
        {"step": "familiarity", "module": True},
        {"step": "familiarity", "module": 2, "familiarity": ["somewhat"]},
        {"step": "familiarity", "module": 2, "familiarity": {"id": "somewhat"}},
        {"step": "goal", "goal": ["Att leda."]},
        {"step": "goal", "goal": 7},
        {"step": "goal", "goal": "x" * (MAX_INPUT_CHARS + 1)},
    ],
)
def test_forged_onboarding_steps_are_refused(forged: dict[str, Any]) -> None:
    assert parse(onboarding.OnboardingAnswer, forged) is None


def test_a_forged_area_value_reaches_the_dialog_as_text_it_will_not_take() -> None:
    """Area ids come from the content; the dialog accepts only a level of the model."""
    area = CONTENT.maturity.areas[0].id
    payload = parse(onboarding.OnboardingAnswer, {"step": "starting_point", f"area_{area}": ["2"]})
    assert not payload.area_answer(area).isdigit()


@pytest.mark.parametrize("forged", [{"goal": ["Mål"]}, {"goal": 5}, {"goal": {"a": 1}}])
def test_forged_goals_are_refused(forged: dict[str, Any]) -> None:
    assert parse(onboarding.SaveGoal, forged) is None


def test_the_goal_save_button() -> None:
    data = buttons(onboarding.goal_card(CONTENT, step=None, value=None))[onboarding.GOAL_SAVE]
    assert parse(onboarding.SaveGoal, {**data, "goal": "Mitt mål"}).goal == "Mitt mål"
    assert parse(onboarding.SaveGoal, data).goal is None


# --- booking -----------------------------------------------------------------------------------


def test_the_wishes_and_the_days_by_hand() -> None:
    found = booking_buttons()
    wishes = parse(
        booking.FindTimes,
        {**found[booking.FIND], "parts_of_day": "forenoon,afternoon", "frequency": "weekly"},
    )
    assert wishes.parts_of_day == "forenoon,afternoon" and wishes.frequency == "weekly"
    empty = parse(booking.FindTimes, {**found[booking.FIND], "parts_of_day": ""})
    assert empty.parts_of_day == "" and empty.frequency is None

    by_hand = parse(
        booking.BookByHand, {**found[booking.BOOK_MANUAL], "weekdays": "1,3", "time": "08:30"}
    )
    assert by_hand.weekdays == "1,3" and by_hand.time == "08:30"
    left_empty = parse(booking.BookByHand, {**found[booking.BOOK_MANUAL], "weekdays": ""})
    assert left_empty.weekdays == "" and left_empty.time is None


@pytest.mark.parametrize(
    ("model", "forged"),
    [
        (booking.FindTimes, {"parts_of_day": ["morning", "afternoon"]}),
        (booking.FindTimes, {"parts_of_day": "morning", "frequency": ["weekly"]}),
        (booking.FindTimes, {"frequency": 1}),
        (booking.FindTimes, {"parts_of_day": "m," * MAX_INPUT_CHARS}),
        (booking.BookByHand, {"weekdays": [1, 3], "time": "08:30"}),
        (booking.BookByHand, {"weekdays": "1", "time": 830}),
        (booking.BookByHand, {"weekdays": "1", "time": {"h": 8}}),
    ],
)
def test_forged_booking_inputs_are_refused(
    model: type[ActionPayload], forged: dict[str, Any]
) -> None:
    assert parse(model, forged) is None


# --- workbook ----------------------------------------------------------------------------------


def test_the_checkpoint_buttons() -> None:
    opened = parse(workbook.OpenCheckpoint, buttons(workbook_card())[workbook.CHECKPOINT_OPEN])
    assert opened.checkpoint == CONTENT.maturity.checkpoints[0].id

    halfway = CONTENT.maturity.checkpoints[1]
    card = workbook.checkpoint_card(CONTENT, halfway, None, {})
    saved = parse(workbook.SaveCheckpoint, {**buttons(card)[workbook.CHECKPOINT_SAVE], **GRADES})
    assert saved.checkpoint == halfway.id
    assert {area.id: saved.area_answer(area.id) for area in CONTENT.maturity.areas} == {
        area.id: "2" for area in CONTENT.maturity.areas
    }
    unknown = parse(workbook.OpenCheckpoint, {"checkpoint": "someday"})
    assert unknown.checkpoint == "someday"  # the dialog answers "unknown checkpoint" on the card


@pytest.mark.parametrize(
    ("model", "forged"),
    [
        (workbook.OpenCheckpoint, {"verb": workbook.CHECKPOINT_OPEN}),
        (workbook.OpenCheckpoint, {"checkpoint": ["halfway"]}),
        (workbook.OpenCheckpoint, {"checkpoint": HUGE}),
        (workbook.SaveCheckpoint, {"verb": workbook.CHECKPOINT_SAVE, **GRADES}),
        (workbook.SaveCheckpoint, {"checkpoint": {"id": "halfway"}, **GRADES}),
        (workbook.SaveCheckpoint, {"checkpoint": "x" * (MAX_INPUT_CHARS + 1)}),
    ],
)
def test_forged_checkpoints_are_refused(model: type[ActionPayload], forged: dict[str, Any]) -> None:
    assert parse(model, forged) is None


# --- privacy -----------------------------------------------------------------------------------


def test_the_two_answers_to_delete_my_data() -> None:
    found = [
        data
        for data in every_button(privacy.delete_confirmation_card(CONTENT))
        if data["verb"] == privacy.DELETE_MY_DATA
    ]
    assert {parse(privacy.DeleteAnswer, data).answer for data in found} == {"yes", "no"}


@pytest.mark.parametrize(
    "forged",
    [
        {"verb": privacy.DELETE_MY_DATA},
        {"answer": "ja"},
        {"answer": ["yes"]},
        {"answer": True},
        {"answer": 1},
        {"answer": "YES"},
    ],
)
def test_forged_delete_answers_are_refused(forged: dict[str, Any]) -> None:
    assert parse(privacy.DeleteAnswer, forged) is None
