"""The organisation's own settings from Teams ("inställningar"): name, "why" text, time zone and
working hours, films, local examples per exercise, Stöttepelare.

One version is the whole document; a coordinator changes one section at a time (its own card),
over a draft that starts from what is in force (or from the draft being built on), so a change
to the films never drops the "why" text.

Only a coordinator of the organisation may read or change them (checked here with the role and
the organisation of the actor's tenant; every change audited in the same unit of work). A save
is a new version shown as a preview; publishing puts it in force at once in this process
(`Content.publish`), and every other replica picks it up within `SYNC_SECONDS` through
`sync()`, one small query on a scheduler tick. Not per turn: `Content.for_tenant` is read deep
inside services and outbox jobs, and a turn costs two statements today; half a minute of delay
for a text a coordinator changes rarely is the cheaper trade.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import time
from enum import StrEnum
from urllib.parse import urlsplit

from pydantic import TypeAdapter, ValidationError

from content.coordination import SettingsTexts
from content.curriculum import EXAMPLE_MAX, EXAMPLES_MAX, Films
from content.journey import WEEKDAYS, Organisation, Supporter, WorkingHours
from content.models import Content
from content.overrides import PublishedSettings
from content.text import TimeZoneName, Url
from services.coordination import Actor, CoordinationService
from storage.audit import AuditAction
from storage.database import Database
from storage.org_settings import (
    Examples,
    Hours,
    OrganisationSettings,
    SettingsDraft,
    SettingsVersion,
)
from storage.org_settings import Films as FilmLinks

log = logging.getLogger(__name__)

SYNC_SECONDS = 30
EARLIER_SHOWN = 5


class Problem(StrEnum):
    NAME_MISSING = "name_missing"
    NAME_TOO_LONG = "name_too_long"
    WHY_MISSING = "why_missing"
    WHY_TOO_LONG = "why_too_long"
    SUPPORTER_LINE = "supporter_line"
    TOO_MANY_SUPPORTERS = "too_many_supporters"
    BRACES = "braces"
    TIME_ZONE = "time_zone"  # not an IANA zone
    CLOCK = "clock"  # a start or end that is not a clock time
    HOURS_ORDER = "hours_order"  # the end not after the start
    HOURS_RANGE = "hours_range"  # outside the earliest and latest the content allows
    NO_WEEKDAY = "no_weekday"
    FILM_URL = "film_url"  # not an https link (module: which one)
    EXERCISE = "exercise"  # no such exercise
    TOO_MANY_EXAMPLES = "too_many_examples"
    EXAMPLE_TOO_LONG = "example_too_long"  # line: which example, length: its length


@dataclass(frozen=True, slots=True)
class SettingsProblem:
    problem: Problem
    line: int = 0  # the Stöttepelare line, or the example, from 1
    length: int = 0  # of the "why" text, or of the example
    module: str = ""  # the module id of a bad film link


@dataclass(frozen=True, slots=True)
class SettingsForm:
    """What the coordinator typed on one section's card. None: a field that card does not
    have, kept as it is in the draft the card started from."""

    name: str | None = None
    why: str | None = None
    supporters: str | None = None
    time_zone: str | None = None
    start: str | None = None  # "HH:MM", as Input.Time sends it
    end: str | None = None
    days: str | None = None  # "0,1,4": the checked weekdays, Monday = 0
    films: tuple[tuple[str, str, str], ...] | None = None  # (module id, area, introduction)
    exercise: int | None = None  # the exercise whose examples are typed
    examples: str | None = None  # its examples, separated by an empty line


@dataclass(frozen=True, slots=True)
class SettingsOverview:
    organisation: Organisation  # what leaders see now
    in_force: SettingsVersion | None  # None: the files' defaults
    earlier: list[SettingsVersion]


@dataclass(frozen=True, slots=True)
class Start:
    """What a section's card starts from: a draft being built on, or what is in force."""

    draft: SettingsDraft
    base: int | None  # the draft's version; None: what is in force


@dataclass(frozen=True, slots=True)
class Published:
    version: int | None  # None: no such draft (or published already)
    restored_from: int | None = None


