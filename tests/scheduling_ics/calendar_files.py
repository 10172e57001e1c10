"""Writing small iCalendar files for the tests."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent


def vcalendar(*events: str) -> str:
    body = "".join(dedent(event).strip() + "\n" for event in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Tester//Test//SV\n{body}END:VCALENDAR\n"


def vevent(uid: str, *properties: str) -> str:
    lines = [f"UID:{uid}", "DTSTAMP:20260101T000000Z", *properties]
    return "BEGIN:VEVENT\n" + "\n".join(lines) + "\nEND:VEVENT"


def write_calendar(directory: Path, email: str, *events: str) -> Path:
    path = directory / f"{email}.ics"
    path.write_text(vcalendar(*events), encoding="utf-8")
    return path
