"""Which activities were already handled, so a redelivered one is processed once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, bindparam, delete

from storage.database import Database
from storage.models import ProcessedActivity
from storage.upsert import insert_for_dialect


def _table() -> Table:
    # Declared with a table, so always one; the ORM types `__table__` as any FromClause.
    table = ProcessedActivity.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{ProcessedActivity.__name__} is not mapped to a table")
    return table


_TABLE = _table()


class ProcessedActivities:
    def __init__(self, database: Database) -> None:
        self._db = database
        # Built once: this runs on every turn, and SQLAlchemy statement building is not free.
        self._claim = insert_for_dialect(database.engine.dialect.name)(
            _TABLE
        ).on_conflict_do_nothing()
        self._release = delete(_TABLE).where(
            _TABLE.c.conversation_id == bindparam("conversation"),
            _TABLE.c.activity_id == bindparam("activity"),
        )

    async def claim(self, conversation_id: str, activity_id: str) -> bool:
        """True for the first caller only; atomic across processes sharing the database."""
        async with self._db.writing() as connection:
            result = await connection.execute(
                self._claim,
                {
                    "conversation_id": conversation_id,
                    "activity_id": activity_id,
                    "received_at": self._db.now(),
                },
            )
            return result.rowcount == 1

    async def release(self, conversation_id: str, activity_id: str) -> None:
        """Forget a claim whose turn failed, so Teams' redelivery gets another chance."""
        async with self._db.writing() as connection:
            await connection.execute(
                self._release, {"conversation": conversation_id, "activity": activity_id}
            )

    async def prune(self, received_before: datetime) -> int:
        async with self._db.writing() as connection:
            result = await connection.execute(
                delete(_TABLE).where(_TABLE.c.received_at < received_before)
            )
            return result.rowcount
