"""A leader on the politicians' track goes through that track's three modules: the journey
ends after them, and the halfway self-assessment comes after half of them (not half of the
leaders' six), while a leader on the default track is unaffected."""

from __future__ import annotations

from dataclasses import replace

from storage.database import Database
from tests.clock import TestClock
from tests.services.learners import CONTENT, learners
from tests.services.test_checkpoint_prompts import complete, prompts
from tests.services.test_meeting_followup_tracks import TracksOf

POLITICIANS = "fortroendevalda"


async def test_a_politician_completes_the_three_modules_of_their_track(
    database: Database, clock: TestClock
) -> None:
    tracks = TracksOf()
    world = await learners(database, clock, tracks=tracks)
    daniela = await world.leader("aad-daniela", "Daniela Drazic")
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    tracks.tracks[daniela] = POLITICIANS
    politicians = replace(world, content=CONTENT.for_track(POLITICIANS))

    statuses = await world.learning.statuses(daniela, "tenant")
    assert [s.module.id for s in statuses] == [
        "pol_user_driven",
        "pol_service_design",
        "pol_elected_role",
    ]
    assert [s.module.id for s in await world.learning.statuses(jonas, "tenant")] == [
        m.id for m in CONTENT.modules
    ]

    await complete(politicians, daniela, 1)
    assert await prompts(world, daniela) == {}
    await complete(politicians, daniela, 2, start=1)
    assert list(await prompts(world, daniela)) == [f"checkpoint-{daniela}-halfway"]
    await complete(politicians, daniela, 3, start=2)
    assert list(await prompts(world, daniela)) == [
        f"checkpoint-{daniela}-halfway",
        f"checkpoint-{daniela}-end",  # the journey is done after three modules
    ]

    await complete(world, jonas, 2)  # two of the leaders' six: not halfway yet
    assert await prompts(world, jonas) == {}
