"""`expeditionsboten programme-owner`: named in their own tenant, audited there, and apart from
the municipality's roles."""

from __future__ import annotations

import asyncio

import pytest

from cli import main
from storage.audit import AuditAction, AuditLog, Via
from storage.database import Database
from storage.directory import Directory
from storage.roles import Roles
from tests.clock import TestClock

TENANT = "00000000-0000-0000-0000-0000000000001"


def stored(url: str) -> tuple[list[object], list[tuple[str, Via, str | None]]]:
    async def read() -> tuple[list[object], list[tuple[str, Via, str | None]]]:
        database = Database(url, clock=TestClock())
        try:
            organisation = await Directory(database).organisation_id(TENANT)
            roles: list[object] = list(await Roles(database).holders(organisation))
            log = await AuditLog(database).of_organisation(organisation)
        finally:
            await database.dispose()
        return roles, [(str(r.action), r.via, r.subject) for r in log]

    return asyncio.run(read())


def test_add_and_list(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert (
        main(["programme-owner", "add", "--tenant", TENANT, "--email", "Eva@Region.example"]) == 0
    )
    assert (
        main(["programme-owner", "add", "--tenant", TENANT, "--email", "eva@region.example"]) == 0
    )
    assert capsys.readouterr().out.splitlines() == [
        "named: eva@region.example",
        "already: eva@region.example",
    ]
    assert main(["programme-owner", "add", "--tenant", TENANT, "--email", "eva"]) == 1
    assert main(["programme-owner", "list", "--tenant", TENANT]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "eva@region.example\tprogramme owner\tnot met yet"
    ]
    roles, log = stored(database_url)
    assert roles == []  # not a coordinator or coach of their municipality
    assert log == [(AuditAction.PROGRAMME_OWNER_NAMED, Via.CLI, "eva@region.example")]
