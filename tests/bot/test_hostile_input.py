"""Hostile input at the Teams edge: a 4xx (or a clean answer), never a 500 or a traceback."""

from __future__ import annotations

import json
import logging

import pytest

from tests.activities import JONAS, TENANT, card_execute, message
from tests.fakes.connector import FakeConnector
from tests.harness import BotServer

APP_ID = "11111111-2222-3333-4444-555555555555"
SERVICE_URL = "https://smba.trafficmanager.net/emea/"
OTHER_TENANT = "99999999-0000-0000-0000-000000000009"


def _activity_with(value: bytes) -> bytes:
    """A well-formed message whose `value` is the hostile part (the placeholder is replaced)."""
    body = json.dumps({**message("hej", JONAS, SERVICE_URL), "value": "@@"}).encode()
    return body.replace(b'"@@"', value)


BEFORE_AUTHENTICATION = [
    pytest.param(_activity_with(b"[" * 2_000 + b"]" * 2_000), {}, id="nested-2000-deep"),
    pytest.param(_activity_with(b"[" * 100 + b"]" * 100), {}, id="nested-100-deep"),
    pytest.param(_activity_with(b"9" * 5_000), {}, id="5000-digit-number"),
    pytest.param(_activity_with(b"1" + b"0" * 400 + b".5"), {}, id="400-digit-float"),
    pytest.param(_activity_with(b"NaN"), {}, id="nan"),
    pytest.param(_activity_with(b'"\\ud800"'), {}, id="lone-surrogate"),
    pytest.param(_activity_with(b'"caf\xe9"'), {}, id="latin1-bytes"),
    pytest.param(
        _activity_with(b"1"), {"Content-Type": "application/json; charset=nope"}, id="charset-nope"
    ),
    pytest.param(
        _activity_with(b"1"), {"Content-Type": "application/json; charset=latin-1"}, id="latin-1"
    ),
]


