"""One-to-one contacts: leaders of two municipalities of one region are proposed to each other,
each in their own tenant's chat, seeing only what the other typed to be shown; contact details
and times only once both said yes; the same two people never again (the database refuses it);
opt-out and expiry send both back as promised; the region sees a count from five, never who."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from cards.contacts import SAME_AREA, ContactForm
from chat.address import Account, ConversationAddress
from chat.caller import tenant_id
from services.contacts import Answered, ContactService, Problem, Rejected
from services.coordination import Actor
from storage.contacts import (
    ACCEPTED,
    ASKED,
    PAIRED,
    WAITING,
    ContactPair,
    Contacts,
)
from storage.conversations import Conversations
from storage.database import Database
from storage.job_leases import JobLeases
from storage.learning_plans import LearningPlans
from storage.models import Organisation, Person
from storage.outbox import OutboxMessage
from storage.personal_data import PersonalData
from tests.card_schema import card_texts
from tests.clock import TestClock
from tests.coordination.support import HELSINGBORG, did, email_of, person
from tests.coordination.test_regional_meetings import setup
from tests.coordination.test_regions import KIRUNA, LULEA, regions_on
from tests.services.test_onboarding import CONTENT

THEME = "understand_users"  # Förstå er användare


def contacts_on(database: Database) -> ContactService:
    return ContactService(CONTENT, regions_on(database), database=database)


async def leader(database: Database, tenant: str, key: str, given: str) -> Actor:
    """A leader with a name, an address and a personal chat in their own tenant."""
    organisation, person_id = await person(database, tenant, key, email=f"{key}@{tenant[:4]}.se")
    async with database.transaction() as session:
        await session.execute(
            update(Person)
            .where(Person.id == person_id)
            .values(given_name=given, name=f"{given} Andersson")
        )
    chat = ConversationAddress(
        service_url="https://smba.example/",
        conversation_id=f"a:{key}",
        tenant_id=tenant_id(tenant),
        bot=Account("28:expeditionsboten", "Expeditionsboten"),
        conversation_type="personal",
    )
    await Conversations(database).remember(organisation, "personal", chat, person_id=person_id)
    return Actor(organisation, person_id, email_of(None))


async def region(database: Database) -> tuple[Actor, int]:
    """Luleå and Kiruna joined the region, Helsingborg was invited only; the municipalities
    get their names as coordinators would set them."""
    regions, eva, _, _ = await setup(
        database, {LULEA: 0, KIRUNA: 0, HELSINGBORG: 0}, invited_only=(HELSINGBORG,)
    )
    async with database.transaction() as session:
        for tenant, name in ((LULEA, "Luleå"), (KIRUNA, "Kiruna"), (HELSINGBORG, "Helsingborg")):
            await session.execute(
                update(Organisation).where(Organisation.tenant_id == tenant).values(name=name)
            )
    [summary] = await regions.regions(eva) or []
    return eva, summary.id


def form(
    topic: str = THEME, intro: str = "Rektor som vill prata elevråd", role: str = ""
) -> ContactForm:
    return ContactForm(contact_topic=topic, contact_intro=intro, contact_role=role)


async def rows(database: Database, prefix: str = "contact-") -> list[OutboxMessage]:
    async with database.sessions() as session:
        found = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.idempotency_key.startswith(prefix))
            .order_by(OutboxMessage.id)
        )
        return list(found)


def texts_of(row: OutboxMessage) -> str:
    return card_texts(json.loads(row.payload)["attachments"][0]["content"])


async def a_pair(database: Database) -> tuple[ContactService, Actor, Actor, int]:
    """Anna in Luleå and Björn in Kiruna asked about the same theme and were proposed."""
    await region(database)
    contacts = contacts_on(database)
    anna = await leader(database, LULEA, "anna", "Anna")
    bjorn = await leader(database, KIRUNA, "bjorn", "Björn")
    await contacts.ask(anna, LULEA, form(intro="Enhetschef i hemtjänsten", role="Hemtjänst Öst"))
    await contacts.ask(bjorn, KIRUNA, form(intro="Rektor som testar elevintervjuer"))
    assert await contacts.tick() == 1
    pair = await Contacts(database).asked_of(anna.person_id)
    assert pair is not None
    return contacts, anna, bjorn, pair.id


async def test_each_proposal_lands_in_its_own_tenant_and_shows_only_what_was_typed(
    database: Database,
) -> None:
    _, anna, bjorn, pair_id = await a_pair(database)
    proposals = await rows(database, f"contact-{pair_id}-proposal-")
    chats = await Conversations(database).personal_chats([anna.person_id, bjorn.person_id])
    by_person = {
        p: r
        for r in proposals
        for p in (anna.person_id, bjorn.person_id)
        if r.idempotency_key.startswith(f"contact-{pair_id}-proposal-{p}-")
    }
    for me in (anna, bjorn):
        row = by_person[me.person_id]
        assert row.organisation_id == me.organisation_id
        assert row.conversation_id == chats[me.person_id].reference.conversation_id
        assert (
            json.loads(row.reference)["conversation"]["tenantId"] == chats[me.person_id].tenant_id
        )
    to_anna, to_bjorn = texts_of(by_person[anna.person_id]), texts_of(by_person[bjorn.person_id])
    assert "Björn från Kiruna vill också prata om Förstå er användare." in to_anna
    assert "Rektor som testar elevintervjuer" in to_anna
    assert "Anna från Luleå" in to_bjorn and "Hemtjänst Öst" in to_bjorn
    assert "Ja, gärna" in to_anna and "Nej tack" in to_anna
    # Consent first: no surname, no address in a proposal.
    for shown in (to_anna, to_bjorn):
        assert "Andersson" not in shown and "@" not in shown


async def test_both_yes_introduces_them_with_times_in_their_preferred_parts_of_day(
    database: Database,
) -> None:
    contacts, anna, bjorn, pair_id = await a_pair(database)
    await prefers(database, anna.person_id, ["forenoon", "afternoon"])
    await prefers(database, bjorn.person_id, ["afternoon", "evening"])
    assert await contacts.answer(anna, pair_id, True) is Answered.WAITING_FOR_OTHER
    assert await rows(database, f"contact-{pair_id}-introduction-") == []
    assert await contacts.answer(bjorn, pair_id, True) is Answered.ACCEPTED
    introductions = await rows(database, f"contact-{pair_id}-introduction-")
    assert len(introductions) == 2
    [to_anna] = [r for r in introductions if r.organisation_id == anna.organisation_id]
    shown = texts_of(to_anna)
    assert "Björn Andersson" in shown and "bjorn@3333.se" in shown
    # The clock is Monday 30 November 2026; both prefer the afternoon (12-17) on weekdays.
    assert "tisdag 1 december kl. 12:00–12:30" in shown
    assert "onsdag 2 december kl. 12:00–12:30" in shown
    assert "torsdag 3 december kl. 12:00–12:30" in shown
    store = Contacts(database)
    assert (await store.pair(pair_id)).state == ACCEPTED  # type: ignore[union-attr]
    assert (await store.open_request(anna.person_id)) is None
    request = await store.request((await store.pair(pair_id)).request_low_id)  # type: ignore[union-attr]
    assert request is not None and request.state == PAIRED


async def prefers(database: Database, person_id: int, parts: list[str]) -> None:
    """The parts of day the leader chose in the onboarding."""
    await LearningPlans(database).set_wishes(person_id, parts, "weekly", [])


async def test_a_no_sends_the_other_back_to_waiting_and_the_pair_is_never_proposed_again(
    database: Database,
) -> None:
    contacts, anna, bjorn, pair_id = await a_pair(database)
    assert await contacts.answer(anna, pair_id, True) is Answered.WAITING_FOR_OTHER
    assert await contacts.answer(bjorn, pair_id, False) is Answered.DECLINED
    [told] = await rows(database, f"contact-{pair_id}-closed-")
    assert told.organisation_id == anna.organisation_id
    assert "Det blev ingen kontakt den här gången" in texts_of(told)
    assert "Björn" not in texts_of(told)  # not who declined
    store = Contacts(database)
    assert (await store.open_request(anna.person_id)).state == WAITING  # type: ignore[union-attr]
    assert (await store.open_request(bjorn.person_id)).state == WAITING  # type: ignore[union-attr]
    assert await contacts.tick() == 0  # both wait, and may never meet again
    assert await contacts.answer(anna, pair_id, True) is Answered.NOT_FOR_YOU


async def test_the_database_refuses_the_same_two_people_twice_in_either_order(
    database: Database,
) -> None:
    _, _, _, pair_id = await a_pair(database)
    store = Contacts(database)
    pair = await store.pair(pair_id)
    assert pair is not None
    low = await store.request(pair.request_low_id)
    high = await store.request(pair.request_high_id)
    assert low is not None and high is not None
    again = await store.add_pair(low, high, "theme", THEME, database.now())
    assert again is None
    with pytest.raises(IntegrityError):
        async with database.transaction() as session:
            session.add(
                ContactPair(
                    person_low_id=pair.person_low_id,
                    person_high_id=pair.person_high_id,
                    request_low_id=low.id,
                    request_high_id=high.id,
                    kind="theme",
                    topic=THEME,
                    state=ASKED,
                    expires_at=database.now(),
                )
            )
    with pytest.raises(IntegrityError):  # the reverse order cannot be stored at all
        async with database.transaction() as session:
            session.add(
                ContactPair(
                    person_low_id=pair.person_high_id,
                    person_high_id=pair.person_low_id,
                    request_low_id=high.id,
                    request_high_id=low.id,
                    kind="theme",
                    topic=THEME,
                    state=ASKED,
                    expires_at=database.now(),
                )
            )


async def test_only_across_municipalities_of_one_region(database: Database) -> None:
    await region(database)
    contacts = contacts_on(database)
    anna = await leader(database, LULEA, "anna", "Anna")
    alva = await leader(database, LULEA, "alva", "Alva")
    hanna = await leader(database, HELSINGBORG, "hanna", "Hanna")
    await contacts.ask(anna, LULEA, form())
    await contacts.ask(alva, LULEA, form())
    refused = await contacts.ask(hanna, HELSINGBORG, form())
    assert refused == Rejected((Problem.NO_REGION,))  # invited, never joined
    assert await contacts.tick() == 0  # the two of Luleå never meet through this
    assert await rows(database) == []


async def test_bad_input_is_refused_with_nothing_stored(database: Database) -> None:
    await region(database)
    contacts = contacts_on(database)
    anna = await leader(database, LULEA, "anna", "Anna")
    result = await contacts.ask(anna, LULEA, form(topic="nonsense", intro="  ", role="x" * 101))
    assert isinstance(result, Rejected)
    assert set(result.problems) == {Problem.NO_TOPIC, Problem.NO_INTRO, Problem.ROLE_TOO_LONG}
    too_long = await contacts.ask(anna, LULEA, form(intro="x" * 201))
    assert too_long == Rejected((Problem.INTRO_TOO_LONG,))
    no_assessment = await contacts.ask(anna, LULEA, form(topic=SAME_AREA))
    assert no_assessment == Rejected((Problem.NO_MATURITY,))
    assert await Contacts(database).open_request(anna.person_id) is None


async def test_the_same_weakest_area_is_matched_before_a_shared_theme(database: Database) -> None:
    await region(database)
    contacts = contacts_on(database)
    anna = await leader(database, LULEA, "anna", "Anna")
    bjorn = await leader(database, KIRUNA, "bjorn", "Björn")
    cilla = await leader(database, KIRUNA, "cilla", "Cilla")
    weak_culture = {
        "start": {"culture": 1, "user_perspective": 3, "structure": 2, "collaboration": 4}
    }
    await did(database, anna.person_id, maturity=weak_culture)
    await did(database, cilla.person_id, maturity=weak_culture)
    theme_of_culture = CONTENT.workbook.area_themes["culture"]
    await contacts.ask(anna, LULEA, form(topic=SAME_AREA))
    await contacts.ask(bjorn, KIRUNA, form(topic=theme_of_culture))  # older than Cilla's
    await contacts.ask(cilla, KIRUNA, form(topic=SAME_AREA))
    assert await contacts.tick() == 1
    pair = await Contacts(database).asked_of(anna.person_id)
    assert pair is not None and pair.other(anna.person_id) == cilla.person_id
    assert (pair.kind, pair.topic) == ("area", "culture")
    [to_anna] = [
        r
        for r in await rows(database, f"contact-{pair.id}-proposal-")
        if r.organisation_id == anna.organisation_id
    ]
    assert "samma utvecklingsområde: Kultur och förhållningssätt" in texts_of(to_anna)


async def test_withdrawing_and_stopping(database: Database) -> None:
    await region(database)
    contacts = contacts_on(database)
    anna = await leader(database, LULEA, "anna", "Anna")
    bjorn = await leader(database, KIRUNA, "bjorn", "Björn")
    await contacts.ask(anna, LULEA, form())
    assert await contacts.stop(anna) is True
    assert await contacts.stop(anna) is False  # nothing open any more
    await contacts.ask(bjorn, KIRUNA, form())
    assert await contacts.tick() == 0  # Anna withdrew: no proposal to her
    assert await rows(database) == []


async def test_stopping_during_a_proposal_declines_it_kindly(database: Database) -> None:
    contacts, anna, bjorn, pair_id = await a_pair(database)
    await contacts.answer(anna, pair_id, True)
    # The proposal reached Björn (the sender marked it sent) before he said "inga fler".
    async with database.transaction() as session:
        await session.execute(update(OutboxMessage).values(state="sent"))
    assert await contacts.stop(bjorn) is True
    store = Contacts(database)
    assert await store.open_request(bjorn.person_id) is None
    assert (await store.open_request(anna.person_id)).state == WAITING  # type: ignore[union-attr]
    [told] = await rows(database, f"contact-{pair_id}-closed-")
    assert told.organisation_id == anna.organisation_id


async def test_an_unanswered_proposal_expires(database: Database, clock: TestClock) -> None:
    contacts, anna, bjorn, pair_id = await a_pair(database)
    await contacts.answer(anna, pair_id, True)
    clock.advance(timedelta(days=CONTENT.contacts.answer_days, minutes=1))
    assert await contacts.answer(bjorn, pair_id, True) is Answered.NOT_FOR_YOU  # too late
    await contacts.tick()
    store = Contacts(database)
    assert (await store.pair(pair_id)).state == "expired"  # type: ignore[union-attr]
    assert (await store.open_request(anna.person_id)).state == WAITING  # type: ignore[union-attr]
    assert await store.open_request(bjorn.person_id) is None  # silent: not proposed again
    told = {
        r.organisation_id: texts_of(r) for r in await rows(database, f"contact-{pair_id}-expired-")
    }
    assert "ingen kontakt den här gången" in told[anna.organisation_id]
    assert "pausat dina kontaktförslag" in told[bjorn.organisation_id]
    before = len(await rows(database))
    await contacts.tick()  # idempotent
    assert len(await rows(database)) == before


async def test_the_job_skips_while_another_replica_holds_the_lease(database: Database) -> None:
    await region(database)
    contacts = contacts_on(database)
    await contacts.ask(await leader(database, LULEA, "anna", "Anna"), LULEA, form())
    await contacts.ask(await leader(database, KIRUNA, "bjorn", "Björn"), KIRUNA, form())
    holder = await JobLeases(database).take("contact-matching", timedelta(minutes=5))
    assert holder is not None
    assert await contacts.tick() == 0
    await JobLeases(database).release("contact-matching", holder)
    assert await contacts.tick() == 1


async def test_the_region_sees_a_count_from_five_never_who(database: Database) -> None:
    eva, region_id = await region(database)
    contacts = contacts_on(database)
    made = []
    for n in range(5):
        a = await leader(database, LULEA, f"l{n}", f"L{n}")
        b = await leader(database, KIRUNA, f"k{n}", f"K{n}")
        await contacts.ask(a, LULEA, form())
        await contacts.ask(b, KIRUNA, form())
        assert await contacts.tick() == 1
        pair = await Contacts(database).asked_of(a.person_id)
        assert pair is not None
        await contacts.answer(a, pair.id, True)
        await contacts.answer(b, pair.id, True)
        made.append(pair.id)
        seen = await contacts.region_pairs(eva, region_id)
        assert seen is not None
        assert seen.count == (5 if n == 4 else None)
    stranger = await leader(database, KIRUNA, "stranger", "Sven")
    assert await contacts.region_pairs(stranger, region_id) is None


async def test_erasure_removes_requests_and_pairs(database: Database) -> None:
    contacts, anna, bjorn, pair_id = await a_pair(database)
    await PersonalData(database).erase(anna.person_id)
    store = Contacts(database)
    assert await store.pair(pair_id) is None
    assert await store.open_request(anna.person_id) is None
    async with database.sessions() as session:
        left = await session.scalars(select(ContactPair))
        assert list(left) == []
    # Björn's proposal named Anna's line: it is gone from the outbox too.
    assert all("Enhetschef i hemtjänsten" not in texts_of(r) for r in await rows(database))
    await contacts.tick()  # Björn's proposal went with her: he waits for someone else
    assert (await store.open_request(bjorn.person_id)).state == WAITING  # type: ignore[union-attr]


async def test_only_the_two_can_answer_their_proposal(database: Database) -> None:
    contacts, anna, _, pair_id = await a_pair(database)
    cilla = await leader(database, KIRUNA, "cilla", "Cilla")
    assert await contacts.answer(cilla, pair_id, True) is Answered.NOT_FOR_YOU
    # Anna's person id presented from another municipality is not Anna.
    forged = Actor(cilla.organisation_id, anna.person_id, anna.email)
    assert await contacts.answer(forged, pair_id, False) is Answered.NOT_FOR_YOU
    pair = await Contacts(database).pair(pair_id)
    assert pair is not None and pair.state == ASKED
    assert (pair.answer_low, pair.answer_high) == (None, None)
