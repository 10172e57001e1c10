"""The workbook in chat and exported (PDF, Markdown) through signed links: each leader's own."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

from storage.workbook import TEAM_REFLECTION
from tests.card_schema import card_texts
from tests.harness import BotServer
from tests.onboarding.conftest import Leader
from tests.workbook.conftest import button_titles, fetch, images, links, onboard, pdf_text, squash
from workbook.chart import PNG_SIGNATURE
from workbook.links import FileKind

JONAS_GOAL = "Jonas vill att enhetsmötena får en stående punkt om nya idéer och försök."
DANIELA_GOAL = "Daniela vill att äldreomsorgen testar tre nya arbetssätt före sommaren."
JONAS_REFLECTION = "Enhetsmötet blev livligt: två medarbetare föreslog att vi prövar öppna luncher."
JONAS_TEAM = "I Innovationsteamet märkte jag att alla kämpar med samma brist på tid."
DANIELA_REFLECTION = "Daniela skriver att undersköterskorna ville testa digitala checklistor."

PDF, MARKDOWN = "PDF", "Text (Markdown)"


async def two_leaders_with_workbooks(bot: BotServer, jonas: Leader, daniela: Leader):
    jonas_id = await onboard(jonas, JONAS_GOAL)
    daniela_id = await onboard(daniela, DANIELA_GOAL, area_culture="4")
    workbook = bot.services.workbook
    await workbook.save_reflection(
        jonas_id, "important_behaviour", "unit_meeting", JONAS_REFLECTION, shared=True, draft=False
    )
    await workbook.save_reflection(
        jonas_id,
        "make_room",
        "exercise_7",
        "Ett utkast som ingen ska se än.",
        shared=False,
        draft=True,
    )
    await workbook.add_entry(jonas_id, TEAM_REFLECTION, JONAS_TEAM, module_id="important_behaviour")
    await workbook.save_reflection(
        daniela_id,
        "important_behaviour",
        "unit_meeting",
        DANIELA_REFLECTION,
        shared=False,
        draft=False,
    )
    return jonas_id, daniela_id


async def test_each_leader_reads_and_downloads_only_their_own_workbook(
    bot: BotServer, jonas: Leader, daniela: Leader
) -> None:
    await two_leaders_with_workbooks(bot, jonas, daniela)

    await jonas.say("arbetsboken")
    texts = card_texts(jonas.card)
    for expected in (
        "Arbetsboken – där allt ditt material samlas resan igenom",
        "Mitt mål",
        JONAS_GOAL,
        "Modul 1: Ett viktigt beteende för innovation",
        "Metoder och verktyg",
        "en stående punkt om innovation på enhetsmötet",  # modules.yaml methods_and_tools
        "Reflektion från övningar",
        JONAS_REFLECTION,
        "(delad med din grupp)",
        "Reflektion efter Innovationsteamsmöte",
        JONAS_TEAM,
        "Din innovationsmognad över tid",
        "Vid start",
    ):
        assert expected in texts, expected
    for foreign in (DANIELA_GOAL, DANIELA_REFLECTION, "Ett utkast som ingen ska se än."):
        assert foreign not in texts
    assert jonas.card["refresh"]["userIds"] == [jonas.user.id]

    jonas_links = links(jonas.card)
    status, body, headers = await fetch(bot, jonas_links[PDF])
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert headers["Cache-Control"].startswith("no-store")
    text = squash(pdf_text(body))
    for expected in (
        JONAS_GOAL,
        JONAS_REFLECTION,
        JONAS_TEAM,
        "Metoder och verktyg",
        "Jonas Gumbel",
    ):
        assert squash(expected) in text, expected
    assert "Kultur och förhållningssätt: 2 – Vi testar" in text  # å ä ö survive the font
    for foreign in (DANIELA_GOAL, DANIELA_REFLECTION, "Daniela", "utkast"):
        assert foreign not in text

    status, body, headers = await fetch(bot, jonas_links[MARKDOWN])
    assert status == 200 and headers["Content-Type"].startswith("text/markdown")
    assert "attachment" in headers["Content-Disposition"]
    markdown = body.decode()
    assert markdown.startswith("# Arbetsboken")
    assert f"> {JONAS_GOAL}" in markdown and f"> {JONAS_REFLECTION}" in markdown
    assert "### Metoder och verktyg" in markdown
    assert DANIELA_GOAL not in markdown and DANIELA_REFLECTION not in markdown

    # Daniela's own links give Daniela's workbook, not Jonas's.
    await daniela.say("arbetsboken")
    status, body, _ = await fetch(bot, links(daniela.card)[PDF])
    text = squash(pdf_text(body))
    assert status == 200 and squash(DANIELA_GOAL) in text and squash(DANIELA_REFLECTION) in text
    assert "Jonas" not in text and squash(JONAS_GOAL) not in text

    # The chart, as Teams fetches the card's image.
    [chart_url] = images(jonas.card)
    status, body, headers = await fetch(bot, chart_url)
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert body.startswith(PNG_SIGNATURE) and len(body) > 10_000


def _claims(url: str) -> tuple[str, dict, str, str]:
    path = url.split("/files/", 1)[1]
    token, name = path.split("/")
    payload, mac = token.split(".")
    return (
        payload,
        json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))),
        mac,
        name,
    )


def _url_with(claims: dict, mac: str, name: str) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"http://127.0.0.1/files/{payload}.{mac}/{name}"


async def test_a_link_opens_nothing_but_its_owners_file_in_its_time(
    bot: BotServer, jonas: Leader, daniela: Leader
) -> None:
    jonas_id, daniela_id = await two_leaders_with_workbooks(bot, jonas, daniela)
    await daniela.say("arbetsboken")
    daniela_pdf = links(daniela.card)[PDF]

    # Daniela's link, changed to ask for Jonas's workbook: refused, and nothing of his is sent.
    _, claims, mac, name = _claims(daniela_pdf)
    assert claims["p"] == daniela_id
    status, body, _ = await fetch(bot, _url_with({**claims, "p": jonas_id}, mac, name))
    assert status == 403 and b"%PDF" not in body and JONAS_GOAL.encode() not in body
    assert "Länken gäller inte längre eller är inte din" in body.decode()

    # ... or for another tenant, or another kind of file with the same token.
    status, _, _ = await fetch(bot, _url_with({**claims, "t": "another-tenant"}, mac, name))
    assert status == 403
    status, body, _ = await fetch(bot, daniela_pdf.replace("/workbook.pdf", "/data.json"))
    assert status == 403 and DANIELA_GOAL.encode() not in body
    status, _, _ = await fetch(bot, daniela_pdf.replace("/workbook.pdf", "/nonsense"))
    assert status == 403

    # A well-signed token for a person of another tenant finds no one.
    signer = bot.services.files.links.signer
    stranger = signer.sign(jonas_id, "another-tenant", FileKind.WORKBOOK_PDF)
    status, body, _ = await fetch(bot, f"http://x/files/{stranger}/workbook.pdf")
    assert status == 404 and b"%PDF" not in body

    # Expired: the bot's clock moves 16 minutes on.
    bot.clock.advance(timedelta(minutes=16))
    status, body, _ = await fetch(bot, daniela_pdf)
    assert status == 403 and b"%PDF" not in body
    bot.clock.advance(-timedelta(minutes=16))
    status, _, _ = await fetch(bot, daniela_pdf)
    assert status == 200


async def test_the_workbook_of_a_leader_who_has_written_nothing_yet(
    bot: BotServer, jonas: Leader
) -> None:
    await jonas.say("hej")
    await jonas.say("arbetsboken")
    texts = card_texts(jonas.card)
    assert "Du har inte skrivit något mål än." in texts
    assert "Du har inte skattat din innovationsmognad än." in texts
    assert images(jonas.card) == []
    assert "Skatta din innovationsmognad: Vid start" in button_titles(jonas.card)
    status, body, _ = await fetch(bot, links(jonas.card)[PDF])
    assert status == 200 and "Du har inte skrivit något mål än." in squash(pdf_text(body))
    await jonas.click("Nya länkar")
    assert links(jonas.card)[PDF] != ""
