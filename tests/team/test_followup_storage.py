"""The storage under the meeting follow-up: cancelling stale outbox rows, the digest's query."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from storage.database import Database
from storage.directory import Directory, TeamsAccount
from storage.groups import LEFT, Groups
from storage.journey_models import WorkbookEntry
from storage.meeting_followup import BookedMeetings
from storage.outbox import Outbox
from storage.workbook import Workbook
from tests.outbox.support import TENANT, channel, message

CONVERSATION = "19:g4-general@thread.tacv2"


async def test_cancel_stops_pending_rows_of_a_key_prefix_only(database: Database) -> None:
    outbox = Outbox(database)
    target = await channel(database, "http://127.0.0.1:9", CONVERSATION)
    later = database.now() + timedelta(days=1)
    keys = [
        "meeting-1-reminder-20261201T1300Z",  # the old time: cancelled
        "meeting-1-reminder-20261203T1300Z",  # the new time: kept
        "meeting-10-reminder-20261201T1300Z",  # another meeting
        "meeting_1_reminder_x",  # `_` is a LIKE wildcard: must not match
    ]
    for key in keys:
        await outbox.enqueue(target, message(key), idempotency_key=key, due_at=later)
    sending = await outbox.enqueue(target, message("på väg"), idempotency_key="meeting-1-reminder-")
    [claimed] = await outbox.claim_due(database.now(), 10, timedelta(minutes=2))
    assert claimed.id == sending

    cancelled = await outbox.cancel("meeting-1-reminder-", keep=keys[1])

    assert cancelled == 1
    assert await outbox.counts() == {"cancelled": 1, "pending": 3, "sending": 1}
    assert (await outbox.get(1)).state == "cancelled"
    assert await outbox.claim_due(later + timedelta(hours=1), 10, timedelta(minutes=2)) != []
    assert (await outbox.get(1)).state == "cancelled", "a cancelled row is never claimed"


async def person(database: Database, name: str) -> int:
    directory = Directory(database)
    organisation = await directory.organisation_id(TENANT)
    account = TeamsAccount(f"29:{name}", f"aad-{name}", f"{name} Testsson")
    return await directory.person_id(organisation, account)


async def test_the_digest_holds_shared_sent_reflections_of_active_members_only(
    database: Database,
) -> None:
    directory, groups = Directory(database), Groups(database)
    organisation = await directory.organisation_id(TENANT)
    ours = await groups.register(organisation, "19:ours", "G4", None)
    theirs = await groups.register(organisation, "19:theirs", "G5", None)
    anna, bo, cia, dan, eva = [
        await person(database, name) for name in ("Anna", "Bo", "Cia", "Dan", "Eva")
    ]
    await groups.join(ours, [anna, bo, cia, dan])
    await groups.join(theirs, [eva])
    await groups.set_state(ours, dan, LEFT)
    workbook = Workbook(database)
    texts = {
        anna: ("delad", True, False),
        bo: ("privat", False, False),
        cia: ("utkast", True, True),
        dan: ("lämnat gruppen", True, False),
        eva: ("annan grupp", True, False),
    }
    for person_id, (text, shared, draft) in texts.items():
        await workbook.save_reflection(
            person_id, "important_behaviour", f"ex-{person_id}", text, shared=shared, draft=draft
        )
    old = await workbook.save_reflection(
        anna, "important_behaviour", "ex-old", "före förra mötet", shared=True, draft=False
    )
    since = database.now() - timedelta(hours=1)
    async with database.transaction() as session:
        await session.execute(
            update(WorkbookEntry)
            .where(WorkbookEntry.id == old[0].id)
            .values(updated_at=since - timedelta(days=1))
        )

    found = await BookedMeetings(database).shared_reflections(ours, since)

    assert [(r.first_name, r.text) for r in found] == [("Anna", "delad")]
    everything = await BookedMeetings(database).shared_reflections(ours, None)
    assert {r.text for r in everything} == {"delad", "före förra mötet"}
