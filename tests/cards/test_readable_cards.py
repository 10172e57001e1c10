"""Cards a leader can read: the common things in sight, the rest folded or a click away."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from cards import onboarding, workbook
from cards.help import MORE_COMMANDS, channel_help_card, help_card
from cards.learning_actions import LIBRARY
from cards.navigation import command_button
from cards.welcome import WHY, welcome_card
from chat.actions import parse_payload
from chat.commands import RUN_COMMAND, Command
from content.loader import load_content
from content.models import Content
from dialogs import router
from learning.plan import make_plan, plan_rule
from storage.workbook import Assessment
from tests.card_schema import assert_valid_card, card_nodes, card_texts, visible_texts
from workbook.export import ReflectionText, build_document
from workbook.maturity import suggestion

UPPSALA = "00000000-0000-0000-0000-0000000000001"
NOW = datetime(2026, 12, 2, 13, tzinfo=UTC)
EVERY_COMMAND = frozenset(Command)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [node for node in card_nodes(card) if str(node.get("type", "")).startswith("Action.")]


def words(value: str) -> int:
    return len(value.split())


# --- buttons that run commands ---------------------------------------------------------------


def test_a_command_button_is_the_routers_run_command_with_a_valid_payload() -> None:
    assert RUN_COMMAND == router.RUN_COMMAND
    button = command_button("Arbetsboken", Command.WORKBOOK)
    payload = parse_payload(router.RunCommand, button["data"])
    assert payload is not None and payload.command is Command.WORKBOOK
    assert button["fallback"]["data"] == button["data"]  # Action.Submit clients too


# --- help ----------------------------------------------------------------------------------


def test_help_shows_the_common_commands_as_buttons_and_folds_the_rest(content: Content) -> None:
    built = help_card(content, EVERY_COMMAND)
    assert_valid_card(built)
    runs = {
        a["title"]: a["data"]["command"] for a in actions(built) if a.get("verb") == RUN_COMMAND
    }
    assert runs == {
        "Modul": "module",
        "Övningar": "exercises",
        "Arbetsboken": "workbook",
        "Tidsplan": "schedule",
    }
    [more] = [a for a in actions(built) if a["type"] == "Action.ToggleVisibility"]
    assert (more["title"], more["targetElements"]) == ("Fler kommandon", [MORE_COMMANDS])
    in_sight = visible_texts(built)
    assert "radera mina data" not in in_sight and "börja om" not in in_sight
    assert "Radera allt jag har sparat om dig" in card_texts(built)  # one click away
    facts_in_sight = [n for n in card_nodes(built) if n.get("type") == "FactSet"]
    assert sum(len(f["facts"]) for f in facts_in_sight[:1]) == 4


def test_help_offers_only_what_works_here(content: Content) -> None:
    built = help_card(content, {"help", "cancel", "workbook"})
    assert_valid_card(built)
    runs = [a["title"] for a in actions(built) if a.get("verb") == RUN_COMMAND]
    assert runs == ["Arbetsboken"]
    assert "tidsplan" not in card_texts(built)
    assert "”avbryt”" in card_texts(built)


def test_the_channel_help_lists_the_groups_commands_only(content: Content) -> None:
    built = channel_help_card(content, EVERY_COMMAND)
    assert_valid_card(built)
    texts = card_texts(built)
    for shown in ("”hjälp”", "”innovationsteam”", "”pausa”", "när ni ses nästa gång"):
        assert shown in texts
    for personal in ("radera mina data", "mina data", "börja om", "”arbetsboken”", "”tidsplan”"):
        assert personal not in texts
    assert "Jag föreslår tider för era träffar" in texts
    assert "privata chatt" in texts
    assert not [a for a in actions(built) if a.get("verb") == RUN_COMMAND]


def test_the_channel_help_leaves_out_a_command_not_yet_handled(content: Content) -> None:
    texts = card_texts(channel_help_card(content, {"help"}))
    assert "”hjälp”" in texts and "”pausa”" not in texts


# --- the welcome -------------------------------------------------------------------------------


@pytest.mark.parametrize("tenant", ["other-tenant", UPPSALA])
def test_the_welcome_is_short_in_sight_with_the_rest_folded(content: Content, tenant: str) -> None:
    organisation = content.for_tenant(tenant)
    built = welcome_card(organisation, "Jonas")
    assert_valid_card(built)
    in_sight = visible_texts(built)
    assert words(in_sight) <= 110, in_sight  # was about 450 words
    assert organisation.organisation.why_title in in_sight
    assert organisation.organisation.why_paragraphs[0] not in in_sight
    assert organisation.organisation.why_paragraphs[0] in card_texts(built)  # one click away
    [why] = [a for a in actions(built) if a.get("targetElements") == [WHY]]
    assert why["title"] == "Läs varför"


# --- the workbook ------------------------------------------------------------------------------


def _workbook(content: Content, document: Any, chart: str | None) -> dict[str, Any]:
    links = workbook.WorkbookLinks(
        pdf="https://bot.example.se/a.pdf",
        markdown="https://bot.example.se/a.md",
        chart=chart,
        diploma=None,
        minutes=15,
    )
    return workbook.workbook_card(
        content, document, links, next_checkpoint=None, owner_teams_id="29:jonas"
    )


def _open_modules(card: dict[str, Any]) -> list[str]:
    return [
        node["id"]
        for node in card_nodes(card)
        if str(node.get("id", "")).startswith("workbook_module_") and node.get("isVisible", True)
    ]


def test_the_workbook_opens_one_module_and_folds_the_others(content: Content) -> None:
    empty = build_document(
        content, owner="Jonas", entries=[], assessments=[], completed_at=None, now=NOW
    )
    built = _workbook(content, empty, None)
    assert_valid_card(built)
    assert _open_modules(built) == ["workbook_module_1"]  # nothing written: the first
    assert content.modules[0].methods_and_tools not in visible_texts(built)  # behind a toggle
    toggles = [
        a["title"]
        for a in actions(built)
        if a["type"] == "Action.ToggleVisibility" and a["title"].startswith("Modul")
    ]
    assert toggles[:2] == [
        "Modul 1: Ett viktigt beteende för innovation",
        "Modul 2: Utforska nya perspektiv",
    ]

    note = ReflectionText("Beskriv era användare", "Vi ringde tre brukare.", False, "1 dec")
    sections = list(empty.modules)
    sections[3] = replace(sections[3], exercise_reflections=(note,))
    written = _workbook(content, replace(empty, modules=tuple(sections)), None)
    assert _open_modules(written) == ["workbook_module_4"]  # the latest the leader wrote in
    assert "Vi ringde tre brukare." in visible_texts(written)
    assert content.modules[0].methods_and_tools not in visible_texts(written)


def test_the_workbooks_chart_is_in_sight_and_its_figures_folded(content: Content) -> None:
    grades = {area.id: 2 for area in content.maturity.areas}
    assessed = [Assessment("start", grades, NOW)]
    document = build_document(
        content, owner="Jonas", entries=[], assessments=assessed, completed_at=None, now=NOW
    )
    built = _workbook(content, document, "https://bot.example.se/chart.png")
    assert_valid_card(built)
    assert any(n.get("type") == "Image" for n in card_nodes(built))
    in_sight = visible_texts(built)
    assert "Vid start" not in in_sight and "Vid start" in card_texts(built)
    assert "Visa dina skattningar" in in_sight
    found = suggestion(content, assessed)
    assert found is not None
    [to_library] = [a for a in actions(built) if a.get("verb") == LIBRARY]
    assert to_library["data"]["theme"] == found.theme.id


# --- one name for a module -----------------------------------------------------------------------


def test_the_plan_and_the_library_name_a_theme_by_its_module(content: Content) -> None:
    plan = make_plan(content, {})
    built = onboarding.plan_card(content, plan, plan_rule(content, plan), step=None)
    texts = card_texts(built)
    for exercise in plan.exercises:
        module = content.module_of_theme(exercise.theme)
        assert f"{exercise.title} ({exercise.duration}, Modul {module.number}: " in texts
    assert "tema" not in texts.casefold()
