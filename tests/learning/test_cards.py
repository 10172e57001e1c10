"""Every learning card is valid Adaptive Card 1.5 and says what the leader needs."""

from __future__ import annotations

import pytest

from cards.exercises import Notes, exercise_card
from cards.learning_texts import duration_text
from cards.library import library_card
from cards.modules import module_card, module_overview_card
from cards.nudge import nudge_card
from cards.progress import progress_card
from cards.reflection import reflection_card, reflection_sent_card
from content import Content, load_content
from learning.progress import find_exercise, journey_status, library_exercise, module_exercises
from storage.workbook import ReflectionEntry
from tests.card_schema import assert_valid_card, card_nodes, card_texts
from tests.clock import START

UPPSALA = "00000000-0000-0000-0000-0000000000001"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def every_card(content: Content):
    statuses = journey_status(content, (), {"unit_meeting"}, ())
    for status in statuses:
        yield module_overview_card(content, status, started=False)
        yield module_card(content, status, started={"unit_meeting"})
        for exercise in module_exercises(content, status.module):
            yield exercise_card(content, exercise, started=False, reflection=None)
            yield reflection_card(content, exercise, value="", shared=True, sent=False)
            yield nudge_card(content, exercise, "Jonas")
    uppsala = content.for_tenant(UPPSALA)
    for number in (1, 9, 12):
        exercise = library_exercise(uppsala, number)
        assert exercise is not None
        earlier = [library_exercise(uppsala, n) for n in exercise.library.builds_on]
        yield exercise_card(
            uppsala,
            exercise,
            started=True,
            reflection=None,
            note="Sparat.",
            notes=Notes("x" * 6000, open=True, error="För långt"),
            do_first=[e for e in earlier if e is not None],
        )
    yield library_card(content, theme_id=None, minutes=None, started=(), reflected=())
    yield library_card(content, theme_id="make_room", minutes=7, started=(), reflected=())
    yield progress_card(content, statuses)


def test_every_card_is_valid(content: Content) -> None:
    built = list(every_card(content))
    assert len(built) > 60
    for card in built:
        assert_valid_card(card)


def test_a_reflection_card_shows_the_text_back_with_the_problem(content: Content) -> None:
    exercise = find_exercise(content, "unit_meeting")
    text = "x" * 3000
    card = reflection_card(content, exercise, value=text, shared=False, sent=True, error="För lång")
    assert_valid_card(card)
    texts = card_texts(card)
    assert text in texts and "För lång" in texts
    assert "Spara utkast" not in texts  # a sent reflection is changed, not drafted
    assert "Dela med mitt Innovationsteam" in texts
    [toggle] = [block for block in card["body"] if block["type"] == "Input.Toggle"]
    assert toggle["label"] == "Dela med mitt Innovationsteam"  # read out by screen readers
    assert "högst 2500 tecken" in texts
    assert "Skriv runt 200 ord" in texts  # the seed's guidance


def test_a_sent_reflection_card(content: Content) -> None:
    exercise = find_exercise(content, "exercise_16")
    entry = ReflectionEntry(1, "develop_group", "exercise_16", "Vi firade.", True, False, START)
    status = journey_status(content, (), {"exercise_16"}, ())[5]
    card = reflection_sent_card(content, exercise, entry, status, note="Tack!")
    assert_valid_card(card)
    assert "■□□□ 1 av 4" in card_texts(card)


def test_durations_in_swedish(content: Content) -> None:
    assert [duration_text(content, m) for m in (15, 60, 90, 150)] == [
        "15 minuter",
        "1 timme",
        "1,5 timmar",
        "2,5 timmar",
    ]


def _nodes(node: object) -> list[dict]:
    found: list[dict] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _nodes(value)
    elif isinstance(node, list):
        for value in node:
            found += _nodes(value)
    return found


def test_a_library_exercise_folds_its_tips_and_notes(content: Content) -> None:
    exercise = library_exercise(content, 6)
    assert exercise is not None and exercise.library is not None
    card = exercise_card(content, exercise, started=False, reflection=None)
    texts = card_texts(card)
    library = exercise.library
    for part in (library.introduction, library.prepare, library.share, "Tid", "1,25 h"):
        assert part in texts
    for question in library.reflection_questions:
        assert question in texts
    hidden = {node["id"]: node for node in _nodes(card) if node.get("isVisible") is False}
    toggled = {
        target: node["title"]
        for node in _nodes(card)
        if node.get("type") == "Action.ToggleVisibility"
        for target in node["targetElements"]
    }
    # Five steps, each tip behind its own "?"; the notes box behind "Dina anteckningar".
    assert toggled == {
        **{f"tip_exercise_6_{n}": "?" for n in range(1, 6)},
        "notes_exercise_6": "Dina anteckningar",
    }
    assert set(hidden) == set(toggled)
    assert card_texts(hidden["tip_exercise_6_1"]) == library.steps[0].tip
    assert "Gör gärna" not in texts  # no do_first given: nothing to do first
    assert "Exempel från" not in texts  # the default organisation has no examples
    assert "Du har sparade anteckningar" not in texts


def test_the_progress_card_opens_every_module(content: Content) -> None:
    card = progress_card(content, journey_status(content, (), {"unit_meeting"}, ()))
    buttons = [n["title"] for n in card_nodes(card) if n.get("type") == "Action.Execute"]
    shown = [title for title in buttons if title.startswith("Visa Modul")]
    assert sorted(shown) == [f"Visa Modul {n}" for n in range(1, 7)]  # 1 is the main button
