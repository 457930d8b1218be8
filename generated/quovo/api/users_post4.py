"""POST /users"""

from __future__ import annotations

from typing import Any

from .. import _codecs as _c
from .. import _request as _r
from .._client import Client
from .._types import UNSET, Unset

_OPERATION: _r.Operation[Any] = _r.Operation(
    name="users_post4",
    method="POST",
    path="/users",
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
Create a new Quovo User

Creates a new Quovo User.

Users are owners of Accounts, Portfolios, and any related financial data such as Positions and History.

If you have a Postman Environment set up, the previous request should have set your Access Token automatically. If not, be sure that your Access Token is included in the current request:

1. Click on the \"Headers\" tab.
2. Enter `Authorization` as the header field.
3. Enter `Bearer token` as the header value, where `token` should be replaced with your actual Access Token.

After sending the request, the Environment variable `user_id` will be automatically set to the newly created User's id.

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
