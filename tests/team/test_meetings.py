"""The meeting proposal over HTTP with the iCalendar calendars: confirm, decline, book once."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import func, select

from storage.team_models import MeetingConfirmation, TeamMeeting
from tests.activities import User, message
from tests.card_schema import card_texts
from tests.fakes.connector import Member, member
from tests.team.conftest import Channel, installed_and_introduced

TIME = re.compile(r"[A-ZÅÄÖ]+DAG DEN \d{1,2} [A-ZÅÄÖ]+ KL \d\d:\d\d – \d\d:\d\d")
CONFIRM, REJECT = "Bekräfta tid", "Passar inte"


def proposed_time(card: dict) -> str:
    [found] = TIME.findall(card_texts(card))
    return found


def calendar_dir(channel: Channel) -> Path:
    return Path(channel.bot.services.settings.calendar_dir)


def invitations(channel: Channel) -> list[icalendar.Calendar]:
    return [
        icalendar.Calendar.from_ical(path.read_bytes())
        for path in sorted((calendar_dir(channel) / "outbox").glob("invitation-*.ics"))
    ]


def attendees(invitation: icalendar.Calendar) -> set[str]:
    [event] = invitation.walk("VEVENT")
    found = event.get("ATTENDEE")
    found = found if isinstance(found, list) else [found]
    return {str(address).removeprefix("mailto:").lower() for address in found}


async def meetings_booked(channel: Channel) -> int:
    async with channel.bot.services.database.sessions() as session:
        return await session.scalar(
            select(func.count()).select_from(TeamMeeting).where(TeamMeeting.state == "booked")
        )


async def test_decline_then_everyone_confirms_books_one_meeting(channel: Channel) -> None:
    proposal = await installed_and_introduced(channel)
    jonas, daniela, max_, sandra = channel.members

    texts = card_texts(proposal)
    assert "Nu är det dags att boka Expeditionens första gemensamma övning: Hur ska vi" in texts
    assert "Jag har kikat i era kalendrar och ser att samtliga av er kan följande tid:" in texts
    first_time = proposed_time(proposal)
    assert proposal["refresh"]["userIds"] == [m.id for m in channel.members]
    action = next(a for a in proposal["actions"] if a["title"] == CONFIRM)
    assert action["type"] == "Action.Execute"
    assert action["fallback"]["type"] == "Action.Submit"

    card = proposal
    for person in (jonas, daniela, max_):
        card = await channel.click(person, proposal, CONFIRM)
    assert "Har bekräftat: Jonas, Daniela och Max" in card_texts(card)
    assert "Väntar på: Sandra" in card_texts(card)
    assert "Du har bekräftat tiden" in card_texts(card)
    assert "Du har bekräftat" not in card_texts(await channel.refresh(sandra, card))

    declined = await channel.click(sandra, proposal, REJECT)
    assert "Jag letar upp en ny tid som passar alla" in card_texts(declined)
    second_time = proposed_time(declined)
    assert second_time != first_time
    assert "Har bekräftat" not in card_texts(declined), "confirmations were for the old time"
    stale = await channel.click(jonas, proposal, CONFIRM)  # the first card's button, too late
    assert proposed_time(stale) == second_time
    assert "Har bekräftat" not in card_texts(stale)

    for person in (jonas, daniela, max_, sandra):
        card = await channel.click(person, declined, CONFIRM)
    assert "Bokat!" in card_texts(card)
    assert "Träffen ”Hur ska vi arbeta tillsammans?” är bokad" in card_texts(card)
    assert "Bokat!" in card_texts(await channel.refresh(daniela, declined))
    assert await meetings_booked(channel) == 1
    [invitation] = invitations(channel)
    assert attendees(invitation) == {m.email for m in channel.members}


async def test_four_confirmations_at_once_all_count_and_book_one_meeting(
    channel: Channel, caplog: pytest.LogCaptureFixture
) -> None:
    proposal = await installed_and_introduced(channel)
    caplog.set_level(logging.INFO, logger="services.meetings")
    action = next(a for a in proposal["actions"] if a["title"] == CONFIRM)

    responses = await asyncio.gather(
        *(
            channel.bot.post(channel.execute(person, action["verb"], action["data"]))
            for person in channel.members
        )
    )

    assert [r.status for r in responses] == [200] * 4
    async with channel.bot.services.database.sessions() as session:
        confirmations = await session.scalar(select(func.count()).select_from(MeetingConfirmation))
    assert confirmations == 4
    assert await meetings_booked(channel) == 1
    assert len(invitations(channel)) == 1
    # The calendars are idempotent per booking, so only the log tells a second booker.
    bookings = [r for r in caplog.records if "booked at" in r.getMessage()]
    assert len(bookings) == 1
    after = await channel.refresh(channel.members[0], proposal)
    assert "Bokat!" in card_texts(after)


def away(channel: Channel, person: Member, days: int) -> None:
    """`person` is out of office from yesterday for `days` days (Outlook's OOF status)."""
    first = channel.bot.clock().astimezone(ZoneInfo("Europe/Stockholm")).date() - timedelta(days=1)
    last = first + timedelta(days=days)
    path = calendar_dir(channel) / f"{person.email}.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//SV\nBEGIN:VEVENT\nUID:semester@test\n"
        f"DTSTAMP:20260101T000000Z\nDTSTART;VALUE=DATE:{first:%Y%m%d}\n"
        f"DTEND;VALUE=DATE:{last:%Y%m%d}\nSUMMARY:Semester\n"
        "X-MICROSOFT-CDO-BUSYSTATUS:OOF\nEND:VEVENT\nEND:VCALENDAR\n",
        encoding="utf-8",
    )


