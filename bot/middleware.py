"""What every turn passes through before the bot sees it: tenant guard, dedupe, caller."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from bot.activity import InboundActivity
from bot.caller import Origin, account_of, address_of, conversation_kind, tenant_of
from bot.roster import ConnectorRoster
from bot.scope import InvokeAnswer, TurnScope
from chat.address import ConversationAddress
from chat.caller import Caller, ConversationKind
from chat.tenants import AllowedTenants
from content.language import SWEDISH, language_of_locale, speaking
from storage.conversations import Conversations
from storage.directory import Directory, first_name
from storage.processed_activities import ActivityKey, ProcessedActivities

log = logging.getLogger(__name__)

INVOKE = "invoke"
# A redelivered invoke waits at most this long (polls x seconds) for the first delivery's answer:
# Teams gives an invoke about 5 s before it gives up (and may retry).
ANSWER_POLLS = 10
ANSWER_POLL_SECONDS = 0.2
RECENT_ANSWERS = 2_000  # card clicks answered lately; Teams retries within seconds
ANSWER_KEPT_SECONDS = 600.0
# Teams' answer to a card action that changes nothing (as the handler answers "no change").
CARD_UNCHANGED = InvokeAnswer(
    200, {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": ""}
)
Logic = Callable[[TurnScope], Awaitable[None]]


class TenantGuard:
    """Only the municipalities on the allow-list (when one is configured) reach the bot."""

    def __init__(self, allowed: AllowedTenants) -> None:
        self._allowed = allowed

    async def __call__(self, scope: TurnScope, logic: Logic) -> None:
        activity = scope.activity
        tenant = tenant_of(activity)
        if tenant is None:
            log.warning("activity %s without a tenant ignored", activity.id)
            return _refuse(scope, 400)
        if not self._allowed.allows(tenant):
            log.warning("activity %s from tenant %s not on ALLOWED_TENANTS", activity.id, tenant)
            return _refuse(scope, 403)
        await logic(scope)


class RecentAnswers:
    """The invoke answers this process gave lately, for Teams' retry of a timed-out card click.

    Kept in memory, not in the database: a row per card click would cost every click a write
    and a transaction, and the answer holds card text (names, reflections) that erasure would
    then have to find. A retry reaching another replica gets "card left as it is" instead.
    """

    def __init__(self, *, size: int = RECENT_ANSWERS, clock: Callable[[], float] = time.monotonic):
        self._answers: OrderedDict[ActivityKey, tuple[float, InvokeAnswer]] = OrderedDict()
        self._size = size
        self._clock = clock

    def keep(self, key: ActivityKey, answer: InvokeAnswer) -> None:
        self._answers[key] = (self._clock(), answer)
        self._answers.move_to_end(key)
        while len(self._answers) > self._size:
            self._answers.popitem(last=False)

    def get(self, key: ActivityKey) -> InvokeAnswer | None:
        found = self._answers.get(key)
        if found is None or self._clock() - found[0] > ANSWER_KEPT_SECONDS:
            return None
        return found[1]


class Deduplication:
    """Teams redelivers an activity it thinks timed out, with the same id: handle it once.

    A redelivered invoke (Teams retries a card click) must still be answered: it gets the answer
    the first delivery gave, waiting a bounded time while that one is still running, else the
    answer that leaves the card as it is.
    """

    def __init__(
        self,
        processed: ProcessedActivities,
        *,
        answers: RecentAnswers | None = None,
        answer_polls: int = ANSWER_POLLS,
        poll_seconds: float = ANSWER_POLL_SECONDS,
    ) -> None:
        self._processed = processed
        self._answers = answers or RecentAnswers()
        self._answer_polls = answer_polls
        self._poll_seconds = poll_seconds

    async def __call__(self, scope: TurnScope, logic: Logic) -> None:
        activity = scope.activity
        if not activity.id:
            return await logic(scope)
        key = activity_key(activity)
        if not await self._processed.claim(key):
            log.info("duplicate delivery of activity %s (%s) ignored", activity.id, key.kind)
            if _is_invoke(activity):
                scope.answer(await self._first_answer(key))
            return None
        try:
            await logic(scope)
        except BaseException:
            await self._processed.release(key)
            raise
        if _is_invoke(activity) and scope.invoke_answer is not None:
            self._answers.keep(key, scope.invoke_answer)

    async def _first_answer(self, key: ActivityKey) -> InvokeAnswer:
        for poll in range(self._answer_polls):
            given = self._answers.get(key)
            if given is not None:
                return given
            if poll + 1 < self._answer_polls:
                await asyncio.sleep(self._poll_seconds)
        log.info("activity %s: first answer not here; card left as it is", key.activity_id)
        return CARD_UNCHANGED


def activity_key(activity: InboundActivity) -> ActivityKey:
    """Tenant, conversation, kind and id: an edit or deletion of a message carries the message's
    own id, and the type with Teams' event type tells them apart."""
    tenant = tenant_of(activity)
    assert tenant is not None  # TenantGuard refused the activity otherwise
    assert activity.id is not None
    event = activity.channel_data.get("eventType")
    kind = f"{activity.type}/{event}" if isinstance(event, str) and event else activity.type
    return ActivityKey(tenant, activity.conversation.id, kind, activity.id)


