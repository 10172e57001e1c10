"""A4 PDFs in Swedish with fpdf2: DejaVu Sans (shipped with matplotlib) covers å, ä, ö, ”, –.

Characters the font lacks (emoji, other scripts) become "?" rather than empty boxes, and the
text never passes through fpdf2's markdown, so a leader's `**` stays as they typed it.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import cache
from pathlib import Path

import matplotlib
from fontTools.ttLib import TTFont
from fpdf import FPDF

FAMILY = "DejaVu"
_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
_REGULAR, _BOLD = _FONTS / "DejaVuSans.ttf", _FONTS / "DejaVuSans-Bold.ttf"
LINE = 6.0


@cache
def _covered() -> frozenset[int]:
    return frozenset(TTFont(_REGULAR).getBestCmap())


def printable(value: str) -> str:
    covered = _covered()
    return "".join(ch if ord(ch) in covered or ch in "\n\t" else "?" for ch in value)


class Document:
    """An A4 document with headings and paragraphs, written top to bottom."""

    def __init__(self, title: str, *, created: datetime, landscape: bool = False) -> None:
        self.pdf = FPDF(
            orientation="landscape" if landscape else "portrait", unit="mm", format="A4"
        )
        self.pdf.add_font(FAMILY, "", str(_REGULAR))
        self.pdf.add_font(FAMILY, "B", str(_BOLD))
        self.pdf.set_title(printable(title))
        self.pdf.set_lang("sv")
        self.pdf.set_creator("Expeditionsboten")
        self.pdf.set_creation_date(created)
        self.pdf.set_auto_page_break(auto=True, margin=18)
        self.pdf.set_margins(20, 20, 20)
        self.pdf.add_page()

    def heading(self, value: str, *, size: float = 16, space: float = 4) -> None:
        self.pdf.ln(space)
        self.pdf.set_font(FAMILY, "B", size)
        self.pdf.multi_cell(0, size * 0.5, printable(value), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)

    def paragraph(self, value: str, *, size: float = 11, bold: bool = False) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", size)
        self.pdf.multi_cell(0, LINE, printable(value), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)

    def subtle(self, value: str) -> None:
        self.pdf.set_text_color(90, 90, 90)
        self.paragraph(value, size=9.5)
        self.pdf.set_text_color(0, 0, 0)

    def bullet(self, value: str, *, size: float = 11) -> None:
        self.pdf.set_font(FAMILY, "", size)
        self.pdf.set_x(self.pdf.l_margin + 4)
        self.pdf.multi_cell(0, LINE, printable(f"• {value}"), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def image(self, png: bytes, *, width: float = 165) -> None:
        self.pdf.image(io.BytesIO(png), w=width)
        self.pdf.ln(2)

    def centered(self, value: str, *, size: float, bold: bool = False, space: float = 0) -> None:
        self.pdf.ln(space)
        self.pdf.set_font(FAMILY, "B" if bold else "", size)
        self.pdf.multi_cell(
            0, size * 0.55, printable(value), align="C", new_x="LMARGIN", new_y="NEXT"
        )

    def output(self) -> bytes:
        return bytes(self.pdf.output())
