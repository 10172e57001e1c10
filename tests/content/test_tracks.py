"""Audience tracks: every track folder validates with the leaders' checks, and a broken track
file is refused naming the file and the field."""

from pathlib import Path
from typing import Any

import pytest

from content import Content, ContentError, load_content
from content.loader import DATA_DIR
from content.tracks import TRACKS_DIR

from .conftest import EditYaml

POLITICIANS = "fortroendevalda"
TRACK = f"{TRACKS_DIR}/{POLITICIANS}"


def load_error(data_dir: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_content(data_dir)
    return str(caught.value)


def test_every_track_folder_is_loaded_after_the_leaders(content: Content) -> None:
    folders = sorted(p.name for p in (DATA_DIR / TRACKS_DIR).iterdir() if p.is_dir())
    assert [track.id for track in content.tracks] == ["ledare", *folders]
    assert POLITICIANS in folders
    leaders = content.default_track
    assert leaders.name == "Ledare"
    assert leaders.modules == content.modules and leaders.exercises == content.exercises
    assert leaders.area_themes == content.workbook.area_themes


@pytest.mark.parametrize("track_id", [t.id for t in load_content().tracks])
def test_each_track_is_a_whole_curriculum(content: Content, track_id: str) -> None:
    view = content.for_track(track_id)
    assert view.track_id == track_id
    library = view.exercises
    for module in view.modules:
        assert module.behaviour_exercises or module.exercise_numbers
        for number in module.exercise_numbers:
            assert library.get(number).theme == module.theme
    themes = {theme.id for theme in library.themes}
    assert set(view.workbook.area_themes) == {area.id for area in view.maturity.areas}
    assert set(view.workbook.area_themes.values()) <= themes


def test_the_politicians_track_is_short_and_on_seed_003(content: Content) -> None:
    track = content.track(POLITICIANS)
    assert track is not None and track.name == "Förtroendevalda"
    assert [module.number for module in track.modules] == [1, 2, 3]
    assert [theme.id for theme in track.exercises.themes] == [
        "user_driven",
        "service_design",
        "elected_role",
    ]
    assert all(e.total_minutes <= 90 for e in track.exercises.exercises)
    leader_ids = {module.id for module in content.modules}
    assert leader_ids.isdisjoint(module.id for module in track.modules)


def test_another_track_changes_the_curriculum_and_nothing_else(content: Content) -> None:
    view = content.for_track(POLITICIANS)
    assert view.modules != content.modules
    assert view.messages is content.messages and view.organisation is content.organisation
    assert view.maturity is content.maturity
    assert content.for_track(None) is content
    assert content.for_track("ledare") is content
    assert content.for_track("finns_inte") is content  # a track removed since: the default


def test_a_broken_track_file_names_file_and_field(data_dir: Path, edit_yaml: EditYaml) -> None:
    def break_minutes(data: Any) -> None:
        data["exercises"][2]["minutes"] = "nittio"

    path = edit_yaml(f"{TRACK}/exercises.yaml", break_minutes)
    message = load_error(data_dir)
    assert message.startswith(f"{path}: exercises.2.minutes: Input should be a valid integer")


def test_a_track_step_over_the_limit_is_refused(data_dir: Path, edit_yaml: EditYaml) -> None:
    def long_step(data: Any) -> None:
        data["exercises"][0]["steps"][1]["text"] = "Lyssna. " * 40

    path = edit_yaml(f"{TRACK}/exercises.yaml", long_step)
    message = load_error(data_dir)
    assert message.startswith(f"{path}: exercises.0.steps.1.text: ")
    assert "220" in message


def test_a_lost_track_exercise_is_refused(data_dir: Path, edit_yaml: EditYaml) -> None:
    def drop_last(data: Any) -> None:
        data["exercises"].pop()

    path = edit_yaml(f"{TRACK}/exercises.yaml", drop_last)
    assert load_error(data_dir) == f"{path}: exercises: expected 6 exercises, found 5"


def test_a_track_module_must_list_its_themes_exercises(data_dir: Path, edit_yaml: EditYaml) -> None:
    def wrong(data: Any) -> None:
        data["modules"][1]["exercise_numbers"] = [3]

    path = edit_yaml(f"{TRACK}/modules.yaml", wrong)
    assert load_error(data_dir) == (
        f"{path}: modules.1.exercise_numbers: theme 'service_design' has exercises [3, 4], "
        "found [3]"
    )


def test_a_track_needs_a_theme_for_each_maturity_area(data_dir: Path, edit_yaml: EditYaml) -> None:
    def drop(data: Any) -> None:
        del data["area_themes"]["structure"]
        data["area_themes"]["culture"] = "no_such_theme"

    path = edit_yaml(f"{TRACK}/track.yaml", drop)
    message = load_error(data_dir)
    assert f"{path}: area_themes: no theme for area 'structure'" in message
    assert f"{path}: area_themes.culture: unknown theme 'no_such_theme'" in message


def test_a_track_is_named_by_its_folder(data_dir: Path) -> None:
    (data_dir / TRACK).rename(data_dir / TRACKS_DIR / "politiker")
    path = data_dir / TRACKS_DIR / "politiker" / "track.yaml"
    assert load_error(data_dir) == (
        f"{path}: id: 'fortroendevalda' must be the folder's name 'politiker'"
    )


def test_a_module_id_means_one_module_across_tracks(data_dir: Path, edit_yaml: EditYaml) -> None:
    def reuse(data: Any) -> None:
        data["modules"][0]["id"] = "new_ideas"

    path = edit_yaml(f"{TRACK}/modules.yaml", reuse)
    assert load_error(data_dir) == (
        f"{path}: modules.0.id: 'new_ideas' is already a module of track 'ledare'"
    )


def test_a_track_folder_missing_a_file_is_named(data_dir: Path) -> None:
    (data_dir / TRACK / "modules.yaml").unlink()
    path = data_dir / TRACK / "modules.yaml"
    assert load_error(data_dir) == f"{path}: the file is missing"
