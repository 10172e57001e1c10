"""Texts of the onboarding's cards (onboarding.yaml)."""

from typing import Annotated

from pydantic import (
    Field,
    PositiveInt,
)

from content.schema import ContentModel
from content.text import Template, Text, uses

# --- onboarding.yaml ----------------------------------------------------------------------


class PlanTexts(ContentModel):
    title: Text
    intro: Text
    modules_heading: Text
    exercises_heading: Text
    exercise_line: Annotated[Template, uses("title", "duration", "module")]
    rule_least_known: Annotated[Template, uses("modules")]
    rule_all_known: Text
    continue_button: Text


class FreeTextTexts(ContentModel):
    """Free text that answers no step: a sentence and a button back to where the leader is."""

    at_step: Text
    step_button: Text
    not_started: Text  # still at the welcome: never "we go on where you were"
    welcome_button: Text
    paused_button: Text


class GoalTexts(ContentModel):
    title: Text
    intro: Text
    label: Annotated[Template, uses("limit")]
    placeholder: Text
    max_length: PositiveInt
    required: Text
    too_long: Annotated[Template, uses("length", "limit")]
    save_button: Text
    saved: Text
    missing: Text
    question: Text
    short: Text  # a word or two
    question_yes: Text
    question_no: Text
    question_words: tuple[Text, ...] = Field(min_length=1)


class StartingPointTexts(ContentModel):
    title: Text
    intro: Text
    level_label: Annotated[Template, uses("grade", "doing", "text")]
    required: Text
    save_button: Text


class BookingTexts(ContentModel):
    find_button: Text
    parts_required: Text
    frequency_required: Text
    proposal_title: Text
    proposal_intro: Annotated[Template, uses("weeks")]
    proposal_short: Annotated[Template, uses("found", "wanted")]
    proposal_none: Text
    change_button: Text
    manual_button: Text
    no_calendar: Text
    weekdays_question: Text
    weekdays_required: Text
    time_question: Text
    time_required: Text
    session_minutes: PositiveInt
    weeks: PositiveInt
    subject: Text
    body: Text
    booked: Text
    not_in_calendar: Text


class ScheduleTexts(ContentModel):
    title: Text
    intro: Text
    empty: Text
    not_in_calendar_note: Text
    change_button: Text
    practice_item: Annotated[Template, uses("time_range")]
    meeting_item: Annotated[Template, uses("time_range", "title")]


class SummaryTexts(ContentModel):
    title: Text
    plan_heading: Text
    goal_heading: Text
    schedule_heading: Text
    starting_point_heading: Text
    next_heading: Text
    next: Text
    start_button: Annotated[Template, uses("number")]


class OnboardingTexts(ContentModel):
    free_text: FreeTextTexts
    paused_hint: Text
    restarted: Text
    progress: Annotated[Template, uses("step", "steps")]
    module_name: Annotated[Template, uses("number", "title")]
    module_of: Annotated[Template, uses("number", "count")]
    required_choice: Text
    plan: PlanTexts
    goal: GoalTexts
    starting_point: StartingPointTexts
    booking: BookingTexts
    schedule: ScheduleTexts
    summary: SummaryTexts
