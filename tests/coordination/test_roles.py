"""Roles per municipality: named by e-mail, claimed when met, checked per tenant, audited."""

from __future__ import annotations

from sqlalchemy import select

from services.coordination import Outcome
from storage.audit import AuditAction, AuditEntry, AuditLog, Via
from storage.database import Database
from storage.personal_data import PersonalData
from storage.roles import Role, RoleName, Roles
from tests.coordination.support import (
    HELSINGBORG,
    UPPSALA,
    actor,
    email_of,
    person,
    service,
)

ANNA = "anna.berg@uppsala.example"


async def test_someone_named_from_the_command_line_coordinates_once_teams_gives_their_address(
    database: Database,
) -> None:
    coordination = service(database)
    named = await coordination.name_from_cli(
        UPPSALA, "Anna.Berg@Uppsala.example ", RoleName.COORDINATOR
    )
    assert (named.outcome, named.email) == (Outcome.NAMED, ANNA)
    organisation, anna = await person(database, UPPSALA, "anna")

    lookup = email_of(ANNA)
    assert await coordination.role_of(organisation, anna, lookup) is RoleName.COORDINATOR
    # Bound now: the next check needs no address from Teams.
    again = email_of(None)
    assert await coordination.role_of(organisation, anna, again) is RoleName.COORDINATOR
    assert again.asked == []  # type: ignore[attr-defined]

    log = await AuditLog(database).of_organisation(organisation)
    assert [(r.action, r.via, r.actor_person_id, r.subject) for r in log] == [
        (AuditAction.ROLE_NAMED, Via.CLI, None, ANNA),
        (AuditAction.ROLE_CLAIMED, Via.TEAMS, anna, ANNA),
    ]


async def test_a_leader_is_not_asked_for_an_address_when_nobody_is_waiting_to_be_bound(
    database: Database,
) -> None:
    coordination = service(database)
    organisation, per = await person(database, UPPSALA, "per")
    lookup = email_of("per@uppsala.example")
    assert await coordination.role_of(organisation, per, lookup) is RoleName.LEADER
    assert lookup.asked == []  # type: ignore[attr-defined]


async def test_a_coordinator_names_and_removes_coordinators_and_coaches_in_teams(
    database: Database,
) -> None:
    coordination = service(database)
    await coordination.name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)

    named = await coordination.name(anna, "per@uppsala.example", RoleName.COACH)
    assert named is not None and named.outcome is Outcome.NAMED
    again = await coordination.name(anna, "PER@uppsala.example", RoleName.COACH)
    assert again is not None and again.outcome is Outcome.ALREADY
    promoted = await coordination.name(anna, "per@uppsala.example", RoleName.COORDINATOR)
    assert promoted is not None and promoted.outcome is Outcome.NAMED
    assert [(h.email, h.role) for h in await coordination.holders(anna) or []] == [
        (ANNA, RoleName.COORDINATOR),
        ("per@uppsala.example", RoleName.COORDINATOR),
    ]
    removed = await coordination.remove(anna, "per@uppsala.example")
    assert removed is not None and removed.outcome is Outcome.REMOVED
    assert removed.role is RoleName.COORDINATOR
    typo = await coordination.name(anna, "per at uppsala", RoleName.COACH)
    assert typo is not None and typo.outcome is Outcome.INVALID_EMAIL

    log = await AuditLog(database).of_organisation(anna.organisation_id)
    assert [(r.action, r.detail) for r in log if r.actor_person_id == anna.person_id] == [
        (AuditAction.ROLE_CLAIMED, "coordinator"),
        (AuditAction.ROLE_NAMED, "coach"),
        (AuditAction.ROLE_NAMED, "coordinator"),
        (AuditAction.ROLE_REMOVED, "coordinator"),
    ]


