"""Texts of the coordinator's side: roles and the follow-up (coordination.yaml)."""

from typing import Annotated

from pydantic import Field, PositiveInt, model_validator

from content.schema import ContentModel
from content.text import ClockTime, Template, Text, uses

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
    # --- the sections (h1-settings): one card each, reached from the overview's buttons
    hours_earliest: ClockTime  # the working day's sane bounds
    hours_latest: ClockTime
    sections_heading: Text
    section_general: Text
    section_times: Text
    section_films: Text
    section_examples: Text
    section_supporters: Text
    section_title: Annotated[Template, uses("section")]
    back_button: Text
    change_more: Text
    time_zone_label: Text
    time_zone_hint: Text
    start_label: Text
    end_label: Text
    days_label: Text
    weekdays: tuple[Text, ...] = Field(min_length=7, max_length=7)  # Monday first
    times_hint: Text
    times_line: Annotated[Template, uses("days", "start", "end", "zone")]
    films_intro: Text
    film_module: Annotated[Template, uses("number", "title")]
    film_area_label: Text
    film_intro_label: Text
    film_line: Annotated[Template, uses("number", "kind", "url")]
    no_films: Text
    examples_intro: Text
    examples_now_heading: Text
    exercise_line: Annotated[Template, uses("number", "title", "count")]
    no_examples: Text
    exercise_label: Text
    choose_exercise_button: Text
    examples_label: Annotated[Template, uses("number", "title")]
    examples_hint: Annotated[Template, uses("max", "chars")]
    example_line: Annotated[Template, uses("number", "example")]
    time_zone_unknown: Text
    clock: Text
    hours_order: Text
    hours_range: Annotated[Template, uses("earliest", "latest")]
    no_weekday: Text
    film_url: Annotated[Template, uses("number")]
    exercise_unknown: Text
    too_many_examples: Annotated[Template, uses("max")]
    example_too_long: Annotated[Template, uses("line", "length", "max")]

    @model_validator(mode="after")
    def _sane_bounds(self) -> "SettingsTexts":
        if self.hours_earliest >= self.hours_latest:
            raise ValueError("hours_earliest must be before hours_latest")
        return self


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
    existing_bound: Annotated[Template, uses("count")]  # tied by their address after the start
    celebrate_button: Text
    # leaders from a Teams team, and installing the app through Graph
    teams_label: Text
    team_option: Annotated[Template, uses("name", "count")]
    unknown_team: Text
    without_address: Annotated[Template, uses("count")]
    installing: Text
    installs_title: Annotated[Template, uses("name")]
    installs_line: Annotated[Template, uses("email", "state")]
    install_installed: Text
    install_already: Text
    install_forbidden: Text
    install_not_found: Text
    install_failed: Text
    installs_all_done: Text
    installs_forbidden_help: Text
    arrival_note: Annotated[Template, uses("name", "date")]


class CohortTrackTexts(ContentModel):
    """The audience track a coordinator picks for a cohort on the cohort card (content.tracks)."""

    label: Text
    option: Annotated[Template, uses("name", "description")]
    unknown: Text
    existing_line: Annotated[Template, uses("line", "track")]
    started: Annotated[Template, uses("track")]


class FeedbackAnswerTexts(ContentModel):
    """The weekly digest of suggestions to coordinators, and their answers to the senders."""

    max_chars: PositiveInt
    digest_title: Annotated[Template, uses("count")]
    digest_intro: Text
    latest_title: Text
    answered: Text
    answer_button: Text
    form_title: Text
    form_label: Text
    form_placeholder: Text
    form_required: Text
    form_anonymous: Text
    send_button: Text
    back_button: Text
    too_long: Annotated[Template, uses("length", "max")]
    sent: Text
    already: Text
    unreachable: Text
    gone: Text
    leader_title: Text
    leader_yours: Annotated[Template, uses("text")]
    leader_answer: Text


class CelebrationTexts(ContentModel):
    """ "fira": a celebration to a cohort with its achievements, and its diplomas."""

    max_greeting_chars: PositiveInt
    title: Text
    intro: Text
    no_cohorts: Text
    cohort_label: Text
    cohort_required: Text
    greeting_label: Text
    greeting_placeholder: Text
    preview_button: Text
    diplomas_button: Text
    preview_title: Annotated[Template, uses("name")]
    preview_intro: Annotated[Template, uses("count")]
    none_reachable: Text
    send_button: Annotated[Template, uses("count")]
    edit_button: Text
    greeting_too_long: Annotated[Template, uses("length", "max")]
    sent: Annotated[Template, uses("count", "name")]
    already: Text
    gone: Text
    card_title: Text
    card_intro: Annotated[Template, uses("name")]
    achievements_heading: Text
    achievement: Annotated[Template, uses("count", "what")]
    goals_set: Text
    exercises_done: Text
    reflections_written: Text
    meetings_held: Text
    modules_completed: Text
    journeys_completed: Text
    no_figures: Text
    greeting_from: Text
    closing: Text
    diplomas_title: Annotated[Template, uses("name")]
    diplomas_intro: Text
    diplomas_none: Text
    diplomas_count: Annotated[Template, uses("count", "total")]


