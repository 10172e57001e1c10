"""Addresses of leaders the bot knows only from the personal chat, asked of Teams by a job.

Teams gives a person's address with a team's roster, not with a personal chat; a leader who
chatted with the bot before a coordinator named them in a cohort (by address) is then tied to no
one. This job (every few seconds, outside any turn) asks Teams for the address of each person
of such an organisation who has a personal chat and no stored address
(`AddressBook`, bot.addresses over the Bot Connector's members API), at most PER_TENANT per
organisation and BATCH in all per tick, paced by the per-tenant send budget. A person is asked at
most once a day (AGAIN_AFTER): no address, a 404 or a failure is logged and asked again the next
day. An address found is stored and bound (services.cohorts.CohortService.address_known) in one
unit of work with the end of the lookup; a crash between asking and binding asks again after the
lease (LEASE), so nothing is lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from chat.address import ConversationAddress
from services.cohorts import CohortService
from services.coordination import valid_email
from storage.address_lookups import AddressLookups, DueLookup
from storage.database import Database

log = logging.getLogger(__name__)

PER_TENANT = 5  # per tick; with a tick of a few seconds, about one or two requests a second
BATCH = 25
LEASE = timedelta(minutes=10)  # one request takes a second; a crashed one is asked again
AGAIN_AFTER = timedelta(days=1)


class AddressUnavailable(Exception):
    """Teams could not be asked (throttled, 5xx, no connection): try again later."""


class AddressBook(Protocol):
    """A person's address as Teams has it, asked through their personal chat."""

    async def address_of(self, chat: ConversationAddress, teams_user_id: str) -> str | None:
        """The address, or None when Teams knows no such member or gives none (404)."""
        ...


class Pace(Protocol):
    """The per-tenant budget the outbox sends within (scheduling.rate_limits.RateLimiter)."""

    async def acquire(self, tenant_id: str, conversation_id: str) -> float: ...


@dataclass(frozen=True, slots=True)
class LookupTick:
    found: int  # addresses stored
    missed: int  # asked again tomorrow


class AddressLookupService:
    def __init__(
        self,
        book: AddressBook,
        lookups: AddressLookups,
        cohorts: CohortService,
        *,
        database: Database,
        pace: Pace | None = None,
    ) -> None:
        self._book = book
        self._lookups = lookups
        self._cohorts = cohorts
        self._db = database
        self._pace = pace

    async def tick(self) -> LookupTick:
        found = missed = 0
        due = await self._lookups.claim_due(per_tenant=PER_TENANT, limit=BATCH, lease=LEASE)
        for lookup in due:
            if await self._ask(lookup):
                found += 1
            else:
                missed += 1
        if due:
            log.info("address lookups: %d found, %d asked again tomorrow", found, missed)
        return LookupTick(found, missed)

    async def _ask(self, lookup: DueLookup) -> bool:
        if self._pace is not None:
            await self._pace.acquire(lookup.tenant_id, lookup.chat.conversation_id)
        error = "no address"
        try:
            address = valid_email(
                await self._book.address_of(lookup.chat, lookup.teams_user_id) or ""
            )
        except AddressUnavailable as failure:
            address, error = None, str(failure) or "unavailable"
        if address is None:
            log.warning("address of person %s: %s; again tomorrow", lookup.person_id, error)
            await self._lookups.try_again_at(
                lookup.person_id, lookup.attempts, self._db.now() + AGAIN_AFTER, error
            )
            return False
        async with self._db.unit_of_work():
            await self._cohorts.address_known(lookup.organisation_id, lookup.person_id, address)
            await self._lookups.done(lookup.person_id)
        return True
