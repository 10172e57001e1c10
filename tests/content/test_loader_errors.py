"""Broken content files are refused with a message naming the file and the field."""

import re
from pathlib import Path
from typing import Any

import pytest

from content import ContentError, load_content
from content.loader import DATA_DIR

from .conftest import EditYaml


def load_error(data_dir: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_content(data_dir)
    return str(caught.value)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_real_files_are_named_relative_to_the_project() -> None:
    error = ContentError(DATA_DIR / "exercises.yaml", ["exercises.3.minutes: fel"])
    assert str(error) == "content/data/exercises.yaml: exercises.3.minutes: fel"


def test_a_wrong_type_names_file_and_field(data_dir: Path, edit_yaml: EditYaml) -> None:
    def break_minutes(data: Any) -> None:
        data["exercises"][3]["minutes"] = "trettio"

    path = edit_yaml("exercises.yaml", break_minutes)
    message = load_error(data_dir)
    assert message.startswith(f"{path}: exercises.3.minutes: Input should be a valid integer")


def test_a_misspelt_key_is_refused(data_dir: Path) -> None:
    path = data_dir / "maturity.yaml"
    replace_in(path, "    integration: Provad innovation", "    integrations: Provad innovation")
    message = load_error(data_dir)
    assert f"{path}: grades.1.integrations: Extra inputs are not permitted" in message
    assert f"{path}: grades.1.integration: Field required" in message


def test_a_missing_file_is_named(data_dir: Path) -> None:
    (data_dir / "social_learning.yaml").unlink()
    assert load_error(data_dir) == f"{data_dir / 'social_learning.yaml'}: the file is missing"


def test_bad_yaml_gives_the_line(data_dir: Path) -> None:
    path = data_dir / "parts_of_day.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "label: Förmiddag" in line)
    lines[number - 1] = "    label: [Förmiddag"
    path.write_text("\n".join(lines), encoding="utf-8")
    message = load_error(data_dir)
    assert message.startswith(f"{path}: invalid YAML at line ")
    line = int(re.search(r"line (\d+)", message)[1])
    assert number <= line <= number + 2


def test_a_key_given_twice_is_refused(data_dir: Path) -> None:
    path = data_dir / "messages.yaml"
    replace_in(path, "booked_title: Bokat!", "booked_title: Bokat!\nbooked_title: Klart!")
    message = load_error(data_dir)
    assert message.startswith(f"{path}: invalid YAML at line")
    assert "'booked_title' is given twice" in message


def test_a_duplicate_id_is_refused(data_dir: Path, edit_yaml: EditYaml) -> None:
    def duplicate(data: Any) -> None:
        data["modules"][5]["id"] = data["modules"][4]["id"]

    path = edit_yaml("modules.yaml", duplicate)
    assert load_error(data_dir) == f"{path}: modules: duplicate module id 'new_ideas'"


def test_a_lost_exercise_is_refused(data_dir: Path, edit_yaml: EditYaml) -> None:
    def drop_last(data: Any) -> None:
        data["exercises"].pop()

    path = edit_yaml("exercises.yaml", drop_last)
    assert load_error(data_dir) == f"{path}: exercises: expected 17 exercises, found 16"


def test_exercises_must_be_numbered_in_order(data_dir: Path, edit_yaml: EditYaml) -> None:
    def swap(data: Any) -> None:
        data["exercises"][0]["number"], data["exercises"][1]["number"] = 2, 1

    path = edit_yaml("exercises.yaml", swap)
    assert load_error(data_dir).startswith(
        f"{path}: exercises: exercises must be numbered [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, "
        "12, 13, 14, 15, 16, 17], found [2, 1, 3,"
    )


def test_a_duration_that_contradicts_the_minutes(data_dir: Path, edit_yaml: EditYaml) -> None:
    def contradict(data: Any) -> None:
        data["exercises"][8]["sessions"] = 1

    path = edit_yaml("exercises.yaml", contradict)
    message = load_error(data_dir)
    assert message.startswith(f"{path}: exercises.8: duration '10 x 10 min' means minutes=10")


def test_a_missing_maturity_cell_is_refused(data_dir: Path, edit_yaml: EditYaml) -> None:
    def drop_cell(data: Any) -> None:
        del data["areas"][2]["levels"][3]

    path = edit_yaml("maturity.yaml", drop_cell)
    assert load_error(data_dir) == (
        f"{path}: areas: area 'structure' must have a text for each grade [1, 2, 3, 4], "
        "found [1, 2, 4]"
    )


def test_a_fifth_maturity_area_is_refused(data_dir: Path, edit_yaml: EditYaml) -> None:
    def add_area(data: Any) -> None:
        data["areas"].append({**data["areas"][0], "id": "extra"})

    path = edit_yaml("maturity.yaml", add_area)
    assert load_error(data_dir) == f"{path}: areas: expected 4, found 5"


def test_a_misspelt_placeholder_is_refused(data_dir: Path) -> None:
    path = data_dir / "messages.yaml"
    replace_in(path, "Välkommen {first_name}!", "Välkommen {firstname}!")
    assert load_error(data_dir) == (
        f"{path}: welcome_title: placeholders must be {{first_name}}, found {{firstname}}"
    )


def test_a_template_without_its_placeholder_is_refused(data_dir: Path) -> None:
    path = data_dir / "messages.yaml"
    replace_in(path, "Imorgon kl. {time} har", "Imorgon har")
    assert load_error(data_dir) == f"{path}: reminder: placeholders must be {{time}}, found none"


def test_a_placeholder_in_plain_text_is_refused(data_dir: Path) -> None:
    path = data_dir / "messages.yaml"
    replace_in(path, "confirm_button: Bekräfta tid", "confirm_button: Bekräfta {tid}")
    assert load_error(data_dir).startswith(f"{path}: confirm_button: plain text cannot contain")


def test_an_unquoted_clock_time_is_refused(data_dir: Path) -> None:
    # YAML 1.1 reads 17:00 as the number 1020 (base 60), which would become 00:17:00.
    path = data_dir / "parts_of_day.yaml"
    replace_in(path, 'start: "17:00"', "start: 17:00")
    assert load_error(data_dir) == (
        f'{path}: parts_of_day.3.start: must be a quoted "HH:MM" time, e.g. "07:00"'
    )


def test_overlapping_parts_of_day_are_refused(data_dir: Path) -> None:
    path = data_dir / "parts_of_day.yaml"
    replace_in(path, 'start: "09:00"', 'start: "08:30"')
    assert load_error(data_dir) == f"{path}: parts_of_day: forenoon starts before morning ends"


def test_a_module_must_list_its_themes_exercises(data_dir: Path, edit_yaml: EditYaml) -> None:
    def drop_exercise(data: Any) -> None:
        data["modules"][2]["exercise_numbers"] = [5, 6, 7, 8]

    path = edit_yaml("modules.yaml", drop_exercise)
    assert load_error(data_dir) == (
        f"{path}: modules.2.exercise_numbers: theme 'make_room' has exercises "
        "[5, 6, 7, 8, 9], found [5, 6, 7, 8]"
    )


def test_an_unknown_time_zone_is_refused(data_dir: Path) -> None:
    path = data_dir / "journey.yaml"
    replace_in(path, "time_zone: Europe/Stockholm", "time_zone: Europe/Stokholm")
    assert load_error(data_dir) == (
        f"{path}: default_organisation.time_zone: unknown IANA time zone 'Europe/Stokholm'"
    )


# --- a library exercise: its parts, their limits and what it builds on ------------------------


def exercise_error(data_dir: Path, edit_yaml: EditYaml, change: Any) -> str:
    def edit(data: Any) -> None:
        change(data["exercises"])

    edit_yaml("exercises.yaml", edit)
    return load_error(data_dir)


def test_builds_on_in_a_circle_is_refused(data_dir: Path, edit_yaml: EditYaml) -> None:
    def circle(exercises: Any) -> None:
        exercises[9]["builds_on"] = [12]  # 10 -> 12 -> 10 (12 builds on 10 and 11)

    assert "exercises: builds_on goes in a circle: 10 -> 12 -> 10" in exercise_error(
        data_dir, edit_yaml, circle
    )


def test_builds_on_an_unknown_or_the_same_exercise(data_dir: Path, edit_yaml: EditYaml) -> None:
    def unknown(exercises: Any) -> None:
        exercises[0]["builds_on"] = [18]

    assert "exercise 1 builds on unknown exercises [18]" in exercise_error(
        data_dir, edit_yaml, unknown
    )


def test_an_exercise_cannot_build_on_itself(data_dir: Path, edit_yaml: EditYaml) -> None:
    def itself(exercises: Any) -> None:
        exercises[2]["builds_on"] = [3]

    assert "exercises.2: exercise 3 cannot build on itself" in exercise_error(
        data_dir, edit_yaml, itself
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda e: e.update(steps=e["steps"][:2]),
            "exercises.0.steps: Tuple should have at least 3",
        ),
        (
            lambda e: e.update(steps=e["steps"] * 2),
            "exercises.0.steps: Tuple should have at most 6",
        ),
        (lambda e: e["steps"][1].pop("tip"), "exercises.0.steps.1.tip: Field required"),
        (
            lambda e: e.update(reflection_questions=e["reflection_questions"][:1]),
            "exercises.0.reflection_questions: Tuple should have at least 2",
        ),
        (
            lambda e: e.update(introduction="Ord " * 101),
            "exercises.0.introduction: at most 400 characters fit here, found 403",
        ),
        (lambda e: e.pop("share"), "exercises.0.share: Field required"),
    ],
)
def test_a_part_missing_or_too_long_is_refused(
    data_dir: Path, edit_yaml: EditYaml, change: Any, expected: str
) -> None:
    assert expected in exercise_error(data_dir, edit_yaml, lambda e: change(e[0]))


def test_an_exercise_too_long_for_a_card_is_refused(data_dir: Path, edit_yaml: EditYaml) -> None:
    def wall(exercises: Any) -> None:
        step = {"text": "Gör så här. " * 18, "tip": "Tips."}  # 216 characters, within a step
        exercises[0]["steps"] = [step] * 6

    message = exercise_error(data_dir, edit_yaml, wall)
    assert "exercise 1 shows" in message and "at most 1400 fit a card without a wall" in message
