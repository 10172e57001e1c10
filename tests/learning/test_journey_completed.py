"""The whole journey: every module's reflections and group sessions -> the diploma is offered,
the journey's end is recorded once and announced in the personal chat."""

from __future__ import annotations

from sqlalchemy import select

from cards.elements import execute
from cards.learning_actions import REFLECTION_SEND
from learning.progress import module_exercises
from storage.learning_progress import LearningProgress
from storage.models import Person
from storage.outbox import Outbox
from storage.workbook import Workbook
from tests.activities import JONAS, message
from tests.card_schema import card_texts
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer
from tests.learning.conftest import Learner
from tests.onboarding.conftest import roster_entry


async def test_the_last_module_done_completes_the_journey_with_a_diploma(
    bot: BotServer, connector: FakeConnector
) -> None:
    await bot.post(message("hej", JONAS, connector.url))  # Jonas and his personal chat exist
    services = bot.services
    async with services.database.sessions() as session:
        person = await session.scalar(
            select(Person.id).where(Person.aad_object_id == JONAS.aad_object_id)
        )
    content = services.content
    progress = LearningProgress(services.database)
    workbook = Workbook(services.database)
    for module in content.modules:
        for exercise in module_exercises(content, module):
            await progress.start_exercise(person, module.id, exercise.key)
            await workbook.save_reflection(
                person, module.id, exercise.key, "Det gick bra.", shared=False, draft=False
            )
    for module in content.modules[:-1]:
        await services.learning.group_session_held(person, module.id)
    assert await workbook.completed_at(person) is None

    await services.learning.group_session_held(person, content.modules[-1].id)
    assert await workbook.completed_at(person) is not None
    await services.sender.tick()
    said = connector.sent_activities(JONAS.personal_conversation)
    texts = "\n".join(card_texts(activity) for activity in said)
    assert "du har genomfört hela Expedition Innovation" in texts
    assert "Ditt diplom (PDF)" in texts


async def test_the_last_reflection_shows_the_journeys_end_and_the_diploma_in_the_turn(
    bot: BotServer, connector: FakeConnector
) -> None:
    """Completed by a reflection sent in a turn: the congratulation and the diploma come in
    that turn, and the outbox holds no second copy of either."""
    jonas = Learner(bot, connector, JONAS)
    connector.add_conversation(JONAS.personal_conversation, [roster_entry(JONAS)])
    await jonas.say("hej")
    services, person = bot.services, await jonas.person_id()
    content = services.content
    workbook = Workbook(services.database)
    exercises = [(m, e) for m in content.modules for e in module_exercises(content, m)]
    for module, exercise in exercises[:-1]:
        await workbook.save_reflection(
            person, module.id, exercise.key, "Det gick bra.", shared=False, draft=False
        )
    for module in content.modules:
        await services.learning.group_session_held(person, module.id)
    assert await workbook.completed_at(person) is None
    before = len(jonas.sent())

    last = exercises[-1][1]
    jonas.card = {"actions": [execute("Skicka", REFLECTION_SEND, {"exercise": last.key})]}
    answer = await jonas.click("Skicka", reflection="Sista reflektionen.", share="false")
    assert "Sista reflektionen." in card_texts(answer)
    in_turn = "\n".join(jonas.said()[before:])
    assert "du har genomfört hela Expedition Innovation" in in_turn
    assert "Ditt diplom (PDF)" in in_turn
    assert await workbook.completed_at(person) is not None
    outbox = Outbox(services.database)
    assert await outbox.id_of(f"journey-done-{person}") is None
    assert await outbox.id_of(f"module-done-{person}-{last.module.id}") is None
