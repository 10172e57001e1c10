"""Typed, immutable models of the curriculum files in content/data.

Every model forbids unknown keys, so a misspelt key in a YAML file is a load error.
Checks that span several files (modules against the exercise library, overrides against
module ids) live in content.loader, where the file can be named.
"""

import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from itertools import pairwise
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PositiveFloat,
    PositiveInt,
    PrivateAttr,
    field_validator,
    model_validator,
)

from content.text import ClockTime, Id, Template, Text, TimeZoneName, Url, uses

T = TypeVar("T")


class ContentModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _unique(items: tuple[T, ...], key: Callable[[T], Hashable], what: str) -> tuple[T, ...]:
    seen: set[Hashable] = set()
    for item in items:
        value = key(item)
        if value in seen:
            raise ValueError(f"duplicate {what} {value!r}")
        seen.add(value)
    return items


def _numbered(items: tuple[T, ...], key: Callable[[T], int], what: str) -> tuple[T, ...]:
    numbers = [key(item) for item in items]
    expected = list(range(1, len(items) + 1))
    if numbers != expected:
        raise ValueError(f"{what} must be numbered {expected}, found {numbers}")
    return items


def _find(items: Iterable[T], predicate: Callable[[T], bool], what: str) -> T:
    for item in items:
        if predicate(item):
            return item
    raise KeyError(what)


# --- journey.yaml -------------------------------------------------------------------------


class Welcome(ContentModel):
    heading: Text
    lead: Text
    body: Text


class JourneyElement(ContentModel):
    id: Id
    name: Text
    description: Text


class Section(ContentModel):
    heading: Text
    text: Text


class LearnToInnovate(ContentModel):
    title: Text
    sections: tuple[Section, ...] = Field(min_length=1)


class Individualisation(ContentModel):
    title: Text
    intro: Text
    explanation: Text
    start_button: Text
    plan_button: Text


class Option(ContentModel):
    id: Id
    label: Text


class Familiarity(ContentModel):
    question: Annotated[Template, uses("number")]
    about_heading: Annotated[Template, uses("number")]
    options: tuple[Option, ...] = Field(min_length=1)

    @field_validator("options")
    @classmethod
    def _unique_options(cls, value: tuple[Option, ...]) -> tuple[Option, ...]:
        return _unique(value, lambda option: option.id, "option id")


class Frequency(ContentModel):
    id: Id
    label: Text
    sessions_per_week: PositiveFloat


class Planning(ContentModel):
    title: Text
    intro: Text
    part_of_day_question: Text
    frequency_question: Text
    frequencies: tuple[Frequency, ...] = Field(min_length=1)
    book_button: Text

    @field_validator("frequencies")
    @classmethod
    def _unique_frequencies(cls, value: tuple[Frequency, ...]) -> tuple[Frequency, ...]:
        return _unique(value, lambda frequency: frequency.id, "frequency id")

    def frequency(self, frequency_id: str) -> Frequency:
        return _find(self.frequencies, lambda f: f.id == frequency_id, frequency_id)


class WorkbookLabels(ContentModel):
    title: Text
    contents_heading: Text
    my_goal: Text
    methods_and_tools: Text
    exercise_reflections: Text
    team_reflection: Text


class Journey(ContentModel):
    welcome: Welcome
    elements_intro: Text
    elements: tuple[JourneyElement, ...] = Field(min_length=1)
    learn_to_innovate: LearnToInnovate
    overview_title: Text
    individualisation: Individualisation
    familiarity: Familiarity
    planning: Planning
    workbook: WorkbookLabels

    @field_validator("elements")
    @classmethod
    def _unique_elements(cls, value: tuple[JourneyElement, ...]) -> tuple[JourneyElement, ...]:
        return _unique(value, lambda element: element.id, "element id")


class Organisation(ContentModel):
    """The organisation's own framing of the journey (the seed's "Stycke 1")."""

    name: Text
    why_title: Text
    why_paragraphs: tuple[Text, ...] = Field(min_length=1)
    time_zone: TimeZoneName = "Europe/Stockholm"

    @property
    def why_text(self) -> str:
        return "\n\n".join(self.why_paragraphs)


