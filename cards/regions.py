"""Region cards: the invitation a coordinator answers, and the programme owner's follow-up."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import ConfigDict, StringConstraints

from cards.elements import (
    Json,
    action_set,
    attention,
    bullets,
    card,
    choices,
    container,
    date_input,
    execute,
    facts,
    heading,
    text,
    text_input,
)
from cards.navigation import command_button
from cards.regional_meetings import MEETINGS
from cards.regional_sharing import REGIONAL_SHARES
from chat.actions import ActionPayload, RowId
from chat.commands import Command
from content.dates import format_date_only_sv
from content.models import Content
from services.follow_up import MINIMUM_PEOPLE, Measure
from storage.cohorts import CohortSummary
from storage.regions import (
    INVITED,
    JOINED,
    LEFT,
    Membership,
    Municipality,
    RegionalCohortInfo,
    RegionSummary,
)

if TYPE_CHECKING:
    from services.regions import Problem, RegionalFollowUp, Rejected

ANSWER_REGION = "answer_region"
CREATE_REGION = "create_region"
INVITE_REGION = "invite_region"
CREATE_REGIONAL_COHORT = "create_regional_cohort"
REGIONAL_FOLLOW_UP = "regional_follow_up"
CHOOSE_REGIONAL = "choose_regional"
LEAVE_REGION = "leave_region"
REGION_NAME, REGION_CHOICE, TENANTS = "region_name", "region_choice", "region_tenants"
COHORT_NAME, COHORT_START, COHORT_END = "regional_name", "regional_start", "regional_end"
ALL_LEADERS = "all"

_Typed = Annotated[str, StringConstraints(max_length=20_000)]


class RegionForm(ActionPayload):
    """The programme owner's card, as typed (checked by the service, shown again if wrong)."""

    region_name: _Typed = ""
    region_choice: _Typed = ""
    region_tenants: _Typed = ""
    regional_name: _Typed = ""
    regional_start: _Typed = ""
    regional_end: _Typed = ""

    def region_id(self) -> int | None:
        return int(self.region_choice) if self.region_choice.isdigit() else None


class RegionalCohortButton(ActionPayload):
    regional_cohort_id: RowId


class ChooseRegional(ActionPayload):
    """A coordinator's choice for one regional cohort: cohort ids, or "all". The card has one
    choice input per regional cohort (`choice_input`); the button names which one it saves."""

    model_config = ConfigDict(extra="allow", frozen=True, str_max_length=20_000)

    regional_cohort_id: RowId

    def cohort_ids(self) -> list[int] | None:
        chosen = (self.model_extra or {}).get(choice_input(self.regional_cohort_id), "")
        values = [v.strip() for v in str(chosen).split(",") if v.strip()]
        if ALL_LEADERS in values:
            return None
        return [int(v) for v in values if v.isdigit() and len(v) < 19]


def choice_input(regional_cohort_id: int) -> str:
    return f"regional_choice_{regional_cohort_id}"


class LeaveRegion(ActionPayload):
    region_id: RowId


class AnswerRegion(ActionPayload):
    """ANSWER_REGION: which region, and "join" or "later"."""

    region_id: RowId
    answer: Literal["join", "later"]


def invitation_card(content: Content, region_id: int, name: str) -> Json:
    texts = content.coordination.regions
    body = [
        heading(texts.invitation_title),
        text(texts.invitation.format(name=name, minimum=MINIMUM_PEOPLE)),
    ]
    actions = [
        execute(texts.join_button, ANSWER_REGION, {"region_id": region_id, "answer": "join"}),
        execute(texts.later_button, ANSWER_REGION, {"region_id": region_id, "answer": "later"}),
    ]
    return card(body, actions, fallback_text=texts.invitation_title)


def answered_card(content: Content, sentence: str) -> Json:
    texts = content.coordination.regions
    return card([heading(texts.invitation_title), text(sentence)], [], fallback_text=sentence)


