"""Every Swedish text has an English twin: content/data/en/<the same path>, the same keys, the
same list lengths, the same {placeholders}. Organisation files are the municipality's own texts
and have none. The loader falls back to Swedish where a twin is missing (so the bot still
works); this test is what says that something is not translated yet, naming file and key."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from content.loader import DATA_DIR
from content.text import placeholders_of

TWINS = DATA_DIR / "en"
NOT_TWINNED = ("organisations", "en")  # the municipalities' own files; the twins themselves
SHOWN_AT_MOST = 60


def swedish_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(
        path
        for path in data_dir.rglob("*.yaml")
        if path.relative_to(data_dir).parts[0] not in NOT_TWINNED
    )


def leaves(data: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string in the document with its key path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*where, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, (*where, index))
    elif isinstance(data, str):
        yield where, data


def at(data: Any, where: tuple[Any, ...]) -> Any:
    for part in where:
        found = isinstance(data, dict) and part in data
        found = found or (isinstance(data, list) and isinstance(part, int) and part < len(data))
        if not found:
            return None
        data = data[part]
    return data


def fields(text: str) -> frozenset[str] | str:
    try:
        return placeholders_of(text)
    except ValueError:
        return text  # a malformed template: the twin must be malformed the same way


def twin_problems(data_dir: Path = DATA_DIR) -> list[str]:
    """One line per Swedish text without a proper English twin: file, key path, what is wrong."""
    problems = [
        f"en/{twin.relative_to(data_dir / 'en').as_posix()}: no Swedish file of that name"
        for twin in sorted((data_dir / "en").rglob("*.yaml"))
        if not (data_dir / twin.relative_to(data_dir / "en")).is_file()
    ]
    for path in swedish_files(data_dir):
        name = path.relative_to(data_dir).as_posix()
        twin_path = data_dir / "en" / name
        if not twin_path.is_file():
            problems.append(f"en/{name}: the file is missing")
            continue
        swedish = yaml.safe_load(path.read_text(encoding="utf-8"))
        english = yaml.safe_load(twin_path.read_text(encoding="utf-8"))
        for where, text in leaves(swedish):
            key = ".".join(map(str, where))
            twin = at(english, where)
            if not isinstance(twin, str) or not twin.strip():
                problems.append(f"en/{name}: {key}: no English text")
            elif fields(twin) != fields(text):
                problems.append(f"en/{name}: {key}: placeholders differ from the Swedish {text!r}")
    return problems


def test_every_swedish_text_has_an_english_twin() -> None:
    problems = twin_problems()
    shown = "\n".join(problems[:SHOWN_AT_MOST])
    more = (
        f"\n... and {len(problems) - SHOWN_AT_MOST} more" if len(problems) > SHOWN_AT_MOST else ""
    )
    assert not problems, f"{len(problems)} Swedish texts without an English twin:\n{shown}{more}"


# --- the test itself can fail: a copy of the data with twins it writes --------------------


@pytest.fixture
def twinned(data_dir: Path) -> Path:
    """data_dir where every Swedish file is its own "English" twin: nothing is missing."""
    for path in swedish_files(data_dir):
        twin = data_dir / "en" / path.relative_to(data_dir)
        twin.parent.mkdir(parents=True, exist_ok=True)
        twin.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return data_dir


def test_complete_twins_pass(twinned: Path) -> None:
    assert twin_problems(twinned) == []


def test_a_missing_text_a_missing_file_and_other_placeholders_are_named(twinned: Path) -> None:
    messages = twinned / "en" / "messages.yaml"
    english = yaml.safe_load(messages.read_text(encoding="utf-8"))
    del english["help_title"]
    english["welcome_title"] = "Welcome {name}!"
    english["help_commands"][1]["synonyms"] = english["help_commands"][1]["synonyms"][:1]
    messages.write_text(yaml.safe_dump(english, allow_unicode=True), encoding="utf-8")
    (twinned / "en" / "tracks" / "fortroendevalda" / "track.yaml").unlink()
    (twinned / "en" / "mesages.yaml").write_text("help_title: Help\n", encoding="utf-8")

    problems = twin_problems(twinned)

    assert "en/messages.yaml: help_title: no English text" in problems
    assert any(
        p.startswith("en/messages.yaml: welcome_title: placeholders differ") for p in problems
    )
    assert "en/messages.yaml: help_commands.1.synonyms.1: no English text" in problems
    assert "en/tracks/fortroendevalda/track.yaml: the file is missing" in problems
    assert "en/mesages.yaml: no Swedish file of that name" in problems
    assert not any("organisations" in problem for problem in problems)
