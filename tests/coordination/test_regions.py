"""Regions: only a programme owner creates one and invites municipalities; only a coordinator of
the invited municipality answers for it; the region sees counts only, never about fewer than five
people, and never a total that would let a hidden municipality be worked out."""

from __future__ import annotations

import json

from sqlalchemy import select

from chat.address import Account, ConversationAddress
from chat.caller import tenant_id
from services.coordination import Actor
from services.follow_up import Measure
from services.regions import Answer, Invited, Problem, RegionalFollowUp, RegionService, Rejected
from storage.audit import AuditAction, AuditLog
from storage.cohorts import Cohorts, NewCohort
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.outbox import OutboxMessage
from storage.roles import RoleName
from tests.card_schema import card_texts
from tests.coordination.support import (
    AT,
    HELSINGBORG,
    UPPSALA,
    actor,
    did,
    email_of,
    person,
    service,
)
from tests.services.test_onboarding import CONTENT

LULEA = "22222222-0000-0000-0000-000000000003"
KIRUNA = "33333333-0000-0000-0000-000000000004"
OWNER = "eva@uppsala.example"


def regions_on(database: Database) -> RegionService:
    return RegionService(CONTENT, service(database), database=database)


async def owner(database: Database) -> Actor:
    regions = regions_on(database)
    assert await regions.name_from_cli(UPPSALA, OWNER) is True
    return await actor(database, UPPSALA, "eva", email=OWNER)


async def coordinator(database: Database, tenant: str, key: str) -> Actor:
    """A coordinator of `tenant` the bot can reach in a personal chat there."""
    email = f"{key}@{tenant[:4]}.example"
    await service(database).name_from_cli(tenant, email, RoleName.COORDINATOR)
    organisation, person_id = await person(database, tenant, key, email=email)
    chat = ConversationAddress(
        service_url="https://smba.example/",
        conversation_id=f"a:{key}",
        tenant_id=tenant_id(tenant),
        bot=Account("28:expeditionsboten", "Expeditionsboten"),
        conversation_type="personal",
    )
    await Conversations(database).remember(organisation, "personal", chat, person_id=person_id)
    return Actor(organisation, person_id, email_of(email))


async def leaders(database: Database, tenant: str, count: int, *, prefix: str) -> list[int]:
    """`count` leaders of `tenant`, each with a goal and two exercises."""
    ids = []
    for number in range(count):
        _, person_id = await person(database, tenant, f"{prefix}{number}")
        await did(database, person_id, onboarded=True, goal=True, exercises=2)
        ids.append(person_id)
    return ids


async def region_with(
    database: Database, sizes: dict[str, int]
) -> tuple[RegionService, Actor, int, int]:
    """A region whose municipalities (tenant: number of leaders) all joined and bring all their
    leaders to one regional cohort: (service, owner, region id, regional cohort id). Each
    municipality's coordinator is one of its people too, as in the coordinators' follow-up."""
    regions = regions_on(database)
    eva = await owner(database)
    region_id = await regions.create(eva, "Norrbotten")
    assert isinstance(region_id, int)
    cohort_id = await regions.create_cohort(eva, region_id, "Året", "2027-01-01", "2027-12-31")
    assert isinstance(cohort_id, int)
    for index, (tenant, size) in enumerate(sizes.items()):
        boss = await coordinator(database, tenant, f"boss{index}")
        await leaders(database, tenant, size, prefix=f"l{index}-")
        assert isinstance(await regions.invite(eva, region_id, tenant), Invited)
        assert await regions.answer(boss, region_id, join=True) is Answer.JOINED
        assert not isinstance(await regions.choose(boss, cohort_id, None), Rejected)
    return regions, eva, region_id, cohort_id


def figures(found: RegionalFollowUp | None) -> dict[str, int | None]:
    assert found is not None
    shown = {
        m.name: None if m.counts is None else m.counts[Measure.PEOPLE] for m in found.municipalities
    }
    shown["region"] = None if found.total is None else found.total[Measure.PEOPLE]
    return shown


