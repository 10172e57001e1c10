"""The follow-up ("uppföljning") for a municipality's coordinators: counts, never names or texts.

Counts are given for the whole municipality, per cohort (omgång) and per Innovationsteam; the
maturity model's four areas as distributions per checkpoint (start, halfway, end) for the
municipality and per cohort. Nothing is shown about fewer than MINIMUM_PEOPLE people (Microsoft
Viva Insights' default minimum group size). The rules, written out in services.disclosure:

- Scope rule: a scope (municipality, cohort, group) with fewer than MINIMUM_PEOPLE people shows
  no figures; nor does a cohort or group whose figures, subtracted from an enclosing shown scope
  ("municipality minus cohort A", "cohort minus its groups", "municipality minus cohort A minus
  cohort B") or from an overlapping shown scope, would be about 1 to MINIMUM_PEOPLE-1 people.
  The smallest offending scope is held back until no subtraction tells anything.
- Counts of people (onboarded, goals set, journeys completed) in a shown scope: each is a row of
  two cells, did and did not (adding up to the scope's people), under the cell rule: "1 of 6
  completed" and "5 of 6 onboarded" (about the one who has not) show "färre än 5", and so does
  a cohort's 8 onboarded next to the municipality's 10 (about 2 outside the cohort). Counts of
  things done (exercises, reflections, modules, meetings) are not about people one by one and
  are shown as they are.
- Maturity: a checkpoint's distribution is shown for a scope when at least MINIMUM_PEOPLE in it
  answered, and the same scope rule holds for who answered. Within it, a grade chosen by 1 to
  MINIMUM_PEOPLE-1 people shows "färre än 5", and complementary suppression (as SCB does) hides
  the next smallest cells too, so none can be worked out from the total; the municipality's and
  a cohort's rows are checked against each other cell by cell.
- No names next to anything, and no texts: reflections are counted, never quoted.

The card, the CSV, the XLSX and the charts all show the same summary, so a figure held back in
one is held back in all. Every view and download is checked against the role and the tenant
inside this service, and audited (with the scope or the file as detail).
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from content.models import Content
from services.coordination import Actor, CoordinationService
from services.disclosure import MINIMUM_PEOPLE, shown_scopes, suppress_linked
from storage.audit import AuditAction
from storage.follow_up import FollowUpFacts, GroupFacts, OrganisationFacts

log = logging.getLogger(__name__)

MUNICIPALITY = "municipality"

__all__ = [
    "MINIMUM_PEOPLE",
    "MUNICIPALITY",
    "PEOPLE_MEASURES",
    "Counts",
    "FollowUp",
    "FollowUpService",
    "Measure",
]


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


# Counts of people (each person at most once, so "did" and "did not" add up to the scope's
# people): held back under the cell rule. The other measures count things done, not people.
PEOPLE_MEASURES = (Measure.ONBOARDED, Measure.GOALS_SET, Measure.JOURNEYS_COMPLETED)
_DID, _DID_NOT = 1, 0

Counts = dict[Measure, int | None]
"""A scope's figures; None for a count of people held back ("färre än 5")."""


class ScopeKind(StrEnum):
    MUNICIPALITY = "municipality"
    COHORT = "cohort"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class CheckpointDistribution:
    """Per area (in the model's order): how many chose each grade, None for a cell held back
    ("färre än 5"); `areas` None when too few answered (or the scope rule holds it back)."""

    checkpoint_id: str
    areas: tuple[tuple[str, Mapping[int, int | None]], ...] | None
    respondents: int | None = None


