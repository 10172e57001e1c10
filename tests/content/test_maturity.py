"""The innovation maturity model: 4 grades x 4 areas, as in the seed."""

from content import Content

SEED_CELLS = {
    "Kultur och förhållningssätt": [
        "Vi pratar om vad en innovativ kultur är",
        "Vi försöker att ha en positiv attityd och se möjligheter",
        "Vi stöttar varandra till att utforska en prövande kultur",
        "Vi har en tillåtande kultur att prova, misslyckas, och prova igen",
    ],
    "Användarperspektivet": [
        "Vi försöker lyssna i det dagliga arbetet",
        "Vi frågar och observerar",
        "Vi testar tillsammans med användare",
        "Vi samarbetar med användare",
    ],
    "Struktur och planering": [
        "Vi gör det när vi kan och har tid",
        "Vi avsätter tid ibland under befintliga möten / utbildningar / processer",
        "Vi har utvecklade rutiner och arbetsgrupper för innovation",
        "Vi är strukturerade utifrån ett innovationsperspektiv",
    ],
    "Samverkan": [
        "Vi informerar varandra",
        "Vi bjuder in andra",
        "Vi samarbetar med olika initiativ/projekt",
        "Vi arbetar tillsammans över gränser",
    ],
}


def test_grades_say_what_the_group_does_and_how_integrated_it_is(content: Content) -> None:
    grades = [(g.number, g.doing, g.integration) for g in content.maturity.grades]
    assert grades == [
        (1, "Vi vet", "Utforskad innovation"),
        (2, "Vi testar", "Provad innovation"),
        (3, "Vi gör", "Utvecklad innovation"),
        (4, "Vi är", "Inbäddad innovation"),
    ]


def test_all_sixteen_cells_are_the_seeds(content: Content) -> None:
    cells = {
        area.title: [area.level(grade) for grade in (1, 2, 3, 4)] for area in content.maturity.areas
    }
    assert cells == SEED_CELLS
    assert sum(len(texts) for texts in cells.values()) == 16


def test_areas_are_found_by_id(content: Content) -> None:
    assert content.maturity.area("collaboration").level(4) == "Vi arbetar tillsammans över gränser"


def test_checkpoints_are_start_halfway_and_end(content: Content) -> None:
    checkpoints = [(c.id, c.label) for c in content.maturity.checkpoints]
    assert checkpoints == [("start", "Vid start"), ("halfway", "Halvvägs"), ("end", "Vid avslut")]


def test_the_self_assessment_question_names_the_area(content: Content) -> None:
    question = content.maturity.question.format(area="Samverkan")
    assert question == "Var befinner du och din grupp er i dag inom området ”Samverkan”?"
