"""The organisation's own settings from Teams ("inställningar"): name, "why" text, Stöttepelare.

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
from dataclasses import dataclass
from enum import StrEnum

from content.coordination import SettingsTexts
from content.journey import Organisation, Supporter
from content.models import Content
from content.overrides import PublishedSettings
from services.coordination import Actor, CoordinationService
from storage.audit import AuditAction
from storage.database import Database
from storage.org_settings import OrganisationSettings, SettingsDraft, SettingsVersion

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


@dataclass(frozen=True, slots=True)
class SettingsProblem:
    problem: Problem
    line: int = 0  # the Stöttepelare line, from 1
    length: int = 0  # of the "why" text


@dataclass(frozen=True, slots=True)
class SettingsForm:
    """What the coordinator typed on the card."""

    name: str
    why: str
    supporters: str


@dataclass(frozen=True, slots=True)
class SettingsOverview:
    organisation: Organisation  # what leaders see now
    in_force: SettingsVersion | None  # None: the files' defaults
    earlier: list[SettingsVersion]


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

    async def preview(
        self, actor: Actor, tenant_id: str, form: SettingsForm
    ) -> SettingsVersion | SettingsProblem | None:
        """The form saved as a new, unpublished version (or what is wrong with it)."""
        if not await self._coordination.is_coordinator(actor, "save_settings"):
            return None
        draft = parse_form(form, self._content.for_tenant(tenant_id).coordination.settings)
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
        self._content.publish(tenant_id, published_settings(found))
        log.info("settings version %s in force for organisation %s", version, organisation_id)


def published_settings(found: SettingsVersion) -> PublishedSettings:
    draft = found.draft
    supporters = tuple(
        Supporter(name=name, role=role, contact=contact) for name, role, contact in draft.supporters
    )
    return PublishedSettings(
        version=found.version,
        name=draft.name,
        why_paragraphs=draft.why_paragraphs,
        supporters=supporters,
    )


def parse_form(form: SettingsForm, limits: SettingsTexts) -> SettingsDraft | SettingsProblem:
    """The typed form as settings, or the first thing to fix. Paragraphs are separated by an
    empty line; Stöttepelare are one per line, "namn; roll; kontakt"."""
    name, why = " ".join(form.name.split()), form.why.strip()
    if any(brace in field for field in (name, why, form.supporters) for brace in "{}"):
        return SettingsProblem(Problem.BRACES)  # content texts never hold braces
    if not name:
        return SettingsProblem(Problem.NAME_MISSING)
    if len(name) > limits.name_max:
        return SettingsProblem(Problem.NAME_TOO_LONG)
    if not why:
        return SettingsProblem(Problem.WHY_MISSING)
    if len(why) > limits.why_max:
        return SettingsProblem(Problem.WHY_TOO_LONG, length=len(why))
    supporters = _supporters(form.supporters, limits.supporters_max)
    if isinstance(supporters, SettingsProblem):
        return supporters
    return SettingsDraft(name, _paragraphs(why), supporters)


def _paragraphs(why: str) -> tuple[str, ...]:
    blocks = why.replace("\r\n", "\n").split("\n\n")
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
