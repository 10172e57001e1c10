"""A leader learning in their personal chat, in an Innovationsteam whose channel the bot is in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.activities import JONAS, card_execute
from tests.card_schema import assert_valid_card, card_texts
from tests.clock import TestClock
from tests.fakes.connector import FakeConnector, Team, playground_members
from tests.harness import BotServer
from tests.onboarding.conftest import CARD, Leader, roster_entry
from tests.team.conftest import TEAM_ID, TEAM_NAME, Channel


def find_action(card: dict[str, Any], title: str) -> dict[str, Any]:
    """A button anywhere on the card (top level or in an ActionSet), by its title."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Execute" and node.get("title") == title:
                found.append(node)
            for key, value in node.items():
                if key != "fallback":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    assert found, f"no button {title!r} on the card:\n{card_texts(card)}"
    return found[0]


class Learner(Leader):
    """A leader who can also click buttons inside the card's body."""

    async def click(self, title: str, **inputs: Any) -> dict[str, Any]:
        action = find_action(self.card, title)
        data = {**action["data"], **inputs}
        response = await self.bot.post(
            card_execute(action["verb"], self.user, self.connector.url, data)
        )
        assert response.status == 200
        body = await response.json()
        assert body["type"] == CARD, body
        self.card = body["value"]
        assert_valid_card(self.card)
        return self.card

    def texts(self) -> str:
        return card_texts(self.card)

    def said(self) -> list[str]:
        """Everything the bot said in the chat: texts and card texts, in order."""
        found = []
        for activity in self.sent():
            if activity.get("text"):
                found.append(activity["text"])
            for attachment in activity.get("attachments") or []:
                found.append(card_texts(attachment["content"]))
        return found


@pytest.fixture
async def bot(database_url: str, clock: TestClock) -> AsyncIterator[BotServer]:
    async with BotServer(clock=clock, database_url=database_url) as server:
        yield server


@pytest.fixture
def team(connector: FakeConnector) -> Team:
    return connector.add_team(TEAM_ID, TEAM_NAME, playground_members()[:4])


@pytest.fixture
def channel(bot: BotServer, connector: FakeConnector, team: Team) -> Channel:
    return Channel(bot, connector, team)


@pytest.fixture
def jonas(bot: BotServer, connector: FakeConnector) -> Learner:
    connector.add_conversation(JONAS.personal_conversation, [roster_entry(JONAS)])
    return Learner(bot, connector, JONAS)
