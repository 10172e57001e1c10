"""What the follow-up counts, read per organisation: who took part, in which group, and what
each of them has done, as numbers and flags only (never a text, never a name).

Everything is read for one organisation; the service turns it into counts per municipality,
cohort and group and hides what is about too few people. A cohort's people are its members the
bot has met (an address it has not met yet counts nobody).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from storage.cohorts import Cohort, CohortMember
from storage.database import Database
from storage.groups import LEFT, MEMBER
from storage.journey_models import MaturityScore, OnboardingProgress, WorkbookEntry
from storage.learning_models import ModuleProgress
from storage.models import Group, Membership, Person
from storage.personal_data import ERASED_PREFIX
from storage.team_models import HELD, TeamMeeting
from storage.workbook import COMPLETED, EXERCISE_REFLECTION, GOAL, TEAM_REFLECTION


@dataclass(frozen=True, slots=True)
class GroupFacts:
    id: int
    name: str
    members: frozenset[int]  # person ids of its members (not coaches, not those who left)
    meetings_held: int


@dataclass(frozen=True, slots=True)
class CohortFacts:
    id: int
    name: str
    members: frozenset[int]  # person ids of its members the bot has met


@dataclass
class OrganisationFacts:
    """Per person: flags and counts. Maturity: (checkpoint, area) -> person id -> grade."""

    people: frozenset[int]
    groups: list[GroupFacts]
    onboarded: set[int] = field(default_factory=set)
    goal_set: set[int] = field(default_factory=set)
    journey_completed: set[int] = field(default_factory=set)
    exercises_done: Counter[int] = field(default_factory=Counter)
    reflections: Counter[int] = field(default_factory=Counter)
    modules_completed: Counter[int] = field(default_factory=Counter)
    maturity: dict[tuple[str, str], dict[int, int]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    cohorts: list[CohortFacts] = field(default_factory=list)


class FollowUpFacts:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def of_organisation(self, organisation_id: int) -> OrganisationFacts:
        async with self._db.sessions() as session:
            people = frozenset(
                await session.scalars(
                    select(Person.id).where(
                        Person.organisation_id == organisation_id,
                        Person.aad_object_id.not_like(f"{ERASED_PREFIX}%"),
                    )
                )
            )
            facts = OrganisationFacts(people, await self._groups(organisation_id, people))
            facts.cohorts = await self._cohorts(organisation_id, people)
            if not people:
                return facts
            of_org = Person.organisation_id == organisation_id
            onboarded = (
                select(OnboardingProgress.person_id)
                .join(Person)
                .where(of_org, OnboardingProgress.completed_at.is_not(None))
            )
            facts.onboarded = set(await session.scalars(onboarded)) & people
            entries = await session.execute(
                select(WorkbookEntry.person_id, WorkbookEntry.kind, func.count())
                .join(Person)
                .where(of_org, WorkbookEntry.draft.is_(False))
                .group_by(WorkbookEntry.person_id, WorkbookEntry.kind)
            )
            for person_id, kind, count in entries:
                if person_id not in people:
                    continue
                if kind == GOAL:
                    facts.goal_set.add(person_id)
                elif kind == COMPLETED:
                    facts.journey_completed.add(person_id)
                elif kind == EXERCISE_REFLECTION:
                    facts.exercises_done[person_id] += count
                    facts.reflections[person_id] += count
                elif kind == TEAM_REFLECTION:
                    facts.reflections[person_id] += count
            modules = await session.execute(
                select(ModuleProgress.person_id, func.count())
                .join(Person)
                .where(of_org, ModuleProgress.completed_at.is_not(None))
                .group_by(ModuleProgress.person_id)
            )
            facts.modules_completed.update({p: n for p, n in modules if p in people})
            scores = await session.execute(
                select(
                    MaturityScore.person_id,
                    MaturityScore.checkpoint,
                    MaturityScore.area_id,
                    MaturityScore.grade,
                )
                .join(Person)
                .where(of_org)
            )
            for person_id, checkpoint, area_id, grade in scores:
                if person_id in people:
                    facts.maturity[(checkpoint, area_id)][person_id] = grade
        return facts

    async def _groups(self, organisation_id: int, people: frozenset[int]) -> list[GroupFacts]:
        async with self._db.sessions() as session:
            groups = (
                await session.execute(
                    select(Group.id, Group.name)
                    .where(Group.organisation_id == organisation_id, Group.active.is_(True))
                    .order_by(Group.name, Group.id)
                )
            ).all()
            ids = [group_id for group_id, _ in groups]
            members: dict[int, set[int]] = defaultdict(set)
            rows = await session.execute(
                select(Membership.group_id, Membership.person_id).where(
                    Membership.group_id.in_(ids),
                    Membership.role == MEMBER,
                    Membership.state != LEFT,
                )
            )
            for group_id, person_id in rows:
                if person_id in people:
                    members[group_id].add(person_id)
            held: dict[int, int] = {
                group_id: count
                for group_id, count in await session.execute(
                    select(TeamMeeting.group_id, func.count())
                    .where(TeamMeeting.group_id.in_(ids), TeamMeeting.state == HELD)
                    .group_by(TeamMeeting.group_id)
                )
            }
        return [
            GroupFacts(group_id, name, frozenset(members[group_id]), held.get(group_id, 0))
            for group_id, name in groups
        ]

    async def _cohorts(self, organisation_id: int, people: frozenset[int]) -> list[CohortFacts]:
        async with self._db.sessions() as session:
            cohorts = (
                await session.execute(
                    select(Cohort.id, Cohort.name)
                    .where(Cohort.organisation_id == organisation_id)
                    .order_by(Cohort.starts_on, Cohort.id)
                )
            ).all()
            members: dict[int, set[int]] = defaultdict(set)
            rows = await session.execute(
                select(CohortMember.cohort_id, CohortMember.person_id)
                .join(Cohort, Cohort.id == CohortMember.cohort_id)
                .where(
                    Cohort.organisation_id == organisation_id,
                    CohortMember.person_id.is_not(None),
                )
            )
            for cohort_id, person_id in rows:
                if person_id in people:
                    members[cohort_id].add(person_id)
        return [
            CohortFacts(cohort_id, name, frozenset(members[cohort_id]))
            for cohort_id, name in cohorts
        ]
