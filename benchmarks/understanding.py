"""Messages understood per second: chat.understanding over the phrasing table, against the
exact word lookup it replaced (one dict lookup after lower-casing).

Every phrasing of tests/chat/phrasings.yaml (commands with typos, inflections, English and
questions; near misses; no command at all; times in words) is understood `--rounds` times,
per group and all together; the best of `--repeat` runs is shown. A message that is no
command costs the most: every form of it is compared with every known word.

    .venv/bin/python benchmarks/understanding.py [--rounds 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chat.commands import normalise  # noqa: E402
from chat.understanding import Understanding  # noqa: E402
from content.loader import load_content  # noqa: E402


def groups() -> dict[str, list[str]]:
    table = yaml.safe_load((ROOT / "tests" / "chat" / "phrasings.yaml").read_text("utf-8"))
    understood = [str(text) for texts in table["understood"].values() for text in texts]
    found = {
        "commands": understood,
        "near misses": [str(text) for text in table["did_you_mean"]],
        "no command": [str(text) for text in table["not_understood"]],
        "times": [str(text) for text in table["durations"]],
    }
    found["all"] = [text for texts in list(found.values()) for text in texts]
    return found


def per_second(
    parse: Callable[[str], object], texts: Sequence[str], rounds: int, repeat: int
) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(rounds):
            for text in texts:
                parse(text)
        best = min(best, time.perf_counter() - start)
    return rounds * len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    content = load_content()
    understanding = Understanding(content)
    exact = {normalise(entry.command): entry.id for entry in content.messages.help_commands}

    def understand(text: str) -> object:
        return understanding.understand(None, text)

    def lookup(text: str) -> object:
        return exact.get(normalise(text))

    header = ("phrasings", "count", "understanding/s", "exact lookup/s", "µs each")
    print("{:<12} {:>5} {:>16} {:>15} {:>8}".format(*header))
    for name, texts in groups().items():
        fast = per_second(lookup, texts, args.rounds, args.repeat)
        rate = per_second(understand, texts, args.rounds, args.repeat)
        print(f"{name:<12} {len(texts):>5} {rate:>16,.0f} {fast:>15,.0f} {1e6 / rate:>8.1f}")


if __name__ == "__main__":
    main()
