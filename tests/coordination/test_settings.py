"""The organisation's own settings from Teams: coordinators only, per municipality, versioned,
in force without a restart (and on every replica after a sync)."""

from __future__ import annotations

from content.loader import load_content
from content.models import Content
from services.org_settings import (
    Problem,
    Published,
    SettingsForm,
    SettingsProblem,
    SettingsService,
    in_force_draft,
    parse_form,
)
from storage.audit import AuditAction, AuditLog
from storage.database import Database
from storage.org_settings import OrganisationSettings, SettingsVersion
from storage.roles import RoleName
from tests.coordination.support import HELSINGBORG, UPPSALA, actor, service

ANNA = "anna.berg@uppsala.example"
KARIN = "karin@helsingborg.example"
WHY = "Vi vill bli modigare.\n\nOch prova mer,\n  tillsammans."
SUPPORTERS = "Per Ek; innovationsledare; per@uppsala.example\n\nEva Lund ; coach; 018-123 45"
FORM = SettingsForm(" Innovativa  Uppsala ", WHY, SUPPORTERS)
NAME = "Innovativa Uppsala"


def settings(database: Database, content: Content) -> SettingsService:
    return SettingsService(
        OrganisationSettings(database), service(database), content, database=database
    )


async def draft(found: SettingsVersion | SettingsProblem | None) -> SettingsVersion:
    assert isinstance(found, SettingsVersion)
    return found


async def test_a_coordinator_previews_publishes_and_leaders_see_it_at_once(
    database: Database,
) -> None:
    content = load_content()
    service_ = settings(database, content)
    await service(database).name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    before = content.for_tenant(UPPSALA).organisation

    preview = await draft(await service_.preview(anna, UPPSALA, FORM))
    assert preview.version == 1 and preview.published_at is None
    assert preview.draft.why_paragraphs == ("Vi vill bli modigare.", "Och prova mer, tillsammans.")
    assert preview.draft.supporters == (
        ("Per Ek", "innovationsledare", "per@uppsala.example"),
        ("Eva Lund", "coach", "018-123 45"),
    )
    assert content.for_tenant(UPPSALA).organisation == before  # a preview changes nothing

    assert await service_.publish(anna, UPPSALA, 1) == Published(1)
    organisation = content.for_tenant(UPPSALA).organisation
    assert organisation.name == NAME
    assert organisation.why_paragraphs == preview.draft.why_paragraphs
    assert [s.name for s in organisation.supporters] == ["Per Ek", "Eva Lund"]
    assert organisation.why_title == before.why_title  # the file's value where none is set
    assert content.for_tenant(HELSINGBORG).organisation.name != NAME
    assert await service_.publish(anna, UPPSALA, 1) == Published(None)  # once only


async def test_publish_then_restore_an_earlier_version_as_a_new_one(database: Database) -> None:
    content = load_content()
    service_ = settings(database, content)
    await service(database).name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    await draft(await service_.preview(anna, UPPSALA, FORM))
    await service_.publish(anna, UPPSALA, 1)
    second = SettingsForm("Uppsala kommun", "En helt ny text.", "")
    await draft(await service_.preview(anna, UPPSALA, second))
    await service_.publish(anna, UPPSALA, 2)
    assert content.for_tenant(UPPSALA).organisation.why_paragraphs == ("En helt ny text.",)
    assert content.for_tenant(UPPSALA).organisation.supporters == ()

    assert await service_.restore(anna, UPPSALA, 1) == Published(3, restored_from=1)
    organisation = content.for_tenant(UPPSALA).organisation
    assert organisation.why_paragraphs[0] == "Vi vill bli modigare."
    assert len(organisation.supporters) == 2
    overview = await service_.overview(anna, UPPSALA)
    assert overview is not None and overview.in_force is not None
    assert overview.in_force.version == 3
    assert [v.version for v in overview.earlier] == [2, 1]
    assert await service_.restore(anna, UPPSALA, 9) == Published(None)

    log = await AuditLog(database).of_organisation(anna.organisation_id)
    assert [(r.action, r.detail) for r in log if r.action.startswith("settings")] == [
        (AuditAction.SETTINGS_SAVED, "1"),
        (AuditAction.SETTINGS_PUBLISHED, "1"),
        (AuditAction.SETTINGS_SAVED, "2"),
        (AuditAction.SETTINGS_PUBLISHED, "2"),
        (AuditAction.SETTINGS_RESTORED, "1->3"),
    ]


