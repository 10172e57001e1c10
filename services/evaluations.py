"""Evaluations (utvärderingar): a mid-term and a final evaluation per cohort.

The coordinator sets each one's date (checked and audited here, like every coordinator action);
at 08:00 that day in the organisation's zone the `evaluations` job puts an invitation in the
outbox for every member of the cohort the bot can reach. The job is idempotent: the evaluation
is marked sent out in the same unit of work as its outbox rows (and each row has its own
idempotency key), so a restart or a second replica neither loses nor doubles them, and a date
moved before then simply moves the sending. The invitation's button opens the questions as
they are when it is clicked; they can be edited until the first answer comes in.

Answers are anonymous: who has answered is stored apart from what (storage/evaluations.py), a
second answer is refused kindly, and the results (per statement the distribution and the mean,
the free texts in random order) are shown only once at least MINIMUM_PEOPLE have answered and
the evaluation has closed. Not while it is open: a coordinator who looked after each answer
could otherwise tell one person's answer from the difference (the same minimum-of-5 reasoning,
over time instead of across groups).
"""

from __future__ import annotations

import csv
import io
import logging
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from cards.evaluations import invitation_card
from chat.outgoing import card_message
from content.dates import format_date_only_sv
from content.language import speaking
from content.models import Content
from services.coordination import Actor, CoordinationService
from services.follow_up import MINIMUM_PEOPLE
from storage.audit import AuditAction
from storage.cohorts import Cohorts, CohortSummary
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import first_name
from storage.evaluations import KINDS, Answer, Evaluations, EvaluationView, Questions
from storage.languages import PersonLanguages
from storage.outbox import Outbox

log = logging.getLogger(__name__)

SEND_AT = time(8, 0)  # the evaluation's morning, in the organisation's zone, as the welcome
GRADES = ("1", "2", "3", "4", "5")


# --- the coordinator's --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scheduled:
    """One evaluation as the coordinator's card shows it."""

    kind: str
    evaluation: EvaluationView | None  # None: no date set yet
    questions: Questions
    last_day: date | None  # answers taken until and including this day
    closed: bool = False

    @property
    def respondents(self) -> int:
        return self.evaluation.respondents if self.evaluation else 0


@dataclass(frozen=True, slots=True)
class CohortEvaluations:
    cohort_id: int
    cohort_name: str
    evaluations: tuple[Scheduled, ...]  # midterm, final
    minimum: int = MINIMUM_PEOPLE


class DateProblem(StrEnum):
    BAD_DATE = "bad_date"
    PAST_DATE = "past_date"
    FINAL_BEFORE_MIDTERM = "final_before_midterm"
    ALREADY_SENT = "already_sent"


@dataclass(frozen=True, slots=True)
class DatesRejected:
    """Nothing was stored; the card comes back with the dates as typed."""

    current: CohortEvaluations
    typed: dict[str, str]
    problems: tuple[tuple[DateProblem, str], ...]  # (problem, kind)


class QuestionProblem(StrEnum):
    LOCKED = "locked"
    NO_SCALE = "no_scale"
    TOO_MANY_SCALE = "too_many_scale"
    TOO_MANY_FREE = "too_many_free"
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class QuestionsRejected:
    evaluation: EvaluationView
    scale: str  # as typed
    free: str
    problems: tuple[tuple[QuestionProblem, int], ...]  # (problem, a count or line number)


@dataclass(frozen=True, slots=True)
class QuestionsSaved:
    evaluation: EvaluationView
    version: int
    reset: bool


@dataclass(frozen=True, slots=True)
class ScaleResult:
    question: str
    counts: tuple[int, ...]  # how many chose 1..5
    mean: float


@dataclass(frozen=True, slots=True)
class FreeResult:
    question: str
    texts: tuple[str, ...]  # in random order


