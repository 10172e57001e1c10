"""Learning groups for a cohort ("grupper"): proposed, adjusted and confirmed by a coordinator.

The proposal (scheduling.grouping) mixes units, which the coordinator may paste as
"adress; enhet" lines (the bot knows no departments of its own), and favours people whose
calendars (the calendar provider, the next weeks' working hours) and preferred parts of the day
(the onboarding's answer) overlap. The coordinator moves people and picks a coach per group
(people with the coach role in this municipality) on the card; the confirmation is checked
again here (the role, the cohort's municipality, everyone in exactly one group, sizes 2-6,
each coach a coach of this municipality). Confirming stores the plan, tells each coach through
the outbox which group and who is in it, and, when a parent team for channels is configured,
marks each group's channel for the channel job (services.group_channels). All audited.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from chat.outgoing import text_message
from content.models import Content
from scheduling.availability import Attendee, CalendarError, CalendarProvider
from scheduling.grouping import ALL_FREE, Candidate, Window, free_mask, propose
from services.coordination import Actor, CoordinationService, valid_email
from services.events import GroupRegistered
from storage.audit import AuditAction
from storage.cohorts import Cohorts, CohortSummary
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import first_name
from storage.group_plans import (
    NO_CHANNEL,
    PENDING,
    CohortPerson,
    CohortRoster,
    GroupPlans,
    NewPlannedGroup,
)
from storage.languages import PersonLanguages
from storage.outbox import Outbox
from storage.roles import RoleName, Roles

log = logging.getLogger(__name__)

WINDOW_DAYS = 21  # the calendars compared: the next three weeks' working hours
MIN_SIZE, MAX_SIZE = 2, 6
NO_COACH = "-"  # the coach dropdown's "Ingen stöttepelare" (a value, so that it shows chosen)
MAX_CHANNEL_NAME = 50  # Teams' limit on a channel's displayName
# Characters Teams does not allow in a channel name.
_NOT_IN_CHANNEL_NAMES = re.compile(r"[~#%&*{}+/\\:<>?|'\",.]")
_UNIT_LINE = re.compile(r"[;\t]")


class Fix(StrEnum):
    """What keeps a confirmation from being stored."""

    CHANGED = "changed"  # the card's people are not the cohort's (it changed, or a forgery)
    TOO_SMALL = "too_small"
    TOO_LARGE = "too_large"
    NOT_A_COACH = "not_a_coach"
    UNIT_LINE = "unit_line"  # a pasted line that is no "adress; enhet"


@dataclass(frozen=True, slots=True)
class Problem:
    fix: Fix
    number: int | None = None  # the group
    size: int | None = None
    text: str | None = None  # the address or the line, as typed


@dataclass(frozen=True, slots=True)
class Proposal:
    """The groups as the card shows them (group n is groups[n - 1])."""

    cohort_id: int
    cohort_name: str
    groups: tuple[tuple[CohortPerson, ...], ...]
    coaches: tuple[str, ...]  # the municipality's coaches, by address
    chosen: Mapping[int, str] = field(default_factory=dict)  # group number -> coach address
    units: Mapping[str, str] = field(default_factory=dict)  # address -> unit
    units_text: str = ""
    problems: tuple[Problem, ...] = ()
    unknown_calendars: int = 0


@dataclass(frozen=True, slots=True)
class PlannedGroupResult:
    number: int
    name: str
    members: tuple[CohortPerson, ...]
    coach: str | None
    coach_told: bool  # a message is on its way to the coach's personal chat


@dataclass(frozen=True, slots=True)
class Confirmed:
    cohort_name: str
    groups: tuple[PlannedGroupResult, ...]
    channels_by_bot: bool  # the bot creates the channels itself (services.group_channels)


@dataclass(frozen=True, slots=True)
class Choice:
    """The card's inputs on "Bekräfta" or "Visa ändringarna", as sent."""

    cohort_id: int
    groups: int  # how many groups the card showed
    member_groups: Mapping[int, str]  # cohort member id -> chosen group number, as typed
    coaches: Mapping[int, str]  # group number -> coach address or ""
    units_text: str = ""


