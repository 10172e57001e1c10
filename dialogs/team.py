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
from collections.abc import Sequence

from cards import team as cards
from cards.elements import Json
from chat.actions import CardActions
from chat.caller import Caller, TeamsAccount
from chat.outgoing import card_message, text_message
from chat.turn import Roster, TeamEvent, Turn
from content.models import Content
from dialogs.onboarding import OnboardingDialog
from services.bus import EventBus
from services.events import IntroductionsComplete, MemberLeft
from storage.conversations import Conversations, StoredConversation
from storage.directory import Directory, first_name
from storage.groups import LEFT, GroupInfo, Groups
from storage.introductions import Introductions
from storage.outbox import Outbox
from storage.workbook import Workbook

log = logging.getLogger(__name__)

MAX_TEXT = 1000  # per answer; longer answers are cut, as they always were
OPENING_CHATS_AT_ONCE = 8  # create-conversation calls in flight during one install


class TeamSetup:
    def __init__(
        self,
        content: Content,
        directory: Directory,
        groups: Groups,
        introductions: Introductions,
        conversations: Conversations,
        outbox: Outbox,
        onboarding: OnboardingDialog,
        workbook: Workbook,
        *,
        events: EventBus,
    ) -> None:
        self._content = content
        self._directory = directory
        self._groups = groups
        self._introductions = introductions
        self._conversations = conversations
        self._outbox = outbox
        self._onboarding = onboarding
        self._workbook = workbook
        self._events = events

    def register(self, actions: CardActions) -> None:
        actions.on(cards.INTRODUCE, cards.Introduce, self._on_introduce)
        actions.on(cards.INTRODUCTION_VIEW, cards.ViewIntroductions, self._on_view)

    # --- team events (routed by dialogs.router) ---------------------------------------------

    async def members_added(self, event: TeamEvent) -> None:
        group = await self._groups.of_team(event.organisation_id, event.team.id)
        if group is None or not group.active or event.bot_included:
            await self._install(event)
            return
        # The activity names them only; their e-mail (for the calendars) comes from the roster.
        people = [await _described(event.roster, member) for member in event.members]
        people = [member for member in people if member.aad_object_id]
        await self._start_all(event, await self._join(event, group.id, people))

    async def members_removed(self, event: TeamEvent) -> None:
        group = await self._groups.of_team(event.organisation_id, event.team.id)
        if group is None:
            return
        if event.bot_included:
            await self._groups.deactivate(group.id)
            log.info("app removed from team %s: group %s deactivated", event.team.id, group.id)
            return
        # Teams may name a removed member by their Teams user id only (no aadObjectId).
        by_teams_id: dict[str, int] | None = None
        for member in event.members:
            if member.aad_object_id:
                person_id = await self._directory.person_id(event.organisation_id, member)
            else:
                if by_teams_id is None:
                    active = await self._groups.active_members(group.id)
                    by_teams_id = {m.teams_user_id: m.person_id for m in active}
                found = by_teams_id.get(member.teams_user_id)
                if found is None:
                    continue
                person_id = found
            if await self._groups.set_state(group.id, person_id, LEFT):
                log.info("person %s left group %s", person_id, group.id)
        await self._events.publish(MemberLeft(group.id, event.tenant_id))

    # --- registration -----------------------------------------------------------------------

    async def _install(self, event: TeamEvent) -> None:
        org, team = event.organisation_id, event.team
        group_id = await self._groups.register(org, team.id, team.name, team.aad_group_id)
        await self._conversations.remember(org, "channel", event.address, group_id=group_id)
        roster = [member async for member in event.roster.team_members(team.id)]
        log.info(
            "group %s registered for team %s (%r) with %d members",
            group_id,
            team.id,
            team.name,
            len(roster),
        )
        joined = await self._join(event, group_id, roster)
        await self._post_welcome(group_id, event.tenant_id)
        await self._start_all(event, joined)

    async def _post_welcome(self, group_id: int, tenant_id: str) -> None:
        channel = await self._conversations.of_group(group_id)
        if channel is None:
            return
        content = self._content.for_tenant(tenant_id)
        welcome = text_message(content.messages.channel_welcome)
        await self._outbox.enqueue(channel, welcome, idempotency_key=f"group-{group_id}-welcome")
        card = await self._introduction_card(content, group_id, None, "")
        await self._outbox.enqueue(
            channel, card_message(card), idempotency_key=f"group-{group_id}-introductions"
        )

    async def _join(
        self, event: TeamEvent, group_id: int, members: Sequence[TeamsAccount]
    ) -> dict[int, TeamsAccount]:
        """Make the members people and active members; returns those new to the group."""
        people: dict[int, TeamsAccount] = {}
        for member in members:
            person_id = await self._directory.person_id(event.organisation_id, member)
            people[person_id] = member
        joined = await self._groups.join(group_id, people)
        return {person_id: people[person_id] for person_id in joined}

    async def _start_all(self, event: TeamEvent, people: dict[int, TeamsAccount]) -> None:
        gate = asyncio.Semaphore(OPENING_CHATS_AT_ONCE)

        async def start(person_id: int, member: TeamsAccount) -> None:
            async with gate:
                await self._start_onboarding(event, person_id, member)

        await asyncio.gather(*(start(*item) for item in people.items()))

    async def _start_onboarding(
        self, event: TeamEvent, person_id: int, member: TeamsAccount
    ) -> None:
        """Open the member's 1:1 chat and put their welcome card in the outbox, once ever."""
        chat = await self._open_personal_chat(event, person_id, member)
        if chat is None:
            return  # they are welcomed when they first write to the bot
        if not await self._directory.claim_welcome(person_id, again_after=None):
            return
        card = await self._onboarding.start(
            person_id, event.tenant_id, first_name(member.given_name, member.name)
        )
        await self._outbox.enqueue(
            chat, card_message(card), idempotency_key=f"onboarding-welcome-{person_id}"
        )
        log.info("onboarding of person %s started from the team", person_id)

    async def _open_personal_chat(
        self, event: TeamEvent, person_id: int, member: TeamsAccount
    ) -> StoredConversation | None:
        known = await self._conversations.personal(person_id)
        if known is not None:
            return known
        address = await event.roster.open_personal_chat(member)
        if address is None:  # the roster logged what Teams answered
            log.info("no chat with person %s yet: welcomed when they write", person_id)
            return None
        await self._conversations.remember(
            event.organisation_id, "personal", address, person_id=person_id
        )
        return await self._conversations.personal(person_id)

    # --- introductions ----------------------------------------------------------------------

    async def _on_introduce(self, turn: Turn, payload: cards.Introduce) -> Json | None:
        caller = turn.caller
        group = await self._member_group(caller, payload.group_id)
        if group is None:
            return None
        content = self._content.for_tenant(caller.tenant_id)
        answers = {
            cards.WHO: _answer(payload.who),
            cards.LEADS: _answer(payload.leads),
            cards.GOAL: _answer(payload.goal),
        }
        if not all(answers.values()):  # Action.Submit clients do not check isRequired
            return await self._introduction_card(content, group.id, caller.person_id, "")
        await self._introductions.save(group.id, caller.person_id, **answers)
        await self._workbook.set_goal(caller.person_id, answers[cards.GOAL])
        await self._post_introduction(content, group.id, caller, answers)
        log.info("person %s introduced themself to group %s", caller.person_id, group.id)
        if await self._introductions.missing(group.id) == 0:
            await self._events.publish(IntroductionsComplete(group.id, caller.tenant_id))
        return await self._introduction_card(content, group.id, caller.person_id, caller.first_name)

    async def _on_view(self, turn: Turn, payload: cards.ViewIntroductions) -> Json | None:
        caller = turn.caller
        group = await self._member_group(caller, payload.group_id)
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
            text_message(post),
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

    async def _member_group(self, caller: Caller, group_id: int) -> GroupInfo | None:
        """The group named on the card, if the caller is an active member of it."""
        group = await self._groups.get(caller.organisation_id, group_id)
        if group is None:
            return None
        if not await self._groups.is_active_member(group.id, caller.person_id):
            log.info("person %s is not an active member of group %s", caller.person_id, group_id)
            return None
        return group


async def _described(roster: Roster, member: TeamsAccount) -> TeamsAccount:
    """The member with name and e-mail as the roster knows them; as named if it does not say."""
    return await roster.member(member.teams_user_id) or member


def _answer(value: str | None) -> str:
    return (value or "").strip()[:MAX_TEXT]
