"""Shared reflections go to the team's "Reflektion" channel when it has one (as the seed's
teams do), else to its General channel. The choice is stored with the group when the app is
installed and made again when Teams says a channel was created, renamed or deleted."""

from __future__ import annotations

import pytest

from tests.fakes.connector import Channel as TeamsChannel
from tests.fakes.connector import FakeConnector, Team, playground_members
from tests.learning.conftest import Learner
from tests.learning.test_reflections import open_reflection
from tests.team.conftest import TEAM_ID, TEAM_NAME, Channel

REFLEKTION = "19:reflektion@thread.tacv2"
OVNINGAR = "19:ovningar@thread.tacv2"


@pytest.fixture
def team(connector: FakeConnector) -> Team:
    """The seed's team: General, "Reflektion" and "Övningar"."""
    channels = [(OVNINGAR, "Övningar"), (REFLEKTION, "Reflektion")]
    return connector.add_team(TEAM_ID, TEAM_NAME, playground_members()[:4], channels)


def posts_in(channel: Channel, conversation_id: str) -> list[str]:
    return [
        a.get("text", "")
        for a in channel.connector.sent_activities(conversation_id)
        if "Reflektion från" in a.get("text", "")
    ]


async def share(channel: Channel, jonas: Learner, text: str, number: int, title: str) -> None:
    if number == 1:
        await open_reflection(jonas, number, title)
    else:  # the module is started: "modul" shows it
        await jonas.say("modul")
        await jonas.click(f"Övning {number}: {title}")
        await jonas.click("Gör övningen")
        await jonas.click("Skriv reflektion")
    await jonas.click("Skicka", reflection=text, share="true")
    await channel.deliver()


async def channels_changed(channel: Channel, event: str) -> None:
    activity = channel.activity(
        "conversationUpdate", channel.members[0], channel_data={"eventType": event}
    )
    assert (await channel.bot.post(activity)).status in (200, 201)


async def test_a_shared_reflection_goes_to_the_reflektion_channel_and_is_edited_there(
    channel: Channel, jonas: Learner
) -> None:
    await channel.install()
    await channel.deliver()
    await share(channel, jonas, "Version ett.", 1, "Enhetsmöte")

    assert posts_in(channel, REFLEKTION) == [
        "**Jonas:** Version ett.\n\n_Reflektion från Enhetsmöte_"
    ]
    assert posts_in(channel, TEAM_ID) == []
    # The group's own messages stay in General.
    assert any("Innovationsteam" in t for t in channel.texts())

    await jonas.click("Ändra reflektionen")
    await jonas.click("Skicka", reflection="Version två.", share="true")
    await channel.deliver()
    [update] = [s for s in channel.connector.sent if s.operation == "update"]
    assert update.conversation_id == REFLEKTION and "Version två." in update.body["text"]


async def test_a_channel_created_renamed_or_deleted_changes_where_they_go(
    channel: Channel, jonas: Learner, team: Team
) -> None:
    reflektion = next(c for c in team.channels if c.id == REFLEKTION)
    team.channels.remove(reflektion)  # installed in a team without one
    await channel.install()
    await channel.deliver()
    await share(channel, jonas, "I General.", 1, "Enhetsmöte")
    assert len(posts_in(channel, TEAM_ID)) == 1

    team.channels.append(TeamsChannel(REFLEKTION, "reflektioner"))  # any case, plural too
    await channels_changed(channel, "channelCreated")
    await share(channel, jonas, "I Reflektion.", 2, "Medarbetarsamtal")
    assert posts_in(channel, REFLEKTION) == [
        "**Jonas:** I Reflektion.\n\n_Reflektion från Medarbetarsamtal_"
    ]

    team.channels[-1] = TeamsChannel(REFLEKTION, "Arkiv")
    await channels_changed(channel, "channelRenamed")
    await share(channel, jonas, "I General igen.", 3, "Microsoft Teams")
    assert len(posts_in(channel, TEAM_ID)) == 2 and len(posts_in(channel, REFLEKTION)) == 1
