"""The async engine and sessions, for SQLite (the embedded default) and PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from datetime import datetime
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from clock import Clock
from storage.base import CLOCK_OPTION

log = logging.getLogger(__name__)


class Database:
    """Owns the engine; hands out short sessions. One per process, built in app.py."""

    def __init__(self, url: str, *, clock: Clock) -> None:
        self.url = make_url(url)
        self.clock = clock
        # Column defaults (created_at, updated_at) read the clock from the execution options.
        self.engine: AsyncEngine = _create_engine(url, {CLOCK_OPTION: clock})
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite allows one writer; a second one sleeps in SQLite's busy handler (up to 100 ms a
        # try). Queueing this process's writers on a lock instead keeps p99 latency low.
        self._write_lock = asyncio.Lock() if self.is_sqlite else None

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on error."""
        async with self._write_lock or nullcontext(), self.sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncConnection]:
        """A Core connection inside one write transaction, for hot paths the ORM would slow."""
        async with self._write_lock or nullcontext(), self.engine.begin() as connection:
            yield connection

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as connection:
            yield connection

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

    async def dispose(self) -> None:
        await self.engine.dispose()


def _create_engine(url: str, options: dict[str, object]) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True, execution_options=options)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": 30}, execution_options=options)
    event.listen(engine.sync_engine, "connect", _tune_sqlite)
    return engine


def _tune_sqlite(dbapi_connection, _record) -> None:
    # WAL lets readers run beside the single writer; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
