"""The clients: the base URL, credentials and HTTP settings that every operation uses."""

from __future__ import annotations

import dataclasses
import ssl
from collections.abc import Mapping, Sequence
from types import TracebackType

import httpx

from ._auth import Credential, basic, redact_in_logs
from ._errors import InvalidArgument, MissingCredentials
from ._request import header_value

DEFAULT_BASE_URL: str | None = "http://example.com"


@dataclasses.dataclass(frozen=True, repr=False)
class ClientConfig:
    """What a request needs from its client; credentials never appear in its repr."""

    base_url: str
    headers: Mapping[str, str]
    credentials: Mapping[str, Credential]

    def authorize(
        self,
        operation: str,
        alternatives: Sequence[Sequence[str]],
        query: list[tuple[str, str]],
        headers: dict[str, str],
    ) -> None:
        """Apply the first alternative whose credentials are all configured."""
        if not alternatives:
            return
        for alternative in alternatives:
            found = [self.credentials.get(scheme) for scheme in alternative]
            if all(credential is not None for credential in found):
                for credential in found:
                    if credential is not None:
                        credential.apply(query, headers)
                return
        wanted = " or ".join("+".join(a) for a in alternatives)
        raise MissingCredentials(f"{operation} needs credentials: {wanted}")

    def __repr__(self) -> str:
        return f"ClientConfig(base_url={self.base_url!r})"


def _config(
    base_url: str,
    headers: Mapping[str, str] | None,
) -> ClientConfig:
    if not base_url.lower().startswith(("http://", "https://")):
        raise InvalidArgument("base_url must start with http:// or https://")
    credentials: dict[str, Credential] = {}
    checked = {
        name: header_value(name, value) for name, value in (headers or {}).items()
    }
    return ClientConfig(base_url.rstrip("/"), checked, credentials)


class Client:
    """Calls the API synchronously. Use it in a `with` block, or call `close()`.

    Pass `httpx_client` to reuse a configured `httpx.Client` (proxies, transports,
    event hooks); swaggen then leaves closing it to you. TLS certificates are verified
    unless you pass `verify=False`.
    """

    def __init__(
        self,
        base_url: str = "http://example.com",
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = 30.0,
        verify: bool | ssl.SSLContext = True,
        httpx_client: httpx.Client | None = None,
    ) -> None:
        self._config = _config(
            base_url,
            headers,
        )
        self._owns_http = httpx_client is None
        self._http = httpx_client or httpx.Client(timeout=timeout, verify=verify)

    @property
    def base_url(self) -> str:
        return self._config.base_url

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client(base_url={self.base_url!r})"


class AsyncClient:
    """Calls the API with asyncio. Use it in an `async with` block, or `await aclose()`."""

    def __init__(
        self,
        base_url: str = "http://example.com",
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = 30.0,
        verify: bool | ssl.SSLContext = True,
        httpx_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._config = _config(
            base_url,
            headers,
        )
        self._owns_http = httpx_client is None
        self._http = httpx_client or httpx.AsyncClient(timeout=timeout, verify=verify)

    @property
    def base_url(self) -> str:
        return self._config.base_url

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"AsyncClient(base_url={self.base_url!r})"
