"""Sample values for test skeletons: the argument as Python code, and what must go on the wire.

Every expectation is computed here, independently of the generated runtime, so a skeleton
that passes shows the runtime sends what the spec says.
"""

from __future__ import annotations

import base64
import math
import re
from dataclasses import dataclass
from typing import Any, assert_never
from urllib.parse import quote

from .escaping import Code, py_literal
from .model import (
    AliasModel,
    AnyValue,
    Api,
    ArrayOf,
    Binary,
    BodyKind,
    Constraints,
    CredentialKind,
    EnumModel,
    EnumRef,
    MapOf,
    ModelRef,
    Nullable,
    ObjectModel,
    Operation,
    ParamLocation,
    Primitive,
    Scalar,
    SendKind,
    TypeRef,
)

_SEPARATORS = {"csv": ",", "ssv": " ", "tsv": "\t", "pipes": "|", "multi": ","}
_STRING_CANDIDATES = ("value 1", "value", "abc", "a", "A", "1", "a1", "A1", "a-1", "x" * 8)
_MAX_DEPTH = 3
_OPTIONAL_DEPTH = 1  # optional fields only on the outermost model, to keep samples small
DEFAULT_TEST_BASE_URL = "https://api.example.test"


class SampleError(Exception):
    """No sample satisfies the schema (an unguessable pattern, a required self-reference)."""


@dataclass(frozen=True)
class Sample:
    code: Code
    data: Any  # the JSON value (for bodies) or the Python-side value for text


@dataclass(frozen=True)
class ExpectedCall:
    """One call of an operation in a test: arguments in, request out, response back."""

    arguments: tuple[tuple[str, Code], ...]
    credentials: tuple[tuple[str, Code], ...]
    method: str
    url: str
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    json_body: Any
    has_json_body: bool
    text_body: str | None
    binary_body: bytes | None
    form: tuple[tuple[str, str], ...]
    multipart: tuple[tuple[str, str | None, bytes], ...]
    classes: tuple[str, ...]
    uses_datetime: bool
    status: int
    response_kind: BodyKind
    response_json: Any
    response_bytes: bytes
    result_class: str | None


