"""The help card in a team channel: only what the group does here; the rest is private."""

from __future__ import annotations

from collections.abc import Collection

from cards.elements import Json, card, facts, heading, text
from cards.navigation import command_button
from chat.commands import Command
from content.models import Content

# What a member may ask for in the channel: things about the group, never about one person.
GROUP_COMMANDS = (Command.HELP, Command.MY_TEAM)


def channel_help_card(content: Content, available: Collection[str]) -> Json:
    texts = content.messages.channel
    entries = [
        entry
        for entry in content.messages.help_commands
        if entry.id in available and Command(entry.id) in GROUP_COMMANDS
    ]
    team = next((entry for entry in entries if entry.id == Command.MY_TEAM), None)
    actions = [command_button(team.command.capitalize(), Command.MY_TEAM)] if team else []
    return card(
        [
            heading(texts.help_title, size="Medium"),
            text(texts.help_intro),
            facts((f"”{entry.command}”", entry.description) for entry in entries),
            text(texts.private_note, subtle=True),
        ],
        actions,
        fallback_text=f"{texts.help_title}. {texts.private_note}",
    )
