"""Everything stored about one person: exported for them ("mina data"), or erased ("radera mina
data") keeping only anonymous counts.

Which tables hold a person's data is found by a rule, not a list, so tables added later are
covered without touching this module: the live schema is reflected, and a table is the person's
when it has a `person_id` column or any column that refers to `people.id`. Tables that refer to
such a table's rows (for instance a post of a reflection) follow their rows, one level deep.

Erasure deletes every such row, except the rows kept for anonymous counts (`KEPT_FOR_COUNTS`)
and rows that only name the person as their last editor (a foreign key to `people` declared
`ON DELETE SET NULL`, such as a group's shared meeting insights: the reference is cleared, the
group's row stays), and scrubs the `people` row itself (name, given name, e-mail, Teams and AAD
ids), so what survives says only "a participant existed in this organisation, was in this group
(now as `left`) and confirmed these meeting times". It also deletes the messages the bot was
to send or sent in the person's personal chat, any queued or sent message containing one of
their texts (such as a shared reflection or an introduction posted in a channel), and their
dialog state.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, ColumnElement, MetaData, Table, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import sqltypes

from storage.base import affected
from storage.database import Database
from storage.team_models import BOOKED

log = logging.getLogger(__name__)

PEOPLE = "people"
# Rows kept for counts once their person is scrubbed: group sizes and meeting confirmations.
KEPT_FOR_COUNTS = frozenset({"memberships", "meeting_confirmations"})
# Rows about the bot's own machinery, handled by their own rules below (not by person id).
_MACHINERY = frozenset({"alembic_version", "outbox", "processed_activities"})
ERASED_PREFIX = "erased-"
# The end of an outbox key naming whom a message into another tenant is about (`_erase_about`).
ABOUT = "-about-"
# Texts shorter than this are not searched for in sent messages: they could be anyone's words.
_MIN_TEXT = 20


@dataclass(frozen=True, slots=True)
class Owner:
    person_id: int
    organisation_id: int
    tenant_id: str
    name: str


@dataclass
class ErasureReport:
    deleted: dict[str, int] = field(default_factory=dict)  # table -> rows deleted
    kept: dict[str, int] = field(default_factory=dict)  # table -> anonymous rows kept
    # The bot's sent messages in channels that named or quoted them, now deleted from the
    # outbox: (conversation reference JSON, activity id), for the bot to delete in Teams too.
    channel_posts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total_deleted(self) -> int:
        return sum(self.deleted.values())


@dataclass(frozen=True, slots=True)
class GroupMeeting:
    """A booked group meeting still ahead that the person was booked into: its calendar event
    and the group's members with an address (one of them organises it)."""

    meeting_id: int
    event_id: str
    members: tuple[tuple[str, str], ...]  # (e-mail, name)


@dataclass(frozen=True)
class _Schema:
    tables: dict[str, Table]
    person_columns: dict[str, tuple[Column[Any], ...]]  # table -> its columns that name a person
    # Tables whose every person column is `ON DELETE SET NULL`: the rows are someone else's
    # (a group's), the person only their last editor; erasing clears the reference.
    detached: frozenset[str]
    # (child, fk, parent, key)
    dependents: tuple[tuple[Table, Column[Any], Table, Column[Any]], ...]


