"""Regional meetings: only the region's owner schedules them; every participating leader is
told in their own tenant, reminded once the day before (across a restart), answers and may
change their mind; the owner sees how many come only from five; a reflection after the
meeting lands in that leader's workbook only."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from cards.regional_meetings import MeetingForm
from chat.address import Account, ConversationAddress
from chat.caller import tenant_id
from services.coordination import Actor
from services.regional_meetings import (
    MEETING_REFLECTION,
    RECHECK_EVERY,
    Added,
    MeetingProblem,
    MeetingRejected,
    MeetingService,
    Reply,
)
from services.regions import Answer, Invited, RegionService
from storage.audit import AuditAction, AuditLog
from storage.conversations import Conversations
from storage.database import Database
from storage.outbox import Outbox, OutboxMessage
from storage.workbook import Workbook
from tests.card_schema import card_texts
from tests.clock import TestClock
from tests.coordination.support import HELSINGBORG, actor, email_of, person, service
from tests.coordination.test_regions import KIRUNA, LULEA, coordinator, owner, regions_on
from tests.services.test_onboarding import CONTENT
from tests.statements import counting_statements

# 13:00 in Stockholm on 15 January 2027 (winter: UTC+1).
STARTS_AT = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)


def meetings_on(database: Database) -> MeetingService:
    return MeetingService(CONTENT, service(database), regions_on(database), database=database)


async def reachable(database: Database, tenant: str, key: str) -> Actor:
    """A leader of `tenant` with a personal chat there."""
    organisation, person_id = await person(database, tenant, key)
    chat = ConversationAddress(
        service_url="https://smba.example/",
        conversation_id=f"a:{key}",
        tenant_id=tenant_id(tenant),
        bot=Account("28:expeditionsboten", "Expeditionsboten"),
        conversation_type="personal",
    )
    await Conversations(database).remember(organisation, "personal", chat, person_id=person_id)
    return Actor(organisation, person_id, email_of(None))


async def setup(
    database: Database, sizes: dict[str, int], *, invited_only: tuple[str, ...] = ()
) -> tuple[RegionService, Actor, int, dict[str, list[Actor]]]:
    """A region whose municipalities join and bring all their people; each has a coordinator
    and `size` more leaders, all reachable. (service, owner, regional cohort id, tenant ->
    its people, the coordinator first)."""
    regions = regions_on(database)
    eva = await owner(database)
    region_id = await regions.create(eva, "Norrbotten")
    assert isinstance(region_id, int)
    cohort_id = await regions.create_cohort(eva, region_id, "Året", "2027-01-01", "2027-12-31")
    assert isinstance(cohort_id, int)
    people: dict[str, list[Actor]] = {}
    for index, (tenant, size) in enumerate(sizes.items()):
        boss = await coordinator(database, tenant, f"boss{index}")
        people[tenant] = [boss] + [
            await reachable(database, tenant, f"m{index}-{n}") for n in range(size)
        ]
        assert isinstance(await regions.invite(eva, region_id, tenant), Invited)
        if tenant in invited_only:
            continue
        assert await regions.answer(boss, region_id, join=True) is Answer.JOINED
        await regions.choose(boss, cohort_id, None)
    return regions, eva, cohort_id, people


def form(cohort_id: int, **typed: str) -> MeetingForm:
    values = {
        "meeting_date": "2027-01-15",
        "meeting_start": "13:00",
        "meeting_length": "150",
        "meeting_theme": "Tjänstedesign",
        "meeting_agenda": "Luleås exempel på medborgardialog, sedan frågor till gästen.",
        "meeting_guest": "Sara från SKR",
        "meeting_link": "https://teams.microsoft.com/l/meetup-join/abc",
    }
    return MeetingForm(regional_cohort_id=cohort_id, **(values | typed))


async def rows(database: Database, prefix: str = "regional-meeting-") -> list[OutboxMessage]:
    async with database.sessions() as session:
        found = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.idempotency_key.startswith(prefix))
            .order_by(OutboxMessage.id)
        )
        return list(found)


def texts_of(row: OutboxMessage) -> str:
    return card_texts(json.loads(row.payload)["attachments"][0]["content"])


async def test_a_meeting_is_announced_to_each_participant_in_their_own_tenant(
    database: Database,
) -> None:
    _, eva, cohort_id, people = await setup(
        database, {LULEA: 2, KIRUNA: 1, HELSINGBORG: 1}, invited_only=(HELSINGBORG,)
    )
    meetings = meetings_on(database)
    added = await meetings.add(eva, form(cohort_id))
    assert isinstance(added, Added) and added.cards == 5  # 3 of Luleå, 2 of Kiruna
    announced = await rows(database)
    expected = {(p.organisation_id, p.person_id) for t in (LULEA, KIRUNA) for p in people[t]}
    chats = await Conversations(database).personal_chats(p for _, p in expected)
    assert {(r.organisation_id, r.conversation_id) for r in announced} == {
        (o, chats[p].reference.conversation_id) for o, p in expected
    }
    shown = texts_of(announced[0])
    assert "Tjänstedesign" in shown and "Sara från SKR" in shown
    assert "Jag kommer" in shown and "Jag kan inte" in shown
    assert "13:00–15:30" in shown and "fredag 15 januari" in shown  # Stockholm time
    # Helsingborg was invited but never joined: nobody there hears of it.
    helsingborg = {p.organisation_id for p in people[HELSINGBORG]}
    assert not helsingborg & {r.organisation_id for r in announced}
    actions = [r.action for r in await AuditLog(database).of_organisation(eva.organisation_id)]
    assert AuditAction.REGIONAL_MEETING_ADDED in actions
    # Saving again is a new meeting; the same meeting is never announced twice to one person.
    assert len({r.idempotency_key for r in announced}) == 5


async def test_bad_input_stores_nothing(database: Database) -> None:
    _, eva, cohort_id, _ = await setup(database, {LULEA: 1})
    meetings = meetings_on(database)
    bad = await meetings.add(
        eva,
        form(
            cohort_id,
            meeting_date="2026-11-01",  # before today (and before the cohort)
            meeting_start="13",
            meeting_length="60",
            meeting_theme=" ",
            meeting_link="http://teams.example/x",
        ),
    )
    assert bad == MeetingRejected(
        (
            MeetingProblem.BAD_DATE,
            MeetingProblem.BAD_TIME,
            MeetingProblem.BAD_LENGTH,
            MeetingProblem.NO_THEME,
            MeetingProblem.BAD_LINK,
        )
    )
    assert await rows(database) == []
    schedule = await meetings.schedule(eva, cohort_id)
    assert schedule is not None and schedule.meetings == ()


async def test_only_the_regions_owner_schedules(database: Database) -> None:
    regions, eva, cohort_id, people = await setup(database, {LULEA: 1})
    meetings = meetings_on(database)
    await regions.name_from_cli(HELSINGBORG, "olle@helsingborg.example")
    olle = await actor(database, HELSINGBORG, "olle", email="olle@helsingborg.example")
    boss = people[LULEA][0]
    for someone in (olle, boss, people[LULEA][1]):
        assert await meetings.add(someone, form(cohort_id)) is None
        assert await meetings.schedule(someone, cohort_id) is None
        assert await meetings.proposal(someone, cohort_id) is None
    added = await meetings.add(eva, form(cohort_id))
    assert isinstance(added, Added)
    assert await meetings.cancel(olle, added.meeting_id) is None
    refused = [r.action for r in await AuditLog(database).of_organisation(olle.organisation_id)]
    assert AuditAction.REFUSED in refused
    assert len(await rows(database)) == 2  # only eva's meeting was announced


async def test_the_default_schedule_is_every_other_month(database: Database) -> None:
    _, eva, cohort_id, _ = await setup(database, {LULEA: 1})
    meetings = meetings_on(database)
    added = await meetings.add(eva, form(cohort_id, meeting_date="2027-03-01"))
    assert isinstance(added, Added)
    proposed = await meetings.proposal(eva, cohort_id)
    assert proposed is not None
    assert [f.meeting_date for f in proposed] == [
        "2027-01-01",
        "2027-05-01",  # 1 March has its meeting already
        "2027-07-01",
        "2027-09-01",
        "2027-11-01",
    ]
    assert {(f.meeting_start, f.meeting_length) for f in proposed} == {("13:00", "150")}


async def test_the_reminder_comes_once_the_day_before_across_a_restart(
    database: Database, clock: TestClock
) -> None:
    _, eva, cohort_id, people = await setup(database, {LULEA: 2})
    added = await meetings_on(database).add(eva, form(cohort_id))
    assert isinstance(added, Added)
    no = people[LULEA][2]
    assert (await meetings_on(database).answer(no, added.meeting_id, False))[0] is Reply.NOT_COMING
    clock.move_to(datetime(2027, 1, 14, 6, 59, tzinfo=UTC))  # 07:59 the day before
    assert await meetings_on(database).run_due() == (0, 0)
    clock.move_to(datetime(2027, 1, 14, 7, 0, tzinfo=UTC))  # 08:00 in Stockholm
    assert await meetings_on(database).run_due() == (2, 0)
    clock.advance(timedelta(hours=1))
    assert await meetings_on(database).run_due() == (0, 0)  # a new service: a restart
    reminders = await rows(database, f"regional-meeting-{added.meeting_id}-reminder-")
    assert len(reminders) == 2
    assert no.person_id not in {int(r.idempotency_key.split("-")[4]) for r in reminders}
    assert "I morgon: Tjänstedesign" in texts_of(reminders[0])
    assert all(r.expires_at == STARTS_AT for r in reminders)


async def test_a_tick_with_its_reminders_sent_costs_the_same_statements_for_more_municipalities(
    database: Database, clock: TestClock
) -> None:
    """A pass over a meeting reads the municipalities' states and leaders together, not once
    per municipality (benchmarks/national.py)."""
    _, eva, cohort_id, _ = await setup(database, {LULEA: 2, KIRUNA: 2, HELSINGBORG: 2})
    added = await meetings_on(database).add(eva, form(cohort_id))
    assert isinstance(added, Added)
    clock.move_to(datetime(2027, 1, 14, 7, 0, tzinfo=UTC))  # the reminders are due
    assert await meetings_on(database).run_due() == (9, 0)  # three people in each
    clock.advance(RECHECK_EVERY)  # the routine look for participants no reset told of

    with counting_statements(database) as statements:
        assert await meetings_on(database).run_due() == (0, 0)
    assert len(statements) <= 12, "\n".join(s[:90] for s in statements)  # 15 before


async def test_a_tick_after_the_reminders_reads_only_the_meetings_due_for_a_check(
    database: Database, clock: TestClock
) -> None:
    """Every minute until the meeting starts, the job used to read each meeting's participants
    again though every reminder was enqueued (about 8 statements a meeting); now the stored
    check says none is due: one indexed statement."""
    _, eva, cohort_id, _ = await setup(database, {LULEA: 2, KIRUNA: 2})
    for day in ("2027-01-15", "2027-01-16"):
        assert isinstance(
            await meetings_on(database).add(eva, form(cohort_id, meeting_date=day)), Added
        )
    clock.move_to(datetime(2027, 1, 14, 7, 0, tzinfo=UTC))  # the first one's reminders are due
    assert await meetings_on(database).run_due() == (6, 0)

    for _ in range(3):
        clock.advance(timedelta(minutes=1))
        with counting_statements(database) as statements:
            assert await meetings_on(database).run_due() == (0, 0)
        assert len(statements) <= 2, "\n".join(s[:90] for s in statements)
    clock.move_to(datetime(2027, 1, 15, 7, 0, tzinfo=UTC))  # the second one's reminders
    assert await meetings_on(database).run_due() == (6, 0)


async def test_a_municipality_joining_after_the_reminders_is_reminded_on_the_next_tick(
    database: Database, clock: TestClock
) -> None:
    regions, eva, cohort_id, people = await setup(
        database, {LULEA: 1, KIRUNA: 1}, invited_only=(KIRUNA,)
    )
    added = await meetings_on(database).add(eva, form(cohort_id))
    assert isinstance(added, Added)
    clock.move_to(datetime(2027, 1, 14, 7, 0, tzinfo=UTC))
    assert await meetings_on(database).run_due() == (2, 0)  # Luleå's two
    clock.advance(timedelta(minutes=1))
    assert await meetings_on(database).run_due() == (0, 0)
    boss = people[KIRUNA][0]
    region_id = (await regions_on(database).memberships(boss) or [])[0].region_id
    assert await regions.answer(boss, region_id, join=True) is Answer.JOINED
    clock.advance(timedelta(minutes=1))
    assert await meetings_on(database).run_due() == (0, 0)  # joined, nobody chosen yet
    await regions.choose(boss, cohort_id, None)
    clock.advance(timedelta(minutes=1))
    assert await meetings_on(database).run_due() == (2, 0)  # not 15 minutes later
    reminded = await rows(database, f"regional-meeting-{added.meeting_id}-reminder-")
    assert {r.organisation_id for r in reminded[2:]} == {boss.organisation_id}
    clock.advance(timedelta(minutes=1))
    assert await meetings_on(database).run_due() == (0, 0)


async def test_a_municipality_joining_after_a_meeting_was_saved_gets_its_announcement(
    database: Database, clock: TestClock
) -> None:
    regions, eva, cohort_id, people = await setup(
        database, {LULEA: 1, KIRUNA: 1}, invited_only=(KIRUNA,)
    )
    added = await meetings_on(database).add(eva, form(cohort_id))
    assert isinstance(added, Added) and added.cards == 2  # Luleå's coordinator and leader
    clock.move_to(datetime(2027, 1, 8, 9, 0, tzinfo=UTC))  # a week before
    boss = people[KIRUNA][0]
    region_id = (await regions_on(database).memberships(boss) or [])[0].region_id
    assert await regions.answer(boss, region_id, join=True) is Answer.JOINED
    await regions.choose(boss, cohort_id, None)

    for _ in range(2):  # once, however many ticks
        assert await meetings_on(database).run_due() == (0, 0)
        clock.advance(timedelta(minutes=1))

    announced = await rows(database, f"regional-meeting-{added.meeting_id}-announce-")
    by_organisation: dict[int, int] = {}
    for row in announced:
        by_organisation[row.organisation_id] = by_organisation.get(row.organisation_id, 0) + 1
    assert by_organisation == {boss.organisation_id: 2, people[LULEA][0].organisation_id: 2}
    assert "Jag kommer" in texts_of(announced[-1])
    clock.move_to(datetime(2027, 1, 14, 7, 0, tzinfo=UTC))
    assert await meetings_on(database).run_due() == (4, 0)  # everyone's reminder


async def test_a_meeting_moved_after_its_reminders_is_reminded_again_at_its_new_time(
    database: Database, clock: TestClock
) -> None:
    _, eva, cohort_id, _ = await setup(database, {LULEA: 1})
    meetings = meetings_on(database)
    added = await meetings.add(eva, form(cohort_id))
    assert isinstance(added, Added)
    clock.move_to(datetime(2027, 1, 14, 7, 0, tzinfo=UTC))
    assert await meetings.run_due() == (2, 0)
    assert await meetings.move(eva, added.meeting_id, STARTS_AT + timedelta(days=7)) is True
    clock.advance(timedelta(minutes=1))
    assert await meetings.run_due() == (0, 0)
    clock.move_to(datetime(2027, 1, 21, 6, 59, tzinfo=UTC))
    assert await meetings.run_due() == (0, 0)
    clock.move_to(datetime(2027, 1, 21, 7, 0, tzinfo=UTC))  # 08:00 the day before the new day
    assert await meetings.run_due() == (2, 0)
    reminders = await rows(database, f"regional-meeting-{added.meeting_id}-reminder-")
    assert [r.state for r in reminders] == ["cancelled", "cancelled", "pending", "pending"]
    assert all(r.idempotency_key.endswith("-20270122T1200") for r in reminders[2:])


async def test_a_moved_meeting_is_reminded_at_its_new_time_and_a_cancelled_one_never(
    database: Database, clock: TestClock
) -> None:
    _, eva, cohort_id, _ = await setup(database, {LULEA: 1})
    meetings = meetings_on(database)
    moved = await meetings.add(eva, form(cohort_id))
    gone = await meetings.add(eva, form(cohort_id, meeting_theme="Inställd"))
    assert isinstance(moved, Added) and isinstance(gone, Added)
    assert await meetings.move(eva, moved.meeting_id, STARTS_AT + timedelta(days=7)) is True
    assert await meetings.cancel(eva, gone.meeting_id) is not None
    # The cancelled meeting's announcements had not gone out: they never will; instead the
    # two participants are told it is cancelled.
    about_gone = await rows(database, f"regional-meeting-{gone.meeting_id}-")
    assert {r.state for r in about_gone if "-announce-" in r.idempotency_key} == {"cancelled"}
    told = [r for r in about_gone if r.state == "pending"]
    assert len(told) == 2 and all("-cancelled-" in r.idempotency_key for r in told)
    assert "Inställd: Inställd" in texts_of(told[0])
    clock.move_to(datetime(2027, 1, 14, 8, 0, tzinfo=UTC))
    assert await meetings.run_due() == (0, 0)
    clock.move_to(datetime(2027, 1, 21, 8, 0, tzinfo=UTC))
    assert await meetings.run_due() == (2, 0)
    assert await rows(database, f"regional-meeting-{gone.meeting_id}-reminder-") == []
    schedule = await meetings.schedule(eva, cohort_id)
    assert schedule is not None
    assert [m.meeting.cancelled for m in schedule.meetings] == [True, False]


async def test_cancelling_a_regional_meeting_leaves_a_team_meeting_of_the_same_id_alone(
    database: Database,
) -> None:
    """Innovationsteam meetings key their messages "meeting-<id>-..." with ids of their own;
    the regional ones shared the form, so cancelling regional meeting N cancelled the pending
    reminder of team meeting N, in whatever municipality it was."""
    _, eva, cohort_id, _ = await setup(database, {LULEA: 1})
    meetings = meetings_on(database)
    added = await meetings.add(eva, form(cohort_id))
    assert isinstance(added, Added)
    elsewhere = await reachable(database, HELSINGBORG, "h")
    chat = await Conversations(database).personal(elsewhere.person_id)
    assert chat is not None
    team_reminder = f"meeting-{added.meeting_id}-reminder-20270110T0800"
    await Outbox(database).enqueue(
        chat, {"type": "message", "text": "x"}, idempotency_key=team_reminder
    )

    assert await meetings.cancel(eva, added.meeting_id) is not None

    async with database.sessions() as session:
        query = select(OutboxMessage.state).where(OutboxMessage.idempotency_key == team_reminder)
        assert await session.scalar(query) == "pending"
    assert {r.state for r in await rows(database) if "-announce-" in r.idempotency_key} == {
        "cancelled"
    }


async def test_answers_change_and_fewer_than_five_are_not_shown(database: Database) -> None:
    _, eva, cohort_id, people = await setup(database, {LULEA: 4, KIRUNA: 2})
    meetings = meetings_on(database)
    added = await meetings.add(eva, form(cohort_id))
    assert isinstance(added, Added)
    luleå, kiruna = people[LULEA], people[KIRUNA]

    async def coming() -> int | None:
        found = await meetings.schedule(eva, cohort_id)
        assert found is not None
        return found.meetings[0].coming

    for p in luleå[:4]:
        assert (await meetings.answer(p, added.meeting_id, True))[0] is Reply.COMING
    assert await coming() is None  # 4: "färre än 5"
    assert (await meetings.answer(kiruna[0], added.meeting_id, True))[0] is Reply.COMING
    assert await coming() == 5  # the region's total, never per municipality
    assert (await meetings.answer(luleå[0], added.meeting_id, False))[0] is Reply.NOT_COMING
    assert await coming() is None
    # Someone of a municipality that is not in the region cannot answer.
    outsider = await reachable(database, HELSINGBORG, "h")
    assert (await meetings.answer(outsider, added.meeting_id, True))[0] is Reply.NOT_FOR_YOU


async def test_a_reflection_goes_to_that_leaders_workbook_only(
    database: Database, clock: TestClock
) -> None:
    _, eva, cohort_id, people = await setup(database, {LULEA: 2, KIRUNA: 1})
    meetings = meetings_on(database)
    added = await meetings.add(eva, form(cohort_id))
    assert isinstance(added, Added)
    anna, bo = people[LULEA][1], people[KIRUNA][1]
    await meetings.answer(anna, added.meeting_id, True)
    await meetings.answer(bo, added.meeting_id, False)
    clock.move_to(STARTS_AT + timedelta(minutes=149))
    assert (await meetings.run_due())[1] == 0  # not over yet
    assert (await meetings.reflect(anna, added.meeting_id, "tidigt"))[0] is Reply.NOT_FOR_YOU
    clock.move_to(STARTS_AT + timedelta(minutes=150))
    assert (await meetings.run_due())[1] == 1
    assert (await meetings.run_due())[1] == 0
    clock.advance(timedelta(days=1))
    assert (await meetings.run_due())[1] == 0  # once, not once a check
    prompts = await rows(database, f"regional-meeting-{added.meeting_id}-reflection-")
    assert [r.organisation_id for r in prompts] == [anna.organisation_id]
    assert "Efter träffen: Tjänstedesign" in texts_of(prompts[0])
    reply, _ = await meetings.reflect(anna, added.meeting_id, "Jag tar med mig Luleås dialog.")
    assert reply is Reply.SAVED
    assert (await meetings.reflect(anna, added.meeting_id, "igen"))[0] is Reply.ALREADY
    assert (await meetings.reflect(bo, added.meeting_id, "jag var inte där"))[
        0
    ] is Reply.NOT_FOR_YOU
    workbook = Workbook(database)
    mine = [e.text for e in await workbook.entries(anna.person_id) if e.kind == MEETING_REFLECTION]
    assert mine == ["Jag tar med mig Luleås dialog."]
    for other in [*people[LULEA], *people[KIRUNA], eva]:
        if other.person_id != anna.person_id:
            assert await workbook.entries(other.person_id) == []


async def test_a_late_yes_after_the_end_is_still_asked_for_a_reflection_once(
    database: Database, clock: TestClock
) -> None:
    _, eva, cohort_id, people = await setup(database, {LULEA: 2})
    meetings = meetings_on(database)
    added = await meetings.add(eva, form(cohort_id))
    assert isinstance(added, Added)
    anna, bo = people[LULEA][1], people[LULEA][2]
    await meetings.answer(anna, added.meeting_id, True)
    clock.move_to(STARTS_AT + timedelta(minutes=150))
    assert await meetings.run_due() == (0, 1)
    clock.advance(timedelta(minutes=1))
    assert await meetings.run_due() == (0, 0)
    assert (await meetings.answer(bo, added.meeting_id, True))[0] is Reply.COMING
    clock.advance(timedelta(minutes=1))
    assert await meetings.run_due() == (0, 1)
    assert await meetings.run_due() == (0, 0)
    prompts = await rows(database, f"regional-meeting-{added.meeting_id}-reflection-")
    assert [r.idempotency_key.rsplit("-", 1)[1] for r in prompts] == [
        str(anna.person_id),
        str(bo.person_id),
    ]


def test_every_button_of_the_meeting_cards_parses_and_the_cards_are_valid() -> None:
    from datetime import date

    from cards import regional_meetings as cards
    from cards.regional_sharing import FROM_REGION, REGIONAL_SHARES
    from cards.regions import RegionalCohortButton
    from chat.actions import ActionPayload
    from chat.commands import RUN_COMMAND, RunCommand
    from storage.regional_meetings import Meeting
    from storage.regions import RegionalCohortInfo
    from tests.card_schema import assert_valid_card
    from tests.cards.test_payloads import every_button, parse

    meeting = Meeting(7, 3, STARTS_AT, 150, "Tema", "Agenda", "Gäst", "https://x.example/", False)
    cohort = RegionalCohortInfo(3, 1, "Året", date(2027, 1, 1), date(2027, 12, 31))
    verbs: dict[str, type[ActionPayload]] = {
        cards.ADD_MEETING: cards.MeetingForm,
        cards.PROPOSE_MEETINGS: cards.MeetingForm,
        cards.CANCEL_MEETING: cards.MeetingButton,
        cards.ANSWER_MEETING: cards.MeetingAnswerButton,
        cards.REFLECT_MEETING: cards.MeetingReflection,
        cards.MOVE_MEETING: cards.MoveForm,
        FROM_REGION: RegionalCohortButton,
        REGIONAL_SHARES: RegionalCohortButton,
        RUN_COMMAND: RunCommand,
    }
    built = [
        cards.schedule_card(CONTENT, cohort, [cards.ScheduledMeeting(meeting, None)]),
        cards.announcement_card(CONTENT, meeting, "Norrbotten", from_region=True),
        cards.reflection_card(CONTENT, meeting, problem="Skriv", typed="x"),
        cards.cancelled_card(CONTENT, meeting),
        cards.said_card(CONTENT, "Sparat", share=True),
    ]
    seen = set()
    for card in built:
        assert_valid_card(card)
        for data in every_button(card):
            assert parse(verbs[data["verb"]], data) is not None, data
            seen.add(data["verb"])
    assert seen == set(verbs)
    # "färre än 5" where fewer than five come; the count itself from five.
    assert "(färre än 5 kommer)" in card_texts(built[0])
    shown = cards.schedule_card(CONTENT, cohort, [cards.ScheduledMeeting(meeting, 6)])
    assert "(6 kommer)" in card_texts(shown)
