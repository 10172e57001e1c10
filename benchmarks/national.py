"""National scale on PostgreSQL: 290 municipalities x 200 leaders in groups of four, a year of it.

Creates its own database (never `test`), fills it with COPY (people, groups, chats, plans,
modules, exercises, reflections and their channel posts, meetings, suggestions and digests,
the outbox's history, a day of processed activities), then measures:

1. Idle ticks: every job app.py registers (built by app.build_services on this database, the
   clock at "now", nothing due) is run twice (the first tick over the fresh data, then the
   next); the statements of both are counted with engine events and each distinct query of
   the second is shown with EXPLAIN ANALYZE (in a transaction that is rolled back).
   A sequential scan of a table with more than SMALL_TABLE rows is flagged.
2. The morning: 10,000 reminders due at once across 100 tenants (100 each), sent by the real
   OutboxSender (two replicas, each an OS process, sharing the PostgreSQL send budget, as app.py
   builds them) to a loopback FakeConnector (a process of its own); per tenant the most requests
   the fake received in any 1-s window, lost (enqueued, never accepted) and doubled (accepted
   twice).
3. Throughput: messages/s for 1, 10 and 100 tenants, one sender process and two (the span from
   the fake's first arrival to its last).

    .venv/bin/python benchmarks/national.py [--scale 1.0] [--database-url URL] [--keep]
        [--skip-morning] [--skip-throughput] [--throughput-tenants 1,10,100] [--max-seconds 300]
        [--replicas 1,2] [--concurrency 20]

--scale multiplies the leaders per municipality (0.05: 10 each); --database-url names the
server and the database to create (default postgresql+asyncpg://postgres@127.0.0.1:5432/
national_bench); the database is dropped at the end unless --keep. Every loop stops by itself
(--max-seconds per sending phase). Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import sys
import tempfile
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import event
from sqlalchemy.engine import make_url

from app import build_services
from chat.address import Account, ConversationAddress
from chat.caller import tenant_id as as_tenant
from clock import system_clock
from content import load_content
from content.models import Content
from learning.progress import module_exercises, next_nudge_due, nudge_interval, nudge_slot
from services.feedback_digest import latest_digest_time
from services.learning import _sessions_per_week
from settings import Settings
from storage import migrate
from storage.database import Database
from storage.workbook import EXERCISE_REFLECTION
from tests.outbox.support import BOT_ID

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/national_bench"
MUNICIPALITIES, LEADERS, GROUP_SIZE = 290, 200, 4
SERVICE_URL = "https://smba.trafficmanager.net/emea/"
SMALL_TABLE = 1000  # a scan of fewer rows than this is cheaper than an index: not flagged
TENANT_LIMIT = 50  # requests per second per tenant (per app)
ZONE = ZoneInfo("Europe/Stockholm")


def tenant_of(n: int) -> str:
    return f"{n:08x}-0000-4000-8000-{n:012x}"


def address(tenant: str, conversation_id: str, service_url: str = SERVICE_URL) -> str:
    kind = "personal" if conversation_id.startswith("a:") else "channel"
    return ConversationAddress(
        service_url=service_url,
        conversation_id=conversation_id,
        tenant_id=as_tenant(tenant),
        bot=Account(BOT_ID, "Expeditionsboten"),
        conversation_type=kind,
    ).to_json()


def payload(text: str, key: str) -> str:
    return json.dumps({"type": "message", "text": text, "channelData": {"idempotencyKey": key}})


# --- the database ------------------------------------------------------------------------------


def server_dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url)
    return parsed.set(
        drivername="postgresql", database=database or parsed.database
    ).render_as_string(hide_password=False)


async def create_database(url: str) -> None:
    name = make_url(url).database
    if name in (None, "", "test", "postgres"):
        raise SystemExit(f"refusing to use database {name!r}: name one of its own")
    connection = await asyncpg.connect(server_dsn(url, "postgres"))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def drop_database(url: str) -> None:
    connection = await asyncpg.connect(server_dsn(url, "postgres"))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    finally:
        await connection.close()


# --- a year of activity --------------------------------------------------------------------------


@dataclass
class Generated:
    tenants: list[str] = field(default_factory=list)
    personal: dict[str, list[str]] = field(default_factory=dict)  # tenant -> leaders' chats
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class Tables:
    """Rows per table, written with COPY when a table's buffer is full (bounded memory)."""

    def __init__(self, connection: asyncpg.Connection, flush_at: int = 50_000) -> None:
        self._connection = connection
        self._flush_at = flush_at
        self._buffers: dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]] = {}
        self.counts: dict[str, int] = defaultdict(int)

    async def add(self, table: str, columns: tuple[str, ...], row: tuple[Any, ...]) -> None:
        _, rows = self._buffers.setdefault(table, (columns, []))
        rows.append(row)
        if len(rows) >= self._flush_at:
            await self.close()  # every table, parents first: the foreign keys hold

    async def _flush(self, table: str) -> None:
        columns, rows = self._buffers[table]
        if rows:
            await self._connection.copy_records_to_table(table, records=rows, columns=columns)
            self.counts[table] += len(rows)
            rows.clear()

    async def close(self) -> None:
        for table in sorted(self._buffers, key=ORDER.index):
            await self._flush(table)


