"""The Innovationsteam in its Teams team: registration, the welcomes, and introductions.

When the app is added to a team, the team becomes a group: its members (from the paged members
API) become people and members, the channel welcome and the introduction card are put in the
outbox, and each member's personal onboarding starts in a 1:1 chat the bot opens itself.
Members added or removed later are followed. Everything said is an outbox row first.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import (
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from botbuilder.schema.teams import TeamsChannelAccount
from msrest.exceptions import ClientRequestError, HttpOperationError

from bot.caller import Caller, caller_of
from bot.card_actions import CardActions
from bot.replies import card_message
from cards import team as cards
from cards.elements import Json
from content.models import Content
from dialogs.onboarding import Onboarding
from storage.conversations import Conversations, StoredConversation
from storage.directory import Directory, TeamsAccount, first_name
from storage.groups import LEFT, GroupInfo, Groups
from storage.introductions import Introductions
from storage.outbox import Outbox
from storage.workbook import Workbook

log = logging.getLogger(__name__)

PAGE_SIZE = 100
MAX_TEXT = 1000  # per answer; the card says so too, this is for clients that do not
OPENING_CHATS_AT_ONCE = 8  # create-conversation calls in flight during one install

GroupHook = Callable[[int, str], Awaitable[None]]  # (group id, tenant id)


@dataclass(frozen=True, slots=True)
class TeamOfTurn:
    id: str
    name: str
    aad_group_id: str | None


def team_of(turn_context: TurnContext) -> TeamOfTurn | None:
    """The team an activity comes from (channelData.team), None outside a team."""
    data = turn_context.activity.channel_data
    team = (data.get("team") if isinstance(data, dict) else None) or {}
    if not team.get("id"):
        return None
    return TeamOfTurn(team["id"], team.get("name") or "", team.get("aadGroupId"))


class TeamSetup:
    def __init__(
        self,
        content: Content,
        directory: Directory,
        groups: Groups,
        introductions: Introductions,
        conversations: Conversations,
        outbox: Outbox,
        onboarding: Onboarding,
        workbook: Workbook,
    ) -> None:
        self._content = content
        self._directory = directory
        self._groups = groups
        self._introductions = introductions
        self._conversations = conversations
        self._outbox = outbox
        self._onboarding = onboarding
        self._workbook = workbook
        # Set by the meeting planner: everyone has introduced themselves / someone left.
        self.after_introductions: GroupHook | None = None
        self.after_member_left: GroupHook | None = None

    def register(self, actions: CardActions) -> None:
        actions.register(cards.INTRODUCE, self._on_introduce)
        actions.register(cards.INTRODUCTION_VIEW, self._on_view)

    # --- team events (routed by the activity handler) ----------------------------------------

    async def members_added(
        self, turn_context: TurnContext, members: Sequence[TeamsChannelAccount]
    ) -> None:
        team = team_of(turn_context)
        if team is None:
            return
        caller = caller_of(turn_context)
        bot_id = turn_context.activity.recipient.id
        group = await self._groups.of_team(caller.organisation_id, team.id)
        if group is None or not group.active or any(m.id == bot_id for m in members):
            await self._install(turn_context, caller, team)
            return
        people = [m for m in members if m.id != bot_id and m.aad_object_id]
        await self._welcome_members(turn_context, caller, group.id, people)

    async def members_removed(
        self, turn_context: TurnContext, members: Sequence[TeamsChannelAccount]
    ) -> None:
        team = team_of(turn_context)
        if team is None:
            return
        caller = caller_of(turn_context)
        group = await self._groups.of_team(caller.organisation_id, team.id)
        if group is None:
            return
        if any(m.id == turn_context.activity.recipient.id for m in members):
            await self._groups.deactivate(group.id)
            log.info("app removed from team %s: group %s deactivated", team.id, group.id)
            return
        for member in members:
            if not member.aad_object_id:
                continue
            account = TeamsAccount(member.id, member.aad_object_id.lower(), member.name or "")
            person_id = await self._directory.person_id(caller.organisation_id, account)
            if await self._groups.set_state(group.id, person_id, LEFT):
                log.info("person %s left group %s", person_id, group.id)
        if self.after_member_left is not None:
            await self.after_member_left(group.id, caller.tenant_id)

    # --- registration -----------------------------------------------------------------------

    async def _install(self, turn_context: TurnContext, caller: Caller, team: TeamOfTurn) -> None:
        org = caller.organisation_id
        group_id = await self._groups.register(org, team.id, team.name, team.aad_group_id)
        reference = TurnContext.get_conversation_reference(turn_context.activity)
        reference.conversation.id = reference.conversation.id.split(";messageid=")[0]
        await self._conversations.remember(
            org, caller.tenant_id, "channel", reference, group_id=group_id
        )
        roster = await _paged_members(turn_context, team.id)
        log.info(
            "group %s registered for team %s (%r) with %d members",
            group_id,
            team.id,
            team.name,
            len(roster),
        )
        joined = await self._join(caller, group_id, roster)
        await self._post_welcome(group_id, caller.tenant_id)
        await self._start_all(turn_context, caller, joined)

    async def _post_welcome(self, group_id: int, tenant_id: str) -> None:
        channel = await self._conversations.of_group(group_id)
        if channel is None:
            return
        content = self._content.for_tenant(tenant_id)
        welcome = {"type": "message", "text": content.messages.channel_welcome}
        await self._outbox.enqueue(channel, welcome, idempotency_key=f"group-{group_id}-welcome")
        card = await self._introduction_card(content, group_id, None, "")
        await self._outbox.enqueue(
            channel, card_message(card), idempotency_key=f"group-{group_id}-introductions"
        )

    async def _welcome_members(
        self,
        turn_context: TurnContext,
        caller: Caller,
        group_id: int,
        members: Sequence[TeamsChannelAccount],
    ) -> None:
        await self._start_all(turn_context, caller, await self._join(caller, group_id, members))

    async def _join(
        self, caller: Caller, group_id: int, members: Sequence[TeamsChannelAccount]
    ) -> dict[int, TeamsChannelAccount]:
        """Make the members people and active members; returns those new to the group."""
        people: dict[int, TeamsChannelAccount] = {}
        for member in members:
            person_id = await self._directory.person_id(caller.organisation_id, _account(member))
            people[person_id] = member
        joined = await self._groups.join(group_id, people)
        return {person_id: people[person_id] for person_id in joined}

    async def _start_all(
        self, turn_context: TurnContext, caller: Caller, people: dict[int, TeamsChannelAccount]
    ) -> None:
        gate = asyncio.Semaphore(OPENING_CHATS_AT_ONCE)

        async def start(person_id: int, member: TeamsChannelAccount) -> None:
            async with gate:
                await self._start_onboarding(turn_context, caller, person_id, member)

        await asyncio.gather(*(start(*item) for item in people.items()))

    async def _start_onboarding(
        self,
        turn_context: TurnContext,
        caller: Caller,
        person_id: int,
        member: TeamsChannelAccount,
    ) -> None:
        """Open the member's 1:1 chat and put their welcome card in the outbox, once ever."""
        chat = await self._open_personal_chat(turn_context, caller, person_id, member)
        if chat is None:
            return  # they are welcomed when they first write to the bot
        if not await self._directory.claim_welcome(person_id, again_after=None):
            return
        card = await self._onboarding.start(
            person_id, caller.tenant_id, first_name(member.given_name, member.name)
        )
        await self._outbox.enqueue(
            chat, card_message(card), idempotency_key=f"onboarding-welcome-{person_id}"
        )
        log.info("onboarding of person %s started from the team", person_id)

    async def _open_personal_chat(
        self,
        turn_context: TurnContext,
        caller: Caller,
        person_id: int,
        member: TeamsChannelAccount,
    ) -> StoredConversation | None:
        known = await self._conversations.personal(person_id)
        if known is not None:
            return known
        activity = turn_context.activity
        connector = turn_context.turn_state.get(BotAdapter.BOT_CONNECTOR_CLIENT_KEY)
        parameters = ConversationParameters(
            is_group=False,
            bot=activity.recipient,
            members=[ChannelAccount(id=member.id)],
            tenant_id=caller.tenant_id,
            # Teams reads the tenant from channelData; botbuilder would not send it otherwise.
            channel_data={"tenant": {"id": caller.tenant_id}},
        )
        try:
            created = await connector.conversations.create_conversation(parameters)
        except (HttpOperationError, ClientRequestError) as error:
            log.warning("could not open a chat with person %s: %s", person_id, error)
            return None
        reference = ConversationReference(
            bot=activity.recipient,
            user=ChannelAccount(id=member.id, name=member.name, aad_object_id=member.aad_object_id),
            conversation=ConversationAccount(
                id=created.id, conversation_type="personal", tenant_id=caller.tenant_id
            ),
            channel_id=activity.channel_id,
            service_url=activity.service_url,
        )
        await self._conversations.remember(
            caller.organisation_id, caller.tenant_id, "personal", reference, person_id=person_id
        )
        return await self._conversations.personal(person_id)

    # --- introductions ----------------------------------------------------------------------

    async def _on_introduce(self, turn_context: TurnContext, data: dict[str, Any]) -> Json | None:
        caller = caller_of(turn_context)
        group = await self._member_group(caller, data)
        if group is None:
            return None
        content = self._content.for_tenant(caller.tenant_id)
        answers = {key: _answer(data, key) for key in (cards.WHO, cards.LEADS, cards.GOAL)}
        if not all(answers.values()):  # Action.Submit clients do not check isRequired
            return await self._introduction_card(content, group.id, caller.person_id, "")
        await self._introductions.save(group.id, caller.person_id, **answers)
        await self._workbook.set_goal(caller.person_id, answers[cards.GOAL])
        await self._post_introduction(content, group.id, caller, answers)
        log.info("person %s introduced themself to group %s", caller.person_id, group.id)
        if await self._introductions.missing(group.id) == 0 and self.after_introductions:
            await self.after_introductions(group.id, caller.tenant_id)
        return await self._introduction_card(content, group.id, caller.person_id, caller.first_name)

    async def _on_view(self, turn_context: TurnContext, data: dict[str, Any]) -> Json | None:
        caller = caller_of(turn_context)
        group = await self._member_group(caller, data)
        if group is None:
            return None
        content = self._content.for_tenant(caller.tenant_id)
        return await self._introduction_card(content, group.id, caller.person_id, caller.first_name)

    async def _post_introduction(
        self, content: Content, group_id: int, caller: Caller, answers: dict[str, str]
    ) -> None:
        channel = await self._conversations.of_group(group_id)
        if channel is None:
            return
        post = content.messages.introduction_post.format(first_name=caller.first_name, **answers)
        # A changed introduction is posted again; the same one clicked twice is not.
        digest = hashlib.sha256(post.encode()).hexdigest()[:16]
        await self._outbox.enqueue(
            channel,
            {"type": "message", "text": post},
            idempotency_key=f"introduction-{group_id}-{caller.person_id}-{digest}",
        )

    async def _introduction_card(
        self, content: Content, group_id: int, person_id: int | None, first_name: str
    ) -> Json:
        members = await self._groups.active_members(group_id)
        saved = await self._introductions.of(group_id, person_id) if person_id else None
        return cards.introduction_card(
            content,
            group_id,
            [member.teams_user_id for member in members],
            introduced=await self._introductions.count(group_id),
            members=len(members),
            saved=cards.SavedIntroduction(saved.who, saved.leads, saved.goal) if saved else None,
            first_name=first_name,
        )

    async def _member_group(self, caller: Caller, data: dict[str, Any]) -> GroupInfo | None:
        """The group named on the card, if the caller is an active member of it."""
        try:
            group_id = int(data.get(cards.GROUP))
        except (TypeError, ValueError):
            return None
        group = await self._groups.get(caller.organisation_id, group_id)
        if group is None or caller.person_id is None:
            return None
        if not await self._groups.is_active_member(group.id, caller.person_id):
            log.info("person %s is not an active member of group %s", caller.person_id, group_id)
            return None
        return group


async def _paged_members(turn_context: TurnContext, team_id: str) -> list[TeamsChannelAccount]:
    members: list[TeamsChannelAccount] = []
    token: str | None = None
    while True:
        page = await TeamsInfo.get_paged_team_members(turn_context, team_id, token, PAGE_SIZE)
        members += [m for m in page.members or [] if m.aad_object_id]
        token = page.continuation_token
        if not token:
            return members


def _account(member: TeamsChannelAccount) -> TeamsAccount:
    return TeamsAccount(
        teams_user_id=member.id,
        aad_object_id=member.aad_object_id.lower(),
        name=member.name or "",
        given_name=member.given_name,
        email=member.email or member.user_principal_name,
    )


def _answer(data: dict[str, Any], key: str) -> str:
    return str(data.get(key) or "").strip()[:MAX_TEXT]
