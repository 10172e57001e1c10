"""Shared fixtures: a migrated database on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from storage import migrate
from storage.base import Base
from storage.database import Database
from tests.clock import TestClock

pytest_plugins = ["tests.fakes.fixtures"]

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of our own on the TEST_DATABASE_URL server, dropped when the session ends."""
    assert POSTGRES_URL is not None
    server = make_url(POSTGRES_URL)
    name = f"expeditionsboten_test_{uuid.uuid4().hex[:8]}"

    async def admin(statement: str) -> None:
        engine = create_async_engine(server, isolation_level="AUTOCOMMIT")
        async with engine.connect() as connection:
            await connection.execute(text(statement))
        await engine.dispose()

    def run(statement: str) -> None:
        # In a thread of its own: this fixture may be first asked for inside a running loop.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, admin(statement)).result()

    run(f'CREATE DATABASE "{name}"')
    yield server.set(database=name).render_as_string(hide_password=False)
    run(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def clock() -> TestClock:
    """The time for storage, services and the app; see tests/clock.py."""
    return TestClock()


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
        return
    url = request.getfixturevalue("postgres_url")
    database = Database(url, clock=TestClock())
    await migrate.upgrade(database)
    async with database.engine.begin() as connection:  # each test starts empty
        tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await database.dispose()
    yield url


@pytest.fixture
async def database(database_url: str, clock: TestClock) -> AsyncIterator[Database]:
    database = Database(database_url, clock=clock)
    await migrate.upgrade(database)
    yield database
    await database.dispose()
