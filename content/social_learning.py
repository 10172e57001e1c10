"""The Innovationsteam's meetings: format, agendas and questions (social_learning.yaml)."""

from typing import Annotated

from pydantic import (
    Field,
    PositiveInt,
    field_validator,
    model_validator,
)

from content.schema import ContentModel, find, numbered
from content.text import Template, Text, may_use, uses

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
    # A purpose may name the group's size: "Träffa er lärgrupp ({members} personer)".
    purpose: tuple[Annotated[Template, may_use("members")], ...] = Field(min_length=1)
    format: tuple[FormatBlock, ...] = Field(min_length=1)
    resources: tuple[Text, ...] = Field(min_length=1)
    preparation_questions: tuple[Text, ...] = ()
    # The day before: this meeting's own words; without them messages.yaml's `reminder`.
    reminder: Annotated[Template, uses("time")] | None = None
    agenda: Agenda
    facilitation: Text

    def purpose_for(self, members: int) -> tuple[str, ...]:
        """The purpose as the group reads it, with its real size."""
        return tuple(item.format(members=members) for item in self.purpose)


class SocialLearning(ContentModel):
    title: Text
    intro: Text
    meetings: tuple[Meeting, ...] = Field(min_length=1)

    @field_validator("meetings")
    @classmethod
    def _numbered_meetings(cls, value: tuple[Meeting, ...]) -> tuple[Meeting, ...]:
        return numbered(value, lambda meeting: meeting.month, "meetings (by month)")

    def meeting(self, month: int) -> Meeting:
        return find(self.meetings, lambda meeting: meeting.month == month, str(month))
