"""Where the bot can speak later, with the tenant botbuilder's ConversationReference forgets."""

from __future__ import annotations

import json
from dataclasses import dataclass

from botbuilder.schema import ConversationReference
from sqlalchemy import select

from storage.database import Database
from storage.models import ConversationRef
from storage.upsert import insert_for


@dataclass(frozen=True, slots=True)
class StoredConversation:
    organisation_id: int
    tenant_id: str
    kind: str
    reference: ConversationReference


class Conversations:
    def __init__(self, database: Database) -> None:
        self._db = database
        # Upserting on every turn is wasted work: remember what this process already wrote.
        self._written: dict[tuple[int, str], tuple] = {}

    async def remember(
        self,
        organisation_id: int,
        tenant_id: str,
        kind: str,
        reference: ConversationReference,
        *,
        person_id: int | None = None,
        group_id: int | None = None,
    ) -> None:
        cache_key = (organisation_id, reference.conversation.id)
        fingerprint = _fingerprint(reference, kind, person_id, group_id)
        if self._written.get(cache_key) == fingerprint:
            return
        document = reference_json(reference, tenant_id)
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
                    conversation_id=reference.conversation.id,
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
        self._written[cache_key] = fingerprint

    def forget(self) -> None:
        """After an erasure: the next turns write their conversations again (only a cache)."""
        self._written.clear()

    async def personal(self, person_id: int) -> StoredConversation | None:
        return await self._one(
            ConversationRef.person_id == person_id, ConversationRef.kind == "personal"
        )

    async def of_group(self, group_id: int) -> StoredConversation | None:
        return await self._one(
            ConversationRef.group_id == group_id, ConversationRef.kind == "channel"
        )

    async def _one(self, *conditions) -> StoredConversation | None:
        async with self._db.sessions() as session:
            row = await session.scalar(
                select(ConversationRef)
                .where(ConversationRef.active.is_(True), *conditions)
                .order_by(ConversationRef.updated_at.desc())
                .limit(1)
            )
        if row is None:
            return None
        data = json.loads(row.reference)
        return StoredConversation(
            organisation_id=row.organisation_id,
            tenant_id=data["conversation"]["tenantId"],
            kind=row.kind,
            reference=ConversationReference().deserialize(data),
        )


def _fingerprint(
    reference: ConversationReference, kind: str, person_id: int | None, group_id: int | None
) -> tuple:
    """What can change in a stored reference (Teams moves service URLs; people get renamed)."""
    user, bot = reference.user, reference.bot
    return (
        reference.service_url,
        user.id if user else None,
        user.name if user else None,
        bot.id if bot else None,
        bot.name if bot else None,
        kind,
        person_id,
        group_id,
    )


def reference_json(reference: ConversationReference, tenant_id: str) -> str:
    data = reference.serialize()
    # The activity id of the turn that stored it is meaningless later, and would make every
    # turn's reference look new.
    data.pop("activityId", None)
    # Teams' wire key, and the one botbuilder's ConversationAccount maps ("tenantID").
    data["conversation"]["tenantId"] = data["conversation"]["tenantID"] = tenant_id
    return json.dumps(data, sort_keys=True)
