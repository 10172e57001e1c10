"""`Retry-After` read as RFC 9110 (section 10.2.3) defines it, and as Microsoft sends it.

The value is delay-seconds (`120`) or an HTTP-date (`Fri, 31 Dec 1999 23:59:59 GMT`, or the
obsolete RFC 850 and asctime forms); Microsoft's services also send fractional seconds (`0.5`).
An HTTP-date is measured from the same response's `Date` header, not from our clock: both come
from the server's clock, so a skew between its clock and ours cannot make us retry early (RFC
9110 requires a `Date` from every server that has a clock). Anything else (negative, `NaN`,
words, a date without a `Date` to measure it from) is no answer: the caller backs off as it
would without the header. A wait beyond a week counts as a week: longer than
anything we would still send or book, and short of overflowing a datetime. Shared by the Bot
Connector client and the Graph client.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_DELAY_SECONDS = re.compile(r"\d+(?:\.\d+)?")
MAX_SECONDS = 7 * 86_400.0


def retry_after_seconds(headers: Mapping[str, str] | None) -> float | None:
    """Seconds to wait from a response's headers (any letter case), or None."""
    if not headers:
        return None
    value = _header(headers, "Retry-After")
    if value is None:
        return None
    return parse_retry_after(value, _header(headers, "Date"))


def parse_retry_after(value: str, date: str | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value; `date` is the response's `Date` header."""
    value = value.strip()
    if _DELAY_SECONDS.fullmatch(value):
        seconds = float(value)
    else:
        moment, sent_at = _http_date(value), _http_date(date)
        if moment is None or sent_at is None:
            return None
        seconds = max(0.0, (moment - sent_at).total_seconds())
    return min(seconds, MAX_SECONDS)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    return None if value is None else str(value)


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # HTTP dates are GMT; the asctime form says no zone at all.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
