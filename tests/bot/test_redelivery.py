"""Redeliveries: Teams resends what it thinks timed out, with the same id. Handled once; an
invoke's retry gets the first answer; activities that only share an id are not redeliveries."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from sqlalchemy import select

from storage.models import ProcessedActivity
from storage.processed_activities import ActivityKey, ProcessedActivities
from tests.activities import JONAS, TENANT, card_execute, message
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer

OTHER_TENANT = "99999999-0000-0000-0000-000000000009"


async def _post(bot: BotServer, activity: dict[str, Any]) -> tuple[int, Any]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{bot.url}/api/messages", json=activity) as response,
    ):
        body = await response.read()
        return response.status, json.loads(body) if body else None


async def _claims(bot: BotServer, activity_id: str) -> list[tuple[str, str]]:
    table = ProcessedActivity.__table__
    async with bot.services.database.engine.connect() as connection:
        rows = await connection.execute(
            select(table.c.tenant_id, table.c.kind).where(table.c.activity_id == activity_id)
        )
        return sorted((row.tenant_id, row.kind) for row in rows)


async def test_a_redelivered_message_is_handled_once(
    bot: BotServer, connector: FakeConnector
) -> None:
    activity = message("hej", JONAS, connector.url)
    await bot.post(activity)
    sent = len(connector.sent)
    await bot.post(activity)
    assert sent > 0
    assert len(connector.sent) == sent


async def test_an_edit_and_a_deletion_reusing_the_message_id_are_not_redeliveries(
    bot: BotServer, connector: FakeConnector
) -> None:
    original = message("hej", JONAS, connector.url)
    edit = {**original, "type": "messageUpdate", "text": "hej igen"}
    edit["channelData"] = {**original["channelData"], "eventType": "editMessage"}
    deletion = {**original, "type": "messageDelete"}
    deletion["channelData"] = {**original["channelData"], "eventType": "softDeleteMessage"}
    for activity in (original, edit, deletion):
        assert (await bot.post(activity)).status == 201
    assert await _claims(bot, original["id"]) == [
        (TENANT, "message"),
        (TENANT, "messageDelete/softDeleteMessage"),
        (TENANT, "messageUpdate/editMessage"),
    ]


async def test_the_same_ids_in_another_tenant_are_another_activity(
    bot: BotServer, connector: FakeConnector
) -> None:
    first = message("hej", JONAS, connector.url)
    other = message("hej", JONAS, connector.url, tenant=OTHER_TENANT)
    other["id"] = first["id"]
    await bot.post(first)
    sent = len(connector.sent)
    await bot.post(other)
    assert len(connector.sent) > sent, "the other tenant's message was answered"
    assert await _claims(bot, first["id"]) == [(TENANT, "message"), (OTHER_TENANT, "message")]


async def test_a_retried_card_click_gets_the_first_answer(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(message("hej", JONAS, connector.url))  # JONAS exists
    click = card_execute("no-such-verb", JONAS, connector.url)
    first = await _post(bot, click)
    retry = await _post(bot, click)
    assert first[0] == 200
    assert first[1] is not None and first[1]["statusCode"] == 200
    assert retry == first


async def test_a_retry_while_the_first_is_still_running_leaves_the_card_unchanged(
    bot: BotServer, connector: FakeConnector
) -> None:
    """The first delivery's claim without an answer: it is still running (another replica)."""
    await bot.post(message("hej", JONAS, connector.url))
    click = card_execute("no-such-verb", JONAS, connector.url)
    key = ActivityKey(TENANT, click["conversation"]["id"], "invoke", click["id"])
    assert await ProcessedActivities(bot.services.database).claim(key)
    status, body = await _post(bot, click)
    assert status == 200
    assert body == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": "",
    }
