"""One-to-one contacts "på tu man hand" (issue 16): a leader asks to meet a leader of another
municipality, on a theme or on the same weakest maturity area; a matching job proposes pairs.

Who can meet whom: leaders of two different municipalities that have both joined the same
region. Joining a region is each municipality's own decision to learn with the others, so it is
the consent that lets a leader's first name, municipality and typed introduction cross into
another tenant; nothing crosses within a municipality (they meet at home) or outside a region.

A proposal shows each person only what the other typed to be shown (first name, municipality,
role or unit, one line); the names in full, e-mail and suggested times come only when both said
"Ja, gärna". A pair of people is proposed once, ever: the database's unique constraint on the
ordered pair is the rule (storage.contacts). One "Nej tack", or no answer within
`answer_days`, closes the pair: whoever wanted it goes back to waiting and is told kindly
without being told why; someone who never answered is not proposed again until they ask.
Every state change commits with the cards it causes (the outbox) in one unit of work. The
region's programme owner sees how many pairs were made, from MINIMUM_PEOPLE, never who.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo

from cards.contacts import (
    SAME_AREA,
    ContactForm,
    Introduction,
    Proposal,
    introduction_card,
    notice_card,
    proposal_card,
)
from chat.outgoing import card_message
from content.language import speaking
from content.models import Content
from scheduling.contact_times import Preference, suggest_times
from services.coordination import Actor
from services.follow_up import MINIMUM_PEOPLE
from services.regions import RegionService
from storage.contacts import (
    ACCEPTED,
    AREA,
    DECLINED,
    EXPIRED,
    PAIRED,
    PROPOSED,
    THEME,
    WAITING,
    WITHDRAWN,
    Contacts,
    NewRequest,
    Pair,
    Request,
    Someone,
    ordered,
)
from storage.conversations import Conversations, StoredConversation
from storage.database import Database
from storage.directory import first_name
from storage.job_leases import JobLeases
from storage.languages import PersonLanguages
from storage.learning_plans import LearningPlans
from storage.outbox import Outbox
from storage.personal_data import ABOUT
from storage.workbook import Workbook

log = logging.getLogger(__name__)

_Notice = Literal["no_contact", "expired_silent"]  # which text of contacts.yaml to send

MATCHING = "contact-matching"
MATCHING_LEASE = timedelta(minutes=5)
TICK_SECONDS = 300
SUGGESTED_TIMES = 3


class Problem(StrEnum):
    NO_TOPIC = "no_topic"
    NO_INTRO = "no_intro"
    INTRO_TOO_LONG = "intro_too_long"
    ROLE_TOO_LONG = "role_too_long"
    NO_MATURITY = "no_maturity"
    NO_REGION = "no_region"


@dataclass(frozen=True, slots=True)
class Rejected:
    """Nothing was stored; the form comes back as typed."""

    problems: tuple[Problem, ...]


class Answered(StrEnum):
    WAITING_FOR_OTHER = "waiting_for_other"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    NOT_FOR_YOU = "not_for_you"


@dataclass(frozen=True, slots=True)
class Status:
    """Where the leader is: an open request (waiting, or in a proposal) or none."""

    request: Request | None
    topic: str  # the open request's topic as shown, else ""

    @property
    def proposed(self) -> bool:
        """In a proposal waiting for answers."""
        return self.request is not None and self.request.state == PROPOSED


@dataclass(frozen=True, slots=True)
class RegionPairs:
    count: int | None  # None: fewer than the minimum, not shown


class _Taken(Exception):
    """A request or pair changed under the job (another replica, the leader): roll back."""


class ContactService:
    def __init__(self, content: Content, regions: RegionService, *, database: Database) -> None:
        self._content = content
        self._regions = regions
        self._db = database
        self._contacts = Contacts(database)
        self._conversations = Conversations(database)
        self._outbox = Outbox(database)
        self._workbook = Workbook(database)
        self._plans = LearningPlans(database)
        self._leases = JobLeases(database)
        self._languages = PersonLanguages(database)

    # --- the leader -----------------------------------------------------------------------

    async def status(self, actor: Actor, tenant_id: str) -> Status:
        found = await self._contacts.open_request(actor.person_id)
        if found is None:
            return Status(None, "")
        content = self._content.for_tenant(tenant_id)
        return Status(found, self.topic(content, found.kind, found.topic))

    async def ask(self, actor: Actor, tenant_id: str, form: ContactForm) -> Request | Rejected:
        """A new waiting request (replacing a waiting one); a proposal in progress stays."""
        content = self._content.for_tenant(tenant_id)
        checked = await self._checked(actor, content, form)
        if isinstance(checked, Rejected):
            return checked
        async with self._db.unit_of_work():
            current = await self._contacts.open_request(actor.person_id)
            if current is not None and current.state == PROPOSED:
                return current
            if current is not None:
                await self._contacts.move(current.id, (WAITING,), WITHDRAWN)
            request_id = await self._contacts.add_request(checked)
        log.info("contact request %s waiting", request_id)
        found = await self._contacts.request(request_id)
        assert found is not None
        return found

    async def _checked(
        self, actor: Actor, content: Content, form: ContactForm
    ) -> NewRequest | Rejected:
        texts = content.contacts
        problems: list[Problem] = []
        if not await self._contacts.joined_regions([actor.organisation_id]):
            return Rejected((Problem.NO_REGION,))
        intro, role = " ".join(form.contact_intro.split()), " ".join(form.contact_role.split())
        if not intro:
            problems.append(Problem.NO_INTRO)
        elif len(intro) > texts.max_intro_chars:
            problems.append(Problem.INTRO_TOO_LONG)
        if len(role) > texts.max_role_chars:
            problems.append(Problem.ROLE_TOO_LONG)
        themes = {theme.id for theme in content.exercises.themes}
        topic = form.contact_topic.strip()
        kind, theme = THEME, topic
        if topic == SAME_AREA:
            area = await self.weakest_area(actor.person_id, content)
            if area is None:
                problems.append(Problem.NO_MATURITY)
            else:
                kind, topic, theme = AREA, area, content.workbook.area_themes[area]
        elif topic not in themes:
            problems.append(Problem.NO_TOPIC)
        if problems:
            return Rejected(tuple(problems))
        return NewRequest(actor.organisation_id, actor.person_id, kind, topic, theme, intro, role)

    async def weakest_area(self, person_id: int, content: Content) -> str | None:
        """The lowest graded area at the latest checkpoint assessed (ties: the model's order)."""
        for checkpoint in reversed(content.maturity.checkpoints):
            grades = await self._workbook.maturity(person_id, checkpoint.id)
            known = [a.id for a in content.maturity.areas if a.id in grades]
            if known:
                return min(known, key=lambda area: grades[area])
        return None

    async def stop(self, actor: Actor) -> bool:
        """Withdraw the leader's open request; a proposal waiting for them counts as "Nej
        tack". False: nothing was open."""
        async with self._db.unit_of_work():
            current = await self._contacts.open_request(actor.person_id)
            if current is None:
                return False
            pair = await self._contacts.asked_of(actor.person_id)
            if pair is not None and await self._contacts.decide(pair.id, DECLINED):
                await self._release(pair, actor.person_id, decliner_waits=False)
            await self._contacts.move(current.id, (WAITING, PROPOSED), WITHDRAWN)
        return True

    async def answer(self, actor: Actor, pair_id: int, yes: bool) -> Answered:
        pair = await self._contacts.pair(pair_id)
        side = None if pair is None else pair.side(actor.person_id)
        if pair is None or side is None or self._db.now() >= pair.expires_at:
            return Answered.NOT_FOR_YOU
        request = await self._contacts.request(
            pair.request_low_id if side else pair.request_high_id
        )
        if request is None or request.organisation_id != actor.organisation_id:
            return Answered.NOT_FOR_YOU
        async with self._db.unit_of_work():
            updated = await self._contacts.answer(pair_id, side, yes)
            if updated is None:
                return Answered.NOT_FOR_YOU
            if not yes:
                await self._contacts.decide(pair_id, DECLINED)
                await self._release(updated, actor.person_id, decliner_waits=True)
                return Answered.DECLINED
            if updated.answer_low and updated.answer_high:
                await self._contacts.decide(pair_id, ACCEPTED)
                await self._introduce(updated)
                return Answered.ACCEPTED
        return Answered.WAITING_FOR_OTHER

    async def _release(self, pair: Pair, decliner: int, *, decliner_waits: bool) -> None:
        """A declined pair: both requests leave the proposal (the decliner's back to waiting
        when they only said no to this person); the other is told kindly, unless the proposal
        had not even reached them."""
        other = pair.other(decliner)
        mine, theirs = (
            (pair.request_low_id, pair.request_high_id)
            if decliner == pair.person_low_id
            else (pair.request_high_id, pair.request_low_id)
        )
        await self._contacts.move(mine, (PROPOSED,), WAITING if decliner_waits else WITHDRAWN)
        await self._contacts.move(theirs, (PROPOSED,), WAITING)
        answered = pair.answer_high if decliner == pair.person_low_id else pair.answer_low
        if answered is not None or not await self._outbox.cancel(
            _key(pair.id, "proposal", other, decliner)
        ):
            await self._notify(pair, other, "closed", "no_contact")

    # --- the job --------------------------------------------------------------------------

    async def tick(self) -> int:
        """The scheduler's job: expire unanswered proposals, then pair waiting requests, under
        a lease so two replicas do not both work; how many pairs were proposed."""
        holder = await self._leases.take(MATCHING, MATCHING_LEASE)
        if holder is None:
            return 0
        try:
            await self.expire()
            return await self.match()
        finally:
            await self._leases.release(MATCHING, holder)

    async def expire(self) -> int:
        """Close the proposals nobody finished answering in time; free the requests whose
        proposal was erased with the other person."""
        await self._contacts.release_orphans()
        closed = 0
        for pair in await self._contacts.expired(self._db.now()):
            async with self._db.unit_of_work():
                if not await self._contacts.decide(pair.id, EXPIRED):
                    continue
                for person, request, answered in (
                    (pair.person_low_id, pair.request_low_id, pair.answer_low),
                    (pair.person_high_id, pair.request_high_id, pair.answer_high),
                ):
                    # Who said yes waits for someone else; who never answered is not proposed
                    # again until they ask: they may be away.
                    again = answered is True
                    await self._contacts.move(request, (PROPOSED,), WAITING if again else WITHDRAWN)
                    notice: _Notice = "no_contact" if again else "expired_silent"
                    await self._notify(pair, person, "expired", notice)
            closed += 1
        if closed:
            log.info("contact proposals expired: %s", closed)
        return closed

    async def match(self) -> int:
        """Pair waiting requests, oldest first: the same topic first, else the same theme;
        never two people of one municipality, never two never in a common region, never two
        proposed before. Idempotent: a request is proposed only from `waiting`."""
        waiting = await self._contacts.waiting()
        if len(waiting) < 2:
            return 0
        regions = await self._contacts.joined_regions(sorted({r.organisation_id for r in waiting}))
        people = sorted({r.person_id for r in waiting})
        met = await self._contacts.met_before(people)
        chats = await self._conversations.personal_chats(people)
        reachable = [
            r
            for r in waiting
            if r.organisation_id in regions
            and r.person_id in chats
            and chats[r.person_id].organisation_id == r.organisation_id
        ]
        taken: set[int] = set()
        proposed = 0
        for request in reachable:
            if request.id in taken:
                continue
            found = _partner(request, reachable, taken, regions, met)
            if found is None:
                continue
            partner, kind, topic = found
            if await self._propose(request, partner, kind, topic, chats):
                proposed += 1
                taken |= {request.id, partner.id}
            met.add(ordered(request.person_id, partner.person_id))
        if proposed:
            log.info("contact pairs proposed: %s", proposed)
        return proposed

    async def _propose(
        self,
        a: Request,
        b: Request,
        kind: str,
        topic: str,
        chats: dict[int, StoredConversation],
    ) -> bool:
        low, high = (a, b) if a.person_id < b.person_id else (b, a)
        expires_at = self._db.now() + timedelta(days=self._content.contacts.answer_days)
        who = await self._contacts.people([low.person_id, high.person_id])
        languages = await self._languages.of([low.person_id, high.person_id])
        try:
            async with self._db.unit_of_work():
                for request in (low, high):
                    if not await self._contacts.move(request.id, (WAITING,), PROPOSED):
                        raise _Taken
                pair_id = await self._contacts.add_pair(low, high, kind, topic, expires_at)
                if pair_id is None:
                    raise _Taken  # these two were proposed before: the constraint said no
                for me, other in ((low, high), (high, low)):
                    chat = chats[me.person_id]
                    with speaking(languages[me.person_id]):  # each in their own language
                        content = self._content.for_tenant(chat.tenant_id)
                        shown = Proposal(
                            pair_id,
                            first_name(who[other.person_id].given_name, who[other.person_id].name),
                            self._municipality(content, who[other.person_id]),
                            other.role,
                            other.intro,
                            self.topic(content, kind, topic),
                        )
                        card = proposal_card(content, shown)
                    await self._outbox.enqueue(
                        chat,
                        card_message(card),
                        idempotency_key=_key(pair_id, "proposal", me.person_id, other.person_id),
                        expires_at=expires_at,
                    )
        except _Taken:
            return False
        return True

    async def _introduce(self, pair: Pair) -> None:
        """Both said yes: each gets the other's name, address, line and times in their zone."""
        ids = [pair.person_low_id, pair.person_high_id]
        who = await self._contacts.people(ids)
        chats = await self._conversations.personal_chats(ids)
        languages = await self._languages.of(ids)
        requests = {
            r.person_id: r
            for r in [
                await self._contacts.request(pair.request_low_id),
                await self._contacts.request(pair.request_high_id),
            ]
            if r is not None
        }
        times = suggest_times(
            self._db.now(),
            [await self._preference(who[p]) for p in ids],
            count=SUGGESTED_TIMES,
        )
        for me in ids:
            await self._contacts.move(requests[me].id, (PROPOSED,), PAIRED)
            other = pair.other(me)
            chat = chats.get(me)
            if chat is None or other not in requests:
                continue
            with speaking(languages[me]):  # texts and suggested times in theirs
                content = self._content.for_tenant(chat.tenant_id)
                shown = Introduction(
                    first_name(who[other].given_name, who[other].name),
                    who[other].name,
                    self._municipality(content, who[other]),
                    who[other].email,
                    requests[other].role,
                    requests[other].intro,
                    tuple(times),
                    content.organisation.time_zone,
                )
                card = introduction_card(content, shown)
            await self._outbox.enqueue(
                chat,
                card_message(card),
                idempotency_key=_key(pair.id, "introduction", me, other),
            )

    async def _preference(self, someone: Someone) -> Preference:
        """Their stated parts of day (onboarding), else their organisation's working hours."""
        content = self._content.for_tenant(someone.tenant_id)
        plan = await self._plans.get(someone.person_id)
        parts = tuple(
            (part.start, part.end) for part in content.parts_of_day if part.id in plan.parts_of_day
        )
        hours = content.organisation.working_hours
        return Preference(
            ZoneInfo(content.organisation.time_zone), parts or ((hours.start, hours.end),)
        )

    async def _notify(self, pair: Pair, person_id: int, why: str, notice: _Notice) -> None:
        chat = await self._conversations.personal(person_id)
        if chat is None:
            return
        with speaking(await self._languages.one(person_id)):  # the turn may be the other's
            content = self._content.for_tenant(chat.tenant_id)
            card = notice_card(content, getattr(content.contacts, notice))
        await self._outbox.enqueue(
            chat,
            card_message(card),
            idempotency_key=f"contact-{pair.id}-{why}-{person_id}",
        )

    # --- the region -----------------------------------------------------------------------

    async def region_pairs(self, actor: Actor, region_id: int) -> RegionPairs | None:
        """How many pairs were made between the region's joined municipalities; None: refused."""
        if not await self._regions.owns(actor, region_id, "contact_pairs"):
            return None
        members = await self._contacts.joined_members(region_id)
        count = await self._contacts.count_accepted(members) if members else 0
        return RegionPairs(count if count >= MINIMUM_PEOPLE else None)

    # --- words ----------------------------------------------------------------------------

    @staticmethod
    def topic(content: Content, kind: str, topic: str) -> str:
        if kind == AREA:
            area = next((a for a in content.maturity.areas if a.id == topic), None)
            return content.contacts.area_topic.format(area=area.title if area else topic)
        theme = next((t for t in content.exercises.themes if t.id == topic), None)
        return theme.title if theme else topic

    @staticmethod
    def _municipality(content: Content, someone: Someone) -> str:
        return someone.municipality or content.contacts.other_municipality


def _key(pair_id: int, what: str, to: int, about: int) -> str:
    """An outbox key naming whom the message is about, for erasure across tenants."""
    return f"contact-{pair_id}-{what}-{to}{ABOUT}{about}"


def _partner(
    request: Request,
    candidates: Sequence[Request],
    taken: set[int],
    regions: dict[int, frozenset[int]],
    met: set[tuple[int, int]],
) -> tuple[Request, str, str] | None:
    """The oldest fitting partner: the same topic first, else the same theme."""

    def fits(other: Request) -> bool:
        return (
            other.id != request.id
            and other.id not in taken
            and other.organisation_id != request.organisation_id
            and bool(regions[request.organisation_id] & regions[other.organisation_id])
            and ordered(request.person_id, other.person_id) not in met
        )

    for other in candidates:
        if fits(other) and (other.kind, other.topic) == (request.kind, request.topic):
            return other, request.kind, request.topic
    for other in candidates:
        if fits(other) and other.theme == request.theme:
            return other, THEME, request.theme
    return None
