"""Operations: turning arguments into an HTTP request, and a response into a result or an error.

Each generated operation module declares one `Operation` (method, path template, parameters
with their codecs, responses) and calls it; all of the HTTP work happens here, once.
"""

from __future__ import annotations

import dataclasses
import json
import re
import inspect
import typing
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar
from urllib.parse import quote

import httpx

from ._codecs import Codec, ListOf, Refused
from ._errors import ApiError, DecodeError, InvalidArgument, MissingCredentials
from ._types import ApiResponse, File, Unset

if TYPE_CHECKING:
    from ._client import AsyncClient, Client, ClientConfig

T = TypeVar("T")
P = ParamSpec("P")
_TEMPLATE = re.compile(r"\{([^{}]*)\}")
_DEFAULT_CONTENT_TYPES = {
    "json": "application/json",
    "binary": "application/octet-stream",
    "text": "text/plain",
}
_SEPARATORS = {"csv": ",", "ssv": " ", "tsv": "\t", "pipes": "|", "multi": ","}


@dataclasses.dataclass(frozen=True)
class Checks:
    """The constraints the spec puts on a parameter, checked before anything is sent."""

    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_items: int | None = None
    max_items: int | None = None

    def check(self, name: str, value: Any) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            low, high = self.minimum, self.maximum
            if low is not None and (
                value < low or (self.exclusive_minimum and value == low)
            ):
                raise InvalidArgument(
                    f"{name} must be {'>' if self.exclusive_minimum else '>='} {low}"
                )
            if high is not None and (
                value > high or (self.exclusive_maximum and value == high)
            ):
                raise InvalidArgument(
                    f"{name} must be {'<' if self.exclusive_maximum else '<='} {high}"
                )
        if isinstance(value, str):
            if self.min_length is not None and len(value) < self.min_length:
                raise InvalidArgument(
                    f"{name} must be at least {self.min_length} characters"
                )
            if self.max_length is not None and len(value) > self.max_length:
                raise InvalidArgument(
                    f"{name} must be at most {self.max_length} characters"
                )
            if self.pattern is not None and re.search(self.pattern, value) is None:
                raise InvalidArgument(f"{name} must match the pattern {self.pattern!r}")
        if isinstance(value, (list, tuple)):
            if self.min_items is not None and len(value) < self.min_items:
                raise InvalidArgument(f"{name} needs at least {self.min_items} items")
            if self.max_items is not None and len(value) > self.max_items:
                raise InvalidArgument(f"{name} takes at most {self.max_items} items")


@dataclasses.dataclass(frozen=True)
class Param:
    """One argument: where it goes (path, query, header, form, file or body) and how."""

    wire: str
    location: str
    codec: Codec
    styles: tuple[str, ...] = ()
    checks: Checks | None = None


@dataclasses.dataclass(frozen=True)
class Outcome:
    """A declared response: its body kind (json, text, binary, none, any) and codec."""

    body: str
    codec: Codec | None = None