class JourneyFile(ContentModel):
    journey: Journey
    default_organisation: Organisation


# --- parts_of_day.yaml --------------------------------------------------------------------


class PartOfDay(ContentModel):
    id: Id
    label: Text
    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _start_before_end(self) -> "PartOfDay":
        if self.start >= self.end:
            raise ValueError(f"start {self.start:%H:%M} must be before end {self.end:%H:%M}")
        return self


class PartsOfDayFile(ContentModel):
    parts_of_day: tuple[PartOfDay, ...] = Field(min_length=1)

    @field_validator("parts_of_day")
    @classmethod
    def _ordered(cls, value: tuple[PartOfDay, ...]) -> tuple[PartOfDay, ...]:
        _unique(value, lambda part: part.id, "part of day id")
        for earlier, later in pairwise(value):
            if later.start < earlier.end:
                raise ValueError(f"{later.id} starts before {earlier.id} ends")
        return value


# --- modules.yaml -------------------------------------------------------------------------


class Step(ContentModel):
    text: Text
    tip: Text


class Reflection(ContentModel):
    prompt: Text
    words: PositiveInt
    shared_with_team: bool


class BehaviourExercise(ContentModel):
    id: Id
    number: PositiveInt
    title: Text
    short_title: Text
    instruction: Text
    steps: tuple[Step, ...] = Field(min_length=1)
    reflection: Reflection
    workbook_description: Text


class ModuleOverview(ContentModel):
    title: Text
    text: Text
    items_intro: Text
    items: tuple[Text, ...] = Field(min_length=1)


class Module(ContentModel):
    id: Id
    number: PositiveInt
    title: Text
    about: tuple[Text, ...] = Field(min_length=1)
    overview: ModuleOverview
    introduction: Text
    # Placeholder films may be replaced per organisation (intro_film_urls in its file).
    intro_film_url: Url | None = None
    methods_and_tools: Text
    theme: Id | None = None
    exercise_numbers: tuple[PositiveInt, ...] = ()
    behaviour_exercises: tuple[BehaviourExercise, ...] = ()

    @field_validator("behaviour_exercises")
    @classmethod
    def _numbered_exercises(
        cls, value: tuple[BehaviourExercise, ...]
    ) -> tuple[BehaviourExercise, ...]:
        _unique(value, lambda exercise: exercise.id, "behaviour exercise id")
        return _numbered(value, lambda exercise: exercise.number, "behaviour exercises")

    @model_validator(mode="after")
    def _has_exercises(self) -> "Module":
        if not self.behaviour_exercises and not self.exercise_numbers:
            raise ValueError("a module needs behaviour_exercises or exercise_numbers")
        if self.exercise_numbers and self.theme is None:
            raise ValueError("exercise_numbers need a theme")
        return self


class ModulesFile(ContentModel):
    modules: tuple[Module, ...] = Field(min_length=1)

    @field_validator("modules")
    @classmethod
    def _numbered_modules(cls, value: tuple[Module, ...]) -> tuple[Module, ...]:
        _unique(value, lambda module: module.id, "module id")
        return _numbered(value, lambda module: module.number, "modules")


# --- exercises.yaml -----------------------------------------------------------------------

_HOURS = re.compile(r"^(\d+)(?:,(\d+))? h$")
_MINUTES = re.compile(r"^(?:(\d+) x )?(\d+) min$")


def parse_duration(text: str) -> tuple[int, int]:
    """(minutes per sitting, sittings) from the seed's notation: "1,25 h", "10 x 10 min"."""
    if match := _HOURS.match(text):
        hours = float(f"{match[1]}.{match[2] or 0}")
        minutes = hours * 60
        if minutes != int(minutes):
            raise ValueError(f"{text!r} is not a whole number of minutes")
        return int(minutes), 1
    if match := _MINUTES.match(text):
        return int(match[2]), int(match[1] or 1)
    raise ValueError(f'duration {text!r} must look like "2 h", "1,5 h", "30 min" or "10 x 10 min"')


