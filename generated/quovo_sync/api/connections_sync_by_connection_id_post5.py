"""POST /connections/{connection_id}/sync"""

from __future__ import annotations

from typing import Any

from .. import _codecs as _c
from .. import _request as _r
from .._client import Client
from .._types import UNSET, Unset

_OPERATION: _r.Operation[Any] = _r.Operation(
    name="connections_sync_by_connection_id_post5",
    method="POST",
    path="/connections/{connection_id}/sync",
    params=(
        _r.Param("connection_id", "path", _c.STRING),
        _r.Param("Body", "body", _c.MapOf(_c.ANY)),
    ),
    send="json",
    content_type="application/json",
    accept="application/json",
    outcomes={
        "200": _r.Outcome("any"),
    },
)


def sync(
    client: Client, *, connection_id: str, body: dict[str, Any] | Unset = UNSET
) -> Any:
    """\
Initiate a Sync on the Connection

Initiates a new sync on the connection.

Syncs are an ongoing update attempt on a connection. Syncing a newly created connection ensures the connction contains the most recent, available financial data, which includes current holdings and historical transactions.

Before making the request, check that the `{{connection_id}}` Postman variable is set properly, or that the URL contains the correct connection id.

The request will return a sync object with a `progress.state` of \"queued\", which indicates the sync request was sent successfully.

Args:
    client: the client to send the request with.
    connection_id: (path)
    body: (JSON body)

Returns:
    Any, on HTTP 200.

Responses:
    200: OK

Raises:
    ApiError: the server answered with any other status.
    InvalidArgument: an argument breaks a constraint of the spec."""
    return _OPERATION.call(client, (connection_id, body))


sync_detailed = _OPERATION.detailed(sync)
asyncio = _OPERATION.asynchronous(sync)
asyncio_detailed = _OPERATION.asynchronous_detailed(sync)