@dataclass(frozen=True, slots=True)
class ScopeCounts:
    """The municipality (name None), a cohort or a group; `counts` None when the scope is held
    back, and a count of people in it None when that cell is (see PEOPLE_MEASURES).
    `parts`: the keys of the groups inside it (for a cohort's view)."""

    name: str | None
    counts: Counts | None
    key: str = ""
    kind: ScopeKind = ScopeKind.GROUP
    maturity: tuple[CheckpointDistribution, ...] = ()
    parts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FollowUp:
    municipality: ScopeCounts
    groups: tuple[ScopeCounts, ...]
    maturity: tuple[CheckpointDistribution, ...]  # the municipality's
    minimum: int = MINIMUM_PEOPLE
    cohorts: tuple[ScopeCounts, ...] = field(default=())

    def scopes(self) -> tuple[ScopeCounts, ...]:
        return (self.municipality, *self.cohorts, *self.groups)

    def scope(self, key: str | None) -> ScopeCounts | None:
        """The scope of that key (the municipality for None); None for a key not here."""
        if key is None:
            return self.municipality
        return next((s for s in self.scopes() if s.key == key), None)


class FollowUpService:
    def __init__(
        self, content: Content, facts: FollowUpFacts, coordination: CoordinationService
    ) -> None:
        self._content = content
        self._facts = facts
        self._coordination = coordination

    async def follow_up(
        self,
        actor: Actor,
        tenant_id: str,
        *,
        action: AuditAction = AuditAction.FOLLOW_UP_VIEWED,
        detail: str | None = None,
    ) -> FollowUp | None:
        """The actor's own municipality's follow-up; None unless they coordinate it."""
        if not await self._coordination.is_coordinator(actor, action):
            return None
        facts = await self._facts.of_organisation(actor.organisation_id)
        await self._coordination.audit(actor, action, detail)
        return summarise(facts, self._content.for_tenant(tenant_id))

    async def csv(self, organisation_id: int, person_id: int, tenant_id: str) -> bytes | None:
        """The CSV behind a signed link: its holder must still coordinate that municipality."""
        found = await self._exported(organisation_id, person_id, tenant_id, "csv")
        if found is None:
            return None
        return follow_up_csv(found, self._content.for_tenant(tenant_id))

    async def export(
        self,
        organisation_id: int,
        person_id: int,
        tenant_id: str,
        make: Callable[[FollowUp, Content], bytes],
        *,
        detail: str,
    ) -> bytes | None:
        """A file made from the follow-up behind a signed link (the XLSX), in a worker thread:
        its holder must still coordinate that municipality."""
        found = await self._exported(organisation_id, person_id, tenant_id, detail)
        if found is None:
            return None
        return await asyncio.to_thread(make, found, self._content.for_tenant(tenant_id))

    async def scope_export(
        self,
        organisation_id: int,
        person_id: int,
        tenant_id: str,
        scope: str | None,
        make: Callable[[FollowUp, ScopeCounts, Content], bytes],
        *,
        detail: str,
    ) -> bytes | None:
        """A file about one scope (a chart); None for a scope not in the holder's municipality."""
        found = await self._exported(
            organisation_id, person_id, tenant_id, f"{detail}:{scope or MUNICIPALITY}"[:60]
        )
        shown = None if found is None else found.scope(scope)
        if found is None or shown is None:
            return None
        content = self._content.for_tenant(tenant_id)
        return await asyncio.to_thread(make, found, shown, content)

    async def _exported(
        self, organisation_id: int, person_id: int, tenant_id: str, detail: str
    ) -> FollowUp | None:
        actor = Actor(organisation_id, person_id, email=_no_lookup)
        return await self.follow_up(
            actor, tenant_id, action=AuditAction.FOLLOW_UP_EXPORTED, detail=detail
        )


async def _no_lookup() -> str | None:
    """Outside a turn there is no Teams to ask: only a role already bound counts."""
    return None


