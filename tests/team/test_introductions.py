"""Introductions: posted for the group in the member's name; the goal reaches their workbook."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Person
from tests.card_schema import card_texts
from tests.fakes.connector import member
from tests.team.conftest import Channel, introduce


async def person_id(channel: Channel, first_name: str) -> int:
    async with channel.bot.services.database.sessions() as session:
        return await session.scalar(select(Person.id).where(Person.given_name == first_name))


async def test_an_introduction_is_posted_in_the_members_name_and_the_goal_kept(
    channel: Channel,
) -> None:
    await channel.install()
    await channel.deliver()
    [card] = channel.cards()
    jonas = channel.member("Jonas")

    after = await introduce(channel, jonas, card)
    await channel.deliver()

    assert (
        "Jonas: Jag heter Jonas och är enhetschef. Jag leder ett team av lärare på en grundskola."
        in channel.texts()[-1]
    )
    assert "Målet med min resa: Jonas vill pröva nya idéer" in channel.texts()[-1]
    workbook = channel.bot.services.workbook
    assert await workbook.goal(await person_id(channel, "Jonas")) == (
        "Jonas vill pröva nya idéer tillsammans med teamet."
    )
    assert "Tack Jonas!" in card_texts(after)
    assert "1 av 4 har presenterat sig." in card_texts(after)
    # Each member sees their own view: Daniela still gets the empty form.
    daniela_sees = await channel.refresh(channel.member("Daniela"), after)
    assert "Tack" not in card_texts(daniela_sees)
    assert "Dela min presentation" in card_texts(daniela_sees)


async def test_the_same_introduction_twice_is_posted_once(channel: Channel) -> None:
    await channel.install()
    await channel.deliver()
    [card] = channel.cards()
    jonas = channel.member("Jonas")
    await introduce(channel, jonas, card)
    await introduce(channel, jonas, card)
    await channel.deliver()

    assert sum(text.startswith("Jonas:") for text in channel.texts()) == 1


async def test_someone_outside_the_group_cannot_introduce_themself(channel: Channel) -> None:
    await channel.install()
    await channel.deliver()
    [card] = channel.cards()
    stranger = member(9, domain="uppsala.example")
    action = card["actions"][0]
    data = {**action["data"], "who": "x", "leads": "y", "goal": "z"}
    response = await channel.bot.post(channel.execute(stranger, action["verb"], data))
    await channel.deliver()

    assert response.status == 200
    assert not any(text.startswith("Ledare:") for text in channel.texts())


async def test_when_everyone_has_introduced_themselves_the_first_meeting_is_proposed(
    channel: Channel,
) -> None:
    await channel.install()
    await channel.deliver()
    [card] = channel.cards()
    for person in channel.members[:3]:
        await introduce(channel, person, card)
    await channel.deliver()
    assert len(channel.cards()) == 1, "no proposal before everyone has introduced themselves"

    await introduce(channel, channel.member("Sandra"), card)
    await channel.deliver()

    proposal = channel.cards()[-1]
    assert (
        "Nu är det dags att boka Expeditionens första gemensamma övning: "
        "Hur ska vi arbeta tillsammans?"
    ) in card_texts(proposal)