ORDER = [
    "organisations", "people", "groups", "memberships", "conversation_refs", "learning_plans",
    "learning_modules", "learning_exercises", "workbook_entries", "outbox", "reflection_posts",
    "meetings", "feedback", "feedback_digests", "processed_activities", "address_lookups",
    "cohorts", "cohort_members", "regions", "region_members", "regional_cohorts",
    "regional_cohort_parts", "regional_meetings",
]  # fmt: skip
LOOKUP = ("person_id", "organisation_id", "due_at", "tried_at", "attempts", "last_error")
COHORT = ("id", "organisation_id", "name", "starts_on", "start_at", "created_at")
COHORT_MEMBER = ("id", "cohort_id", "email", "person_id")
REGION = ("id", "name", "created_at")
REGION_MEMBER = ("id", "region_id", "organisation_id", "state", "invited_at", "answered_at")
REGIONAL_COHORT = ("id", "region_id", "name", "starts_on", "ends_on", "created_at")
PART = ("id", "regional_cohort_id", "organisation_id", "cohort_id")
REGIONAL_MEETING = (
    "id", "regional_cohort_id", "starts_at", "minutes", "theme", "agenda", "guest", "link",
    "cancelled", "created_at",
)  # fmt: skip
REGIONS = 21  # Sweden's regions; municipality o belongs to region (o - 1) % 21 + 1
MEETINGS_PER_REGION = 6  # five held over the year, one booked ahead (generate_regions)


def meeting_ahead(o: int) -> int:
    """The id of the meeting booked ahead in municipality o's region (the last of its six)."""
    return ((o - 1) % REGIONS + 1) * MEETINGS_PER_REGION
ORG = ("id", "tenant_id", "name", "created_at")
PERSON = (
    "id", "organisation_id", "aad_object_id", "teams_user_id", "name", "given_name", "email",
    "welcomed_at", "paused_at", "nudges", "created_at",
)  # fmt: skip
GROUP = ("id", "organisation_id", "team_id", "name", "aad_group_id", "active", "created_at")
MEMBER = ("group_id", "person_id", "role", "state", "joined_at")
REF = (
    "id", "organisation_id", "conversation_id", "kind", "service_url", "person_id", "group_id",
    "reference", "active", "updated_at",
)  # fmt: skip
PLAN = (
    "person_id", "familiarity", "module_order", "exercise_numbers", "parts_of_day", "frequency",
    "updated_at",
)  # fmt: skip
MODULE = ("person_id", "module_id", "started_at", "group_session_at", "completed_at")
EXERCISE = ("person_id", "exercise_id", "module_id", "started_at", "sittings", "nudge_due_at")
ENTRY = (
    "id", "person_id", "kind", "module_id", "exercise_id", "text", "shared", "draft",
    "created_at", "updated_at",
)  # fmt: skip
POST = ("entry_id", "group_id", "outbox_id", "revision", "withdrawn", "posted_at", "updated_at")
MEETING = (
    "id", "group_id", "number", "state", "starts_at", "ends_at", "booked_at", "booking_attempts",
    "announced_for", "digest_at", "held_at", "created_at", "updated_at",
)  # fmt: skip
SUGGESTION = ("id", "organisation_id", "person_id", "text", "created_at")
DIGEST = ("id", "organisation_id", "week", "until", "suggestions", "created_at")
OUTBOX = (
    "id", "organisation_id", "conversation_id", "reference", "payload", "due_at",
    "idempotency_key", "state", "attempts", "failures", "next_attempt_at", "sent_activity_id",
    "created_at", "updated_at",
)  # fmt: skip
PROCESSED = ("tenant_id", "conversation_id", "kind", "activity_id", "received_at")


class Ids:
    def __init__(self) -> None:
        self._next: dict[str, int] = defaultdict(int)

    def __call__(self, table: str) -> int:
        self._next[table] += 1
        return self._next[table]

    def last(self, table: str) -> int:
        return self._next[table]


