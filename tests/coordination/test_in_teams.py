"""A coordinator in the personal chat, over real HTTP as Teams posts it: named from the command
line, recognised by the address Teams gives, "uppföljning" with its CSV, "samordnare"."""

from __future__ import annotations

import csv
import io

from cards.cohorts import START_COHORT
from cards.coordination import REMOVE_ROLE
from storage.roles import RoleName
from tests.activities import DANIELA, TENANT, card_execute
from tests.card_schema import assert_valid_card, card_texts
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, bot, jonas, roster_entry
from tests.workbook.conftest import fetch

__all__ = ["bot", "jonas"]  # the fixtures

JONAS_EMAIL = "jonas.gumbel@uppsala.example"
DANIELA_EMAIL = "daniela.drazic@uppsala.example"
ONLY_COORDINATORS = "Det här är till för kommunens samordnare"


def texts(answer: list[dict]) -> str:
    return " ".join(a.get("text") or "" for a in answer)


def csv_url(card: dict) -> str:
    [action] = [
        a
        for a in card["actions"]
        if a["type"] == "Action.OpenUrl" and a["url"].endswith("/follow-up.csv")
    ]
    return action["url"]


async def test_a_coordinator_follows_up_and_names_another_while_a_leader_is_turned_away(
    bot: BotServer, jonas: Leader, connector: FakeConnector
) -> None:
    await jonas.say("hej")  # the first message is the welcome
    assert ONLY_COORDINATORS in texts(await jonas.say("uppföljning"))

    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)
    await jonas.say("uppföljning")
    card = card_texts(jonas.card)
    assert "Uppföljning" in card and "Hela kommunen" in card and "färre än 5" in card
    assert "Jonas" not in card
    link = csv_url(jonas.card)
    status, body, headers = await fetch(bot, link)
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert ["Hela kommunen", "Deltagare", "färre än 5"] in rows

    answer = await jonas.say(f"samordnare lägg till {DANIELA_EMAIL.upper()}")
    assert texts(answer) == f"Klart! {DANIELA_EMAIL} är nu samordnare."
    assert "ser inte ut som en e-postadress" in texts(await jonas.say("stöttepelare lägg till per"))

    await jonas.say("samordnare")
    assert f"{DANIELA_EMAIL} – samordnare (har inte skrivit till mig ännu)" in card_texts(
        jonas.card
    )
    response = await bot.post(
        card_execute(
            REMOVE_ROLE, jonas.user, connector.url, {"verb": REMOVE_ROLE, "email": DANIELA_EMAIL}
        )
    )
    body_json = await response.json()
    assert_valid_card(body_json["value"])
    assert f"Klart! {DANIELA_EMAIL} är inte längre samordnare." in card_texts(body_json["value"])

    # Daniela, a leader, can name nobody; and once Jonas is no longer a coordinator, his
    # link gives nothing.
    connector.add_conversation(DANIELA.personal_conversation, [roster_entry(DANIELA)])
    daniela = Leader(bot, connector, DANIELA)
    await daniela.say("hej")
    assert ONLY_COORDINATORS in texts(await daniela.say(f"samordnare lägg till {DANIELA_EMAIL}"))
    await bot.services.coordination.name_from_cli(TENANT, DANIELA_EMAIL, RoleName.COORDINATOR)
    await bot.services.coordination.remove_from_cli(TENANT, JONAS_EMAIL)
    status, body, _ = await fetch(bot, link)
    assert status == 404 and b"Deltagare" not in body


async def test_the_help_card_shows_the_coordinator_commands_to_coordinators_only(
    bot: BotServer, jonas: Leader
) -> None:
    await jonas.say("hej")
    await jonas.say("hjälp")
    as_leader = card_texts(jonas.card)
    assert "återkoppling" in as_leader
    assert "uppföljning" not in as_leader and "samordnare" not in as_leader
    assert "inställningar" not in as_leader
    assert "omgång" not in as_leader

    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)
    await jonas.say("hjälp")
    as_coordinator = card_texts(jonas.card)
    assert "uppföljning" in as_coordinator and "samordnare" in as_coordinator
    assert "inställningar" in as_coordinator
    assert "omgång" in as_coordinator


async def test_a_coordinator_starts_a_cohort_from_the_card_and_a_leader_cannot(
    bot: BotServer, jonas: Leader, connector: FakeConnector
) -> None:
    await jonas.say("hej")
    assert ONLY_COORDINATORS in texts(await jonas.say("omgång"))

    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)
    await jonas.say("omgång")
    assert_valid_card(jonas.card)
    assert "Starta en ny omgång" in card_texts(jonas.card)

    async def click(leaders: str) -> dict:
        data = {
            "cohort_name": "Våren 2027",
            "cohort_start": "2027-01-11",
            "cohort_leaders": leaders,
        }
        response = await bot.post(card_execute(START_COHORT, jonas.user, connector.url, data))
        card = (await response.json())["value"]
        assert_valid_card(card)
        return card

    typo = await click("per@uppsala.example\nper at uppsala")
    assert "De här ser inte ut som e-postadresser" in card_texts(typo)
    assert "per at uppsala" in card_texts(typo)
    [leaders] = [b for b in typo["body"] if b.get("id") == "cohort_leaders"]
    assert leaders["value"] == "per@uppsala.example\nper at uppsala"  # nothing lost

    started = card_texts(await click("per@uppsala.example"))
    assert "Klart! Omgången ”Våren 2027” startar måndag 11 januari 2027." in started
    assert "per@uppsala.example" in started and "Så lägger du till appen" in started
    await jonas.say("omgång")
    assert "Våren 2027: start måndag 11 januari 2027, 1 ledare" in card_texts(jonas.card)
