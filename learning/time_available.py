"""How much time a leader says they have: "jag har 15 minuter", "en kvart", "tjugo min",
"en halvtimme", "1,5 timmar", "en och en halv timme"; in English "I have 15 minutes",
"half an hour", "an hour and a half", "1.5 hours". Both are understood whatever the person's
language (as commands are: a Swedish word works for everyone).

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

# English: the same amounts in English words. "an hour and a half" puts the half after the unit.
_NUMBER_WORDS_EN = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "twenty-five": 25, "twenty five": 25, "thirty": 30, "forty": 40, "forty-five": 45,
    "forty five": 45, "fifty": 50, "sixty": 60, "ninety": 90,
}  # fmt: skip
_WORDS_EN = "|".join(sorted(map(re.escape, _NUMBER_WORDS_EN), key=len, reverse=True))
_AMOUNT_EN = (
    r"(?:(?:a\s+)?(?P<half>half\s+an\s+hour|half\s+hour|half-hour)"
    r"|(?:(?P<quarters>a|one|three)\s+)?quarters?\s+(?:of\s+an\s+)?hour"
    rf"|(?P<number>\d+(?:[.,]\d+)?|{_WORDS_EN})(?P<and_half>\s+and\s+a\s+half)?\s*"
    r"(?P<unit>min|mins|minute|minutes|h|hr|hrs|hour|hours)(?P<half_after>\s+and\s+a\s+half)?)"
)
_PHRASE_EN = re.compile(
    r"^(?:i have|i've got|i have got|i've|i only have|i've only got|i have about|i have around|"
    r"i have only|i have just|i got|got|about|around|roughly|approximately|only|just)?\s*"
    rf"{_AMOUNT_EN}"
    r"(?:\s+(?:left|now|today|to spare|spare|free|available|of time|time))*$"
)
_HOURS = {"h", "tim", "timme", "timmen", "timmar", "timma", "timmas", "hr", "hrs", "hour", "hours"}
_SPACES = re.compile(r"\s+")


MAX_MINUTES = 7 * 24 * 60  # a week: more than any exercise takes, and a finite number


def minutes_available(text: str) -> int | None:
    """Minutes in a time statement, or None when the text is not one."""
    cleaned = _SPACES.sub(" ", text.casefold()).strip().rstrip("!?.:; ")
    match = _PHRASE.match(cleaned) or _PHRASE_EN.match(cleaned)
    if match is None:
        return None
    minutes = _minutes(match)
    if not 1 <= minutes <= MAX_MINUTES:  # "9999…9 minuter" is not a time statement
        return None
    return int(minutes)


def _minutes(match: re.Match[str]) -> float:
    if match["half"]:
        return 30
    if match["number"] is None:  # "en kvart", "tre kvart", "three quarters of an hour"
        return 45 if match["quarters"] in ("tre", "three") else 15
    number = _number(match["number"], english=match.re is _PHRASE_EN)
    if match["unit"] in _HOURS:
        halves = match["and_half"] or match.groupdict().get("half_after")
        return (number + (0.5 if halves else 0)) * 60
    return number


def _number(raw: str, *, english: bool) -> float:
    words = _NUMBER_WORDS_EN if english else _NUMBER_WORDS
    return words[raw] if raw in words else float(raw.replace(",", "."))
