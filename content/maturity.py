"""The innovation maturity model: areas, grades and checkpoints (maturity.yaml)."""

from typing import Annotated, Any

from pydantic import (
    Field,
    PositiveInt,
    field_validator,
)

from content.schema import ContentModel, find, numbered, unique
from content.text import Id, Template, Text, uses

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
    # What the bot says above the self-assessment when the journey reaches the checkpoint
    # (halfway, end); the start is asked in the onboarding and needs none.
    prompt: Text | None = None


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
        return numbered(value, lambda grade: grade.number, "grades")

    @field_validator("areas")
    @classmethod
    def _every_cell(cls, value: tuple[MaturityArea, ...], info: Any) -> tuple[MaturityArea, ...]:
        unique(value, lambda area: area.id, "area id")
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
        return unique(value, lambda checkpoint: checkpoint.id, "checkpoint id")

    def area(self, area_id: str) -> MaturityArea:
        return find(self.areas, lambda area: area.id == area_id, area_id)
