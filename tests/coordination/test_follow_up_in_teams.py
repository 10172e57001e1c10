"""A coordinator in Teams chooses a cohort on the follow-up card, and downloads its chart and
the Excel workbook through the signed links, over real HTTP; a forged scope shows the
municipality, and a link stops working for someone no longer a coordinator."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from cards.follow_up import FOLLOW_UP_SCOPE
from storage.cohorts import Cohorts, NewCohort
from storage.roles import RoleName
from tests.activities import TENANT, card_execute
from tests.card_schema import assert_valid_card, card_texts
from tests.coordination.support import AT, person
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, bot, jonas
from tests.workbook.conftest import fetch
from workbook.chart import PNG_SIGNATURE

__all__ = ["bot", "jonas"]  # the fixtures

JONAS_EMAIL = "jonas.gumbel@uppsala.example"


def link(card: dict, ending: str) -> str:
    [url] = [
        a["url"]
        for a in card["actions"]
        if a["type"] == "Action.OpenUrl" and a["url"].endswith(ending)
    ]
    return url


async def test_a_coordinator_chooses_a_cohort_and_downloads_its_chart_and_the_workbook(
    bot: BotServer, jonas: Leader, connector: FakeConnector
) -> None:
    await jonas.say("hej")
    database = bot.services.database
    organisation = None
    for n in range(14):
        organisation, _ = await person(
            database, TENANT, f"leader{n}", email=f"leader{n}@uppsala.example"
        )
    assert organisation is not None
    cohort_id, _ = await Cohorts(database).create(
        NewCohort(organisation, "Våren 2027", date(2027, 1, 11), AT, None),
        [f"leader{n}@uppsala.example" for n in range(10)],
    )
    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)

    await jonas.say("uppföljning")
    card = jonas.card
    assert_valid_card(card)
    shown = card_texts(card)
    assert "Visa uppföljningen för" in shown and "Omgång: Våren 2027" in shown
    assert "Deltagare" in shown and "15" in shown  # 14 leaders and Jonas

    async def choose(scope: str) -> dict:
        data = {"follow_up_scope": scope}
        response = await bot.post(card_execute(FOLLOW_UP_SCOPE, jonas.user, connector.url, data))
        chosen = (await response.json())["value"]
        assert_valid_card(chosen)
        return chosen

    cohort_card = await choose(f"cohort-{cohort_id}")
    texts = card_texts(cohort_card)
    assert "Omgång: Våren 2027" in texts and "Hela kommunen" in texts  # the choice's options
    [chooser] = [b for b in cohort_card["body"] if b.get("id") == "follow_up_scope"]
    assert chooser["value"] == f"cohort-{cohort_id}"
    assert "Inget Innovationsteam hör helt till den här omgången ännu." in texts

    status, png, headers = await fetch(bot, link(cohort_card, "/follow-up.png"))
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert png.startswith(PNG_SIGNATURE)

    status, data, headers = await fetch(bot, link(cohort_card, "/follow-up.xlsx"))
    assert status == 200 and "spreadsheetml" in headers["Content-Type"]
    assert "attachment" in headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Kommunen", "Omgång  Våren 2027", "Innovationsmognad"]
    assert ("Deltagare", 10) in list(book["Omgång  Våren 2027"].iter_rows(values_only=True))

    forged = await choose("cohort-999999")  # not Uppsala's: the municipality's view
    [chooser] = [b for b in forged["body"] if b.get("id") == "follow_up_scope"]
    assert chooser["value"] == "municipality"
    assert "Det finns inga Innovationsteam ännu." in card_texts(forged)

    # No longer a coordinator: the links give nothing.
    await bot.services.coordination.name_from_cli(
        TENANT, "annan@uppsala.example", RoleName.COORDINATOR
    )
    await bot.services.coordination.remove_from_cli(TENANT, JONAS_EMAIL)
    status, body, _ = await fetch(bot, link(cohort_card, "/follow-up.xlsx"))
    assert status == 404 and not body.startswith(b"PK")
    status, body, _ = await fetch(bot, link(cohort_card, "/follow-up.png"))
    assert status == 404 and not body.startswith(PNG_SIGNATURE)
