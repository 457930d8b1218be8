"""What the generated tests share: clients whose requests go to a handler instead of a server."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx

from .. import AsyncClient, Client

T = TypeVar("T")
Handler = Callable[[httpx.Request], httpx.Response]

BASE_URL = "http://example.com"
CREDENTIALS: dict[str, Any] = {}


@contextmanager
def mock_client(handler: Handler) -> Iterator[Client]:
    """A `Client` with every credential set, whose requests `handler` answers."""
    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        with Client(BASE_URL, httpx_client=http, **CREDENTIALS) as client:
            yield client


def run_async(
    call: Callable[..., Awaitable[T]], handler: Handler, arguments: dict[str, Any]
) -> T:
    """Run an async operation function with an `AsyncClient` whose requests `handler` answers."""

    async def main() -> T:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            async with AsyncClient(
                BASE_URL, httpx_client=http, **CREDENTIALS
            ) as client:
                return await call(client, **arguments)

    return asyncio.run(main())
