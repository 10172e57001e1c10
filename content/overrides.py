"""One organisation's own texts and settings over the defaults (organisations/*.yaml)."""

from typing import TYPE_CHECKING, Annotated

from pydantic import (
    Field,
    PositiveInt,
    field_validator,
)

from content.curriculum import EXAMPLES_MAX, Example, Films
from content.journey import Supporter, WorkingHours
from content.schema import ContentModel, unique
from content.text import Id, Text, TimeZoneName

if TYPE_CHECKING:
    from content.messages import Messages
    from content.models import Content

# --- organisations/*.yaml -----------------------------------------------------------------


class OrganisationOverride(ContentModel):
    """One organisation's file: only the fields it gives replace the defaults."""

    tenant_ids: tuple[Annotated[str, Field(min_length=1)], ...] = Field(min_length=1)
    name: Text | None = None
    why_title: Text | None = None
    why_paragraphs: tuple[Text, ...] | None = Field(default=None, min_length=1)
    time_zone: TimeZoneName | None = None
    working_hours: WorkingHours | None = None
    supporters: tuple[Supporter, ...] | None = None
    # Films per area and module, by module id; a module without one shows no film button.
    films: dict[Id, Films] = Field(default_factory=dict)
    # More words for a command (by its id in messages.yaml's help_commands), or for
    # "greeting" and "thanks": added to the defaults, never replacing them.
    synonyms: dict[Id, tuple[Text, ...]] = Field(default_factory=dict)
    # The organisation's own cases per library exercise (seed chapter 5, step 3), by number.
    exercise_examples: dict[
        PositiveInt, Annotated[tuple[Example, ...], Field(min_length=1, max_length=EXAMPLES_MAX)]
    ] = Field(default_factory=dict)

    @field_validator("tenant_ids")
    @classmethod
    def _normalise_tenants(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # Tenant ids are GUIDs; Teams sends them lower case but files may not.
        return unique(tuple(tenant.strip().lower() for tenant in value), str, "tenant id")

    def apply(self, content: "Content") -> "Content":
        fields = ("name", "why_title", "why_paragraphs", "time_zone", "working_hours", "supporters")
        changes = {name: getattr(self, name) for name in fields if getattr(self, name) is not None}
        organisation = content.organisation.model_copy(update=changes)
        modules = tuple(
            module.model_copy(update={"films": self.films[module.id]})
            if module.id in self.films
            else module
            for module in content.modules
        )
        messages = _with_synonyms(content.messages, self.synonyms) if self.synonyms else None
        exercises = content.exercises.with_examples(self.exercise_examples)
        updates = {"organisation": organisation, "modules": modules, "exercises": exercises}
        return content.model_copy(update=updates | ({"messages": messages} if messages else {}))


class PublishedSettings(ContentModel):
    """What a coordinator published from Teams (services.org_settings): over the file's values.
    One version is the whole document; None (a version saved before the field existed) leaves
    the field to the file. Films and examples replace the file's for every module and exercise:
    one left out has none."""

    version: PositiveInt
    name: Text
    why_paragraphs: tuple[Text, ...] = Field(min_length=1)
    supporters: tuple[Supporter, ...] = ()
    time_zone: TimeZoneName | None = None
    working_hours: WorkingHours | None = None
    films: dict[Id, Films] | None = None
    exercise_examples: (
        dict[
            PositiveInt,
            Annotated[tuple[Example, ...], Field(min_length=1, max_length=EXAMPLES_MAX)],
        ]
        | None
    ) = None

    def apply(self, content: "Content") -> "Content":
        changes: dict[str, object] = {
            "name": self.name,
            "why_paragraphs": self.why_paragraphs,
            "supporters": self.supporters,
        }
        if self.time_zone is not None:
            changes["time_zone"] = self.time_zone
        if self.working_hours is not None:
            changes["working_hours"] = self.working_hours
        updates: dict[str, object] = {
            "organisation": content.organisation.model_copy(update=changes)
        }
        if self.films is not None:
            films = self.films
            updates["modules"] = tuple(
                module.model_copy(update={"films": films.get(module.id, Films())})
                for module in content.modules
            )
        if self.exercise_examples is not None:
            examples = self.exercise_examples
            updates["exercises"] = content.exercises.with_examples(
                {e.number: examples.get(e.number, ()) for e in content.exercises.exercises}
            )
        return content.model_copy(update=updates)


GREETING, THANKS = "greeting", "thanks"  # the synonym ids that are not help commands


def _with_synonyms(messages: "Messages", synonyms: dict[str, tuple[str, ...]]) -> "Messages":
    commands = tuple(
        entry.model_copy(update={"synonyms": entry.synonyms + synonyms.get(entry.id, ())})
        for entry in messages.help_commands
    )
    understanding = messages.understanding.model_copy(
        update={
            "greetings": messages.understanding.greetings + synonyms.get(GREETING, ()),
            "thanks": messages.understanding.thanks + synonyms.get(THANKS, ()),
        }
    )
    return messages.model_copy(update={"help_commands": commands, "understanding": understanding})