class PersonalData:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._schema: _Schema | None = None

    # --- who ----------------------------------------------------------------------------------

    async def owner(self, person_id: int, tenant_id: str) -> Owner | None:
        """The person, if they exist in this tenant and are not erased."""
        schema = await self._reflect()
        people, organisations = schema.tables[PEOPLE], schema.tables["organisations"]
        async with self._db.reading() as connection:
            row = (
                await connection.execute(
                    select(
                        people.c.id, people.c.organisation_id, people.c.name, people.c.aad_object_id
                    )
                    .join(organisations, organisations.c.id == people.c.organisation_id)
                    .where(people.c.id == person_id, organisations.c.tenant_id == tenant_id.lower())
                )
            ).first()
        if row is None or row.aad_object_id.startswith(ERASED_PREFIX):
            return None
        return Owner(row.id, row.organisation_id, tenant_id.lower(), row.name)

    # --- mina data ----------------------------------------------------------------------------

    async def export(self, person_id: int) -> dict[str, Any]:
        """Every row about the person, by table, as JSON-ready values. Reads only their rows."""
        schema = await self._reflect()
        people, organisations = schema.tables[PEOPLE], schema.tables["organisations"]
        async with self._db.reading() as connection:
            person = (
                await connection.execute(select(people).where(people.c.id == person_id))
            ).first()
            if person is None:
                return {}
            organisation = (
                await connection.execute(
                    select(organisations.c.tenant_id, organisations.c.name).where(
                        organisations.c.id == person.organisation_id
                    )
                )
            ).first()
            tables: dict[str, list[dict[str, Any]]] = {}
            for name, columns in sorted(schema.person_columns.items()):
                if name == PEOPLE:
                    continue
                table = schema.tables[name]
                rows = await connection.execute(select(table).where(_owned(columns, person_id)))
                found = [_plain(row._mapping) for row in rows]
                if found:
                    tables[name] = found
            for child, fk, parent, key in schema.dependents:
                rows = await connection.execute(
                    select(child).where(
                        fk.in_(
                            select(key).where(_owned(schema.person_columns[parent.name], person_id))
                        )
                    )
                )
                found = [_plain(row._mapping) for row in rows]
                if found:
                    tables.setdefault(child.name, []).extend(found)
        return {
            "person": _plain(person._mapping),
            "organisation": _plain(organisation._mapping) if organisation else None,
            "tables": tables,
        }

    # --- radera mina data ---------------------------------------------------------------------

    async def erase(self, person_id: int) -> ErasureReport:
        """Delete the person's data and texts, scrub their name and ids; one transaction."""
        schema = await self._reflect()
        tables, report = schema.tables, ErasureReport()
        people = tables[PEOPLE]
        async with self._db.transaction() as session:
            person = (await session.execute(select(people).where(people.c.id == person_id))).first()
            if person is None:
                return report
            texts: set[str] = set()
            posts: set[int] = set()  # outbox rows the deleted rows name (their channel posts)
            conversations = await self._personal_conversations(session, schema, person_id)
            # Dependents first (one level), then the person's own rows, children before parents.
            for child, fk, parent, key in schema.dependents:
                owned = select(key).where(_owned(schema.person_columns[parent.name], person_id))
                rows = (await session.execute(select(child).where(fk.in_(owned)))).all()
                texts |= _texts_of(child, rows)
                posts |= _outbox_ids_of(child, rows)
                result = await session.execute(delete(child).where(fk.in_(owned)))
                _count(report.deleted, child.name, affected(result))
            for table in _children_first(schema):
                if table.name in (PEOPLE, *KEPT_FOR_COUNTS):
                    continue
                columns = schema.person_columns[table.name]
                if table.name in schema.detached:
                    for column in columns:
                        await session.execute(
                            update(table).where(column == person_id).values({column.name: None})
                        )
                    continue
                rows = (
                    await session.execute(select(table).where(_owned(columns, person_id)))
                ).all()
                if table.name != "conversation_refs":
                    texts |= _texts_of(table, rows)
                posts |= _outbox_ids_of(table, rows)
                result = await session.execute(delete(table).where(_owned(columns, person_id)))
                _count(report.deleted, table.name, affected(result))
            for name in sorted(KEPT_FOR_COUNTS & set(schema.person_columns)):
                table = tables[name]
                kept = _owned(schema.person_columns[name], person_id)
                if name == "memberships" and "state" in table.c:
                    await session.execute(update(table).where(kept).values(state="left"))
                rows = (await session.execute(select(table).where(kept))).all()
                _count(report.kept, name, len(rows))
            await self._erase_messages(session, schema, person, conversations, texts, posts, report)
            await self._erase_about(session, schema, person, report)
            await self._scrub_references(session, schema, person)
            marker = f"{ERASED_PREFIX}{uuid.uuid4().hex}"
            scrub: dict[str, str | None] = {
                "name": "",
                "aad_object_id": marker,
                "teams_user_id": marker,
            }
            scrub |= {column: None for column in ("given_name", "email", "welcomed_at")}
            await session.execute(
                update(people)
                .where(people.c.id == person_id)
                .values({k: v for k, v in scrub.items() if k in people.c})
            )
            _count(report.kept, PEOPLE, 1)
        log.info(
            "erased person %s: %d rows deleted (%s), kept for counts %s",
            person_id,
            report.total_deleted,
            ", ".join(f"{t} {n}" for t, n in sorted(report.deleted.items()) if n),
            report.kept,
        )
        return report

    async def booked_times(self, person_id: int) -> list[str]:
        """Calendar event ids of the times the person booked for their journey that have not
        ended yet (their Tidsplan), to cancel when they erase their data."""
        schema = await self._reflect()
        sessions = schema.tables.get("work_sessions")
        if sessions is None:
            return []
        async with self._db.reading() as connection:
            rows = await connection.execute(
                select(sessions.c.event_id).where(
                    sessions.c.person_id == person_id,
                    sessions.c.event_id.is_not(None),
                    sessions.c.ends_at > self._db.now(),
                )
            )
            return [event_id for (event_id,) in rows]

    async def booked_meetings(self, person_id: int) -> list[GroupMeeting]:
        """Her groups' booked meetings that have not begun, to take her off when she erases
        her data (their calendar events name her as an attendee)."""
        schema = await self._reflect()
        meetings, memberships, people = (
            schema.tables["meetings"],
            schema.tables["memberships"],
            schema.tables[PEOPLE],
        )
        hers = select(memberships.c.group_id).where(memberships.c.person_id == person_id)
        async with self._db.reading() as connection:
            rows = (
                await connection.execute(
                    select(meetings.c.id, meetings.c.group_id, meetings.c.event_id).where(
                        meetings.c.group_id.in_(hers),
                        meetings.c.state == BOOKED,
                        meetings.c.event_id.is_not(None),
                        meetings.c.starts_at > self._db.now(),
                    )
                )
            ).all()
            found = []
            for meeting_id, group_id, event_id in rows:
                members = await connection.execute(
                    select(people.c.email, people.c.name)
                    .join(memberships, memberships.c.person_id == people.c.id)
                    .where(memberships.c.group_id == group_id, people.c.email.is_not(None))
                    .order_by(people.c.id)
                )
                pairs = tuple((email, name or "") for email, name in members if email)
                found.append(GroupMeeting(meeting_id, event_id, pairs))
        return found

    async def checkpoint(self) -> None:
        """Erased rows leave the database's journal too (SQLite's WAL; secure_delete zeroes
        their pages)."""
        await self._db.checkpoint()

    async def _personal_conversations(
        self, session: AsyncSession, schema: _Schema, person_id: int
    ) -> list[str]:
        refs = schema.tables.get("conversation_refs")
        if refs is None:
            return []
        rows = await session.execute(
            select(refs.c.conversation_id).where(
                refs.c.person_id == person_id, refs.c.kind == "personal"
            )
        )
        return [conversation_id for (conversation_id,) in rows]

    async def _erase_messages(
        self,
        session: AsyncSession,
        schema: _Schema,
        person: Any,
        conversations: list[str],
        texts: set[str],
        posts: set[int],
        report: ErasureReport,
    ) -> None:
        """Outbox rows to or about them (their personal chat, their posts in a channel: an
        introduction, a shared reflection, anything quoting their texts), their dialog state,
        their processed activity ids."""
        outbox = schema.tables.get("outbox")
        if outbox is not None:
            doomed = []
            needles = _needles(texts)
            rows = await session.execute(
                select(
                    outbox.c.id,
                    outbox.c.conversation_id,
                    outbox.c.payload,
                    outbox.c.idempotency_key,
                    outbox.c.reference,
                    outbox.c.sent_activity_id,
                ).where(outbox.c.organisation_id == person.organisation_id)
            )
            # Their introduction's posts, however short the answers (keys of services.team).
            introduction = re.compile(rf"^introduction-\d+-{person.id}-")
            for row_id, conversation_id, payload, key, reference, activity_id in rows:
                if conversation_id in conversations:
                    doomed.append(row_id)  # her personal chat: it goes with her
                elif (
                    row_id in posts
                    or introduction.match(key or "")
                    or any(n in payload for n in needles)
                ):
                    doomed.append(row_id)
                    post = (reference, activity_id)
                    if activity_id and post not in report.channel_posts:  # edits share the id
                        report.channel_posts.append(post)
            for start in range(0, len(doomed), 500):
                result = await session.execute(
                    delete(outbox).where(outbox.c.id.in_(doomed[start : start + 500]))
                )
                _count(report.deleted, "outbox", affected(result))
        processed = schema.tables.get("processed_activities")
        if processed is not None and conversations:
            result = await session.execute(
                delete(processed).where(processed.c.conversation_id.in_(conversations))
            )
            _count(report.deleted, "processed_activities", affected(result))

    async def _erase_about(
        self, session: AsyncSession, schema: _Schema, person: Any, report: ErasureReport
    ) -> None:
        """Messages about them sent into another tenant (a one-to-one contact's proposal or
        introduction, services.contacts): their idempotency keys end in `-about-<person id>`,
        since the text search above stays within their own organisation."""
        outbox = schema.tables.get("outbox")
        if outbox is None:
            return
        about = outbox.c.idempotency_key.like(f"%{ABOUT}{person.id}")
        rows = await session.execute(
            select(outbox.c.id, outbox.c.reference, outbox.c.sent_activity_id).where(about)
        )
        for _, reference, activity_id in rows:
            if activity_id and (reference, activity_id) not in report.channel_posts:
                report.channel_posts.append((reference, activity_id))  # deleted in Teams too
        result = await session.execute(delete(outbox).where(about))
        _count(report.deleted, "outbox", affected(result))

    async def _scrub_references(self, session: AsyncSession, schema: _Schema, person: Any) -> None:
        """Stored JSON that still names them (a channel's conversation reference saved from
        their install, queued cards with their Teams id in refresh.userIds): their ids are
        taken out of lists, and their name, e-mail and ids out of every string. Only rows of
        their organisation that hold one of their ids are touched: a name alone may be someone
        else's (two "Anna Berg"), and their account objects are matched by id, never by name."""
        ids = _identifiers(person)
        if not ids:
            return
        name = (getattr(person, "name", None) or "").strip()
        for table_name, columns in (
            ("conversation_refs", ("reference",)),
            ("outbox", ("reference", "payload")),
        ):
            table = schema.tables.get(table_name)
            if table is None:
                continue
            condition = [
                table.c[c].contains(value, autoescape=True) for c in columns for value in ids
            ]
            rows = (
                await session.execute(
                    select(table.c.id, *(table.c[c] for c in columns)).where(
                        table.c.organisation_id == person.organisation_id, or_(*condition)
                    )
                )
            ).all()
            for row in rows:
                values = {c: _scrubbed(row._mapping[c], ids, name) for c in columns}
                await session.execute(update(table).where(table.c.id == row.id).values(values))

    # --- the schema ---------------------------------------------------------------------------

    async def _reflect(self) -> _Schema:
        """The live schema (every migration's tables), read once per process."""
        if self._schema is None:
            metadata = MetaData()
            async with self._db.reading() as connection:
                await connection.run_sync(lambda sync: metadata.reflect(bind=sync))
            self._schema = _schema_of(metadata)
        return self._schema