async def test_the_last_coordinator_is_kept(database: Database) -> None:
    coordination = service(database)
    await coordination.name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    kept = await coordination.remove(anna, ANNA)
    assert kept is not None and kept.outcome is Outcome.LAST_COORDINATOR
    demoted = await coordination.name(anna, ANNA, RoleName.COACH)
    assert demoted is not None and demoted.outcome is Outcome.LAST_COORDINATOR
    assert (
        await Roles(database).of_person(anna.organisation_id, anna.person_id)
        is RoleName.COORDINATOR
    )


async def test_a_leader_can_neither_see_nor_name_and_the_refusal_is_audited(
    database: Database,
) -> None:
    coordination = service(database)
    await coordination.name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    per = await actor(database, UPPSALA, "per", email="per@uppsala.example")

    assert await coordination.holders(per) is None
    assert await coordination.name(per, "per@uppsala.example", RoleName.COORDINATOR) is None
    assert await coordination.remove(per, ANNA) is None

    assert await Roles(database).of_person(per.organisation_id, per.person_id) is RoleName.LEADER
    assert [h.email for h in await coordination.holders_from_cli(UPPSALA)] == [ANNA]
    log = await AuditLog(database).of_organisation(per.organisation_id)
    refused = [(r.actor_person_id, r.subject) for r in log if r.action is AuditAction.REFUSED]
    assert refused == [
        (per.person_id, "roles"),
        (per.person_id, "name_role"),
        (per.person_id, "remove_role"),
    ]


async def test_a_coordinator_of_one_municipality_sees_and_changes_nothing_of_another(
    database: Database,
) -> None:
    coordination = service(database)
    await coordination.name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    await coordination.name_from_cli(HELSINGBORG, "karin@helsingborg.example", RoleName.COORDINATOR)
    await coordination.name_from_cli(HELSINGBORG, "olle@helsingborg.example", RoleName.COACH)
    # The same AAD account in Helsingborg is another person, and a leader there.
    in_uppsala = await actor(database, UPPSALA, "anna", email=ANNA)
    in_helsingborg = await actor(database, HELSINGBORG, "anna", email=ANNA)

    assert await coordination.holders(in_helsingborg) is None
    assert [h.email for h in await coordination.holders(in_uppsala) or []] == [ANNA]
    gone = await coordination.remove(in_uppsala, "olle@helsingborg.example")
    assert gone is not None and gone.outcome is Outcome.NOT_FOUND
    await coordination.name(in_uppsala, "karin@helsingborg.example", RoleName.COACH)

    helsingborg = [(h.email, h.role) for h in await coordination.holders_from_cli(HELSINGBORG)]
    assert helsingborg == [
        ("karin@helsingborg.example", RoleName.COORDINATOR),
        ("olle@helsingborg.example", RoleName.COACH),
    ]
    uppsala = [(h.email, h.role) for h in await coordination.holders_from_cli(UPPSALA)]
    assert uppsala == [(ANNA, RoleName.COORDINATOR), ("karin@helsingborg.example", RoleName.COACH)]
    helsingborg_log = await AuditLog(database).of_organisation(in_helsingborg.organisation_id)
    assert {r.via for r in helsingborg_log if r.action is not AuditAction.REFUSED} == {Via.CLI}


async def test_naming_someone_the_bot_knows_binds_the_role_at_once(database: Database) -> None:
    coordination = service(database)
    organisation, karin = await person(
        database, UPPSALA, "karin", email="Karin.Lund@uppsala.example"
    )
    await coordination.name_from_cli(UPPSALA, "karin.lund@uppsala.example", RoleName.COACH)
    assert await Roles(database).of_person(organisation, karin) is RoleName.COACH


async def test_erasing_a_coordinator_removes_their_role_and_keeps_what_they_did_without_them(
    database: Database,
) -> None:
    coordination = service(database)
    await coordination.name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    await coordination.name(anna, "per@uppsala.example", RoleName.COACH)

    await PersonalData(database).erase(anna.person_id)

    async with database.sessions() as session:
        roles = (await session.scalars(select(Role.email))).all()
        actors = (await session.scalars(select(AuditEntry.actor_person_id))).all()
    assert roles == ["per@uppsala.example"]
    assert len(actors) == 3 and set(actors) == {None}
