"""Every free text a leader writes has a limit: over it nothing is stored, the answer says
"för lång: N av max M tecken" and the card shows the text back (introductions, meeting
reflections, insights; the goal and exercise reflections have their own tests)."""

from __future__ import annotations

import json

import pytest

from cards import meeting_followup as followup_cards
from dialogs.meeting_followup import _insights_note
from services.meeting_followup import ReflectionOutcome
from services.team import Introduction, introduction_card
from storage.database import Database
from storage.introductions import Introductions
from storage.workbook import Workbook
from tests.services.test_meeting_followup import END, booked, followup
from tests.services.test_team import registered, service
from tests.services.world import TENANT, Recorder, content, team

CONTENT = content()
INTRO_LIMIT = CONTENT.messages.introduction_max_chars
FOLLOWUP = CONTENT.messages.meeting_followup


@pytest.mark.parametrize("field", ["who", "leads", "goal"])
@pytest.mark.parametrize("length", [INTRO_LIMIT + 1, 25_000])
async def test_an_introduction_answer_over_its_limit_is_shown_back_and_not_stored(
    database: Database, field: str, length: int
) -> None:
    team_service = service(database, Recorder())
    organisation_id, group_id, people = await registered(database, team_service)
    answers = {"who": "Jag heter Anna.", "leads": "En skola.", "goal": "Pröva mer."}
    answers[field] = "å" * length

    view = await team_service.introduce(
        organisation_id,
        TENANT,
        people["Anna"],
        group_id,
        Introduction(**answers),
        first_name="Anna",
    )

    assert view is not None and view.too_long is not None
    assert (view.too_long.length, view.too_long.limit) == (length, INTRO_LIMIT)
    assert await Introductions(database).of(group_id, people["Anna"]) is None
    assert await Workbook(database).goal(people["Anna"]) is None
    card = json.dumps(introduction_card(CONTENT, view, first_name=""), ensure_ascii=False)
    assert f"för lång: {length} av max {INTRO_LIMIT} tecken" in card
    assert "å" * length in card  # nothing lost: it is in the box to shorten
    assert "Tack" not in card


async def test_an_introduction_at_its_limit_is_stored_whole(database: Database) -> None:
    team_service = service(database, Recorder())
    organisation_id, group_id, people = await registered(database, team_service)
    goal = "m" * INTRO_LIMIT
    view = await team_service.introduce(
        organisation_id,
        TENANT,
        people["Anna"],
        group_id,
        Introduction("Anna.", "En skola.", goal),
        first_name="Anna",
    )
    assert view is not None and view.too_long is None
    assert await Workbook(database).goal(people["Anna"]) == goal  # no longer cut at 1,000


@pytest.mark.parametrize("length", [FOLLOWUP.reflection_max_chars + 1, 25_000])
async def test_a_meeting_reflection_over_its_limit_is_shown_back_and_not_stored(
    database: Database, length: int
) -> None:
    group = await team(database)
    meeting_id = await booked(database, group, 1)
    followup_service = followup(database, Recorder())
    await followup_service.tick(END)
    text = "r" * length

    result = await followup_service.save_reflection(group.people["Anna"], meeting_id, text)

    assert result is not None and result.outcome is ReflectionOutcome.TOO_LONG
    assert await Workbook(database).entries(group.people["Anna"]) == []
    note = CONTENT.messages.text_too_long.format(length=length, limit=FOLLOWUP.reflection_max_chars)
    card = json.dumps(
        followup_cards.reflection_card(
            CONTENT,
            CONTENT.social_learning.meeting(1),
            meeting_id=meeting_id,
            typed=result.text,
            note=note,
        ),
        ensure_ascii=False,
    )
    assert text in card and f"för lång: {length} av max" in card


async def test_an_insight_over_its_limit_keeps_all_three_and_stores_none(
    database: Database,
) -> None:
    group = await team(database)
    meeting_id = await booked(database, group, 1)
    followup_service = followup(database, Recorder())
    anna = group.people["Anna"]
    long = "i" * (FOLLOWUP.insight_max_chars + 1)

    view = await followup_service.save_insights(anna, meeting_id, ["Mod", long, "Tid"])

    assert view is not None and view.saved == ("Mod", long, "Tid")
    assert view.too_long is not None and view.too_long.length == len(long)
    assert (await followup_service.insights(anna, meeting_id)).saved == ()  # type: ignore[union-attr]
    note = _insights_note(CONTENT, view)
    assert note is not None and f"för lång: {len(long)} av max {FOLLOWUP.insight_max_chars}" in note
