"""What every turn passes through before the bot sees it: tenant guard, dedupe, caller."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import BotAdapter, InvokeResponse, Middleware, TurnContext
from botbuilder.schema import Activity, ActivityTypes

from bot.caller import (
    ORIGIN_KEY,
    Origin,
    account_of,
    address_of,
    conversation_kind,
    origin_of,
    tenant_of,
)
from bot.clients import ConnectorClients
from bot.connector import ConnectorClient
from bot.roster import ConnectorRoster
from chat.address import ConversationAddress
from chat.caller import Caller, ConversationKind
from storage.conversations import Conversations
from storage.directory import Directory, first_name
from storage.processed_activities import ProcessedActivities

log = logging.getLogger(__name__)

Next = Callable[[], Awaitable[None]]


class TenantGuard(Middleware):
    """Only the municipalities on the allow-list (when one is configured) reach the bot."""

    def __init__(self, allowed: frozenset[str]) -> None:
        self._allowed = allowed

    async def on_turn(self, context: TurnContext, logic: Next) -> None:
        tenant = tenant_of(context.activity)
        if tenant is None:
            log.warning("activity %s without a tenant ignored", context.activity.id)
            return await _refuse(context, 400)
        if self._allowed and tenant not in self._allowed:
            log.warning(
                "activity %s from tenant %s not on ALLOWED_TENANTS", context.activity.id, tenant
            )
            return await _refuse(context, 403)
        await logic()


class Deduplication(Middleware):
    """Teams redelivers an activity it thinks timed out, with the same id: handle it once."""

    def __init__(self, processed: ProcessedActivities) -> None:
        self._processed = processed

    async def on_turn(self, context: TurnContext, logic: Next) -> None:
        activity = context.activity
        if not activity.id or activity.conversation is None:
            return await logic()
        conversation_id = activity.conversation.id
        if not await self._processed.claim(conversation_id, activity.id):
            log.info("duplicate delivery of activity %s ignored", activity.id)
            return None
        try:
            await logic()
        except BaseException:
            await self._processed.release(conversation_id, activity.id)
            raise


class CallerResolution(Middleware):
    """Resolves the organisation and person, and remembers where the bot can speak to them."""

    def __init__(
        self, directory: Directory, conversations: Conversations, clients: ConnectorClients
    ) -> None:
        self._directory = directory
        self._conversations = conversations
        self._clients = clients

    async def on_turn(self, context: TurnContext, logic: Next) -> None:
        activity = context.activity
        tenant = tenant_of(activity)
        assert tenant is not None  # TenantGuard refused the activity otherwise
        organisation_id = await self._directory.organisation_id(tenant)
        address = address_of(activity, tenant)
        account = account_of(activity)
        if account is not None and not account.name:
            # Install events carry only ids; the members API has the name.
            roster = _roster(context, self._clients, address)
            account = await roster.member(account.teams_user_id) or account
        person_id = await self._directory.person_id(organisation_id, account) if account else None
        kind = conversation_kind(activity)
        caller = None
        if person_id is not None and account is not None:
            name = first_name(account.given_name, account.name)
            caller = Caller(tenant, organisation_id, person_id, name, kind)
        context.turn_state[ORIGIN_KEY] = Origin(
            tenant, organisation_id, kind, address, account, caller
        )
        if kind == ConversationKind.PERSONAL and person_id is not None:
            await self._conversations.remember(organisation_id, kind, address, person_id=person_id)
        await logic()


def client_of(context: TurnContext, clients: ConnectorClients) -> ConnectorClient:
    """Our JSON client for this turn, with the credentials botbuilder authenticated it with."""
    stock = context.turn_state[BotAdapter.BOT_CONNECTOR_CLIENT_KEY]
    return clients.for_credentials(context.activity.service_url, stock.config.credentials)


def roster_of(context: TurnContext, clients: ConnectorClients) -> ConnectorRoster:
    """The roster as seen from this turn's conversation (after CallerResolution)."""
    return _roster(context, clients, origin_of(context).address)


def _roster(
    context: TurnContext, clients: ConnectorClients, address: ConversationAddress
) -> ConnectorRoster:
    return ConnectorRoster(
        client_of(context, clients),
        conversation_id=address.conversation_id,
        service_url=address.service_url,
        tenant_id=address.tenant_id,
        bot=address.bot,
    )


async def _refuse(context: TurnContext, status: int) -> None:
    if context.activity.type == ActivityTypes.invoke:
        await context.send_activity(
            Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=status))
        )
