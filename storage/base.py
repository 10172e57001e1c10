"""The declarative base and the column types every table shares."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, DateTime, Dialect, MetaData, Result, TypeDecorator
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase

from clock import Clock

# Stable constraint names, so Alembic migrations read the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out; SQLite has no time zones, so the column stores UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


CLOCK_OPTION = "clock"


def clock_now(context: DefaultExecutionContext) -> datetime:
    """Column default: the time of the database's own clock (an execution option, see Database).

    Column defaults run wherever a row is written, so they read the clock the engine was given
    rather than the machine's.
    """
    clock: Clock | None = context.execution_options.get(CLOCK_OPTION)
    if clock is None:
        raise RuntimeError("this engine has no clock: build it through storage.database.Database")
    return clock()


def affected(result: Result[*tuple[Any, ...]]) -> int:
    """How many rows an UPDATE or DELETE matched (INSERT: wrote).

    `AsyncSession.execute` is typed as returning a plain `Result`, but for these statements it
    is a `CursorResult`, the class that has the count.
    """
    return cast("CursorResult[*tuple[Any, ...]]", result).rowcount