class SampleMaker:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.models: dict[str, Any] = {}
        for model in api.models:
            self.models[model.class_name] = model
        self.classes: set[str] = set()
        self.datetime = False

    # -- values ---------------------------------------------------------------------------------
    def sample(
        self, kind: TypeRef, request: bool, depth: int = 0, checks: Constraints | None = None
    ) -> Sample:
        match kind:
            case Primitive(kind=scalar):
                return self._scalar(scalar, checks)
            case ArrayOf(item=item):
                inner = self.sample(item, request, depth + 1)
                count = max(1, checks.min_items or 1) if checks else 1
                return Sample(
                    Code("[" + ", ".join([inner.code] * count) + "]"), [inner.data] * count
                )
            case MapOf(value=value):
                inner = self.sample(value, request, depth + 1)
                return Sample(Code("{'key': " + inner.code + "}"), {"key": inner.data})
            case ModelRef(class_name=name):
                return self._model(name, request, depth)
            case EnumRef(class_name=name):
                model = self.models[name]
                assert isinstance(model, EnumModel)
                member = model.members[0]
                self.classes.add(name)
                return Sample(Code(f"{name}.{member.name}"), member.value)
            case AnyValue():
                return Sample(Code("{'key': 'value'}"), {"key": "value"})
            case Binary():
                data = b"\x00\x01binary"
                return Sample(Code(repr(data)), data)
            case Nullable(inner=inner):
                return self.sample(inner, request, depth, checks)
            case _:
                assert_never(kind)

    def _scalar(self, scalar: Scalar, checks: Constraints | None) -> Sample:
        checks = checks or Constraints()
        if scalar is Scalar.STRING:
            text = _string_for(checks)
            return Sample(py_literal(text), text)
        if scalar is Scalar.INTEGER:
            whole = _whole_number_within(checks)
            return Sample(py_literal(whole), whole)
        if scalar is Scalar.NUMBER:
            number = _number_within(checks)
            return Sample(py_literal(number), number)
        if scalar is Scalar.BOOLEAN:
            return Sample(Code("True"), True)
        if scalar in (Scalar.DATE, Scalar.DATETIME):
            self.datetime = True
        if scalar is Scalar.DATE:
            return Sample(Code("datetime.date(2024, 1, 2)"), "2024-01-02")
        if scalar is Scalar.DATETIME:
            return Sample(
                Code("datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)"),
                "2024-01-02T03:04:05+00:00",
            )
        if scalar is Scalar.BYTE:
            return Sample(Code("b'hello'"), base64.b64encode(b"hello").decode("ascii"))
        assert_never(scalar)

    def _model(self, name: str, request: bool, depth: int) -> Sample:
        model = self.models[name]
        if isinstance(model, AliasModel):
            return self.sample(model.target, request, depth)
        assert isinstance(model, ObjectModel)
        chosen = self._discriminator_value(model)
        if isinstance(chosen, str):
            return self._model(chosen, request, depth)
        self.classes.add(name)
        discriminator_wire = model.discriminator.wire if model.discriminator else None
        args: list[str] = []
        data: dict[str, Any] = {}
        for field in model.fields:
            if field.has_fixed_default:
                data[field.wire] = field.fixed_default
                continue
            if isinstance(chosen, Sample) and field.wire == discriminator_wire:
                args.append(f"{field.name}={chosen.code}")
                data[field.wire] = chosen.data
                continue
            # A read-only field is never sent, so a request sample leaves it out; a response
            # sample must have it when it is required.
            needed = field.required and not (request and field.read_only)
            if not needed and depth >= _OPTIONAL_DEPTH:
                continue
            if depth > _MAX_DEPTH + 2:
                raise SampleError(f"{name} requires itself")
            inner = self.sample(field.type, request, depth + 1)
            args.append(f"{field.name}={inner.code}")
            if not (request and field.read_only):
                data[field.wire] = inner.data
        return Sample(Code(f"{name}(" + ", ".join(args) + ")"), data)

    def _discriminator_value(self, model: ObjectModel) -> Sample | str | None:
        """A discriminator value that keeps decoding on this very class.

        Values the spec maps to subclasses would decode into them; when every value does,
        the sample is of the first subclass instead (returned by name).
        """
        if model.discriminator is None:
            return None
        taken = {value for value, _ in model.discriminator.subtypes}
        field = next((f for f in model.fields if f.wire == model.discriminator.wire), None)
        if field is None:
            return None
        if isinstance(field.type, EnumRef):
            enum = self.models[field.type.class_name]
            for member in enum.members:
                if member.value not in taken:
                    self.classes.add(field.type.class_name)
                    return Sample(Code(f"{field.type.class_name}.{member.name}"), member.value)
            return model.discriminator.subtypes[0][1].class_name if taken else None
        if field.type == Primitive(Scalar.STRING):
            value = model.class_name
            while value in taken:
                value += "Base"
            return Sample(py_literal(value), value)
        return None

    # -- a whole call -----------------------------------------------------------------------------
    def call(self, op: Operation) -> ExpectedCall:
        arguments: list[tuple[str, Code]] = []
        query: list[tuple[str, str]] = []
        headers: list[tuple[str, str]] = []
        form: list[tuple[str, str]] = []
        multipart: list[tuple[str, str | None, bytes]] = []
        path_values: dict[str, str] = {}
        json_body: Any = None
        has_json_body = False
        text_body: str | None = None
        binary_body: bytes | None = None
        self.classes, self.datetime = set(), False
        for param in op.parameters:
            checks = param.constraints
            sample = self.sample(param.type, True, 0, checks)
            arguments.append((param.name, sample.code))
            if param.location is ParamLocation.BODY:
                if op.send is SendKind.TEXT:
                    text_body = str(sample.data)
                elif op.send is SendKind.BINARY:
                    binary_body = sample.data
                else:
                    json_body, has_json_body = sample.data, True
                continue
            if param.location is ParamLocation.FILE:
                multipart.append((param.wire, "upload", sample.data))
                continue
            texts = _texts(param.type, param.styles, sample.data)
            if param.location is ParamLocation.PATH:
                path_values[param.wire] = texts[0]
            elif param.location is ParamLocation.QUERY:
                query += [(param.wire, t) for t in texts]
            elif param.location is ParamLocation.HEADER:
                headers.append((param.wire, texts[0]))
            else:
                form += [(param.wire, t) for t in texts]
        classes, uses_datetime = tuple(sorted(self.classes)), self.datetime
        credentials, auth_query, auth_headers = self._credentials(op)
        # The arguments win over a credential of the same name, as in the runtime.
        named, given = {n for n, _ in query}, {n.lower() for n, _ in headers}
        query += [(n, v) for n, v in auth_query if n not in named]
        headers += [(n, v) for n, v in auth_headers if n.lower() not in given]
        if op.accept is not None:
            headers.append(("Accept", op.accept))
        if has_json_body or text_body is not None or binary_body is not None:
            headers.append(("Content-Type", op.content_type or "application/json"))
        base = self.api.base_url or DEFAULT_TEST_BASE_URL
        url = base + _expand(op.path, path_values)
        if query:
            url += "?" + "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in query)
        if op.send is SendKind.MULTIPART:
            multipart = [(name, None, text.encode()) for name, text in form] + multipart
            form = []
        elif op.send is SendKind.FORM:
            form = _grouped(form)
        status, kind, response_json, response_bytes, result_class = self._response(op)
        return ExpectedCall(
            arguments=tuple(arguments),
            credentials=credentials,
            method=op.method,
            url=url,
            query=tuple(query),
            headers=tuple(headers),
            json_body=json_body,
            has_json_body=has_json_body,
            text_body=text_body,
            binary_body=binary_body,
            form=tuple(form),
            multipart=tuple(multipart),
            classes=classes,
            uses_datetime=uses_datetime,
            status=status,
            response_kind=kind,
            response_json=response_json,
            response_bytes=response_bytes,
            result_class=result_class,
        )

    def credential_arguments(self) -> tuple[tuple[str, Code], ...]:
        """The value every test client gets for each credential argument."""
        return tuple((arg, py_literal(f"secret-{arg}")) for arg in self.api.credential_args)

    def _credentials(
        self, op: Operation
    ) -> tuple[tuple[tuple[str, Code], ...], list[tuple[str, str]], list[tuple[str, str]]]:
        values = {arg: f"secret-{arg}" for arg in self.api.credential_args}
        credentials = self.credential_arguments()
        query: list[tuple[str, str]] = []
        headers: dict[str, str] = {}
        schemes = {scheme.key: scheme for scheme in self.api.security_schemes}
        if op.security:
            for scheme_key in op.security[0]:
                scheme = schemes[scheme_key]
                if scheme.kind is CredentialKind.QUERY:
                    query.append((scheme.wire, values[scheme.args[0]]))
                elif scheme.kind is CredentialKind.HEADER:
                    headers[scheme.wire] = values[scheme.args[0]]
                elif scheme.kind is CredentialKind.BASIC:
                    pair = f"{values[scheme.args[0]]}:{values[scheme.args[1]]}".encode()
                    headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
                else:
                    headers["Authorization"] = "Bearer " + values[scheme.args[0]]
        return credentials, query, list(headers.items())

    def _response(self, op: Operation) -> tuple[int, BodyKind, Any, bytes, str | None]:
        responses = [r for r in op.responses if r.status.startswith("2")]
        if not responses:
            responses = [r for r in op.responses if r.status == "default"]
        if not responses:
            return 200, BodyKind.ANY, {"sample": True}, b"", None
        response = responses[0]
        status = int(response.status) if response.status.isdigit() else 200
        if response.body is BodyKind.JSON and response.type is not None:
            sample = self.sample(response.type, False)
            inner = response.type.inner if isinstance(response.type, Nullable) else response.type
            result_class = None
            if isinstance(inner, ModelRef) and isinstance(
                self.models.get(inner.class_name), ObjectModel
            ):
                result_class = inner.class_name
            return status, BodyKind.JSON, sample.data, b"", result_class
        if response.body is BodyKind.BINARY:
            return status, BodyKind.BINARY, None, b"\x00\xffbinary%PDF", None
        if response.body is BodyKind.TEXT:
            return status, BodyKind.TEXT, "some text", b"", None
        if response.body is BodyKind.NONE:
            return status, BodyKind.NONE, None, b"", None
        return status, BodyKind.ANY, {"sample": True}, b"", None


