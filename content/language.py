"""The language the bot speaks to someone: Swedish by default, English as the second language.

Teams sends the user's locale ("en-US", "sv-SE") on every activity; a locale starting with "en"
means English, anything else (or none) Swedish. A person can also choose with "språk"/"language",
which then wins over the locale (storage.languages keeps both).

The language of whoever is being spoken to is a context variable: the Teams edge sets it for a
turn (bot.middleware.LanguageChoice), and a job that writes to a person sets it with `speaking`
around that person's message. Content.for_tenant and content.dates read it, so the many call
sites that render a text need not each carry the language; a call can still pass one explicitly.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal, get_args

Language = Literal["sv", "en"]
SWEDISH: Language = "sv"
ENGLISH: Language = "en"
DEFAULT_LANGUAGE: Language = SWEDISH
LANGUAGES: tuple[Language, ...] = get_args(Language)
# Where the English twins live under a data directory: en/<the Swedish file's own path>.
TWIN_DIRS: dict[Language, str] = {ENGLISH: "en"}

_speaking: ContextVar[Language] = ContextVar("speaking", default=DEFAULT_LANGUAGE)


def language_of_locale(locale: str | None) -> Language:
    """ "en", "en-US", "en_GB" -> English; anything else, or no locale, -> Swedish."""
    if locale and locale.strip().lower()[:2] == ENGLISH:
        return ENGLISH
    return SWEDISH


def as_language(value: str | None) -> Language | None:
    """A stored or typed language code as a Language; None when it is none of ours."""
    code = (value or "").strip().lower()
    return next((language for language in LANGUAGES if language == code), None)


def current_language() -> Language:
    """The language of whoever is being spoken to now (Swedish outside any turn or job)."""
    return _speaking.get()


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    """Everything rendered inside is in `language` (texts from Content.for_tenant, dates)."""
    token = _speaking.set(language)
    try:
        yield
    finally:
        _speaking.reset(token)
