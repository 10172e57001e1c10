"""The onboarding's step machine without Teams or HTTP: a migrated database and the test clock."""

from __future__ import annotations

from datetime import time

import pytest

from chat.caller import TeamsAccount
from content.loader import load_content
from learning.onboarding_steps import Step
from scheduling.availability import Attendee, Booking, Calendars, MeetingRequest
from services.bus import EventBus
from services.events import WorkSessionsBooked
from services.onboarding import (
    START,
    Elements,
    Familiarity,
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
    looks_like_question,
)
from services.work_sessions import Booked, Wishes, WorkSessionPlanner
from storage.database import Database
from storage.directory import Directory
from storage.learning_plans import LearningPlans
from storage.onboarding import OnboardingProgressStore
from storage.work_sessions import WorkSessions
from storage.workbook import Workbook
from tests.clock import TestClock

TENANT = "tenant-a"
CONTENT = load_content()
ANSWERS = ["very_well", "very_well", "not_at_all", "somewhat", "dont_know", "very_well"]
GOAL = "Mitt mål är att mina medarbetare ska våga testa nya idéer."
GRADES = {"culture": "2", "user_perspective": "1", "structure": "1", "collaboration": "3"}


class NoCalendar:
    async def read(self, attendees: object, start: object, end: object) -> Calendars:
        return Calendars()

    async def book(self, meeting: MeetingRequest) -> Booking:
        raise AssertionError("the onboarding books nothing itself")

    async def cancel(self, organizer: Attendee, event_id: str) -> None:
        raise AssertionError("the onboarding cancels nothing itself")

    async def close(self) -> None:
        return None


class Journey:
    """The onboarding and the work sessions, wired by events as app.py wires them."""

    def __init__(self, database: Database, clock: TestClock) -> None:
        plans, self.events = LearningPlans(database), EventBus()
        self.planner = WorkSessionPlanner(
            CONTENT,
            Directory(database),
            NoCalendar(),
            plans,
            WorkSessions(database),
            database=database,
            events=self.events,
            clock=clock,
        )
        self.onboarding = Onboarding(
            CONTENT,
            OnboardingProgressStore(database),
            plans,
            Workbook(database),
            self.planner,
            Directory(database),
            database=database,
        )
        self.events.subscribe(WorkSessionsBooked, self.onboarding.work_sessions_booked)


def onboarding_on(database: Database, clock: TestClock) -> Onboarding:
    return Journey(database, clock).onboarding


@pytest.fixture
async def person(database: Database) -> int:
    directory = Directory(database)
    organisation = await directory.organisation_id(TENANT)
    return await directory.person_id(organisation, TeamsAccount("29:j", "aad-j", name="Jonas"))


@pytest.fixture
def journey(database: Database, clock: TestClock) -> Journey:
    return Journey(database, clock)


@pytest.fixture
def onboarding(journey: Journey) -> Onboarding:
    return journey.onboarding


async def step(onboarding: Onboarding, person: int, answer: StepAnswer) -> Screen:
    return await onboarding.answer(person, TENANT, answer)


async def to_familiarity(onboarding: Onboarding, person: int) -> Screen:
    await onboarding.welcome(person, again_after=None)
    await onboarding.begin(person)
    await step(onboarding, person, StepAnswer(Step.ELEMENTS))
    return await step(onboarding, person, StepAnswer(Step.INDIVIDUALISE))


async def to_goal(onboarding: Onboarding, person: int) -> Screen:
    await to_familiarity(onboarding, person)
    for index, answer in enumerate(ANSWERS):
        screen = await step(onboarding, person, StepAnswer(Step.FAMILIARITY, index, answer))
    assert isinstance(screen, PlanScreen)
    return await step(onboarding, person, StepAnswer(Step.PLAN))


