"""The learning cards' button payloads: what the cards send parses, forged payloads do not
(and reach no handler: the leader gets "that button no longer works")."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from cards import learning_actions as buttons
from cards.exercises import exercise_card
from cards.library import library_card
from cards.modules import module_card, module_overview_card
from cards.nudge import nudge_card
from cards.progress import progress_card
from cards.reflection import reflection_card, reflection_sent_card
from chat.actions import MAX_INPUT_CHARS, ActionPayload
from content import Content, load_content
from learning.progress import find_exercise, journey_status
from storage.workbook import ReflectionEntry
from tests.activities import JONAS, card_execute
from tests.card_schema import card_nodes
from tests.clock import START
from tests.learning.conftest import Learner

STALE = "Den här knappen hör till ett äldre meddelande och fungerar inte längre."

MODULE_VERBS: list[tuple[str, type[ActionPayload]]] = [
    (buttons.MODULE_OVERVIEW, buttons.ShowModuleOverview),
    (buttons.MODULE_START, buttons.StartModule),
    (buttons.MODULE_SHOW, buttons.ShowModule),
]
EXERCISE_VERBS: list[tuple[str, type[ActionPayload]]] = [
    (buttons.EXERCISE_SHOW, buttons.ShowExercise),
    (buttons.EXERCISE_START, buttons.StartExercise),
    (buttons.REFLECT, buttons.Reflect),
    (buttons.REFLECTION_DRAFT, buttons.SaveReflectionDraft),
    (buttons.REFLECTION_SEND, buttons.SendReflection),
    (buttons.EXERCISE_NOTES, buttons.SaveNotes),
    (buttons.EXERCISE_SITTING, buttons.DoSitting),
]
REFLECTION_VERBS = EXERCISE_VERBS[3:5]
FORGED_IDS: list[Any] = [
    ["important_behaviour"],
    {"id": "important_behaviour"},
    2**63,
    7,
    True,
    None,
    "",
    "Important Behaviour",
    "../etc",
    "a" * 101,
]


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def button_data(card: Any) -> dict[str, dict[str, Any]]:
    """Every Action.Execute's data on a card, by the button's title."""
    return {
        node["title"]: node["data"]
        for node in card_nodes(card)
        if node.get("type") == "Action.Execute"
    }


# --- what the cards send ----------------------------------------------------------------------


def test_every_button_on_the_cards_parses(content: Content) -> None:
    statuses = journey_status(content, (), frozenset(), frozenset())
    status = statuses[0]
    behaviour = status.exercises[0]
    library = find_exercise(content, "exercise_7")
    coach = find_exercise(content, "exercise_9")  # 10 sittings
    assert library is not None and coach is not None
    reflection = ReflectionEntry(
        id=1,
        module_id=behaviour.module.id,
        exercise_id=behaviour.key,
        text="Det gick bra.",
        shared=True,
        draft=False,
        updated_at=START,
    )
    built = [
        module_overview_card(content, status, started=False),
        module_card(content, status, started=()),
        exercise_card(content, behaviour, started=False, reflection=None),
        exercise_card(content, library, started=True, reflection=None),
        library_card(content, theme_id=None, minutes=15, started=(), reflected=()),
        reflection_card(content, behaviour, value="", shared=True, sent=False),
        reflection_sent_card(content, behaviour, reflection, status, note="Sparad."),
        progress_card(content, statuses),
        nudge_card(content, behaviour, "Jonas"),
        nudge_card(content, coach, "Jonas", sittings=3),
        exercise_card(content, coach, started=True, reflection=None, sittings=3),
    ]
    models: dict[str, type[ActionPayload]] = {
        **dict(MODULE_VERBS),
        **dict(EXERCISE_VERBS),
        buttons.LIBRARY: buttons.FilterLibrary,
        buttons.PROGRESS: buttons.ShowProgress,
    }
    seen = set()
    for card in built:
        for data in button_data(card).values():
            model = models[data["verb"]]
            model.model_validate(data)
            seen.add(data["verb"])
    assert seen == set(models)


# --- modules and exercises --------------------------------------------------------------------


@pytest.mark.parametrize(("verb", "model"), MODULE_VERBS)
def test_a_module_button_parses(verb: str, model: type[buttons.ModuleButton]) -> None:
    payload = model.model_validate({"verb": verb, "module": "important_behaviour"})
    assert payload.module == "important_behaviour"
    # An id the content no longer has is valid: the dialog shows where the leader is instead.
    assert model.model_validate({"verb": verb, "module": "gone_module"}).module == "gone_module"


@pytest.mark.parametrize(("verb", "model"), MODULE_VERBS)
@pytest.mark.parametrize("forged", FORGED_IDS)
def test_a_forged_module_is_refused(verb: str, model: type[ActionPayload], forged: Any) -> None:
    with pytest.raises(ValidationError):
        model.model_validate({"verb": verb, "module": forged})


@pytest.mark.parametrize(("verb", "model"), MODULE_VERBS + EXERCISE_VERBS)
def test_a_button_without_its_id_is_refused(verb: str, model: type[ActionPayload]) -> None:
    with pytest.raises(ValidationError):
        model.model_validate({"verb": verb})


@pytest.mark.parametrize(("verb", "model"), EXERCISE_VERBS)
def test_an_exercise_button_parses(verb: str, model: type[buttons.ExerciseButton]) -> None:
    for key in ("unit_meeting", "exercise_7"):
        assert model.model_validate({"verb": verb, "exercise": key}).exercise == key


@pytest.mark.parametrize(("verb", "model"), EXERCISE_VERBS)
@pytest.mark.parametrize("forged", FORGED_IDS)
def test_a_forged_exercise_is_refused(verb: str, model: type[ActionPayload], forged: Any) -> None:
    with pytest.raises(ValidationError):
        model.model_validate({"verb": verb, "exercise": forged})


# --- the reflection card ----------------------------------------------------------------------


@pytest.mark.parametrize(("verb", "model"), REFLECTION_VERBS)
def test_the_reflection_card_parses(verb: str, model: type[buttons.ReflectionAnswers]) -> None:
    base = {"verb": verb, "exercise": "unit_meeting"}
    typed = model.model_validate({**base, "reflection": "Det gick bra.", "share": "true"})
    assert (typed.reflection, typed.shared) == ("Det gick bra.", True)
    assert model.model_validate({**base, "share": "false"}).shared is False
    assert model.model_validate({**base, "share": False}).shared is False  # a JSON boolean
    empty = model.model_validate({**base, "reflection": ""})  # Teams' empty input
    assert (empty.reflection, empty.shared) == ("", None)
    assert model.model_validate(base).reflection is None


@pytest.mark.parametrize(("verb", "model"), REFLECTION_VERBS)
def test_a_reflection_over_the_content_limit_still_parses(
    content: Content, verb: str, model: type[buttons.ReflectionAnswers]
) -> None:
    """The dialog says how long it is and keeps it; the payload must not lose it."""
    long_text = "ord " * content.learning.reflection_max_chars
    payload = model.model_validate(
        {"verb": verb, "exercise": "unit_meeting", "reflection": long_text}
    )
    assert payload.reflection == long_text


@pytest.mark.parametrize(("verb", "model"), REFLECTION_VERBS)
@pytest.mark.parametrize(
    "forged",
    [
        {"reflection": ["Det gick bra."]},
        {"reflection": {"text": "Det gick bra."}},
        {"reflection": 2**63},
        {"reflection": "x" * (MAX_INPUT_CHARS + 1)},
        {"share": "yes"},
        {"share": 1},
        {"share": ["true"]},
        {"share": 2**63},
    ],
)
def test_forged_reflection_answers_are_refused(
    verb: str, model: type[ActionPayload], forged: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        model.model_validate({"verb": verb, "exercise": "unit_meeting", **forged})


# --- "Dina anteckningar" ----------------------------------------------------------------------


def test_notes_parse_and_keep_a_long_text(content: Content) -> None:
    base = {"verb": buttons.EXERCISE_NOTES, "exercise": "exercise_9"}
    assert buttons.SaveNotes.model_validate({**base, "notes": "Dag 1"}).notes == "Dag 1"
    assert buttons.SaveNotes.model_validate(base).notes is None
    long_text = "x" * (content.learning.notes_max_chars + 1)  # the dialog shows it back
    assert buttons.SaveNotes.model_validate({**base, "notes": long_text}).notes == long_text


@pytest.mark.parametrize(
    "forged",
    [["Dag 1"], {"text": "Dag 1"}, 2**63, "x" * (MAX_INPUT_CHARS + 1)],
)
def test_forged_notes_are_refused(forged: Any) -> None:
    with pytest.raises(ValidationError):
        buttons.SaveNotes.model_validate(
            {"verb": buttons.EXERCISE_NOTES, "exercise": "exercise_9", "notes": forged}
        )


# --- the library and progress -----------------------------------------------------------------


def test_the_library_filters_parse() -> None:
    model = buttons.FilterLibrary
    # "Tillbaka till övningarna"
    assert model.model_validate({"verb": buttons.LIBRARY}).theme is None
    chosen = model.model_validate({"verb": buttons.LIBRARY, "theme": "all", "minutes": "15"})
    assert (chosen.theme, chosen.minutes) == ("all", "15")
    assert model.model_validate({"theme": "", "minutes": ""}).minutes == ""
    assert model.model_validate({"theme": "gone_theme", "minutes": "all"}).theme == "gone_theme"


@pytest.mark.parametrize(
    "forged",
    [
        {"theme": ["all"]},
        {"theme": 2**63},
        {"theme": "Alla teman"},
        {"theme": "a" * 101},
        {"minutes": 15},
        {"minutes": ["15"]},
        {"minutes": 2**63},
        {"minutes": "15 minuter"},
        {"minutes": "-5"},
        {"minutes": "9" * 21},
    ],
)
def test_forged_library_filters_are_refused(forged: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        buttons.FilterLibrary.model_validate({"verb": buttons.LIBRARY, **forged})


def test_progress_takes_nothing_but_the_verb() -> None:
    buttons.ShowProgress.model_validate({"verb": buttons.PROGRESS, "msteams": {"x": 1}})
    with pytest.raises(ValidationError):
        buttons.ShowProgress.model_validate({"verb": ["learning_progress"]})


# --- through the bot --------------------------------------------------------------------------


async def click(jonas: Learner, verb: str, data: dict[str, Any]) -> dict[str, Any]:
    response = await jonas.bot.post(card_execute(verb, JONAS, jonas.connector.url, data))
    assert response.status == 200
    return await response.json()


@pytest.mark.parametrize(
    ("verb", "data"),
    [
        (buttons.MODULE_START, {"module": ["important_behaviour"]}),
        (buttons.EXERCISE_START, {"exercise": 2**63}),
        (buttons.REFLECTION_SEND, {"exercise": "unit_meeting", "reflection": ["hej"]}),
        (buttons.REFLECTION_DRAFT, {"exercise": "unit_meeting", "share": "kanske"}),
        (buttons.LIBRARY, {"minutes": {"min": 15}}),
        (buttons.REFLECT, {}),
    ],
)
async def test_a_forged_click_gets_the_stale_button_answer(
    jonas: Learner, verb: str, data: dict[str, Any]
) -> None:
    await jonas.say("hej")
    body = await click(jonas, verb, data)
    assert body["type"] == "application/vnd.microsoft.activity.message", body
    assert body["value"].startswith(STALE)


def test_the_input_ids_are_the_payload_fields() -> None:
    """The cards' input ids are merged into the data under their own names."""
    assert {buttons.REFLECTION_INPUT, buttons.SHARE_INPUT} <= set(
        buttons.SendReflection.model_fields
    )
    assert {buttons.THEME_INPUT, buttons.MINUTES_INPUT} <= set(buttons.FilterLibrary.model_fields)
