"""Regional meetings: a programme owner schedules digital meetings for a regional cohort; every
participating leader is told in their own tenant, answers "Jag kommer" / "Jag kan inte", is
reminded the day before and, if they came, asked for a short reflection for their workbook.

The owner's rights are checked here (services.regions: only the region's owner, refusals
audited). The participants are the leaders each joined municipality chose to bring to the
regional cohort (all its people, or its chosen cohorts' members), each in a personal chat of
their own organisation. Announcements go in the outbox in the unit of work that saves the
meeting. Reminders and reflection prompts are not stored ahead: `run_due` (a scheduler job)
puts them in the outbox when due, from the meetings as they are then, so a meeting moved or
cancelled before that is reminded at its new time or not at all; idempotency keys per
meeting, person (and start time) make a restart or a second tick send once. Each meeting
stores when the job next needs to look at it (its next reminder moment, then every
RECHECK_EVERY until it starts, then its end); what can change its participants or answers
resets that mark in its own unit of work, so a tick with nothing due reads one index. The
owner sees how many come, only when at least MINIMUM_PEOPLE do; a reflection goes to the
leader's workbook only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from cards.elements import Json
from cards.regional_meetings import (
    LENGTHS,
    MeetingForm,
    MoveForm,
    ScheduledMeeting,
    announcement_card,
    cancelled_card,
    reflection_card,
)
from chat.outgoing import card_message
from content.language import speaking
from content.models import Content
from services.coordination import Actor, CoordinationService
from services.follow_up import MINIMUM_PEOPLE
from services.regions import RegionService
from storage.audit import AuditAction
from storage.conversations import Conversations, StoredConversation
from storage.database import Database
from storage.languages import PersonLanguages
from storage.outbox import Outbox
from storage.regional_meetings import Meeting, Meetings, NewMeeting, outbox_key
from storage.regional_shares import RegionalShares
from storage.regions import JOINED, RegionalCohortInfo, Regions
from storage.workbook import (
    REGIONAL_MEETING_MARK,
    REGIONAL_MEETING_REFLECTION,
    TextTooLong,
    Workbook,
    bounded,
)

log = logging.getLogger(__name__)

REMIND_AT = time(8, 0)  # the day before, in the leader's organisation's zone
DEFAULT_START = "13:00"
DEFAULT_MINUTES = 150
DEFAULT_COUNT = 8  # every other month: 8 meetings, or until the regional cohort ends
REFLECT_WITHIN = timedelta(days=3)  # after this, no reflection prompt is sent any more
MEETING_REFLECTION = REGIONAL_MEETING_REFLECTION
MAX_THEME = 200
MAX_GUEST = 200
MAX_AGENDA = 4_000
MAX_LINK = 2_000
_LONGEST = timedelta(minutes=max(LENGTHS))
# Once reminders are due, the job looks at a meeting again this often until it starts: joining
# the regional cohort, choosing its participants and "Jag kommer" make it look on its next tick,
# but a leader may also become a participant without any of these (a new person in a
# municipality that brings all its people, a personal chat opened), and is then reminded at
# most this late. A pass costs about eight statements: 4 an hour instead of 60.
RECHECK_EVERY = timedelta(minutes=15)
# A meeting nobody takes part in yet is looked at from this long before its start (every
# RECHECK_EVERY): joining and choosing make it look at once, anyone else is found then.
QUIET_UNTIL = timedelta(days=2)
# The mark of a meeting that needs no more checks (prompted, or past REFLECT_WITHIN): a time
# no tick reaches (None would mean "look now").
NO_MORE_CHECKS = datetime(9999, 1, 1, tzinfo=UTC)


class MeetingProblem(StrEnum):
    BAD_DATE = "bad_date"
    BAD_TIME = "bad_time"
    BAD_LENGTH = "bad_length"
    NO_THEME = "no_theme"
    TOO_LONG = "too_long"
    NO_AGENDA = "no_agenda"
    BAD_LINK = "bad_link"
    NO_MEETING = "no_meeting"  # moving: no meeting of this regional cohort chosen


@dataclass(frozen=True, slots=True)
class MeetingRejected:
    """Nothing was stored; the form comes back as typed."""

    problems: tuple[MeetingProblem, ...]


@dataclass(frozen=True, slots=True)
class Added:
    meeting_id: int
    cards: int  # announcements put in the outbox


class Reply(StrEnum):
    COMING = "coming"
    NOT_COMING = "not_coming"
    NOT_FOR_YOU = "not_for_you"  # not a participant (or no such meeting)
    CANCELLED = "cancelled"
    SAVED = "saved"
    EMPTY = "empty"
    ALREADY = "already"


@dataclass(frozen=True, slots=True)
class Schedule:
    cohort: RegionalCohortInfo
    meetings: tuple[ScheduledMeeting, ...]


@dataclass(frozen=True, slots=True)
class Participant:
    person_id: int
    chat: StoredConversation


class MeetingService:
    def __init__(
        self,
        content: Content,
        coordination: CoordinationService,
        regions: RegionService,
        *,
        database: Database,
    ) -> None:
        self._content = content
        self._coordination = coordination
        self._region_service = regions
        self._db = database
        self._regions = Regions(database)
        self._meetings = Meetings(database)
        self._conversations = Conversations(database)
        self._outbox = Outbox(database)
        self._workbook = Workbook(database)
        self._shares = RegionalShares(database)
        self._languages = PersonLanguages(database)

    # --- the programme owner --------------------------------------------------------------

    async def _owned_cohort(
        self, actor: Actor, regional_cohort_id: int, action: str
    ) -> RegionalCohortInfo | None:
        found = await self._regions.cohort(regional_cohort_id)
        if found is None:
            await self._region_service.owner_id(actor, action)
            return None
        if not await self._region_service.owns(actor, found.region_id, action):
            return None
        return found

    async def schedule(self, actor: Actor, regional_cohort_id: int) -> Schedule | None:
        """The regional cohort's meetings with how many come (None: fewer than the minimum);
        None: refused."""
        found = await self._owned_cohort(actor, regional_cohort_id, "regional_meetings")
        if found is None:
            return None
        meetings = await self._meetings.of_cohort(regional_cohort_id)
        counts = await self._meetings.count_coming([m.id for m in meetings])
        rows = tuple(
            ScheduledMeeting(m, n if (n := counts.get(m.id, 0)) >= MINIMUM_PEOPLE else None)
            for m in meetings
        )
        return Schedule(found, rows)

    async def proposal(self, actor: Actor, regional_cohort_id: int) -> list[MeetingForm] | None:
        """The default schedule, as forms to fill in: every other month from the regional
        cohort's start, DEFAULT_COUNT meetings or until it ends, from today on, leaving out the
        days that already have a meeting. None: refused."""
        found = await self._owned_cohort(actor, regional_cohort_id, "regional_meetings_propose")
        if found is None:
            return None
        zone = await self._zone(actor)
        taken = {
            m.starts_at.astimezone(zone).date()
            for m in await self._meetings.of_cohort(regional_cohort_id)
            if not m.cancelled
        }
        today = self._db.now().astimezone(zone).date()
        forms = []
        for number in range(DEFAULT_COUNT):
            day = _months_after(found.starts_on, 2 * number)
            if day > found.ends_on:
                break
            if day < today or day in taken:
                continue
            forms.append(
                MeetingForm(
                    regional_cohort_id=regional_cohort_id,
                    meeting_date=day.isoformat(),
                    meeting_start=DEFAULT_START,
                    meeting_length=str(DEFAULT_MINUTES),
                )
            )
        return forms

    async def add(self, actor: Actor, form: MeetingForm) -> Added | MeetingRejected | None:
        """Save the meeting and announce it to every participant; None: refused."""
        found = await self._owned_cohort(actor, form.regional_cohort_id, "regional_meeting_add")
        if found is None:
            return None
        checked = self._checked(await self._zone(actor), found, form)
        if isinstance(checked, MeetingRejected):
            return checked
        region = await self._regions.name_of(found.region_id) or ""
        participants = await self._participants(found.id)
        async with self._db.unit_of_work():
            meeting_id = await self._meetings.add(checked)
            meeting = await self._meetings.get(meeting_id)
            assert meeting is not None
            await self._tell(
                participants,
                lambda content: announcement_card(content, meeting, region),
                lambda p: outbox_key(meeting_id, "announce", p.person_id),
                expires_at=meeting.starts_at,
            )
            await self._coordination.audit(
                actor, AuditAction.REGIONAL_MEETING_ADDED, detail=f"meeting {meeting_id}"
            )
        log.info("regional meeting %s: %s announcements", meeting_id, len(participants))
        return Added(meeting_id, len(participants))

    async def move_from_card(
        self, actor: Actor, form: MoveForm
    ) -> Meeting | MeetingRejected | None:
        """The owner's new date and start (in their zone) for a meeting; None: refused."""
        meeting_id = form.meeting_id()
        meeting = await self._meetings.get(meeting_id) if meeting_id is not None else None
        found = await self._owned_cohort(actor, form.regional_cohort_id, "regional_meeting_move")
        if found is None:
            return None
        if meeting is None or meeting.regional_cohort_id != found.id or meeting.cancelled:
            return MeetingRejected((MeetingProblem.NO_MEETING,))
        typed = MeetingForm(
            regional_cohort_id=found.id,
            meeting_date=form.move_date,
            meeting_start=form.move_start,
            meeting_length=str(meeting.minutes),
            meeting_theme=meeting.theme,
            meeting_agenda=meeting.agenda,
            meeting_guest=meeting.guest,
            meeting_link=meeting.link,
        )
        checked = self._checked(await self._zone(actor), found, typed)
        if isinstance(checked, MeetingRejected):
            return checked
        if await self.move(actor, meeting.id, checked.starts_at) is None:
            return None
        return await self._meetings.get(meeting.id)

    async def move(self, actor: Actor, meeting_id: int, starts_at: datetime) -> bool | None:
        """A new time (UTC) for a meeting. Every participant is told in their own tenant, in
        the unit of work that moves it; what was waiting about the old time (announcement,
        reminder, an earlier move's notice) is stopped, and the reminder follows the new time
        (see `run_due`)."""
        meeting = await self._meetings.get(meeting_id)
        if meeting is None:
            await self._region_service.owner_id(actor, "regional_meeting_move")
            return None
        if (
            await self._owned_cohort(actor, meeting.regional_cohort_id, "regional_meeting_move")
            is None
        ):
            return None
        region = await self.region_name(meeting)
        participants = await self._participants(meeting.regional_cohort_id)
        moved = replace(meeting, starts_at=starts_at)
        stamp = f"{starts_at.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M}"
        async with self._db.unit_of_work():
            await self._meetings.move(meeting_id, starts_at)
            for stale in ("reminder", "announce", "moved"):
                await self._outbox.cancel(outbox_key(meeting_id, stale, ""))
            await self._tell(
                participants,
                lambda content: _moved_card(content, moved, region),
                lambda p: outbox_key(meeting_id, "moved", p.person_id, stamp),
                expires_at=starts_at,
            )
            await self._coordination.audit(
                actor, AuditAction.REGIONAL_MEETING_MOVED, detail=f"meeting {meeting_id}"
            )
        log.info("regional meeting %s moved: %s told", meeting_id, len(participants))
        return True

    async def cancel(self, actor: Actor, meeting_id: int) -> Meeting | None:
        """Cancel a meeting: what has not gone out yet about it is stopped, and every
        participant is told in their own tenant (in the same unit of work); None: refused."""
        meeting = await self._meetings.get(meeting_id)
        if meeting is None:
            await self._region_service.owner_id(actor, "regional_meeting_cancel")
            return None
        owned = await self._owned_cohort(
            actor, meeting.regional_cohort_id, "regional_meeting_cancel"
        )
        if owned is None:
            return None
        told = (
            await self._participants(meeting.regional_cohort_id)
            if not meeting.cancelled and meeting.starts_at > self._db.now()
            else []
        )
        async with self._db.unit_of_work():
            await self._meetings.cancel(meeting_id)
            await self._outbox.cancel(outbox_key(meeting_id, ""))
            await self._tell(
                told,
                lambda content: cancelled_card(content, meeting),
                lambda p: outbox_key(meeting_id, "cancelled", p.person_id),
                expires_at=meeting.starts_at,
            )
            await self._coordination.audit(
                actor, AuditAction.REGIONAL_MEETING_CANCELLED, detail=f"meeting {meeting_id}"
            )
        log.info("regional meeting %s cancelled: %s told", meeting_id, len(told))
        return meeting

    async def _zone(self, actor: Actor) -> ZoneInfo:
        """The owner's organisation's zone: the times they type are in it."""
        tenant = await self._meetings.tenant_of(actor.organisation_id)
        return ZoneInfo(self._content.for_tenant(tenant).organisation.time_zone)

    def _checked(
        self, zone: ZoneInfo, cohort: RegionalCohortInfo, form: MeetingForm
    ) -> NewMeeting | MeetingRejected:
        problems: list[MeetingProblem] = []
        today = self._db.now().astimezone(zone).date()
        try:
            day: date | None = date.fromisoformat(form.meeting_date.strip())
        except ValueError:
            day = None
        if day is None or not (max(cohort.starts_on, today) <= day <= cohort.ends_on):
            problems.append(MeetingProblem.BAD_DATE)
        try:
            start: time | None = time.fromisoformat(form.meeting_start.strip())
        except ValueError:
            start = None
        if start is None or len(form.meeting_start.strip()) not in (5, 8):
            problems.append(MeetingProblem.BAD_TIME)
        length = form.meeting_length.strip()
        minutes = int(length) if length.isdigit() else 0
        if minutes not in LENGTHS:
            problems.append(MeetingProblem.BAD_LENGTH)
        theme, agenda = form.meeting_theme.strip(), form.meeting_agenda.strip()
        guest, link = form.meeting_guest.strip(), form.meeting_link.strip()
        if not theme:
            problems.append(MeetingProblem.NO_THEME)
        if not agenda:
            problems.append(MeetingProblem.NO_AGENDA)
        if len(theme) > MAX_THEME or len(guest) > MAX_GUEST or len(agenda) > MAX_AGENDA:
            problems.append(MeetingProblem.TOO_LONG)
        if not _https(link):
            problems.append(MeetingProblem.BAD_LINK)
        if problems or day is None or start is None:
            return MeetingRejected(tuple(problems))
        starts_at = datetime.combine(day, start.replace(second=0, microsecond=0), zone)
        return NewMeeting(
            cohort.id,
            starts_at.astimezone(ZoneInfo("UTC")),
            minutes,
            theme,
            agenda,
            guest,
            link,
        )

    # --- the participants -------------------------------------------------------------------

    async def _participants(self, regional_cohort_id: int) -> list[Participant]:
        """The leaders the joined municipalities bring, who have a personal chat in their own
        organisation."""
        found = await self._regions.cohort(regional_cohort_id)
        if found is None:
            return []
        chosen = await self._regions.participants(regional_cohort_id)
        # One read of the region's states, not one per municipality: the job asks this of
        # every meeting in its window each minute (64 statements a tick with three meetings).
        states = await self._regions.states(found.region_id)
        joined = {o: ids for o, ids in chosen.items() if states.get(o) == JOINED}
        everyone = await self._meetings.people_of_each(
            [o for o, ids in joined.items() if ids is None]
        )
        people: dict[int, int] = {}  # person -> organisation
        for organisation_id, person_ids in joined.items():
            ids = everyone[organisation_id] if person_ids is None else person_ids
            people.update({p: organisation_id for p in ids})
        chats = await self._conversations.personal_chats(people)
        return [
            Participant(p, chats[p])
            for p in sorted(people)
            if p in chats and chats[p].organisation_id == people[p]
        ]

    async def _participant(self, actor: Actor, meeting: Meeting) -> bool:
        return any(
            p.person_id == actor.person_id and p.chat.organisation_id == actor.organisation_id
            for p in await self._participants(meeting.regional_cohort_id)
        )

    async def answer(
        self, actor: Actor, meeting_id: int, coming: bool
    ) -> tuple[Reply, Meeting | None]:
        """ "Jag kommer" / "Jag kan inte" from a participant; changeable, also after the
        meeting has started."""
        meeting = await self._meetings.get(meeting_id)
        if meeting is None or not await self._participant(actor, meeting):
            return Reply.NOT_FOR_YOU, None
        if meeting.cancelled:
            return Reply.CANCELLED, meeting
        async with self._db.unit_of_work():
            await self._meetings.answer(meeting_id, actor.organisation_id, actor.person_id, coming)
            if coming:
                # One who had declined is reminded, and one who says so after the end is asked
                # for a reflection, on the job's next tick: its stored check may be far off.
                await self._meetings.recheck(meeting_id)
        return (Reply.COMING if coming else Reply.NOT_COMING), meeting

    async def reflect(
        self, actor: Actor, meeting_id: int, text: str
    ) -> tuple[Reply, Meeting | None]:
        """The reflection of someone who said they come, into their own workbook only."""
        meeting = await self._meetings.get(meeting_id)
        if (
            meeting is None
            or await self._meetings.answer_of(meeting_id, actor.person_id) is not True
        ):
            return Reply.NOT_FOR_YOU, None
        if self._db.now() < meeting.starts_at + timedelta(minutes=meeting.minutes):
            return Reply.NOT_FOR_YOU, None  # not over yet: no reflection card was sent
        text = text.strip()
        if not text:
            return Reply.EMPTY, meeting
        try:
            bounded(text)
        except TextTooLong:
            return Reply.EMPTY, meeting
        mark = meeting_mark(meeting_id)
        if any(
            e.kind == MEETING_REFLECTION and e.exercise_id == mark
            for e in await self._workbook.entries(actor.person_id)
        ):
            return Reply.ALREADY, meeting
        await self._workbook.add_entry(actor.person_id, MEETING_REFLECTION, text, exercise_id=mark)
        return Reply.SAVED, meeting

    async def region_name(self, meeting: Meeting) -> str:
        found = await self._regions.cohort(meeting.regional_cohort_id)
        return "" if found is None else await self._regions.name_of(found.region_id) or ""

    async def tick(self) -> int:
        """The scheduler's job: how many cards `run_due` put in the outbox."""
        return sum(await self.run_due())

    # --- the job --------------------------------------------------------------------------

    async def run_due(self) -> tuple[int, int]:
        """Reminders due (08:00 the day before, in each leader's zone) and reflection prompts
        due (at the meeting's end, to those who come), from the meetings as they are now.
        Idempotent: (reminders, prompts) put in the outbox by this call.

        Only the meetings whose stored check has come are read: each pass leaves the moment
        its meeting next needs one (`_next_check`), so a tick with nothing due is one indexed
        statement however many meetings lie in the window."""
        now = self._db.now()
        reminders = prompts = 0
        # Any meeting to come, however far: one whose participants changed (its mark cleared)
        # gets its late joiners' announcements now, not two days before.
        meetings = await self._meetings.due_for_check(now - REFLECT_WITHIN - _LONGEST, now)
        next_checks: dict[int, datetime] = {}
        for meeting in meetings:
            ends_at = _ends_at(meeting)
            if meeting.starts_at > now:
                sent, moments = await self._remind(meeting, now)
                reminders += sent
                next_checks[meeting.id] = _next_check(meeting, now, moments)
            elif now < ends_at:
                next_checks[meeting.id] = ends_at  # under way: the prompts at its end
            else:
                if now < ends_at + REFLECT_WITHIN:
                    prompts += await self._prompt(meeting, ends_at)
                # Done: only a late "Jag kommer" (`answer`) asks for another look.
                next_checks[meeting.id] = NO_MORE_CHECKS
        await self._meetings.checked(next_checks)
        return reminders, prompts

    async def _remind(self, meeting: Meeting, now: datetime) -> tuple[int, list[datetime]]:
        """The reminders due put in the outbox: (how many, every reminder moment of those
        who have not declined)."""
        region = await self.region_name(meeting)
        stamp = f"{meeting.starts_at.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M}"
        due: list[tuple[Participant, str]] = []
        not_yet: list[Participant] = []
        moments: list[datetime] = []
        declined = await self._meetings.not_coming(meeting.id)
        participants = await self._participants(meeting.regional_cohort_id)
        for p in participants:
            if p.person_id in declined:
                continue  # said they cannot come
            zone = ZoneInfo(self._content.for_tenant(p.chat.tenant_id).organisation.time_zone)
            day_before = meeting.starts_at.astimezone(zone).date() - timedelta(days=1)
            moments.append(datetime.combine(day_before, REMIND_AT, zone))
            if now >= moments[-1]:
                due.append((p, outbox_key(meeting.id, "reminder", p.person_id, stamp)))
            else:
                not_yet.append(p)
        await self._announce_to_late_joiners(meeting, region, not_yet)
        if not due:
            return 0, moments
        fresh = set(k for _, k in due) - await self._outbox.enqueued(k for _, k in due)
        # "Från regionen" before the meeting: a button when leaders have shared something.
        shared = bool(fresh) and bool(
            await self._shares.of_cohort(
                meeting.regional_cohort_id, {p.chat.organisation_id for p in participants}, limit=1
            )
        )
        keys = {p.person_id: key for p, key in due if key in fresh}
        await self._tell(
            [p for p, key in due if key in fresh],
            lambda c: announcement_card(c, meeting, region, reminder=True, from_region=shared),
            lambda p: keys[p.person_id],
            expires_at=meeting.starts_at,
        )
        return len(fresh), moments

    async def _announce_to_late_joiners(
        self, meeting: Meeting, region: str, participants: Sequence[Participant]
    ) -> None:
        """The announcement for those who became participants after the meeting was saved
        (their municipality joined, their cohort was chosen): the same card the others got,
        with its answer buttons. Those whose reminder is due get that instead."""
        keys = {p.person_id: outbox_key(meeting.id, "announce", p.person_id) for p in participants}
        if not keys:
            return
        fresh = set(keys.values()) - await self._outbox.enqueued(keys.values())
        await self._tell(
            [p for p in participants if keys[p.person_id] in fresh],
            lambda content: announcement_card(content, meeting, region),
            lambda p: keys[p.person_id],
            expires_at=meeting.starts_at,
        )

    async def _prompt(self, meeting: Meeting, ends_at: datetime) -> int:
        coming = set(await self._meetings.coming(meeting.id))
        keys = {p: outbox_key(meeting.id, "reflection", p) for p in coming}
        fresh = set(keys.values()) - await self._outbox.enqueued(keys.values())
        told = [
            p
            for p in await self._participants(meeting.regional_cohort_id)
            if p.person_id in coming and keys[p.person_id] in fresh
        ]
        await self._tell(
            told,
            lambda content: reflection_card(content, meeting),
            lambda p: keys[p.person_id],
            expires_at=ends_at + REFLECT_WITHIN,
        )
        return len(told)

    async def _tell(
        self,
        told: Sequence[Participant],
        card: Callable[[Content], Json],
        key: Callable[[Participant], str],
        *,
        expires_at: datetime,
    ) -> None:
        """Each participant's card in their own tenant and language (its texts and dates), from
        one read of the languages: whoever's turn or job causes it may speak another."""
        languages = await self._languages.of(p.person_id for p in told) if told else {}
        for p in told:
            with speaking(languages[p.person_id]):
                said = card(self._content.for_tenant(p.chat.tenant_id))
            await self._outbox.enqueue(
                p.chat, card_message(said), idempotency_key=key(p), expires_at=expires_at
            )


