"""Buttons that run a command, as if the leader had typed it ("Arbetsboken", "Tidsplan", ...).

The verb is dialogs.router's `run_command` (payload {"command": "<Command value>"}): the clicked
card stays and the command answers below it. Cards cannot import dialogs (the router imports
cards), so the verb's name is repeated here; tests/cards/test_command_buttons.py holds the two
together.
"""

from __future__ import annotations

from cards.elements import Json, execute
from chat.commands import Command

RUN_COMMAND = "run_command"


def command_button(title: str, command: Command, *, primary: bool = False) -> Json:
    """A button that does what typing `command` does."""
    return execute(title, RUN_COMMAND, {"command": command.value}, primary=primary)
