"""The coordinator's side in the personal chat: "samordnare" (roles), "uppföljning" (the
follow-up), "omgång" (start a cohort) and "samordnare lägg till anna@kommun.se". Thin: the
services check the role and the tenant; this turns the caller into an actor and the results
into cards and sentences.
"""

from __future__ import annotations

import re

from cards import coordination as cards
from cards.cohorts import START_COHORT, StartCohort, cohort_card, started_card
from cards.coordination import NameRole, RemoveRole, role_word
from cards.elements import Json
from cards.follow_up import FOLLOW_UP_SCOPE, ChooseScope, follow_up_card
from chat.actions import CardActions
from chat.commands import Command, CommandHandlers
from chat.flows import NextStep
from chat.turn import Turn
from content.coordination import RoleTexts
from content.models import Content
from services.cohorts import CohortService, Rejected
from services.coordination import Actor, CoordinationService, Outcome, RoleChange
from services.feedback import FeedbackService
from services.follow_up import FollowUpService
from storage.roles import RoleName
from workbook.links import FileKind, Links

COORDINATOR_COMMANDS = frozenset(
    {
        Command.COORDINATORS,
        Command.FOLLOW_UP,
        Command.SETTINGS,
        Command.COHORT,
        Command.CELEBRATE,
        Command.GROUPS,
        Command.REGION,  # shown to coordinators; a programme owner types it (no extra query)
    }
)


class CoordinationDialog:
    def __init__(
        self,
        content: Content,
        coordination: CoordinationService,
        follow_up: FollowUpService,
        feedback: FeedbackService,
        links: Links,
        cohorts: CohortService,
    ) -> None:
        self._cohorts = cohorts
        self._content = content
        self._coordination = coordination
        self._follow_up = follow_up
        self._feedback = feedback
        self._links = links

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.COORDINATORS, self._on_roles)
        commands.register(Command.FOLLOW_UP, self._on_follow_up)
        commands.register(Command.COHORT, self._on_cohort)
        actions.on(START_COHORT, StartCohort, self._on_start_cohort)
        actions.on(FOLLOW_UP_SCOPE, ChooseScope, self._on_follow_up_scope)
        actions.on(cards.NAME_ROLE, NameRole, self._on_name)
        actions.on(cards.REMOVE_ROLE, RemoveRole, self._on_remove)

    # --- commands -----------------------------------------------------------------------------

    async def _on_roles(self, turn: Turn) -> None:
        card = await self._roles_card(turn)
        if card is None:
            turn.say(self._texts(turn).only_coordinators)
        else:
            turn.show(card)

    async def _on_follow_up(self, turn: Turn) -> None:
        card = await self._follow_up_card(turn, None)
        if card is not None:
            turn.show(card)

    async def _on_follow_up_scope(self, turn: Turn, payload: ChooseScope) -> Json | None:
        """The card changes in place to the chosen scope (a key not of this municipality's
        follow-up shows the municipality)."""
        return await self._follow_up_card(turn, payload.follow_up_scope)

    async def _follow_up_card(self, turn: Turn, scope: str | None) -> Json | None:
        caller, actor = turn.caller, actor_of(turn)
        content = self._content.for_tenant(caller.tenant_id)
        detail = scope if scope and re.fullmatch(r"cohort-\d{1,19}", scope) else None
        found = await self._follow_up.follow_up(actor, caller.tenant_id, detail=detail)
        if found is None:
            turn.say(content.coordination.roles.only_coordinators)
            return None
        chosen = found.scope(scope) or found.municipality
        key = None if chosen is found.municipality else chosen.key

        def url(kind: FileKind, part: str | None = None) -> str:
            return self._links.url(caller.person_id, caller.tenant_id, kind, part)

        suggestions = await self._feedback.latest(actor) or ()
        return follow_up_card(
            content,
            found,
            csv_url=url(FileKind.FOLLOW_UP_CSV),
            xlsx_url=url(FileKind.FOLLOW_UP_XLSX),
            chart_url=url(FileKind.FOLLOW_UP_CHART, key),
            minutes=self._links.minutes,
            suggestions=suggestions,
            scope=key,
        )

    async def _on_cohort(self, turn: Turn) -> None:
        existing = await self._cohorts.cohorts(actor_of(turn))
        if existing is None:
            turn.say(self._texts(turn).only_coordinators)
        else:
            teams = await self._cohorts.teams(actor_of(turn))
            content = self._content.for_tenant(turn.caller.tenant_id)
            turn.show(cohort_card(content, existing, teams=teams))

    async def _on_start_cohort(self, turn: Turn, payload: StartCohort) -> Json | None:
        """The card changes in place: into the same form with what to fix, or the outcome."""
        tenant_id = turn.caller.tenant_id
        result = await self._cohorts.start(actor_of(turn), tenant_id, payload.request())
        if result is None:
            turn.say(self._texts(turn).only_coordinators)
            return None
        content = self._content.for_tenant(tenant_id)
        if isinstance(result, Rejected):
            return cohort_card(content, rejected=result)
        return started_card(content, result)

    async def help_for(self, turn: Turn, available: frozenset[str]) -> frozenset[str]:
        """The help card shows the coordinator commands to coordinators only."""
        caller = turn.caller
        role = await self._coordination.role_of(
            caller.organisation_id, caller.person_id, actor_of(turn).email
        )
        return available if role is RoleName.COORDINATOR else available - COORDINATOR_COMMANDS

    # --- "samordnare lägg till anna@kommun.se" ------------------------------------------------

    async def on_text(self, turn: Turn, text: str) -> bool:
        texts = self._texts(turn)
        command = _role_command(texts, text)
        if command is None:
            return False
        role, add, address = command
        actor = actor_of(turn)
        if not address:
            allowed = await self._coordination.is_coordinator(actor, "roles")
            turn.say(texts.usage if allowed else texts.only_coordinators)
            return True
        if add:
            change = await self._coordination.name(actor, address, role)
        else:
            change = await self._coordination.remove(actor, address)
        turn.say(texts.only_coordinators if change is None else _sentence(texts, change))
        return True

    async def cancel(self, turn: Turn) -> bool:
        return False  # nothing here waits for an answer

    async def next_step(self, turn: Turn) -> NextStep | None:
        return None  # no step of the leader's is here

    # --- the card -----------------------------------------------------------------------------

    async def _on_name(self, turn: Turn, payload: NameRole) -> Json | None:
        change = await self._coordination.name(
            actor_of(turn), payload.email, RoleName(payload.role)
        )
        return await self._answer(turn, change)

    async def _on_remove(self, turn: Turn, payload: RemoveRole) -> Json | None:
        change = await self._coordination.remove(actor_of(turn), payload.email)
        return await self._answer(turn, change)

    async def _answer(self, turn: Turn, change: RoleChange | None) -> Json | None:
        texts = self._texts(turn)
        if change is None:
            turn.say(texts.only_coordinators)
            return None
        return await self._roles_card(turn, note=_sentence(texts, change))

    async def _roles_card(self, turn: Turn, *, note: str | None = None) -> Json | None:
        holders = await self._coordination.holders(actor_of(turn))
        if holders is None:
            return None
        content = self._content.for_tenant(turn.caller.tenant_id)
        return cards.roles_card(content, holders, note=note)

    def _texts(self, turn: Turn) -> RoleTexts:
        return self._content.for_tenant(turn.caller.tenant_id).coordination.roles


