"""Which activities were already handled, so a redelivered one is processed once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, bindparam, delete

from storage.database import Database
from storage.models import ProcessedActivity
from storage.upsert import insert_for_dialect


@dataclass(frozen=True, slots=True)
class ActivityKey:
    """An activity as Teams identifies it. `kind` tells apart activities that share an id: a
    message's edit and deletion carry the id of the message."""

    tenant_id: str
    conversation_id: str
    kind: str
    activity_id: str

    def row(self) -> dict[str, str]:
        """As the table's columns (for the insert)."""
        return {
            "tenant_id": self.tenant_id,
            "conversation_id": self.conversation_id,
            "kind": self.kind,
            "activity_id": self.activity_id,
        }

    def params(self) -> dict[str, str]:
        """As the bound parameters of `_KEY` (an update may not reuse the column names)."""
        return {f"key_{name}": value for name, value in self.row().items()}


def _table() -> Table:
    # Declared with a table, so always one; the ORM types `__table__` as any FromClause.
    table = ProcessedActivity.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{ProcessedActivity.__name__} is not mapped to a table")
    return table


_TABLE = _table()
_KEY = (
    (_TABLE.c.tenant_id == bindparam("key_tenant_id"))
    & (_TABLE.c.conversation_id == bindparam("key_conversation_id"))
    & (_TABLE.c.kind == bindparam("key_kind"))
    & (_TABLE.c.activity_id == bindparam("key_activity_id"))
)


class ProcessedActivities:
    def __init__(self, database: Database) -> None:
        self._db = database
        # Built once: this runs on every turn, and SQLAlchemy statement building is not free.
        self._claim = insert_for_dialect(database.engine.dialect.name)(
            _TABLE
        ).on_conflict_do_nothing()
        self._release = delete(_TABLE).where(_KEY)

    async def claim(self, key: ActivityKey) -> bool:
        """True for the first caller only; atomic across processes sharing the database."""
        async with self._db.single_writes() as connection:
            result = await connection.execute(
                self._claim, {**key.row(), "received_at": self._db.now()}
            )
            return result.rowcount == 1

    async def release(self, key: ActivityKey) -> None:
        """Forget a claim whose turn failed, so Teams' redelivery gets another chance."""
        async with self._db.single_writes() as connection:
            await connection.execute(self._release, key.params())

    async def prune(self, received_before: datetime) -> int:
        async with self._db.writing() as connection:
            result = await connection.execute(
                delete(_TABLE).where(_TABLE.c.received_at < received_before)
            )
            return result.rowcount
