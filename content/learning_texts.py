"""Texts of modules, exercises, reflections and progress in chat (learning.yaml)."""

from typing import Annotated

from pydantic import (
    Field,
    PositiveInt,
)

from content.schema import ContentModel
from content.text import ClockTime, Template, Text, uses

# --- learning.yaml ------------------------------------------------------------------------


class LearningTexts(ContentModel):
    """What the bot says while a leader learns: modules, exercises, reflections, progress."""

    module_heading: Annotated[Template, uses("number", "title")]
    film_item: Text
    film_button: Text
    # The organisation's Stöttepelare under a module's introduction (none named: not shown).
    module_supporters: Annotated[Template, uses("supporters")]
    exercises_heading: Text
    exercise_button: Annotated[Template, uses("number", "title")]
    group_session_item: Text
    group_session_pending: Text
    group_session_done: Text
    group_session_agenda: Text
    # A team channel with one of these names (any case) gets the shared reflections.
    reflection_channel_names: tuple[Text, ...] = Field(min_length=1)
    status_reflected: Text
    status_started: Text
    status_draft: Text
    status_not_started: Text
    back_button: Text
    library_back_button: Text
    steps_heading: Text
    step_text: Annotated[Template, uses("number", "text")]
    tip_button: Text
    start_exercise_button: Text
    exercise_started: Text
    write_reflection_button: Text
    edit_reflection_button: Text
    do_first: Annotated[Template, uses("exercises")]
    list_and: Text
    prepare_text: Annotated[Template, uses("text")]
    examples_heading: Annotated[Template, uses("organisation")]
    reflection_questions_heading: Text
    share_text: Annotated[Template, uses("text")]
    notes_button: Text
    notes_label: Annotated[Template, uses("limit")]
    notes_placeholder: Text
    notes_kept: Text
    save_notes_button: Text
    notes_saved: Text
    notes_max_chars: PositiveInt
    library_reflection_prompt: Annotated[Template, uses("exercise", "words")]
    library_reflection_words: PositiveInt
    duration_label: Text
    module_label: Text
    library_title: Text
    library_intro: Text
    time_filter_label: Text
    any_time: Text
    time_options: tuple[PositiveInt, ...] = Field(min_length=1)
    filter_button: Text
    theme_summary: Annotated[Template, uses("count", "shortest", "longest")]
    theme_fitting: Annotated[Template, uses("count", "total", "time")]
    choose_theme: Annotated[Template, uses("count", "time")]
    themes_back_button: Text
    whole_theme_button: Text
    fits_in: Annotated[Template, uses("time")]
    nothing_fits: Annotated[Template, uses("time", "shortest")]
    minutes_text: Annotated[Template, uses("minutes")]
    one_hour_text: Text
    hours_text: Annotated[Template, uses("hours")]
    reflection_title: Annotated[Template, uses("exercise")]
    reflection_label: Annotated[Template, uses("words", "limit")]
    reflection_placeholder: Text
    reflection_max_chars: PositiveInt
    share_label: Text
    share_note: Text
    draft_button: Text
    send_button: Text
    draft_saved: Annotated[Template, uses("words")]
    chat_draft: Text
    empty: Text
    too_long: Annotated[Template, uses("length", "limit")]
    shared_later: Text
    updated_shared: Text
    unshared: Text
    channel_post: Annotated[Template, uses("first_name", "text", "exercise")]
    channel_post_updated: Annotated[Template, uses("first_name", "text", "exercise")]
    channel_post_withdrawn: Annotated[Template, uses("first_name", "exercise")]
    progress_title: Text
    progress_intro: Text
    progress_line: Annotated[Template, uses("bar", "done", "total")]
    module_done: Text
    module_current: Text
    show_module_button: Annotated[Template, uses("number")]
    nudge: Annotated[Template, uses("first_name", "exercise")]
    nudge_sitting: Annotated[Template, uses("first_name", "exercise", "next", "total")]
    sittings_progress: Annotated[Template, uses("done", "total")]
    sittings_done: Annotated[Template, uses("total")]
    sitting_button: Text
    sitting_saved: Annotated[Template, uses("done", "total")]
    nudge_hour: ClockTime
    nudge_max: PositiveInt


class LearningFile(ContentModel):
    learning: LearningTexts
