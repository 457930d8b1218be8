"""Tests for `accounts_auth_by_account_id_get2`: the request each call makes, and the parse of a sample response.

They pass as generated; add your own assertions where the comments say.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from .. import AsyncClient, Client
from ..api import accounts_auth_by_account_id_get2

EXPECTED_URL = httpx.URL("http://example.com/accounts/value%201/auth", params=())


def _handler(request: httpx.Request) -> httpx.Response:
    assert request.method == "GET"
    assert request.url == EXPECTED_URL
    assert request.headers["Accept"] == "application/json"
    assert request.content == b""
    return httpx.Response(200, json={"sample": True})


def test_accounts_auth_by_account_id_get2() -> None:
    transport = httpx.MockTransport(_handler)
    with (
        httpx.Client(transport=transport) as http,
        Client("http://example.com", httpx_client=http) as client,
    ):
        result = accounts_auth_by_account_id_get2.sync(client, account_id="value 1")
    assert result == {"sample": True}

    # Add your own assertions here.


def test_accounts_auth_by_account_id_get2_async_detailed() -> None:
    async def call() -> Any:
        transport = httpx.MockTransport(_handler)
        async with (
            httpx.AsyncClient(transport=transport) as http,
            AsyncClient("http://example.com", httpx_client=http) as client,
        ):
            return await accounts_auth_by_account_id_get2.asyncio_detailed(
                client, account_id="value 1"
            )

    detailed = asyncio.run(call())
    assert detailed.status_code == 200
    assert detailed.parsed == {"sample": True}

    # Add your own assertions here.