async def test_only_a_programme_owner_creates_a_region(database: Database) -> None:
    regions = regions_on(database)
    coordinator_of_uppsala = await coordinator(database, UPPSALA, "anna")
    assert await regions.create(coordinator_of_uppsala, "Norrbotten") is None
    eva = await owner(database)
    assert await regions.create(eva, "  ") == Rejected((Problem.NO_NAME,), ("",))
    region_id = await regions.create(eva, "Norrbotten")
    assert isinstance(region_id, int)
    summaries = await regions.regions(eva)
    assert summaries is not None and [r.name for r in summaries] == ["Norrbotten"]
    actions = [r.action for r in await AuditLog(database).of_organisation(eva.organisation_id)]
    assert AuditAction.REFUSED in actions
    assert AuditAction.PROGRAMME_OWNER_NAMED in actions
    assert AuditAction.PROGRAMME_OWNER_CLAIMED in actions
    assert AuditAction.REGION_CREATED in actions


async def test_a_programme_owner_of_one_tenant_is_nothing_in_another(database: Database) -> None:
    regions = regions_on(database)
    await regions.name_from_cli(UPPSALA, OWNER)
    # The same address in another tenant: a different person, no programme owner there.
    elsewhere = await actor(database, HELSINGBORG, "eva", email=OWNER)
    assert await regions.create(elsewhere, "Skåne") is None


async def test_another_owner_cannot_touch_a_region(database: Database) -> None:
    regions = regions_on(database)
    eva = await owner(database)
    region_id = await regions.create(eva, "Norrbotten")
    assert isinstance(region_id, int)
    await regions.name_from_cli(HELSINGBORG, "olle@helsingborg.example")
    olle = await actor(database, HELSINGBORG, "olle", email="olle@helsingborg.example")
    await coordinator(database, LULEA, "lars")
    assert await regions.invite(olle, region_id, LULEA) is None
    assert await regions.municipalities(olle, region_id) is None
    assert await regions.create_cohort(olle, region_id, "X", "2027-01-01", "2027-02-01") is None


async def test_invited_coordinators_get_the_card_in_their_own_tenant(database: Database) -> None:
    regions = regions_on(database)
    eva = await owner(database)
    region_id = await regions.create(eva, "Norrbotten")
    assert isinstance(region_id, int)
    lars = await coordinator(database, LULEA, "lars")
    kim = await coordinator(database, KIRUNA, "kim")
    bad = await regions.invite(
        eva, region_id, f"{LULEA}, kiruna.se, 44444444-0000-0000-0000-000000000005"
    )
    assert bad == Rejected(
        (Problem.BAD_TENANTS,),
        (f"{LULEA}, kiruna.se, 44444444-0000-0000-0000-000000000005",),
        ("kiruna.se", "44444444-0000-0000-0000-000000000005"),
    )
    invited = await regions.invite(eva, region_id, f"{LULEA}\n{KIRUNA}")
    assert invited == Invited((LULEA, KIRUNA), (), 2)
    again = await regions.invite(eva, region_id, LULEA)
    assert again == Invited((), (LULEA,), 0)
    async with database.sessions() as session:
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    # Each in its own tenant's personal chat with that municipality's coordinator.
    assert [(r.organisation_id, r.conversation_id) for r in rows] == [
        (lars.organisation_id, "a:lars"),
        (kim.organisation_id, "a:kim"),
    ]
    card = json.loads(rows[0].payload)["attachments"][0]["content"]
    texts = card_texts(card)
    assert "Norrbotten" in texts and "Gå med" in texts and "Inte nu" in texts
    municipalities = await regions.municipalities(eva, region_id)
    assert municipalities is not None and {m.state for m in municipalities} == {"invited"}


async def test_each_invited_coordinator_reads_the_invitation_in_their_own_language(
    database: Database,
) -> None:
    regions = regions_on(database)
    eva = await owner(database)
    region_id = await regions.create(eva, "Norrbotten")
    assert isinstance(region_id, int)
    lars = await coordinator(database, LULEA, "lars")
    lisa = await coordinator(database, LULEA, "lisa")
    await Directory(database).speak(lisa.person_id, "en-GB")

    assert await regions.invite(eva, region_id, LULEA) == Invited((LULEA,), (), 2)

    async with database.sessions() as session:
        rows = (await session.scalars(select(OutboxMessage))).all()
    said = {
        r.conversation_id: card_texts(json.loads(r.payload)["attachments"][0]["content"])
        for r in rows
    }
    assert "Gå med" in said["a:lars"] and "Norrbotten" in said["a:lars"]
    assert "Join" in said["a:lisa"] and "Gå med" not in said["a:lisa"]
    assert lars.organisation_id == lisa.organisation_id  # one municipality, two languages


