"""INSERT ... ON CONFLICT for SQLite and PostgreSQL: the same syntax, a different module each."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession


def insert_for(session: AsyncSession | AsyncConnection):
    """The dialect's `insert`, which has on_conflict_do_nothing/do_update."""
    return insert_for_dialect(
        session.bind.dialect.name if isinstance(session, AsyncSession) else session.dialect.name
    )


def insert_for_dialect(dialect: str):
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise RuntimeError(f"unsupported database dialect {dialect!r}")
