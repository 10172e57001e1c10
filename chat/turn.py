"""One turn as the application sees it: the caller, what came in, and what we answer.

Dialogs add replies to the turn (`say`, `show`); `bot/` sends them as one or more activities
after the dialog returns. A card action's answer is the card that replaces the clicked one,
returned by the handler instead (Teams swaps it in place in the same HTTP response).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Protocol

from cards.elements import Json
from chat.address import ConversationAddress, TeamChannel
from chat.caller import Caller, TeamOfTurn, TeamsAccount, TenantId


@dataclass(frozen=True, slots=True)
class TextReply:
    text: str


@dataclass(frozen=True, slots=True)
class CardReply:
    card: Json
    text: str | None = None  # shown above the card, in the same message


Reply = TextReply | CardReply


class Roster(Protocol):
    """Teams' members and chats, as reachable from the conversation of this turn."""

    async def member(self, teams_user_id: str) -> TeamsAccount | None:
        """One member of this conversation with name and e-mail; None if Teams does not say."""
        ...

    def team_members(self, team_id: str) -> AsyncIterator[TeamsAccount]:
        """Every member of a team, page by page (the paged members API)."""
        ...

    async def open_personal_chat(self, member: TeamsAccount) -> ConversationAddress | None:
        """A 1:1 chat between the bot and `member` (created if need be); None if refused."""
        ...

    async def team_channels(self, team_id: str) -> list[TeamChannel]:
        """The team's channels; empty when Teams does not say."""
        ...


@dataclass(slots=True)
class Turn:
    caller: Caller
    sender: TeamsAccount  # as the activity names them (no e-mail: ask the roster)
    address: ConversationAddress  # the conversation the activity came from
    roster: Roster
    text: str = ""  # the message, without the @mention of the bot
    team: TeamOfTurn | None = None
    replies: list[Reply] = field(default_factory=list)

    def say(self, text: str) -> None:
        self.replies.append(TextReply(text))

    def show(self, card: Json, *, text: str | None = None) -> None:
        self.replies.append(CardReply(card, text))


@dataclass(frozen=True, slots=True)
class TeamEvent:
    """Members (the bot among them, on install) added to or removed from a team."""

    organisation_id: int
    tenant_id: TenantId
    team: TeamOfTurn
    address: ConversationAddress
    roster: Roster
    members: tuple[TeamsAccount, ...]
    bot_included: bool  # the app itself was added or removed
