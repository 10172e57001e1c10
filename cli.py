"""The `expeditionsboten` command: serve, migrate, manifest, slots, coordinator,
programme-owner."""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from pydantic import ValidationError

if TYPE_CHECKING:
    from settings import Settings

log = logging.getLogger("expeditionsboten")


class _Parser(argparse.ArgumentParser):
    """Bad arguments: one line naming the problem and exit code 2 (argparse adds a usage block)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    from manifest import package
    from scheduling import slots_command

    parser = _Parser(prog="expeditionsboten", description="Expeditionsboten")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="start the bot (settings from environment variables)")
    commands.add_parser("migrate", help="bring the database schema up to date")
    package.add_arguments(commands.add_parser("manifest", help="build the Teams app package"))
    slots_command.add_arguments(
        commands.add_parser("slots", help="common free times from iCalendar files")
    )
    _coordinator_arguments(
        commands.add_parser("coordinator", help="name a municipality's coordinators")
    )
    _programme_owner_arguments(
        commands.add_parser("programme-owner", help="name who may create regions of municipalities")
    )
    args = parser.parse_args(argv)
    runners: dict[str, Callable[[argparse.Namespace], int]] = {
        "serve": _serve,
        "migrate": _migrate,
        "manifest": package.run,
        "slots": slots_command.run,
        "coordinator": _coordinator,
        "programme-owner": _programme_owner,
    }
    return runners[args.command](args)


def _settings() -> Settings:
    from settings import Settings

    try:
        settings = Settings()
    except ValidationError as error:
        raise SystemExit(
            f"expeditionsboten: invalid configuration: {_first_error(error)}"
        ) from None
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # APScheduler logs every run of every job at INFO (the outbox ticks every 5 s); our jobs log
    # what they did themselves, and failures reach the log through scheduling.scheduler.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return settings


def _serve(_args: argparse.Namespace) -> int:
    from aiohttp import web

    from app import create_app
    from content.loader import ContentError
    from settings import SettingsError

    settings = _settings()
    try:
        settings.check_binding()
        app = create_app(settings)
    except (SettingsError, ContentError) as error:
        print(f"expeditionsboten: {error}", file=sys.stderr)  # noqa: T201 (before logging matters)
        return 2
    web.run_app(app, host=settings.host, port=settings.port, print=None, access_log=None)
    return 0


def _migrate(_args: argparse.Namespace) -> int:
    from clock import system_clock
    from storage import migrate
    from storage.database import Database

    settings = _settings()

    async def run() -> str | None:
        database = Database(settings.database_url, clock=system_clock)
        try:
            await migrate.upgrade(database)
            return await migrate.current_revision(database)
        finally:
            await database.dispose()

    revision = asyncio.run(run())
    log.info("database schema at revision %s", revision)
    return 0


_TENANT = re.compile(r"^[0-9a-f]{8}-[0-9a-f-]{4,55}$")


def _tenant(value: str) -> str:
    """A tenant id as activities carry it (a GUID, lower case); a domain name would never match."""
    tenant = value.strip().lower()
    if not _TENANT.match(tenant):
        raise argparse.ArgumentTypeError(f"{value!r} is not a tenant id (a GUID)")
    return tenant


def _coordinator_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    for action, help_text in (
        ("add", "name someone coordinator (or coach) by e-mail"),
        ("remove", "take someone's role away"),
        ("list", "list the coordinators and coaches"),
    ):
        sub = actions.add_parser(action, help=help_text)
        sub.add_argument("--tenant", required=True, type=_tenant, help="the tenant id (GUID)")
        if action != "list":
            sub.add_argument("--email", required=True, help="their e-mail address in Teams")
        if action == "add":
            sub.add_argument("--role", choices=["coordinator", "coach"], default="coordinator")


def _coordinator(args: argparse.Namespace) -> int:
    """Roles from the command line, on the database DATABASE_URL names: one line per result."""
    from clock import system_clock
    from services.coordination import CoordinationService, Outcome
    from storage import migrate
    from storage.audit import AuditLog
    from storage.database import Database
    from storage.directory import Directory
    from storage.roles import RoleName, Roles

    settings = _settings()

    async def run() -> tuple[int, list[str]]:
        database = Database(settings.database_url, clock=system_clock)
        try:
            if database.is_sqlite:
                await migrate.upgrade(database)  # as `serve` does on the embedded default
            elif await migrate.current_revision(database) != migrate.head_revision():
                return 1, ["the database schema is not up to date: run `expeditionsboten migrate`"]
            service = CoordinationService(
                Roles(database), AuditLog(database), Directory(database), database=database
            )
            if args.action == "list":
                holders = await service.holders_from_cli(args.tenant)
                return 0, [
                    f"{h.email}\t{h.role}\t{'met' if h.person_id else 'not met yet'}"
                    for h in holders
                ] or ["no coordinators or coaches yet"]
            if args.action == "add":
                change = await service.name_from_cli(args.tenant, args.email, RoleName(args.role))
            else:
                change = await service.remove_from_cli(args.tenant, args.email)
        finally:
            await database.dispose()
        failed = change.outcome in (Outcome.INVALID_EMAIL, Outcome.NOT_FOUND)
        return (1 if failed else 0), [f"{change.outcome}: {change.email} {change.role or ''}"]

    status, lines = asyncio.run(run())
    print("\n".join(lines), file=sys.stderr if status else sys.stdout)
    return status


def _programme_owner_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    for action, help_text in (
        ("add", "name someone programme owner by e-mail, in their own tenant"),
        ("list", "list the programme owners of a tenant"),
    ):
        sub = actions.add_parser(action, help=help_text)
        sub.add_argument("--tenant", required=True, type=_tenant, help="their own tenant id")
        if action == "add":
            sub.add_argument("--email", required=True, help="their e-mail address in Teams")


def _programme_owner(args: argparse.Namespace) -> int:
    """Programme owners (regions) from the command line; one line per result."""
    from clock import system_clock
    from services.regions import name_programme_owner, programme_owners
    from storage import migrate
    from storage.database import Database

    settings = _settings()

    async def run() -> tuple[int, list[str]]:
        database = Database(settings.database_url, clock=system_clock)
        try:
            if database.is_sqlite:
                await migrate.upgrade(database)
            elif await migrate.current_revision(database) != migrate.head_revision():
                return 1, ["the database schema is not up to date: run `expeditionsboten migrate`"]
            if args.action == "list":
                owners = await programme_owners(database, args.tenant)
                return 0, [
                    f"{email}\tprogramme owner\t{'met' if met else 'not met yet'}"
                    for email, met in owners
                ] or ["no programme owners yet"]
            named = await name_programme_owner(database, args.tenant, args.email)
        finally:
            await database.dispose()
        if named is None:
            return 1, [f"invalid_email: {args.email.strip()}"]
        return 0, [f"{'named' if named else 'already'}: {args.email.strip().lower()}"]

    status, lines = asyncio.run(run())
    print("\n".join(lines), file=sys.stderr if status else sys.stdout)
    return status


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "settings"
    return f"{where.upper()}: {first['msg']}"


if __name__ == "__main__":
    sys.exit(main())
