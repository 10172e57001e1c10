"""'grupper' over real HTTP as Teams posts it: the cohort chosen, the proposal card, a person
moved, confirmed; then the app added to a team with the planned people links the group."""

from __future__ import annotations

from typing import Any

from cards.cohorts import START_COHORT
from cards.groups import CONFIRM_GROUPS, PROPOSE_GROUPS
from storage.cohorts import Cohorts
from storage.group_plans import GroupPlans
from storage.roles import RoleName
from tests.activities import TENANT, card_execute
from tests.card_schema import assert_valid_card, card_nodes, card_texts
from tests.fakes.connector import FakeConnector, Team
from tests.harness import BotServer
from tests.onboarding.conftest import Leader, bot, jonas
from tests.team.conftest import Channel, channel, team

__all__ = ["bot", "channel", "jonas", "team"]  # the fixtures

JONAS_EMAIL = "jonas.gumbel@uppsala.example"


async def click(bot: BotServer, jonas: Leader, url: str, verb: str, data: dict[str, Any]) -> dict:
    response = await bot.post(card_execute(verb, jonas.user, url, data))
    assert response.status == 200
    card = (await response.json())["value"]
    assert_valid_card(card)
    return card


async def test_a_coordinator_plans_groups_and_the_team_with_those_people_becomes_one(
    bot: BotServer, jonas: Leader, connector: FakeConnector, team: Team, channel: Channel
) -> None:
    await jonas.say("hej")
    answer = await jonas.say("grupper")  # a leader is turned away
    assert "Det här är till för kommunens samordnare" in " ".join(
        a.get("text") or "" for a in answer
    )

    await jonas.say("hjälp")
    assert "grupper" not in card_texts(jonas.card)
    await bot.services.coordination.name_from_cli(TENANT, JONAS_EMAIL, RoleName.COORDINATOR)
    await jonas.say("hjälp")
    assert "grupper" in card_texts(jonas.card)
    in_team = [m.email for m in team.members]
    others = ["karin.lund@uppsala.example", "per.nilsson@uppsala.example"]
    others += ["ove@uppsala.example", "lisa@uppsala.example"]
    data = {
        "cohort_name": "Våren 2027",
        "cohort_start": "2027-01-11",
        "cohort_leaders": "\n".join(sorted(in_team + others)),
    }
    await click(bot, jonas, connector.url, START_COHORT, data)

    await jonas.say("grupper")
    assert_valid_card(jonas.card)
    [cohort] = [n for n in card_nodes(jonas.card) if n.get("id") == "group_cohort"]
    assert "Våren 2027 (8)" in card_texts(jonas.card)
    proposal = await click(
        bot, jonas, connector.url, PROPOSE_GROUPS, {"group_cohort": cohort["value"]}
    )
    assert "Förslag på grupper för Våren 2027" in card_texts(proposal)
    dropdowns = [n for n in card_nodes(proposal) if str(n.get("id", "")).startswith("member_")]
    assert len(dropdowns) == 8

    # The coordinator puts the team's four together in group 1, the others in group 2.
    inputs = {d["id"]: "1" if any(e in d["label"] for e in in_team) else "2" for d in dropdowns}
    inputs |= {"coach_1": "-", "coach_2": "-"}  # "Ingen stöttepelare", as the card sends it
    [confirm] = [a for a in proposal["actions"] if a["verb"] == CONFIRM_GROUPS]
    done = await click(bot, jonas, connector.url, CONFIRM_GROUPS, {**confirm["data"], **inputs})
    texts = card_texts(done)
    assert "Klart! Grupperna för Våren 2027 är sparade." in texts
    assert "Skapa ett team eller en kanal som heter ”Innovationsteam 1 Våren 2027”" in texts
    assert "bjud in " + ", ".join(sorted(in_team)) in texts

    await channel.install()  # "G4 Innovationsteam 4": another name, the same four people
    organisation = await bot.services.directory.organisation_id(TENANT)
    [summary] = await Cohorts(bot.services.database).of_organisation(organisation)
    planned = await GroupPlans(bot.services.database).of_cohort(organisation, summary.id)
    assert [p.group_id is not None for p in planned] == [True, False]
