""" "mina data" and "radera mina data": everything of theirs, and nothing of theirs left after."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import MetaData, select

from cards.privacy import StoredKind, delete_confirmation_card, deleted_card, my_data_card
from content.dates import format_day_sv
from content.loader import load_content
from storage.learning_models import ModuleProgress, StartedExercise
from storage.models import Group, Membership, Person
from storage.outbox import OutboxMessage
from storage.team_models import (
    Introduction,
    MeetingConfirmation,
    MeetingInsights,
    MeetingProposal,
    TeamMeeting,
)
from storage.workbook import TEAM_REFLECTION
from tests.activities import card_execute, message
from tests.card_schema import assert_valid_card, card_texts
from tests.harness import BotServer
from tests.onboarding.conftest import Leader
from tests.workbook.conftest import fetch, links, onboard, pdf_text, squash

JONAS_GOAL = "Jonas mål: medarbetarna ska själva föreslå och testa förbättringar."
JONAS_REFLECTION = "Jonas reflektion: enhetsmötet fick fler idéer än jag väntade mig."
JONAS_NOTES = "Jonas anteckningar: dag 1, mer tid för samtal med medarbetarna."
JONAS_TEAM = "Jonas efter teammötet: vi delar samma utmaning med tiden."
JONAS_WHO = "Jonas berättar: rektor sedan fem år på en F-6-skola i Gottsunda."
JONAS_LEADS = "Jonas leder: fyrtio lärare och fritidspedagoger i tre arbetslag."
DANIELA_GOAL = "Danielas mål: tryggare överlämningar mellan dag och kväll."
DANIELA_WHO = "Daniela berättar: enhetschef i hemtjänsten i Gränby sedan i våras."
GROUP_INSIGHTS = ["Små försök slår stora planer", "Fråga brukarna först", "Ta tid varje vecka"]


async def _team_of_two(bot: BotServer, jonas_id: int, daniela_id: int) -> int:
    """A group with both, their introductions, a confirmed meeting, learning progress, and the
    channel post of Jonas's introduction waiting in the outbox."""
    async with bot.services.database.transaction() as session:
        organisation_id = await session.scalar(
            select(Person.organisation_id).where(Person.id == jonas_id)
        )
        now = bot.clock()
        group = Group(organisation_id=organisation_id, team_id="19:team@thread", name="G4")
        session.add(group)
        await session.flush()
        session.add_all(
            [
                Membership(group_id=group.id, person_id=jonas_id),
                Membership(group_id=group.id, person_id=daniela_id),
                Introduction(
                    group_id=group.id,
                    person_id=jonas_id,
                    who=JONAS_WHO,
                    leads=JONAS_LEADS,
                    goal=JONAS_GOAL,
                ),
                Introduction(
                    group_id=group.id,
                    person_id=daniela_id,
                    who=DANIELA_WHO,
                    leads="Hemtjänst",
                    goal=DANIELA_GOAL,
                ),
                StartedExercise(person_id=jonas_id, exercise_id="unit_meeting", module_id="m1"),
                ModuleProgress(person_id=jonas_id, module_id="important_behaviour"),
                OutboxMessage(
                    organisation_id=organisation_id,
                    conversation_id="19:team@thread",
                    reference="{}",
                    payload=json.dumps({"type": "message", "text": f"Jonas: {JONAS_WHO}"}),
                    due_at=now,
                    next_attempt_at=now + timedelta(days=1),
                    idempotency_key="introduction-jonas",
                ),
                OutboxMessage(
                    organisation_id=organisation_id,
                    conversation_id="19:team@thread",
                    reference="{}",
                    payload=json.dumps({"type": "message", "text": f"Daniela: {DANIELA_WHO}"}),
                    due_at=now,
                    next_attempt_at=now + timedelta(days=1),
                    idempotency_key="introduction-daniela",
                ),
            ]
        )
        meeting = TeamMeeting(group_id=group.id, number=1)
        session.add(meeting)
        await session.flush()
        proposal = MeetingProposal(
            meeting_id=meeting.id,
            round=1,
            starts_at=now,
            ends_at=now + timedelta(hours=1),
        )
        session.add(proposal)
        await session.flush()
        session.add_all(
            [
                MeetingConfirmation(proposal_id=proposal.id, person_id=jonas_id),
                MeetingConfirmation(proposal_id=proposal.id, person_id=daniela_id),
                # The group's insights, last saved by Jonas: the group's, not his.
                MeetingInsights(meeting_id=meeting.id, insights=GROUP_INSIGHTS, person_id=jonas_id),
            ]
        )
        return group.id


async def _everything_stored(bot: BotServer) -> str:
    """Every value in every table of the live schema, as one string to search."""
    metadata = MetaData()
    async with bot.services.database.reading() as connection:
        await connection.run_sync(lambda sync: metadata.reflect(bind=sync))
        values = []
        for table in metadata.sorted_tables:
            for row in await connection.execute(select(table)):
                values += [f"{table.name}.{k}={v}" for k, v in row._mapping.items()]
    return "\n".join(values)


