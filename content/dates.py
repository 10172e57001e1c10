"""Swedish date and time formatting: "onsdag 4 december kl. 14:00".

Times are stored in UTC and shown in the organisation's zone, so every function takes an
aware datetime and the IANA zone to show it in. The zone conversion is done with zoneinfo
(Babel 2.9 would use pytz); Babel only supplies the Swedish weekday and month names.
"""

from datetime import date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date

DEFAULT_TIME_ZONE = "Europe/Stockholm"
_SWEDISH = Locale.parse("sv_SE")


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def to_local(dt: datetime, tz: str | tzinfo = DEFAULT_TIME_ZONE) -> datetime:
    """`dt` in the zone `tz`; naive datetimes are refused because their zone is a guess."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{dt!r} has no time zone; pass an aware datetime")
    return dt.astimezone(_zone(tz) if isinstance(tz, str) else tz)


def format_date_sv(dt: datetime, tz: str | tzinfo = DEFAULT_TIME_ZONE) -> str:
    """The local date, e.g. "onsdag 4 december"."""
    # babel ships no type information: format_date returns a str
    text: str = format_date(to_local(dt, tz).date(), "EEEE d MMMM", locale=_SWEDISH)
    return text


def format_time_sv(dt: datetime, tz: str | tzinfo = DEFAULT_TIME_ZONE) -> str:
    """The local clock time, e.g. "14:00"."""
    return f"{to_local(dt, tz):%H:%M}"


def format_datetime_sv(dt: datetime, tz: str | tzinfo = DEFAULT_TIME_ZONE) -> str:
    """The local date and time, e.g. "onsdag 4 december kl. 14:00"."""
    return f"{format_date_sv(dt, tz)} kl. {format_time_sv(dt, tz)}"


def format_time_range_sv(
    start: datetime, end: datetime, tz: str | tzinfo = DEFAULT_TIME_ZONE
) -> str:
    """E.g. "onsdag 4 december kl. 14:00–15:00"; both dates if it ends on another day."""
    if end < start:
        raise ValueError(f"the range ends ({end}) before it starts ({start})")
    if to_local(start, tz).date() == to_local(end, tz).date():
        return f"{format_datetime_sv(start, tz)}–{format_time_sv(end, tz)}"
    return f"{format_datetime_sv(start, tz)} – {format_datetime_sv(end, tz)}"


def format_day_sv(dt: datetime, tz: str | tzinfo = DEFAULT_TIME_ZONE) -> str:
    """The local date with its year, e.g. "6 december 2026"."""
    text: str = format_date(to_local(dt, tz).date(), "d MMMM y", locale=_SWEDISH)
    return text


def format_date_only_sv(day: date) -> str:
    """A calendar day with its weekday and year, e.g. "måndag 7 december 2026"."""
    text: str = format_date(day, "EEEE d MMMM y", locale=_SWEDISH)
    return text
