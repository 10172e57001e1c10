"""Which activities were already handled, so a redelivered one is processed once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from storage.base import utcnow
from storage.database import Database
from storage.models import ProcessedActivity
from storage.upsert import insert_for


class ProcessedActivities:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def claim(self, conversation_id: str, activity_id: str) -> bool:
        """True for the first caller only; atomic across processes sharing the database."""
        async with self._db.transaction() as session:
            insert = insert_for(session)
            statement = (
                insert(ProcessedActivity)
                .values(conversation_id=conversation_id, activity_id=activity_id, received_at=utcnow())
                .on_conflict_do_nothing()
            )
            result = await session.execute(statement)
            return result.rowcount == 1

    async def release(self, conversation_id: str, activity_id: str) -> None:
        """Forget a claim whose turn failed, so Teams' redelivery gets another chance."""
        async with self._db.transaction() as session:
            await session.execute(
                delete(ProcessedActivity).where(
                    ProcessedActivity.conversation_id == conversation_id,
                    ProcessedActivity.activity_id == activity_id,
                )
            )

    async def prune(self, received_before: datetime) -> int:
        async with self._db.transaction() as session:
            result = await session.execute(
                delete(ProcessedActivity).where(ProcessedActivity.received_at < received_before)
            )
            return result.rowcount
