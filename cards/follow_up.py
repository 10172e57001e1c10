"""The follow-up card ("uppföljning"): counts per municipality and group, maturity
distributions, and the CSV download. Pure: the service has already held back what is about
too few people; this shows "färre än 5" where it did."""

from __future__ import annotations

from collections.abc import Sequence

from cards.elements import Json, card, container, facts, heading, open_url, text
from cards.feedback import suggestions_block
from content.models import Content
from services.follow_up import CheckpointDistribution, FollowUp, Measure, ScopeCounts
from storage.feedback import SuggestionView


def follow_up_card(
    content: Content,
    follow_up: FollowUp,
    *,
    csv_url: str,
    minutes: int,
    suggestions: Sequence[SuggestionView] = (),
) -> Json:
    texts = content.coordination.follow_up
    body: list[Json] = [
        heading(texts.title),
        text(texts.intro.format(minimum=follow_up.minimum)),
        _scope(content, follow_up.municipality, follow_up.minimum),
    ]
    body += [_scope(content, group, follow_up.minimum) for group in follow_up.groups]
    if not follow_up.groups:
        body.append(text(texts.no_groups, subtle=True))
    body += _maturity(content, follow_up.maturity, follow_up.minimum)
    body.append(suggestions_block(content, suggestions))
    body.append(text(texts.download_note.format(minutes=minutes), subtle=True))
    return card(
        body,
        [open_url(texts.csv_button, csv_url)],
        fallback_text=f"{texts.title}. {texts.intro.format(minimum=follow_up.minimum)}",
    )


def _scope(content: Content, scope: ScopeCounts, minimum: int) -> Json:
    texts = content.coordination.follow_up
    title = texts.municipality if scope.name is None else texts.group.format(name=scope.name)
    if scope.counts is None:
        rows = [(texts.people, texts.too_few.format(minimum=minimum))]
    else:
        rows = [(getattr(texts, m.value), str(scope.counts[m])) for m in Measure]
    return container(
        [text(title, bold=True), facts(rows)],
        style="emphasis" if scope.name is None else None,
        separator=scope.name is not None,
    )


def _maturity(
    content: Content, distributions: tuple[CheckpointDistribution, ...], minimum: int
) -> list[Json]:
    texts = content.coordination.follow_up
    if not distributions:
        return [text(texts.no_maturity, subtle=True)]
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
                    texts.maturity_grade.format(grade=g.number, count=grades.get(g.number, 0))
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
