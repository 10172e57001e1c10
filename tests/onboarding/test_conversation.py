"""The onboarding as a conversation: "hjälp", "avbryt", "börja om" and "fortsätt" at several
steps, bad input, old cards, a second "Boka nu", no calendar, and the commands afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.activities import DANIELA
from tests.card_schema import card_texts
from tests.harness import BotServer
from tests.onboarding.conftest import Leader
from tests.onboarding.test_walkthrough import ANSWERS, GOAL, GRADES, walk_to_goal

EVENT_SUBJECT = "Expedition Innovation – tid för utveckling"


async def walk_to(jonas: Leader, step: str) -> None:
    """Bring the leader to a step: 'familiarity' (area 3), 'goal' or 'booking'."""
    if step == "familiarity":
        await jonas.say("hej")
        await jonas.click("Sätt igång!")
        await jonas.click("Nästa")
        await jonas.click("Börja individualisera min resa!")
        for answer in ANSWERS[:2]:
            await jonas.click("Nästa", familiarity=answer)
        return
    await walk_to_goal(jonas)
    if step == "booking":
        await jonas.click("Spara mitt mål", goal=GOAL)
        await jonas.click("Spara mitt nolläge", **GRADES, area_collaboration="3")


async def finish(jonas: Leader) -> None:
    await walk_to(jonas, "booking")
    await jonas.click("Visa lediga tider", parts_of_day="afternoon", frequency="weekly")
    await jonas.click("Boka nu")
    assert "Klart!" in card_texts(jonas.card)


def calendar_events(bot: BotServer) -> int:
    path = Path(bot.services.calendars.directory) / "jonas.gumbel@uppsala.example.ics"
    return path.read_text().count(EVENT_SUBJECT)


STEPS = {
    "familiarity": "Känner du till Område 3?",
    "goal": "Mitt mål (högst 600 tecken)",
    "booking": "När föredrar du att arbeta?",
}


@pytest.mark.parametrize("step", STEPS)
async def test_help_at_any_step_leaves_the_leader_where_they_were(jonas: Leader, step: str) -> None:
    await walk_to(jonas, step)
    current = jonas.card
    answer = await jonas.say("hjälp")
    assert "Så här kan jag hjälpa dig" in card_texts(answer[-1])
    assert "fortsätt" in card_texts(answer[-1])

    jonas.card = current  # the leader scrolls back up and goes on
    if step == "familiarity":
        await jonas.click("Nästa", familiarity="somewhat")
        assert "Känner du till Område 4?" in card_texts(jonas.card)
    elif step == "goal":
        await jonas.click("Spara mitt mål", goal=GOAL)
        assert "Ditt nolläge" in card_texts(jonas.card)
    else:
        await jonas.click("Visa lediga tider", parts_of_day="morning", frequency="weekly")
        assert "Förslag på tider i din kalender" in card_texts(jonas.card)


@pytest.mark.parametrize("step", STEPS)
async def test_cancel_pauses_until_the_leader_continues(jonas: Leader, step: str) -> None:
    await walk_to(jonas, step)
    answer = await jonas.say("avbryt")
    assert answer[-1]["text"].startswith("Okej, jag har avbrutit")

    answer = await jonas.say("hej")  # the home card, offering to continue
    assert "Fortsätt introduktionen" in [a["title"] for a in jonas.card["actions"]]
    assert STEPS[step] not in card_texts(jonas.card)  # no step pushed at a leader who said stop
    assert len(answer) == 1

    await jonas.say("fortsätt")
    assert STEPS[step] in card_texts(jonas.card)
    assert (await jonas.say("avbryt"))[-1]["text"].startswith("Okej")  # paused again


async def test_cancel_twice_says_there_is_nothing_more_to_cancel(jonas: Leader) -> None:
    await walk_to(jonas, "goal")
    await jonas.say("avbryt")
    answer = await jonas.say("avbryt")
    assert "Det finns inget att avbryta" in answer[-1]["text"]


@pytest.mark.parametrize("step", STEPS)
async def test_restart_goes_back_to_the_welcome_and_keeps_earlier_answers(
    jonas: Leader, step: str
) -> None:
    await walk_to(jonas, step)
    answer = await jonas.say("börja om")
    assert "Vi börjar om från början" in answer[0]["text"]
    assert "Välkommen Jonas!" in card_texts(jonas.card)

    await jonas.click("Sätt igång!")
    await jonas.click("Nästa")
    await jonas.click("Börja individualisera min resa!")
    assert jonas.input("familiarity").get("value") == ANSWERS[0]  # answered before: kept


async def test_a_goal_over_the_limit_is_shown_back_with_a_clear_message(jonas: Leader) -> None:
    await walk_to(jonas, "goal")
    too_long = "Mitt mål är att " + "testa nya idéer " * 50
    await jonas.click("Spara mitt mål", goal=too_long)

    texts = card_texts(jonas.card)
    assert f"Ditt mål är {len(too_long.strip())} tecken långt, men högst 600 får plats" in texts
    assert jonas.input("goal")["value"] == too_long.strip()  # not lost
    await jonas.click("Spara mitt mål", goal="")
    assert "Skriv ditt mål innan du går vidare." in card_texts(jonas.card)


async def test_a_goal_typed_in_the_chat_is_taken_as_the_goal(bot: BotServer, jonas: Leader) -> None:
    await walk_to(jonas, "goal")
    await jonas.say(GOAL)
    assert "Ditt nolläge" in card_texts(jonas.card)
    assert await bot.services.workbook.goal(await jonas.person_id()) == GOAL


async def test_missing_answers_are_asked_for_again(jonas: Leader) -> None:
    await walk_to(jonas, "familiarity")
    await jonas.click("Nästa")
    assert "Välj ett av alternativen." in card_texts(jonas.card)
    assert "Känner du till Område 3?" in card_texts(jonas.card)


async def test_wishes_without_a_part_of_day_are_asked_for_again(jonas: Leader) -> None:
    await walk_to(jonas, "booking")
    await jonas.click("Visa lediga tider", frequency="weekly")
    assert "Välj minst en tid på dagen." in card_texts(jonas.card)
    assert jonas.input("frequency")["value"] == "weekly"


async def test_a_click_on_an_old_card_shows_where_the_leader_is(jonas: Leader) -> None:
    await walk_to(jonas, "familiarity")
    old = jonas.card
    await jonas.click("Nästa", familiarity="somewhat")
    jonas.card = old
    await jonas.click("Nästa", familiarity="not_at_all")  # area 3's card, clicked again
    assert "Känner du till Område 4?" in card_texts(jonas.card)


async def test_booking_twice_books_once(bot: BotServer, jonas: Leader) -> None:
    await walk_to(jonas, "booking")
    await jonas.click("Visa lediga tider", parts_of_day="forenoon", frequency="twice_a_week")
    proposal = jonas.card
    await jonas.click("Boka nu")
    jonas.card = proposal
    await jonas.click("Boka nu")

    assert "Din tidsplan" in card_texts(jonas.card)
    sessions = await bot.services.work_sessions.upcoming(await jonas.person_id())
    assert len(sessions) == 8
    assert calendar_events(bot) == 8


async def test_without_a_calendar_the_leader_picks_days_and_time(bot: BotServer, connector) -> None:
    daniela = Leader(bot, connector, DANIELA)  # not in any roster: no e-mail, no calendar
    await walk_to(daniela, "booking")
    await daniela.click("Visa lediga tider", parts_of_day="morning", frequency="weekly")
    assert "Jag kunde tyvärr inte läsa din kalender" in card_texts(daniela.card)

    await daniela.click("Boka nu", weekdays="", time="09:00")
    assert "Välj minst en dag." in card_texts(daniela.card)
    await daniela.click("Boka nu", weekdays="1,3", time="08:30")

    summary = card_texts(daniela.card)
    assert "Klart!" in summary
    assert summary.count("kl. 08:30–09:30 (inte i kalendern)") == 4
    assert summary.count("tisdag") + summary.count("torsdag") == 4
    assert "Jag kunde inte lägga in tiderna i din kalender" in summary


async def test_afterwards_the_leader_can_change_times_goal_and_read_the_plan(
    bot: BotServer, jonas: Leader
) -> None:
    await finish(jonas)
    person = await jonas.person_id()
    before = await bot.services.work_sessions.upcoming(person)

    await jonas.say("tidsplan")
    assert card_texts(jonas.card).count(" kl. ") == 4
    await jonas.click("Ändra mina tider")
    assert jonas.input("parts_of_day")["value"] == "afternoon"
    await jonas.click("Visa lediga tider", parts_of_day="morning", frequency="weekly")
    await jonas.click("Boka nu")
    assert "Din tidsplan" in card_texts(jonas.card)
    after = await bot.services.work_sessions.upcoming(person)
    assert len(after) == 4 and {s.start for s in after}.isdisjoint({s.start for s in before})
    assert calendar_events(bot) == 4  # the replaced times were cancelled in the calendar

    await jonas.say("mitt mål")
    assert jonas.input("goal")["value"] == GOAL
    await jonas.click("Spara mitt mål", goal="Ett nytt mål.")
    assert "Ditt mål är sparat i arbetsboken." in card_texts(jonas.card)
    assert await bot.services.workbook.goal(person) == "Ett nytt mål."

    await jonas.say("min plan")
    assert "Din läranderesa" in card_texts(jonas.card)
    assert "actions" not in jonas.card

    answer = await jonas.say("fortsätt")
    assert "Hej Jonas!" in card_texts(answer[-1])  # the onboarding is done: the home card


async def test_every_command_in_the_teams_menu_is_answered(bot: BotServer) -> None:
    from manifest.package import MENU_COMMANDS

    assert set(MENU_COMMANDS) <= bot.services.commands.available
