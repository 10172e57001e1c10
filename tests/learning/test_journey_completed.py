"""The whole journey: every module's reflections and group sessions -> the diploma is offered,
the journey's end is recorded once and announced in the personal chat."""

from __future__ import annotations

from sqlalchemy import select

from learning.progress import module_exercises
from storage.learning_progress import LearningProgress
from storage.models import Person
from storage.workbook import Workbook
from tests.activities import JONAS, message
from tests.card_schema import card_texts
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer


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
