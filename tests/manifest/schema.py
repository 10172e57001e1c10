"""The official Teams app manifest schema, as shipped offline by npm `@microsoft/app-manifest`.

The schemas sit in the package at `build/json-schemas/teams/v<version>/MicrosoftTeams.schema.json`.
They declare draft-04, but are validated here with draft-7 semantics so that `const` (which pins
`manifestVersion`) is enforced, and with the `regex` module for `pattern`, because newer schema
versions use Unicode property classes such as `\\p{L}` that Python's `re` does not know.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import regex
from jsonschema import Draft7Validator, FormatChecker, ValidationError, validators

NPM_PACKAGE = "@microsoft/app-manifest@1.1.2"
SCHEMA_DIR_ENV = "TEAMS_MANIFEST_SCHEMA_DIR"
REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO_ROOT / ".cache" / "app-manifest"
NPM_TIMEOUT_SECONDS = 300

# A directory may be the npm prefix, the package itself, or the package's teams schema folder.
_LAYOUTS = (
    "node_modules/@microsoft/app-manifest/build/json-schemas/teams",
    "build/json-schemas/teams",
    ".",
)


class SchemaUnavailable(Exception):
    """The schema could not be found or installed; the message says why."""


class NpmNotFound(SchemaUnavailable):
    """The schema is not cached and npm, which would install it, is not on PATH."""


def _regex_pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and regex.search(pattern, instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


TeamsManifestValidator = validators.extend(Draft7Validator, {"pattern": _regex_pattern})

FORMAT_CHECKER = FormatChecker()


@FORMAT_CHECKER.checks("uri")
def _is_uri(value: object) -> bool:
    """An absolute URI (jsonschema checks "uri" only when rfc3987 is installed)."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc or parts.path) and " " not in value


def schema_file(base: Path, manifest_version: str) -> Path | None:
    """The schema for `manifest_version` under `base` in any known layout, or None."""
    for layout in _LAYOUTS:
        candidate = base / layout / f"v{manifest_version}" / "MicrosoftTeams.schema.json"
        if candidate.is_file():
            return candidate
    return None


def locate_schema(manifest_version: str) -> Path:
    """Find the schema: $TEAMS_MANIFEST_SCHEMA_DIR, then the repo's .cache, else npm install.

    Raises NpmNotFound when it would have to install but npm is missing, and
    SchemaUnavailable for every other failure.
    """
    configured = os.environ.get(SCHEMA_DIR_ENV)
    if configured:
        found = schema_file(Path(configured), manifest_version)
        if found is None:
            raise SchemaUnavailable(
                f"{SCHEMA_DIR_ENV}={configured} holds no v{manifest_version}/"
                "MicrosoftTeams.schema.json (give the npm prefix, the package directory "
                "or its build/json-schemas/teams folder)"
            )
        return found
    found = schema_file(CACHE_DIR, manifest_version)
    if found is not None:
        return found
    npm = shutil.which("npm")
    if npm is None:
        raise NpmNotFound(
            f"npm not found on PATH: cannot install {NPM_PACKAGE} into {CACHE_DIR}; "
            f"install it there yourself or set {SCHEMA_DIR_ENV}"
        )
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    quiet = ["--no-save", "--no-audit", "--no-fund", "--loglevel=error"]
    command = [npm, "install", *quiet, "--prefix", str(CACHE_DIR), NPM_PACKAGE]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=NPM_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise SchemaUnavailable(
            f"npm install {NPM_PACKAGE} took longer than {NPM_TIMEOUT_SECONDS} s"
        ) from None
    if result.returncode != 0:
        detail = result.stderr.strip()[-500:]
        raise SchemaUnavailable(f"npm install {NPM_PACKAGE} failed ({result.returncode}): {detail}")
    found = schema_file(CACHE_DIR, manifest_version)
    if found is None:
        raise SchemaUnavailable(
            f"{NPM_PACKAGE} installed into {CACHE_DIR} has no schema v{manifest_version}"
        )
    return found


def load_validator(path: Path) -> Any:
    schema = json.loads(path.read_text(encoding="utf-8-sig"))
    TeamsManifestValidator.check_schema(schema)
    return TeamsManifestValidator(schema, format_checker=FORMAT_CHECKER)


def manifest_errors(validator: Any, manifest: dict[str, Any]) -> list[str]:
    """Every schema violation as "path: message (keyword)"; empty when the manifest is valid."""
    errors = sorted(validator.iter_errors(manifest), key=lambda e: list(map(str, e.absolute_path)))
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:300]} ({e.validator})"
        for e in errors
    ]
