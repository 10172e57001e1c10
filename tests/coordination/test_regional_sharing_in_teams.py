"""Regional sharing and moving over real HTTP as Teams posts it: the programme owner moves a
meeting from the schedule card and every participant is told in the outbox; after the meeting
the leader's reflection is shared from "region" after a preview, the owner reads it from the
owner card, and once taken back it is gone from the owner's card."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select

from cards.regional_meetings import (
    ADD_MEETING,
    ANSWER_MEETING,
    MEETINGS,
    MOVE_MEETING,
    REFLECT_MEETING,
)
from cards.regional_sharing import (
    CONFIRM_SHARE,
    PREVIEW_SHARE,
    REGIONAL_SHARES,
    WITHDRAW_SHARE,
)
from cards.regions import (
    CHOOSE_REGIONAL,
    CREATE_REGION,
    CREATE_REGIONAL_COHORT,
    INVITE_REGION,
    choice_input,
)
from services.regions import name_programme_owner
from storage.database import Database
from storage.outbox import OutboxMessage
from storage.roles import RoleName
from tests.activities import TENANT
from tests.card_schema import card_nodes, card_texts
from tests.clock import TestClock
from tests.coordination.test_regional_meetings_in_teams import value_of
from tests.coordination.test_regions_in_teams import JONAS_EMAIL, click
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, bot, jonas

__all__ = ["bot", "jonas"]  # the fixtures

REFLECTION = "Luleås medborgardialog var ett bra exempel att låna."


def verbs(card: dict, verb: str) -> list[dict]:
    return [a for n in card_nodes(card) for a in n.get("actions", []) if a.get("verb") == verb]


async def outbox(database: Database, like: str) -> list[OutboxMessage]:
    async with database.sessions() as session:
        found = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.idempotency_key.like(like))
            .order_by(OutboxMessage.id)
        )
        return list(found)


async def a_regional_meeting(bot: BotServer, jonas: Leader) -> tuple[int, int]:
    """Jonas owns a region, coordinates his municipality, joins and brings all its leaders
    (himself too), and schedules a meeting: (regional cohort id, meeting id)."""
    await jonas.say("hej")
    await name_programme_owner(bot.services.database, TENANT, JONAS_EMAIL)
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
    regional = verbs(created, MEETINGS)[0]["data"]["regional_cohort_id"]
    await click(bot, jonas, url, "answer_region", {"region_id": int(region), "answer": "join"})
    chooser = choice_input(regional)
    await click(bot, jonas, url, CHOOSE_REGIONAL, {"regional_cohort_id": regional, chooser: "all"})
    saved = await click(
        bot,
        jonas,
        url,
        ADD_MEETING,
        {
            "regional_cohort_id": regional,
            "meeting_date": "2027-01-15",
            "meeting_start": "13:00",
            "meeting_length": "150",
            "meeting_theme": "Tjänstedesign",
            "meeting_agenda": "Lokala exempel",
            "meeting_link": "https://teams.example/x",
        },
    )
    [meeting] = [n for n in card_nodes(saved) if n.get("id") == "move_meeting"]
    return regional, int(meeting["choices"][0]["value"])


async def test_a_meeting_moved_from_the_card_is_told_to_its_participant(
    bot: BotServer, jonas: Leader
) -> None:
    regional, meeting_id = await a_regional_meeting(bot, jonas)
    url, database = jonas.connector.url, bot.services.database
    typed = {"regional_cohort_id": regional, "move_meeting": str(meeting_id)}
    wrong = await click(bot, jonas, url, MOVE_MEETING, typed | {"move_date": "1999-01-01"})
    assert "Välj ett datum inom regionkullens tid" in card_texts(wrong)
    assert value_of(wrong, "move_date") == "1999-01-01"  # kept as typed
    assert await outbox(database, f"regional-meeting-{meeting_id}-moved-%") == []
    moved = await click(
        bot, jonas, url, MOVE_MEETING, typed | {"move_date": "2027-01-29", "move_start": "10:00"}
    )
    assert "Tjänstedesign är flyttad till fredag 29 januari" in card_texts(moved)
    [told] = await outbox(database, f"regional-meeting-{meeting_id}-moved-%")
    card = json.loads(told.payload)["attachments"][0]["content"]
    assert "Ny tid: Tjänstedesign" in card_texts(card) and "10:00–12:30" in card_texts(card)
    [announced] = await outbox(database, f"regional-meeting-{meeting_id}-announce-%")
    assert announced.state == "cancelled"  # the card with the old time never goes out


async def test_a_reflection_shared_after_a_preview_and_taken_back(
    bot: BotServer, jonas: Leader, clock: TestClock
) -> None:
    regional, meeting_id = await a_regional_meeting(bot, jonas)
    url = jonas.connector.url
    await click(bot, jonas, url, ANSWER_MEETING, {"meeting_id": meeting_id, "coming": True})
    clock.move_to(datetime(2027, 1, 15, 14, 30, tzinfo=UTC))  # 15:30 in Stockholm: over
    await bot.services.regional_meetings.tick()
    reflected = {"meeting_id": meeting_id, "meeting_reflection": REFLECTION}
    await click(bot, jonas, url, REFLECT_MEETING, reflected)

    await jonas.say("region")
    leader = jonas.card  # the last card: "Dela med regionen"
    assert "Dela med regionen" in card_texts(leader) and REFLECTION in card_texts(leader)
    [pick] = verbs(leader, PREVIEW_SHARE)
    preview = await click(bot, jonas, url, PREVIEW_SHARE, pick["data"])
    shown = card_texts(preview)
    assert "Vem ser den: programägaren för Norrbotten" in shown and REFLECTION in shown
    [confirm] = verbs(preview, CONFIRM_SHARE)
    owner_view = {"regional_cohort_id": regional}
    before = await click(bot, jonas, url, REGIONAL_SHARES, owner_view)
    assert "Ingen ledare har delat något ännu." in card_texts(before)  # the preview stored nothing
    shared = await click(
        bot, jonas, url, CONFIRM_SHARE, confirm["data"] | {"share_as": "municipality"}
    )
    assert "Delat med Norrbotten" in card_texts(shared)
    seen = await click(bot, jonas, url, REGIONAL_SHARES, owner_view)
    assert REFLECTION in card_texts(seen)

    [withdraw] = verbs(shared, WITHDRAW_SHARE)
    taken = await click(bot, jonas, url, WITHDRAW_SHARE, withdraw["data"])
    assert "Taget tillbaka" in card_texts(taken)
    gone = await click(bot, jonas, url, REGIONAL_SHARES, owner_view)
    assert REFLECTION not in card_texts(gone)
    assert "Ingen ledare har delat något ännu." in card_texts(gone)
