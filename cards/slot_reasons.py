"""Why no meeting time was found, as the Swedish sentence the group reads.

The slot finder (scheduling.slots) stays pure and language-free: it returns a `NoSlotReason`;
this presenter turns it into words from content/ (cards and the slots command both use it).
"""

from __future__ import annotations

from collections.abc import Sequence

from content.dates import format_pattern
from content.messages import Messages
from scheduling.slots import NoSlotReason, ReasonKind


def join_names(names: Sequence[str], and_word: str) -> str:
    """ "Anna", "Anna och Per", "Anna, Per och Karin"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {and_word} {names[-1]}"


def describe(reason: NoSlotReason, messages: Messages) -> str:
    """The reason as the Swedish sentence the group reads."""
    texts = messages.no_slot
    names = join_names([a.display_name for a in reason.attendees], texts.and_word)
    many = len(reason.attendees) > 1
    match reason.kind:
        case ReasonKind.WINDOW_TOO_SHORT:
            return texts.window_too_short
        case ReasonKind.WINDOW_IN_PAST:
            return texts.window_in_past
        case ReasonKind.NO_WORKING_TIME if reason.attendees:
            return texts.no_working_time_for.format(names=names)
        case ReasonKind.NO_WORKING_TIME:
            return texts.no_working_time
        case ReasonKind.NO_SHARED_WORKING_HOURS:
            return texts.no_shared_working_hours
        case ReasonKind.AWAY_WHOLE_WINDOW if reason.until is not None:
            template = texts.away_many_until if many else texts.away_one_until
            when = format_pattern(reason.until, "EEEE d MMMM")
            return template.format(names=names, date=when)
        case ReasonKind.AWAY_WHOLE_WINDOW:
            return (texts.away_many if many else texts.away_one).format(names=names)
        case ReasonKind.BUSY_WHOLE_WINDOW:
            return (texts.busy_many if many else texts.busy_one).format(names=names)
        case ReasonKind.NO_COMMON_TIME:
            return texts.no_common_time
    raise ValueError(f"unknown reason {reason.kind!r}")
