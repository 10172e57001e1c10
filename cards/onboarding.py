"""The onboarding's cards: individualise, how well you know each area, your plan, your goal,
your starting point, and the summary.

Each button carries the verb ONBOARDING and the step it belongs to, so the bot can tell a click on
today's card from one on a card the leader scrolled back to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated

from pydantic import ConfigDict, Field

from cards.elements import (
    Json,
    attention,
    bullets,
    card,
    choices,
    container,
    execute,
    facts,
    heading,
    open_url,
    text,
    text_input,
)
from cards.learning_actions import MODULE_OVERVIEW
from cards.learning_texts import theme_heading
from cards.navigation import navigation
from chat.actions import MAX_INPUT_CHARS, ActionPayload
from chat.commands import RUN_COMMAND, Command
from content.curriculum import Module
from content.models import Content
from learning.onboarding_steps import Step as Step  # re-exported: the buttons carry it
from learning.plan import PersonalPlan

ONBOARDING = "onboarding"
GOAL_INPUT = "goal"
FAMILIARITY_INPUT = "familiarity"
GOAL_SAVE = "goal_save"  # "mitt mål" after the onboarding
MAX_MODULES = 100  # far more than any curriculum has: a larger module index is not ours


# A module's place in the curriculum (0 first), sent as the JSON number the card holds.
ModuleIndex = Annotated[int, Field(strict=True, ge=0, lt=MAX_MODULES)]


def area_input(area_id: str) -> str:
    """The id of a maturity area's choice on the self-assessment cards."""
    return f"area_{area_id}"


class AreaGrades(ActionPayload):
    """A card with one choice per maturity area (`area_<id>`): the ids come from the content, so
    the values stay in `model_extra` and the dialog checks them against the maturity model."""

    model_config = ConfigDict(extra="allow")

    def area_answer(self, area_id: str) -> str:
        """What was chosen for the area, as text ("" when nothing was)."""
        return str((self.model_extra or {}).get(area_input(area_id)) or "")


class OnboardingAnswer(AreaGrades):
    """ONBOARDING, the "Nästa" of each step: the step (and module) of the card clicked, and what
    its inputs hold (None or empty when left empty; Action.Submit clients skip isRequired)."""

    step: Step
    module: ModuleIndex | None = None  # the familiarity cards: the module asked about
    familiarity: str | None = None
    goal: str | None = None  # checked against the goal's limit by the dialog, shown back if long


class SaveGoal(ActionPayload):
    """GOAL_SAVE, "Spara mitt mål" after the onboarding ("mitt mål"): the goal as written."""

    goal: str | None = None


def next_action(title: str, step: Step, **data: object) -> Json:
    return execute(title, ONBOARDING, {"step": step, **data}, primary=True)


def individualise_card(content: Content, step: Step) -> Json:
    texts = content.journey.individualisation
    modules = [_name(content, module) for module in content.modules]
    return card(
        [heading(texts.title), text(texts.intro), bullets(modules), text(texts.explanation)],
        [next_action(texts.start_button, step)],
        fallback_text=f"{texts.title} {texts.intro} " + ", ".join(modules),
    )


def familiarity_card(
    content: Content, step: Step, index: int, *, answer: str | None, error: str | None = None
) -> Json:
    """ "Känner du till Område N?" for the module at `index`."""
    texts, module = content.journey.familiarity, content.modules[index]
    question = texts.question.format(number=module.number)
    last = module.number == len(content.modules)
    button = content.journey.individualisation.plan_button if last else content.messages.next_button
    body = [
        text(
            content.onboarding.module_of.format(number=module.number, count=len(content.modules)),
            subtle=True,
            size="Small",
        ),
        heading(module.title),
        text(texts.about_heading.format(number=module.number), bold=True),
        bullets(module.about),
        choices(
            FAMILIARITY_INPUT,
            question,
            ((option.id, option.label) for option in texts.options),
            value=answer,
            error=content.onboarding.required_choice,
        ),
    ]
    if error:
        body.append(attention(error))
    actions = [next_action(button, step, module=index)]
    if module.films.area:  # only where the organisation has a film for the area
        actions.insert(0, open_url(texts.film_button, module.films.area))
    return card(body, actions, fallback_text=question)


