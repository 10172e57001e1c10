"""Reads and validates the curriculum files once, at start-up.

Any problem is a ContentError naming the file and the field path, so an editor of the YAML
files can fix it without reading Python.
"""

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from content.contacts import ContactTexts
from content.coordination import CoordinationTexts
from content.curriculum import ExerciseLibrary, Module, ModulesFile
from content.evaluations import EvaluationTexts
from content.journey import JourneyFile, PartsOfDayFile
from content.language import ENGLISH, SWEDISH, TWIN_DIRS, Language
from content.language_texts import LanguageTexts
from content.learning_texts import LearningFile
from content.maturity import MaturityModel
from content.messages import Messages, understanding_both
from content.models import Content
from content.onboarding_texts import OnboardingTexts
from content.overrides import GREETING, THANKS, OrganisationOverride
from content.regional_sharing import RegionalSharingTexts
from content.social_learning import SocialLearning
from content.tracks import TRACKS_DIR, Track, TrackFile
from content.workbook_texts import WorkbookFile

DATA_DIR = Path(__file__).resolve().parent / "data"
_PROJECT_ROOT = DATA_DIR.parent.parent

# The seed's model has exactly this shape; a file that loses a maturity cell is broken, not a
# smaller model. (Each track's track.yaml gives the size of its exercise library.)
MATURITY_GRADES = 4
MATURITY_AREAS = 4

