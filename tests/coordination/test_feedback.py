"""återkoppling: any leader's suggestion reaches their own municipality's coordinators, an
anonymous one without anything that leads back to the sender."""

from __future__ import annotations

from sqlalchemy import select

from cards.feedback import ANONYMOUS_INPUT, SEND_FEEDBACK, TEXT_INPUT
from services.feedback import Sent
from storage.database import Database
from storage.feedback import Suggestion
from storage.personal_data import PersonalData
from storage.roles import RoleName
from tests.activities import TENANT, card_execute
from tests.card_schema import assert_valid_card, card_texts
from tests.coordination.support import (
    HELSINGBORG,
    UPPSALA,
    actor,
    feedback_service,
    person,
    service,
)
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, bot, jonas

__all__ = ["bot", "jonas"]  # the fixtures

ANNA = "anna@uppsala.example"


async def test_suggestions_signed_and_anonymous_reach_only_their_municipality_s_coordinators(
    database: Database,
) -> None:
    coordination = service(database)
    feedback = feedback_service(database, coordination, max_chars=100)
    await coordination.name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    uppsala, per = await person(database, UPPSALA, "per")
    helsingborg, olle = await person(database, HELSINGBORG, "olle")

    assert await feedback.send(uppsala, per, "Fler korta övningar", anonymous=False) is Sent.SENT
    assert await feedback.send(uppsala, per, "Mindre text i korten", anonymous=True) is Sent.SENT
    assert (
        await feedback.send(helsingborg, olle, "Helsingborgs förslag", anonymous=False) is Sent.SENT
    )
    assert await feedback.send(uppsala, per, "   ", anonymous=False) is Sent.EMPTY
    assert await feedback.send(uppsala, per, "x" * 101, anonymous=False) is Sent.TOO_LONG

    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    latest = await feedback.latest(anna)
    assert latest is not None
    assert [(s.text, s.sender) for s in latest] == [
        ("Mindre text i korten", None),
        ("Fler korta övningar", "Per"),
    ]
    assert await feedback.latest(await actor(database, UPPSALA, "per")) is None
    async with database.sessions() as session:
        anonymous = await session.scalar(
            select(Suggestion).where(Suggestion.text == "Mindre text i korten")
        )
    assert anonymous is not None and anonymous.person_id is None

    # Erasing Per deletes his signed suggestion; the anonymous one was never his in the data.
    await PersonalData(database).erase(per)
    latest = await feedback.latest(anna)
    assert latest is not None and [s.text for s in latest] == ["Mindre text i korten"]


async def test_a_leader_sends_one_from_the_card_and_a_long_one_is_kept(
    bot: BotServer, jonas: Leader, connector: FakeConnector
) -> None:
    await jonas.say("hej")
    await jonas.say("återkoppling")
    assert "Återkoppling till programmet" in card_texts(jonas.card)

    async def send(text: str, anonymous: str) -> dict:
        data = {"verb": SEND_FEEDBACK, TEXT_INPUT: text, ANONYMOUS_INPUT: anonymous}
        response = await bot.post(card_execute(SEND_FEEDBACK, jonas.user, connector.url, data))
        card = (await response.json())["value"]
        assert_valid_card(card)
        return card

    long = "Lång text. " * 300
    kept = await send(long, "true")
    assert "får vara högst 2000 tecken" in card_texts(kept)
    assert jonas_input(kept)["value"] == long
    thanks = await send("Gärna fler exempel från andra kommuner", "true")
    assert "skickats anonymt" in card_texts(thanks)

    await bot.services.coordination.name_from_cli(
        TENANT, "jonas.gumbel@uppsala.example", RoleName.COORDINATOR
    )
    await jonas.say("uppföljning")
    assert "anonymt: Gärna fler exempel från andra kommuner" in card_texts(jonas.card)


def jonas_input(card: dict) -> dict:
    return next(node for node in card["body"] if node.get("id") == TEXT_INPUT)