def _whole_number_within(checks: Constraints) -> int:
    """1, or the whole number nearest it within the bounds (in exact integer arithmetic:
    1e308 + 1 is 1e308 as a float)."""
    value = 1
    low, high = checks.minimum, checks.maximum
    if low is not None and (value < low or (checks.exclusive_minimum and value <= low)):
        value = math.floor(low) + 1 if checks.exclusive_minimum else math.ceil(low)
    if high is not None and (value > high or (checks.exclusive_maximum and value >= high)):
        value = math.ceil(high) - 1 if checks.exclusive_maximum else math.floor(high)
    return value  # outside only if no whole number fits (0 < n < 1)


def _number_within(checks: Constraints) -> int | float:
    """1.5, or the number nearest it within the bounds. A bound written as a whole number
    gives a whole number (exact: float(9007199254740993) is below it)."""
    value: int | float = 1.5
    low, high = checks.minimum, checks.maximum
    if low is not None and (value < low or (checks.exclusive_minimum and value <= low)):
        value = _step(low, checks.exclusive_minimum, math.inf)
    if high is not None and (value > high or (checks.exclusive_maximum and value >= high)):
        value = _step(high, checks.exclusive_maximum, -math.inf)
        if low is not None and (value < low or (checks.exclusive_minimum and value <= low)):
            value = low / 2 + high / 2  # a narrow range: its middle
    return value


