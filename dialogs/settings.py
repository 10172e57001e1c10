"""The coordinator's "inställningar": the form, its preview, publish and restore. Thin: the
service checks the role and the tenant and decides; this turns its answers into cards."""

from __future__ import annotations

from cards import settings as cards
from cards.elements import Json
from cards.settings import SettingsPayload, VersionPayload
from chat.actions import CardActions
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.coordination import SettingsTexts
from content.models import Content
from dialogs.coordination import actor_of
from services.org_settings import (
    Problem,
    Published,
    SettingsForm,
    SettingsProblem,
    SettingsService,
)


class SettingsDialog:
    def __init__(self, content: Content, settings: SettingsService) -> None:
        self._content = content
        self._settings = settings

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.SETTINGS, self._on_command)
        actions.on(cards.PREVIEW_SETTINGS, SettingsPayload, self._on_preview)
        actions.on(cards.PUBLISH_SETTINGS, VersionPayload, self._on_publish)
        actions.on(cards.RESTORE_SETTINGS, VersionPayload, self._on_restore)
        actions.on(cards.EDIT_SETTINGS, VersionPayload, self._on_edit)

    async def _on_command(self, turn: Turn) -> None:
        card = await self._form(turn)
        if card is None:
            turn.say(self._only_coordinators(turn))
        else:
            turn.show(card)

    async def _on_preview(self, turn: Turn, payload: SettingsPayload) -> Json | None:
        form = SettingsForm(payload.name, payload.why, payload.supporters)
        found = await self._settings.preview(actor_of(turn), turn.caller.tenant_id, form)
        if found is None:
            turn.say(self._only_coordinators(turn))
            return None
        if isinstance(found, SettingsProblem):
            note = _problem(self._texts(turn), found)
            return await self._form(turn, typed=payload, note=note)
        return cards.preview_card(self._content.for_tenant(turn.caller.tenant_id), found)

    async def _on_edit(self, turn: Turn, payload: VersionPayload) -> Json | None:
        """Back to the form with the draft's texts, so nothing typed is typed twice."""
        found = await self._settings.version(actor_of(turn), payload.version)
        typed = cards.typed_from(found) if found is not None else None
        card = await self._form(turn, typed=typed, note=None if found else self._texts(turn).gone)
        if card is None:
            turn.say(self._only_coordinators(turn))
        return card

    async def _on_publish(self, turn: Turn, payload: VersionPayload) -> Json | None:
        done = await self._settings.publish(actor_of(turn), turn.caller.tenant_id, payload.version)
        return await self._after(turn, done)

    async def _on_restore(self, turn: Turn, payload: VersionPayload) -> Json | None:
        done = await self._settings.restore(actor_of(turn), turn.caller.tenant_id, payload.version)
        return await self._after(turn, done)

    async def _after(self, turn: Turn, done: Published | None) -> Json | None:
        """The form again, with what happened on top (it shows the version now in force)."""
        if done is None:
            turn.say(self._only_coordinators(turn))
            return None
        texts = self._texts(turn)
        if done.version is None:
            note = texts.gone
        elif done.restored_from is not None:
            note = texts.restored.format(old=done.restored_from, version=done.version)
        else:
            note = texts.published.format(version=done.version)
        return await self._form(turn, note=note)

    async def _form(
        self, turn: Turn, *, typed: SettingsPayload | None = None, note: str | None = None
    ) -> Json | None:
        tenant_id = turn.caller.tenant_id
        overview = await self._settings.overview(actor_of(turn), tenant_id)
        if overview is None:
            return None
        return cards.settings_card(
            self._content.for_tenant(tenant_id),
            overview.organisation,
            overview.in_force,
            overview.earlier,
            typed=typed,
            note=note,
        )

    def _texts(self, turn: Turn) -> SettingsTexts:
        return self._content.for_tenant(turn.caller.tenant_id).coordination.settings

    def _only_coordinators(self, turn: Turn) -> str:
        return self._content.for_tenant(turn.caller.tenant_id).coordination.roles.only_coordinators


def _problem(texts: SettingsTexts, found: SettingsProblem) -> str:
    match found.problem:
        case Problem.NAME_MISSING:
            return texts.name_missing
        case Problem.NAME_TOO_LONG:
            return texts.name_too_long.format(max=texts.name_max)
        case Problem.WHY_MISSING:
            return texts.why_missing
        case Problem.WHY_TOO_LONG:
            return texts.why_too_long.format(length=found.length, max=texts.why_max)
        case Problem.SUPPORTER_LINE:
            return texts.supporter_line.format(line=found.line)
        case Problem.TOO_MANY_SUPPORTERS:
            return texts.too_many_supporters.format(max=texts.supporters_max)
        case Problem.BRACES:
            return texts.braces
