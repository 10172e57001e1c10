"""Cohorts (omgångar): a coordinator starts one with a name, a start date and the leaders.

Only a coordinator of the caller's own organisation may (checked and audited here). The cohort,
its members and the welcomes it causes commit in one unit of work: a leader the bot can reach (a
known personal chat) and never welcomed has their welcome claimed now and its card put in the
outbox due at 08:00 on the start date in the organisation's zone, so a restart loses nothing and
the welcome comes once (the same idempotency key as a team's welcome). The others are listed
back to the coordinator, who adds the app for them; they are welcomed when they first write.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from cards.welcome import welcome_card
from chat.outgoing import card_message
from content.models import Content
from services.coordination import Actor, CoordinationService, valid_email
from services.team import OnboardingStart
from storage.audit import AuditAction
from storage.cohorts import Cohorts, CohortSummary, Member, NewCohort
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import first_name
from storage.outbox import Outbox

log = logging.getLogger(__name__)

WELCOME_AT = time(8, 0)  # the start date's morning, in the organisation's zone
_SEPARATORS = re.compile(r"[,;\n\r\t]+")
_BRACKETED = re.compile(r"<([^<>]*)>")  # "Anna Berg <anna@kommun.se>", as Outlook copies


@dataclass(frozen=True, slots=True)
class CohortRequest:
    """What the coordinator typed on the card, as typed."""

    name: str
    starts_on: str  # YYYY-MM-DD from the date input
    leaders: str  # pasted addresses
    track: str = ""  # the audience track's id (content.tracks); empty: the default track


class Problem(StrEnum):
    NO_NAME = "no_name"
    NAME_TOO_LONG = "name_too_long"
    BAD_DATE = "bad_date"
    PAST_DATE = "past_date"
    NO_LEADERS = "no_leaders"
    TOO_MANY = "too_many"
    INVALID_EMAILS = "invalid_emails"
    UNKNOWN_TRACK = "unknown_track"


@dataclass(frozen=True, slots=True)
class Rejected:
    """Nothing was stored; the card is shown again with what was typed."""

    request: CohortRequest
    problems: tuple[Problem, ...]
    invalid: tuple[str, ...] = ()  # the pieces that are no address, as pasted
    leaders: int = 0  # how many valid addresses were pasted


@dataclass(frozen=True, slots=True)
class Started:
    cohort_id: int
    name: str
    starts_on: date
    scheduled: tuple[str, ...]  # welcomed at the start date
    already: tuple[str, ...]  # welcomed before: they go on where they are
    unreachable: tuple[str, ...]  # no known personal chat: the coordinator adds the app
    track: str | None = None  # the track's id; None: the default track


def parse_leaders(pasted: str) -> tuple[list[str], list[str]]:
    """(distinct valid addresses in lower case, in pasted order; the pieces that are none)."""
    valid: list[str] = []
    invalid: list[str] = []
    for piece in _SEPARATORS.split(pasted):
        piece = piece.strip()
        if not piece:
            continue
        bracketed = _BRACKETED.search(piece)
        address = valid_email(bracketed[1] if bracketed else piece)
        if address is None:
            invalid.append(piece)
        elif address not in valid:
            valid.append(address)
    return valid, invalid


class CohortService:
    def __init__(
        self,
        content: Content,
        coordination: CoordinationService,
        cohorts: Cohorts,
        conversations: Conversations,
        outbox: Outbox,
        onboarding: OnboardingStart,
        *,
        database: Database,
    ) -> None:
        self._content = content
        self._coordination = coordination
        self._cohorts = cohorts
        self._conversations = conversations
        self._outbox = outbox
        self._onboarding = onboarding
        self._db = database

    async def cohorts(self, actor: Actor) -> list[CohortSummary] | None:
        """The cohorts of the actor's organisation; None unless they coordinate it."""
        if not await self._coordination.is_coordinator(actor, "cohorts"):
            return None
        return await self._cohorts.of_organisation(actor.organisation_id)

    async def start(
        self, actor: Actor, tenant_id: str, request: CohortRequest
    ) -> Started | Rejected | None:
        """Start the cohort in the actor's organisation; None: refused (not a coordinator)."""
        if not await self._coordination.is_coordinator(actor, "start_cohort"):
            return None
        content = self._content.for_tenant(tenant_id)
        zone = ZoneInfo(content.organisation.time_zone)
        checked = _check(content, request, self._db.now().astimezone(zone).date())
        if isinstance(checked, Rejected):
            return checked
        name, starts_on, emails, track = checked
        start_at = datetime.combine(starts_on, WELCOME_AT, zone)
        async with self._db.unit_of_work():
            cohort_id, members = await self._cohorts.create(
                NewCohort(actor.organisation_id, name, starts_on, start_at, actor.person_id, track),
                emails,
            )
            outcomes = [await self._welcome(content, m, start_at) for m in members]
            on_track = f", track {track}" if track else ""
            await self._coordination.audit(
                actor,
                AuditAction.COHORT_STARTED,
                detail=f"cohort {cohort_id}: {len(members)}{on_track}",
            )
        log.info("cohort %s started in organisation %s", cohort_id, actor.organisation_id)
        scheduled, already, unreachable = (
            tuple(m.email for m, o in zip(members, outcomes, strict=True) if o is kind)
            for kind in (_Welcome.SCHEDULED, _Welcome.ALREADY, _Welcome.UNREACHABLE)
        )
        return Started(cohort_id, name, starts_on, scheduled, already, unreachable, track=track)

    async def _welcome(self, content: Content, member: Member, start_at: datetime) -> _Welcome:
        """Claim the member's welcome and put its card in the outbox for the start date."""
        if member.person_id is None:
            return _Welcome.UNREACHABLE
        personal = await self._conversations.personal(member.person_id)
        if personal is None:
            return _Welcome.UNREACHABLE
        if not await self._onboarding.welcome(member.person_id, again_after=None):
            return _Welcome.ALREADY
        card = welcome_card(content, first_name(member.given_name, member.name))
        await self._outbox.enqueue(
            personal,
            card_message(card),
            idempotency_key=f"onboarding-welcome-{member.person_id}",
            due_at=start_at,
        )
        return _Welcome.SCHEDULED