def _schema_of(metadata: MetaData) -> _Schema:
    tables = dict(metadata.tables)
    person_columns: dict[str, tuple[Column[Any], ...]] = {}
    for name, table in tables.items():
        if name in _MACHINERY:
            continue
        columns = tuple(
            column
            for column in table.columns
            if name != PEOPLE
            and (
                column.name == "person_id"
                or any(fk.column.table.name == PEOPLE for fk in column.foreign_keys)
            )
        )
        if columns:
            person_columns[name] = columns
    person_columns[PEOPLE] = (tables[PEOPLE].c.id,)
    detached = frozenset(
        name
        for name, columns in person_columns.items()
        if name != PEOPLE
        and all(
            fk.ondelete and fk.ondelete.upper() == "SET NULL"
            for column in columns
            for fk in column.foreign_keys
        )
        and all(column.foreign_keys and column.nullable for column in columns)
    )
    dependents = []
    for name, table in tables.items():
        if name in person_columns or name in _MACHINERY:
            continue
        for column in table.columns:
            for fk in column.foreign_keys:
                parent = fk.column.table
                if parent.name in person_columns and parent.name not in (PEOPLE, *KEPT_FOR_COUNTS):
                    dependents.append((table, column, parent, fk.column))
    return _Schema(tables, person_columns, detached, tuple(dependents))


