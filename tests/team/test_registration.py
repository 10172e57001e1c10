"""Installing the app in a team registers the group, welcomes it and starts each onboarding."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.cohorts import Cohorts, NewCohort
from storage.models import ConversationRef, Group, Membership, Person
from tests.activities import TENANT
from tests.card_schema import card_texts
from tests.coordination.support import person as known_person
from tests.fakes.connector import FakeConnector, member
from tests.team.conftest import TEAM_ID, TEAM_NAME, Channel, cards_in


async def memberships(channel: Channel) -> dict[str, str]:
    async with channel.bot.services.database.sessions() as session:
        rows = await session.execute(
            select(Person.given_name, Membership.state).join(
                Membership, Membership.person_id == Person.id
            )
        )
        return dict(rows.all())


async def test_install_registers_the_team_welcomes_the_channel_and_each_member(
    channel: Channel, connector: FakeConnector
) -> None:
    await channel.install()
    await channel.deliver()

    async with channel.bot.services.database.sessions() as session:
        group = await session.scalar(select(Group))
        refs = (await session.scalars(select(ConversationRef))).all()
    assert (group.team_id, group.name) == (TEAM_ID, TEAM_NAME)
    assert await memberships(channel) == {
        "Jonas": "active",
        "Daniela": "active",
        "Max": "active",
        "Sandra": "active",
    }
    assert any(r.kind == "channel" and r.group_id == group.id for r in refs)
    assert sum(r.kind == "personal" for r in refs) == 4

    assert channel.texts()[0].startswith("Hej och välkommen till ditt Innovationsteam!")
    [introduction] = channel.cards()
    assert "Vem är du?" in card_texts(introduction)
    assert introduction["refresh"]["userIds"] == [m.id for m in channel.members]
    paged = [r for r in connector.requests if r.operation == "paged_members"]
    assert paged, "the roster comes from the paged members API"

    for person in channel.members:
        chat = connector.personal_conversation_id(person.id)
        [welcome] = cards_in(connector.sent_activities(chat))
        assert f"Välkommen {person.given_name}!" in card_texts(welcome)


async def test_a_second_install_event_welcomes_no_one_twice(channel: Channel) -> None:
    await channel.install()
    await channel.install()
    await channel.deliver()

    assert len(channel.texts()) == 1
    assert len(channel.cards()) == 1
    personal = [s for s in channel.connector.sent if s.conversation_id != TEAM_ID]
    assert len(personal) == 4


async def test_members_added_and_removed_later_are_followed(
    channel: Channel, connector: FakeConnector
) -> None:
    await channel.install()
    newcomer = member(7, domain="uppsala.example")
    channel.team.members.append(newcomer)
    await channel.members_changed(newcomer, added=True)
    await channel.members_changed(channel.member("Max"), added=False)
    await channel.deliver()

    states = await memberships(channel)
    assert states["Ledare"] == "active"
    assert states["Max"] == "left"
    chat = connector.personal_conversation_id(newcomer.id)
    [welcome] = cards_in(connector.sent_activities(chat))
    assert "Välkommen Ledare!" in card_texts(welcome)


async def test_a_member_removed_by_teams_user_id_only_is_followed(channel: Channel) -> None:
    """Microsoft documents teamMemberRemoved with the member's Teams user id alone."""
    await channel.install()
    max_ = channel.member("Max")
    activity = channel.activity(
        "conversationUpdate",
        channel.members[0],
        membersRemoved=[{"id": max_.id}],
        channel_data={"eventType": "teamMemberRemoved"},
    )
    assert (await channel.bot.post(activity)).status in (200, 201)

    states = await memberships(channel)
    assert states == {"Jonas": "active", "Daniela": "active", "Max": "left", "Sandra": "active"}


async def test_a_member_added_later_is_known_by_the_rosters_name_and_email(
    channel: Channel,
) -> None:
    """The activity names a new member by id and name only; the calendars need the e-mail."""
    await channel.install()
    newcomer = member(7, domain="uppsala.example")
    channel.team.members.append(newcomer)
    await channel.members_changed(newcomer, added=True)

    async with channel.bot.services.database.sessions() as session:
        person = await session.scalar(
            select(Person).where(Person.aad_object_id == newcomer.aad_object_id)
        )
    assert person is not None
    assert (person.given_name, person.email) == ("Ledare", "ledare7@uppsala.example")


async def test_a_cohort_leader_added_with_the_team_before_its_start_is_welcomed_on_the_start_date(
    channel: Channel, connector: FakeConnector
) -> None:
    """The cohort promised the welcome at 08:00 on its start date; the team's install must not
    give it earlier (before: the team flow welcomed her at once)."""
    database = channel.bot.services.database
    daniela = channel.member("Daniela")
    now = channel.bot.clock()
    start_at = (now + timedelta(days=3)).replace(hour=7, minute=0, second=0, microsecond=0)
    organisation_id, coordinator_id = await known_person(database, TENANT, "anna")
    await Cohorts(database).create(
        NewCohort(organisation_id, "Våren", start_at.date(), start_at, coordinator_id),
        [daniela.email],
    )

    await channel.install()
    await channel.deliver()
    chat = connector.personal_conversation_id(daniela.id)
    said = connector.sent_activities(chat)
    assert cards_in(said) == []  # no welcome yet
    assert any("Du är med i en omgång" in (a.get("text") or "") for a in said)
    for other in (m for m in channel.members if m is not daniela):  # no cohort: welcomed now
        [welcome] = cards_in(
            connector.sent_activities(connector.personal_conversation_id(other.id))
        )
        assert f"Välkommen {other.given_name}!" in card_texts(welcome)

    channel.bot.clock.move_to(start_at)
    await channel.deliver()
    [welcome] = cards_in(connector.sent_activities(chat))
    assert "Välkommen Daniela!" in card_texts(welcome)