class SettingsService:
    def __init__(
        self,
        store: OrganisationSettings,
        coordination: CoordinationService,
        content: Content,
        *,
        database: Database,
    ) -> None:
        self._store = store
        self._coordination = coordination
        self._content = content
        self._db = database

    async def overview(self, actor: Actor, tenant_id: str) -> SettingsOverview | None:
        """What is in force and the earlier versions; None for a non-coordinator."""
        if not await self._coordination.is_coordinator(actor, "settings"):
            return None
        published = await self._store.published(actor.organisation_id, limit=EARLIER_SHOWN + 1)
        organisation = self._content.for_tenant(tenant_id).organisation
        in_force = published[0] if published else None
        return SettingsOverview(organisation, in_force, published[1:])

    async def start(self, actor: Actor, tenant_id: str, base: int | None) -> Start | None:
        """The document a section's card shows: the draft `base` of the actor's organisation
        (fields it lacks from what is in force), or what is in force; None: not a coordinator."""
        if not await self._coordination.is_coordinator(actor, "settings"):
            return None
        return await self._start(actor, tenant_id, base)

    async def preview(
        self, actor: Actor, tenant_id: str, form: SettingsForm, *, base: int | None = None
    ) -> SettingsVersion | SettingsProblem | None:
        """The form over its starting point (the draft `base`, or what is in force) saved as a
        new, unpublished version: the whole document. Or what is wrong with the form."""
        if not await self._coordination.is_coordinator(actor, "save_settings"):
            return None
        start = await self._start(actor, tenant_id, base)
        draft = parse_form(form, self._content.for_tenant(tenant_id), start.draft)
        if isinstance(draft, SettingsProblem):
            return draft
        async with self._db.unit_of_work():
            version = await self._store.save(actor.organisation_id, draft, actor.person_id)
            await self._coordination.audit(actor, AuditAction.SETTINGS_SAVED, str(version))
        return await self._store.get(actor.organisation_id, version)

    async def version(self, actor: Actor, version: int) -> SettingsVersion | None:
        """One version of the actor's organisation (a draft to change further), or None."""
        if not await self._coordination.is_coordinator(actor, "settings"):
            return None
        return await self._store.get(actor.organisation_id, version)

    async def publish(self, actor: Actor, tenant_id: str, version: int) -> Published | None:
        if not await self._coordination.is_coordinator(actor, "publish_settings"):
            return None
        async with self._db.unit_of_work():
            if not await self._store.publish(actor.organisation_id, version):
                return Published(None)
            await self._coordination.audit(actor, AuditAction.SETTINGS_PUBLISHED, str(version))
        await self._apply(tenant_id, actor.organisation_id, version)
        return Published(version)

    async def restore(self, actor: Actor, tenant_id: str, version: int) -> Published | None:
        """An earlier version in force again, as a new version (the history only grows)."""
        if not await self._coordination.is_coordinator(actor, "restore_settings"):
            return None
        async with self._db.unit_of_work():
            new = await self._store.restore(actor.organisation_id, version, actor.person_id)
            if new is None:
                return Published(None)
            detail = f"{version}->{new}"
            await self._coordination.audit(actor, AuditAction.SETTINGS_RESTORED, detail)
        await self._apply(tenant_id, actor.organisation_id, new)
        return Published(new, restored_from=version)

    async def _start(self, actor: Actor, tenant_id: str, base: int | None) -> Start:
        content = self._content.for_tenant(tenant_id)
        found = await self._store.get(actor.organisation_id, base) if base is not None else None
        if found is None:
            return Start(in_force_draft(content), None)
        return Start(completed(found.draft, content), found.version)

    async def sync(self) -> None:
        """Every published version another replica put in force, in force here too."""
        for tenant_id, (organisation_id, version) in (
            await self._store.versions_in_force()
        ).items():
            if self._content.published_version(tenant_id) != version:
                await self._apply(tenant_id, organisation_id, version)

    async def _apply(self, tenant_id: str, organisation_id: int, version: int) -> None:
        found = await self._store.get(organisation_id, version)
        if found is None:
            return
        try:
            settings = published_settings(found)
        except ValidationError as error:
            # Checked when saved, so only content limits tightened since (a shorter example,
            # a module renamed) get here: that municipality keeps what it has, the rest sync.
            log.warning(
                "settings version %s of organisation %s no longer valid, not applied: %s",
                version,
                organisation_id,
                error,
            )
            return
        self._content.publish(tenant_id, settings)
        log.info("settings version %s in force for organisation %s", version, organisation_id)


