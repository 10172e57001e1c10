"""botbuilder's CloudAdapter with its HTTP edge made safe for Teams.

Stock CloudAdapter 4.17.1 answers 500 where the caller is at fault (malformed JSON, a missing
Content-Type, a bogus bearer token) and to every invoke whose response has a body: the activity
handler has already serialised the body, and `process` serialises it again ('dict' object has no
attribute 'is_xml_model'). `adaptiveCard/action` depends on that body, so `process` is replaced
here; the turn itself still runs through botbuilder's `process_activity`.
"""

from __future__ import annotations

import json
import logging

from aiohttp import web
from azure.core.exceptions import DeserializationError  # what msrest raises
from botbuilder.core import Bot, serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024  # Teams messages are at most about 100 KB


class TeamsCloudAdapter(CloudAdapter):
    async def process(  # no web socket streaming for Teams
        self, request: web.Request, bot: Bot, ws_response: web.WebSocketResponse | None = None
    ) -> web.Response:
        if request.method != "POST":
            raise web.HTTPMethodNotAllowed(request.method, ["POST"])
        activity = await _read_activity(request)
        try:
            invoke_response = await self.process_activity(
                request.headers.get("Authorization", ""), activity, bot.on_turn
            )
        except PermissionError as error:
            log.warning("rejected request for activity %s: %s", activity.id, error)
            raise web.HTTPUnauthorized() from error
        if invoke_response is None:
            return web.Response(status=201)
        return web.json_response(
            data=_serialisable(invoke_response.body), status=invoke_response.status
        )


async def _read_activity(request: web.Request) -> Activity:
    if request.content_type != "application/json":
        raise web.HTTPUnsupportedMediaType(text="expected application/json")
    if request.content_length and request.content_length > MAX_BODY_BYTES:
        raise web.HTTPRequestEntityTooLarge(MAX_BODY_BYTES, request.content_length)
    try:
        body = await request.json()
        activity = Activity().deserialize(body) if isinstance(body, dict) else None
    except (json.JSONDecodeError, UnicodeDecodeError, DeserializationError) as error:
        raise web.HTTPBadRequest(text="malformed activity") from error
    if activity is None or not activity.type:
        raise web.HTTPBadRequest(text="an activity needs a type")
    return activity


def _serialisable(body: object) -> object:
    """Plain JSON passes through; msrest models (as the stock adapter expects) are serialised."""
    if body is None or isinstance(body, dict | list | str | int | float | bool):
        return body
    return serializer_helper(body)
