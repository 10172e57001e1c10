"""One leader through the whole onboarding over real HTTP, and what their workbook then holds."""

from __future__ import annotations

from pathlib import Path

from storage.learning_plans import LearningPlans
from tests.card_schema import card_texts
from tests.harness import BotServer
from tests.onboarding.conftest import Leader

ANSWERS = ["very_well", "very_well", "not_at_all", "somewhat", "dont_know", "very_well"]
GOAL = "Mitt mål är att mina medarbetare ska våga testa nya idéer på våra enhetsmöten."
GRADES = {"area_culture": "2", "area_user_perspective": "1", "area_structure": "1"}


async def walk_to_goal(jonas: Leader) -> None:
    await jonas.say("hej")
    assert f"Välkommen {jonas.user.name.split()[0]}!" in card_texts(jonas.card)
    await jonas.click("Sätt igång!")
    for element in ("Innovationsteam", "Arbetsboken", "Tidsplan", "Hjälp"):
        assert element in card_texts(jonas.card)
    await jonas.click("Nästa")
    assert "Modul 6: Utveckla gruppen" in card_texts(jonas.card)
    await jonas.click("Börja individualisera min resa!")
    for number, answer in enumerate(ANSWERS, start=1):
        assert f"Känner du till Område {number}?" in card_texts(jonas.card)
        last = number == len(ANSWERS)
        await jonas.click(
            "Planera min läranderesa utifrån mina svar" if last else "Nästa", familiarity=answer
        )
    await jonas.click("Gå vidare till mitt mål")


async def test_a_leader_walks_through_the_whole_onboarding(bot: BotServer, jonas: Leader) -> None:
    await jonas.say("hej")
    await jonas.click("Sätt igång!")
    await jonas.click("Nästa")
    await jonas.click("Börja individualisera min resa!")
    for number, answer in enumerate(ANSWERS, start=1):
        last = number == len(ANSWERS)
        await jonas.click(
            "Planera min läranderesa utifrån mina svar" if last else "Nästa", familiarity=answer
        )

    # The plan: module 1 first, then the least known areas (3 and 5), then 4, then 2 and 6.
    plan = card_texts(jonas.card)
    order = [plan.index(f"Modul {n}:") for n in (1, 3, 5, 4, 2, 6)]
    assert order == sorted(order)
    assert "Modul 3: Gör plats för innovation och Modul 5: Kom på nya idéer" in plan
    assert "Gör ett dagordningsexperiment (30 min" in plan  # the shortest in area 3

    await jonas.click("Gå vidare till mitt mål")
    assert jonas.input("goal")["isRequired"] is True
    await jonas.click("Spara mitt mål", goal=GOAL)
    assert "Ditt nolläge" in card_texts(jonas.card)
    assert "Nivå 4 – Vi är: Vi har en tillåtande kultur att prova" in card_texts(jonas.card)
    await jonas.click("Spara mitt nolläge", **GRADES, area_collaboration="3")
    assert "När föredrar du att arbeta?" in card_texts(jonas.card)
    await jonas.click("Visa lediga tider", parts_of_day="forenoon,afternoon", frequency="weekly")
    proposal = card_texts(jonas.card)
    assert "Förslag på tider i din kalender" in proposal
    assert proposal.count(" kl. ") == 4  # one a week for four weeks
    await jonas.click("Boka nu")

    summary = card_texts(jonas.card)
    assert "Klart! Så här ser din expedition ut" in summary
    assert GOAL in summary
    assert summary.count(" kl. ") == 4
    assert "Vi gör" in summary  # collaboration at grade 3
    assert "Tiderna är inbokade i din kalender." in summary

    services, person = bot.services, await jonas.person_id()
    assert await services.workbook.goal(person) == GOAL
    assert await services.workbook.maturity(person, "start") == {
        "culture": 2,
        "user_perspective": 1,
        "structure": 1,
        "collaboration": 3,
    }
    plan_record = await LearningPlans(services.database).get(person)
    assert list(plan_record.familiarity.values()) == ANSWERS
    assert plan_record.module_order[:3] == ("important_behaviour", "make_room", "new_ideas")
    assert plan_record.exercise_numbers[0] == 7
    sessions = await services.work_sessions.upcoming(person)
    assert len(sessions) == 4 and all(s.in_calendar for s in sessions)
    calendar = Path(services.calendars.directory) / "jonas.gumbel@uppsala.example.ics"
    assert calendar.read_text().count("Expedition Innovation – tid för utveckling") == 4


async def test_the_onboarding_continues_after_a_restart(bot: BotServer, jonas: Leader) -> None:
    await walk_to_goal(jonas)
    await jonas.click("Spara mitt mål", goal=GOAL)
    assert "Ditt nolläge" in card_texts(jonas.card)

    await bot.restart()
    answer = await jonas.say("hej, nu är jag tillbaka")
    assert len(answer) == 1  # a greeting and the way back, not the whole step again
    assert "Hej!" in card_texts(jonas.card)
    assert "Ditt nolläge" not in card_texts(jonas.card)
    await jonas.press("Visa mitt steg igen")
    assert "Ditt nolläge" in card_texts(jonas.card)

    await jonas.click("Spara mitt nolläge", **GRADES, area_collaboration="1")
    await jonas.click("Visa lediga tider", parts_of_day="morning", frequency="twice_a_week")
    await jonas.click("Boka nu")
    assert "Klart!" in card_texts(jonas.card)
    assert GOAL in card_texts(jonas.card)
