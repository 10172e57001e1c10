"""Upgrading keeps what is stored. SQLite alters a table by copying it and dropping the old one;
with foreign keys on, that drop cascaded into every table referring to it (migration 0034 added
a column to `people` and emptied every workbook)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Connection, func, select, text

from storage import migrate
from storage.database import Database
from storage.journey_models import WorkbookEntry
from storage.models import Person

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
