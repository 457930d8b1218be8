"""Errors the client raises; none of them carries credentials in its message."""

from __future__ import annotations

from typing import Any

import httpx


class ApiError(Exception):
    """The server answered with a status the operation does not treat as success.

    `parsed` is the body decoded with the model the spec declares for that status (or for
    `default`), else the JSON value, else None; `content` is always the raw body.
    """

    def __init__(
        self,
        *,
        operation: str,
        status_code: int,
        headers: httpx.Headers,
        content: bytes,
        parsed: Any,
    ) -> None:
        self.operation = operation
        self.status_code = status_code
        self.headers = headers
        self.content = content
        self.parsed = parsed
        super().__init__(f"{operation}: the server answered HTTP {status_code}")


class DecodeError(ValueError):
    """A response body does not have the shape the spec declares."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


class InvalidArgument(ValueError):
    """An argument cannot be sent as given (out of range, a bool for an integer, CR/LF in a
    header, ...)."""


class MissingCredentials(RuntimeError):
    """The operation needs credentials that the client was not given."""
