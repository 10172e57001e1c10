"""Small cards for what the bot did not quite understand: "Menade du …?" and the next step."""

from __future__ import annotations

from collections.abc import Sequence

from cards.elements import Json, card, execute, text
from chat.actions import MAX_INPUT_CHARS, ActionPayload
from chat.commands import RUN_COMMAND, Command
from content.models import Content

NONE_OF_THEM = "none_of_them"


class NoneOfThem(ActionPayload):
    """ "Nej, inget av dem": what the leader wrote goes on as if no command had been near it."""

    text: str = ""


def command_button(content: Content, command: Command, *, primary: bool = False) -> Json:
    """A button that does what typing the command does, titled as the help card names it."""
    entry = content.messages.help_command(command.value)
    title = entry.button_title if entry else command.value
    return execute(title, RUN_COMMAND, {"command": command.value}, primary=primary)


def did_you_mean_card(content: Content, candidates: Sequence[Command], written: str) -> Json:
    """One button per command the leader may have meant, and one for "none of them"."""
    texts = content.messages.understanding
    question = texts.did_you_mean
    if len(candidates) == 1:
        entry = content.messages.help_command(candidates[0].value)
        question = texts.did_you_mean_one.format(command=entry.command if entry else written)
    actions = [command_button(content, command) for command in candidates]
    kept = written[:MAX_INPUT_CHARS]  # the button must validate when it comes back
    actions.append(execute(texts.none_of_them_button, NONE_OF_THEM, {"text": kept}))
    return card([text(question)], actions, fallback_text=question)


def next_step_card(
    content: Content, lines: Sequence[str], step: tuple[str, Command] | None
) -> Json:
    """A sentence or two, the next step's button (title, command) if there is one, and Hjälp."""
    actions = []
    if step is not None:
        title, command = step
        actions.append(execute(title, RUN_COMMAND, {"command": command.value}, primary=True))
    actions.append(command_button(content, Command.HELP))
    said = " ".join(lines)
    return card([text(line) for line in lines], actions, fallback_text=said)
