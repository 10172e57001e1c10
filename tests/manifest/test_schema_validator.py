"""The schema validator itself: it must reject what Teams rejects, or other tests prove nothing."""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from manifest.package import build_package
from tests.manifest.schema import TeamsManifestValidator, manifest_errors, schema_file

APP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


@pytest.fixture(scope="module")
def valid_manifest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("package") / "app.zip"
    build_package(
        out,
        app_id=APP_ID,
        developer_name="Umeå kommun",
        website_url="https://www.umea.se/",
        privacy_url="https://www.umea.se/integritet",
        terms_url="https://www.umea.se/villkor",
        bot_domain="bot.umea.se",
    )
    with zipfile.ZipFile(out) as archive:
        loaded: dict[str, Any] = json.loads(archive.read("manifest.json"))
        return loaded


def _set(manifest: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(manifest)
    *parents, last = [int(part) if part.isdigit() else part for part in path.split("/")]
    node: Any = changed
    for part in parents:
        node = node[part]
    node[last] = value
    return changed


def _without(manifest: dict[str, Any], key: str) -> dict[str, Any]:
    changed = copy.deepcopy(manifest)
    del changed[key]
    return changed


def test_the_valid_manifest_is_valid(
    valid_manifest: dict[str, Any], manifest_validator: Any
) -> None:
    assert manifest_errors(manifest_validator, valid_manifest) == []


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("manifestVersion", "1.99", "manifestVersion: '{version}' was expected"),
        ("name/short", "E" * 31, "name/short: 'EEEEE"),
        ("id", "expeditionsboten", "id: 'expeditionsboten' does not match"),
        ("bots/0/botId", "bot", "bots/0/botId: 'bot' does not match"),
        ("accentColor", "teal", "accentColor: 'teal' does not match"),
        ("developer/websiteUrl", "www.umea.se", "developer/websiteUrl: 'www.umea.se' does not"),
        ("bots/0/scopes", ["personal", "meetings"], "bots/0/scopes/1: 'meetings' is not one of"),
        ("bots/0/commandLists/0/commands/0/title", "x" * 33, "commands/0/title: 'xxxx"),
        ("description/short", "x" * 81, "description/short: 'xxxx"),
        ("bots/0/unknownFlag", True, "Additional properties are not allowed ('unknownFlag'"),
        ("$schema", "not a uri", "$schema: 'not a uri' is not a 'uri'"),
    ],
)
def test_validator_rejects_what_the_schema_forbids(
    valid_manifest: dict[str, Any], manifest_validator: Any, path: str, value: Any, expected: str
) -> None:
    expected = expected.replace("{version}", valid_manifest["manifestVersion"])
    errors = manifest_errors(manifest_validator, _set(valid_manifest, path, value))
    assert any(expected in error for error in errors), errors


def test_validator_rejects_a_missing_required_field(
    valid_manifest: dict[str, Any], manifest_validator: Any
) -> None:
    errors = manifest_errors(manifest_validator, _without(valid_manifest, "developer"))
    assert errors == ["(root): 'developer' is a required property (required)"]


def test_validator_rejects_eleven_commands(
    valid_manifest: dict[str, Any], manifest_validator: Any
) -> None:
    commands = [{"title": f"kommando {n}", "description": "Gör något"} for n in range(11)]
    errors = manifest_errors(
        manifest_validator, _set(valid_manifest, "bots/0/commandLists/0/commands", commands)
    )
    assert len(errors) == 1, errors
    assert errors[0].startswith("bots/0/commandLists/0/commands: ")
    assert errors[0].endswith(" (maxItems)")


def test_pattern_keyword_understands_unicode_properties() -> None:
    # Newer schema versions (1.23+) use \p{L}, which Python's re cannot compile.
    validator = TeamsManifestValidator({"type": "string", "pattern": r"^[\p{L}][\p{L}0-9._]*$"})
    assert validator.is_valid("Åre_kommun.2")
    assert not validator.is_valid("2Åre")
    assert not validator.is_valid("Åre kommun")


def test_draft_seven_semantics_enforce_const() -> None:
    validator = TeamsManifestValidator({"const": "1.20"})
    assert validator.is_valid("1.20")
    assert not validator.is_valid("1.19")


def test_schema_is_found_in_every_directory_layout(tmp_path: Path) -> None:
    relative = "v1.20/MicrosoftTeams.schema.json"
    layouts = {
        "prefix": "node_modules/@microsoft/app-manifest/build/json-schemas/teams",
        "package": "build/json-schemas/teams",
        "teams": ".",
    }
    for name, layout in layouts.items():
        target = tmp_path / name / layout / relative
        target.parent.mkdir(parents=True)
        target.write_text("{}")
        assert schema_file(tmp_path / name, "1.20") == target
    assert schema_file(tmp_path / "prefix", "1.19") is None
