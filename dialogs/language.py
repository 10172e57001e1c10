"""The person's own choice of language: "english" or "svenska" (content.language)."""

from __future__ import annotations

from typing import Protocol

from cards.elements import Json
from cards.welcome import CHOOSE_LANGUAGE, ChooseLanguage, welcome_card
from chat.actions import CardActions
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.language import ENGLISH, SWEDISH, Language, speaking
from content.models import Content


class LanguageChoices(Protocol):
    """Where a person's chosen language is kept (storage.directory.Directory)."""

    async def choose_language(self, person_id: int, language: Language) -> None: ...


class LanguageDialog:
    def __init__(self, content: Content, choices: LanguageChoices) -> None:
        self._content = content
        self._choices = choices

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        actions.on(CHOOSE_LANGUAGE, ChooseLanguage, self._on_welcome_button)
        commands.register(Command.ENGLISH, self._on_english)
        commands.register(Command.SWEDISH, self._on_swedish)

    async def _on_welcome_button(self, turn: Turn, payload: ChooseLanguage) -> Json:
        """Chosen on the welcome card: stored, and the same card again in that language."""
        caller = turn.caller
        await self._choices.choose_language(caller.person_id, payload.language)
        with speaking(payload.language):
            content = self._content.for_tenant(caller.tenant_id, payload.language)
            return welcome_card(content, caller.first_name)

    async def _on_english(self, turn: Turn) -> None:
        await self._choose(turn, ENGLISH)

    async def _on_swedish(self, turn: Turn) -> None:
        await self._choose(turn, SWEDISH)

    async def _choose(self, turn: Turn, language: Language) -> None:
        """Stored, and answered in the language chosen (this turn began in the previous one)."""
        caller = turn.caller
        await self._choices.choose_language(caller.person_id, language)
        texts = self._content.for_tenant(caller.tenant_id, language).languages
        turn.say(f"{texts.chosen} {texts.switch_back}")
