"""The app package: what the zip holds, that its manifest passes the official schema, and checks."""

from __future__ import annotations

import argparse
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from manifest import draw_icons
from manifest.package import ManifestError, add_arguments, build_package, run
from tests.manifest.schema import manifest_errors

APP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
BOT_ID = "9b2d6f1c-0a4e-4c6b-8f3d-2e7a1b5c9d04"

REQUIRED = {
    "app_id": APP_ID,
    "developer_name": "Umeå kommun",
    "website_url": "https://www.umea.se/expedition",
    "privacy_url": "https://www.umea.se/integritet",
    "terms_url": "https://www.umea.se/villkor",
}

PERSONAL_COMMANDS = [
    "hjälp",
    "tidsplan",
    "mitt mål",
    "min plan",
    "modul",
    "övningar",
    "fortsätt",
    "börja om",
]


def _build(tmp_path: Path, **overrides: Any) -> Path:
    return build_package(tmp_path / "out" / "app.zip", **{**REQUIRED, **overrides})


def _manifest(package: Path) -> dict[str, Any]:
    with zipfile.ZipFile(package) as archive:
        loaded: dict[str, Any] = json.loads(archive.read("manifest.json").decode("utf-8"))
        return loaded


def _image(package: Path, name: str) -> Image.Image:
    with zipfile.ZipFile(package) as archive:
        image = Image.open(io.BytesIO(archive.read(name)))
        image.load()
        return image


def _png(path: Path, size: tuple[int, int], color: tuple[int, ...], mode: str = "RGBA") -> Path:
    Image.new(mode, size, color).save(path, format="PNG")
    return path


def _outline_with(tmp_path: Path, pixel: tuple[int, int, int, int]) -> Path:
    """A valid-looking outline icon: transparent, a white square, and one chosen pixel."""
    image = Image.new("RGBA", (32, 32), (255, 255, 255, 0))
    for x in range(8, 24):
        for y in range(8, 24):
            image.putpixel((x, y), (255, 255, 255, 255))
    image.putpixel((10, 12), pixel)
    path = tmp_path / "outline.png"
    image.save(path, format="PNG")
    return path


# --- the official schema --------------------------------------------------------------------


def test_full_package_passes_the_official_schema(tmp_path: Path, manifest_validator: Any) -> None:
    package = _build(
        tmp_path,
        bot_id=BOT_ID,
        name="Expeditionsboten Umeå",
        version="2.3.14",
        bot_domain="bot.umea.se",
    )
    assert manifest_errors(manifest_validator, _manifest(package)) == []


def test_default_package_passes_the_official_schema(
    tmp_path: Path, manifest_validator: Any
) -> None:
    assert manifest_errors(manifest_validator, _manifest(_build(tmp_path))) == []


def test_schema_url_names_the_manifest_version(tmp_path: Path) -> None:
    manifest = _manifest(_build(tmp_path))
    version = manifest["manifestVersion"]
    assert manifest["$schema"] == (
        f"https://developer.microsoft.com/en-us/json-schemas/teams/v{version}/"
        "MicrosoftTeams.schema.json"
    )


# --- what the manifest says -----------------------------------------------------------------


def test_manifest_is_filled_in_from_the_inputs(tmp_path: Path) -> None:
    package = _build(
        tmp_path,
        app_id=APP_ID.upper(),
        name="Expeditionsboten Umeå",
        version="1.2.0",
        bot_domain="https://Bot.Umea.se:443/api/messages",
    )
    manifest = _manifest(package)

    assert manifest["id"] == APP_ID
    assert manifest["version"] == "1.2.0"
    assert manifest["name"] == {
        "short": "Expeditionsboten Umeå",
        "full": "Expeditionsboten Umeå – Expedition Innovation",
    }
    assert manifest["developer"] == {
        "name": "Umeå kommun",
        "websiteUrl": "https://www.umea.se/expedition",
        "privacyUrl": "https://www.umea.se/integritet",
        "termsOfUseUrl": "https://www.umea.se/villkor",
    }
    assert manifest["validDomains"] == ["bot.umea.se"]
    assert "${{" not in json.dumps(manifest)