class Theme(ContentModel):
    id: Id
    number: PositiveInt
    title: Text


class Exercise(ContentModel):
    number: PositiveInt
    title: Text
    theme: Id
    description: Text
    duration: Text
    minutes: PositiveInt
    sessions: PositiveInt = 1

    @model_validator(mode="after")
    def _duration_matches(self) -> "Exercise":
        minutes, sessions = parse_duration(self.duration)
        if (minutes, sessions) != (self.minutes, self.sessions):
            raise ValueError(
                f"duration {self.duration!r} means minutes={minutes}, sessions={sessions}, "
                f"but the file says minutes={self.minutes}, sessions={self.sessions}"
            )
        return self

    @property
    def total_minutes(self) -> int:
        return self.minutes * self.sessions


class ExerciseLibrary(ContentModel):
    themes: tuple[Theme, ...] = Field(min_length=1)
    exercises: tuple[Exercise, ...] = Field(min_length=1)

    @field_validator("themes")
    @classmethod
    def _numbered_themes(cls, value: tuple[Theme, ...]) -> tuple[Theme, ...]:
        _unique(value, lambda theme: theme.id, "theme id")
        return _numbered(value, lambda theme: theme.number, "themes")

    @field_validator("exercises")
    @classmethod
    def _numbered_exercises(cls, value: tuple[Exercise, ...], info: Any) -> tuple[Exercise, ...]:
        _numbered(value, lambda exercise: exercise.number, "exercises")
        theme_ids = {theme.id for theme in info.data.get("themes", ())}
        for exercise in value:
            if theme_ids and exercise.theme not in theme_ids:
                raise ValueError(f"exercise {exercise.number} has unknown theme {exercise.theme!r}")
        return value

    def get(self, number: int) -> Exercise:
        return _find(self.exercises, lambda exercise: exercise.number == number, str(number))

    def theme(self, theme_id: str) -> Theme:
        return _find(self.themes, lambda theme: theme.id == theme_id, theme_id)

    def for_theme(self, theme_id: str) -> tuple[Exercise, ...]:
        return tuple(exercise for exercise in self.exercises if exercise.theme == theme_id)


# --- maturity.yaml ------------------------------------------------------------------------


class Grade(ContentModel):
    number: PositiveInt
    doing: Text
    integration: Text


class MaturityArea(ContentModel):
    id: Id
    title: Text
    levels: dict[PositiveInt, Text]

    def level(self, grade: int) -> str:
        return self.levels[grade]


class Checkpoint(ContentModel):
    id: Id
    label: Text
    description: Text


class MaturityModel(ContentModel):
    title: Text
    description: Text
    question: Annotated[Template, uses("area")]
    grades_note: Text
    grades: tuple[Grade, ...] = Field(min_length=1)
    areas: tuple[MaturityArea, ...] = Field(min_length=1)
    checkpoints: tuple[Checkpoint, ...] = Field(min_length=1)

    @field_validator("grades")
    @classmethod
    def _numbered_grades(cls, value: tuple[Grade, ...]) -> tuple[Grade, ...]:
        return _numbered(value, lambda grade: grade.number, "grades")

    @field_validator("areas")
    @classmethod
    def _every_cell(cls, value: tuple[MaturityArea, ...], info: Any) -> tuple[MaturityArea, ...]:
        _unique(value, lambda area: area.id, "area id")
        grades = sorted(grade.number for grade in info.data.get("grades", ()))
        for area in value:
            if grades and sorted(area.levels) != grades:
                raise ValueError(
                    f"area {area.id!r} must have a text for each grade {grades}, "
                    f"found {sorted(area.levels)}"
                )
        return value

    @field_validator("checkpoints")
    @classmethod
    def _unique_checkpoints(cls, value: tuple[Checkpoint, ...]) -> tuple[Checkpoint, ...]:
        return _unique(value, lambda checkpoint: checkpoint.id, "checkpoint id")

    def area(self, area_id: str) -> MaturityArea:
        return _find(self.areas, lambda area: area.id == area_id, area_id)


