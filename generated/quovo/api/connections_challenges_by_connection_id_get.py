"""GET /connections/{connection_id}/challenges"""

from __future__ import annotations

from typing import Any

from .. import _codecs as _c
from .. import _request as _r
from .._client import Client

_OPERATION: _r.Operation[Any] = _r.Operation(
    name="connections_challenges_by_connection_id_get",
    method="GET",
    path="/connections/{connection_id}/challenges",
    params=(_r.Param("connection_id", "path", _c.STRING),),
    accept="application/json",
    outcomes={
        "200": _r.Outcome("any"),
    },
)


def sync(client: Client, *, connection_id: str) -> Any:
    """\
Get challenges for a connection

Retrieves any Challenges associated with a connection.

Args:
    client: the client to send the request with.
    connection_id: (path)

Returns:
    Any, on HTTP 200.

Responses:
    200: OK

Raises:
    ApiError: the server answered with any other status.
    InvalidArgument: an argument breaks a constraint of the spec."""
    return _OPERATION.call(client, (connection_id,))


sync_detailed = _OPERATION.detailed(sync)
asyncio = _OPERATION.asynchronous(sync)
asyncio_detailed = _OPERATION.asynchronous_detailed(sync)
