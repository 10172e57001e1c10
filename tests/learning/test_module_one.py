"""Module 1 end to end over HTTP: overview, introduction, three exercises with tips, three
reflections (two shared, one private), the group session and the congratulation."""

from __future__ import annotations

from sqlalchemy import select

from storage.journey_models import WorkbookEntry
from tests.card_schema import card_texts
from tests.learning.conftest import Learner
from tests.team.conftest import Channel

MODULE = "important_behaviour"
REFLECTIONS = {
    "Enhetsmöte": ("Punkten om innovation gav tre nya idéer från gruppen.", "true"),
    "Medarbetarsamtal": ("Medarbetaren ville testa digitala veckobrev.", "true"),
    "Microsoft Teams": ("Jag svarade med en fråga i stället för ett beslut.", "false"),
}


def hidden_ids(card: dict) -> set[str]:
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("isVisible") is False and node.get("id"):
                found.add(node["id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


def toggles(card: dict) -> list[dict]:
    found: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.ToggleVisibility":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


async def do_exercise(jonas: Learner, number: int, title: str) -> dict:
    await jonas.click(f"Övning {number}: {title}")
    exercise = jonas.card
    assert f"Beteendeövning {number}: {title}" in jonas.texts()
    await jonas.click("Gör övningen")
    assert "nu är övningen påbörjad" in jonas.texts()
    await jonas.click("Skriv reflektion")
    assert jonas.input("reflection")["isMultiline"] is True
    assert "runt 200 ord" in jonas.input("reflection")["label"]
    assert jonas.input("share")["value"] == "true"  # shared by default
    text, share = REFLECTIONS[title]
    await jonas.click("Skicka", reflection=text, share=share)
    return exercise


async def test_module_one_from_overview_to_congratulations(
    channel: Channel, jonas: Learner
) -> None:
    await channel.install()
    await channel.deliver()
    before = len(channel.said())

    await jonas.say("modul")
    assert "Vad innehåller Modul 1?" in jonas.texts()
    overview = jonas.texts()
    for item in ("Övning 1", "Övning 2", "Övning 3", "Sittning med ditt Innovationsteam"):
        assert item in overview
    assert "Introduktionsfilm" not in overview  # Uppsala's file sets no film

    await jonas.click("Starta modulen")
    assert "Modul 1: Ett viktigt beteende för innovation" in jonas.texts()
    assert "tre korta aktiviteter" in jonas.texts()
    assert "Se introduktionsfilmen" not in jonas.texts()

    exercise = await do_exercise(jonas, 1, "Enhetsmöte")
    # Three steps, each tip behind its own "?" that shows a hidden container (no round trip),
    # and "Dina anteckningar" folded the same way.
    tips = [toggle for toggle in toggles(exercise) if toggle["title"] == "?"]
    assert len(tips) == 3
    shown_by_toggles = {target for t in toggles(exercise) for target in t["targetElements"]}
    assert shown_by_toggles == hidden_ids(exercise)
    assert {t["targetElements"][0] for t in tips} | {"notes_unit_meeting"} == shown_by_toggles
    assert "Lägg punkten tidigt på agendan" in card_texts(exercise)
    assert "Tack! Din reflektion är sparad i arbetsboken och delad med ditt Innovationsteam." in (
        jonas.texts()
    )
    assert "■□□□ 1 av 4" in jonas.texts()

    await jonas.click("Tillbaka till modulen")
    await do_exercise(jonas, 2, "Medarbetarsamtal")
    await jonas.click("Tillbaka till modulen")
    await do_exercise(jonas, 3, "Microsoft Teams")
    assert "Tack! Din reflektion är sparad i arbetsboken." in jonas.texts()
    assert "delad med ditt Innovationsteam" not in jonas.texts()
    assert "■■■□ 3 av 4" in jonas.texts()

    await channel.deliver()
    posted = [a["text"] for a in channel.said()[before:] if a.get("text")]
    assert posted == [
        "**Jonas:** Punkten om innovation gav tre nya idéer från gruppen.\n\n"
        "_Reflektion från Enhetsmöte_",
        "**Jonas:** Medarbetaren ville testa digitala veckobrev.\n\n"
        "_Reflektion från Medarbetarsamtal_",
    ]
    assert not any("i stället för ett beslut" in str(a) for a in channel.said())

    async with jonas.bot.services.database.sessions() as session:
        rows = (
            await session.scalars(
                select(WorkbookEntry)
                .where(WorkbookEntry.kind == "exercise_reflection")
                .order_by(WorkbookEntry.id)
            )
        ).all()
    assert [(r.exercise_id, r.shared, r.draft) for r in rows] == [
        ("unit_meeting", True, False),
        ("development_talk", True, False),
        ("microsoft_teams", False, False),
    ]

    # Not done before the group session; the meetings code records it, the bot congratulates.
    await jonas.say("framsteg")
    assert "Grattis" not in jonas.texts()
    learning = jonas.bot.services.learning
    assert await learning.group_session_held(await jonas.person_id(), MODULE)
    assert not await learning.group_session_held(await jonas.person_id(), MODULE)  # once
    await jonas.bot.services.sender.tick()
    said = jonas.said()
    congratulations = [s for s in said if "Grattis – nu kan du gå vidare till Modul 2!" in s]
    assert len(congratulations) == 1
    assert "1\n✓\n2\n0/5" in congratulations[0]  # module 1 done, module 2 ahead
    assert "Innovationsteam" in congratulations[0]  # the leader's navigation

    await jonas.say("modul")  # now module 2's overview
    assert "Vad innehåller Modul 2?" in jonas.texts()


async def test_a_session_held_first_celebrates_on_the_last_reflection(
    channel: Channel, jonas: Learner
) -> None:
    await channel.install()
    await channel.deliver()
    await jonas.say("modul")
    await jonas.click("Starta modulen")
    learning = jonas.bot.services.learning
    assert not await learning.group_session_held(await jonas.person_id(), MODULE)  # not done
    for number, title in ((1, "Enhetsmöte"), (2, "Medarbetarsamtal"), (3, "Microsoft Teams")):
        await do_exercise(jonas, number, title)
        await jonas.click("Tillbaka till modulen")
    said = jonas.said()
    assert sum("Grattis – nu kan du gå vidare till Modul 2!" in s for s in said) == 1
    await learning.tick()  # the scheduler's job does not say it again
    await jonas.bot.services.sender.tick()
    assert sum("Grattis" in s for s in jonas.said()) == 1
