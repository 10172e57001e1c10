"""One APScheduler that only ticks: the jobs' state lives in our own tables, never in its job store.

APScheduler's job stores pickle jobs and must not be shared between processes, so every job here
is an in-memory interval job whose work is idempotent against the database (claims, outbox rows).
A second replica running the same ticks therefore neither loses nor doubles anything.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import tzinfo

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

Tick = Callable[[], Awaitable[object]]


class Scheduler:
    def __init__(self, zone: tzinfo) -> None:
        self._scheduler = AsyncIOScheduler(timezone=zone)
        self._scheduler.add_listener(self._on_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)

    def every(self, job_id: str, seconds: float, tick: Tick) -> None:
        """Run `tick` every `seconds`; never two at once, a missed run is run once."""
        self._scheduler.add_job(
            tick,
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
        return self._scheduler.running

    def start(self) -> None:
        self._scheduler.start()
        log.info("scheduler started with jobs %s", ", ".join(self.job_ids) or "none")

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    @staticmethod
    def _on_event(event: JobExecutionEvent) -> None:
        if event.exception is not None:
            log.error("job %s failed", event.job_id, exc_info=event.exception)
        else:
            log.warning("job %s missed its run at %s", event.job_id, event.scheduled_run_time)
