"""Text in the team's channel that is no command: a short answer for the group, nothing of
anyone's own onboarding."""

from __future__ import annotations

from tests.team.conftest import Channel, cards_in


async def test_text_nobody_understands_in_the_channel_shows_nothing_personal(
    channel: Channel,
) -> None:
    await channel.install()  # every member's onboarding starts, at the welcome
    before = len(channel.said())
    daniela = channel.member("Daniela")
    response = await channel.bot.post(channel.activity("message", daniela, text="asdf"))
    assert response.status in (200, 201)

    [answer] = channel.said()[before:]
    assert cards_in([answer]) == []
    assert answer["text"].startswith("Hej Daniela! Här i kanalen")
    assert "Visa välkomstkortet" not in answer["text"] and "Sätt igång!" not in answer["text"]
