"""The coordinator's settings cards ("inställningar"): an overview with one button per section
and the versions, a card per section (Allmänt, Tider, Filmer, Lokala exempel, Stöttepelare), and
the preview of a draft to publish. Pure: view data in, card JSON out."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pydantic import ConfigDict

from cards.elements import (
    Json,
    action_set,
    attention,
    bullets,
    card,
    choices,
    execute,
    heading,
    text,
    text_input,
    time_input,
)
from chat.actions import MAX_INPUT_CHARS, ActionPayload, RowId
from content.coordination import SettingsTexts
from content.curriculum import EXAMPLE_MAX, EXAMPLES_MAX
from content.dates import format_date_sv
from content.models import Content
from storage.org_settings import SettingsDraft, SettingsVersion

SETTINGS_HOME = "settings_home"
SETTINGS_SECTION = "settings_section"
PREVIEW_SETTINGS = "preview_settings"
PUBLISH_SETTINGS = "publish_settings"
RESTORE_SETTINGS = "restore_settings"
NAME_INPUT, WHY_INPUT, SUPPORTERS_INPUT = "name", "why", "supporters"
ZONE_INPUT, START_INPUT, END_INPUT, DAYS_INPUT = "time_zone", "start", "end", "days"
EXERCISE_INPUT, EXAMPLES_INPUT = "exercise", "examples"
FILM_AREA, FILM_INTRO = "film_area__", "film_intro__"  # + the module id


class Section(StrEnum):
    """The parts of the settings document, each with its own card."""

    GENERAL = "general"  # name and "why" text
    TIMES = "times"  # time zone and working hours
    FILMS = "films"
    EXAMPLES = "examples"  # local examples per exercise
    SUPPORTERS = "supporters"


def film_inputs(module_id: str) -> tuple[str, str]:
    return FILM_AREA + module_id, FILM_INTRO + module_id


class SectionPayload(ActionPayload):
    """SETTINGS_SECTION: which section's card, over which draft (none: what is in force), and
    for local examples which exercise (a number on a button, a string from the choice set)."""

    section: Section
    base: RowId | None = None
    exercise: int | str | None = None


class SettingsPayload(SectionPayload):
    """PREVIEW_SETTINGS: a section's inputs as typed (checked by the service, so nothing typed
    is lost). The film links arrive as one input per module and kind (`film_inputs`)."""

    model_config = ConfigDict(extra="allow", frozen=True, str_max_length=MAX_INPUT_CHARS)

    name: str | None = None
    why: str | None = None
    supporters: str | None = None
    time_zone: str | None = None
    start: str | None = None
    end: str | None = None
    days: str | None = None
    examples: str | None = None

    def typed(self, input_id: str) -> str:
        """An input that is not a field (a film link); "" when it was not sent."""
        value = (self.model_extra or {}).get(input_id)
        return value if isinstance(value, str) else ""


class VersionPayload(ActionPayload):
    """PUBLISH_SETTINGS and RESTORE_SETTINGS: which version."""

    version: RowId


# --- the overview -----------------------------------------------------------------------------


def settings_card(
    content: Content,
    in_force: SettingsVersion | None,
    earlier: list[SettingsVersion],
    *,
    note: str | None = None,
) -> Json:
    """What is in force, a button per section, and the earlier versions to restore."""
    texts, zone = content.coordination.settings, content.organisation.time_zone
    body: list[Json] = [heading(texts.title)]
    if note:
        body.append(text(note, bold=True))
    body.append(text(texts.intro))
    if in_force is None:
        body.append(text(texts.from_file, subtle=True))
    else:
        date = format_date_sv(in_force.published_at or in_force.created_at, zone)
        body.append(text(texts.in_force.format(version=in_force.version, date=date), subtle=True))
    body += [text(texts.sections_heading, bold=True), *_section_buttons(texts, None)]
    if earlier:
        body.append(text(texts.earlier_heading, bold=True))
    for old in earlier:
        date = format_date_sv(old.published_at or old.created_at, zone)
        body += [
            text(texts.earlier_line.format(version=old.version, date=date), spacing="Small"),
            action_set(
                execute(
                    texts.restore_button.format(version=old.version),
                    RESTORE_SETTINGS,
                    {"version": old.version},
                )
            ),
        ]
    return card(body, fallback_text=f"{texts.title}. {texts.intro}")


def _section_buttons(
    texts: SettingsTexts, base: int | None, *, skip: Section | None = None
) -> list[Json]:
    """The sections as buttons, two rows so each title stays whole on a phone."""
    data = {"base": base} if base is not None else {}
    buttons = [
        execute(_section_name(texts, section), SETTINGS_SECTION, {"section": section} | data)
        for section in Section
        if section is not skip
    ]
    return [action_set(*buttons[:3]), action_set(*buttons[3:])]


def _section_name(texts: SettingsTexts, section: Section) -> str:
    match section:
        case Section.GENERAL:
            return texts.section_general
        case Section.TIMES:
            return texts.section_times
        case Section.FILMS:
            return texts.section_films
        case Section.EXAMPLES:
            return texts.section_examples
        case Section.SUPPORTERS:
            return texts.section_supporters


# --- one section ------------------------------------------------------------------------------


def section_card(
    content: Content,
    section: Section,
    draft: SettingsDraft,
    *,
    base: int | None,
    exercise: int | None = None,
    typed: SettingsPayload | None = None,
    note: str | None = None,
) -> Json:
    """A section's form, filled from the draft it starts from (or with what was typed, after a
    problem, shown in `note`). Local examples without an exercise: the card to pick one."""
    texts = content.coordination.settings
    body: list[Json] = [heading(texts.section_title.format(section=_section_name(texts, section)))]
    if note:
        body.append(attention(note))
    data: dict[str, object] = {"section": section} | ({"base": base} if base is not None else {})
    match section:
        case Section.GENERAL:
            body += _general(texts, draft, typed)
        case Section.TIMES:
            body += _times(content, draft, typed)
        case Section.FILMS:
            body += _films(content, draft, typed)
        case Section.EXAMPLES:
            if exercise is None:
                body += _pick_exercise(content, draft)
                actions = [
                    execute(texts.choose_exercise_button, SETTINGS_SECTION, data, primary=True),
                    execute(texts.back_button, SETTINGS_HOME),
                ]
                return card(body, actions, fallback_text=texts.examples_intro)
            body += _examples(content, draft, exercise, typed)
            data["exercise"] = exercise
        case Section.SUPPORTERS:
            body += _supporters(texts, draft, typed)
    return card(
        body,
        [
            execute(texts.preview_button, PREVIEW_SETTINGS, data, primary=True),
            execute(texts.back_button, SETTINGS_HOME),
        ],
        fallback_text=texts.section_title.format(section=_section_name(texts, section)),
    )


def _general(
    texts: SettingsTexts, draft: SettingsDraft, typed: SettingsPayload | None
) -> list[Json]:
    name = typed.name if typed else draft.name
    why = typed.why if typed else "\n\n".join(draft.why_paragraphs)
    return [
        text_input(NAME_INPUT, texts.name_label, value=name),
        text_input(WHY_INPUT, texts.why_label, value=why, multiline=True),
        text(texts.why_hint, subtle=True, spacing="None"),
    ]


def _supporters(
    texts: SettingsTexts, draft: SettingsDraft, typed: SettingsPayload | None
) -> list[Json]:
    value = typed.supporters if typed else "\n".join("; ".join(s) for s in draft.supporters)
    return [
        text_input(
            SUPPORTERS_INPUT,
            texts.supporters_label,
            value=value,
            placeholder=texts.supporters_placeholder,
            multiline=True,
        ),
        text(texts.supporters_hint, subtle=True, spacing="None"),
    ]


def _times(content: Content, draft: SettingsDraft, typed: SettingsPayload | None) -> list[Json]:
    texts, hours = content.coordination.settings, draft.working_hours
    if typed is not None:
        zone, start, end = typed.time_zone, typed.start, typed.end
        days: list[str] = [day for day in (typed.days or "").split(",") if day]
    else:
        zone = draft.time_zone
        start = f"{hours.start:%H:%M}" if hours else None
        end = f"{hours.end:%H:%M}" if hours else None
        days = [str(day) for day in hours.days] if hours else []
    earliest, latest = f"{texts.hours_earliest:%H:%M}", f"{texts.hours_latest:%H:%M}"
    return [
        text(texts.times_hint),
        text_input(ZONE_INPUT, texts.time_zone_label, value=zone, placeholder="Europe/Stockholm"),
        text(texts.time_zone_hint, subtle=True, spacing="None"),
        time_input(START_INPUT, texts.start_label, value=start, earliest=earliest, latest=latest),
        time_input(END_INPUT, texts.end_label, value=end, earliest=earliest, latest=latest),
        choices(
            DAYS_INPUT,
            texts.days_label,
            [(str(number), day) for number, day in enumerate(texts.weekdays)],
            value=days,
            multiple=True,
        ),
    ]


def _films(content: Content, draft: SettingsDraft, typed: SettingsPayload | None) -> list[Json]:
    texts = content.coordination.settings
    links = {module: (area, intro) for module, area, intro in draft.films or ()}
    body: list[Json] = [text(texts.films_intro)]
    for module in content.modules:
        area_id, intro_id = film_inputs(module.id)
        if typed is not None:
            area, intro = typed.typed(area_id), typed.typed(intro_id)
        else:
            area, intro = (link or "" for link in links.get(module.id, (None, None)))
        body += [
            text(texts.film_module.format(number=module.number, title=module.title), bold=True),
            text_input(area_id, texts.film_area_label, value=area, placeholder="https://"),
            text_input(intro_id, texts.film_intro_label, value=intro, placeholder="https://"),
        ]
    return body


def _pick_exercise(content: Content, draft: SettingsDraft) -> list[Json]:
    texts, library = content.coordination.settings, content.exercises.exercises
    titles = {exercise.number: exercise.title for exercise in library}
    now = [
        texts.exercise_line.format(number=number, title=titles[number], count=len(examples))
        for number, examples in draft.exercise_examples or ()
        if number in titles
    ]
    picker = choices(
        EXERCISE_INPUT,
        texts.exercise_label,
        [(str(e.number), f"{e.number}. {e.title}") for e in library],
        value=str(library[0].number),
    )
    picker["style"] = "compact"  # twenty-odd exercises: a drop-down, not a wall of radios
    return [
        text(texts.examples_intro),
        text(texts.examples_now_heading, bold=True),
        bullets(now) if now else text(texts.no_examples, subtle=True),
        picker,
    ]


def _examples(
    content: Content, draft: SettingsDraft, number: int, typed: SettingsPayload | None
) -> list[Json]:
    texts = content.coordination.settings
    title = next((e.title for e in content.exercises.exercises if e.number == number), "")
    current = dict(draft.exercise_examples or ()).get(number, ())
    value = typed.examples if typed else "\n\n".join(current)
    return [
        text_input(
            EXAMPLES_INPUT,
            texts.examples_label.format(number=number, title=title),
            value=value,
            multiline=True,
        ),
        text(
            texts.examples_hint.format(max=EXAMPLES_MAX, chars=EXAMPLE_MAX),
            subtle=True,
            spacing="None",
        ),
    ]


# --- the preview ------------------------------------------------------------------------------


def preview_card(
    content: Content, draft: SettingsVersion, section: Section, exercise: int | None = None
) -> Json:
    """The draft as leaders would see it, every section; "Ändra" goes back to the section just
    changed, and the other sections can be changed in the same draft before publishing."""
    texts, settings = content.coordination.settings, draft.draft
    help_ = content.messages
    supporters = [
        help_.help_supporter.format(name=name, role=role, contact=contact)
        for name, role, contact in settings.supporters
    ]
    body: list[Json] = [
        heading(texts.preview_title.format(version=draft.version)),
        text(texts.preview_intro, subtle=True),
        text(settings.name, bold=True, size="Medium"),
        *map(text, settings.why_paragraphs),
        text(texts.section_times, bold=True),
        text(_times_line(texts, settings)),
        text(texts.section_films, bold=True),
        _bulleted(_film_lines(content, settings), texts.no_films),
        text(texts.section_examples, bold=True),
        _bulleted(_example_lines(texts, settings), texts.no_examples),
        text(texts.preview_supporters, bold=True),
        _bulleted(supporters, texts.no_supporters),
        text(texts.change_more, subtle=True),
        *_section_buttons(texts, draft.version, skip=section),
    ]
    edit: dict[str, object] = {"section": section, "base": draft.version}
    if exercise is not None:
        edit["exercise"] = exercise
    return card(
        body,
        [
            execute(
                texts.publish_button, PUBLISH_SETTINGS, {"version": draft.version}, primary=True
            ),
            execute(texts.edit_button, SETTINGS_SECTION, edit),
        ],
        fallback_text=texts.preview_title.format(version=draft.version),
    )


def _bulleted(lines: Sequence[str], empty: str) -> Json:
    return bullets(lines) if lines else text(empty, subtle=True)


def _times_line(texts: SettingsTexts, settings: SettingsDraft) -> str:
    hours = settings.working_hours
    if hours is None or settings.time_zone is None:
        return ""
    days = ", ".join(texts.weekdays[day] for day in hours.days)
    return texts.times_line.format(
        days=days[:1].upper() + days[1:],
        start=f"{hours.start:%H:%M}",
        end=f"{hours.end:%H:%M}",
        zone=settings.time_zone,
    )


def _film_lines(content: Content, settings: SettingsDraft) -> list[str]:
    texts = content.coordination.settings
    numbers = {module.id: module.number for module in content.modules}
    lines = []
    for module, area, intro in settings.films or ():
        for kind, url in ((texts.film_area_label, area), (texts.film_intro_label, intro)):
            if url and module in numbers:
                lines.append(
                    texts.film_line.format(number=numbers[module], kind=kind.lower(), url=url)
                )
    return lines


def _example_lines(texts: SettingsTexts, settings: SettingsDraft) -> list[str]:
    return [
        texts.example_line.format(number=number, example=example)
        for number, examples in settings.exercise_examples or ()
        for example in examples
    ]
