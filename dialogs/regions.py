"""'region': a programme owner's regions, invitations and regional follow-up; and for a
coordinator, the regions their municipality is invited to. Thin: the service checks the role,
the tenant and the region's owner; this turns the caller into an actor and results into cards."""

from __future__ import annotations

from cards.elements import Json
from cards.regional_sharing import leader_card
from cards.regions import (
    ANSWER_REGION,
    CHOOSE_REGIONAL,
    CREATE_REGION,
    CREATE_REGIONAL_COHORT,
    INVITE_REGION,
    LEAVE_REGION,
    REGIONAL_FOLLOW_UP,
    AnswerRegion,
    ChooseRegional,
    LeaveRegion,
    RegionalCohortButton,
    RegionForm,
    answered_card,
    memberships_card,
    owner_card,
    regional_follow_up_card,
)
from chat.actions import CardActions
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.models import Content
from dialogs.coordination import actor_of
from services.cohorts import CohortService
from services.contacts import ContactService
from services.coordination import Actor, CoordinationService
from services.follow_up import MINIMUM_PEOPLE
from services.regional_sharing import SharingService
from services.regions import Answer, Invited, Problem, RegionalFollowUp, RegionService, Rejected
from storage.roles import RoleName


class RegionDialog:
    def __init__(
        self,
        content: Content,
        regions: RegionService,
        coordination: CoordinationService,
        cohorts: CohortService,
        sharing: SharingService,
        contacts: ContactService | None = None,
    ) -> None:
        self._content = content
        self._regions = regions
        self._coordination = coordination
        self._cohorts = cohorts
        self._sharing = sharing
        self._contacts = contacts

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.REGION, self._on_region)
        actions.on(CREATE_REGION, RegionForm, self._on_create)
        actions.on(INVITE_REGION, RegionForm, self._on_invite)
        actions.on(CREATE_REGIONAL_COHORT, RegionForm, self._on_create_cohort)
        actions.on(REGIONAL_FOLLOW_UP, RegionalCohortButton, self._on_follow_up)
        actions.on(ANSWER_REGION, AnswerRegion, self._on_answer)
        actions.on(CHOOSE_REGIONAL, ChooseRegional, self._on_choose)
        actions.on(LEAVE_REGION, LeaveRegion, self._on_leave)

    # --- the command --------------------------------------------------------------------------

    async def _on_region(self, turn: Turn) -> None:
        """The owner's card for a programme owner (and the municipality's too when they also
        coordinate it), the municipality's for a coordinator, "Dela med regionen" for a leader
        taking part in a regional cohort, a sentence for anyone else."""
        actor = actor_of(turn)
        caller = turn.caller
        owner = await self._regions.claim(actor)
        role = await self._coordination.role_of(
            caller.organisation_id, caller.person_id, actor.email
        )
        if owner is not None:
            found = await self._owner_card(turn, actor)
            if found is not None:
                turn.show(found)
        if role is RoleName.COORDINATOR:
            await self._show_memberships(turn, actor)
        view = await self._sharing.leader_view(actor)
        if view.place is not None:
            turn.show(leader_card(self._for(turn), view))
        elif owner is None and role is not RoleName.COORDINATOR:
            await self._regions.regions(actor)  # audits the refusal
            turn.say(self._for(turn).coordination.regions.only_owners)

    # --- the programme owner's card -----------------------------------------------------------

    async def _on_create(self, turn: Turn, payload: RegionForm) -> Json | None:
        actor = actor_of(turn)
        result = await self._regions.create(actor, payload.region_name)
        if result is None:
            return self._refused(turn)
        if isinstance(result, Rejected):
            return await self._owner_card(turn, actor, rejected=result, typed=payload)
        texts = self._for(turn).coordination.regions
        said = [texts.created.format(name=payload.region_name.strip())]
        return await self._owner_card(turn, actor, said=said)

    async def _on_invite(self, turn: Turn, payload: RegionForm) -> Json | None:
        actor = actor_of(turn)
        region_id = payload.region_id()
        result = (
            None
            if region_id is None
            else await self._regions.invite(actor, region_id, payload.region_tenants)
        )
        if result is None:
            return self._refused(turn)
        if isinstance(result, Rejected):
            return await self._owner_card(turn, actor, rejected=result, typed=payload)
        return await self._owner_card(turn, actor, said=self._invited(turn, result))

    async def _on_create_cohort(self, turn: Turn, payload: RegionForm) -> Json | None:
        actor = actor_of(turn)
        region_id = payload.region_id()
        result = (
            None
            if region_id is None
            else await self._regions.create_cohort(
                actor,
                region_id,
                payload.regional_name,
                payload.regional_start,
                payload.regional_end,
            )
        )
        if result is None:
            return self._refused(turn)
        if isinstance(result, Rejected):
            return await self._owner_card(turn, actor, rejected=result, typed=payload)
        texts = self._for(turn).coordination.regions
        said = [texts.cohort_created.format(name=payload.regional_name.strip())]
        return await self._owner_card(turn, actor, said=said)

    async def _on_follow_up(self, turn: Turn, payload: RegionalCohortButton) -> Json | None:
        found = await self._regions.follow_up(actor_of(turn), payload.regional_cohort_id)
        if found is None:
            return self._refused(turn)
        content = self._for(turn)
        return regional_follow_up_card(
            content, found, pairs=await self._pairs(turn, content, found)
        )

    async def _pairs(self, turn: Turn, content: Content, found: RegionalFollowUp) -> str | None:
        """The one-to-one contacts made in the region: a count from the minimum, never who."""
        if self._contacts is None:
            return None
        seen = await self._contacts.region_pairs(actor_of(turn), found.cohort.region_id)
        if seen is None:
            return None
        texts = content.contacts
        if seen.count is None:
            return texts.region_pairs_few.format(minimum=MINIMUM_PEOPLE)
        return texts.region_pairs.format(count=seen.count)

    # --- the coordinator's side ---------------------------------------------------------------

    async def _on_answer(self, turn: Turn, payload: AnswerRegion) -> Json | None:
        actor = actor_of(turn)
        answer = await self._regions.answer(actor, payload.region_id, payload.answer == "join")
        content = self._for(turn)
        texts = content.coordination.regions
        if answer is None:
            turn.say(content.coordination.roles.only_coordinators)
            return None
        name = next(
            (
                m.name
                for m in await self._regions.memberships(actor) or ()
                if m.region_id == payload.region_id
            ),
            "",
        )
        sentence = {
            Answer.JOINED: texts.joined.format(name=name),
            Answer.DECLINED: texts.declined.format(name=name),
            Answer.ALREADY: texts.already,
            Answer.NOT_INVITED: texts.not_invited,
        }[answer]
        return answered_card(content, sentence)

    async def _on_choose(self, turn: Turn, payload: ChooseRegional) -> Json | None:
        actor = actor_of(turn)
        result = await self._regions.choose(actor, payload.regional_cohort_id, payload.cohort_ids())
        content = self._for(turn)
        if result is None:
            turn.say(content.coordination.roles.only_coordinators)
            return None
        texts = content.coordination.regions
        if isinstance(result, Rejected):
            said = [_problem_text(content, p) for p in result.problems]
        else:
            said = [texts.chosen.format(name=result.name)]
        return await self._memberships_card(turn, actor, said)

    async def _on_leave(self, turn: Turn, payload: LeaveRegion) -> Json | None:
        actor = actor_of(turn)
        content = self._for(turn)
        name = next(
            (
                m.name
                for m in await self._regions.memberships(actor) or ()
                if m.region_id == payload.region_id
            ),
            "",
        )
        answer = await self._regions.leave(actor, payload.region_id)
        if answer is None:
            turn.say(content.coordination.roles.only_coordinators)
            return None
        texts = content.regional_sharing.leaving
        said = texts.left.format(name=name) if answer is Answer.LEFT else texts.not_joined
        return await self._memberships_card(turn, actor, [said])

    # --- helpers ------------------------------------------------------------------------------

    async def _owner_card(
        self,
        turn: Turn,
        actor: Actor,
        *,
        said: list[str] | None = None,
        rejected: Rejected | None = None,
        typed: RegionForm | None = None,
    ) -> Json | None:
        summaries = await self._regions.regions(actor)
        if summaries is None:
            return None
        regions = []
        for summary in summaries:
            municipalities = await self._regions.municipalities(actor, summary.id) or []
            cohorts = await self._regions.regional_cohorts(actor, summary.id)
            regions.append((summary, municipalities, cohorts))
        return owner_card(self._for(turn), regions, said=said or (), rejected=rejected, typed=typed)

    async def _show_memberships(self, turn: Turn, actor: Actor) -> None:
        found = await self._memberships_card(turn, actor, [])
        if found is None:
            turn.say(self._for(turn).coordination.roles.only_coordinators)
        else:
            turn.show(found)

    async def _memberships_card(self, turn: Turn, actor: Actor, said: list[str]) -> Json | None:
        memberships = await self._regions.memberships(actor)
        if memberships is None:
            return None
        own = await self._cohorts.cohorts(actor) or []
        return memberships_card(self._for(turn), memberships, own, said=said)

    def _invited(self, turn: Turn, result: Invited) -> list[str]:
        texts = self._for(turn).coordination.regions
        said = [texts.invited.format(count=len(result.invited), cards=result.cards)]
        if result.already:
            said.append(texts.already_invited.format(count=len(result.already)))
        return said

    def _refused(self, turn: Turn) -> Json | None:
        """A sentence instead; the card stays as it was."""
        turn.say(self._for(turn).coordination.regions.only_owners)
        return None

    def _for(self, turn: Turn) -> Content:
        return self._content.for_tenant(turn.caller.tenant_id)


def _problem_text(content: Content, problem: Problem) -> str:
    return str(getattr(content.coordination.regions, problem.value))
