"""String types for content files: plain text, message templates, ids, URLs and clock times.

Plain text may not contain braces at all, so a placeholder typed into a field that is never
formatted is caught at load instead of being shown to a user as "{first_name}".
"""

import re
from datetime import time
from string import Formatter
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BeforeValidator, StringConstraints

_Trimmed = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def placeholders_of(template: str) -> frozenset[str]:
    """The names of the str.format fields in a template; raises ValueError if it is malformed."""
    names: set[str] = set()
    for _literal, field, _spec, _conversion in Formatter().parse(template):
        if field is None:
            continue
        if not field.isidentifier():
            raise ValueError(f"placeholder {{{field}}} must be a plain name like {{first_name}}")
        names.add(field)
    return frozenset(names)


def _describe(names: frozenset[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(names)) or "none"


def uses(*names: str) -> AfterValidator:
    """Validator for a message template whose placeholders must be exactly `names`."""
    expected = frozenset(names)

    def check(value: str) -> str:
        found = placeholders_of(value)
        if found != expected:
            raise ValueError(
                f"placeholders must be {_describe(expected)}, found {_describe(found)}"
            )
        return value

    return AfterValidator(check)


def may_use(*names: str) -> AfterValidator:
    """Validator for a text that may hold some of `names` as placeholders (or none)."""
    allowed = frozenset(names)

    def check(value: str) -> str:
        found = placeholders_of(value)
        if not found <= allowed:
            raise ValueError(f"placeholders may be {_describe(allowed)}, found {_describe(found)}")
        return value

    return AfterValidator(check)


def _no_braces(value: str) -> str:
    if "{" in value or "}" in value:
        raise ValueError("plain text cannot contain { or }; placeholders belong in templates")
    return value


Text = Annotated[_Trimmed, AfterValidator(_no_braces)]
"""User-visible Swedish text that is shown as is."""


def at_most(limit: int) -> AfterValidator:
    """Validator for a text a card shows: at most `limit` characters, so no part is a wall."""

    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"at most {limit} characters fit here, found {len(value)}")
        return value

    return AfterValidator(check)


Template = _Trimmed
"""A str.format template; annotate it with `uses(...)` to fix its placeholders."""

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
"""A stable identifier stored in the database: lower case ASCII, digits and underscores."""


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http(s) URL")
    return value


Url = Annotated[_Trimmed, AfterValidator(_http_url)]

_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _clock_time(value: Any) -> Any:
    # YAML 1.1 reads an unquoted 17:00 as the base-60 integer 1020, which pydantic would
    # silently accept as 00:17:00; only quoted "HH:MM" strings are allowed (or a time built in
    # code, e.g. from the settings a coordinator published).
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not _CLOCK.match(value):
        raise ValueError('must be a quoted "HH:MM" time, e.g. "07:00"')
    return time.fromisoformat(value)


ClockTime = Annotated[time, BeforeValidator(_clock_time)]


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown IANA time zone {value!r}") from error
    return value


TimeZoneName = Annotated[_Trimmed, AfterValidator(_time_zone)]