def test_bot_is_conversational_in_every_scope_with_swedish_commands(tmp_path: Path) -> None:
    manifest = _manifest(_build(tmp_path))
    [bot] = manifest["bots"]

    assert bot["botId"] == APP_ID
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    assert bot["isNotificationOnly"] is False
    assert bot["supportsFiles"] is False
    [personal] = [entry for entry in bot["commandLists"] if entry["scopes"] == ["personal"]]
    assert [command["title"] for command in personal["commands"]] == PERSONAL_COMMANDS
    assert all(command["description"].strip() for command in personal["commands"])


def test_texts_are_swedish_about_expedition_innovation(tmp_path: Path) -> None:
    manifest = _manifest(_build(tmp_path))

    assert manifest["localizationInfo"] == {"defaultLanguageTag": "sv-se"}
    assert manifest["name"]["short"] == "Expeditionsboten"
    assert "Expedition Innovation" in manifest["description"]["short"]
    full = manifest["description"]["full"]
    for phrase in ("Expedition Innovation", "innovationsledning", "Innovationsteam",
                   "Arbetsboken", "kalendrar"):  # fmt: skip
        assert phrase in full


def test_separate_bot_id_is_used_for_the_bot(tmp_path: Path) -> None:
    manifest = _manifest(_build(tmp_path, bot_id=BOT_ID.upper()))
    assert manifest["id"] == APP_ID
    assert manifest["bots"][0]["botId"] == BOT_ID


def test_no_domain_means_no_valid_domains(tmp_path: Path) -> None:
    assert _manifest(_build(tmp_path))["validDomains"] == []


def test_accent_color_matches_the_color_icon(tmp_path: Path) -> None:
    package = _build(tmp_path)
    accent = _manifest(package)["accentColor"]
    corner = _image(package, "color.png").convert("RGB").getpixel((2, 2))
    assert accent.lower() == "#{:02x}{:02x}{:02x}".format(*corner)
    assert accent.lower() == "#{:02x}{:02x}{:02x}".format(*draw_icons.ACCENT)


# --- the zip and its icons ------------------------------------------------------------------


def test_zip_holds_exactly_manifest_and_icons_at_the_root(tmp_path: Path) -> None:
    package = _build(tmp_path)
    assert package == tmp_path / "out" / "app.zip"
    with zipfile.ZipFile(package) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        assert archive.testzip() is None
    manifest = _manifest(package)
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}


def test_built_in_icons_have_teams_sizes_and_outline_is_white_on_transparent(
    tmp_path: Path,
) -> None:
    package = _build(tmp_path)
    color = _image(package, "color.png")
    outline = _image(package, "outline.png")

    assert (color.format, color.size) == ("PNG", (192, 192))
    rgb = color.convert("RGB").tobytes()
    assert len({rgb[i : i + 3] for i in range(0, len(rgb), 3)}) > 3, "a full-colour icon"

    assert (outline.format, outline.size, outline.mode) == ("PNG", (32, 32), "RGBA")
    rgba = outline.tobytes()
    alphas = rgba[3::4]
    assert min(alphas) == 0, "background must be transparent"
    assert sum(alpha == 255 for alpha in alphas) > 50, "the compass must be visible"
    drawn = {rgba[i : i + 3] for i in range(0, len(rgba), 4) if rgba[i + 3]}
    assert drawn == {b"\xff\xff\xff"}


def test_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    first = build_package(tmp_path / "a.zip", **REQUIRED).read_bytes()
    second = build_package(tmp_path / "b.zip", **REQUIRED).read_bytes()
    assert first == second


def test_custom_icons_go_into_the_package(tmp_path: Path) -> None:
    color, outline = draw_icons.write_icons(tmp_path / "icons")
    package = _build(tmp_path, color_icon=color, outline_icon=outline)
    with zipfile.ZipFile(package) as archive:
        assert archive.read("color.png") == color.read_bytes()
        assert archive.read("outline.png") == outline.read_bytes()


