"""Tests for `connections_challenges_by_connection_id_put`: the request each call makes, and the parse of a sample response.

They pass as generated. This file is regenerated with the client: to add assertions, copy a
test into your own test suite (the helpers in `_support.py` come along).
"""

from __future__ import annotations

from typing import Any

import httpx

from ..api import connections_challenges_by_connection_id_put
from ._support import mock_client, run_async

ARGUMENTS: dict[str, Any] = {
    "connection_id": "value 1",
}
EXPECTED_URL = httpx.URL("http://example.com/connections/value%201/challenges")


def _handler(request: httpx.Request) -> httpx.Response:
    assert request.method == "PUT"
    assert request.url == EXPECTED_URL
    assert request.headers["Accept"] == "application/json"
    assert request.content == b""
    return httpx.Response(200, json={"sample": True})


def test_connections_challenges_by_connection_id_put() -> None:
    with mock_client(_handler) as client:
        result = connections_challenges_by_connection_id_put.sync(client, **ARGUMENTS)
    assert result == {"sample": True}


def test_connections_challenges_by_connection_id_put_async_detailed() -> None:
    detailed = run_async(
        connections_challenges_by_connection_id_put.asyncio_detailed,
        _handler,
        ARGUMENTS,
    )
    assert detailed.status_code == 200
    assert detailed.parsed == {"sample": True}
