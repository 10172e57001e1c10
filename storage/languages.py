"""The language each person is spoken to in, as a job writing to them reads it.

The Teams edge stores it (storage.directory.Directory.speak, from the locale or the person's own
choice); anything rendered for a person outside their own turn (a welcome at a cohort's start,
a reminder) asks here, since whoever's turn or job caused it may speak another language.
"""

from collections.abc import Iterable

from sqlalchemy import select

from content.language import DEFAULT_LANGUAGE, Language, as_language
from storage.database import Database
from storage.models import Person


class PersonLanguages:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def of(self, person_ids: Iterable[int]) -> dict[int, Language]:
        """Each person's language; Swedish for anyone never seen with a locale (or unknown)."""
        wanted = set(person_ids)
        if not wanted:
            return {}
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(Person.id, Person.language).where(Person.id.in_(wanted))
            )
            stored = {row.id: as_language(row.language) for row in rows}
        return {person: stored.get(person) or DEFAULT_LANGUAGE for person in wanted}

    async def one(self, person_id: int) -> Language:
        return (await self.of([person_id]))[person_id]
