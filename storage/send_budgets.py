"""The tenant's send budget in PostgreSQL, shared by every replica that uses the database.

One row per tenant holds the tenant's next free send slot (seconds since the epoch on the
database server's clock, so replicas whose clocks differ still agree). Reserving a slot is one
statement: the row lock makes concurrent reservations queue, each gets the next slot, and none
needs a retry. SQLite has one process, so app.py keeps the budget in that process instead.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import Double, String, bindparam, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.database import Database


class SendBudget(Base):
    __tablename__ = "send_budgets"

    tenant_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    next_free: Mapped[float] = mapped_column(Double)


_RESERVE = text(
    """
    WITH clock AS (SELECT extract(epoch FROM clock_timestamp())::float8 AS now)
    INSERT INTO send_budgets AS budget (tenant_id, next_free)
    SELECT :tenant_id, clock.now + :interval FROM clock
    ON CONFLICT (tenant_id) DO UPDATE
        SET next_free = greatest(budget.next_free, (SELECT now FROM clock)) + :interval
    RETURNING budget.next_free - :interval - (SELECT now FROM clock)
    """
).bindparams(bindparam("tenant_id", type_=String), bindparam("interval", type_=Double))


# Many reservations in one statement: each tenant's row takes `n` slots at once; rows are
# locked in tenant order, so two replicas' statements queue and never deadlock.
_RESERVE_MANY = text(
    """
    WITH clock AS (SELECT extract(epoch FROM clock_timestamp())::float8 AS now),
    asked AS (SELECT * FROM unnest(CAST(:tenant_ids AS text[]), CAST(:counts AS int[]))
              AS asked (tenant_id, n)),
    taken AS (
        INSERT INTO send_budgets AS budget (tenant_id, next_free)
        SELECT asked.tenant_id, clock.now + asked.n * :interval FROM asked, clock
        ORDER BY asked.tenant_id
        ON CONFLICT (tenant_id) DO UPDATE
            SET next_free = greatest(budget.next_free, (SELECT now FROM clock))
                + (excluded.next_free - (SELECT now FROM clock))
        RETURNING budget.tenant_id, budget.next_free
    )
    SELECT taken.tenant_id, taken.next_free - asked.n * :interval - clock.now
    FROM taken JOIN asked USING (tenant_id), clock
    """
).bindparams(bindparam("interval", type_=Double))


def from_now(wait: float, answered_in: float) -> float:
    """Seconds from now until a slot the server put `wait` after its own now, `answered_in`
    seconds after we asked. A queued slot (wait > 0) is counted from when we asked: the answer
    may have been slow after the server's now, and a late wake-up among queued slots is what
    puts 51 requests in a second. A slot that was free at once had nothing queued behind it:
    counted from the answer, so a slow round trip on a busy machine does not cost it (the
    pacing margin leaves room for a few such sends a second)."""
    return wait - answered_in if wait > 0 else wait


class PostgresTenantBudget:
    """scheduling.rate_limits.TenantBudget on PostgreSQL: requests paced `interval` apart."""

    def __init__(self, database: Database, interval: float) -> None:
        if database.is_sqlite:
            raise ValueError("the shared send budget needs PostgreSQL")
        self._database = database
        self._interval = interval

    async def reserve(self, tenant_id: str) -> float:
        """Seconds until the reserved slot, from when the statement was sent."""
        # One statement: it commits by itself (one round trip, not three), so the answer
        # arrives soon after the slot was computed.
        async with self._database.single_writes() as connection:
            asked = time.monotonic()  # after the pool's checkout: only the statement counts
            result = await connection.execute(
                _RESERVE, {"tenant_id": tenant_id, "interval": self._interval}
            )
            return from_now(float(result.scalar_one()), time.monotonic() - asked)

    async def reserve_many(self, tenant_ids: Sequence[str]) -> list[float]:
        """One slot for each entry (a tenant named twice gets two consecutive slots), all in
        one statement: seconds until each, as `reserve` counts them."""
        counts = Counter(tenant_ids)
        async with self._database.single_writes() as connection:
            asked = time.monotonic()
            rows = await connection.execute(
                _RESERVE_MANY,
                {
                    "tenant_ids": list(counts),
                    "counts": list(counts.values()),
                    "interval": self._interval,
                },
            )
            elapsed = time.monotonic() - asked
            firsts = {tenant: float(first) for tenant, first in rows}
        taken: Counter[str] = Counter()
        waits = []
        for tenant in tenant_ids:
            waits.append(from_now(firsts[tenant] + taken[tenant] * self._interval, elapsed))
            taken[tenant] += 1
        return waits