async def generate(
    url: str, now: datetime, content: Content, *, municipalities: int, leaders: int, history: int
) -> Generated:
    """A year of activity ending at `now`, nothing of it due at `now`."""
    started = time.perf_counter()
    rng = random.Random(16)
    out = Generated()
    ids = Ids()
    year_ago = now - timedelta(days=365)
    modules = list(content.modules)
    exercises = {m.id: module_exercises(content, m) for m in modules}
    interval = nudge_interval(_sessions_per_week(content, None))
    connection = await asyncpg.connect(server_dsn(url))
    tables = Tables(connection)
    try:
        for o in range(1, municipalities + 1):
            tenant = tenant_of(o)
            out.tenants.append(tenant)
            out.personal[tenant] = []
            await tables.add("organisations", ORG, (o, tenant, f"Kommun {o}", year_ago))
            people: list[tuple[int, str, datetime]] = []
            for n in range(leaders):
                p = ids("people")
                joined = year_ago + timedelta(days=rng.uniform(0, 60))
                paused = now - timedelta(days=rng.uniform(1, 90)) if rng.random() < 0.03 else None
                # In every tenth municipality two leaders met only in the personal chat: their
                # address was asked of Teams today and is asked again tomorrow.
                email = None if o % 10 == 0 and n < 2 else f"ledare{p}@kommun{o}.example"
                await tables.add(
                    "people",
                    PERSON,
                    (
                        p, o, f"{p:08x}-aaaa-4000-8000-{p:012x}", f"29:user-{p}",
                        f"Ledare {p}", "Ledare", email, joined, paused, True, joined,
                    ),
                )  # fmt: skip
                if email is None:
                    await tables.add(
                        "address_lookups",
                        LOOKUP,
                        (p, o, now + timedelta(hours=20), now - timedelta(hours=4), 1, "none"),
                    )
                chat = f"a:personal-{p}"
                out.personal[tenant].append(chat)
                await tables.add(
                    "conversation_refs",
                    REF,
                    (ids("refs"), o, chat, "personal", SERVICE_URL, p, None,
                     address(tenant, chat), True, joined),
                )  # fmt: skip
                people.append((p, chat, joined))
                # The meeting booked ahead was announced to every participant when it was saved.
                saved = now - timedelta(days=30)
                key = f"regional-meeting-{meeting_ahead(o)}-announce-{p}"
                await tables.add("outbox", OUTBOX, sent_row(ids, o, tenant, chat, key, saved))
            for first in range(0, len(people), GROUP_SIZE):
                await generate_group(
                    tables, ids, rng, now, o, tenant, people[first : first + GROUP_SIZE]
                )
            for p, chat, joined in people:
                await generate_leader(
                    tables, ids, rng, now, content, modules, exercises, interval,
                    o, tenant, p, chat, joined, history,
                )  # fmt: skip
            await generate_feedback(tables, ids, rng, now, o, people)
            await generate_cohort(tables, ids, now, o, people)
        await generate_regions(tables, ids, now, municipalities)
        await tables.close()
        for table in ("people", "groups", "conversation_refs", "workbook_entries", "meetings",
                      "feedback", "feedback_digests", "outbox", "cohorts", "cohort_members",
                      "regions", "region_members", "regional_cohorts", "regional_cohort_parts",
                      "regional_meetings"):  # fmt: skip
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    out.rows = dict(tables.counts)
    out.seconds = time.perf_counter() - started
    return out


