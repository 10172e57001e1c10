"""'Mina data' as a PDF for people: who we have stored, the leader's own texts in readable
sections, their times and self-assessments with Swedish dates, and the rest as counts with why
each is kept. No ids, no JSON: the JSON export is the machine-readable one."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from content.dates import format_datetime_sv, format_day_sv
from content.models import Content
from learning.progress import find_exercise
from storage.personal_data import KEPT_FOR_COUNTS
from storage.workbook import EXERCISE_NOTES, EXERCISE_REFLECTION, GOAL, TEAM_REFLECTION
from workbook.pdf import Document

# Tables shown as their own sections; every other kind is counted, with why it is kept.
_SECTIONS = frozenset({"workbook_entries", "introductions", "work_sessions", "maturity_scores"})


def data_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode()


def data_pdf(content: Content, data: dict[str, Any], *, created: datetime) -> bytes:
    """Blocking (fpdf2): call it in a thread from the event loop."""
    texts = content.workbook
    person, tables = data.get("person") or {}, data.get("tables") or {}
    name = person.get("name") or texts.diploma_unnamed
    pdf = Document(texts.my_data_pdf_title, created=created)
    pdf.heading(texts.my_data_pdf_title, size=18, space=0)
    pdf.subtle(texts.my_data_pdf_made.format(date=format_day_sv(created), name=name))
    _person(pdf, content, person, data.get("organisation") or {})
    _texts(pdf, content, tables.get("workbook_entries", []), tables.get("introductions", []))
    _times(pdf, content, tables.get("work_sessions", []))
    _maturity(pdf, content, tables.get("maturity_scores", []))
    _counts(pdf, content, {t: len(rows) for t, rows in tables.items() if t not in _SECTIONS})
    return pdf.output()


def _person(pdf: Document, content: Content, person: dict[str, Any], org: dict[str, Any]) -> None:
    texts = content.workbook
    pdf.heading(texts.data_name("people"), size=13)
    for template, value in (
        (texts.my_data_pdf_name, person.get("name")),
        (texts.my_data_pdf_email, person.get("email")),
        (texts.my_data_pdf_organisation, org.get("name")),
    ):
        if value:
            pdf.paragraph(template.format(value=value))
    _why(pdf, content, "people")


def _texts(
    pdf: Document, content: Content, entries: list[dict[str, Any]], intros: list[dict[str, Any]]
) -> None:
    texts = content.workbook
    if not entries and not intros:
        return
    pdf.heading(texts.my_data_pdf_texts, size=15)
    for entry in sorted(entries, key=lambda e: (e.get("kind") != GOAL, e.get("created_at", ""))):
        title = _entry_title(content, entry)
        if title is None:
            continue
        pdf.heading(title, size=12, space=2)
        pdf.paragraph(entry.get("text") or "")
        notes = [_day(entry.get("created_at"))]
        notes += [texts.my_data_pdf_shared] if entry.get("shared") else []
        notes += [texts.my_data_pdf_draft] if entry.get("draft") else []
        pdf.subtle(" ".join(n for n in notes if n))
    if entries:
        _why(pdf, content, "workbook_entries")
    for intro in intros:
        pdf.heading(texts.my_data_pdf_introduction, size=12, space=2)
        for key in ("who", "leads", "goal"):
            pdf.paragraph(intro.get(key) or "")
    if intros:
        _why(pdf, content, "introductions")


def _entry_title(content: Content, entry: dict[str, Any]) -> str | None:
    texts, kind = content.workbook, entry.get("kind")
    if kind == GOAL:
        return texts.my_data_pdf_goal
    if kind == TEAM_REFLECTION:
        return texts.my_data_pdf_team_reflection
    if kind in (EXERCISE_REFLECTION, EXERCISE_NOTES):
        exercise = find_exercise(content, entry.get("exercise_id") or "")
        what = (
            texts.my_data_pdf_reflection if kind == EXERCISE_REFLECTION else texts.my_data_pdf_notes
        )
        return f"{what}: {exercise.title}" if exercise else None
    return None  # the journey's completion: a date, on the diploma


def _times(pdf: Document, content: Content, sessions: list[dict[str, Any]]) -> None:
    if not sessions:
        return
    pdf.heading(content.workbook.my_data_pdf_times, size=13)
    for session in sorted(sessions, key=lambda s: s.get("starts_at", "")):
        pdf.bullet(format_datetime_sv(_moment(session["starts_at"])))
    _why(pdf, content, "work_sessions")


def _maturity(pdf: Document, content: Content, scores: list[dict[str, Any]]) -> None:
    if not scores:
        return
    texts = content.workbook
    areas = {area.id: area.title for area in content.maturity.areas}
    pdf.heading(texts.my_data_pdf_maturity, size=13)
    for score in sorted(scores, key=lambda s: (s.get("assessed_at", ""), s.get("area_id", ""))):
        pdf.bullet(
            texts.my_data_pdf_maturity_line.format(
                date=_day(score.get("assessed_at")),
                area=areas.get(score.get("area_id", ""), score.get("area_id", "")),
                level=score.get("grade"),
            )
        )
    _why(pdf, content, "maturity_scores")


def _counts(pdf: Document, content: Content, counts: dict[str, int]) -> None:
    if not counts:
        return
    texts = content.workbook
    pdf.heading(texts.my_data_pdf_other, size=13)
    for table, count in sorted(counts.items(), key=lambda item: texts.data_name(item[0])):
        pdf.bullet(texts.my_data_pdf_count_line.format(what=texts.data_name(table), count=count))
        _why(pdf, content, table)


def _why(pdf: Document, content: Content, table: str) -> None:
    """Why the kind is stored and for how long (the erasure's rule: deleted, or kept as an
    anonymous count)."""
    texts = content.workbook
    kept = texts.keep_anonymously if table in KEPT_FOR_COUNTS else texts.keep_until_erased
    pdf.subtle(f"{texts.my_data_pdf_why} {texts.why(table)} {kept}")


def _day(value: Any) -> str:
    return format_day_sv(_moment(value)) if isinstance(value, str) else ""


def _moment(value: str) -> datetime:
    """A stored instant as exported; SQLite gives it back without its zone, which is UTC."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
