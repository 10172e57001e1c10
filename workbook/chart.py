"""The maturity chart: the four areas' grades (1-4) at each checkpoint the leader assessed.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no global figure state), so it
can run in a worker thread; callers use `render_chart`, which does exactly that.
"""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg  # the Agg backend, explicitly
from matplotlib.figure import Figure

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# matplotlib's font and text caches are shared: one drawing at a time is plenty for a chat bot.
_DRAWING = threading.Lock()
_MARKERS = ("o", "s", "^", "D", "v", "P")
_LINES = ("-", "--", "-.", ":")


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """One maturity area: its title and its grade at each checkpoint (None: not assessed)."""

    title: str
    grades: tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class ChartData:
    title: str
    axis_label: str
    checkpoints: tuple[str, ...]  # the checkpoints' labels, in order
    series: tuple[ChartSeries, ...]
    grade_labels: tuple[str, ...]  # "1 Vi vet", ... for the y axis


def draw_chart(data: ChartData) -> bytes:
    """The chart as PNG bytes (blocking: call it through `render_chart` on the event loop)."""
    with _DRAWING:
        figure = Figure(figsize=(7.2, 4.2), dpi=100)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        positions = list(range(len(data.checkpoints)))
        for index, series in enumerate(data.series):
            points = [(x, y) for x, y in zip(positions, series.grades, strict=True) if y]
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            # Areas with equal grades would hide each other: spread them a little apart, and
            # give each its own marker and line style (also readable without colours).
            offset = (index - (len(data.series) - 1) / 2) * 0.06
            axes.plot(
                [x + offset for x in xs],
                [y + offset for y in ys],
                marker=_MARKERS[index % len(_MARKERS)],
                linestyle=_LINES[index % len(_LINES)],
                linewidth=2.2,
                markersize=8,
                label=series.title,
            )
        axes.set_title(data.title, fontsize=13, weight="bold")
        axes.set_ylabel(data.axis_label)
        axes.set_xticks(positions, list(data.checkpoints))
        axes.set_xlim(-0.4, max(len(positions) - 1, 1) + 0.4)
        axes.set_ylim(0.6, len(data.grade_labels) + 0.4)
        axes.set_yticks(range(1, len(data.grade_labels) + 1), list(data.grade_labels), fontsize=9)
        axes.grid(axis="y", alpha=0.3)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, frameon=False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()


async def render_chart(data: ChartData) -> bytes:
    """Draw off the event loop: a chart takes tens of milliseconds of CPU."""
    return await asyncio.to_thread(draw_chart, data)


def chart_data(
    title: str,
    axis_label: str,
    checkpoints: Sequence[tuple[str, dict[str, int]]],
    areas: Sequence[tuple[str, str]],
    grade_labels: Sequence[str],
) -> ChartData:
    """From (checkpoint label, area id -> grade) pairs and (area id, area title) pairs."""
    return ChartData(
        title=title,
        axis_label=axis_label,
        checkpoints=tuple(label for label, _ in checkpoints),
        series=tuple(
            ChartSeries(area_title, tuple(grades.get(area_id) for _, grades in checkpoints))
            for area_id, area_title in areas
        ),
        grade_labels=tuple(grade_labels),
    )
