"""Statements a piece of code sends to the database, counted with engine events."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from storage.database import Database


@contextmanager
def counting_statements(database: Database) -> Iterator[list[str]]:
    """The statements run on `database`'s engines inside the block (first words of each)."""
    engines = [engine.sync_engine for engine in database.engines]
    statements: list[str] = []

    def statement(_conn: object, _cursor: object, sql: str, *_: object) -> None:
        statements.append(" ".join(sql.split()[:4]))

    for engine in engines:
        event.listen(engine, "before_cursor_execute", statement)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", statement)
