"""Sets of instants as sorted lists of half-open spans of whole seconds since the epoch.

A span (start, end) holds every second s with start <= s < end, so a meeting ending at 13:00
and one starting at 13:00 do not meet. Every function takes and returns "normal" lists:
sorted, non-empty spans, disjoint and not touching; each runs in one pass over its inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from operator import itemgetter
from typing import TypeVar

Span = tuple[int, int]

# union also merges spans of timedeltas since the epoch (see scheduling.slots._collect).
T = TypeVar("T", int, timedelta)
_start = itemgetter(0)


def union(spans: list[tuple[T, T]]) -> list[tuple[T, T]]:
    """The normal form of any spans (sorted in place first; touching spans are joined)."""
    if not spans:
        return []
    spans.sort(key=_start)  # by start alone: half the cost of comparing whole tuples
    merged: list[tuple[T, T]] = []
    current_start, current_end = spans[0]
    for start, end in spans:
        if start > current_end:
            if current_start < current_end:
                merged.append((current_start, current_end))
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_start < current_end:
        merged.append((current_start, current_end))
    return merged


def intersect(a: list[Span], b: list[Span]) -> list[Span]:
    """The seconds in both."""
    result: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        a_start, a_end = a[i]
        b_start, b_end = b[j]
        start = max(a_start, b_start)
        end = min(a_end, b_end)
        if start < end:
            result.append((start, end))
        if a_end <= b_end:
            i += 1
        else:
            j += 1
    return result


def subtract(a: list[Span], b: list[Span]) -> list[Span]:
    """The seconds in `a` and not in `b`."""
    result: list[Span] = []
    j = 0
    count = len(b)
    for start, end in a:
        while j < count and b[j][1] <= start:
            j += 1
        k = j
        cursor = start
        while k < count and cursor < end:
            b_start, b_end = b[k]
            if b_start >= end:
                break
            if b_start > cursor:
                result.append((cursor, b_start))
            if b_end > cursor:
                cursor = b_end
            k += 1
        if cursor < end:
            result.append((cursor, end))
    return result


def clip(spans: list[Span], low: int, high: int) -> list[Span]:
    """The part of `spans` within [low, high)."""
    return intersect(spans, [(low, high)]) if low < high else []


def merged(spans: Iterable[tuple[T, T]]) -> Iterator[tuple[T, T]]:
    """`union` of spans already sorted, lazily: a caller that stops early pays for little."""
    iterator = iter(spans)
    first = next(iterator, None)
    if first is None:
        return
    current_start, current_end = first
    for start, end in iterator:
        if start > current_end:
            if current_start < current_end:
                yield current_start, current_end
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_start < current_end:
        yield current_start, current_end


def without(a: Iterable[Span], b: Iterable[Span]) -> Iterator[Span]:
    """`subtract` of normal spans, lazily."""
    blocks = iter(b)
    block = next(blocks, None)
    for start, end in a:
        while block is not None and block[1] <= start:
            block = next(blocks, None)
        cursor = start
        while block is not None and block[0] < end:
            if block[0] > cursor:
                yield cursor, block[0]
            if block[1] > cursor:
                cursor = block[1]
            if block[1] >= end:
                break  # it may cover the start of the next span too
            block = next(blocks, None)
        if cursor < end:
            yield cursor, end