def test_outline_icon_with_a_palette_and_transparency_is_accepted(tmp_path: Path) -> None:
    image = Image.new("P", (32, 32), 0)
    image.putpalette([0, 0, 0, 255, 255, 255])
    for x in range(4, 28):
        image.putpixel((x, 16), 1)
    path = tmp_path / "outline.png"
    image.save(path, format="PNG", transparency=0)
    assert _build(tmp_path, outline_icon=path).is_file()


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "app_id",
    [
        "",
        "expeditionsboten",
        "3f2504e0-4f89-11d3-9a0c-0305e82c330",  # one digit short
        "3f2504e04f8911d39a0c0305e82c3301",  # no hyphens
        "{3f2504e0-4f89-11d3-9a0c-0305e82c3301}",
        "3f2504e0-4f89-11d3-9a0c-0305e82c330g",
    ],
)
def test_app_id_must_be_a_guid(tmp_path: Path, app_id: str) -> None:
    with pytest.raises(ManifestError, match="app id must be a GUID"):
        _build(tmp_path, app_id=app_id)
    assert not (tmp_path / "out").exists()


def test_all_zero_app_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="all-zero GUID"):
        _build(tmp_path, app_id="00000000-0000-0000-0000-000000000000")


def test_bot_id_must_be_a_guid(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="bot id must be a GUID"):
        _build(tmp_path, bot_id="bot")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "Expeditionsboten för Umeå kommun"}, "app name may be at most 30"),
        ({"name": "   "}, "app name must not be empty"),
        ({"developer_name": "x" * 33}, "developer name may be at most 32"),
        ({"version": "1.0"}, "MAJOR.MINOR.PATCH"),
        ({"version": "1.0.0-beta"}, "MAJOR.MINOR.PATCH"),
        ({"version": "01.0.0"}, "MAJOR.MINOR.PATCH"),
        ({"website_url": "http://www.umea.se"}, "website URL must be an https://"),
        ({"privacy_url": "www.umea.se/integritet"}, "privacy URL must be an https://"),
        ({"terms_url": "https://"}, "terms of use URL must be an https://"),
        ({"bot_domain": "bot umea se"}, "bot domain must be a public host name"),
        ({"bot_domain": "localhost"}, "bot domain must be a public host name"),
        ({"bot_domain": "bot.umea.se/api"}, "bot domain must be a public host name"),
        ({"bot_domain": "-bot.umea.se"}, "bot domain must be a public host name"),
    ],
)
def test_bad_fields_are_refused(tmp_path: Path, overrides: dict[str, str], message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        _build(tmp_path, **overrides)
    assert not (tmp_path / "out").exists()


def test_international_domain_is_punycoded(tmp_path: Path) -> None:
    manifest = _manifest(_build(tmp_path, bot_domain="bot.åre.se"))
    assert manifest["validDomains"] == ["bot.xn--re-xia.se"]


def test_color_icon_must_be_192_pixels(tmp_path: Path) -> None:
    icon = _png(tmp_path / "color.png", (128, 128), (200, 30, 30, 255))
    with pytest.raises(ManifestError, match="color icon must be 192x192 pixels, got 128x128"):
        _build(tmp_path, color_icon=icon)


def test_outline_icon_must_be_32_pixels(tmp_path: Path) -> None:
    icon = _png(tmp_path / "outline.png", (64, 64), (255, 255, 255, 0))
    with pytest.raises(ManifestError, match="outline icon must be 32x32 pixels"):
        _build(tmp_path, outline_icon=icon)


def test_outline_icon_without_alpha_is_refused(tmp_path: Path) -> None:
    icon = _png(tmp_path / "outline.png", (32, 32), (255, 255, 255), mode="RGB")
    with pytest.raises(ManifestError, match="transparent background"):
        _build(tmp_path, outline_icon=icon)


def test_outline_icon_with_an_opaque_background_is_refused(tmp_path: Path) -> None:
    icon = _png(tmp_path / "outline.png", (32, 32), (255, 255, 255, 255))
    with pytest.raises(ManifestError, match="transparent background"):
        _build(tmp_path, outline_icon=icon)


def test_empty_outline_icon_is_refused(tmp_path: Path) -> None:
    icon = _png(tmp_path / "outline.png", (32, 32), (255, 255, 255, 0))
    with pytest.raises(ManifestError, match="fully transparent"):
        _build(tmp_path, outline_icon=icon)


def test_outline_icon_with_a_coloured_pixel_is_refused(tmp_path: Path) -> None:
    icon = _outline_with(tmp_path, (30, 120, 200, 255))
    with pytest.raises(ManifestError, match=r"pixel at \(10, 12\) is not white"):
        _build(tmp_path, outline_icon=icon)


def test_outline_icon_check_passes_the_same_icon_when_white(tmp_path: Path) -> None:
    icon = _outline_with(tmp_path, (255, 255, 255, 128))
    assert _build(tmp_path, outline_icon=icon).is_file()


def test_icon_must_be_a_png(tmp_path: Path) -> None:
    icon = tmp_path / "color.jpg"
    Image.new("RGB", (192, 192), (200, 30, 30)).save(icon, format="JPEG")
    with pytest.raises(ManifestError, match="color icon must be a PNG file, got JPEG"):
        _build(tmp_path, color_icon=icon)


def test_icon_that_is_not_an_image_is_refused(tmp_path: Path) -> None:
    icon = tmp_path / "color.png"
    icon.write_text("not a picture")
    with pytest.raises(ManifestError, match="not a readable image"):
        _build(tmp_path, color_icon=icon)


def test_missing_icon_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match=r"Cannot read the icon .*missing\.png"):
        _build(tmp_path, color_icon=tmp_path / "missing.png")


