"""Regional sharing: nothing is shared until the leader confirms a preview that names who reads
the text and under which name; the programme owner and the participating leaders read the copy;
a share taken back (or its author erased, or their municipality gone from the region) is gone
for all of them; nobody outside the region, nor another leader, can preview or take back a
leader's text. Also: moving and cancelling a meeting tells every participant, a municipality
leaves a region, and the programme owner invites municipalities by name."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from cards.regional_meetings import MoveForm
from cards.regional_sharing import Attribution, owner_shares_card, preview_card
from services.coordination import Actor
from services.regional_meetings import MEETING_REFLECTION, Added, MeetingRejected
from services.regional_sharing import SharingService
from services.regions import Answer, Invited, Problem, Rejected
from storage.audit import AuditAction, AuditLog
from storage.database import Database
from storage.models import Organisation
from storage.personal_data import PersonalData
from storage.regions import LEFT
from storage.workbook import EXERCISE_REFLECTION, Workbook
from tests.card_schema import assert_valid_card, card_texts
from tests.clock import TestClock
from tests.coordination.support import HELSINGBORG, UPPSALA, email_of, person, service
from tests.coordination.test_regional_meetings import (
    STARTS_AT,
    form,
    meetings_on,
    reachable,
    rows,
    setup,
    texts_of,
)
from tests.coordination.test_regions import KIRUNA, LULEA, coordinator, regions_on
from tests.services.test_onboarding import CONTENT

ANNA_TEXT = "Vi bjöd in medborgarna till en workshop om biblioteket. Det gav tre nya idéer."


def sharing_on(database: Database) -> SharingService:
    return SharingService(CONTENT, service(database), regions_on(database), database=database)


async def named(database: Database) -> None:
    """The directory's names of the municipalities, as an installation stores them."""
    async with database.transaction() as session:
        for tenant, name in ((LULEA, "Luleå"), (KIRUNA, "Kiruna"), (HELSINGBORG, "Helsingborg")):
            await session.execute(
                update(Organisation).where(Organisation.tenant_id == tenant).values(name=name)
            )


async def with_anna(
    database: Database,
) -> tuple[Actor, int, int, Actor, dict[str, list[Actor]]]:
    """Luleå and Kiruna joined, Helsingborg only invited; Anna of Luleå wrote a reflection.
    (anna, her entry id, regional cohort id, owner, tenant -> people)."""
    _, eva, cohort_id, people = await setup(
        database, {LULEA: 1, KIRUNA: 1, HELSINGBORG: 1}, invited_only=(HELSINGBORG,)
    )
    await named(database)
    anna = await reachable(database, LULEA, "anna")
    entry = await Workbook(database).add_entry(
        anna.person_id, MEETING_REFLECTION, ANNA_TEXT, exercise_id="regional-meeting-1"
    )
    return anna, entry, cohort_id, eva, people


async def owner_sees(database: Database, eva: Actor, cohort_id: int) -> list[str]:
    found = await sharing_on(database).for_owner(eva, cohort_id)
    assert found is not None
    return [f"{s.shown_as}: {s.text}" for s in found.shares]


