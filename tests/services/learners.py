"""What the learning, reflection, workbook and privacy service tests share: a migrated database
with a leader (Jonas) in an Innovationsteam, the services wired as app.py wires them, and the
events they publish recorded. No HTTP and no bot: the outbox rows are what would be said."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from chat.address import Account, ConversationAddress
from chat.caller import tenant_id
from content import Content, load_content
from learning.progress import module_exercises
from learning.tracks import TrackOf
from services.bus import EventBus
from services.events import JourneyCompleted, ModuleCompleted
from services.learning import LearningService
from services.privacy import PrivacyService
from services.reflections import ReflectionsService
from services.workbook import CheckpointPrompts, WorkbookService
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory, TeamsAccount
from storage.languages import PersonLanguages
from storage.learning_plans import LearningPlans
from storage.learning_progress import LearningProgress
from storage.models import Group, Membership
from storage.outbox import Outbox, OutboxMessage
from storage.personal_data import PersonalData
from storage.workbook import Workbook
from tests.clock import TestClock
from workbook.files import WorkbookFiles
from workbook.links import Links, LinkSigner

TENANT = "00000000-0000-0000-0000-0000000000001"
OTHER_TENANT = "00000000-0000-0000-0000-0000000000002"
SERVICE_URL = "http://127.0.0.1:9/connector"
CONTENT = load_content()


@dataclass
class Learners:
    content: Content
    database: Database
    clock: TestClock
    directory: Directory
    conversations: Conversations
    progress: LearningProgress
    workbook: Workbook
    outbox: Outbox
    learning: LearningService
    reflections: ReflectionsService
    workbooks: WorkbookService
    privacy: PrivacyService
    events: EventBus
    organisation: int
    published: list[object] = field(default_factory=list)

    async def leader(self, aad: str, name: str, *, personal_chat: bool = True) -> int:
        person = await self.directory.person_id(
            self.organisation, TeamsAccount(f"29:{aad}", aad, name)
        )
        if personal_chat:
            await self.conversations.remember(
                self.organisation, "personal", address(f"a:{aad}", "personal"), person_id=person
            )
        return person

    async def group(self, *members: int, channel: bool = True) -> int:
        async with self.database.transaction() as session:
            group = Group(organisation_id=self.organisation, team_id="team-g4", name="G4")
            session.add(group)
            await session.flush()
            session.add_all(Membership(group_id=group.id, person_id=m) for m in members)
            group_id = group.id
        if channel:
            await self.conversations.remember(
                self.organisation, "channel", address("19:g4@thread", "channel"), group_id=group_id
            )
        return group_id

    async def reflect_on_module(self, person: int, module_index: int) -> None:
        """Every exercise of a module reflected on (sent, private), straight into the store."""
        module = self.content.modules[module_index]
        for exercise in module_exercises(self.content, module):
            await self.workbook.save_reflection(
                person, module.id, exercise.key, "Det gick bra.", shared=False, draft=False
            )

    async def said(self) -> dict[str, dict[str, Any]]:
        """The outbox: idempotency key -> the activity to send."""
        async with self.database.sessions() as session:
            rows = (await session.scalars(select(OutboxMessage))).all()
        return {row.idempotency_key: json.loads(row.payload) for row in rows}


def address(conversation_id: str, kind: str) -> ConversationAddress:
    return ConversationAddress(
        service_url=SERVICE_URL,
        conversation_id=conversation_id,
        tenant_id=tenant_id(TENANT),
        bot=Account("28:expeditionsboten", "Expeditionsboten"),
        conversation_type=kind,
    )


async def learners(
    database: Database, clock: TestClock, *, tracks: TrackOf | None = None
) -> Learners:
    """The services as app.py builds them, with a recorder for the completion events;
    `tracks`: each leader's cohort track (none: everyone on the default track)."""
    content, events = CONTENT, EventBus()
    directory, conversations = Directory(database), Conversations(database)
    progress, workbook, outbox = LearningProgress(database), Workbook(database), Outbox(database)
    personal_data = PersonalData(database)
    links = Links(LinkSigner.from_setting("test-secret", clock), "http://127.0.0.1:9")
    files = WorkbookFiles(content, workbook, personal_data, links, clock=clock)
    workbooks = WorkbookService(content, workbook, personal_data, files)
    learning = LearningService(
        content,
        progress,
        workbook,
        LearningPlans(database),
        conversations,
        outbox,
        workbooks,
        database=database,
        events=events,
        clock=clock,
        tracks=tracks,
    )
    reflections = ReflectionsService(
        content, progress, workbook, conversations, outbox, learning, database=database
    )
    world = Learners(
        content=content,
        database=database,
        clock=clock,
        directory=directory,
        conversations=conversations,
        progress=progress,
        workbook=workbook,
        outbox=outbox,
        learning=learning,
        reflections=reflections,
        workbooks=workbooks,
        privacy=PrivacyService(personal_data, files, directory, conversations, events=events),
        events=events,
        organisation=await directory.organisation_id(TENANT),
    )

    async def record(event: object) -> None:
        world.published.append(event)

    prompts = CheckpointPrompts(
        content,
        workbooks,
        progress,
        conversations,
        outbox,
        languages=PersonLanguages(database),
        tracks=tracks,
    )
    events.subscribe(ModuleCompleted, record)
    events.subscribe(ModuleCompleted, prompts.module_completed)
    events.subscribe(JourneyCompleted, workbooks.record_journey_completed)
    events.subscribe(JourneyCompleted, prompts.journey_completed)
    events.subscribe(JourneyCompleted, record)
    return world
