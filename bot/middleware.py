"""What every turn passes through before the bot sees it: tenant guard, dedupe, caller."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

from botbuilder.core import InvokeResponse, Middleware, TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import Activity, ActivityTypes
from msrest.exceptions import ClientRequestError, HttpOperationError

from bot.caller import CALLER_KEY, Caller, account_of, conversation_kind, tenant_of
from storage.conversations import Conversations
from storage.directory import Directory, TeamsAccount, first_name
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
        if account is not None and not account.name:
            account = await from_roster(context, account)
        person_id = await self._directory.person_id(organisation_id, account) if account else None
        kind = conversation_kind(activity)
        context.turn_state[CALLER_KEY] = Caller(
            tenant_id=tenant,
            organisation_id=organisation_id,
            person_id=person_id,
            first_name=_first_name(account),
            conversation_kind=kind,
        )
        if kind == "personal" and person_id is not None:
            reference = TurnContext.get_conversation_reference(activity)
            await self._conversations.remember(
                organisation_id, tenant, kind, reference, person_id=person_id
            )
        await logic()


def _first_name(account: TeamsAccount | None) -> str:
    if account is None:
        return ""
    return first_name(account.given_name, account.name)


async def from_roster(context: TurnContext, account: TeamsAccount) -> TeamsAccount:
    """Install events carry only ids; the members API has the name (Teams and the emulator)."""
    try:
        member = await TeamsInfo.get_member(context, account.teams_user_id)
    except (HttpOperationError, ClientRequestError) as error:
        log.warning("could not look up member %s: %s", account.teams_user_id, error)
        return account
    return replace(
        account,
        name=member.name or "",
        given_name=member.given_name,
        email=member.email or member.user_principal_name,
    )


async def _refuse(context: TurnContext, status: int) -> None:
    if context.activity.type == ActivityTypes.invoke:
        await context.send_activity(
            Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=status))
        )
