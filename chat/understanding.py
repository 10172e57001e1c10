"""What a leader means by a message: a command, a few to ask about ("Menade du …?"), or none.

The words are content: each help command's word and synonyms, the greetings and thanks, and
the words around a command that change nothing ("kan du visa …", "… tack"), an organisation's
own added to the defaults. The typo tolerance is rapidfuzz's edit distance. Only a whole
message counts, and only a short one is compared fuzzily, so a goal or a reflection that
mentions "tidsplan" is never taken for a command.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from chat.commands import Command, normalise
from content.messages import Messages
from content.models import Content

log = logging.getLogger(__name__)

# Similarity of the message to a known word: 1 - typos / length, where a typo is a letter
# missing, extra, wrong or swapped with the next (rapidfuzz's optimal string alignment).
# One typo in a five-letter word is 0.8 ("hjälo"), one in a four-letter word 0.75 ("plna").
SURE = 0.75
UNSURE = 0.65  # from here up to SURE: ask "Menade du …?"
MARGIN = 0.08  # two commands scoring this close: ask which one
PART_OF = 0.7  # the message is some of a command's words ("radera" of "radera mina data")
MAX_UNSURE_WORDS = 2  # longer messages are asked about only when they are some of a command
MAX_FUZZY_WORDS = 4  # longer messages are sentences (a goal, a reflection), not a mistyped word
MIN_FUZZY_CHARS = 4  # "ja" is not a typo of "tja"
MAX_CANDIDATES = 3  # more than that close together says nothing
SMALL_TALK = frozenset({Command.GREETING, Command.THANKS})  # never asked about

Words = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sure:
    command: Command


@dataclass(frozen=True, slots=True)
class Unsure:
    candidates: tuple[Command, ...]  # the likeliest first


Meaning = Sure | Unsure | None


def words_of(text: str) -> Words:
    """The words as compared: lower case, no punctuation, and å/ä/ö as a/a/o (a keyboard
    without them, or "hjalp" typed in a hurry, still matches)."""
    decomposed = unicodedata.normalize("NFKD", normalise(text))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return tuple(plain.split())


class Vocabulary:
    """The words of one content view, and what a message means in them."""

    def __init__(self, messages: Messages) -> None:
        self._meaning: dict[str, Command] = {}
        self.conflicts: list[str] = []  # words given to two commands: the first keeps them
        for command, words in _words_per_command(messages):
            for word in words:
                self._add(" ".join(words_of(word)), command)
        understanding = messages.understanding
        self._greetings = _longest_first(understanding.greetings)
        self._before = _longest_first(understanding.words_before + understanding.greetings)
        self._after = _longest_first(understanding.words_after)
        self._choices = list(self._meaning)
        # Ties go to the command listed first (the help card's order): the same every time.
        self._order = {
            command: index for index, command in enumerate(dict.fromkeys(self._meaning.values()))
        }
        self._word_sets = [
            (frozenset(choice.split()), command) for choice, command in self._meaning.items()
        ]

    def understand(self, text: str) -> Meaning:
        forms = self._forms(words_of(text))
        for form in forms:
            command = self._meaning.get(" ".join(form))
            if command is not None:
                return Sure(command)
        return self._closest(form for form in forms if _fuzzy_allowed(form))

    def greets(self, text: str) -> bool:
        """Whether the message starts with a greeting ("hej, nu är jag tillbaka")."""
        words = words_of(text)
        return any(words[: len(greeting)] == greeting for greeting in self._greetings)

    def _add(self, key: str, command: Command) -> None:
        known = self._meaning.setdefault(key, command)
        if known is not command:
            self.conflicts.append(key)
            log.warning("the word %r means both %s and %s; keeping %s", key, known, command, known)

    def _forms(self, words: Words) -> list[Words]:
        """The message, then with the words around a command taken off one at a time."""
        forms = [words]
        while True:
            shorter = _strip_start(forms[-1], self._before) or _strip_end(forms[-1], self._after)
            if shorter is None:
                return forms
            forms.append(shorter)

    def _part_of(self, form: Words) -> set[Command]:
        """The commands that have all of the message's words and more."""
        words = frozenset(form)
        return {command for phrase, command in self._word_sets if words < phrase}

    def _closest(self, forms: Iterable[Words]) -> Meaning:
        """Sure of one command, unsure between a few, or nothing close enough."""
        best = self._scores(forms)
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda item: (-item[1], self._order[item[0]]))
        top = ranked[0][1]
        close = [command for command, score in ranked if score >= top - MARGIN]
        if top >= SURE and len(close) == 1:
            return Sure(close[0])
        candidates = tuple(command for command in close if command not in SMALL_TALK)
        if not candidates or len(candidates) > MAX_CANDIDATES:
            return None
        return Unsure(candidates)

    def _scores(self, forms: Iterable[Words]) -> dict[Command, float]:
        """Each command's best similarity to any form of the message (from UNSURE up)."""
        best: dict[Command, float] = {}
        for form in forms:
            # Sentences that share a few words with a phrase ("vad är det här" and "vad är mitt
            # mål") look alike letter by letter: from three words on, only a typo counts.
            cutoff = UNSURE if len(form) <= MAX_UNSURE_WORDS else SURE
            found = process.extract(
                " ".join(form),
                self._choices,
                scorer=OSA.normalized_similarity,
                score_cutoff=cutoff,
                limit=8,
            )
            for word, score, _index in found:
                command = self._meaning[word]
                best[command] = max(score, best.get(command, 0.0))
            for command in self._part_of(form):
                best[command] = max(PART_OF, best.get(command, 0.0))
        return best


