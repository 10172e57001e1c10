"""The workbook: the leader's own record, the maturity checkpoints over time, the diploma.

Everything here reads one person's workbook, and only for an owner of the tenant asked about
(storage.personal_data.Owner); every link is signed for that person, tenant and file
(workbook.links). The workbook stays readable after the journey ends; the journey's end is
recorded when `JourneyCompleted` is published (subscribed in app.py), which makes the diploma
available.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

from cards.elements import Json
from cards.workbook import WorkbookLinks, checkpoint_card, workbook_card
from chat.outgoing import card_message
from content.language import speaking
from content.maturity import Checkpoint
from content.models import Content
from learning.tracks import TrackOf, curriculum_for
from services.events import JourneyCompleted, ModuleCompleted
from storage.conversations import Conversations
from storage.languages import PersonLanguages
from storage.learning_progress import LearningProgress
from storage.outbox import Outbox
from storage.personal_data import Owner, PersonalData
from storage.workbook import Workbook
from workbook.export import WorkbookDocument
from workbook.files import WorkbookFiles
from workbook.links import FileKind
from workbook.maturity import checkpoint as find_checkpoint
from workbook.maturity import in_model_order, next_checkpoint

log = logging.getLogger(__name__)

HALFWAY, END = "halfway", "end"  # the checkpoints the journey prompts for (start: onboarding)


@dataclass(frozen=True, slots=True)
class WorkbookView:
    """What the workbook card shows: the document, its signed links, the next checkpoint."""

    document: WorkbookDocument
    links: WorkbookLinks
    next_checkpoint: Checkpoint | None


@dataclass(frozen=True, slots=True)
class CheckpointForm:
    """A self-assessment to fill in, beside the latest other one (its label and grades)."""

    checkpoint: Checkpoint
    previous: tuple[str, dict[str, int]] | None
    grades: dict[str, int]


class CheckpointSaved(Enum):
    SAVED = "saved"
    UNKNOWN = "unknown"  # a checkpoint the content no longer has


class WorkbookService:
    def __init__(
        self,
        content: Content,
        workbook: Workbook,
        personal_data: PersonalData,
        files: WorkbookFiles,
    ) -> None:
        self._content = content
        self._workbook = workbook
        self._data = personal_data
        self._files = files

    async def view(self, person_id: int, tenant_id: str) -> WorkbookView | None:
        """The person's workbook (None if they are not a person of this tenant)."""
        owner = await self._data.owner(person_id, tenant_id)
        if owner is None:
            return None
        return await self._view(owner)

    async def checkpoint(
        self, person_id: int, tenant_id: str, checkpoint_id: str
    ) -> CheckpointForm | None:
        """The self-assessment for a checkpoint; None if the content no longer has it."""
        content = self._content.for_tenant(tenant_id)
        checkpoint = find_checkpoint(content, checkpoint_id)
        if checkpoint is None:
            return None
        return CheckpointForm(
            checkpoint,
            await self._previous(person_id, content, checkpoint.id),
            await self._workbook.maturity(person_id, checkpoint.id),
        )

    async def save_checkpoint(
        self, person_id: int, tenant_id: str, checkpoint_id: str, answers: dict[str, str]
    ) -> CheckpointSaved | CheckpointForm:
        """Keep the grades when every area has a valid one; otherwise the checkpoint again,
        with the valid grades given so far (`answers`: area id -> the level as sent)."""
        content = self._content.for_tenant(tenant_id)
        checkpoint = find_checkpoint(content, checkpoint_id)
        if checkpoint is None:
            return CheckpointSaved.UNKNOWN
        grades: dict[str, int] = {}
        for area in content.maturity.areas:
            value = answers.get(area.id, "")
            if value.isdigit() and int(value) in area.levels:
                grades[area.id] = int(value)
        if len(grades) < len(content.maturity.areas):
            previous = await self._previous(person_id, content, checkpoint.id)
            return CheckpointForm(checkpoint, previous, grades)
        await self._workbook.set_maturity(person_id, checkpoint.id, grades)
        log.info("person %s assessed maturity at %s", person_id, checkpoint.id)
        return CheckpointSaved.SAVED

    async def record_journey_completed(self, event: JourneyCompleted) -> None:
        """The last module is done: the journey's end is recorded (once), so the diploma is
        available from now on."""
        if await self._data.owner(event.person_id, event.tenant_id) is None:
            return
        await self._workbook.complete_journey(event.person_id)

    async def diploma_card(self, person_id: int, tenant_id: str) -> Json | None:
        """The workbook card that offers the diploma, for the outbox (no Teams user id: its
        links are as fresh as the day it is sent)."""
        view = await self.view(person_id, tenant_id)
        if view is None:
            return None
        content = self._content.for_tenant(tenant_id)
        return workbook_card(
            content,
            view.document,
            view.links,
            next_checkpoint=view.next_checkpoint,
            owner_teams_id=None,
            note=content.workbook.diploma_ready,
        )

    async def _view(self, owner: Owner) -> WorkbookView:
        content = await self._files.content_of(owner)
        document = await self._files.document(owner, content)
        assessments = await self._workbook.checkpoints(owner.person_id)
        url = self._files.url
        person, tenant = owner.person_id, owner.tenant_id
        links = WorkbookLinks(
            pdf=url(person, tenant, FileKind.WORKBOOK_PDF),
            markdown=url(person, tenant, FileKind.WORKBOOK_MARKDOWN),
            chart=url(person, tenant, FileKind.CHART) if document.maturity else None,
            diploma=url(person, tenant, FileKind.DIPLOMA) if document.completed else None,
            minutes=self._files.links.minutes,
        )
        return WorkbookView(document, links, next_checkpoint(content, assessments))

    async def _previous(
        self, person_id: int, content: Content, checkpoint_id: str
    ) -> tuple[str, dict[str, int]] | None:
        """The latest other checkpoint the leader assessed, to compare with."""
        labels = {c.id: c.label for c in content.maturity.checkpoints}
        earlier = [
            a
            for a in in_model_order(content, await self._workbook.checkpoints(person_id))
            if a.checkpoint != checkpoint_id
        ]
        if not earlier:
            return None
        return labels[earlier[-1].checkpoint], earlier[-1].grades


