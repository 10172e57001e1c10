"""Regional meetings over real HTTP as Teams posts it: the owner opens a regional cohort's
meetings from the owner card, a wrong link comes back with what was typed, the default schedule
fills in the form, the saved meeting is announced in the outbox, the participant answers on the
card, and after the meeting their reflection is saved in their workbook."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select

from cards.regional_meetings import (
    ADD_MEETING,
    ANSWER_MEETING,
    MEETINGS,
    PROPOSE_MEETINGS,
    REFLECT_MEETING,
)
from cards.regions import (
    CHOOSE_REGIONAL,
    CREATE_REGION,
    CREATE_REGIONAL_COHORT,
    INVITE_REGION,
    choice_input,
)
from services.regions import name_programme_owner
from storage.outbox import OutboxMessage
from storage.roles import RoleName
from tests.activities import TENANT
from tests.card_schema import card_nodes, card_texts
from tests.clock import TestClock
from tests.coordination.test_regions_in_teams import JONAS_EMAIL, click
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, bot, jonas

__all__ = ["bot", "jonas"]  # the fixtures


def value_of(card: dict, input_id: str) -> str | None:
    [node] = [n for n in card_nodes(card) if n.get("id") == input_id]
    return node.get("value")


async def test_a_regional_meeting_on_cards(bot: BotServer, jonas: Leader, clock: TestClock) -> None:
    await jonas.say("hej")
    database = bot.services.database
    await name_programme_owner(database, TENANT, JONAS_EMAIL)
    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)
    await jonas.say("region")
    url = jonas.connector.url
    made = await click(bot, jonas, url, CREATE_REGION, {"region_name": "Norrbotten"})
    region = value_of(made, "region_choice")
    await click(bot, jonas, url, INVITE_REGION, {"region_choice": region, "region_tenants": TENANT})
    created = await click(
        bot,
        jonas,
        url,
        CREATE_REGIONAL_COHORT,
        {
            "region_choice": region,
            "regional_name": "Året",
            "regional_start": "2027-01-15",
            "regional_end": "2027-12-17",
        },
    )
    [open_meetings] = [
        a for n in card_nodes(created) for a in n.get("actions", []) if a.get("verb") == MEETINGS
    ]
    regional = open_meetings["data"]["regional_cohort_id"]
    await click(bot, jonas, url, "answer_region", {"region_id": int(region), "answer": "join"})
    await jonas.say("region")
    chooser = choice_input(regional)
    await click(bot, jonas, url, CHOOSE_REGIONAL, {"regional_cohort_id": regional, chooser: "all"})

    schedule = await click(bot, jonas, url, MEETINGS, {"regional_cohort_id": regional})
    assert "Inga träffar ännu" in card_texts(schedule)
    proposed = await click(bot, jonas, url, PROPOSE_MEETINGS, {"regional_cohort_id": regional})
    assert "varannan månad" in card_texts(proposed)
    assert value_of(proposed, "meeting_date") == "2027-01-15"
    assert value_of(proposed, "meeting_start") == "13:00"
    typed = {
        "regional_cohort_id": regional,
        "meeting_date": "2027-01-15",
        "meeting_start": "13:00",
        "meeting_length": "150",
        "meeting_theme": "Tjänstedesign",
        "meeting_agenda": "Lokala exempel",
        "meeting_link": "http://teams.example/x",
    }
    wrong = await click(bot, jonas, url, ADD_MEETING, typed)
    assert "Länken behöver börja med https://" in card_texts(wrong)
    assert value_of(wrong, "meeting_theme") == "Tjänstedesign"  # kept as typed
    saved = await click(
        bot, jonas, url, ADD_MEETING, typed | {"meeting_link": "https://teams.example/x"}
    )
    assert "1 deltagare får en inbjudan" in card_texts(saved)
    assert "(färre än 5 kommer)" in card_texts(saved)

    async with database.sessions() as session:
        [row] = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.idempotency_key.like("regional-meeting-%"))
        )
    announced = json.loads(row.payload)["attachments"][0]["content"]
    [yes] = [
        a for a in announced["actions"] if a.get("verb") == ANSWER_MEETING and a["data"]["coming"]
    ]
    answered = await click(bot, jonas, url, ANSWER_MEETING, yes["data"])
    assert "Vad roligt!" in card_texts(answered)

    clock.move_to(datetime(2027, 1, 15, 14, 30, tzinfo=UTC))  # 15:30 in Stockholm: over
    assert await bot.services.regional_meetings.tick() >= 1
    meeting_id = yes["data"]["meeting_id"]
    empty = await click(bot, jonas, url, REFLECT_MEETING, {"meeting_id": meeting_id})
    assert "Skriv några ord först." in card_texts(empty)
    done = await click(
        bot,
        jonas,
        url,
        REFLECT_MEETING,
        {"meeting_id": meeting_id, "meeting_reflection": "Jag tar med mig idéerna."},
    )
    assert "Sparat i din arbetsbok" in card_texts(done)
