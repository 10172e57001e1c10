"""The journey as the onboarding tells it, the organisation, and parts of the day
(journey.yaml, parts_of_day.yaml)."""

from datetime import time
from itertools import pairwise
from typing import Annotated

from pydantic import (
    Field,
    PositiveFloat,
    field_validator,
    model_validator,
)

from content.schema import ContentModel, find, unique
from content.text import ClockTime, Id, Template, Text, TimeZoneName, uses

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
    film_button: Text  # the area's film, where the organisation has one
    options: tuple[Option, ...] = Field(min_length=1)

    @field_validator("options")
    @classmethod
    def _unique_options(cls, value: tuple[Option, ...]) -> tuple[Option, ...]:
        return unique(value, lambda option: option.id, "option id")


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
        return unique(value, lambda frequency: frequency.id, "frequency id")

    def frequency(self, frequency_id: str) -> Frequency:
        return find(self.frequencies, lambda f: f.id == frequency_id, frequency_id)


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
        return unique(value, lambda element: element.id, "element id")


class Supporter(ContentModel):
    """One of the organisation's Stöttepelare (seed chapter 5): who helps leaders, and how."""

    name: Text
    role: Text
    contact: Text  # how to reach them: an address, a phone number, a channel


WEEKDAYS = range(7)  # Monday = 0, as datetime.weekday()


class WorkingHours(ContentModel):
    """When the organisation works, in its own zone: the slot finder's hours for calendars that
    give none of their own (iCalendar files; Graph gives each mailbox's own)."""

    start: ClockTime = time(8, 0)
    end: ClockTime = time(17, 0)
    days: tuple[int, ...] = (0, 1, 2, 3, 4)

    @field_validator("days")
    @classmethod
    def _weekdays(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value:
            raise ValueError("at least one weekday (Monday = 0)")
        if any(day not in WEEKDAYS for day in value):
            raise ValueError(f"weekdays are 0 (Monday) to 6 (Sunday), found {list(value)}")
        return tuple(sorted(unique(value, int, "weekday")))

    @model_validator(mode="after")
    def _start_before_end(self) -> "WorkingHours":
        if self.start >= self.end:
            raise ValueError(f"start {self.start:%H:%M} must be before end {self.end:%H:%M}")
        return self


class Organisation(ContentModel):
    """The organisation's own framing of the journey (the seed's "Stycke 1")."""

    name: Text
    why_title: Text
    why_paragraphs: tuple[Text, ...] = Field(min_length=1)
    time_zone: TimeZoneName = "Europe/Stockholm"
    working_hours: WorkingHours = WorkingHours()
    supporters: tuple[Supporter, ...] = ()

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
        unique(value, lambda part: part.id, "part of day id")
        for earlier, later in pairwise(value):
            if later.start < earlier.end:
                raise ValueError(f"{later.id} starts before {earlier.id} ends")
        return value