class CheckpointPrompts:
    """The bot asks for the maturity self-assessment where the seed's journey puts it: halfway
    when half of the modules are done, and at the end when the journey is. Subscribed to
    `ModuleCompleted` and `JourneyCompleted`, which are published inside the completion's unit
    of work, so the prompt (an outbox row in the leader's personal chat) commits with it. Once
    each (the idempotency key), and never for a checkpoint the leader has already assessed."""

    def __init__(
        self,
        content: Content,
        workbooks: WorkbookService,
        progress: LearningProgress,
        conversations: Conversations,
        outbox: Outbox,
        *,
        languages: PersonLanguages,
        tracks: TrackOf | None = None,
    ) -> None:
        self._content = content
        self._tracks = tracks
        self._languages = languages
        self._workbooks = workbooks
        self._progress = progress
        self._conversations = conversations
        self._outbox = outbox

    async def module_completed(self, event: ModuleCompleted) -> None:
        # Half of the modules of the leader's own track (their cohort's).
        content = self._content.for_tenant(event.tenant_id)
        total = len((await curriculum_for(content, self._tracks, event.person_id)).modules)
        done = len(await self._progress.completed(event.person_id))
        # Not at the last module: the journey's end asks for the end checkpoint instead.
        if done * 2 >= total and done < total:
            await self._prompt(event.person_id, event.tenant_id, HALFWAY)

    async def journey_completed(self, event: JourneyCompleted) -> None:
        await self._prompt(event.person_id, event.tenant_id, END)

    async def _prompt(self, person_id: int, tenant_id: str, checkpoint_id: str) -> None:
        chat = await self._conversations.personal(person_id)
        if chat is None:
            return
        # In the leader's language: a coach's turn or a job may have completed the module.
        with speaking(await self._languages.one(person_id)):
            form = await self._workbooks.checkpoint(person_id, tenant_id, checkpoint_id)
            if form is None or form.grades:
                return
            content = self._content.for_tenant(tenant_id)
            card = checkpoint_card(content, form.checkpoint, form.previous, form.grades)
        await self._outbox.enqueue(
            chat,
            card_message(card, text=form.checkpoint.prompt),
            idempotency_key=f"checkpoint-{person_id}-{checkpoint_id}",
        )
        log.info("person %s asked for the %s self-assessment", person_id, checkpoint_id)