async def test_someone_away_the_whole_window_does_not_block_the_group(channel: Channel) -> None:
    jonas, daniela, max_, sandra = channel.members
    away(channel, sandra, days=40)

    proposal = await installed_and_introduced(channel)

    texts = card_texts(proposal)
    assert "Sandra är ledig hela perioden och är tillbaka" in texts
    assert "Bästa tiden för er andra, utan Sandra:" in texts
    assert "Första tiden när alla är tillbaka:" in texts
    without, after_return = TIME.findall(texts)
    assert without != after_return
    for person in (jonas, daniela, max_):
        card = await channel.click(person, proposal, "Boka utan Sandra")
    assert "Bokat!" in card_texts(card)
    [invitation] = invitations(channel)
    assert attendees(invitation) == {jonas.email, daniela.email, max_.email}


async def test_a_paused_member_is_no_longer_waited_for(channel: Channel) -> None:
    proposal = await installed_and_introduced(channel)
    jonas, daniela, max_, sandra = channel.members
    for person in (jonas, daniela, max_):
        await channel.click(person, proposal, CONFIRM)

    user = User(sandra.id, sandra.name, sandra.aad_object_id)
    await channel.bot.post(message("pausa", user, channel.connector.url))
    await channel.deliver()

    answer = channel.connector.sent_activities(user.personal_conversation)[-1]
    assert "nu har du pausat" in answer["text"]
    assert await meetings_booked(channel) == 1
    # The proposal card in the channel was edited into "Bokat!" (then the preparation follows).
    edits = [a for a in channel.said() if a.get("id") and "Bokat!" in card_texts(a)]
    assert len(edits) == 1
    [invitation] = invitations(channel)
    assert sandra.email not in attendees(invitation)


async def test_a_confirmation_from_outside_the_group_does_not_count(channel: Channel) -> None:
    proposal = await installed_and_introduced(channel)
    action = next(a for a in proposal["actions"] if a["title"] == CONFIRM)
    stranger = member(8, domain="uppsala.example")

    await channel.bot.post(channel.execute(stranger, action["verb"], action["data"]))

    async with channel.bot.services.database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(MeetingConfirmation)) == 0
