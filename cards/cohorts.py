"""The coordinator's cohort card ("omgång"): start one, and what became of its leaders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from pydantic import StringConstraints

from cards.elements import (
    Json,
    attention,
    bullets,
    card,
    date_input,
    execute,
    heading,
    text,
    text_input,
)
from cards.navigation import command_button
from chat.actions import ActionPayload
from chat.commands import Command
from content.coordination import CohortTexts
from content.dates import format_date_only_sv
from content.models import Content
from services.cohorts import CohortRequest, Problem, Rejected, Started
from storage.cohorts import CohortSummary

START_COHORT = "start_cohort"
NAME_INPUT, DATE_INPUT, LEADERS_INPUT = "cohort_name", "cohort_start", "cohort_leaders"

MAX_PASTED = 40_000  # 500 addresses of 80 characters; more is no list of leaders


class StartCohort(ActionPayload):
    """START_COHORT: the card's inputs as typed (checked by the service, not here, so that a
    wrong one comes back with the rest kept)."""

    cohort_name: Annotated[str, StringConstraints(max_length=2000)] = ""
    cohort_start: Annotated[str, StringConstraints(max_length=40)] = ""
    cohort_leaders: Annotated[str, StringConstraints(max_length=MAX_PASTED)] = ""

    def request(self) -> CohortRequest:
        return CohortRequest(self.cohort_name, self.cohort_start, self.cohort_leaders)


def cohort_card(
    content: Content,
    existing: Sequence[CohortSummary] = (),
    *,
    rejected: Rejected | None = None,
) -> Json:
    """The form, under the cohorts started so far; after a rejection, what was wrong above it
    and everything typed kept."""
    texts = content.coordination.cohorts
    typed = rejected.request if rejected else CohortRequest("", "", "")
    body: list[Json] = [heading(texts.title)]
    if rejected:
        body += [attention(_problem(texts, rejected, p)) for p in rejected.problems]
        if rejected.invalid:
            body.append(bullets(rejected.invalid))
    if existing:
        body += [
            text(texts.existing_heading, bold=True),
            bullets(
                texts.existing_line.format(
                    name=c.name, date=format_date_only_sv(c.starts_on), count=c.members
                )
                for c in existing
            ),
        ]
    body += [
        text(texts.intro),
        text_input(
            NAME_INPUT,
            texts.name_label,
            value=typed.name,
            placeholder=texts.name_placeholder,
            error=texts.name_required,
        ),
        date_input(DATE_INPUT, texts.date_label, value=typed.starts_on, error=texts.date_required),
        text_input(
            LEADERS_INPUT,
            texts.leaders_label,
            value=typed.leaders,
            placeholder=texts.leaders_placeholder,
            multiline=True,
            error=texts.leaders_required,
        ),
    ]
    return card(
        body,
        [
            execute(texts.start_button, START_COHORT, primary=True),
            *(
                [command_button(content.evaluations.cohort_card_button, Command.EVALUATION)]
                if existing
                else []
            ),
        ],
        fallback_text=f"{texts.title}. {texts.intro}",
    )


def started_card(content: Content, started: Started) -> Json:
    texts = content.coordination.cohorts
    day = format_date_only_sv(started.starts_on)
    body: list[Json] = [
        heading(texts.title),
        text(texts.started.format(name=started.name, date=day), bold=True),
    ]
    if started.scheduled:
        body.append(text(texts.scheduled.format(count=len(started.scheduled))))
    if started.already:
        body.append(text(texts.already.format(count=len(started.already))))
    if started.unreachable:
        body += [
            text(texts.unreachable_heading.format(count=len(started.unreachable)), bold=True),
            bullets(started.unreachable),
            text(texts.how_to_add),
        ]
    else:
        body.append(text(texts.all_reachable))
    return card(body, fallback_text=texts.started.format(name=started.name, date=day))


def _problem(texts: CohortTexts, rejected: Rejected, problem: Problem) -> str:
    match problem:
        case Problem.NO_NAME:
            return texts.no_name
        case Problem.NAME_TOO_LONG:
            length = len(" ".join(rejected.request.name.split()))
            return texts.name_too_long.format(length=length, max=texts.max_name_chars)
        case Problem.BAD_DATE:
            return texts.bad_date
        case Problem.PAST_DATE:
            return texts.past_date
        case Problem.NO_LEADERS:
            return texts.no_leaders
        case Problem.TOO_MANY:
            return texts.too_many.format(count=rejected.leaders, max=texts.max_leaders)
        case Problem.INVALID_EMAILS:
            return texts.invalid_emails