def actor_of(turn: Turn) -> Actor:
    """The caller in their municipality; their e-mail address is asked of Teams only if needed."""

    async def email() -> str | None:
        member = await turn.roster.member(turn.sender.teams_user_id)
        return member.email if member is not None else None

    caller = turn.caller
    return Actor(caller.organisation_id, caller.person_id, email)


def _role_command(texts: RoleTexts, text: str) -> tuple[RoleName, bool, str] | None:
    """(role, add or remove, the address as typed) of "samordnare lägg till x@y.se"."""
    words = {texts.names.coordinator: RoleName.COORDINATOR, texts.names.coach: RoleName.COACH}
    verbs = {texts.add_word: True, texts.remove_word: False}
    pattern = (
        rf"^\s*({'|'.join(map(re.escape, words))})\s+({'|'.join(map(re.escape, verbs))})"
        r"(?:\s+(\S*))?\s*$"
    )
    found = re.match(pattern, text.casefold())
    if found is None:
        return None
    return words[found[1]], verbs[found[2]], found[3] or ""


def _sentence(texts: RoleTexts, change: RoleChange) -> str:
    role = role_word(texts, change.role) if change.role is not None else ""
    match change.outcome:
        case Outcome.NAMED:
            return texts.named.format(email=change.email, role=role)
        case Outcome.ALREADY:
            return texts.already.format(email=change.email, role=role)
        case Outcome.REMOVED:
            return texts.removed.format(email=change.email, role=role)
        case Outcome.NOT_FOUND:
            return texts.not_found.format(email=change.email)
        case Outcome.INVALID_EMAIL:
            return texts.invalid_email.format(email=change.email)
        case Outcome.LAST_COORDINATOR:
            return texts.last_coordinator
