"""The follow-up card ("uppföljning"): counts per municipality and group, maturity
distributions, and the downloads (chart, Excel, CSV). A coordinator with cohorts chooses the
municipality or one cohort. Pure: the service has already held back what is about too few
people; this shows "färre än 5" where it did. The chart is a link, not an Image: the link
lives a quarter of an hour and an old card's image would break."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated

from pydantic import StringConstraints

from cards.elements import Json, card, choices, container, execute, facts, heading, open_url, text
from cards.feedback import suggestions_block
from chat.actions import ActionPayload
from content.models import Content
from services.follow_up import (
    MUNICIPALITY,
    CheckpointDistribution,
    FollowUp,
    Measure,
    ScopeCounts,
    ScopeKind,
    scope_title,
)
from storage.feedback import SuggestionView

FOLLOW_UP_SCOPE = "follow_up_scope"
SCOPE_INPUT = "follow_up_scope"


class ChooseScope(ActionPayload):
    """FOLLOW_UP_SCOPE: the municipality or a cohort, by its key (checked by the dialog against
    the caller's own follow-up, so a forged key shows the municipality)."""

    follow_up_scope: Annotated[str, StringConstraints(max_length=60)] = MUNICIPALITY


def follow_up_card(
    content: Content,
    follow_up: FollowUp,
    *,
    csv_url: str,
    minutes: int,
    suggestions: Sequence[SuggestionView] = (),
    xlsx_url: str | None = None,
    chart_url: str | None = None,
    scope: str | None = None,
) -> Json:
    """The municipality's view (all cohorts and groups) or one cohort's (its groups)."""
    texts = content.coordination.follow_up
    chosen = follow_up.scope(scope) or follow_up.municipality
    body: list[Json] = [
        heading(texts.title),
        text(texts.intro.format(minimum=follow_up.minimum)),
    ]
    if follow_up.cohorts:
        options = [(MUNICIPALITY, texts.municipality)]
        options += [(c.key, texts.cohort.format(name=c.name)) for c in follow_up.cohorts]
        body.append(
            choices(SCOPE_INPUT, texts.scope_label, options, value=chosen.key or MUNICIPALITY)
        )
    body.append(_scope(content, chosen, follow_up.minimum))
    if chosen.kind is ScopeKind.COHORT:
        inside = [g for g in follow_up.groups if g.key in chosen.parts]
        if inside:
            body.append(text(texts.cohort_groups, bold=True))
        body += [_scope(content, group, follow_up.minimum) for group in inside]
        if not inside:
            body.append(text(texts.no_cohort_groups, subtle=True))
        maturity = chosen.maturity
    else:
        body += [_scope(content, cohort, follow_up.minimum) for cohort in follow_up.cohorts]
        body += [_scope(content, group, follow_up.minimum) for group in follow_up.groups]
        if not follow_up.groups:
            body.append(text(texts.no_groups, subtle=True))
        maturity = follow_up.maturity
    body += _maturity(content, maturity, follow_up.minimum)
    if chosen.kind is not ScopeKind.COHORT:
        body.append(suggestions_block(content, suggestions))
    body.append(text(texts.download_note.format(minutes=minutes), subtle=True))
    actions = []
    if follow_up.cohorts:
        actions.append(execute(texts.scope_button, FOLLOW_UP_SCOPE))
    if chart_url is not None:
        actions.append(open_url(texts.chart_button, chart_url))
    if xlsx_url is not None:
        actions.append(open_url(texts.xlsx_button, xlsx_url))
    actions.append(open_url(texts.csv_button, csv_url))
    return card(
        body,
        actions,
        fallback_text=f"{texts.title}. {texts.intro.format(minimum=follow_up.minimum)}",
    )


def _scope(content: Content, scope: ScopeCounts, minimum: int) -> Json:
    texts = content.coordination.follow_up
    title = scope_title(content, scope)
    if scope.counts is None:
        rows = [(texts.people, texts.too_few.format(minimum=minimum))]
    else:
        too_few = texts.too_few.format(minimum=minimum)
        shown = scope.counts
        rows = [
            (getattr(texts, m.value), too_few if shown[m] is None else str(shown[m]))
            for m in Measure
        ]
    return container(
        [text(title, bold=True), facts(rows)],
        style="emphasis" if scope.kind is not ScopeKind.GROUP else None,
        separator=scope.kind is ScopeKind.GROUP,
    )


def _maturity(
    content: Content, distributions: tuple[CheckpointDistribution, ...], minimum: int
) -> list[Json]:
    texts = content.coordination.follow_up
    if not distributions:
        return [text(texts.no_maturity, subtle=True)]
    too = texts.too_few.format(minimum=minimum)
    labels = {c.id: c.label for c in content.maturity.checkpoints}
    titles = {a.id: a.title for a in content.maturity.areas}
    blocks = []
    for distribution in distributions:
        lines: list[Json] = [
            text(
                texts.maturity_heading.format(checkpoint=labels[distribution.checkpoint_id]),
                bold=True,
            )
        ]
        if distribution.areas is None:
            lines.append(text(texts.maturity_too_few.format(minimum=minimum), subtle=True))
        else:
            for area_id, grades in distribution.areas:
                spread = ", ".join(
                    texts.maturity_grade.format(grade=g.number, count=_count(grades, g.number, too))
                    for g in content.maturity.grades
                )
                lines.append(
                    text(
                        texts.maturity_area.format(area=titles[area_id], distribution=spread),
                        spacing="Small",
                    )
                )
        blocks.append(container(lines, separator=True))
    return blocks


def _count(grades: Mapping[int, int | None], grade: int, too_few: str) -> str:
    count = grades.get(grade, 0)
    return too_few if count is None else str(count)
