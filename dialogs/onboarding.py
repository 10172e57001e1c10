"""The leader's onboarding, as cards in their personal chat: buttons and commands -> the use cases
of services.onboarding -> the card for the screen the leader is at.

The step machine (which step is next, resume, restart, pause) lives in the service; here only
what each screen looks like. The onboarding owns its booking step, so it decides what follows a
booking made there: the summary (`awaits_booking`, `card_after_booking`).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from cards import onboarding as cards
from cards.booking import session_lines, wishes_card
from cards.elements import Json
from cards.onboarding import OnboardingAnswer, SaveGoal, Step
from cards.welcome import START_JOURNEY, StartJourney, journey_elements_card, welcome_card
from chat.actions import CardActions
from chat.caller import Caller
from chat.commands import Command, CommandHandlers
from chat.flows import NextStep
from chat.turn import Turn
from content.models import Content
from learning.plan import plan_rule
from services.onboarding import (
    Elements,
    Familiarity,
    GoalProblem,
    GoalQuestion,
    GoalScreen,
    Individualise,
    Onboarding,
    PlanScreen,
    Position,
    Screen,
    SettingTime,
    StartingPoint,
    StepAnswer,
    Summary,
    Welcome,
)

CONTINUE = Command.CONTINUE  # "fortsätt" shows where the leader is, whatever the step


log = logging.getLogger(__name__)


class OnboardingDialog:
    def __init__(self, content: Content, onboarding: Onboarding) -> None:
        self._content = content
        self._onboarding = onboarding

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        actions.on(START_JOURNEY, StartJourney, self._on_start)
        actions.on(cards.ONBOARDING, OnboardingAnswer, self._on_step)
        actions.on(cards.GOAL_SAVE, SaveGoal, self._on_goal_save)
        commands.register(Command.RESTART, self._on_restart)
        commands.register(Command.MY_GOAL, self._on_my_goal)
        commands.register(Command.MY_PLAN, self._on_my_plan)

    # --- entry points: the router's welcome, the team's proactive start, the booking ----------

    async def greet(self, turn: Turn, *, again_after: timedelta | None) -> bool:
        """The welcome card, once (again after `again_after`: a reinstall); an unfinished
        onboarding starts over from it. False: welcomed before, nothing shown."""
        caller = turn.caller
        if not await self._onboarding.welcome(caller.person_id, again_after=again_after):
            return False
        turn.show(welcome_card(self._content.for_tenant(caller.tenant_id), caller.first_name))
        log.info("welcomed person %s in tenant %s", caller.person_id, caller.tenant_id)
        return True

    async def awaits_booking(self, caller: Caller) -> bool:
        """Whether the leader is at the onboarding's booking step (asked before booking)."""
        return await self._onboarding.awaits_booking(caller.person_id)

    async def card_after_booking(self, caller: Caller, note: str) -> Json:
        """The booking ended the onboarding: its summary, with `note` (whether the times
        reached the calendar)."""
        summary = await self._onboarding.summary(caller.person_id, caller.tenant_id)
        return self._summary_card(await self._curriculum(caller), summary, note=note)

    # --- Flow: free text and "avbryt" (offered by the router) ---------------------------------

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Text at the goal step: the goal, or "is that your goal?" when it looks like a question.
        Any other text is no step's: the router answers it (see next_step)."""
        caller = turn.caller
        answer = await self._onboarding.free_text(caller.person_id, caller.tenant_id, text)
        if answer is None:
            return False
        if isinstance(answer, GoalQuestion):
            content = self._content_for(caller)
            turn.show(cards.goal_question_card(content, answer.text, question=answer.question))
        else:
            turn.show(await self._card(caller, answer))
        return True

    async def next_step(self, turn: Turn) -> NextStep | None:
        """The way back to where the leader is: the welcome card, their step, or "fortsätt"."""
        caller = turn.caller
        position = await self._onboarding.position(caller.person_id)
        texts = self._content_for(caller).onboarding
        match position:
            case Position.NOT_STARTED:
                return NextStep(
                    texts.free_text.not_started, texts.free_text.welcome_button, CONTINUE
                )
            case Position.UNDERWAY:
                return NextStep(texts.free_text.at_step, texts.free_text.step_button, CONTINUE)
            case Position.PAUSED:
                return NextStep(texts.paused_hint, texts.free_text.paused_button, CONTINUE)
        return None

    async def cancel(self, turn: Turn) -> bool:
        return await self._onboarding.pause(turn.caller.person_id)

    # --- buttons -----------------------------------------------------------------------------

    async def _on_start(self, turn: Turn, _payload: StartJourney) -> Json:
        return await self._card(turn.caller, await self._onboarding.begin(turn.caller.person_id))

    async def _on_step(self, turn: Turn, payload: OnboardingAnswer) -> Json:
        caller = turn.caller
        areas = self._content_for(caller).maturity.areas
        answer = StepAnswer(
            step=payload.step,
            module=payload.module,
            familiarity=payload.familiarity,
            goal=payload.goal,
            area_answers={area.id: payload.area_answer(area.id) for area in areas},
        )
        screen = await self._onboarding.answer(caller.person_id, caller.tenant_id, answer)
        return await self._card(caller, screen)

    async def _on_goal_save(self, turn: Turn, payload: SaveGoal) -> Json:
        caller = turn.caller
        content = self._content_for(caller)
        goal = (payload.goal or "").strip()
        problem = await self._onboarding.save_goal(caller.person_id, caller.tenant_id, goal)
        if problem is not None:
            return cards.goal_card(
                content, step=None, value=goal, error=_goal_error(content, problem)
            )
        return cards.goal_card(content, step=None, value=goal, note=content.onboarding.goal.saved)

    # --- commands ----------------------------------------------------------------------------

    async def _on_restart(self, turn: Turn) -> None:
        caller = turn.caller
        await self._onboarding.restart(caller.person_id)
        turn.say(self._content_for(caller).onboarding.restarted)
        turn.show(await self._card(caller, Welcome()))

    async def resume(self, turn: Turn) -> None:
        """Where the leader was in the onboarding (unpaused), or its summary once done."""
        caller = turn.caller
        turn.show(
            await self._card(
                caller, await self._onboarding.resume(caller.person_id, caller.tenant_id)
            )
        )

    async def _on_my_goal(self, turn: Turn) -> None:
        caller = turn.caller
        goal = await self._onboarding.goal(caller.person_id)
        turn.show(cards.goal_card(self._content_for(caller), step=None, value=goal))

    async def _on_my_plan(self, turn: Turn) -> None:
        caller = turn.caller
        content = await self._curriculum(caller)
        plan = await self._onboarding.plan(caller.person_id, caller.tenant_id)
        turn.show(cards.plan_card(content, plan, plan_rule(content, plan), step=None))

    # --- cards -------------------------------------------------------------------------------

    async def _card(self, caller: Caller, screen: Screen) -> Json:
        """The card for a screen of the onboarding."""
        content = self._content_for(caller)
        if isinstance(screen, Individualise | Familiarity | PlanScreen | Summary):
            content = await self._curriculum(caller)  # the modules of the leader's track
        match screen:
            case Welcome():
                return welcome_card(content, caller.first_name)
            case Elements():
                return journey_elements_card(
                    content, cards.next_action(content.messages.next_button, Step.ELEMENTS)
                )
            case Individualise():
                return cards.individualise_card(content, Step.INDIVIDUALISE)
            case Familiarity(index, answer, unanswered):
                error = content.onboarding.required_choice if unanswered else None
                return cards.familiarity_card(
                    content, Step.FAMILIARITY, index, answer=answer, error=error
                )
            case PlanScreen(plan):
                return cards.plan_card(content, plan, plan_rule(content, plan), step=Step.PLAN)
            case GoalScreen(goal, problem):
                error = _goal_error(content, problem) if problem else None
                return cards.goal_card(content, step=Step.GOAL, value=goal, error=error)
            case StartingPoint(grades, incomplete):
                error = content.onboarding.starting_point.required if incomplete else None
                return cards.starting_point_card(content, Step.STARTING_POINT, grades, error=error)
            case SettingTime(wishes):
                return wishes_card(content, parts=wishes.parts_of_day, frequency=wishes.frequency)
            case Summary():
                return self._summary_card(content, screen)

    def _summary_card(self, content: Content, summary: Summary, *, note: str | None = None) -> Json:
        return cards.summary_card(
            content,
            summary.plan,
            summary.goal,
            session_lines(content, summary.sessions),
            summary.grades,
            note=note,
        )

    def _content_for(self, caller: Caller) -> Content:
        return self._content.for_tenant(caller.tenant_id)

    async def _curriculum(self, caller: Caller) -> Content:
        """The content with the modules of the leader's track (their cohort's)."""
        return await self._onboarding.content_for(caller.person_id, caller.tenant_id)


def _goal_error(content: Content, problem: GoalProblem) -> str:
    texts = content.onboarding.goal
    if problem.empty:
        return texts.required
    return texts.too_long.format(length=problem.length, limit=problem.limit)
