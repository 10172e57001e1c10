"""A leader who clicks through the onboarding over real HTTP, as Teams would post it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import Person
from tests.activities import JONAS, User, card_execute, message
from tests.card_schema import assert_valid_card, card_nodes
from tests.clock import TestClock
from tests.fakes.connector import FakeConnector, playground_members
from tests.harness import BotServer

CARD = "application/vnd.microsoft.card.adaptive"


def roster_entry(user: User):
    """The user as Teams' members API returns them (with the e-mail the calendar needs)."""
    member = next(m for m in playground_members() if m.aad_object_id == user.aad_object_id)
    return replace(member, id=user.id)


class Leader:
    """One leader in their personal chat: reads the cards, clicks buttons, types."""

    def __init__(self, bot: BotServer, connector: FakeConnector, user: User) -> None:
        self.bot, self.connector, self.user = bot, connector, user
        self.card: dict[str, Any] = {}

    def sent(self) -> list[dict[str, Any]]:
        return self.connector.sent_activities(self.user.personal_conversation)

    async def say(self, text: str) -> list[dict[str, Any]]:
        """Post a message; the activities the bot sent in answer."""
        before = len(self.sent())
        await self.bot.post(message(text, self.user, self.connector.url))
        answer = self.sent()[before:]
        cards = [a["attachments"][0]["content"] for a in answer if a.get("attachments")]
        if cards:
            self.card = cards[-1]
            assert_valid_card(self.card)
        return answer

    async def click(self, title: str, **inputs: Any) -> dict[str, Any]:
        """Click the button `title` on the current card, with these inputs filled in."""
        action = self.action(title)
        data = {**action["data"], **inputs}  # Teams merges the inputs into the action's data
        response = await self.bot.post(
            card_execute(action["verb"], self.user, self.connector.url, data)
        )
        assert response.status == 200
        body = await response.json()
        assert body["type"] == CARD, body
        self.card = body["value"]
        assert_valid_card(self.card)
        return self.card

    async def press(self, title: str) -> list[dict[str, Any]]:
        """Click a button that answers with new messages (run_command, "Nej, inget av dem"
        when a flow takes the text): the activities the bot sent."""
        action = self.action(title)
        before = len(self.sent())
        response = await self.bot.post(
            card_execute(action["verb"], self.user, self.connector.url, action["data"])
        )
        assert response.status == 200
        answer = self.sent()[before:]
        cards = [a["attachments"][0]["content"] for a in answer if a.get("attachments")]
        if cards:
            self.card = cards[-1]
            assert_valid_card(self.card)
        return answer

    def action(self, title: str) -> dict[str, Any]:
        """A button by its title: the card's own actions first, then those in its body."""
        in_body = [
            node
            for node in card_nodes(self.card.get("body", []))
            if node.get("type") in {"Action.Execute", "Action.OpenUrl"}
        ]
        buttons = [*self.card.get("actions", []), *in_body]
        titles = [a["title"] for a in buttons]
        assert title in titles, f"no button {title!r} on the card, only {titles}"
        return next(a for a in buttons if a["title"] == title)

    def input(self, input_id: str) -> dict[str, Any]:
        found: list[dict[str, Any]] = []

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                if node.get("id") == input_id and node.get("type", "").startswith("Input."):
                    found.append(node)
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(self.card)
        assert found, f"no input {input_id!r} on the card"
        return found[0]

    async def person_id(self) -> int:
        async with self.bot.services.database.sessions() as session:
            return await session.scalar(
                select(Person.id).where(Person.aad_object_id == self.user.aad_object_id)
            )


@pytest.fixture
async def bot(database_url: str, clock: TestClock) -> AsyncIterator[BotServer]:
    async with BotServer(clock=clock, database_url=database_url) as server:
        yield server


@pytest.fixture
def jonas(bot: BotServer, connector: FakeConnector) -> Leader:
    connector.add_conversation(JONAS.personal_conversation, [roster_entry(JONAS)])
    return Leader(bot, connector, JONAS)
