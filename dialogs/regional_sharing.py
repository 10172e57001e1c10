"""Sharing with the region: the leader's preview, share and take back; "Från regionen" for a
participant; the programme owner's card of shares. Thin: the service decides who may see what."""

from __future__ import annotations

from cards.elements import Json
from cards.regional_sharing import (
    CONFIRM_SHARE,
    FROM_REGION,
    PREVIEW_SHARE,
    REGIONAL_SHARES,
    WITHDRAW_SHARE,
    Attribution,
    ShareButton,
    ShareConfirm,
    SharePick,
    from_region_card,
    leader_card,
    owner_shares_card,
    preview_card,
    problem_card,
)
from cards.regions import RegionalCohortButton
from chat.actions import CardActions
from chat.turn import Turn
from content.models import Content
from dialogs.coordination import actor_of
from services.regional_sharing import SharingService


class RegionalSharingDialog:
    def __init__(self, content: Content, sharing: SharingService) -> None:
        self._content = content
        self._sharing = sharing

    def register(self, actions: CardActions) -> None:
        actions.on(PREVIEW_SHARE, SharePick, self._on_preview)
        actions.on(CONFIRM_SHARE, ShareConfirm, self._on_confirm)
        actions.on(WITHDRAW_SHARE, ShareButton, self._on_withdraw)
        actions.on(REGIONAL_SHARES, RegionalCohortButton, self._on_owner)
        actions.on(FROM_REGION, RegionalCohortButton, self._on_from_region)

    async def _on_preview(self, turn: Turn, payload: SharePick) -> Json | None:
        found = await self._sharing.preview(
            actor_of(turn), payload.regional_cohort_id, payload.entry_id
        )
        content = self._for(turn)
        return problem_card(content) if found is None else preview_card(content, found)

    async def _on_confirm(self, turn: Turn, payload: ShareConfirm) -> Json | None:
        content = self._for(turn)
        actor = actor_of(turn)
        try:
            attribution = Attribution(payload.share_as)
        except ValueError:  # nothing chosen (an old client): show the preview again
            found = await self._sharing.preview(actor, payload.regional_cohort_id, payload.entry_id)
            return problem_card(content) if found is None else preview_card(content, found)
        shared = await self._sharing.share(
            actor, payload.regional_cohort_id, payload.entry_id, attribution
        )
        if shared is None:
            return problem_card(content)
        place, _ = shared
        said = content.regional_sharing.sharing.shared.format(region=place.region)
        return leader_card(content, await self._sharing.leader_view(actor), said=[said])

    async def _on_withdraw(self, turn: Turn, payload: ShareButton) -> Json | None:
        content = self._for(turn)
        actor = actor_of(turn)
        if await self._sharing.withdraw(actor, payload.share_id) is None:
            return problem_card(content)
        said = content.regional_sharing.sharing.withdrawn
        return leader_card(content, await self._sharing.leader_view(actor), said=[said])

    async def _on_owner(self, turn: Turn, payload: RegionalCohortButton) -> Json | None:
        found = await self._sharing.for_owner(actor_of(turn), payload.regional_cohort_id)
        if found is None:
            turn.say(self._for(turn).coordination.regions.only_owners)
            return None
        return owner_shares_card(self._for(turn), found)

    async def _on_from_region(self, turn: Turn, payload: RegionalCohortButton) -> Json | None:
        found = await self._sharing.for_participant(actor_of(turn), payload.regional_cohort_id)
        content = self._for(turn)
        if found is None:
            return problem_card(content)
        return from_region_card(content, *found)

    def _for(self, turn: Turn) -> Content:
        return self._content.for_tenant(turn.caller.tenant_id)
