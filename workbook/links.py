"""Short-lived signed links to a leader's own files (workbook, chart, diploma, "mina data").

A token is `<payload>.<signature>`, both base64url: the payload is the JSON of (person id,
tenant id, kind, expiry) and the signature its HMAC-SHA256 under the bot's LINK_SECRET. Whoever
holds the link can open it until it expires, so links are only ever sent to their owner, in
their personal chat, and live a quarter of an hour. Changing any field breaks the signature;
a token for one kind of file does not open another kind.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from clock import Clock

log = logging.getLogger(__name__)

LINK_LIFETIME = timedelta(minutes=15)


class FileKind(StrEnum):
    WORKBOOK_PDF = "workbook.pdf"
    WORKBOOK_MARKDOWN = "workbook.md"
    CHART = "chart.png"
    DIPLOMA = "diploma.pdf"
    DATA_JSON = "data.json"
    DATA_PDF = "data.pdf"
    FOLLOW_UP_CSV = "follow-up.csv"  # a coordinator's: checked against their role when opened
    EVALUATIONS_CSV = "evaluations.csv"  # a coordinator's, likewise
    FOLLOW_UP_XLSX = "follow-up.xlsx"  # likewise
    FOLLOW_UP_CHART = "follow-up.png"  # likewise; the scope (municipality, a cohort) signed in


@dataclass(frozen=True, slots=True)
class LinkClaims:
    person_id: int
    tenant_id: str
    kind: FileKind
    expires_at: datetime
    scope: str | None = None  # which part of a file that has parts (the follow-up's charts)


class InvalidLink(Exception):
    """Tampered, malformed, expired or for another kind of file: the request gets no data."""


@dataclass
class LinkSigner:
    secret: bytes
    clock: Clock
    lifetime: timedelta = LINK_LIFETIME

    @classmethod
    def from_setting(cls, secret: str, clock: Clock) -> LinkSigner:
        """The configured secret; with none, a random one that lives as long as the process."""
        if secret:
            return cls(secret.encode(), clock)
        log.warning(
            "LINK_SECRET is not set: download links are signed with a random key and stop "
            "working when the bot restarts (and on other replicas)"
        )
        return cls(secrets.token_bytes(32), clock)

    def sign(self, person_id: int, tenant_id: str, kind: FileKind, scope: str | None = None) -> str:
        expires = int((self.clock() + self.lifetime).timestamp())
        claims: dict[str, str | int] = {
            "p": person_id,
            "t": tenant_id,
            "k": str(kind),
            "e": expires,
        }
        if scope is not None:
            claims["s"] = scope
        payload = json.dumps(
            claims,
            separators=(",", ":"),
            sort_keys=True,
        ).encode()
        return f"{_encode(payload)}.{_encode(self._mac(payload))}"

    def verify(self, token: str, kind: FileKind | None = None) -> LinkClaims:
        """The claims of a valid, unexpired token (of `kind`, if given); else InvalidLink."""
        try:
            encoded_payload, encoded_mac = token.split(".")
            payload, mac = _decode(encoded_payload), _decode(encoded_mac)
        except (ValueError, binascii.Error):
            raise InvalidLink("malformed") from None
        if not hmac.compare_digest(mac, self._mac(payload)):
            raise InvalidLink("bad signature")
        try:
            data = json.loads(payload)
            claims = LinkClaims(
                person_id=int(data["p"]),
                tenant_id=str(data["t"]),
                kind=FileKind(data["k"]),
                expires_at=datetime.fromtimestamp(int(data["e"]), UTC),
                scope=None if data.get("s") is None else str(data["s"]),
            )
        except (ValueError, KeyError, TypeError):
            raise InvalidLink("malformed claims") from None
        if kind is not None and claims.kind != kind:
            raise InvalidLink("another kind of file")
        if self.clock() >= claims.expires_at:
            raise InvalidLink("expired")
        return claims

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self.secret, payload, hashlib.sha256).digest()


@dataclass(frozen=True)
class Links:
    """Turns claims into URLs on the bot's own web server (see web.files)."""

    signer: LinkSigner
    base_url: str

    def url(self, person_id: int, tenant_id: str, kind: FileKind, scope: str | None = None) -> str:
        token = self.signer.sign(person_id, tenant_id, kind, scope)
        return f"{self.base_url}/files/{token}/{kind.value}"

    @property
    def minutes(self) -> int:
        return int(self.signer.lifetime.total_seconds() // 60)


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    if not text:
        raise ValueError("empty")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
