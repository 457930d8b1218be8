"""POST /users/{user_id}/ui_token"""

from __future__ import annotations

from typing import Any

from .. import _codecs as _c
from .. import _request as _r
from .._client import AsyncClient, Client
from .._types import ApiResponse

_OPERATION: _r.Operation[Any] = _r.Operation(
    name="users_ui_token_by_user_id_post",
    method="POST",
    path="/users/{user_id}/ui_token",
    params=(_r.Param("user_id", "path", _c.STRING),),
    accept="application/json",
    outcomes={
        "200": _r.Outcome("any"),
    },
)


def sync(client: Client, *, user_id: str) -> Any:
    """\
Create a UI token

This creates a single use ui token for a user.

Args:
    client: the client to send the request with.
    user_id: (path)

Returns:
    Any, on HTTP 200.

Raises:
    ApiError: the server answered with any other status.
    InvalidArgument: an argument breaks a constraint of the spec."""
    return _OPERATION.call(client, (user_id,))


def sync_detailed(client: Client, *, user_id: str) -> ApiResponse[Any]:
    """Like `sync`, and also gives the status code, headers and raw body."""
    return _OPERATION.call_detailed(client, (user_id,))


async def asyncio(client: AsyncClient, *, user_id: str) -> Any:
    """Like `sync`, for an `AsyncClient`."""
    return await _OPERATION.acall(client, (user_id,))


async def asyncio_detailed(client: AsyncClient, *, user_id: str) -> ApiResponse[Any]:
    """Like `sync_detailed`, for an `AsyncClient`."""
    return await _OPERATION.acall_detailed(client, (user_id,))
