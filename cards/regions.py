"""Region cards: the invitation a coordinator answers, and the programme owner's follow-up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from cards.elements import Json, bullets, card, execute, facts, heading, text
from chat.actions import ActionPayload, RowId
from content.models import Content
from services.follow_up import MINIMUM_PEOPLE, Measure

if TYPE_CHECKING:
    from services.regions import RegionalFollowUp

ANSWER_REGION = "answer_region"


class AnswerRegion(ActionPayload):
    """ANSWER_REGION: which region, and "join" or "later"."""

    region_id: RowId
    answer: Literal["join", "later"]


def invitation_card(content: Content, region_id: int, name: str) -> Json:
    texts = content.coordination.regions
    body = [
        heading(texts.invitation_title),
        text(texts.invitation.format(name=name, minimum=MINIMUM_PEOPLE)),
    ]
    actions = [
        execute(texts.join_button, ANSWER_REGION, {"region_id": region_id, "answer": "join"}),
        execute(texts.later_button, ANSWER_REGION, {"region_id": region_id, "answer": "later"}),
    ]
    return card(body, actions, fallback_text=texts.invitation_title)


def answered_card(content: Content, sentence: str) -> Json:
    texts = content.coordination.regions
    return card([heading(texts.invitation_title), text(sentence)], [], fallback_text=sentence)


def regional_follow_up_card(content: Content, follow_up: RegionalFollowUp) -> Json:
    """The counts for the region, then per joined municipality; held back ones say why."""
    texts = content.coordination.regions
    labels = content.coordination.follow_up
    too_few = labels.too_few.format(minimum=follow_up.minimum)
    title = texts.follow_up_title.format(region=follow_up.region, cohort=follow_up.cohort.name)
    body: list[Json] = [heading(title), text(texts.follow_up_intro.format(minimum=MINIMUM_PEOPLE))]
    rows = [(m.name, m.counts, m.taking_part) for m in follow_up.municipalities]
    for name, counts, taking_part in [(texts.region_total, follow_up.total, True), *rows]:
        body.append(text(name, bold=True))
        if not taking_part:
            body.append(text(texts.not_taking_part))
        elif counts is None:
            body.append(text(too_few if name != texts.region_total else texts.protected))
        else:
            body.append(facts((getattr(labels, m.value), str(counts[m])) for m in Measure))
    if not rows:
        body.append(bullets([texts.not_taking_part]))
    return card(body, [], fallback_text=title)
