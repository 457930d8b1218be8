"""PUT /manual_accounts/{manual_account_id}/manual_holdings"""

from __future__ import annotations

from typing import Any

from .. import _codecs as _c
from .. import _request as _r
from .._client import Client
from .._types import UNSET, Unset

_OPERATION: _r.Operation[Any] = _r.Operation(
    name="manual_accounts_manual_holdings_by_manual_account_id_put",
    method="PUT",
    path="/manual_accounts/{manual_account_id}/manual_holdings",
    params=(
        _r.Param("manual_account_id", "path", _c.STRING),
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
    client: Client, *, manual_account_id: str, body: dict[str, Any] | Unset = UNSET
) -> Any:
    """\
Update a manual holding

Updates an existing Manual Asset for the given Manual Portfolio.

Args:
    client: the client to send the request with.
    manual_account_id: (path)
    body: (JSON body)

Returns:
    Any, on HTTP 200.

Responses:
    200: OK

Raises:
    ApiError: the server answered with any other status.
    InvalidArgument: an argument breaks a constraint of the spec."""
    return _OPERATION.call(client, (manual_account_id, body))


sync_detailed = _OPERATION.detailed(sync)
asyncio = _OPERATION.asynchronous(sync)
asyncio_detailed = _OPERATION.asynchronous_detailed(sync)
