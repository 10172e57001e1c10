"""The follow-up ("uppföljning") for a municipality's coordinators: counts, never names or texts.

Counts are given for the whole municipality and per Innovationsteam. Nothing is shown about
fewer than MINIMUM_PEOPLE people (Microsoft Viva Insights' default minimum group size): a
scope with fewer participants shows no figures, and a group is also held back when showing it
would let its figures be subtracted from the municipality's to learn about fewer than that many
others. The maturity model's distributions are given for the municipality only, per checkpoint
that at least MINIMUM_PEOPLE have answered.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from content.models import Content
from services.coordination import Actor, CoordinationService
from storage.audit import AuditAction
from storage.follow_up import FollowUpFacts, GroupFacts, OrganisationFacts

log = logging.getLogger(__name__)

MINIMUM_PEOPLE = 5


class Measure(StrEnum):
    """In the order the card and the CSV show them; the values name their texts."""

    PEOPLE = "people"
    ONBOARDED = "onboarded"
    GOALS_SET = "goals_set"
    EXERCISES_DONE = "exercises_done"
    REFLECTIONS_WRITTEN = "reflections_written"
    MEETINGS_HELD = "meetings_held"
    MODULES_COMPLETED = "modules_completed"
    JOURNEYS_COMPLETED = "journeys_completed"


@dataclass(frozen=True, slots=True)
class ScopeCounts:
    """The municipality (name None) or one group; `counts` None when held back."""

    name: str | None
    counts: dict[Measure, int] | None


@dataclass(frozen=True, slots=True)
class CheckpointDistribution:
    """Per area (in the model's order): how many chose each grade; None when too few answered."""

    checkpoint_id: str
    areas: tuple[tuple[str, dict[int, int]], ...] | None


@dataclass(frozen=True, slots=True)
class FollowUp:
    municipality: ScopeCounts
    groups: tuple[ScopeCounts, ...]
    maturity: tuple[CheckpointDistribution, ...]
    minimum: int = MINIMUM_PEOPLE


class FollowUpService:
    def __init__(
        self, content: Content, facts: FollowUpFacts, coordination: CoordinationService
    ) -> None:
        self._content = content
        self._facts = facts
        self._coordination = coordination

    async def follow_up(
        self, actor: Actor, tenant_id: str, *, action: AuditAction = AuditAction.FOLLOW_UP_VIEWED
    ) -> FollowUp | None:
        """The actor's own municipality's follow-up; None unless they coordinate it."""
        if not await self._coordination.is_coordinator(actor, action):
            return None
        facts = await self._facts.of_organisation(actor.organisation_id)
        await self._coordination.audit(actor, action)
        return summarise(facts, self._content.for_tenant(tenant_id))

    async def csv(self, organisation_id: int, person_id: int, tenant_id: str) -> bytes | None:
        """The CSV behind a signed link: its holder must still coordinate that municipality."""
        actor = Actor(organisation_id, person_id, email=_no_lookup)
        found = await self.follow_up(actor, tenant_id, action=AuditAction.FOLLOW_UP_EXPORTED)
        if found is None:
            return None
        return follow_up_csv(found, self._content.for_tenant(tenant_id))


async def _no_lookup() -> str | None:
    """Outside a turn there is no Teams to ask: only a role already bound counts."""
    return None


def summarise(facts: OrganisationFacts, content: Content) -> FollowUp:
    shown = _groups_to_show(facts.people, facts.groups)
    groups = tuple(
        ScopeCounts(group.name, _counts(facts, group.members, group.meetings_held))
        if group.id in shown
        else ScopeCounts(group.name, None)
        for group in facts.groups
    )
    held = sum(group.meetings_held for group in facts.groups)
    municipality = ScopeCounts(None, _counts(facts, facts.people, held))
    return FollowUp(municipality, groups, _maturity(facts, content))


def _groups_to_show(people: frozenset[int], groups: list[GroupFacts]) -> set[int]:
    """Groups of at least the minimum, minus the smallest ones while the people outside the
    shown groups are 1 to minimum-1 (the municipality's figures less the groups' would be
    about them)."""
    shown = sorted(
        (g for g in groups if len(g.members) >= MINIMUM_PEOPLE), key=lambda g: len(g.members)
    )
    while shown:
        covered = frozenset().union(*(g.members for g in shown))
        if not 0 < len(people - covered) < MINIMUM_PEOPLE:
            break
        shown.pop(0)
    return {group.id for group in shown}


def _counts(
    facts: OrganisationFacts, people: Collection[int], held: int
) -> dict[Measure, int] | None:
    if len(people) < MINIMUM_PEOPLE:
        return None
    return {
        Measure.PEOPLE: len(people),
        Measure.ONBOARDED: sum(1 for p in people if p in facts.onboarded),
        Measure.GOALS_SET: sum(1 for p in people if p in facts.goal_set),
        Measure.EXERCISES_DONE: sum(facts.exercises_done[p] for p in people),
        Measure.REFLECTIONS_WRITTEN: sum(facts.reflections[p] for p in people),
        Measure.MEETINGS_HELD: held,
        Measure.MODULES_COMPLETED: sum(facts.modules_completed[p] for p in people),
        Measure.JOURNEYS_COMPLETED: sum(1 for p in people if p in facts.journey_completed),
    }


def _maturity(facts: OrganisationFacts, content: Content) -> tuple[CheckpointDistribution, ...]:
    """Checkpoints someone has answered, in the model's order."""
    result = []
    for checkpoint in content.maturity.checkpoints:
        answers = {
            a.id: facts.maturity.get((checkpoint.id, a.id), {}) for a in content.maturity.areas
        }
        respondents = set().union(*(set(by_person) for by_person in answers.values()))
        if not respondents:
            continue
        if len(respondents) < MINIMUM_PEOPLE:
            result.append(CheckpointDistribution(checkpoint.id, None))
            continue
        areas = tuple(
            (area_id, dict(sorted(Counter(by_person.values()).items())))
            for area_id, by_person in answers.items()
        )
        result.append(CheckpointDistribution(checkpoint.id, areas))
    return tuple(result)


def follow_up_csv(follow_up: FollowUp, content: Content) -> bytes:
    """The follow-up as CSV for Excel in Swedish: semicolons, UTF-8 with a byte order mark; a
    held-back figure says so instead of a number."""
    texts = content.coordination.follow_up
    too_few = texts.too_few.format(minimum=follow_up.minimum)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([texts.csv_scope, texts.csv_measure, texts.csv_value])
    for scope in (follow_up.municipality, *follow_up.groups):
        where = texts.municipality if scope.name is None else texts.group.format(name=scope.name)
        for measure in Measure:
            value = too_few if scope.counts is None else scope.counts[measure]
            writer.writerow([_cell(where), getattr(texts, measure.value), value])
    labels = {c.id: c.label for c in content.maturity.checkpoints}
    for distribution in follow_up.maturity:
        for area in content.maturity.areas:
            for grade in content.maturity.grades:
                label = texts.csv_maturity.format(
                    checkpoint=labels[distribution.checkpoint_id],
                    area=area.title,
                    grade=grade.number,
                )
                by_area = dict(distribution.areas or ())
                value = (
                    too_few if distribution.areas is None else by_area[area.id].get(grade.number, 0)
                )
                writer.writerow([texts.municipality, label, value])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: str) -> str:
    """A team's name as text, never a formula Excel would run (=, +, -, @ first)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
