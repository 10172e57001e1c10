"""Reflections on exercises: kept in the workbook, shared with the leader's Innovationsteam
unless they keep them private.

- a draft is kept (a workbook row, so it survives restarts) until it is sent;
- a sent reflection that is shared is posted in the group's channel in the leader's name,
  through the outbox; a private one never leaves the workbook;
- a changed reflection updates its channel post in place (an edit of the post's outbox row);
  made private later, the post is replaced by a short note;
- too long: nothing typed is lost (the card shows it back to shorten) and nothing past the
  limit is stored (the draft keeps the last text that fitted, so a draft cannot grow without
  bound while text typed in chat is added to it);
- shared before the leader has a group: saved, and posted once they are in one (`post_unposted`).

Sending one may complete its module: that completion is recorded in the same unit of work and
returned, for the dialog to show in the turn (services.learning).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

from chat.address import ConversationAddress
from chat.outgoing import edit_of, text_message
from content.models import Content
from learning.progress import ExerciseRef, ModuleStatus, find_exercise, status_of
from services.learning import LearningService, ModuleCompletion
from storage.conversations import REFLECTION, Conversations, StoredConversation
from storage.database import Database
from storage.learning_progress import LearningProgress
from storage.outbox import Outbox
from storage.workbook import ReflectionEntry, Workbook

log = logging.getLogger(__name__)


class ReflectionProblem(Enum):
    EMPTY = "empty"  # sent with no text
    TOO_LONG = "too_long"  # over the content's reflection_max_chars


class Sharing(Enum):
    """What became of the channel post when a reflection was sent."""

    SHARED = "shared"  # posted (or unchanged and still posted)
    SHARED_LATER = "shared_later"  # to be posted once the leader is in a group
    SAVED = "saved"  # private, never posted
    UPDATED = "updated"  # the post now says the changed text
    WITHDRAWN = "withdrawn"  # made private: the post is replaced by a note


@dataclass(frozen=True, slots=True)
class ReflectionForm:
    """The reflection being written, to show (again) in its card."""

    exercise: ExerciseRef
    text: str
    shared: bool
    sent: bool  # sent before: a change is sent too, there is no draft any more
    problem: ReflectionProblem | None = None
    draft_saved: bool = False


@dataclass(frozen=True, slots=True)
class ReflectionSent:
    exercise: ExerciseRef
    entry: ReflectionEntry
    status: ModuleStatus  # of the exercise's module, after this reflection
    sharing: Sharing
    completion: ModuleCompletion | None  # the module this reflection completed


def reflection_problem(content: Content, text: str, *, sending: bool) -> ReflectionProblem | None:
    if sending and not text:
        return ReflectionProblem.EMPTY
    if len(text) > content.learning.reflection_max_chars:
        return ReflectionProblem.TOO_LONG
    return None


def shared_by_default(exercise: ExerciseRef) -> bool:
    return exercise.behaviour.reflection.shared_with_team if exercise.behaviour else True


class ReflectionsService:
    def __init__(
        self,
        content: Content,
        progress: LearningProgress,
        workbook: Workbook,
        conversations: Conversations,
        outbox: Outbox,
        learning: LearningService,
        *,
        database: Database,
    ) -> None:
        self._content = content
        self._progress = progress
        self._workbook = workbook
        self._conversations = conversations
        self._outbox = outbox
        self._learning = learning
        self._database = database

    async def open(self, person_id: int, tenant_id: str, key: str) -> ReflectionForm | None:
        """The reflection on an exercise, to write or change; text typed in chat from now on
        goes into it. None if the content no longer has the exercise."""
        exercise = find_exercise(await self._learning.content_for(person_id, tenant_id), key)
        if exercise is None:
            return None
        entry = await self._workbook.reflection(person_id, exercise.key)
        await self._progress.set_writing(person_id, exercise.key)
        return ReflectionForm(
            exercise,
            text=entry.text if entry is not None else "",
            shared=entry.shared if entry is not None else shared_by_default(exercise),
            sent=entry is not None and not entry.draft,
        )

    async def save_draft(
        self,
        person_id: int,
        tenant_id: str,
        first_name: str,
        key: str,
        text: str,
        shared: bool | None,
    ) -> ReflectionForm | ReflectionSent | None:
        """ "Spara utkast": kept as a draft; a reflection sent already is sent again instead.
        `shared` None: the choice made before stands."""
        content = await self._learning.content_for(person_id, tenant_id)
        exercise = find_exercise(content, key)
        if exercise is None:
            return None
        entry = await self._workbook.reflection(person_id, exercise.key)
        if entry is not None and not entry.draft:
            return await self.send(person_id, tenant_id, first_name, key, text, shared)
        text = text.strip()
        shared = _shared(shared, entry, exercise)
        problem = reflection_problem(content, text, sending=False)
        if text and problem is None:
            await self._save_draft(person_id, exercise, text, shared)
        return ReflectionForm(
            exercise,
            text=text,
            shared=shared,
            sent=False,
            problem=problem or (None if text else ReflectionProblem.EMPTY),
            draft_saved=bool(text) and problem is None,
        )

    async def send(
        self,
        person_id: int,
        tenant_id: str,
        first_name: str,
        key: str,
        text: str,
        shared: bool | None,
    ) -> ReflectionForm | ReflectionSent | None:
        """ "Skicka": saved for good, shared as chosen, and the module completed if it now is.
        A problem (empty, too long) returns the form with the text, to correct in the card."""
        content = await self._learning.content_for(person_id, tenant_id)
        exercise = find_exercise(content, key)
        if exercise is None:
            return None
        async with self._database.unit_of_work():
            current = await self._workbook.reflection(person_id, exercise.key)
            text = text.strip()
            shared = _shared(shared, current, exercise)
            sent = current is not None and not current.draft
            problem = reflection_problem(content, text, sending=True)
            if problem is not None:  # the card shows the text back; nothing over the limit is kept
                return ReflectionForm(exercise, text, shared, sent, problem=problem)
            entry, before = await self._workbook.save_reflection(
                person_id, exercise.module.id, exercise.key, text, shared=shared, draft=False
            )
            await self._progress.set_writing(person_id, None)
            sharing = await self._share(content, person_id, first_name, exercise, entry, before)
            log.info(
                "person %s sent the reflection on %s (%s)",
                person_id,
                exercise.key,
                "shared" if shared else "private",
            )
            statuses = await self._learning.statuses(person_id, tenant_id)
            completion = await self._learning.complete_if_done(
                person_id, tenant_id, exercise.module.id
            )
            return ReflectionSent(
                exercise, entry, status_of(statuses, exercise.module.id), sharing, completion
            )

    async def add_typed(self, person_id: int, tenant_id: str, text: str) -> ReflectionForm | None:
        """Text typed in chat while a reflection is open is added to it (kept as a draft if it
        was not sent yet). None: no reflection is open, the text is not for us."""
        key = await self._progress.writing(person_id)
        typed = text.strip()
        if key is None or not typed:
            return None
        content = await self._learning.content_for(person_id, tenant_id)
        exercise = find_exercise(content, key)
        if exercise is None:
            await self._progress.set_writing(person_id, None)
            return None
        entry = await self._workbook.reflection(person_id, key)
        value = f"{entry.text}\n\n{typed}" if entry is not None and entry.text else typed
        shared = entry.shared if entry is not None else shared_by_default(exercise)
        sent = entry is not None and not entry.draft
        problem = reflection_problem(content, value, sending=False)
        if not sent and problem is None:  # past the limit the draft keeps what fitted
            await self._save_draft(person_id, exercise, value, shared)
        return ReflectionForm(exercise, value, shared, sent, problem=problem)

    async def post_unposted(self) -> int:
        """Post the reflections shared before their writers had a group (they have one now)."""
        posted = 0
        for waiting in await self._progress.unposted_shared():
            channel = await self._conversations.reflections_of_group(waiting.group_id)
            if channel is None:
                continue
            content = await self._learning.content_for(waiting.person_id, channel.tenant_id)
            exercise = find_exercise(content, waiting.exercise_id)
            entry = await self._workbook.reflection(waiting.person_id, waiting.exercise_id)
            if exercise is None or entry is None:
                continue
            async with self._database.unit_of_work():
                if await self._post(
                    content, waiting.group_id, entry, waiting.first_name, exercise.title
                ):
                    posted += 1
        return posted

    # --- sharing ------------------------------------------------------------------------------

    async def _share(
        self,
        content: Content,
        person_id: int,
        first_name: str,
        exercise: ExerciseRef,
        entry: ReflectionEntry,
        before: ReflectionEntry | None,
    ) -> Sharing:
        """Post, update or withdraw the channel post as the reflection now says."""
        texts = content.learning
        post = await self._progress.post_of(entry.id)
        if entry.shared and post is None:
            group_id = await self._progress.group_of(person_id)
            if group_id is None or not await self._post(
                content, group_id, entry, first_name, exercise.title
            ):
                await self._progress.await_post(entry.id)
                return Sharing.SHARED_LATER
            return Sharing.SHARED
        if post is None:
            return Sharing.SAVED
        if entry.shared:
            changed = before is None or before.text != entry.text or post.withdrawn
            if not changed:
                return Sharing.SHARED
            message = texts.channel_post_updated.format(
                first_name=first_name, text=entry.text, exercise=exercise.title
            )
        else:
            if post.withdrawn:
                return Sharing.SAVED
            message = texts.channel_post_withdrawn.format(
                first_name=first_name, exercise=exercise.title
            )
        # Edited where it was posted, even if the team's reflection channel changed since.
        channel = await self._posted_in(post.outbox_id) or (
            await self._conversations.reflections_of_group(post.group_id)
        )
        revision = await self._progress.next_revision(entry.id, withdrawn=not entry.shared)
        if channel is not None:
            await self._outbox.enqueue(
                channel,
                edit_of(post.outbox_id, text_message(message)),
                idempotency_key=f"reflection-{entry.id}-r{revision}",
            )
        return Sharing.UPDATED if entry.shared else Sharing.WITHDRAWN

    async def _posted_in(self, outbox_id: int) -> StoredConversation | None:
        row = await self._outbox.get(outbox_id)
        if row is None:
            return None
        reference = ConversationAddress.from_json(row.reference)
        return StoredConversation(row.organisation_id, reference.tenant_id, REFLECTION, reference)

    async def _post(
        self, content: Content, group_id: int, entry: ReflectionEntry, first_name: str, title: str
    ) -> bool:
        channel = await self._conversations.reflections_of_group(group_id)
        if channel is None:
            return False
        message = content.learning.channel_post.format(
            first_name=first_name, text=entry.text, exercise=title
        )
        outbox_id = await self._outbox.enqueue(
            channel,
            text_message(message),
            idempotency_key=f"reflection-{entry.id}-post",
        )
        await self._progress.record_post(entry.id, group_id, outbox_id)
        return True

    async def _save_draft(
        self, person_id: int, exercise: ExerciseRef, text: str, shared: bool
    ) -> None:
        await self._workbook.save_reflection(
            person_id, exercise.module.id, exercise.key, text, shared=shared, draft=True
        )


def _shared(chosen: bool | None, entry: ReflectionEntry | None, exercise: ExerciseRef) -> bool:
    """The share switch; a card that did not send it keeps what was chosen before."""
    if chosen is not None:
        return chosen
    return entry.shared if entry is not None else shared_by_default(exercise)
