"""Buttons that do what typing a command does, and the seed's navigation built from them."""

from __future__ import annotations

from cards.elements import Json, execute
from chat.commands import RUN_COMMAND, Command
from content.models import Content

# The journey's elements (journey.yaml) as the leader's navigation, in the seed's order.
_ELEMENT_COMMANDS = {
    "innovation_team": Command.MY_TEAM,
    "workbook": Command.WORKBOOK,
    "schedule": Command.SCHEDULE,
    "help": Command.HELP,
}


def command_button(title: str, command: Command, *, primary: bool = False) -> Json:
    """A button that does what typing `command` does (the router's `run_command` verb)."""
    return execute(title, RUN_COMMAND, {"command": command.value}, primary=primary)


def navigation(content: Content, *, here: Command | None = None) -> list[Json]:
    """Innovationsteam, Arbetsboken, Tidsplan, Hjälp: one button each, but for where we are."""
    return [
        command_button(element.name, command)
        for element in content.journey.elements
        if (command := _ELEMENT_COMMANDS.get(element.id)) is not None and command is not here
    ]