async def test_only_a_coordinator_of_the_invited_municipality_answers(database: Database) -> None:
    regions = regions_on(database)
    eva = await owner(database)
    region_id = await regions.create(eva, "Norrbotten")
    assert isinstance(region_id, int)
    lars = await coordinator(database, LULEA, "lars")
    kim = await coordinator(database, KIRUNA, "kim")
    await regions.invite(eva, region_id, LULEA)
    # A coordinator of Kiruna answers for Kiruna only, which was not invited.
    assert await regions.answer(kim, region_id, join=True) is Answer.NOT_INVITED
    # A leader of Luleå cannot answer at all.
    leader = await actor(database, LULEA, "leif")
    assert await regions.answer(leader, region_id, join=True) is None
    # The owner is no coordinator of Luleå either.
    assert await regions.answer(eva, region_id, join=True) is None
    municipalities = await regions.municipalities(eva, region_id)
    assert municipalities is not None and [m.state for m in municipalities] == ["invited"]
    assert await regions.answer(lars, region_id, join=True) is Answer.JOINED
    assert await regions.answer(lars, region_id, join=True) is Answer.ALREADY
    assert await regions.answer(lars, region_id, join=False) is Answer.ALREADY  # joined stays
    actions = [r.action for r in await AuditLog(database).of_organisation(lars.organisation_id)]
    assert AuditAction.REGION_JOINED in actions


async def test_a_municipality_that_has_not_accepted_shows_nothing(database: Database) -> None:
    regions = regions_on(database)
    eva = await owner(database)
    region_id = await regions.create(eva, "Norrbotten")
    assert isinstance(region_id, int)
    cohort_id = await regions.create_cohort(eva, region_id, "Året", "2027-01-01", "2027-12-31")
    assert isinstance(cohort_id, int)
    lars = await coordinator(database, LULEA, "lars")
    await leaders(database, LULEA, 8, prefix="l")
    await regions.invite(eva, region_id, LULEA)
    # Not joined: choosing leaders is refused, and the follow-up lists no municipality.
    assert await regions.choose(lars, cohort_id, None) == Rejected((Problem.NOT_JOINED,))
    assert figures(await regions.follow_up(eva, cohort_id)) == {"region": None}
    await regions.answer(lars, region_id, join=False)
    assert figures(await regions.follow_up(eva, cohort_id)) == {"region": None}


async def test_counts_per_municipality_and_region(database: Database) -> None:
    regions, eva, _, cohort_id = await region_with(database, {LULEA: 6, KIRUNA: 7})
    found = await regions.follow_up(eva, cohort_id)
    assert figures(found) == {LULEA: 7, KIRUNA: 8, "region": 15}
    assert found is not None and found.total is not None
    # 6 of 7 and 7 of 8 set a goal: each municipality's "did not" is 1, so the cell rule holds
    # back both cells, and the region's 13 of 15 with them (it would tell about those 2).
    assert found.total[Measure.GOALS_SET] is None
    assert {m.name: m.counts and m.counts[Measure.GOALS_SET] for m in found.municipalities} == {
        LULEA: None,
        KIRUNA: None,
    }
    assert found.total[Measure.EXERCISES_DONE] == 26  # events, not people: shown


async def test_a_regional_count_of_people_is_shown_only_as_the_sum_of_shown_cells(
    database: Database,
) -> None:
    """Luleå: 6 of 7 onboarded (held back: it tells about the 1 who is not). Kiruna: 0 of 6.
    The region's 6 of 13 passes the cell rule on its own, but less Kiruna's 0 it is Luleå's
    held-back 6, so it is held back too."""
    regions, eva, _, cohort_id = await region_with(database, {LULEA: 6, KIRUNA: 0})
    for number in range(5):  # Kiruna's leaders, none onboarded yet
        await person(database, KIRUNA, f"new{number}")
    found = await regions.follow_up(eva, cohort_id)
    assert found is not None and found.total is not None
    onboarded = {m.name: m.counts and m.counts[Measure.ONBOARDED] for m in found.municipalities}
    assert onboarded == {LULEA: None, KIRUNA: 0}
    assert found.total[Measure.PEOPLE] == 13
    assert found.total[Measure.ONBOARDED] is None
    actions = [r.action for r in await AuditLog(database).of_organisation(eva.organisation_id)]
    assert AuditAction.REGIONAL_FOLLOW_UP_VIEWED in actions


