"""'region' over real HTTP as Teams posts it: a programme owner creates a region, invites a
municipality (wrong input shown again with what was typed), its coordinator joins and brings all
its leaders, and the owner's follow-up holds back a municipality of fewer than five."""

from __future__ import annotations

from typing import Any

from cards.regions import (
    ANSWER_REGION,
    CHOOSE_REGIONAL,
    CREATE_REGION,
    CREATE_REGIONAL_COHORT,
    INVITE_REGION,
    REGIONAL_FOLLOW_UP,
    choice_input,
)
from services.regions import name_programme_owner
from storage.roles import RoleName
from tests.activities import TENANT, card_execute
from tests.card_schema import assert_valid_card, card_nodes, card_texts
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, bot, jonas

__all__ = ["bot", "jonas"]  # the fixtures

JONAS_EMAIL = "jonas.gumbel@uppsala.example"


async def click(bot: BotServer, jonas: Leader, url: str, verb: str, data: dict[str, Any]) -> dict:
    response = await bot.post(card_execute(verb, jonas.user, url, data))
    assert response.status == 200
    body = await response.json()
    card = body.get("value")
    if isinstance(card, dict) and card.get("type") == "AdaptiveCard":
        assert_valid_card(card)
        return card
    return {}


def said(jonas: Leader, answer: list[dict]) -> str:
    return " ".join(a.get("text") or "" for a in answer)


async def test_a_region_from_creation_to_its_follow_up(bot: BotServer, jonas: Leader) -> None:
    await jonas.say("hej")
    answer = await jonas.say("region")  # a leader is turned away
    assert "Regioner är för programägare" in said(jonas, answer)

    await name_programme_owner(bot.services.database, TENANT, JONAS_EMAIL)
    await jonas.say("region")
    assert_valid_card(jonas.card)
    assert "Du har inga regioner ännu" in card_texts(jonas.card)
    url = jonas.connector.url

    empty = await click(bot, jonas, url, CREATE_REGION, {"region_name": "   "})
    assert "Skriv ett namn." in card_texts(empty)
    made = await click(bot, jonas, url, CREATE_REGION, {"region_name": "Norrbotten"})
    assert "Regionen Norrbotten är skapad" in card_texts(made)
    [choice] = [n for n in card_nodes(made) if n.get("id") == "region_choice"]
    region = choice["value"]

    typed = {"region_choice": region, "region_tenants": "lulea.se"}
    wrong = await click(bot, jonas, url, INVITE_REGION, typed)
    assert "De här känner jag inte igen" in card_texts(wrong)
    [tenants] = [n for n in card_nodes(wrong) if n.get("id") == "region_tenants"]
    assert tenants["value"] == "lulea.se"  # kept as typed

    invited = await click(
        bot, jonas, url, INVITE_REGION, {"region_choice": region, "region_tenants": TENANT}
    )
    assert "1 kommuner inbjudna" in card_texts(invited)
    dates = {"regional_start": "2027-01-11", "regional_end": "2027-12-17"}
    bad = await click(
        bot,
        jonas,
        url,
        CREATE_REGIONAL_COHORT,
        {"region_choice": region, "regional_name": "Året", "regional_start": "2027-12-17"},
    )
    assert "Välj ett startdatum och ett slutdatum" in card_texts(bad)
    created = await click(
        bot,
        jonas,
        url,
        CREATE_REGIONAL_COHORT,
        {"region_choice": region, "regional_name": "Året", **dates},
    )
    assert "Den regionala omgången Året är skapad" in card_texts(created)
    [follow] = [
        a
        for n in card_nodes(created)
        for a in n.get("actions", [])
        if a.get("verb") == REGIONAL_FOLLOW_UP
    ]

    # Jonas coordinates his own municipality too: he answers the invitation for it.
    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)
    await jonas.say("region")
    assert "Gå med" in card_texts(jonas.card)
    joined = await click(
        bot, jonas, url, ANSWER_REGION, {"region_id": int(region), "answer": "join"}
    )
    assert "Nu är er kommun med i Norrbotten" in card_texts(joined)

    await jonas.say("region")
    regional = follow["data"]["regional_cohort_id"]
    [chooser] = [n for n in card_nodes(jonas.card) if n.get("id") == choice_input(regional)]
    assert "Alla ledare i kommunen" in card_texts(jonas.card)
    chosen = await click(
        bot,
        jonas,
        url,
        CHOOSE_REGIONAL,
        {"regional_cohort_id": regional, chooser["id"]: "all"},
    )
    assert "Sparat. Ert val gäller för Året." in card_texts(chosen)

    texts = card_texts(
        await click(bot, jonas, url, REGIONAL_FOLLOW_UP, {"regional_cohort_id": regional})
    )
    assert "Regional uppföljning: Norrbotten, Året" in texts
    assert "färre än 5" in texts  # one leader (Jonas) in the region: no figures at all
    assert "Kontakter på tu man hand visas när minst 5 har blivit av." in texts  # none made
    assert "Uppsala kommun" in texts  # named by its organisation file, not its tenant id