def test_output_that_is_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="is a directory"):
        build_package(tmp_path, **REQUIRED)


def test_unwritable_output_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ManifestError, match="Cannot write"):
        build_package(blocker / "app.zip", **REQUIRED)


# --- the command line -----------------------------------------------------------------------


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="expeditionsboten manifest")
    add_arguments(parser)
    return parser.parse_args(list(argv))


def test_cli_builds_the_package_and_prints_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "umea.zip"
    args = _parse(
        "--app-id", APP_ID, "--name", "Expeditionsboten Umeå", "--out", str(out),
        "--app-version", "1.4.0", "--developer-name", "Umeå kommun",
        "--website", "https://www.umea.se/expedition", "--privacy", "https://www.umea.se/integritet",
        "--terms", "https://www.umea.se/villkor", "--domain", "bot.umea.se",
    )  # fmt: skip

    assert run(args) == 0

    captured = capsys.readouterr()
    assert captured.out == f"{out}\n"
    assert captured.err == ""
    manifest = _manifest(out)
    assert manifest["name"]["short"] == "Expeditionsboten Umeå"
    assert manifest["version"] == "1.4.0"
    assert manifest["developer"]["termsOfUseUrl"] == "https://www.umea.se/villkor"
    assert manifest["validDomains"] == ["bot.umea.se"]


def test_cli_defaults_fill_the_developer_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], manifest_validator: Any
) -> None:
    out = tmp_path / "app.zip"
    assert run(_parse("--app-id", APP_ID, "--out", str(out), "--website", "https://a.se/")) == 0

    developer = _manifest(out)["developer"]
    assert developer["name"] == "Expedition Innovation"
    assert developer["privacyUrl"] == developer["termsOfUseUrl"] == "https://a.se/"
    assert manifest_errors(manifest_validator, _manifest(out)) == []
    assert capsys.readouterr().out == f"{out}\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--app-id", "not-a-guid"], "app id must be a GUID"),
        (["--app-id", APP_ID, "--domain", "https://"], "bot domain"),
        (["--app-id", APP_ID, "--privacy", "ftp://umea.se"], "privacy URL"),
        (["--app-id", APP_ID, "--name", "x" * 31], "app name"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    out = tmp_path / "app.zip"
    assert run(_parse(*argv, "--out", str(out))) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("expeditionsboten manifest: ")
    assert message in captured.err
    assert captured.err.count("\n") == 1
    assert not out.exists()


def test_cli_requires_app_id_and_out(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        _parse("--out", "app.zip")
    assert exited.value.code == 2
    assert "--app-id" in capsys.readouterr().err
