"""'Mina data' and 'radera mina data': what is stored, the downloads, and the confirmation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from cards.elements import Json, card, container, execute, heading, open_url, text
from chat.actions import ActionPayload
from content.models import Content

DELETE_MY_DATA = "delete_my_data"
ANSWER = "answer"
YES, NO = "yes", "no"
# "Nya länkar" does what typing "mina data" does (dialogs.router's run_command buttons).
RUN_COMMAND, COMMAND, MY_DATA_COMMAND = "run_command", "command", "my_data"


class DeleteAnswer(ActionPayload):
    """DELETE_MY_DATA, "Ja, radera" or "Avbryt" on the confirmation: which of the two."""

    answer: Literal["yes", "no"]


@dataclass(frozen=True, slots=True)
class StoredKind:
    """One kind of data in the letter: what it is, how much, why, and how long it is kept."""

    name: str
    count: int
    why: str
    kept: str


def my_data_card(
    content: Content,
    kinds: Sequence[StoredKind],
    *,
    first_name: str,
    json_url: str,
    pdf_url: str,
    minutes: int,
) -> Json:
    """ "Mina data" as a short letter: per kind what, why and for how long; the downloads."""
    texts = content.workbook
    body = [heading(texts.my_data_title), text(texts.my_data_intro.format(first_name=first_name))]
    for kind in kinds:
        body.append(
            container(
                [
                    text(
                        texts.my_data_category.format(what=kind.name, count=kind.count), bold=True
                    ),
                    text(f"{kind.why} {kind.kept}", subtle=True),
                ],
                separator=True,
            )
        )
    body += [
        text(texts.my_data_download_note.format(minutes=minutes), subtle=True),
        text(texts.my_data_delete_hint, subtle=True),
    ]
    return card(
        body,
        [
            open_url(texts.my_data_pdf_button, pdf_url),
            open_url(texts.my_data_json_button, json_url),
            execute(texts.my_data_refresh_button, RUN_COMMAND, {COMMAND: MY_DATA_COMMAND}),
        ],
        fallback_text=f"{texts.my_data_title}. {texts.my_data_intro.format(first_name=first_name)}",
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
