"""One APScheduler that only ticks: the jobs' state lives in our own tables, never in its job store.

APScheduler's job stores pickle jobs and must not be shared between processes, so every job here
is an in-memory interval job whose work is idempotent against the database (claims, outbox rows).
A second replica running the same ticks therefore neither loses nor doubles anything.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import tzinfo

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

Tick = Callable[[], Awaitable[object]]
STOP_GRACE_SECONDS = 10.0  # a tick in flight may finish its sends before the process exits


class Scheduler:
    def __init__(self, zone: tzinfo) -> None:
        self._scheduler = AsyncIOScheduler(timezone=zone)
        self._scheduler.add_listener(self._on_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        self._in_flight: set[asyncio.Task[object]] = set()

    def every(self, job_id: str, seconds: float, tick: Tick) -> None:
        """Run `tick` every `seconds`; never two at once, a missed run is run once."""
        self._scheduler.add_job(
            self._tracked(job_id, tick),
            "interval",
            seconds=seconds,
            id=job_id,
            replace_existing=True,
            max_instances=1,
            coalesce=True,
        )

    @property
    def job_ids(self) -> list[str]:
        return [job.id for job in self._scheduler.get_jobs()]

    @property
    def running(self) -> bool:
        running: bool = self._scheduler.running  # APScheduler ships no type information
        return running

    def start(self) -> None:
        self._scheduler.start()
        log.info("scheduler started with jobs %s", ", ".join(self.job_ids) or "none")

    async def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """No new ticks; the ones running get `grace` seconds to finish, then are cancelled.

        APScheduler's own shutdown cancels running coroutines without waiting for them, so a
        tick could still hold a database connection after the engine was disposed.
        """
        if not self._scheduler.running:
            return
        self._scheduler.pause()
        running = set(self._in_flight)
        if running:
            _, late = await asyncio.wait(running, timeout=grace)
            for task in late:
                log.warning("stopping: %s did not finish within %.0f s", task.get_name(), grace)
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        self._scheduler.shutdown(wait=False)

    def _tracked(self, job_id: str, tick: Tick) -> Callable[[], Awaitable[object]]:
        # A coroutine function, so APScheduler's asyncio executor runs it on the loop.
        async def run() -> object:
            task = asyncio.current_task()
            assert task is not None
            task.set_name(job_id)
            self._in_flight.add(task)
            try:
                return await tick()
            finally:
                self._in_flight.discard(task)

        return run

    @staticmethod
    def _on_event(event: JobExecutionEvent) -> None:
        if event.exception is not None:
            log.error("job %s failed", event.job_id, exc_info=event.exception)
        else:
            log.warning("job %s missed its run at %s", event.job_id, event.scheduled_run_time)
