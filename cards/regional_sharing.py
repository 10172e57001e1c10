"""Regional sharing cards: the leader's "Dela med regionen" card (their texts, what they share,
"Från regionen"), the preview before anything is shared, and the programme owner's card of
what the leaders shared."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

from pydantic import StringConstraints

from cards.elements import (
    Json,
    action_set,
    attention,
    card,
    choices,
    container,
    execute,
    heading,
    text,
)
from cards.navigation import command_button
from chat.actions import ActionPayload, RowId
from chat.commands import Command
from content.dates import format_date_only_sv, to_local
from content.models import Content
from content.regional_sharing import SharingTexts
from storage.regional_shares import Share
from storage.workbook import EXERCISE_REFLECTION, TEAM_REFLECTION, Entry

if TYPE_CHECKING:
    from services.regional_sharing import LeaderView, OwnerShares, Place, Preview

PREVIEW_SHARE = "preview_regional_share"
CONFIRM_SHARE = "confirm_regional_share"
WITHDRAW_SHARE = "withdraw_regional_share"
REGIONAL_SHARES = "regional_shares"  # the programme owner's card
FROM_REGION = "from_region"  # a participant's "Från regionen"
SHARE_AS = "share_as"
EXCERPT = 300  # characters of a text in a list (the preview shows it whole)
# A card of shares stays well under Teams' message size: the newest SHARES_SHOWN, each cut at
# SHOWN characters (about 23 KB at most); the leader's own card shows the newest few.
SHOWN = 1_500
SHARES_SHOWN = 15
ON_LEADER_CARD = 5


class Attribution(StrEnum):
    NAME = "name"  # "Anna, Luleå"
    MUNICIPALITY = "municipality"  # "Luleå"


class SharePick(ActionPayload):
    regional_cohort_id: RowId
    entry_id: RowId


class ShareConfirm(ActionPayload):
    regional_cohort_id: RowId
    entry_id: RowId
    share_as: Annotated[str, StringConstraints(max_length=40)] = ""


class ShareButton(ActionPayload):
    share_id: RowId


def _day(content: Content, entry_or_share: Entry | Share) -> str:
    moment = to_local(entry_or_share.created_at, content.organisation.time_zone)
    return format_date_only_sv(moment.date())


def _cut(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def kind_of(texts: SharingTexts, kind: str) -> str:
    if kind == EXERCISE_REFLECTION:
        return texts.kind_exercise
    if kind == TEAM_REFLECTION:
        return texts.kind_team
    return texts.kind_meeting


def _shares(content: Content, shares: Sequence[Share], limit: int = SHARES_SHOWN) -> list[Json]:
    texts = content.regional_sharing.sharing
    return [
        container(
            [
                text(texts.shared_by.format(shown_as=s.shown_as, date=_day(content, s)), bold=True),
                text(_cut(s.text, SHOWN)),
            ],
            separator=True,
        )
        for s in shares[:limit]
    ]


def leader_card(content: Content, view: LeaderView, *, said: Sequence[str] = ()) -> Json:
    texts = content.regional_sharing.sharing
    body: list[Json] = [heading(texts.title)]
    body += [text(line, bold=True) for line in said]
    if view.place is None:
        body.append(text(texts.not_participant))
        return card(body, fallback_text=texts.not_participant)
    place = view.place
    body.append(text(texts.intro.format(region=place.region, cohort=place.cohort.name)))
    body.append(text(texts.texts_heading, bold=True, spacing="Medium"))
    if not view.texts:
        body.append(text(texts.no_texts, subtle=True))
    for entry in view.texts:
        line = texts.entry_line.format(kind=kind_of(texts, entry.kind), date=_day(content, entry))
        body += [
            text(line, subtle=True, spacing="Medium"),
            text(_cut(entry.text, EXCERPT)),
            action_set(
                execute(
                    texts.preview_button,
                    PREVIEW_SHARE,
                    {"regional_cohort_id": place.cohort.id, "entry_id": entry.id},
                )
            ),
        ]
    body.append(text(texts.mine_heading, bold=True, spacing="Medium"))
    if not view.mine:
        body.append(text(texts.mine_none, subtle=True))
    for share in view.mine:
        body += [
            text(texts.mine_line.format(shown_as=share.shown_as, date=_day(content, share))),
            text(_cut(share.text, EXCERPT), subtle=True),
            action_set(execute(texts.withdraw_button, WITHDRAW_SHARE, {"share_id": share.id})),
        ]
    body.append(text(texts.from_region_heading, bold=True, spacing="Medium"))
    body += _shares(content, view.from_region, ON_LEADER_CARD) or [
        text(texts.from_region_none, subtle=True)
    ]
    if len(view.from_region) > ON_LEADER_CARD:
        more = {"regional_cohort_id": place.cohort.id}
        body.append(action_set(execute(texts.from_region_button, FROM_REGION, more)))
    return card(body, fallback_text=texts.title)


def preview_card(content: Content, preview: Preview, *, chosen: str = "") -> Json:
    """Exactly what will be shared, with whom, under which name; nothing is stored yet."""
    texts = content.regional_sharing.sharing
    place = preview.place
    options = [(a.value, preview.shown_as[a]) for a in Attribution if a in preview.shown_as]
    # Only the municipality unless the leader picks their name too: the lesser exposure first.
    value = chosen if chosen in preview.shown_as else Attribution.MUNICIPALITY.value
    body: list[Json] = [
        heading(texts.preview_title, size="Medium"),
        text(
            texts.preview_audience.format(
                region=place.region,
                owner=preview.owner,
                cohort=place.cohort.name,
                municipalities=", ".join(preview.municipalities),
            )
        ),
        container([text(preview.entry.text)], style="emphasis"),
        text(texts.preview_copy, subtle=True),
        choices(SHARE_AS, texts.attribution_label, options, value=value),
    ]
    actions = [
        execute(
            texts.confirm_button,
            CONFIRM_SHARE,
            {"regional_cohort_id": place.cohort.id, "entry_id": preview.entry.id},
            primary=True,
        ),
        command_button(texts.cancel_button, Command.REGION),
    ]
    return card(body, actions, fallback_text=texts.preview_title)


def said_card(content: Content, sentence: str) -> Json:
    texts = content.regional_sharing.sharing
    return card(
        [text(sentence)], [command_button(texts.title, Command.REGION)], fallback_text=sentence
    )


def owner_shares_card(content: Content, found: OwnerShares) -> Json:
    texts = content.regional_sharing.sharing
    title = texts.owner_title.format(cohort=found.cohort.name)
    body: list[Json] = [heading(title), text(texts.owner_intro)]
    body += _shares(content, found.shares) or [text(texts.owner_none, subtle=True)]
    return card(body, [command_button(texts.owner_back, Command.REGION)], fallback_text=title)


def from_region_card(content: Content, place: Place, shares: Sequence[Share]) -> Json:
    texts = content.regional_sharing.sharing
    title = f"{texts.from_region_heading}: {place.region}"
    body: list[Json] = [heading(title, size="Medium")]
    body += _shares(content, shares) or [text(texts.from_region_none, subtle=True)]
    return card(body, fallback_text=title)


def problem_card(content: Content) -> Json:
    texts = content.regional_sharing.sharing
    return card([attention(texts.not_yours)], fallback_text=texts.not_yours)
