"""One-to-one contacts over real HTTP as Teams posts it, across two tenants: each leader types
"kontakt" in their own tenant and sends the request card (a missing line comes back with a
Swedish message and the typed choice kept); the matching job proposes them to each other; the
sender delivers each proposal into its own tenant's personal chat through the fake Bot
Connector; both click "Ja, gärna" and each gets the other's name and suggested times."""

from __future__ import annotations

import json

from sqlalchemy import select

from cards.contacts import ANSWER_CONTACT, ASK_CONTACT
from storage.models import Organisation
from storage.outbox import OutboxMessage
from storage.regions import JOINED, Region, RegionMember
from tests.activities import DANIELA, JONAS, TENANT, User, card_execute, message
from tests.card_schema import assert_valid_card, card_texts
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer
from tests.onboarding.conftest import bot, roster_entry

__all__ = ["bot"]  # the fixture

OTHER_TENANT = "22222222-0000-0000-0000-000000000003"
THEME = "understand_users"


async def say(
    bot: BotServer, connector: FakeConnector, user: User, tenant: str, text: str
) -> list[dict]:
    before = len(connector.sent_activities(user.personal_conversation))
    await bot.post(message(text, user, connector.url, tenant=tenant))
    return connector.sent_activities(user.personal_conversation)[before:]


async def click(
    bot: BotServer, connector: FakeConnector, user: User, tenant: str, verb: str, data: dict
) -> dict:
    response = await bot.post(card_execute(verb, user, connector.url, data, tenant=tenant))
    assert response.status == 200
    card = (await response.json())["value"]
    assert_valid_card(card)
    return card


def cards_in(activities: list[dict]) -> list[dict]:
    return [a["attachments"][0]["content"] for a in activities if a.get("attachments")]


async def one_region(bot: BotServer) -> None:
    """Both municipalities joined one region (as their coordinators would have answered)."""
    database = bot.services.database
    async with database.transaction() as session:
        region = Region(name="Norrbotten")
        session.add(region)
        await session.flush()
        organisations = await session.scalars(select(Organisation))
        for organisation in organisations:
            session.add(
                RegionMember(region_id=region.id, organisation_id=organisation.id, state=JOINED)
            )


async def test_two_leaders_in_two_tenants_meet_on_cards(
    bot: BotServer, connector: FakeConnector
) -> None:
    connector.add_conversation(JONAS.personal_conversation, [roster_entry(JONAS)])
    connector.add_conversation(DANIELA.personal_conversation, [roster_entry(DANIELA)])
    await say(bot, connector, JONAS, TENANT, "hej")
    await say(bot, connector, DANIELA, OTHER_TENANT, "hej")
    await one_region(bot)

    [form] = cards_in(await say(bot, connector, JONAS, TENANT, "på tu man hand"))
    assert "Den andra ser bara ditt förnamn" in card_texts(form)
    missing = await click(bot, connector, JONAS, TENANT, ASK_CONTACT, {"contact_topic": THEME})
    assert "Skriv en mening om dig själv först." in card_texts(missing)
    [topic] = [n for n in missing["body"] if n.get("id") == "contact_topic"]
    assert topic["value"] == THEME  # kept as chosen
    asked = await click(
        bot,
        connector,
        JONAS,
        TENANT,
        ASK_CONTACT,
        {"contact_topic": THEME, "contact_intro": "Rektor som vill förstå eleverna bättre"},
    )
    assert "Jag letar efter någon i en annan kommun" in card_texts(asked)
    await say(bot, connector, DANIELA, OTHER_TENANT, "kontakt")
    await click(
        bot,
        connector,
        DANIELA,
        OTHER_TENANT,
        ASK_CONTACT,
        {"contact_topic": THEME, "contact_intro": "Enhetschef som testar tjänstedesign"},
    )

    assert await bot.services.contacts.tick() == 1
    await bot.services.sender.tick()
    [to_jonas] = cards_in(connector.sent_activities(JONAS.personal_conversation)[-1:])
    [to_daniela] = cards_in(connector.sent_activities(DANIELA.personal_conversation)[-1:])
    assert "Daniela från" in card_texts(to_jonas)
    assert "Enhetschef som testar tjänstedesign" in card_texts(to_jonas)
    assert "Jonas från" in card_texts(to_daniela)
    assert "Drazic" not in card_texts(to_jonas)  # the surname only after both said yes
    async with bot.services.database.sessions() as session:
        sent = list(
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.idempotency_key.like("contact-%"))
            )
        )
    tenants = {json.loads(r.reference)["conversation"]["tenantId"] for r in sent}
    assert tenants == {TENANT, OTHER_TENANT}  # each in its own tenant

    [yes] = [a for a in to_jonas["actions"] if a.get("verb") == ANSWER_CONTACT and a["data"]["yes"]]
    said = await click(bot, connector, JONAS, TENANT, ANSWER_CONTACT, yes["data"])
    assert "den andra också har svarat" in card_texts(said)
    both = await click(bot, connector, DANIELA, OTHER_TENANT, ANSWER_CONTACT, yes["data"])
    assert "Ni har båda sagt ja" in card_texts(both)
    await bot.services.sender.tick()
    [introduced] = cards_in(connector.sent_activities(JONAS.personal_conversation)[-1:])
    shown = card_texts(introduced)
    assert "Daniela Drazic" in shown and "Tider som passar er båda" in shown
