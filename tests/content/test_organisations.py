"""Organisation overrides: a tenant's own file layered over the defaults."""

from pathlib import Path

import pytest

from content import Content, ContentError, load_content

UPPSALA_TENANT = "00000000-0000-0000-0000-0000000000001"


def test_the_default_organisation_has_a_neutral_why(content: Content) -> None:
    assert content.organisation.why_title == "Varför behöver du ökad innovationskraft?"
    assert "Uppsala" not in content.organisation.why_text
    assert content.organisation.time_zone == "Europe/Stockholm"


def test_uppsala_gets_its_own_why(content: Content) -> None:
    uppsala = content.for_tenant(UPPSALA_TENANT)
    organisation = uppsala.organisation
    assert organisation.name == "Uppsala kommun"
    assert organisation.why_title == "Varför behöver du i Uppsala kommun ökad innovationskraft?"
    assert organisation.why_paragraphs[0].startswith(
        "Uppsala växer och vårt innovationsmål är ”Att skapa ett smart och hållbart Uppsala”."
    )
    assert organisation.why_paragraphs[1].endswith(
        "Läs mer om innovation i Uppsala kommun på Insidan."
    )
    assert "sida 50" not in organisation.why_text
    assert len(organisation.why_paragraphs) == 2


def test_fields_the_override_does_not_give_keep_their_defaults(content: Content) -> None:
    uppsala = content.for_tenant(UPPSALA_TENANT)
    assert uppsala.organisation.time_zone == content.organisation.time_zone
    assert uppsala.messages is content.messages
    assert uppsala.modules == content.modules


def test_unknown_or_missing_tenants_get_the_defaults(content: Content) -> None:
    assert content.for_tenant("11111111-2222-3333-4444-555555555555") is content
    assert content.for_tenant(None) is content
    assert content.for_tenant("").organisation.name == "Din organisation"


def test_tenant_views_are_cached_and_case_insensitive(content: Content) -> None:
    first = content.for_tenant(UPPSALA_TENANT)
    assert content.for_tenant(UPPSALA_TENANT.upper()) is first
    # A tenant's view leads back to the defaults, not to itself.
    assert first.for_tenant(None) is content
    assert first.for_tenant(UPPSALA_TENANT) is first


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_operators_directory_adds_organisations(tmp_path: Path) -> None:
    extra = tmp_path / "organisations"
    write(
        extra,
        "helsingborg.yaml",
        'tenant_ids: ["AAAAAAAA-0000-0000-0000-000000000002"]\n'
        "name: Helsingborgs stad\n"
        "time_zone: Europe/Helsinki\n"
        "films:\n"
        "  important_behaviour:\n"
        "    area: https://example.org/omrade-1\n"
        "    introduction: https://example.org/modul-1\n",
    )
    content = load_content(organisations_dir=extra)
    helsingborg = content.for_tenant("aaaaaaaa-0000-0000-0000-000000000002")
    assert helsingborg.organisation.name == "Helsingborgs stad"
    assert helsingborg.organisation.time_zone == "Europe/Helsinki"
    # Only the given fields change: the why is still the default one.
    assert helsingborg.organisation.why_title == content.organisation.why_title
    films = helsingborg.module("important_behaviour").films
    assert (films.area, films.introduction) == (
        "https://example.org/omrade-1",
        "https://example.org/modul-1",
    )
    assert helsingborg.module("explore_perspectives").films.introduction is None
    assert content.module("important_behaviour").films.introduction is None
    assert content.for_tenant(UPPSALA_TENANT).organisation.name == "Uppsala kommun"


def test_two_files_for_one_tenant_are_refused(tmp_path: Path) -> None:
    extra = tmp_path / "organisations"
    path = write(extra, "copy.yaml", f'tenant_ids: ["{UPPSALA_TENANT}"]\nname: Kopia\n')
    with pytest.raises(ContentError) as caught:
        load_content(organisations_dir=extra)
    assert str(caught.value) == (
        f"{path}: tenant_ids: {UPPSALA_TENANT} is already used by "
        "content/data/organisations/uppsala.yaml"
    )


