"""The fake Bot Connector answers botbuilder's own connector clients like Teams does."""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator

import aiohttp
import pytest
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ErrorResponseException,
)
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import AppCredentials, MicrosoftAppCredentials
from botframework.connector.teams import TeamsConnectorClient
from msrest.exceptions import HttpOperationError

from tests.fakes.connector import (
    PLAYGROUND_TEAM_ID,
    PLAYGROUND_TENANT_ID,
    FakeConnector,
    member,
    playground_members,
)
from tests.fakes.service import REDACTED

CHANNEL_THREAD = f"{PLAYGROUND_TEAM_ID};messageid=1700000000000"


class StaticToken(AppCredentials):
    """Credentials that hand the connector client a fixed token (no Entra ID call)."""

    def __init__(self, token: str) -> None:
        super().__init__(app_id="11111111-2222-3333-4444-555555555555")
        self._token = token

    def get_access_token(self, force_refresh: bool = False) -> str:
        return self._token


class Clock:
    """A hand-driven monotonic clock for the rate limits."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def client(fake_connector: FakeConnector) -> AsyncIterator[ConnectorClient]:
    async with ConnectorClient(
        MicrosoftAppCredentials.empty(), base_url=fake_connector.url
    ) as connector:
        yield connector


def message(text: str, **extra: object) -> Activity:
    return Activity(type="message", text=text, **extra)


async def post_activity(session: aiohttp.ClientSession, url: str, conversation: str) -> int:
    body = {"type": "message", "text": "hej"}
    async with session.post(f"{url}/v3/conversations/{conversation}/activities", json=body) as r:
        return r.status


async def test_reply_and_send_get_ids_and_are_recorded_in_order(
    fake_connector: FakeConnector, client: ConnectorClient
) -> None:
    reply = await client.conversations.reply_to_activity(
        CHANNEL_THREAD, "1700000000000", message("Välkommen till Expedition Innovation!")
    )
    sent = await client.conversations.send_to_conversation("a:1personal", message("Hej Karin"))

    assert reply.id and sent.id and reply.id != sent.id
    assert [a["text"] for a in fake_connector.sent_activities()] == [
        "Välkommen till Expedition Innovation!",
        "Hej Karin",
    ]
    assert [a["text"] for a in fake_connector.sent_activities(PLAYGROUND_TEAM_ID)] == [
        "Välkommen till Expedition Innovation!"
    ]
    assert [r.operation for r in fake_connector.requests] == ["reply", "send"]
    assert fake_connector.requests[0].conversation_id == CHANNEL_THREAD
    assert fake_connector.requests[0].status == 201 and fake_connector.requests[
        0
    ].response_json == {"id": reply.id}
    assert not fake_connector.requests[0].has_auth  # anonymous credentials send no token
    assert len(await fake_connector.wait_for_activities(2, timeout=1)) == 2
    assert fake_connector.internal_errors == []


async def test_accepted_without_body_answers_like_the_agents_playground() -> None:
    """202 and not a byte of body for sends, replies and updates; what was sent is still kept."""
    async with FakeConnector(accepted_without_body=202) as fake, aiohttp.ClientSession() as http:
        conversation = f"{fake.url}/v3/conversations/a:1x/activities"
        answers = []
        for method, url in [
            ("POST", conversation),
            ("POST", f"{conversation}/1700000000000"),
            ("PUT", f"{conversation}/1700000000000"),
        ]:
            async with http.request(method, url, json={"type": "message", "text": method}) as r:
                answers.append((r.status, await r.read(), r.content_length))
        body = {"members": [{"id": "user-id-4"}], "channelData": {"tenant": {"id": "t"}}}
        async with http.post(f"{fake.url}/v3/conversations", json=body) as created:
            chat = await created.json()

    assert answers == [(202, b"", 0)] * 3
    assert [(s.operation, s.body["text"]) for s in fake.sent] == [
        ("send", "POST"),
        ("reply", "POST"),
        ("update", "PUT"),
    ]
    assert [r.response_json for r in fake.requests[:3]] == [None] * 3
    assert created.status == 201 and chat["id"] == fake.personal_conversation_id("user-id-4", "t")


async def test_accepted_without_body_can_be_switched_per_test(
    fake_connector: FakeConnector, client: ConnectorClient
) -> None:
    fake_connector.accepted_without_body = 200
    assert await client.conversations.send_to_conversation("a:1x", message("tyst")) is None
    fake_connector.accepted_without_body = None
    sent = await client.conversations.send_to_conversation("a:1x", message("med id"))

    assert sent.id and [r.status for r in fake_connector.requests] == [200, 201]
    assert [a["text"] for a in fake_connector.sent_activities("a:1x")] == ["tyst", "med id"]


async def test_update_changes_the_activity_in_place_and_delete_removes_it(
    fake_connector: FakeConnector, client: ConnectorClient
) -> None:
    card = await client.conversations.send_to_conversation("a:1x", message("Bekräfta tid"))
    updated = await client.conversations.update_activity(
        "a:1x", card.id, message("Tiden är bokad", id=card.id)
    )

    assert updated.id == card.id
    assert fake_connector.activities[card.id]["text"] == "Tiden är bokad"
    assert [a["text"] for a in fake_connector.sent_activities("a:1x")] == [
        "Bekräfta tid",
        "Tiden är bokad",
    ]

    await client.conversations.delete_activity("a:1x", card.id)
    assert card.id not in fake_connector.activities and fake_connector.deleted_activity_ids == [
        card.id
    ]
    stats = fake_connector.stats
    assert (stats.accepted_sends, stats.updates, stats.deletes) == (1, 1, 1)


async def test_an_activity_without_type_is_a_bad_argument(client: ConnectorClient) -> None:
    with pytest.raises(ErrorResponseException) as caught:
        await client.conversations.send_to_conversation("a:1x", Activity(text="no type"))
    assert caught.value.response.status_code == 400
    assert caught.value.error.error.code == "BadArgument"


async def test_members_of_the_team_and_of_its_channels(client: ConnectorClient) -> None:
    everyone = await client.conversations.get_conversation_members(PLAYGROUND_TEAM_ID)
    in_channel = await client.conversations.get_conversation_members("channel-reflektion")

    assert [m.name for m in everyone] == [m.name for m in playground_members()]
    assert [m.id for m in in_channel] == [m.id for m in everyone]
    karin = everyone[4]
    assert (karin.id, karin.aad_object_id) == ("user-id-4", "00000000-0000-0000-0000-0000000000024")
    assert karin.additional_properties["email"] == "karin.lund@uppsala.example"
    assert karin.additional_properties["tenantId"] == PLAYGROUND_TENANT_ID


async def test_one_member_by_teams_id_or_aad_object_id_or_not_found(
    client: ConnectorClient,
) -> None:
    by_id = await client.conversations.get_conversation_member(CHANNEL_THREAD, "user-id-3")
    by_aad = await client.conversations.get_conversation_member(
        PLAYGROUND_TEAM_ID, "00000000-0000-0000-0000-0000000000023"
    )
    assert by_id.name == by_aad.name == "Sandra Molin"

    with pytest.raises(ErrorResponseException) as missing:
        await client.conversations.get_conversation_member(PLAYGROUND_TEAM_ID, "user-id-99")
    assert missing.value.response.status_code == 404
    assert missing.value.error.error.code == "MemberNotFoundInConversation"

    with pytest.raises(ErrorResponseException) as unknown:
        await client.conversations.get_conversation_members("19:nowhere@thread.tacv2")
    assert unknown.value.error.error.code == "ConversationNotFound"


async def test_paged_members_come_in_two_pages(
    fake_connector: FakeConnector, client: ConnectorClient
) -> None:
    fake_connector.add_team("19:big@thread.tacv2", "Stor grupp", [member(n) for n in range(1, 8)])
    paged = client.conversations.get_teams_conversation_paged_members

    first = await paged("19:big@thread.tacv2", page_size=4)
    second = await paged(
        "19:big@thread.tacv2", page_size=4, continuation_token=first.continuation_token
    )

    assert [m.id for m in first.members] == [f"29:member-{n}" for n in range(1, 5)]
    assert first.continuation_token
    assert [m.email for m in second.members] == [f"ledare{n}@kommun.example" for n in range(5, 8)]
    assert second.continuation_token is None
    assert "continuationToken" not in fake_connector.requests[-1].response_json
    assert fake_connector.requests[-1].query == {
        "pageSize": "4",
        "continuationToken": first.continuation_token,
    }

    with pytest.raises(HttpOperationError) as foreign_token:
        await paged(PLAYGROUND_TEAM_ID, continuation_token=first.continuation_token)
    assert foreign_token.value.response.status_code == 400


async def test_create_conversation_gives_each_user_one_stable_personal_chat(
    fake_connector: FakeConnector, client: ConnectorClient
) -> None:
    def params(user_id: str, activity: Activity | None = None) -> ConversationParameters:
        return ConversationParameters(
            is_group=False,
            bot=ChannelAccount(id="28:expeditionsboten"),
            members=[ChannelAccount(id=user_id)],
            channel_data={"tenant": {"id": PLAYGROUND_TENANT_ID}},
            activity=activity,
        )

    first = await client.conversations.create_conversation(params("user-id-4"))
    again = await client.conversations.create_conversation(params("user-id-4"))
    other = await client.conversations.create_conversation(params("user-id-5", message("Hej Per")))

    assert first.id == again.id == fake_connector.personal_conversation_id("user-id-4")
    assert first.id.startswith("a:1") and other.id != first.id
    assert first.activity_id is None and other.activity_id
    assert (
        fake_connector.requests[0].status == 201
        and fake_connector.requests[0].json["isGroup"] is False
    )
    assert fake_connector.sent_activities(other.id) == [
        fake_connector.activities[other.activity_id]
    ]
    [karin] = await client.conversations.get_conversation_members(first.id)
    assert karin.name == "Karin Lund"

    without_tenant = params("user-id-4")
    without_tenant.channel_data = None
    with pytest.raises(ErrorResponseException) as refused:
        await client.conversations.create_conversation(without_tenant)
    assert refused.value.error.error.code == "BadArgument"


async def test_team_details_and_channels_with_the_synchronous_teams_client(
    fake_connector: FakeConnector,
) -> None:
    teams = TeamsConnectorClient(MicrosoftAppCredentials.empty(), base_url=fake_connector.url).teams

    details = await asyncio.to_thread(teams.get_team_details, PLAYGROUND_TEAM_ID)
    channels = await asyncio.to_thread(teams.get_teams_channels, PLAYGROUND_TEAM_ID)

    assert (details.id, details.name) == (PLAYGROUND_TEAM_ID, "G4 Innovationsteam 4")
    assert details.aad_group_id == "00000000-0000-0000-0000-000000000031"
    # Teams returns the General channel (id == team id) with name null
    assert [(c.id, c.name) for c in channels.conversations] == [
        (PLAYGROUND_TEAM_ID, None),
        ("channel-reflektion", "Reflektion"),
    ]


async def test_a_queued_429_carries_retry_after_and_then_sends_go_through(
    fake_connector: FakeConnector, client: ConnectorClient
) -> None:
    fake_connector.fail_next(429, retry_after=3, path_contains="/activities")

    with pytest.raises(ErrorResponseException) as throttled:
        await client.conversations.send_to_conversation("a:1x", message("första försöket"))
    members = await client.conversations.get_conversation_members(PLAYGROUND_TEAM_ID)
    sent = await client.conversations.send_to_conversation("a:1x", message("andra försöket"))

    assert throttled.value.response.status_code == 429
    assert throttled.value.response.headers["Retry-After"] == "3"
    assert throttled.value.error.error.code == "Throttled"
    assert members and sent.id
    assert [a["text"] for a in fake_connector.sent_activities()] == ["andra försöket"]
    assert (
        fake_connector.stats.injected_failures == 1
        and fake_connector.requests[0].failure == "injected"
    )


async def test_queued_failures_use_teams_error_bodies_or_the_given_one(
    fake_connector: FakeConnector, client: ConnectorClient
) -> None:
    blocked = {"error": {"code": "ConversationBlockedByUser", "message": "User blocked the bot."}}
    fake_connector.fail_next(403, body=blocked)
    fake_connector.fail_next(503, times=2, method="POST")

    codes = []
    for _ in range(3):
        with pytest.raises(ErrorResponseException) as failed:
            await client.conversations.send_to_conversation("a:1x", message("hej"))
        codes.append((failed.value.response.status_code, failed.value.error.error.code))

    assert codes == [
        (403, "ConversationBlockedByUser"),
        (503, "ServiceUnavailable"),
        (503, "ServiceUnavailable"),
    ]
    assert (await client.conversations.send_to_conversation("a:1x", message("hej"))).id


async def test_random_throttling_is_repeatable_with_a_seed() -> None:
    async def throttled_positions(seed: int) -> list[int]:
        async with FakeConnector() as fake, aiohttp.ClientSession() as session:
            fake.inject_429_ratio(0.05, seed=seed)
            statuses = [await post_activity(session, fake.url, "a:1x") for _ in range(300)]
            assert fake.stats.throttled_at_random == statuses.count(429)
            assert len(fake.sent_activities()) == statuses.count(201)
        return [i for i, status in enumerate(statuses) if status == 429]

    first, again, other = (
        await throttled_positions(7),
        await throttled_positions(7),
        await throttled_positions(8),
    )
    assert first == again
    assert first != other
    assert 3 <= len(first) <= 30  # about 5 % of 300


async def test_per_conversation_limits_7_per_second_8_per_2_seconds() -> None:
    clock = Clock()
    async with (
        FakeConnector(enforce_limits=True, clock=clock) as fake,
        aiohttp.ClientSession() as session,
    ):
        burst = [await post_activity(session, fake.url, "a:1x") for _ in range(8)]
        elsewhere = await post_activity(session, fake.url, "a:1y")
        clock.now += 1.001
        next_second = [await post_activity(session, fake.url, "a:1x") for _ in range(2)]

    assert burst == [201] * 7 + [429]
    assert fake.requests[7].response_headers["Retry-After"] == "1"
    assert fake.requests[7].response_json == {
        "error": {"code": "Throttled", "message": "Too many requests."}
    }
    assert elsewhere == 201  # another conversation has its own budget
    assert next_second == [201, 429]  # the 8-per-2-seconds window is full
    stats = fake.stats
    assert (stats.accepted_sends, stats.throttled_by_limits) == (9, 2)


async def send_60_in_30_seconds(
    session: aiohttp.ClientSession, fake: FakeConnector, clock: Clock
) -> list[int]:
    """Bursts of 7 every 2.01 s (under 7/1 s and 8/2 s) until the 30-second window refuses."""
    statuses = []
    for _ in range(9):
        statuses += [await post_activity(session, fake.url, "a:1x") for _ in range(7)]
        clock.now += 2.01
    return statuses


async def test_per_conversation_limit_60_per_30_seconds() -> None:
    clock = Clock()
    start = clock.now
    async with (
        FakeConnector(enforce_limits=True, clock=clock) as fake,
        aiohttp.ClientSession() as session,
    ):
        statuses = await send_60_in_30_seconds(session, fake, clock)
    assert statuses == [201] * 60 + [429] * 3
    refused_at = fake.requests[60].time
    assert fake.requests[60].response_headers["Retry-After"] == str(
        math.ceil(start + 30 - refused_at)
    )


async def test_per_conversation_limit_1800_per_hour() -> None:
    clock = Clock()
    start = clock.now
    async with (
        FakeConnector(enforce_limits=True, clock=clock) as fake,
        aiohttp.ClientSession() as session,
    ):
        for _ in range(30):
            assert (await send_60_in_30_seconds(session, fake, clock)).count(201) == 60
            clock.now += 30  # the 30-second window is empty again
        assert clock.now - start < 3600
        refused = await post_activity(session, fake.url, "a:1x")

    assert refused == 429
    assert fake.stats.accepted_sends == 1800
    assert fake.requests[-1].response_headers["Retry-After"] == str(
        math.ceil(start + 3600 - clock.now)
    )


async def test_app_limit_is_50_requests_per_second_across_conversations() -> None:
    clock = Clock()
    async with (
        FakeConnector(enforce_limits=True, clock=clock) as fake,
        aiohttp.ClientSession() as session,
    ):
        statuses = [await post_activity(session, fake.url, f"a:1u{n}") for n in range(51)]
        clock.now += 1.01
        after = await post_activity(session, fake.url, "a:1u99")
    assert statuses == [201] * 50 + [429]
    assert after == 201


async def test_duplicates_count_sends_that_share_an_idempotency_key(
    fake_connector: FakeConnector, client: ConnectorClient
) -> None:
    for key in ["reminder:42", "reminder:42", "reminder:43"]:
        await client.conversations.send_to_conversation(
            "a:1x", message("Psst! Imorgon kl. 14:00", channel_data={"idempotencyKey": key})
        )
    card = fake_connector.sent[0].activity_id
    await client.conversations.update_activity(
        "a:1x", card, message("uppdaterad", id=card, channel_data={"idempotencyKey": "reminder:43"})
    )

    assert fake_connector.duplicates() == {"reminder:42": 2}
    assert fake_connector.duplicates(key=lambda body: body.get("text")) == {
        "Psst! Imorgon kl. 14:00": 3
    }


async def test_require_auth_refuses_anonymous_calls_and_never_records_the_token() -> None:
    async with FakeConnector(require_auth="secret-token-123") as fake:
        fake.add_playground_team()
        async with ConnectorClient(MicrosoftAppCredentials.empty(), base_url=fake.url) as anonymous:
            with pytest.raises(ErrorResponseException) as refused:
                await anonymous.conversations.send_to_conversation("a:1x", message("hej"))
        async with ConnectorClient(StaticToken("secret-token-123"), base_url=fake.url) as signed:
            sent = await signed.conversations.send_to_conversation("a:1x", message("hej"))

    assert refused.value.response.status_code == 401
    assert sent.id
    assert [(r.has_auth, r.status) for r in fake.requests] == [(False, 401), (True, 201)]
    assert fake.requests[1].headers["Authorization"] == REDACTED
    assert "secret-token-123" not in repr(fake.requests)
    assert fake.stats.unauthorized == 1


async def test_wait_for_returns_when_the_request_arrives_and_times_out_otherwise(
    fake_connector: FakeConnector, client: ConnectorClient
) -> None:
    async def later() -> None:
        await asyncio.sleep(0.05)
        await client.conversations.send_to_conversation("a:1late", message("till slut"))

    task = asyncio.create_task(later())
    request = await fake_connector.wait_for(lambda r: r.conversation_id == "a:1late", timeout=2)
    [activity] = await fake_connector.wait_for_activities(1, timeout=2, conversation_id="a:1late")
    await task

    assert request.json["text"] == activity["text"] == "till slut"
    with pytest.raises(TimeoutError, match="2 activities"):
        await fake_connector.wait_for_activities(2, timeout=0.1, conversation_id="a:1late")


async def test_a_cloud_adapter_bot_replies_through_the_fake(fake_connector: FakeConnector) -> None:
    class Config:
        APP_ID = ""  # no app id: a local bot, no tokens either way
        APP_PASSWORD = ""
        APP_TYPE = "MultiTenant"
        APP_TENANTID = ""

    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(Config()))
    karin = playground_members()[4]
    incoming = Activity(
        type="message",
        id="1700000000000",
        text="hej",
        channel_id="msteams",
        service_url=fake_connector.url,
        from_property=ChannelAccount(**karin.account()),
        recipient=ChannelAccount(id="28:expeditionsboten", name="Expeditionsboten"),
        conversation=ConversationAccount(id=CHANNEL_THREAD, conversation_type="channel"),
        channel_data={"tenant": {"id": PLAYGROUND_TENANT_ID}},
    )

    async def logic(turn: TurnContext) -> None:
        await turn.send_activity(f"Hej {turn.activity.from_property.name}!")

    await adapter.process_activity("", incoming, logic)

    [reply] = await fake_connector.wait_for_activities(1, timeout=5)
    assert reply["text"] == "Hej Karin Lund!"
    assert reply["replyToId"] == "1700000000000"
    assert fake_connector.requests[0].operation == "reply"
    assert (
        fake_connector.requests[0].path
        == f"/v3/conversations/{CHANNEL_THREAD}/activities/1700000000000"
    )


async def test_clear_forgets_what_was_sent_but_keeps_the_roster(
    fake_connector: FakeConnector, client: ConnectorClient
) -> None:
    await client.conversations.send_to_conversation("a:1x", message("före"))
    fake_connector.clear()

    assert (
        fake_connector.requests == []
        and fake_connector.sent_activities() == []
        and fake_connector.activities == {}
    )
    assert len(await client.conversations.get_conversation_members(PLAYGROUND_TEAM_ID)) == 6
