"""DELETE /webhooks"""

from __future__ import annotations

from typing import Any

from .. import _codecs as _c
from .. import _request as _r
from .._client import AsyncClient, Client
from .._types import UNSET, ApiResponse, Unset

_OPERATION: _r.Operation[Any] = _r.Operation(
    name="webhooks_delete",
    method="DELETE",
    path="/webhooks",
    params=(_r.Param("Body", "body", _c.MapOf(_c.ANY)),),
    send="json",
    content_type="application/json",
    accept="application/json",
    outcomes={
        "200": _r.Outcome("any"),
    },
)


def sync(client: Client, *, body: dict[str, Any] | Unset = UNSET) -> Any:
    """\
Delete a webhook

Deletes an existing webhook.

Args:
    client: the client to send the request with.
    body: (JSON body)

Returns:
    Any, on HTTP 200.

Raises:
    ApiError: the server answered with any other status.
    InvalidArgument: an argument breaks a constraint of the spec."""
    return _OPERATION.call(client, (body,))


def sync_detailed(
    client: Client, *, body: dict[str, Any] | Unset = UNSET
) -> ApiResponse[Any]:
    """Like `sync`, and also gives the status code, headers and raw body."""
    return _OPERATION.call_detailed(client, (body,))


async def asyncio(client: AsyncClient, *, body: dict[str, Any] | Unset = UNSET) -> Any:
    """Like `sync`, for an `AsyncClient`."""
    return await _OPERATION.acall(client, (body,))


async def asyncio_detailed(
    client: AsyncClient, *, body: dict[str, Any] | Unset = UNSET
) -> ApiResponse[Any]:
    """Like `sync_detailed`, for an `AsyncClient`."""
    return await _OPERATION.acall_detailed(client, (body,))
