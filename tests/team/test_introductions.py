"""Introductions: posted for the group in the member's name; the goal reaches their workbook,
but never replaces the one already there without the member's yes."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Person
from tests.card_schema import card_nodes, card_texts
from tests.fakes.connector import member
from tests.team.conftest import Channel, find_action, introduce


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
    assert "Ditt mål finns nu i din arbetsbok." in card_texts(after)  # it was empty
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


async def test_the_form_starts_from_the_workbook_goal(channel: Channel) -> None:
    await channel.install()
    await channel.deliver()
    [card] = channel.cards()
    jonas = channel.member("Jonas")
    workbook = channel.bot.services.workbook
    await workbook.set_goal(await person_id(channel, "Jonas"), "Mer tid för nya idéer.")

    jonas_sees = await channel.refresh(jonas, card)
    [goal] = [n for n in card_nodes(jonas_sees) if n.get("id") == "goal"]
    assert goal["value"] == "Mer tid för nya idéer."
    assert "Målet kommer från din arbetsbok." in card_texts(jonas_sees)
    daniela_sees = await channel.refresh(channel.member("Daniela"), card)
    assert "Mer tid för nya idéer." not in card_texts(daniela_sees)  # Jonas's own view only

    # Shared as it stood: nothing to ask, the workbook unchanged.
    after = await channel.click(
        jonas,
        jonas_sees,
        "Dela min presentation",
        who="Jonas.",
        leads="Lärare.",
        goal=goal["value"],  # Teams sends the input's value
    )
    assert "Tack Jonas!" in card_texts(after)
    assert "Vill du uppdatera ditt mål" not in card_texts(after)
    assert await workbook.goal(await person_id(channel, "Jonas")) == "Mer tid för nya idéer."


async def test_a_different_goal_replaces_the_workbooks_only_after_a_yes(channel: Channel) -> None:
    await channel.install()
    await channel.deliver()
    [card] = channel.cards()
    jonas = channel.member("Jonas")
    workbook = channel.bot.services.workbook
    jonas_id = await person_id(channel, "Jonas")
    await workbook.set_goal(jonas_id, "Mer tid för nya idéer.")

    asked = await introduce(channel, jonas, card)
    await channel.deliver()
    assert "Vill du uppdatera ditt mål i arbetsboken också?" in card_texts(asked)
    assert await workbook.goal(jonas_id) == "Mer tid för nya idéer."  # not without a yes
    assert "Målet med min resa: Jonas vill pröva nya idéer" in channel.texts()[-1]  # shared

    kept = await channel.click(jonas, asked, "Nej")
    assert "Okej, ditt mål i arbetsboken är som förut." in card_texts(kept)
    assert await workbook.goal(jonas_id) == "Mer tid för nya idéer."

    updated = await channel.click(jonas, asked, "Ja")
    assert "Ditt mål finns nu i din arbetsbok." in card_texts(updated)
    assert await workbook.goal(jonas_id) == "Jonas vill pröva nya idéer tillsammans med teamet."


async def test_a_forged_goal_answer_from_outside_the_group_changes_nothing(
    channel: Channel,
) -> None:
    await channel.install()
    await channel.deliver()
    [card] = channel.cards()
    jonas = channel.member("Jonas")
    workbook = channel.bot.services.workbook
    jonas_id = await person_id(channel, "Jonas")
    await workbook.set_goal(jonas_id, "Mer tid för nya idéer.")
    asked = await introduce(channel, jonas, card)
    answer = find_action(asked, "Ja")

    stranger = member(9, domain="uppsala.example")
    await channel.bot.post(channel.execute(stranger, answer["verb"], answer["data"]))
    forged = {**answer["data"], "answer": "kanske"}
    response = await channel.bot.post(channel.execute(jonas, answer["verb"], forged))

    assert response.status == 200
    assert await workbook.goal(jonas_id) == "Mer tid för nya idéer."
