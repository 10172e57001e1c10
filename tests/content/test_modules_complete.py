"""Every module is complete like module 1 (seed chapter 4): its overview "Vad innehåller Modul
N?" listing its exercises and the group session, an introduction, exercises, and a group
session with its own agenda; every text short enough for a card without a wall of text.

Limits chosen: the overview's text and the introduction at most 300 characters (three or four
lines on a phone), the session's purpose 150, each agenda item 80 (one line), 3–6 items."""

from __future__ import annotations

import pytest

from content import Content, load_content
from content.curriculum import Module
from learning.progress import module_exercises

CONTENT = load_content()
MODULES = CONTENT.modules


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_every_module_has_its_overview_exercises_and_group_session(module: Module) -> None:
    overview = module.overview
    assert overview.title == f"Vad innehåller Modul {module.number}?"
    exercises = module_exercises(CONTENT, module)
    assert exercises, "a module without exercises cannot be done"
    listed, session = overview.items[:-1], overview.items[-1]
    assert session == CONTENT.learning.group_session_item
    if module.behaviour_exercises:
        assert listed == tuple(f"Övning {e.number}" for e in exercises)
    else:
        assert listed == tuple(e.title for e in exercises)
    assert 3 <= len(module.group_session.agenda) <= 6


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_every_module_text_fits_a_card(module: Module) -> None:
    for text in (module.overview.text, module.introduction):
        assert len(text) <= 300, text
    assert len(module.group_session.purpose) <= 150
    for item in module.group_session.agenda:
        assert len(item) <= 80, item


def test_each_group_session_has_an_agenda_of_its_own(content: Content) -> None:
    agendas = [m.group_session.agenda for m in content.modules]
    purposes = [m.group_session.purpose for m in content.modules]
    assert len(set(agendas)) == len(agendas) and len(set(purposes)) == len(purposes)
    # The seed's own agenda is module 1's.
    assert (
        content.module_number(1).group_session.agenda[1] == "Gå laget runt – hur gick övningarna?"
    )
