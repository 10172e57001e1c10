"""What one inbound request carries through the edge: the activity, the client to answer with,
who sent it (once resolved) and, for an invoke, the answer that goes back in the HTTP response.
It takes the place of botbuilder's TurnContext and turn state, typed."""

from __future__ import annotations

from dataclasses import dataclass

from bot.activity import InboundActivity
from bot.caller import Origin
from bot.connector import ConnectorClient
from content.language import Language


@dataclass(frozen=True, slots=True)
class InvokeAnswer:
    status: int
    body: object = None


@dataclass(slots=True)
class TurnScope:
    activity: InboundActivity
    client: ConnectorClient
    origin: Origin | None = None
    invoke_answer: InvokeAnswer | None = None
    # The turn's language once LanguageChoice chose it: an apology after an error speaks it too.
    language: Language | None = None

    @property
    def resolved(self) -> Origin:
        """The origin, after CallerResolution (the bot never runs before it)."""
        assert self.origin is not None, "the caller is resolved before the bot runs"
        return self.origin

    def answer(self, answer: InvokeAnswer) -> None:
        self.invoke_answer = answer
