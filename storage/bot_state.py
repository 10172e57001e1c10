"""botbuilder's Storage over SQL: dialog and user state survive restarts and are shared by replicas.

Documents are encoded with jsonpickle, as botbuilder's own blob storage does (dialog state holds
botbuilder objects, not plain JSON). Writes use optimistic concurrency on `e_tag`: a write whose
e_tag is not the stored one fails, like botbuilder's MemoryStorage; "*" or no e_tag overwrites.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping

from botbuilder.core import Storage
from jsonpickle import encode
from jsonpickle.unpickler import Unpickler
from sqlalchemy import bindparam, delete, select, update

from storage.database import Database
from storage.models import BotStateItem
from storage.upsert import insert_for

_TABLE = BotStateItem.__table__
_COLUMNS = (_TABLE.c.key, _TABLE.c.etag, _TABLE.c.document)
_READ_ONE = select(*_COLUMNS).where(_TABLE.c.key == bindparam("key"))  # every turn: cheap to run
_READ_MANY = select(*_COLUMNS).where(_TABLE.c.key.in_(bindparam("keys", expanding=True)))


class ETagConflict(KeyError):
    """Another turn wrote the same state first. KeyError, as botbuilder's MemoryStorage raises."""


class SqlStorage(Storage):
    def __init__(self, database: Database) -> None:
        super().__init__()
        self._db = database

    async def read(self, keys: list[str]) -> dict[str, object]:
        if not keys:
            return {}
        async with self._db.reading() as connection:
            wanted = set(keys)
            if len(wanted) == 1:
                rows = await connection.execute(_READ_ONE, {"key": next(iter(wanted))})
            else:
                rows = await connection.execute(_READ_MANY, {"keys": list(wanted)})
            return {key: _decode(document, etag) for key, etag, document in rows}

    async def write(self, changes: Mapping[str, object]) -> None:
        if changes is None:
            raise TypeError("changes are required when writing")
        if not changes:
            return
        async with self._db.transaction() as session:
            for key, item in changes.items():
                expected = _etag_of(item)
                document, etag = encode(item, unpicklable=True), uuid.uuid4().hex
                if expected in (None, "*"):
                    insert = insert_for(session)
                    await session.execute(
                        insert(BotStateItem)
                        .values(key=key, etag=etag, document=document, updated_at=self._db.now())
                        .on_conflict_do_update(
                            index_elements=[BotStateItem.key],
                            set_={"etag": etag, "document": document, "updated_at": self._db.now()},
                        )
                    )
                    continue
                result = await session.execute(
                    update(BotStateItem)
                    .where(BotStateItem.key == key, BotStateItem.etag == expected)
                    .values(etag=etag, document=document)
                )
                if result.rowcount != 1:
                    raise ETagConflict(f"state {key!r} was changed by another turn")

    async def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if not keys:
            return
        async with self._db.transaction() as session:
            await session.execute(delete(BotStateItem).where(BotStateItem.key.in_(keys)))


def _etag_of(item: object) -> str | None:
    etag = item.get("e_tag") if isinstance(item, dict) else getattr(item, "e_tag", None)
    if etag == "":
        raise ValueError("e_tag is empty")
    return etag


def _decode(document: str, etag: str) -> object:
    data = json.loads(document)
    if isinstance(data, dict):
        data["e_tag"] = etag
    item = Unpickler().restore(data)
    if not isinstance(item, dict) and hasattr(item, "e_tag"):
        item.e_tag = etag
    return item