@dataclass(frozen=True, slots=True)
class Results:
    evaluation: EvaluationView
    shown: bool  # False: still open or fewer than the minimum answered; nothing else filled in
    scale: tuple[ScaleResult, ...] = ()
    free: tuple[FreeResult, ...] = ()
    minimum: int = MINIMUM_PEOPLE
    open_until: date | None = None  # held back while answers are taken: the last day


# --- the leader's -------------------------------------------------------------------------------


class Refusal(StrEnum):
    NOT_YOURS = "not_yours"
    NOT_OPEN_YET = "not_open_yet"
    CLOSED = "closed"
    ALREADY_ANSWERED = "already_answered"


@dataclass(frozen=True, slots=True)
class Form:
    evaluation: EvaluationView
    questions: Questions
    last_day: date
    typed: dict[str, str] = field(default_factory=dict)  # after a rejection: as typed
    missing: int = 0  # scale statements left unanswered
    too_long: tuple[tuple[int, int], ...] = ()  # (free question number, its length)
    changed: bool = False  # the questions changed after the card was shown: here are the new
    minimum: int = MINIMUM_PEOPLE


@dataclass(frozen=True, slots=True)
class Refused:
    reason: Refusal
    evaluation: EvaluationView | None = None


@dataclass(frozen=True, slots=True)
class Submitted:
    """The answers are stored; the leader is thanked."""

    evaluation: EvaluationView


