"""How much time a leader says they have: "jag har 15 minuter", "en halvtimme", "1,5 timmar".

Only a whole message that is such a statement counts, so a goal or a reflection that mentions
minutes is never taken for a filter.
"""

from __future__ import annotations

import re

_NUMBER = r"(?P<number>\d+(?:[.,]\d+)?|en|ett|två|tre)"
_UNIT = r"(?P<unit>min|mins|minut|minuter|h|tim|timme|timmen|timmar)"
_PHRASE = re.compile(
    r"^(?:jag har|har|har bara|jag har bara|jag har typ|jag har ungefär|jag har ca|ca|cirka|"
    r"ungefär|typ|bara)?\s*"
    rf"(?:(?:en )?(?P<half>halvtimme)|{_NUMBER}\s*{_UNIT})"
    r"(?:\s+(?:på mig|över|kvar|nu|idag|i dag|tid))*$"
)
_WORDS = {"en": 1.0, "ett": 1.0, "två": 2.0, "tre": 3.0}
_HOURS = {"h", "tim", "timme", "timmen", "timmar"}
_SPACES = re.compile(r"\s+")


MAX_MINUTES = 7 * 24 * 60  # a week: more than any exercise takes, and a finite number


def minutes_available(text: str) -> int | None:
    """Minutes in a time statement, or None when the text is not one."""
    cleaned = _SPACES.sub(" ", text.casefold()).strip().rstrip("!?.:; ")
    match = _PHRASE.match(cleaned)
    if match is None:
        return None
    if match["half"]:
        return 30
    raw = match["number"]
    number = _WORDS[raw] if raw in _WORDS else float(raw.replace(",", "."))
    minutes = number * 60 if match["unit"] in _HOURS else number
    if not 1 <= minutes <= MAX_MINUTES:  # "9999…9 minuter" is not a time statement
        return None
    return int(minutes)
