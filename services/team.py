"""The Innovationsteam in its Teams team: registration, members who join or leave, introductions.

Installing the app in a team registers it as a group: its members become people and active
members, and the channel welcome and the introduction card are put in the outbox, in one unit of
work. Each new member's onboarding then starts in their personal chat (the welcome card in the
outbox, once ever). Teams itself (the roster, opening 1:1 chats) is the dialog's side: this
service gets plain accounts and addresses.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from cards import team as cards
from cards.elements import Json
from cards.welcome import welcome_card
from chat.address import ConversationAddress, TeamChannel
from chat.caller import TeamsAccount
from chat.outgoing import card_message, text_message
from content.dates import format_date_only_sv
from content.models import Content
from services.bus import EventBus
from services.events import GroupRegistered, IntroductionsComplete, MemberLeft
from services.text_limits import TooLong, first_too_long
from storage.cohorts import Arrival
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory, first_name
from storage.groups import LEFT, Groups
from storage.introductions import Introductions
from storage.languages import PersonLanguages
from storage.outbox import Outbox
from storage.workbook import Workbook

log = logging.getLogger(__name__)


class OnboardingStart(Protocol):
    """The onboarding, as the team needs it: welcome a leader once (services.onboarding)."""

    async def welcome(self, person_id: int, *, again_after: timedelta | None) -> bool: ...


class CohortStarts(Protocol):
    """The cohorts not started yet that a person belongs to (storage.cohorts.Cohorts)."""

    async def arrivals(
        self, organisation_id: int, person_id: int, email: str | None, now: datetime
    ) -> list[Arrival]: ...


@dataclass(frozen=True, slots=True)
class TeamDetails:
    id: str  # the Teams team id
    name: str
    aad_group_id: str | None


@dataclass(frozen=True, slots=True)
class NewMember:
    """Someone who just became an active member: to be welcomed in their personal chat."""

    person_id: int
    account: TeamsAccount
    has_chat: bool  # a personal chat with them is known already


@dataclass(frozen=True, slots=True)
class IntroductionsView:
    """The group's introduction card as one member (or nobody in particular) sees it."""

    group_id: int
    user_ids: tuple[str, ...]  # the group's members: each sees their own refresh
    introduced: int
    members: int
    saved: cards.SavedIntroduction | None  # the viewer's own introduction
    incomplete: bool = False  # an answer was empty: nothing was saved
    # An answer was over its limit: nothing was saved, `typed` is shown back.
    too_long: TooLong | None = None
    typed: cards.SavedIntroduction | None = None
    workbook_goal: str | None = None  # the viewer's "Mitt mål": the form's starting text
    goal: cards.GoalQuestion | None = None  # where the workbook's goal stands after saving


@dataclass(frozen=True, slots=True)
class Introduction:
    who: str | None
    leads: str | None
    goal: str | None