async def test_mina_data_gives_the_leader_everything_of_theirs_and_nothing_else(
    bot: BotServer, jonas: Leader, daniela: Leader
) -> None:
    jonas_id = await onboard(jonas, JONAS_GOAL)
    daniela_id = await onboard(daniela, DANIELA_GOAL)
    await bot.services.workbook.save_reflection(
        jonas_id, "important_behaviour", "unit_meeting", JONAS_REFLECTION, shared=True, draft=True
    )
    await bot.services.workbook.save_notes(jonas_id, "make_room", "exercise_9", JONAS_NOTES)
    await _team_of_two(bot, jonas_id, daniela_id)

    await jonas.say("mina data")
    letter = jonas.card
    texts = card_texts(letter)
    assert "Dina uppgifter" in texts and "Hej Jonas!" in texts
    # The goal, the draft and the notes on an exercise.
    assert "Mål, reflektioner och anteckningar i arbetsboken (3)" in texts
    assert "Presentationer i ditt Innovationsteam (1)" in texts
    content = load_content().workbook
    for table in ("workbook_entries", "introductions", "memberships"):
        assert content.why(table) in texts, table  # why it is stored, in words
    assert texts.count(content.keep_until_erased) >= 5  # how long: the rule for most kinds
    assert texts.count(content.keep_anonymously) == 2  # memberships, meeting confirmations
    assert "Övrigt" not in texts  # every stored kind has a name a leader reads
    # Every button works: the two downloads, and "Nya länkar" runs "mina data" again.
    [again] = [a for a in letter["actions"] if a["type"] != "Action.OpenUrl"]
    assert again["title"] == "Nya länkar" and again["data"]["command"] == "my_data"
    assert "Nya länkar" in texts  # the note names a button the card has
    found = links(letter)

    status, body, headers = await fetch(bot, found["Mina data som JSON"])
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    assert data["person"]["name"] == "Jonas Gumbel" and data["person"]["id"] == jonas_id
    assert data["organisation"]["tenant_id"]
    tables = data["tables"]
    assert {e["text"] for e in tables["workbook_entries"]} == {
        JONAS_GOAL,
        JONAS_REFLECTION,
        JONAS_NOTES,
    }
    assert tables["introductions"][0]["who"] == JONAS_WHO
    assert {row["person_id"] for rows in tables.values() for row in rows if "person_id" in row} == {
        jonas_id
    }
    for key in ("learning_plans", "maturity_scores", "onboarding_progress", "conversation_refs"):
        assert tables[key], key
    assert DANIELA_GOAL not in body.decode() and DANIELA_WHO not in body.decode()
    assert "Daniela" not in body.decode()

    status, body, _ = await fetch(bot, found["Mina data som PDF"])
    text = squash(pdf_text(body))
    assert status == 200 and squash(JONAS_WHO) in text and squash(JONAS_REFLECTION) in text
    assert "Daniela" not in text
    # Laid out for people: headings, their texts, Swedish dates; no ids, no JSON.
    for heading in ("Det du har skrivit", "Mitt mål", "Reflektion: ", "Dina skattningar"):
        assert heading in text, heading
    assert squash(JONAS_GOAL) in text
    assert squash("Dina anteckningar: Coacha dig själv") in text and squash(JONAS_NOTES) in text
    assert format_day_sv(bot.clock()) in text  # e.g. "6 december 2026"
    for machine in ("aad_object_id", "person_id", "tenant_id", "{", "conversation_refs", "T0"):
        assert machine not in text, machine
    assert data["person"]["aad_object_id"] not in text


