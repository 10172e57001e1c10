"""Which service URLs the bot may talk to: the activity names one, and the bot sends its replies
(with its credentials' token) there. An attacker's activity must not turn the bot into a client
of an address of the attacker's choosing.

Allowed: https on the Bot Framework's Teams hosts (Microsoft's well-known Teams service
endpoints: public cloud, GCC, GCC High, DoD), loopback when the bot runs without an app id (local
development against the emulator or a fake connector), and what the operator configures
(SERVICE_URLS: URLs whose scheme, host and port are allowed as well).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

TEAMS_SERVICE_HOSTS = frozenset(
    {
        "smba.trafficmanager.net",  # public cloud (regional paths: /emea/, /amer/, /teams/ ...)
        "smba.infra.gcc.teams.microsoft.com",  # US Government Community Cloud
        "smba.infra.gov.teams.microsoft.us",  # GCC High
        "smba.infra.dod.teams.microsoft.us",  # US Department of Defense
    }
)

Origin = tuple[str, str, int]


@dataclass(frozen=True, slots=True)
class ServiceUrlPolicy:
    allow_loopback: bool
    configured: frozenset[Origin] = frozenset()

    @classmethod
    def of(cls, *, authenticates: bool, configured: Iterable[str] = ()) -> ServiceUrlPolicy:
        origins = {_origin(urlsplit(url)) for url in configured}
        return cls(not authenticates, frozenset(origin for origin in origins if origin))

    def allows(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
            origin = _origin(parts)
        except ValueError:  # a bad port or IPv6 literal
            return False
        if origin is None or parts.username is not None or parts.password is not None:
            return False
        scheme, host, _ = origin
        if origin in self.configured:
            return True
        if scheme == "https" and host in TEAMS_SERVICE_HOSTS and origin[2] == 443:
            return True
        return self.allow_loopback and _is_loopback(host)


def _origin(parts: SplitResult) -> Origin | None:
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in ("http", "https") or not host:
        return None
    return scheme, host, parts.port or (443 if scheme == "https" else 80)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
