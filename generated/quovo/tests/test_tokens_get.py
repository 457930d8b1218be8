"""Tests for `tokens_get`: the request each call makes, and the parse of a sample response.

They pass as generated. This file is regenerated with the client: to add assertions, copy a
test into your own test suite (the helpers in `_support.py` come along).
"""

from __future__ import annotations

from typing import Any

import httpx

from ..api import tokens_get
from ._support import mock_client, run_async

ARGUMENTS: dict[str, Any] = {}
EXPECTED_URL = httpx.URL("http://example.com/tokens")


def _handler(request: httpx.Request) -> httpx.Response:
    assert request.method == "GET"
    assert request.url == EXPECTED_URL
    assert request.headers["Accept"] == "application/json"
    assert request.content == b""
    return httpx.Response(200, json={"sample": True})


def test_tokens_get() -> None:
    with mock_client(_handler) as client:
        result = tokens_get.sync(client, **ARGUMENTS)
    assert result == {"sample": True}


def test_tokens_get_async_detailed() -> None:
    detailed = run_async(tokens_get.asyncio_detailed, _handler, ARGUMENTS)
    assert detailed.status_code == 200
    assert detailed.parsed == {"sample": True}
