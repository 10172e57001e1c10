"""The workbook in chat (Arbetsboken) and the maturity checkpoint card.

The workbook card shows the same document as the export (workbook.export.WorkbookDocument):
Mitt mål; per module, behind a toggle with its name, Metoder och verktyg and the reflections
(one module open at a time); maturity over time with its chart (an image Teams fetches through
a signed link; the figures folded); suggested exercises; and the download links. Links live a
quarter of an hour, so the card refreshes itself (Action.Execute refresh) when its owner opens
it again, and has a "Nya länkar" button.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cards.elements import (
    Json,
    action_set,
    attention,
    bullets,
    card,
    choices,
    container,
    execute,
    facts,
    heading,
    image,
    open_url,
    text,
    toggle,
)
from cards.learning_actions import LIBRARY, THEME_INPUT
from cards.onboarding import AreaGrades, area_input
from chat.actions import ActionPayload
from content.maturity import Checkpoint
from content.models import Content
from workbook.export import ReflectionText, WorkbookDocument
from workbook.maturity import Suggestion

WORKBOOK_REFRESH = "workbook_refresh"
CHECKPOINT_OPEN = "maturity_checkpoint_open"
CHECKPOINT_SAVE = "maturity_checkpoint"
CHECKPOINT_INPUT = "checkpoint"
MATURITY_GRADES = "workbook_maturity_grades"


class RefreshWorkbook(ActionPayload):
    """WORKBOOK_REFRESH, "Nya länkar" and the card's own refresh: nothing but the verb."""


class OpenCheckpoint(ActionPayload):
    """CHECKPOINT_OPEN, "Skatta din innovationsmognad: ...": the checkpoint's id (an unknown one
    gets the workbook with a note)."""

    checkpoint: str


class SaveCheckpoint(AreaGrades):
    """CHECKPOINT_SAVE, "Spara min skattning": the checkpoint's id and a choice per area
    (`area_<id>`, in `model_extra`)."""

    checkpoint: str


@dataclass(frozen=True, slots=True)
class WorkbookLinks:
    pdf: str
    markdown: str
    chart: str | None  # None: nothing assessed yet
    diploma: str | None  # None: the journey is not completed
    minutes: int


def workbook_card(
    content: Content,
    document: WorkbookDocument,
    links: WorkbookLinks,
    *,
    next_checkpoint: Checkpoint | None,
    owner_teams_id: str | None,
    note: str | None = None,
) -> Json:
    labels, texts = content.journey.workbook, content.workbook
    body: list[Json] = [heading(document.title)]
    if note:
        body.append(text(note, bold=True))
    body += [text(labels.my_goal, bold=True), text(document.goal or texts.no_goal)]
    body.append(_modules(content, document))
    if document.other_team_reflections:
        body.append(
            container(
                _reflections(
                    texts.other_team_reflections, document.other_team_reflections, content
                ),
                separator=True,
            )
        )
    body.append(_maturity(content, document, links.chart, next_checkpoint))
    if document.suggestion:
        body.append(_suggestion(content, document.suggestion))
    downloads = [
        open_url(texts.pdf_button, links.pdf),
        open_url(texts.markdown_button, links.markdown),
    ]
    if links.diploma:
        downloads.append(open_url(texts.diploma_button, links.diploma))
    downloads.append(execute(texts.refresh_button, WORKBOOK_REFRESH))
    # Buttons in the body sit side by side where they fit; the card's own actions stack.
    body.append(
        container(
            [
                text(texts.download_heading, bold=True),
                text(texts.download_note.format(minutes=links.minutes), subtle=True),
                action_set(*downloads),
            ],
            separator=True,
        )
    )
    refresh = None
    if owner_teams_id:
        refresh = {
            "action": {
                "type": "Action.Execute",
                "verb": WORKBOOK_REFRESH,
                "title": texts.refresh_button,
            },
            "userIds": [owner_teams_id],
        }
    return card(
        body,
        fallback_text=f"{document.title}. {labels.my_goal}: {document.goal or texts.no_goal}",
        refresh=refresh,
    )


def _modules(content: Content, document: WorkbookDocument) -> Json:
    """One module open (the latest with reflections, else the first); the others folded behind
    their names, so the card stays short however much the leader has written."""
    labels, texts = content.journey.workbook, content.workbook
    written = [
        i for i, s in enumerate(document.modules) if s.exercise_reflections or s.team_reflections
    ]
    open_index = written[-1] if written else 0
    items: list[Json] = []
    for index, section in enumerate(document.modules):
        module_id = f"workbook_module_{index + 1}"
        count = len(section.exercise_reflections) + len(section.team_reflections)
        methods_id = f"workbook_methods_{index + 1}"
        details = [
            text(texts.reflections_count.format(count=count), subtle=True, size="Small"),
            # The module's own text is the same for everyone: the leader's writing comes first.
            action_set(toggle(labels.methods_and_tools, methods_id)),
            container([text(section.methods_and_tools)], element_id=methods_id, visible=False),
            *_reflections(labels.exercise_reflections, section.exercise_reflections, content),
            *_reflections(labels.team_reflection, section.team_reflections, content),
        ]
        items += [
            action_set(toggle(section.heading, module_id)),
            container(details, style="emphasis", element_id=module_id, visible=index == open_index),
        ]
    return container(items, separator=True)