# --- social_learning.yaml -----------------------------------------------------------------


class FormatBlock(ContentModel):
    text: Text | None = None
    bullets: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _not_empty(self) -> "FormatBlock":
        if self.text is None and not self.bullets:
            raise ValueError("a format block needs text or bullets")
        return self


class AgendaItem(ContentModel):
    text: Text
    detail: Text | None = None


class Agenda(ContentModel):
    title: Text
    items: tuple[AgendaItem, ...] = Field(min_length=1)


class Meeting(ContentModel):
    month: PositiveInt
    title: Text
    minutes: PositiveInt
    purpose: tuple[Text, ...] = Field(min_length=1)
    format: tuple[FormatBlock, ...] = Field(min_length=1)
    resources: tuple[Text, ...] = Field(min_length=1)
    preparation_questions: tuple[Text, ...] = ()
    agenda: Agenda
    facilitation: Text


class SocialLearning(ContentModel):
    title: Text
    intro: Text
    meetings: tuple[Meeting, ...] = Field(min_length=1)

    @field_validator("meetings")
    @classmethod
    def _numbered_meetings(cls, value: tuple[Meeting, ...]) -> tuple[Meeting, ...]:
        return _numbered(value, lambda meeting: meeting.month, "meetings (by month)")

    def meeting(self, month: int) -> Meeting:
        return _find(self.meetings, lambda meeting: meeting.month == month, str(month))


# --- messages.yaml ------------------------------------------------------------------------


class HelpCommand(ContentModel):
    id: Id
    command: Text
    description: Text


class NoSlotMessages(ContentModel):
    """Why no meeting time was found: one sentence per reason (scheduling.slots.describe)."""

    and_word: Text  # joins the last two names: "Anna, Per och Karin"
    window_too_short: Text
    window_in_past: Text
    no_working_time: Text
    no_working_time_for: Annotated[Template, uses("names")]
    no_shared_working_hours: Text
    away_one: Annotated[Template, uses("names")]
    away_many: Annotated[Template, uses("names")]
    away_one_until: Annotated[Template, uses("names", "date")]
    away_many_until: Annotated[Template, uses("names", "date")]
    busy_one: Annotated[Template, uses("names")]
    busy_many: Annotated[Template, uses("names")]
    no_common_time: Text


class MeetingFollowupMessages(ContentModel):
    """Around an Innovationsteam meeting: preparation, digest, reflection, shared insights."""

    preparation_title: Annotated[Template, uses("title")]
    preparation_time: Annotated[Template, uses("time_range")]
    preparation_reflections: Text  # meetings without preparation questions (2-5)
    purpose_heading: Text
    facilitation_heading: Text
    digest_intro: Annotated[Template, uses("title")]
    digest_item: Annotated[Template, uses("first_name", "exercise")]
    digest_empty: Text
    reflection_title: Text
    reflection_intro: Annotated[Template, uses("title")]
    reflection_label: Text
    reflection_placeholder: Text
    reflection_required: Text
    reflection_button: Text
    reflection_saved: Text
    reflection_not_yours: Text
    insights_title: Text
    insights_intro: Annotated[Template, uses("title")]
    insight_label: Annotated[Template, uses("number")]
    insight_required: Text
    insights_button: Text
    insights_saved: Annotated[Template, uses("first_name")]


