"""Evaluations: the coordinator sets a cohort's dates; the invitations come through the outbox at
08:00 on the date, once, across a restart, and move with the date; answers are stored apart from
who gave them, a second is refused; results only from 5 answers; nothing crosses tenants."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, inspect, select

from cards.evaluations import results_card
from scheduling.sender import OutboxSender
from services.coordination import Actor
from services.evaluations import (
    DateProblem,
    DatesRejected,
    EvaluationService,
    Form,
    QuestionProblem,
    QuestionsRejected,
    QuestionsSaved,
    Refusal,
    Refused,
    Results,
    Submitted,
)
from storage.audit import AuditAction, AuditLog
from storage.cohorts import Cohorts
from storage.conversations import Conversations
from storage.database import Database
from storage.evaluations import EvaluationAnswer, EvaluationResponse, Evaluations
from storage.outbox import Outbox
from storage.personal_data import PersonalData
from storage.roles import RoleName
from tests.card_schema import assert_valid_card, card_texts
from tests.clock import TestClock
from tests.coordination.support import HELSINGBORG, UPPSALA, actor, person, service
from tests.coordination.test_cohorts import CONTENT, cohorts_on, coordinator, reachable, request
from tests.fakes.connector import FakeConnector
from tests.outbox.support import no_auth_messenger
from tests.statements import counting_statements

LEADERS = ("bo", "cia", "dan", "eva", "finn", "gun")
MIDTERM = "2027-01-11"  # a Monday; 08:00 in Stockholm is 07:00 UTC
MIDTERM_AT = datetime(2027, 1, 11, 7, 0, tzinfo=UTC)
FINAL = "2027-03-01"
SCALE = len(CONTENT.evaluations.midterm.questions.scale)
ALL_FOUR = {f"s{n}": "4" for n in range(1, SCALE + 1)}


def evaluations_on(database: Database) -> EvaluationService:
    return EvaluationService(
        CONTENT,
        service(database),
        Evaluations(database),
        Cohorts(database),
        Conversations(database),
        Outbox(database),
        database=database,
    )


async def cohort_with_leaders(
    database: Database, clock: TestClock, url: str, leaders: tuple[str, ...] = LEADERS
) -> tuple[Actor, int, dict[str, int]]:
    """Anna coordinates Uppsala; a cohort of leaders the bot can reach, plus one it cannot."""
    anna = await coordinator(database)
    people = {key: await reachable(database, UPPSALA, key, url) for key in leaders}
    pasted = "\n".join(f"{key}@kommun.example" for key in (*leaders, "ulf"))
    started = await cohorts_on(database, clock).start(anna, UPPSALA, request(pasted))
    return anna, started.cohort_id, people  # type: ignore[union-attr]


async def midterm_sent(
    database: Database, clock: TestClock, url: str, leaders: tuple[str, ...] = LEADERS
) -> tuple[Actor, int, dict[str, int]]:
    """The cohort's mid-term evaluation sent out; (coordinator, evaluation id, leaders)."""
    anna, cohort_id, people = await cohort_with_leaders(database, clock, url, leaders)
    evaluations = evaluations_on(database)
    await evaluations.set_dates(anna, UPPSALA, cohort_id, {"midterm": MIDTERM, "final": FINAL})
    clock.move_to(MIDTERM_AT)
    assert await evaluations.tick() == len(leaders)
    found = await Evaluations(database).of_cohort(anna.organisation_id, cohort_id)
    [midterm] = [e for e in found if e.kind == "midterm"]
    return anna, midterm.id, people


