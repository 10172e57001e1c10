"""The help card: what the leader can write, and what each command does."""

from __future__ import annotations

from cards.elements import Json, card, facts, heading, text
from content.models import Content


def help_card(content: Content) -> Json:
    messages = content.messages
    return card(
        [
            heading(messages.help_title),
            text(messages.help_intro),
            facts((f"”{entry.command}”", entry.description) for entry in messages.help_commands),
        ],
        fallback_text=messages.help_fallback,
        speak=messages.help_title,
    )
