"""GET /institutions/{institution_id}"""

from __future__ import annotations

from typing import Any

from .. import _codecs as _c
from .. import _request as _r
from .._client import Client

_OPERATION: _r.Operation[Any] = _r.Operation(
    name="institutions_by_institution_id_get",
    method="GET",
    path="/institutions/{institution_id}",
    params=(_r.Param("institution_id", "path", _c.STRING),),
    accept="application/json",
    outcomes={
        "200": _r.Outcome("any"),
    },
)


def sync(client: Client, *, institution_id: str) -> Any:
    """\
Get a single institution

Provides information on a single Quovo-supported institution.

Args:
    client: the client to send the request with.
    institution_id: (path)

Returns:
    Any, on HTTP 200.

Responses:
    200: OK

Raises:
    ApiError: the server answered with any other status.
    InvalidArgument: an argument breaks a constraint of the spec."""
    return _OPERATION.call(client, (institution_id,))


sync_detailed = _OPERATION.detailed(sync)
asyncio = _OPERATION.asynchronous(sync)
asyncio_detailed = _OPERATION.asynchronous_detailed(sync)
