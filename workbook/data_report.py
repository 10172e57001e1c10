"""'Mina data' as a PDF: every stored row about the leader, table by table, field by field."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from content.models import Content
from workbook.pdf import Document


def data_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode()


def data_pdf(content: Content, data: dict[str, Any], *, created: datetime) -> bytes:
    """Blocking (fpdf2): call it in a thread from the event loop."""
    texts = content.workbook
    pdf = Document(texts.my_data_pdf_title, created=created)
    pdf.heading(texts.my_data_pdf_title, size=18, space=0)
    pdf.heading(texts.data_name("people"), size=13)
    _fields(pdf, data.get("person") or {})
    if data.get("organisation"):
        _fields(pdf, data["organisation"])
    for table, rows in sorted(data.get("tables", {}).items()):
        pdf.heading(f"{texts.data_name(table)} ({table})", size=13)
        for row in rows:
            _fields(pdf, row)
    return pdf.output()


def _fields(pdf: Document, row: dict[str, Any]) -> None:
    for key, value in row.items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        pdf.bullet(f"{key}: {shown}", size=9.5)
    pdf.pdf.ln(2)
