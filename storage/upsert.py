"""INSERT ... ON CONFLICT for the two databases we run on (their syntax is the same, the module not)."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_for(session: AsyncSession):  # noqa: ANN201 (dialect-specific Insert classes)
    """The dialect's `insert`, which has on_conflict_do_nothing/do_update."""
    dialect = session.bind.dialect.name
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise RuntimeError(f"unsupported database dialect {dialect!r}")