def _step(bound: int | float, exclusive: bool, toward: float) -> int | float:
    """The bound itself, or just past it toward `toward` when the bound is exclusive."""
    if not exclusive:
        return bound
    if isinstance(bound, int):
        return bound + (1 if toward > 0 else -1)
    moved = bound + (1 if toward > 0 else -1)
    return moved if moved != bound else math.nextafter(bound, toward)


def _string_for(checks: Constraints) -> str:
    for candidate in _STRING_CANDIDATES:
        text = candidate
        if checks.min_length is not None and len(text) < checks.min_length:
            text = text + "x" * (checks.min_length - len(text))
        if checks.max_length is not None and len(text) > checks.max_length:
            text = text[: checks.max_length]
        if checks.pattern is not None and re.search(checks.pattern, text) is None:
            continue
        return text
    raise SampleError(f"no sample string matches the pattern {checks.pattern!r}")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)


def _texts(kind: TypeRef, styles: tuple[str, ...], value: Any) -> list[str]:
    if not styles:
        return [_text(value)]
    if styles[0] == "multi":
        return [_joined(styles[1:], item) for item in value]
    return [_joined(styles, value)]


def _joined(styles: tuple[str, ...], value: Any) -> str:
    if not styles:
        return _text(value)
    separator = _SEPARATORS[styles[0]]
    parts = [_joined(styles[1:], item) for item in value]
    return separator.join(part.replace(separator, quote(separator)) for part in parts)


def _expand(template: str, values: dict[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        text = quote(values[match.group(1)], safe="")
        return text.replace(".", "%2E") if text in (".", "..") else text

    return re.sub(r"\{([^{}]*)\}", substitute, template)


def _grouped(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    order: list[str] = []
    groups: dict[str, list[str]] = {}
    for name, value in pairs:
        if name not in groups:
            order.append(name)
        groups.setdefault(name, []).append(value)
    return [(name, value) for name in order for value in groups[name]]
