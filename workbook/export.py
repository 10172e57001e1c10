"""The workbook as a document: built from one leader's own rows, written as Markdown or PDF.

`build_document` is pure: it gets the owner's entries and assessments (read by the caller with
the owner's person id only) and the content, and decides what goes where — Mitt mål; per module
Metoder och verktyg, Reflektion från övningar, Reflektion efter Innovationsteamsmöte; the
reflections after regional meetings; maturity over time and the suggested exercises. Rendering
is blocking CPU work: run it in a thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from content.dates import format_pattern, to_local
from content.models import Content
from learning.progress import find_exercise
from storage.workbook import (
    EXERCISE_REFLECTION,
    GOAL,
    REGIONAL_MEETING_REFLECTION,
    TEAM_REFLECTION,
    Assessment,
    Entry,
)
from workbook.maturity import Suggestion, in_model_order, suggestion
from workbook.pdf import Document


@dataclass(frozen=True, slots=True)
class ReflectionText:
    title: str | None  # the exercise's title, when known
    text: str
    shared: bool
    written: str  # "4 december 2026"


@dataclass(frozen=True, slots=True)
class ModuleSection:
    heading: str
    methods_and_tools: str
    exercise_reflections: tuple[ReflectionText, ...]
    team_reflections: tuple[ReflectionText, ...]


@dataclass(frozen=True, slots=True)
class CheckpointView:
    label: str
    lines: tuple[tuple[str, int, str], ...]  # (area title, grade, "Vi testar")


@dataclass(frozen=True, slots=True)
class WorkbookDocument:
    title: str
    owner: str
    organisation: str
    exported: str
    goal: str | None
    modules: tuple[ModuleSection, ...]
    other_team_reflections: tuple[ReflectionText, ...]  # not tied to a module
    maturity: tuple[CheckpointView, ...]
    suggestion: Suggestion | None
    completed: str | None  # the date the journey was completed
    regional_reflections: tuple[ReflectionText, ...] = ()  # after regional meetings


def swedish_date(moment: datetime, zone: str) -> str:
    """ "4 december 2026" in the organisation's zone (in the reader's language)."""
    return format_pattern(to_local(moment, zone).date(), "d MMMM y")


def build_document(
    content: Content,
    *,
    owner: str,
    entries: Sequence[Entry],
    assessments: Sequence[Assessment],
    completed_at: datetime | None,
    now: datetime,
    meeting_themes: Mapping[str, str] | None = None,
) -> WorkbookDocument:
    """`meeting_themes`: the regional meetings' themes by the reflection's mark, as titles."""
    zone = content.organisation.time_zone
    labels = content.journey.workbook

    def reflection(entry: Entry) -> ReflectionText:
        exercise = find_exercise(content, entry.exercise_id) if entry.exercise_id else None
        return ReflectionText(
            title=exercise.title if exercise else None,
            text=entry.text,
            shared=entry.shared,
            written=swedish_date(entry.created_at, zone),
        )

    goal = next((e.text for e in entries if e.kind == GOAL), None)
    module_ids = {module.id for module in content.modules}
    sections = tuple(
        ModuleSection(
            heading=content.workbook.module_heading.format(
                number=module.number, title=module.title
            ),
            methods_and_tools=module.methods_and_tools,
            exercise_reflections=tuple(
                reflection(e)
                for e in entries
                if e.kind == EXERCISE_REFLECTION and e.module_id == module.id
            ),
            team_reflections=tuple(
                reflection(e)
                for e in entries
                if e.kind == TEAM_REFLECTION and e.module_id == module.id
            ),
        )
        for module in content.modules
    )
    others = tuple(
        reflection(e)
        for e in entries
        if e.kind in (EXERCISE_REFLECTION, TEAM_REFLECTION) and e.module_id not in module_ids
    )
    themes = meeting_themes or {}
    regional = tuple(
        replace(reflection(e), title=themes.get(e.exercise_id or ""))
        for e in entries
        if e.kind == REGIONAL_MEETING_REFLECTION
    )
    doing = {grade.number: grade.doing for grade in content.maturity.grades}
    labels_by_id = {c.id: c.label for c in content.maturity.checkpoints}
    maturity = tuple(
        CheckpointView(
            label=labels_by_id[a.checkpoint],
            lines=tuple(
                (area.title, a.grades[area.id], doing.get(a.grades[area.id], ""))
                for area in content.maturity.areas
                if area.id in a.grades
            ),
        )
        for a in in_model_order(content, assessments)
    )
    return WorkbookDocument(
        title=labels.title,
        owner=owner,
        organisation=content.organisation.name,
        exported=content.workbook.exported_at.format(date=swedish_date(now, zone)),
        goal=goal,
        modules=sections,
        other_team_reflections=others,
        regional_reflections=regional,
        maturity=maturity,
        suggestion=suggestion(content, assessments),
        completed=swedish_date(completed_at, zone) if completed_at else None,
    )


# --- Markdown ---------------------------------------------------------------------------------


def to_markdown(document: WorkbookDocument, content: Content) -> str:
    labels, texts = content.journey.workbook, content.workbook
    lines = [f"# {document.title}", "", f"{document.owner} · {document.organisation}", ""]
    lines += [f"*{document.exported}*", "", f"## {labels.my_goal}", ""]
    lines += [*(_quoted(document.goal) if document.goal else [texts.no_goal]), ""]
    for section in document.modules:
        lines += [f"## {section.heading}", "", f"### {labels.methods_and_tools}", ""]
        lines += [section.methods_and_tools, ""]
        lines += _markdown_reflections(
            labels.exercise_reflections, section.exercise_reflections, content
        )
        lines += _markdown_reflections(labels.team_reflection, section.team_reflections, content)
    if document.other_team_reflections:
        lines += [f"## {texts.other_team_reflections}", ""]
        lines += _markdown_reflections(None, document.other_team_reflections, content)
    if document.regional_reflections:
        lines += [f"## {content.regional_sharing.workbook.heading}", ""]
        lines += _markdown_reflections(None, document.regional_reflections, content)
    lines += [f"## {texts.maturity_heading}", ""]
    if not document.maturity:
        lines += [texts.maturity_missing, ""]
    for view in document.maturity:
        lines += [f"### {view.label}", ""]
        lines += [f"- {area}: {grade} – {doing}" for area, grade, doing in view.lines]
        lines.append("")
    if document.suggestion:
        lines += _markdown_suggestion(document.suggestion, content)
    if document.completed:
        lines += [
            f"## {texts.diploma_title}",
            "",
            texts.diploma_date.format(organisation=document.organisation, date=document.completed),
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def _quoted(value: str) -> list[str]:
    """A leader's own text as a block quote, so no line of it can become one of our headings."""
    return [f"> {line}" if line.strip() else ">" for line in value.splitlines()]


