"""Counting the calls SQLite work hands to aiosqlite's worker thread (each a thread switch)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import aiosqlite
import pytest


@contextmanager
def trips(
    monkeypatch: pytest.MonkeyPatch, counts: Callable[[], bool] = lambda: True
) -> Iterator[list[str]]:
    """The names of the calls handed to aiosqlite's worker thread meanwhile (those for which
    `counts()` is true when they are handed)."""
    handed: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        if counts():
            handed.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(aiosqlite.Connection, "_execute", counted)
        yield handed
