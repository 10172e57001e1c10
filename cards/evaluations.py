"""Evaluation cards: the coordinator's ("utvärdering": dates, questions, results) and the
leader's (the invitation, the questions, thanks)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import ConfigDict, StringConstraints

from cards.elements import (
    Json,
    action_set,
    attention,
    bullets,
    card,
    choices,
    container,
    date_input,
    execute,
    heading,
    open_url,
    text,
    text_input,
    toggle,
)
from chat.actions import MAX_INPUT_CHARS, ActionPayload, RowId
from content.dates import format_date_only_sv
from content.evaluations import EvaluationTexts
from content.models import Content
from storage.cohorts import CohortSummary
from storage.evaluations import EvaluationView

if TYPE_CHECKING:
    from services.evaluations import CohortEvaluations, Form, Results, Scheduled

OPEN_EVALUATIONS = "open_evaluations"
SAVE_EVALUATION_DATES = "save_evaluation_dates"
EDIT_EVALUATION_QUESTIONS = "edit_evaluation_questions"
SAVE_EVALUATION_QUESTIONS = "save_evaluation_questions"
EVALUATION_RESULTS = "evaluation_results"
OPEN_EVALUATION_FORM = "open_evaluation_form"
ANSWER_EVALUATION = "answer_evaluation"

SCALE_INPUT, FREE_INPUT = "evaluation_scale", "evaluation_free"
_ANSWER_KEY = re.compile(r"^[sf][1-9][0-9]?$")
_Short = Annotated[str, StringConstraints(max_length=40)]
_Long = Annotated[str, StringConstraints(max_length=20_000)]


def date_input_id(kind: str) -> str:
    return f"evaluation_{kind}"


class CohortChoice(ActionPayload):
    cohort_id: RowId


class SaveDates(ActionPayload):
    """The two dates as typed (checked by the service, so a wrong one comes back kept)."""

    cohort_id: RowId
    evaluation_midterm: _Short = ""
    evaluation_final: _Short = ""

    def typed(self) -> dict[str, str]:
        return {"midterm": self.evaluation_midterm, "final": self.evaluation_final}


class EvaluationChoice(ActionPayload):
    evaluation_id: RowId


class SaveQuestions(ActionPayload):
    evaluation_id: RowId
    evaluation_scale: _Long = ""
    evaluation_free: _Long = ""
    reset: bool = False


class AnswerEvaluation(ActionPayload):
    """The answers: `s1`.. the scale statements ("1".."5"), `f1`.. the free texts."""

    model_config = ConfigDict(extra="allow", frozen=True, str_max_length=MAX_INPUT_CHARS)

    evaluation_id: RowId
    questions_version: int | None = None  # of the questions on the card

    def answers(self) -> dict[str, str]:
        extra: dict[str, Any] = self.model_extra or {}
        return {
            key: value
            for key, value in extra.items()
            if _ANSWER_KEY.match(key) and isinstance(value, str) and len(value) <= MAX_INPUT_CHARS
        }


# --- the coordinator's --------------------------------------------------------------------------


def cohorts_card(content: Content, cohorts: Sequence[CohortSummary]) -> Json:
    texts = content.evaluations
    body: list[Json] = [heading(texts.title)]
    if not cohorts:
        body.append(text(texts.no_cohorts))
        return card(body, fallback_text=texts.no_cohorts)
    body.append(text(texts.choose_cohort))
    actions = [
        execute(texts.cohort_button.format(name=c.name), OPEN_EVALUATIONS, {"cohort_id": c.id})
        for c in cohorts
    ]
    return card(body, actions, fallback_text=f"{texts.title}. {texts.choose_cohort}")


def schedule_card(
    content: Content,
    current: CohortEvaluations,
    *,
    typed: dict[str, str] | None = None,
    problems: Sequence[str] = (),
    note: str | None = None,
) -> Json:
    """The cohort's two evaluations: their dates (a form), status, questions and buttons."""
    texts = content.evaluations
    body: list[Json] = [heading(texts.cohort_title.format(name=current.cohort_name))]
    if note:
        body.append(text(note, bold=True))
    body += [attention(problem) for problem in problems]
    body.append(text(texts.cohort_intro.format(days=texts.open_days, reminder=texts.reminder_days)))
    for scheduled in current.evaluations:
        kind_texts = texts.kind(scheduled.kind)
        evaluation: EvaluationView | None = scheduled.evaluation
        value = (typed or {}).get(scheduled.kind) or (
            evaluation.opens_on.isoformat() if evaluation else ""
        )
        items: list[Json] = [
            text(kind_texts.name, bold=True),
            text(_status(texts, scheduled, current.minimum), subtle=True),
        ]
        if evaluation is None or not evaluation.dispatched:
            items.append(
                date_input(
                    date_input_id(scheduled.kind),
                    texts.date_label.format(kind=kind_texts.definite),
                    value=value,
                )
            )
        version = evaluation.questions_version if evaluation else 0
        hidden = f"evaluation_questions_{scheduled.kind}"
        buttons = [toggle(texts.show_questions.format(version=version + 1), hidden)]
        if evaluation is not None and not evaluation.respondents:
            buttons.append(
                execute(
                    texts.edit_button.format(kind=kind_texts.name),
                    EDIT_EVALUATION_QUESTIONS,
                    {"evaluation_id": evaluation.id},
                )
            )
        if evaluation is not None and evaluation.dispatched:
            buttons.append(
                execute(
                    texts.results_button.format(kind=kind_texts.name),
                    EVALUATION_RESULTS,
                    {"evaluation_id": evaluation.id},
                )
            )
        questions: list[Json] = [bullets(scheduled.questions.scale)]
        if scheduled.questions.free:
            questions += [text(texts.free_questions), bullets(scheduled.questions.free)]
        items += [action_set(*buttons), container(questions, element_id=hidden, visible=False)]
        body.append(container(items, separator=True))
    actions: list[Json] = [
        execute(
            texts.save_dates_button,
            SAVE_EVALUATION_DATES,
            {"cohort_id": current.cohort_id},
            primary=True,
        )
    ]
    return card(body, actions, fallback_text=texts.cohort_title.format(name=current.cohort_name))