def summarise(facts: OrganisationFacts, content: Content) -> FollowUp:
    """Counts per scope under the scope rule, the counts of people in them under the cell rule
    (linked across the scopes); maturity per shown scope under the cell rule."""
    cohorts = {cohort_key(c.id): (c.name, c.members) for c in facts.cohorts}
    groups = {group_key(g.id): (g.name, g.members, g.meetings_held) for g in facts.groups}
    parts = {key: members for key, (_, members) in cohorts.items()}
    parts |= {key: members for key, (_, members, _) in groups.items()}
    shown = shown_scopes(facts.people, parts)
    raw: dict[str, dict[Measure, int]] = {}
    if len(facts.people) >= MINIMUM_PEOPLE:
        raw[MUNICIPALITY] = _counts(facts, facts.people, sum(g.meetings_held for g in facts.groups))
    raw |= {
        key: _counts(facts, members, _held_by(facts.groups, members))
        for key, (_, members) in cohorts.items()
        if key in shown
    }
    raw |= {
        key: _counts(facts, members, held)
        for key, (_, members, held) in groups.items()
        if key in shown
    }
    counts = _people_cells(facts, raw, {MUNICIPALITY: facts.people, **parts})
    # Fewer than five in the municipality: its checkpoints still listed, as "färre än 5".
    with_maturity = {MUNICIPALITY: facts.people}
    with_maturity |= {key: parts[key] for key in cohorts if key in shown}
    maturity = _maturity(facts, content, with_maturity)
    group_scopes = tuple(
        ScopeCounts(name, counts.get(key), key=key, kind=ScopeKind.GROUP)
        for key, (name, _, _) in groups.items()
    )
    cohort_scopes = tuple(
        ScopeCounts(
            name,
            counts.get(key),
            key=key,
            kind=ScopeKind.COHORT,
            maturity=maturity.get(key, ()),
            parts=tuple(k for k, (_, inner, _) in groups.items() if inner and inner <= members),
        )
        for key, (name, members) in cohorts.items()
    )
    municipality = ScopeCounts(
        None,
        counts.get(MUNICIPALITY),
        key=MUNICIPALITY,
        kind=ScopeKind.MUNICIPALITY,
        maturity=maturity.get(MUNICIPALITY, ()),
        parts=tuple(groups),
    )
    return FollowUp(municipality, group_scopes, municipality.maturity, cohorts=cohort_scopes)


def cohort_key(cohort_id: int) -> str:
    return f"cohort-{cohort_id}"


def group_key(group_id: int) -> str:
    return f"group-{group_id}"


def _held_by(groups: list[GroupFacts], members: frozenset[int]) -> int:
    """Team meetings of the groups wholly inside a cohort (a meeting is a group's)."""
    return sum(g.meetings_held for g in groups if g.members and g.members <= members)


def _counts(facts: OrganisationFacts, people: Collection[int], held: int) -> dict[Measure, int]:
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


def _people_cells(
    facts: OrganisationFacts,
    raw: Mapping[str, dict[Measure, int]],
    members: Mapping[str, frozenset[int]],
) -> dict[str, Counts]:
    """The shown scopes' counts with the counts of people held back under the cell rule: each
    measure of PEOPLE_MEASURES is a row of two cells (did, did not; the total is the scope's
    people), run through suppress_linked across the shown scopes, as the maturity rows are.
    Counts of things done (exercises, reflections, modules, meetings) are left as they are."""
    inside = {key: members[key] & facts.people for key in raw}
    result: dict[str, Counts] = {
        key: {m: n for m, n in found.items()} for key, found in raw.items()
    }
    for measure in PEOPLE_MEASURES:
        rows = {
            key: {_DID: found[measure], _DID_NOT: found[Measure.PEOPLE] - found[measure]}
            for key, found in raw.items()
        }
        for key, row in suppress_linked(rows, inside, MUNICIPALITY).items():
            result[key][measure] = row[_DID]
    return result


