"""What a turn costs the database, counted with engine events (not by reading the code)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import event

from tests.activities import JONAS, message
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer
from tests.storage.trips import trips


@dataclass
class Counted:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0


def job_check(bot: BotServer) -> Callable[[], bool]:
    """Whether the running code is a scheduler job's: its ticks (the outbox every 5 s) may run
    during a counted turn, and are not the turn's cost."""
    jobs = set(bot.services.scheduler.job_ids)

    def by_a_job() -> bool:
        try:
            task = asyncio.current_task()
        except RuntimeError:
            return False
        return task is not None and task.get_name() in jobs

    return by_a_job


@contextmanager
def counting(bot: BotServer) -> Iterator[Counted]:
    engines = [engine.sync_engine for engine in bot.services.database.engines]
    counted = Counted()
    by_a_job = job_check(bot)

    def statement(_conn: object, _cursor: object, sql: str, *_: object) -> None:
        if not by_a_job():
            counted.statements.append(" ".join(sql.split()[:3]))

    def begin(_conn: object) -> None:
        if not by_a_job():
            counted.transactions += 1

    for engine in engines:
        event.listen(engine, "before_cursor_execute", statement)
        event.listen(engine, "begin", begin)
    try:
        yield counted
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", statement)
            event.remove(engine, "begin", begin)


# Free text the flows look at, and a question that is the help card (with its role lookup).
ORDINARY = pytest.mark.parametrize("text", ["det regnar här idag", "vad gör vi nu"])


@ORDINARY
async def test_an_ordinary_message_costs_at_most_four_statements(
    bot: BotServer, connector: FakeConnector, text: str
) -> None:
    await bot.post(message("hej", JONAS, connector.url))  # the first one welcomes
    with counting(bot) as counted:
        await bot.post(message(text, JONAS, connector.url))
    assert 1 <= len(counted.statements) <= 4, counted.statements


@ORDINARY
async def test_an_ordinary_message_costs_two_trips_to_the_sqlite_thread(
    bot: BotServer, connector: FakeConnector, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Each is a thread switch and a GIL hand-over, the largest cost of a turn on a busy machine:
    one per statement (storage/sqlite_driver.py), none for a commit; the claim commits by
    itself; the flows' lookups are one read kept for the turn; the help card's role check is
    one statement."""
    await bot.post(message("hej", JONAS, connector.url))
    by_a_job = job_check(bot)
    with trips(monkeypatch, counts=lambda: not by_a_job()) as handed:
        await bot.post(message(text, JONAS, connector.url))
    assert len(handed) <= 2, handed


async def test_what_the_scheduler_runs_meanwhile_is_not_counted_as_the_turns(
    bot: BotServer,
) -> None:
    """An outbox tick during a counted turn would make the budgets flaky on a busy machine."""
    assert "send-outbox" in bot.services.scheduler.job_ids
    with counting(bot) as counted:
        await asyncio.create_task(bot.services.sender.tick(), name="send-outbox")
    assert counted.statements == [] and counted.transactions == 0
