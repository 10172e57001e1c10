"""Alembic environment: runs on a connection handed in by storage.migrate, or on the URL given."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine

import storage.address_lookups
import storage.audit
import storage.celebrations
import storage.cohort_installs
import storage.cohorts
import storage.contacts
import storage.evaluations
import storage.feedback
import storage.group_plans
import storage.job_leases
import storage.journey_models
import storage.learning_models
import storage.models
import storage.org_settings
import storage.outbox
import storage.regional_meetings
import storage.regional_shares
import storage.regions
import storage.roles
import storage.send_budgets
import storage.team_models  # noqa: F401
from storage.base import Base

config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_on_url(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_on_url(config.get_main_option("sqlalchemy.url")))