class GroupPlanning:
    def __init__(
        self,
        content: Content,
        coordination: CoordinationService,
        cohorts: Cohorts,
        plans: GroupPlans,
        roles: Roles,
        calendars: CalendarProvider,
        conversations: Conversations,
        outbox: Outbox,
        *,
        database: Database,
        channel_team_id: str | None = None,
    ) -> None:
        self._content = content
        self._coordination = coordination
        self._cohorts = cohorts
        self._plans = plans
        self._roles = roles
        self._calendars = calendars
        self._conversations = conversations
        self._outbox = outbox
        self._db = database
        self._languages = PersonLanguages(database)
        self._channel_team_id = channel_team_id or None

    @property
    def channels_by_bot(self) -> bool:
        return self._channel_team_id is not None

    async def cohorts(self, actor: Actor) -> list[CohortSummary] | None:
        """The cohorts to plan groups for; None unless the actor coordinates here (audited)."""
        if not await self._coordination.is_coordinator(actor, "groups"):
            return None
        return await self._cohorts.of_organisation(actor.organisation_id)

    async def propose(
        self, actor: Actor, tenant_id: str, cohort_id: int, units_text: str = ""
    ) -> Proposal | None:
        """A fresh proposal for the actor's cohort; None: refused, or no such cohort here."""
        if not await self._coordination.is_coordinator(actor, "propose_groups"):
            return None
        roster = await self._plans.roster(actor.organisation_id, cohort_id)
        if roster is None:
            await self._coordination.audit(actor, AuditAction.REFUSED, detail="cohort elsewhere")
            return None
        units, bad_lines = parse_units(units_text)
        candidates, unknown = await self._candidates(tenant_id, roster, units)
        by_email = {m.email: m for m in roster.members}
        groups = tuple(tuple(by_email[key] for key in keys) for keys in propose(candidates))
        await self._coordination.audit(
            actor, AuditAction.GROUPS_PROPOSED, detail=f"cohort {cohort_id}: {len(groups)}"
        )
        return Proposal(
            roster.id,
            roster.name,
            groups,
            await self._coaches(actor.organisation_id),
            units=units,
            units_text=units_text,
            problems=tuple(Problem(Fix.UNIT_LINE, text=line) for line in bad_lines),
            unknown_calendars=unknown,
        )

    async def review(self, actor: Actor, choice: Choice) -> Proposal | None:
        """The card again with the coordinator's moves, and what would keep it from being
        confirmed (nothing is stored)."""
        if not await self._coordination.is_coordinator(actor, "review_groups"):
            return None
        roster = await self._plans.roster(actor.organisation_id, choice.cohort_id)
        if roster is None:
            return None
        return await self._checked(actor, roster, choice)

    async def confirm(
        self, actor: Actor, tenant_id: str, choice: Choice
    ) -> Confirmed | Proposal | None:
        """Store the plan and tell the coaches; or the card again with what to fix."""
        if not await self._coordination.is_coordinator(actor, "confirm_groups"):
            return None
        roster = await self._plans.roster(actor.organisation_id, choice.cohort_id)
        if roster is None:
            await self._coordination.audit(actor, AuditAction.REFUSED, detail="cohort elsewhere")
            return None
        checked = await self._checked(actor, roster, choice)
        if checked.problems:
            return checked
        content = self._content.for_tenant(tenant_id)
        texts = content.coordination.groups
        state = PENDING if self.channels_by_bot else NO_CHANNEL
        planned = [
            NewPlannedGroup(
                number,
                channel_name(texts.group_name.format(number=number, cohort=roster.name)),
                tuple(m.member_id for m in members),
                checked.chosen.get(number),
                state,
            )
            for number, members in enumerate(checked.groups, start=1)
        ]
        results = []
        async with self._db.unit_of_work():
            ids = await self._plans.replace(
                actor.organisation_id, roster.id, planned, actor.person_id
            )
            for planned_id, group, members in zip(ids, planned, checked.groups, strict=True):
                told = await self._tell_coach(
                    content, actor.organisation_id, planned_id, group, members, roster.name
                )
                results.append(
                    PlannedGroupResult(group.number, group.name, members, group.coach_email, told)
                )
            await self._coordination.audit(
                actor, AuditAction.GROUPS_CONFIRMED, detail=f"cohort {roster.id}: {len(ids)}"
            )
        log.info("groups of cohort %s confirmed: %d", roster.id, len(ids))
        return Confirmed(roster.name, tuple(results), self.channels_by_bot)

    async def group_registered(self, event: GroupRegistered) -> None:
        """The app was added to a team: link the planned group with its name or its people."""
        planned = await self._plans.link(
            event.organisation_id, event.group_id, event.team_name, event.person_ids
        )
        if planned is not None:
            log.info("group %s is planned group %s", event.group_id, planned)

    # --- inside -------------------------------------------------------------------------------

    async def _checked(self, actor: Actor, roster: CohortRoster, choice: Choice) -> Proposal:
        coaches = await self._coaches(actor.organisation_id)
        units, bad_lines = parse_units(choice.units_text)
        problems = [Problem(Fix.UNIT_LINE, text=line) for line in bad_lines]
        members = {m.member_id: m for m in roster.members}
        numbers = {
            mid: _number(typed, choice.groups) for mid, typed in choice.member_groups.items()
        }
        if set(numbers) != set(members) or None in numbers.values():
            # Someone joined or left the cohort since, or the card was not ours: start again.
            problems.insert(0, Problem(Fix.CHANGED))
            numbers = {mid: numbers.get(mid) or 1 for mid in members}
        placed: list[list[CohortPerson]] = [[] for _ in range(choice.groups)]
        for mid, member in members.items():
            placed[(numbers[mid] or 1) - 1].append(member)
        kept = [(n, g) for n, g in enumerate(placed, start=1) if g]  # an emptied group goes
        chosen: dict[int, str] = {}
        for new_number, (old_number, group) in enumerate(kept, start=1):
            if len(group) < MIN_SIZE:
                problems.append(Problem(Fix.TOO_SMALL, new_number, len(group)))
            elif len(group) > MAX_SIZE:
                problems.append(Problem(Fix.TOO_LARGE, new_number, len(group)))
            typed = choice.coaches.get(old_number, "").strip()
            if typed and typed != NO_COACH:
                address = valid_email(typed)
                if address is None or address not in coaches:
                    problems.append(Problem(Fix.NOT_A_COACH, new_number, text=typed))
                else:
                    chosen[new_number] = address
        return Proposal(
            roster.id,
            roster.name,
            tuple(tuple(g) for _, g in kept),
            coaches,
            chosen,
            units,
            choice.units_text,
            tuple(problems),
        )

    async def _coaches(self, organisation_id: int) -> tuple[str, ...]:
        holders = await self._roles.holders(organisation_id)
        return tuple(sorted(h.email for h in holders if h.role is RoleName.COACH))

    async def _candidates(
        self, tenant_id: str, roster: CohortRoster, units: Mapping[str, str]
    ) -> tuple[list[Candidate], int]:
        """The members as the proposal sees them; how many calendars could not be read."""
        zone = ZoneInfo(self._content.for_tenant(tenant_id).organisation.time_zone)
        tomorrow = self._db.now().astimezone(zone).date() + timedelta(days=1)
        slots = Window(tomorrow, WINDOW_DAYS, zone).slots()
        masks: dict[str, int] = {}
        if slots:
            attendees = [Attendee(m.email, m.name or "") for m in roster.members]
            try:
                read = await self._calendars.read(attendees, slots[0][0], slots[-1][1])
                masks = {a.attendee.email.casefold(): free_mask(a, slots) for a in read.known}
            except CalendarError:
                log.warning("calendars unreadable for cohort %s: proposing without", roster.id)
        candidates = [
            Candidate(
                m.email,
                (units.get(m.email) or "").casefold() or None,
                frozenset(m.parts_of_day),
                masks.get(m.email, ALL_FREE),
            )
            for m in roster.members
        ]
        return candidates, sum(1 for m in roster.members if m.email not in masks)

    async def _tell_coach(
        self,
        content: Content,
        organisation_id: int,
        planned_id: int,
        group: NewPlannedGroup,
        members: Sequence[CohortPerson],
        cohort: str,
    ) -> bool:
        """A short 1:1 message to the group's coach; False when there is none or no chat."""
        if group.coach_email is None:
            return False
        holders = await self._roles.holders(organisation_id)
        person_id = next((h.person_id for h in holders if h.email == group.coach_email), None)
        chat = await self._conversations.personal(person_id) if person_id else None
        if person_id is None or chat is None:
            return False
        # In the coach's language, not that of the coordinator who planned the groups.
        texts = content.for_language(await self._languages.one(person_id)).coordination.groups
        names = ", ".join(first_name(m.given_name, m.name) if m.name else m.email for m in members)
        message = texts.coach_message.format(group=group.name, cohort=cohort, members=names)
        await self._outbox.enqueue(
            chat,
            text_message(message),
            idempotency_key=f"group-coach-{planned_id}-{group.coach_email}",
        )
        return True


def parse_units(pasted: str) -> tuple[dict[str, str], list[str]]:
    """{address: unit as typed} from "adress; enhet" lines (also tab-separated; units are
    compared ignoring case), and the lines that are none, as typed. An empty line is skipped;
    a later line for the same address wins."""
    units: dict[str, str] = {}
    bad: list[str] = []
    for line in pasted.splitlines():
        if not line.strip():
            continue
        parts = _UNIT_LINE.split(line, maxsplit=1)
        address = valid_email(parts[0]) if len(parts) == 2 else None
        unit = " ".join(parts[1].split()) if len(parts) == 2 else ""
        if address is None or not unit:
            bad.append(line.strip())
        else:
            units[address] = unit
    return units, bad


def channel_name(name: str) -> str:
    """A name Teams accepts for a channel (and a team): no `~#%&*{}+/\\:<>?|'",.`, at most 50."""
    cleaned = " ".join(_NOT_IN_CHANNEL_NAMES.sub(" ", name).split())
    return cleaned[:MAX_CHANNEL_NAME].rstrip()


def _number(typed: str, groups: int) -> int | None:
    try:
        number = int(typed)
    except ValueError:
        return None
    return number if 1 <= number <= groups else None
