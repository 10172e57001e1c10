"""Installing the app for a user through Microsoft Graph (msgraph-sdk, app-only): the
`services.app_installs.AppInstaller` of a deployment with Graph and a catalog app id.

    installer = graph_app_installer(credential=app_credential(tenant, client, secret),
                                    tenant_id=tenant, catalog_app_id="...")

Two calls per leader, as documented for v1.0:
- `GET /users/{userPrincipalName}?$select=id`; on 404 (`Request_ResourceNotFound`), as an
  address may be a user's mail but not their sign-in name, `GET /users?$filter=mail eq
  '{address}'&$select=id`. No user, or more than one: "hittades inte".
- `POST /users/{id}/teamwork/installedApps` with `{"teamsApp@odata.bind":
  "<graph>/appCatalogs/teamsApps/{catalog-app-id}"}`: 201 Created without a body is
  "installerad"; 409 Conflict is "hade redan appen" (so a retry is harmless).
403 on either is "saknar behörighet" (the Graph app lacks `User.Read.All` or
`TeamsAppInstallation.ReadWriteForUser.All`, or has no admin consent). 429, 5xx, broken
connections and missing tokens are passing: `InstallUnavailable`, and the job tries again later
(msgraph's own retry handler is off, as for the calendars, so one policy decides).

Only the Graph app's own tenant is served: a municipality in another tenant is never installed
for with this tenant's credentials.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import httpx
from azure.core.credentials_async import AsyncTokenCredential
from azure.core.exceptions import AzureError
from kiota_abstractions.api_error import APIError
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph.generated.models.user_scope_teams_app_installation import (
    UserScopeTeamsAppInstallation,
)
from msgraph.generated.users.item.user_item_request_builder import UserItemRequestBuilder
from msgraph.generated.users.users_request_builder import UsersRequestBuilder
from msgraph.graph_service_client import GraphServiceClient

from chat.caller import tenant_id as normal_tenant
from scheduling.calendars.graph import GRAPH_URL, graph_client
from services.app_installs import InstallOutcome, InstallUnavailable

log = logging.getLogger(__name__)

_PASSING = frozenset({429, 500, 502, 503, 504})


def graph_app_installer(
    *,
    credential: AsyncTokenCredential,
    tenant_id: str,
    catalog_app_id: str,
    base_url: str = GRAPH_URL,
    timeout: float = 30.0,
) -> GraphAppInstaller:
    """A `GraphAppInstaller` with its own HTTP client, which `close()` closes with `credential`."""
    client, closers = graph_client(credential, base_url, timeout)
    return GraphAppInstaller(
        client,
        tenant_id=tenant_id,
        catalog_app_id=catalog_app_id,
        base_url=base_url.rstrip("/"),
        closers=closers,
    )


class GraphAppInstaller:
    def __init__(
        self,
        client: GraphServiceClient,
        *,
        tenant_id: str,
        catalog_app_id: str,
        base_url: str = GRAPH_URL,
        closers: Sequence[Callable[[], Awaitable[Any]]] = (),
    ) -> None:
        self._client = client
        self._tenant = normal_tenant(tenant_id)
        self._bind = f"{base_url.rstrip('/')}/appCatalogs/teamsApps/{catalog_app_id}"
        self._closers = list(closers)

    def serves(self, tenant_id: str) -> bool:
        return normal_tenant(tenant_id) == self._tenant

    async def install_for(self, address: str) -> InstallOutcome:
        try:
            user_id = await self._user_id(address)
        except APIError as error:
            return _final(error, "looking up a user")
        except (httpx.TransportError, AzureError) as error:
            raise InstallUnavailable(f"looking up a user: {type(error).__name__}") from error
        if not user_id:
            return InstallOutcome.NOT_FOUND
        body = UserScopeTeamsAppInstallation(additional_data={"teamsApp@odata.bind": self._bind})
        try:
            await self._client.users.by_user_id(user_id).teamwork.installed_apps.post(body)
        except APIError as error:
            if error.response_status_code == 409:
                return InstallOutcome.ALREADY
            return _final(error, "installing the app")
        except (httpx.TransportError, AzureError) as error:
            raise InstallUnavailable(f"installing the app: {type(error).__name__}") from error
        return InstallOutcome.INSTALLED

    async def _user_id(self, address: str) -> str | None:
        """The user whose sign-in name is `address`, else the one user whose mail it is."""
        try:
            user = await self._client.users.by_user_id(address).get(
                request_configuration=RequestConfiguration(
                    query_parameters=UserItemRequestBuilder.UserItemRequestBuilderGetQueryParameters(
                        select=["id"]
                    )
                )
            )
            return user.id if user is not None else None
        except APIError as error:
            if error.response_status_code != 404:
                raise
        literal = address.replace("'", "''")  # an OData string literal
        found = await self._client.users.get(
            request_configuration=RequestConfiguration(
                query_parameters=UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
                    filter=f"mail eq '{literal}'", select=["id"]
                )
            )
        )
        matches = [u.id for u in (found.value if found else None) or [] if u.id]
        return matches[0] if len(matches) == 1 else None

    async def close(self) -> None:
        closers, self._closers = self._closers, []
        for close in closers:
            try:
                await close()
            except Exception:  # close the rest all the same
                log.exception("closing the Graph app installer")


def _final(error: APIError, what: str) -> InstallOutcome:
    status = error.response_status_code or 0
    if status == 404:
        return InstallOutcome.NOT_FOUND
    if status in (401, 403):
        log.warning("%s: HTTP %d, the Graph app lacks the permission", what, status)
        return InstallOutcome.FORBIDDEN
    raise InstallUnavailable(f"{what}: HTTP {status}") from error
