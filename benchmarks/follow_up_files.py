"""How long the follow-up's files take: the summary with the disclosure rules, one chart (PNG)
per scope and the Excel workbook, for LEADERS leaders in COHORTS cohorts and groups of four
(GROUP_SIZE), everyone with maturity answers. No database: the facts are made in memory.

    .venv/bin/python benchmarks/follow_up_files.py [--leaders 2000] [--cohorts 10] [--runs 5]
        [--group-size 4]

Prints milliseconds per step (median of the runs). The charts and the workbook are drawn in a
worker thread by the service (asyncio.to_thread), so this is time off the event loop.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from content.loader import load_content  # noqa: E402
from services.follow_up import summarise  # noqa: E402
from storage.follow_up import CohortFacts, GroupFacts, OrganisationFacts  # noqa: E402
from workbook.follow_up_files import follow_up_chart, follow_up_xlsx  # noqa: E402

CHECKPOINTS = ("start", "halfway", "end")


def facts(leaders: int, cohorts: int, group_size: int) -> OrganisationFacts:
    generator = random.Random(15)
    people = frozenset(range(leaders))
    groups = [
        GroupFacts(
            g,
            f"G{g}",
            frozenset(range(g * group_size, min((g + 1) * group_size, leaders))),
            3,
        )
        for g in range(leaders // group_size)
    ]
    made = OrganisationFacts(people, groups)
    size = leaders // max(cohorts, 1)
    made.cohorts = [
        CohortFacts(c, f"Omgång {c}", frozenset(range(c * size, (c + 1) * size)))
        for c in range(cohorts)
    ]
    made.onboarded = set(people)
    made.goal_set = {p for p in people if p % 3}
    made.exercises_done = Counter({p: p % 7 for p in people})
    made.reflections = Counter({p: p % 5 for p in people})
    made.modules_completed = Counter({p: p % 4 for p in people})
    areas = ("culture", "user_perspective", "structure", "collaboration")
    for checkpoint in CHECKPOINTS:
        for area in areas:
            made.maturity[(checkpoint, area)] = {p: generator.randint(1, 4) for p in people}
    return made


def timed(runs: int, step: object) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        step()  # type: ignore[operator]
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leaders", type=int, default=2000)
    parser.add_argument("--cohorts", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--group-size", type=int, default=4, help="5 or more: groups are shown")
    args = parser.parse_args()
    content = load_content()
    made = facts(args.leaders, args.cohorts, args.group_size)
    summary = summarise(made, content)
    follow_up_chart(summary, summary.municipality, content)  # matplotlib's first-use setup
    results = {
        "summary with the disclosure rules": timed(args.runs, lambda: summarise(made, content)),
        "chart, municipality": timed(
            args.runs, lambda: follow_up_chart(summary, summary.municipality, content)
        ),
        "chart, one cohort": timed(
            args.runs, lambda: follow_up_chart(summary, summary.cohorts[0], content)
        ),
        "chart, one group": timed(
            args.runs, lambda: follow_up_chart(summary, summary.groups[0], content)
        ),
        "Excel workbook (all scopes)": timed(args.runs, lambda: follow_up_xlsx(summary, content)),
    }
    print(
        f"{args.leaders} leaders, {args.cohorts} cohorts, {len(summary.groups)} groups, "
        f"median of {args.runs} runs:"
    )
    for name, ms in results.items():
        print(f"  {name:36} {ms:8.1f} ms")


if __name__ == "__main__":
    main()
