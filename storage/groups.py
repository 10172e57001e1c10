"""Innovationsteams as Teams shows them: the group per team, and who is in it.

Every lookup is scoped by organisation (a team id is only unique within its tenant), and a
member is only ever looked up inside one group, so nothing crosses tenants or groups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update

from storage.base import affected
from storage.database import Database
from storage.directory import first_name
from storage.models import Group, Membership, Person
from storage.upsert import insert_for

MEMBER, COACH = "member", "coach"
ACTIVE, PAUSED, LEFT = "active", "paused", "left"


@dataclass(frozen=True, slots=True)
class GroupInfo:
    id: int
    organisation_id: int
    team_id: str
    name: str
    active: bool


@dataclass(frozen=True, slots=True)
class GroupMember:
    """An active member, with what the cards and the calendars need."""

    person_id: int
    teams_user_id: str
    name: str
    given_name: str | None
    email: str | None
    role: str

    @property
    def first_name(self) -> str:
        return first_name(self.given_name, self.name)


class Groups:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def register(
        self, organisation_id: int, team_id: str, name: str, aad_group_id: str | None
    ) -> int:
        """The group of a team, created or reactivated (the app was installed again)."""
        values = {"name": name, "aad_group_id": aad_group_id, "active": True}
        async with self._db.transaction() as session:
            insert = insert_for(session)
            await session.execute(
                insert(Group)
                .values(
                    organisation_id=organisation_id,
                    team_id=team_id,
                    created_at=self._db.now(),
                    **values,
                )
                .on_conflict_do_update(
                    index_elements=[Group.organisation_id, Group.team_id],
                    set_={key: value for key, value in values.items() if value is not None},
                )
            )
            result = await session.execute(
                select(Group.id).where(
                    Group.organisation_id == organisation_id, Group.team_id == team_id
                )
            )
            return result.scalar_one()  # upserted above

    async def of_team(self, organisation_id: int, team_id: str) -> GroupInfo | None:
        async with self._db.sessions() as session:
            group = await session.scalar(
                select(Group).where(
                    Group.organisation_id == organisation_id, Group.team_id == team_id
                )
            )
        return _info(group) if group else None

    async def get(self, organisation_id: int, group_id: int) -> GroupInfo | None:
        async with self._db.sessions() as session:
            group = await session.scalar(
                select(Group).where(Group.organisation_id == organisation_id, Group.id == group_id)
            )
        return _info(group) if group else None

    async def deactivate(self, group_id: int) -> None:
        """The app was removed from the team: the group stays, for its history, but rests."""
        async with self._db.transaction() as session:
            await session.execute(update(Group).where(Group.id == group_id).values(active=False))

    async def join(self, group_id: int, person_ids: Iterable[int]) -> list[int]:
        """Make these people active members; returns those who were not active before.

        A paused member stays paused (only they decide to come back); one who had left is back.
        """
        wanted = list(dict.fromkeys(person_ids))
        if not wanted:
            return []
        async with self._db.transaction() as session:
            before = dict(
                (
                    await session.execute(
                        select(Membership.person_id, Membership.state).where(
                            Membership.group_id == group_id, Membership.person_id.in_(wanted)
                        )
                    )
                ).all()
            )
            insert = insert_for(session)
            for person_id in wanted:
                if before.get(person_id) in (ACTIVE, PAUSED):
                    continue
                await session.execute(
                    insert(Membership)
                    .values(
                        group_id=group_id,
                        person_id=person_id,
                        role=MEMBER,
                        state=ACTIVE,
                        joined_at=self._db.now(),
                    )
                    .on_conflict_do_update(
                        index_elements=[Membership.group_id, Membership.person_id],
                        set_={"state": ACTIVE, "joined_at": self._db.now()},
                    )
                )
        return [person_id for person_id in wanted if before.get(person_id) not in (ACTIVE, PAUSED)]

    async def set_state(self, group_id: int, person_id: int, state: str) -> bool:
        """Pause, leave or come back; False when the person is not in the group at all."""
        async with self._db.transaction() as session:
            result = await session.execute(
                update(Membership)
                .where(Membership.group_id == group_id, Membership.person_id == person_id)
                .values(state=state)
            )
        return affected(result) == 1

    async def of_person(self, person_id: int, *, state: str = ACTIVE) -> list[int]:
        """Ids of the (active) groups this person is in, in their state `state`."""
        async with self._db.sessions() as session:
            rows = await session.scalars(
                select(Membership.group_id)
                .join(Group, Group.id == Membership.group_id)
                .where(
                    Membership.person_id == person_id,
                    Membership.state == state,
                    Group.active.is_(True),
                )
                .order_by(Membership.group_id)
            )
            return list(rows)

    async def is_active_member(self, group_id: int, person_id: int) -> bool:
        async with self._db.sessions() as session:
            state = await session.scalar(
                select(Membership.state).where(
                    Membership.group_id == group_id, Membership.person_id == person_id
                )
            )
        return state == ACTIVE

    async def active_members(self, group_id: int) -> list[GroupMember]:
        """Active members, in the order they joined."""
        async with self._db.sessions() as session:
            rows = await session.execute(
                select(Person, Membership.role)
                .join(Membership, Membership.person_id == Person.id)
                .where(Membership.group_id == group_id, Membership.state == ACTIVE)
                .order_by(Membership.joined_at, Person.id)
            )
            return [group_member(person, role) for person, role in rows]


def _info(group: Group) -> GroupInfo:
    return GroupInfo(group.id, group.organisation_id, group.team_id, group.name, group.active)


def group_member(person: Person, role: str) -> GroupMember:
    """A member as the group's features see them (name, e-mail, role)."""
    return GroupMember(
        person_id=person.id,
        teams_user_id=person.teams_user_id,
        name=person.name,
        given_name=person.given_name,
        email=person.email,
        role=role,
    )