class EvaluationService:
    def __init__(
        self,
        content: Content,
        coordination: CoordinationService,
        evaluations: Evaluations,
        cohorts: Cohorts,
        conversations: Conversations,
        outbox: Outbox,
        *,
        database: Database,
        languages: PersonLanguages | None = None,
    ) -> None:
        self._content = content
        self._languages = languages or PersonLanguages(database)
        self._coordination = coordination
        self._evaluations = evaluations
        self._cohorts = cohorts
        self._conversations = conversations
        self._outbox = outbox
        self._db = database

    # --- the coordinator ----------------------------------------------------------------------

    async def cohorts(self, actor: Actor) -> list[CohortSummary] | None:
        """The actor's organisation's cohorts; None unless they coordinate it."""
        if not await self._coordination.is_coordinator(actor, "evaluations"):
            return None
        return await self._cohorts.of_organisation(actor.organisation_id)

    async def of_cohort(
        self, actor: Actor, tenant_id: str, cohort_id: int
    ) -> CohortEvaluations | None:
        """The cohort's two evaluations; None: refused, or the cohort is not theirs."""
        if not await self._coordination.is_coordinator(actor, "evaluations"):
            return None
        return await self._current(actor.organisation_id, tenant_id, cohort_id)

    async def set_dates(
        self, actor: Actor, tenant_id: str, cohort_id: int, typed: dict[str, str]
    ) -> CohortEvaluations | DatesRejected | None:
        """Set or move the dates (`typed`: kind -> YYYY-MM-DD, empty: leave as is)."""
        if not await self._coordination.is_coordinator(actor, "schedule_evaluation"):
            return None
        current = await self._current(actor.organisation_id, tenant_id, cohort_id)
        if current is None:
            return None
        zone = self._zone(tenant_id)
        today = self._db.now().astimezone(zone).date()
        problems: list[tuple[DateProblem, str]] = []
        chosen: dict[str, date | None] = {}
        changes: dict[str, date] = {}
        for scheduled in current.evaluations:
            kind, existing = scheduled.kind, scheduled.evaluation
            raw = typed.get(kind, "").strip()
            day = _date(raw) if raw else None
            chosen[kind] = existing.opens_on if existing else None
            if raw and day is None:
                problems.append((DateProblem.BAD_DATE, kind))
            elif day is None or (existing is not None and day == existing.opens_on):
                continue
            elif existing is not None and existing.dispatched:
                problems.append((DateProblem.ALREADY_SENT, kind))
            elif day < today:
                problems.append((DateProblem.PAST_DATE, kind))
            else:
                chosen[kind] = changes[kind] = day
        midterm, final = (chosen[kind] for kind in KINDS)
        if midterm is not None and final is not None and final <= midterm and changes:
            problems.append((DateProblem.FINAL_BEFORE_MIDTERM, KINDS[1]))
        if problems:
            return DatesRejected(current, dict(typed), tuple(problems))
        try:
            await self._schedule(actor, tenant_id, cohort_id, changes)
        except _SentMeanwhile as sent:
            return DatesRejected(current, dict(typed), ((DateProblem.ALREADY_SENT, sent.kind),))
        return await self._current(actor.organisation_id, tenant_id, cohort_id)

    async def _schedule(
        self, actor: Actor, tenant_id: str, cohort_id: int, changes: dict[str, date]
    ) -> None:
        zone = self._zone(tenant_id)
        texts = self._content.for_tenant(tenant_id).evaluations
        async with self._db.unit_of_work():
            for kind, day in changes.items():
                send_at = datetime.combine(day, SEND_AT, zone)
                closes_at = datetime.combine(
                    day + timedelta(days=texts.open_days + 1), time(0), zone
                )
                remind_at = datetime.combine(
                    day + timedelta(days=texts.reminder_days), SEND_AT, zone
                )
                moved = await self._evaluations.schedule(
                    actor.organisation_id, cohort_id, kind, day, send_at, closes_at, remind_at
                )
                if not moved:  # sent out in the meantime
                    raise _SentMeanwhile(kind)
                await self._coordination.audit(
                    actor,
                    AuditAction.EVALUATION_SCHEDULED,
                    detail=f"cohort {cohort_id} {kind} {day.isoformat()}",
                )

    async def evaluation(
        self, actor: Actor, tenant_id: str, evaluation_id: int
    ) -> Scheduled | None:
        """One evaluation of the actor's organisation, for the questions card."""
        if not await self._coordination.is_coordinator(actor, "evaluations"):
            return None
        found = await self._evaluations.get(actor.organisation_id, evaluation_id)
        return self._scheduled(tenant_id, found.kind, found) if found else None

    async def set_questions(
        self,
        actor: Actor,
        tenant_id: str,
        evaluation_id: int,
        scale: str,
        free: str,
        *,
        reset: bool = False,
    ) -> QuestionsSaved | QuestionsRejected | None:
        """Replace the evaluation's questions (one per line), or go back to the defaults."""
        if not await self._coordination.is_coordinator(actor, "evaluation_questions"):
            return None
        found = await self._evaluations.get(actor.organisation_id, evaluation_id)
        if found is None:
            return None
        texts = self._content.for_tenant(tenant_id).evaluations
        if found.respondents:
            return QuestionsRejected(found, scale, free, ((QuestionProblem.LOCKED, 0),))
        questions = None
        if not reset:
            limits = QuestionLimits(
                texts.max_scale_questions, texts.max_free_questions, texts.max_question_chars
            )
            checked = _questions(limits, scale, free)
            if not isinstance(checked, Questions):
                return QuestionsRejected(found, scale, free, checked)
            questions = checked
        async with self._db.unit_of_work():
            version = await self._evaluations.set_questions(
                actor.organisation_id, evaluation_id, questions
            )
            if version is None:  # answered in the meantime
                locked = ((QuestionProblem.LOCKED, 0),)
                return QuestionsRejected(found, scale, free, locked)
            await self._coordination.audit(
                actor,
                AuditAction.EVALUATION_QUESTIONS_CHANGED,
                detail=f"evaluation {evaluation_id} v{version}" + (" default" if reset else ""),
            )
        updated = await self._evaluations.get(actor.organisation_id, evaluation_id)
        assert updated is not None
        return QuestionsSaved(updated, version, reset)

    async def results(self, actor: Actor, tenant_id: str, evaluation_id: int) -> Results | None:
        """The answers in aggregate; nothing but "too few" under the minimum."""
        if not await self._coordination.is_coordinator(actor, "evaluation_results"):
            return None
        found = await self._evaluations.get(actor.organisation_id, evaluation_id)
        if found is None:
            return None
        await self._coordination.audit(
            actor, AuditAction.EVALUATION_RESULTS_VIEWED, detail=f"evaluation {evaluation_id}"
        )
        return await self._aggregate(tenant_id, found)

    async def csv(self, organisation_id: int, person_id: int, tenant_id: str) -> bytes | None:
        """Every sent evaluation's results as CSV behind a signed link: its holder must still
        coordinate that municipality (checked and audited when it is opened)."""
        actor = Actor(organisation_id, person_id, email=_no_lookup)
        if not await self._coordination.is_coordinator(actor, "evaluation_export"):
            return None
        await self._coordination.audit(actor, AuditAction.EVALUATION_EXPORTED)
        results = [
            await self._aggregate(tenant_id, found)
            for found in await self._evaluations.sent_out(organisation_id)
        ]
        return results_csv(self._content.for_tenant(tenant_id), results)

    async def _aggregate(self, tenant_id: str, found: EvaluationView) -> Results:
        if self._db.now() < found.closes_at:
            return Results(found, shown=False, open_until=self._last_day(tenant_id, found))
        if found.respondents < MINIMUM_PEOPLE:
            return Results(found, shown=False)
        questions = self._questions_of(tenant_id, found)
        answers = await self._evaluations.results(found.organisation_id, found.id)
        scale = []
        for number, question in enumerate(questions.scale, start=1):
            grades = [a.grade for a in answers if a.question == f"s{number}" and a.grade]
            counts = tuple(grades.count(grade) for grade in range(1, 6))
            mean = sum(grades) / len(grades) if grades else 0.0
            scale.append(ScaleResult(question, counts, mean))
        free = []
        for number, question in enumerate(questions.free, start=1):
            given = [a.text for a in answers if a.question == f"f{number}" and a.text]
            random.shuffle(given)
            free.append(FreeResult(question, tuple(given)))
        return Results(found, shown=True, scale=tuple(scale), free=tuple(free))

    # --- the job ------------------------------------------------------------------------------

    async def tick(self) -> int:
        """Send out every evaluation whose morning has come, and the reminders to those who have
        not answered when theirs has; returns how many cards were put in the outbox."""
        now = self._db.now()
        cards = 0
        for evaluation in await self._evaluations.due(now):
            cards += await self._send(evaluation, reminder=False)
        for evaluation in await self._evaluations.due_reminders(now):
            cards += await self._send(evaluation, reminder=True)
        return cards

    async def _send(self, evaluation: EvaluationView, *, reminder: bool) -> int:
        """The cards and the mark that they were put in the outbox, in one unit of work."""
        mark = self._evaluations.mark_reminded if reminder else self._evaluations.mark_dispatched
        prefix = "evaluation-reminder" if reminder else "evaluation"
        sent = 0
        async with self._db.unit_of_work():
            if not await mark(evaluation.id):
                return 0  # another replica did
            recipients = await self._evaluations.recipients(evaluation, unanswered=reminder)
            # One read of the chats and one of the languages for a whole cohort.
            chats = await self._conversations.personal_chats(r.person_id for r in recipients)
            languages = await self._languages.of(r.person_id for r in recipients)
            for recipient in recipients:
                personal = chats.get(recipient.person_id)
                if personal is None:
                    continue
                name = first_name(recipient.given_name, recipient.name)
                with speaking(languages[recipient.person_id]):  # texts and dates in theirs
                    content = self._content.for_tenant(personal.tenant_id)
                    last_day = self._last_day(personal.tenant_id, evaluation)
                    card = invitation_card(content, evaluation, name, last_day, reminder=reminder)
                await self._outbox.enqueue(
                    personal,
                    card_message(card),
                    idempotency_key=f"{prefix}-{evaluation.id}-{recipient.person_id}",
                    due_at=self._db.now(),
                    expires_at=evaluation.closes_at,
                )
                sent += 1
        log.info("evaluation %s: %s %s put in the outbox", evaluation.id, sent, prefix)
        return sent

    # --- the leader ---------------------------------------------------------------------------

    async def open_for(self, organisation_id: int, person_id: int) -> list[EvaluationView]:
        """The evaluations the leader can answer now and has not."""
        found = await self._evaluations.open_for(organisation_id, person_id, now=self._db.now())
        return [e for e in found if not await self._evaluations.has_answered(e.id, person_id)]

    async def form(
        self, organisation_id: int, person_id: int, tenant_id: str, evaluation_id: int
    ) -> Form | Refused:
        checked = await self._answerable(organisation_id, person_id, evaluation_id)
        if isinstance(checked, Refused):
            return checked
        return Form(
            checked, self._questions_of(tenant_id, checked), self._last_day(tenant_id, checked)
        )

    async def submit(
        self,
        organisation_id: int,
        person_id: int,
        tenant_id: str,
        evaluation_id: int,
        typed: dict[str, str],
        questions_version: int | None = None,
    ) -> Submitted | Form | Refused:
        """Store the answers apart from the fact that this person answered; the form again
        with what was typed when a statement is unanswered or a text too long."""
        checked = await self._answerable(organisation_id, person_id, evaluation_id)
        if isinstance(checked, Refused):
            return checked
        questions = self._questions_of(tenant_id, checked)
        if questions_version is not None and questions_version != checked.questions_version:
            last_day = self._last_day(tenant_id, checked)
            return Form(checked, questions, last_day, changed=True)
        limit = self._content.for_tenant(tenant_id).evaluations.max_answer_chars
        answers: list[Answer] = []
        missing = 0
        for number in range(1, len(questions.scale) + 1):
            grade = typed.get(f"s{number}", "").strip()
            if grade in GRADES:
                answers.append(Answer(f"s{number}", grade=int(grade)))
            else:
                missing += 1
        too_long: list[tuple[int, int]] = []
        for number in range(1, len(questions.free) + 1):
            given = typed.get(f"f{number}", "").strip()
            if len(given) > limit:
                too_long.append((number, len(given)))
            elif given:
                answers.append(Answer(f"f{number}", text=given))
        if missing or too_long:
            last_day = self._last_day(tenant_id, checked)
            return Form(checked, questions, last_day, dict(typed), missing, tuple(too_long))
        if not await self._evaluations.answer(evaluation_id, person_id, answers):
            return Refused(Refusal.ALREADY_ANSWERED, checked)
        log.info("evaluation %s answered", evaluation_id)
        return Submitted(checked)

    async def _answerable(
        self, organisation_id: int, person_id: int, evaluation_id: int
    ) -> EvaluationView | Refused:
        found = await self._evaluations.for_member(organisation_id, person_id, evaluation_id)
        if found is None:
            return Refused(Refusal.NOT_YOURS)
        now = self._db.now()
        if now < found.send_at:
            return Refused(Refusal.NOT_OPEN_YET, found)
        if now >= found.closes_at:
            return Refused(Refusal.CLOSED, found)
        if await self._evaluations.has_answered(evaluation_id, person_id):
            return Refused(Refusal.ALREADY_ANSWERED, found)
        return found

    # --- shared -------------------------------------------------------------------------------

    async def _current(
        self, organisation_id: int, tenant_id: str, cohort_id: int
    ) -> CohortEvaluations | None:
        name = await self._evaluations.cohort_name(organisation_id, cohort_id)
        if name is None:
            return None
        found = {e.kind: e for e in await self._evaluations.of_cohort(organisation_id, cohort_id)}
        return CohortEvaluations(
            cohort_id,
            name,
            tuple(self._scheduled(tenant_id, kind, found.get(kind)) for kind in KINDS),
        )

    def _scheduled(self, tenant_id: str, kind: str, found: EvaluationView | None) -> Scheduled:
        if found is None:
            defaults = self._content.for_tenant(tenant_id).evaluations.kind(kind).questions
            return Scheduled(kind, None, Questions(defaults.scale, defaults.free), None)
        closed = self._db.now() >= found.closes_at
        questions = self._questions_of(tenant_id, found)
        return Scheduled(kind, found, questions, self._last_day(tenant_id, found), closed)

    def _questions_of(self, tenant_id: str, evaluation: EvaluationView) -> Questions:
        if evaluation.questions is not None:
            return evaluation.questions
        defaults = self._content.for_tenant(tenant_id).evaluations.kind(evaluation.kind)
        return Questions(defaults.questions.scale, defaults.questions.free)

    def _last_day(self, tenant_id: str, evaluation: EvaluationView) -> date:
        """The last day answers are taken, in the organisation's zone."""
        closes = evaluation.closes_at.astimezone(self._zone(tenant_id))
        return (closes - timedelta(minutes=1)).date()

    def _zone(self, tenant_id: str) -> ZoneInfo:
        return ZoneInfo(self._content.for_tenant(tenant_id).organisation.time_zone)


