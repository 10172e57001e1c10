"""Content with a few English twins of its own, for tests that must not depend on whether the
translators' files (content/data/en/) are there: the real Swedish files, these twins only."""

import shutil
from pathlib import Path

import yaml

from content import Content, load_content
from content.loader import DATA_DIR

WELCOME_EN = "Welcome {first_name}!"
HELP_TITLE_EN = "This is how I can help you"
TURN_ERROR_EN = "Sorry, something went wrong on my side."


def english_content(folder: Path) -> Content:
    data = folder / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("en"))
    twin = {"welcome_title": WELCOME_EN, "help_title": HELP_TITLE_EN, "turn_error": TURN_ERROR_EN}
    (data / "en").mkdir()
    (data / "en" / "messages.yaml").write_text(yaml.safe_dump(twin), encoding="utf-8")
    (data / "en" / "languages.yaml").write_text(
        (DATA_DIR / "en" / "languages.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return load_content(data)
