"""After booking, over HTTP with the iCalendar calendars and the fake connector: preparation,
the reminder the day before, the follow-up after the meeting, the digest before the next one.

Time is controlled where the bot looks at it later: the outbox sender and the follow-up job
get the test's "now"; everything a person does happens over HTTP in real time.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update

from learning.progress import module_exercises
from scheduling.sender import OutboxSender
from storage.groups import GroupMember
from storage.journey_models import WorkbookEntry
from storage.learning_progress import LearningProgress
from storage.team_models import MeetingAttendee, TeamMeeting
from storage.workbook import TEAM_REFLECTION
from tests.activities import User, card_execute
from tests.card_schema import assert_valid_card, card_texts
from tests.fakes.connector import Member
from tests.team.conftest import CARD, Channel, cards_in, installed_and_introduced

ZONE = ZoneInfo("Europe/Stockholm")
CONFIRM = "Bekräfta tid"
QUESTIONS = (
    "När är du som gladast på jobbet?",
    "Vad vill du göra mer av som du idag inte gör pga tidsbrist?",
    "Finns det något i en arbetsmiljö som gör dig obekväm?",
)
REFLECTION_TITLE = "Reflektion efter Innovationsteamsmöte"
DIGEST_TITLE = "Era reflektioner från övningarna"


async def deliver_at(channel: Channel, now: datetime) -> int:
    """One outbox tick as if the clock said `now` (the app's own messenger and outbox)."""
    services = channel.bot.services
    sender = OutboxSender(services.outbox, services.messenger, clock=lambda: now)
    return (await sender.tick()).sent


async def book(channel: Channel, proposal: dict[str, Any]) -> None:
    for person in channel.members:
        card = await channel.click(person, proposal, CONFIRM)
    assert "Bokat!" in card_texts(card)


async def meeting(channel: Channel, number: int) -> TeamMeeting:
    async with channel.bot.services.database.sessions() as session:
        found = await session.scalar(select(TeamMeeting).where(TeamMeeting.number == number))
    assert found is not None and found.starts_at is not None
    return found


def reminder_due(start: datetime, hour: int = 9) -> datetime:
    return datetime.combine(start.astimezone(ZONE).date() - timedelta(days=1), time(hour), ZONE)


def reminder_text(start: datetime) -> str:
    return f"Psst! Imorgon kl. {start.astimezone(ZONE):%H:%M} har ni ert teammöte i Expedition"


def count(channel: Channel, text: str) -> int:
    return sum(text in said for said in channel.texts())


def personal_cards(channel: Channel, person: Member) -> list[dict[str, Any]]:
    chat = channel.connector.personal_conversation_id(person.id)
    found = cards_in(channel.connector.sent_activities(chat))
    for card in found:
        assert_valid_card(card)
    return found


def titled(cards: list[dict[str, Any]], title: str) -> list[dict[str, Any]]:
    return [card for card in cards if title in card_texts(card)]


async def members(channel: Channel, group_id: int) -> dict[str, GroupMember]:
    found = await channel.bot.services.groups.active_members(group_id)
    return {m.first_name: m for m in found}


async def reflect(channel: Channel, person: Member, card: dict[str, Any], text: str) -> dict:
    """`person` writes in the reflection card in their personal chat (Action.Execute)."""
    action = card["actions"][0]
    user = User(person.id, person.name, person.aad_object_id)
    activity = card_execute(
        action["verb"], user, channel.connector.url, {**action["data"], "reflection": text}
    )
    response = await channel.bot.post(activity)
    assert response.status == 200
    body = await response.json()
    assert body["type"] == CARD
    assert_valid_card(body["value"])
    return body["value"]


async def test_booked_reminded_followed_up_and_the_next_meeting_gets_the_digest(
    channel: Channel,
) -> None:
    services = channel.bot.services
    jonas, daniela, _max, sandra = channel.members
    await book(channel, await installed_and_introduced(channel))
    await channel.deliver()

    # Booked: the preparation card, with the first meeting's questions, purpose, agenda, how.
    [preparation] = titled(channel.cards(), "Inför mötet: Hur ska vi arbeta tillsammans?")
    texts = card_texts(preparation)
    assert "När ni ses i gruppen första gången" in texts
    for question in QUESTIONS:
        assert f"- {question}" in texts
    assert "Lära känna varandra" in texts  # purpose
    assert "Träffa er lärgrupp (4 personer)" in texts  # the group's real size
    assert "Agenda – Hur ska vi arbeta tillsammans?" in texts
    assert "1. Checka in" in texts
    assert "Låt var och en presentera sig kort" in texts  # facilitation

    # The reminder: not before the day before at 09:00 local time, then exactly once.
    first = await meeting(channel, 1)
    due = reminder_due(first.starts_at)
    assert await deliver_at(channel, due - timedelta(minutes=1)) == 0
    await services.followup.tick(due - timedelta(minutes=1))
    assert count(channel, "Psst!") == 0
    assert await deliver_at(channel, due) == 1
    assert count(channel, reminder_text(first.starts_at)) == 1
    assert "svar på frågorna" in channel.texts()[-1]  # the first meeting has questions
    await services.followup.tick(due + timedelta(hours=1))  # the first meeting has no digest
    assert await deliver_at(channel, due + timedelta(hours=1)) == 0
    assert not titled(channel.cards(), DIGEST_TITLE)

    # Over: a reflection card for each member, the insights card, and meeting 2 is proposed.
    after = first.ends_at + timedelta(minutes=1)
    await services.followup.tick(first.ends_at - timedelta(minutes=1))
    assert await deliver_at(channel, after) == 0, "nothing before the meeting has ended"
    await services.followup.tick(after)
    await services.followup.tick(after)  # a second replica, or the next tick: nothing twice
    await deliver_at(channel, after)
    for person in channel.members:
        [card] = titled(personal_cards(channel, person), REFLECTION_TITLE)
        [field] = [e for e in card["body"] if e["type"] == "Input.Text"]
        assert field["isMultiline"] and field["isRequired"] and field["label"]
    insights, proposal = channel.cards()[-2:]
    assert "Era tre gemensamma insikter" in card_texts(insights)
    assert insights["refresh"]["userIds"] == [m.id for m in channel.members]
    assert "Expeditionens andra gemensamma övning: Dela era reflektioner" in card_texts(proposal)
    assert (await meeting(channel, 1)).state == "held"

    # Jonas's reflection goes to his workbook, under the module the meeting counted for.
    [card] = titled(personal_cards(channel, jonas), REFLECTION_TITLE)
    saved = await reflect(channel, jonas, card, "Jag tar med mig att lyssna mer.")
    assert "Tack! Din reflektion är sparad i din arbetsbok." in card_texts(saved)
    again = await reflect(channel, jonas, card, "Jag tar med mig att lyssna ännu mer.")
    assert "ännu mer" in card_texts(again)
    async with services.database.sessions() as session:
        [(person_id, module_id)] = (
            await session.execute(
                select(MeetingAttendee.person_id, MeetingAttendee.module_id)
                .where(MeetingAttendee.meeting_id == first.id)
                .order_by(MeetingAttendee.person_id)
                .limit(1)
            )
        ).all()
        entries = (
            await session.scalars(
                select(WorkbookEntry).where(
                    WorkbookEntry.person_id == person_id, WorkbookEntry.kind == TEAM_REFLECTION
                )
            )
        ).all()
    assert [(e.text, e.module_id, e.shared) for e in entries] == [
        ("Jag tar med mig att lyssna ännu mer.", module_id, False)
    ]
    assert module_id in await LearningProgress(services.database).group_sessions(person_id)

    # The group writes its three insights in the channel; everyone sees them.
    shown = await channel.click(
        daniela,
        insights,
        "Spara insikterna",
        insight_1="Vi vill alla ha mer tid för idéer.",
        insight_2="Trygghet gör oss modiga.",
        insight_3="Vi ses en gång i månaden.",
    )
    assert "Sparat av Daniela" in card_texts(shown)
    seen = await channel.refresh(sandra, insights)
    assert "Trygghet gör oss modiga." in card_texts(seen)

    # Meeting 2: four weeks on at the earliest; booked, then shared reflections are collected.
    await book(channel, proposal)
    second = await meeting(channel, 2)
    assert second.starts_at >= first.starts_at + timedelta(days=27)
    await channel.deliver()
    [preparation] = titled(channel.cards(), "Inför mötet: Dela era reflektioner")
    assert "Gå laget runt – hur gick övningarna?" in card_texts(preparation)

    people = await members(channel, first.group_id)
    content = services.content
    exercise = module_exercises(content, content.modules[0])[0]
    written = {
        "Jonas": ("Jag testade att fråga i stället för att svara.", True),
        "Daniela": ("Det här är bara för mig.", False),
    }
    for name, (text, shared) in written.items():
        entry, _ = await services.workbook.save_reflection(
            people[name].person_id,
            exercise.module.id,
            exercise.key,
            text,
            shared=shared,
            draft=False,
        )
        async with services.database.transaction() as session:  # written after meeting 1
            await session.execute(
                update(WorkbookEntry)
                .where(WorkbookEntry.id == entry.id)
                .values(updated_at=first.ends_at + timedelta(days=3))
            )

    due = reminder_due(second.starts_at)
    reminded = count(channel, "Psst!")
    await services.followup.tick(due - timedelta(minutes=5))
    assert not titled(channel.cards(), DIGEST_TITLE)
    await services.followup.tick(due)
    await deliver_at(channel, due)
    assert count(channel, "Psst!") == reminded + 1
    local = second.starts_at.astimezone(ZONE)
    assert channel.texts()[-1].startswith(  # meeting 2's own words
        f"Psst! Imorgon kl. {local:%H:%M} ses ni för att dela era reflektioner."
    )
    assert "svar på frågorna" not in channel.texts()[-1]  # meetings 2-5 have none
    assert "vad du vill dela från dina övningar" in channel.texts()[-1]
    [digest] = titled(channel.cards(), DIGEST_TITLE)
    texts = card_texts(digest)
    assert "Imorgon är det dags för träffen ”Dela era reflektioner”." in texts
    assert f"Jonas om {exercise.title}" in texts
    assert "Jag testade att fråga i stället för att svara." in texts
    assert "Det här är bara för mig." not in texts
    assert "Agenda – Dela era reflektioner" in texts
    assert "Gå laget runt – hur gick övningarna?" in texts
    said = channel.said()
    assert said[-1]["attachments"][0]["content"] == digest, "the digest follows the reminder"


async def test_reminders_due_across_a_restart_are_delivered_once(channel: Channel) -> None:
    await book(channel, await installed_and_introduced(channel))
    first = await meeting(channel, 1)
    due = reminder_due(first.starts_at)

    await channel.bot.restart()  # enqueued, not yet due: the process goes away
    await channel.bot.services.followup.tick(due)  # the new process's job: nothing new
    # "Bokat!" (an edit of the proposal card), the preparation card and the reminder
    assert await deliver_at(channel, due) == 3
    await channel.bot.restart()
    await channel.bot.services.followup.tick(due + timedelta(minutes=1))
    assert await deliver_at(channel, due + timedelta(minutes=1)) == 0

    assert count(channel, reminder_text(first.starts_at)) == 1
    assert len(titled(channel.cards(), "Inför mötet:")) == 1


async def test_a_moved_meeting_is_reminded_at_its_new_time_only(channel: Channel) -> None:
    await book(channel, await installed_and_introduced(channel))
    await channel.deliver()
    first = await meeting(channel, 1)
    moved = first.starts_at + timedelta(days=2, hours=1)
    services = channel.bot.services
    async with services.database.transaction() as session:  # rebooked (no UI for it yet)
        await session.execute(
            update(TeamMeeting)
            .where(TeamMeeting.id == first.id)
            .values(starts_at=moved, ends_at=moved + timedelta(hours=1))
        )

    await services.followup.tick()
    await deliver_at(channel, reminder_due(moved) + timedelta(minutes=1))

    assert count(channel, "Psst!") == 1
    assert count(channel, reminder_text(moved)) == 1
    assert (await services.outbox.counts()).get("cancelled") == 1
    assert len(titled(channel.cards(), "Inför mötet:")) == 2  # the new time's, too


async def test_a_reflection_from_someone_who_was_not_there_is_not_saved(
    channel: Channel,
) -> None:
    jonas = channel.members[0]
    await book(channel, await installed_and_introduced(channel))
    first = await meeting(channel, 1)
    await channel.bot.services.followup.tick(first.ends_at + timedelta(minutes=1))
    await deliver_at(channel, first.ends_at + timedelta(minutes=1))
    [card] = titled(personal_cards(channel, jonas), REFLECTION_TITLE)
    async with channel.bot.services.database.transaction() as session:
        await session.execute(delete(MeetingAttendee))

    answer = await reflect(channel, jonas, card, "Jag var inte där.")

    assert "inte var med på" in card_texts(answer)
    async with channel.bot.services.database.sessions() as session:
        found = await session.scalars(
            select(WorkbookEntry.id).where(WorkbookEntry.kind == TEAM_REFLECTION)
        )
        assert found.all() == []
