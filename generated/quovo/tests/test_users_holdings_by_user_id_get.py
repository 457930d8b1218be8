"""Tests for `users_holdings_by_user_id_get`: the request each call makes, and the parse of a sample response.

They pass as generated; add your own assertions where the comments say.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from .. import AsyncClient, Client
from ..api import users_holdings_by_user_id_get

EXPECTED_URL = httpx.URL("http://example.com/users/value%201/holdings", params=())


def _handler(request: httpx.Request) -> httpx.Response:
    assert request.method == "GET"
    assert request.url == EXPECTED_URL
    assert request.headers["Accept"] == "application/json"
    assert request.content == b""
    return httpx.Response(200, json={"sample": True})


def test_users_holdings_by_user_id_get() -> None:
    transport = httpx.MockTransport(_handler)
    with (
        httpx.Client(transport=transport) as http,
        Client("http://example.com", httpx_client=http) as client,
    ):
        result = users_holdings_by_user_id_get.sync(client, user_id="value 1")
    assert result == {"sample": True}

    # Add your own assertions here.


def test_users_holdings_by_user_id_get_async_detailed() -> None:
    async def call() -> Any:
        transport = httpx.MockTransport(_handler)
        async with (
            httpx.AsyncClient(transport=transport) as http,
            AsyncClient("http://example.com", httpx_client=http) as client,
        ):
            return await users_holdings_by_user_id_get.asyncio_detailed(
                client, user_id="value 1"
            )

    detailed = asyncio.run(call())
    assert detailed.status_code == 200
    assert detailed.parsed == {"sample": True}

    # Add your own assertions here.