class Operation(Generic[T]):
    def __init__(
        self,
        *,
        name: str,
        method: str,
        path: str,
        params: Sequence[Param] = (),
        send: str = "none",
        content_type: str | None = None,
        accept: str | None = None,
        outcomes: Mapping[str, Outcome] | None = None,
        security: Sequence[Sequence[str]] = (),
    ) -> None:
        self.name = name
        self.method = method
        self.path = path
        self.params = tuple(params)
        self.send = send
        self.content_type = content_type
        self.accept = accept
        self.outcomes = dict(outcomes or {})
        self.security = tuple(tuple(alternative) for alternative in security)

    # -- building the request ------------------------------------------------------------
    def build(
        self,
        config: ClientConfig,
        http: httpx.Client | httpx.AsyncClient,
        values: Sequence[Any],
    ) -> httpx.Request:
        path_values: dict[str, str] = {}
        query: list[tuple[str, str]] = []
        headers: dict[str, str] = {}
        form: list[tuple[str, str]] = []
        files: list[tuple[str, tuple[str | None, Any, str | None]]] = []
        body: Any = None
        has_body = False
        for param, value in zip(self.params, values):
            if isinstance(value, Unset) or (value is None and param.location != "body"):
                continue
            if param.checks is not None:
                param.checks.check(param.wire, value)
            where = param.location
            if where == "body":
                raw = self.send == "binary"
                body, has_body = (value if raw else _encoded(param, value)), True
            elif where == "file":
                files.extend((param.wire, _file_part(item)) for item in _as_list(value))
            else:
                texts = _texts(param, value)
                if where == "path":
                    path_values[param.wire] = texts[0]
                elif where == "query":
                    query.extend((param.wire, text) for text in texts)
                elif where == "header":
                    headers[param.wire] = header_value(param.wire, texts[0])
                else:
                    form.extend((param.wire, text) for text in texts)
        # What the call's arguments set wins over the credential (petstore's deletePet has
        # an `api_key` header parameter beside its `api_key` scheme), which wins over the
        # client's own headers.
        auth_query: list[tuple[str, str]] = []
        auth_headers: dict[str, str] = {}
        config.authorize(self.name, self.security, auth_query, auth_headers)
        named = {name for name, _ in query}
        query.extend((name, value) for name, value in auth_query if name not in named)
        given = {name.lower() for name in headers}
        for extra in (auth_headers, config.headers):
            for name, value in extra.items():
                if name.lower() not in given:
                    headers[name] = value
                    given.add(name.lower())
        if self.accept is not None and "accept" not in given:
            headers["Accept"] = header_value("Accept", self.accept)
        url = config.base_url + _expand(self.path, path_values)
        if query:
            url += "?" + "&".join(f"{_quoted(k)}={_quoted(v)}" for k, v in query)
        content: bytes | None = None
        data: dict[str, list[str]] | None = None
        if self.send == "json" and has_body:
            content = json.dumps(body, ensure_ascii=False, allow_nan=False).encode(
                "utf-8"
            )
        elif self.send == "binary" and has_body:
            content = _raw_bytes(body)
        elif self.send == "text" and has_body:
            content = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        elif self.send == "form":
            data = _grouped(form)
        elif self.send == "multipart":
            # Text fields go as parts without a file name, so the body is multipart even
            # when no file is given.
            files = [(name, (None, text, None)) for name, text in form] + files
        if content is not None:
            media = self.content_type or _DEFAULT_CONTENT_TYPES[self.send]
            headers["Content-Type"] = header_value("Content-Type", media)
        return http.build_request(
            self.method,
            url,
            headers=headers,
            content=content,
            data=data,
            files=files or None,
        )

    # -- reading the response --------------------------------------------------------------
    def outcome(self, status: int) -> Outcome:
        found = self.outcomes.get(str(status)) or self.outcomes.get(
            f"{status // 100}XX"
        )
        if found is None and 200 <= status < 300:
            found = next(
                (o for code, o in self.outcomes.items() if code.startswith("2")), None
            )
        return found or self.outcomes.get("default") or Outcome("any")

    def parse(self, response: httpx.Response) -> ApiResponse[T]:
        success = 200 <= response.status_code < 300
        outcome = self.outcome(response.status_code)
        try:
            parsed = _decode(outcome, response)
        except DecodeError:
            if success:
                raise
            parsed = None
        if not success:
            raise ApiError(
                operation=self.name,
                status_code=response.status_code,
                headers=response.headers,
                content=response.content,
                parsed=parsed,
            )
        return ApiResponse(
            response.status_code, response.headers, response.content, parsed
        )

    # -- calling -----------------------------------------------------------------------------
    def call_detailed(self, client: Client, values: Sequence[Any]) -> ApiResponse[T]:
        request = self.build(client._config, client._http, values)
        response = client._http.send(request)
        response.read()
        return self.parse(response)

    def call(self, client: Client, values: Sequence[Any]) -> T:
        return self.call_detailed(client, values).parsed

    async def acall_detailed(
        self, client: AsyncClient, values: Sequence[Any]
    ) -> ApiResponse[T]:
        request = self.build(client._config, client._http, values)
        response = await client._http.send(request)
        await response.aread()
        return self.parse(response)

    async def acall(self, client: AsyncClient, values: Sequence[Any]) -> T:
        return (await self.acall_detailed(client, values)).parsed

    # -- the other three functions of an operation, made from its `sync` ---------------------
    # Each takes exactly the arguments `sync` takes (ParamSpec keeps them typed), binds them
    # to `sync`'s signature, and sends the same request another way.
    def detailed(
        self, sync: Callable[Concatenate[Client, P], T]
    ) -> Callable[Concatenate[Client, P], ApiResponse[T]]:
        signature = inspect.signature(sync)

        def sync_detailed(
            client: Client, /, *args: P.args, **kwargs: P.kwargs
        ) -> ApiResponse[T]:
            return self.call_detailed(client, _bind(signature, client, args, kwargs))

        return _named(
            sync_detailed,
            sync,
            "and also gives the status code, headers and raw body",
            "Client",
            detailed=True,
        )

    def asynchronous(
        self, sync: Callable[Concatenate[Client, P], T]
    ) -> Callable[Concatenate[AsyncClient, P], Coroutine[Any, Any, T]]:
        signature = inspect.signature(sync)

        async def asyncio(
            client: AsyncClient, /, *args: P.args, **kwargs: P.kwargs
        ) -> T:
            return await self.acall(client, _bind(signature, client, args, kwargs))

        return _named(
            asyncio, sync, "for an `AsyncClient`", "AsyncClient", detailed=False
        )

    def asynchronous_detailed(
        self, sync: Callable[Concatenate[Client, P], T]
    ) -> Callable[Concatenate[AsyncClient, P], Coroutine[Any, Any, ApiResponse[T]]]:
        signature = inspect.signature(sync)

        async def asyncio_detailed(
            client: AsyncClient, /, *args: P.args, **kwargs: P.kwargs
        ) -> ApiResponse[T]:
            return await self.acall_detailed(
                client, _bind(signature, client, args, kwargs)
            )

        return _named(
            asyncio_detailed,
            sync,
            "for an `AsyncClient`, with status and headers",
            "AsyncClient",
            detailed=True,
        )


