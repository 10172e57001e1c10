"""Creating a Teams channel through Microsoft Graph (`POST /teams/{team-id}/channels`).

App-only, it needs the `Channel.Create` application permission (or `Channel.Create.Group` by
resource-specific consent on that team). The documented answer is 201 with the channel (`id`,
`displayName`, `webUrl`); a name the team already has is refused (409 here, as the fake Graph
answers; Graph's documentation does not pin the status, so any 409 counts as "exists"); 403
means the permission is missing. Everything else is a failure the job may try again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import httpx
from azure.core.exceptions import AzureError
from kiota_abstractions.api_error import APIError
from msgraph.generated.models.channel import Channel
from msgraph.generated.models.channel_membership_type import ChannelMembershipType
from msgraph.graph_service_client import GraphServiceClient


class ChannelOutcome(StrEnum):
    CREATED = "created"
    EXISTS = "exists"
    FORBIDDEN = "forbidden"
    FAILED = "failed"  # for now: the job tries again after its lease


@dataclass(frozen=True, slots=True)
class ChannelResult:
    outcome: ChannelOutcome
    channel_id: str | None = None
    web_url: str | None = None
    problem: str | None = None  # for the log, in English


class GraphChannels:
    """`ChannelCreator` over msgraph-sdk (the calendars' client: same credentials and URL)."""

    def __init__(self, client: GraphServiceClient) -> None:
        self._client = client

    async def create(self, team_id: str, name: str, description: str) -> ChannelResult:
        body = Channel(
            display_name=name,
            description=description,
            membership_type=ChannelMembershipType.Standard,
        )
        try:
            channel = await self._client.teams.by_team_id(team_id).channels.post(body)
        except APIError as exc:
            status = exc.response_status_code or 0
            if status == 409:
                return ChannelResult(ChannelOutcome.EXISTS, problem=f"HTTP {status}")
            if status in (401, 403):
                return ChannelResult(ChannelOutcome.FORBIDDEN, problem=f"HTTP {status}")
            return ChannelResult(ChannelOutcome.FAILED, problem=f"HTTP {status}")
        except (httpx.TransportError, AzureError) as exc:
            return ChannelResult(ChannelOutcome.FAILED, problem=type(exc).__name__)
        if channel is None or not channel.id:
            return ChannelResult(ChannelOutcome.FAILED, problem="no channel in the answer")
        return ChannelResult(ChannelOutcome.CREATED, channel.id, channel.web_url)