def _status(texts: EvaluationTexts, scheduled: Scheduled, minimum: int) -> str:
    evaluation: EvaluationView | None = scheduled.evaluation
    if evaluation is None:
        return texts.not_scheduled
    opens = format_date_only_sv(evaluation.opens_on)
    closes = format_date_only_sv(scheduled.last_day or evaluation.opens_on)
    if not evaluation.dispatched:
        return texts.scheduled.format(date=opens, closes=closes)
    status = (
        texts.closed.format(closes=closes)
        if scheduled.closed
        else texts.dispatched.format(date=opens, closes=closes)
    )
    count = (
        texts.respondents.format(count=evaluation.respondents)
        if evaluation.respondents >= minimum
        else texts.too_few.format(minimum=minimum)
    )
    return f"{status} {count}"


def questions_card(
    content: Content,
    scheduled: Scheduled,
    *,
    scale: str | None = None,
    free: str | None = None,
    problems: Sequence[str] = (),
    note: str | None = None,
) -> Json:
    """The evaluation's questions as two lists to edit, one per line."""
    texts = content.evaluations
    evaluation = scheduled.evaluation
    assert evaluation is not None  # only a scheduled evaluation has questions to edit
    kind = texts.kind(evaluation.kind)
    body: list[Json] = [
        heading(texts.edit_title.format(kind=kind.name, cohort=evaluation.cohort_name))
    ]
    if note:
        body.append(text(note, bold=True))
    body += [attention(problem) for problem in problems]
    body += [
        text(
            texts.edit_intro.format(
                scale_max=texts.max_scale_questions, free_max=texts.max_free_questions
            )
        ),
        text_input(
            SCALE_INPUT,
            texts.scale_label,
            value=scale if scale is not None else "\n".join(scheduled.questions.scale),
            multiline=True,
            error=texts.no_scale_questions,
        ),
        text_input(
            FREE_INPUT,
            texts.free_label,
            value=free if free is not None else "\n".join(scheduled.questions.free),
            multiline=True,
        ),
    ]
    target = {"evaluation_id": evaluation.id}
    actions = [
        execute(texts.save_questions_button, SAVE_EVALUATION_QUESTIONS, target, primary=True),
        execute(texts.reset_button, SAVE_EVALUATION_QUESTIONS, {**target, "reset": True}),
        execute(texts.back_button, OPEN_EVALUATIONS, {"cohort_id": evaluation.cohort_id}),
    ]
    return card(body, actions, fallback_text=texts.edit_title.format(kind=kind.name, cohort=""))