def _children_first(schema: _Schema) -> list[Table]:
    """The person's tables, those that refer to others before the ones they refer to."""
    metadata = schema.tables[PEOPLE].metadata  # its sorted_tables puts parents first
    return [t for t in reversed(metadata.sorted_tables) if t.name in schema.person_columns]


def _owned(columns: Iterable[Column[Any]], person_id: int) -> ColumnElement[bool]:
    return or_(*(column == person_id for column in columns))


def _texts_of(table: Table, rows: Iterable[Any]) -> set[str]:
    # Free text lives in Text columns; String columns hold ids and states ("exercise_reflection").
    text_columns = [c.name for c in table.columns if isinstance(c.type, sqltypes.Text)]
    found = set()
    for row in rows:
        for name in text_columns:
            value = row._mapping[name]
            if isinstance(value, str) and len(value.strip()) >= _MIN_TEXT:
                found.add(value.strip())
    return found


def _outbox_ids_of(table: Table, rows: Iterable[Any]) -> set[int]:
    if "outbox_id" not in table.c:
        return set()
    return {row._mapping["outbox_id"] for row in rows if row._mapping["outbox_id"] is not None}


def _identifiers(person: Any) -> list[str]:
    """What identifies the person in stored JSON: ids and e-mail (longest first)."""
    values = {
        getattr(person, column, None) for column in ("aad_object_id", "teams_user_id", "email")
    }
    found = [v for v in values if isinstance(v, str) and len(v.strip()) >= 3]
    return sorted(found, key=len, reverse=True)


