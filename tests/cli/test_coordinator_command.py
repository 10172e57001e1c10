"""`expeditionsboten coordinator add/list/remove` on the database DATABASE_URL names (SQLite
and PostgreSQL), as an operator sets up a municipality before anyone has written to the bot."""

from __future__ import annotations

import asyncio

import pytest

from cli import main
from storage.audit import AuditAction, AuditLog, Via
from storage.database import Database
from storage.directory import Directory
from storage.roles import RoleName, Roles
from tests.clock import TestClock

TENANT = "00000000-0000-0000-0000-0000000000001"
OTHER = "11111111-0000-0000-0000-000000000002"


def coordinator(*args: str) -> int:
    return main(["coordinator", *args])


def stored(url: str, tenant: str) -> tuple[list[tuple[str, RoleName]], list[tuple[str, Via]]]:
    async def read() -> tuple[list[tuple[str, RoleName]], list[tuple[str, Via]]]:
        database = Database(url, clock=TestClock())
        try:
            organisation = await Directory(database).organisation_id(tenant)
            holders = await Roles(database).holders(organisation)
            log = await AuditLog(database).of_organisation(organisation)
        finally:
            await database.dispose()
        return [(h.email, h.role) for h in holders], [(str(r.action), r.via) for r in log]

    return asyncio.run(read())


def test_add_list_and_remove_for_one_tenant(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert (
        coordinator("add", "--tenant", TENANT.upper(), "--email", "Jonas.Gumbel@uppsala.example")
        == 0
    )
    assert (
        coordinator("add", "--tenant", TENANT, "--email", "per@uppsala.example", "--role", "coach")
        == 0
    )
    assert coordinator("add", "--tenant", OTHER, "--email", "karin@helsingborg.example") == 0
    capsys.readouterr()

    assert coordinator("list", "--tenant", TENANT) == 0
    assert capsys.readouterr().out.splitlines() == [
        "jonas.gumbel@uppsala.example\tcoordinator\tnot met yet",
        "per@uppsala.example\tcoach\tnot met yet",
    ]
    assert coordinator("remove", "--tenant", TENANT, "--email", "per@uppsala.example") == 0

    roles, log = stored(database_url, TENANT)
    assert roles == [("jonas.gumbel@uppsala.example", RoleName.COORDINATOR)]
    assert log == [
        (AuditAction.ROLE_NAMED, Via.CLI),
        (AuditAction.ROLE_NAMED, Via.CLI),
        (AuditAction.ROLE_REMOVED, Via.CLI),
    ]
    assert stored(database_url, OTHER)[0] == [("karin@helsingborg.example", RoleName.COORDINATOR)]


def test_bad_input_is_named_and_changes_nothing(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert coordinator("add", "--tenant", TENANT, "--email", "jonas gumbel") == 1
    assert "invalid_email" in capsys.readouterr().err
    assert coordinator("remove", "--tenant", TENANT, "--email", "nobody@uppsala.example") == 1
    assert "not_found" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        coordinator("add", "--tenant", "uppsala.se", "--email", "a@uppsala.example")
    assert exit_.value.code == 2
    assert "is not a tenant id" in capsys.readouterr().err
    assert stored(database_url, TENANT)[0] == []
