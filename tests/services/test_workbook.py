"""The workbook service without HTTP: one owner's workbook only, checkpoints kept only when
complete, and the journey's end recorded once, which makes the diploma available."""

from __future__ import annotations

from datetime import timedelta

from services.events import JourneyCompleted
from services.workbook import CheckpointForm, CheckpointSaved
from storage.database import Database
from tests.card_schema import assert_valid_card, card_texts
from tests.clock import TestClock
from tests.services.learners import OTHER_TENANT, TENANT, learners


async def test_the_workbook_is_its_owners_only(database: Database, clock: TestClock) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    anna = await world.leader("aad-anna", "Anna Berg")

    mine = await world.workbooks.view(jonas, TENANT)
    theirs = await world.workbooks.view(anna, TENANT)
    assert mine is not None and theirs is not None
    assert mine.links.pdf != theirs.links.pdf  # signed for each person
    assert mine.links.diploma is None  # not completed yet
    assert await world.workbooks.view(jonas, OTHER_TENANT) is None  # not a person there
    assert await world.workbooks.diploma_card(jonas, OTHER_TENANT) is None


async def test_the_journeys_end_is_recorded_once_and_offers_the_diploma(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    await world.workbooks.record_journey_completed(JourneyCompleted(jonas, TENANT))
    first = await world.workbook.completed_at(jonas)
    assert first is not None
    clock.advance(timedelta(days=1))
    await world.workbooks.record_journey_completed(JourneyCompleted(jonas, TENANT))
    assert await world.workbook.completed_at(jonas) == first

    view = await world.workbooks.view(jonas, TENANT)
    assert view is not None and view.links.diploma is not None
    card = await world.workbooks.diploma_card(jonas, TENANT)
    assert card is not None
    assert_valid_card(card)
    assert "Ditt diplom (PDF)" in card_texts(card)


async def test_another_tenants_event_records_nothing(database: Database, clock: TestClock) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    await world.workbooks.record_journey_completed(JourneyCompleted(jonas, OTHER_TENANT))
    assert await world.workbook.completed_at(jonas) is None


async def test_a_checkpoint_is_kept_only_with_every_area_graded(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    areas = [area.id for area in world.content.maturity.areas]

    partial = {areas[0]: "2", areas[1]: "9", areas[2]: "x"}  # one valid, two not, one missing
    form = await world.workbooks.save_checkpoint(jonas, TENANT, "halfway", partial)
    assert isinstance(form, CheckpointForm) and form.grades == {areas[0]: 2}
    assert await world.workbook.maturity(jonas, "halfway") == {}

    every = dict.fromkeys(areas, "3")
    assert await world.workbooks.save_checkpoint(jonas, TENANT, "halfway", every) is (
        CheckpointSaved.SAVED
    )
    assert await world.workbook.maturity(jonas, "halfway") == dict.fromkeys(areas, 3)
    gone = await world.workbooks.save_checkpoint(jonas, TENANT, "no_such_point", every)
    assert gone is CheckpointSaved.UNKNOWN

    end = await world.workbooks.checkpoint(jonas, TENANT, "end")
    assert end is not None and end.previous is not None
    assert end.previous[1] == dict.fromkeys(areas, 3)  # compared with halfway
    assert await world.workbooks.checkpoint(jonas, TENANT, "no_such_point") is None
