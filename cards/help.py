"""The help card: what the leader can write, and what each command does."""

from __future__ import annotations

from collections.abc import Collection

from cards.elements import Json, card, facts, heading, text
from content.models import Content


def help_card(content: Content, available: Collection[str]) -> Json:
    """Only the commands that work in this version of the bot (`available` command ids)."""
    messages = content.messages
    entries = [entry for entry in messages.help_commands if entry.id in available]
    return card(
        [
            heading(messages.help_title),
            text(messages.help_intro),
            facts((f"”{entry.command}”", entry.description) for entry in entries),
        ],
        fallback_text=messages.help_fallback,
        speak=messages.help_title,
    )
