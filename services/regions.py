"""Regions: a programme owner gathers municipalities; each one's coordinator decides to join.

A programme owner is named from the command line in their own organisation and stored apart
from the per-municipality roles: they act across tenants, but only on the regions they own
(checked here on every call, refusals audited in their organisation). An invited municipality's
coordinators get an invitation card in their own tenant through the outbox; only a coordinator
of that municipality can accept or decline it (audited there).

Data stays per municipality. The region sees the names of its municipalities and whether they
joined, and for a regional cohort the same counts as a coordinator's follow-up
(services.follow_up), computed per joined municipality from its own facts and restricted to the
leaders it chose to bring: a municipality with fewer than MINIMUM_PEOPLE participants shows no
figures, and the region's total is only shown when it cannot be used to learn about fewer than
MINIMUM_PEOPLE hidden people (see `_hide_to_protect`). No name or text of a leader is read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from cards.regions import invitation_card
from chat.outgoing import card_message
from content.language import speaking
from content.models import Content
from services.coordination import Actor, CoordinationService, valid_email
from services.follow_up import MINIMUM_PEOPLE, PEOPLE_MEASURES, Counts, summarise
from storage.audit import AuditAction, AuditLog, Via
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.follow_up import FollowUpFacts, GroupFacts, OrganisationFacts
from storage.languages import PersonLanguages
from storage.outbox import Outbox
from storage.regional_meetings import Meetings, outbox_key
from storage.regional_shares import RegionalShares
from storage.regions import (
    DECLINED,
    JOINED,
    Membership,
    Municipality,
    ProgrammeOwners,
    RegionalCohortInfo,
    Regions,
    RegionSummary,
)
from storage.roles import RoleName, Roles

log = logging.getLogger(__name__)

MAX_NAME = 200
_SEPARATORS = re.compile(r"[,;\n]+")
_ID_LIKE = re.compile(r"[0-9a-f-]*[0-9][0-9a-f-]*")  # a tenant id, not a municipality's name


class Problem(StrEnum):
    NO_NAME = "no_name"
    NAME_TOO_LONG = "name_too_long"
    NO_TENANTS = "no_tenants"
    BAD_TENANTS = "bad_tenants"  # not a tenant id, or a tenant the bot has never met
    BAD_DATES = "bad_dates"
    UNKNOWN_COHORT = "unknown_cohort"  # not a cohort of the coordinator's municipality
    NOT_JOINED = "not_joined"  # the municipality has not joined that region
    AMBIGUOUS = "ambiguous"  # a name that fits more than one municipality


@dataclass(frozen=True, slots=True)
class Rejected:
    """Nothing was stored; `typed` comes back on the card as it was typed."""

    problems: tuple[Problem, ...]
    typed: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Invited:
    invited: tuple[str, ...]  # tenant ids newly invited
    already: tuple[str, ...]  # invited (or answered) before
    cards: int  # invitation cards put in the outbox


class Answer(StrEnum):
    JOINED = "joined"
    DECLINED = "declined"
    ALREADY = "already"  # answered that way before (or joined: joining is not undone here)
    NOT_INVITED = "not_invited"
    LEFT = "left"
    NOT_JOINED = "not_joined"


@dataclass(frozen=True, slots=True)
class MunicipalityCounts:
    """`counts` None: held back (too few, or to protect another municipality); `taking_part`
    False: joined, but has not chosen what to bring to this regional cohort."""

    name: str
    counts: Counts | None
    taking_part: bool = True
    # Held back although it has enough participants: showing it would let a smaller
    # municipality's figures be worked out from the region's total.
    protected: bool = False


@dataclass(frozen=True, slots=True)
class RegionalFollowUp:
    region: str
    cohort: RegionalCohortInfo
    municipalities: tuple[MunicipalityCounts, ...]
    total: Counts | None
    minimum: int = MINIMUM_PEOPLE


class RegionService:
    def __init__(
        self,
        content: Content,
        coordination: CoordinationService,
        *,
        database: Database,
        owners: ProgrammeOwners | None = None,
        regions: Regions | None = None,
        facts: FollowUpFacts | None = None,
        roles: Roles | None = None,
        conversations: Conversations | None = None,
        audit: AuditLog | None = None,
        directory: Directory | None = None,
    ) -> None:
        self._content = content
        self._coordination = coordination
        self._db = database
        self._languages = PersonLanguages(database)
        self._owners = owners or ProgrammeOwners(database)
        self._regions = regions or Regions(database)
        self._facts = facts or FollowUpFacts(database)
        self._roles = roles or Roles(database)
        self._conversations = conversations or Conversations(database)
        self._audit = audit or AuditLog(database)
        self._directory = directory or Directory(database)
        self._outbox = Outbox(database)
        self._shares = RegionalShares(database)
        self._meetings = Meetings(database)

    # --- the programme owner --------------------------------------------------------------

    async def name_from_cli(self, tenant_id: str, address: str) -> bool | None:
        return await name_programme_owner(self._db, tenant_id, address)

    async def owners_from_cli(self, tenant_id: str) -> list[tuple[str, bool]]:
        return await programme_owners(self._db, tenant_id)

    async def owner_id(self, actor: Actor, action: str) -> int | None:
        """The actor's programme owner id, bound on first use by their address; a refusal is
        audited in the actor's own organisation."""
        owner = await self.claim(actor)
        if owner is None:
            await self._audit.record(
                actor.organisation_id,
                AuditAction.REFUSED,
                actor_person_id=actor.person_id,
                via=Via.TEAMS,
                subject=action,
            )
        return owner

    async def claim(self, actor: Actor) -> int | None:
        """The actor's programme owner id, bound on first use by their address (audited); None
        without auditing a refusal, for `region` to choose which card to show."""
        owner, any_unbound = await self._owners.of_person(actor.organisation_id, actor.person_id)
        if owner is None and any_unbound:
            email = valid_email(await actor.email() or "")
            if email is not None:
                async with self._db.unit_of_work():
                    owner = await self._owners.bind(actor.organisation_id, actor.person_id, email)
                    if owner is not None:
                        await self._coordination.audit(actor, AuditAction.PROGRAMME_OWNER_CLAIMED)
        return owner

    async def _owned(self, actor: Actor, region_id: int, action: str) -> int | None:
        """The owner id when the actor owns the region; refused (and audited) otherwise."""
        owner = await self.owner_id(actor, action)
        if owner is None:
            return None
        if await self._regions.owner_of(region_id) != owner:
            await self._audit.record(
                actor.organisation_id,
                AuditAction.REFUSED,
                actor_person_id=actor.person_id,
                via=Via.TEAMS,
                subject=action,
                detail=f"region {region_id}",
            )
            return None
        return owner

    async def owns(self, actor: Actor, region_id: int, action: str) -> bool:
        """Whether the actor owns the region (a refusal is audited in their organisation)."""
        return await self._owned(actor, region_id, action) is not None

    async def regions(self, actor: Actor) -> list[RegionSummary] | None:
        owner = await self.owner_id(actor, "regions")
        return None if owner is None else await self._regions.owned(owner)

    async def create(self, actor: Actor, name: str) -> int | Rejected | None:
        """A new region of the actor's; its id, what was wrong, or None: refused."""
        owner = await self.owner_id(actor, "region_create")
        if owner is None:
            return None
        name = name.strip()
        problem = _name_problem(name)
        if problem is not None:
            return Rejected((problem,), (name,))
        async with self._db.unit_of_work():
            region_id = await self._regions.create(owner, name)
            await self._coordination.audit(
                actor, AuditAction.REGION_CREATED, detail=f"region {region_id}"
            )
        log.info("region %s created by programme owner %s", region_id, owner)
        return region_id

    async def municipalities(self, actor: Actor, region_id: int) -> list[Municipality] | None:
        if await self._owned(actor, region_id, "region_municipalities") is None:
            return None
        return await self.named(region_id)

    async def named(self, region_id: int) -> list[Municipality]:
        """The region's municipalities by the name their own content gives them (an
        organisation file, or what their coordinator published), else the stored name, else
        their tenant id."""
        found = []
        for m in await self._regions.municipalities(region_id):
            view = self._content.for_tenant(m.tenant_id)
            if not m.named and view is not self._content:
                m = replace(m, name=view.organisation.name, named=True)
            found.append(m)
        return found

    async def invite(self, actor: Actor, region_id: int, tenants: str) -> Invited | Rejected | None:
        """Invite municipalities by tenant id or by name (pasted, separated by commas or lines;
        ids also by spaces): each one's coordinators the bot can reach get the invitation card
        in their own tenant. A municipality the bot has never met has no coordinator to ask,
        and a name that fits several is not guessed: both are refused, nothing is stored."""
        if await self._owned(actor, region_id, "region_invite") is None:
            return None
        pieces = _pieces(tenants)
        if not pieces:
            return Rejected((Problem.NO_TENANTS,), (tenants,))
        known, invalid, ambiguous = await self._resolve(pieces)
        if ambiguous:
            return Rejected((Problem.AMBIGUOUS,), (tenants,), ambiguous)
        if invalid:
            return Rejected((Problem.BAD_TENANTS,), (tenants,), invalid)
        region_name = await self._regions.name_of(region_id) or ""
        invited: list[str] = []
        already: list[str] = []
        sent = 0
        async with self._db.unit_of_work():
            for tenant_id, organisation_id in known.items():
                if not await self._regions.invite(region_id, organisation_id):
                    already.append(tenant_id)
                    continue
                invited.append(tenant_id)
                sent += await self._send_invitations(region_id, region_name, organisation_id)
                await self._coordination.audit(
                    actor, AuditAction.REGION_INVITED, detail=f"region {region_id}"
                )
        return Invited(tuple(invited), tuple(already), sent)

    async def _resolve(
        self, pieces: Sequence[str]
    ) -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...]]:
        """(tenant id -> organisation id of those found, pieces not found, names that fit more
        than one municipality). A name is the one the directory stores or the municipality's
        own content gives it, matched without regard to case."""
        tenants: dict[str, int] = {}
        names: dict[str, set[tuple[str, int]]] = {}
        for organisation_id, tenant_id, stored in await self._regions.directory():
            tenants[tenant_id] = organisation_id
            view = self._content.for_tenant(tenant_id)
            own = view.organisation.name if view is not self._content else None
            for name in {stored, own} - {None, ""}:
                names.setdefault(_folded(str(name)), set()).add((tenant_id, organisation_id))
        known: dict[str, int] = {}
        invalid: list[str] = []
        ambiguous: list[str] = []
        for piece in pieces:
            if piece.lower() in tenants:
                known[piece.lower()] = tenants[piece.lower()]
                continue
            found = names.get(_folded(piece), set())
            if len(found) == 1:
                [(tenant_id, organisation_id)] = found
                known[tenant_id] = organisation_id
            else:
                (ambiguous if found else invalid).append(piece)
        return known, tuple(invalid), tuple(ambiguous)

    async def _send_invitations(self, region_id: int, name: str, organisation_id: int) -> int:
        """The invitation card to each coordinator of the municipality the bot can reach: a
        role not yet bound is found by its address among the people the bot has met there."""
        sent = 0
        holders = [
            h for h in await self._roles.holders(organisation_id) if h.role is RoleName.COORDINATOR
        ]
        met = await self._regions.people_by_email(
            organisation_id, [h.email for h in holders if h.person_id is None]
        )
        people = [p for p in dict.fromkeys(h.person_id or met.get(h.email) for h in holders) if p]
        languages = await self._languages.of(people)
        for person_id in people:
            chat = await self._conversations.personal(person_id)
            if chat is None or chat.organisation_id != organisation_id:
                continue
            # Each coordinator's language, not the region's owner's.
            with speaking(languages[person_id]):
                card = invitation_card(self._content.for_tenant(chat.tenant_id), region_id, name)
            await self._outbox.enqueue(
                chat,
                card_message(card),
                idempotency_key=f"region-invite-{region_id}-{person_id}",
            )
            sent += 1
        return sent

    # --- the municipality's coordinator ---------------------------------------------------

    async def answer(self, actor: Actor, region_id: int, join: bool) -> Answer | None:
        """A coordinator answers for their own municipality only; None: refused."""
        if not await self._coordination.is_coordinator(actor, "region_answer"):
            return None
        state = JOINED if join else DECLINED
        async with self._db.unit_of_work():
            if await self._regions.state(region_id, actor.organisation_id) is None:
                return Answer.NOT_INVITED
            if not await self._regions.answer(region_id, actor.organisation_id, state):
                return Answer.ALREADY
            if join:  # its leaders are reminded of the meetings to come on the next tick
                await self._meetings.recheck_region(region_id)
            action = AuditAction.REGION_JOINED if join else AuditAction.REGION_DECLINED
            await self._coordination.audit(actor, action, detail=f"region {region_id}")
        return Answer.JOINED if join else Answer.DECLINED

    async def leave(self, actor: Actor, region_id: int) -> Answer | None:
        """A coordinator takes their own municipality out of a region: from now on it is not
        counted, its leaders are not participants, and what they shared with the region is
        deleted (their workbooks keep the texts). None: refused."""
        if not await self._coordination.is_coordinator(actor, "region_leave"):
            return None
        async with self._db.unit_of_work():
            if not await self._regions.leave(region_id, actor.organisation_id):
                return Answer.NOT_JOINED
            removed = await self._shares.remove_organisation(region_id, actor.organisation_id)
            # Its leaders are no longer participants: what the region's meetings have waiting
            # for them (a reminder, a prompt, a notice) is not sent either.
            for meeting_id in await self._meetings.ids_of_region(region_id):
                await self._outbox.cancel(
                    outbox_key(meeting_id, ""), organisation_id=actor.organisation_id
                )
            await self._coordination.audit(
                actor, AuditAction.REGION_LEFT, detail=f"region {region_id}"
            )
        log.info(
            "organisation %s left region %s; %s shares removed",
            actor.organisation_id,
            region_id,
            removed,
        )
        return Answer.LEFT

    async def memberships(self, actor: Actor) -> list[Membership] | None:
        """The regions the coordinator's municipality is invited to; None: refused."""
        if not await self._coordination.is_coordinator(actor, "regions_of_municipality"):
            return None
        return await self._regions.of_organisation(actor.organisation_id)

    async def is_owner(self, organisation_id: int, person_id: int) -> bool:
        """For the help card: a bound programme owner, without asking Teams or auditing."""
        owner, _ = await self._owners.of_person(organisation_id, person_id)
        return owner is not None

    async def regional_cohorts(self, actor: Actor, region_id: int) -> list[RegionalCohortInfo]:
        """The regional cohorts of a region the actor owns (empty otherwise)."""
        if await self._owned(actor, region_id, "regional_cohorts") is None:
            return []
        return await self._regions.cohorts_of(region_id)

    async def choose(
        self, actor: Actor, regional_cohort_id: int, cohort_ids: Sequence[int] | None
    ) -> RegionalCohortInfo | Rejected | None:
        """What the coordinator's municipality brings to a regional cohort: these of its
        cohorts, or (None) all its leaders; an empty list takes it out. None: refused."""
        if not await self._coordination.is_coordinator(actor, "regional_cohort_choose"):
            return None
        found = await self._regions.cohort(regional_cohort_id)
        joined = found is not None and (
            await self._regions.state(found.region_id, actor.organisation_id) == JOINED
        )
        if found is None or not joined:
            return Rejected((Problem.NOT_JOINED,))
        if cohort_ids is not None:
            own = await self._regions.own_cohorts(actor.organisation_id, cohort_ids)
            if set(cohort_ids) - own:
                return Rejected((Problem.UNKNOWN_COHORT,))
        async with self._db.unit_of_work():
            await self._regions.set_parts(regional_cohort_id, actor.organisation_id, cohort_ids)
            # Who takes part changed: reminders due are sent to them on the job's next tick.
            await self._meetings.recheck_cohort(regional_cohort_id)
            await self._coordination.audit(
                actor, AuditAction.REGIONAL_COHORT_CHOSEN, detail=f"regional {regional_cohort_id}"
            )
        return found

    # --- regional cohorts and their follow-up ---------------------------------------------

    async def create_cohort(
        self, actor: Actor, region_id: int, name: str, starts_on: str, ends_on: str
    ) -> int | Rejected | None:
        if await self._owned(actor, region_id, "regional_cohort_create") is None:
            return None
        name = name.strip()
        problems = [p for p in (_name_problem(name),) if p is not None]
        start: date | None
        end: date | None
        try:
            start, end = date.fromisoformat(starts_on.strip()), date.fromisoformat(ends_on.strip())
        except ValueError:
            start = end = None
        if start is None or end is None or end < start:
            problems.append(Problem.BAD_DATES)
        if problems or start is None or end is None:
            return Rejected(tuple(problems), (name, starts_on, ends_on))
        async with self._db.unit_of_work():
            cohort_id = await self._regions.create_cohort(region_id, name, start, end)
            await self._coordination.audit(
                actor, AuditAction.REGIONAL_COHORT_CREATED, detail=f"regional {cohort_id}"
            )
        return cohort_id

    async def follow_up(self, actor: Actor, regional_cohort_id: int) -> RegionalFollowUp | None:
        """Counts per joined municipality and for the region; None: refused."""
        found = await self._regions.cohort(regional_cohort_id)
        if found is None:
            await self.owner_id(actor, "regional_follow_up")
            return None
        if await self._owned(actor, found.region_id, "regional_follow_up") is None:
            return None
        joined = [m for m in await self.named(found.region_id) if m.state == JOINED]
        chosen = await self._regions.participants(regional_cohort_id)
        facts: dict[int, OrganisationFacts] = {}
        for municipality in joined:
            if municipality.organisation_id in chosen:
                of_all = await self._facts.of_organisation(municipality.organisation_id)
                facts[municipality.organisation_id] = _restricted(
                    of_all, chosen[municipality.organisation_id]
                )
        content = self._content
        sizes = {o: len(f.people) for o, f in facts.items()}
        shown = _hide_to_protect(sizes)
        rows = tuple(
            MunicipalityCounts(
                m.name,
                summarise(facts[m.organisation_id], content).municipality.counts
                if m.organisation_id in shown
                else None,
                taking_part=m.organisation_id in facts,
                protected=m.organisation_id not in shown
                and sizes.get(m.organisation_id, 0) >= MINIMUM_PEOPLE,
            )
            for m in joined
        )
        total = (
            _total_people_cells(
                summarise(_merged(list(facts.values())), content).municipality.counts,
                [row.counts for row in rows if row.taking_part],
            )
            if _total_shown(sizes, shown)
            else None
        )
        await self._coordination.audit(
            actor, AuditAction.REGIONAL_FOLLOW_UP_VIEWED, detail=f"regional {regional_cohort_id}"
        )
        region = await self._regions.name_of(found.region_id) or ""
        return RegionalFollowUp(region, found, rows, total)


