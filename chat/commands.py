"""Typed commands ("hjälp", "avbryt", "tidsplan", ...) recognised in a leader's message.

The words are content (`help_commands` and `understanding` in content/data/messages.yaml), the
meanings are this enum, and chat.understanding maps one to the other; capabilities register a
handler per command, so the activity handler never matches substrings itself.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from enum import StrEnum

from chat.actions import ActionPayload
from chat.registry import Registry
from chat.turn import Turn


class Command(StrEnum):
    HELP = "help"
    CANCEL = "cancel"
    RESTART = "restart"
    CONTINUE = "continue"
    SCHEDULE = "schedule"
    MY_GOAL = "my_goal"
    MY_PLAN = "my_plan"
    WORKBOOK = "workbook"
    EXERCISES = "exercises"
    MODULE = "module"
    PROGRESS = "progress"
    MY_DATA = "my_data"
    DELETE_MY_DATA = "delete_my_data"
    PAUSE = "pause"
    HOME = "home"  # the leader's home card: where they are and the next step
    GREETING = "greeting"  # "hej": the home card when there is one, else a greeting
    THANKS = "thanks"
    NUDGES_OFF = "nudges_off"
    NUDGES_ON = "nudges_on"
    MY_TEAM = "my_team"
    COORDINATORS = "coordinators"
    FOLLOW_UP = "follow_up"
    FEEDBACK = "feedback"
    SETTINGS = "settings"
    COHORT = "cohort"
    CELEBRATE = "celebrate"
    GROUPS = "groups"
    EVALUATION = "evaluation"
    REGION = "region"  # programme owners (regions), and coordinators answering them
    CONTACT = "contact"  # a one-to-one contact with a leader of another municipality
    CONTACT_STOP = "contact_stop"  # no more contact proposals
    ENGLISH = "english"  # the person's own choice of language (content.language)
    SWEDISH = "swedish"


CommandHandler = Callable[[Turn], Awaitable[None]]

RUN_COMMAND = "run_command"


class RunCommand(ActionPayload):
    """A button that does what typing its command does ("Tidsplan" on the home card)."""

    command: Command


_NOISE = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Lower case, single spaces, no punctuation: "Hjälp!" and " hjälp " are the same word."""
    return _NOISE.sub(" ", text.casefold()).strip()


class CommandHandlers(Registry[Command, CommandHandler]):
    def __init__(self) -> None:
        super().__init__("command")

    @property
    def available(self) -> frozenset[str]:
        """Ids of the commands a leader can use: the built-in ones and every registered one."""
        return frozenset({Command.HELP, Command.CANCEL, *self})