async def test_nothing_is_shared_until_the_leader_confirms_the_preview(
    database: Database,
) -> None:
    anna, entry, cohort_id, eva, people = await with_anna(database)
    sharing = sharing_on(database)
    view = await sharing.leader_view(anna)
    assert view.place is not None and view.place.cohort.id == cohort_id
    assert [e.id for e in view.texts] == [entry] and view.mine == ()
    assert await owner_sees(database, eva, cohort_id) == []

    preview = await sharing.preview(anna, cohort_id, entry)
    assert preview is not None
    assert preview.entry.text == ANNA_TEXT
    assert preview.owner == "Eva"
    assert preview.municipalities == ("Kiruna", "Luleå")  # not Helsingborg: not joined
    assert preview.shown_as == {
        Attribution.MUNICIPALITY: "Luleå",
        Attribution.NAME: "Anna, Luleå",
    }
    card = preview_card(CONTENT, preview)
    assert_valid_card(card)
    shown = card_texts(card)
    assert "programägaren för Norrbotten (Eva)" in shown and "från Kiruna, Luleå" in shown
    assert ANNA_TEXT in shown and "Anna, Luleå" in shown
    assert await owner_sees(database, eva, cohort_id) == []  # a preview stores nothing

    shared = await sharing.share(anna, cohort_id, entry, Attribution.MUNICIPALITY)
    assert shared is not None
    assert await owner_sees(database, eva, cohort_id) == [f"Luleå: {ANNA_TEXT}"]
    # A participant of Kiruna reads it as "Från regionen"; Anna sees it among her own.
    kim = people[KIRUNA][1]
    from_kiruna = await sharing.leader_view(kim)
    assert [s.text for s in from_kiruna.from_region] == [ANNA_TEXT]
    mine = await sharing.leader_view(anna)
    assert [s.shown_as for s in mine.mine] == ["Luleå"] and mine.from_region == ()
    # The copy is what she approved: editing her workbook later does not change it.
    found = await sharing.for_owner(eva, cohort_id)
    assert found is not None
    owner_card = owner_shares_card(CONTENT, found)
    assert_valid_card(owner_card)
    assert "Anna" not in card_texts(owner_card)  # she chose only her municipality
    actions = [r.action for r in await AuditLog(database).of_organisation(eva.organisation_id)]
    assert AuditAction.REGIONAL_SHARES_VIEWED in actions


async def test_a_withdrawn_share_is_gone_for_the_owner_and_the_region(database: Database) -> None:
    anna, entry, cohort_id, eva, people = await with_anna(database)
    sharing = sharing_on(database)
    shared = await sharing.share(anna, cohort_id, entry, Attribution.NAME)
    assert shared is not None
    _, share = shared
    assert await owner_sees(database, eva, cohort_id) == [f"Anna, Luleå: {ANNA_TEXT}"]
    kim = people[KIRUNA][1]
    assert await sharing.withdraw(kim, share.id) is None  # not hers to take back
    assert await owner_sees(database, eva, cohort_id) != []
    assert await sharing.withdraw(anna, share.id) == share
    assert await owner_sees(database, eva, cohort_id) == []
    assert (await sharing.leader_view(kim)).from_region == ()
    found = await sharing.for_participant(kim, cohort_id)
    assert found is not None and found[1] == ()
    assert await sharing.withdraw(anna, share.id) is None  # once


async def test_only_her_own_text_to_her_own_region_and_nothing_for_outsiders(
    database: Database,
) -> None:
    anna, entry, cohort_id, _, people = await with_anna(database)
    sharing = sharing_on(database)
    kim = people[KIRUNA][1]
    # Another leader cannot preview or share Anna's text, even in the same region.
    assert await sharing.preview(kim, cohort_id, entry) is None
    assert await sharing.share(kim, cohort_id, entry, Attribution.MUNICIPALITY) is None
    assert await sharing.share(anna, cohort_id, entry, Attribution.MUNICIPALITY) is not None
    # Helsingborg was invited but never joined: its leader and coordinator read nothing.
    for outsider in people[HELSINGBORG]:
        view = await sharing.leader_view(outsider)
        assert view.place is None and view.from_region == ()
        assert await sharing.for_participant(outsider, cohort_id) is None
        assert await sharing.for_owner(outsider, cohort_id) is None
    # A municipality outside every region, and an owner of another region: nothing.
    stranger = await reachable(database, UPPSALA, "stina")
    assert (await sharing.leader_view(stranger)).from_region == ()
    regions = regions_on(database)
    assert await regions.name_from_cli(UPPSALA, "olle@uppsala.example") is True
    _, olle_id = await person(database, UPPSALA, "olle", email="olle@uppsala.example")
    olle = Actor(stranger.organisation_id, olle_id, email_of("olle@uppsala.example"))
    assert isinstance(await regions.create(olle, "Skåne"), int)
    assert await sharing.for_owner(olle, cohort_id) is None
    refused = [r for r in await AuditLog(database).of_organisation(olle.organisation_id)]
    assert any(r.action == AuditAction.REFUSED and r.subject == "regional_shares" for r in refused)