async def name_programme_owner(database: Database, tenant_id: str, address: str) -> bool | None:
    """Name `address` programme owner in their own tenant (from the command line, audited
    there): True named, False already, None not an address."""
    email = valid_email(address)
    if email is None:
        return None
    organisation_id = await Directory(database).organisation_id(tenant_id)
    async with database.unit_of_work():
        if not await ProgrammeOwners(database).name(organisation_id, email):
            return False
        await AuditLog(database).record(
            organisation_id,
            AuditAction.PROGRAMME_OWNER_NAMED,
            actor_person_id=None,
            via=Via.CLI,
            subject=email,
        )
    log.info("%s named programme owner in organisation %s", email, organisation_id)
    return True


async def programme_owners(database: Database, tenant_id: str) -> list[tuple[str, bool]]:
    """(address, met yet) of the tenant's programme owners."""
    organisation_id = await Directory(database).organisation_id(tenant_id)
    return await ProgrammeOwners(database).all(organisation_id)


def _pieces(typed: str) -> list[str]:
    """What was typed, one municipality a piece: split on commas and lines, and on spaces only
    between tenant ids (a name may hold a space: "Upplands Väsby")."""
    pieces: list[str] = []
    for part in _SEPARATORS.split(typed.strip()):
        words = part.split()
        if len(words) > 1 and all(_ID_LIKE.fullmatch(w.lower()) for w in words):
            pieces += words
        elif words:
            pieces.append(" ".join(words))
    return list(dict.fromkeys(pieces))


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def _name_problem(name: str) -> Problem | None:
    if not name:
        return Problem.NO_NAME
    if len(name) > MAX_NAME:
        return Problem.NAME_TOO_LONG
    return None


