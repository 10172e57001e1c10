"""What a turn costs the database, counted with engine events (not by reading the code)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event

from tests.activities import JONAS, message
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer


@dataclass
class Counted:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0


@contextmanager
def counting(bot: BotServer) -> Iterator[Counted]:
    engines = [engine.sync_engine for engine in bot.services.database.engines]
    counted = Counted()

    jobs = set(bot.services.scheduler.job_ids)

    def by_a_job() -> bool:
        # The scheduler's ticks (the outbox every 5 s) may run meanwhile: not the turn's cost.
        try:
            task = asyncio.current_task()
        except RuntimeError:
            return False
        return task is not None and task.get_name() in jobs

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


async def test_an_ordinary_message_costs_at_most_four_statements(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(message("hej", JONAS, connector.url))  # the first one welcomes
    with counting(bot) as counted:
        await bot.post(message("vad gör vi nu", JONAS, connector.url))
    assert 1 <= len(counted.statements) <= 4, counted.statements


async def test_what_the_scheduler_runs_meanwhile_is_not_counted_as_the_turns(
    bot: BotServer,
) -> None:
    """An outbox tick during a counted turn would make the budgets flaky on a busy machine."""
    assert "send-outbox" in bot.services.scheduler.job_ids
    with counting(bot) as counted:
        await asyncio.create_task(bot.services.sender.tick(), name="send-outbox")
    assert counted.statements == [] and counted.transactions == 0