class _Welcome(StrEnum):
    SCHEDULED = "scheduled"
    ALREADY = "already"
    UNREACHABLE = "unreachable"


def _check(
    content: Content, request: CohortRequest, today: date
) -> tuple[str, date, list[str], str | None] | Rejected:
    """(name, start date, addresses, track: None for the default), or what is wrong: nothing is
    stored then."""
    limits = content.coordination.cohorts
    problems: list[Problem] = []
    name = " ".join(request.name.split())
    if not name:
        problems.append(Problem.NO_NAME)
    elif len(name) > limits.max_name_chars:
        problems.append(Problem.NAME_TOO_LONG)
    starts_on = _date(request.starts_on)
    if starts_on is None:
        problems.append(Problem.BAD_DATE)
    elif starts_on < today:
        problems.append(Problem.PAST_DATE)
    emails, invalid = parse_leaders(request.leaders)
    if invalid:
        problems.append(Problem.INVALID_EMAILS)
    elif not emails:
        problems.append(Problem.NO_LEADERS)
    elif len(emails) > limits.max_leaders:
        problems.append(Problem.TOO_MANY)
    track = _track(content, request.track)
    if track is Problem.UNKNOWN_TRACK:
        problems.append(track)
    if problems or starts_on is None or track is Problem.UNKNOWN_TRACK:
        return Rejected(request, tuple(problems), tuple(invalid), len(emails))
    return name, starts_on, emails, track


def _track(content: Content, typed: str) -> str | Problem | None:
    """The chosen track's id; None: the default track (also when none was chosen)."""
    typed = typed.strip()
    if not typed or typed == content.default_track.id:
        return None
    return typed if content.track(typed) is not None else Problem.UNKNOWN_TRACK


def _date(typed: str) -> date | None:
    try:
        return date.fromisoformat(typed.strip())
    except ValueError:
        return None
