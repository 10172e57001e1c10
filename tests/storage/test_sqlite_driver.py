"""The SQLite driver: fewer trips to aiosqlite's worker thread, and the same results as before.

The trips are counted where aiosqlite hands a call to its thread (Connection._execute); the
results are checked through SQLAlchemy as the stores use it, on a real migrated file database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from storage import migrate
from storage.database import Database
from storage.models import ProcessedActivity
from tests.clock import TestClock
from tests.storage.trips import trips

RECEIVED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", clock=TestClock())
    await migrate.upgrade(database)
    yield database
    await database.dispose()


def row(activity_id: str, kind: str = "message") -> dict[str, Any]:
    return {
        "tenant_id": "t",
        "conversation_id": "c",
        "kind": kind,
        "activity_id": activity_id,
        "received_at": RECEIVED,
    }


async def add(database: Database, *ids: str) -> None:
    async with database.writing() as connection:
        await connection.execute(insert(ProcessedActivity), [row(i) for i in ids])


async def test_a_read_is_one_trip_to_the_worker_thread(
    sqlite: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add(sqlite, "a1")
    with trips(monkeypatch) as handed:
        async with sqlite.reading() as connection:
            found = await connection.scalar(select(ProcessedActivity.activity_id))
    assert found == "a1"
    assert len(handed) == 1, handed  # was 5: cursor, execute, fetchall, close, rollback


async def test_a_write_is_one_trip_for_the_statement_and_one_for_the_commit(
    sqlite: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with trips(monkeypatch) as handed:
        await add(sqlite, "a1")
    assert len(handed) == 2, handed  # was 5: cursor, execute, close, commit, rollback
    async with sqlite.reading() as connection:
        assert await connection.scalar(select(func.count()).select_from(ProcessedActivity)) == 1


async def test_rows_counts_and_several_statements_in_one_transaction(sqlite: Database) -> None:
    await add(sqlite, "a1", "a2", "a3")
    async with sqlite.writing() as connection:
        changed = await connection.execute(
            update(ProcessedActivity)
            .where(ProcessedActivity.activity_id != "a3")
            .values(kind="invoke")
        )
        assert changed.rowcount == 2
        kinds = await connection.execute(
            select(ProcessedActivity.activity_id, ProcessedActivity.kind).order_by(
                ProcessedActivity.activity_id
            )
        )
        assert kinds.all() == [("a1", "invoke"), ("a2", "invoke"), ("a3", "message")]
    async with sqlite.reading() as connection:
        result = await connection.execute(
            select(ProcessedActivity.activity_id).order_by(ProcessedActivity.activity_id)
        )
        assert result.fetchone() == ("a1",)
        assert result.fetchmany(1) == [("a2",)]
        assert result.fetchall() == [("a3",)]
        streamed = await connection.stream(
            select(ProcessedActivity.received_at).order_by(ProcessedActivity.activity_id)
        )
        assert [stamp async for stamp in streamed.scalars()] == [RECEIVED] * 3


async def test_a_failed_statement_rolls_its_transaction_back(sqlite: Database) -> None:
    await add(sqlite, "a1")
    with pytest.raises(IntegrityError):
        async with sqlite.writing() as connection:
            await connection.execute(delete(ProcessedActivity))
            await connection.execute(insert(ProcessedActivity), [row("a2"), row("a2")])
    async with sqlite.reading() as connection:
        kept = await connection.scalars(select(ProcessedActivity.activity_id))
        assert kept.all() == ["a1"]  # the delete before the failure is undone too
