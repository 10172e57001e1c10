"""aiosqlite with fewer trips to its worker thread.

aiosqlite runs each call on a thread of its own per connection and hands the result back to the
event loop. SQLAlchemy's adapter makes four such trips per statement (open a cursor, execute,
fetch, close) and one per commit or rollback, also when no transaction is open (every read ends
with one). Each trip is a thread switch and a wakeup of the loop, so on a busy machine the trips,
not SQLite, were most of a turn's time in the database. Here a statement is one trip (execute and
fetch together), opening and closing a cursor stay on the loop (no I/O: nothing to wait for), and
a commit or rollback with no transaction open is skipped (sqlite3 would do nothing either).
Everything that may wait (statements, commits, SQLite's locks) still runs on the worker thread,
so the loop never blocks on the database.

Relies on aiosqlite's Connection._execute and Cursor._cursor (aiosqlite 0.20-0.22); the whole
test suite runs through this driver.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import aiosqlite
from aiosqlite.context import contextmanager
from sqlalchemy.engine import URL
from sqlalchemy.engine.interfaces import Dialect

Rows = list[Any]


class _Cursor(aiosqlite.Cursor):
    """A cursor whose rows arrive with the statement (SQLAlchemy fetches them all at once)."""

    def __init__(self, connection: aiosqlite.Connection, cursor: sqlite3.Cursor) -> None:
        super().__init__(connection, cursor)
        self._rows: Rows | None = None

    async def execute(self, sql: str, parameters: Any = None) -> _Cursor:
        on_worker: Callable[..., Awaitable[Rows]] = self._execute  # aiosqlite leaves it untyped
        self._rows = await on_worker(_execute_and_fetch, self._cursor, sql, parameters or ())
        return self

    async def fetchall(self) -> Rows:
        rows, self._rows = self._rows or [], []
        return rows

    async def fetchone(self) -> Any:
        rows = self._rows or []
        return rows.pop(0) if rows else None

    async def fetchmany(self, size: int | None = None) -> Rows:
        rows = self._rows or []
        count = self._cursor.arraysize if size is None else size
        taken, self._rows = rows[:count], rows[count:]
        return taken

    async def close(self) -> None:
        self._rows = None
        self._cursor.close()


def _execute_and_fetch(cursor: sqlite3.Cursor, sql: str, parameters: Sequence[Any]) -> Rows:
    """On the worker thread: the statement and, when it returns rows, all of them."""
    cursor.execute(sql, parameters)
    return cursor.fetchall() if cursor.description is not None else []


class _Connection(aiosqlite.Connection):
    @contextmanager
    async def cursor(self) -> aiosqlite.Cursor:
        return _Cursor(self, self._conn.cursor())

    async def commit(self) -> None:
        if self._conn.in_transaction:
            await super().commit()

    async def rollback(self) -> None:
        if self._conn.in_transaction:
            await super().rollback()


def connector(url: URL, dialect: Dialect, **options: Any) -> Callable[[], _Connection]:
    """SQLAlchemy's `async_creator` for `url`: the dialect reads the URL (file, URI options) as
    it does for plain aiosqlite; `options` go to sqlite3.connect."""
    (database, *_), kwargs = dialect.create_connect_args(url)
    # The cursors are opened and closed on the loop's thread, the statements run on the worker.
    kwargs = {**kwargs, **options, "check_same_thread": False}

    def connect() -> _Connection:
        connection = _Connection(lambda: sqlite3.connect(database, **kwargs), iter_chunk_size=64)
        connection._thread.daemon = True  # as SQLAlchemy does: a leaked one must not hang exit
        return connection

    return connect
