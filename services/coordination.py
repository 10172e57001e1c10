"""Roles per municipality: who coordinates, who coaches, and who may name them.

Every coordinator action takes the actor's organisation (from the tenant the activity came
from) and person, checks their role in that organisation here, and is written to the audit log
in the same unit of work as what it changed. A coordinator only ever reads or changes rows of
their own organisation. The command line names the first coordinator of a tenant.

Someone named by e-mail becomes their role when the bot first learns that the address is
theirs: at their first coordinator command, Teams is asked for the caller's address (only
when some role in their organisation is still unbound, so leaders cost no extra request).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from storage.audit import AuditAction, AuditLog, Via
from storage.database import Database
from storage.directory import Directory
from storage.roles import RoleHolder, RoleName, Roles

log = logging.getLogger(__name__)

# Enough to catch a typo or a name typed instead of an address; Teams knows the real ones.
_EMAIL = re.compile(r"^[^@\s<>\"”,;]+@[^@\s<>\"”,;]+\.[^@\s<>\"”,;.]{2,}$")
MAX_EMAIL = 320

EmailLookup = Callable[[], Awaitable[str | None]]
"""The caller's e-mail address as Teams knows it; asked only when needed."""


def valid_email(address: str) -> str | None:
    """The address in lower case, or None when it does not look like one."""
    address = address.strip().casefold()
    if len(address) > MAX_EMAIL or not _EMAIL.match(address):
        return None
    return address


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asks, in which municipality: the organisation comes from the activity's tenant."""

    organisation_id: int
    person_id: int
    email: EmailLookup


class Outcome(StrEnum):
    NAMED = "named"
    ALREADY = "already"
    REMOVED = "removed"
    NOT_FOUND = "not_found"
    INVALID_EMAIL = "invalid_email"
    LAST_COORDINATOR = "last_coordinator"


@dataclass(frozen=True, slots=True)
class RoleChange:
    outcome: Outcome
    email: str
    role: RoleName | None = None


