"""Organisations and people as Teams shows them, kept current without a write on every turn."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, or_, select, update

from chat.caller import TeamsAccount
from content.language import DEFAULT_LANGUAGE, Language, as_language, language_of_locale
from storage.base import affected
from storage.database import Database
from storage.models import Organisation, Person
from storage.upsert import insert_for

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LanguageSetting:
    """What is stored of a person's language: None when never set; chosen: by the person."""

    language: Language | None
    chosen: bool


_UNSET = LanguageSetting(None, False)


def first_name(given_name: str | None, name: str | None) -> str:
    """What the bot calls someone: their given name, else the first word of their name."""
    return given_name or next(iter((name or "").split()), "")


class Directory:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._organisations: dict[str, int] = {}
        self._people: dict[tuple[int, str], tuple[int, TeamsAccount]] = {}
        self._welcomed: set[int] = set()  # once welcomed, a first message needs no database trip
        self._languages: dict[int, LanguageSetting] = {}  # read with the person's id

    async def organisation_id(self, tenant_id: str) -> int:
        tenant_id = tenant_id.lower()
        known = self._organisations.get(tenant_id)
        if known is not None:
            return known
        async with self._db.transaction() as session:
            insert = insert_for(session)
            await session.execute(
                insert(Organisation)
                .values(tenant_id=tenant_id, created_at=self._db.now())
                .on_conflict_do_nothing()
            )
            found = (
                await session.execute(
                    select(Organisation.id).where(Organisation.tenant_id == tenant_id)
                )
            ).scalar_one()  # inserted above, or there already
        # Remembered once committed: a unit of work that rolls back must not leave behind the id
        # of a row that does not exist.
        self._db.after_commit(lambda: self._organisations.__setitem__(tenant_id, found))
        return found

    async def person_id(self, organisation_id: int, account: TeamsAccount) -> int:
        """The person's id, created or refreshed when Teams shows them differently."""
        cached = self._people.get((organisation_id, account.aad_object_id))
        if cached and cached[1] == account:
            return cached[0]
        fields = {
            "teams_user_id": account.teams_user_id,
            "name": account.name,
            "given_name": account.given_name,
            "email": account.email,
        }
        async with self._db.transaction() as session:
            insert = insert_for(session)
            await session.execute(
                insert(Person)
                .values(
                    organisation_id=organisation_id,
                    aad_object_id=account.aad_object_id,
                    created_at=self._db.now(),
                    **fields,
                )
                .on_conflict_do_update(
                    index_elements=[Person.organisation_id, Person.aad_object_id],
                    # Teams sometimes omits names; keep what we knew rather than blanking it.
                    set_={key: value for key, value in fields.items() if value},
                )
            )
            # The stored language comes with the id: the turn's language costs no statement.
            found, language, chosen = (
                await session.execute(
                    select(Person.id, Person.language, Person.language_chosen).where(
                        Person.organisation_id == organisation_id,
                        Person.aad_object_id == account.aad_object_id,
                    )
                )
            ).one()  # upserted above
        setting = LanguageSetting(as_language(language), chosen)
        key = (organisation_id, account.aad_object_id)
        self._db.after_commit(lambda: self._people.__setitem__(key, (found, account)))
        self._db.after_commit(lambda: self._languages.__setitem__(found, setting))
        return found

    # --- the language the bot speaks to a person (content.language) ------------------------

    async def speak(self, person_id: int, locale: str | None) -> Language:
        """The language to speak to the person in this turn: theirs if they chose one, else their
        Teams locale's (stored when it changes, for the jobs that write to them later)."""
        setting = self._languages.get(person_id) or await self._language_setting(person_id)
        if setting.chosen and setting.language is not None:
            return setting.language
        if not locale:  # an activity without one (Teams' install events) says nothing new
            return setting.language or DEFAULT_LANGUAGE
        wanted = language_of_locale(locale)
        if wanted != setting.language:
            await self._store_language(person_id, wanted, chosen=False)
        return wanted

    async def choose_language(self, person_id: int, language: Language) -> None:
        """The person's own choice ("språk"/"language"): it wins over their locale from now on."""
        await self._store_language(person_id, language, chosen=True)

    async def _language_setting(self, person_id: int) -> LanguageSetting:
        async with self._db.sessions() as session:
            row = (
                await session.execute(
                    select(Person.language, Person.language_chosen).where(Person.id == person_id)
                )
            ).one_or_none()
        return LanguageSetting(as_language(row.language), row.language_chosen) if row else _UNSET

    async def _store_language(self, person_id: int, language: Language, *, chosen: bool) -> None:
        statement = update(Person).where(Person.id == person_id)
        if not chosen:
            # A locale never overrides a choice, also one made on another replica since this
            # process remembered the person.
            statement = statement.where(Person.language_chosen.is_(False))
        async with self._db.transaction() as session:
            result = await session.execute(
                statement.values(language=language, language_chosen=chosen)
            )
        if not result.rowcount:  # type: ignore[attr-defined]
            self._db.after_commit(lambda: self._forget_language(person_id))  # read it again
            return
        setting = LanguageSetting(language, chosen)
        self._db.after_commit(lambda: self._languages.__setitem__(person_id, setting))
        log.info(
            "person %s now spoken to in %s (%s)",
            person_id,
            language,
            "chosen" if chosen else "from the Teams locale",
        )

    def _forget_language(self, person_id: int) -> None:
        self._languages.pop(person_id, None)

    def forget(self, person_id: int) -> None:
        """Drop what this process remembers of an erased person: their next turn is a new one."""
        self._people = {key: found for key, found in self._people.items() if found[0] != person_id}
        self._welcomed.discard(person_id)
        self._languages.pop(person_id, None)

    async def person(self, person_id: int) -> Person | None:
        async with self._db.sessions() as session:
            return await session.get(Person, person_id)

    def knows_welcomed(self, person_id: int) -> bool:
        """Whether this process has seen the person's welcome committed (no SQL)."""
        return person_id in self._welcomed

    async def claim_welcome(self, person_id: int, *, again_after: timedelta | None) -> bool:
        """True if this caller should welcome the person now; atomic, so one welcome per claim.

        `again_after=None` welcomes only someone never welcomed (a first message); a timedelta
        welcomes again after that long (a reinstall), which also folds Teams' two install events
        (installationUpdate and conversationUpdate arrive together) into one welcome.
        """
        if again_after is None and person_id in self._welcomed:
            return False
        now = self._db.now()
        due: ColumnElement[bool] = Person.welcomed_at.is_(None)
        if again_after is not None:
            due = or_(due, Person.welcomed_at < now - again_after)
        async with self._db.transaction() as session:
            result = await session.execute(
                update(Person).where(Person.id == person_id, due).values(welcomed_at=now)
            )
        self._db.after_commit(lambda: self._welcomed.add(person_id))
        return affected(result) == 1
