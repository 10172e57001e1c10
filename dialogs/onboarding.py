"""The leader's onboarding, as cards in their personal chat, one step at a time:

welcome -> the journey's elements -> individualise -> how well they know each area -> their plan
-> their goal -> their starting point (nolläge) -> time set aside (dialogs.booking) -> summary.

The step is stored per leader (storage.onboarding), so the conversation continues where it was
after a day away or a restart. A click on a card from an earlier step shows the current one.
"""

from __future__ import annotations

import logging

from cards import onboarding as cards
from cards.elements import Json
from cards.onboarding import OnboardingAnswer, SaveGoal, Step
from cards.welcome import START_JOURNEY, StartJourney, journey_elements_card, welcome_card
from chat.actions import CardActions
from chat.caller import Caller
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.models import Content
from dialogs.booking import Booking
from learning.plan import PersonalPlan, make_plan, plan_rule
from storage.learning_plans import LearningPlans
from storage.onboarding import OnboardingProgressStore, Progress
from storage.workbook import Workbook

log = logging.getLogger(__name__)

START = "start"  # the maturity checkpoint taken during the onboarding


class Onboarding:
    def __init__(
        self,
        content: Content,
        progress: OnboardingProgressStore,
        plans: LearningPlans,
        workbook: Workbook,
        booking: Booking,
    ) -> None:
        self._content = content
        self._progress = progress
        self._plans = plans
        self._workbook = workbook
        self._booking = booking
        booking.after_booking = self._after_booking

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        actions.on(START_JOURNEY, StartJourney, self._on_start)
        actions.on(cards.ONBOARDING, OnboardingAnswer, self._on_step)
        actions.on(cards.GOAL_SAVE, SaveGoal, self._on_goal_save)
        commands.register(Command.RESTART, self._on_restart)
        commands.register(Command.CONTINUE, self._on_continue)
        commands.register(Command.MY_GOAL, self._on_my_goal)
        commands.register(Command.MY_PLAN, self._on_my_plan)

    # --- the conversation's entry points (called by the activity handler) -------------------

    async def welcome(self, turn: Turn) -> None:
        """The welcome card; an unfinished onboarding starts over from it."""
        caller = turn.caller
        turn.show(await self.start(caller.person_id, caller.tenant_id, caller.first_name))

    async def start(self, person_id: int, tenant_id: str, first_name: str) -> Json:
        """Put the leader at the welcome (unless already done) and return the welcome card.

        Also for proactive starts, such as when a leader's Innovationsteam installs the app.
        """
        progress = await self._progress.get(person_id)
        if progress is None or not progress.completed:
            await self._progress.move(person_id, Step.WELCOME)
        return welcome_card(self._content.for_tenant(tenant_id), first_name)

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Free text during the onboarding: the goal at the goal step, else back to the step."""
        caller = turn.caller
        progress = await self._progress.get(caller.person_id)
        if progress is None or progress.completed:
            return False
        if progress.paused:
            turn.say(self._content_for(caller).onboarding.paused_hint)
            return True
        if progress.step == Step.GOAL and text.strip():
            turn.show(await self._take_goal(caller, text))
        else:  # one message: the pointer above the card it points to
            resume = self._content_for(caller).onboarding.resume
            turn.show(await self._card_at(caller, progress), text=resume)
        return True

    async def cancel(self, turn: Turn) -> bool:
        return await self._progress.pause(turn.caller.person_id)

    # --- buttons ----------------------------------------------------------------------------

    async def _on_start(self, turn: Turn, _payload: StartJourney) -> Json:
        caller = turn.caller
        await self._progress.move(caller.person_id, Step.ELEMENTS)
        return self._elements_card(caller)

    async def _on_step(self, turn: Turn, payload: OnboardingAnswer) -> Json:
        caller = turn.caller
        progress = await self._progress.get(caller.person_id) or Progress(Step.WELCOME)
        if not _is_current(progress, payload):
            return await self._card_at(caller, progress)
        content = self._content_for(caller)
        match progress.step:
            case Step.ELEMENTS:
                return await self._go(caller, Step.INDIVIDUALISE)
            case Step.INDIVIDUALISE:
                return await self._go(caller, Step.FAMILIARITY)
            case Step.FAMILIARITY:
                return await self._take_familiarity(caller, content, progress, payload)
            case Step.PLAN:
                return await self._go(caller, Step.GOAL)
            case Step.GOAL:
                return await self._take_goal(caller, payload.goal or "")
            case Step.STARTING_POINT:
                return await self._take_starting_point(caller, content, payload)
        return await self._card_at(caller, progress)

    async def _on_goal_save(self, turn: Turn, payload: SaveGoal) -> Json:
        caller = turn.caller
        content = self._content_for(caller)
        goal = (payload.goal or "").strip()
        error = _goal_error(content, goal)
        if error:
            return cards.goal_card(content, step=None, value=goal, error=error)
        await self._workbook.set_goal(caller.person_id, goal)
        return cards.goal_card(content, step=None, value=goal, note=content.onboarding.goal.saved)

    async def _after_booking(self, turn: Turn, note: str) -> Json | None:
        """Once time is set aside during the onboarding, it is done: the summary."""
        caller = turn.caller
        progress = await self._progress.get(caller.person_id)
        if progress is None or progress.step != Step.BOOKING:
            return None
        await self._progress.move(caller.person_id, Step.DONE, completed=True)
        log.info("person %s completed the onboarding", caller.person_id)
        return await self._summary_card(caller, note=note)

    # --- commands ---------------------------------------------------------------------------

    async def _on_restart(self, turn: Turn) -> None:
        caller = turn.caller
        await self._progress.move(caller.person_id, Step.WELCOME)
        turn.say(self._content_for(caller).onboarding.restarted)
        turn.show(self._welcome_card(caller))

    async def _on_continue(self, turn: Turn) -> None:
        caller = turn.caller
        progress = await self._progress.get(caller.person_id)
        if progress is None or progress.completed:
            turn.show(await self._summary_card(caller))
            return
        progress = await self._progress.move(
            caller.person_id, progress.step, module_index=progress.module_index
        )
        turn.show(await self._card_at(caller, progress))

    async def _on_my_goal(self, turn: Turn) -> None:
        caller = turn.caller
        goal = await self._workbook.goal(caller.person_id)
        turn.show(cards.goal_card(self._content_for(caller), step=None, value=goal))

    async def _on_my_plan(self, turn: Turn) -> None:
        caller = turn.caller
        content = self._content_for(caller)
        plan = await self._plan_of(caller)
        turn.show(cards.plan_card(content, plan, plan_rule(content, plan), step=None))

    # --- steps --------------------------------------------------------------------------------

    async def _go(self, caller: Caller, step: Step, module_index: int = 0) -> Json:
        progress = await self._progress.move(caller.person_id, step, module_index=module_index)
        return await self._card_at(caller, progress)

    async def _take_familiarity(
        self, caller: Caller, content: Content, progress: Progress, payload: OnboardingAnswer
    ) -> Json:
        module = content.modules[progress.module_index]
        answer = payload.familiarity
        if answer is None or answer not in {o.id for o in content.journey.familiarity.options}:
            return cards.familiarity_card(
                content,
                Step.FAMILIARITY,
                progress.module_index,
                answer=None,
                error=content.onboarding.required_choice,
            )
        await self._plans.answer_familiarity(caller.person_id, module.id, answer)
        if progress.module_index + 1 < len(content.modules):
            return await self._go(caller, Step.FAMILIARITY, progress.module_index + 1)
        familiarity = (await self._plans.get(caller.person_id)).familiarity
        plan = make_plan(content, familiarity)
        await self._plans.set_plan(caller.person_id, plan.module_ids, plan.exercise_numbers)
        return await self._go(caller, Step.PLAN)

    async def _take_goal(self, caller: Caller, text: str) -> Json:
        content = self._content_for(caller)
        goal = text.strip()
        error = _goal_error(content, goal)
        if error:
            return cards.goal_card(content, step=Step.GOAL, value=goal, error=error)
        await self._workbook.set_goal(caller.person_id, goal)
        return await self._go(caller, Step.STARTING_POINT)

    async def _take_starting_point(
        self, caller: Caller, content: Content, payload: OnboardingAnswer
    ) -> Json:
        grades: dict[str, int] = {}
        for area in content.maturity.areas:
            value = payload.area_answer(area.id)
            if value.isdigit() and int(value) in area.levels:
                grades[area.id] = int(value)
        if len(grades) < len(content.maturity.areas):
            texts = content.onboarding.starting_point
            return cards.starting_point_card(
                content, Step.STARTING_POINT, grades, error=texts.required
            )
        await self._workbook.set_maturity(caller.person_id, START, grades)
        return await self._go(caller, Step.BOOKING)

    # --- cards --------------------------------------------------------------------------------

    async def _card_at(self, caller: Caller, progress: Progress) -> Json:
        """The card for where the leader is now."""
        content = self._content_for(caller)
        match progress.step:
            case Step.ELEMENTS:
                return self._elements_card(caller)
            case Step.INDIVIDUALISE:
                return cards.individualise_card(content, Step.INDIVIDUALISE)
            case Step.FAMILIARITY:
                index = min(progress.module_index, len(content.modules) - 1)
                answers = (await self._plans.get(caller.person_id)).familiarity
                return cards.familiarity_card(
                    content, Step.FAMILIARITY, index, answer=answers.get(content.modules[index].id)
                )
            case Step.PLAN:
                plan = await self._plan_of(caller)
                return cards.plan_card(content, plan, plan_rule(content, plan), step=Step.PLAN)
            case Step.GOAL:
                goal = await self._workbook.goal(caller.person_id)
                return cards.goal_card(content, step=Step.GOAL, value=goal)
            case Step.STARTING_POINT:
                grades = await self._workbook.maturity(caller.person_id, START)
                return cards.starting_point_card(content, Step.STARTING_POINT, grades)
            case Step.BOOKING:
                return await self._booking.wishes_card(caller)
            case Step.DONE:
                return await self._summary_card(caller)
        return self._welcome_card(caller)

    def _welcome_card(self, caller: Caller) -> Json:
        return welcome_card(self._content_for(caller), caller.first_name)

    def _elements_card(self, caller: Caller) -> Json:
        content = self._content_for(caller)
        return journey_elements_card(
            content, cards.next_action(content.messages.next_button, Step.ELEMENTS)
        )

    async def _summary_card(self, caller: Caller, *, note: str | None = None) -> Json:
        content = self._content_for(caller)
        return cards.summary_card(
            content,
            await self._plan_of(caller),
            await self._workbook.goal(caller.person_id),
            await self._booking.booked_times(caller),
            await self._workbook.maturity(caller.person_id, START),
            note=note,
        )

    async def _plan_of(self, caller: Caller) -> PersonalPlan:
        record = await self._plans.get(caller.person_id)
        return make_plan(self._content_for(caller), record.familiarity)

    def _content_for(self, caller: Caller) -> Content:
        return self._content.for_tenant(caller.tenant_id)


def _is_current(progress: Progress, payload: OnboardingAnswer) -> bool:
    """Whether the card clicked is the one for where the leader is now."""
    if payload.step != progress.step:
        return False
    return progress.step != Step.FAMILIARITY or payload.module == progress.module_index


def _goal_error(content: Content, goal: str) -> str | None:
    texts = content.onboarding.goal
    if not goal:
        return texts.required
    if len(goal) > texts.max_length:
        return texts.too_long.format(length=len(goal), limit=texts.max_length)
    return None
