"""One kind of quotation marks in everything the bot says: the Swedish ” ”."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from content import Content

UPPSALA = "00000000-0000-0000-0000-0000000000001"
# Straight or English quotes, and a straight apostrophe used as a quote (not inside a word).
OTHER_QUOTES = re.compile(r"[\"“„«»‘’]|(?<!\w)'|'(?!\w)")


def strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{path}.{key}")
    elif isinstance(node, list | tuple):
        for index, value in enumerate(node):
            yield from strings(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, node


@pytest.mark.parametrize("tenant", [None, UPPSALA])
def test_every_text_quotes_with_swedish_quotation_marks(content: Content, tenant: str) -> None:
    texts = strings(content.for_tenant(tenant).model_dump())
    found = [f"{path}: {text[:80]}" for path, text in texts if OTHER_QUOTES.search(text)]
    assert not found, "\n".join(found)
