"""The follow-up's files for coordinators: the Excel workbook and a chart per scope.

Both are made from the summary services.follow_up has already held back what is about too few
people in: a held-back figure is the text "färre än 5" in the workbook (never a number, not
even hidden), and it is not drawn in a chart. Blocking: callers run them in a worker thread.
"""

from __future__ import annotations

import io
import re
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg  # the Agg backend, explicitly
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from content.models import Content
from services.follow_up import (
    FollowUp,
    Measure,
    ScopeCounts,
    count_rows,
    safe_text,
    scope_title,
)
from workbook.chart import _DRAWING

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)


def follow_up_xlsx(follow_up: FollowUp, content: Content) -> bytes:
    """A sheet per scope (municipality, cohorts, groups) with its counts, and the maturity
    sheet with the distributions of the municipality and the cohorts."""
    texts = content.coordination.follow_up
    too_few = texts.too_few.format(minimum=follow_up.minimum)
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    names: set[str] = set()
    for scope in follow_up.scopes():
        sheet = book.create_sheet(_sheet_name(content, scope, names))
        sheet.append([safe_text(scope_title(content, scope))])
        sheet["A1"].font = _BOLD
        sheet.append([texts.sheet_note.format(minimum=follow_up.minimum)])
        sheet.append([])
        sheet.append([texts.csv_measure, texts.csv_value])
        for cell in sheet[4]:
            cell.font = _BOLD
        for row in count_rows(content, scope):
            sheet.append([row.measure, too_few if row.value is None else row.value])
        _widths(sheet, (42, 14))
    sheet = book.create_sheet(_unique(texts.sheet_maturity, names))
    grades = list(content.maturity.grades)
    header = [texts.csv_scope, texts.sheet_checkpoint, texts.sheet_area]
    header += [texts.sheet_grade.format(grade=g.number) for g in grades]
    header.append(texts.sheet_respondents)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = _BOLD
    labels = {c.id: c.label for c in content.maturity.checkpoints}
    for scope in (follow_up.municipality, *follow_up.cohorts):
        title = safe_text(scope_title(content, scope))
        for distribution in scope.maturity:
            by_area = dict(distribution.areas or ())
            for area in content.maturity.areas:
                line: list[str | int] = [title, labels[distribution.checkpoint_id], area.title]
                for grade in grades:
                    value = (
                        None
                        if distribution.areas is None
                        else by_area[area.id].get(grade.number, 0)
                    )
                    line.append(too_few if value is None else value)
                respondents = distribution.respondents
                line.append(
                    too_few if distribution.areas is None or respondents is None else respondents
                )
                sheet.append(line)
    _widths(sheet, (34, 14, 30, *(10 for _ in grades), 12))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(content: Content, scope: ScopeCounts, taken: set[str]) -> str:
    texts = content.coordination.follow_up
    if scope.name is None:
        return _unique(texts.sheet_municipality, taken)
    return _unique(scope_title(content, scope), taken)