def _markdown_reflections(
    heading: str | None, reflections: Sequence[ReflectionText], content: Content
) -> list[str]:
    texts = content.workbook
    lines = [f"### {heading}", ""] if heading else []
    if not reflections:
        return [*lines, texts.no_reflections, ""]
    for item in reflections:
        title = f"**{item.title}**, " if item.title else ""
        shared = f" {texts.shared_marker}" if item.shared else ""
        lines += [f"{title}{item.written}{shared}", "", *_quoted(item.text), ""]
    return lines


def _markdown_suggestion(found: Suggestion, content: Content) -> list[str]:
    texts = content.workbook
    lines = [f"## {texts.suggestions_heading}", "", texts.suggestions_intro, ""]
    lines += [texts.suggestions_area.format(area=found.area.title), ""]
    lines += [
        "- " + texts.suggestion_line.format(number=e.number, title=e.title, duration=e.duration)
        for e in found.exercises
    ]
    return [*lines, ""]


# --- PDF --------------------------------------------------------------------------------------


def to_pdf(
    document: WorkbookDocument, content: Content, *, chart: bytes | None, created: datetime
) -> bytes:
    labels, texts = content.journey.workbook, content.workbook
    pdf = Document(document.title, created=created)
    pdf.heading(document.title, size=18, space=0)
    pdf.paragraph(f"{document.owner} · {document.organisation}")
    pdf.subtle(document.exported)
    pdf.heading(labels.my_goal)
    pdf.paragraph(document.goal or texts.no_goal)
    for section in document.modules:
        pdf.heading(section.heading)
        pdf.paragraph(labels.methods_and_tools, bold=True)
        pdf.paragraph(section.methods_and_tools)
        _pdf_reflections(pdf, labels.exercise_reflections, section.exercise_reflections, content)
        _pdf_reflections(pdf, labels.team_reflection, section.team_reflections, content)
    if document.other_team_reflections:
        pdf.heading(texts.other_team_reflections)
        _pdf_reflections(pdf, None, document.other_team_reflections, content)
    if document.regional_reflections:
        pdf.heading(content.regional_sharing.workbook.heading)
        _pdf_reflections(pdf, None, document.regional_reflections, content)
    pdf.heading(texts.maturity_heading)
    if not document.maturity:
        pdf.paragraph(texts.maturity_missing)
    if chart:
        pdf.image(chart)
    for view in document.maturity:
        pdf.paragraph(view.label, bold=True)
        for area, grade, doing in view.lines:
            pdf.bullet(f"{area}: {grade} – {doing}")
    if document.suggestion:
        found = document.suggestion
        pdf.heading(texts.suggestions_heading)
        pdf.paragraph(texts.suggestions_intro)
        pdf.paragraph(texts.suggestions_area.format(area=found.area.title), bold=True)
        for e in found.exercises:
            pdf.bullet(
                texts.suggestion_line.format(number=e.number, title=e.title, duration=e.duration)
            )
    if document.completed:
        pdf.heading(texts.diploma_title)
        pdf.paragraph(
            texts.diploma_date.format(organisation=document.organisation, date=document.completed)
        )
    return pdf.output()


def _pdf_reflections(
    pdf: Document, heading: str | None, reflections: Sequence[ReflectionText], content: Content
) -> None:
    texts = content.workbook
    if heading:
        pdf.paragraph(heading, bold=True)
    if not reflections:
        pdf.subtle(texts.no_reflections)
    for item in reflections:
        about = ", ".join(part for part in (item.title, item.written) if part)
        pdf.subtle(f"{about} {texts.shared_marker}" if item.shared else about)
        pdf.paragraph(item.text)
