"""What leaders really write, and what the bot must take it for (the table: phrasings.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from chat.commands import Command
from chat.understanding import Sure, Understanding, Unsure, Vocabulary
from content.loader import load_content
from content.models import Content
from content.overrides import OrganisationOverride
from learning.time_available import minutes_available

TABLE: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "phrasings.yaml").read_text(encoding="utf-8")
)
UNDERSTOOD = [
    (str(phrasing), Command(command))
    for command, phrasings in TABLE["understood"].items()
    for phrasing in phrasings
]
TENANT = "11111111-2222-3333-4444-555555555555"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="module")
def understanding(content: Content) -> Understanding:
    return Understanding(content)


def test_the_table_is_big_enough_to_mean_something() -> None:
    assert len(UNDERSTOOD) >= 100
    assert len(TABLE["did_you_mean"]) >= 5 and len(TABLE["not_understood"]) >= 10


@pytest.mark.parametrize(("written", "command"), UNDERSTOOD)
def test_what_leaders_write_reaches_its_command(
    understanding: Understanding, written: str, command: Command
) -> None:
    assert understanding.understand(None, written) == Sure(command)


@pytest.mark.parametrize(("written", "candidates"), TABLE["did_you_mean"].items())
def test_a_near_miss_is_asked_about(
    understanding: Understanding, written: str, candidates: list[str]
) -> None:
    expected = Unsure(tuple(Command(candidate) for candidate in candidates))
    assert understanding.understand(None, written) == expected


@pytest.mark.parametrize("written", [str(text) for text in TABLE["not_understood"]])
def test_what_is_no_command_is_not_taken_for_one(
    understanding: Understanding, written: str
) -> None:
    assert understanding.understand(None, written) is None


@pytest.mark.parametrize(("written", "minutes"), TABLE["durations"].items())
def test_time_in_words_is_a_time_not_a_command(
    understanding: Understanding, written: str, minutes: int
) -> None:
    assert minutes_available(written) == minutes
    assert understanding.understand(None, written) is None  # the library's filter takes it


def test_an_organisation_adds_its_own_words(content: Content) -> None:
    override = OrganisationOverride(
        tenant_ids=(TENANT,),
        synonyms={"workbook": ("loggboken",), "greeting": ("tjoho",)},
    )
    understanding = Understanding(content.with_overrides([override]))

    assert understanding.understand(TENANT, "loggboken") == Sure(Command.WORKBOOK)
    assert understanding.understand(TENANT, "Tjoho!") == Sure(Command.GREETING)
    assert understanding.understand(TENANT, "arbetsboken") == Sure(Command.WORKBOOK)  # kept
    assert understanding.understand(None, "loggboken") is None  # only for that organisation


def test_a_word_given_to_two_commands_is_found(content: Content) -> None:
    """Understanding refuses to start on such defaults; an organisation's keeps the first."""
    messages = content.messages
    [schedule] = [entry for entry in messages.help_commands if entry.id == "schedule"]
    clashing = schedule.model_copy(update={"synonyms": (*schedule.synonyms, "Min plan!")})
    commands = tuple(clashing if e.id == "schedule" else e for e in messages.help_commands)
    vocabulary = Vocabulary(messages.model_copy(update={"help_commands": commands}))

    assert vocabulary.conflicts == ["min plan"]
    assert vocabulary.understand("min plan") == Sure(Command.MY_PLAN)
    assert Vocabulary(messages).conflicts == []


def test_a_long_message_is_never_guessed_at(understanding: Understanding) -> None:
    # One typo away from "tidsplan" inside a sentence: a goal or a reflection, not a command.
    assert understanding.understand(None, "jag vill ha en bättre tidsplna för teamet") is None
