"""Build the Teams app package (a zip) that a coordinator uploads in their tenant's admin center.

The package holds `manifest.json` (filled in from `template.json`), `color.png` and
`outline.png`, all at the zip root. Bad input raises `ManifestError` with a message meant
for the operator running the build; `run` turns it into exit code 2.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PIL import Image, UnidentifiedImageError

from content.loader import load_content
from content.models import Content

DEFAULT_NAME = "Expeditionsboten"
DEFAULT_VERSION = "1.0.0"
DEFAULT_DEVELOPER_NAME = "Expedition Innovation"
DEFAULT_WEBSITE_URL = "https://www.uppsala.se/innovationskraft"

# Commands in Teams' menu for the personal chat: only those the bot answers (ids of
# messages.yaml's help_commands); each capability adds its own when it ships.
MENU_COMMANDS = (
    "help",
    "schedule",
    "my_goal",
    "my_plan",
    "module",
    "exercises",
    "continue",
    "restart",
)

COLOR_ICON_SIZE = (192, 192)
OUTLINE_ICON_SIZE = (32, 32)

# Limits from the Teams manifest schema (v1.20).
_MAX_SHORT_NAME = 30
_MAX_DEVELOPER_NAME = 32
_MAX_URL = 2048

_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_NIL_GUID = "00000000-0000-0000-0000-000000000000"
_SEMVER = re.compile(r"^(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)$")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_PLACEHOLDER = re.compile(r"\$\{\{([A-Z_]+)\}\}")
# Outline pixels count as white when every colour channel is at least this bright.
_WHITE_MIN = 250
# A fixed timestamp makes the same inputs give a byte-identical zip.
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


class ManifestError(ValueError):
    """The package cannot be built from the given input; the message says what to fix."""


@dataclass(frozen=True)
class _Icons:
    color: bytes
    outline: bytes


def build_package(
    out: Path,
    *,
    app_id: str,
    name: str = DEFAULT_NAME,
    version: str = DEFAULT_VERSION,
    developer_name: str,
    website_url: str,
    privacy_url: str,
    terms_url: str,
    bot_domain: str | None = None,
    color_icon: Path | None = None,
    outline_icon: Path | None = None,
    bot_id: str | None = None,
) -> Path:
    """Write the app package zip to `out` and return its path.

    `app_id` is the Teams app id; `bot_id` (the bot's Microsoft App ID) defaults to it.
    `bot_domain` is the bot's public host name; given a URL, its host is used.
    """
    app_id = _guid("app id", app_id)
    values = {
        "APP_ID": app_id,
        "BOT_ID": _guid("bot id", bot_id) if bot_id is not None else app_id,
        "APP_VERSION": _version(version),
        "APP_NAME": _text("app name", name, _MAX_SHORT_NAME),
        "DEVELOPER_NAME": _text("developer name", developer_name, _MAX_DEVELOPER_NAME),
        "WEBSITE_URL": _https_url("website URL", website_url),
        "PRIVACY_URL": _https_url("privacy URL", privacy_url),
        "TERMS_URL": _https_url("terms of use URL", terms_url),
    }
    manifest = _fill(_load_template(), values)
    manifest["bots"][0]["commandLists"][0]["commands"] = _menu(load_content())
    if bot_domain is not None:
        manifest["validDomains"] = [_host(bot_domain)]
    icons = _Icons(
        color=_color_icon(_read_icon(color_icon, "color.png")),
        outline=_outline_icon(_read_icon(outline_icon, "outline.png")),
    )
    return _write_zip(Path(out), manifest, icons)


def _menu(content: Content) -> list[dict[str, str]]:
    """The personal-chat command menu: words and descriptions from content/, the bot's own."""
    by_id = {entry.id: entry for entry in content.messages.help_commands}
    return [
        {"title": by_id[command].command, "description": by_id[command].description}
        for command in MENU_COMMANDS
    ]


# --- command line -----------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the `manifest` subcommand's options to `parser`."""
    parser.add_argument("--app-id", required=True, help="Teams app id (a GUID)")
    parser.add_argument(
        "--bot-id", help="the bot's Microsoft App ID, if it differs from the app id (a GUID)"
    )
    parser.add_argument("--out", required=True, type=Path, help="where to write the zip")
    parser.add_argument(
        "--name",
        default=DEFAULT_NAME,
        help=f"short app name shown in Teams, at most {_MAX_SHORT_NAME} characters "
        f"(default: {DEFAULT_NAME})",
    )
    parser.add_argument(
        "--app-version",
        dest="app_version",
        default=DEFAULT_VERSION,
        help="app version MAJOR.MINOR.PATCH; raise it for every new upload "
        f"(default: {DEFAULT_VERSION})",
    )
    parser.add_argument(
        "--developer-name",
        default=DEFAULT_DEVELOPER_NAME,
        help=f"publisher shown in Teams (default: {DEFAULT_DEVELOPER_NAME})",
    )
    parser.add_argument(
        "--website", default=DEFAULT_WEBSITE_URL, help=f"https URL (default: {DEFAULT_WEBSITE_URL})"
    )
    parser.add_argument("--privacy", help="privacy statement https URL (default: the website)")
    parser.add_argument("--terms", help="terms of use https URL (default: the website)")
    parser.add_argument("--domain", help="the bot's public host name, e.g. bot.example.se")
    parser.add_argument("--color-icon", type=Path, help="192x192 PNG (default: built-in icon)")
    parser.add_argument(
        "--outline-icon", type=Path, help="32x32 white-on-transparent PNG (default: built-in icon)"
    )


def run(args: argparse.Namespace) -> int:
    """Build the package from parsed arguments: 0 and the zip's path on success, else 2."""
    try:
        path = build_package(
            args.out,
            app_id=args.app_id,
            bot_id=args.bot_id,
            name=args.name,
            version=args.app_version,
            developer_name=args.developer_name,
            website_url=args.website,
            privacy_url=args.privacy or args.website,
            terms_url=args.terms or args.website,
            bot_domain=args.domain,
            color_icon=args.color_icon,
            outline_icon=args.outline_icon,
        )
    except ManifestError as error:
        sys.stderr.write(f"expeditionsboten manifest: {error}\n")
        return 2
    sys.stdout.write(f"{path}\n")
    return 0


# --- input checks -----------------------------------------------------------------------------


def _guid(what: str, value: str) -> str:
    value = value.strip()
    if not _GUID.match(value):
        raise ManifestError(
            f"The {what} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, as Azure shows "
            f"the Microsoft App ID), got {value!r}."
        )
    if value == _NIL_GUID:
        raise ManifestError(f"The {what} is the all-zero GUID; use the real id from Azure.")
    return value.lower()


def _version(value: str) -> str:
    value = value.strip()
    if not _SEMVER.match(value):
        raise ManifestError(
            f"The app version must be MAJOR.MINOR.PATCH with plain numbers, e.g. 1.0.0; "
            f"got {value!r}."
        )
    return value


def _text(what: str, value: str, max_length: int) -> str:
    value = value.strip()
    if not value:
        raise ManifestError(f"The {what} must not be empty.")
    if len(value) > max_length:
        raise ManifestError(
            f"The {what} may be at most {max_length} characters, got {len(value)}: {value!r}."
        )
    return value


def _https_url(what: str, value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() != "https" or not parts.hostname or any(c.isspace() for c in value):
        raise ManifestError(f"The {what} must be an https:// address, got {value!r}.")
    if len(value) > _MAX_URL:
        raise ManifestError(f"The {what} may be at most {_MAX_URL} characters.")
    return value


def _host(value: str) -> str:
    """A bare host name from a host name or URL (Teams wants no scheme, port or path)."""
    raw = value.strip()
    host = urlsplit(raw).hostname if "://" in raw else raw.rstrip(".").lower()
    problem = f"The bot domain must be a public host name like bot.example.se, got {value!r}."
    if not host:
        raise ManifestError(problem)
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ManifestError(problem) from None
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels):
        raise ManifestError(problem)
    return host


# --- template ---------------------------------------------------------------------------------


def _load_template() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("template.json").read_text(encoding="utf-8")
    template: dict[str, Any] = json.loads(text)
    return template


def _fill(node: Any, values: dict[str, str]) -> Any:
    """Replace every ${{NAME}} in the template's strings; a name without a value is an error."""
    if isinstance(node, dict):
        return {key: _fill(item, values) for key, item in node.items()}
    if isinstance(node, list):
        return [_fill(item, values) for item in node]
    if isinstance(node, str):

        def substitute(match: re.Match[str]) -> str:
            key = match.group(1)
            if key not in values:
                raise ManifestError(f"template.json uses ${{{{{key}}}}}, which has no value.")
            return values[key]

        return _PLACEHOLDER.sub(substitute, node)
    return node


# --- icons ------------------------------------------------------------------------------------


def _read_icon(path: Path | None, builtin: str) -> bytes:
    if path is None:
        return resources.files(__package__).joinpath("icons", builtin).read_bytes()
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise ManifestError(f"Cannot read the icon {path}: {error.strerror or error}.") from None


def _open_png(data: bytes, what: str, size: tuple[int, int]) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ManifestError(f"The {what} icon is not a readable image.") from None
    if image.format != "PNG":
        raise ManifestError(f"The {what} icon must be a PNG file, got {image.format}.")
    if image.size != size:
        raise ManifestError(
            f"The {what} icon must be {size[0]}x{size[1]} pixels, "
            f"got {image.size[0]}x{image.size[1]}."
        )
    return image


def _color_icon(data: bytes) -> bytes:
    _open_png(data, "color", COLOR_ICON_SIZE)
    return data


def _outline_icon(data: bytes) -> bytes:
    """Check Teams' outline rule: white where drawn, transparent everywhere else."""
    image = _open_png(data, "outline", OUTLINE_ICON_SIZE)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if not has_alpha:
        raise ManifestError("The outline icon must have a transparent background (no alpha found).")
    pixels = image.convert("RGBA").tobytes()
    alphas = pixels[3::4]
    if min(alphas) != 0:
        raise ManifestError("The outline icon must have a transparent background.")
    if max(alphas) == 0:
        raise ManifestError("The outline icon is fully transparent: nothing is drawn.")
    for index in range(0, len(pixels), 4):
        if pixels[index + 3] and min(pixels[index : index + 3]) < _WHITE_MIN:
            y, x = divmod(index // 4, OUTLINE_ICON_SIZE[0])
            raise ManifestError(
                "The outline icon must be white on transparent; "
                f"the pixel at ({x}, {y}) is not white."
            )
    return data


# --- output -----------------------------------------------------------------------------------


def _write_zip(out: Path, manifest: dict[str, Any], icons: _Icons) -> Path:
    if out.is_dir():
        raise ManifestError(f"The output {out} is a directory; give a file name like app.zip.")
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    entries = {
        "manifest.json": manifest_bytes,
        "color.png": icons.color,
        "outline.png": icons.outline,
    }
    temporary: str | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".zip.tmp", dir=out.parent)
        with os.fdopen(handle, "wb") as file, zipfile.ZipFile(file, "w") as archive:
            for entry_name, data in entries.items():
                info = zipfile.ZipInfo(entry_name, date_time=_ZIP_TIMESTAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
        os.chmod(temporary, 0o644)  # mkstemp creates 0600; the package is not a secret
        os.replace(temporary, out)
        temporary = None
    except OSError as error:
        raise ManifestError(f"Cannot write {out}: {error.strerror or error}.") from None
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    return out
