"""The coordinator's group cards ("grupper"): choose a cohort, the proposal to adjust, the plan.

The proposal card carries its state in its inputs: one dropdown per person (which group) and
one per group (which coach). The service checks everything again on "Bekräfta".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints

from cards.elements import (
    Json,
    attention,
    card,
    container,
    execute,
    heading,
    text,
    text_input,
)
from chat.actions import MAX_INPUT_CHARS, ActionPayload, RowId
from content.coordination import GroupTexts
from content.models import Content
from services.group_planning import NO_COACH, Choice, Confirmed, Fix, Problem, Proposal
from storage.cohorts import CohortSummary
from storage.group_plans import CohortPerson

PROPOSE_GROUPS, REVIEW_GROUPS, CONFIRM_GROUPS = "propose_groups", "review_groups", "confirm_groups"
COHORT_INPUT, UNITS_INPUT = "group_cohort", "group_units"
MEMBER_PREFIX, COACH_PREFIX = "member_", "coach_"
MAX_UNITS = 40_000  # 500 lines of 80 characters
MAX_GROUPS = 250  # 500 leaders in groups of at least 2


class ProposeGroups(ActionPayload):
    """PROPOSE_GROUPS: the cohort chosen and the units pasted, as typed."""

    group_cohort: Annotated[str, StringConstraints(max_length=20)] = ""
    group_units: Annotated[str, StringConstraints(max_length=MAX_UNITS)] = ""

    def cohort_id(self) -> int | None:
        return int(self.group_cohort) if self.group_cohort.isdigit() else None


class GroupChoice(ActionPayload):
    """REVIEW_GROUPS / CONFIRM_GROUPS: the proposal card's dropdowns (`member_<id>`,
    `coach_<number>`) arrive as extra keys beside the button's data."""

    model_config = ConfigDict(extra="allow", frozen=True, str_max_length=MAX_INPUT_CHARS)

    cohort_id: RowId
    groups: Annotated[int, Field(strict=True, ge=1, le=MAX_GROUPS)]
    group_units: Annotated[str, StringConstraints(max_length=MAX_UNITS)] = ""

    def choice(self) -> Choice:
        members: dict[int, str] = {}
        coaches: dict[int, str] = {}
        for key, value in (self.model_extra or {}).items():
            if not isinstance(value, str) or len(value) > 320:
                continue
            for prefix, into in ((MEMBER_PREFIX, members), (COACH_PREFIX, coaches)):
                number = key.removeprefix(prefix)
                if key.startswith(prefix) and number.isdigit() and len(number) < 19:
                    into[int(number)] = value
        return Choice(self.cohort_id, self.groups, members, coaches, self.group_units)


def choose_cohort_card(
    content: Content, cohorts: Sequence[CohortSummary], *, units: str = ""
) -> Json:
    texts = content.coordination.groups
    if not cohorts:
        return card([heading(texts.title), text(texts.no_cohorts)], fallback_text=texts.no_cohorts)
    latest = cohorts[-1]
    body: list[Json] = [
        heading(texts.title),
        text(texts.intro),
        _dropdown(
            COHORT_INPUT,
            texts.cohort_label,
            [(str(c.id), f"{c.name} ({c.members})") for c in cohorts],
            str(latest.id),
            required=texts.cohort_required,
        ),
        text_input(
            UNITS_INPUT,
            texts.units_label,
            value=units,
            placeholder=texts.units_placeholder,
            multiline=True,
        ),
    ]
    return card(
        body,
        [execute(texts.propose_button, PROPOSE_GROUPS, primary=True)],
        fallback_text=f"{texts.title}. {texts.intro}",
    )


