"""Reflections on exercises: written in a card (or typed in chat), kept in the workbook, and
shared with the leader's Innovationsteam unless they keep it private.

- "Spara utkast" keeps a draft (it survives restarts: it is a workbook row);
- "Skicka" saves it for good; a shared one is posted in the group's channel in the leader's
  name through the outbox; a private one never leaves the workbook;
- a changed reflection updates its channel post in place (the outbox sends an update of the
  activity the first post got); made private later, the post is replaced by a short note;
- too long: a clear message, and the text stays in the card (and, if not yet sent, is saved as
  a draft), so nothing typed is lost;
- shared before the leader has a group: saved, and posted once they are in one (`post_unposted`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from cards import learning_actions as buttons
from cards import reflection
from cards.elements import Json
from chat.actions import CardActions
from chat.caller import Caller
from chat.outgoing import edit_of, text_message
from chat.turn import Turn
from content.models import Content
from learning.progress import ExerciseRef, ModuleStatus, find_exercise, status_of
from storage.conversations import Conversations
from storage.learning_progress import LearningProgress
from storage.outbox import Outbox
from storage.workbook import ReflectionEntry, Workbook

log = logging.getLogger(__name__)

Statuses = Callable[[int, Content], Awaitable[tuple[ModuleStatus, ...]]]
Celebrate = Callable[[int, str, Turn | None], Awaitable[bool]]


def reflection_error(content: Content, text: str, *, sending: bool) -> str | None:
    texts = content.learning
    if sending and not text:
        return texts.empty
    if len(text) > texts.reflection_max_chars:
        return texts.too_long.format(length=len(text), limit=texts.reflection_max_chars)
    return None


def shared_by_default(exercise: ExerciseRef) -> bool:
    return exercise.behaviour.reflection.shared_with_team if exercise.behaviour else True


class Reflections:
    def __init__(
        self,
        content: Content,
        progress: LearningProgress,
        workbook: Workbook,
        conversations: Conversations,
        outbox: Outbox,
        statuses: Statuses,
        celebrate: Celebrate,
    ) -> None:
        self._content = content
        self._progress = progress
        self._workbook = workbook
        self._conversations = conversations
        self._outbox = outbox
        self._statuses = statuses
        self._celebrate = celebrate

    def register(self, actions: CardActions) -> None:
        actions.on(buttons.REFLECT, buttons.Reflect, self._on_reflect)
        actions.on(buttons.REFLECTION_DRAFT, buttons.SaveReflectionDraft, self._on_draft)
        actions.on(buttons.REFLECTION_SEND, buttons.SendReflection, self._on_send)

    # --- buttons ------------------------------------------------------------------------------

    async def _on_reflect(self, turn: Turn, payload: buttons.Reflect) -> Json | None:
        caller = turn.caller
        content = self._content_for(caller)
        exercise = find_exercise(content, payload.exercise)
        if exercise is None:
            return None
        entry = await self._workbook.reflection(caller.person_id, exercise.key)
        await self._progress.set_writing(caller.person_id, exercise.key)
        return self._card(content, exercise, entry)

    async def _on_draft(self, turn: Turn, payload: buttons.SaveReflectionDraft) -> Json | None:
        caller = turn.caller
        content = self._content_for(caller)
        exercise = find_exercise(content, payload.exercise)
        if exercise is None:
            return None
        entry = await self._workbook.reflection(caller.person_id, exercise.key)
        if entry is not None and not entry.draft:  # sent already: a change is sent too
            return await self._on_send(turn, payload)
        text, shared = _answers(payload, entry, exercise)
        error = reflection_error(content, text, sending=False)
        if text:
            await self._save_draft(caller, exercise, text, shared)
        note = (
            None if error or not text else content.learning.draft_saved.format(words=_words(text))
        )
        return reflection.reflection_card(
            content,
            exercise,
            value=text,
            shared=shared,
            sent=False,
            error=error or (None if text else content.learning.empty),
            note=note,
        )

    async def _on_send(self, turn: Turn, payload: buttons.ReflectionAnswers) -> Json | None:
        """ "Skicka" (and "Spara utkast" on a reflection already sent)."""
        caller = turn.caller
        content = self._content_for(caller)
        exercise = find_exercise(content, payload.exercise)
        if exercise is None:
            return None
        current = await self._workbook.reflection(caller.person_id, exercise.key)
        text, shared = _answers(payload, current, exercise)
        sent = current is not None and not current.draft
        error = reflection_error(content, text, sending=True)
        if error:
            if text and not sent:  # keep what was typed, even if it cannot be sent as it is
                await self._save_draft(caller, exercise, text, shared)
            return reflection.reflection_card(
                content, exercise, value=text, shared=shared, sent=sent, error=error
            )
        entry, before = await self._workbook.save_reflection(
            caller.person_id, exercise.module.id, exercise.key, text, shared=shared, draft=False
        )
        await self._progress.set_writing(caller.person_id, None)
        note = await self._share(
            content, caller.person_id, caller.first_name, exercise, entry, before
        )
        log.info(
            "person %s sent the reflection on %s (%s)",
            caller.person_id,
            exercise.key,
            "shared" if shared else "private",
        )
        statuses = await self._statuses(caller.person_id, content)
        answer = reflection.reflection_sent_card(
            content, exercise, entry, status_of(statuses, exercise.module.id), note=note
        )
        await self._celebrate(caller.person_id, exercise.module.id, turn)
        return answer

    # --- text typed in chat -------------------------------------------------------------------

    async def on_text(self, turn: Turn, text: str) -> bool:
        """While a reflection card is open, text typed in chat is added to the reflection (and
        kept as a draft if it was not sent yet); the card comes back to read and send."""
        caller = turn.caller
        key = await self._progress.writing(caller.person_id)
        typed = text.strip()
        if key is None or not typed:
            return False
        content = self._content_for(caller)
        exercise = find_exercise(content, key)
        if exercise is None:
            await self._progress.set_writing(caller.person_id, None)
            return False
        entry = await self._workbook.reflection(caller.person_id, key)
        value = f"{entry.text}\n\n{typed}" if entry is not None and entry.text else typed
        shared = entry.shared if entry is not None else shared_by_default(exercise)
        sent = entry is not None and not entry.draft
        if not sent:
            await self._save_draft(caller, exercise, value, shared)
        card = reflection.reflection_card(
            content,
            exercise,
            value=value,
            shared=shared,
            sent=sent,
            error=reflection_error(content, value, sending=False),
            note=content.learning.chat_draft,
        )
        turn.show(card)
        return True

    # --- sharing ------------------------------------------------------------------------------

    async def _share(
        self,
        content: Content,
        person_id: int,
        first_name: str,
        exercise: ExerciseRef,
        entry: ReflectionEntry,
        before: ReflectionEntry | None,
    ) -> str:
        """Post, update or withdraw the channel post as the reflection now says; the note."""
        texts, messages = content.learning, content.messages
        post = await self._progress.post_of(entry.id)
        if entry.shared and post is None:
            group_id = await self._progress.group_of(person_id)
            if group_id is None or not await self._post(
                content, group_id, entry, first_name, exercise.title
            ):
                return texts.shared_later
            return messages.reflection_shared
        if post is None:
            return messages.reflection_saved
        if entry.shared:
            changed = before is None or before.text != entry.text or post.withdrawn
            if not changed:
                return messages.reflection_shared
            message = texts.channel_post_updated.format(
                first_name=first_name, text=entry.text, exercise=exercise.title
            )
        else:
            if post.withdrawn:
                return messages.reflection_saved
            message = texts.channel_post_withdrawn.format(
                first_name=first_name, exercise=exercise.title
            )
        channel = await self._conversations.of_group(post.group_id)
        revision = await self._progress.next_revision(entry.id, withdrawn=not entry.shared)
        if channel is not None:
            await self._outbox.enqueue(
                channel,
                edit_of(post.outbox_id, text_message(message)),
                idempotency_key=f"reflection-{entry.id}-r{revision}",
            )
        return texts.updated_shared if entry.shared else texts.unshared

    async def _post(
        self, content: Content, group_id: int, entry: ReflectionEntry, first_name: str, title: str
    ) -> bool:
        channel = await self._conversations.of_group(group_id)
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

    async def post_unposted(self) -> int:
        """Post the reflections shared before their writers had a group (they have one now)."""
        posted = 0
        for waiting in await self._progress.unposted_shared():
            channel = await self._conversations.of_group(waiting.group_id)
            if channel is None:
                continue
            content = self._content.for_tenant(channel.tenant_id)
            exercise = find_exercise(content, waiting.exercise_id)
            entry = await self._workbook.reflection(waiting.person_id, waiting.exercise_id)
            if exercise is None or entry is None:
                continue
            if await self._post(
                content, waiting.group_id, entry, waiting.first_name, exercise.title
            ):
                posted += 1
        return posted

    # --- helpers ------------------------------------------------------------------------------

    def _card(self, content: Content, exercise: ExerciseRef, entry: ReflectionEntry | None) -> Json:
        return reflection.reflection_card(
            content,
            exercise,
            value=entry.text if entry is not None else "",
            shared=entry.shared if entry is not None else shared_by_default(exercise),
            sent=entry is not None and not entry.draft,
        )

    async def _save_draft(
        self, caller: Caller, exercise: ExerciseRef, text: str, shared: bool
    ) -> None:
        await self._workbook.save_reflection(
            caller.person_id, exercise.module.id, exercise.key, text, shared=shared, draft=True
        )

    def _content_for(self, caller: Caller) -> Content:
        return self._content.for_tenant(caller.tenant_id)


def _answers(
    payload: buttons.ReflectionAnswers,
    entry: ReflectionEntry | None,
    exercise: ExerciseRef,
) -> tuple[str, bool]:
    """The typed text and the share switch; a missing switch keeps what was chosen before."""
    text = (payload.reflection or "").strip()
    if payload.shared is not None:
        return text, payload.shared
    return text, entry.shared if entry is not None else shared_by_default(exercise)


def _words(text: str) -> int:
    return len(text.split())
