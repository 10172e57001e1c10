"""A bounded, seeded fuzz test of the Teams edge: structured mutations of real Teams activities
and card actions, posted to the real app over HTTP. Whatever the mutation, the answer is never a
5xx and the log holds no traceback (bad input from the network is a 4xx or a clean answer).

The app and the fake connector run on their own event loop in a thread, so that Hypothesis
drives a plain synchronous test (it does not run async tests itself) and each example is one
blocking HTTP request, as Teams would send it.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.activities import (
    DANIELA,
    JONAS,
    bot_added,
    card_execute,
    card_submit,
    message,
    personal_install,
)
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer

VERBS = [
    "start_journey", "goal_save", "booking_find", "booking_book", "booking_change",
    "booking_book_manual", "meeting_confirm", "meeting_reject", "meeting_view",
    "learning_module", "learning_module_start", "learning_exercise", "learning_reflect",
    "learning_reflection_draft", "learning_reflection_send", "maturity_checkpoint",
    "meeting_reflection_save", "meeting_insights_save", "team_introduce", "delete_my_data",
    "workbook_refresh", "no-such-verb",
]  # fmt: skip


@dataclass
class _Edge:
    """The running app and connector, and what the app logged."""

    url: str
    connector_url: str
    loop: asyncio.AbstractEventLoop
    problems: list[logging.LogRecord] = field(default_factory=list)


class _Problems(logging.Handler):
    def __init__(self, sink: list[logging.LogRecord]) -> None:
        super().__init__(logging.WARNING)
        self._sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or record.levelno >= logging.ERROR:
            self._sink.append(record)


@pytest.fixture(scope="module")
def edge() -> Iterator[_Edge]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    def run(coroutine: Any, timeout: float = 60) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coroutine, loop)
        return future.result(timeout)

    with tempfile.TemporaryDirectory(prefix="fuzz-") as directory:
        connector = FakeConnector()
        run(connector.start())
        bot = BotServer(database_url=f"sqlite+aiosqlite:///{Path(directory) / 'bot.db'}")
        run(bot.start())
        state = _Edge(bot.url, connector.url, loop)
        handler = _Problems(state.problems)
        logging.getLogger().addHandler(handler)
        try:
            for user in (JONAS, DANIELA):  # people the card actions can belong to
                _post(state.url, json.dumps(personal_install(user, connector.url)).encode())
                _post(state.url, json.dumps(message("hej", user, connector.url)).encode())
            state.problems.clear()
            yield state
        finally:
            logging.getLogger().removeHandler(handler)
            run(bot.__aexit__(None, None, None))
            run(connector.close())
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
            loop.close()


def _post(url: str, body: bytes, content_type: str = "application/json") -> int:
    request = urllib.request.Request(
        f"{url}/api/messages", data=body, method="POST", headers={"Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.read()
        return int(error.code)


# --- the activities and their mutations --------------------------------------------------------

Builder = Callable[[str], dict[str, Any]]


def _builders() -> st.SearchStrategy[Builder]:
    users = st.sampled_from([JONAS, DANIELA])
    verbs = st.sampled_from(VERBS)
    data = st.dictionaries(
        st.sampled_from(
            [
                "proposal_id",
                "meeting_id",
                "group_id",
                "module",
                "exercise",
                "frequency",
                "time",
                "date",
                "text",
                "answer",
                "share",
                "parts_of_day",
                "goal",
                "slot",
                "rating",
            ]
        ),
        _leaves(),
        max_size=4,
    )
    return st.one_of(
        st.builds(lambda u, t: lambda url: message(t, u, url), users, st.text(max_size=40)),
        st.builds(lambda u: lambda url: personal_install(u, url), users),
        st.builds(lambda u: lambda url: bot_added(u, url), users),
        st.builds(lambda v, u, d: lambda url: card_execute(v, u, url, d), verbs, users, data),
        st.builds(lambda v, u, d: lambda url: card_submit(v, u, url, d), verbs, users, data),
    )


def _leaves() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**64), max_value=2**64),
        st.sampled_from([2**63, -(2**63) - 1, 0, -1, 10**30]),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=30),
        st.sampled_from(["", " ", "\u0000", "08:00+02:00", "2026-13-45", "x" * 3000, "\ud800"]),
    )


def _values() -> st.SearchStrategy[Any]:
    return st.recursive(
        _leaves(),
        lambda children: st.one_of(
            st.lists(children, max_size=3),
            st.dictionaries(st.text(max_size=10), children, max_size=3),
        ),
        max_leaves=8,
    )


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the JSON document (keys of objects, indexes of lists)."""
    paths = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            paths.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            paths.extend(_paths(child, (*prefix, index)))
    return paths


@st.composite
def _mutated(draw: st.DrawFn, connector_url: str) -> dict[str, Any]:
    # A deep copy: the builders share module-level dicts (the bot's account), never mutated.
    activity = copy.deepcopy(draw(_builders())(connector_url))
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        paths = _paths(activity)
        path = draw(st.sampled_from(paths))
        *parent_path, last = path
        parent: Any = activity
        for step in parent_path:
            parent = parent[step]
        if isinstance(parent, dict) and draw(st.booleans()) and len(path) > 1:
            del parent[last]  # a field missing (never the whole activity's type below)
        else:
            parent[last] = draw(_values())
    return activity


# JSON that json.dumps would never write: put in the body in place of a placeholder value.
RAW_FRAGMENTS = [
    b"[" * 2_000 + b"]" * 2_000,
    b'{"a":' * 300 + b"1" + b"}" * 300,
    b"9" * 5_000,
    b"1e999",
    b"NaN",
    b"-Infinity",
    b'"\\ud800"',
    b'"caf\xe9"',  # Latin-1, not UTF-8
]
PLACEHOLDER = "\u2063placeholder\u2063"
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=nope",
    "application/json; charset=utf-16",
]


@dataclass(frozen=True)
class _Request:
    body: bytes
    content_type: str
    redeliver: bool  # Teams resends what it thinks timed out, with the same id


@st.composite
def _requests(draw: st.DrawFn, connector_url: str) -> _Request:
    activity = draw(_mutated(connector_url))
    # json.dumps escapes a lone surrogate as \ud800, as a hostile sender would send it.
    raw = draw(st.none() | st.sampled_from(RAW_FRAGMENTS))
    if raw is not None:
        path = draw(st.sampled_from(_paths(activity) or [("value",)]))
        *parent_path, last = path
        parent: Any = activity
        for step in parent_path:
            parent = parent[step]
        parent[last] = PLACEHOLDER
    body = json.dumps(activity).encode()
    if raw is not None:
        body = body.replace(json.dumps(PLACEHOLDER).encode(), raw, 1)
    content_type = draw(st.sampled_from(CONTENT_TYPES))
    return _Request(body, content_type, draw(st.booleans()))


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
@seed(20261206)
@given(data=st.data())
def test_mutated_teams_activities_never_get_a_5xx_or_a_traceback(
    edge: _Edge, data: st.DataObject
) -> None:
    request = data.draw(_requests(edge.connector_url))
    statuses = [_post(edge.url, request.body, request.content_type)]
    if request.redeliver:
        statuses.append(_post(edge.url, request.body, request.content_type))
    assert all(status < 500 for status in statuses), (statuses, request)
    assert not edge.problems, [
        (record.getMessage(), record.exc_info and repr(record.exc_info[1]))
        for record in edge.problems
    ]