class Messages(ContentModel):
    """Everything the bot says outside the curriculum texts; templates use str.format."""

    welcome_title: Annotated[Template, uses("first_name")]
    welcome_fallback: Text
    start_button: Text
    next_button: Text
    help_title: Text
    help_intro: Text
    help_commands: tuple[HelpCommand, ...] = Field(min_length=1)
    help_fallback: Text
    turn_error: Text
    unknown_text: Text
    cancelled: Text
    nothing_to_cancel: Text
    stale_action: Text
    start_module_button: Text
    continue_button: Text
    tips_hint: Text
    notes_label: Text
    reflection_saved: Text
    reflection_shared: Text
    channel_welcome: Text
    ordinals: tuple[Text, ...] = Field(min_length=1)
    meeting_proposal_intro: Annotated[Template, uses("ordinal", "title")]
    meeting_proposal_found: Text
    confirm_button: Text
    reject_button: Text
    confirm_soon: Text
    proposal_declined: Text
    no_common_time: Text
    booked_title: Text
    booked_text: Annotated[Template, uses("title", "time_range")]
    introduction_title: Text
    introduction_intro: Text
    introduction_who_label: Text
    introduction_who_placeholder: Text
    introduction_leads_label: Text
    introduction_leads_placeholder: Text
    introduction_goal_label: Text
    introduction_required: Text
    introduction_button: Text
    introduction_post: Annotated[Template, uses("first_name", "who", "leads", "goal")]
    introduction_thanks: Annotated[Template, uses("first_name")]
    introduction_change_button: Text
    introductions_status: Annotated[Template, uses("count", "total")]
    not_a_member: Text
    meeting_confirmed_by: Annotated[Template, uses("names")]
    meeting_waiting_for: Annotated[Template, uses("names")]
    meeting_you_confirmed: Text
    meeting_choose: Text
    meeting_option_without: Annotated[Template, uses("names")]
    meeting_option_after_return: Text
    meeting_confirm_without_button: Annotated[Template, uses("names")]
    meeting_confirm_after_return_button: Text
    meeting_join_button: Text
    meeting_not_in_calendar: Text
    meeting_subject: Annotated[Template, uses("title")]
    meeting_booking_failed: Text
    pause_done: Text
    pause_nothing: Text
    preparation_intro: Text
    reminder: Annotated[Template, uses("time")]
    reflections_digest_title: Text
    congratulations: Annotated[Template, uses("next_module")]
    journey_completed: Text
    no_slot: NoSlotMessages
    meeting_followup: MeetingFollowupMessages

    @field_validator("help_commands")
    @classmethod
    def _unique_commands(cls, value: tuple[HelpCommand, ...]) -> tuple[HelpCommand, ...]:
        _unique(value, lambda command: command.id, "command id")
        return _unique(value, lambda command: command.command.casefold(), "command")

    def ordinal(self, number: int) -> str:
        """The Swedish ordinal for a number (1 -> första), "nr N" past the list."""
        if 1 <= number <= len(self.ordinals):
            return self.ordinals[number - 1]
        return f"nr {number}"


# --- onboarding.yaml ----------------------------------------------------------------------


class PlanTexts(ContentModel):
    title: Text
    intro: Text
    modules_heading: Text
    exercises_heading: Text
    exercise_line: Annotated[Template, uses("title", "duration", "theme")]
    rule_least_known: Annotated[Template, uses("modules")]
    rule_all_known: Text
    continue_button: Text


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


class SummaryTexts(ContentModel):
    title: Text
    plan_heading: Text
    goal_heading: Text
    schedule_heading: Text
    starting_point_heading: Text
    next_heading: Text
    next: Text


class Onboarding(ContentModel):
    resume: Text
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


# --- learning.yaml ------------------------------------------------------------------------


