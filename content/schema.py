"""The base of every content model, and the checks many of them share."""

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
)

T = TypeVar("T")


class ContentModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def unique(items: tuple[T, ...], key: Callable[[T], Hashable], what: str) -> tuple[T, ...]:
    seen: set[Hashable] = set()
    for item in items:
        value = key(item)
        if value in seen:
            raise ValueError(f"duplicate {what} {value!r}")
        seen.add(value)
    return items


def numbered(items: tuple[T, ...], key: Callable[[T], int], what: str) -> tuple[T, ...]:
    numbers = [key(item) for item in items]
    expected = list(range(1, len(items) + 1))
    if numbers != expected:
        raise ValueError(f"{what} must be numbered {expected}, found {numbers}")
    return items


def find(items: Iterable[T], predicate: Callable[[T], bool], what: str) -> T:
    for item in items:
        if predicate(item):
            return item
    raise KeyError(what)
