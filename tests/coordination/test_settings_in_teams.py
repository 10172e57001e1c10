""" "inställningar" over real HTTP as Teams posts it: a coordinator changes the "why" text and the
Stöttepelare, previews, publishes; a new leader's welcome shows it without a restart, help shows
the Stöttepelare, and a leader is turned away."""

from __future__ import annotations

from cards.settings import PUBLISH_SETTINGS, film_inputs
from storage.roles import RoleName
from tests.activities import DANIELA, TENANT, card_execute
from tests.card_schema import card_nodes, card_texts
from tests.coordination.test_in_teams import JONAS_EMAIL, ONLY_COORDINATORS, texts
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, bot, jonas, roster_entry

__all__ = ["bot", "jonas"]  # the fixtures

WHY = "Vi i Uppsala vill våga mer.\n\nDärför prövar vi nya arbetssätt tillsammans."
SUPPORTERS = "Per Ek; innovationsledare; per.ek@uppsala.example"
FILM = "https://play.uppsala.example/modul-1"


async def test_a_published_why_text_reaches_the_next_welcome_without_a_restart(
    bot: BotServer, jonas: Leader, connector: FakeConnector
) -> None:
    await jonas.say("hej")
    assert ONLY_COORDINATORS in texts(await jonas.say("inställningar"))
    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)

    await jonas.say("inställningar")
    assert "Kommunens inställningar" in card_texts(jonas.card)
    await jonas.click("Allmänt")
    await jonas.click("Förhandsgranska", name="Uppsala kommun", why=WHY)
    assert "Förhandsvisning av version 1" in card_texts(jonas.card)
    await jonas.click("Stöttepelare")  # on the same draft
    await jonas.click("Förhandsgranska", supporters="Per Ek")
    assert "Rad 1 bland stöttepelarna" in card_texts(jonas.card)  # and what he typed is kept
    assert {i["id"]: i.get("value") for i in _inputs(jonas.card)} == {"supporters": "Per Ek"}

    await jonas.click("Förhandsgranska", supporters=SUPPORTERS)
    preview = card_texts(jonas.card)
    assert "Förhandsvisning av version 2" in preview and "Vi i Uppsala vill våga mer." in preview
    assert "Per Ek, innovationsledare – per.ek@uppsala.example" in preview
    await jonas.click("Ändra")  # back to the section with the draft, then the same preview again
    typed = {i["id"]: i.get("value") for i in _inputs(jonas.card)}
    assert typed == {"supporters": SUPPORTERS}
    await jonas.click("Förhandsgranska", **typed)  # as Teams sends the inputs' values
    preview = card_texts(jonas.card)
    assert "Förhandsvisning av version 3" in preview and "Vi i Uppsala vill våga mer." in preview

    # Daniela, a leader, cannot publish Jonas's draft even with the button's data.
    connector.add_conversation(DANIELA.personal_conversation, [roster_entry(DANIELA)])
    daniela = Leader(bot, connector, DANIELA)
    await bot.post(
        card_execute(
            PUBLISH_SETTINGS, DANIELA, connector.url, {"verb": PUBLISH_SETTINGS, "version": 3}
        )
    )
    await daniela.say("hej")  # her welcome: still the file's text
    assert "Vi i Uppsala vill våga mer." not in card_texts(daniela.card)

    await jonas.click("Publicera")
    assert "Klart! Version 3 gäller nu för alla i kommunen." in card_texts(jonas.card)

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


async def test_times_films_and_examples_from_their_own_cards(
    bot: BotServer, jonas: Leader, connector: FakeConnector
) -> None:
    """Tider with a mistake shown back, then Filmer and a local example on the same draft, one
    version published with all three."""
    await jonas.say("hej")
    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)
    await jonas.say("inställningar")
    await jonas.click("Tider")
    values = {i["id"]: i.get("value") for i in _inputs(jonas.card)}
    assert values == {
        "time_zone": "Europe/Stockholm",
        "start": "08:00",
        "end": "17:00",
        "days": "0,1,2,3,4",
    }
    await jonas.click("Förhandsgranska", **(values | {"start": "16:00", "end": "09:00"}))
    assert "Arbetsdagen behöver sluta senare än den börjar." in card_texts(jonas.card)
    assert {i["id"]: i.get("value") for i in _inputs(jonas.card)}["start"] == "16:00"
    await jonas.click("Förhandsgranska", **(values | {"days": "1,3", "start": "09:00"}))
    assert "Tisdag, torsdag kl. 09:00–17:00, tidszon Europe/Stockholm" in card_texts(jonas.card)

    await jonas.click("Filmer")
    area, intro = film_inputs("important_behaviour")
    await jonas.click("Förhandsgranska", **{intro: "http://play.example/m1"})
    assert "Länken i modul 1 behöver vara en hel https-länk" in card_texts(jonas.card)
    assert jonas.input(intro)["value"] == "http://play.example/m1"  # kept, to correct
    await jonas.click("Förhandsgranska", **{intro: FILM, area: ""})
    preview = card_texts(jonas.card)
    assert "Förhandsvisning av version 2" in preview and FILM in preview
    assert "Tisdag, torsdag" in preview  # built on version 1

    await jonas.click("Lokala exempel")
    await jonas.click("Skriv exempel", exercise="2")
    assert "Lokala exempel till övning 2" in card_texts(jonas.card)
    await jonas.click("Förhandsgranska", examples="Vår idésluss i Gottsunda.")
    assert "Övning 2: Vår idésluss i Gottsunda." in card_texts(jonas.card)
    await jonas.click("Publicera")
    assert "Version 3 gäller nu" in card_texts(jonas.card)

    shown = bot.services.content.for_tenant(TENANT)
    assert shown.organisation.working_hours.days == (1, 3)
    assert shown.module("important_behaviour").films.introduction == FILM
    assert shown.exercises.get(2).local_examples == ("Vår idésluss i Gottsunda.",)


def _inputs(card: dict) -> list[dict]:
    return [node for node in card_nodes(card["body"]) if node.get("type", "").startswith("Input.")]
