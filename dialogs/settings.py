"""The coordinator's "inställningar": the overview, a card per section, its preview, publish and
restore. Thin: the service checks the role and the tenant and decides; this turns its answers
into cards."""

from __future__ import annotations

from cards import settings as cards
from cards.elements import Json
from cards.settings import Section, SectionPayload, SettingsPayload, VersionPayload
from chat.actions import ActionPayload, CardActions
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.coordination import SettingsTexts
from content.curriculum import EXAMPLE_MAX, EXAMPLES_MAX
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
        actions.on(cards.SETTINGS_HOME, ActionPayload, self._on_home)
        actions.on(cards.SETTINGS_SECTION, SectionPayload, self._on_section)
        actions.on(cards.PREVIEW_SETTINGS, SettingsPayload, self._on_preview)
        actions.on(cards.PUBLISH_SETTINGS, VersionPayload, self._on_publish)
        actions.on(cards.RESTORE_SETTINGS, VersionPayload, self._on_restore)

    async def _on_command(self, turn: Turn) -> None:
        card = await self._overview(turn)
        if card is None:
            turn.say(self._only_coordinators(turn))
        else:
            turn.show(card)

    async def _on_home(self, turn: Turn, _payload: ActionPayload) -> Json | None:
        card = await self._overview(turn)
        if card is None:
            turn.say(self._only_coordinators(turn))
        return card

    async def _on_section(self, turn: Turn, payload: SectionPayload) -> Json | None:
        """A section's form, from the draft on the button (its "Ändra") or what is in force."""
        return await self._section(turn, payload, typed=None, note=None)

    async def _on_preview(self, turn: Turn, payload: SettingsPayload) -> Json | None:
        content = self._content.for_tenant(turn.caller.tenant_id)
        exercise = _exercise(payload)
        if payload.section is Section.EXAMPLES and exercise is None:
            return await self._section(turn, payload, note=self._texts(turn).exercise_unknown)
        form = _form(content, payload, exercise)
        found = await self._settings.preview(
            actor_of(turn), turn.caller.tenant_id, form, base=payload.base
        )
        if found is None:
            turn.say(self._only_coordinators(turn))
            return None
        if isinstance(found, SettingsProblem):
            note = _problem(content, found)
            return await self._section(turn, payload, typed=payload, note=note)
        return cards.preview_card(content, found, payload.section, exercise)

    async def _on_publish(self, turn: Turn, payload: VersionPayload) -> Json | None:
        done = await self._settings.publish(actor_of(turn), turn.caller.tenant_id, payload.version)
        return await self._after(turn, done)

    async def _on_restore(self, turn: Turn, payload: VersionPayload) -> Json | None:
        done = await self._settings.restore(actor_of(turn), turn.caller.tenant_id, payload.version)
        return await self._after(turn, done)

    async def _after(self, turn: Turn, done: Published | None) -> Json | None:
        """The overview again, with what happened on top (it shows the version now in force)."""
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
        return await self._overview(turn, note=note)

    async def _overview(self, turn: Turn, *, note: str | None = None) -> Json | None:
        tenant_id = turn.caller.tenant_id
        overview = await self._settings.overview(actor_of(turn), tenant_id)
        if overview is None:
            return None
        return cards.settings_card(
            self._content.for_tenant(tenant_id), overview.in_force, overview.earlier, note=note
        )

    async def _section(
        self,
        turn: Turn,
        payload: SectionPayload,
        *,
        typed: SettingsPayload | None = None,
        note: str | None = None,
    ) -> Json | None:
        tenant_id = turn.caller.tenant_id
        start = await self._settings.start(actor_of(turn), tenant_id, payload.base)
        if start is None:
            turn.say(self._only_coordinators(turn))
            return None
        content = self._content.for_tenant(tenant_id)
        exercise = _exercise(payload)
        known = {e.number for e in content.exercises.exercises}
        if exercise is not None and exercise not in known:
            exercise, typed, note = None, None, self._texts(turn).exercise_unknown
        return cards.section_card(
            content,
            payload.section,
            start.draft,
            base=start.base,
            exercise=exercise,
            typed=typed,
            note=note,
        )

    def _texts(self, turn: Turn) -> SettingsTexts:
        return self._content.for_tenant(turn.caller.tenant_id).coordination.settings

    def _only_coordinators(self, turn: Turn) -> str:
        return self._content.for_tenant(turn.caller.tenant_id).coordination.roles.only_coordinators


def _exercise(payload: SectionPayload) -> int | None:
    """The exercise on the button (a number) or chosen in the list (its number as a string)."""
    found = payload.exercise
    if isinstance(found, str) and found.strip().isdigit():
        return int(found)
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def _form(content: Content, payload: SettingsPayload, exercise: int | None) -> SettingsForm:
    """The section's inputs; one left empty by Teams arrives as "" or not at all."""
    match payload.section:
        case Section.GENERAL:
            return SettingsForm(name=payload.name or "", why=payload.why or "")
        case Section.TIMES:
            return SettingsForm(
                time_zone=payload.time_zone or "",
                start=payload.start or "",
                end=payload.end or "",
                days=payload.days or "",
            )
        case Section.FILMS:
            links = []
            for module in content.modules:
                area, intro = cards.film_inputs(module.id)
                links.append((module.id, payload.typed(area), payload.typed(intro)))
            return SettingsForm(films=tuple(links))
        case Section.EXAMPLES:
            return SettingsForm(exercise=exercise, examples=payload.examples or "")
        case Section.SUPPORTERS:
            return SettingsForm(supporters=payload.supporters or "")


def _problem(content: Content, found: SettingsProblem) -> str:
    texts = content.coordination.settings
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
        case Problem.TIME_ZONE:
            return texts.time_zone_unknown
        case Problem.CLOCK:
            return texts.clock
        case Problem.HOURS_ORDER:
            return texts.hours_order
        case Problem.HOURS_RANGE:
            return texts.hours_range.format(
                earliest=f"{texts.hours_earliest:%H:%M}", latest=f"{texts.hours_latest:%H:%M}"
            )
        case Problem.NO_WEEKDAY:
            return texts.no_weekday
        case Problem.FILM_URL:
            return texts.film_url.format(number=content.module(found.module).number)
        case Problem.EXERCISE:
            return texts.exercise_unknown
        case Problem.TOO_MANY_EXAMPLES:
            return texts.too_many_examples.format(max=EXAMPLES_MAX)
        case Problem.EXAMPLE_TOO_LONG:
            return texts.example_too_long.format(
                line=found.line, length=found.length, max=EXAMPLE_MAX
            )