def _next_check(meeting: Meeting, now: datetime, moments: Sequence[datetime]) -> datetime:
    """When a meeting still to come next needs a reminder pass: the next participant's
    reminder moment; once someone's has come (or nobody's is known), every RECHECK_EVERY for
    participants that no reset told us of; from its start on, its end (the prompts)."""
    if not moments:
        return min(max(now + RECHECK_EVERY, meeting.starts_at - QUIET_UNTIL), meeting.starts_at)
    later = [m for m in moments if m > now]
    if len(later) < len(moments):
        later.append(now + RECHECK_EVERY)
    upcoming = min(later)
    return upcoming if upcoming < meeting.starts_at else _ends_at(meeting)


def _ends_at(meeting: Meeting) -> datetime:
    return meeting.starts_at + timedelta(minutes=meeting.minutes)


def _moved_card(content: Content, moved: Meeting, region: str) -> Json:
    texts = content.regional_sharing.moving
    title = texts.moved_title.format(theme=moved.theme)
    return announcement_card(content, moved, region, title=title, said=texts.moved_notice)


def meeting_mark(meeting_id: int) -> str:
    """How a reflection's workbook entry names its meeting (its exercise_id)."""
    return f"{REGIONAL_MEETING_MARK}{meeting_id}"


def _https(link: str) -> bool:
    if len(link) > MAX_LINK or any(c.isspace() for c in link):
        return False
    parts = urlsplit(link)
    return parts.scheme == "https" and bool(parts.hostname) and "." in (parts.hostname or "")


def _months_after(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def problem_texts(content: Content, problems: Sequence[MeetingProblem]) -> list[str]:
    texts = content.coordination.meetings
    return [
        content.regional_sharing.moving.no_meeting
        if p is MeetingProblem.NO_MEETING
        else str(getattr(texts, p.value))
        for p in problems
    ]
