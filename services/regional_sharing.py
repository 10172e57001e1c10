"""Regional sharing: a leader in a regional cohort shares one of their own texts with it.

Nothing is shared by default. The leader picks a text of their workbook (a regional-meeting
reflection, an exercise reflection, an Innovationsteam reflection; a local example is written
as one of these), sees a preview saying who will read it and under which attribution, and only
"Dela" stores a copy (storage.regional_shares) naming their organisation. Who reads the copies:
the region's programme owner (checked by services.regions, audited) and the leaders taking part
in the regional cohort, from municipalities still joined. A coordinator of another municipality
reads nothing of it except as such a participant. Taking a share back deletes it; every card
that shows shares reads them when opened, so a withdrawn text is gone everywhere at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from cards.regional_sharing import Attribution
from content.models import Content
from services.coordination import Actor, CoordinationService
from services.regional_meetings import MEETING_REFLECTION
from services.regions import RegionService
from storage.audit import AuditAction
from storage.database import Database
from storage.regional_shares import MAX_SHOWN_AS, NewShare, RegionalShares, Share
from storage.regions import JOINED, ProgrammeOwners, RegionalCohortInfo, Regions
from storage.workbook import EXERCISE_REFLECTION, TEAM_REFLECTION, Entry, Workbook

log = logging.getLogger(__name__)

SHAREABLE = (MEETING_REFLECTION, EXERCISE_REFLECTION, TEAM_REFLECTION)
SHOWN_TEXTS = 10  # the leader's newest texts offered on the card


@dataclass(frozen=True, slots=True)
class Place:
    """A regional cohort the leader takes part in, and its region's name."""

    cohort: RegionalCohortInfo
    region: str


@dataclass(frozen=True, slots=True)
class LeaderView:
    place: Place | None  # None: the leader takes part in no regional cohort
    texts: tuple[Entry, ...]
    mine: tuple[Share, ...]
    from_region: tuple[Share, ...]  # the others' shares in the leader's regional cohorts


@dataclass(frozen=True, slots=True)
class Preview:
    place: Place
    entry: Entry
    owner: str
    municipalities: tuple[str, ...]
    shown_as: dict[Attribution, str]


@dataclass(frozen=True, slots=True)
class OwnerShares:
    cohort: RegionalCohortInfo
    shares: tuple[Share, ...]


