""" "utvärdering": the coordinator sets a cohort's evaluation dates, edits the questions and
sees the results; a leader answers. Thin: the service checks the role, the tenant and the
cohort, and decides; this turns its answers into cards."""

from __future__ import annotations

from cards import evaluations as cards
from cards.elements import Json
from chat.actions import CardActions
from chat.commands import Command, CommandHandlers
from chat.turn import Turn
from content.dates import format_date_only_sv
from content.evaluations import EvaluationTexts
from content.models import Content
from dialogs.coordination import actor_of
from services.coordination import CoordinationService
from services.evaluations import (
    DateProblem,
    DatesRejected,
    EvaluationService,
    Form,
    QuestionProblem,
    QuestionsRejected,
    Refusal,
    Refused,
)
from storage.roles import RoleName
from workbook.links import FileKind, Links


class EvaluationsDialog:
    def __init__(
        self,
        content: Content,
        evaluations: EvaluationService,
        coordination: CoordinationService,
        links: Links,
    ) -> None:
        self._links = links
        self._content = content
        self._evaluations = evaluations
        self._coordination = coordination

    def register(self, actions: CardActions, commands: CommandHandlers) -> None:
        commands.register(Command.EVALUATION, self._on_command)
        actions.on(cards.OPEN_EVALUATIONS, cards.CohortChoice, self._on_open)
        actions.on(cards.SAVE_EVALUATION_DATES, cards.SaveDates, self._on_save_dates)
        actions.on(cards.EDIT_EVALUATION_QUESTIONS, cards.EvaluationChoice, self._on_edit)
        actions.on(cards.SAVE_EVALUATION_QUESTIONS, cards.SaveQuestions, self._on_save_questions)
        actions.on(cards.EVALUATION_RESULTS, cards.EvaluationChoice, self._on_results)
        actions.on(cards.OPEN_EVALUATION_FORM, cards.EvaluationChoice, self._on_form)
        actions.on(cards.ANSWER_EVALUATION, cards.AnswerEvaluation, self._on_answer)

    # --- "utvärdering" ------------------------------------------------------------------------

    async def _on_command(self, turn: Turn) -> None:
        """A coordinator gets the cohorts; anyone else the evaluations open for them."""
        caller, actor = turn.caller, actor_of(turn)
        content = self._content.for_tenant(caller.tenant_id)
        role = await self._coordination.role_of(
            caller.organisation_id, caller.person_id, actor.email
        )
        if role is RoleName.COORDINATOR:
            cohorts = await self._evaluations.cohorts(actor)
            if cohorts is not None:
                turn.show(cards.cohorts_card(content, cohorts))
                return
        open_now = await self._evaluations.open_for(caller.organisation_id, caller.person_id)
        if not open_now:
            turn.say(content.evaluations.none_open)
            return
        for evaluation in open_now:
            form = await self._evaluations.form(
                caller.organisation_id, caller.person_id, caller.tenant_id, evaluation.id
            )
            turn.show(self._leader_card(content, form))

    # --- the coordinator's cards --------------------------------------------------------------

    async def _on_open(self, turn: Turn, payload: cards.CohortChoice) -> Json | None:
        tenant_id = turn.caller.tenant_id
        current = await self._evaluations.of_cohort(actor_of(turn), tenant_id, payload.cohort_id)
        if current is None:
            self._refuse(turn)
            return None
        return cards.schedule_card(self._content.for_tenant(tenant_id), current)

    async def _on_save_dates(self, turn: Turn, payload: cards.SaveDates) -> Json | None:
        tenant_id = turn.caller.tenant_id
        content = self._content.for_tenant(tenant_id)
        result = await self._evaluations.set_dates(
            actor_of(turn), tenant_id, payload.cohort_id, payload.typed()
        )
        if result is None:
            self._refuse(turn)
            return None
        texts = content.evaluations
        if isinstance(result, DatesRejected):
            problems = [_date_problem(texts, problem, kind) for problem, kind in result.problems]
            return cards.schedule_card(
                content, result.current, typed=result.typed, problems=problems
            )
        return cards.schedule_card(content, result, note=texts.saved)

    async def _on_edit(self, turn: Turn, payload: cards.EvaluationChoice) -> Json | None:
        tenant_id = turn.caller.tenant_id
        found = await self._evaluations.evaluation(actor_of(turn), tenant_id, payload.evaluation_id)
        if found is None:
            self._refuse(turn)
            return None
        content = self._content.for_tenant(tenant_id)
        locked = content.evaluations.locked if found.respondents else None
        return cards.questions_card(content, found, note=locked)

    async def _on_save_questions(self, turn: Turn, payload: cards.SaveQuestions) -> Json | None:
        tenant_id, actor = turn.caller.tenant_id, actor_of(turn)
        content = self._content.for_tenant(tenant_id)
        texts = content.evaluations
        result = await self._evaluations.set_questions(
            actor,
            tenant_id,
            payload.evaluation_id,
            payload.evaluation_scale,
            payload.evaluation_free,
            reset=payload.reset,
        )
        if result is None:
            self._refuse(turn)
            return None
        if isinstance(result, QuestionsRejected):
            found = await self._evaluations.evaluation(actor, tenant_id, payload.evaluation_id)
            if found is None:
                self._refuse(turn)
                return None
            problems = [_question_problem(texts, p, n) for p, n in result.problems]
            return cards.questions_card(
                content, found, scale=result.scale, free=result.free, problems=problems
            )
        current = await self._evaluations.of_cohort(actor, tenant_id, result.evaluation.cohort_id)
        if current is None:
            self._refuse(turn)
            return None
        note = texts.questions_reset if result.reset else texts.questions_saved
        return cards.schedule_card(content, current, note=note.format(version=result.version + 1))

    async def _on_results(self, turn: Turn, payload: cards.EvaluationChoice) -> Json | None:
        tenant_id = turn.caller.tenant_id
        found = await self._evaluations.results(actor_of(turn), tenant_id, payload.evaluation_id)
        if found is None:
            self._refuse(turn)
            return None
        caller = turn.caller
        url = self._links.url(caller.person_id, tenant_id, FileKind.EVALUATIONS_CSV)
        content = self._content.for_tenant(tenant_id)
        return cards.results_card(content, found, csv_url=url, minutes=self._links.minutes)

    def _refuse(self, turn: Turn) -> None:
        turn.say(
            self._content.for_tenant(turn.caller.tenant_id).coordination.roles.only_coordinators
        )
        return None

    # --- the leader's cards -------------------------------------------------------------------

    async def _on_form(self, turn: Turn, payload: cards.EvaluationChoice) -> Json:
        caller = turn.caller
        content = self._content.for_tenant(caller.tenant_id)
        form = await self._evaluations.form(
            caller.organisation_id, caller.person_id, caller.tenant_id, payload.evaluation_id
        )
        return self._leader_card(content, form)

    async def _on_answer(self, turn: Turn, payload: cards.AnswerEvaluation) -> Json:
        caller = turn.caller
        content = self._content.for_tenant(caller.tenant_id)
        result = await self._evaluations.submit(
            caller.organisation_id,
            caller.person_id,
            caller.tenant_id,
            payload.evaluation_id,
            payload.answers(),
            payload.questions_version,
        )
        if isinstance(result, Form | Refused):
            return self._leader_card(content, result)
        texts = content.evaluations
        return cards.message_card(content, texts.kind(result.evaluation.kind).name, texts.thanks)

    def _leader_card(self, content: Content, found: Form | Refused) -> Json:
        if isinstance(found, Form):
            return cards.form_card(content, found)
        texts = content.evaluations
        title = texts.kind(found.evaluation.kind).name if found.evaluation else texts.title
        match found.reason:
            case Refusal.NOT_YOURS:
                message = texts.not_yours
            case Refusal.NOT_OPEN_YET:
                assert found.evaluation is not None
                day = format_date_only_sv(found.evaluation.opens_on)
                message = texts.not_open_yet.format(date=day)
            case Refusal.CLOSED:
                message = texts.closed_for_leader
            case Refusal.ALREADY_ANSWERED:
                message = texts.already_answered
        return cards.message_card(content, title, message)


def _date_problem(texts: EvaluationTexts, problem: DateProblem, kind: str) -> str:
    definite = texts.kind(kind).definite
    match problem:
        case DateProblem.BAD_DATE:
            return texts.bad_date.format(kind=definite)
        case DateProblem.PAST_DATE:
            return texts.past_date.format(kind=definite)
        case DateProblem.FINAL_BEFORE_MIDTERM:
            return texts.final_before_midterm
        case DateProblem.ALREADY_SENT:
            return texts.already_sent.format(kind=definite)


def _question_problem(texts: EvaluationTexts, problem: QuestionProblem, number: int) -> str:
    match problem:
        case QuestionProblem.LOCKED:
            return texts.locked
        case QuestionProblem.NO_SCALE:
            return texts.no_scale_questions
        case QuestionProblem.TOO_MANY_SCALE:
            return texts.too_many_scale.format(count=number, max=texts.max_scale_questions)
        case QuestionProblem.TOO_MANY_FREE:
            return texts.too_many_free.format(count=number, max=texts.max_free_questions)
        case QuestionProblem.TOO_LONG:
            return texts.question_too_long.format(line=number, max=texts.max_question_chars)
