"""Installing the app for a cohort's leaders who do not have it, when Graph may.

The cohort writes one pending row per unreachable leader in its own unit of work (services.cohorts)
when an `AppInstaller` serves the organisation's tenant. This job (every few seconds) claims due
rows with a lease and asks the installer, outside any transaction: the outside call can fail
halfway, so a row stays pending until its outcome is written, and a retry is harmless (the app
already there is an outcome of its own, "hade redan appen"). A passing failure (throttling, a
broken connection, Graph's 5xx) is tried again later, at most MAX_ATTEMPTS times. When no row of
the cohort is pending any more, the coordinator who started it gets one card through the outbox
with the outcome per leader, written in the same unit of work as the last outcome.

Once installed, Teams sends the personal-scope install event; the chat is recorded as for anyone
and services.cohorts.CohortService.arrived puts the cohort welcome in the outbox for the start date.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Protocol

from cards.cohorts import installs_card
from chat.outgoing import card_message
from content.language import speaking
from content.models import Content
from storage import cohort_installs as rows
from storage.cohort_installs import CohortInstalls, DueInstall
from storage.conversations import Conversations
from storage.database import Database
from storage.languages import PersonLanguages
from storage.outbox import Outbox

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)  # one attempt's Graph calls take seconds; a crashed one is retried
BATCH = 20
MAX_ATTEMPTS = 5
RETRY_AFTER = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)


class InstallOutcome(StrEnum):
    INSTALLED = rows.INSTALLED
    ALREADY = rows.ALREADY  # 409: the leader had the app
    FORBIDDEN = rows.FORBIDDEN  # 403: the Graph app lacks TeamsAppInstallation.ReadWriteForUser.All
    NOT_FOUND = rows.NOT_FOUND  # 404: no such user in the tenant


class InstallUnavailable(Exception):
    """A passing failure (throttled, 5xx, no connection, no token): try again later."""


class AppInstaller(Protocol):
    """Installs the app in a user's personal scope (scheduling.teams_apps over Microsoft Graph)."""

    def serves(self, tenant_id: str) -> bool:
        """Whether this installer may act in that tenant (its Graph app's own tenant)."""
        ...

    async def install_for(self, address: str) -> InstallOutcome: ...


@dataclass(frozen=True, slots=True)
class TickResult:
    settled: int
    retried: int


class AppInstallService:
    def __init__(
        self,
        content: Content,
        installer: AppInstaller,
        installs: CohortInstalls,
        conversations: Conversations,
        outbox: Outbox,
        *,
        database: Database,
    ) -> None:
        self._content = content
        self._installer = installer
        self._installs = installs
        self._conversations = conversations
        self._outbox = outbox
        self._db = database
        self._languages = PersonLanguages(database)

    def serves(self, tenant_id: str) -> bool:
        return self._installer.serves(tenant_id)

    async def tick(self) -> TickResult:
        """Try the due installs once each; (outcomes written, tries put off)."""
        settled = retried = 0
        for due in await self._installs.claim_due(BATCH, LEASE):
            state = await self._try(due)
            if state is None:
                retried += 1
                continue
            if await self._settle(due, state):
                settled += 1
        return TickResult(settled, retried)

    async def _try(self, due: DueInstall) -> str | None:
        """The outcome to write, or None when the row is put off for a later try."""
        if not self._installer.serves(due.tenant_id):
            return rows.FAILED  # configuration changed since the cohort started
        try:
            return (await self._installer.install_for(due.email)).value
        except InstallUnavailable as error:
            if due.attempts >= MAX_ATTEMPTS:
                log.warning("install %s: giving up after %d tries: %s", due.id, due.attempts, error)
                return rows.FAILED
            wait = RETRY_AFTER[min(due.attempts, len(RETRY_AFTER)) - 1]
            log.info("install %s: %s; again in %s", due.id, error, wait)
            await self._installs.retry_at(due.id, due.attempts, self._db.now() + wait)
            return None

    async def _settle(self, due: DueInstall, state: str) -> bool:
        async with self._db.unit_of_work():
            if not await self._installs.settle(due.id, due.attempts, state):
                return False  # a later attempt took the row over: its outcome counts
            report = await self._installs.report(due.cohort_id)
            if report is not None and report.started_by is not None:
                chat = await self._conversations.personal(report.started_by)
                if chat is not None:
                    # In the coordinator's language: the job that settled it speaks none.
                    with speaking(await self._languages.one(report.started_by)):
                        content = self._content.for_tenant(report.tenant_id)
                        card = installs_card(content, report.name, report.results)
                    await self._outbox.enqueue(
                        chat,
                        card_message(card),
                        idempotency_key=f"cohort-installs-{report.cohort_id}",
                    )
        log.info("install %s for cohort %s: %s", due.id, due.cohort_id, state)
        return True