def plan_card(content: Content, plan: PersonalPlan, rule: str, *, step: Step | None) -> Json:
    """The personal plan; with a step, as part of the onboarding (with its button)."""
    texts = content.onboarding.plan
    modules = [f"{index}. {_name(content, m)}" for index, m in enumerate(plan.modules, 1)]
    exercises = [
        texts.exercise_line.format(
            title=exercise.title,
            duration=exercise.duration,
            module=theme_heading(content, exercise.theme),
        )
        for exercise in plan.exercises
    ]
    body = [
        heading(texts.title),
        text(texts.intro),
        text(texts.modules_heading, bold=True),
        text("\n".join(modules)),
        text(texts.exercises_heading, bold=True),
        bullets(exercises),
        container([text(rule, subtle=True)], style="emphasis"),
    ]
    actions = [next_action(texts.continue_button, step)] if step else []
    return card(body, actions, fallback_text=f"{texts.title}: " + ", ".join(modules))


def goal_card(
    content: Content,
    *,
    step: Step | None,
    value: str | None,
    error: str | None = None,
    note: str | None = None,
) -> Json:
    """Mitt mål; with a step as part of the onboarding, else to read and change it later."""
    texts = content.onboarding.goal
    body = [
        heading(texts.title),
        text(texts.intro),
        text_input(
            GOAL_INPUT,
            texts.label.format(limit=texts.max_length),
            value=value,
            placeholder=texts.placeholder,
            multiline=True,
            error=texts.required,
        ),
    ]
    if error:
        body.append(attention(error))
    if note:
        body.append(text(note, bold=True))
    action = (
        next_action(texts.save_button, step)
        if step
        else execute(texts.save_button, GOAL_SAVE, primary=True)
    )
    return card(body, [action], fallback_text=f"{texts.title}: {value or texts.placeholder}")


def goal_question_card(content: Content, written: str, *, question: bool) -> Json:
    """Text at the goal step that looks like a question (or is a word or two): save it as the
    goal, or not. The text rides on the yes button, so nothing the leader wrote is lost."""
    texts = content.onboarding.goal
    kept = written[:MAX_INPUT_CHARS]
    asked = texts.question if question else texts.short
    return card(
        [text(asked), text(content.messages.quoted.format(text=kept), subtle=True)],
        [
            next_action(texts.question_yes, Step.GOAL, goal=kept),
            execute(texts.question_no, RUN_COMMAND, {"command": Command.CONTINUE.value}),
        ],
        fallback_text=asked,
    )


def starting_point_card(
    content: Content, step: Step, grades: Mapping[str, int], *, error: str | None = None
) -> Json:
    """The maturity self-assessment: one choice per area, each level with its own text."""
    texts, model = content.onboarding.starting_point, content.maturity
    doing = {grade.number: grade.doing for grade in model.grades}
    body = [heading(texts.title), text(texts.intro), text(model.grades_note, subtle=True)]
    for area in model.areas:
        options = (
            (str(number), texts.level_label.format(grade=number, doing=doing[number], text=line))
            for number, line in sorted(area.levels.items())
        )
        body.append(
            container(
                [
                    choices(
                        area_input(area.id),
                        model.question.format(area=area.title),
                        options,
                        value=str(grades[area.id]) if area.id in grades else None,
                        error=texts.required,
                    ),
                ],
                separator=True,
            )
        )
    if error:
        body.append(attention(error))
    return card(
        body,
        [next_action(texts.save_button, step)],
        fallback_text=f"{texts.title}: {texts.intro}",
    )


def summary_card(
    content: Content,
    plan: PersonalPlan,
    goal: str | None,
    times: Sequence[str],
    grades: Mapping[str, int],
    *,
    note: str | None = None,
) -> Json:
    """Everything the onboarding gathered; `note` says whether the times reached the calendar."""
    texts = content.onboarding.summary
    model = content.maturity
    doing = {grade.number: grade.doing for grade in model.grades}
    starting_point = [
        (area.title, f"{grades[area.id]} – {doing[grades[area.id]]}")
        for area in model.areas
        if area.id in grades
    ]
    body = [
        heading(texts.title),
        text(texts.plan_heading, bold=True),
        text("\n".join(f"{i}. {_name(content, m)}" for i, m in enumerate(plan.modules, 1))),
        text(texts.goal_heading, bold=True),
        text(goal or content.onboarding.goal.missing),
        text(texts.schedule_heading, bold=True),
        bullets(times) if times else text(content.onboarding.schedule.empty),
        *([text(note, subtle=True)] if note else []),
        text(texts.starting_point_heading, bold=True),
        facts(starting_point),
        container([text(texts.next_heading, bold=True), text(texts.next)], style="emphasis"),
    ]
    # The first module as the next step, then the leader's navigation, as on the home card.
    first = plan.modules[0]
    start = texts.start_button.format(number=first.number)
    actions = [execute(start, MODULE_OVERVIEW, {"module": first.id}, primary=True)]
    return card(body, actions + navigation(content), fallback_text=f"{texts.title}. {texts.next}")


def _name(content: Content, module: Module) -> str:
    return content.onboarding.module_name.format(number=module.number, title=module.title)
