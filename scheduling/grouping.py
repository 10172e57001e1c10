"""Learning groups proposed for a cohort: pure, no I/O, no Swedish.

A cohort of n leaders becomes k = (n + 2) // 4 groups (at least one) whose sizes differ by at
most one: 4 where n divides, else 3 or 5 (n >= 3). Within those sizes the proposal

1. mixes units: every pair of members from the same known unit costs `UNIT_PENALTY`, more than
   any overlap can win back, so units are spread whenever the counts allow;
2. then favours overlap: each hour-slot in which every member is free counts 1, so does each
   hour-slot a pair of members has free in common, and each pair sharing a preferred part of
   the day counts `PART_OF_DAY_BONUS` per part shared.

A person whose calendar could not be read takes no part in the hours (they neither help nor
hinder); one with no preferred part of the day shares none. The search is deterministic:
candidates are ordered by their key, dealt into the groups in a snake by unit, then pairs are
swapped between groups while a swap raises the total score, always trying the same pairs in the
same order. The same candidates (in any order) give the same groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import combinations

from scheduling.availability import Availability, Status

GROUP_SIZE = 4
UNIT_PENALTY = 10_000
PART_OF_DAY_BONUS = 3
MAX_PASSES = 8  # each pass tries every swap once; in practice 2-4 passes settle

ALL_FREE = -1  # as a mask: every slot free (`&` with it changes nothing)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One cohort member as the proposal sees them."""

    key: str  # stable and unique: the e-mail address
    unit: str | None = None  # unit or department; None: not known
    parts_of_day: frozenset[str] = field(default_factory=frozenset)
    free: int = ALL_FREE  # bit i set: free in hour-slot i of the window; ALL_FREE: not known


def group_sizes(count: int, size: int = GROUP_SIZE) -> list[int]:
    """How many groups of which sizes, largest first: 4s, or 3-5 when `count` does not divide."""
    if count <= 0:
        return []
    groups = max(1, (count + size // 2) // size)
    base, extra = divmod(count, groups)
    return [base + 1] * extra + [base] * (groups - extra)


def propose(candidates: Sequence[Candidate], size: int = GROUP_SIZE) -> list[list[str]]:
    """The groups, as lists of keys (each sorted), in a stable order."""
    people = sorted(candidates, key=lambda c: c.key)
    if len({c.key for c in people}) != len(people):
        raise ValueError("candidate keys must be unique")
    sizes = group_sizes(len(people), size)
    groups = _deal(people, sizes)
    scores = [score(g) for g in groups]
    for _ in range(MAX_PASSES):
        if not _improve(groups, scores):
            break
    return sorted((sorted(c.key for c in g) for g in groups), key=lambda keys: (-len(keys), keys))


def score(group: Sequence[Candidate]) -> int:
    """How good one group is: free hours in common (the whole group's, and each pair's, which
    lets the search climb towards a group that shares them), shared parts of the day, less
    pairs from the same unit. Unknown calendars take no part in the hours."""
    known = [m.free for m in group if m.free != ALL_FREE]
    total = 0
    if len(known) >= 2:
        common = known[0]
        for free in known[1:]:
            common &= free
        total += common.bit_count()
    for a, b in combinations(group, 2):
        if a.unit is not None and a.unit == b.unit:
            total -= UNIT_PENALTY
        if a.free != ALL_FREE and b.free != ALL_FREE:
            total += (a.free & b.free).bit_count()
        total += PART_OF_DAY_BONUS * len(a.parts_of_day & b.parts_of_day)
    return total


def _deal(people: Sequence[Candidate], sizes: Sequence[int]) -> list[list[Candidate]]:
    """Snake through the groups by unit (unknown units last), so units start spread out."""
    ordered = sorted(people, key=lambda c: (c.unit is None, c.unit or "", c.key))
    groups: list[list[Candidate]] = [[] for _ in sizes]
    order = list(range(len(sizes)))
    turn = 0
    for person in ordered:
        while True:
            lap, at = divmod(turn, len(order))
            index = order[at] if lap % 2 == 0 else order[-1 - at]
            turn += 1
            if len(groups[index]) < sizes[index]:
                groups[index].append(person)
                break
    return groups


def _improve(groups: list[list[Candidate]], scores: list[int]) -> bool:
    """One pass of best-first swaps between every two groups; whether anything changed."""
    changed = False
    for g, h in combinations(range(len(groups)), 2):
        for i in range(len(groups[g])):
            for j in range(len(groups[h])):
                a, b = groups[g][i], groups[h][j]
                new_g = [*groups[g][:i], b, *groups[g][i + 1 :]]
                new_h = [*groups[h][:j], a, *groups[h][j + 1 :]]
                gain = score(new_g) + score(new_h) - scores[g] - scores[h]
                if gain > 0:
                    groups[g], groups[h] = new_g, new_h
                    scores[g], scores[h] = score(new_g), score(new_h)
                    changed = True
    return changed


# --- free hours from calendars ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Window:
    """The hour-slots compared: working days from `first` for `days` days, `start`-`end` local."""

    first: date
    days: int
    zone: tzinfo
    start: time = time(8, 0)
    end: time = time(17, 0)

    def slots(self) -> list[tuple[datetime, datetime]]:
        result = []
        for offset in range(self.days):
            day = self.first + timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            hour = datetime.combine(day, self.start, self.zone)
            last = datetime.combine(day, self.end, self.zone)
            while hour + timedelta(hours=1) <= last:
                result.append((hour, hour + timedelta(hours=1)))
                hour += timedelta(hours=1)
        return result


BLOCKING = frozenset({Status.BUSY, Status.OUT_OF_OFFICE, Status.TENTATIVE})


def free_mask(availability: Availability, slots: Iterable[tuple[datetime, datetime]]) -> int:
    """Bit i set when nothing blocking overlaps slot i of `slots`."""
    blocking = [i for i in availability.intervals if i.status in BLOCKING]
    mask = 0
    for index, (start, end) in enumerate(slots):
        if not any(i.start < end and start < i.end for i in blocking):
            mask |= 1 << index
    return mask
