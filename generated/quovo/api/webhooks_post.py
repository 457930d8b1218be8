"""POST /webhooks"""

from __future__ import annotations

from typing import Any

from .. import _codecs as _c
from .. import _request as _r
from .._client import Client
from .._types import UNSET, Unset

_OPERATION: _r.Operation[Any] = _r.Operation(
    name="webhooks_post",
    method="POST",
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
Register a new webhook

Used to register new webhooks.

Args:
    client: the client to send the request with.
    body: (JSON body)

Returns:
    Any, on HTTP 200.

Responses:
    200: OK

Raises:
    ApiError: the server answered with any other status.
    InvalidArgument: an argument breaks a constraint of the spec."""
    return _OPERATION.call(client, (body,))


sync_detailed = _OPERATION.detailed(sync)
asyncio = _OPERATION.asynchronous(sync)
asyncio_detailed = _OPERATION.asynchronous_detailed(sync)
