"""Contacts speak each leader's own language, whoever's turn or job caused the card: Anna (Luleå)
speaks English, Björn (Kiruna) Swedish; the job's proposal, the introduction after Björn's yes,
and the expiry notices each come in theirs (the topic and the times too)."""

from __future__ import annotations

from datetime import timedelta

from storage.database import Database
from storage.directory import Directory
from tests.clock import TestClock
from tests.coordination.test_contacts import (
    CONTENT,
    a_pair,
    contacts_on,
    form,
    leader,
    region,
    rows,
    texts_of,
)
from tests.coordination.test_regions import KIRUNA, LULEA


async def said(database: Database, prefix: str) -> dict[int, str]:
    """Organisation -> the texts of the card with the key prefix."""
    return {r.organisation_id: texts_of(r) for r in await rows(database, prefix)}


async def test_a_proposal_and_the_introduction_speak_each_ones_language(
    database: Database,
) -> None:
    await region(database)
    contacts = contacts_on(database)
    anna = await leader(database, LULEA, "anna", "Anna")
    bjorn = await leader(database, KIRUNA, "bjorn", "Björn")
    await Directory(database).speak(anna.person_id, "en-GB")
    await contacts.ask(anna, LULEA, form())
    await contacts.ask(bjorn, KIRUNA, form())
    assert await contacts.tick() == 1

    proposed = await said(database, "contact-")
    to_anna, to_bjorn = proposed[anna.organisation_id], proposed[bjorn.organisation_id]
    assert "Björn from Kiruna also wants to talk about Understand your users." in to_anna
    assert "Yes, please" in to_anna
    assert "Anna från Luleå vill också prata om Förstå er användare." in to_bjorn

    [pair_id] = {int(r.idempotency_key.split("-")[1]) for r in await rows(database)}
    await contacts.answer(anna, pair_id, True)
    await contacts.answer(bjorn, pair_id, True)  # Björn's own (Swedish) turn introduces both
    introduced = await said(database, f"contact-{pair_id}-introduction-")
    # The clock is Monday 30 November 2026: the first time offered is the next weekday's.
    assert "Tuesday 1 December" in introduced[anna.organisation_id]
    assert "tisdag 1 december" in introduced[bjorn.organisation_id]


async def test_the_expiry_notices_speak_each_ones_language(
    database: Database, clock: TestClock
) -> None:
    contacts, anna, bjorn, pair_id = await a_pair(database)
    await Directory(database).speak(bjorn.person_id, "en-US")
    await contacts.answer(anna, pair_id, True)
    clock.advance(timedelta(days=CONTENT.contacts.answer_days, minutes=1))
    await contacts.tick()

    told = await said(database, f"contact-{pair_id}-expired-")
    assert "ingen kontakt den här gången" in told[anna.organisation_id]
    assert "I have paused your contact suggestions" in told[bjorn.organisation_id]
