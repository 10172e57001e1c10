"""A tenant taken off ALLOWED_TENANTS: its signed links open nothing any more."""

from __future__ import annotations

from tests.activities import TENANT
from tests.clock import TestClock
from tests.harness import BotServer
from tests.onboarding.conftest import Leader
from tests.workbook.conftest import fetch, links
from tests.workbook.test_export import MARKDOWN


async def test_links_signed_before_the_tenant_was_removed_are_refused(
    bot: BotServer, jonas: Leader, database_url: str, clock: TestClock
) -> None:
    await jonas.say("hej")
    await jonas.say("arbetsboken")
    link = links(jonas.card)[MARKDOWN]
    status, _, _ = await fetch(bot, link)
    assert status == 200

    # The same database and secret after a restart that no longer serves this municipality.
    async with BotServer(
        clock=clock,
        database_url=database_url,
        link_secret="test-secret",
        allowed_tenants=frozenset({"11111111-2222-3333-4444-555555555555"}),
    ) as restarted:
        status, body, _ = await fetch(restarted, link)
    assert status == 403 and b"Arbetsboken" not in body

    async with BotServer(
        clock=clock,
        database_url=database_url,
        link_secret="test-secret",
        allowed_tenants=frozenset({TENANT.upper()}),  # listed, in another case
    ) as still_served:
        status, _, _ = await fetch(still_served, link)
    assert status == 200