def published_settings(found: SettingsVersion) -> PublishedSettings:
    draft = found.draft
    supporters = tuple(
        Supporter(name=name, role=role, contact=contact) for name, role, contact in draft.supporters
    )
    hours = draft.working_hours
    return PublishedSettings(
        version=found.version,
        name=draft.name,
        why_paragraphs=draft.why_paragraphs,
        supporters=supporters,
        time_zone=draft.time_zone,
        working_hours=(
            WorkingHours(start=hours.start, end=hours.end, days=hours.days) if hours else None
        ),
        films=(
            {module: Films(area=area, introduction=intro) for module, area, intro in draft.films}
            if draft.films is not None
            else None
        ),
        exercise_examples=(
            {number: texts for number, texts in draft.exercise_examples if texts}
            if draft.exercise_examples is not None
            else None
        ),
    )


def in_force_draft(content: Content) -> SettingsDraft:
    """What leaders of the organisation see now (files and published settings), as a draft."""
    organisation = content.organisation
    hours = organisation.working_hours
    return SettingsDraft(
        name=organisation.name,
        why_paragraphs=organisation.why_paragraphs,
        supporters=tuple((s.name, s.role, s.contact) for s in organisation.supporters),
        time_zone=organisation.time_zone,
        working_hours=Hours(hours.start, hours.end, hours.days),
        films=tuple(
            (module.id, module.films.area, module.films.introduction)
            for module in content.modules
            if module.films.area or module.films.introduction
        ),
        exercise_examples=tuple(
            (exercise.number, exercise.local_examples)
            for exercise in content.exercises.exercises
            if exercise.local_examples
        ),
    )


def completed(draft: SettingsDraft, content: Content) -> SettingsDraft:
    """A draft with the fields it lacks (saved before they existed) from what is in force."""
    now = in_force_draft(content)
    return replace(
        draft,
        time_zone=draft.time_zone if draft.time_zone is not None else now.time_zone,
        working_hours=draft.working_hours or now.working_hours,
        films=draft.films if draft.films is not None else now.films,
        exercise_examples=(
            draft.exercise_examples
            if draft.exercise_examples is not None
            else now.exercise_examples
        ),
    )


def parse_form(
    form: SettingsForm, content: Content, start: SettingsDraft
) -> SettingsDraft | SettingsProblem:
    """The typed section over the draft it started from, or the first thing to fix."""
    limits = content.coordination.settings
    draft = start
    if form.name is not None or form.why is not None:
        general = _general(form.name or "", form.why or "", limits)
        if isinstance(general, SettingsProblem):
            return general
        draft = replace(draft, name=general[0], why_paragraphs=general[1])
    if form.supporters is not None:
        if _has_braces(form.supporters):
            return SettingsProblem(Problem.BRACES)
        supporters = _supporters(form.supporters, limits.supporters_max)
        if isinstance(supporters, SettingsProblem):
            return supporters
        draft = replace(draft, supporters=supporters)
    if any(typed is not None for typed in (form.time_zone, form.start, form.end, form.days)):
        times = _times(form, limits)
        if isinstance(times, SettingsProblem):
            return times
        draft = replace(draft, time_zone=times[0], working_hours=times[1])
    if form.films is not None:
        films = _films(form.films, {module.id for module in content.modules})
        if isinstance(films, SettingsProblem):
            return films
        draft = replace(draft, films=films)
    if form.exercise is not None:
        examples = _examples(form.exercise, form.examples or "", content, draft)
        if isinstance(examples, SettingsProblem):
            return examples
        draft = replace(draft, exercise_examples=examples)
    return draft


def _has_braces(typed: str) -> bool:
    return "{" in typed or "}" in typed  # content texts never hold braces


def _general(
    typed_name: str, typed_why: str, limits: SettingsTexts
) -> tuple[str, tuple[str, ...]] | SettingsProblem:
    name, why = " ".join(typed_name.split()), typed_why.strip()
    if _has_braces(name) or _has_braces(why):
        return SettingsProblem(Problem.BRACES)
    if not name:
        return SettingsProblem(Problem.NAME_MISSING)
    if len(name) > limits.name_max:
        return SettingsProblem(Problem.NAME_TOO_LONG)
    if not why:
        return SettingsProblem(Problem.WHY_MISSING)
    if len(why) > limits.why_max:
        return SettingsProblem(Problem.WHY_TOO_LONG, length=len(why))
    return name, _paragraphs(why)


