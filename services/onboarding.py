"""The leader's onboarding as a step machine, one step at a time:

welcome -> the journey's elements -> individualise -> how well they know each area (one module at
a time) -> their plan -> their goal -> their starting point (nolläge) -> time set aside
(services.work_sessions) -> done (the summary).

The step is stored per leader, so the onboarding continues where it was after a day away or a
restart; "börja om" goes back to the welcome and keeps earlier answers; "avbryt" pauses it until
the leader continues. An answer given on a card of another step changes nothing: the leader is
shown where they are. Each use case returns the screen the leader is at now (typed view data);
what it looks like is the dialog's business.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum

from content.models import Content
from learning.onboarding_steps import Step
from learning.plan import PersonalPlan, make_plan
from learning.tracks import TrackOf, curriculum_for
from services.events import WorkSessionsBooked
from services.work_sessions import Wishes, WorkSessionPlanner
from storage.database import Database
from storage.directory import Directory
from storage.learning_plans import LearningPlans
from storage.onboarding import OnboardingProgressStore, Progress
from storage.work_sessions import BookedSession
from storage.workbook import Workbook

log = logging.getLogger(__name__)

START = "start"  # the maturity checkpoint taken during the onboarding


# --- what the leader answers -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StepAnswer:
    """A step's "Nästa": the step (and module) of the card clicked, and what its inputs held."""

    step: Step
    module: int | None = None
    familiarity: str | None = None
    goal: str | None = None
    area_answers: Mapping[str, str] = field(default_factory=dict)  # area id -> chosen grade


@dataclass(frozen=True, slots=True)
class GoalProblem:
    """Why a goal cannot be saved: empty, or longer than the limit."""

    length: int
    limit: int

    @property
    def empty(self) -> bool:
        return self.length == 0


def goal_problem(goal: str, limit: int) -> GoalProblem | None:
    if not goal or len(goal) > limit:
        return GoalProblem(len(goal), limit)
    return None


# --- where the leader is: one screen per step --------------------------------------------------


@dataclass(frozen=True, slots=True)
class Welcome:
    pass


@dataclass(frozen=True, slots=True)
class Elements:
    pass


@dataclass(frozen=True, slots=True)
class Individualise:
    pass


@dataclass(frozen=True, slots=True)
class Familiarity:
    module_index: int
    answer: str | None
    unanswered: bool = False  # "Nästa" without a (known) answer


@dataclass(frozen=True, slots=True)
class PlanScreen:
    plan: PersonalPlan


@dataclass(frozen=True, slots=True)
class GoalScreen:
    goal: str | None
    problem: GoalProblem | None = None


@dataclass(frozen=True, slots=True)
class StartingPoint:
    grades: Mapping[str, int]
    incomplete: bool = False  # "Spara" before every area had a grade


@dataclass(frozen=True, slots=True)
class SettingTime:
    wishes: Wishes


@dataclass(frozen=True, slots=True)
class Summary:
    plan: PersonalPlan
    goal: str | None
    sessions: tuple[BookedSession, ...]
    grades: Mapping[str, int]


Screen = (
    Welcome
    | Elements
    | Individualise
    | Familiarity
    | PlanScreen
    | GoalScreen
    | StartingPoint
    | SettingTime
    | Summary
)


@dataclass(frozen=True, slots=True)
class GoalQuestion:
    """Text at the goal step that looks like a question, or is a word or two: asked about
    before it is saved."""

    text: str
    question: bool  # False: too short to be a goal


class Position(Enum):
    """Where an unfinished onboarding is, for the way back into it."""

    NOT_STARTED = "not_started"  # at the welcome: "Sätt igång!" not clicked yet
    UNDERWAY = "underway"
    PAUSED = "paused"  # "avbryt": nothing is pushed until the leader continues


MIN_GOAL_WORDS = 3  # "hmm, okej" or "🙂" is no goal yet: asked about like a question


def looks_like_question(text: str, question_words: Collection[str]) -> bool:
    """Ends with "?" or starts with a question word ("vad menar du med mål")."""
    words = text.strip().casefold().split(maxsplit=1)
    first = words[0].strip(",.!:;") if words else ""
    return text.rstrip().endswith("?") or first in {word.casefold() for word in question_words}


def ask_before_saving(text: str, question_words: Collection[str]) -> GoalQuestion | None:
    """A typed goal that looks like a question, or is too short to be a goal: ask first."""
    if looks_like_question(text, question_words):
        return GoalQuestion(text, question=True)
    words = [word for word in text.split() if any(char.isalpha() for char in word)]
    return GoalQuestion(text, question=False) if len(words) < MIN_GOAL_WORDS else None


