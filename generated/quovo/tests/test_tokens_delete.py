"""Tests for `tokens_delete`: the request each call makes, and the parse of a sample response.

They pass as generated. This file is regenerated with the client: to add assertions, copy a
test into your own test suite (the helpers in `_support.py` come along).
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from ..api import tokens_delete
from ._support import mock_client, run_async

ARGUMENTS: dict[str, Any] = {
    "body": {"key": {"key": "value"}},
}
EXPECTED_URL = httpx.URL("http://example.com/tokens")


def _handler(request: httpx.Request) -> httpx.Response:
    assert request.method == "DELETE"
    assert request.url == EXPECTED_URL
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {"key": {"key": "value"}}
    return httpx.Response(200, json={"sample": True})


def test_tokens_delete() -> None:
    with mock_client(_handler) as client:
        result = tokens_delete.sync(client, **ARGUMENTS)
    assert result == {"sample": True}


def test_tokens_delete_async_detailed() -> None:
    detailed = run_async(tokens_delete.asyncio_detailed, _handler, ARGUMENTS)
    assert detailed.status_code == 200
    assert detailed.parsed == {"sample": True}
