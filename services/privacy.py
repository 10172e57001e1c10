""" "Mina data" and "radera mina data": the leader's own data, to take with them or to erase.

What is stored is counted by kind, with signed links to all of it as JSON and PDF
(storage.personal_data reads only the person's rows). Erasing deletes everything personal and
every text, keeping only the anonymous counts storage.personal_data names, and makes this
process forget the person, so their next message starts over as a new participant. Once that
is committed, PersonErased lets the bot delete its own channel posts that named or quoted them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Protocol, runtime_checkable

from chat.address import ConversationAddress
from chat.outgoing import deletion_of
from scheduling.availability import Attendee, CalendarError, CalendarProvider, RemovesAttendees
from services.bus import EventBus
from services.events import PersonErased
from storage.conversations import Conversations, StoredConversation
from storage.directory import Directory
from storage.meetings import Meetings
from storage.outbox import Outbox
from storage.personal_data import (
    KEPT_FOR_COUNTS,
    PEOPLE,
    ErasureReport,
    GroupMeeting,
    PersonalData,
)
from workbook.files import WorkbookFiles
from workbook.links import FileKind

log = logging.getLogger(__name__)


@runtime_checkable
class ForgetsPeople(Protocol):
    """A calendar store that keeps copies of what the bot booked (iCalendar files)."""

    async def forget(self, email: str, name: str) -> int: ...


@dataclass(frozen=True, slots=True)
class MyData:
    """How many rows of each kind (a table's name) are stored, and signed links to them."""

    counts: tuple[tuple[str, int], ...]
    # Kinds whose rows stay after erasure as anonymous counts (the rest is deleted then).
    kept_for_counts: frozenset[str]
    json_url: str
    pdf_url: str
    minutes: int  # how long the links are valid


class PrivacyService:
    def __init__(
        self,
        personal_data: PersonalData,
        files: WorkbookFiles,
        directory: Directory,
        conversations: Conversations,
        *,
        events: EventBus,
        calendars: CalendarProvider | None = None,
        meetings: Meetings | None = None,
    ) -> None:
        self._data = personal_data
        self._files = files
        self._directory = directory
        self._conversations = conversations
        self._events = events
        self._calendars = calendars
        self._meetings = meetings
        # Only a calendar store of files has copies to scrub; Graph's are the tenant's own.
        self._calendar_files = calendars if isinstance(calendars, ForgetsPeople) else None

    async def my_data(self, person_id: int, tenant_id: str) -> MyData:
        exported = await self._data.export(person_id)
        tables: dict[str, list[object]] = exported.get("tables", {})
        counts = ((PEOPLE, 1), *((table, len(rows)) for table, rows in sorted(tables.items())))
        url = self._files.url
        return MyData(
            counts=counts,
            kept_for_counts=KEPT_FOR_COUNTS,
            json_url=url(person_id, tenant_id, FileKind.DATA_JSON),
            pdf_url=url(person_id, tenant_id, FileKind.DATA_PDF),
            minutes=self._files.links.minutes,
        )

    async def erase(self, person_id: int) -> ErasureReport:
        """Erase the person's data on their request; the report says what went and what stayed."""
        person = (await self._data.export(person_id)).get("person") or {}
        booked = await self._data.booked_times(person_id)
        group_meetings = await self._data.booked_meetings(person_id)
        report = await self._data.erase(person_id)  # first: no booking includes her again
        email, name = person.get("email") or "", person.get("name") or ""
        if email:
            await self._cancel_booked(person_id, Attendee(email, name), booked)
            await self._leave_meetings(person_id, Attendee(email, name), group_meetings)
        if self._calendar_files is not None and email:
            try:  # after cancelling: the cancellation notices name her too
                await self._calendar_files.forget(email, name)
            except CalendarError as error:  # the database is erased; the files are told apart
                log.error("person %s: calendar files not scrubbed: %s", person_id, error)
        await self._data.checkpoint()  # SQLite: the erased texts leave the WAL too
        self._directory.forget(person_id)
        self._conversations.forget()
        log.info("person %s erased their data on request", person_id)
        if report.channel_posts:
            await self._events.publish(PersonErased(person_id, tuple(report.channel_posts)))
        return report

    async def _cancel_booked(self, person_id: int, organizer: Attendee, booked: list[str]) -> None:
        """Her upcoming booked times, taken out of her calendar (Graph or iCalendar)."""
        if self._calendars is None:
            return
        for event_id in booked:
            try:
                await self._calendars.cancel(organizer, event_id)
            except CalendarError as error:
                log.error("person %s: booked time %s not cancelled: %s", person_id, event_id, error)

    async def _leave_meetings(
        self, person_id: int, person: Attendee, meetings: list[GroupMeeting]
    ) -> None:
        """Off the attendees of her groups' booked meetings ahead; a meeting she organised
        (in Graph it lives in her mailbox) is cancelled and booked anew for the others."""
        calendars = self._calendars
        if not isinstance(calendars, RemovesAttendees):
            return
        for meeting in meetings:
            members = [Attendee(email, name) for email, name in meeting.members]
            try:
                removal = await calendars.remove_attendee(meeting.event_id, person, members)
                if removal.organized_by_them and self._calendars is not None:
                    await self._calendars.cancel(person, meeting.event_id)
                    if self._meetings is not None:
                        await self._meetings.book_again(meeting.meeting_id)
            except CalendarError as error:
                log.error(
                    "person %s: not taken off meeting %s: %s", person_id, meeting.meeting_id, error
                )


class ChannelPosts:
    """Deletes the bot's own posts that named or quoted an erased person (their introduction,
    their shared reflections) from the channels, through the outbox: Teams' limits, retries
    after 429 and 5xx, and ALLOWED_TENANTS hold for deletions as for messages. A post already
    deleted in Teams counts as done."""

    def __init__(self, outbox: Outbox, directory: Directory) -> None:
        self._outbox = outbox
        self._directory = directory

    async def delete_erased(self, event: PersonErased) -> None:
        for reference, activity_id in event.posts:
            try:
                # Whoever the stored address names (it may be her) is not needed to delete.
                address = replace(ConversationAddress.from_json(reference), user=None)
            except (ValueError, KeyError) as error:
                log.warning("post %s of an erased person not deleted: %s", activity_id, error)
                continue
            organisation_id = await self._directory.organisation_id(address.tenant_id)
            channel = StoredConversation(organisation_id, address.tenant_id, "channel", address)
            await self._outbox.enqueue(
                channel,
                deletion_of(activity_id),
                idempotency_key=f"erased-{event.person_id}-{activity_id}"[:200],
            )
