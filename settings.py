"""Configuration: every environment variable the bot reads, in one typed object read once."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parent


class SettingsError(Exception):
    """A configuration the bot must not start with; the message tells the operator what to do."""


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", populate_by_name=True)

    database_url: str = Field(
        f"sqlite+aiosqlite:///{ROOT / 'var' / 'expeditionsboten.db'}",
        validation_alias=_env("DATABASE_URL"),
    )
    # Optional: replicas share each tenant's send budget in Redis (else in PostgreSQL).
    redis_url: str = Field("", validation_alias=_env("REDIS_URL"))
    host: str = Field("127.0.0.1", validation_alias=_env("HOST"))
    port: int = Field(3978, ge=1, le=65535, validation_alias=_env("PORT"))

    # Bot Framework credentials; the Bot Framework SDK's own names and the Azure portal's work.
    app_id: str = Field("", validation_alias=_env("APP_ID", "MicrosoftAppId", "MICROSOFT_APP_ID"))
    app_password: SecretStr = Field(
        SecretStr(""),
        validation_alias=_env("APP_PASSWORD", "MicrosoftAppPassword", "MICROSOFT_APP_PASSWORD"),
    )
    app_type: Literal["MultiTenant", "SingleTenant", "UserAssignedMSI"] = Field(
        "MultiTenant", validation_alias=_env("APP_TYPE", "MicrosoftAppType", "MICROSOFT_APP_TYPE")
    )
    app_tenant_id: str = Field(
        "",
        validation_alias=_env("APP_TENANTID", "MicrosoftAppTenantId", "MICROSOFT_APP_TENANT_ID"),
    )

    allowed_tenants: Annotated[frozenset[str], NoDecode] = Field(
        frozenset(), validation_alias=_env("ALLOWED_TENANTS")
    )
    # Service URLs the bot may answer besides the Bot Framework's Teams hosts (and loopback
    # without an app id): comma-separated URLs; their scheme, host and port are allowed.
    service_urls: Annotated[frozenset[str], NoDecode] = Field(
        frozenset(), validation_alias=_env("SERVICE_URLS")
    )
    time_zone: str = Field("Europe/Stockholm", validation_alias=_env("TIME_ZONE"))
    # Speak English to someone whose Teams is in English. Off: Swedish to everyone unless they
    # type "english" (for Swedish staff running Teams in English, and Microsoft's emulator,
    # which always says en-US).
    language_from_locale: bool = Field(True, validation_alias=_env("LANGUAGE_FROM_LOCALE"))
    # The reminder before an Innovationsteam meeting: the day before, at this hour in the
    # organisation's local time.
    meeting_reminder_hour: int = Field(
        9, ge=0, le=23, validation_alias=_env("MEETING_REMINDER_HOUR")
    )
    graph_base_url: str = Field(
        "https://graph.microsoft.com/v1.0", validation_alias=_env("GRAPH_BASE_URL")
    )
    organisations_dir: Path | None = Field(None, validation_alias=_env("ORGANISATIONS_DIR"))

    # Calendars: Microsoft Graph when a Graph client id is set, else a directory of .ics files
    # (by default a copy of the demo calendars of the Teams emulator's people).
    calendar_dir: Path | None = Field(None, validation_alias=_env("CALENDAR_DIR"))
    graph_tenant_id: str = Field("", validation_alias=_env("GRAPH_TENANT_ID"))
    graph_client_id: str = Field("", validation_alias=_env("GRAPH_CLIENT_ID"))
    graph_client_secret: SecretStr = Field(
        SecretStr(""), validation_alias=_env("GRAPH_CLIENT_SECRET")
    )
    graph_mailbox: str = Field("", validation_alias=_env("GRAPH_MAILBOX"))
    # Learning groups: the Teams team in which the bot creates each planned group's channel
    # (POST /teams/{id}/channels, app-only Channel.Create); empty: the coordinator creates them.
    group_channels_team_id: str = Field("", validation_alias=_env("GROUP_CHANNELS_TEAM_ID"))
    # Installing the app for a cohort's leaders through Graph (TeamsAppInstallation.
    # ReadWriteForUser.All, User.Read.All): the app's id in the organisation's app catalog.
    teams_app_catalog_id: str = Field("", validation_alias=_env("TEAMS_APP_CATALOG_ID"))
    log_level: str = Field("INFO", validation_alias=_env("LOG_LEVEL"))
    # Download links (workbook, chart, diploma, "mina data") are HMAC-signed with LINK_SECRET;
    # empty: a random secret per process, so links stop working at a restart. PUBLIC_URL is the
    # address Teams and browsers reach the bot at (default http://127.0.0.1:PORT).
    link_secret: SecretStr = Field(SecretStr(""), validation_alias=_env("LINK_SECRET"))
    public_url: str = Field("", validation_alias=_env("PUBLIC_URL"))

    @field_validator("allowed_tenants", mode="before")
    @classmethod
    def _split_tenants(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip().lower() for part in value.split(",") if part.strip())
        return value

    @field_validator("service_urls", mode="before")
    @classmethod
    def _split_urls(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown IANA time zone {value!r}") from error
        return value

    @property
    def authenticates(self) -> bool:
        """With no app id the Bot Framework SDK turns authentication off in both directions."""
        return bool(self.app_id)

    @property
    def uses_graph(self) -> bool:
        return bool(self.graph_client_id)

    @property
    def installs_apps(self) -> bool:
        """Graph may install the app for leaders (only in GRAPH_TENANT_ID's tenant)."""
        return self.uses_graph and bool(self.graph_tenant_id and self.teams_app_catalog_id)

    @property
    def demo_calendar_dir(self) -> Path:
        """Where the demo calendars are copied when CALENDAR_DIR is not set (bookings go there)."""
        return ROOT / "var" / "calendars"

    @property
    def link_base_url(self) -> str:
        """Where download links point: PUBLIC_URL, or this process on loopback."""
        return (self.public_url or f"http://127.0.0.1:{self.port}").rstrip("/")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def check_binding(self) -> None:
        """A bot that accepts unauthenticated requests must not be reachable from other hosts."""
        if not self.authenticates and not _is_loopback(self.host):
            raise SettingsError(
                f"Refusing to listen on {self.host}: no APP_ID is configured, so requests are not "
                "authenticated. Set HOST=127.0.0.1 for local development, or configure APP_ID and "
                "APP_PASSWORD to serve Teams."
            )

    def bot_framework_config(self) -> SimpleNamespace:
        """The attribute names ConfigurationBotFrameworkAuthentication reads."""
        return SimpleNamespace(
            APP_ID=self.app_id,
            APP_PASSWORD=self.app_password.get_secret_value(),
            APP_TYPE=self.app_type,
            APP_TENANTID=self.app_tenant_id,
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
