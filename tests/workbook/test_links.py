"""Signed links: only the exact (person, tenant, kind) they were made for, and only in time."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.clock import TestClock
from workbook.links import FileKind, InvalidLink, Links, LinkSigner

T0 = datetime(2026, 12, 4, 13, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _swap_person(token: str, person_id: int) -> str:
    payload, mac = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["p"] = person_id
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{forged}.{mac}"


def test_a_token_opens_its_own_file_until_it_expires() -> None:
    clock = Clock()
    signer = LinkSigner(b"secret", clock=clock)
    token = signer.sign(7, "tenant-a", FileKind.WORKBOOK_PDF)

    claims = signer.verify(token, FileKind.WORKBOOK_PDF)
    assert (claims.person_id, claims.tenant_id, claims.kind) == (7, "tenant-a", "workbook.pdf")
    assert claims.expires_at == T0 + timedelta(minutes=15)

    clock.now = T0 + timedelta(minutes=14, seconds=59)
    signer.verify(token, FileKind.WORKBOOK_PDF)
    clock.now = T0 + timedelta(minutes=15)
    with pytest.raises(InvalidLink, match="expired"):
        signer.verify(token, FileKind.WORKBOOK_PDF)


def test_a_changed_or_foreign_token_is_refused() -> None:
    signer = LinkSigner(b"secret", clock=Clock())
    token = signer.sign(7, "tenant-a", FileKind.DATA_JSON)
    with pytest.raises(InvalidLink, match="signature"):
        signer.verify(_swap_person(token, 8), FileKind.DATA_JSON)  # another person's data
    with pytest.raises(InvalidLink, match="another kind"):
        signer.verify(token, FileKind.WORKBOOK_PDF)
    with pytest.raises(InvalidLink, match="signature"):
        LinkSigner(b"other secret", clock=Clock()).verify(token)
    for garbage in ("", "x", "a.b.c", "!!!.???", token + "x", token.replace(".", "")):
        with pytest.raises(InvalidLink):
            signer.verify(garbage)


def test_links_point_at_the_public_url() -> None:
    links = Links(LinkSigner(b"secret", clock=Clock()), "https://bot.example.se")
    url = links.url(7, "tenant-a", FileKind.CHART)
    assert url.startswith("https://bot.example.se/files/") and url.endswith("/chart.png")
    assert links.minutes == 15


def test_without_a_configured_secret_each_process_has_its_own(
    caplog: pytest.LogCaptureFixture,
) -> None:
    first, second = (
        LinkSigner.from_setting("", TestClock()),
        LinkSigner.from_setting("", TestClock()),
    )
    assert first.secret != second.secret and len(first.secret) == 32
    assert "stop working when the bot restarts" in caplog.text
    assert LinkSigner.from_setting("abc", TestClock()).secret == b"abc"
