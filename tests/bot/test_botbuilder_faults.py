"""Each botbuilder 4.17.1 fault we wrap, shown on the stock class and then fixed on ours."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import SimpleNamespace

import aiohttp
from aiohttp import web
from botbuilder.core import BotAdapter, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, AdaptiveCardInvokeResponse

from bot.activity import parse_activity
from bot.authentication import ReusingBotFrameworkAuthentication
from bot.caller import tenant_of
from tests.activities import JONAS, TENANT, card_execute, message
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer

NO_AUTH = SimpleNamespace(APP_ID="", APP_PASSWORD="", APP_TYPE="MultiTenant", APP_TENANTID="")


class CardBot(TeamsActivityHandler):
    """Answers every card action with a card, and remembers the connector client of each turn."""

    def __init__(self) -> None:
        self.clients: list[object] = []

    async def on_turn(self, turn_context: TurnContext) -> None:
        self.clients.append(turn_context.turn_state[BotAdapter.BOT_CONNECTOR_CLIENT_KEY])
        await super().on_turn(turn_context)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity("ok")

    async def on_adaptive_card_invoke(
        self, turn_context, invoke_value
    ) -> AdaptiveCardInvokeResponse:
        card = {"type": "AdaptiveCard", "version": "1.5", "body": []}
        return AdaptiveCardInvokeResponse(
            status_code=200, type="application/vnd.microsoft.card.adaptive", value=card
        )


@asynccontextmanager
async def serve(adapter: CloudAdapter, bot: CardBot) -> AsyncIterator[str]:
    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}/api/messages"
    await runner.cleanup()


async def post(url: str, activity: dict) -> tuple[int, object]:
    async with aiohttp.ClientSession() as session, session.post(url, json=activity) as response:
        body = await response.json() if response.content_type == "application/json" else None
        return response.status, body


async def test_stock_adapter_answers_500_to_a_card_action_and_ours_200(
    bot: BotServer, connector: FakeConnector
) -> None:
    stock = CloudAdapter(ConfigurationBotFrameworkAuthentication(NO_AUTH))
    async with serve(stock, CardBot()) as url:
        stock_status, _ = await post(url, card_execute("confirm", JONAS, connector.url))

    await bot.post(message("hej", JONAS, connector.url))
    ours = await bot.post(card_execute("start_journey", JONAS, connector.url))

    assert stock_status == 500  # the fault: the body is serialised twice
    assert ours.status == 200  # our edge answers with the body as plain JSON
    body = await ours.json()
    assert body["statusCode"] == 200
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    assert body["value"]["type"] == "AdaptiveCard"


def test_stock_conversation_reference_drops_the_teams_tenant() -> None:
    teams_json = message("hej", JONAS, "http://127.0.0.1:1")
    del teams_json["channelData"]  # leave only conversation.tenantId, as the reference has it
    reference = TurnContext.get_conversation_reference(Activity().deserialize(teams_json))
    assert (
        reference.conversation.tenant_id is None
    )  # the fault: Teams says tenantId, msrest maps tenantID
    assert tenant_of(parse_activity(teams_json)) == TENANT  # our edge reads tenantId


async def test_stock_authentication_builds_a_client_per_turn_ours_reuses_one(
    connector: FakeConnector,
) -> None:
    stock_bot, our_bot = CardBot(), CardBot()
    stock = CloudAdapter(ConfigurationBotFrameworkAuthentication(NO_AUTH))
    authentication = ReusingBotFrameworkAuthentication(
        ConfigurationBotFrameworkAuthentication(NO_AUTH)
    )
    ours = CloudAdapter(authentication)  # the fix is in the authentication, not the adapter

    async with serve(stock, stock_bot) as url:
        for text in ("ett", "två", "tre"):
            await post(url, message(text, JONAS, connector.url))
    async with serve(ours, our_bot) as url:
        for text in ("ett", "två", "tre"):
            await post(url, message(text, JONAS, connector.url))

    assert len({id(client) for client in stock_bot.clients}) == 3
    assert len({id(client) for client in our_bot.clients}) == 1
    assert authentication.cached_clients == 2  # one connector client, one user-token client
    assert len([s for s in connector.sent if s.body.get("text") == "ok"]) == 6  # both still answer


async def test_reused_clients_are_kept_apart_per_service_url() -> None:
    authentication = ReusingBotFrameworkAuthentication(
        ConfigurationBotFrameworkAuthentication(NO_AUTH)
    )
    identity = (await authentication.authenticate_request(Activity(), "")).claims_identity
    factory = authentication.create_connector_factory(identity)

    emea = await factory.create("https://smba.trafficmanager.net/emea/", None)
    again = await factory.create("https://smba.trafficmanager.net/emea/", None)
    amer = await factory.create("https://smba.trafficmanager.net/amer/", None)

    assert emea is again
    assert amer is not emea
    assert amer.config.base_url == "https://smba.trafficmanager.net/amer/"
