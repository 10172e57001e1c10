"""Fixtures for the content tests: the real content, and editable copies of its files."""

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from content import Content, load_content
from content.loader import DATA_DIR


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of content/data that a test may break."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


EditYaml = Callable[[str, Callable[[Any], None]], Path]


@pytest.fixture
def edit_yaml(data_dir: Path) -> EditYaml:
    """Load a copied file, let the test change the data, and write it back."""

    def edit(name: str, change: Callable[[Any], None]) -> Path:
        path = data_dir / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path

    return edit
