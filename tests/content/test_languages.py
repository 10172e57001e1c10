"""English as the second language: twins overlaid on the Swedish files, a view per language.

Each test writes its own small English twins into a copy of content/data (data_dir), so these
pass whether or not the translators' files (content/data/en/) are there yet.
"""

from pathlib import Path
from typing import Any

import pytest
import yaml

from chat.commands import Command
from chat.understanding import Sure, Understanding
from content import ContentError, load_content
from content.language import as_language, language_of_locale, speaking
from content.overrides import PublishedSettings

UPPSALA = "00000000-0000-0000-0000-0000000000001"


@pytest.fixture
def english_dir(data_dir: Path) -> Path:
    """data_dir with no English twins at all: each test writes the ones it needs."""
    for twin in sorted((data_dir / "en").rglob("*.yaml"), reverse=True):
        twin.unlink()
    return data_dir


def write_twin(data_dir: Path, name: str, data: Any) -> Path:
    path = data_dir / "en" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("en-US", "en"),
        ("en-GB", "en"),
        ("EN", "en"),
        ("en_AU", "en"),
        ("sv-SE", "sv"),
        ("fi-FI", "sv"),
        ("", "sv"),
        (None, "sv"),
    ],
)
def test_english_locales_get_english_and_everything_else_swedish(
    locale: str | None, language: str
) -> None:
    assert language_of_locale(locale) == language


def test_a_stored_code_is_read_back_and_anything_else_is_none() -> None:
    assert as_language(" EN ") == "en"
    assert as_language("sv") == "sv"
    assert as_language("de") is None and as_language(None) is None


def test_a_half_translated_file_falls_back_to_swedish_text_by_text(english_dir: Path) -> None:
    write_twin(
        english_dir,
        "messages.yaml",
        {
            "welcome_title": "Welcome {first_name}!",
            "help_commands": [{"command": "help", "description": "Show what I can help with"}],
            "channel_help": {"commands": [{"command": "help"}]},  # the same words, checked
        },
    )
    content = load_content(english_dir)
    english = content.for_language("en")

    assert english.language == "en" and content.language == "sv"
    assert english.messages.welcome_title == "Welcome {first_name}!"
    assert english.messages.help_commands[0].command == "help"
    assert english.messages.help_commands[0].id == "help"  # untouched by the twin
    second, swedish_second = english.messages.help_commands[1], content.messages.help_commands[1]
    assert (second.command, second.description) == (
        swedish_second.command,
        swedish_second.description,
    )
    assert english.messages.help_title == content.messages.help_title == "Så här kan jag hjälpa dig"
    assert content.messages.welcome_title == "Välkommen {first_name}!"


def test_the_language_spoken_now_chooses_the_view(english_dir: Path) -> None:
    write_twin(english_dir, "messages.yaml", {"help_title": "This is how I can help you"})
    content = load_content(english_dir)

    assert content.for_tenant(UPPSALA).messages.help_title == "Så här kan jag hjälpa dig"
    with speaking("en"):
        assert content.for_tenant(UPPSALA).messages.help_title == "This is how I can help you"
        assert content.for_tenant(UPPSALA, "sv").messages.help_title.startswith("Så här")
    assert content.for_tenant(None, "en").messages.help_title == "This is how I can help you"


def test_the_organisations_own_texts_apply_over_both_languages(english_dir: Path) -> None:
    write_twin(english_dir, "journey.yaml", {"default_organisation": {"name": "The municipality"}})
    content = load_content(english_dir)

    assert content.for_language("en").organisation.name == "The municipality"
    english_uppsala = content.for_tenant(UPPSALA, "en")
    assert english_uppsala.organisation.name == "Uppsala kommun"
    assert english_uppsala.language == "en"
    # A tenant's view asked in the other language stays that tenant's.
    assert content.for_tenant(UPPSALA).for_language("en") is english_uppsala


def test_what_a_coordinator_publishes_reaches_both_languages(english_dir: Path) -> None:
    content = load_content(english_dir)
    content.publish(
        UPPSALA, PublishedSettings(version=2, name="Uppsala", why_paragraphs=("Därför.",))
    )

    assert content.for_tenant(UPPSALA, "sv").organisation.name == "Uppsala"
    assert content.for_tenant(UPPSALA, "en").organisation.name == "Uppsala"


def test_a_tracks_twin_lives_under_en_tracks(english_dir: Path) -> None:
    write_twin(english_dir, "tracks/fortroendevalda/track.yaml", {"name": "Elected members"})
    content = load_content(english_dir)

    english, swedish = (
        content.for_language("en").track("fortroendevalda"),
        content.track("fortroendevalda"),
    )
    assert english is not None and english.name == "Elected members"
    assert swedish is not None and swedish.name == "Förtroendevalda"
    assert english.modules[0].id == swedish.modules[0].id  # ids are the twin's too


def test_english_users_are_understood_in_english_and_in_swedish(english_dir: Path) -> None:
    write_twin(
        english_dir,
        "messages.yaml",
        {
            "help_commands": [{"command": "help"}, {"command": "menu"}],
            "channel_help": {"commands": [{"command": "help"}]},
        },
    )
    understanding = Understanding(load_content(english_dir))

    with speaking("en"):
        assert understanding.understand(UPPSALA, "menu") == Sure(Command.HOME)
        assert understanding.understand(UPPSALA, "meny") == Sure(Command.HOME)
        assert understanding.understand(UPPSALA, "hjälp") == Sure(Command.HELP)
    assert understanding.understand(UPPSALA, "meny") == Sure(Command.HOME)


@pytest.mark.parametrize(
    ("twin", "problem"),
    [
        ({"welcom_title": "Welcome!"}, "(top level): keys ['welcom_title'] are not in the Swedish"),
        ({"help_title": ["a", "list"]}, "help_title: a list where the Swedish file has a str"),
        ({"welcome_title": "Welcome {name}!"}, "welcome_title: placeholders must be {first_name}"),
    ],
)
def test_a_twin_that_changes_the_shape_is_an_error_naming_the_twin(
    english_dir: Path, twin: dict[str, Any], problem: str
) -> None:
    write_twin(english_dir, "messages.yaml", twin)

    with pytest.raises(ContentError) as raised:
        load_content(english_dir)
    assert "en/messages.yaml" in str(raised.value)
    assert problem in str(raised.value)


def test_a_twin_with_more_items_than_the_swedish_list_is_an_error(english_dir: Path) -> None:
    swedish = yaml.safe_load((english_dir / "parts_of_day.yaml").read_text(encoding="utf-8"))
    parts = swedish["parts_of_day"]
    write_twin(english_dir, "parts_of_day.yaml", {"parts_of_day": [*parts, parts[0]]})

    with pytest.raises(ContentError, match=rf"parts_of_day: {len(parts) + 1} items, the Swedish"):
        load_content(english_dir)