async def test_erasure_and_deleting_the_text_remove_shares(database: Database) -> None:
    anna, entry, cohort_id, eva, _ = await with_anna(database)
    sharing = sharing_on(database)
    assert await sharing.share(anna, cohort_id, entry, Attribution.NAME) is not None
    await PersonalData(database).erase(anna.person_id)
    assert await owner_sees(database, eva, cohort_id) == []
    # Another leader's exercise reflection: deleting it in the workbook takes the share too.
    lisa = await reachable(database, LULEA, "lisa")
    other = await Workbook(database).add_entry(lisa.person_id, EXERCISE_REFLECTION, "Prototyp.")
    assert await sharing.share(lisa, cohort_id, other, Attribution.NAME) is not None
    assert await owner_sees(database, eva, cohort_id) == ["Lisa, Luleå: Prototyp."]
    from storage.journey_models import WorkbookEntry

    async with database.transaction() as session:
        await session.delete(await session.get(WorkbookEntry, other))
    assert await owner_sees(database, eva, cohort_id) == []


async def test_a_municipality_leaves_and_its_shares_and_counts_go(database: Database) -> None:
    anna, entry, cohort_id, eva, people = await with_anna(database)
    sharing, regions = sharing_on(database), regions_on(database)
    assert await sharing.share(anna, cohort_id, entry, Attribution.NAME) is not None
    [region] = await regions.regions(eva) or []
    lars = people[LULEA][0]  # Luleå's coordinator
    kim = people[KIRUNA][0]
    assert await regions.leave(anna, region.id) is None  # a leader cannot take it out
    assert await regions.leave(lars, region.id) is Answer.LEFT
    assert await regions.leave(lars, region.id) is Answer.NOT_JOINED
    assert await owner_sees(database, eva, cohort_id) == []
    assert (await sharing.leader_view(anna)).place is None  # no longer a participant
    follow_up = await regions.follow_up(eva, cohort_id)
    assert follow_up is not None
    assert [m.name for m in follow_up.municipalities] == ["Kiruna"]
    states = {m.name: m.state for m in await regions.municipalities(eva, region.id) or []}
    assert states == {"Luleå": LEFT, "Kiruna": "joined", "Helsingborg": "invited"}
    # A new meeting reaches Kiruna only; Luleå may join again later.
    added = await meetings_on(database).add(eva, form(cohort_id))
    assert isinstance(added, Added) and added.cards == len(people[KIRUNA])
    assert await regions.answer(lars, region.id, join=True) is Answer.JOINED
    assert await regions.leave(kim, region.id) is Answer.LEFT
    actions = [r.action for r in await AuditLog(database).of_organisation(lars.organisation_id)]
    assert AuditAction.REGION_LEFT in actions


async def test_a_municipality_that_leaves_gets_nothing_more_of_the_regions_meetings(
    database: Database,
) -> None:
    _, _, cohort_id, eva, people = await with_anna(database)
    added = await meetings_on(database).add(eva, form(cohort_id))
    assert isinstance(added, Added)
    lars = people[LULEA][0]
    [region] = await regions_on(database).regions(eva) or []

    assert await regions_on(database).leave(lars, region.id) is Answer.LEFT

    states: dict[int, set[str]] = {}
    for row in await rows(database, f"regional-meeting-{added.meeting_id}-announce-"):
        states.setdefault(row.organisation_id, set()).add(row.state)
    assert states == {
        lars.organisation_id: {"cancelled"},
        people[KIRUNA][0].organisation_id: {"pending"},
    }


async def test_the_owner_invites_municipalities_by_name(database: Database) -> None:
    regions = regions_on(database)
    _, eva, _, _ = await setup(database, {})
    [region] = await regions.regions(eva) or []
    lars = await coordinator(database, LULEA, "lars")
    await coordinator(database, KIRUNA, "kim")
    await coordinator(database, HELSINGBORG, "hanna")
    await named(database)
    invited = await regions.invite(eva, region.id, "luleå,  KIRUNA\n")
    assert invited == Invited((LULEA, KIRUNA), (), 2)
    unknown = await regions.invite(eva, region.id, "Helsingborg, Gällivare")
    assert unknown == Rejected((Problem.BAD_TENANTS,), ("Helsingborg, Gällivare",), ("Gällivare",))
    # Two municipalities by one name: not guessed, the tenant id is asked for.
    async with database.transaction() as session:
        await session.execute(
            update(Organisation).where(Organisation.tenant_id == KIRUNA).values(name="Luleå")
        )
    twice = await regions.invite(eva, region.id, "Luleå")
    assert isinstance(twice, Rejected) and twice.problems == (Problem.AMBIGUOUS,)
    assert twice.invalid == ("Luleå",)
    # Ids may still be separated by spaces.
    again = await regions.invite(eva, region.id, f"{LULEA} {KIRUNA}")
    assert again == Invited((), (LULEA, KIRUNA), 0)
    assert lars.organisation_id != eva.organisation_id


