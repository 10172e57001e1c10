"""What may be shown to coordinators without telling anything about fewer than MINIMUM_PEOPLE.

Pure rules, no I/O; services.follow_up applies them to the municipality, its cohorts and its
groups (the "scopes", each a set of people), and to the maturity model's distributions.

The scope rule (which scopes' figures are shown)
    1. The whole (the municipality) is shown when it has at least MINIMUM_PEOPLE people.
    2. A part (a cohort, a group) is shown only when it has at least MINIMUM_PEOPLE people.
    3. Two shown scopes that share people must not differ by 1 to MINIMUM_PEOPLE-1 people either
       way: "municipality minus cohort A" (A inside the municipality), "cohort minus a group in
       it" and two overlapping cohorts subtracted from each other must each be about nobody or
       about at least MINIMUM_PEOPLE people.
    4. For every shown scope O and every family of shown, pairwise disjoint scopes strictly
       inside O, the people of O outside the family must be none or at least MINIMUM_PEOPLE
       ("municipality minus cohort A minus cohort B", "cohort minus all its groups"). Only
       maximal families need checking: a family that leaves out a disjoint shown scope leaves
       at least that scope's MINIMUM_PEOPLE people over. When the shown scopes nest like a
       tree (cohorts and the groups inside them), checking each scope against the largest
       shown scopes inside it is enough (every deeper family leaves disjoint pieces of none or
       at least MINIMUM_PEOPLE), which keeps this fast for hundreds of groups.
    While a rule is broken, the smallest part involved (fewest people, then its key) is held
    back and the rules are checked again; the whole is never held back by rules 3-4. When the
    parts overlap so much that the search for families takes more than FAMILY_LIMIT steps,
    the smallest of the overlapping parts is held back instead of searching further (safe,
    and it ends).

The cell rule (a distribution's cells, such as how many chose grade 2 in an area)
    Primary suppression: a cell of 1 to MINIMUM_PEOPLE-1 is not shown ("färre än 5"); 0 is
    shown, except in a row about 1 to MINIMUM_PEOPLE-1 people, where nothing is.
    Complementary suppression, as statistics agencies (SCB) do: the row's total is known,
    so while fewer than two cells are hidden, or the hidden cells add up to less than
    MINIMUM_PEOPLE, the next smallest non-zero cell is hidden too (then no hidden cell can be
    worked out from the total, nor pinned down because the hidden ones add up to, say, 2).
    Linked rows: when a shown scope's row and rows of shown scopes inside it are both shown
    (the municipality's and a cohort's), the differences are checked cell by cell the same way
    (pairs and the maximal families of rule 4); a difference of 1 to MINIMUM_PEOPLE-1 hides the
    inner scope's cell, and the cell rule runs again, until nothing changes. This is not a full
    linked-tables audit (τ-ARGUS): it covers subtraction, which is what a coordinator with a
    spreadsheet can do.

    services.follow_up runs the cell rule on two kinds of rows: the maturity model's grades
    (a cell per grade, the row's people those who answered), and each count of PEOPLE in a
    shown scope (onboarded, goals set, journeys completed) as a row of two cells, did and did
    not, the row's people the scope's. Counts of events (exercises done, reflections written,
    modules completed, meetings held) are not counts of people and are not rows here: one
    person may do many, and they are shown as they are once the scope is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

MINIMUM_PEOPLE = 5
FAMILY_LIMIT = 20_000  # steps of the search for families of overlapping scopes

Members = frozenset[int]


def shown_scopes(
    whole: Members, parts: Mapping[str, Members], minimum: int = MINIMUM_PEOPLE
) -> set[str]:
    """The keys of the parts that may be shown next to the whole (rules 1-4 above)."""
    if len(whole) < minimum:
        return set()
    shown = {key: members & whole for key, members in parts.items() if len(members) >= minimum}
    while True:
        culprit = _culprit(whole, shown, minimum)
        if culprit is None:
            return set(shown)
        del shown[culprit]


def _culprit(whole: Members, shown: Mapping[str, Members], minimum: int) -> str | None:
    def small(n: int) -> bool:
        return 0 < n < minimum

    items = sorted(shown.items(), key=lambda item: (len(item[1]), item[0]))
    laminar = True  # any two shown scopes are nested or disjoint (cohorts and their groups)
    for index, (key, members) in enumerate(items):  # rule 3: the smaller of a pair goes
        for _, other in items[index + 1 :]:
            common = len(members & other)
            if not common:
                continue
            only_here, only_there = len(members) - common, len(other) - common
            if small(only_here) or small(only_there):
                return key
            laminar = laminar and not (only_here and only_there)
    outers = [(None, whole), *items]
    if laminar:
        # Rule 4 on a tree: checking each scope against the largest shown scopes inside it is
        # enough, as every deeper family leaves disjoint pieces of none or 5 or more over.
        for _, outer in outers:
            inner = [(key, members) for key, members in items if members < outer]
            children = [
                (key, members)
                for key, members in inner
                if not any(members < other for _, other in inner)
            ]
            covered: set[int] = set().union(*(members for _, members in children))
            if children and small(len(outer - covered)):
                return children[0][0]  # the smallest (items are sorted)
        return None
    for _, outer in outers:  # rule 4, overlapping scopes: search the families
        inner = [(key, members) for key, members in items if members < outer]
        try:
            for family in maximal_families([members for _, members in inner]):
                covered = set().union(*(inner[i][1] for i in family))
                if small(len(outer - covered)):
                    return min((inner[i] for i in family), key=lambda i: (len(i[1]), i[0]))[0]
        except TooManyFamilies as too_many:
            return inner[too_many.smallest_tangled][0]
    return None


class TooManyFamilies(Exception):
    def __init__(self, smallest_tangled: int) -> None:
        super().__init__(smallest_tangled)
        self.smallest_tangled = smallest_tangled


def maximal_families(sets: list[Members], limit: int = FAMILY_LIMIT) -> Iterator[list[int]]:
    """Every maximal family of pairwise disjoint sets (as indexes, ascending). Sets that meet no
    other are in every family; only the others are branched on. `sets` are expected ordered
    smallest first: TooManyFamilies names the first branched one."""
    free = [i for i, s in enumerate(sets) if not any(s & t for j, t in enumerate(sets) if j != i)]
    tangled = [i for i in range(len(sets)) if i not in free]
    steps = 0

    def walk(k: int, chosen: list[int], used: frozenset[int]) -> Iterator[list[int]]:
        nonlocal steps
        steps += 1
        if steps > limit:
            raise TooManyFamilies(tangled[0])
        if k == len(tangled):
            if all(sets[t] & used for t in tangled if t not in chosen):
                yield sorted(free + chosen)
            return
        t = tangled[k]
        if not sets[t] & used:
            yield from walk(k + 1, [*chosen, t], used | sets[t])
        # Leaving t out only leads to a maximal family if a later set can still block it.
        if sets[t] & used or any(sets[t] & sets[u] for u in tangled[k + 1 :]):
            yield from walk(k + 1, chosen, used)

    yield from walk(0, [], frozenset())


def suppress_row(
    row: Mapping[int, int], minimum: int = MINIMUM_PEOPLE, hidden: frozenset[int] = frozenset()
) -> frozenset[int]:
    """The cells (keys) of a row to hide: those already `hidden`, the primary ones (1 to
    minimum-1) and the complementary ones (see the cell rule)."""
    if 0 < sum(row.values()) < minimum:
        return frozenset(row)  # a row about too few: even its zeros tell something
    result = set(hidden) | {key for key, count in row.items() if 0 < count < minimum}
    if not result:
        return frozenset()
    candidates = sorted((count, key) for key, count in row.items() if count > 0)
    for _, key in candidates:
        if len(result) >= 2 and sum(row[k] for k in result) >= minimum:
            break
        result.add(key)
    return frozenset(result)


Row = dict[int, int]
Shown = dict[int, int | None]


def suppress_linked(
    rows: Mapping[str, Row],
    members: Mapping[str, Members],
    whole: str,
    minimum: int = MINIMUM_PEOPLE,
) -> dict[str, Shown]:
    """Rows of counts per scope (the same cells in each), the scopes' people (here: who
    answered), `whole` the enclosing one: each row with its hidden cells as None (the cell
    rule, linked rows included). The scopes are those already allowed by `shown_scopes`."""
    hidden = {key: suppress_row(row, minimum) for key, row in rows.items()}
    order = sorted(rows, key=lambda k: (k != whole, len(members[k]), k))
    changed = True
    while changed:
        changed = False
        for outer in order:
            inner = [k for k in order if members[k] < members[outer]]
            inner.sort(key=lambda k: (len(members[k]), k))
            groups: list[list[str]] = [[k] for k in inner]
            # Too many families: the pairs are still checked; the scope rule held the tangle back.
            with contextlib.suppress(TooManyFamilies):
                groups += [
                    [inner[i] for i in family]
                    for family in maximal_families([members[k] for k in inner])
                    if len(family) > 1
                ]
            for family in groups:
                for cell, count in rows[outer].items():
                    if cell in hidden[outer] or any(cell in hidden[k] for k in family):
                        continue
                    difference = count - sum(rows[k].get(cell, 0) for k in family)
                    if 0 < difference < minimum:
                        target = min(
                            (k for k in family if rows[k].get(cell, 0) > 0),
                            key=lambda k: (rows[k][cell], k),
                            default=family[0],
                        )
                        hidden[target] = suppress_row(
                            rows[target], minimum, hidden[target] | {cell}
                        )
                        changed = True
    return {
        key: {cell: None if cell in hidden[key] else count for cell, count in row.items()}
        for key, row in rows.items()
    }
