"""DELETE /manual_accounts/{manual_account_id}"""

from __future__ import annotations

from typing import Any

from .. import _codecs as _c
from .. import _request as _r
from .._client import Client

_OPERATION: _r.Operation[Any] = _r.Operation(
    name="manual_accounts_by_manual_account_id_delete",
    method="DELETE",
    path="/manual_accounts/{manual_account_id}",
    params=(_r.Param("manual_account_id", "path", _c.STRING),),
    accept="application/json",
    outcomes={
        "200": _r.Outcome("any"),
    },
)


def sync(client: Client, *, manual_account_id: str) -> Any:
    """\
Delete a manual account

Deletes a Manual Account.

Args:
    client: the client to send the request with.
    manual_account_id: (path)

Returns:
    Any, on HTTP 200.

Responses:
    200: OK

Raises:
    ApiError: the server answered with any other status.
    InvalidArgument: an argument breaks a constraint of the spec."""
    return _OPERATION.call(client, (manual_account_id,))


sync_detailed = _OPERATION.detailed(sync)
asyncio = _OPERATION.asynchronous(sync)
asyncio_detailed = _OPERATION.asynchronous_detailed(sync)
