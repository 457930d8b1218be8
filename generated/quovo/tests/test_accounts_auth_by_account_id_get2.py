"""Tests for `accounts_auth_by_account_id_get2`: the request each call makes, and the parse of a sample response.

They pass as generated. This file is regenerated with the client: to add assertions, copy a
test into your own test suite (the helpers in `_support.py` come along).
"""

from __future__ import annotations

from typing import Any

import httpx

from ..api import accounts_auth_by_account_id_get2
from ._support import mock_client, run_async

ARGUMENTS: dict[str, Any] = {
    "account_id": "value 1",
}
EXPECTED_URL = httpx.URL("http://example.com/accounts/value%201/auth")


def _handler(request: httpx.Request) -> httpx.Response:
    assert request.method == "GET"
    assert request.url == EXPECTED_URL
    assert request.headers["Accept"] == "application/json"
    assert request.content == b""
    return httpx.Response(200, json={"sample": True})


def test_accounts_auth_by_account_id_get2() -> None:
    with mock_client(_handler) as client:
        result = accounts_auth_by_account_id_get2.sync(client, **ARGUMENTS)
    assert result == {"sample": True}


def test_accounts_auth_by_account_id_get2_async_detailed() -> None:
    detailed = run_async(
        accounts_auth_by_account_id_get2.asyncio_detailed, _handler, ARGUMENTS
    )
    assert detailed.status_code == 200
    assert detailed.parsed == {"sample": True}
