"""The evaluations' questions and texts (evaluations.yaml): a mid-term and a final evaluation
per cohort. The questions here are the default; a coordinator may replace them per evaluation."""

from typing import Annotated

from pydantic import Field, PositiveInt, model_validator

from content.schema import ContentModel
from content.text import Template, Text, uses


class QuestionSet(ContentModel):
    """Statements answered on a scale of 1-5, then questions answered in free text."""

    scale: tuple[Text, ...] = Field(min_length=1)
    free: tuple[Text, ...] = ()


class KindTexts(ContentModel):
    """What one kind of evaluation is called, and its questions."""

    name: Text  # "Halvtidsutvärdering"
    definite: Text  # "halvtidsutvärderingen", inside a sentence
    intro: Text  # on the leader's card
    questions: QuestionSet


class EvaluationTexts(ContentModel):
    open_days: PositiveInt  # answers are taken this many days after the date
    reminder_days: PositiveInt  # then those who have not answered are reminded, once
    max_scale_questions: PositiveInt
    max_free_questions: int = Field(ge=0)
    max_question_chars: PositiveInt
    max_answer_chars: PositiveInt
    scale: tuple[Text, ...] = Field(min_length=5, max_length=5)  # 1..5, as the card shows them
    midterm: KindTexts
    final: KindTexts
    # the coordinator's cards
    title: Text
    cohort_card_button: Text  # on the cohort card ("omgång")
    choose_cohort: Text
    no_cohorts: Text
    cohort_button: Annotated[Template, uses("name")]
    cohort_title: Annotated[Template, uses("name")]
    cohort_intro: Annotated[Template, uses("days", "reminder")]
    date_label: Annotated[Template, uses("kind")]
    not_scheduled: Text
    scheduled: Annotated[Template, uses("date", "closes")]
    dispatched: Annotated[Template, uses("date", "closes")]
    closed: Annotated[Template, uses("closes")]
    respondents: Annotated[Template, uses("count")]
    too_few: Annotated[Template, uses("minimum")]
    save_dates_button: Text
    saved: Text
    bad_date: Annotated[Template, uses("kind")]
    past_date: Annotated[Template, uses("kind")]
    final_before_midterm: Text
    already_sent: Annotated[Template, uses("kind")]
    show_questions: Annotated[Template, uses("version")]
    free_questions: Text
    from_file: Text
    edit_button: Annotated[Template, uses("kind")]
    results_button: Annotated[Template, uses("kind")]
    back_button: Text
    edit_title: Annotated[Template, uses("kind", "cohort")]
    edit_intro: Annotated[Template, uses("scale_max", "free_max")]
    scale_label: Text
    free_label: Text
    save_questions_button: Text
    reset_button: Text
    questions_saved: Annotated[Template, uses("version")]
    questions_reset: Text
    locked: Text
    no_scale_questions: Text
    too_many_scale: Annotated[Template, uses("count", "max")]
    too_many_free: Annotated[Template, uses("count", "max")]
    question_too_long: Annotated[Template, uses("line", "max")]
    results_title: Annotated[Template, uses("kind", "cohort")]
    results_intro: Annotated[Template, uses("minimum")]
    results_too_few: Annotated[Template, uses("minimum")]
    results_open: Annotated[Template, uses("date")]
    csv_open: Annotated[Template, uses("date")]
    results_none: Text
    mean: Annotated[Template, uses("mean", "distribution")]
    grade_count: Annotated[Template, uses("grade", "count")]
    free_heading: Annotated[Template, uses("question")]
    no_free: Text
    csv_button: Text
    download_note: Annotated[Template, uses("minutes")]
    csv_cohort: Text
    csv_evaluation: Text
    csv_question: Text
    csv_measure: Text
    csv_value: Text
    csv_respondents: Text
    csv_grade: Annotated[Template, uses("grade")]
    csv_mean: Text
    csv_free: Text
    # the leader's cards
    invitation: Annotated[Template, uses("name", "kind", "cohort", "closes")]
    reminder: Annotated[Template, uses("name", "kind", "cohort", "closes")]
    answer_button: Text
    form_intro: Annotated[Template, uses("closes")]
    anonymous_note: Annotated[Template, uses("minimum")]
    scale_hint: Text
    grade_required: Text
    free_placeholder: Text
    send_button: Text
    missing_grades: Annotated[Template, uses("count")]
    questions_changed: Text
    too_long: Annotated[Template, uses("line", "length", "max")]
    thanks: Text
    already_answered: Text
    not_open_yet: Annotated[Template, uses("date")]
    closed_for_leader: Text
    not_yours: Text
    none_open: Text

    @model_validator(mode="after")
    def _defaults_fit(self) -> "EvaluationTexts":
        if self.reminder_days >= self.open_days:
            raise ValueError("reminder_days must be fewer than open_days")
        for kind in (self.midterm, self.final):
            questions = kind.questions
            if len(questions.scale) > self.max_scale_questions:
                raise ValueError(f"at most {self.max_scale_questions} scale questions")
            if len(questions.free) > self.max_free_questions:
                raise ValueError(f"at most {self.max_free_questions} free-text questions")
            for question in (*questions.scale, *questions.free):
                if len(question) > self.max_question_chars:
                    raise ValueError(f"a question over {self.max_question_chars} characters")
        return self

    def kind(self, kind: str) -> KindTexts:
        return self.final if kind == "final" else self.midterm
