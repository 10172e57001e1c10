"""A small in-process event bus: handlers run in the publisher's task, in subscription order.

In the publisher's task on purpose: inside a unit of work the reactions' writes (the outbox rows
a booking causes) commit with the change that caused them. A handler that fails fails the
publisher, so nothing is half done silently.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)

E = TypeVar("E")
Handler = Callable[[E], Awaitable[object]]


class EventBus:
    def __init__(self) -> None:
        self._handlers: defaultdict[type[Any], list[Handler[Any]]] = defaultdict(list)

    def subscribe(self, event_type: type[E], handler: Handler[E]) -> None:
        self._handlers[event_type].append(handler)

    async def publish(self, event: object) -> None:
        handlers = self._handlers.get(type(event), [])
        log.debug("event %r to %d handlers", event, len(handlers))
        for handler in handlers:
            await handler(event)
