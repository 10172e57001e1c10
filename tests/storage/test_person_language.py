"""A person's language across replicas: each process remembers it with the person, so a locale
seen on one replica must not overwrite a choice the person made on another."""

from chat.caller import TeamsAccount
from content.language import ENGLISH, SWEDISH
from storage import migrate
from storage.database import Database
from storage.directory import Directory
from tests.clock import TestClock

ANNA = TeamsAccount("29:anna", "aad-anna", "Anna Berg", "Anna")


async def test_a_locale_on_one_replica_keeps_a_choice_made_on_another(
    database_url: str, clock: TestClock
) -> None:
    databases = [Database(database_url, clock=clock) for _ in range(2)]
    await migrate.upgrade(databases[0])
    try:
        first, second = (Directory(database) for database in databases)
        organisation = await first.organisation_id("tenant-a")
        anna = await first.person_id(organisation, ANNA)
        await second.person_id(organisation, ANNA)  # the second replica remembers her too
        assert await second.speak(anna, "sv-SE") == SWEDISH

        await first.choose_language(anna, SWEDISH)  # "svenska", on the first replica
        # Her Teams turns English; the second replica still remembers "Swedish, from the locale".
        assert await second.speak(anna, "en-US") == ENGLISH  # this turn: what it knew
        assert await Directory(databases[0]).speak(anna, "en-US") == SWEDISH  # stored: her choice
        assert await second.speak(anna, "en-US") == SWEDISH  # and the second reads it again
    finally:
        for database in databases:
            await database.dispose()