class SharingService:
    def __init__(
        self,
        content: Content,
        coordination: CoordinationService,
        regions: RegionService,
        *,
        database: Database,
    ) -> None:
        self._content = content
        self._coordination = coordination
        self._region_service = regions
        self._db = database
        self._regions = Regions(database)
        self._owners = ProgrammeOwners(database)
        self._shares = RegionalShares(database)
        self._workbook = Workbook(database)

    # --- the leader -----------------------------------------------------------------------

    async def places(self, actor: Actor) -> list[Place]:
        """The regional cohorts the leader takes part in, the newest first: their municipality
        joined the region and brings them (all its leaders, or a cohort they are in)."""
        found = []
        for membership in await self._regions.of_organisation(actor.organisation_id):
            if membership.state != JOINED:
                continue
            for cohort in membership.cohorts:
                if await self._takes_part(actor, cohort.id):
                    found.append(Place(cohort, membership.name))
        return sorted(found, key=lambda p: (p.cohort.starts_on, p.cohort.id), reverse=True)

    async def _takes_part(self, actor: Actor, regional_cohort_id: int) -> bool:
        chosen = await self._regions.participants(regional_cohort_id)
        if actor.organisation_id not in chosen:
            return False
        people = chosen[actor.organisation_id]
        return people is None or actor.person_id in people

    async def _place(self, actor: Actor, regional_cohort_id: int) -> Place | None:
        return next(
            (p for p in await self.places(actor) if p.cohort.id == regional_cohort_id), None
        )

    async def leader_view(self, actor: Actor) -> LeaderView:
        places = await self.places(actor)
        entries = [e for e in await self._workbook.entries(actor.person_id) if e.kind in SHAREABLE]
        mine = await self._shares.of_person(actor.person_id)
        others: list[Share] = []
        for place in places:
            others += [
                s for s in await self.shared_in(place.cohort) if s.person_id != actor.person_id
            ]
        return LeaderView(
            places[0] if places else None,
            tuple(reversed(entries[-SHOWN_TEXTS:])),
            tuple(mine),
            tuple(others),
        )

    async def preview(self, actor: Actor, regional_cohort_id: int, entry_id: int) -> Preview | None:
        """What sharing this text would show, and to whom; None: not the leader's text or not
        their regional cohort (nothing is stored either way)."""
        place = await self._place(actor, regional_cohort_id)
        entry = await self._own_entry(actor, entry_id)
        if place is None or entry is None:
            return None
        named = await self._region_service.named(place.cohort.region_id)
        municipality = next(m.name for m in named if m.organisation_id == actor.organisation_id)
        texts = self._content.regional_sharing.sharing
        first_name = await self._shares.first_name(actor.person_id)
        shown_as = {
            Attribution.MUNICIPALITY: texts.attribution_municipality.format(
                municipality=municipality
            ),
        }
        if first_name:
            shown_as[Attribution.NAME] = texts.attribution_name.format(
                first_name=first_name, municipality=municipality
            )
        owner_id = await self._regions.owner_of(place.cohort.region_id)
        owner = (
            await self._owners.shown_name(owner_id) if owner_id is not None else None
        ) or texts.no_owner
        # Exactly who reads it: the municipalities joined and bringing leaders to this cohort.
        taking_part = await self._regions.participants(place.cohort.id)
        names = [m.name for m in named if m.state == JOINED and m.organisation_id in taking_part]
        return Preview(place, entry, owner, tuple(names), shown_as)

    async def share(
        self, actor: Actor, regional_cohort_id: int, entry_id: int, attribution: Attribution
    ) -> tuple[Place, Share] | None:
        """Store the copy the leader approved on the preview; None: nothing stored."""
        preview = await self.preview(actor, regional_cohort_id, entry_id)
        if preview is None or attribution not in preview.shown_as:
            return None
        new = NewShare(
            regional_cohort_id,
            actor.organisation_id,
            actor.person_id,
            entry_id,
            preview.entry.kind,
            preview.entry.text,
            preview.shown_as[attribution][:MAX_SHOWN_AS],
        )
        async with self._db.unit_of_work():
            share_id = await self._shares.add(new)
        log.info(
            "person %s shared workbook entry %s with regional cohort %s (share %s, as %s)",
            actor.person_id,
            entry_id,
            regional_cohort_id,
            share_id,
            attribution.value,
        )
        shares = await self._shares.of_person(actor.person_id)
        return preview.place, next(s for s in shares if s.id == share_id)

    async def withdraw(self, actor: Actor, share_id: int) -> Share | None:
        """Take back one of the leader's own shares; None: not theirs (nothing changed)."""
        found = await self._shares.withdraw(share_id, actor.person_id)
        if found is not None:
            log.info("person %s took back share %s", actor.person_id, share_id)
        return found

    async def _own_entry(self, actor: Actor, entry_id: int) -> Entry | None:
        return next(
            (
                e
                for e in await self._workbook.entries(actor.person_id)
                if e.id == entry_id and e.kind in SHAREABLE
            ),
            None,
        )

    # --- who reads ------------------------------------------------------------------------

    async def shared_in(self, cohort: RegionalCohortInfo) -> list[Share]:
        """The regional cohort's shares from municipalities still joined."""
        joined = [
            m.organisation_id
            for m in await self._regions.municipalities(cohort.region_id)
            if m.state == JOINED
        ]
        return await self._shares.of_cohort(cohort.id, joined)

    async def for_owner(self, actor: Actor, regional_cohort_id: int) -> OwnerShares | None:
        """The shares of a regional cohort for its region's owner (audited); None: refused."""
        found = await self._regions.cohort(regional_cohort_id)
        if found is None:
            await self._region_service.owner_id(actor, "regional_shares")
            return None
        if not await self._region_service.owns(actor, found.region_id, "regional_shares"):
            return None
        shares = await self.shared_in(found)
        await self._coordination.audit(
            actor, AuditAction.REGIONAL_SHARES_VIEWED, detail=f"regional {regional_cohort_id}"
        )
        return OwnerShares(found, tuple(shares))

    async def for_participant(
        self, actor: Actor, regional_cohort_id: int
    ) -> tuple[Place, tuple[Share, ...]] | None:
        """ "Från regionen" for a leader taking part; None: not a participant."""
        place = await self._place(actor, regional_cohort_id)
        if place is None:
            return None
        shares = await self.shared_in(place.cohort)
        return place, tuple(s for s in shares if s.person_id != actor.person_id)