class GroupTexts(ContentModel):
    """ "grupper": learning groups proposed for a cohort, adjusted and confirmed."""

    title: Text
    intro: Text
    no_cohorts: Text
    cohort_label: Text
    cohort_required: Text
    units_label: Text
    units_placeholder: Text
    propose_button: Text
    proposal_title: Annotated[Template, uses("cohort")]
    proposal_intro: Text
    unknown_calendars: Annotated[Template, uses("count")]
    group_heading: Annotated[Template, uses("number", "count")]
    unit: Annotated[Template, uses("person", "unit")]
    move_label: Annotated[Template, uses("person")]
    group_choice: Annotated[Template, uses("number")]
    coach_label: Annotated[Template, uses("number")]
    no_coach: Text
    no_coaches_yet: Text
    review_button: Text
    confirm_button: Text
    fix_first: Text
    changed: Text
    too_small: Annotated[Template, uses("number", "size")]
    too_large: Annotated[Template, uses("number", "size")]
    not_a_coach: Annotated[Template, uses("email")]
    unit_line: Annotated[Template, uses("line")]
    group_name: Annotated[Template, uses("number", "cohort")]
    confirmed: Annotated[Template, uses("cohort")]
    create_team: Annotated[Template, uses("name", "members")]
    create_by_bot: Annotated[Template, uses("name", "members")]
    linked_note: Text
    coach_told: Annotated[Template, uses("email")]
    coach_not_told: Annotated[Template, uses("email")]
    no_coach_chosen: Text
    coach_message: Annotated[Template, uses("group", "cohort", "members")]
    channel_description: Text
    channel_created: Annotated[Template, uses("name")]
    channel_exists: Annotated[Template, uses("name")]
    channel_forbidden: Annotated[Template, uses("name")]
    channel_failed: Annotated[Template, uses("name")]


class RegionTexts(ContentModel):
    """Regions: a programme owner's municipalities, and the invitation to a coordinator."""

    invitation_title: Text
    invitation: Annotated[Template, uses("name", "minimum")]
    join_button: Text
    later_button: Text
    joined: Annotated[Template, uses("name")]
    declined: Annotated[Template, uses("name")]
    already: Text
    not_invited: Text
    follow_up_title: Annotated[Template, uses("region", "cohort")]
    follow_up_intro: Annotated[Template, uses("minimum")]
    region_total: Text
    not_taking_part: Text
    protected: Text
    back_button: Text
    only_owners: Text
    title: Text
    intro: Text
    no_regions: Text
    municipality_line: Annotated[Template, uses("name", "state")]
    state_invited: Text
    state_joined: Text
    state_declined: Text
    no_municipalities: Text
    cohort_line: Annotated[Template, uses("name", "start", "end")]
    follow_up_button: Annotated[Template, uses("name")]
    new_region_heading: Text
    region_name_label: Text
    create_button: Text
    invite_heading: Text
    region_label: Text
    tenants_label: Text
    tenants_placeholder: Text
    invite_button: Text
    cohort_heading: Text
    cohort_name_label: Text
    starts_label: Text
    ends_label: Text
    cohort_button: Text
    no_name: Text
    name_too_long: Annotated[Template, uses("max")]
    no_tenants: Text
    bad_tenants: Text
    bad_dates: Text
    unknown_cohort: Text
    not_joined: Text
    created: Annotated[Template, uses("name")]
    invited: Annotated[Template, uses("count", "cards")]
    already_invited: Annotated[Template, uses("count")]
    cohort_created: Annotated[Template, uses("name")]
    memberships_intro: Text
    memberships_none: Text
    choose_label: Annotated[Template, uses("name", "start", "end")]
    all_leaders: Text
    choose_button: Text
    chosen: Annotated[Template, uses("name")]


class MeetingTexts(ContentModel):
    """Regional meetings: the owner's schedule, the leader's announcement, reminder, answer and
    reflection."""

    button: Annotated[Template, uses("name")]
    title: Annotated[Template, uses("name")]
    intro: Annotated[Template, uses("minimum")]
    no_meetings: Text
    meeting_line: Annotated[Template, uses("when", "theme", "coming")]
    fewer: Annotated[Template, uses("minimum")]
    cancelled_line: Annotated[Template, uses("when", "theme")]
    cancel_button: Annotated[Template, uses("when")]
    new_heading: Text
    propose_button: Text
    proposed: Annotated[Template, uses("dates")]
    date_label: Text
    start_label: Text
    length_label: Text
    length_choice: Annotated[Template, uses("hours")]
    theme_label: Text
    agenda_label: Text
    agenda_placeholder: Text
    guest_label: Text
    link_label: Text
    add_button: Text
    added: Annotated[Template, uses("theme", "cards")]
    cancelled: Annotated[Template, uses("theme")]
    bad_date: Text
    bad_time: Text
    bad_length: Text
    no_theme: Text
    too_long: Text
    no_agenda: Text
    bad_link: Text
    announcement_title: Annotated[Template, uses("theme")]
    announcement: Annotated[Template, uses("region")]
    reminder_title: Annotated[Template, uses("theme")]
    when_label: Text
    agenda_heading: Text
    guest_heading: Text
    link_button: Text
    coming_button: Text
    not_coming_button: Text
    answered_coming: Text
    answered_not_coming: Text
    not_for_you: Text
    meeting_cancelled: Text
    reflection_title: Annotated[Template, uses("theme")]
    reflection_question: Text
    reflection_label: Text
    reflection_button: Text
    reflection_saved: Text
    reflection_empty: Text
    reflection_already: Text


class CoordinationTexts(ContentModel):
    roles: RoleTexts
    settings: SettingsTexts
    cohorts: CohortTexts
    groups: GroupTexts
    follow_up: FollowUpTexts
    feedback: FeedbackTexts
    feedback_answers: FeedbackAnswerTexts
    celebrations: CelebrationTexts
    regions: RegionTexts
    meetings: MeetingTexts
    cohort_tracks: CohortTrackTexts
