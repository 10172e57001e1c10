"""Directory, conversation references and activity dedupe, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from chat.address import Account, ConversationAddress
from chat.caller import tenant_id
from storage import migrate
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory, TeamsAccount
from storage.models import ConversationRef, Person
from storage.processed_activities import ActivityKey, ProcessedActivities
from tests.clock import TestClock

UPPSALA = "00000000-0000-0000-0000-0000000000001"
HELSINGBORG = "11111111-0000-0000-0000-000000000002"
JONAS = TeamsAccount("29:jonas", "aad-jonas", "Jonas Gumbel")


async def test_the_same_aad_id_in_two_tenants_is_two_people(database: Database) -> None:
    directory = Directory(database)
    uppsala = await directory.organisation_id(UPPSALA)
    helsingborg = await directory.organisation_id(HELSINGBORG)

    in_uppsala = await directory.person_id(uppsala, JONAS)
    in_helsingborg = await directory.person_id(helsingborg, JONAS)

    assert uppsala != helsingborg
    assert in_uppsala != in_helsingborg
    assert await directory.person_id(uppsala, JONAS) == in_uppsala


async def test_a_renamed_person_is_updated_but_a_blank_name_keeps_the_old(
    database: Database,
) -> None:
    directory = Directory(database)
    org = await directory.organisation_id(UPPSALA)
    person_id = await directory.person_id(org, JONAS)

    await directory.person_id(org, TeamsAccount("29:jonas", "aad-jonas", "Jonas G. Gumbel"))
    await directory.person_id(org, TeamsAccount("29:jonas", "aad-jonas", ""))

    person = await directory.person(person_id)
    assert person is not None and person.name == "Jonas G. Gumbel"


async def test_welcome_is_claimed_once_even_when_asked_concurrently(database: Database) -> None:
    directory = Directory(database)
    person_id = await directory.person_id(await directory.organisation_id(UPPSALA), JONAS)

    claims = await asyncio.gather(
        *(directory.claim_welcome(person_id, again_after=timedelta(minutes=2)) for _ in range(5))
    )

    assert claims.count(True) == 1
    assert not await directory.claim_welcome(person_id, again_after=None)
    assert await directory.claim_welcome(person_id, again_after=timedelta(0))


def _key(
    conversation: str, activity: str, *, tenant: str = "t1", kind: str = "message"
) -> ActivityKey:
    return ActivityKey(tenant, conversation, kind, activity)


async def test_an_activity_is_claimed_once_and_can_be_released(database: Database) -> None:
    processed = ProcessedActivities(database)

    claims = await asyncio.gather(*(processed.claim(_key("a:conv", "1")) for _ in range(4)))
    assert claims.count(True) == 1
    assert await processed.claim(_key("a:other", "1"))  # ids are per conversation
    assert await processed.claim(_key("a:conv", "1", tenant="t2"))  # and per tenant
    assert await processed.claim(_key("a:conv", "1", kind="messageUpdate/editMessage"))

    await processed.release(_key("a:conv", "1"))
    assert await processed.claim(_key("a:conv", "1"))


async def test_two_replicas_claiming_one_activity_handle_it_once(
    database: Database, database_url: str, clock: TestClock
) -> None:
    """Each claim commits by itself; the database, not a process, decides who was first."""
    other_replica = Database(database_url, clock=clock)
    try:
        both = (ProcessedActivities(database), ProcessedActivities(other_replica))
        claims = await asyncio.gather(
            *(replica.claim(_key("a:conv", "1")) for replica in both for _ in range(3))
        )
    finally:
        await other_replica.dispose()
    assert claims.count(True) == 1


async def test_a_claim_in_a_unit_of_work_is_undone_with_it(database: Database) -> None:
    processed = ProcessedActivities(database)
    with pytest.raises(RuntimeError):
        async with database.unit_of_work():
            assert await processed.claim(_key("a:conv", "1"))
            raise RuntimeError("the turn failed")
    assert await processed.claim(_key("a:conv", "1"))


async def test_prune_forgets_old_activity_ids_only(database: Database) -> None:
    processed = ProcessedActivities(database)
    await processed.claim(_key("a:conv", "old"))
    removed = await processed.prune(received_before=database.now() + timedelta(seconds=1))
    await processed.claim(_key("a:conv", "new"))
    assert removed == 1
    assert await processed.prune(received_before=database.now() - timedelta(hours=1)) == 0


async def test_a_conversation_address_keeps_its_tenant(database: Database) -> None:
    directory, conversations = Directory(database), Conversations(database)
    org = await directory.organisation_id(UPPSALA)
    person_id = await directory.person_id(org, JONAS)
    address = ConversationAddress(
        service_url="https://smba.trafficmanager.net/emea/",
        conversation_id="a:personal-jonas",
        tenant_id=tenant_id(UPPSALA),
        bot=Account("28:bot", "Expeditionsboten"),
        user=Account("29:jonas", "Jonas Gumbel"),
        conversation_type="personal",
    )

    await conversations.remember(org, "personal", address, person_id=person_id)
    await conversations.remember(org, "personal", address, person_id=person_id)
    stored = await Conversations(database).personal(person_id)

    assert stored is not None
    assert stored.tenant_id == UPPSALA
    assert stored.reference == address
    async with database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ConversationRef)) == 1


def test_a_reference_botbuilder_serialised_reads_back() -> None:
    # Rows written before the edge had its own type: botbuilder's keys, "tenantID" included.
    old = (
        '{"activityId": "1", "bot": {"id": "28:bot", "name": "Expeditionsboten"}, '
        '"channelId": "msteams", "conversation": {"conversationType": "personal", '
        '"id": "a:personal-jonas", "tenantID": "TENANT-A", "tenantId": "TENANT-A"}, '
        '"serviceUrl": "https://smba.trafficmanager.net/emea/", '
        '"user": {"aadObjectId": "AAD-1", "id": "29:jonas", "name": "Jonas Gumbel"}}'
    )
    address = ConversationAddress.from_json(old)
    assert (address.conversation_id, address.tenant_id) == ("a:personal-jonas", "tenant-a")
    assert address.user == Account("29:jonas", "Jonas Gumbel", "AAD-1")
    assert ConversationAddress.from_json(address.to_json()) == address


async def test_migrations_go_down_and_up_again(database: Database) -> None:
    assert await migrate.current_revision(database) == migrate.head_revision()
    await migrate.upgrade(database, "head")  # idempotent
    from alembic import command

    def down(connection) -> None:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "base")

    async with database.engine.begin() as connection:
        await connection.run_sync(down)
    assert await migrate.current_revision(database) is None

    await migrate.upgrade(database)
    directory = Directory(database)
    await directory.person_id(await directory.organisation_id(UPPSALA), JONAS)
    async with database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Person)) == 1
