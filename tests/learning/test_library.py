"""The exercise library over HTTP: all 17 in five themes, by theme, by the time the leader has."""

from __future__ import annotations

import re

from storage.learning_progress import LearningProgress
from tests.learning.conftest import Learner


def titles(jonas: Learner) -> list[str]:
    found = []
    for block in jonas.card["body"]:
        if block.get("type") == "Container" and block.get("separator"):
            found.append(block["items"][0]["text"])
    return found


async def test_all_exercises_by_theme_and_by_time(jonas: Learner) -> None:
    await jonas.say("hej")
    await jonas.say("övningar")
    assert len(titles(jonas)) == 17
    text = jonas.texts()
    for number, theme in enumerate(
        [
            "Utforska nya perspektiv",
            "Gör plats för innovation",
            "Förstå er användare",
            "Kom på nya idéer",
            "Utveckla gruppen",
        ],
        1,
    ):
        assert f"Tema {number}: {theme}" in text
    assert "I övningen får du individuellt testa på att utforska lösningar" in text
    assert "10 x 10 min" in text

    await jonas.click("Visa övningar", theme="understand_users", minutes="all")
    assert titles(jonas) == [
        "Beskriv era användare",
        "Hitta utvecklingsområden",
        "Skapa en användarresa",
    ]
    assert jonas.input("theme")["value"] == "understand_users"

    await jonas.click("Visa övningar", theme="all", minutes="30")
    assert "Övningar som ryms på 30 minuter:" in jonas.texts()
    assert set(titles(jonas)) == {
        "Testa ett annat perspektiv",
        "Led samskapande möten",
        "Gör ett dagordningsexperiment",
        "Coacha dig själv",
        "Stärk graden av tillit",
        "Fira era framgångar",
        "Gör mer av det som fungerar",
    }


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
    durations = re.findall(r"^(\d+) (?:x \d+ )?min$", jonas.texts(), re.MULTILINE)
    assert durations and all(int(d) <= 15 for d in durations)
    assert jonas.input("minutes")["value"] == "15"

    await jonas.say("jag har 5 minuter")
    assert "Ingen övning ryms på 5 minuter. Den kortaste tar 10 minuter." in jonas.texts()


async def test_do_an_exercise_from_the_library_and_reflect(jonas: Learner) -> None:
    await jonas.say("hej")
    await jonas.say("jag har en halvtimme")
    await jonas.click("Gör övningen")  # the first that fits: Testa ett annat perspektiv
    assert "Testa ett annat perspektiv" in jonas.texts()
    assert "nu är övningen påbörjad" in jonas.texts()
    progress = LearningProgress(jonas.bot.services.database)
    started = await progress.started(await jonas.person_id())
    assert list(started) == ["exercise_3"]

    await jonas.click("Skriv reflektion")
    assert "Hur gick övningen ”Testa ett annat perspektiv”?" in jonas.texts()
    await jonas.click("Skicka", reflection="Perspektivbytet hjälpte mig.", share="false")
    assert "Tack! Din reflektion är sparad i arbetsboken." in jonas.texts()

    await jonas.say("övningar")
    assert "✓ Klar" in jonas.texts()
