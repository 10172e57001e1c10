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
    choices,
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
from storage.cohorts import CohortSummary, TeamChoice

START_COHORT = "start_cohort"
NAME_INPUT, DATE_INPUT, LEADERS_INPUT = "cohort_name", "cohort_start", "cohort_leaders"
TEAMS_INPUT = "cohort_teams"
TRACK_INPUT = "cohort_track"

MAX_PASTED = 40_000  # 500 addresses of 80 characters; more is no list of leaders


class StartCohort(ActionPayload):
    """START_COHORT: the card's inputs as typed (checked by the service, not here, so that a
    wrong one comes back with the rest kept)."""

    cohort_name: Annotated[str, StringConstraints(max_length=2000)] = ""
    cohort_start: Annotated[str, StringConstraints(max_length=40)] = ""
    cohort_leaders: Annotated[str, StringConstraints(max_length=MAX_PASTED)] = ""
    cohort_teams: Annotated[str, StringConstraints(max_length=2000)] = ""  # "3,7"
    cohort_track: Annotated[str, StringConstraints(max_length=200)] = ""

    def request(self) -> CohortRequest:
        return CohortRequest(
            self.cohort_name,
            self.cohort_start,
            self.cohort_leaders,
            teams=self.cohort_teams,
            track=self.cohort_track,
        )


def cohort_card(
    content: Content,
    existing: Sequence[CohortSummary] = (),
    *,
    teams: Sequence[TeamChoice] = (),
    rejected: Rejected | None = None,
) -> Json:
    """The form, under the cohorts started so far; after a rejection, what was wrong above it
    and everything typed kept. `teams`: the municipality's teams with the app, whose members
    can be taken as leaders (check boxes; then pasting is no longer required)."""
    texts = content.coordination.cohorts
    typed = rejected.request if rejected else CohortRequest("", "", "")
    teams = rejected.teams if rejected else teams
    body: list[Json] = [heading(texts.title)]
    if rejected:
        body += [attention(_problem(content, texts, rejected, p)) for p in rejected.problems]
        if rejected.invalid:
            body.append(bullets(rejected.invalid))
    if existing:
        body += [
            text(texts.existing_heading, bold=True),
            bullets(_existing_line(content, c) for c in existing),
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
            error=None if teams else texts.leaders_required,
        ),
    ]
    if teams:
        offered = {str(t.group_id) for t in teams}
        body.append(
            choices(
                TEAMS_INPUT,
                texts.teams_label,
                (
                    (str(t.group_id), texts.team_option.format(name=t.name, count=t.members))
                    for t in teams
                ),
                value=[v for v in typed.teams.split(",") if v.strip() in offered],
                multiple=True,
            )
        )
    body += _track_choice(content, typed.track)
    actions = [execute(texts.start_button, START_COHORT, primary=True)]
    if existing:  # the cohort's evaluations and "fira" from here too
        actions.append(command_button(content.evaluations.cohort_card_button, Command.EVALUATION))
        actions.append(command_button(texts.celebrate_button, Command.CELEBRATE))
    return card(body, actions, fallback_text=f"{texts.title}. {texts.intro}")


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
            text(texts.installing if started.installing else texts.how_to_add),
        ]
    else:
        body.append(text(texts.all_reachable))
    if started.without_address:
        body.append(attention(texts.without_address.format(count=started.without_address)))
    if started.track is not None:
        track = content.track(started.track)
        name = track.name if track is not None else started.track
        body.append(text(content.coordination.cohort_tracks.started.format(track=name)))
    return card(body, fallback_text=texts.started.format(name=started.name, date=day))


def installs_card(content: Content, name: str, results: Sequence[tuple[str, str]]) -> Json:
    """What became of installing the app for each unreachable leader of the cohort `name`."""
    texts = content.coordination.cohorts
    states = {
        "installed": texts.install_installed,
        "already": texts.install_already,
        "forbidden": texts.install_forbidden,
        "not_found": texts.install_not_found,
        "failed": texts.install_failed,
    }
    lines = [texts.installs_line.format(email=e, state=states.get(s, s)) for e, s in results]
    body: list[Json] = [heading(texts.installs_title.format(name=name), size="Medium")]
    body.append(bullets(lines))
    missing = [s for _, s in results if s not in ("installed", "already")]
    if not missing:
        body.append(text(texts.installs_all_done))
    else:
        if "forbidden" in missing:
            body.append(text(texts.installs_forbidden_help))
        body.append(text(texts.how_to_add))
    return card(body, fallback_text=f"{texts.installs_title.format(name=name)}: {'; '.join(lines)}")


def _existing_line(content: Content, cohort: CohortSummary) -> str:
    texts = content.coordination.cohorts
    line = texts.existing_line.format(
        name=cohort.name, date=format_date_only_sv(cohort.starts_on), count=cohort.members
    )
    if cohort.bound_later:
        line += ", " + texts.existing_bound.format(count=cohort.bound_later)
    if cohort.track is None:
        return line
    track = content.track(cohort.track)
    name = track.name if track is not None else cohort.track
    return content.coordination.cohort_tracks.existing_line.format(line=line, track=name)


def _track_choice(content: Content, typed: str) -> list[Json]:
    """The audience tracks to pick from (none to pick when the content has only one); the
    default track chosen unless the coordinator chose another."""
    if len(content.tracks) < 2:
        return []
    texts = content.coordination.cohort_tracks
    known = content.track(typed.strip())
    chosen = known.id if known is not None else content.default_track.id
    options = [
        (t.id, texts.option.format(name=t.name, description=t.description)) for t in content.tracks
    ]
    return [choices(TRACK_INPUT, texts.label, options, value=chosen)]


def _problem(content: Content, texts: CohortTexts, rejected: Rejected, problem: Problem) -> str:
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
        case Problem.UNKNOWN_TEAM:
            return texts.unknown_team
        case Problem.UNKNOWN_TRACK:
            return content.coordination.cohort_tracks.unknown
