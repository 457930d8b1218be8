"""GET /accounts/{account_id}/auth"""

from __future__ import annotations

from typing import Any

from .. import _codecs as _c
from .. import _request as _r
from .._client import Client

_OPERATION: _r.Operation[Any] = _r.Operation(
    name="accounts_auth_by_account_id_get2",
    method="GET",
    path="/accounts/{account_id}/auth",
    params=(_r.Param("account_id", "path", _c.STRING),),
    accept="application/json",
    outcomes={
        "200": _r.Outcome("any"),
    },
)


def sync(client: Client, *, account_id: str) -> Any:
    """\
Get auth for an account

Retrieves all authentication information associated with an account.

Args:
    client: the client to send the request with.
    account_id: (path)

Returns:
    Any, on HTTP 200.

Responses:
    200: OK

Raises:
    ApiError: the server answered with any other status.
    InvalidArgument: an argument breaks a constraint of the spec."""
    return _OPERATION.call(client, (account_id,))


sync_detailed = _OPERATION.detailed(sync)
asyncio = _OPERATION.asynchronous(sync)
asyncio_detailed = _OPERATION.asynchronous_detailed(sync)