async def generate_group(
    tables: Tables,
    ids: Ids,
    rng: random.Random,
    now: datetime,
    o: int,
    tenant: str,
    members: list[tuple[int, str, datetime]],
) -> None:
    g = ids("groups")
    formed = max(joined for _, _, joined in members) + timedelta(days=7)
    team = f"19:team-{g}@thread.tacv2"
    await tables.add(
        "groups",
        GROUP,
        (g, o, team, f"Innovationsteam {g}", f"{g:08x}-bbbb-4000-8000-0", True, formed),
    )
    for p, _, _ in members:
        await tables.add("memberships", MEMBER, (g, p, "member", "active", formed))
    await tables.add(
        "conversation_refs",
        REF,
        (
            ids("refs"),
            o,
            team,
            "channel",
            SERVICE_URL,
            None,
            g,
            address(tenant, team),
            True,
            formed,
        ),
    )
    # Meetings monthly-ish from when the group formed: held ones in the past, one booked ahead
    # (announced, its digest not yet due), the rest not yet proposed.
    start = formed + timedelta(days=30)
    for number in range(1, 6):
        begins = start.replace(hour=8, minute=0, second=0, microsecond=0)
        ends = begins + timedelta(hours=1)
        m = ids("meetings")
        row: tuple[Any, ...]
        if ends < now - timedelta(days=1):
            row = (m, g, number, "held", begins, ends, begins - timedelta(days=14), 1, begins,
                   begins - timedelta(days=1), ends, begins - timedelta(days=20), ends)  # fmt: skip
        else:
            ahead = max(begins, now + timedelta(days=rng.uniform(3, 25)))
            ahead = ahead.replace(second=0, microsecond=0)
            booked = now - timedelta(days=2)
            row = (m, g, number, "booked", ahead, ahead + timedelta(hours=1), booked,
                   1, ahead, None, None, booked, booked)  # fmt: skip
        await tables.add("meetings", MEETING, row)
        if row[3] == "booked":
            break
        start = start + timedelta(days=rng.uniform(40, 60))
        await tables.add(
            "outbox",
            OUTBOX,
            sent_row(ids, o, tenant, team, f"meeting-{m}-reminder", begins - timedelta(days=1)),
        )


async def generate_cohort(
    tables: Tables, ids: Ids, now: datetime, o: int, people: list[tuple[int, str, datetime]]
) -> None:
    """The municipality's cohort of all its leaders (id o); in every tenth one a leader named
    by address whom the bot has not met (the address lookups' reason to run)."""
    begun = now - timedelta(days=300)
    await tables.add("cohorts", COHORT, (o, o, f"Kull {o}", begun.date(), begun, begun))
    for p, _, _ in people:
        await tables.add(
            "cohort_members", COHORT_MEMBER, (ids("cohort_members"), o, f"ledare{p}@k{o}.ex", p)
        )
    if o % 10 == 0:
        await tables.add(
            "cohort_members", COHORT_MEMBER, (ids("cohort_members"), o, f"ny@k{o}.ex", None)
        )


async def generate_regions(tables: Tables, ids: Ids, now: datetime, municipalities: int) -> None:
    """21 regions, every municipality joined to one, a regional cohort each (all its leaders)
    meeting every other month for 2.5 hours: the year's meetings held, one booked ahead; in
    three regions that one starts within two days, its reminders not yet due."""
    year_ago = now - timedelta(days=365)
    for r in range(1, REGIONS + 1):
        await tables.add("regions", REGION, (r, f"Region {r}", year_ago))
        await tables.add(
            "regional_cohorts",
            REGIONAL_COHORT,
            (r, r, f"Regional kull {r}", year_ago.date(), (now + timedelta(days=365)).date(),
             year_ago),
        )  # fmt: skip
        meetings = [year_ago + timedelta(days=61 * k) for k in range(1, MEETINGS_PER_REGION)]
        meetings.append(now + (timedelta(hours=47) if r <= 3 else timedelta(days=20 + r)))
        for starts in meetings:
            await tables.add(
                "regional_meetings",
                REGIONAL_MEETING,
                (ids("regional_meetings"), r, starts.replace(second=0, microsecond=0), 150,
                 "Tema", "Agenda", "", "https://teams.example/m", False, starts - timedelta(30)),
            )  # fmt: skip
    for o in range(1, municipalities + 1):
        r = (o - 1) % REGIONS + 1
        await tables.add(
            "region_members",
            REGION_MEMBER,
            (ids("region_members"), r, o, "joined", year_ago, year_ago),
        )
        await tables.add("regional_cohort_parts", PART, (ids("parts"), r, o, o))


def sent_row(ids: Ids, o: int, tenant: str, chat: str, key: str, at: datetime) -> tuple[Any, ...]:
    return (
        ids("outbox"), o, chat, address(tenant, chat), payload("Påminnelse", key), at, key, "sent",
        1, 0, at, f"1:{key}", at, at,
    )  # fmt: skip