class CoordinationService:
    def __init__(
        self, roles: Roles, audit: AuditLog, directory: Directory, *, database: Database
    ) -> None:
        self._roles = roles
        self._audit = audit
        self._directory = directory
        self._db = database

    # --- who is what --------------------------------------------------------------------------

    async def role_of(self, organisation_id: int, person_id: int, email: EmailLookup) -> RoleName:
        """The person's role in the organisation; a role named by their address is bound to
        them (and audited) the first time it is asked for."""
        role, any_unbound = await self._roles.of_person_or_unbound(organisation_id, person_id)
        if role is not RoleName.LEADER or not any_unbound:
            return role
        address = valid_email(await email() or "")
        if address is None:
            return role
        async with self._db.unit_of_work():
            bound = await self._roles.bind(organisation_id, person_id, address)
            if bound is None:
                return role
            await self._audit.record(
                organisation_id,
                AuditAction.ROLE_CLAIMED,
                actor_person_id=person_id,
                via=Via.TEAMS,
                subject=address,
                detail=bound,
            )
        log.info("person %s is %s in organisation %s", person_id, bound, organisation_id)
        return bound

    async def is_coordinator(self, actor: Actor, action: str) -> bool:
        """Whether the actor coordinates their organisation; a refusal is audited."""
        role = await self.role_of(actor.organisation_id, actor.person_id, actor.email)
        if role is RoleName.COORDINATOR:
            return True
        await self._audit.record(
            actor.organisation_id,
            AuditAction.REFUSED,
            actor_person_id=actor.person_id,
            via=Via.TEAMS,
            subject=action,
        )
        return False

    async def audit(self, actor: Actor, action: AuditAction, detail: str | None = None) -> None:
        await self._audit.record(
            actor.organisation_id,
            action,
            actor_person_id=actor.person_id,
            via=Via.TEAMS,
            detail=detail,
        )

    # --- from Teams ---------------------------------------------------------------------------

    async def holders(self, actor: Actor) -> list[RoleHolder] | None:
        """Coordinators and coaches of the actor's organisation; None for a non-coordinator."""
        if not await self.is_coordinator(actor, "roles"):
            return None
        return await self._roles.holders(actor.organisation_id)

    async def name(self, actor: Actor, address: str, role: RoleName) -> RoleChange | None:
        """Name `address` coordinator or coach in the actor's organisation (None: refused). The
        last coordinator is not made a coach."""
        if not await self.is_coordinator(actor, "name_role"):
            return None
        email = valid_email(address)
        if (
            email is not None
            and role is not RoleName.COORDINATOR
            and await self._last_coordinator(actor.organisation_id, email)
        ):
            return RoleChange(Outcome.LAST_COORDINATOR, email, RoleName.COORDINATOR)
        return await self._name(actor.organisation_id, address, role, actor.person_id, Via.TEAMS)

    async def remove(self, actor: Actor, address: str) -> RoleChange | None:
        """Take the role from `address` in the actor's organisation (None: refused). The last
        coordinator is kept."""
        if not await self.is_coordinator(actor, "remove_role"):
            return None
        email = valid_email(address)
        if email is None:
            return RoleChange(Outcome.INVALID_EMAIL, address.strip())
        if await self._last_coordinator(actor.organisation_id, email):
            return RoleChange(Outcome.LAST_COORDINATOR, email, RoleName.COORDINATOR)
        return await self._remove(actor.organisation_id, email, actor.person_id, Via.TEAMS)

    async def _last_coordinator(self, organisation_id: int, email: str) -> bool:
        """Whether `email` is the organisation's only coordinator: removing or demoting them
        would leave no one to name another but the command line."""
        holders = await self._roles.holders(organisation_id)
        coordinators = [h.email for h in holders if h.role is RoleName.COORDINATOR]
        return coordinators == [email]

    # --- from the command line ----------------------------------------------------------------

    async def name_from_cli(self, tenant_id: str, address: str, role: RoleName) -> RoleChange:
        organisation_id = await self._directory.organisation_id(tenant_id)
        return await self._name(organisation_id, address, role, None, Via.CLI)

    async def remove_from_cli(self, tenant_id: str, address: str) -> RoleChange:
        email = valid_email(address)
        if email is None:
            return RoleChange(Outcome.INVALID_EMAIL, address.strip())
        organisation_id = await self._directory.organisation_id(tenant_id)
        return await self._remove(organisation_id, email, None, Via.CLI)

    async def holders_from_cli(self, tenant_id: str) -> list[RoleHolder]:
        return await self._roles.holders(await self._directory.organisation_id(tenant_id))

    # --- both ---------------------------------------------------------------------------------

    async def _name(
        self, organisation_id: int, address: str, role: RoleName, actor: int | None, via: Via
    ) -> RoleChange:
        email = valid_email(address)
        if email is None:
            return RoleChange(Outcome.INVALID_EMAIL, address.strip())
        async with self._db.unit_of_work():
            if not await self._roles.name(organisation_id, email, role):
                return RoleChange(Outcome.ALREADY, email, role)
            await self._audit.record(
                organisation_id,
                AuditAction.ROLE_NAMED,
                actor_person_id=actor,
                via=via,
                subject=email,
                detail=role,
            )
        log.info("%s named %s in organisation %s (via %s)", email, role, organisation_id, via)
        return RoleChange(Outcome.NAMED, email, role)

    async def _remove(
        self, organisation_id: int, email: str, actor: int | None, via: Via
    ) -> RoleChange:
        async with self._db.unit_of_work():
            removed = await self._roles.remove(organisation_id, email)
            if removed is None:
                return RoleChange(Outcome.NOT_FOUND, email)
            await self._audit.record(
                organisation_id,
                AuditAction.ROLE_REMOVED,
                actor_person_id=actor,
                via=via,
                subject=email,
                detail=removed,
            )
        log.info("%s is no longer %s in organisation %s", email, removed, organisation_id)
        return RoleChange(Outcome.REMOVED, email, removed)