async def test_a_move_and_a_cancellation_are_told_to_every_participant(
    database: Database, clock: TestClock
) -> None:
    _, eva, cohort_id, people = await setup(database, {LULEA: 1, KIRUNA: 1})
    meetings = meetings_on(database)
    added = await meetings.add(eva, form(cohort_id))
    assert isinstance(added, Added) and added.cards == 4
    wrong = await meetings.move_from_card(
        eva, MoveForm(regional_cohort_id=cohort_id, move_meeting=str(added.meeting_id))
    )
    assert isinstance(wrong, MeetingRejected)
    nothing = await meetings.move_from_card(
        eva, MoveForm(regional_cohort_id=cohort_id, move_date="2027-01-22", move_start="13:00")
    )
    assert isinstance(nothing, MeetingRejected)
    assert await rows(database, f"regional-meeting-{added.meeting_id}-moved-") == []
    moved = await meetings.move_from_card(
        eva,
        MoveForm(
            regional_cohort_id=cohort_id,
            move_meeting=str(added.meeting_id),
            move_date="2027-01-22",
            move_start="09:30",
        ),
    )
    assert moved is not None and not isinstance(moved, MeetingRejected)
    assert moved.starts_at == datetime(2027, 1, 22, 8, 30, tzinfo=UTC)  # 09:30 in Stockholm
    told = await rows(database, f"regional-meeting-{added.meeting_id}-moved-")
    everyone = {p.organisation_id for t in (LULEA, KIRUNA) for p in people[t]}
    assert len(told) == 4 and {r.organisation_id for r in told} == everyone
    assert "Ny tid: Tjänstedesign" in texts_of(told[0])
    assert "fredag 22 januari" in texts_of(told[0]) and "09:30–12:00" in texts_of(told[0])
    announced = await rows(database, f"regional-meeting-{added.meeting_id}-announce-")
    assert {r.state for r in announced} == {"cancelled"}  # the old time never goes out
    # The reminder follows the new time: none on the 14th, four on the 21st at 08:00.
    clock.move_to(datetime(2027, 1, 14, 8, 0, tzinfo=UTC))
    assert await meetings.run_due() == (0, 0)
    clock.move_to(datetime(2027, 1, 21, 7, 0, tzinfo=UTC))
    assert await meetings.run_due() == (4, 0)
    # Someone else cannot move it.
    outsider = await reachable(database, HELSINGBORG, "h")
    refused = MoveForm(
        regional_cohort_id=cohort_id,
        move_meeting=str(added.meeting_id),
        move_date="2027-02-01",
        move_start="10:00",
    )
    assert await meetings.move_from_card(outsider, refused) is None
    # Cancelled: each participant is told once, in their own tenant, with the reminder stopped.
    assert await meetings.cancel(eva, added.meeting_id) is not None
    notices = await rows(database, f"regional-meeting-{added.meeting_id}-cancelled-")
    assert {r.organisation_id for r in notices} == everyone and len(notices) == 4
    assert "Inställd: Tjänstedesign" in texts_of(notices[0])
    reminders = await rows(database, f"regional-meeting-{added.meeting_id}-reminder-")
    assert {r.state for r in reminders} == {"cancelled"}
    assert STARTS_AT < moved.starts_at < STARTS_AT + timedelta(days=8)


