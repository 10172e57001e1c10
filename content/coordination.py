"""Texts of the coordinator's side: roles and the follow-up (coordination.yaml)."""

from typing import Annotated

from pydantic import PositiveInt

from content.schema import ContentModel
from content.text import Template, Text, uses

# --- coordination.yaml --------------------------------------------------------------------


class RoleWords(ContentModel):
    """What each role is called; the first two are also the words of the text commands."""

    coordinator: Text
    coach: Text
    leader: Text


class RoleTexts(ContentModel):
    """ "samordnare": who coordinates and coaches, naming and removing them."""

    names: RoleWords
    add_word: Text  # "samordnare lägg till anna@kommun.se"
    remove_word: Text  # "samordnare ta bort anna@kommun.se"
    only_coordinators: Text
    title: Text
    intro: Text
    holder_line: Annotated[Template, uses("email", "role")]
    not_met_yet: Text
    none_yet: Text
    email_label: Text
    email_placeholder: Text
    email_required: Text
    role_label: Text
    add_button: Text
    remove_button: Annotated[Template, uses("email")]
    named: Annotated[Template, uses("email", "role")]
    already: Annotated[Template, uses("email", "role")]
    removed: Annotated[Template, uses("email", "role")]
    not_found: Annotated[Template, uses("email")]
    invalid_email: Annotated[Template, uses("email")]
    last_coordinator: Text
    usage: Text


class FollowUpTexts(ContentModel):
    """ "uppföljning": counts per municipality and group, never names, never texts."""

    title: Text
    intro: Annotated[Template, uses("minimum")]
    municipality: Text
    group: Annotated[Template, uses("name")]
    no_groups: Text
    people: Text
    onboarded: Text
    goals_set: Text
    exercises_done: Text
    reflections_written: Text
    meetings_held: Text
    modules_completed: Text
    journeys_completed: Text
    too_few: Annotated[Template, uses("minimum")]
    maturity_heading: Annotated[Template, uses("checkpoint")]
    maturity_area: Annotated[Template, uses("area", "distribution")]
    maturity_grade: Annotated[Template, uses("grade", "count")]
    maturity_too_few: Annotated[Template, uses("minimum")]
    no_maturity: Text
    csv_button: Text
    download_note: Annotated[Template, uses("minutes")]
    csv_scope: Text
    csv_measure: Text
    csv_value: Text
    csv_maturity: Annotated[Template, uses("checkpoint", "area", "grade")]
    cohort: Annotated[Template, uses("name")]
    scope_label: Text
    scope_button: Text
    cohort_groups: Text
    no_cohort_groups: Text
    xlsx_button: Text
    chart_button: Text
    chart_alt: Annotated[Template, uses("scope")]
    chart_counts: Text
    chart_maturity: Annotated[Template, uses("area")]
    chart_hidden: Annotated[Template, uses("minimum")]
    sheet_municipality: Text
    sheet_maturity: Text
    sheet_checkpoint: Text
    sheet_area: Text
    sheet_grade: Annotated[Template, uses("grade")]
    sheet_respondents: Text
    sheet_note: Annotated[Template, uses("minimum")]


class FeedbackTexts(ContentModel):
    """ "återkoppling": a leader's improvement suggestion to the programme team."""

    max_chars: PositiveInt
    title: Text
    intro: Text
    label: Text
    placeholder: Text
    required: Text
    anonymous_label: Text
    send_button: Text
    thanks: Text
    thanks_anonymous: Text
    too_long: Annotated[Template, uses("length", "max")]
    latest_heading: Text
    none_yet: Text
    anonymous: Text
    item: Annotated[Template, uses("date", "sender", "text")]


class SettingsTexts(ContentModel):
    """ "inställningar": the organisation's name, "why" text and Stöttepelare, from Teams."""

    name_max: PositiveInt
    why_max: PositiveInt
    supporters_max: PositiveInt
    title: Text
    intro: Text
    in_force: Annotated[Template, uses("version", "date")]
    from_file: Text
    name_label: Text
    why_label: Text
    why_hint: Text
    supporters_label: Text
    supporters_hint: Text
    supporters_placeholder: Text
    preview_button: Text
    earlier_heading: Text
    earlier_line: Annotated[Template, uses("version", "date")]
    restore_button: Annotated[Template, uses("version")]
    preview_title: Annotated[Template, uses("version")]
    preview_intro: Text
    preview_supporters: Text
    no_supporters: Text
    publish_button: Text
    edit_button: Text
    published: Annotated[Template, uses("version")]
    restored: Annotated[Template, uses("old", "version")]
    gone: Text
    name_missing: Text
    name_too_long: Annotated[Template, uses("max")]
    why_missing: Text
    why_too_long: Annotated[Template, uses("length", "max")]
    supporter_line: Annotated[Template, uses("line")]
    too_many_supporters: Annotated[Template, uses("max")]
    braces: Text


class CohortTexts(ContentModel):
    """ "omgång": a coordinator starts a cohort of leaders on a date."""

    max_name_chars: PositiveInt
    max_leaders: PositiveInt
    title: Text
    intro: Text
    name_label: Text
    name_placeholder: Text
    name_required: Text
    date_label: Text
    date_required: Text
    leaders_label: Text
    leaders_placeholder: Text
    leaders_required: Text
    start_button: Text
    no_name: Text
    name_too_long: Annotated[Template, uses("length", "max")]
    bad_date: Text
    past_date: Text
    no_leaders: Text
    too_many: Annotated[Template, uses("count", "max")]
    invalid_emails: Text
    started: Annotated[Template, uses("name", "date")]
    scheduled: Annotated[Template, uses("count")]
    already: Annotated[Template, uses("count")]
    unreachable_heading: Annotated[Template, uses("count")]
    how_to_add: Text
    all_reachable: Text
    existing_heading: Text
    existing_line: Annotated[Template, uses("name", "date", "count")]


class CoordinationTexts(ContentModel):
    roles: RoleTexts
    settings: SettingsTexts
    cohorts: CohortTexts
    follow_up: FollowUpTexts
    feedback: FeedbackTexts
