"""Two leaders in their personal chats with the real bot over HTTP, and helpers for their files."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
from pypdf import PdfReader

from tests.activities import DANIELA, JONAS
from tests.card_schema import card_nodes, card_texts
from tests.clock import TestClock
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, roster_entry
from tests.onboarding.test_walkthrough import GRADES, walk_to_goal


@pytest.fixture
async def bot(database_url: str, clock: TestClock) -> AsyncIterator[BotServer]:
    async with BotServer(
        clock=clock, database_url=database_url, link_secret="test-secret"
    ) as server:
        yield server


def leader(bot: BotServer, connector: FakeConnector, user) -> Leader:
    connector.add_conversation(user.personal_conversation, [roster_entry(user)])
    return Leader(bot, connector, user)


@pytest.fixture
def jonas(bot: BotServer, connector: FakeConnector) -> Leader:
    return leader(bot, connector, JONAS)


@pytest.fixture
def daniela(bot: BotServer, connector: FakeConnector) -> Leader:
    return leader(bot, connector, DANIELA)


async def onboard(person: Leader, goal: str, **grades: str) -> int:
    """Through the onboarding to the booking step: a goal and a starting point are stored."""
    await walk_to_goal(person)
    await person.click("Spara mitt mål", goal=goal)
    await person.click("Spara mitt nolläge", **{**GRADES, "area_collaboration": "3", **grades})
    assert "När föredrar du att arbeta?" in card_texts(person.card)
    return await person.person_id()


def links(card: dict[str, Any]) -> dict[str, str]:
    """Title -> URL of every Action.OpenUrl on the card (in its body's button rows too)."""
    return {a["title"]: a["url"] for a in card_nodes(card) if a.get("type") == "Action.OpenUrl"}


def button_titles(card: dict[str, Any]) -> list[str]:
    """Every button on the card, in its body or at its foot."""
    return [a["title"] for a in card_nodes(card) if str(a.get("type", "")).startswith("Action.")]


def images(card: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Image":
                found.append(node["url"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


async def fetch(bot: BotServer, url: str) -> tuple[int, bytes, dict[str, str]]:
    """GET a link's path from the bot (its host is PUBLIC_URL's, not the test server's port)."""
    parts = urlsplit(url)
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{bot.url}{parts.path}") as response,
    ):
        return response.status, await response.read(), dict(response.headers)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    """PDF text comes back with line breaks where the layout wrapped: compare word by word."""
    return " ".join(text.split())
