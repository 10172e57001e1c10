"""Which Microsoft 365 tenants (municipalities) this bot serves: ALLOWED_TENANTS.

One rule for every path, not only incoming turns: a tenant taken off the list gets no more
messages from the outbox and no more files behind its links, even those queued or signed
before it was removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from chat.caller import tenant_id


@dataclass(frozen=True, slots=True)
class AllowedTenants:
    tenants: frozenset[str] = frozenset()  # none listed: every tenant

    @classmethod
    def of(cls, tenants: frozenset[str]) -> AllowedTenants:
        return cls(frozenset(tenant_id(tenant) for tenant in tenants if tenant.strip()))

    def allows(self, tenant: str | None) -> bool:
        if not self.tenants:
            return True
        return tenant is not None and tenant_id(tenant) in self.tenants
