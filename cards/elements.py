"""Small typed builders for Adaptive Card 1.5 elements (the highest version Teams renders).

Cards are plain dicts built by pure functions: data in, card JSON out. Every builder in this
package is validated against the official Adaptive Card 1.5 schema in the tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

Json = dict[str, Any]
CARD_VERSION = "1.5"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"


def card(
    body: Sequence[Json],
    actions: Sequence[Json] = (),
    *,
    fallback_text: str,
    speak: str | None = None,
    refresh: Json | None = None,
) -> Json:
    """A whole card. `fallback_text` is what clients that cannot render it (and screen readers
    in notifications) show, so it should say what the card says."""
    result: Json = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "fallbackText": fallback_text,
        "body": list(body),
    }
    if actions:
        result["actions"] = list(actions)
    if speak:
        result["speak"] = speak
    if refresh:
        result["refresh"] = refresh
    return result


def heading(value: str, *, size: Literal["Medium", "Large", "ExtraLarge"] = "Large") -> Json:
    # style "heading" tells screen readers this is a heading (Adaptive Cards 1.5).
    return {
        "type": "TextBlock",
        "text": value,
        "style": "heading",
        "size": size,
        "weight": "Bolder",
        "wrap": True,
    }


def text(
    value: str,
    *,
    subtle: bool = False,
    bold: bool = False,
    size: Literal["Small", "Default", "Medium", "Large"] | None = None,
    spacing: Literal["None", "Small", "Default", "Medium", "Large"] | None = None,
) -> Json:
    block: Json = {"type": "TextBlock", "text": value, "wrap": True}
    if subtle:
        block["isSubtle"] = True
    if bold:
        block["weight"] = "Bolder"
    if size:
        block["size"] = size
    if spacing:
        block["spacing"] = spacing
    return block


def bullets(items: Iterable[str]) -> Json:
    """A bulleted list as one TextBlock (Adaptive Cards render Markdown lists)."""
    return text("\n".join(f"- {item}" for item in items))


def facts(pairs: Iterable[tuple[str, str]]) -> Json:
    return {"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in pairs]}


def container(
    items: Sequence[Json],
    *,
    style: str | None = None,
    separator: bool = False,
    element_id: str | None = None,
    visible: bool = True,
) -> Json:
    block: Json = {"type": "Container", "items": list(items)}
    if element_id:
        block["id"] = element_id
    if not visible:
        block["isVisible"] = False
    if style:
        block["style"] = style
    if separator:
        block["separator"] = True
    return block


def toggle(title: str, *element_ids: str) -> Json:
    """A button that shows or hides parts of the card without a round trip to the bot."""
    return {"type": "Action.ToggleVisibility", "title": title, "targetElements": list(element_ids)}


def action_set(*actions: Json) -> Json:
    return {"type": "ActionSet", "actions": list(actions)}


def execute(
    title: str,
    verb: str,
    data: Mapping[str, Any] | None = None,
    *,
    primary: bool = False,
) -> Json:
    """Action.Execute (updates the card in place), falling back to Action.Submit on old clients.

    Both carry the verb in their data, so the bot routes them the same way.
    """
    payload = {"verb": verb, **(data or {})}
    action: Json = {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": payload,
        "fallback": {"type": "Action.Submit", "title": title, "data": payload},
    }
    if primary:
        action["style"] = "positive"
    return action


def image(url: str, alt: str, *, size: Literal["Auto", "Stretch"] = "Stretch") -> Json:
    """An image Teams fetches by URL; `alt` is what screen readers say instead."""
    return {"type": "Image", "url": url, "altText": alt, "size": size}


def open_url(title: str, url: str) -> Json:
    return {"type": "Action.OpenUrl", "title": title, "url": url}


def attention(value: str) -> Json:
    """A message the leader must notice, such as what to fix before going on."""
    return {"type": "TextBlock", "text": value, "wrap": True, "color": "Attention"}


def _input(kind: str, input_id: str, label: str, error: str | None, required: bool) -> Json:
    # Labels are read out by screen readers; isRequired + errorMessage let Teams check the
    # input before the button reaches the bot.
    block: Json = {"type": kind, "id": input_id, "label": label}
    if required:
        block["isRequired"] = True
        block["errorMessage"] = error
    return block


def choices(
    input_id: str,
    label: str,
    options: Iterable[tuple[str, str]],
    *,
    value: str | Iterable[str] | None = None,
    multiple: bool = False,
    error: str | None = None,
) -> Json:
    """Radio buttons (or check boxes when `multiple`), all visible: the answers are few."""
    block = _input("Input.ChoiceSet", input_id, label, error, error is not None)
    block |= {
        "style": "expanded",
        "wrap": True,
        "choices": [{"title": title, "value": key} for key, title in options],
    }
    if multiple:
        block["isMultiSelect"] = True
    if value:
        block["value"] = value if isinstance(value, str) else ",".join(value)
    return block


def text_input(
    input_id: str,
    label: str,
    *,
    value: str | None = None,
    placeholder: str | None = None,
    multiline: bool = False,
    error: str | None = None,
) -> Json:
    block = _input("Input.Text", input_id, label, error, error is not None)
    if multiline:
        block["isMultiline"] = True
    if placeholder:
        block["placeholder"] = placeholder
    if value:
        block["value"] = value
    return block


def date_input(
    input_id: str, label: str, *, value: str | None = None, error: str | None = None
) -> Json:
    """A date picker; `value` as YYYY-MM-DD."""
    block = _input("Input.Date", input_id, label, error, error is not None)
    if value:
        block["value"] = value
    return block


def time_input(
    input_id: str,
    label: str,
    *,
    value: str | None = None,
    earliest: str | None = None,
    latest: str | None = None,
    error: str | None = None,
) -> Json:
    block = _input("Input.Time", input_id, label, error, error is not None)
    for key, given in (("value", value), ("min", earliest), ("max", latest)):
        if given:
            block[key] = given
    return block