def _maturity(
    facts: OrganisationFacts, content: Content, scopes: Mapping[str, frozenset[int]]
) -> dict[str, tuple[CheckpointDistribution, ...]]:
    """Per scope, the checkpoints someone in it has answered, in the model's order. Who
    answered a checkpoint is a scope of its own: the scope rule runs on those, then the cell
    rule on each area's row, linked across the scopes."""
    result: dict[str, list[CheckpointDistribution]] = {key: [] for key in scopes}
    grades = [g.number for g in content.maturity.grades]
    for checkpoint in content.maturity.checkpoints:
        answers = {
            a.id: facts.maturity.get((checkpoint.id, a.id), {}) for a in content.maturity.areas
        }
        everyone: frozenset[int] = frozenset().union(*(set(a) for a in answers.values()))
        answered = {key: members & everyone for key, members in scopes.items()}
        parts = {k: m for k, m in answered.items() if k != MUNICIPALITY}
        allowed = shown_scopes(everyone, parts)
        if len(everyone) >= MINIMUM_PEOPLE:
            allowed.add(MUNICIPALITY)
        per_area: dict[str, dict[str, dict[int, int | None]]] = {}
        for area_id, by_person in answers.items():
            rows = {
                key: _row(grades, (g for p, g in by_person.items() if p in answered[key]))
                for key in allowed
            }
            respondents = {key: frozenset(by_person) & answered[key] for key in allowed}
            per_area[area_id] = suppress_linked(rows, respondents, MUNICIPALITY)
        for key, members in answered.items():
            if not members:
                continue
            if key not in allowed:
                result[key].append(CheckpointDistribution(checkpoint.id, None))
                continue
            areas = tuple((area_id, per_area[area_id][key]) for area_id in answers)
            result[key].append(CheckpointDistribution(checkpoint.id, areas, len(members)))
    return {key: tuple(found) for key, found in result.items()}


def _row(grades: list[int], chosen: Iterable[int]) -> dict[int, int]:
    counted = Counter(chosen)
    return {grade: counted.get(grade, 0) for grade in grades}


def scope_title(content: Content, scope: ScopeCounts) -> str:
    texts = content.coordination.follow_up
    match scope.kind:
        case ScopeKind.MUNICIPALITY:
            return texts.municipality
        case ScopeKind.COHORT:
            return texts.cohort.format(name=scope.name)
    return texts.group.format(name=scope.name)


@dataclass(frozen=True, slots=True)
class TableRow:
    """One figure of the exports: None when held back ("färre än 5")."""

    scope: str
    measure: str
    value: int | None


def count_rows(content: Content, scope: ScopeCounts) -> list[TableRow]:
    texts = content.coordination.follow_up
    title = scope_title(content, scope)
    return [
        TableRow(
            title,
            getattr(texts, measure.value),
            None if scope.counts is None else scope.counts[measure],
        )
        for measure in Measure
    ]


def maturity_rows(content: Content, scope: ScopeCounts) -> list[TableRow]:
    """Every grade of every area at each checkpoint someone in the scope answered."""
    texts = content.coordination.follow_up
    title = scope_title(content, scope)
    labels = {c.id: c.label for c in content.maturity.checkpoints}
    rows = []
    for distribution in scope.maturity:
        by_area = dict(distribution.areas or ())
        for area in content.maturity.areas:
            for grade in content.maturity.grades:
                label = texts.csv_maturity.format(
                    checkpoint=labels[distribution.checkpoint_id],
                    area=area.title,
                    grade=grade.number,
                )
                value = (
                    None if distribution.areas is None else by_area[area.id].get(grade.number, 0)
                )
                rows.append(TableRow(title, label, value))
    return rows


def follow_up_csv(follow_up: FollowUp, content: Content) -> bytes:
    """The follow-up as CSV for Excel in Swedish: semicolons, UTF-8 with a byte order mark; a
    held-back figure says so instead of a number. Counts of every scope, then the maturity
    distributions of the municipality and the cohorts."""
    texts = content.coordination.follow_up
    too_few = texts.too_few.format(minimum=follow_up.minimum)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([texts.csv_scope, texts.csv_measure, texts.csv_value])
    rows = [row for scope in follow_up.scopes() for row in count_rows(content, scope)]
    rows += [
        row
        for scope in (follow_up.municipality, *follow_up.cohorts)
        for row in maturity_rows(content, scope)
    ]
    for row in rows:
        value = too_few if row.value is None else row.value
        writer.writerow([safe_text(row.scope), row.measure, value])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def safe_text(value: str) -> str:
    """A team's name as text, never a formula Excel would run (=, +, -, @ first)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
