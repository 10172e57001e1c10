"""The `expeditionsboten` command: serve, migrate, manifest, slots."""

from __future__ import annotations

import argparse
import asyncio
import logging
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
    args = parser.parse_args(argv)
    runners: dict[str, Callable[[argparse.Namespace], int]] = {
        "serve": _serve,
        "migrate": _migrate,
        "manifest": package.run,
        "slots": slots_command.run,
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


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "settings"
    return f"{where.upper()}: {first['msg']}"


if __name__ == "__main__":
    sys.exit(main())
