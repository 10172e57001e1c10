"""A coordinator who asks for "uppföljning" in a team channel gets it in their 1:1 chat: the
channel sees a note, never a figure or a download link."""

from __future__ import annotations

import json

from storage.roles import RoleName
from tests.activities import TENANT
from tests.card_schema import card_texts
from tests.team.conftest import Channel, cards_in
from tests.team.test_channel_routing import private, say_in_channel


async def test_the_follow_up_asked_in_the_channel_is_answered_privately(channel: Channel) -> None:
    await channel.install()
    await channel.deliver()
    coordination = channel.bot.services.coordination
    await coordination.name_from_cli(TENANT, "daniela.drazic@uppsala.example", RoleName.COORDINATOR)
    before = len(private(channel, "Daniela"))

    said = await say_in_channel(channel, "Daniela", "uppföljning")
    assert [a.get("text") for a in said] == ["Jag har skrivit till dig privat, Daniela."]
    assert cards_in(said) == []
    await channel.deliver()
    [answer] = private(channel, "Daniela")[before:]
    assert "Uppföljning" in card_texts(answer) and "Ladda ner som CSV" in card_texts(answer)
    in_channel = json.dumps(channel.said(), ensure_ascii=False)
    assert "/files/" not in in_channel and "Deltagare" not in in_channel

    # Max, a leader, is told kindly in his own chat too.
    max_before = len(private(channel, "Max"))
    await say_in_channel(channel, "Max", "uppföljning")
    await channel.deliver()
    [turned_away] = private(channel, "Max")[max_before:]
    assert turned_away["text"].startswith("Det här är till för kommunens samordnare")
