"""Building and closing GraphCalendars: base URLs, credentials, nothing left open."""

from __future__ import annotations

import pytest
from azure.identity.aio import ClientSecretCredential, ManagedIdentityCredential

from scheduling.calendars.graph import GRAPH_URL, GraphCalendars, app_credential, graph_calendars
from tests.fakes.graph import FakeGraph
from tests.scheduling_graph.conftest import STOCKHOLM, FakeCredential, RecordedSleep, make_calendars


async def test_a_client_secret_gives_client_secret_credentials() -> None:
    credential = app_credential("tenant-id", "client-id", "secret")
    try:
        assert isinstance(credential, ClientSecretCredential)
    finally:
        await credential.close()


@pytest.mark.parametrize("secret", [None, ""])
async def test_no_secret_gives_the_managed_identity(secret: str | None) -> None:
    credential = app_credential("tenant-id", "client-id", secret)
    try:
        assert isinstance(credential, ManagedIdentityCredential)
    finally:
        await credential.close()


@pytest.mark.parametrize(
    "url",
    ["http://graph.microsoft.com/v1.0", "http://10.0.0.5:8080/v1.0", "ftp://127.0.0.1", "/v1.0"],
)
def test_plain_http_is_only_for_localhost(url: str) -> None:
    with pytest.raises(ValueError, match="https"):
        graph_calendars(base_url=url, credential=FakeCredential(), zone=STOCKHOLM)


@pytest.mark.parametrize(
    "url", [GRAPH_URL, "https://graph.microsoft.us/v1.0/", "http://localhost:8080/v1.0"]
)
async def test_https_and_localhost_are_accepted(url: str) -> None:
    credential = FakeCredential()
    provider = graph_calendars(base_url=url, credential=credential, zone=STOCKHOLM)
    try:
        assert provider.client.request_adapter.base_url == url.rstrip("/")
    finally:
        await provider.close()
    assert credential.closed


async def test_close_closes_everything_once(fake_graph: FakeGraph, sleep: RecordedSleep) -> None:
    credential = FakeCredential()
    provider = make_calendars(fake_graph, sleep, credential=credential)
    http = provider.client.request_adapter._http_client  # only to check that it was closed
    async with provider:
        assert isinstance(provider, GraphCalendars)
    assert http.is_closed and credential.closed
    await provider.close()  # a second close does nothing


def test_the_interval_must_be_one_graph_accepts() -> None:
    with pytest.raises(ValueError, match="5 to 1440"):
        graph_calendars(credential=FakeCredential(), zone=STOCKHOLM, interval_minutes=3)
