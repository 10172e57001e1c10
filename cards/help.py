"""The help cards: in personal chat the common commands as buttons and the rest folded; in a
team channel only what the group does there."""

from __future__ import annotations

from collections.abc import Collection

from cards.elements import Json, action_set, bullets, card, container, facts, heading, text, toggle
from cards.navigation import command_button
from chat.commands import Command
from content.messages import HelpCommand, Messages
from content.models import Content

MORE_COMMANDS = "help-more-commands"


def help_card(content: Content, available: Collection[str]) -> Json:
    """Only the commands that work in this version of the bot (`available` command ids)."""
    messages = content.messages
    entries = [entry for entry in messages.help_commands if entry.id in available]
    common = [entry for entry in entries if entry.id in messages.help_buttons]
    common.sort(key=lambda entry: messages.help_buttons.index(entry.id))
    rest = [entry for entry in entries if entry not in common]
    body: list[Json] = [heading(messages.help_title), text(messages.help_intro)]
    body += _supporters(content)
    if common:
        body += [
            _table(messages, common),
            action_set(*(command_button(_title(e), Command(e.id)) for e in common)),
        ]
    if rest:
        body += [
            action_set(toggle(messages.help_more_button, MORE_COMMANDS)),
            container([_table(messages, rest)], element_id=MORE_COMMANDS, visible=False),
        ]
    return card(body, fallback_text=messages.help_fallback, speak=messages.help_title)


def channel_help_card(content: Content, available: Collection[str]) -> Json:
    """The group's help in its channel: its few commands and what happens there; nothing
    personal (that is for each member's own chat)."""
    help_ = content.messages.channel_help
    entries = [entry for entry in help_.commands if entry.id in available]
    body: list[Json] = [heading(help_.title, size="Medium"), text(help_.intro)]
    if entries:
        body.append(_table(content.messages, entries))
    body += [
        text(help_.happens_heading, bold=True),
        bullets(help_.happens),
        text(help_.personal_note, subtle=True),
    ]
    return card(body, fallback_text=f"{help_.title}. {help_.intro}", speak=help_.title)


def _supporters(content: Content) -> list[Json]:
    """The organisation's Stöttepelare, who leaders can turn to; nothing when none are named."""
    messages, supporters = content.messages, content.organisation.supporters
    if not supporters:
        return []
    lines = [
        messages.help_supporter.format(name=s.name, role=s.role, contact=s.contact)
        for s in supporters
    ]
    return [text(messages.help_supporters_title, bold=True), bullets(lines)]


def _table(messages: Messages, entries: Collection[HelpCommand]) -> Json:
    return facts(
        (messages.quoted.format(text=entry.command), entry.description) for entry in entries
    )


def _title(entry: HelpCommand) -> str:
    """The button says the command's own word, so the leader learns what to type."""
    return entry.command[:1].upper() + entry.command[1:]
