"""Configuration from the environment: botbuilder's and the Azure portal's names, safe binding."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from settings import Settings, SettingsError

APP_ID = "11111111-2222-3333-4444-555555555555"


def test_defaults_are_a_local_development_bot(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("APP_ID", "MicrosoftAppId", "HOST", "PORT", "DATABASE_URL", "ALLOWED_TENANTS"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert (settings.host, settings.port) == ("127.0.0.1", 3978)
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert not settings.authenticates
    settings.check_binding()  # loopback without an app id is fine


@pytest.mark.parametrize("name", ["APP_ID", "MicrosoftAppId", "MICROSOFT_APP_ID"])
def test_the_app_id_has_botbuilders_and_the_portals_names(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(name, APP_ID)
    monkeypatch.setenv("MicrosoftAppPassword", "hemligt")
    settings = Settings()
    config = settings.bot_framework_config()
    assert (config.APP_ID, config.APP_PASSWORD, config.APP_TYPE) == (
        APP_ID,
        "hemligt",
        "MultiTenant",
    )
    assert "hemligt" not in repr(settings)  # secrets stay out of logs


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "bot.kommun.se", "::"])
def test_without_an_app_id_only_loopback_is_allowed(host: str) -> None:
    with pytest.raises(SettingsError, match="Refusing to listen"):
        Settings(host=host, app_id="").check_binding()
    Settings(host=host, app_id=APP_ID).check_binding()  # authenticated: any interface


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_addresses(host: str) -> None:
    Settings(host=host, app_id="").check_binding()


def test_allowed_tenants_are_a_comma_separated_lower_case_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALLOWED_TENANTS", " AAAA-1 , bbbb-2,,")
    assert Settings().allowed_tenants == frozenset({"aaaa-1", "bbbb-2"})


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown IANA time zone"):
        Settings(time_zone="Europe/Uppsala")
