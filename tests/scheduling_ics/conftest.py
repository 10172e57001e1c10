from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scheduling.calendars import IcsCalendars
from tests.clock import TestClock

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    path = tmp_path / "calendars"
    path.mkdir()
    return path


@pytest.fixture
def calendars(directory: Path) -> IcsCalendars:
    return IcsCalendars(directory, zone=STOCKHOLM, clock=TestClock())