def proposal_card(content: Content, proposal: Proposal) -> Json:
    """Each group with its people (a dropdown each: which group) and its coach; what to fix
    first when there is something."""
    texts = content.coordination.groups
    body: list[Json] = [heading(texts.proposal_title.format(cohort=proposal.cohort_name))]
    if proposal.problems:
        body.append(attention(texts.fix_first))
        body += [attention(_problem(texts, p)) for p in proposal.problems]
    body.append(text(texts.proposal_intro))
    if proposal.unknown_calendars:
        body.append(text(texts.unknown_calendars.format(count=proposal.unknown_calendars)))
    if not proposal.coaches:
        body.append(text(texts.no_coaches_yet, subtle=True))
    numbers = range(1, len(proposal.groups) + 1)
    group_options = [(str(n), texts.group_choice.format(number=n)) for n in numbers]
    coach_options = [(NO_COACH, texts.no_coach), *((e, e) for e in proposal.coaches)]
    for number, members in enumerate(proposal.groups, start=1):
        items: list[Json] = [
            heading(texts.group_heading.format(number=number, count=len(members)), size="Medium")
        ]
        for member in members:
            items.append(
                _dropdown(
                    f"{MEMBER_PREFIX}{member.member_id}",
                    texts.move_label.format(person=_who(texts, proposal, member)),
                    group_options,
                    str(number),
                )
            )
        if proposal.coaches:
            items.append(
                _dropdown(
                    f"{COACH_PREFIX}{number}",
                    texts.coach_label.format(number=number),
                    coach_options,
                    proposal.chosen.get(number, NO_COACH),
                )
            )
        body.append(container(items, separator=True))
    body.append(
        text_input(
            UNITS_INPUT,
            texts.units_label,
            value=proposal.units_text,
            placeholder=texts.units_placeholder,
            multiline=True,
        )
    )
    data = {"cohort_id": proposal.cohort_id, "groups": len(proposal.groups)}
    return card(
        body,
        [
            execute(texts.confirm_button, CONFIRM_GROUPS, data, primary=True),
            execute(texts.review_button, REVIEW_GROUPS, data),
            execute(texts.propose_button, PROPOSE_GROUPS, {COHORT_INPUT: str(proposal.cohort_id)}),
        ],
        fallback_text=texts.proposal_title.format(cohort=proposal.cohort_name),
    )


def confirmed_card(content: Content, confirmed: Confirmed) -> Json:
    """Per group exactly what to create and whom to invite, and who coaches it."""
    texts = content.coordination.groups
    body: list[Json] = [heading(texts.confirmed.format(cohort=confirmed.cohort_name))]
    for group in confirmed.groups:
        members = ", ".join(m.email for m in group.members)
        how = texts.create_by_bot if confirmed.channels_by_bot else texts.create_team
        items: list[Json] = [
            text(group.name, bold=True),
            text(how.format(name=group.name, members=members)),
        ]
        if group.coach is None:
            items.append(text(texts.no_coach_chosen, subtle=True))
        elif group.coach_told:
            items.append(text(texts.coach_told.format(email=group.coach)))
        else:
            items.append(text(texts.coach_not_told.format(email=group.coach)))
        body.append(container(items, separator=True))
    body.append(text(texts.linked_note, subtle=True))
    return card(body, fallback_text=texts.confirmed.format(cohort=confirmed.cohort_name))


def _who(texts: GroupTexts, proposal: Proposal, member: CohortPerson) -> str:
    unit = proposal.units.get(member.email)
    return texts.unit.format(person=member.label, unit=unit) if unit else member.label


def _dropdown(
    input_id: str,
    label: str,
    options: Iterable[tuple[str, str]],
    value: str,
    *,
    required: str | None = None,
) -> Json:
    """A compact ChoiceSet (a dropdown): the groups and coaches can be many."""
    block: dict[str, Any] = {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "style": "compact",
        "choices": [{"title": title, "value": key} for key, title in options],
    }
    if value:
        block["value"] = value
    if required:
        block["isRequired"] = True
        block["errorMessage"] = required
    return block


def _problem(texts: GroupTexts, problem: Problem) -> str:
    match problem.fix:
        case Fix.CHANGED:
            return texts.changed
        case Fix.TOO_SMALL:
            return texts.too_small.format(number=problem.number, size=problem.size)
        case Fix.TOO_LARGE:
            return texts.too_large.format(number=problem.number, size=problem.size)
        case Fix.NOT_A_COACH:
            return texts.not_a_coach.format(email=problem.text)
        case Fix.UNIT_LINE:
            return texts.unit_line.format(line=problem.text)