class Onboarding:
    def __init__(
        self,
        content: Content,
        progress: OnboardingProgressStore,
        plans: LearningPlans,
        workbook: Workbook,
        work_sessions: WorkSessionPlanner,
        directory: Directory,
        *,
        database: Database,
        tracks: TrackOf | None = None,
    ) -> None:
        self._content = content
        self._tracks = tracks
        self._directory = directory
        self._progress = progress
        self._plans = plans
        self._workbook = workbook
        self._work_sessions = work_sessions
        self._database = database

    async def content_for(self, person_id: int, tenant_id: str) -> Content:
        """The content as this leader sees it: the modules of their cohort's track (the areas
        they say how well they know, and their plan)."""
        return await curriculum_for(self._content.for_tenant(tenant_id), self._tracks, person_id)

    # --- the steps ---------------------------------------------------------------------------

    async def welcome(self, person_id: int, *, again_after: timedelta | None) -> bool:
        """Claim the person's welcome and put them at the welcome step (unless they are done),
        both or neither; False when they were welcomed already.

        `again_after=None` welcomes only someone never welcomed (a first message); a timedelta
        welcomes again after that long (a reinstall)."""
        if again_after is None and self._directory.knows_welcomed(person_id):
            return False  # the usual case, answered from memory: no unit, no write lock
        async with self._database.unit_of_work():
            if not await self._directory.claim_welcome(person_id, again_after=again_after):
                return False
            progress = await self._progress.get(person_id)
            if progress is None or not progress.completed:
                await self._progress.move(person_id, Step.WELCOME)
        return True

    async def begin(self, person_id: int) -> Screen:
        """ "Sätt igång!" on the welcome: the journey's elements."""
        await self._progress.move(person_id, Step.ELEMENTS)
        return Elements()

    async def answer(self, person_id: int, tenant_id: str, answer: StepAnswer) -> Screen:
        """A step answered: the next step, or the same one with what is missing."""
        content = await self.content_for(person_id, tenant_id)
        async with self._database.unit_of_work():
            progress = await self._progress.get(person_id) or Progress(Step.WELCOME)
            if not _is_current(progress, answer):
                return await self._screen_at(person_id, content, progress)
            match progress.step:
                case Step.ELEMENTS:
                    return await self._go(person_id, content, Step.INDIVIDUALISE)
                case Step.INDIVIDUALISE:
                    return await self._go(person_id, content, Step.FAMILIARITY)
                case Step.FAMILIARITY:
                    return await self._take_familiarity(person_id, content, progress, answer)
                case Step.PLAN:
                    return await self._go(person_id, content, Step.GOAL)
                case Step.GOAL:
                    return await self._take_goal(person_id, content, answer.goal or "")
                case Step.STARTING_POINT:
                    return await self._take_starting_point(person_id, content, answer)
            return await self._screen_at(person_id, content, progress)

    async def free_text(
        self, person_id: int, tenant_id: str, text: str
    ) -> Screen | GoalQuestion | None:
        """Text at the goal step: the goal, or a question back when it looks like none. None:
        no step is waiting for text (the router answers, with `position` for the way back)."""
        # Read first, outside a unit: most messages are for no step, and a unit would queue
        # them behind SQLite's single writer for nothing.
        progress = await self._progress.get(person_id)
        if progress is None or progress.completed or progress.paused:
            return None
        if progress.step != Step.GOAL or not text.strip():
            return None
        content = self._content.for_tenant(tenant_id)  # the goal step names no module
        question = ask_before_saving(text.strip(), content.onboarding.goal.question_words)
        if question is not None:
            return question
        async with self._database.unit_of_work():
            return await self._take_goal(person_id, content, text)

    async def position(self, person_id: int) -> Position | None:
        """Where an unfinished onboarding is; None when there is none (or it is done)."""
        progress = await self._progress.get(person_id)
        if progress is None or progress.completed:
            return None
        if progress.paused:
            return Position.PAUSED
        return Position.NOT_STARTED if progress.step == Step.WELCOME else Position.UNDERWAY

    async def pause(self, person_id: int) -> bool:
        """ "avbryt": True if an unfinished, unpaused onboarding was paused."""
        return await self._progress.pause(person_id)

    async def restart(self, person_id: int) -> None:
        """ "börja om": back to the welcome; every answer given so far is kept."""
        await self._progress.move(person_id, Step.WELCOME)

    async def resume(self, person_id: int, tenant_id: str) -> Screen:
        """ "fortsätt": where the leader was (unpaused), or the summary once done."""
        content = await self.content_for(person_id, tenant_id)
        async with self._database.unit_of_work():
            progress = await self._progress.get(person_id)
            if progress is None or progress.completed:
                return await self._summary(person_id, content)
            progress = await self._progress.move(
                person_id, progress.step, module_index=progress.module_index
            )
            return await self._screen_at(person_id, content, progress)

    async def awaits_booking(self, person_id: int) -> bool:
        """Whether the leader is at the booking step, so that times booked now end it."""
        progress = await self._progress.get(person_id)
        return progress is not None and progress.step == Step.BOOKING

    async def work_sessions_booked(self, event: WorkSessionsBooked) -> None:
        """Times set aside at the booking step complete the onboarding (in the booking's unit
        of work: both or neither). A booking from "tidsplan" changes nothing here."""
        progress = await self._progress.get(event.person_id)
        if progress is None or progress.step != Step.BOOKING:
            return
        await self._progress.move(event.person_id, Step.DONE, completed=True)
        log.info("person %s completed the onboarding", event.person_id)

    async def summary(self, person_id: int, tenant_id: str) -> Summary:
        """Everything the onboarding gathered."""
        return await self._summary(person_id, await self.content_for(person_id, tenant_id))

    # --- the goal and the plan afterwards ("mitt mål", "min plan") ---------------------------

    async def goal(self, person_id: int) -> str | None:
        return await self._workbook.goal(person_id)

    async def save_goal(self, person_id: int, tenant_id: str, goal: str) -> GoalProblem | None:
        """Store the goal; the problem instead when it cannot be saved as written."""
        goal = goal.strip()
        limit = self._content.for_tenant(tenant_id).onboarding.goal.max_length
        problem = goal_problem(goal, limit)
        if problem is None:
            await self._workbook.set_goal(person_id, goal)
        return problem

    async def plan(self, person_id: int, tenant_id: str) -> PersonalPlan:
        return await self._plan_of(person_id, await self.content_for(person_id, tenant_id))

    # --- steps -------------------------------------------------------------------------------

    async def _go(
        self, person_id: int, content: Content, step: Step, module_index: int = 0
    ) -> Screen:
        progress = await self._progress.move(person_id, step, module_index=module_index)
        return await self._screen_at(person_id, content, progress)

    async def _take_familiarity(
        self, person_id: int, content: Content, progress: Progress, answer: StepAnswer
    ) -> Screen:
        module = content.modules[progress.module_index]
        known = {option.id for option in content.journey.familiarity.options}
        if answer.familiarity is None or answer.familiarity not in known:
            return Familiarity(progress.module_index, answer=None, unanswered=True)
        await self._plans.answer_familiarity(person_id, module.id, answer.familiarity)
        if progress.module_index + 1 < len(content.modules):
            return await self._go(person_id, content, Step.FAMILIARITY, progress.module_index + 1)
        plan = await self._plan_of(person_id, content)
        await self._plans.set_plan(person_id, plan.module_ids, plan.exercise_numbers)
        return await self._go(person_id, content, Step.PLAN)

    async def _take_goal(self, person_id: int, content: Content, text: str) -> Screen:
        goal = text.strip()
        problem = goal_problem(goal, content.onboarding.goal.max_length)
        if problem is not None:
            return GoalScreen(goal, problem)
        await self._workbook.set_goal(person_id, goal)
        return await self._go(person_id, content, Step.STARTING_POINT)

    async def _take_starting_point(
        self, person_id: int, content: Content, answer: StepAnswer
    ) -> Screen:
        grades: dict[str, int] = {}
        for area in content.maturity.areas:
            value = answer.area_answers.get(area.id, "")
            if value.isascii() and value.isdigit() and int(value) in area.levels:
                grades[area.id] = int(value)
        if len(grades) < len(content.maturity.areas):
            return StartingPoint(grades, incomplete=True)
        await self._workbook.set_maturity(person_id, START, grades)
        return await self._go(person_id, content, Step.BOOKING)

    # --- screens -----------------------------------------------------------------------------

    async def _screen_at(self, person_id: int, content: Content, progress: Progress) -> Screen:
        """What the leader sees where they are now."""
        match progress.step:
            case Step.ELEMENTS:
                return Elements()
            case Step.INDIVIDUALISE:
                return Individualise()
            case Step.FAMILIARITY:
                index = min(progress.module_index, len(content.modules) - 1)
                answers = (await self._plans.get(person_id)).familiarity
                return Familiarity(index, answer=answers.get(content.modules[index].id))
            case Step.PLAN:
                return PlanScreen(await self._plan_of(person_id, content))
            case Step.GOAL:
                return GoalScreen(await self._workbook.goal(person_id))
            case Step.STARTING_POINT:
                return StartingPoint(await self._workbook.maturity(person_id, START))
            case Step.BOOKING:
                return SettingTime(await self._work_sessions.wishes(person_id))
            case Step.DONE:
                return await self._summary(person_id, content)
        return Welcome()

    async def _summary(self, person_id: int, content: Content) -> Summary:
        return Summary(
            plan=await self._plan_of(person_id, content),
            goal=await self._workbook.goal(person_id),
            sessions=tuple(await self._work_sessions.upcoming(person_id)),
            grades=await self._workbook.maturity(person_id, START),
        )

    async def _plan_of(self, person_id: int, content: Content) -> PersonalPlan:
        record = await self._plans.get(person_id)
        return make_plan(content, record.familiarity)


def _is_current(progress: Progress, answer: StepAnswer) -> bool:
    """Whether the card answered is the one for where the leader is now."""
    if answer.step != progress.step:
        return False
    return progress.step != Step.FAMILIARITY or answer.module == progress.module_index