async def test_the_invitations_come_at_08_on_the_date_once_across_a_restart_and_move_with_it(
    database_url: str, database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna, cohort_id, people = await cohort_with_leaders(database, clock, connector.url)
    evaluations = evaluations_on(database)
    await evaluations.set_dates(anna, UPPSALA, cohort_id, {"midterm": "2027-01-04"})
    moved = await evaluations.set_dates(anna, UPPSALA, cohort_id, {"midterm": MIDTERM})
    assert not isinstance(moved, DatesRejected) and moved is not None
    assert moved.evaluations[0].evaluation.send_at == MIDTERM_AT  # type: ignore[union-attr]
    clock.move_to(datetime(2027, 1, 4, 7, 0, tzinfo=UTC))  # the date it had first
    assert await evaluations.tick() == 0

    # A restart: a new process on the same database.
    await database.dispose()
    restarted = Database(database_url, clock=clock)
    try:
        again = evaluations_on(restarted)
        clock.move_to(MIDTERM_AT - timedelta(minutes=1))
        assert await again.tick() == 0
        clock.move_to(MIDTERM_AT)
        assert await again.tick() == len(LEADERS)  # ulf: no chat, so no invitation
        assert await again.tick() == 0
        assert await evaluations_on(restarted).tick() == 0  # a second replica
        async with no_auth_messenger() as messenger:
            sender = OutboxSender(Outbox(restarted), messenger, clock=clock)
            # the cohort's welcomes (due at its start) and the invitations
            assert (await sender.tick()).sent == 2 * len(LEADERS)
            assert (await sender.tick()).sent == 0
        # Sent: its date can no longer move, and the card says why.
        late = await again.set_dates(anna, UPPSALA, cohort_id, {"midterm": "2027-01-20"})
        assert isinstance(late, DatesRejected)
        assert late.problems == ((DateProblem.ALREADY_SENT, "midterm"),)
    finally:
        await restarted.dispose()

    invitations = [
        a for a in connector.sent if "Svara nu" in card_texts(a.body["attachments"][0]["content"])
    ]
    assert sorted(a.conversation_id for a in invitations) == sorted(f"a:{key}" for key in people)
    bo = next(a for a in invitations if a.conversation_id == "a:bo")
    texts = card_texts(bo.body["attachments"][0]["content"])
    assert "Hej Bo!" in texts and "halvtidsutvärderingen av Våren" in texts
    assert "måndag 25 januari 2027" in texts  # the last day to answer, 14 days on
    assert "Svara nu" in texts


async def test_bad_dates_are_named_and_nothing_is_stored(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna, cohort_id, _ = await cohort_with_leaders(database, clock, connector.url, ("bo",))
    evaluations = evaluations_on(database)
    typed = {"midterm": "2026-11-01", "final": "i vår"}
    rejected = await evaluations.set_dates(anna, UPPSALA, cohort_id, typed)
    assert isinstance(rejected, DatesRejected)
    assert rejected.problems == (
        (DateProblem.PAST_DATE, "midterm"),
        (DateProblem.BAD_DATE, "final"),
    )
    assert rejected.typed == typed
    order = await evaluations.set_dates(
        anna, UPPSALA, cohort_id, {"midterm": FINAL, "final": MIDTERM}
    )
    assert isinstance(order, DatesRejected)
    assert order.problems == ((DateProblem.FINAL_BEFORE_MIDTERM, "final"),)
    assert await Evaluations(database).of_cohort(anna.organisation_id, cohort_id) == []


async def test_answers_are_kept_apart_from_who_answered_and_a_second_is_refused(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna, evaluation_id, people = await midterm_sent(database, clock, connector.url)
    evaluations = evaluations_on(database)
    organisation = anna.organisation_id
    bo = people["bo"]

    missing = {**ALL_FOUR, "s2": "", "f1": "Träffarna"}
    form = await evaluations.submit(organisation, bo, UPPSALA, evaluation_id, missing)
    assert isinstance(form, Form) and form.missing == 1 and form.typed["f1"] == "Träffarna"
    long = {**ALL_FOUR, "f2": "x" * 1501}
    form = await evaluations.submit(organisation, bo, UPPSALA, evaluation_id, long)
    assert isinstance(form, Form) and form.too_long == ((2, 1501),)
    assert await answer_rows(database) == 0

    answers = {**ALL_FOUR, "s1": "5", "f1": "Träffarna med teamet"}
    assert isinstance(
        await evaluations.submit(organisation, bo, UPPSALA, evaluation_id, answers), Submitted
    )
    again = await evaluations.submit(organisation, bo, UPPSALA, evaluation_id, ALL_FOUR)
    assert isinstance(again, Refused) and again.reason is Refusal.ALREADY_ANSWERED
    opened = await evaluations.form(organisation, bo, UPPSALA, evaluation_id)
    assert isinstance(opened, Refused) and opened.reason is Refusal.ALREADY_ANSWERED
    assert await evaluations.open_for(organisation, bo) == []

    # What was answered has no column that could lead back to Bo; who answered, no answer.
    columns = {column.key for column in inspect(EvaluationAnswer).columns}
    assert columns == {"id", "evaluation_id", "question", "grade", "text"}
    assert {c.key for c in inspect(EvaluationResponse).columns} == {"evaluation_id", "person_id"}
    assert await answer_rows(database) == SCALE + 1
    async with database.sessions() as session:
        ids = (await session.scalars(select(EvaluationAnswer.id))).all()
    assert all(len(key) == 32 for key in ids) and len(set(ids)) == len(ids)

    # Erasing Bo takes "Bo answered" with him; the anonymous answers stay.
    await PersonalData(database).erase(bo)
    async with database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(EvaluationResponse)) == 0
    assert await answer_rows(database) == SCALE + 1


async def test_results_only_from_five_answers_with_free_texts_and_no_names(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna, evaluation_id, people = await midterm_sent(database, clock, connector.url)
    evaluations = evaluations_on(database)
    organisation = anna.organisation_id
    grades = {"bo": "1", "cia": "2", "dan": "4", "eva": "5", "finn": "5"}
    for number, (key, grade) in enumerate(grades.items(), start=1):
        typed = {**ALL_FOUR, "s1": grade, "f1": f"Svar nummer {number}"}
        assert isinstance(
            await evaluations.submit(organisation, people[key], UPPSALA, evaluation_id, typed),
            Submitted,
        )
        # Held back while the evaluation is open, even from 5 answers: comparing the results
        # before and after one more answer would show that answer.
        results = await evaluations.results(anna, UPPSALA, evaluation_id)
        assert isinstance(results, Results)
        assert results.shown is False and results.scale == () and results.free == ()
        assert results.open_until == date(2027, 1, 25)
        shown_open = card_texts(results_card(CONTENT, results))
        assert "Svar nummer" not in shown_open and "har stängt efter" in shown_open
    exported_open = await evaluations.csv(organisation, anna.person_id, UPPSALA)
    assert exported_open is not None and "Svar nummer" not in exported_open.decode()

    clock.move_to(datetime(2027, 1, 25, 23, 0, tzinfo=UTC))  # 00:00 after the last day
    results = await evaluations.results(anna, UPPSALA, evaluation_id)
    assert isinstance(results, Results) and results.shown and results.open_until is None
    assert results.scale[0].counts == (1, 1, 0, 1, 2)
    assert results.scale[0].mean == 3.4
    assert results.scale[1].counts == (0, 0, 0, 5, 0)
    assert sorted(results.free[0].texts) == [f"Svar nummer {n}" for n in range(1, 6)]
    assert results.free[1].texts == ()
    card = results_card(CONTENT, results)
    assert_valid_card(card)
    shown = card_texts(card)
    assert "Medel 3,4 (1: 1, 2: 1, 3: 0, 4: 1, 5: 2)" in shown
    assert "Svar nummer 3" in shown and "5 har svarat." in shown
    assert not any(key.title() in shown for key in people)
    log = await AuditLog(database).of_organisation(organisation)
    assert AuditAction.EVALUATION_RESULTS_VIEWED in [entry.action for entry in log]

    # The CSV behind the signed link: the same figures, the texts, no names; only for Anna.
    exported = await evaluations.csv(organisation, anna.person_id, UPPSALA)
    assert exported is not None and exported.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
    first = CONTENT.evaluations.midterm.questions.scale[0]
    assert rows[0] == ["Omgång", "Utvärdering", "Fråga", "Mått", "Värde"]
    assert ["Våren", "Halvtidsutvärdering", "", "Har svarat", "5"] in rows
    assert ["Våren", "Halvtidsutvärdering", first, "Antal som svarat 5", "2"] in rows
    assert ["Våren", "Halvtidsutvärdering", first, "Medelvärde", "3,40"] in rows
    free = [row[4] for row in rows if row[3] == "Fritextsvar"]
    assert sorted(free) == [f"Svar nummer {n}" for n in range(1, 6)]
    assert not any(key.title() in exported.decode() for key in people)
    assert await evaluations.csv(organisation, people["bo"], UPPSALA) is None


async def test_the_questions_are_editable_until_the_first_answer(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna, evaluation_id, people = await midterm_sent(database, clock, connector.url)
    evaluations = evaluations_on(database)
    organisation = anna.organisation_id

    too_many = "\n".join(f"Påstående {n}" for n in range(1, 10))
    rejected = await evaluations.set_questions(anna, UPPSALA, evaluation_id, too_many, "a\nb\nc")
    assert isinstance(rejected, QuestionsRejected)
    assert rejected.problems == (
        (QuestionProblem.TOO_MANY_SCALE, 9),
        (QuestionProblem.TOO_MANY_FREE, 3),
    )
    assert rejected.scale == too_many
    saved = await evaluations.set_questions(
        anna, UPPSALA, evaluation_id, "Resan ger mig energi.\n\n  Jag lär mig av de andra. ", ""
    )
    assert isinstance(saved, QuestionsSaved) and saved.version == 1
    form = await evaluations.form(organisation, people["bo"], UPPSALA, evaluation_id)
    assert isinstance(form, Form)
    assert form.questions.scale == ("Resan ger mig energi.", "Jag lär mig av de andra.")
    assert form.questions.free == ()

    two = {"s1": "3", "s2": "4"}
    # Answers to the questions as they were before the change are not taken for the new ones.
    stale = await evaluations.submit(organisation, people["bo"], UPPSALA, evaluation_id, two, 0)
    assert isinstance(stale, Form) and stale.changed and stale.typed == {}
    submitted = await evaluations.submit(
        organisation, people["bo"], UPPSALA, evaluation_id, two, saved.version
    )
    assert isinstance(submitted, Submitted)
    locked = await evaluations.set_questions(anna, UPPSALA, evaluation_id, "Ny fråga", "")
    assert isinstance(locked, QuestionsRejected)
    assert locked.problems == ((QuestionProblem.LOCKED, 0),)
    reset = await evaluations.set_questions(anna, UPPSALA, evaluation_id, "", "", reset=True)
    assert isinstance(reset, QuestionsRejected)
    log = await AuditLog(database).of_organisation(organisation)
    changed = [e for e in log if e.action == AuditAction.EVALUATION_QUESTIONS_CHANGED]
    assert len(changed) == 1


async def test_answers_are_taken_from_08_on_the_date_until_the_closing_day(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna, cohort_id, people = await cohort_with_leaders(database, clock, connector.url, ("bo",))
    evaluations = evaluations_on(database)
    await evaluations.set_dates(anna, UPPSALA, cohort_id, {"midterm": MIDTERM})
    [midterm] = await Evaluations(database).of_cohort(anna.organisation_id, cohort_id)
    organisation, bo = anna.organisation_id, people["bo"]

    early = await evaluations.form(organisation, bo, UPPSALA, midterm.id)
    assert isinstance(early, Refused) and early.reason is Refusal.NOT_OPEN_YET
    clock.move_to(datetime(2027, 1, 25, 22, 59, tzinfo=UTC))  # 23:59 on the last day
    assert isinstance(await evaluations.form(organisation, bo, UPPSALA, midterm.id), Form)
    clock.move_to(datetime(2027, 1, 25, 23, 0, tzinfo=UTC))
    late = await evaluations.submit(organisation, bo, UPPSALA, midterm.id, ALL_FOUR)
    assert isinstance(late, Refused) and late.reason is Refusal.CLOSED
    assert await evaluations.tick() == 0  # closed before it was ever sent: not sent now
    # Closed now, but fewer than 5 answered: still nothing but "too few".
    closed = await evaluations.results(anna, UPPSALA, midterm.id)
    assert isinstance(closed, Results) and not closed.shown and closed.open_until is None
    assert "Färre än 5 har svarat" in card_texts(results_card(CONTENT, closed))


async def test_a_coordinator_of_another_municipality_or_a_leader_sees_and_changes_nothing(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna, evaluation_id, people = await midterm_sent(database, clock, connector.url)
    evaluations = evaluations_on(database)
    [cohort] = await Cohorts(database).of_organisation(anna.organisation_id)
    await service(database).name_from_cli(HELSINGBORG, "olle@hbg.example", RoleName.COORDINATOR)
    olle = await actor(database, HELSINGBORG, "olle", email="olle@hbg.example")
    # Helsingborg's own leader with the same address as Uppsala's Bo.
    _, hbg_bo = await person(database, HELSINGBORG, "bo2", email="bo@kommun.example")

    assert await evaluations.cohorts(olle) == []
    assert await evaluations.of_cohort(olle, HELSINGBORG, cohort.id) is None
    assert await evaluations.set_dates(olle, HELSINGBORG, cohort.id, {"final": FINAL}) is None
    assert await evaluations.evaluation(olle, HELSINGBORG, evaluation_id) is None
    assert await evaluations.results(olle, HELSINGBORG, evaluation_id) is None
    assert await evaluations.set_questions(olle, HELSINGBORG, evaluation_id, "x", "") is None
    foreign = await evaluations.form(olle.organisation_id, hbg_bo, HELSINGBORG, evaluation_id)
    assert isinstance(foreign, Refused) and foreign.reason is Refusal.NOT_YOURS
    assert await evaluations.open_for(olle.organisation_id, hbg_bo) == []

    bo = await actor(database, UPPSALA, "bo")
    assert await evaluations.cohorts(bo) is None
    assert await evaluations.results(bo, UPPSALA, evaluation_id) is None
    log = await AuditLog(database).of_organisation(anna.organisation_id)
    assert (log[-1].action, log[-1].subject) == (AuditAction.REFUSED, "evaluation_results")
    # Someone in Uppsala outside the cohort cannot answer it either.
    _, outsider = await person(database, UPPSALA, "ove", email="ove@kommun.example")
    outside = await evaluations.form(anna.organisation_id, outsider, UPPSALA, evaluation_id)
    assert isinstance(outside, Refused) and outside.reason is Refusal.NOT_YOURS
    assert len(people) == len(LEADERS)


async def answer_rows(database: Database) -> int:
    async with database.sessions() as session:
        return await session.scalar(select(func.count()).select_from(EvaluationAnswer)) or 0


async def test_those_who_have_not_answered_are_reminded_once_a_week_on(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    anna, evaluation_id, people = await midterm_sent(database, clock, connector.url)
    evaluations = evaluations_on(database)
    for key in ("bo", "cia"):
        submitted = await evaluations.submit(
            anna.organisation_id, people[key], UPPSALA, evaluation_id, ALL_FOUR
        )
        assert isinstance(submitted, Submitted)
    remind_at = datetime(2027, 1, 18, 7, 0, tzinfo=UTC)  # 08:00, seven days on
    clock.move_to(remind_at - timedelta(minutes=1))
    assert await evaluations.tick() == 0
    clock.move_to(remind_at)
    assert await evaluations.tick() == len(LEADERS) - 2
    assert await evaluations.tick() == 0
    outbox = Outbox(database)
    for key, person_id in people.items():
        reminded = await outbox.id_of(f"evaluation-reminder-{evaluation_id}-{person_id}")
        assert (reminded is None) is (key in ("bo", "cia")), key
    dan = await outbox.id_of(f"evaluation-reminder-{evaluation_id}-{people['dan']}")
    assert dan is not None
    row = await outbox.get(dan)
    assert row is not None
    reminder = json.loads(row.payload)["attachments"][0]["content"]
    assert_valid_card(reminder)
    assert "Hej Dan! En liten påminnelse" in card_texts(reminder)


async def test_sending_a_cohorts_invitations_reads_the_chats_once(
    database: Database, clock: TestClock, connector: FakeConnector
) -> None:
    """A statement per leader for their chat made a cohort of 200 a tick of 200 reads more."""
    anna, cohort_id, _ = await cohort_with_leaders(database, clock, connector.url)
    evaluations = evaluations_on(database)
    await evaluations.set_dates(anna, UPPSALA, cohort_id, {"midterm": MIDTERM})
    clock.move_to(MIDTERM_AT)
    with counting_statements(database) as counted:
        assert await evaluations.tick() == len(LEADERS)
    chats = [s for s in counted if s.startswith("SELECT conversation_refs.")]
    assert len(chats) == 1, counted
