"""Two municipalities with people, groups and what they have done, straight into the tables."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime

from services.coordination import Actor, CoordinationService
from services.feedback import FeedbackService
from storage.audit import AuditLog
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory, TeamsAccount
from storage.feedback import Feedback
from storage.groups import Groups
from storage.journey_models import MaturityScore, OnboardingProgress, WorkbookEntry
from storage.learning_models import ModuleProgress
from storage.outbox import Outbox
from storage.roles import Roles
from storage.team_models import HELD, TeamMeeting
from storage.workbook import COMPLETED, EXERCISE_REFLECTION, GOAL, TEAM_REFLECTION

UPPSALA = "00000000-0000-0000-0000-0000000000001"
HELSINGBORG = "11111111-0000-0000-0000-000000000002"
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def service(database: Database) -> CoordinationService:
    return CoordinationService(
        Roles(database), AuditLog(database), Directory(database), database=database
    )


def feedback_service(
    database: Database, coordination: CoordinationService | None = None, *, max_chars: int = 2000
) -> FeedbackService:
    from tests.services.test_onboarding import CONTENT

    return FeedbackService(
        Feedback(database),
        coordination or service(database),
        max_chars=max_chars,
        content=CONTENT,
        conversations=Conversations(database),
        outbox=Outbox(database),
        database=database,
    )


def email_of(address: str | None) -> Callable[[], Awaitable[str | None]]:
    """The lookup a turn would do: Teams tells the caller's address (or nothing)."""
    asked: list[str | None] = []

    async def lookup() -> str | None:
        asked.append(address)
        return address

    lookup.asked = asked  # type: ignore[attr-defined]
    return lookup


async def person(
    database: Database, tenant: str, key: str, *, email: str | None = None
) -> tuple[int, int]:
    """(organisation id, person id) of someone the bot has met in that tenant."""
    directory = Directory(database)
    organisation = await directory.organisation_id(tenant)
    account = TeamsAccount(f"29:{key}", f"aad-{key}", key.title(), email=email)
    return organisation, await directory.person_id(organisation, account)


async def actor(database: Database, tenant: str, key: str, *, email: str | None = None) -> Actor:
    organisation, person_id = await person(database, tenant, key)
    return Actor(organisation, person_id, email_of(email))


async def group(database: Database, organisation: int, name: str, people: Iterable[int]) -> int:
    groups = Groups(database)
    group_id = await groups.register(organisation, f"team-{name}", name, None)
    await groups.join(group_id, list(people))
    return group_id


async def did(
    database: Database,
    person_id: int,
    *,
    onboarded: bool = False,
    goal: bool = False,
    exercises: int = 0,
    team_reflections: int = 0,
    drafts: int = 0,
    modules: int = 0,
    journey: bool = False,
    maturity: dict[str, dict[str, int]] | None = None,
) -> None:
    """What one leader has done, as the features would have stored it."""
    async with database.transaction() as session:
        if onboarded:
            session.add(OnboardingProgress(person_id=person_id, step="done", completed_at=AT))
        entries = [(GOAL, False)] if goal else []
        entries += [(EXERCISE_REFLECTION, False)] * exercises + [
            (EXERCISE_REFLECTION, True)
        ] * drafts
        entries += [(TEAM_REFLECTION, False)] * team_reflections
        entries += [(COMPLETED, False)] if journey else []
        for kind, draft in entries:
            session.add(
                WorkbookEntry(person_id=person_id, kind=kind, text="privat text", draft=draft)
            )
        for number in range(1, modules + 1):
            session.add(
                ModuleProgress(person_id=person_id, module_id=f"module_{number}", completed_at=AT)
            )
        for checkpoint, grades in (maturity or {}).items():
            for area, grade in grades.items():
                session.add(
                    MaturityScore(
                        person_id=person_id, checkpoint=checkpoint, area_id=area, grade=grade
                    )
                )


async def meeting_held(database: Database, group_id: int, number: int) -> None:
    async with database.transaction() as session:
        session.add(TeamMeeting(group_id=group_id, number=number, state=HELD, held_at=AT))