def _restricted(facts: OrganisationFacts, people: frozenset[int] | None) -> OrganisationFacts:
    """The municipality's facts about the leaders it brings (None: all of them); a group counts
    with the members among them, and its meetings when it has any."""
    if people is None:
        return facts
    kept = facts.people & people
    groups = [
        GroupFacts(g.id, g.name, g.members & kept, g.meetings_held)
        for g in facts.groups
        if g.members & kept
    ]
    return replace(facts, people=kept, groups=groups)


def _merged(all_facts: list[OrganisationFacts]) -> OrganisationFacts:
    """The region's participants as one scope (person ids are unique across tenants)."""
    merged = OrganisationFacts(
        frozenset().union(*(f.people for f in all_facts)),
        [g for f in all_facts for g in f.groups],
    )
    for f in all_facts:
        merged.onboarded |= f.onboarded
        merged.goal_set |= f.goal_set
        merged.journey_completed |= f.journey_completed
        merged.exercises_done += f.exercises_done
        merged.reflections += f.reflections
        merged.modules_completed += f.modules_completed
    return merged


def _hide_to_protect(sizes: dict[int, int]) -> set[int]:
    """The municipalities whose figures are shown: those of at least the minimum, less the
    smallest ones while the hidden participants together are 1 to minimum-1 (the region's total
    less the shown municipalities would then be about them)."""
    shown = sorted((o for o, n in sizes.items() if n >= MINIMUM_PEOPLE), key=lambda o: sizes[o])
    while shown:
        hidden = sum(n for o, n in sizes.items() if o not in shown)
        if not 0 < hidden < MINIMUM_PEOPLE:
            break
        shown.pop(0)
    return set(shown)


def _total_shown(sizes: dict[int, int], shown: set[int]) -> bool:
    """The region's total is shown when it is about at least the minimum and what it adds to
    the shown municipalities (the hidden ones together) is not about 1 to minimum-1 people."""
    hidden = sum(n for o, n in sizes.items() if o not in shown)
    return sum(sizes.values()) >= MINIMUM_PEOPLE and not 0 < hidden < MINIMUM_PEOPLE


def _total_people_cells(total: Counts | None, rows: list[Counts | None]) -> Counts | None:
    """The region's counts of people (onboarded, goals set, journeys completed) only where the
    total is the sum of what the municipalities show: else the total less the shown cells would
    be a count about the people held back, which can be 1 to 4."""
    if total is None:
        return None
    cells = dict(total)
    for measure in PEOPLE_MEASURES:
        if any(row is None or row.get(measure) is None for row in rows):
            cells[measure] = None
    return cells
