"""The leader's personal learning plan, made from how well they know each area.

The rule, in one sentence for the leader: module 1 lays the foundation and comes first; then the
areas they know least; the first exercises are the shortest ones in those areas.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain, zip_longest

from cards.slot_reasons import join_names
from content.curriculum import Exercise, Module
from content.models import Content

# How well the leader knows an area, by answer id ("Jag vet inte" counts as not knowing it).
KNOWLEDGE = {"not_at_all": 0, "dont_know": 0, "somewhat": 1, "very_well": 2}
KNOWS_WELL = KNOWLEDGE["very_well"]
SUGGESTED_EXERCISES = 3


@dataclass(frozen=True, slots=True)
class PersonalPlan:
    modules: tuple[Module, ...]
    exercises: tuple[Exercise, ...]
    first_areas: tuple[Module, ...]  # the least known areas, taken right after module 1

    @property
    def module_ids(self) -> tuple[str, ...]:
        return tuple(module.id for module in self.modules)

    @property
    def exercise_numbers(self) -> tuple[int, ...]:
        return tuple(exercise.number for exercise in self.exercises)


def make_plan(content: Content, familiarity: Mapping[str, str]) -> PersonalPlan:
    def knowledge(module: Module) -> int:
        return KNOWLEDGE.get(familiarity.get(module.id, ""), 0)

    first, *rest = content.modules
    rest.sort(key=lambda module: (knowledge(module), module.number))
    least = min((knowledge(module) for module in rest), default=KNOWS_WELL)
    first_areas = tuple(m for m in rest if knowledge(m) == least) if least < KNOWS_WELL else ()
    return PersonalPlan(
        modules=(first, *rest),
        exercises=_shortest_first(content, first_areas or tuple(rest)),
        first_areas=first_areas,
    )


def _shortest_first(content: Content, modules: tuple[Module, ...]) -> tuple[Exercise, ...]:
    """The shortest exercise of each area in turn, then the next shortest, and so on."""
    per_area = [
        sorted(content.exercises.for_theme(module.theme), key=lambda e: (e.total_minutes, e.number))
        for module in modules
        if module.theme
    ]
    in_turn = (e for e in chain.from_iterable(zip_longest(*per_area)) if e is not None)
    return tuple(in_turn)[:SUGGESTED_EXERCISES]


def plan_rule(content: Content, plan: PersonalPlan) -> str:
    """The sentence that tells the leader why the plan looks the way it does."""
    texts = content.onboarding.plan
    if not plan.first_areas:
        return texts.rule_all_known
    names = [
        content.onboarding.module_name.format(number=module.number, title=module.title)
        for module in plan.first_areas
    ]
    return texts.rule_least_known.format(
        modules=join_names(names, content.messages.no_slot.and_word)
    )