class Understanding:
    """One vocabulary per content view: the defaults, and each organisation's own words."""

    def __init__(self, content: Content) -> None:
        self._content = content
        self._vocabularies: dict[int, tuple[Messages, Vocabulary]] = {}
        default = self.vocabulary(None)
        if default.conflicts:  # the defaults are ours: fix them before starting
            raise ValueError(f"messages.yaml: words given to two commands: {default.conflicts}")

    def vocabulary(self, tenant_id: str | None) -> Vocabulary:
        messages = self._content.for_tenant(tenant_id).messages
        cached = self._vocabularies.get(id(messages))
        if cached is None or cached[0] is not messages:
            cached = self._vocabularies[id(messages)] = (messages, Vocabulary(messages))
        return cached[1]

    def understand(self, tenant_id: str | None, text: str) -> Meaning:
        return self.vocabulary(tenant_id).understand(text)


def _words_per_command(messages: Messages) -> Iterable[tuple[Command, Iterable[str]]]:
    """Each command's own word first, so that no synonym can take it from its command."""
    commands = [(_command(entry.id), entry) for entry in messages.help_commands]
    for command, entry in commands:
        yield command, (entry.command,)
    for command, entry in commands:
        yield command, entry.synonyms
    yield Command.GREETING, messages.understanding.greetings
    yield Command.THANKS, messages.understanding.thanks


def _command(command_id: str) -> Command:
    try:
        return Command(command_id)
    except ValueError:
        raise ValueError(
            f"messages.yaml: help_commands: unknown command id {command_id!r}"
        ) from None


def _longest_first(phrases: Iterable[str]) -> tuple[Words, ...]:
    return tuple(sorted({words_of(phrase) for phrase in phrases} - {()}, key=len, reverse=True))


def _strip_start(words: Words, fillers: tuple[Words, ...]) -> Words | None:
    for filler in fillers:
        if len(filler) < len(words) and words[: len(filler)] == filler:
            return words[len(filler) :]
    return None


def _strip_end(words: Words, fillers: tuple[Words, ...]) -> Words | None:
    for filler in fillers:
        if len(filler) < len(words) and words[-len(filler) :] == filler:
            return words[: -len(filler)]
    return None


def _fuzzy_allowed(form: Words) -> bool:
    """Short, and no digits: "20 min" is a time, not a typo of "mina"."""
    joined = " ".join(form)
    return (
        len(form) <= MAX_FUZZY_WORDS
        and len(joined) >= MIN_FUZZY_CHARS
        and not any(char.isdigit() for char in joined)
    )