def _unique(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique regardless of case."""
    base = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'")[:31] or "-"
    candidate, n = base, 1
    while candidate.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


def _widths(sheet: Worksheet, widths: tuple[int, ...]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width


def follow_up_chart(follow_up: FollowUp, scope: ScopeCounts, content: Content) -> bytes:
    """One scope as PNG: its counts as horizontal bars (none when held back, and none for a
    held-back count of people: the words "färre än 5" instead) and, when there are
    distributions, a stacked bar per checkpoint for each maturity area; a held-back cell is
    left out of its stack (a gap, never a bar)."""
    texts = content.coordination.follow_up
    areas = list(content.maturity.areas)
    shown_maturity = [d for d in scope.maturity if d.areas is not None]
    rows = 1 + (1 if shown_maturity else 0)
    with _DRAWING:
        figure = Figure(figsize=(8.0, 4.2 * rows), dpi=100)
        FigureCanvasAgg(figure)
        grid = figure.add_gridspec(rows, len(areas) if shown_maturity else 1)
        axes = figure.add_subplot(grid[0, :])
        title = scope_title(content, scope)
        axes.set_title(title, fontsize=13, weight="bold", loc="left")
        measures = list(Measure)
        labels = [getattr(texts, m.value) for m in measures]
        if scope.counts is not None:
            drawn = count_bars(scope)
            bars = axes.barh(
                [position for position, _ in drawn],
                [value for _, value in drawn],
                color="#4472c4",
            )
            axes.bar_label(bars, padding=3, fontsize=9)
            for position, measure in enumerate(measures):
                if scope.counts[measure] is None:  # held back: words, never a bar
                    axes.text(
                        0,
                        position,
                        " " + texts.too_few.format(minimum=follow_up.minimum),
                        va="center",
                        fontsize=9,
                        color="#555555",
                    )
        else:
            axes.text(
                0.5,
                0.5,
                texts.too_few.format(minimum=follow_up.minimum),
                ha="center",
                va="center",
                transform=axes.transAxes,
            )
        axes.set_yticks(range(len(measures)), labels, fontsize=9)
        axes.set_ylim(len(measures) - 0.5, -0.5)  # first on top; a last row without a bar too
        axes.set_xlabel(texts.chart_counts)
        axes.spines[["top", "right"]].set_visible(False)
        if shown_maturity:
            checkpoint_labels = {c.id: c.label for c in content.maturity.checkpoints}
            grades = list(content.maturity.grades)
            colours = ("#c6dbef", "#6baed6", "#2171b5", "#08306b", "#041a3a")
            stacks = maturity_stacks(scope, content)
            highest = max(d.respondents or 1 for d in shown_maturity)
            too_few = texts.too_few.format(minimum=follow_up.minimum)
            for column, area in enumerate(areas):
                ax = figure.add_subplot(grid[1, column])
                title = texts.chart_maturity.format(area=area.title)
                ax.set_title(textwrap.fill(title, 18, break_long_words=False), fontsize=9)
                positions = range(len(shown_maturity))
                bottoms = [0] * len(shown_maturity)
                for index, grade in enumerate(grades):
                    heights = [stack[index] for stack in stacks[area.id]]
                    ax.bar(
                        positions,
                        heights,
                        bottom=bottoms,
                        color=colours[index % len(colours)],
                        label=texts.sheet_grade.format(grade=grade.number),
                    )
                    bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
                ax.set_xticks(
                    positions,
                    [checkpoint_labels[d.checkpoint_id] for d in shown_maturity],
                    fontsize=7,
                    rotation=20,
                )
                ax.set_ylim(0, highest)
                ax.tick_params(axis="y", labelsize=7)
                if not any(any(stack) for stack in stacks[area.id]):
                    ax.text(
                        0.5,
                        0.5,
                        too_few,
                        ha="center",
                        va="center",
                        fontsize=8,
                        transform=ax.transAxes,
                    )
                ax.spines[["top", "right"]].set_visible(False)
            figure.legend(
                *figure.axes[-1].get_legend_handles_labels(),
                loc="lower center",
                ncol=len(grades),
                frameon=False,
                fontsize=8,
            )
        figure.text(
            0.01,
            0.005,
            texts.chart_hidden.format(minimum=follow_up.minimum),
            fontsize=7,
            color="#555555",
        )
        figure.tight_layout(rect=(0, 0.04, 1, 1))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()


def count_bars(scope: ScopeCounts) -> list[tuple[int, int]]:
    """The scope's counts as drawn: (row, length) for each measure shown, in Measure's order;
    a held-back count of people has no bar at all."""
    if scope.counts is None:
        return []
    return [
        (position, value)
        for position, measure in enumerate(Measure)
        if (value := scope.counts[measure]) is not None
    ]


def maturity_stacks(scope: ScopeCounts, content: Content) -> dict[str, list[list[int]]]:
    """Per area, per shown checkpoint: the bar heights per grade as drawn. A held-back cell is
    height 0: never drawn, so the chart cannot show what the card does not."""
    grades = [g.number for g in content.maturity.grades]
    stacks: dict[str, list[list[int]]] = {a.id: [] for a in content.maturity.areas}
    for distribution in scope.maturity:
        if distribution.areas is None:
            continue
        for area_id, cells in distribution.areas:
            stacks[area_id].append([cells.get(grade, 0) or 0 for grade in grades])
    return stacks