async def _no_lookup() -> str | None:
    """Outside a turn there is no Teams to ask: only a role already bound counts."""
    return None


def results_csv(content: Content, results: list[Results]) -> bytes:
    """The results as CSV for Excel in Swedish (semicolons, UTF-8 with a byte order mark): per
    evaluation the respondents, per statement the count of each grade and the mean, the free
    texts one per row in random order; under the minimum, only that it is under."""
    texts = content.evaluations
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            texts.csv_cohort,
            texts.csv_evaluation,
            texts.csv_question,
            texts.csv_measure,
            texts.csv_value,
        ]
    )
    for result in results:
        evaluation = result.evaluation
        where = [_cell(evaluation.cohort_name), texts.kind(evaluation.kind).name]
        if result.open_until is not None:
            still_open = texts.csv_open.format(date=format_date_only_sv(result.open_until))
            writer.writerow([*where, "", texts.csv_respondents, still_open])
            continue
        if not result.shown:
            too_few = texts.too_few.format(minimum=result.minimum)
            writer.writerow([*where, "", texts.csv_respondents, too_few])
            continue
        writer.writerow([*where, "", texts.csv_respondents, evaluation.respondents])
        for scale in result.scale:
            for grade, count in enumerate(scale.counts, start=1):
                measure = texts.csv_grade.format(grade=grade)
                writer.writerow([*where, _cell(scale.question), measure, count])
            mean = f"{scale.mean:.2f}".replace(".", ",")
            writer.writerow([*where, _cell(scale.question), texts.csv_mean, mean])
        for free in result.free:
            for given in free.texts:
                writer.writerow([*where, _cell(free.question), texts.csv_free, _cell(given)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: str) -> str:
    """A typed text as text, never a formula Excel would run (=, +, -, @ first)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class _SentMeanwhile(RuntimeError):
    """The job sent the evaluation out between the check and the change: the unit rolls back."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class QuestionLimits:
    scale_max: int
    free_max: int
    chars_max: int


def _questions(
    limits: QuestionLimits, scale: str, free: str
) -> Questions | tuple[tuple[QuestionProblem, int], ...]:
    scale_lines = [line.strip() for line in scale.splitlines() if line.strip()]
    free_lines = [line.strip() for line in free.splitlines() if line.strip()]
    problems: list[tuple[QuestionProblem, int]] = []
    if not scale_lines:
        problems.append((QuestionProblem.NO_SCALE, 0))
    elif len(scale_lines) > limits.scale_max:
        problems.append((QuestionProblem.TOO_MANY_SCALE, len(scale_lines)))
    if len(free_lines) > limits.free_max:
        problems.append((QuestionProblem.TOO_MANY_FREE, len(free_lines)))
    for number, line in enumerate([*scale_lines, *free_lines], start=1):
        if len(line) > limits.chars_max:
            problems.append((QuestionProblem.TOO_LONG, number))
    if problems:
        return tuple(problems)
    return Questions(tuple(scale_lines), tuple(free_lines))


def _date(typed: str) -> date | None:
    try:
        return date.fromisoformat(typed.strip())
    except ValueError:
        return None