async def test_the_reminder_offers_from_the_region_once_something_is_shared(
    database: Database, clock: TestClock
) -> None:
    anna, entry, cohort_id, eva, _ = await with_anna(database)
    meetings = meetings_on(database)
    first = await meetings.add(eva, form(cohort_id))
    second = await meetings.add(eva, form(cohort_id, meeting_date="2027-03-15"))
    assert isinstance(first, Added) and isinstance(second, Added)
    clock.move_to(datetime(2027, 1, 14, 8, 0, tzinfo=UTC))
    assert (await meetings.run_due())[0] > 0
    [before, *_] = await rows(database, f"regional-meeting-{first.meeting_id}-reminder-")
    assert "Från regionen" not in texts_of(before)
    assert await sharing_on(database).share(anna, cohort_id, entry, Attribution.NAME)
    clock.move_to(datetime(2027, 3, 14, 8, 0, tzinfo=UTC))
    assert (await meetings.run_due())[0] > 0
    [after, *_] = await rows(database, f"regional-meeting-{second.meeting_id}-reminder-")
    assert "Från regionen" in texts_of(after)


def test_every_button_of_the_sharing_cards_parses_and_the_cards_are_valid() -> None:
    from datetime import date

    from cards import regional_sharing as cards
    from cards.regions import RegionalCohortButton
    from chat.actions import ActionPayload
    from chat.commands import RUN_COMMAND, RunCommand
    from services.regional_sharing import LeaderView, OwnerShares, Place, Preview
    from storage.regional_shares import Share
    from storage.regions import RegionalCohortInfo
    from storage.workbook import Entry
    from tests.cards.test_payloads import every_button, parse

    at = datetime(2027, 1, 16, 9, 0, tzinfo=UTC)
    cohort = RegionalCohortInfo(3, 1, "Året", date(2027, 1, 1), date(2027, 12, 31))
    place = Place(cohort, "Norrbotten")
    entry = Entry(5, MEETING_REFLECTION, None, "regional-meeting-1", ANNA_TEXT, False, False, at)
    share = Share(9, 3, 2, 4, 5, MEETING_REFLECTION, ANNA_TEXT, "Luleå", at)
    other = Share(10, 3, 6, 7, 8, EXERCISE_REFLECTION, "Kirunas exempel.", "Kim, Kiruna", at)
    preview = Preview(place, entry, "Eva", ("Kiruna", "Luleå"), {Attribution.MUNICIPALITY: "Luleå"})
    verbs: dict[str, type[ActionPayload]] = {
        cards.PREVIEW_SHARE: cards.SharePick,
        cards.CONFIRM_SHARE: cards.ShareConfirm,
        cards.WITHDRAW_SHARE: cards.ShareButton,
        RUN_COMMAND: RunCommand,
    }
    built = [
        cards.leader_card(CONTENT, LeaderView(place, (entry,), (share,), (other,)), said=["Ok"]),
        cards.leader_card(CONTENT, LeaderView(None, (), (), ())),
        cards.preview_card(CONTENT, preview),
        cards.owner_shares_card(CONTENT, OwnerShares(cohort, (share, other))),
        cards.owner_shares_card(CONTENT, OwnerShares(cohort, ())),
        cards.from_region_card(CONTENT, place, (other,)),
        cards.said_card(CONTENT, "Delat."),
        cards.problem_card(CONTENT),
    ]
    seen = set()
    for card in built:
        assert_valid_card(card)
        for data in every_button(card):
            assert parse(verbs[data["verb"]], data) is not None, data
            seen.add(data["verb"])
    assert seen == set(verbs)
    shown = card_texts(built[0])
    assert "Kim, Kiruna, lördag 16 januari 2027" in shown and "Från regionen" in shown
    assert "Delat som Luleå, lördag 16 januari 2027" in shown
    assert "inte med i någon regional omgång" in card_texts(built[1])
    assert RegionalCohortButton(regional_cohort_id=3).regional_cohort_id == 3
    # Many long shares: the cards stay well under Teams' message size, the newest first.
    many = tuple(
        Share(100 + n, 3, 6, 7, 8, EXERCISE_REFLECTION, f"{n} " + "x" * 20_000, "Kiruna", at)
        for n in range(50)
    )
    for big in (
        cards.owner_shares_card(CONTENT, OwnerShares(cohort, many)),
        cards.from_region_card(CONTENT, place, many),
        cards.leader_card(CONTENT, LeaderView(place, (entry,), (share,), many)),
    ):
        assert_valid_card(big)
        assert len(json.dumps(big).encode()) < 28_000
        assert card_texts(big).count("Kiruna, lördag") <= cards.SHARES_SHOWN
        assert "0 xxx" in card_texts(big) and "49 xxx" not in card_texts(big)
