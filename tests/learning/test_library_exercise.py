"""A library exercise over HTTP: what it builds on, the organisation's own examples, and
"Dina anteckningar" (private notes, kept in the workbook, never shared with the team)."""

from __future__ import annotations

from typing import Any

from cards import learning_actions as buttons
from storage.workbook import EXERCISE_NOTES
from tests.activities import card_execute
from tests.card_schema import assert_valid_card
from tests.learning.conftest import Learner
from tests.team.conftest import Channel

LIMIT = 5000  # notes_max_chars in learning.yaml


async def show(jonas: Learner, verb: str, **data: Any) -> str:
    """Press a learning button for any exercise, as an older card of his would."""
    response = await jonas.bot.post(card_execute(verb, jonas.user, jonas.connector.url, data))
    assert response.status == 200
    jonas.card = (await response.json())["value"]
    assert_valid_card(jonas.card)
    return jonas.texts()


async def test_do_first_names_what_it_builds_on_until_reflected(jonas: Learner) -> None:
    await jonas.say("hej")
    texts = await show(jonas, buttons.EXERCISE_SHOW, exercise="exercise_12")
    assert "Skapa en användarresa" in texts
    assert "Gör gärna *Beskriv era användare* och *Hitta utvecklingsområden* först" in texts
    assert "**Förbered:**" in texts and "**Steg 4.**" in texts
    assert "Att reflektera över efteråt" in texts
    assert "**Dela med ditt Innovationsteam:**" in texts

    await show(jonas, buttons.EXERCISE_START, exercise="exercise_10")
    await jonas.click("Skriv reflektion")
    await jonas.click("Skicka", reflection="Vi beskrev tre grupper.", share="false")
    texts = await show(jonas, buttons.EXERCISE_SHOW, exercise="exercise_12")
    assert "Gör gärna *Hitta utvecklingsområden* först" in texts
    assert "Beskriv era användare*" not in texts

    texts = await show(jonas, buttons.EXERCISE_SHOW, exercise="exercise_10")
    assert "Gör gärna" not in texts  # it builds on nothing


async def test_the_organisations_examples_show_in_the_exercise(jonas: Learner) -> None:
    await jonas.say("hej")  # the emulator's tenant: Uppsala kommun
    texts = await show(jonas, buttons.EXERCISE_SHOW, exercise="exercise_1")
    assert "Exempel från Uppsala kommun" in texts and "idésluss" in texts
    texts = await show(jonas, buttons.EXERCISE_SHOW, exercise="exercise_2")
    assert "Exempel från" not in texts


async def test_notes_are_kept_private_and_apart_from_the_reflection(
    channel: Channel, jonas: Learner
) -> None:
    await channel.install()
    await channel.deliver()
    before = len(channel.said())
    await jonas.say("hej")
    await show(jonas, buttons.EXERCISE_START, exercise="exercise_9")
    await jonas.click("Spara anteckningar", notes="Dag 1: jag vill ha mer tid för samtal.")
    assert "Dina anteckningar är sparade i din arbetsbok" in jonas.texts()
    assert "Du har sparade anteckningar" in jonas.texts()

    # Next time: written again, the notes are replaced, not added to.
    await show(jonas, buttons.EXERCISE_SHOW, exercise="exercise_9")
    assert jonas.input("notes")["value"] == "Dag 1: jag vill ha mer tid för samtal."
    await jonas.click("Spara anteckningar", notes="Dag 1 …\nDag 2: ett samtal om dagen.")
    person_id = await jonas.person_id()
    workbook = jonas.bot.services.workbook
    entries = [e for e in await workbook.entries(person_id) if e.kind == EXERCISE_NOTES]
    assert [(e.exercise_id, e.text, e.shared) for e in entries] == [
        ("exercise_9", "Dag 1 …\nDag 2: ett samtal om dagen.", False)
    ]

    # The reflection starts empty and is its own text; the notes never reach the channel.
    await jonas.click("Skriv reflektion")
    assert jonas.input("reflection").get("value") is None
    await jonas.click("Skicka", reflection="Små steg hjälpte mig.", share="true")
    await jonas.bot.services.sender.tick()
    said = str(channel.said()[before:])
    assert "Små steg hjälpte mig." in said
    assert "Dag 2" not in said
    assert await workbook.notes(person_id, "exercise_9") == "Dag 1 …\nDag 2: ett samtal om dagen."


async def test_too_long_notes_come_back_and_the_saved_ones_stay(jonas: Learner) -> None:
    await jonas.say("hej")
    await show(jonas, buttons.EXERCISE_SHOW, exercise="exercise_3")
    await jonas.click("Spara anteckningar", notes="Första tanken.")
    long_text = "Ett perspektiv till. " * 300  # 6,300 characters
    await jonas.click("Spara anteckningar", notes=long_text)

    texts = jonas.texts()
    assert f"Texten är för lång: {len(long_text.strip())} av max {LIMIT} tecken" in texts
    assert jonas.input("notes")["value"] == long_text.strip()  # nothing lost
    [box] = [node for node in _containers(jonas.card) if node.get("id") == "notes_exercise_3"]
    assert box.get("isVisible", True)  # shown open, not folded away
    notes = await jonas.bot.services.workbook.notes(await jonas.person_id(), "exercise_3")
    assert notes == "Första tanken."


def _containers(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") == "Container":
            found.append(node)
        for value in node.values():
            found += _containers(value)
    elif isinstance(node, list):
        for value in node:
            found += _containers(value)
    return found
