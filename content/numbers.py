"""Numbers in the language being spoken: "1,5" in Swedish, "1.5" in English."""

from babel.numbers import format_decimal

from content.dates import locale_of
from content.language import Language


def decimal_text(number: float, language: Language | None = None) -> str:
    """Up to two decimals, none when whole: 2 -> "2", 2.5 -> "2,5" / "2.5"."""
    # babel ships no type information: format_decimal returns a str
    text: str = format_decimal(number, format="0.##", locale=locale_of(language))
    return text