def test_a_typo_in_an_override_is_refused(tmp_path: Path) -> None:
    extra = tmp_path / "organisations"
    path = write(extra, "typo.yaml", 'tenant_ids: ["x"]\nwhy_titel: Varför?\n')
    with pytest.raises(ContentError) as caught:
        load_content(organisations_dir=extra)
    assert str(caught.value) == f"{path}: why_titel: Extra inputs are not permitted"


def test_a_film_for_an_unknown_module_is_refused(tmp_path: Path) -> None:
    extra = tmp_path / "organisations"
    path = write(
        extra,
        "film.yaml",
        'tenant_ids: ["x"]\nfilms:\n  modul_1:\n    introduction: https://e.org/f\n',
    )
    with pytest.raises(ContentError) as caught:
        load_content(organisations_dir=extra)
    assert str(caught.value) == f"{path}: films: unknown module ids ['modul_1']"


def test_an_organisation_adds_synonyms_to_the_defaults(tmp_path: Path) -> None:
    extra = tmp_path / "organisations"
    write(
        extra,
        "words.yaml",
        'tenant_ids: ["x"]\nsynonyms:\n  workbook: [loggboken]\n  thanks: [tack ska du ha]\n',
    )
    content = load_content(organisations_dir=extra)
    messages = content.for_tenant("x").messages
    workbook = messages.help_command("workbook")
    assert workbook is not None and workbook.synonyms[-1] == "loggboken"
    assert "arbetsbok" in workbook.synonyms  # the defaults stay
    assert messages.understanding.thanks[-1] == "tack ska du ha"
    default = content.messages.help_command("workbook")
    assert default is not None and "loggboken" not in default.synonyms  # only for that tenant


def test_synonyms_for_an_unknown_command_are_refused(tmp_path: Path) -> None:
    extra = tmp_path / "organisations"
    path = write(extra, "words.yaml", 'tenant_ids: ["x"]\nsynonyms:\n  dance: [dansa]\n')
    with pytest.raises(ContentError) as caught:
        load_content(organisations_dir=extra)
    assert str(caught.value) == f"{path}: synonyms: unknown command ids ['dance']"


def test_a_missing_operators_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="the organisations directory is missing"):
        load_content(organisations_dir=tmp_path / "nowhere")


def test_uppsala_adds_its_own_examples_to_exercises(content: Content) -> None:
    uppsala = content.for_tenant(UPPSALA_TENANT)
    assert "idésluss" in uppsala.exercises.get(1).local_examples[0]
    assert "Mötesplats Chef" in uppsala.exercises.get(17).local_examples[0]
    assert uppsala.exercises.get(2).local_examples == ()
    # The default, and every other organisation, has none.
    assert content.exercises.get(1).local_examples == ()
    assert content.for_tenant("someone-else").exercises.get(1).local_examples == ()


def test_examples_for_an_unknown_exercise_are_refused(tmp_path: Path) -> None:
    extra = tmp_path / "organisations"
    path = write(extra, "ex.yaml", 'tenant_ids: ["x"]\nexercise_examples:\n  18: [Ett exempel]\n')
    with pytest.raises(ContentError) as caught:
        load_content(organisations_dir=extra)
    assert str(caught.value) == f"{path}: exercise_examples: unknown exercises [18]"


def test_more_than_three_examples_or_a_long_one_are_refused(tmp_path: Path) -> None:
    extra = tmp_path / "organisations"
    many = write(extra, "many.yaml", 'tenant_ids: ["x"]\nexercise_examples:\n  1: [a, b, c, d]\n')
    with pytest.raises(ContentError, match=r"exercise_examples\.1: Tuple should have at most 3"):
        load_content(organisations_dir=extra)
    many.unlink()
    write(extra, "long.yaml", f'tenant_ids: ["x"]\nexercise_examples:\n  1: ["{"x" * 301}"]\n')
    with pytest.raises(ContentError, match=r"exercise_examples\.1\.0: at most 300 characters"):
        load_content(organisations_dir=extra)
