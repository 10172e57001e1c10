"""What every turn passes through before the bot sees it: tenant guard, dedupe, caller."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import InvokeResponse, Middleware, TurnContext
from botbuilder.schema import Activity, ActivityTypes

from bot.caller import CALLER_KEY, Caller, account_of, conversation_kind, team_of, tenant_of
from storage.conversations import Conversations
from storage.directory import Directory
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

    def __init__(self, directory: Directory, conversations: Conversations) -> None:
        self._directory = directory
        self._conversations = conversations

    async def on_turn(self, context: TurnContext, logic: Next) -> None:
        activity = context.activity
        tenant = tenant_of(activity)
        organisation_id = await self._directory.organisation_id(tenant)
        account = account_of(activity)
        person_id = await self._directory.person_id(organisation_id, account) if account else None
        kind = conversation_kind(activity)
        context.turn_state[CALLER_KEY] = Caller(
            tenant_id=tenant,
            organisation_id=organisation_id,
            person_id=person_id,
            first_name=_first_name(account.name if account else ""),
            conversation_kind=kind,
            team_id=team_of(activity),
        )
        if kind == "personal" and person_id is not None:
            reference = TurnContext.get_conversation_reference(activity)
            await self._conversations.remember(
                organisation_id, tenant, kind, reference, person_id=person_id
            )
        await logic()


def _first_name(name: str) -> str:
    return name.split()[0] if name.strip() else ""


async def _refuse(context: TurnContext, status: int) -> None:
    if context.activity.type == ActivityTypes.invoke:
        await context.send_activity(
            Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=status))
        )
