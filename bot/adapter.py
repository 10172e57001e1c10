"""The HTTP side of the Teams edge: a request in, an activity through the pipeline, a status out.

botbuilder stays for what it is good at: validating the Bot Framework token
(`BotFrameworkAuthentication.authenticate_request`, the same call CloudAdapter makes on every
request) and picking the credentials for answering. What CloudAdapter did around that cost more
than the turn itself and is done here instead:
- msrest deserialised every inbound activity: we read the JSON ourselves (bot.activity);
- stock CloudAdapter 4.17.1 answers 500 where the caller is at fault (malformed JSON, a missing
  Content-Type, a bogus bearer token) and to every invoke whose response has a body (it
  serialises the already-serialised body again): here those are 4xx and plain JSON answers.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from botbuilder.schema import Activity, ChannelAccount
from botframework.connector.auth import BotFrameworkAuthentication

from bot.activity import InboundActivity, MalformedActivity, decode_json, parse_activity
from bot.authentication import AuthenticationUnavailable
from bot.clients import ConnectorClients
from bot.connector import ConnectorClient
from bot.errors import ErrorHandler
from bot.scope import InvokeAnswer, TurnScope
from bot.service_urls import ServiceUrlPolicy

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024  # Teams messages are at most about 100 KB
NOT_IMPLEMENTED = InvokeAnswer(501)  # an invoke nobody answered, as botbuilder answers it

Logic = Callable[[TurnScope], Awaitable[None]]


class ActivityEndpoint:
    """POST /api/messages: authenticate, run the turn, answer (an invoke with its body)."""

    def __init__(
        self,
        authentication: BotFrameworkAuthentication,
        clients: ConnectorClients,
        logic: Logic,
        on_error: ErrorHandler,
        service_urls: ServiceUrlPolicy,
    ) -> None:
        self._authentication = authentication
        self._clients = clients
        self._logic = logic
        self._on_error = on_error
        self._service_urls = service_urls

    async def process(self, request: web.Request) -> web.Response:
        if request.method != "POST":
            raise web.HTTPMethodNotAllowed(request.method, ["POST"])
        activity = await _read_activity(request)
        if not self._service_urls.allows(activity.service_url):
            # Before authentication: validating a token may already reach out (signing keys).
            log.warning("activity %s names a service URL not allowed", activity.id)
            raise web.HTTPBadRequest(text="serviceUrl not allowed")
        client = await self._authenticate(request.headers.get("Authorization", ""), activity)
        scope = TurnScope(activity, client)
        try:
            await self._logic(scope)
        except Exception as error:  # as botbuilder's run_pipeline: the handler decides
            await self._on_error(scope, error)
        if activity.type != "invoke":
            return web.Response(status=201)
        answer = scope.invoke_answer or NOT_IMPLEMENTED
        return web.json_response(data=answer.body, status=answer.status)

    async def _authenticate(self, header: str, activity: InboundActivity) -> ConnectorClient:
        """botbuilder validates the token (when an app id is set, every request needs one) and
        picks the credentials to answer with; a refusal is 401."""
        try:
            result = await self._authentication.authenticate_request(
                _as_seen_by_authentication(activity), header
            )
        except PermissionError as error:
            log.warning("rejected request for activity %s: %s", activity.id, error)
            raise web.HTTPUnauthorized() from error
        except AuthenticationUnavailable as error:
            log.error("could not authenticate activity %s: %s", activity.id, error)
            raise web.HTTPServiceUnavailable() from error
        if result.connector_factory is None:
            raise RuntimeError("botbuilder authenticated the request but gave no credentials")
        stock = await result.connector_factory.create(activity.service_url, result.audience)
        return self._clients.for_credentials(activity.service_url, stock.config.credentials)


def _as_seen_by_authentication(activity: InboundActivity) -> Activity:
    """The fields botbuilder's authentication reads (channel, service URL, recipient role)."""
    recipient = activity.recipient
    return Activity(
        type=activity.type,
        id=activity.id,
        channel_id=activity.channel_id,
        service_url=activity.service_url,
        recipient=ChannelAccount(id=recipient.id, role=recipient.role) if recipient else None,
    )


async def _read_activity(request: web.Request) -> InboundActivity:
    """The body's bytes, read by us: aiohttp's request.json() trusts the declared charset (an
    unknown one raised LookupError, a 500). The Bot Connector sends UTF-8 JSON."""
    if request.content_type != "application/json":
        raise web.HTTPUnsupportedMediaType(text="expected application/json")
    if request.content_length and request.content_length > MAX_BODY_BYTES:
        raise web.HTTPRequestEntityTooLarge(MAX_BODY_BYTES, request.content_length)
    try:
        return parse_activity(decode_json(await request.read(), request.charset))
    except MalformedActivity as error:
        log.info("malformed activity refused: %s", error)
        raise web.HTTPBadRequest(text=f"malformed activity: {error}") from error
