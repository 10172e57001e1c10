"""The settings' other sections: time zone and working hours, films, local examples per exercise.
Each validated, saved as a whole-document draft, previewed, published to that municipality
only, restored; the working hours reach the slot finder."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from content.curriculum import EXAMPLE_MAX, EXAMPLES_MAX
from content.loader import load_content
from content.models import Content
from scheduling.availability import Attendee, Availability
from scheduling.slots import SlotQuery, find_slots
from services.coordination import Actor
from services.org_settings import (
    Problem,
    Published,
    SettingsForm,
    SettingsProblem,
    SettingsService,
    in_force_draft,
    parse_form,
)
from services.organisation_time import organisation_hours, organisation_zone
from storage.database import Database
from storage.org_settings import Hours, OrganisationSettings, SettingsDraft, SettingsVersion
from storage.roles import RoleName
from tests.coordination.support import HELSINGBORG, UPPSALA, actor, service

ANNA = "anna.berg@uppsala.example"
TIMES = SettingsForm(time_zone=" Europe/Helsinki ", start="09:30", end="15:00", days="3,1")
FILM = "https://play.uppsala.example/modul-2"


def settings(database: Database, content: Content) -> SettingsService:
    return SettingsService(
        OrganisationSettings(database), service(database), content, database=database
    )


def saved(found: SettingsVersion | SettingsProblem | None) -> SettingsVersion:
    assert isinstance(found, SettingsVersion), found
    return found


async def coordinator(database: Database) -> Actor:
    await service(database).name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    return await actor(database, UPPSALA, "anna", email=ANNA)


def films(content: Content, **links: tuple[str, str]) -> SettingsForm:
    """The films card as typed: every module, empty where not given."""
    typed = tuple((m.id, *links.get(m.id, ("", ""))) for m in content.modules)
    return SettingsForm(films=typed)


def test_times_are_checked_and_named() -> None:
    content = load_content()
    draft = in_force_draft(content)

    def problem(
        time_zone: str = "Europe/Stockholm",
        start: str = "08:00",
        end: str = "17:00",
        days: str = "0,1,2,3,4",
    ) -> object:
        form = SettingsForm(time_zone=time_zone, start=start, end=end, days=days)
        found = parse_form(form, content, draft)
        return found.problem if isinstance(found, SettingsProblem) else found.working_hours

    assert problem(time_zone="Mars/Olympus") is Problem.TIME_ZONE
    assert problem(time_zone="") is Problem.TIME_ZONE
    assert problem(time_zone="../etc/passwd") is Problem.TIME_ZONE
    assert problem(start="8") is Problem.CLOCK
    assert problem(end="25:00") is Problem.CLOCK
    assert problem(start="12:00", end="12:00") is Problem.HOURS_ORDER
    assert problem(start="16:00", end="09:00") is Problem.HOURS_ORDER
    assert problem(start="05:00") is Problem.HOURS_RANGE
    assert problem(end="23:30") is Problem.HOURS_RANGE
    assert problem(days="") is Problem.NO_WEEKDAY
    assert problem(days="7") is Problem.NO_WEEKDAY
    assert problem(start="7.45", days="4,0,4") == Hours(time(7, 45), time(17), (0, 4))


def test_films_are_https_links_only() -> None:
    content = load_content()
    start = in_force_draft(content)
    module = content.modules[1].id

    def found(area: str, intro: str = "") -> object:
        result = parse_form(films(content, **{module: (area, intro)}), content, start)
        return result.problem if isinstance(result, SettingsProblem) else result.films

    for bad in ("http://play.example/film", "javascript:alert(1)", "play.example/film", "https://"):
        assert found(bad) is Problem.FILM_URL, bad
    assert found("https://play.example/a b") is Problem.FILM_URL
    assert found("", "https://x.example/" + "a" * 2000) is Problem.FILM_URL
    assert found(f" {FILM} ") == ((module, FILM, None),)
    assert found("") == ()  # no film anywhere: none shown
    wrong = parse_form(films(content, **{module: ("ftp://x", "")}), content, start)
    assert wrong == SettingsProblem(Problem.FILM_URL, module=module)


def test_local_examples_keep_to_the_contents_limits() -> None:
    content = load_content()
    start = in_force_draft(content)

    def found(number: int, typed: str) -> object:
        result = parse_form(SettingsForm(exercise=number, examples=typed), content, start)
        return result.problem if isinstance(result, SettingsProblem) else result.exercise_examples

    assert found(999, "Ett exempel.") is Problem.EXERCISE
    assert found(2, "\n\n".join(["Exempel."] * (EXAMPLES_MAX + 1))) is Problem.TOO_MANY_EXAMPLES
    long = parse_form(
        SettingsForm(exercise=2, examples="Kort.\n\n" + "x" * (EXAMPLE_MAX + 1)), content, start
    )
    assert long == SettingsProblem(Problem.EXAMPLE_TOO_LONG, line=2, length=EXAMPLE_MAX + 1)
    assert found(2, "Hej {namn}") is Problem.BRACES
    assert found(2, "Vår idésluss\ni Gottsunda.\n\nBiblioteket.") == (
        (2, ("Vår idésluss i Gottsunda.", "Biblioteket.")),
    )
    assert found(2, "  ") == ()  # emptied: the exercise has none


async def test_times_preview_publish_reach_that_municipality_only(database: Database) -> None:
    content = load_content()
    service_ = settings(database, content)
    anna = await coordinator(database)
    before = content.for_tenant(UPPSALA).organisation

    preview = saved(await service_.preview(anna, UPPSALA, TIMES))
    assert preview.draft.time_zone == "Europe/Helsinki"
    assert preview.draft.working_hours == Hours(time(9, 30), time(15), (1, 3))
    assert preview.draft.name == before.name  # the rest starts from what is in force
    assert preview.draft.why_paragraphs == before.why_paragraphs
    assert content.for_tenant(UPPSALA).organisation == before  # nothing changed yet

    assert await service_.publish(anna, UPPSALA, preview.version) == Published(1)
    organisation = content.for_tenant(UPPSALA).organisation
    assert organisation.time_zone == "Europe/Helsinki"
    assert organisation.working_hours.days == (1, 3)
    assert (organisation.working_hours.start, organisation.working_hours.end) == (
        time(9, 30),
        time(15),
    )
    assert organisation.name == before.name and organisation.why_title == before.why_title
    other = content.for_tenant(HELSINGBORG).organisation
    assert other.time_zone == "Europe/Stockholm" and other.working_hours.days == (0, 1, 2, 3, 4)

    hours = organisation_hours(content.for_tenant(UPPSALA))
    assert hours.zone == ZoneInfo("Europe/Helsinki") and hours.days == frozenset({1, 3})


async def test_films_and_examples_build_on_one_draft_then_restore(database: Database) -> None:
    content = load_content()
    service_ = settings(database, content)
    anna = await coordinator(database)
    second, first = content.modules[1], content.modules[0]
    file_examples = dict(in_force_draft(content.for_tenant(UPPSALA)).exercise_examples or ())
    assert 1 in file_examples  # the Uppsala file's own example for exercise 1

    v1 = saved(await service_.preview(anna, UPPSALA, films(content, **{second.id: ("", FILM)})))
    v2 = saved(
        await service_.preview(
            anna,
            UPPSALA,
            SettingsForm(exercise=3, examples="Vår idésluss."),
            base=v1.version,
        )
    )
    assert v2.version == 2 and v2.draft.films == ((second.id, None, FILM),)  # kept from v1
    examples = dict(v2.draft.exercise_examples or ())
    assert examples[3] == ("Vår idésluss.",) and examples[1] == file_examples[1]
    await service_.publish(anna, UPPSALA, 2)

    shown = content.for_tenant(UPPSALA)
    assert shown.module(second.id).films.introduction == FILM
    assert shown.module(first.id).films.introduction is None
    assert shown.exercises.get(3).local_examples == ("Vår idésluss.",)
    assert shown.exercises.get(1).local_examples == file_examples[1]
    elsewhere = content.for_tenant(HELSINGBORG)
    assert elsewhere.module(second.id).films.introduction is None
    assert elsewhere.exercises.get(3).local_examples == ()

    # The films emptied and published as version 3; restoring 2 brings them back as 4.
    v3 = saved(await service_.preview(anna, UPPSALA, films(content)))
    await service_.publish(anna, UPPSALA, v3.version)
    assert content.for_tenant(UPPSALA).module(second.id).films.introduction is None
    assert content.for_tenant(UPPSALA).exercises.get(3).local_examples == ("Vår idésluss.",)
    assert await service_.restore(anna, UPPSALA, 2) == Published(4, restored_from=2)
    assert content.for_tenant(UPPSALA).module(second.id).films.introduction == FILM

    there = load_content()  # another replica
    await settings(database, there).sync()
    assert there.for_tenant(UPPSALA).module(second.id).films.introduction == FILM
    assert there.for_tenant(UPPSALA).exercises.get(3).local_examples == ("Vår idésluss.",)


async def test_a_version_saved_before_these_sections_leaves_them_to_the_file(
    database: Database,
) -> None:
    content = load_content()
    anna = await coordinator(database)
    store = OrganisationSettings(database)
    old = SettingsDraft("Uppsala", ("Därför.",), ())  # as versions before migration 0021
    version = await store.save(anna.organisation_id, old, anna.person_id)
    assert await settings(database, content).publish(anna, UPPSALA, version) == Published(1)
    shown = content.for_tenant(UPPSALA)
    assert shown.organisation.name == "Uppsala"
    assert shown.exercises.get(1).local_examples  # still the file's
    assert shown.organisation.working_hours == load_content().organisation.working_hours

    # Building on it: the missing parts come from what is in force, the rest from the draft.
    start = await settings(database, content).start(anna, UPPSALA, version)
    assert start is not None and start.base == version
    assert start.draft.name == "Uppsala" and start.draft.time_zone == "Europe/Stockholm"
    assert dict(start.draft.exercise_examples or ())[1]


async def test_a_leader_cannot_read_a_draft_to_build_on(database: Database) -> None:
    content = load_content()
    service_ = settings(database, content)
    anna = await coordinator(database)
    v1 = saved(await service_.preview(anna, UPPSALA, TIMES))
    per = await actor(database, UPPSALA, "per", email="per@uppsala.example")
    assert await service_.start(per, UPPSALA, v1.version) is None
    assert await service_.preview(per, UPPSALA, TIMES, base=v1.version) is None
    # A coordinator elsewhere building on Uppsala's draft gets their own in force instead.
    await service(database).name_from_cli(HELSINGBORG, "karin@hbg.example", RoleName.COORDINATOR)
    karin = await actor(database, HELSINGBORG, "karin", email="karin@hbg.example")
    start = await service_.start(karin, HELSINGBORG, v1.version)
    assert start is not None and start.base is None
    assert start.draft.time_zone == "Europe/Stockholm"


async def test_the_published_working_hours_bound_the_times_the_bot_proposes(
    database: Database,
) -> None:
    """The slot finder takes the organisation's hours for a calendar without its own (an
    iCalendar file): Tuesdays and Thursdays 09:30–15:00 in Helsinki once published."""
    content = load_content()
    service_ = settings(database, content)
    anna = await coordinator(database)
    monday = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)

    def proposed(tenant: str) -> list[datetime]:
        view = content.for_tenant(tenant)
        zone = organisation_zone(view)
        query = SlotQuery(
            window_start=monday,
            window_end=monday + timedelta(days=7),
            duration=timedelta(hours=1),
            zone=zone,
            count=10,
            working_hours=organisation_hours(view),
        )
        found = find_slots([Availability(Attendee("jonas@uppsala.example"))], query)
        return [slot.start.astimezone(zone) for slot in found.slots]

    before = proposed(UPPSALA)
    assert {start.weekday() for start in before} == {0, 1, 2, 3, 4}

    version = saved(await service_.preview(anna, UPPSALA, TIMES)).version
    await service_.publish(anna, UPPSALA, version)
    after = proposed(UPPSALA)
    assert after and {start.weekday() for start in after} == {1, 3}
    assert all(time(9, 30) <= start.time() and start.time() <= time(14) for start in after)
    assert all(start.utcoffset() == timedelta(hours=2) for start in after)  # Helsinki, winter
    assert proposed(HELSINGBORG) == before  # another municipality keeps its own


async def test_a_stored_version_the_content_no_longer_accepts_does_not_stop_the_sync(
    database: Database,
) -> None:
    """Say the content's limit on examples was lowered after Uppsala published: Uppsala keeps
    what it has, Helsingborg's new version still reaches this replica."""
    content = load_content()
    anna = await coordinator(database)
    store = OrganisationSettings(database)
    too_long = SettingsDraft("Uppsala", ("Därför.",), (), exercise_examples=((2, ("x" * 999,)),))
    version = await store.save(anna.organisation_id, too_long, anna.person_id)
    assert await store.publish(anna.organisation_id, version)
    await service(database).name_from_cli(HELSINGBORG, "karin@hbg.example", RoleName.COORDINATOR)
    karin = await actor(database, HELSINGBORG, "karin", email="karin@hbg.example")
    service_ = settings(database, content)
    preview = saved(await service_.preview(karin, HELSINGBORG, TIMES))
    await OrganisationSettings(database).publish(karin.organisation_id, preview.version)

    await service_.sync()
    assert content.published_version(UPPSALA) is None
    assert content.for_tenant(HELSINGBORG).organisation.time_zone == "Europe/Helsinki"
