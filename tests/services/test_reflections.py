"""The reflection service without HTTP: drafts and sending, shared only when chosen (posted,
updated, withdrawn through the outbox), nothing typed lost, shared later once in a group, and
the module a reflection completes returned for the turn, published once."""

from __future__ import annotations

from learning.progress import module_exercises
from services.events import ModuleCompleted
from services.reflections import ReflectionForm, ReflectionProblem, ReflectionSent, Sharing
from storage.database import Database
from tests.clock import TestClock
from tests.services.learners import TENANT, Learners, learners


async def jonas_in_a_group(world: Learners) -> int:
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    await world.group(jonas)
    return jonas


def channel_texts(said: dict[str, dict]) -> list[str]:
    return [activity.get("text", "") for key, activity in said.items() if key.startswith("refl")]


async def test_a_draft_is_kept_and_goes_nowhere(database: Database, clock: TestClock) -> None:
    world = await learners(database, clock)
    jonas = await jonas_in_a_group(world)
    form = await world.reflections.save_draft(
        jonas, TENANT, "Jonas", "unit_meeting", "  Ett utkast om mötet.  ", True
    )
    assert isinstance(form, ReflectionForm)
    assert form.draft_saved and form.problem is None and form.text == "Ett utkast om mötet."
    entry = await world.workbook.reflection(jonas, "unit_meeting")
    assert entry is not None and entry.draft and entry.text == "Ett utkast om mötet."
    assert await world.said() == {}


async def test_an_empty_draft_saves_nothing(database: Database, clock: TestClock) -> None:
    world = await learners(database, clock)
    jonas = await jonas_in_a_group(world)
    form = await world.reflections.save_draft(jonas, TENANT, "Jonas", "unit_meeting", " ", None)
    assert isinstance(form, ReflectionForm) and form.problem is ReflectionProblem.EMPTY
    assert await world.workbook.reflection(jonas, "unit_meeting") is None


async def test_a_shared_reflection_is_posted_in_the_channel(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await jonas_in_a_group(world)
    sent = await world.reflections.send(
        jonas, TENANT, "Jonas", "unit_meeting", "Vi testade stående möte.", True
    )
    assert isinstance(sent, ReflectionSent)
    assert sent.sharing is Sharing.SHARED and not sent.entry.draft and sent.completion is None
    texts = channel_texts(await world.said())
    assert len(texts) == 1 and "Vi testade stående möte." in texts[0] and "Jonas" in texts[0]


async def test_a_private_reflection_never_leaves_the_workbook(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await jonas_in_a_group(world)
    sent = await world.reflections.send(
        jonas, TENANT, "Jonas", "unit_meeting", "Bara för mig.", False
    )
    assert isinstance(sent, ReflectionSent) and sent.sharing is Sharing.SAVED
    assert await world.said() == {}


async def test_a_change_updates_the_post_and_made_private_withdraws_it(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await jonas_in_a_group(world)
    send = world.reflections.send
    await send(jonas, TENANT, "Jonas", "unit_meeting", "Första versionen.", True)
    same = await send(jonas, TENANT, "Jonas", "unit_meeting", "Första versionen.", None)
    assert isinstance(same, ReflectionSent) and same.sharing is Sharing.SHARED
    changed = await send(jonas, TENANT, "Jonas", "unit_meeting", "Andra versionen.", None)
    assert isinstance(changed, ReflectionSent) and changed.sharing is Sharing.UPDATED
    private = await send(jonas, TENANT, "Jonas", "unit_meeting", "Andra versionen.", False)
    assert isinstance(private, ReflectionSent) and private.sharing is Sharing.WITHDRAWN

    said = await world.said()
    edits = [activity for key, activity in said.items() if "-r" in key]
    assert len(said) == 3 and len(edits) == 2
    assert "Andra versionen." in str(edits[0]) and "Andra versionen." not in str(edits[1])


async def test_too_long_to_send_is_shown_back_and_the_draft_keeps_what_fitted(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await jonas_in_a_group(world)
    await world.reflections.save_draft(jonas, TENANT, "Jonas", "unit_meeting", "Början.", True)
    long = "ord " * world.content.learning.reflection_max_chars
    form = await world.reflections.send(jonas, TENANT, "Jonas", "unit_meeting", long, True)
    assert isinstance(form, ReflectionForm) and form.problem is ReflectionProblem.TOO_LONG
    assert form.text == long.strip()  # shown back in the card: nothing typed is lost
    entry = await world.workbook.reflection(jonas, "unit_meeting")
    assert entry is not None and entry.draft and entry.text == "Början."  # nothing past the limit
    assert await world.said() == {}


async def test_shared_without_a_group_is_posted_once_there_is_one(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await world.leader("aad-jonas", "Jonas Gumbel")
    sent = await world.reflections.send(
        jonas, TENANT, "Jonas", "unit_meeting", "Innan jag hade en grupp.", True
    )
    assert isinstance(sent, ReflectionSent) and sent.sharing is Sharing.SHARED_LATER
    assert await world.reflections.post_unposted() == 0  # still no group

    await world.group(jonas)
    assert await world.reflections.post_unposted() == 1
    assert await world.reflections.post_unposted() == 0  # posted once
    assert any("Innan jag hade en grupp." in t for t in channel_texts(await world.said()))


async def test_text_typed_while_writing_is_added_to_the_reflection(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await jonas_in_a_group(world)
    assert await world.reflections.add_typed(jonas, TENANT, "Hej") is None  # nothing open
    opened = await world.reflections.open(jonas, TENANT, "unit_meeting")
    assert opened is not None and opened.text == "" and not opened.sent

    await world.reflections.add_typed(jonas, TENANT, "Första tanken.")
    form = await world.reflections.add_typed(jonas, TENANT, "Andra tanken.")
    assert form is not None and form.text == "Första tanken.\n\nAndra tanken."
    entry = await world.workbook.reflection(jonas, "unit_meeting")
    assert entry is not None and entry.draft and entry.text == form.text


async def test_the_reflection_completing_a_module_returns_it_and_publishes_once(
    database: Database, clock: TestClock
) -> None:
    world = await learners(database, clock)
    jonas = await jonas_in_a_group(world)
    first = world.content.modules[0]
    await world.progress.record_group_session(jonas, first.id)
    exercises = module_exercises(world.content, first)
    for exercise in exercises[:-1]:
        await world.reflections.send(jonas, TENANT, "Jonas", exercise.key, "Gjort.", False)
    assert world.published == []

    last = exercises[-1].key
    sent = await world.reflections.send(jonas, TENANT, "Jonas", last, "Gjort.", False)
    assert isinstance(sent, ReflectionSent) and sent.completion is not None
    assert sent.completion.module_id == first.id and not sent.completion.journey_completed
    assert sent.status.done
    assert world.published == [ModuleCompleted(jonas, first.id, TENANT)]
    assert not any(key.startswith("module-done") for key in await world.said())  # in the turn

    await world.reflections.send(jonas, TENANT, "Jonas", last, "Gjort igen.", False)
    assert world.published == [ModuleCompleted(jonas, first.id, TENANT)]