def regional_follow_up_card(
    content: Content, follow_up: RegionalFollowUp, *, pairs: str | None = None
) -> Json:
    """The counts for the region, then per joined municipality; held back ones say why."""
    texts = content.coordination.regions
    labels = content.coordination.follow_up
    too_few = labels.too_few.format(minimum=follow_up.minimum)
    title = texts.follow_up_title.format(region=follow_up.region, cohort=follow_up.cohort.name)
    body: list[Json] = [heading(title), text(texts.follow_up_intro.format(minimum=MINIMUM_PEOPLE))]
    rows = [(m.name, m.counts, m.taking_part, m.protected) for m in follow_up.municipalities]
    total = (texts.region_total, follow_up.total, True, False)
    for name, counts, taking_part, protected in [total, *rows]:
        body.append(text(name, bold=True))
        if not taking_part:
            body.append(text(texts.not_taking_part))
        elif counts is None:
            body.append(text(texts.protected if protected else too_few))
        else:
            body.append(
                facts((getattr(labels, m.value), _cell(counts[m], too_few)) for m in Measure)
            )
    if not rows:
        body.append(bullets([texts.not_taking_part]))
    if pairs:  # one-to-one contacts made in the region (services.contacts)
        body.append(text(pairs))
    return card(body, [command_button(texts.back_button, Command.REGION)], fallback_text=title)


def owner_card(
    content: Content,
    regions: Sequence[tuple[RegionSummary, Sequence[Municipality], Sequence[RegionalCohortInfo]]],
    *,
    said: Sequence[str] = (),
    rejected: Rejected | None = None,
    typed: RegionForm | None = None,
) -> Json:
    """The programme owner's regions (municipalities and whether they joined, the regional
    cohorts with their follow-up), and the forms: a new region, invitations, a regional cohort.
    After a rejection, what was wrong on top and everything typed kept."""
    texts = content.coordination.regions
    typed = typed or RegionForm()
    body: list[Json] = [heading(texts.title)]
    body += [attention(line) for line in said]
    if rejected is not None:
        body += [attention(_problem(content, p)) for p in rejected.problems]
        if rejected.invalid:
            body.append(bullets(rejected.invalid))
    body.append(text(texts.intro))
    buttons: list[Json] = []
    if not regions:
        body.append(text(texts.no_regions, subtle=True))
    for summary, municipalities, cohorts in regions:
        body.append(text(summary.name, bold=True, spacing="Medium"))
        lines = [
            texts.municipality_line.format(name=m.name, state=_state(content, m.state))
            for m in municipalities
        ]
        body.append(bullets(lines) if lines else text(texts.no_municipalities, subtle=True))
        infos = list(cohorts)
        if infos:
            body.append(
                bullets(
                    texts.cohort_line.format(
                        name=c.name,
                        start=format_date_only_sv(c.starts_on),
                        end=format_date_only_sv(c.ends_on),
                    )
                    for c in infos
                )
            )
            buttons += [
                execute(
                    texts.follow_up_button.format(name=c.name),
                    REGIONAL_FOLLOW_UP,
                    {"regional_cohort_id": c.id},
                )
                for c in infos
            ]
            buttons += [
                execute(
                    content.coordination.meetings.button.format(name=c.name),
                    MEETINGS,
                    {"regional_cohort_id": c.id},
                )
                for c in infos
            ]
            buttons += [
                execute(
                    content.regional_sharing.sharing.owner_button.format(name=c.name),
                    REGIONAL_SHARES,
                    {"regional_cohort_id": c.id},
                )
                for c in infos
            ]
    if buttons:
        body.append(action_set(*buttons))
    body.append(
        container(
            [
                text(texts.new_region_heading, bold=True),
                text_input(REGION_NAME, texts.region_name_label, value=typed.region_name),
                action_set(execute(texts.create_button, CREATE_REGION, primary=True)),
            ],
            separator=True,
        )
    )
    if regions:
        options = [(str(s.id), s.name) for s, _, _ in regions]
        chosen = typed.region_choice or options[0][0]
        body.append(
            container(
                [
                    text(texts.invite_heading, bold=True),
                    choices(REGION_CHOICE, texts.region_label, options, value=chosen),
                    text_input(
                        TENANTS,
                        content.regional_sharing.inviting.label,
                        value=typed.region_tenants,
                        placeholder=content.regional_sharing.inviting.placeholder,
                        multiline=True,
                    ),
                    action_set(execute(texts.invite_button, INVITE_REGION)),
                    text(texts.cohort_heading, bold=True, spacing="Medium"),
                    text_input(COHORT_NAME, texts.cohort_name_label, value=typed.regional_name),
                    date_input(COHORT_START, texts.starts_label, value=typed.regional_start),
                    date_input(COHORT_END, texts.ends_label, value=typed.regional_end),
                    action_set(execute(texts.cohort_button, CREATE_REGIONAL_COHORT)),
                ],
                separator=True,
            )
        )
    return card(body, [], fallback_text=f"{texts.title}. {texts.intro}")


