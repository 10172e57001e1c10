"""The diploma: one landscape A4 page for a leader who completed the journey."""

from __future__ import annotations

from datetime import datetime

from content.models import Content
from workbook.export import swedish_date
from workbook.pdf import Document


def diploma_pdf(content: Content, *, name: str, completed_at: datetime, created: datetime) -> bytes:
    """Blocking (fpdf2): call it in a thread from the event loop."""
    texts = content.workbook
    organisation = content.organisation
    pdf = Document(f"{texts.diploma_title} – {name}", created=created, landscape=True)
    page = pdf.pdf
    page.set_draw_color(40, 90, 140)
    page.set_line_width(1.2)
    page.rect(10, 10, page.w - 20, page.h - 20)
    page.set_line_width(0.4)
    page.rect(13, 13, page.w - 26, page.h - 26)
    pdf.centered(texts.diploma_title, size=40, bold=True, space=22)
    pdf.centered(texts.diploma_journey, size=20, space=8)
    pdf.centered(name, size=28, bold=True, space=24)
    pdf.centered(texts.diploma_text.format(name=name), size=13, space=10)
    date = swedish_date(completed_at, organisation.time_zone)
    pdf.centered(
        texts.diploma_date.format(organisation=organisation.name, date=date), size=12, space=24
    )
    return pdf.output()
