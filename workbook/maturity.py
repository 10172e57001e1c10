"""Maturity over time, without I/O: the next checkpoint to take, the chart's data, and the
exercises suggested for the area the leader graded lowest at their latest checkpoint.

The suggestion rule, in one sentence (also said to the leader, workbook.yaml
`suggestions_intro`): the weakest area of the latest assessment (ties: the model's order)
points, through `area_themes` in workbook.yaml, at one theme of the exercise library, whose
exercises are suggested, shortest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from content.curriculum import Exercise, Theme
from content.maturity import Checkpoint, MaturityArea
from content.models import Content
from storage.workbook import Assessment
from workbook.chart import ChartData, chart_data


@dataclass(frozen=True, slots=True)
class Suggestion:
    area: MaturityArea
    theme: Theme
    exercises: tuple[Exercise, ...]


def in_model_order(content: Content, assessments: Sequence[Assessment]) -> list[Assessment]:
    """The assessments of the model's checkpoints, in the model's order (start, halfway, end)."""
    by_id = {assessment.checkpoint: assessment for assessment in assessments}
    return [
        by_id[c.id] for c in content.maturity.checkpoints if c.id in by_id and by_id[c.id].grades
    ]


def next_checkpoint(content: Content, assessments: Sequence[Assessment]) -> Checkpoint | None:
    """The first checkpoint not yet assessed; None when all are done."""
    done = {assessment.checkpoint for assessment in assessments if assessment.grades}
    return next((c for c in content.maturity.checkpoints if c.id not in done), None)


def checkpoint(content: Content, checkpoint_id: str) -> Checkpoint | None:
    return next((c for c in content.maturity.checkpoints if c.id == checkpoint_id), None)


def suggestion(content: Content, assessments: Sequence[Assessment]) -> Suggestion | None:
    ordered = in_model_order(content, assessments)
    if not ordered:
        return None
    latest = ordered[-1].grades
    graded = [area for area in content.maturity.areas if area.id in latest]
    if not graded:
        return None
    weakest = min(graded, key=lambda area: latest[area.id])  # min keeps the first of equals
    theme_id = content.workbook.area_themes[weakest.id]
    exercises = sorted(
        content.exercises.for_theme(theme_id), key=lambda e: (e.total_minutes, e.number)
    )
    return Suggestion(weakest, content.exercises.theme(theme_id), tuple(exercises))


def maturity_chart_data(content: Content, assessments: Sequence[Assessment]) -> ChartData | None:
    """Every checkpoint of the model on the x axis (future ones empty); None before any."""
    ordered = {a.checkpoint: a.grades for a in in_model_order(content, assessments)}
    if not ordered:
        return None
    texts, model = content.workbook, content.maturity
    return chart_data(
        texts.chart_title,
        texts.chart_axis,
        [(c.label, ordered.get(c.id, {})) for c in model.checkpoints],
        [(area.id, area.title) for area in model.areas],
        [f"{grade.number} {grade.doing}" for grade in model.grades],
    )
