"""Where the bot can speak later: one address per conversation, with its tenant."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select, update

from chat.address import ConversationAddress
from storage.database import Database
from storage.models import ConversationRef
from storage.upsert import insert_for

IN_CHUNK = 5000  # ids per IN (...) list: inside every driver's limit (32,766 parameters)

REFLECTION = "reflection"  # a group's channel for shared reflections, when not its own


@dataclass(frozen=True, slots=True)
class StoredConversation:
    organisation_id: int
    tenant_id: str
    kind: str
    reference: ConversationAddress


class Conversations:
    def __init__(self, database: Database) -> None:
        self._db = database
        # Upserting on every turn is wasted work: remember what this process already wrote.
        self._written: dict[tuple[int, str], tuple[Any, ...]] = {}

    async def remember(
        self,
        organisation_id: int,
        kind: str,
        reference: ConversationAddress,
        *,
        person_id: int | None = None,
        group_id: int | None = None,
    ) -> None:
        cache_key = (organisation_id, reference.conversation_id)
        fingerprint = (reference, kind, person_id, group_id)
        if self._written.get(cache_key) == fingerprint:
            return
        document = reference.to_json()
        values = {
            "kind": kind,
            "service_url": reference.service_url,
            "person_id": person_id,
            "group_id": group_id,
            "reference": document,
            "active": True,
            "updated_at": self._db.now(),
        }
        async with self._db.transaction() as session:
            insert = insert_for(session)
            await session.execute(
                insert(ConversationRef)
                .values(
                    organisation_id=organisation_id,
                    conversation_id=reference.conversation_id,
                    **values,
                )
                .on_conflict_do_update(
                    index_elements=[
                        ConversationRef.organisation_id,
                        ConversationRef.conversation_id,
                    ],
                    set_={key: value for key, value in values.items() if value is not None},
                )
            )
        # Only once committed: a unit of work that rolls back must not leave it remembered.
        self._db.after_commit(lambda: self._written.__setitem__(cache_key, fingerprint))

    def forget(self) -> None:
        """After an erasure: the next turns write their conversations again (only a cache)."""
        self._written.clear()

    async def personal(self, person_id: int) -> StoredConversation | None:
        return await self._one(
            ConversationRef.person_id == person_id, ConversationRef.kind == "personal"
        )

    async def personal_chats(self, person_ids: Iterable[int]) -> dict[int, StoredConversation]:
        """Person id -> personal chat (as `personal` gives it) for many people: a statement per
        IN_CHUNK of them, so a scheduler job over every leader costs a few statements, not one
        per leader. People without an active personal chat are left out."""
        found: dict[int, StoredConversation] = {}
        wanted = sorted(set(person_ids))
        async with self._db.sessions() as session:
            for first in range(0, len(wanted), IN_CHUNK):
                rows = await session.scalars(
                    select(ConversationRef)
                    .where(
                        ConversationRef.active.is_(True),
                        ConversationRef.kind == "personal",
                        ConversationRef.person_id.in_(wanted[first : first + IN_CHUNK]),
                    )
                    .order_by(ConversationRef.updated_at.desc())
                )
                for row in rows:
                    if row.person_id is not None and row.person_id not in found:
                        found[row.person_id] = _stored(row)
        return found

    async def of_group(self, group_id: int) -> StoredConversation | None:
        return await self._one(
            ConversationRef.group_id == group_id, ConversationRef.kind == "channel"
        )

    async def set_reflection_channel(
        self, organisation_id: int, group_id: int, reference: ConversationAddress | None
    ) -> None:
        """The channel where the group's shared reflections go (kind "reflection"); None: the
        group's own channel (General). Replaces the one chosen before."""
        async with self._db.transaction() as session:
            await session.execute(
                update(ConversationRef)
                .where(
                    ConversationRef.group_id == group_id,
                    ConversationRef.kind == REFLECTION,
                    ConversationRef.active.is_(True),
                )
                .values(active=False, updated_at=self._db.now())
            )
        if reference is not None:
            self._written.pop((organisation_id, reference.conversation_id), None)
            await self.remember(organisation_id, REFLECTION, reference, group_id=group_id)

    async def reflections_of_group(self, group_id: int) -> StoredConversation | None:
        """Where the group's shared reflections are posted: its "Reflektion" channel when it
        has one, else its own channel."""
        chosen = await self._one(
            ConversationRef.group_id == group_id, ConversationRef.kind == REFLECTION
        )
        return chosen or await self.of_group(group_id)

    async def _one(self, *conditions: ColumnElement[bool]) -> StoredConversation | None:
        async with self._db.sessions() as session:
            row = await session.scalar(
                select(ConversationRef)
                .where(ConversationRef.active.is_(True), *conditions)
                .order_by(ConversationRef.updated_at.desc())
                .limit(1)
            )
        return None if row is None else _stored(row)


def _stored(row: ConversationRef) -> StoredConversation:
    address = ConversationAddress.from_json(row.reference)
    return StoredConversation(
        organisation_id=row.organisation_id,
        tenant_id=address.tenant_id,
        kind=row.kind,
        reference=address,
    )