def _paragraphs(typed: str) -> tuple[str, ...]:
    blocks = typed.replace("\r\n", "\n").split("\n\n")
    return tuple(" ".join(block.split()) for block in blocks if block.strip())


def _supporters(typed: str, most: int) -> tuple[tuple[str, str, str], ...] | SettingsProblem:
    lines = [(number, line) for number, line in enumerate(typed.splitlines(), 1) if line.strip()]
    if len(lines) > most:
        return SettingsProblem(Problem.TOO_MANY_SUPPORTERS)
    found: list[tuple[str, str, str]] = []
    for number, line in lines:
        parts = [" ".join(part.split()) for part in line.split(";")]
        if len(parts) != 3 or not all(parts):
            return SettingsProblem(Problem.SUPPORTER_LINE, line=number)
        found.append((parts[0], parts[1], parts[2]))
    return tuple(found)


_ZONE: TypeAdapter[str] = TypeAdapter(TimeZoneName)
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)(?::00)?$")


def _times(form: SettingsForm, limits: SettingsTexts) -> tuple[str, Hours] | SettingsProblem:
    """Time zone and working hours: an IANA zone as the content model accepts it, the end after
    the start, both within the content's earliest and latest, at least one weekday."""
    try:
        zone = _ZONE.validate_python((form.time_zone or "").strip())
    except ValidationError:
        return SettingsProblem(Problem.TIME_ZONE)
    start, end = _clock(form.start), _clock(form.end)
    if start is None or end is None:
        return SettingsProblem(Problem.CLOCK)
    if end <= start:
        return SettingsProblem(Problem.HOURS_ORDER)
    if start < limits.hours_earliest or end > limits.hours_latest:
        return SettingsProblem(Problem.HOURS_RANGE)
    days = sorted({int(day) for day in (form.days or "").split(",") if day.strip().isdigit()})
    if not days or any(day not in WEEKDAYS for day in days):
        return SettingsProblem(Problem.NO_WEEKDAY)
    return zone, Hours(start, end, tuple(days))


def _clock(typed: str | None) -> time | None:
    found = _CLOCK.match((typed or "").strip())
    return time(int(found[1]), int(found[2])) if found else None


_URL: TypeAdapter[str] = TypeAdapter(Url)
URL_MAX = 2000  # what browsers and Teams take without trouble


def _films(
    typed: tuple[tuple[str, str, str], ...], modules: set[str]
) -> FilmLinks | SettingsProblem:
    """https links only (Teams opens nothing else without a warning); empty: no film."""
    found: list[tuple[str, str | None, str | None]] = []
    for module, *links in typed:
        if module not in modules:
            continue  # a card older than the curriculum: nothing to attach it to
        urls: list[str | None] = []
        for link in (link.strip() for link in links):
            if link and not _https(link):
                return SettingsProblem(Problem.FILM_URL, module=module)
            urls.append(link or None)
        if any(urls):
            found.append((module, urls[0], urls[1]))
    return tuple(sorted(found))


def _https(link: str) -> bool:
    if len(link) > URL_MAX or any(char.isspace() for char in link):
        return False
    try:
        _URL.validate_python(link)
    except ValidationError:
        return False
    return urlsplit(link).scheme == "https"


def _examples(
    number: int, typed: str, content: Content, draft: SettingsDraft
) -> Examples | SettingsProblem:
    """The exercise's examples replaced (at most EXAMPLES_MAX of EXAMPLE_MAX characters, as
    in the organisation file); empty: none for that exercise."""
    if number not in {exercise.number for exercise in content.exercises.exercises}:
        return SettingsProblem(Problem.EXERCISE)
    if _has_braces(typed):
        return SettingsProblem(Problem.BRACES)
    examples = _paragraphs(typed)
    if len(examples) > EXAMPLES_MAX:
        return SettingsProblem(Problem.TOO_MANY_EXAMPLES)
    for line, example in enumerate(examples, 1):
        if len(example) > EXAMPLE_MAX:
            return SettingsProblem(Problem.EXAMPLE_TOO_LONG, line=line, length=len(example))
    others = [(n, texts) for n, texts in draft.exercise_examples or () if n != number]
    return tuple(sorted(others + ([(number, examples)] if examples else [])))