class CallerResolution:
    """Resolves the organisation and person, and remembers where the bot can speak to them."""

    def __init__(self, directory: Directory, conversations: Conversations) -> None:
        self._directory = directory
        self._conversations = conversations

    async def __call__(self, scope: TurnScope, logic: Logic) -> None:
        scope.origin = await self._resolve(scope)
        origin = scope.origin
        if origin.kind == ConversationKind.PERSONAL and origin.caller is not None:
            await self._conversations.remember(
                origin.organisation_id,
                origin.kind,
                origin.address,
                person_id=origin.caller.person_id,
            )
        await logic(scope)

    async def _resolve(self, scope: TurnScope) -> Origin:
        activity = scope.activity
        tenant = tenant_of(activity)
        assert tenant is not None  # TenantGuard refused the activity otherwise
        organisation_id = await self._directory.organisation_id(tenant)
        address = address_of(activity, tenant)
        account = account_of(activity)
        if account is not None and not account.name:
            # Install events carry only ids; the members API has the name.
            account = await roster_at(scope, address).member(account.teams_user_id) or account
        person_id = await self._directory.person_id(organisation_id, account) if account else None
        kind = conversation_kind(activity)
        caller = None
        if person_id is not None and account is not None:
            name = first_name(account.given_name, account.name)
            caller = Caller(tenant, organisation_id, person_id, name, kind)
        return Origin(tenant, organisation_id, kind, address, account, caller)


class LanguageChoice:
    """The turn speaks the caller's language (content.language): the one they chose, else their
    Teams locale's, which is stored when it changes so later jobs write to them in it too."""

    def __init__(self, directory: Directory, *, from_locale: bool = True) -> None:
        self._directory = directory
        self._from_locale = from_locale  # off: only a person's own choice is English

    async def __call__(self, scope: TurnScope, logic: Logic) -> None:
        caller = scope.resolved.caller
        # Off: as if every Teams were Swedish (a person's own choice still wins).
        locale = locale_of(scope.activity) if self._from_locale else SWEDISH
        if caller is not None:
            language = await self._directory.speak(caller.person_id, locale)
        else:
            language = language_of_locale(locale)
        scope.language = language
        with speaking(language):
            await logic(scope)


def locale_of(activity: InboundActivity) -> str | None:
    """The activity's locale, else its clientInfo entity's (Teams sends both on most)."""
    if activity.locale:
        return activity.locale
    for entity in activity.entities:
        locale = entity.get("locale") if entity.get("type") == "clientInfo" else None
        if isinstance(locale, str) and locale:
            return locale
    return None


class Pipeline:
    """The steps in order, then the bot: each step decides whether the next one runs."""

    def __init__(
        self, steps: list[Callable[[TurnScope, Logic], Awaitable[None]]], bot: Logic
    ) -> None:
        self._steps = steps
        self._bot = bot

    async def __call__(self, scope: TurnScope) -> None:
        await self._run(0, scope)

    async def _run(self, index: int, scope: TurnScope) -> None:
        if index == len(self._steps):
            return await self._bot(scope)
        await self._steps[index](scope, lambda next_scope: self._run(index + 1, next_scope))


def roster_of(scope: TurnScope) -> ConnectorRoster:
    """The roster as seen from this turn's conversation (after CallerResolution)."""
    return roster_at(scope, scope.resolved.address)


def roster_at(scope: TurnScope, address: ConversationAddress) -> ConnectorRoster:
    return ConnectorRoster(
        scope.client,
        conversation_id=address.conversation_id,
        service_url=address.service_url,
        tenant_id=address.tenant_id,
        bot=address.bot,
    )


def _refuse(scope: TurnScope, status: int) -> None:
    """An invoke is answered with the status; anything else is acknowledged and dropped."""
    if _is_invoke(scope.activity):
        scope.answer(InvokeAnswer(status))


def _is_invoke(activity: InboundActivity) -> bool:
    return activity.type == INVOKE
