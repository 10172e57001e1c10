"""Texts of the workbook, maturity checkpoints, the diploma and the leader's data
(workbook.yaml)."""

from typing import Annotated

from content.schema import ContentModel
from content.text import Id, Template, Text, uses

# --- workbook.yaml ------------------------------------------------------------------------


class WorkbookTexts(ContentModel):
    """The workbook in chat and exported, maturity checkpoints, the diploma, the leader's data."""

    module_heading: Annotated[Template, uses("number", "title")]
    no_goal: Text
    no_reflections: Text
    shared_marker: Text
    reflections_count: Annotated[Template, uses("count")]
    show_grades_button: Text
    suggestions_button: Text
    other_team_reflections: Text
    maturity_heading: Text
    maturity_missing: Text
    maturity_line: Annotated[Template, uses("checkpoint", "grade", "doing")]
    chart_title: Text
    chart_axis: Text
    chart_alt: Text
    exported_at: Annotated[Template, uses("date")]
    download_heading: Text
    download_note: Annotated[Template, uses("minutes")]
    pdf_button: Text
    markdown_button: Text
    refresh_button: Text
    personal_only: Text
    checkpoint_button: Annotated[Template, uses("checkpoint")]
    checkpoint_title: Annotated[Template, uses("checkpoint")]
    checkpoint_intro: Text
    checkpoint_saved: Text
    checkpoint_unknown: Text
    checkpoint_save_button: Text
    checkpoint_previous: Annotated[Template, uses("checkpoint", "grade", "doing")]
    checkpoint_when: Annotated[Template, uses("label", "description")]
    suggestions_heading: Text
    suggestions_intro: Text
    suggestions_area: Annotated[Template, uses("area")]
    suggestion_line: Annotated[Template, uses("number", "title", "duration")]
    area_themes: dict[Id, Id]  # maturity area id -> exercise theme id (checked by the loader)
    diploma_title: Text
    diploma_journey: Text
    diploma_text: Annotated[Template, uses("name")]
    diploma_date: Annotated[Template, uses("organisation", "date")]
    diploma_button: Text
    diploma_ready: Text
    diploma_unnamed: Text
    link_refused: Text
    link_gone: Text
    my_data_title: Text
    my_data_intro: Text
    my_data_counts: Text
    my_data_count_line: Annotated[Template, uses("what", "count")]
    my_data_json_button: Text
    my_data_pdf_button: Text
    my_data_pdf_title: Text
    my_data_delete_hint: Text
    delete_title: Text
    delete_text: Text
    delete_kept: Text
    delete_confirm_button: Text
    delete_cancel_button: Text
    delete_done_title: Text
    delete_done: Text
    delete_cancelled: Text
    delete_nothing: Text
    data_names: dict[str, Text]  # table name -> what the leader reads
    data_other: Text

    def data_name(self, table: str) -> str:
        return self.data_names.get(table, self.data_other)


class WorkbookFile(ContentModel):
    workbook: WorkbookTexts