async def test_the_steps_come_in_order(
    journey: Journey, onboarding: Onboarding, person: int
) -> None:
    await onboarding.welcome(person, again_after=None)
    assert await onboarding.resume(person, TENANT) == Welcome()
    assert await onboarding.begin(person) == Elements()
    assert await step(onboarding, person, StepAnswer(Step.ELEMENTS)) == Individualise()
    screen = await step(onboarding, person, StepAnswer(Step.INDIVIDUALISE))
    assert screen == Familiarity(0, answer=None)
    for index, answer in enumerate(ANSWERS[:-1]):
        screen = await step(onboarding, person, StepAnswer(Step.FAMILIARITY, index, answer))
        assert screen == Familiarity(index + 1, answer=None)
    screen = await step(onboarding, person, StepAnswer(Step.FAMILIARITY, 5, ANSWERS[-1]))
    assert isinstance(screen, PlanScreen)
    assert await step(onboarding, person, StepAnswer(Step.PLAN)) == GoalScreen(None)
    screen = await step(onboarding, person, StepAnswer(Step.GOAL, goal=f"  {GOAL} "))
    assert screen == StartingPoint({})
    screen = await step(onboarding, person, StepAnswer(Step.STARTING_POINT, area_answers=GRADES))
    assert screen == SettingTime(Wishes())
    assert await onboarding.awaits_booking(person)

    booked = await journey.planner.book_by_hand(person, TENANT, [1], time(9))
    assert isinstance(booked, Booked)  # no e-mail, so not in a calendar, but booked
    assert not await onboarding.awaits_booking(person)  # the booking completed the step
    summary = await onboarding.resume(person, TENANT)
    assert isinstance(summary, Summary)
    assert summary.sessions == booked.sessions
    assert summary.goal == GOAL
    assert summary.grades == {area: int(grade) for area, grade in GRADES.items()}
    assert (
        await onboarding.free_text(person, TENANT, "hej") is None
    )  # done: not onboarding any more
    assert isinstance(await onboarding.resume(person, TENANT), Summary)


async def test_the_plan_is_made_from_the_answers(
    database: Database, onboarding: Onboarding, person: int
) -> None:
    await to_familiarity(onboarding, person)
    for index, answer in enumerate(ANSWERS):
        screen = await step(onboarding, person, StepAnswer(Step.FAMILIARITY, index, answer))
    assert isinstance(screen, PlanScreen)
    # Module 1 first, then the least known areas (3 and 5), then 4, then those known well.
    numbers = [module.number for module in screen.plan.modules]
    assert numbers == [1, 3, 5, 4, 2, 6]
    assert [module.number for module in screen.plan.first_areas] == [3, 5]
    stored = await LearningPlans(database).get(person)
    assert stored.module_order == screen.plan.module_ids
    assert stored.exercise_numbers == screen.plan.exercise_numbers
    assert list(stored.familiarity.values()) == ANSWERS


async def test_an_answer_missing_or_unknown_is_asked_for_again(
    onboarding: Onboarding, person: int
) -> None:
    await to_familiarity(onboarding, person)
    screen = await step(onboarding, person, StepAnswer(Step.FAMILIARITY, 0, None))
    assert screen == Familiarity(0, answer=None, unanswered=True)
    screen = await step(onboarding, person, StepAnswer(Step.FAMILIARITY, 0, "always"))
    assert screen == Familiarity(0, answer=None, unanswered=True)
    assert await onboarding.resume(person, TENANT) == Familiarity(0, answer=None)


async def test_an_answer_from_an_old_card_changes_nothing(
    database: Database, onboarding: Onboarding, person: int
) -> None:
    await to_familiarity(onboarding, person)
    await step(onboarding, person, StepAnswer(Step.FAMILIARITY, 0, "somewhat"))
    screen = await step(onboarding, person, StepAnswer(Step.FAMILIARITY, 0, "not_at_all"))
    assert screen == Familiarity(1, answer=None)  # where the leader is
    screen = await step(onboarding, person, StepAnswer(Step.GOAL, goal=GOAL))
    assert screen == Familiarity(1, answer=None)
    assert (await LearningPlans(database).get(person)).familiarity == {
        "important_behaviour": "somewhat"
    }
    assert await Workbook(database).goal(person) is None