class Learning(ContentModel):
    """What the bot says while a leader learns: modules, exercises, reflections, progress."""

    module_heading: Annotated[Template, uses("number", "title")]
    film_item: Text
    film_button: Text
    exercises_heading: Text
    exercise_button: Annotated[Template, uses("number", "title")]
    group_session_item: Text
    group_session_pending: Text
    group_session_done: Text
    status_reflected: Text
    status_started: Text
    status_draft: Text
    status_not_started: Text
    back_button: Text
    library_back_button: Text
    steps_heading: Text
    step_text: Annotated[Template, uses("number", "text")]
    tip_button: Text
    start_exercise_button: Text
    exercise_started: Text
    write_reflection_button: Text
    edit_reflection_button: Text
    library_reflection_prompt: Annotated[Template, uses("exercise", "words")]
    library_reflection_words: PositiveInt
    theme_label: Text
    duration_label: Text
    module_label: Text
    library_title: Text
    library_intro: Text
    theme_filter_label: Text
    all_themes: Text
    time_filter_label: Text
    any_time: Text
    time_options: tuple[PositiveInt, ...] = Field(min_length=1)
    filter_button: Text
    theme_heading: Annotated[Template, uses("number", "title")]
    fits_in: Annotated[Template, uses("time")]
    nothing_fits: Annotated[Template, uses("time", "shortest")]
    minutes_text: Annotated[Template, uses("minutes")]
    one_hour_text: Text
    hours_text: Annotated[Template, uses("hours")]
    reflection_title: Annotated[Template, uses("exercise")]
    reflection_label: Annotated[Template, uses("words", "limit")]
    reflection_placeholder: Text
    reflection_max_chars: PositiveInt
    share_label: Text
    share_note: Text
    draft_button: Text
    send_button: Text
    draft_saved: Annotated[Template, uses("words")]
    chat_draft: Text
    empty: Text
    too_long: Annotated[Template, uses("length", "limit")]
    shared_later: Text
    updated_shared: Text
    unshared: Text
    channel_post: Annotated[Template, uses("first_name", "text", "exercise")]
    channel_post_updated: Annotated[Template, uses("first_name", "text", "exercise")]
    channel_post_withdrawn: Annotated[Template, uses("first_name", "exercise")]
    progress_title: Text
    progress_intro: Text
    progress_line: Annotated[Template, uses("bar", "done", "total")]
    module_done: Text
    module_current: Text
    show_module_button: Annotated[Template, uses("number")]
    nudge: Annotated[Template, uses("first_name", "exercise")]
    nudge_hour: ClockTime
    nudge_max: PositiveInt


class LearningFile(ContentModel):
    learning: Learning


# --- organisations/*.yaml -----------------------------------------------------------------


