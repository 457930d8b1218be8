"""Security definitions to client credentials, and each operation's effective requirements."""

from __future__ import annotations

from typing import Any

from . import pointer as jp
from .diagnostics import DiagnosticLog, quote_text
from .model import CredentialKind, SecurityScheme
from .naming import NameScope, identifier
from .parameter_repairs import HEADER_NAME

CLIENT_ARGS = frozenset({"self", "base_url", "headers", "timeout", "verify", "httpx_client", "cls"})


class SecurityIndex:
    def __init__(self, data: dict[str, Any], log: DiagnosticLog) -> None:
        self.log = log
        self.schemes: dict[str, SecurityScheme] = {}
        self._args = NameScope(CLIENT_ARGS)
        self._shared: dict[tuple[str, str], tuple[str, ...]] = {}
        definitions = data.get("securityDefinitions")
        if isinstance(definitions, dict):
            for key, scheme in definitions.items():
                self._scheme(key, scheme, jp.join("/securityDefinitions", key))
        self.global_requirements = self.requirements(data.get("security"), "/security")

    def _scheme(self, key: str, scheme: Any, pointer: str) -> None:
        if not isinstance(scheme, dict):
            self.log.warning(pointer, "a security scheme must be a mapping; ignored", "security")
            return
        kind = scheme.get("type")
        description = scheme.get("description")
        description = description if isinstance(description, str) else ""
        if kind == "basic":
            args = self._share(("basic", ""), ("username", "password"))
            self.schemes[key] = SecurityScheme(key, CredentialKind.BASIC, "", args, description)
        elif kind == "oauth2":
            args = self._share(("bearer", ""), ("access_token",))
            self.schemes[key] = SecurityScheme(key, CredentialKind.BEARER, "", args, description)
        elif kind == "apiKey":
            name, where = scheme.get("name"), scheme.get("in")
            if not isinstance(name, str) or where not in ("header", "query"):
                self.log.warning(
                    pointer,
                    "an apiKey scheme needs a name and 'in: header|query'; ignored",
                    "security",
                )
                return
            if where == "header" and not HEADER_NAME.match(name):
                self.log.error(
                    jp.join(pointer, "name"),
                    f"header name {quote_text(name)} is not a valid HTTP header name "
                    "(control characters, spaces or separators); the key can never be sent",
                    "header-name",
                )
                return
            credential = CredentialKind.HEADER if where == "header" else CredentialKind.QUERY
            arg = identifier(name, style="snake", digit_prefix="key", empty="api_key")
            args = self._share((where, name), (arg,))
            self.schemes[key] = SecurityScheme(key, credential, name, args, description)
        else:
            self.log.warning(
                pointer,
                f"unknown security scheme type {quote_text(str(kind))}; ignored",
                "security",
            )

    def _share(self, key: tuple[str, str], wanted: tuple[str, ...]) -> tuple[str, ...]:
        """One client argument per credential, shared by schemes that need the same one."""
        if key not in self._shared:
            self._shared[key] = tuple(self._args.claim(arg) for arg in wanted)
        return self._shared[key]

    def requirements(self, value: Any, pointer: str) -> tuple[tuple[str, ...], ...] | None:
        """Alternatives of scheme keys; None when the spec says nothing at this level."""
        if value is None:
            return None
        if not isinstance(value, list):
            self.log.warning(pointer, "security must be a list; ignored", "security")
            return None
        alternatives: list[tuple[str, ...]] = []
        for index, requirement in enumerate(value):
            where = jp.join(pointer, index)
            if not isinstance(requirement, dict):
                self.log.warning(where, "a security requirement must be a mapping", "security")
                continue
            unknown = [k for k in requirement if k not in self.schemes]
            if unknown:
                self.log.warning(
                    where,
                    "unknown security scheme "
                    + ", ".join(quote_text(k) for k in unknown)
                    + "; this alternative is ignored",
                    "security",
                )
                continue
            alternatives.append(tuple(requirement))
        return tuple(alternatives)

    def for_operation(self, operation: dict[str, Any], pointer: str) -> tuple[tuple[str, ...], ...]:
        own = self.requirements(operation.get("security"), jp.join(pointer, "security"))
        if own is not None:
            return own
        return self.global_requirements or ()
