"""A cohort's audience track: chosen when the coordinator starts it (checked, stored, audited),
and found again for each of its leaders, in their own municipality only."""

from __future__ import annotations

from sqlalchemy import func, select

from services.cohorts import CohortRequest, Problem, Rejected, Started
from storage.audit import AuditAction, AuditLog
from storage.cohorts import Cohort, Cohorts
from storage.database import Database
from tests.clock import TestClock
from tests.coordination.support import HELSINGBORG, UPPSALA, person
from tests.coordination.test_cohorts import cohorts_on, coordinator

POLITICIANS = "fortroendevalda"


def request(leaders: str, track: str, starts_on: str = "2026-12-07") -> CohortRequest:
    return CohortRequest("Nämnden", starts_on, leaders, track=track)


async def test_the_chosen_track_is_stored_listed_and_audited(
    database: Database, clock: TestClock
) -> None:
    anna = await coordinator(database)
    started = await cohorts_on(database, clock).start(
        anna, UPPSALA, request("bo@kommun.example", POLITICIANS)
    )
    assert isinstance(started, Started) and started.track == POLITICIANS
    [summary] = await Cohorts(database).of_organisation(anna.organisation_id)
    assert summary.track == POLITICIANS
    log = await AuditLog(database).of_organisation(anna.organisation_id)
    [entry] = [r for r in log if r.action == AuditAction.COHORT_STARTED]
    assert entry.detail.endswith(f"track {POLITICIANS}")


async def test_the_default_track_is_stored_as_none(database: Database, clock: TestClock) -> None:
    anna = await coordinator(database)
    cohorts = cohorts_on(database, clock)
    for track in ("", "ledare"):
        started = await cohorts.start(anna, UPPSALA, request("bo@kommun.example", track))
        assert isinstance(started, Started) and started.track is None
    async with database.sessions() as session:
        assert (await session.scalars(select(Cohort.track))).all() == [None, None]


async def test_an_unknown_track_is_refused_and_nothing_is_stored(
    database: Database, clock: TestClock
) -> None:
    anna = await coordinator(database)
    result = await cohorts_on(database, clock).start(
        anna, UPPSALA, request("bo@kommun.example", "politiker")
    )
    assert isinstance(result, Rejected) and result.problems == (Problem.UNKNOWN_TRACK,)
    assert result.request.leaders == "bo@kommun.example"
    async with database.sessions() as session:
        assert await session.scalar(select(func.count(Cohort.id))) == 0


async def test_a_leader_gets_the_track_of_their_latest_cohort_in_their_municipality(
    database: Database, clock: TestClock
) -> None:
    anna = await coordinator(database)
    cohorts = cohorts_on(database, clock)
    _, bo = await person(database, UPPSALA, "bo", email="bo@kommun.example")
    _, elsewhere = await person(database, HELSINGBORG, "bo2", email="cia@kommun.example")
    _, eva = await person(database, UPPSALA, "eva", email="eva@kommun.example")
    store = Cohorts(database)
    assert await store.track_of(bo) is None  # no cohort: the default track

    await cohorts.start(anna, UPPSALA, request("bo@kommun.example, cia@kommun.example", ""))
    await cohorts.start(
        anna, UPPSALA, request("bo@kommun.example, cia@kommun.example", POLITICIANS, "2027-01-11")
    )
    assert await store.track_of(bo) == POLITICIANS  # the later start date
    assert await store.track_of(eva) is None  # not in a cohort
    # The same address in another municipality is someone else: not in Uppsala's cohort.
    assert await store.track_of(elsewhere) is None

    # Met after the cohort started: found by their address.
    _, cia = await person(database, UPPSALA, "cia", email="Cia@Kommun.example")
    assert await store.track_of(cia) == POLITICIANS
    # The jobs ask for many at once, by member and by address: the same answers, and those
    # in no cohort left out (the default track).
    assert await store.tracks_of([bo, eva, elsewhere, cia]) == {bo: POLITICIANS, cia: POLITICIANS}
