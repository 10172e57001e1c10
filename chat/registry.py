"""A name -> handler table that refuses to register the same name twice."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Registry(Generic[K, V]):
    def __init__(self, what: str) -> None:
        self._what = what
        self._entries: dict[K, V] = {}

    def register(self, key: K, value: V) -> None:
        if key in self._entries:
            raise ValueError(f"{self._what} {key!r} registered twice")
        self._entries[key] = value

    def get(self, key: K | None) -> V | None:
        return self._entries.get(key) if key is not None else None

    def __iter__(self) -> Iterator[K]:
        return iter(self._entries)
