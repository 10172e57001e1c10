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
    my_data_intro: Annotated[Template, uses("first_name")]
    my_data_category: Annotated[Template, uses("what", "count")]
    my_data_download_note: Annotated[Template, uses("minutes")]
    my_data_refresh_button: Text
    keep_until_erased: Text
    keep_anonymously: Text
    my_data_json_button: Text
    my_data_pdf_button: Text
    my_data_pdf_title: Text
    my_data_pdf_made: Annotated[Template, uses("date", "name")]
    my_data_pdf_why: Text
    my_data_pdf_texts: Text
    my_data_pdf_goal: Text
    my_data_pdf_reflection: Text
    my_data_pdf_team_reflection: Text
    my_data_pdf_notes: Text
    my_data_pdf_introduction: Text
    my_data_pdf_times: Text
    my_data_pdf_maturity: Text
    my_data_pdf_maturity_line: Annotated[Template, uses("date", "area", "level")]
    my_data_pdf_other: Text
    my_data_pdf_count_line: Annotated[Template, uses("what", "count")]
    my_data_pdf_name: Annotated[Template, uses("value")]
    my_data_pdf_email: Annotated[Template, uses("value")]
    my_data_pdf_organisation: Annotated[Template, uses("value")]
    my_data_pdf_shared: Text
    my_data_pdf_draft: Text
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
    data_why: dict[str, Text]  # table name -> why it is stored
    data_why_other: Text

    def data_name(self, table: str) -> str:
        return self.data_names.get(table, self.data_other)

    def why(self, table: str) -> str:
        return self.data_why.get(table, self.data_why_other)

    def order(self, table: str) -> int:
        """Where the kind comes in the letter: as `data_names` lists them, unnamed ones last."""
        names = list(self.data_names)
        return names.index(table) if table in names else len(names)


class WorkbookFile(ContentModel):
    workbook: WorkbookTexts
