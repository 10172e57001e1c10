"""Upgrading keeps what is stored. SQLite alters a table by copying it and dropping the old one;
with foreign keys on, that drop cascaded into every table referring to it (migration 0034 added
a column to `people` and emptied every workbook)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Connection, func, select, text

from chat.address import Account, ConversationAddress
from storage import migrate
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory, TeamsAccount
from storage.journey_models import WorkbookEntry
from storage.models import Person
from storage.outbox import Outbox, OutboxMessage

BEFORE_PEOPLE_CHANGED = "0032"  # 0034 copies `people` on SQLite


async def test_an_upgrade_that_copies_people_keeps_their_workbooks(database: Database) -> None:
    def down(connection: Connection) -> None:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, BEFORE_PEOPLE_CHANGED)

    async with database.engine.begin() as connection:
        await connection.run_sync(down)
        await connection.execute(
            text(
                "INSERT INTO organisations (tenant_id, created_at) VALUES ('t', CURRENT_TIMESTAMP)"
            )
        )
        person = (
            await connection.execute(
                text(
                    "INSERT INTO people (organisation_id, aad_object_id, teams_user_id, name,"
                    " created_at) SELECT id, 'aad-a', '29:a', 'Anna Berg', CURRENT_TIMESTAMP"
                    " FROM organisations RETURNING id"
                )
            )
        ).scalar_one()
        await connection.execute(
            text(
                "INSERT INTO workbook_entries (person_id, kind, text, shared, draft, created_at,"
                " updated_at) VALUES (:p, 'goal', 'Mitt mål', false, false, CURRENT_TIMESTAMP,"
                " CURRENT_TIMESTAMP)"
            ),
            {"p": person},
        )

    await migrate.upgrade(database)

    async with database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Person)) == 1
        assert list(await session.scalars(select(WorkbookEntry.text))) == ["Mitt mål"]


async def test_regional_meeting_messages_get_their_own_prefix_and_team_ones_keep_theirs(
    database: Database,
) -> None:
    """Migration 0039: what a job enqueued before the upgrade is found under its new key (so
    nothing is sent twice), and an Innovationsteam meeting's keys stay as they were."""
    directory = Directory(database)
    org = await directory.organisation_id("t")
    anna = await directory.person_id(org, TeamsAccount("29:a", "aad-a", "Anna Berg"))
    chat = ConversationAddress(
        service_url="https://smba.example/",
        conversation_id="a:anna",
        tenant_id="t",
        bot=Account("28:bot", "Expeditionsboten"),
        conversation_type="personal",
    )
    await Conversations(database).remember(org, "personal", chat, person_id=anna)
    stored = await Conversations(database).personal(anna)
    assert stored is not None

    def down(connection: Connection) -> None:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0038")

    async with database.engine.begin() as connection:
        await connection.run_sync(down)
    regional_card = {
        "attachments": [{"content": {"actions": [{"verb": "reflect_regional_meeting"}]}}]
    }
    keys = {
        "meeting-5-announce-7": "regional-meeting-5-announce-7",
        "meeting-5-moved-7-20270201T0900": "regional-meeting-5-moved-7-20270201T0900",
        "meeting-5-cancelled-7": "regional-meeting-5-cancelled-7",
        "meeting-5-reminder-7-20270115T0800": "regional-meeting-5-reminder-7-20270115T0800",
        "meeting-6-reflection-7": "regional-meeting-6-reflection-7",
        # An Innovationsteam meeting's: reminder without a person, its reflection prompt.
        "meeting-5-reminder-20270115T0800": "meeting-5-reminder-20270115T0800",
        "meeting-5-reflection-7": "meeting-5-reflection-7",
        "meeting-5-preparation-20270115T0800": "meeting-5-preparation-20270115T0800",
    }
    outbox = Outbox(database)
    for key in keys:
        payload = regional_card if key == "meeting-6-reflection-7" else {"text": "x"}
        await outbox.enqueue(stored, payload, idempotency_key=key)

    await migrate.upgrade(database)

    async with database.sessions() as session:
        found = set(await session.scalars(select(OutboxMessage.idempotency_key)))
    assert found == set(keys.values())