class TeamService:
    def __init__(
        self,
        content: Content,
        *,
        database: Database,
        directory: Directory,
        groups: Groups,
        introductions: Introductions,
        conversations: Conversations,
        outbox: Outbox,
        workbook: Workbook,
        onboarding: OnboardingStart,
        events: EventBus,
        cohorts: CohortStarts | None = None,
    ) -> None:
        self._content = content
        self._cohorts = cohorts
        self._database = database
        self._languages = PersonLanguages(database)
        self._directory = directory
        self._groups = groups
        self._introductions = introductions
        self._conversations = conversations
        self._outbox = outbox
        self._workbook = workbook
        self._onboarding = onboarding
        self._events = events

    # --- registration -----------------------------------------------------------------------

    async def active_group(self, organisation_id: int, team_id: str) -> int | None:
        """The team's group if it is registered and active (the app is installed)."""
        group = await self._groups.of_team(organisation_id, team_id)
        return group.id if group is not None and group.active else None

    async def register(
        self,
        organisation_id: int,
        tenant_id: str,
        team: TeamDetails,
        channel: ConversationAddress,
        roster: Sequence[TeamsAccount],
        channels: Sequence[TeamChannel] = (),
    ) -> list[NewMember]:
        """The app was installed: the team is a group, its roster its members, its channel for
        shared reflections chosen from `channels`, and the channel welcome and introduction card
        are in the outbox; returns the members new to it."""
        people = await self._people(organisation_id, roster)
        async with self._database.unit_of_work():
            group_id = await self._groups.register(
                organisation_id, team.id, team.name, team.aad_group_id
            )
            await self._conversations.remember(
                organisation_id, "channel", channel, group_id=group_id
            )
            await self._choose_reflection_channel(organisation_id, tenant_id, group_id, channels)
            joined = await self._groups.join(group_id, people)
            await self._post_welcome(group_id, tenant_id)
            await self._events.publish(
                GroupRegistered(organisation_id, group_id, team.name, tuple(people))
            )
        log.info(
            "group %s registered for team %s (%r), %d members",
            group_id,
            team.id,
            team.name,
            len(roster),
        )
        return await self._new_members(people, joined)

    async def channels_changed(
        self, organisation_id: int, tenant_id: str, team_id: str, channels: Sequence[TeamChannel]
    ) -> None:
        """A channel was created, renamed or deleted: choose the reflection channel again."""
        group_id = await self.active_group(organisation_id, team_id)
        if group_id is not None:
            await self._choose_reflection_channel(organisation_id, tenant_id, group_id, channels)

    async def join(
        self, organisation_id: int, group_id: int, members: Sequence[TeamsAccount]
    ) -> list[NewMember]:
        """Members added to the team later: active members; returns those new to the group."""
        people = await self._people(organisation_id, members)
        return await self._new_members(people, await self._groups.join(group_id, people))

    async def welcome(
        self,
        organisation_id: int,
        tenant_id: str,
        member: NewMember,
        chat: ConversationAddress | None,
    ) -> bool:
        """Start the member's onboarding with its welcome card in their personal chat (`chat`,
        just opened, or the one known), once ever; False when there is no chat or they were
        welcomed before (then they are welcomed when they first write). A leader of a cohort not
        started yet gets one sentence now and the welcome at 08:00 on the start date, as the
        cohort promised (the same key as the cohort's welcome, so it comes once)."""
        person_id = member.person_id
        if chat is not None:
            await self._conversations.remember(
                organisation_id, "personal", chat, person_id=person_id
            )
        personal = await self._conversations.personal(person_id)
        if personal is None:
            return False
        account = member.account
        arrival = await self._cohort_start(organisation_id, person_id, account.email)
        # In the member's language (a member who wrote before may speak English), not the
        # language of whoever added the app to the team.
        language = await self._languages.one(person_id)
        content = self._content.for_tenant(tenant_id, language)
        async with self._database.unit_of_work():
            if not await self._onboarding.welcome(person_id, again_after=None):
                return False
            name = first_name(account.given_name, account.name)
            card = welcome_card(content, name)
            await self._outbox.enqueue(
                personal,
                card_message(card),
                idempotency_key=f"onboarding-welcome-{person_id}",
                due_at=arrival.start_at if arrival else None,
            )
            if arrival is not None:
                note = content.coordination.cohorts.arrival_note.format(
                    name=name, date=format_date_only_sv(arrival.starts_on, language)
                )
                await self._outbox.enqueue(
                    personal, text_message(note), idempotency_key=f"cohort-arrival-{person_id}"
                )
        when = f"for cohort {arrival.cohort_id}'s start" if arrival else "now"
        log.info("onboarding of person %s started from the team (welcome %s)", person_id, when)
        return True

    async def _cohort_start(
        self, organisation_id: int, person_id: int, email: str | None
    ) -> Arrival | None:
        """The earliest cohort not started yet that the person belongs to, if any."""
        if self._cohorts is None:
            return None
        now = self._database.now()
        arrivals = await self._cohorts.arrivals(organisation_id, person_id, email, now)
        return arrivals[0] if arrivals else None

    async def app_removed(self, organisation_id: int, team_id: str) -> None:
        """The group stays, for its history, but rests."""
        group = await self._groups.of_team(organisation_id, team_id)
        if group is not None:
            await self._groups.deactivate(group.id)
            log.info("app removed from team %s: group %s deactivated", team_id, group.id)

    async def members_left(
        self,
        organisation_id: int,
        tenant_id: str,
        team_id: str,
        members: Sequence[TeamsAccount],
    ) -> None:
        """Members removed from the team have left the group; MemberLeft after the change
        commits (its reaction may book a meeting, whose calendar writes need transactions of
        their own)."""
        group = await self._groups.of_team(organisation_id, team_id)
        if group is None:
            return
        leaving = await self._member_ids(organisation_id, group.id, members)
        async with self._database.unit_of_work():
            for person_id in leaving:
                if await self._groups.set_state(group.id, person_id, LEFT):
                    log.info("person %s left group %s", person_id, group.id)
        await self._events.publish(MemberLeft(group.id, tenant_id))

    # --- introductions ----------------------------------------------------------------------

    async def introductions(
        self, organisation_id: int, person_id: int, group_id: int
    ) -> IntroductionsView | None:
        """The group's card as the member sees it; None when they are not an active member."""
        if not await self._is_member(organisation_id, person_id, group_id):
            return None
        return await self._view(group_id, person_id)

    async def introduce(
        self,
        organisation_id: int,
        tenant_id: str,
        person_id: int,
        group_id: int,
        introduction: Introduction,
        *,
        first_name: str,
    ) -> IntroductionsView | None:
        """Save the member's introduction, post it in the channel in their name, put the goal in
        an empty workbook (or ask before replacing another one); when it was the last one
        missing, IntroductionsComplete, all in one unit of work. None when they are not an
        active member of the group."""
        if not await self._is_member(organisation_id, person_id, group_id):
            return None
        who, leads, goal = (
            _answer(introduction.who),
            _answer(introduction.leads),
            _answer(introduction.goal),
        )
        if not (who and leads and goal):  # Action.Submit clients do not check isRequired
            return replace(await self._view(group_id, person_id), incomplete=True)
        content = self._content.for_tenant(tenant_id)
        over = first_too_long((who, leads, goal), content.messages.introduction_max_chars)
        if not (who and leads and goal) or over:  # Action.Submit does not check isRequired
            view = await self._view(group_id, person_id)
            typed = cards.SavedIntroduction(who, leads, goal) if over else None
            return replace(view, incomplete=True, too_long=over, typed=typed)
        async with self._database.unit_of_work():
            await self._introductions.save(group_id, person_id, who=who, leads=leads, goal=goal)
            question = await self._offer_goal(person_id, goal)
            await self._post_introduction(
                content, group_id, person_id, first_name, (who, leads, goal)
            )
            log.info("person %s introduced themself to group %s", person_id, group_id)
            if await self._introductions.missing(group_id) == 0:
                await self._events.publish(IntroductionsComplete(group_id, tenant_id))
        return replace(await self._view(group_id, person_id), goal=question)

    async def answer_goal_question(
        self, organisation_id: int, person_id: int, group_id: int, *, update: bool
    ) -> IntroductionsView | None:
        """ "Vill du uppdatera ditt mål i arbetsboken också?" answered: with yes, the goal of the
        member's saved introduction becomes their workbook goal. None when not a member."""
        if not await self._is_member(organisation_id, person_id, group_id):
            return None
        saved = await self._introductions.of(group_id, person_id)
        answer = cards.GoalQuestion.KEPT
        if update and saved is not None:
            await self._workbook.set_goal(person_id, saved.goal)
            log.info("person %s took their introduction's goal into the workbook", person_id)
            answer = cards.GoalQuestion.UPDATED
        return replace(await self._view(group_id, person_id), goal=answer)

    async def _offer_goal(self, person_id: int, goal: str) -> cards.GoalQuestion | None:
        """The introduction's goal goes to an empty workbook; one that differs from the
        workbook's is only offered (ASK): the workbook is the leader's, never overwritten
        without their yes."""
        current = (await self._workbook.goal(person_id) or "").strip()
        if not current:
            await self._workbook.set_goal(person_id, goal)
            return cards.GoalQuestion.UPDATED
        return None if current == goal else cards.GoalQuestion.ASK

    # --- the steps --------------------------------------------------------------------------

    async def _post_welcome(self, group_id: int, tenant_id: str) -> None:
        channel = await self._conversations.of_group(group_id)
        if channel is None:
            return
        content = self._content.for_tenant(tenant_id)
        welcome = text_message(content.messages.channel_welcome)
        await self._outbox.enqueue(channel, welcome, idempotency_key=f"group-{group_id}-welcome")
        card = introduction_card(content, await self._view(group_id, None), first_name="")
        await self._outbox.enqueue(
            channel, card_message(card), idempotency_key=f"group-{group_id}-introductions"
        )

    async def _post_introduction(
        self,
        content: Content,
        group_id: int,
        person_id: int,
        name: str,
        answers: tuple[str, str, str],
    ) -> None:
        channel = await self._conversations.of_group(group_id)
        if channel is None:
            return
        post = content.messages.introduction_post.format(
            first_name=name, **dict(zip((cards.WHO, cards.LEADS, cards.GOAL), answers, strict=True))
        )
        # A changed introduction is posted again; the same one clicked twice is not.
        digest = hashlib.sha256(post.encode()).hexdigest()[:16]
        await self._outbox.enqueue(
            channel,
            text_message(post),
            idempotency_key=f"introduction-{group_id}-{person_id}-{digest}",
        )

    async def _choose_reflection_channel(
        self,
        organisation_id: int,
        tenant_id: str,
        group_id: int,
        channels: Sequence[TeamChannel],
    ) -> None:
        """Shared reflections go to the channel named like the seed's "Reflektion", else to the
        group's own channel; the choice is stored with the group."""
        own = await self._conversations.of_group(group_id)
        if own is None:
            return
        names = {
            name.casefold()
            for name in self._content.for_tenant(tenant_id).learning.reflection_channel_names
        }
        found = next((c for c in channels if c.name and c.name.strip().casefold() in names), None)
        chosen = replace(own.reference, conversation_id=found.id) if found else None
        await self._conversations.set_reflection_channel(organisation_id, group_id, chosen)
        log.info("group %s: shared reflections go to %s", group_id, found or "its own channel")

    async def _view(self, group_id: int, person_id: int | None) -> IntroductionsView:
        members = await self._groups.active_members(group_id)
        saved = await self._introductions.of(group_id, person_id) if person_id else None
        return IntroductionsView(
            group_id,
            tuple(member.teams_user_id for member in members),
            introduced=await self._introductions.count(group_id),
            members=len(members),
            saved=cards.SavedIntroduction(saved.who, saved.leads, saved.goal) if saved else None,
            workbook_goal=await self._workbook.goal(person_id) if person_id else None,
        )

    async def _people(
        self, organisation_id: int, accounts: Sequence[TeamsAccount]
    ) -> dict[int, TeamsAccount]:
        """The accounts as people (created or refreshed), by person id. Before any unit of
        work: an idempotent upsert, and the directory caches what it wrote."""
        people: dict[int, TeamsAccount] = {}
        for account in accounts:
            people[await self._directory.person_id(organisation_id, account)] = account
        return people

    async def _new_members(
        self, people: dict[int, TeamsAccount], joined: Sequence[int]
    ) -> list[NewMember]:
        return [
            NewMember(
                person_id,
                people[person_id],
                has_chat=await self._conversations.personal(person_id) is not None,
            )
            for person_id in joined
        ]

    async def _member_ids(
        self, organisation_id: int, group_id: int, members: Sequence[TeamsAccount]
    ) -> list[int]:
        """Removed members as person ids; Teams may name them by their Teams user id only."""
        by_teams_id: dict[str, int] | None = None
        found: list[int] = []
        for member in members:
            if member.aad_object_id:
                found.append(await self._directory.person_id(organisation_id, member))
                continue
            if by_teams_id is None:
                active = await self._groups.active_members(group_id)
                by_teams_id = {m.teams_user_id: m.person_id for m in active}
            if member.teams_user_id in by_teams_id:
                found.append(by_teams_id[member.teams_user_id])
        return found

    async def _is_member(self, organisation_id: int, person_id: int, group_id: int) -> bool:
        """The group exists in the person's organisation and they are an active member."""
        group = await self._groups.get(organisation_id, group_id)
        if group is None:
            return False
        if not await self._groups.is_active_member(group.id, person_id):
            log.info("person %s is not an active member of group %s", person_id, group_id)
            return False
        return True


def introduction_card(content: Content, view: IntroductionsView, *, first_name: str) -> Json:
    """The group's introduction card for `view` (thanks to `first_name` when they saved one)."""
    return cards.introduction_card(
        content,
        view.group_id,
        view.user_ids,
        introduced=view.introduced,
        members=view.members,
        saved=view.saved,
        first_name=first_name,
        typed=view.typed,
        note=_too_long_note(content, view.too_long),
        workbook_goal=view.workbook_goal,
        goal=view.goal,
    )


def _too_long_note(content: Content, over: TooLong | None) -> str | None:
    if over is None:
        return None
    return content.messages.text_too_long.format(length=over.length, limit=over.limit)


def _answer(value: str | None) -> str:
    return (value or "").strip()
