"""Tests for `manual_accounts_get`: the request each call makes, and the parse of a sample response.

They pass as generated. This file is regenerated with the client: to add assertions, copy a
test into your own test suite (the helpers in `_support.py` come along).
"""

from __future__ import annotations

from typing import Any

import httpx

from ..api import manual_accounts_get
from ._support import mock_client, run_async

ARGUMENTS: dict[str, Any] = {}
EXPECTED_URL = httpx.URL("http://example.com/manual_accounts")


def _handler(request: httpx.Request) -> httpx.Response:
    assert request.method == "GET"
    assert request.url == EXPECTED_URL
    assert request.headers["Accept"] == "application/json"
    assert request.content == b""
    return httpx.Response(200, json={"sample": True})


def test_manual_accounts_get() -> None:
    with mock_client(_handler) as client:
        result = manual_accounts_get.sync(client, **ARGUMENTS)
    assert result == {"sample": True}


def test_manual_accounts_get_async_detailed() -> None:
    detailed = run_async(manual_accounts_get.asyncio_detailed, _handler, ARGUMENTS)
    assert detailed.status_code == 200
    assert detailed.parsed == {"sample": True}
