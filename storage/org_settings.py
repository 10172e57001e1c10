"""The organisation's own settings from Teams: one row per saved version, per municipality.

Saving makes a new version (a draft until published); publishing marks it; restoring copies an
earlier version as a new, published one, so the history only grows and the newest published
version is the one in force. The YAML files stay the defaults under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, clock_now
from storage.database import Database
from storage.models import Organisation


class OrganisationSettingsRow(Base):
    __tablename__ = "organisation_settings"
    __table_args__ = (
        UniqueConstraint(
            "organisation_id", "version", name="uq_organisation_settings_organisation_version"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    why_paragraphs: Mapped[list[str]] = mapped_column(JSON)
    supporters: Mapped[list[list[str]]] = mapped_column(JSON)  # [name, role, contact]
    # None: a version saved before these existed; the organisation file's values hold.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    working_hours: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # start, end, days
    films: Mapped[dict[str, dict[str, str]] | None] = mapped_column(JSON)  # module -> kind -> url
    exercise_examples: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)  # "3" -> texts
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock_now)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


@dataclass(frozen=True, slots=True)
class Hours:
    """Working hours in the organisation's zone (Monday = 0)."""

    start: time
    end: time
    days: tuple[int, ...]


Films = tuple[tuple[str, str | None, str | None], ...]  # (module id, area film, introduction film)
Examples = tuple[tuple[int, tuple[str, ...]], ...]  # (exercise number, its local examples)


@dataclass(frozen=True, slots=True)
class SettingsDraft:
    """One version: the whole settings document. None: left to the organisation file (only in
    versions saved before the field existed; new versions start from what is in force)."""

    name: str
    why_paragraphs: tuple[str, ...]
    supporters: tuple[tuple[str, str, str], ...]  # (name, role, contact)
    time_zone: str | None = None
    working_hours: Hours | None = None
    films: Films | None = None
    exercise_examples: Examples | None = None


@dataclass(frozen=True, slots=True)
class SettingsVersion:
    version: int
    draft: SettingsDraft
    created_at: datetime
    published_at: datetime | None


class OrganisationSettings:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def save(self, organisation_id: int, draft: SettingsDraft, person_id: int | None) -> int:
        """A new version (unpublished); its number."""
        async with self._db.transaction() as session:
            return await self._add(session, organisation_id, draft, person_id, published=False)

    async def restore(
        self, organisation_id: int, version: int, person_id: int | None
    ) -> int | None:
        """An earlier version copied as a new, published one; None if there is no such version."""
        async with self._db.transaction() as session:
            old = await _row(session, organisation_id, version)
            if old is None:
                return None
            return await self._add(session, organisation_id, _draft(old), person_id, published=True)

    async def publish(self, organisation_id: int, version: int) -> bool:
        """Publish a draft; False if there is no such draft (or it is published already)."""
        async with self._db.transaction() as session:
            row = await _row(session, organisation_id, version)
            if row is None or row.published_at is not None:
                return False
            row.published_at = self._db.now()
            return True

    async def get(self, organisation_id: int, version: int) -> SettingsVersion | None:
        async with self._db.sessions() as session:
            row = await _row(session, organisation_id, version)
            return _version(row) if row is not None else None

    async def published(self, organisation_id: int, *, limit: int) -> list[SettingsVersion]:
        """The newest published versions first; the first is the one in force."""
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(OrganisationSettingsRow)
                .where(
                    OrganisationSettingsRow.organisation_id == organisation_id,
                    OrganisationSettingsRow.published_at.is_not(None),
                )
                .order_by(OrganisationSettingsRow.version.desc())
                .limit(limit)
            )
            return [_version(row) for row in rows]

    async def versions_in_force(self) -> dict[str, tuple[int, int]]:
        """Tenant id -> (organisation id, the version in force), for every organisation that
        published one: one small query, so every replica can ask it often."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(
                    Organisation.tenant_id,
                    Organisation.id,
                    func.max(OrganisationSettingsRow.version),
                )
                .join(Organisation, Organisation.id == OrganisationSettingsRow.organisation_id)
                .where(OrganisationSettingsRow.published_at.is_not(None))
                .group_by(Organisation.tenant_id, Organisation.id)
            )
            return {tenant: (organisation, version) for tenant, organisation, version in rows}

    async def _add(
        self,
        session: AsyncSession,
        organisation_id: int,
        draft: SettingsDraft,
        person_id: int | None,
        *,
        published: bool,
    ) -> int:
        # Two saves at once clash on the unique constraint: one fails, nothing is overwritten.
        last = await session.scalar(
            select(func.max(OrganisationSettingsRow.version)).where(
                OrganisationSettingsRow.organisation_id == organisation_id
            )
        )
        now = self._db.now()
        row = OrganisationSettingsRow(
            organisation_id=organisation_id,
            version=(last or 0) + 1,
            name=draft.name,
            why_paragraphs=list(draft.why_paragraphs),
            supporters=[list(supporter) for supporter in draft.supporters],
            time_zone=draft.time_zone,
            working_hours=_hours_json(draft.working_hours),
            films=_films_json(draft.films),
            exercise_examples=_examples_json(draft.exercise_examples),
            created_by=person_id,
            created_at=now,
            published_at=now if published else None,
        )
        session.add(row)
        await session.flush()
        return row.version


async def _row(
    session: AsyncSession, organisation_id: int, version: int
) -> OrganisationSettingsRow | None:
    return await session.scalar(
        select(OrganisationSettingsRow).where(
            OrganisationSettingsRow.organisation_id == organisation_id,
            OrganisationSettingsRow.version == version,
        )
    )


def _draft(row: OrganisationSettingsRow) -> SettingsDraft:
    supporters = tuple((name, role, contact) for name, role, contact in row.supporters)
    hours = row.working_hours
    films = row.films
    examples = row.exercise_examples
    return SettingsDraft(
        row.name,
        tuple(row.why_paragraphs),
        supporters,
        time_zone=row.time_zone,
        working_hours=(
            Hours(
                time.fromisoformat(hours["start"]),
                time.fromisoformat(hours["end"]),
                tuple(int(day) for day in hours["days"]),
            )
            if hours is not None
            else None
        ),
        films=(
            tuple(
                (module, kinds.get("area"), kinds.get("introduction"))
                for module, kinds in sorted(films.items())
            )
            if films is not None
            else None
        ),
        exercise_examples=(
            tuple(sorted((int(number), tuple(texts)) for number, texts in examples.items()))
            if examples is not None
            else None
        ),
    )


def _hours_json(hours: Hours | None) -> dict[str, Any] | None:
    if hours is None:
        return None
    return {"start": f"{hours.start:%H:%M}", "end": f"{hours.end:%H:%M}", "days": list(hours.days)}


def _films_json(films: Films | None) -> dict[str, dict[str, str]] | None:
    if films is None:
        return None
    found: dict[str, dict[str, str]] = {}
    for module, area, introduction in films:
        kinds = {"area": area, "introduction": introduction}
        found[module] = {kind: url for kind, url in kinds.items() if url}
    return found


def _examples_json(examples: Examples | None) -> dict[str, list[str]] | None:
    if examples is None:
        return None
    return {str(number): list(texts) for number, texts in examples}


def _version(row: OrganisationSettingsRow) -> SettingsVersion:
    return SettingsVersion(row.version, _draft(row), row.created_at, row.published_at)
