"""A leader's Innovationsteam as they see it: the members and the next booked meeting."""

from __future__ import annotations

from cards.home import my_team_card
from services.my_team import MyTeamService
from services.participation import ParticipationService, Paused
from storage.directory import Directory
from storage.groups import Groups
from storage.meetings import Meetings
from storage.participation import ParticipationStore
from tests.card_schema import assert_valid_card, card_texts
from tests.clock import TestClock
from tests.services.test_meetings import CONTENT, TENANT, Group, confirm_all, group, proposed

__all__ = ["group"]  # the fixture, shared with the meeting tests


async def test_the_team_shows_its_members_and_then_its_booked_meeting(
    group: Group, clock: TestClock
) -> None:
    database = group.database
    service = MyTeamService(Groups(database), Meetings(database), clock=clock)
    jonas = group.people["Jonas"]
    organisation = await _organisation(group)

    before = await service.of_person(jonas, organisation)
    assert before is not None and before.next_meeting is None
    assert before.members == ("Jonas", "Daniela", "Max", "Sandra")
    text = card_texts(my_team_card(CONTENT, before))
    assert "Ditt Innovationsteam: G4" in text
    assert "Ni är: Jonas, Daniela, Max och Sandra." in text
    assert "Ni har ingen inbokad träff just nu" in text

    await group.planner.propose_next(group.group_id, TENANT)
    [proposal_id] = await proposed(group)
    await confirm_all(group, proposal_id)
    after = await service.of_person(jonas, organisation)
    assert after is not None and after.next_meeting is not None
    card = my_team_card(CONTENT, after)
    assert_valid_card(card)
    assert "Nästa träff: " in card_texts(card)
    assert "Hur ska vi arbeta tillsammans?" in card_texts(card)


async def test_someone_in_no_team_is_told_how_groups_come_about(
    group: Group, clock: TestClock
) -> None:
    service = MyTeamService(Groups(group.database), Meetings(group.database), clock=clock)
    assert await service.of_person(10_000, await _organisation(group)) is None
    assert "Du är inte med i något Innovationsteam ännu" in card_texts(my_team_card(CONTENT, None))


async def _organisation(group: Group) -> int:
    return await Directory(group.database).organisation_id(TENANT)


async def test_pausing_and_continuing_takes_the_member_out_of_and_back_into_the_group(
    group: Group,
) -> None:
    groups = Groups(group.database)
    service = ParticipationService(
        ParticipationStore(group.database), groups, group.planner, database=group.database
    )
    sandra = group.people["Sandra"]
    assert await service.pause(sandra, TENANT) == Paused(in_groups=True)
    assert await groups.of_person(sandra) == []
    assert (await service.state(sandra)).paused
    assert await service.resume(sandra)
    assert await groups.of_person(sandra) == [group.group_id]
    assert not await service.resume(sandra)  # nothing left to undo
