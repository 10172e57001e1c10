"""SqlStorage: botbuilder's Storage contract with e_tag concurrency, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from botbuilder.core import ConversationState, StoreItem, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import DialogSet, DialogTurnStatus, TextPrompt, WaterfallDialog
from botbuilder.dialogs.prompts import PromptOptions
from botbuilder.schema import Activity

from storage.bot_state import ETagConflict, SqlStorage
from storage.database import Database
from tests.clock import TestClock


class Note(StoreItem):
    def __init__(self, text: str = "", e_tag: str = "*") -> None:
        super().__init__(text=text, e_tag=e_tag)


async def test_write_then_read_returns_the_document_with_an_etag(database: Database) -> None:
    storage = SqlStorage(database)
    await storage.write({"a": {"goal": "Mer nyfikenhet i teamet"}, "b": {"count": 2}})

    items = await storage.read(["a", "b", "missing"])

    assert set(items) == {"a", "b"}
    assert items["a"]["goal"] == "Mer nyfikenhet i teamet"
    assert items["b"]["count"] == 2
    assert items["a"]["e_tag"] and items["a"]["e_tag"] != items["b"]["e_tag"]


async def test_stale_etag_is_refused_and_the_newer_write_is_kept(database: Database) -> None:
    storage = SqlStorage(database)
    await storage.write({"state": {"step": 1}})
    first = (await storage.read(["state"]))["state"]
    second = (await storage.read(["state"]))["state"]

    first["step"] = 2
    await storage.write({"state": first})
    second["step"] = 3
    with pytest.raises(ETagConflict):
        await storage.write({"state": second})

    assert (await storage.read(["state"]))["state"]["step"] == 2


async def test_star_etag_overwrites(database: Database) -> None:
    storage = SqlStorage(database)
    await storage.write({"k": {"v": 1}})
    await storage.write({"k": {"v": 2, "e_tag": "*"}})
    assert (await storage.read(["k"]))["k"]["v"] == 2


async def test_store_items_round_trip_as_objects(database: Database) -> None:
    storage = SqlStorage(database)
    await storage.write({"note": Note("hej")})
    note = (await storage.read(["note"]))["note"]
    assert isinstance(note, Note)
    assert note.text == "hej"
    assert note.e_tag not in (None, "*")


async def test_delete_removes_only_the_given_keys(database: Database) -> None:
    storage = SqlStorage(database)
    await storage.write({"x": {"v": 1}, "y": {"v": 2}})
    await storage.delete(["x", "never-written"])
    assert set(await storage.read(["x", "y"])) == {"y"}


async def test_dialog_state_survives_a_restart(database_url: str) -> None:
    """A waterfall waiting for an answer continues on a new process (new engine, same database)."""

    async def run(storage: SqlStorage, text: str) -> list[str]:
        state = ConversationState(storage)
        dialogs = DialogSet(state.create_property("DialogState"))

        async def ask(step):
            return await step.prompt(
                "goal", PromptOptions(prompt=Activity(type="message", text="Vad är ditt mål?"))
            )

        async def thank(step):
            await step.context.send_activity(f"Tack! Ditt mål: {step.result}")
            return await step.end_dialog()

        dialogs.add(TextPrompt("goal"))
        dialogs.add(WaterfallDialog("onboarding", [ask, thank]))

        async def logic(turn: TurnContext) -> None:
            context = await dialogs.create_context(turn)
            result = await context.continue_dialog()
            if result.status == DialogTurnStatus.Empty:
                await context.begin_dialog("onboarding")
            await state.save_changes(turn)

        adapter = TestAdapter(logic)
        await adapter.send(text)
        return [activity.text for activity in adapter.activity_buffer]

    first = Database(database_url, clock=TestClock())
    from storage import migrate

    await migrate.upgrade(first)
    assert await run(SqlStorage(first), "hej") == ["Vad är ditt mål?"]
    await first.dispose()

    second = Database(database_url, clock=TestClock())
    assert await run(SqlStorage(second), "Fler idéer från medarbetarna") == [
        "Tack! Ditt mål: Fler idéer från medarbetarna"
    ]
    await second.dispose()
