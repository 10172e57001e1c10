"""The exercise library over HTTP: the modules first, then one module's exercises, or those that
fit the time the leader has; never a wall of all 17."""

from __future__ import annotations

from typing import Any

from cards.library import MAX_LISTED
from storage.learning_progress import LearningProgress
from tests.card_schema import card_nodes
from tests.learning.conftest import Learner

MODULES = [
    "Modul 2: Utforska nya perspektiv",
    "Modul 3: Gör plats för innovation",
    "Modul 4: Förstå er användare",
    "Modul 5: Kom på nya idéer",
    "Modul 6: Utveckla gruppen",
]


def titles(jonas: Learner) -> list[str]:
    """The exercises listed on the card: each entry is a container with its own start button."""
    found = []
    for block in jonas.card["body"]:
        if block.get("type") == "Container" and _starts_an_exercise(block):
            found.append(block["items"][0]["text"])
    return found


def _starts_an_exercise(block: dict[str, Any]) -> bool:
    verbs = {node.get("verb") for node in card_nodes(block)}
    return bool(verbs & {"learning_exercise_start", "learning_exercise"})


def buttons(jonas: Learner) -> list[str]:
    return [n["title"] for n in card_nodes(jonas.card) if n.get("type") == "Action.Execute"]


async def test_the_modules_first_then_one_modules_exercises(jonas: Learner) -> None:
    await jonas.say("hej")
    await jonas.say("övningar")
    assert titles(jonas) == []  # no wall of 17: the modules, as buttons
    assert [b for b in buttons(jonas) if b.startswith("Modul")] == MODULES
    text = jonas.texts()
    assert "4 övningar, 10 minuter–2,5 timmar" in text  # Modul 2's exercises and their lengths
    assert "Tema" not in text  # the plan's naming, "Modul 4: Förstå er användare", everywhere

    await jonas.click("Modul 4: Förstå er användare")
    assert titles(jonas) == [
        "Beskriv era användare",
        "Hitta utvecklingsområden",
        "Skapa en användarresa",
    ]
    assert "Modul 4: Förstå er användare" in jonas.texts()
    assert "I övningen arbetar ni med att beskriva era användare." in jonas.texts()

    await jonas.click("Tillbaka till alla moduler")
    assert titles(jonas) == []
    assert "Modul 6: Utveckla gruppen" in buttons(jonas)


async def test_time_lists_what_fits_or_the_modules_when_too_many_do(jonas: Learner) -> None:
    await jonas.say("hej")
    await jonas.say("övningar")
    await jonas.click("Visa övningar", minutes="30")
    assert titles(jonas) == []  # seven fit: more than a card holds, so by module
    text = jonas.texts()
    assert "7 övningar ryms på 30 minuter. Välj en modul så visar jag dem:" in text
    assert "2 av 5 ryms på 30 minuter" in text  # Modul 3: Gör plats för innovation
    assert "3 av 3 ryms på 30 minuter" in text  # Modul 6: Utveckla gruppen
    assert "Modul 4: Förstå er användare" not in buttons(jonas)  # nothing there fits

    await jonas.click("Modul 3: Gör plats för innovation", minutes="30")
    assert titles(jonas) == ["Gör ett dagordningsexperiment", "Coacha dig själv"]
    assert "Övningar som ryms på 30 minuter:" in jonas.texts()
    await jonas.click("Visa alla i modulen")
    assert len(titles(jonas)) == 5  # the whole module, whatever the time
    assert "Visa alla i modulen" not in buttons(jonas)


async def test_i_have_15_minutes_typed_in_chat(jonas: Learner) -> None:
    await jonas.say("hej")
    await jonas.say("Jag har 15 minuter")
    assert "Övningar som ryms på 15 minuter:" in jonas.texts()
    assert titles(jonas) == [
        "Testa ett annat perspektiv",
        "Coacha dig själv",
        "Stärk graden av tillit",
        "Fira era framgångar",
        "Gör mer av det som fungerar",
    ]
    assert "Modul 6: Utveckla gruppen · Tid: 15 min" in jonas.texts()  # listed across modules
    assert jonas.input("minutes")["value"] == "15"

    await jonas.say("jag har 5 minuter")
    assert "Ingen övning ryms på 5 minuter. Den kortaste tar 10 minuter." in jonas.texts()


async def test_no_library_card_lists_more_than_a_handful(jonas: Learner) -> None:
    await jonas.say("hej")
    for minutes in ("10", "15", "30", "45", "60", "90", "120", "150", "all"):
        await jonas.say("övningar")
        await jonas.click("Visa övningar", minutes=minutes)
        assert len(titles(jonas)) <= MAX_LISTED, minutes
        for module in MODULES:
            await jonas.say("övningar")
            await jonas.click(module, minutes=minutes)
            assert len(titles(jonas)) <= MAX_LISTED, (minutes, module)


async def test_do_an_exercise_from_the_library_reflect_and_go_back_to_its_module(
    jonas: Learner,
) -> None:
    await jonas.say("hej")
    await jonas.say("jag har en halvtimme")
    await jonas.click("Modul 2: Utforska nya perspektiv", minutes="30")
    await jonas.click("Gör övningen")  # the first that fits: Testa ett annat perspektiv
    assert "Testa ett annat perspektiv" in jonas.texts()
    assert "nu är övningen påbörjad" in jonas.texts()
    progress = LearningProgress(jonas.bot.services.database)
    started = await progress.started(await jonas.person_id())
    assert list(started) == ["exercise_3"]

    await jonas.click("Tillbaka till övningarna")
    assert "Modul 2: Utforska nya perspektiv" in jonas.texts()  # its module, not the top
    assert "Testa ett annat perspektiv" in titles(jonas)
    assert "Påbörjad – reflektionen återstår" in jonas.texts()

    await jonas.click("Skriv reflektion")  # the exercise, then its reflection
    await jonas.click("Skriv reflektion")
    assert "Hur gick övningen ”Testa ett annat perspektiv”?" in jonas.texts()
    await jonas.click("Skicka", reflection="Perspektivbytet hjälpte mig.", share="false")
    assert "Tack! Din reflektion är sparad i arbetsboken." in jonas.texts()

    await jonas.say("övningar")
    await jonas.click("Modul 2: Utforska nya perspektiv")
    assert "✓ Klar" in jonas.texts()
