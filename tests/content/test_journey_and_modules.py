"""The onboarding texts and the six modules."""

from content import Content


def test_welcome_is_the_seeds(content: Content) -> None:
    welcome = content.journey.welcome
    assert welcome.lead == "Vad roligt att just du vill genomföra en innovationsexpedition."
    assert welcome.body.startswith("Vi tror att du är här för att du upplever ett behov")
    assert welcome.body.endswith(
        "Du och dina medresenärer kommer att stötta och hjälpa varandra på vägen."
    )


def test_the_journey_has_four_elements(content: Content) -> None:
    names = [element.name for element in content.journey.elements]
    assert names == ["Innovationsteam", "Arbetsboken", "Tidsplan", "Hjälp"]


def test_learn_to_innovate_has_three_sections(content: Content) -> None:
    section = content.journey.learn_to_innovate
    assert section.title == "Lär dig innovera i din vardag"
    assert [s.heading for s in section.sections] == [
        "Utveckling behöver vara enkelt",
        "Testa och gör tillsammans",
        "Du är inte ensam",
    ]
    assert section.sections[2].text.endswith("för att förverkliga era mål på bästa sätt möjligt!")


def test_familiarity_question_and_answers(content: Content) -> None:
    familiarity = content.journey.familiarity
    assert familiarity.question.format(number=6) == "Känner du till Område 6?"
    options = [(option.id, option.label) for option in familiarity.options]
    assert options == [
        ("very_well", "Mycket väl"),
        ("somewhat", "Ganska"),
        ("not_at_all", "Inte alls"),
        ("dont_know", "Jag vet inte"),
    ]


def test_planning_offers_parts_of_day_and_frequencies(content: Content) -> None:
    parts = [(p.id, p.label, f"{p.start:%H:%M}", f"{p.end:%H:%M}") for p in content.parts_of_day]
    assert parts == [
        ("morning", "Morgon", "07:00", "09:00"),
        ("forenoon", "Förmiddag", "09:00", "12:00"),
        ("afternoon", "Eftermiddag", "12:00", "17:00"),
        ("evening", "Kväll", "17:00", "20:00"),
    ]
    planning = content.journey.planning
    assert planning.part_of_day_question == "När föredrar du att arbeta?"
    frequencies = [(f.id, f.label, f.sessions_per_week) for f in planning.frequencies]
    assert frequencies == [
        ("twice_a_week", "2 gånger i veckan", 2),
        ("weekly", "1 gång i veckan", 1),
        ("every_other_week", "Varannan vecka", 0.5),
    ]


def test_six_modules_the_first_from_the_prototype(content: Content) -> None:
    titles = [(module.number, module.title) for module in content.modules]
    assert titles == [
        (1, "Ett viktigt beteende för innovation"),
        (2, "Utforska nya perspektiv"),
        (3, "Gör plats för innovation"),
        (4, "Förstå er användare"),
        (5, "Kom på nya idéer"),
        (6, "Utveckla gruppen"),
    ]
    first = content.module_number(1)
    assert first.overview.title == "Vad innehåller Modul 1?"
    assert first.overview.items == (
        "Övning 1",
        "Övning 2",
        "Övning 3",
        "Sittning med ditt Innovationsteam",
    )
    # No placeholder film: films come from an organisation's file only.
    assert all(m.films.area is None and m.films.introduction is None for m in content.modules)


def test_module_one_has_three_behaviour_exercises_of_three_steps(content: Content) -> None:
    exercises = content.module("important_behaviour").behaviour_exercises
    assert [exercise.title for exercise in exercises] == [
        "Beteendeövning 1: Enhetsmöte",
        "Beteendeövning 2: Medarbetarsamtal",
        "Beteendeövning 3: Microsoft Teams",
    ]
    assert all(len(exercise.steps) == 3 for exercise in exercises)
    assert exercises[2].steps[0].text == (
        "Nästa gång du arbetar i Microsoft Teams, leta efter inlägg som ditt team har gjort "
        "och ber dig att fatta ett beslut."
    )
    assert all(e.reflection.words == 200 and e.reflection.shared_with_team for e in exercises)


def test_modules_two_to_six_hold_their_themes_exercises(content: Content) -> None:
    numbers = {module.number: module.exercise_numbers for module in content.modules[1:]}
    assert numbers == {
        2: (1, 2, 3, 4),
        3: (5, 6, 7, 8, 9),
        4: (10, 11, 12),
        5: (13, 14),
        6: (15, 16, 17),
    }


def test_every_module_explains_itself(content: Content) -> None:
    for module in content.modules:
        assert len(module.about) >= 2
        assert module.methods_and_tools
        assert module.overview.title == f"Vad innehåller Modul {module.number}?"
