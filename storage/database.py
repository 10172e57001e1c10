"""The async engine, sessions and the unit of work, for SQLite (the default) and PostgreSQL.

Every store opens its own short transaction (`transaction`, `writing`, `reading`, `sessions`),
unless a unit of work is open in the calling task: then they all join it, and what a use case
changes (a meeting booked) commits together with what it causes (the outbox rows that say so),
or not at all. A unit belongs to the task that opened it; tasks it spawns must not use it (an
AsyncSession is not safe for concurrent use), and trying to is an error, not a silent race.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Iterator
from contextlib import asynccontextmanager, contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from clock import Clock
from storage import sqlite_driver
from storage.base import CLOCK_OPTION

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Unit:
    session: AsyncSession
    owner: asyncio.Task[Any] | None
    # Run once the unit has committed: caches must not remember what a rollback undid.
    committed: list[Callable[[], None]] = field(default_factory=list)


@dataclass(slots=True)
class _KeptReads:
    owner: asyncio.Task[Any] | None
    reads: dict[Hashable, object] = field(default_factory=dict)


class UnitShared(RuntimeError):
    """A task tried to use a unit of work another task opened."""


class Database:
    """Owns the engine; hands out short sessions. One per process, built in app.py."""

    def __init__(self, url: str, *, clock: Clock) -> None:
        self.url = make_url(url)
        self.clock = clock
        # Column defaults (created_at, updated_at) read the clock from the execution options.
        self.engine: AsyncEngine = _create_engine(url, {CLOCK_OPTION: clock})
        # Its own pool, whose connections stay in autocommit: setting it per checkout would cost
        # what it saves. (A second pool of an in-memory SQLite would be a database of its own.)
        self._autocommit = (
            self.engine
            if self.url.database in (None, "", ":memory:") and self.is_sqlite
            else _create_engine(url, {CLOCK_OPTION: clock}, isolation_level="AUTOCOMMIT")
        )
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._unit: ContextVar[_Unit | None] = ContextVar(f"unit-of-work-{id(self)}", default=None)
        self._kept: ContextVar[_KeptReads | None] = ContextVar(f"kept-{id(self)}", default=None)
        # SQLite allows one writer; a second one sleeps in SQLite's busy handler (up to 100 ms a
        # try). Queueing this process's writers on a lock instead keeps p99 latency low.
        self._write_lock = asyncio.Lock() if self.is_sqlite else None

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """One transaction for everything the stores do inside it, in this task. Nested units
        join the outer one."""
        unit = self._current()
        if unit is not None:
            yield unit.session
            return
        lock = self._write_lock or nullcontext()
        with self._writes():
            async with lock, self._sessions() as session, session.begin():
                new = _Unit(session, asyncio.current_task())
                token = self._unit.set(new)
                try:
                    yield session
                finally:
                    self._unit.reset(token)
        for callback in new.committed:
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once what the caller wrote is committed: at once outside a unit of
        work, after the unit's commit inside one (never, if it rolls back)."""
        unit = self._current()
        if unit is None:
            callback()
        else:
            unit.committed.append(callback)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on error."""
        unit = self._current()
        if unit is not None:
            yield unit.session
            await unit.session.flush()
            return
        with self._writes():
            lock = self._write_lock or nullcontext()
            async with lock, self._sessions() as session, session.begin():
                yield session

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncConnection]:
        """A Core connection inside one write transaction, for hot paths the ORM would slow."""
        unit = self._current()
        if unit is not None:
            yield await self._joined(unit)
            return
        with self._writes():
            async with self._write_lock or nullcontext(), self.engine.begin() as connection:
                yield connection

    @asynccontextmanager
    async def single_writes(self) -> AsyncIterator[AsyncConnection]:
        """A Core connection whose statements each commit by themselves, for a write that is one
        statement (the dedupe claim on every turn): no BEGIN and COMMIT around it, which are two
        trips to SQLite's worker thread or two round trips to PostgreSQL. Inside a unit of work,
        the unit's connection (the statement commits with the unit)."""
        unit = self._current()
        if unit is not None:
            yield await self._joined(unit)
            return
        if self._autocommit is self.engine:
            async with self.writing() as connection:
                yield connection
            return
        with self._writes():
            async with self._write_lock or nullcontext(), self._autocommit.connect() as connection:
                yield connection

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncConnection]:
        unit = self._current()
        if unit is not None:
            yield await self._joined(unit)
            return
        async with self.engine.connect() as connection:
            yield connection

    @asynccontextmanager
    async def sessions(self) -> AsyncIterator[AsyncSession]:
        """A session for reading (a unit's own session inside one, to see its writes)."""
        unit = self._current()
        if unit is not None:
            yield unit.session
            return
        async with self._sessions() as session:
            yield session

    @contextmanager
    def keeping_reads(self) -> Iterator[None]:
        """Within it, in this task (one turn), `kept_read` answers a read it already made from
        memory until the task writes: a turn's lookups can share one statement. Never across
        turns: another replica may change the rows between them."""
        token = self._kept.set(_KeptReads(asyncio.current_task()))
        try:
            yield
        finally:
            self._kept.reset(token)

    async def kept_read(self, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        """`load()`, or what it gave earlier in this `keeping_reads` (see there)."""
        kept = self._own_kept()
        if kept is None or self._current() is not None:  # a unit reads its own writes
            return await load()
        if key not in kept.reads:
            kept.reads[key] = await load()
        return cast(T, kept.reads[key])

    @contextmanager
    def _writes(self) -> Iterator[None]:
        """Around every write: what was kept may change, before it commits and after."""
        kept = self._own_kept()
        if kept is not None:
            kept.reads.clear()
        try:
            yield
        finally:
            if kept is not None:
                kept.reads.clear()

    def _own_kept(self) -> _KeptReads | None:
        kept = self._kept.get()
        return kept if kept is not None and kept.owner is asyncio.current_task() else None

    @property
    def in_unit_of_work(self) -> bool:
        return self._current() is not None

    def _current(self) -> _Unit | None:
        unit = self._unit.get()
        if unit is not None and unit.owner is not asyncio.current_task():
            raise UnitShared("a unit of work belongs to the task that opened it")
        return unit

    @staticmethod
    async def _joined(unit: _Unit) -> AsyncConnection:
        # Core statements do not autoflush: write what the ORM holds first, so they see it.
        await unit.session.flush()
        return await unit.session.connection()

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # any driver failure means "not reachable" to a health check
            log.exception("database ping failed")
            return False
        return True

    def now(self) -> datetime:
        return self.clock()

    async def checkpoint(self) -> None:
        """SQLite: copy the WAL into the database file and empty it, so deleted texts are not
        kept in the journal. Nothing to do on PostgreSQL."""
        if not self.is_sqlite:
            return
        async with self._write_lock or nullcontext(), self.engine.connect() as connection:
            await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    @property
    def engines(self) -> tuple[AsyncEngine, AsyncEngine]:
        """Every engine statements go through (to count them)."""
        return (self.engine, self._autocommit)

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._autocommit is not self.engine:
            await self._autocommit.dispose()


def _create_engine(url: str, options: dict[str, object], **engine: Any) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True, execution_options=options, **engine)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    created = create_async_engine(
        url,
        async_creator=sqlite_driver.connector(parsed, parsed.get_dialect()(), timeout=30),
        execution_options=options,
        **engine,
    )
    event.listen(created.sync_engine, "connect", _tune_sqlite)
    return created


def _tune_sqlite(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    # WAL lets readers run beside the single writer; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted rows are overwritten with zeros, so an erased person's texts do not linger in
    # free pages of the database file (storage.personal_data checkpoints the WAL after erasure).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
