"""'Mina data' and 'radera mina data': what is stored, the downloads, and the confirmation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from cards.elements import Json, bullets, card, container, execute, heading, open_url, text
from chat.actions import ActionPayload
from content.models import Content

DELETE_MY_DATA = "delete_my_data"
ANSWER = "answer"
YES, NO = "yes", "no"


class DeleteAnswer(ActionPayload):
    """DELETE_MY_DATA, "Ja, radera" or "Avbryt" on the confirmation: which of the two."""

    answer: Literal["yes", "no"]


def my_data_card(
    content: Content,
    counts: Sequence[tuple[str, int]],
    *,
    json_url: str,
    pdf_url: str,
    minutes: int,
) -> Json:
    texts = content.workbook
    lines = [texts.my_data_count_line.format(what=what, count=count) for what, count in counts]
    body = [
        heading(texts.my_data_title),
        text(texts.my_data_intro),
        text(texts.my_data_counts, bold=True),
        bullets(lines),
        text(content.workbook.download_note.format(minutes=minutes), subtle=True),
        text(texts.my_data_delete_hint, subtle=True),
    ]
    return card(
        body,
        [
            open_url(texts.my_data_json_button, json_url),
            open_url(texts.my_data_pdf_button, pdf_url),
        ],
        fallback_text=f"{texts.my_data_title}. {texts.my_data_intro}",
    )


def delete_confirmation_card(content: Content) -> Json:
    texts = content.workbook
    return card(
        [
            heading(texts.delete_title),
            text(texts.delete_text),
            container([text(texts.delete_kept, subtle=True)], style="emphasis"),
        ],
        [
            {
                **execute(texts.delete_confirm_button, DELETE_MY_DATA, {ANSWER: YES}),
                "style": "destructive",
            },
            execute(texts.delete_cancel_button, DELETE_MY_DATA, {ANSWER: NO}, primary=True),
        ],
        fallback_text=f"{texts.delete_title} {texts.delete_text}",
    )


def deleted_card(content: Content) -> Json:
    texts = content.workbook
    return card(
        [
            heading(texts.delete_done_title),
            text(texts.delete_done),
            text(texts.delete_kept, subtle=True),
        ],
        fallback_text=f"{texts.delete_done_title}. {texts.delete_done}",
    )


def not_deleted_card(content: Content, *, nothing_stored: bool = False) -> Json:
    texts = content.workbook
    message = texts.delete_nothing if nothing_stored else texts.delete_cancelled
    return card([text(message)], fallback_text=message)
