"""Credentials: how each security scheme is applied, and how its secret stays out of sight."""

from __future__ import annotations

import base64
import dataclasses
import logging
from urllib.parse import quote, quote_plus

from ._errors import InvalidArgument
from ._request import header_value


@dataclasses.dataclass(frozen=True, repr=False)
class Credential:
    """A configured secret for one security scheme: an API key, basic auth or a bearer token."""

    kind: str
    name: str
    secret: str

    def __post_init__(self) -> None:
        # An empty key or token would be sent as `api_key=` or `Bearer `: a request that
        # looks authorized and is not.
        if not self.secret:
            label = repr(self.name) if self.name else f"the {self.kind} token"
            raise InvalidArgument(
                f"the credential {label} is empty; pass None to send none"
            )

    def apply(self, query: list[tuple[str, str]], headers: dict[str, str]) -> None:
        if self.kind == "query":
            query.append((self.name, self.secret))
        elif self.kind == "header":
            headers[self.name] = header_value(self.name, self.secret)
        elif self.kind == "basic":
            # base64, which never holds CR, LF or NUL
            headers["Authorization"] = "Basic " + self.secret
        elif self.kind == "bearer":
            headers["Authorization"] = header_value(
                "Authorization", "Bearer " + self.secret
            )

    def __repr__(self) -> str:
        return f"Credential({self.kind!r}, {self.name!r}, secret=***)"


def basic(username: str, password: str) -> str:
    return base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


class _Redactor(logging.Filter):
    """Masks query-string secrets in httpx's own log lines, which print whole URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            for secret in self.secrets:
                message = message.replace(secret, "***")
            record.msg, record.args = message, None
        return True


_REDACTOR = _Redactor()


def redact_in_logs(secret: str) -> None:
    """Hide a query-string secret from httpx's request log, as written and as encoded."""
    if not secret:
        return
    if not _REDACTOR.secrets:
        logging.getLogger("httpx").addFilter(_REDACTOR)
    _REDACTOR.secrets.update({secret, quote(secret, safe=""), quote_plus(secret)})
