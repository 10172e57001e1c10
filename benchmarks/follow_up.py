"""How long "uppföljning" takes to count a large municipality (the reads and the summary, not
the card): LEADERS leaders in groups of four, each with a goal, reflections, modules and
maturity answers, on SQLite (default) or the PostgreSQL of --database-url.

    .venv/bin/python benchmarks/follow_up.py [--leaders 2000] [--runs 5] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from clock import system_clock  # noqa: E402
from content.loader import load_content  # noqa: E402
from services.follow_up import FollowUpService, follow_up_csv  # noqa: E402
from storage import migrate  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.follow_up import FollowUpFacts  # noqa: E402
from storage.journey_models import MaturityScore, OnboardingProgress, WorkbookEntry  # noqa: E402
from storage.models import Group, Membership, Person  # noqa: E402
from storage.roles import RoleName  # noqa: E402
from tests.coordination.support import UPPSALA, actor, service  # noqa: E402

AREAS = ("culture", "user_perspective", "structure", "collaboration")


async def populate(database: Database, leaders: int) -> int:
    now = system_clock()
    organisation = (await actor(database, UPPSALA, "anna", email="anna@x.se")).organisation_id
    async with database.transaction() as session:
        people = [
            {
                "organisation_id": organisation,
                "aad_object_id": f"aad-{n}",
                "teams_user_id": f"29:{n}",
                "name": f"Ledare {n}",
                "created_at": now,
            }
            for n in range(leaders)
        ]
        await session.execute(insert(Person), people)
        groups = [
            {
                "organisation_id": organisation,
                "team_id": f"team-{g}",
                "name": f"G{g}",
                "active": True,
                "created_at": now,
            }
            for g in range(leaders // 4)
        ]
        await session.execute(insert(Group), groups)
    async with database.transaction() as session:
        ids = sorted(
            (await session.scalars(Person.__table__.select().with_only_columns(Person.id))).all()
        )
        group_ids = sorted(
            (await session.scalars(Group.__table__.select().with_only_columns(Group.id))).all()
        )
        await session.execute(
            insert(Membership),
            [
                {
                    "group_id": group_ids[i // 4],
                    "person_id": p,
                    "role": "member",
                    "state": "active",
                    "joined_at": now,
                }
                for i, p in enumerate(ids[: len(group_ids) * 4])
            ],
        )
        await session.execute(
            insert(OnboardingProgress),
            [
                {
                    "person_id": p,
                    "step": "done",
                    "module_index": 0,
                    "paused": False,
                    "started_at": now,
                    "updated_at": now,
                    "completed_at": now,
                }
                for p in ids[::2]
            ],
        )
        await session.execute(
            insert(WorkbookEntry),
            [
                {
                    "person_id": p,
                    "kind": kind,
                    "text": "x",
                    "shared": False,
                    "draft": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for p in ids
                for kind in (
                    "goal",
                    "exercise_reflection",
                    "exercise_reflection",
                    "team_reflection",
                )
            ],
        )
        await session.execute(
            insert(MaturityScore),
            [
                {
                    "person_id": p,
                    "checkpoint": "start",
                    "area_id": a,
                    "grade": 1 + (p + i) % 4,
                    "assessed_at": now,
                }
                for p in ids
                for i, a in enumerate(AREAS)
            ],
        )
    return organisation


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leaders", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{folder}/bench.db"
        database = Database(url, clock=system_clock)
        await migrate.upgrade(database)
        await populate(database, args.leaders)
        coordination = service(database)
        await coordination.name_from_cli(UPPSALA, "anna@x.se", RoleName.COORDINATOR)
        anna = await actor(database, UPPSALA, "anna", email="anna@x.se")
        content = load_content()
        follow_up = FollowUpService(content, FollowUpFacts(database), coordination)
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            found = await follow_up.follow_up(anna, UPPSALA)
            assert found is not None and found.municipality.counts is not None
            follow_up_csv(found, content)
            timings.append((time.perf_counter() - started) * 1000)
        await database.dispose()
    print(
        f"{args.leaders} leaders, {args.leaders // 4} groups on {url.split(':')[0]}: "
        f"median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms "
        f"over {args.runs} runs (follow-up + CSV)"
    )


if __name__ == "__main__":
    asyncio.run(main())
