"""What a member writes to the bot in the team channel: the group's help and team are answered
there; anything personal goes to their 1:1 chat, with a short note in the channel."""

from __future__ import annotations

import json
from typing import Any

from tests.activities import BOT, TENANT
from tests.card_schema import card_texts
from tests.team.conftest import Channel, cards_in


async def say_in_channel(channel: Channel, first_name: str, text: str) -> list[dict[str, Any]]:
    """@mention the bot in the channel; what it then said in the channel."""
    before = len(channel.said())
    member = channel.member(first_name)
    mention = f"<at>Expeditionsboten</at> {text}"
    mentioned = {"type": "mention", "text": "<at>Expeditionsboten</at>", "mentioned": BOT}
    activity = channel.activity("message", member, text=mention, entities=[mentioned])
    assert (await channel.bot.post(activity)).status in (200, 201)
    return channel.said()[before:]


def private(channel: Channel, first_name: str) -> list[dict[str, Any]]:
    member = channel.member(first_name)
    return channel.connector.sent_activities(
        channel.connector.personal_conversation_id(member.id, TENANT)
    )


async def test_help_in_the_channel_lists_only_the_groups_commands(channel: Channel) -> None:
    await channel.install()
    [answer] = await say_in_channel(channel, "Daniela", "hjälp")
    [card] = cards_in([answer])
    texts = card_texts(card)
    assert "Så här hjälper jag er grupp" in texts
    assert "innovationsteam" in texts
    for personal in ("radera mina data", "börja om", "tidsplan", "mina data"):
        assert f"”{personal}”" not in texts


async def test_a_personal_command_is_answered_privately_with_a_note_in_the_channel(
    channel: Channel,
) -> None:
    await channel.install()
    await channel.deliver()  # the welcome cards in each member's 1:1 chat
    before = len(private(channel, "Daniela"))

    said = await say_in_channel(channel, "Daniela", "tidsplan")
    assert [a.get("text") for a in said] == ["Jag har skrivit till dig privat, Daniela."]
    assert cards_in(said) == []
    await channel.deliver()
    [answer] = private(channel, "Daniela")[before:]
    assert "Din tidsplan" in card_texts(answer)


async def test_someone_not_yet_welcomed_is_welcomed_privately_not_in_the_channel(
    channel: Channel,
) -> None:
    # No install: the bot has not welcomed anyone yet.
    said = await say_in_channel(channel, "Daniela", "radera mina data")
    assert [a.get("text") for a in said] == ["Jag har skrivit till dig privat, Daniela."]
    await channel.deliver()
    [welcome] = private(channel, "Daniela")
    assert "Välkommen Daniela!" in card_texts(welcome)
    assert "Välkommen" not in json.dumps(channel.said(), ensure_ascii=False)


async def test_free_text_in_the_channel_gets_a_short_pointer(channel: Channel) -> None:
    await channel.install()
    [answer] = await say_in_channel(channel, "Max", "vad menar du med mål?")
    assert answer["text"].startswith("Hej Max! Här i kanalen")
    assert "attachments" not in answer


async def test_the_team_is_shown_in_the_channel_it_was_asked_in(channel: Channel) -> None:
    await channel.install()
    [answer] = await say_in_channel(channel, "Max", "innovationsteam")
    [card] = cards_in([answer])
    assert "Ni är: Jonas, Daniela, Max och Sandra." in card_texts(card)