M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """A content file is missing or wrong; the message names the file and the field."""

    def __init__(self, file: Path, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        shown = _shown(file)
        super().__init__("\n".join(f"{shown}: {problem}" for problem in problems))


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(_PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)


if TYPE_CHECKING:
    # Either loader constructs as SafeConstructor does; the C one only parses faster.
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):
    """Safe loader that rejects a key given twice (PyYAML silently keeps the last one)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(path, ["the file is missing"]) from None
    except UnicodeDecodeError as error:
        raise ContentError(
            path, [f"not UTF-8 text ({error.reason} at byte {error.start})"]
        ) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        problem = error.problem or error.context or "unreadable"
        raise ContentError(path, [f"invalid YAML at {where}: {problem}"]) from None
    except yaml.YAMLError as error:
        raise ContentError(path, [f"invalid YAML: {error}"]) from None


def _field_path(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location) or "(top level)"


def _parse(path: Path, model: type[M], twin: Path | None = None) -> M:
    """The file validated by `model`; with `twin` (an English file mirroring it) the twin's
    texts over the file's first. A problem then names the twin: the file alone loaded."""
    data = _read_yaml(path)
    if twin is not None and twin.is_file():
        path, data = twin, overlay(data, _read_yaml(twin), twin)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{_field_path(e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
            for e in error.errors()
        ]
        raise ContentError(path, problems) from None


def overlay(base: Any, twin: Any, twin_path: Path, where: tuple[Any, ...] = ()) -> Any:
    """`twin` over `base`: mappings key by key, lists item by item, texts replaced (a list of
    plain texts too, whole: words users type may be more in one language); what the twin
    leaves out (or leaves empty) stays `base`'s, so a half-translated file still loads. A twin
    may not change the shape: a key or item the base lacks, or a list for a text, is an error."""
    if twin is None:
        return base
    if isinstance(base, dict) and isinstance(twin, dict):
        unknown = sorted(str(key) for key in twin if key not in base)
        if unknown:
            raise ContentError(
                twin_path, [f"{_field_path(where)}: keys {unknown} are not in the Swedish file"]
            )
        return {
            key: overlay(value, twin.get(key), twin_path, (*where, key))
            for key, value in base.items()
        }
    if isinstance(base, list) and isinstance(twin, list):
        if _words(base) and _words(twin):
            # A list of plain texts (synonyms, greetings) is the language's own words: English
            # keeps the Swedish ones and adds its own, so the twin replaces it whole.
            return twin
        if len(twin) > len(base):
            raise ContentError(
                twin_path,
                [f"{_field_path(where)}: {len(twin)} items, the Swedish file has {len(base)}"],
            )
        return [
            overlay(value, twin[index] if index < len(twin) else None, twin_path, (*where, index))
            for index, value in enumerate(base)
        ]
    if type(base) is not type(twin):
        raise ContentError(
            twin_path,
            [f"{_field_path(where)}: {_kind(twin)} where the Swedish file has {_kind(base)}"],
        )
    return twin


def _words(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(item, str) for item in items)


def _kind(value: Any) -> str:
    return f"a {type(value).__name__}"


@dataclass(frozen=True, slots=True)
class _Files:
    """The content files of one language: Swedish as they are, another language's with its twins
    (data_dir/en/<the same path>) over them."""

    data_dir: Path
    language: Language

    def parse(self, path: Path, model: type[M]) -> M:
        return _parse(path, model, self.twin(path))

    def twin(self, path: Path) -> Path | None:
        folder = TWIN_DIRS.get(self.language)
        if folder is None:
            return None
        return self.data_dir / folder / path.relative_to(self.data_dir)


def _check_shape(data_dir: Path, maturity: MaturityModel) -> None:
    problems = []
    if len(maturity.grades) != MATURITY_GRADES:
        problems.append(f"grades: expected {MATURITY_GRADES}, found {len(maturity.grades)}")
    if len(maturity.areas) != MATURITY_AREAS:
        problems.append(f"areas: expected {MATURITY_AREAS}, found {len(maturity.areas)}")
    if problems:
        raise ContentError(data_dir / "maturity.yaml", problems)


def _check_modules(path: Path, modules: tuple[Module, ...], library: ExerciseLibrary) -> None:
    """Each theme has one module, and a module lists exactly its theme's exercises."""
    problems = []
    theme_ids = {theme.id for theme in library.themes}
    covered = set()
    for index, module in enumerate(modules):
        if module.theme is None:
            continue
        if module.theme not in theme_ids:
            problems.append(f"modules.{index}.theme: unknown theme {module.theme!r}")
            continue
        covered.add(module.theme)
        expected = tuple(exercise.number for exercise in library.for_theme(module.theme))
        if module.exercise_numbers != expected:
            problems.append(
                f"modules.{index}.exercise_numbers: theme {module.theme!r} has exercises "
                f"{list(expected)}, found {list(module.exercise_numbers)}"
            )
    problems += [f"modules: no module for theme {t!r}" for t in sorted(theme_ids - covered)]
    if problems:
        raise ContentError(path, problems)


def _check_area_themes(
    path: Path,
    field: str,
    mapping: dict[str, str] | None,
    maturity: MaturityModel,
    library: ExerciseLibrary,
) -> dict[str, str]:
    """Every maturity area names one theme of the exercise library (the suggested exercises)."""
    if mapping is None:
        raise ContentError(path, [f"{field}: Field required (a theme for each maturity area)"])
    areas = {area.id for area in maturity.areas}
    themes = {theme.id for theme in library.themes}
    missing, unknown = sorted(areas - set(mapping)), sorted(set(mapping) - areas)
    problems = [f"{field}: no theme for area {area!r}" for area in missing]
    problems += [f"{field}: unknown area {area!r}" for area in unknown]
    problems += [
        f"{field}.{area}: unknown theme {theme!r}"
        for area, theme in mapping.items()
        if theme not in themes
    ]
    if problems:
        raise ContentError(path, problems)
    return mapping


def _load_track(
    files: _Files, folder: Path, maturity: MaturityModel, workbook: WorkbookFile | None = None
) -> Track:
    """One track's folder, checked as the default track is: the same models, the same checks.
    `workbook`: the default track's area themes are workbook.yaml's, not its track.yaml's."""
    info = files.parse(folder / "track.yaml", TrackFile)
    modules = files.parse(folder / "modules.yaml", ModulesFile)
    library = files.parse(folder / "exercises.yaml", ExerciseLibrary)
    if (found := len(library.exercises)) != info.exercise_count:
        raise ContentError(
            folder / "exercises.yaml",
            [f"exercises: expected {info.exercise_count} exercises, found {found}"],
        )
    _check_modules(folder / "modules.yaml", modules.modules, library)
    if workbook is not None:
        if info.area_themes is not None:
            raise ContentError(
                folder / "track.yaml",
                ["area_themes: the default track's are workbook.yaml's area_themes"],
            )
        area_themes = _check_area_themes(
            folder / "workbook.yaml",
            "workbook.area_themes",
            workbook.workbook.area_themes,
            maturity,
            library,
        )
    else:
        area_themes = _check_area_themes(
            folder / "track.yaml", "area_themes", info.area_themes, maturity, library
        )
    return Track(
        id=info.id,
        name=info.name,
        description=info.description,
        modules=modules.modules,
        exercises=library,
        area_themes=area_themes,
        library_intro=info.library_intro,
    )


def _load_tracks(files: _Files, maturity: MaturityModel, workbook: WorkbookFile) -> list[Track]:
    """The default track (data_dir's own files) first, then each folder of data_dir/tracks."""
    data_dir = files.data_dir
    tracks = [_load_track(files, data_dir, maturity, workbook)]
    module_owner = {module.id: tracks[0].id for module in tracks[0].modules}
    folder = data_dir / TRACKS_DIR
    for track_dir in sorted(folder.iterdir() if folder.is_dir() else ()):
        if not track_dir.is_dir():
            continue
        track = _load_track(files, track_dir, maturity)
        if track.id != track_dir.name:
            raise ContentError(
                track_dir / "track.yaml",
                [f"id: {track.id!r} must be the folder's name {track_dir.name!r}"],
            )
        if track.id == tracks[0].id:
            raise ContentError(
                track_dir / "track.yaml", [f"id: {track.id!r} is the default track's"]
            )
        # Progress is stored by module id: a module id means one module, whatever the track.
        problems = [
            f"modules.{index}.id: {module.id!r} is already a module of track "
            f"{module_owner[module.id]!r}"
            for index, module in enumerate(track.modules)
            if module.id in module_owner
        ]
        if problems:
            raise ContentError(track_dir / "modules.yaml", problems)
        module_owner |= {module.id: track.id for module in track.modules}
        tracks.append(track)
    return tracks


def _organisation_files(directories: list[Path | None]) -> Iterator[Path]:
    for directory in directories:
        if directory is None:
            continue
        if not directory.is_dir():
            raise ContentError(directory, ["the organisations directory is missing"])
        yield from sorted(directory.glob("*.yaml"))


def _load_overrides(directories: list[Path | None], content: Content) -> list[OrganisationOverride]:
    module_ids = {module.id for module in content.modules}
    command_ids = {entry.id for entry in content.messages.help_commands} | {GREETING, THANKS}
    owner: dict[str, Path] = {}
    overrides = []
    for path in _organisation_files(directories):
        override = _parse(path, OrganisationOverride)
        unknown = sorted(set(override.films) - module_ids)
        if unknown:
            raise ContentError(path, [f"films: unknown module ids {unknown}"])
        unknown = sorted(set(override.synonyms) - command_ids)
        if unknown:
            raise ContentError(path, [f"synonyms: unknown command ids {unknown}"])
        numbers = {exercise.number for exercise in content.exercises.exercises}
        if unknown_numbers := sorted(set(override.exercise_examples) - numbers):
            raise ContentError(path, [f"exercise_examples: unknown exercises {unknown_numbers}"])
        for tenant_id in override.tenant_ids:
            if tenant_id in owner:
                raise ContentError(
                    path, [f"tenant_ids: {tenant_id} is already used by {_shown(owner[tenant_id])}"]
                )
            owner[tenant_id] = path
        overrides.append(override)
    return overrides


def load_content(data_dir: Path | None = None, organisations_dir: Path | None = None) -> Content:
    """Load every content file from `data_dir` (default: content/data) and validate it, in
    Swedish and in English (each English twin, data_dir/en/..., over its Swedish file).

    Organisation overrides come from `data_dir/organisations/*.yaml` and, if given, from
    `organisations_dir` (where operators put their own organisation's file). They are the
    organisation's own texts, in one language, applied over both.
    """
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    swedish = _load_language(_Files(data_dir, SWEDISH))
    english = _load_language(_Files(data_dir, ENGLISH))
    english = english.model_copy(
        update={"messages": understanding_both(english.messages, swedish.messages)}
    )
    builtin = data_dir / "organisations"
    directories = [builtin if builtin.is_dir() else None]
    directories.append(Path(organisations_dir) if organisations_dir is not None else None)
    overrides = _load_overrides(directories, swedish)
    return Content.in_languages(
        {SWEDISH: swedish.with_overrides(overrides), ENGLISH: english.with_overrides(overrides)}
    )


def _load_language(files: _Files) -> Content:
    data_dir = files.data_dir
    journey = files.parse(data_dir / "journey.yaml", JourneyFile)
    parts_of_day = files.parse(data_dir / "parts_of_day.yaml", PartsOfDayFile)
    maturity = files.parse(data_dir / "maturity.yaml", MaturityModel)
    social_learning = files.parse(data_dir / "social_learning.yaml", SocialLearning)
    messages = files.parse(data_dir / "messages.yaml", Messages)
    onboarding = files.parse(data_dir / "onboarding.yaml", OnboardingTexts)
    learning = files.parse(data_dir / "learning.yaml", LearningFile)
    workbook = files.parse(data_dir / "workbook.yaml", WorkbookFile)
    coordination = files.parse(data_dir / "coordination.yaml", CoordinationTexts)
    evaluations = files.parse(data_dir / "evaluations.yaml", EvaluationTexts)
    languages = files.parse(data_dir / "languages.yaml", LanguageTexts)
    regional_sharing = files.parse(data_dir / "regional_sharing.yaml", RegionalSharingTexts)
    contacts = files.parse(data_dir / "contacts.yaml", ContactTexts)

    _check_shape(data_dir, maturity)
    tracks = _load_tracks(files, maturity, workbook)

    return Content(
        language=files.language,
        journey=journey.journey,
        parts_of_day=parts_of_day.parts_of_day,
        modules=tracks[0].modules,
        exercises=tracks[0].exercises,
        maturity=maturity,
        social_learning=social_learning,
        messages=messages,
        onboarding=onboarding,
        learning=learning.learning,
        workbook=workbook.workbook,
        coordination=coordination,
        evaluations=evaluations,
        regional_sharing=regional_sharing,
        contacts=contacts,
        languages=languages,
        organisation=journey.default_organisation,
        tracks=tuple(tracks),
    )