async def test_the_total_cannot_reveal_a_hidden_municipality(database: Database) -> None:
    """The attack: region total minus the shown municipalities = the small one's figures."""
    regions, eva, _, cohort_id = await region_with(database, {LULEA: 6, KIRUNA: 7, HELSINGBORG: 3})
    shown = figures(await regions.follow_up(eva, cohort_id))
    assert shown[HELSINGBORG] is None
    # Another municipality is held back with it, so total - shown is about 4 + 7 people.
    assert shown == {LULEA: None, KIRUNA: 8, HELSINGBORG: None, "region": 19}
    known = [n for k, n in shown.items() if k != "region" and n is not None]
    assert shown["region"] is not None and shown["region"] - sum(known) >= 5
    found = await regions.follow_up(eva, cohort_id)
    assert found is not None
    assert {m.name: m.protected for m in found.municipalities} == {
        HELSINGBORG: False,  # too few
        LULEA: True,  # enough, held back to protect Helsingborg
        KIRUNA: False,
    }


async def test_a_lone_small_municipality_beside_one_big_hides_the_total(
    database: Database,
) -> None:
    regions, eva, _, cohort_id = await region_with(database, {LULEA: 9, HELSINGBORG: 2})
    shown = figures(await regions.follow_up(eva, cohort_id))
    # Showing Luleå and the total would give Helsingborg's 3; Luleå goes, the total of 13 stays.
    assert shown == {LULEA: None, HELSINGBORG: None, "region": 13}


async def test_too_few_in_the_whole_region_shows_nothing(database: Database) -> None:
    regions, eva, _, cohort_id = await region_with(database, {LULEA: 1, KIRUNA: 1})
    assert figures(await regions.follow_up(eva, cohort_id)) == {
        LULEA: None,
        KIRUNA: None,
        "region": None,
    }


async def test_a_municipality_brings_only_its_chosen_cohorts(database: Database) -> None:
    regions, eva, _, cohort_id = await region_with(database, {LULEA: 0, KIRUNA: 6})
    boss = await coordinator(database, LULEA, "boss0")
    spring = await leaders(database, LULEA, 5, prefix="spring")
    await leaders(database, LULEA, 4, prefix="autumn")
    cohorts = Cohorts(database)
    started, _ = await cohorts.create(
        NewCohort(boss.organisation_id, "Våren", AT.date(), AT, boss.person_id),
        [f"spring{n}@x.example" for n in range(5)],
    )
    async with database.transaction() as session:
        from storage.cohorts import CohortMember

        for member in await session.scalars(
            select(CohortMember).where(CohortMember.cohort_id == started)
        ):
            member.person_id = spring[int(member.email[6])]
    # Another municipality's cohort cannot be chosen.
    kim = await coordinator(database, KIRUNA, "boss1")
    assert await regions.choose(kim, cohort_id, [started]) == Rejected((Problem.UNKNOWN_COHORT,))
    assert not isinstance(await regions.choose(boss, cohort_id, [started]), Rejected)
    assert figures(await regions.follow_up(eva, cohort_id)) == {
        LULEA: 5,
        KIRUNA: 7,
        "region": 12,
    }


async def test_no_name_or_text_reaches_the_region(database: Database) -> None:
    regions, eva, _, cohort_id = await region_with(database, {LULEA: 6, KIRUNA: 5})
    found = await regions.follow_up(eva, cohort_id)
    from cards.regions import regional_follow_up_card

    shown = json.dumps(regional_follow_up_card(CONTENT, found), ensure_ascii=False)  # type: ignore[arg-type]
    assert "privat text" not in shown  # what the leaders wrote
    assert "L0-0" not in shown and "l0-0" not in shown  # who they are
    assert "@" not in shown
    assert "Hela regionen" in shown and "Deltagare" in shown


async def test_a_leader_can_use_none_of_it(database: Database) -> None:
    regions, _, region_id, cohort_id = await region_with(database, {LULEA: 5})
    leader = await actor(database, LULEA, "l0-0")
    assert await regions.regions(leader) is None
    assert await regions.create(leader, "Mitt") is None
    assert await regions.invite(leader, region_id, KIRUNA) is None
    assert await regions.follow_up(leader, cohort_id) is None
    assert await regions.choose(leader, cohort_id, None) is None
    assert await regions.create_cohort(leader, region_id, "X", "2027-01-01", "2027-02-01") is None