async def generate_leader(
    tables: Tables,
    ids: Ids,
    rng: random.Random,
    now: datetime,
    content: Content,
    modules: list[Any],
    exercises: dict[str, tuple[Any, ...]],
    interval: timedelta,
    o: int,
    tenant: str,
    p: int,
    chat: str,
    joined: datetime,
    history: int,
) -> None:
    """A plan, modules done (each with its exercises reflected on, some shared and posted in the
    group's channel), maybe one exercise started and left, and the outbox's history."""
    order = [m.id for m in modules]
    rng.shuffle(order)
    await tables.add(
        "learning_plans",
        PLAN,
        (p, "{}", json.dumps(order), "[]", '["morning"]', None, joined),
    )
    done = min(len(order), int(rng.triangular(0, len(order) + 1, len(order) - 1)))
    at = joined + timedelta(days=2)
    for index, module_id in enumerate(order[: done + 1]):
        completed = index < done
        module_at = at
        if module_at >= now - timedelta(days=2):
            break
        session_at = module_at + timedelta(days=40) if completed else None
        completed_at = session_at + timedelta(hours=1) if session_at else None
        await tables.add(
            "learning_modules", MODULE, (p, module_id, module_at, session_at, completed_at)
        )
        for n, exercise in enumerate(exercises[module_id]):
            reflected = completed or n == 0
            left = not completed and n == 1 and rng.random() < 0.5
            if not (reflected or left):
                break
            started = module_at + timedelta(days=3 * n + 1)
            # As the learning job leaves it: the next nudge's due moment, None once reflected
            # on or past the last nudge (so the tick at `now` finds nothing due).
            next_due = None
            if not reflected:
                next_due = next_nudge_due(
                    started,
                    now,
                    interval,
                    max_nudges=content.learning.nudge_max,
                    zone=ZONE,
                    at=content.learning.nudge_hour,
                )
            await tables.add(
                "learning_exercises", EXERCISE, (p, exercise.key, module_id, started, 0, next_due)
            )
            if reflected:
                shared = rng.random() < 0.3
                e = ids("entries")
                written = started + timedelta(days=1)
                await tables.add(
                    "workbook_entries",
                    ENTRY,
                    (e, p, EXERCISE_REFLECTION, module_id, exercise.key,
                     "Jag märkte att gruppen tog fler idéer på allvar.", shared, False,
                     written, written),
                )  # fmt: skip
                if shared:
                    group = (p - 1) // GROUP_SIZE + 1
                    key = f"reflection-post-{e}"
                    team = f"19:team-{group}@thread.tacv2"
                    row = sent_row(ids, o, tenant, team, key, written)
                    await tables.add("outbox", OUTBOX, row)
                    await tables.add(
                        "reflection_posts", POST, (e, group, row[0], 0, False, written, written)
                    )
            else:  # left: nudged up to the most, as the learning job would have
                slot = nudge_slot(
                    started,
                    now,
                    interval,
                    max_nudges=content.learning.nudge_max,
                    zone=ZONE,
                    at=content.learning.nudge_hour,
                )
                for period in range(1, (slot.period if slot else 0) + 1):
                    key = f"nudge-{p}-{exercise.key}-{period}"
                    due = started + period * interval
                    await tables.add("outbox", OUTBOX, sent_row(ids, o, tenant, chat, key, due))
        at = module_at + timedelta(days=rng.uniform(42, 56))
    for n in range(history):
        due = joined + (now - timedelta(days=1) - joined) * (n + rng.random()) / history
        await tables.add("outbox", OUTBOX, sent_row(ids, o, tenant, chat, f"hist-{p}-{n}", due))
    for n in range(2):  # a day of activity ids, for the dedupe table's prune
        received = now - timedelta(hours=rng.uniform(0, 23))
        await tables.add(
            "processed_activities", PROCESSED, (tenant, chat, "message", f"act-{p}-{n}", received)
        )


async def generate_feedback(
    tables: Tables,
    ids: Ids,
    rng: random.Random,
    now: datetime,
    o: int,
    people: list[tuple[int, str, datetime]],
) -> None:
    """Suggestions through the year and every weekly digest, this week's included."""
    for _ in range(12):
        written = now - timedelta(days=rng.uniform(8, 360))
        person = rng.choice(people)[0] if people else None
        await tables.add(
            "feedback", SUGGESTION, (ids("feedback"), o, person, "Fler exempel, tack!", written)
        )
    for weeks in range(52):
        week, until = latest_digest_time(now - timedelta(weeks=weeks), ZONE)
        await tables.add("feedback_digests", DIGEST, (ids("digests"), o, week, until, 0, until))


# --- 1. idle ticks ------------------------------------------------------------------------------


@dataclass
class JobCost:
    job: str
    statements: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    seconds: float = 0.0


@contextmanager
def recording(database: Database, into: list[JobCost]) -> Iterator[None]:
    engines = [engine.sync_engine for engine in database.engines]

    def statement(_conn: object, _cursor: object, sql: str, params: Any, *_: object) -> None:
        if into:
            into[-1].statements.append((sql, tuple(params or ())))

    for engine in engines:
        event.listen(engine, "before_cursor_execute", statement)
    try:
        yield
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", statement)


class FixedClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


async def idle_ticks(url: str, now: datetime) -> tuple[list[JobCost], list[JobCost], int]:
    """Every registered job twice, at `now`: the first tick after the data was written, then
    the next one (what a running bot pays each time with nothing due: a job may store what its
    first tick found, e.g. the regional meetings' next checks, which migration 0036 leaves
    empty). Returns both ticks' costs and the flagged scans of the second (EXPLAINed)."""
    first: list[JobCost] = []
    costs: list[JobCost] = []
    with tempfile.TemporaryDirectory(prefix="national-") as calendars:
        settings = Settings(database_url=url, host="127.0.0.1", port=1, calendar_dir=calendars)
        services = build_services(settings, load_content(), FixedClock(now))
        try:
            jobs = services.scheduler._scheduler.get_jobs()
            for into in (first, costs):
                with recording(services.database, into):
                    for job in jobs:
                        into.append(JobCost(job.id))
                        started = time.perf_counter()
                        await asyncio.create_task(job.func())
                        into[-1].seconds = time.perf_counter() - started
        finally:
            await services.limiter.close()
            await services.database.dispose()
    flagged = await explain(url, costs)
    return first, costs, flagged


async def explain(url: str, costs: list[JobCost]) -> int:
    connection = await asyncpg.connect(server_dsn(url))
    flagged = 0
    sizes = {
        row["relname"]: int(row["reltuples"])
        for row in await connection.fetch(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'"
        )
    }
    try:
        for cost in costs:
            print(f"\n=== job {cost.job}: {len(cost.statements)} statement(s) at idle,"
                  f" {cost.seconds * 1000:.0f} ms")  # fmt: skip
            seen: set[str] = set()
            for sql, params in cost.statements:
                head = sql.lstrip().split(None, 1)[0].upper()
                if head not in ("SELECT", "WITH", "UPDATE", "DELETE", "INSERT") or sql in seen:
                    continue
                seen.add(sql)
                transaction = connection.transaction()
                await transaction.start()
                try:
                    plan = await connection.fetch(
                        "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql, *params
                    )
                finally:
                    await transaction.rollback()
                lines = [row[0] for row in plan]
                print("--- " + " ".join(sql.split())[:300])
                for line in lines:
                    print("    " + line)
                for line in lines:
                    if "Seq Scan on " in line:
                        table = line.split("Seq Scan on ", 1)[1].split()[0]
                        if sizes.get(table, 0) > SMALL_TABLE:
                            flagged += 1
                            print(f"    ^^^ SCAN of {table} ({sizes[table]} rows)")
    finally:
        await connection.close()
    return flagged


# --- 2 and 3. sending --------------------------------------------------------------------------


@dataclass
class SendResult:
    tenants: int
    replicas: int
    messages: int
    seconds: float
    accepted: int
    lost: int
    doubled: int
    worst_window: int  # the most requests one tenant sent in any 1-s window
    worst_tenant: str
    throttled: int
    forfeited: int = 0  # shared slots given up because the send would have left late
    cpu_seconds: float = 0.0  # the replicas' CPU time together
    claim_seconds: float = 0.0  # the replicas' time in Outbox.claim_due together
    crashed: int = 0  # replicas that gave no summary (killed at their time limit)

    @property
    def rate(self) -> float:
        return self.accepted / self.seconds if self.seconds else 0.0


def busiest_second(times: list[float]) -> int:
    """The most of `times` within any window of one second."""
    window: deque[float] = deque()
    most = 0
    for at in sorted(times):
        window.append(at)
        while window[0] <= at - 1.0:
            window.popleft()
        most = max(most, len(window))
    return most


async def send_run(
    url: str,
    targets: dict[str, list[str]],
    per_tenant: int,
    replicas: int,
    label: str,
    max_seconds: float,
    rng: random.Random,
    concurrency: int,
) -> SendResult:
    """Enqueue `per_tenant` messages for each tenant (interleaved, due now), drain them with
    `replicas` sender processes over one database, and judge what the fake connector (a
    process of its own) received."""
    with tempfile.TemporaryDirectory(prefix="national-") as scratch:
        received = Path(scratch) / "requests.json"
        fake = await spawn("connector", str(received))
        try:
            assert fake.stdout is not None
            fake_url = (await fake.stdout.readline()).decode().strip()
            by_conversation = await enqueue(url, targets, per_tenant, label, fake_url, rng)
            senders = [
                await spawn("replica", url, label, str(max_seconds), str(concurrency))
                for _ in range(replicas)
            ]
            summaries = await asyncio.gather(*(finish(s, max_seconds + 60) for s in senders))
        finally:
            if fake.stdin is not None:
                fake.stdin.close()
            await asyncio.wait_for(fake.wait(), 60)
        requests = json.loads(received.read_text())
    await drop_unsent(url, label)
    messages = len(targets) * per_tenant
    return judge(requests, by_conversation, messages, label, replicas, len(targets), summaries)


