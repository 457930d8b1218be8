"""Tests for `users_manual_accounts_by_user_id_post`: the request each call makes, and the parse of a sample response.

They pass as generated; add your own assertions where the comments say.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from .. import AsyncClient, Client
from ..api import users_manual_accounts_by_user_id_post

EXPECTED_URL = httpx.URL(
    "http://example.com/users/value%201/manual_accounts", params=()
)


def _handler(request: httpx.Request) -> httpx.Response:
    assert request.method == "POST"
    assert request.url == EXPECTED_URL
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {"key": {"key": "value"}}
    return httpx.Response(200, json={"sample": True})


def test_users_manual_accounts_by_user_id_post() -> None:
    transport = httpx.MockTransport(_handler)
    with (
        httpx.Client(transport=transport) as http,
        Client("http://example.com", httpx_client=http) as client,
    ):
        result = users_manual_accounts_by_user_id_post.sync(
            client, user_id="value 1", body={"key": {"key": "value"}}
        )
    assert result == {"sample": True}

    # Add your own assertions here.


def test_users_manual_accounts_by_user_id_post_async_detailed() -> None:
    async def call() -> Any:
        transport = httpx.MockTransport(_handler)
        async with (
            httpx.AsyncClient(transport=transport) as http,
            AsyncClient("http://example.com", httpx_client=http) as client,
        ):
            return await users_manual_accounts_by_user_id_post.asyncio_detailed(
                client, user_id="value 1", body={"key": {"key": "value"}}
            )

    detailed = asyncio.run(call())
    assert detailed.status_code == 200
    assert detailed.parsed == {"sample": True}

    # Add your own assertions here.