@pytest.mark.parametrize(("body", "headers"), BEFORE_AUTHENTICATION)
async def test_hostile_bodies_are_400_before_authentication(
    database_url: str, body: bytes, headers: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    """With an app id and no token a well-formed activity is 401: 400 shows the body itself was
    refused, before botbuilder saw it."""
    async with BotServer(database_url=database_url, app_id=APP_ID, app_password="secret") as bot:
        with caplog.at_level(logging.INFO):
            response = await bot.post(body, headers=headers)
            control = await bot.post(_activity_with(b"1"))
    assert response.status == 400
    assert control.status == 401
    assert not [r for r in caplog.records if r.exc_info], "no stack trace for bad input"


async def test_utf8_with_an_explicit_charset_is_read(
    bot: BotServer, connector: FakeConnector
) -> None:
    body = json.dumps(message("hej", JONAS, connector.url)).encode()
    response = await bot.post(body, headers={"Content-Type": "application/json; charset=UTF-8"})
    assert response.status == 201
    assert connector.sent, "the bot answered the message"


def _with_tenant(activity: dict, channel_tenant: object, conversation_tenant: object) -> dict:
    activity["channelData"]["tenant"] = channel_tenant
    activity["conversation"]["tenantId"] = conversation_tenant
    return activity


@pytest.mark.parametrize(
    ("channel_tenant", "conversation_tenant"),
    [
        pytest.param(TENANT, 7, id="conversation-tenant-a-number"),
        pytest.param(TENANT, ["x"], id="conversation-tenant-a-list"),
        pytest.param({"id": 7}, TENANT, id="tenant-id-a-number"),
        pytest.param({"id": {"id": TENANT}}, TENANT, id="tenant-id-an-object"),
        pytest.param(TENANT, TENANT, id="tenant-a-string"),
        pytest.param(["x"], TENANT, id="tenant-a-list"),
        pytest.param({"id": OTHER_TENANT}, TENANT, id="tenants-differ"),
        pytest.param({"id": TENANT}, OTHER_TENANT, id="tenants-differ-other-way"),
    ],
)
async def test_a_tenant_of_the_wrong_type_or_two_tenants_are_400(
    bot: BotServer,
    connector: FakeConnector,
    caplog: pytest.LogCaptureFixture,
    channel_tenant: object,
    conversation_tenant: object,
) -> None:
    for build in (message("hej", JONAS, connector.url), card_execute("x", JONAS, connector.url)):
        with caplog.at_level(logging.INFO):
            response = await bot.post(_with_tenant(build, channel_tenant, conversation_tenant))
        assert response.status == 400
    assert connector.sent == []
    assert not [r for r in caplog.records if r.exc_info], "no stack trace for bad input"


async def test_the_same_tenant_in_other_case_is_one_tenant(
    bot: BotServer, connector: FakeConnector
) -> None:
    activity = _with_tenant(message("hej", JONAS, connector.url), {"id": TENANT}, TENANT.upper())
    response = await bot.post(activity)
    assert response.status == 201
    assert connector.sent


@pytest.mark.parametrize(
    "service_url",
    [
        "https://evil.example/",
        "http://smba.trafficmanager.net/emea/",  # not https
        "https://smba.trafficmanager.net:8443/emea/",
        "https://smba.trafficmanager.net.evil.example/emea/",
        "https://user:pw@smba.trafficmanager.net/emea/",
        "https://evil.example/smba.trafficmanager.net/",
        "ftp://smba.trafficmanager.net/",
        "https://[::1/",
        "smba.trafficmanager.net",
        "",
        "http://10.0.0.1:8080/",  # not loopback: the internal network
    ],
)
async def test_a_service_url_off_the_allow_list_is_400_before_any_request(
    bot: BotServer, connector: FakeConnector, service_url: str
) -> None:
    for activity in (message("hej", JONAS, service_url), card_execute("x", JONAS, service_url)):
        response = await bot.post(activity)
        assert response.status == 400
    assert connector.sent == []
    assert await _person_count(bot) == 0, "refused before the turn ran"


async def test_with_an_app_id_loopback_is_refused_and_teams_hosts_reach_authentication(
    database_url: str, connector: FakeConnector
) -> None:
    async with BotServer(database_url=database_url, app_id=APP_ID, app_password="secret") as bot:
        loopback = await bot.post(message("hej", JONAS, connector.url))
        teams = [
            await bot.post(message("hej", JONAS, url))
            for url in (
                "https://smba.trafficmanager.net/emea/",
                "https://SMBA.trafficmanager.net/amer/",
                "https://smba.infra.gcc.teams.microsoft.com/teams",
                "https://smba.infra.gov.teams.microsoft.us/teams",
                "https://smba.infra.dod.teams.microsoft.us/teams",
            )
        ]
    assert loopback.status == 400
    assert [response.status for response in teams] == [401] * 5  # no token: authentication's turn


async def test_the_operator_may_allow_a_service_url(
    database_url: str, connector: FakeConnector
) -> None:
    configured = "https://connector.kommun.example:8443/bot"
    async with BotServer(
        database_url=database_url,
        app_id=APP_ID,
        app_password="secret",
        service_urls=f"{configured}, https://other.example",
    ) as bot:
        allowed = await bot.post(message("hej", JONAS, configured + "/emea/"))
        other_port = await bot.post(message("hej", JONAS, "https://connector.kommun.example/"))
    assert allowed.status == 401  # past the service URL check, refused for its missing token
    assert other_port.status == 400


async def _person_count(bot: BotServer) -> int:
    from sqlalchemy import func, select

    from storage.models import Person

    async with bot.services.database.engine.connect() as connection:
        return int(
            (await connection.execute(select(func.count()).select_from(Person))).scalar_one()
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "1" * 201), ("type", "m" * 51), ("conversation", "a:" + "x" * 400)],
)
async def test_identifiers_longer_than_teams_sends_are_400(
    bot: BotServer, connector: FakeConnector, field: str, value: str
) -> None:
    """They are stored with the dedupe claim: refused here, not failing in PostgreSQL."""
    activity = message("hej", JONAS, connector.url)
    if field == "conversation":
        activity["conversation"]["id"] = value
    else:
        activity[field] = value
    assert (await bot.post(activity)).status == 400
    assert connector.sent == []
