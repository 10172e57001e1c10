"""INSERT ... ON CONFLICT for SQLite and PostgreSQL: the same syntax, a different module each."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

if TYPE_CHECKING:
    from sqlalchemy.sql._typing import _DMLTableArgument

# Either dialect's `insert`: both statements have on_conflict_do_nothing/do_update and `excluded`.
Upsert: TypeAlias = "postgresql.Insert | sqlite.Insert"
InsertFor: TypeAlias = "Callable[[_DMLTableArgument], Upsert]"


def insert_for(session: AsyncSession | AsyncConnection) -> InsertFor:
    """The dialect's `insert`, which has on_conflict_do_nothing/do_update."""
    if isinstance(session, AsyncSession):
        if session.bind is None:
            raise RuntimeError("this session is bound to no engine: open it through Database")
        return insert_for_dialect(session.bind.dialect.name)
    return insert_for_dialect(session.dialect.name)


def insert_for_dialect(dialect: str) -> InsertFor:
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise RuntimeError(f"unsupported database dialect {dialect!r}")