async def test_the_plan_card_clicked_again_at_the_goal_shows_the_goal(
    onboarding: Onboarding, person: int
) -> None:
    await to_goal(onboarding, person)
    assert await step(onboarding, person, StepAnswer(Step.PLAN)) == GoalScreen(None)
    assert await step(onboarding, person, StepAnswer(Step.ELEMENTS)) == GoalScreen(None)


@pytest.mark.parametrize(
    ("goal", "length"), [("", 0), ("   ", 0), ("x" * 601, 601), (" " + "y" * 700, 700)]
)
async def test_a_goal_empty_or_too_long_is_shown_back(
    database: Database, onboarding: Onboarding, person: int, goal: str, length: int
) -> None:
    await to_goal(onboarding, person)
    screen = await step(onboarding, person, StepAnswer(Step.GOAL, goal=goal))
    assert isinstance(screen, GoalScreen) and screen.problem is not None
    assert (screen.goal, screen.problem.length, screen.problem.limit) == (goal.strip(), length, 600)
    assert screen.problem.empty == (length == 0)
    assert await onboarding.resume(person, TENANT) == GoalScreen(None)  # still at the goal
    assert await Workbook(database).goal(person) is None

    problem = await onboarding.save_goal(person, TENANT, goal)  # "mitt mål" checks the same
    assert problem is not None and problem.length == length


async def test_a_goal_of_exactly_the_limit_is_taken(onboarding: Onboarding, person: int) -> None:
    await to_goal(onboarding, person)
    screen = await step(onboarding, person, StepAnswer(Step.GOAL, goal="z" * 600))
    assert screen == StartingPoint({})
    assert await onboarding.goal(person) == "z" * 600


async def test_a_starting_point_needs_a_grade_for_every_area(
    database: Database, onboarding: Onboarding, person: int
) -> None:
    await to_goal(onboarding, person)
    await step(onboarding, person, StepAnswer(Step.GOAL, goal=GOAL))
    partial = {**GRADES, "collaboration": "9", "structure": ""}
    screen = await step(onboarding, person, StepAnswer(Step.STARTING_POINT, area_answers=partial))
    assert screen == StartingPoint({"culture": 2, "user_perspective": 1}, incomplete=True)
    assert await Workbook(database).maturity(person, START) == {}


async def test_the_onboarding_resumes_after_a_restart(
    database_url: str, database: Database, onboarding: Onboarding, person: int, clock: TestClock
) -> None:
    await to_goal(onboarding, person)
    await step(onboarding, person, StepAnswer(Step.GOAL, goal=GOAL))

    restarted = Database(database_url, clock=clock)  # a new process: nothing kept in memory
    try:
        again = onboarding_on(restarted, clock)
        assert await again.resume(person, TENANT) == StartingPoint({})
        assert await again.free_text(person, TENANT, "nu är jag tillbaka") is None  # no step's
        assert await again.position(person) is Position.UNDERWAY
        screen = await again.answer(
            person, TENANT, StepAnswer(Step.STARTING_POINT, area_answers=GRADES)
        )
        assert isinstance(screen, SettingTime)
    finally:
        await restarted.dispose()


async def test_restart_goes_back_to_the_welcome_and_keeps_earlier_answers(
    database: Database, onboarding: Onboarding, person: int
) -> None:
    await to_goal(onboarding, person)
    await step(onboarding, person, StepAnswer(Step.GOAL, goal=GOAL))
    await onboarding.restart(person)
    assert await onboarding.resume(person, TENANT) == Welcome()

    assert await to_familiarity(onboarding, person) == Familiarity(0, answer=ANSWERS[0])
    screen = await step(onboarding, person, StepAnswer(Step.FAMILIARITY, 0, ANSWERS[0]))
    assert screen == Familiarity(1, answer=ANSWERS[1])
    assert await onboarding.goal(person) == GOAL


