""" "inställningar" over real HTTP as Teams posts it: a coordinator changes the "why" text and the
Stöttepelare, previews, publishes; a new leader's welcome shows it without a restart, help shows
the Stöttepelare, and a leader is turned away."""

from __future__ import annotations

from cards.settings import PUBLISH_SETTINGS
from storage.roles import RoleName
from tests.activities import DANIELA, TENANT, card_execute
from tests.card_schema import card_texts
from tests.coordination.test_in_teams import JONAS_EMAIL, ONLY_COORDINATORS, texts
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, bot, jonas, roster_entry

__all__ = ["bot", "jonas"]  # the fixtures

WHY = "Vi i Uppsala vill våga mer.\n\nDärför prövar vi nya arbetssätt tillsammans."
SUPPORTERS = "Per Ek; innovationsledare; per.ek@uppsala.example"


async def test_a_published_why_text_reaches_the_next_welcome_without_a_restart(
    bot: BotServer, jonas: Leader, connector: FakeConnector
) -> None:
    await jonas.say("hej")
    assert ONLY_COORDINATORS in texts(await jonas.say("inställningar"))
    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)

    await jonas.say("inställningar")
    assert "Kommunens inställningar" in card_texts(jonas.card)
    await jonas.click("Förhandsgranska", name="Uppsala kommun", why=WHY, supporters="Per Ek")
    assert "Rad 1 bland stöttepelarna" in card_texts(jonas.card)  # and what he typed is kept
    assert {i["id"]: i.get("value") for i in _inputs(jonas.card)}["why"] == WHY

    await jonas.click("Förhandsgranska", name="Uppsala kommun", why=WHY, supporters=SUPPORTERS)
    preview = card_texts(jonas.card)
    assert "Förhandsvisning av version 1" in preview and "Vi i Uppsala vill våga mer." in preview
    assert "Per Ek, innovationsledare – per.ek@uppsala.example" in preview
    await jonas.click("Ändra")  # back to the form with the draft, then the same preview again
    typed = {i["id"]: i.get("value") for i in _inputs(jonas.card)}
    assert typed == {"name": "Uppsala kommun", "why": WHY, "supporters": SUPPORTERS}
    await jonas.click("Förhandsgranska", **typed)  # as Teams sends the inputs' values
    assert "Förhandsvisning av version 2" in card_texts(jonas.card)

    # Daniela, a leader, cannot publish Jonas's draft even with the button's data.
    connector.add_conversation(DANIELA.personal_conversation, [roster_entry(DANIELA)])
    daniela = Leader(bot, connector, DANIELA)
    await bot.post(
        card_execute(
            PUBLISH_SETTINGS, DANIELA, connector.url, {"verb": PUBLISH_SETTINGS, "version": 2}
        )
    )
    await daniela.say("hej")  # her welcome: still the file's text
    assert "Vi i Uppsala vill våga mer." not in card_texts(daniela.card)

    await jonas.click("Publicera")
    assert "Klart! Version 2 gäller nu för alla i kommunen." in card_texts(jonas.card)

    await daniela.say("börja om")
    welcome = card_texts(daniela.card)
    assert "Vi i Uppsala vill våga mer." in welcome
    assert "Därför prövar vi nya arbetssätt tillsammans." in welcome
    await daniela.say("hjälp")
    assert "Dina stöttepelare" in card_texts(daniela.card)
    assert "Per Ek, innovationsledare – per.ek@uppsala.example" in card_texts(daniela.card)

    await bot.restart()  # and after a restart, from the database
    await daniela.say("hjälp")
    assert "Per Ek, innovationsledare" in card_texts(daniela.card)


def _inputs(card: dict) -> list[dict]:
    return [node for node in card["body"] if node.get("type", "").startswith("Input.")]