def _bind(
    signature: inspect.Signature,
    client: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> tuple[Any, ...]:
    bound = signature.bind(client, *args, **kwargs)
    bound.apply_defaults()
    return tuple(bound.arguments.values())[1:]


_F = TypeVar("_F", bound=Callable[..., Any])


def _named(
    function: _F, sync: Callable[..., Any], how: str, client: str, *, detailed: bool
) -> _F:
    """Name, docs and signature for `help()` and IDEs: `sync`'s, with this function's client
    type and result (the ParamSpec types are what type checkers see)."""
    signature = inspect.signature(sync)
    first, *rest = signature.parameters.values()
    result = signature.return_annotation
    if detailed and result is not inspect.Signature.empty:
        result = f"ApiResponse[{result}]"
    function.__module__ = sync.__module__
    function.__qualname__ = function.__name__
    function.__doc__ = f"Like `sync`, {how}."
    function.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[first.replace(annotation=client), *rest], return_annotation=result
    )
    function.__annotations__ = _hints(sync, first.name, client, detailed)
    return function


def _hints(
    sync: Callable[..., Any], first: str, client: str, detailed: bool
) -> dict[str, Any]:
    """Resolved annotations, so `typing.get_type_hints` works on the derived functions too
    (their own module, this one, does not import what `sync`'s annotations name)."""
    from ._client import AsyncClient, Client

    # An annotation that cannot be resolved at run time leaves them out.
    try:
        hints = typing.get_type_hints(sync)
    except Exception:
        return {}
    hints[first] = AsyncClient if client == "AsyncClient" else Client
    if detailed and "return" in hints:
        hints["return"] = typing.cast(Any, ApiResponse)[hints["return"]]
    return hints