async def test_cancel_pauses_until_the_leader_continues(
    onboarding: Onboarding, person: int
) -> None:
    await to_goal(onboarding, person)
    assert await onboarding.pause(person)
    assert not await onboarding.pause(person)  # nothing more to pause
    assert await onboarding.free_text(person, TENANT, GOAL) is None  # not taken as the goal
    assert await onboarding.position(person) is Position.PAUSED
    assert await onboarding.goal(person) is None

    assert await onboarding.resume(person, TENANT) == GoalScreen(None)
    assert await onboarding.free_text(person, TENANT, GOAL) == StartingPoint({})  # the goal, typed
    assert await onboarding.goal(person) == GOAL


async def test_a_booking_outside_the_booking_step_does_not_finish_it(
    journey: Journey, onboarding: Onboarding, person: int
) -> None:
    await to_goal(onboarding, person)
    assert not await onboarding.awaits_booking(person)
    assert isinstance(await journey.planner.book_by_hand(person, TENANT, [0], time(9)), Booked)
    assert await onboarding.resume(person, TENANT) == GoalScreen(None)


async def test_the_booking_and_the_completion_commit_together(
    journey: Journey, onboarding: Onboarding, person: int
) -> None:
    """A reaction that fails takes the booking with it: never times without the step done."""
    await to_goal(onboarding, person)
    await step(onboarding, person, StepAnswer(Step.GOAL, goal=GOAL))
    await step(onboarding, person, StepAnswer(Step.STARTING_POINT, area_answers=GRADES))

    async def fails(event: WorkSessionsBooked) -> None:
        raise RuntimeError("a reaction failed")

    journey.events.subscribe(WorkSessionsBooked, fails)  # after the onboarding's reaction
    with pytest.raises(RuntimeError):
        await journey.planner.book_by_hand(person, TENANT, [1], time(9))
    assert await journey.planner.upcoming(person) == []
    assert await onboarding.awaits_booking(person)  # still at the booking step


@pytest.mark.parametrize(
    "question",
    ["vad menar du med mål?", "Vad menar du med mål", "hur skriver man ett bra mål", "ett mål?"],
)
async def test_a_question_at_the_goal_step_is_asked_about_not_saved(
    onboarding: Onboarding, person: int, question: str
) -> None:
    await to_goal(onboarding, person)
    answer = await onboarding.free_text(person, TENANT, question)
    assert answer == GoalQuestion(question, question=True)
    assert await onboarding.goal(person) is None
    assert await onboarding.resume(person, TENANT) == GoalScreen(None)  # still at the goal


@pytest.mark.parametrize(
    "goal", ["Jag vill våga testa fler idéer med mitt team.", "Variera mina möten", "Vadstena"]
)
def test_a_goal_that_is_no_question_is_not_taken_for_one(goal: str) -> None:
    words = load_content().onboarding.goal.question_words
    assert not looks_like_question(goal, words)


async def test_where_an_unfinished_onboarding_is(onboarding: Onboarding, person: int) -> None:
    assert await onboarding.position(person) is None  # never welcomed
    await onboarding.welcome(person, again_after=None)
    assert await onboarding.position(person) is Position.NOT_STARTED
    await onboarding.begin(person)
    assert await onboarding.position(person) is Position.UNDERWAY
    assert await onboarding.free_text(person, TENANT, "vad är det här") is None  # no step's


async def test_a_word_or_two_at_the_goal_step_is_asked_about_as_no_question(
    onboarding: Onboarding, person: int
) -> None:
    await to_goal(onboarding, person)
    answer = await onboarding.free_text(person, TENANT, " hmm, okej ")
    assert answer == GoalQuestion("hmm, okej", question=False)
    assert await onboarding.goal(person) is None
