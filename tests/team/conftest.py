"""An Innovationsteam of four in Teams, over real HTTP: the team's channel and its members."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.activities import BOT, TENANT
from tests.card_schema import assert_valid_card
from tests.clock import TestClock
from tests.fakes.connector import FakeConnector, Member, Team, playground_members
from tests.harness import BotServer

CARD = "application/vnd.microsoft.card.adaptive"
TEAM_ID = "19:innovationsteam-4@thread.tacv2"
TEAM_NAME = "G4 Innovationsteam 4"
_ids = itertools.count(1_800_000_000_000)


def cards_in(activities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        attachment["content"]
        for activity in activities
        for attachment in activity.get("attachments") or []
        if attachment["contentType"] == CARD
    ]


class Channel:
    """The team's General channel as Teams posts it to the bot, and what the bot said there."""

    def __init__(self, bot: BotServer, connector: FakeConnector, team: Team) -> None:
        self.bot, self.connector, self.team = bot, connector, team

    @property
    def members(self) -> list[Member]:
        return self.team.members

    def member(self, first_name: str) -> Member:
        return next(m for m in self.team.members if m.given_name == first_name)

    def activity(self, kind: str, sender: Member, **fields: Any) -> dict[str, Any]:
        conversation = fields.pop("conversation", TEAM_ID)
        return {
            "type": kind,
            "id": str(next(_ids)),
            "timestamp": self.bot.clock().isoformat(),
            "serviceUrl": self.connector.url,
            "channelId": "msteams",
            "from": sender.account(),
            "recipient": BOT,
            "conversation": {
                "isGroup": True,
                "conversationType": "channel",
                "tenantId": TENANT,
                "id": conversation,
            },
            "channelData": {
                "tenant": {"id": TENANT},
                "team": {"id": TEAM_ID, "name": TEAM_NAME, "aadGroupId": self.team.aad_group_id},
                "channel": {"id": TEAM_ID},
                **fields.pop("channel_data", {}),
            },
            "locale": "sv-SE",
            **fields,
        }

    async def install(self, by: Member | None = None) -> None:
        """The app is added to the team: conversationUpdate with the bot in membersAdded."""
        activity = self.activity(
            "conversationUpdate",
            by or self.members[0],
            membersAdded=[BOT],
            channel_data={"eventType": "teamMemberAdded"},
        )
        assert (await self.bot.post(activity)).status in (200, 201)

    async def members_changed(self, member: Member, *, added: bool) -> None:
        event = "teamMemberAdded" if added else "teamMemberRemoved"
        key = "membersAdded" if added else "membersRemoved"
        activity = self.activity(
            "conversationUpdate",
            self.members[0],
            **{key: [member.account()]},
            channel_data={"eventType": event},
        )
        assert (await self.bot.post(activity)).status in (200, 201)

    async def deliver(self) -> None:
        """Run the outbox sender once, as the scheduler would every few seconds."""
        await self.bot.services.sender.tick()

    def said(self) -> list[dict[str, Any]]:
        return self.connector.sent_activities(TEAM_ID)

    def texts(self) -> list[str]:
        return [a["text"] for a in self.said() if a.get("text")]

    def cards(self) -> list[dict[str, Any]]:
        found = cards_in(self.said())
        for card in found:
            assert_valid_card(card)
        return found

    async def click(
        self, member: Member, card: dict[str, Any], title: str, **inputs: Any
    ) -> dict[str, Any]:
        """Click `title` on `card` as `member` (Action.Execute); the card Teams shows after."""
        action = find_action(card, title)
        response = await self.bot.post(
            self.execute(member, action["verb"], {**action["data"], **inputs})
        )
        assert response.status == 200
        body = await response.json()
        assert body["type"] == CARD, body
        assert_valid_card(body["value"])
        return body["value"]

    async def refresh(self, member: Member, card: dict[str, Any]) -> dict[str, Any]:
        """What `member` sees: Teams invokes the card's refresh action for each listed user."""
        assert member.id in card["refresh"]["userIds"]
        action = card["refresh"]["action"]
        response = await self.bot.post(self.execute(member, action["verb"], action["data"]))
        body = await response.json()
        assert body["type"] == CARD, body
        assert_valid_card(body["value"])
        return body["value"]

    def execute(self, member: Member, verb: str, data: dict[str, Any]) -> dict[str, Any]:
        return self.activity(
            "invoke",
            member,
            name="adaptiveCard/action",
            value={
                "action": {"type": "Action.Execute", "verb": verb, "data": data},
                "trigger": "manual",
            },
            conversation=f"{TEAM_ID};messageid=1700000000001",
            replyToId="1700000000001",
        )


def find_action(card: dict[str, Any], title: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Execute" and node.get("title") == title:
                found.append(node)
            for key, value in node.items():
                if key != "refresh":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    assert found, f"no button {title!r} on the card"
    return found[0]


@pytest.fixture
async def bot(database_url: str, clock: TestClock) -> AsyncIterator[BotServer]:
    async with BotServer(clock=clock, database_url=database_url) as server:
        yield server


@pytest.fixture
def team(connector: FakeConnector) -> Team:
    """Jonas, Daniela, Max and Sandra: their demo calendars are the embedded default's."""
    return connector.add_team(TEAM_ID, TEAM_NAME, playground_members()[:4])


@pytest.fixture
def channel(bot: BotServer, connector: FakeConnector, team: Team) -> Channel:
    return Channel(bot, connector, team)


async def introduce(channel: Channel, person: Member, card: dict[str, Any]) -> dict[str, Any]:
    return await channel.click(
        person,
        card,
        "Dela min presentation",
        who=f"Jag heter {person.given_name} och är enhetschef.",
        leads="Jag leder ett team av lärare på en grundskola.",
        goal=f"{person.given_name} vill pröva nya idéer tillsammans med teamet.",
    )


async def installed_and_introduced(channel: Channel) -> dict[str, Any]:
    """Install, everyone introduces themself; returns the meeting proposal card."""
    await channel.install()
    await channel.deliver()
    [introduction] = channel.cards()
    for person in channel.members:
        await introduce(channel, person, introduction)
    await channel.deliver()
    return channel.cards()[-1]