def _decode(outcome: Outcome, response: httpx.Response) -> Any:
    if outcome.body == "none":
        return None
    if outcome.body == "binary":
        return response.content
    if outcome.body == "text":
        return response.text
    if outcome.body == "any":
        if not response.content:
            return None
        try:
            return json.loads(response.content)
        except ValueError:
            return response.text
    if not response.content:
        raise DecodeError("$", "the response has no body, but the spec declares one")
    try:
        data = json.loads(response.content)
    except ValueError:
        raise DecodeError("$", "the response body is not JSON") from None
    return data if outcome.codec is None else outcome.codec.decode(data, "$")


def _encoded(param: Param, value: Any) -> Any:
    """A body's JSON; a value its codec refuses is an error that names the parameter."""
    try:
        return param.codec.encode(value, True)
    except Refused as error:
        raise InvalidArgument(f"{param.wire} {error}") from None


def _texts(param: Param, value: Any) -> list[str]:
    """The text(s) a value takes in a URL, header or form, by its collection format."""
    try:
        if not param.styles:
            return [param.codec.text(value)]
        assert isinstance(param.codec, ListOf)
        if param.styles[0] == "multi":
            return [_joined(param.codec.item, param.styles[1:], item) for item in value]
        return [_joined(param.codec, param.styles, value)]
    except Refused as error:
        raise InvalidArgument(f"{param.wire} {error}") from None


def _joined(codec: Codec, styles: tuple[str, ...], value: Any) -> str:
    if not styles:
        return codec.text(value)
    assert isinstance(codec, ListOf)
    separator = _SEPARATORS[styles[0]]
    parts = [_joined(codec.item, styles[1:], item) for item in value]
    return separator.join(part.replace(separator, quote(separator)) for part in parts)


def _expand(template: str, values: Mapping[str, str]) -> str:
    """Substitute path parameters, each percent-encoded so no value can change the path."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise InvalidArgument(f"the path parameter {name!r} is required")
        text = quote(values[name], safe="")
        return text.replace(".", "%2E") if text in (".", "..") else text

    return _TEMPLATE.sub(substitute, template)


def _quoted(text: str) -> str:
    """Percent-encoding for a query name or value: a space is %20, never +."""
    return quote(text, safe="")


def header_value(name: str, text: str) -> str:
    """The one check of every header the client sends (parameters, the client's headers and
    credentials): CR, LF or NUL would end it and start another. The error names the header,
    never the value, which may be a credential."""
    if any(char in name or char in text for char in "\r\n\x00"):
        raise InvalidArgument(
            f"the header {name!r} cannot hold CR, LF or NUL characters"
        )
    # What HTTP forbids besides: h11 would refuse it too, but print the value.
    if _CONTROL.search(text) or text != text.strip(" \t"):
        raise InvalidArgument(
            f"the header {name!r} cannot hold control characters or begin or end with "
            "a space or tab"
        )
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return grouped


def _raw_bytes(value: Any) -> bytes:
    """A binary body as given: bytes, a `File`, or anything with `read()`."""
    if isinstance(value, File):
        value = value.content
    if hasattr(value, "read"):
        value = value.read()
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


def _as_list(value: Any) -> list[Any]:
    """Several files come as a list; a tuple is one file, `(name, content, mime)`."""
    return list(value) if isinstance(value, list) else [value]


def _file_part(value: Any) -> tuple[str | None, Any, str | None]:
    if isinstance(value, File):
        return (value.file_name or "upload", value.content, value.mime_type)
    if isinstance(value, tuple):
        name, content, *rest = value
        return (name, content, rest[0] if rest else None)
    return ("upload", value, None)