async def test_a_leader_can_neither_see_nor_change_the_settings(database: Database) -> None:
    content = load_content()
    service_ = settings(database, content)
    await service(database).name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    await draft(await service_.preview(anna, UPPSALA, FORM))
    per = await actor(database, UPPSALA, "per", email="per@uppsala.example")

    assert await service_.overview(per, UPPSALA) is None
    assert await service_.preview(per, UPPSALA, FORM) is None
    assert await service_.publish(per, UPPSALA, 1) is None
    assert await service_.restore(per, UPPSALA, 1) is None

    store = OrganisationSettings(database)
    assert await store.published(per.organisation_id, limit=5) == []
    assert await store.get(per.organisation_id, 2) is None  # the leader's preview not saved
    assert content.for_tenant(UPPSALA).organisation.name != NAME
    log = await AuditLog(database).of_organisation(per.organisation_id)
    refused = [r.subject for r in log if r.action is AuditAction.REFUSED]
    assert refused == ["settings", "save_settings", "publish_settings", "restore_settings"]


async def test_a_coordinator_of_one_municipality_cannot_touch_anothers(
    database: Database,
) -> None:
    content = load_content()
    service_ = settings(database, content)
    await service(database).name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    await service(database).name_from_cli(HELSINGBORG, KARIN, RoleName.COORDINATOR)
    karin = await actor(database, HELSINGBORG, "karin", email=KARIN)
    await draft(await service_.preview(karin, HELSINGBORG, SettingsForm("Helsingborg", "Hbg.", "")))
    # Anna of Uppsala, also a plain leader in Helsingborg under the same account.
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    anna_there = await actor(database, HELSINGBORG, "anna", email=ANNA)

    assert await service_.publish(anna, UPPSALA, 1) == Published(None)  # not Uppsala's draft
    assert await service_.publish(anna_there, HELSINGBORG, 1) is None
    assert await service_.overview(anna_there, HELSINGBORG) is None
    assert await service_.version(anna, 1) is None  # Karin's draft is not Uppsala's
    assert await service_.version(anna_there, 1) is None
    assert await service_.version(karin, 1) is not None
    store = OrganisationSettings(database)
    assert await store.published(karin.organisation_id, limit=5) == []
    assert content.for_tenant(HELSINGBORG).organisation.name != "Helsingborg"


async def test_another_replica_sees_the_published_version_after_a_sync(database: Database) -> None:
    here, there = load_content(), load_content()
    await service(database).name_from_cli(UPPSALA, ANNA, RoleName.COORDINATOR)
    anna = await actor(database, UPPSALA, "anna", email=ANNA)
    service_here = settings(database, here)
    await draft(await service_here.preview(anna, UPPSALA, FORM))
    await service_here.publish(anna, UPPSALA, 1)
    assert there.for_tenant(UPPSALA).organisation.name != NAME

    await settings(database, there).sync()
    assert there.for_tenant(UPPSALA).organisation.name == NAME
    assert there.published_version(UPPSALA) == 1


def test_bad_input_is_named_and_nothing_is_guessed() -> None:
    content = load_content()
    limits, start = content.coordination.settings, in_force_draft(content)

    def problem(name: str = "Uppsala", why: str = "Därför.", supporters: str = "") -> object:
        found = parse_form(SettingsForm(name, why, supporters), content, start)
        return found.problem if isinstance(found, SettingsProblem) else found

    assert problem(name="  ") is Problem.NAME_MISSING
    assert problem(name="x" * (limits.name_max + 1)) is Problem.NAME_TOO_LONG
    assert problem(why="\n \n") is Problem.WHY_MISSING
    assert problem(why="x" * (limits.why_max + 1)) is Problem.WHY_TOO_LONG
    assert problem(why="Hej {namn}") is Problem.BRACES
    assert problem(supporters="Per Ek; coach") is Problem.SUPPORTER_LINE
    assert (
        problem(supporters="a;b;c\n" * (limits.supporters_max + 1)) is Problem.TOO_MANY_SUPPORTERS
    )
    line = parse_form(SettingsForm("U", "W", "a;b;c\n\nPer;;x"), content, start)
    assert line == SettingsProblem(Problem.SUPPORTER_LINE, line=3)