class OrganisationOverride(ContentModel):
    """One organisation's file: only the fields it gives replace the defaults."""

    tenant_ids: tuple[Annotated[str, Field(min_length=1)], ...] = Field(min_length=1)
    name: Text | None = None
    why_title: Text | None = None
    why_paragraphs: tuple[Text, ...] | None = Field(default=None, min_length=1)
    time_zone: TimeZoneName | None = None
    intro_film_urls: dict[Id, Url] = Field(default_factory=dict)

    @field_validator("tenant_ids")
    @classmethod
    def _normalise_tenants(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # Tenant ids are GUIDs; Teams sends them lower case but files may not.
        return _unique(tuple(tenant.strip().lower() for tenant in value), str, "tenant id")

    def apply(self, content: "Content") -> "Content":
        fields = ("name", "why_title", "why_paragraphs", "time_zone")
        changes = {name: getattr(self, name) for name in fields if getattr(self, name) is not None}
        organisation = content.organisation.model_copy(update=changes)
        modules = tuple(
            module.model_copy(update={"intro_film_url": self.intro_film_urls[module.id]})
            if module.id in self.intro_film_urls
            else module
            for module in content.modules
        )
        return content.model_copy(update={"organisation": organisation, "modules": modules})


# --- workbook.yaml ------------------------------------------------------------------------


class WorkbookTexts(ContentModel):
    """The workbook in chat and exported, maturity checkpoints, the diploma, the leader's data."""

    module_heading: Annotated[Template, uses("number", "title")]
    no_goal: Text
    no_reflections: Text
    shared_marker: Text
    reflections_count: Annotated[Template, uses("count")]
    show_module_button: Annotated[Template, uses("number")]
    other_team_reflections: Text
    maturity_heading: Text
    maturity_missing: Text
    maturity_line: Annotated[Template, uses("checkpoint", "grade", "doing")]
    chart_title: Text
    chart_axis: Text
    chart_alt: Text
    exported_at: Annotated[Template, uses("date")]
    download_heading: Text
    download_note: Annotated[Template, uses("minutes")]
    pdf_button: Text
    markdown_button: Text
    refresh_button: Text
    personal_only: Text
    checkpoint_button: Annotated[Template, uses("checkpoint")]
    checkpoint_title: Annotated[Template, uses("checkpoint")]
    checkpoint_intro: Text
    checkpoint_saved: Text
    checkpoint_unknown: Text
    checkpoint_save_button: Text
    checkpoint_previous: Annotated[Template, uses("checkpoint", "grade", "doing")]
    checkpoint_when: Annotated[Template, uses("label", "description")]
    suggestions_heading: Text
    suggestions_intro: Text
    suggestions_area: Annotated[Template, uses("area")]
    suggestion_line: Annotated[Template, uses("number", "title", "duration")]
    area_themes: dict[Id, Id]  # maturity area id -> exercise theme id (checked by the loader)
    diploma_title: Text
    diploma_journey: Text
    diploma_text: Annotated[Template, uses("name")]
    diploma_date: Annotated[Template, uses("organisation", "date")]
    diploma_button: Text
    diploma_ready: Text
    diploma_unnamed: Text
    link_refused: Text
    link_gone: Text
    my_data_title: Text
    my_data_intro: Text
    my_data_counts: Text
    my_data_count_line: Annotated[Template, uses("what", "count")]
    my_data_json_button: Text
    my_data_pdf_button: Text
    my_data_pdf_title: Text
    my_data_delete_hint: Text
    delete_title: Text
    delete_text: Text
    delete_kept: Text
    delete_confirm_button: Text
    delete_cancel_button: Text
    delete_done_title: Text
    delete_done: Text
    delete_cancelled: Text
    delete_nothing: Text
    data_names: dict[str, Text]  # table name -> what the leader reads
    data_other: Text

    def data_name(self, table: str) -> str:
        return self.data_names.get(table, self.data_other)


class WorkbookFile(ContentModel):
    workbook: WorkbookTexts


# --- everything -----------------------------------------------------------------------------


class _TenantViews:
    """Per-tenant views of one base Content, built on first use and then reused."""

    def __init__(self, base: "Content", overrides: Mapping[str, OrganisationOverride]) -> None:
        self.base = base
        self.overrides = dict(overrides)
        self.views: dict[str, Content] = {}

    def get(self, tenant_id: str | None) -> "Content":
        key = (tenant_id or "").strip().lower()
        override = self.overrides.get(key)
        if override is None:
            return self.base
        view = self.views.get(key)
        if view is None:
            view = self.views[key] = override.apply(self.base)
        return view


class Content(ContentModel):
    journey: Journey
    parts_of_day: tuple[PartOfDay, ...]
    modules: tuple[Module, ...]
    exercises: ExerciseLibrary
    maturity: MaturityModel
    social_learning: SocialLearning
    messages: Messages
    onboarding: Onboarding
    learning: Learning
    workbook: WorkbookTexts
    organisation: Organisation

    _tenants: _TenantViews | None = PrivateAttr(default=None)

    def with_overrides(self, overrides: Iterable[OrganisationOverride]) -> "Content":
        """This content as the default, with organisation overrides for their tenants."""
        base = self.model_copy()
        by_tenant: dict[str, OrganisationOverride] = {}
        for override in overrides:
            for tenant_id in override.tenant_ids:
                if tenant_id in by_tenant:
                    raise ValueError(f"tenant {tenant_id} has more than one organisation file")
                by_tenant[tenant_id] = override
        base._tenants = _TenantViews(base, by_tenant)
        return base

    def for_tenant(self, tenant_id: str | None) -> "Content":
        """The content as the tenant's organisation sees it; defaults for unknown tenants."""
        if self._tenants is None:
            return self
        return self._tenants.get(tenant_id)

    def module(self, module_id: str) -> Module:
        return _find(self.modules, lambda module: module.id == module_id, module_id)

    def module_number(self, number: int) -> Module:
        return _find(self.modules, lambda module: module.number == number, str(number))

    def part_of_day(self, part_id: str) -> PartOfDay:
        return _find(self.parts_of_day, lambda part: part.id == part_id, part_id)