async def drop_unsent(url: str, label: str) -> None:
    """Rows a run left unsent (its time ran out) would be claimed by the next run's senders,
    whose fake connector they do not know: they are counted lost here and deleted."""
    connection = await asyncpg.connect(server_dsn(url))
    try:
        await connection.execute(
            "DELETE FROM outbox WHERE idempotency_key LIKE $1 AND state IN ('pending', 'sending')",
            label + "%",
        )
    finally:
        await connection.close()


async def spawn(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, str(Path(__file__).with_name("sending_processes.py")), *args,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def finish(process: asyncio.subprocess.Process, timeout: float) -> dict[str, Any]:
    """A replica's summary line; killed (by its own id) if it outlives `timeout`."""
    try:
        out, _ = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        return {}
    summary: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    return summary


async def enqueue(
    url: str,
    targets: dict[str, list[str]],
    per_tenant: int,
    label: str,
    fake_url: str,
    rng: random.Random,
) -> dict[str, str]:
    """The rows, due now, written with COPY; returns conversation -> tenant."""
    rows: list[tuple[Any, ...]] = []
    by_conversation: dict[str, str] = {}
    now = datetime.now(UTC)
    organisations = {t: i + 1 for i, t in enumerate(sorted(targets))}
    for tenant, chats in targets.items():
        for n in range(per_tenant):
            chat = chats[n % len(chats)] if per_tenant <= len(chats) else f"a:{label}-{tenant}-{n}"
            key = f"{label}-{tenant}-{n}"
            by_conversation[chat] = tenant
            rows.append(
                (organisations[tenant], chat, address(tenant, chat, fake_url),
                 payload("Påminnelse: ni ses i morgon kl. 9.", key), now, key, "pending", 0, 0,
                 now, now, now)
            )  # fmt: skip
    rng.shuffle(rows)  # enqueued as meetings were booked: tenants interleaved
    connection = await asyncpg.connect(server_dsn(url))
    try:
        await connection.copy_records_to_table(
            "outbox",
            records=rows,
            columns=(
                "organisation_id", "conversation_id", "reference", "payload", "due_at",
                "idempotency_key", "state", "attempts", "failures", "next_attempt_at",
                "created_at", "updated_at",
            ),
        )  # fmt: skip
    finally:
        await connection.close()
    return by_conversation


def judge(
    requests: list[list[Any]],
    by_conversation: dict[str, str],
    messages: int,
    label: str,
    replicas: int,
    tenants: int,
    summaries: list[dict[str, Any]],
) -> SendResult:
    """Lost, doubled and the busiest tenant-second from the fake's arrival times; the rate over
    the span from the first arrival to the last."""
    accepted_keys = [
        key for _, _, status, key, op in requests
        if key and key.startswith(label) and status is not None and 200 <= status < 300
        and op != "update"
    ]  # fmt: skip
    counts: dict[str, int] = defaultdict(int)
    for key in accepted_keys:
        counts[key] += 1
    times: dict[str, list[float]] = defaultdict(list)
    for conversation, at, *_ in requests:
        owner = by_conversation.get(conversation or "")
        if owner is not None:
            times[owner].append(at)
    arrivals = [at for ts in times.values() for at in ts]
    worst_tenant, worst = max(
        ((t, busiest_second(ts)) for t, ts in times.items()), key=lambda x: x[1], default=("", 0)
    )
    return SendResult(
        tenants=tenants,
        replicas=replicas,
        messages=messages,
        seconds=max(arrivals) - min(arrivals) if arrivals else 0.0,
        accepted=len(counts),
        lost=messages - len(counts),
        doubled=sum(n - 1 for n in counts.values()),
        worst_window=worst,
        worst_tenant=worst_tenant,
        throttled=sum(status == 429 for _, _, status, _, _ in requests),
        forfeited=sum(s.get("forfeited", 0) for s in summaries),
        cpu_seconds=sum(s.get("cpu_seconds", 0.0) for s in summaries),
        claim_seconds=sum(s.get("claim_seconds", 0.0) for s in summaries),
        crashed=sum(not s for s in summaries),
    )


def show(result: SendResult, title: str) -> None:
    print(
        f"{title:<28} tenants {result.tenants:>3}  replicas {result.replicas}  "
        f"messages {result.messages:>6}  {result.seconds:6.1f} s  {result.rate:7.1f} msg/s  "
        f"lost {result.lost}  doubled {result.doubled}  "
        f"busiest tenant-second {result.worst_window}  429s {result.throttled}  "
        f"slots given up {result.forfeited}  CPU {result.cpu_seconds:.0f} s  "
        f"claiming {result.claim_seconds:.0f} s"
        + (f"  replicas killed {result.crashed}" if result.crashed else "")
    )


# --- main -----------------------------------------------------------------------------------------


async def run(args: argparse.Namespace) -> bool:
    url = args.database_url
    now = datetime.now(UTC).replace(microsecond=0)
    leaders = max(GROUP_SIZE, round(LEADERS * args.scale))
    content = load_content()
    await create_database(url)
    ok = True
    try:
        database = Database(url, clock=system_clock)
        await migrate.upgrade(database)
        await database.dispose()
        generated = await generate(
            url, now, content,
            municipalities=args.municipalities, leaders=leaders, history=args.history,
        )  # fmt: skip
        print(f"generated in {generated.seconds:.0f} s ({os.getloadavg()[0]:.1f} load):")
        for table, count in sorted(generated.rows.items()):
            print(f"    {table:<22} {count:>10,}")
        first, costs, flagged = await idle_ticks(url, now)
        print("\nidle ticks (statements per job, nothing due): the first tick, then the next")
        for before, cost in zip(first, costs, strict=True):
            print(f"    {cost.job:<28} {len(before.statements):>5}  {before.seconds * 1000:8.0f} ms"
                  f"  then {len(cost.statements):>5}  {cost.seconds * 1000:8.0f} ms")  # fmt: skip
        print(f"    sequential scans of large tables: {flagged}")
        ok = flagged == 0 and all(len(c.statements) <= args.max_statements for c in costs)
        rng = random.Random(7)
        results: list[tuple[str, SendResult]] = []
        if not args.skip_morning:
            morning_tenants = {t: generated.personal[t] for t in generated.tenants[:100]}
            result = await send_run(
                url, morning_tenants, 100, 2, "morning", args.max_seconds, rng, args.concurrency
            )
            results.append(("morning (10,000 reminders)", result))
            show(result, "morning (10,000 reminders)")
        if not args.skip_throughput:
            per_tenant_of = {1: 250, 10: 150, 100: 50}
            for tenants in args.throughput_tenants:
                per_tenant = per_tenant_of.get(tenants, 50)
                for replicas in args.replicas:
                    chosen = {t: generated.personal[t] for t in generated.tenants[:tenants]}
                    label = f"tp{tenants}x{replicas}"
                    result = await send_run(
                        url, chosen, per_tenant, replicas, label, args.max_seconds, rng,
                        args.concurrency,
                    )  # fmt: skip
                    results.append((f"throughput {tenants} tenant(s)", result))
                    show(result, f"throughput {tenants} tenant(s)")
        load = os.getloadavg()
        print(f"\nsummary (load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, "
              f"{os.cpu_count()} cores):")  # fmt: skip
        print(f"    data: {args.municipalities} municipalities x {leaders} leaders, "
              f"{sum(generated.rows.values()):,} rows in {generated.seconds:.0f} s")  # fmt: skip
        print(f"    idle: at most {max(len(c.statements) for c in costs)} statements per job, "
              f"{flagged} large-table scans")  # fmt: skip
        for title, result in results:
            show(result, "    " + title)
            over = result.worst_window > TENANT_LIMIT
            ok = ok and result.lost == 0 and result.doubled == 0 and not over
    finally:
        if not args.keep:
            await drop_database(url)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--scale", type=float, default=1.0, help="share of 200 leaders each")
    parser.add_argument("--municipalities", type=int, default=MUNICIPALITIES)
    parser.add_argument("--history", type=int, default=12, help="old outbox rows per leader")
    parser.add_argument("--max-statements", type=int, default=5, help="per idle job")
    parser.add_argument("--max-seconds", type=float, default=300.0)
    parser.add_argument("--concurrency", type=int, default=20, help="sends in flight per replica")
    parser.add_argument(
        "--replicas",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1, 2],
        help="comma-separated sender process counts for the throughput runs",
    )
    parser.add_argument("--skip-morning", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument(
        "--throughput-tenants",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1, 10, 100],
        help="comma-separated tenant counts",
    )
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    ok = asyncio.run(run(args))
    print("goal met" if ok else "goal NOT met")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