def _reflections(
    heading_text: str, items: Sequence[ReflectionText], content: Content
) -> list[Json]:
    texts = content.workbook
    blocks = [text(heading_text, bold=True)]
    if not items:
        return [*blocks, text(texts.no_reflections, subtle=True)]
    for item in items:
        about = ", ".join(part for part in (item.title, item.written) if part)
        if item.shared:
            about = f"{about} {texts.shared_marker}"
        blocks += [text(about, subtle=True, size="Small"), text(item.text, spacing="None")]
    return blocks


def _maturity(
    content: Content,
    document: WorkbookDocument,
    chart_url: str | None,
    next_checkpoint: Checkpoint | None,
) -> Json:
    texts = content.workbook
    items: list[Json] = [heading(texts.maturity_heading, size="Medium")]
    if not document.maturity:
        items.append(text(texts.maturity_missing))
    if chart_url:
        items.append(image(chart_url, texts.chart_alt))
    grades: list[Json] = []
    for view in document.maturity:
        grades += [
            text(view.label, bold=True),
            facts((area, f"{grade} – {doing}") for area, grade, doing in view.lines),
        ]
    if grades and chart_url:  # the chart says it at a glance; the figures unfold
        items += [
            action_set(toggle(texts.show_grades_button, MATURITY_GRADES)),
            container(grades, element_id=MATURITY_GRADES, visible=False),
        ]
    else:
        items += grades
    if next_checkpoint is not None:
        items += [
            text(
                texts.checkpoint_when.format(
                    label=next_checkpoint.label, description=next_checkpoint.description
                ),
                subtle=True,
            ),
            action_set(
                execute(
                    texts.checkpoint_button.format(checkpoint=next_checkpoint.label),
                    CHECKPOINT_OPEN,
                    {CHECKPOINT_INPUT: next_checkpoint.id},
                )
            ),
        ]
    return container(items, separator=True)


def _suggestion(content: Content, found: Suggestion) -> Json:
    texts = content.workbook
    return container(
        [
            heading(texts.suggestions_heading, size="Medium"),
            text(texts.suggestions_intro),
            text(texts.suggestions_area.format(area=found.area.title), bold=True),
            bullets(
                texts.suggestion_line.format(number=e.number, title=e.title, duration=e.duration)
                for e in found.exercises
            ),
            action_set(execute(texts.suggestions_button, LIBRARY, {THEME_INPUT: found.theme.id})),
        ],
        separator=True,
    )


def checkpoint_card(
    content: Content,
    checkpoint: Checkpoint,
    previous: tuple[str, Mapping[str, int]] | None,
    grades: Mapping[str, int],
    *,
    error: str | None = None,
) -> Json:
    """The self-assessment at a checkpoint (halfway, end); `previous` is (label, grades)."""
    texts, model = content.workbook, content.maturity
    doing = {grade.number: grade.doing for grade in model.grades}
    level_label = content.onboarding.starting_point.level_label
    title = texts.checkpoint_title.format(checkpoint=checkpoint.label)
    body = [
        heading(title),
        text(texts.checkpoint_intro),
        text(model.grades_note, subtle=True),
    ]
    for area in model.areas:
        items = [
            choices(
                area_input(area.id),
                model.question.format(area=area.title),
                (
                    (str(n), level_label.format(grade=n, doing=doing[n], text=line))
                    for n, line in sorted(area.levels.items())
                ),
                value=str(grades[area.id]) if area.id in grades else None,
                error=content.onboarding.starting_point.required,
            )
        ]
        if previous and area.id in previous[1]:
            grade = previous[1][area.id]
            items.append(
                text(
                    texts.checkpoint_previous.format(
                        checkpoint=previous[0], grade=grade, doing=doing.get(grade, "")
                    ),
                    subtle=True,
                    size="Small",
                )
            )
        body.append(container(items, separator=True))
    if error:
        body.append(attention(error))
    return card(
        body,
        [
            execute(
                texts.checkpoint_save_button,
                CHECKPOINT_SAVE,
                {CHECKPOINT_INPUT: checkpoint.id},
                primary=True,
            )
        ],
        fallback_text=f"{title}. {texts.checkpoint_intro}",
    )
