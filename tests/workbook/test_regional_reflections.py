"""A leader's reflections after regional meetings stand in their workbook PDF and Markdown under
their own heading, titled by the meeting's theme; nobody else's do."""

from __future__ import annotations

from datetime import UTC, datetime

from services.regional_meetings import Added, Reply
from storage.database import Database
from storage.workbook import Workbook
from tests.clock import TestClock
from tests.coordination.test_regional_meetings import form, meetings_on, setup
from tests.coordination.test_regions import KIRUNA, LULEA
from tests.services.test_onboarding import CONTENT
from tests.workbook.conftest import pdf_text, squash
from workbook.export import build_document, to_markdown, to_pdf

MINE = "Kirunas sätt att testa idéer med medborgarna vill jag pröva hemma."
THEIRS = "Det här skrev någon annan och hör inte hemma i min arbetsbok."


async def test_regional_reflections_are_in_the_workbook_pdf(
    database: Database, clock: TestClock
) -> None:
    _, eva, cohort_id, people = await setup(database, {LULEA: 1, KIRUNA: 1})
    meetings = meetings_on(database)
    added = await meetings.add(eva, form(cohort_id, meeting_theme="Medborgardialog"))
    assert isinstance(added, Added)
    anna, kim = people[LULEA][1], people[KIRUNA][1]
    for who in (anna, kim):
        await meetings.answer(who, added.meeting_id, True)
    clock.move_to(datetime(2027, 1, 15, 14, 30, tzinfo=UTC))  # over
    assert (await meetings.reflect(anna, added.meeting_id, MINE))[0] is Reply.SAVED
    assert (await meetings.reflect(kim, added.meeting_id, THEIRS))[0] is Reply.SAVED

    workbook = Workbook(database)
    themes = await workbook.regional_meeting_themes(anna.person_id)
    assert themes == {f"regional-meeting-{added.meeting_id}": "Medborgardialog"}
    document = build_document(
        CONTENT,
        owner="Anna",
        entries=await workbook.entries(anna.person_id),
        assessments=[],
        completed_at=None,
        now=clock(),
        meeting_themes=themes,
    )
    shown = squash(pdf_text(to_pdf(document, CONTENT, chart=None, created=clock())))
    assert "Reflektioner efter regionträffar" in shown
    assert f"Medborgardialog, 15 januari 2027 {MINE}" in shown
    assert THEIRS not in shown
    markdown = to_markdown(document, CONTENT)
    assert "## Reflektioner efter regionträffar" in markdown and f"> {MINE}" in markdown
    # Without regional reflections there is no such heading.
    empty = build_document(
        CONTENT, owner="Eva", entries=[], assessments=[], completed_at=None, now=clock()
    )
    assert "regionträffar" not in squash(
        pdf_text(to_pdf(empty, CONTENT, chart=None, created=clock()))
    )
