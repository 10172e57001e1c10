"""How much time a leader says they have: "jag har 15 minuter", "en kvart", "tjugo min",
"en halvtimme", "1,5 timmar", "en och en halv timme".

Only a whole message that is such a statement counts, so a goal or a reflection that mentions
minutes is never taken for a filter.
"""

from __future__ import annotations

import re

# Numbers as people write them in a time: digits ("1,5") or Swedish words up to an hour and
# a half; "halv" is half an hour ("en halv timme").
_NUMBER_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
    "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "femton": 15, "tjugo": 20, "tjugofem": 25,
    "trettio": 30, "fyrtio": 40, "fyrtiofem": 45, "femtio": 50, "sextio": 60, "nittio": 90,
    "halv": 0.5, "en halv": 0.5,
}  # fmt: skip
_WORD_ALTERNATIVES = "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True))
_NUMBER = rf"(?P<number>\d+(?:[.,]\d+)?|{_WORD_ALTERNATIVES})"
_UNIT = r"(?P<unit>min|mins|minut|minuter|h|tim|timme|timmen|timmar|timma|timmas)"
_AND_A_HALF = r"(?P<and_half>\s+och\s+en\s+halv)?"
_AMOUNT = (
    r"(?:(?:en\s+)?(?P<half>halvtimme|halvtimma)"
    r"|(?P<quarters>en|tre)?\s*kvart(?:ar)?"
    rf"|{_NUMBER}{_AND_A_HALF}\s*{_UNIT})"
)
_PHRASE = re.compile(
    r"^(?:jag har|har|har bara|jag har bara|jag har typ|jag har ungefär|jag har ca|ca|cirka|"
    r"ungefär|typ|bara)?\s*"
    rf"{_AMOUNT}"
    r"(?:\s+(?:på mig|över|kvar|nu|idag|i dag|tid))*$"
)
_HOURS = {"h", "tim", "timme", "timmen", "timmar", "timma", "timmas"}
_SPACES = re.compile(r"\s+")


MAX_MINUTES = 7 * 24 * 60  # a week: more than any exercise takes, and a finite number


def minutes_available(text: str) -> int | None:
    """Minutes in a time statement, or None when the text is not one."""
    cleaned = _SPACES.sub(" ", text.casefold()).strip().rstrip("!?.:; ")
    match = _PHRASE.match(cleaned)
    if match is None:
        return None
    minutes = _minutes(match)
    if not 1 <= minutes <= MAX_MINUTES:  # "9999…9 minuter" is not a time statement
        return None
    return int(minutes)


def _minutes(match: re.Match[str]) -> float:
    if match["half"]:
        return 30
    if match["number"] is None:  # "en kvart", "tre kvart"
        return 45 if match["quarters"] == "tre" else 15
    raw = match["number"]
    number = _NUMBER_WORDS[raw] if raw in _NUMBER_WORDS else float(raw.replace(",", "."))
    if match["unit"] in _HOURS:
        return (number + (0.5 if match["and_half"] else 0)) * 60
    return number
