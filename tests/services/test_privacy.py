"""The privacy service without HTTP: a leader's data counted with links signed for them, and
erased on request, their texts with it, while another leader's stay."""

from __future__ import annotations

from storage.database import Database
from storage.personal_data import PEOPLE
from tests.clock import TestClock
from tests.services.learners import TENANT, learners


async def test_my_data_counts_what_is_stored_with_links_of_my_own(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    anna = await world.leader("aad-anna", "Anna Berg")
    await world.reflections.send(jonas, TENANT, "Jonas", "unit_meeting", "Min reflektion.", False)

    mine = await world.privacy.my_data(jonas, TENANT)
    counts = dict(mine.counts)
    assert counts[PEOPLE] == 1 and counts["workbook_entries"] == 1
    theirs = await world.privacy.my_data(anna, TENANT)
    assert dict(theirs.counts).get("workbook_entries", 0) == 0
    assert mine.json_url != theirs.json_url and mine.pdf_url != theirs.pdf_url
    assert mine.minutes > 0


async def test_erasure_removes_the_leaders_texts_and_only_theirs(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    anna = await world.leader("aad-anna", "Anna Berg")
    for person, name in ((jonas, "Jonas"), (anna, "Anna")):
        await world.reflections.send(person, TENANT, name, "unit_meeting", "Gjort.", False)

    report = await world.privacy.erase(jonas)
    assert report.total_deleted > 0
    assert await world.workbook.reflection(jonas, "unit_meeting") is None
    assert await world.workbooks.view(jonas, TENANT) is None  # no longer a person here
    assert await world.workbook.reflection(anna, "unit_meeting") is not None

    again = await world.privacy.erase(jonas)
    assert again.total_deleted == 0
