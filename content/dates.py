"""Date and time formatting in the language being spoken: "onsdag 4 december kl. 14:00",
"Wednesday 4 December at 14:00".

Times are stored in UTC and shown in the organisation's zone, so every function takes an
aware datetime and the IANA zone to show it in. The zone conversion is done with zoneinfo
(Babel 2.9 would use pytz); Babel only supplies the weekday and month names. Each function takes
the language, or formats in the current one (content.language: the person spoken to). The
`_sv` names are the ones code used before English came; they too follow the current language.
"""

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date

from content.language import ENGLISH, SWEDISH, Language, current_language

DEFAULT_TIME_ZONE = "Europe/Stockholm"


@dataclass(frozen=True, slots=True)
class _Patterns:
    locale: Locale
    date: str  # weekday and day of month
    day: str  # day of month and year
    calendar_day: str  # weekday, day of month and year
    at: str  # between the date and the clock time


# English keeps the 24-hour clock and day-before-month order the Swedish text has, so a time is
# read the same in both languages (a group mixes them); only the words are English.
_PATTERNS: dict[Language, _Patterns] = {
    SWEDISH: _Patterns(Locale.parse("sv_SE"), "EEEE d MMMM", "d MMMM y", "EEEE d MMMM y", "kl."),
    ENGLISH: _Patterns(Locale.parse("en_GB"), "EEEE d MMMM", "d MMMM y", "EEEE d MMMM y", "at"),
}


def _patterns(language: Language | None) -> _Patterns:
    return _PATTERNS[language or current_language()]


def locale_of(language: Language | None = None) -> Locale:
    """Babel's locale for `language` (the current one when None), for numbers too."""
    return _patterns(language).locale


def _babel(day: date, pattern: str, locale: Locale) -> str:
    # babel ships no type information: format_date returns a str
    text: str = babel_format_date(day, pattern, locale=locale)
    return text


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def to_local(dt: datetime, tz: str | tzinfo = DEFAULT_TIME_ZONE) -> datetime:
    """`dt` in the zone `tz`; naive datetimes are refused because their zone is a guess."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{dt!r} has no time zone; pass an aware datetime")
    return dt.astimezone(_zone(tz) if isinstance(tz, str) else tz)


def format_local_date(
    dt: datetime, tz: str | tzinfo = DEFAULT_TIME_ZONE, language: Language | None = None
) -> str:
    """The local date, e.g. "onsdag 4 december" / "Wednesday 4 December"."""
    patterns = _patterns(language)
    return _babel(to_local(dt, tz).date(), patterns.date, patterns.locale)


def format_local_time(dt: datetime, tz: str | tzinfo = DEFAULT_TIME_ZONE) -> str:
    """The local clock time, e.g. "14:00" (the same in both languages)."""
    return f"{to_local(dt, tz):%H:%M}"


def format_local_datetime(
    dt: datetime, tz: str | tzinfo = DEFAULT_TIME_ZONE, language: Language | None = None
) -> str:
    """E.g. "onsdag 4 december kl. 14:00" / "Wednesday 4 December at 14:00"."""
    patterns = _patterns(language)
    return f"{format_local_date(dt, tz, language)} {patterns.at} {format_local_time(dt, tz)}"


def format_local_time_range(
    start: datetime,
    end: datetime,
    tz: str | tzinfo = DEFAULT_TIME_ZONE,
    language: Language | None = None,
) -> str:
    """E.g. "onsdag 4 december kl. 14:00–15:00"; both dates if it ends on another day."""
    if end < start:
        raise ValueError(f"the range ends ({end}) before it starts ({start})")
    first = format_local_datetime(start, tz, language)
    if to_local(start, tz).date() == to_local(end, tz).date():
        return f"{first}–{format_local_time(end, tz)}"
    return f"{first} – {format_local_datetime(end, tz, language)}"


def format_local_day(
    dt: datetime, tz: str | tzinfo = DEFAULT_TIME_ZONE, language: Language | None = None
) -> str:
    """The local date with its year, e.g. "6 december 2026" / "6 December 2026"."""
    patterns = _patterns(language)
    return _babel(to_local(dt, tz).date(), patterns.day, patterns.locale)


def format_calendar_day(day: date, language: Language | None = None) -> str:
    """A calendar day with its weekday and year, e.g. "måndag 7 december 2026"."""
    patterns = _patterns(language)
    return _babel(day, patterns.calendar_day, patterns.locale)


def format_pattern(day: date, pattern: str, language: Language | None = None) -> str:
    """A day in a Babel pattern of the caller's own (quoted words in it stay as they are)."""
    return _babel(day, pattern, _patterns(language).locale)


# The names from before English: they format in the current language too.
format_date_sv = format_local_date
format_time_sv = format_local_time
format_datetime_sv = format_local_datetime
format_time_range_sv = format_local_time_range
format_day_sv = format_local_day
format_date_only_sv = format_calendar_day