def results_card(
    content: Content, results: Results, *, csv_url: str | None = None, minutes: int = 0
) -> Json:
    texts = content.evaluations
    evaluation: EvaluationView = results.evaluation
    kind = texts.kind(evaluation.kind)
    title = texts.results_title.format(kind=kind.name, cohort=evaluation.cohort_name)
    body: list[Json] = [heading(title), text(texts.results_intro.format(minimum=results.minimum))]
    if results.open_until is not None:
        closes = format_date_only_sv(results.open_until)
        body.append(attention(texts.results_open.format(date=closes)))
    elif not results.shown:
        body.append(attention(texts.results_too_few.format(minimum=results.minimum)))
    else:
        body.append(text(texts.respondents.format(count=evaluation.respondents), bold=True))
        for scale in results.scale:
            distribution = ", ".join(
                texts.grade_count.format(grade=grade, count=count)
                for grade, count in enumerate(scale.counts, start=1)
            )
            mean = f"{scale.mean:.1f}".replace(".", ",")
            body.append(
                container(
                    [
                        text(scale.question, bold=True),
                        text(texts.mean.format(mean=mean, distribution=distribution)),
                    ],
                    separator=True,
                )
            )
        for free in results.free:
            items: list[Json] = [text(texts.free_heading.format(question=free.question), bold=True)]
            items.append(bullets(free.texts) if free.texts else text(texts.no_free, subtle=True))
            body.append(container(items, separator=True))
    back = execute(texts.back_button, OPEN_EVALUATIONS, {"cohort_id": evaluation.cohort_id})
    actions = [back]
    if csv_url:
        body.append(text(texts.download_note.format(minutes=minutes), subtle=True))
        actions.insert(0, open_url(texts.csv_button, csv_url))
    return card(body, actions, fallback_text=title)


# --- the leader's -------------------------------------------------------------------------------


def invitation_card(
    content: Content,
    evaluation: EvaluationView,
    name: str,
    last_day: date,
    *,
    reminder: bool = False,
) -> Json:
    """Sent through the outbox (at the date, and as a reminder to those who have not
    answered); its button opens the questions as they are when clicked."""
    texts = content.evaluations
    kind = texts.kind(evaluation.kind)
    invitation = (texts.reminder if reminder else texts.invitation).format(
        name=name,
        kind=kind.definite,
        cohort=evaluation.cohort_name,
        closes=format_date_only_sv(last_day),
    )
    body = [heading(kind.name), text(invitation)]
    button = execute(
        texts.answer_button, OPEN_EVALUATION_FORM, {"evaluation_id": evaluation.id}, primary=True
    )
    return card(body, [button], fallback_text=invitation)


def form_card(content: Content, form: Form) -> Json:
    texts = content.evaluations
    evaluation: EvaluationView = form.evaluation
    kind = texts.kind(evaluation.kind)
    body: list[Json] = [heading(kind.name), text(kind.intro)]
    if form.changed:
        body.append(attention(texts.questions_changed))
    if form.missing:
        body.append(attention(texts.missing_grades.format(count=form.missing)))
    for number, length in form.too_long:
        body.append(
            attention(texts.too_long.format(line=number, length=length, max=texts.max_answer_chars))
        )
    body += [
        text(texts.form_intro.format(closes=format_date_only_sv(form.last_day)), subtle=True),
        text(texts.scale_hint, subtle=True),
    ]
    grades = [(str(grade), f"{grade} – {label}") for grade, label in enumerate(texts.scale, 1)]
    for number, question in enumerate(form.questions.scale, start=1):
        key = f"s{number}"
        body.append(
            choices(
                key,
                f"{number}. {question}",
                grades,
                value=form.typed.get(key) or None,
                error=texts.grade_required,
            )
        )
    for number, question in enumerate(form.questions.free, start=1):
        key = f"f{number}"
        body.append(
            text_input(
                key,
                question,
                value=form.typed.get(key) or None,
                placeholder=texts.free_placeholder,
                multiline=True,
            )
        )
    body.append(text(texts.anonymous_note.format(minimum=form.minimum), subtle=True))
    target = {"evaluation_id": evaluation.id, "questions_version": evaluation.questions_version}
    button = execute(texts.send_button, ANSWER_EVALUATION, target, primary=True)
    return card(body, [button], fallback_text=f"{kind.name}. {kind.intro}")


def message_card(content: Content, title: str, message: str) -> Json:
    """Thanks, or why there is nothing to answer."""
    return card([heading(title, size="Medium"), text(message)], fallback_text=message)
