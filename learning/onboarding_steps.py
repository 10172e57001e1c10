"""The onboarding's steps, in the order a leader takes them.

Here, not in cards/, because the services layer decides which step comes next and must not
depend on the cards' button payloads; the cards carry the step on their buttons.
"""

from __future__ import annotations

from enum import StrEnum


class Step(StrEnum):
    """Where a leader is in the onboarding, as stored and as its buttons carry it."""

    WELCOME = "welcome"
    ELEMENTS = "elements"
    INDIVIDUALISE = "individualise"
    FAMILIARITY = "familiarity"
    PLAN = "plan"
    GOAL = "goal"
    STARTING_POINT = "starting_point"
    BOOKING = "booking"
    DONE = "done"