def _scrubbed(stored: str | None, ids: list[str], name: str) -> str | None:
    """`stored` (JSON, or plain text) without her ids; her name is cut out of its strings too."""
    if not stored:
        return stored
    words = [*ids, name] if len(name) >= 3 else ids
    try:
        value = json.loads(stored)
    except ValueError:
        return _without(stored, words)
    return json.dumps(_scrub_value(value, ids, words))


def _scrub_value(value: Any, ids: list[str], words: list[str]) -> Any:
    if isinstance(value, str):
        return _without(value, words)
    if isinstance(value, list):
        return [_scrub_value(v, ids, words) for v in value if not (isinstance(v, str) and v in ids)]
    if isinstance(value, dict):
        if any(isinstance(v, str) and v in ids for v in value.values()):
            # An account object of theirs ({"id", "name", "aadObjectId"}): its other ids are
            # theirs too, even one this person's row does not hold (another Teams id of hers).
            return {
                k: "" if isinstance(v, str) else _scrub_value(v, ids, words)
                for k, v in value.items()
            }
        return {k: _scrub_value(v, ids, words) for k, v in value.items()}
    return value


def _without(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, "")
    return text


def _needles(texts: Iterable[str]) -> set[str]:
    """Each text as stored in a JSON payload: as is and with JSON's escapes."""
    needles = set()
    for value in texts:
        for line in value.splitlines():
            line = line.strip()
            if len(line) >= _MIN_TEXT:
                needles.add(line)
                needles.add(json.dumps(line)[1:-1])
    return needles


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _count(counts: dict[str, int], table: str, rows: int | None) -> None:
    counts[table] = counts.get(table, 0) + max(rows or 0, 0)


def _plain(mapping: Any) -> dict[str, Any]:
    return {key: _value(value) for key, value in mapping.items()}


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return None
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    return value
