"""POST /users/{user_id}/connections"""

from __future__ import annotations

from typing import Any

from .. import _codecs as _c
from .. import _request as _r
from .._client import Client
from .._types import UNSET, Unset

_OPERATION: _r.Operation[Any] = _r.Operation(
    name="users_connections_by_user_id_post4",
    method="POST",
    path="/users/{user_id}/connections",
    params=(
        _r.Param("user_id", "path", _c.STRING),
        _r.Param("Body", "body", _c.MapOf(_c.ANY)),
    ),
    send="json",
    content_type="application/json",
    accept="application/json",
    outcomes={
        "200": _r.Outcome("any"),
    },
)


def sync(client: Client, *, user_id: str, body: dict[str, Any] | Unset = UNSET) -> Any:
    """\
Create a Connection

Creates a new Quovo Connection.

Args:
    client: the client to send the request with.
    user_id: (path)
    body: (JSON body)

Returns:
    Any, on HTTP 200.

Responses:
    200: OK

Raises:
    ApiError: the server answered with any other status.
    InvalidArgument: an argument breaks a constraint of the spec."""
    return _OPERATION.call(client, (user_id, body))


sync_detailed = _OPERATION.detailed(sync)
asyncio = _OPERATION.asynchronous(sync)
asyncio_detailed = _OPERATION.asynchronous_detailed(sync)