def memberships_card(
    content: Content,
    memberships: Sequence[Membership],
    own: Sequence[CohortSummary],
    *,
    said: Sequence[str] = (),
) -> Json:
    """A coordinator's view: invitations to answer, and for each regional cohort of a joined
    region which of the municipality's own cohorts (or all leaders) take part."""
    texts = content.coordination.regions
    body: list[Json] = [heading(texts.title)]
    body += [text(line, bold=True) for line in said]
    body.append(text(texts.memberships_intro))
    if not memberships:
        body.append(text(texts.memberships_none, subtle=True))
    options = [(ALL_LEADERS, texts.all_leaders), *((str(c.id), c.name) for c in own)]
    for membership in memberships:
        body.append(text(membership.name, bold=True, spacing="Medium"))
        body.append(text(_state(content, membership.state), subtle=True))
        if membership.state != JOINED:  # declined ("Inte nu") may still join later
            answers = [
                execute(
                    texts.join_button,
                    ANSWER_REGION,
                    {"region_id": membership.region_id, "answer": "join"},
                    primary=True,
                )
            ]
            if membership.state == INVITED:
                answers.append(
                    execute(
                        texts.later_button,
                        ANSWER_REGION,
                        {"region_id": membership.region_id, "answer": "later"},
                    )
                )
            body.append(action_set(*answers))
        if membership.state != JOINED:
            continue
        body.append(
            action_set(
                execute(
                    content.regional_sharing.leaving.button,
                    LEAVE_REGION,
                    {"region_id": membership.region_id},
                )
            )
        )
        for regional in membership.cohorts:
            picked = membership.chosen.get(regional.id, frozenset())
            value = [ALL_LEADERS if c is None else str(c) for c in picked]
            body += [
                choices(
                    choice_input(regional.id),
                    texts.choose_label.format(
                        name=regional.name,
                        start=format_date_only_sv(regional.starts_on),
                        end=format_date_only_sv(regional.ends_on),
                    ),
                    options,
                    value=value,
                    multiple=True,
                ),
                action_set(
                    execute(
                        texts.choose_button,
                        CHOOSE_REGIONAL,
                        {"regional_cohort_id": regional.id},
                    )
                ),
            ]
    return card(body, [], fallback_text=f"{texts.title}. {texts.memberships_intro}")


def _state(content: Content, state: str) -> str:
    texts = content.coordination.regions
    return {
        INVITED: texts.state_invited,
        JOINED: texts.state_joined,
        LEFT: content.regional_sharing.leaving.state_left,
    }.get(state, texts.state_declined)


def _problem(content: Content, problem: Problem) -> str:
    from services.regions import MAX_NAME

    texts = content.coordination.regions
    if problem == "name_too_long":
        return texts.name_too_long.format(max=MAX_NAME)
    if problem == "ambiguous":
        return content.regional_sharing.inviting.ambiguous
    return str(getattr(texts, problem.value))


def _cell(count: int | None, too_few: str) -> str:
    return too_few if count is None else str(count)
