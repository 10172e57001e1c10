"""Cohorts (omgångar): a coordinator starts one with a name, a start date and the leaders.

Only a coordinator of the caller's own organisation may (checked and audited here). The cohort,
its members and the welcomes it causes commit in one unit of work: a leader the bot can reach (a
known personal chat) and never welcomed has their welcome claimed now and its card put in the
outbox due at 08:00 on the start date in the organisation's zone, so a restart loses nothing and
the welcome comes once (the same idempotency key as a team's welcome). The others are listed
back to the coordinator, who adds the app for them; they are welcomed when they first write.

Leaders may also come from Teams teams of the same organisation where the app is installed (the
stored roster: addresses Teams gave at install and as members joined), merged with the pasted
ones. A team id of another organisation is refused like a wrong address, and nothing is stored.

When Graph may install the app in the organisation's tenant (services.app_installs), the
unreachable leaders get a pending install each, in the cohort's unit of work. A leader who
becomes reachable before the start date (the app installed by Graph, an admin or themselves) gets
the welcome for the start date then (`arrived`), not at once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from cards.welcome import welcome_card
from chat.outgoing import card_message
from content.language import Language, speaking
from content.models import Content
from services.coordination import Actor, CoordinationService, EmailLookup, valid_email
from services.events import GroupRegistered
from services.team import OnboardingStart
from storage.audit import AuditAction
from storage.cohort_installs import CohortInstalls
from storage.cohorts import Bound, Cohorts, CohortSummary, Member, NewCohort, TeamChoice
from storage.conversations import Conversations, StoredConversation
from storage.database import Database
from storage.directory import first_name
from storage.languages import PersonLanguages
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
    teams: str = ""  # chosen teams' group ids, comma-separated (Input.ChoiceSet)
    track: str = ""  # the audience track's id (content.tracks); empty: the default track


class Problem(StrEnum):
    NO_NAME = "no_name"
    NAME_TOO_LONG = "name_too_long"
    BAD_DATE = "bad_date"
    PAST_DATE = "past_date"
    NO_LEADERS = "no_leaders"
    TOO_MANY = "too_many"
    INVALID_EMAILS = "invalid_emails"
    UNKNOWN_TEAM = "unknown_team"  # no team of this organisation (stale card, or forged)
    UNKNOWN_TRACK = "unknown_track"


@dataclass(frozen=True, slots=True)
class Rejected:
    """Nothing was stored; the card is shown again with what was typed."""

    request: CohortRequest
    problems: tuple[Problem, ...]
    invalid: tuple[str, ...] = ()  # the pieces that are no address, as pasted
    leaders: int = 0  # how many valid addresses were pasted (and found in the teams)
    teams: tuple[TeamChoice, ...] = ()  # the teams to choose from, for the card again


@dataclass(frozen=True, slots=True)
class Started:
    cohort_id: int
    name: str
    starts_on: date
    scheduled: tuple[str, ...]  # welcomed at the start date
    already: tuple[str, ...]  # welcomed before: they go on where they are
    unreachable: tuple[str, ...]  # no known personal chat: the coordinator adds the app
    installing: bool = False  # the bot installs the app for `unreachable` through Graph
    without_address: int = 0  # team members Teams gave no address for: not in the cohort
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


class Installs(Protocol):
    """Whether the bot may install the app for leaders in a tenant (services.app_installs)."""

    def serves(self, tenant_id: str) -> bool: ...


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
        installs: Installs | None = None,
        install_rows: CohortInstalls | None = None,
        languages: PersonLanguages | None = None,
    ) -> None:
        self._content = content
        self._languages = languages or PersonLanguages(database)
        self._installs = installs
        self._install_rows = install_rows or CohortInstalls(database)
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

    async def teams(self, actor: Actor) -> list[TeamChoice]:
        """The teams of the actor's organisation to take leaders from (the caller checked the
        role with `cohorts`)."""
        return await self._cohorts.teams(actor.organisation_id)

    async def start(
        self, actor: Actor, tenant_id: str, request: CohortRequest
    ) -> Started | Rejected | None:
        """Start the cohort in the actor's organisation; None: refused (not a coordinator)."""
        if not await self._coordination.is_coordinator(actor, "start_cohort"):
            return None
        content = self._content.for_tenant(tenant_id)
        zone = ZoneInfo(content.organisation.time_zone)
        chosen, forged = _team_ids(request.teams)
        from_teams = await self._cohorts.team_leaders(actor.organisation_id, chosen)
        checked = _check(
            content,
            request,
            self._db.now().astimezone(zone).date(),
            from_teams.emails,
            unknown_team=bool(forged or from_teams.unknown),
        )
        if isinstance(checked, Rejected):
            teams = tuple(await self._cohorts.teams(actor.organisation_id))
            return replace(checked, teams=teams)
        name, starts_on, emails, track = checked
        installing = self._installs is not None and self._installs.serves(tenant_id)
        start_at = datetime.combine(starts_on, WELCOME_AT, zone)
        async with self._db.unit_of_work():
            cohort_id, members = await self._cohorts.create(
                NewCohort(actor.organisation_id, name, starts_on, start_at, actor.person_id, track),
                emails,
            )
            outcomes = await self._welcome_all(members, start_at)
            if installing:
                await self._install_rows.add(
                    cohort_id,
                    [
                        m.id
                        for m, o in zip(members, outcomes, strict=True)
                        if o is _Welcome.UNREACHABLE
                    ],
                )
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
        return Started(
            cohort_id,
            name,
            starts_on,
            scheduled,
            already,
            unreachable,
            installing=installing and bool(unreachable),
            without_address=from_teams.without_address,
            track=track,
        )

    async def arrived(
        self, organisation_id: int, tenant_id: str, person_id: int, email: EmailLookup
    ) -> date | None:
        """The person's personal chat just came to be (the app installed for them): if they are
        a leader of a cohort not started yet and were never welcomed, their welcome goes in the
        outbox for its start date, and the date is returned (the caller says so instead of
        welcoming now). None: no such cohort, or welcomed before (the caller goes on as usual).

        Members are found by person, or by the address the bot knows for them; `email` (Teams'
        members API) is asked only when it knows none and someone waits under an address."""
        person = await self._cohorts.person(organisation_id, person_id)
        if person is None:
            return None
        now = self._db.now()
        address = person.email
        if not address and await self._cohorts.awaits_someone(organisation_id, now):
            address = valid_email(await email() or "") or ""
            person = replace(person, email=address)
            if address:  # stored, and tied in every cohort of theirs (started ones too)
                await self._cohorts.bind(organisation_id, person_id, address)
        arrivals = await self._cohorts.arrivals(organisation_id, person_id, address, now)
        if not arrivals:
            return None
        first = arrivals[0]  # the earliest start, if they are in more than one
        async with self._db.unit_of_work():
            outcome = await self._welcome(person, first.start_at)
        if outcome is not _Welcome.SCHEDULED:
            return None
        log.info("cohort %s: person %s reachable, welcome scheduled", first.cohort_id, person_id)
        return first.starts_on

    async def address_known(
        self, organisation_id: int, person_id: int, address: str
    ) -> list[Bound]:
        """An address became known for the person (asked of Teams by a job, or a team's roster):
        stored for them if they had none, and this organisation's cohort members named by it
        and tied to no one are tied to them, in one unit of work (the caller's, if any). For a
        cohort not started yet, a person never welcomed gets the welcome for 08:00 on its start
        date, as `start` does; a cohort that has started simply counts them now."""
        email = valid_email(address)
        if email is None:
            return []
        async with self._db.unit_of_work():
            bound = await self._cohorts.bind(organisation_id, person_id, email)
            coming = [b for b in bound if not b.started]
            if coming:
                await self._welcome_person(organisation_id, person_id, coming[0].start_at)
        if bound:
            log.info(
                "person %s tied to cohorts %s of organisation %s by address",
                person_id,
                [b.cohort_id for b in bound],
                organisation_id,
            )
        return bound

    async def group_registered(self, event: GroupRegistered) -> None:
        """A team's roster came with addresses (in the registration's unit of work): one SELECT
        when no cohort member of the organisation awaits any of them."""
        awaited = await self._cohorts.awaited(event.organisation_id, event.person_ids)
        for person_id, email in awaited:
            await self.address_known(event.organisation_id, person_id, email)

    async def _welcome_person(
        self, organisation_id: int, person_id: int, start_at: datetime
    ) -> None:
        person = await self._cohorts.person(organisation_id, person_id)
        if person is not None:
            await self._welcome(person, start_at)

    async def _welcome(self, member: Member, start_at: datetime) -> _Welcome:
        return (await self._welcome_all([member], start_at))[0]

    async def _welcome_all(self, members: Sequence[Member], start_at: datetime) -> list[_Welcome]:
        """Claim each member's welcome and put its card in the outbox for the start date. The
        chats and languages of all are read together: a cohort of 200 leaders would otherwise
        cost two more statements a leader."""
        people = [m.person_id for m in members if m.person_id is not None]
        chats = await self._conversations.personal_chats(people)
        languages = await self._languages.of(p for p in people if p in chats)
        outcomes: list[_Welcome] = []
        for member in members:
            personal = None if member.person_id is None else chats.get(member.person_id)
            if member.person_id is None or personal is None:
                outcomes.append(_Welcome.UNREACHABLE)
            elif not await self._onboarding.welcome(member.person_id, again_after=None):
                outcomes.append(_Welcome.ALREADY)
            else:
                await self._schedule_welcome(
                    member, personal, languages[member.person_id], start_at
                )
                outcomes.append(_Welcome.SCHEDULED)
        return outcomes

    async def _schedule_welcome(
        self,
        member: Member,
        personal: StoredConversation,
        language: Language,
        start_at: datetime,
    ) -> None:
        # In the member's own language and organisation (the chat's tenant): the coordinator who
        # started the cohort may speak another.
        with speaking(language):  # its texts and any date in theirs
            content = self._content.for_tenant(personal.tenant_id, language)
            card = welcome_card(content, first_name(member.given_name, member.name))
        await self._outbox.enqueue(
            personal,
            card_message(card),
            idempotency_key=f"onboarding-welcome-{member.person_id}",
            due_at=start_at,
        )


class _Welcome(StrEnum):
    SCHEDULED = "scheduled"
    ALREADY = "already"
    UNREACHABLE = "unreachable"


def _team_ids(chosen: str) -> tuple[list[int], bool]:
    """(the chosen group ids, whether any piece was no id at all)."""
    ids: list[int] = []
    bad = False
    for piece in chosen.split(","):
        piece = piece.strip()
        if not piece:
            continue
        if piece.isascii() and piece.isdigit() and len(piece) < 12:
            if int(piece) not in ids:
                ids.append(int(piece))
        else:
            bad = True
    return ids, bad


def _check(
    content: Content,
    request: CohortRequest,
    today: date,
    from_teams: Sequence[str] = (),
    *,
    unknown_team: bool = False,
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
    emails += [email for email in from_teams if email not in emails]
    if unknown_team:
        problems.append(Problem.UNKNOWN_TEAM)
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