async def test_radera_mina_data_erases_every_text_and_keeps_anonymous_counts(
    bot: BotServer, jonas: Leader, daniela: Leader
) -> None:
    jonas_id = await onboard(jonas, JONAS_GOAL)
    daniela_id = await onboard(daniela, DANIELA_GOAL)
    workbook = bot.services.workbook
    await workbook.save_reflection(
        jonas_id, "important_behaviour", "unit_meeting", JONAS_REFLECTION, shared=True, draft=False
    )
    await workbook.add_entry(jonas_id, TEAM_REFLECTION, JONAS_TEAM, module_id="important_behaviour")
    await workbook.complete_journey(jonas_id)
    group_id = await _team_of_two(bot, jonas_id, daniela_id)
    await jonas.say("arbetsboken")
    old_link = links(jonas.card)["PDF"]
    before = await _everything_stored(bot)
    for value in (JONAS_GOAL, JONAS_REFLECTION, JONAS_TEAM, JONAS_WHO, "Jonas Gumbel"):
        assert value in before

    await jonas.say("radera mina data")
    assert "Radera mina data?" in card_texts(jonas.card)
    await jonas.click("Avbryt")
    assert "Okej, jag har inte raderat något." in card_texts(jonas.card)
    assert JONAS_GOAL in await _everything_stored(bot)

    await jonas.say("radera mina data")
    assert [a["title"] for a in jonas.card["actions"]] == ["Ja, radera", "Avbryt"]
    await jonas.click("Ja, radera")
    assert "Dina data är raderade" in card_texts(jonas.card)

    after = await _everything_stored(bot)
    for value in (
        JONAS_GOAL,
        JONAS_REFLECTION,
        JONAS_TEAM,
        JONAS_WHO,
        JONAS_LEADS,
        "Jonas Gumbel",
        "jonas.gumbel@",
        jonas.user.aad_object_id,
    ):
        assert value not in after, value
    assert jonas.user.personal_conversation not in after  # no dialog state, no activity ids
    async with bot.services.database.sessions() as session:
        queued = set(await session.scalars(select(OutboxMessage.idempotency_key)))
    assert "introduction-jonas" not in queued  # his introduction's channel post is gone
    # Daniela's data are untouched, her queued introduction too.
    assert "introduction-daniela" in queued
    for value in (DANIELA_GOAL, DANIELA_WHO, "Daniela Drazic"):
        assert value in after, value
    assert await workbook.goal(daniela_id) == DANIELA_GOAL

    async with bot.services.database.sessions() as session:
        person = await session.get(Person, jonas_id)
        assert (person.name, person.given_name, person.email) == ("", None, None)
        assert person.aad_object_id.startswith("erased-")
        assert person.teams_user_id.startswith("erased-")
        # Counts that survive: the group had two members, two confirmed the meeting time.
        memberships = (
            await session.scalars(select(Membership).where(Membership.group_id == group_id))
        ).all()
        assert len(memberships) == 2
        assert {m.state for m in memberships if m.person_id == jonas_id} == {"left"}
        confirmations = (await session.scalars(select(MeetingConfirmation))).all()
        assert len(confirmations) == 2
        insights = (await session.scalars(select(MeetingInsights))).one()
        assert (insights.insights, insights.person_id) == (GROUP_INSIGHTS, None)
        assert (
            await session.scalar(select(Introduction.who).where(Introduction.person_id == jonas_id))
            is None
        )
    for table in ("workbook_entries", "learning_plans", "maturity_scores", "onboarding_progress"):
        assert f"{table}.person_id={jonas_id}\n" not in after + "\n", table
    assert await workbook.entries(jonas_id, drafts=True) == []
    assert await workbook.checkpoints(jonas_id) == []

    # His old links find nothing; writing again starts over as a new participant.
    status, body, _ = await fetch(bot, old_link)
    assert status == 404 and b"%PDF" not in body
    await jonas.say("hej")
    assert "Välkommen Jonas!" in card_texts(jonas.card)
    assert await jonas.person_id() != jonas_id


def test_the_privacy_cards_are_valid_adaptive_cards() -> None:
    content = load_content()
    for card in (
        my_data_card(
            content,
            [StoredKind("Din plan", 1, "Varför.", "Hur länge.")],
            first_name="Jonas",
            json_url="https://x/a",
            pdf_url="https://x/b",
            minutes=15,
        ),
        delete_confirmation_card(content),
        deleted_card(content),
    ):
        assert_valid_card(card)
    confirmation = delete_confirmation_card(content)
    assert confirmation["actions"][0]["style"] == "destructive"
    assert "Kvar blir bara anonyma siffror" in card_texts(confirmation)


async def test_the_workbook_and_the_data_stay_out_of_channels(
    bot: BotServer, jonas: Leader, connector
) -> None:
    await onboard(jonas, JONAS_GOAL)
    channel = "19:general@thread.tacv2"
    for command in ("arbetsboken", "mina data", "radera mina data"):
        activity = message(command, jonas.user, connector.url, conversation=channel)
        activity["conversation"]["conversationType"] = "channel"
        activity["conversation"]["isGroup"] = True
        await bot.post(activity)
        [answer] = connector.sent_activities(channel)[-1:]
        assert answer["text"] == "Jag har skrivit till dig privat, Jonas."
        assert not answer.get("attachments")
    said = json.dumps(connector.sent_activities(channel), ensure_ascii=False)
    assert JONAS_GOAL not in said and "/files/" not in said
    assert await bot.services.workbook.goal(await jonas.person_id()) == JONAS_GOAL
    # ... and the answers came in the personal chat, where they belong.
    await bot.services.sender.tick()
    personal = json.dumps(jonas.sent()[-3:], ensure_ascii=False)
    assert "Arbetsboken" in personal and "Radera" in personal


async def test_nya_lankar_on_the_letter_gives_fresh_links(bot: BotServer, jonas: Leader) -> None:
    await onboard(jonas, JONAS_GOAL)
    await jonas.say("mina data")
    first = links(jonas.card)
    action = jonas.action("Nya länkar")
    before = len(jonas.sent())
    bot.clock.advance(timedelta(minutes=20))  # the first links have run out

    response = await bot.post(
        card_execute(action["verb"], jonas.user, jonas.connector.url, action["data"])
    )

    assert response.status == 200
    [answer] = [a for a in jonas.sent()[before:] if a.get("attachments")]
    letter = answer["attachments"][0]["content"]
    assert "Dina uppgifter" in card_texts(letter)
    fresh = links(letter)
    assert fresh.keys() == first.keys() and fresh != first
    status, body, _ = await fetch(bot, fresh["Mina data som PDF"])
    assert status == 200 and body.startswith(b"%PDF-")
    status, _, _ = await fetch(bot, first["Mina data som PDF"])
    assert status in (403, 404)
