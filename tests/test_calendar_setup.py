"""Which calendar provider the app builds from its settings."""

from __future__ import annotations

from pathlib import Path

from app import build_calendars
from scheduling.calendars import IcsCalendars
from scheduling.calendars.graph import GraphCalendars
from settings import Settings
from tests.clock import TestClock


async def test_without_graph_settings_the_bot_reads_ics_files(tmp_path: Path) -> None:
    calendars = build_calendars(Settings(calendar_dir=tmp_path), TestClock())
    assert isinstance(calendars, IcsCalendars)
    await calendars.close()


async def test_graph_settings_select_microsoft_graph() -> None:
    settings = Settings(
        graph_tenant_id="00000000-0000-0000-0000-000000000001",
        graph_client_id="11111111-2222-3333-4444-555555555555",
        graph_client_secret="secret",
        graph_base_url="http://127.0.0.1:9/v1.0",
    )
    calendars = build_calendars(settings, TestClock())
    try:
        assert isinstance(calendars, GraphCalendars)
    finally:
        await calendars.close()
