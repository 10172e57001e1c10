"""The official manifest schema validator, found or installed once per test session."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

import pytest

from tests.manifest.schema import NpmNotFound, SchemaUnavailable, load_validator, locate_schema


@pytest.fixture(scope="session")
def template_manifest_version() -> str:
    template = json.loads(files("manifest").joinpath("template.json").read_text("utf-8"))
    version: str = template["manifestVersion"]
    return version


@pytest.fixture(scope="session")
def manifest_validator(template_manifest_version: str) -> Any:
    """A validator for the schema version that template.json declares."""
    try:
        path = locate_schema(template_manifest_version)
    except NpmNotFound as problem:
        pytest.skip(f"Teams manifest schema unavailable: {problem}")
    except SchemaUnavailable as problem:
        pytest.fail(f"Teams manifest schema unavailable: {problem}")
    return load_validator(path)
