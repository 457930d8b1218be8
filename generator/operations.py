"""Paths to operations: names, request bodies, responses and security (parameters: see
parameter_building)."""

from __future__ import annotations

import re
from typing import Any

from . import pointer as jp
from .diagnostics import DiagnosticLog, quote_text
from .model import (
    ArrayOf,
    Binary,
    BodyKind,
    EnumRef,
    MapOf,
    ModelRef,
    Nullable,
    Operation,
    Parameter,
    ParamLocation,
    Primitive,
    Response,
    Scalar,
    SendKind,
)
from .naming import MAX_NAME, NameScope, identifier, pascal_case, snake_case
from .normalize import CONTROL_CHARS
from .parameter_building import ParameterBuilder, dereference, hint_for
from .references import METHODS
from .schemas import SchemaBuilder
from .security import SecurityIndex

_JSON_MEDIA = re.compile(r"application/(?:[\w.+-]+\+)?json\b|\*/\*", re.I)
_JSON_ONLY = re.compile(r"application/(?:[\w.+-]+\+)?json\b", re.I)
_STATUS = re.compile(r"[1-5][0-9][0-9]\Z")
_STATUS_RANGE = re.compile(r"[1-5]XX\Z", re.I)
_TEMPLATE_PART = re.compile(r"(\{[^{}]*\})")
_EMPTY_STATUSES = {"204", "205", "304"}


class OperationBuilder:
    def __init__(
        self,
        data: dict[str, Any],
        log: DiagnosticLog,
        schemas: SchemaBuilder,
        security: SecurityIndex,
        *,
        rename_duplicates: bool = False,
        merge_bodies: bool = False,
    ) -> None:
        self.rename_duplicates = rename_duplicates
        self.parameters = ParameterBuilder(data, log, schemas, merge_bodies=merge_bodies)
        self.data = data
        self.log = log
        self.schemas = schemas
        self.security = security
        self.consumes = self._media_types(data.get("consumes"), "/consumes")
        self.produces = self._media_types(data.get("produces"), "/produces")

    def build_all(self) -> tuple[Operation, ...]:
        raw = self._collect()
        self.duplicates = self._check_duplicate_ids(raw)
        names = self._names(raw)
        return tuple(
            self._operation(path, method, item, op, pointer, name)
            for (path, method, item, op, pointer), name in zip(raw, names, strict=False)
        )

    # -- discovery and naming -----------------------------------------------------------------
    def _collect(self) -> list[tuple[str, str, dict[str, Any], dict[str, Any], str]]:
        found = []
        paths = self.data.get("paths")
        for path, item in (paths.items() if isinstance(paths, dict) else []):
            if path.startswith("x-") or not isinstance(item, dict):
                continue
            for method in item:
                if method in METHODS and isinstance(item[method], dict):
                    pointer = jp.join("/paths", path, method)
                    found.append((path, method, item, item[method], pointer))
        return found

    def _check_duplicate_ids(
        self, raw: list[tuple[str, str, Any, dict[str, Any], str]]
    ) -> set[str]:
        seen: dict[str, list[str]] = {}
        for _, _, _, op, pointer in raw:
            op_id = op.get("operationId")
            if isinstance(op_id, str) and op_id:
                seen.setdefault(op_id, []).append(jp.join(pointer, "operationId"))
        for op_id, pointers in seen.items():
            if len(pointers) > 1 and self.rename_duplicates:
                self.log.warning(
                    pointers[0],
                    f"operationId {quote_text(op_id)} is used {len(pointers)} times: "
                    + ", ".join("#" + p for p in pointers)
                    + "; the later ones get suffixes in spec order (--rename-duplicate-ids)",
                    "duplicate-operation-id",
                )
            elif len(pointers) > 1:
                for where in pointers:
                    self.log.error(
                        where,
                        f"operationId {quote_text(op_id)} is used {len(pointers)} times: "
                        + ", ".join("#" + p for p in pointers)
                        + "; Swagger 2.0 requires operationIds to be unique (or pass "
                        "--rename-duplicate-ids)",
                        "duplicate-operation-id",
                    )
        if self.rename_duplicates:
            return set()
        return {op_id for op_id, pointers in seen.items() if len(pointers) > 1}

    def _names(self, raw: list[tuple[str, str, Any, dict[str, Any], str]]) -> list[str]:
        """Explicit operationIds claim their names first, then names derived from method+path."""
        # `models`: its tests would be tests/test_models.py, the models' own tests.
        scope = NameScope({"__init__", "models"}, fold_case=True)
        wanted: list[tuple[int, str, bool]] = []
        for index, (path, method, _, op, _) in enumerate(raw):
            op_id = op.get("operationId")
            if isinstance(op_id, str) and op_id.strip():
                wanted.append((index, op_id, True))
            else:
                words = path.strip("/") or "root"
                wanted.append((index, f"{method} {words}", False))
        names: list[str] = [""] * len(raw)
        order = [w for w in wanted if w[2]] + [w for w in wanted if not w[2]]
        for index, text, explicit in order:
            base = identifier(
                text, style="snake", digit_prefix="op", empty="operation", file_name=True
            )
            name = scope.claim(base)
            if len(snake_case(text)) > MAX_NAME:
                self.log.warning(
                    raw[index][4],
                    f"the operation name is too long for a file; shortened to {base!r}",
                    "name-shortened",
                )
            names[index] = name
            pointer = raw[index][4]
            if not explicit:
                self.log.warning(
                    pointer,
                    f"the operation has no operationId; named it {name!r} from its method "
                    "and path",
                    "operation-id-derived",
                )
            elif name != base and text not in self.duplicates:
                self.log.warning(
                    jp.join(pointer, "operationId"),
                    f"operationId {quote_text(text)} gives the name {base!r}, which "
                    + (
                        "the models' own tests need (tests/test_models.py)"
                        if base == "models"
                        else "another operation already has"
                    )
                    + f"; named it {name!r}",
                    "operation-renamed",
                )
        return names

    def _media_types(self, value: Any, pointer: str) -> list[str]:
        """The media types that can go into a Content-Type or Accept header; one holding a
        control character (CR LF would start another header) is dropped with a warning."""
        found: list[str] = []
        for index, written in enumerate(_strings(value)):
            # Outer spaces mean nothing in a media type, and no header value may hold them.
            media = written.strip(" \t")
            if CONTROL_CHARS.search(media):
                self.log.warning(
                    jp.join(pointer, str(index)),
                    f"the media type {quote_text(media)} holds control characters and can "
                    "never be sent in a header; ignored it",
                    "media-type",
                )
            else:
                found.append(media)
        return found

    # -- one operation --------------------------------------------------------------------------
    def _operation(
        self,
        path: str,
        method: str,
        item: dict[str, Any],
        op: dict[str, Any],
        pointer: str,
        name: str,
    ) -> Operation:
        hint = pascal_case(name) or "Operation"
        params = self.parameters.build(item, op, pointer, hint)
        consumes = self.consumes
        if "consumes" in op:
            consumes = self._media_types(op["consumes"], jp.join(pointer, "consumes"))
        produces = self.produces
        if "produces" in op:
            produces = self._media_types(op["produces"], jp.join(pointer, "produces"))
        send, content_type = self._send(params, consumes, pointer)
        op_id = op.get("operationId")
        responses = self._responses(op, pointer, hint, produces)
        return Operation(
            name=name,
            operation_id=op_id if isinstance(op_id, str) else "",
            method=method.upper(),
            path=_sendable_path(path),
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            deprecated=op.get("deprecated") is True,
            tags=tuple(t for t in op.get("tags", []) if isinstance(t, str)),
            parameters=params,
            send=send,
            content_type=content_type,
            accept=_accept(produces, responses),
            responses=responses,
            security=self.security.for_operation(op, pointer),
            pointer=pointer,
        )

    def _send(
        self, params: tuple[Parameter, ...], consumes: list[str], pointer: str
    ) -> tuple[SendKind, str | None]:
        locations = {p.location for p in params}
        if ParamLocation.FILE in locations:
            return SendKind.MULTIPART, None
        if ParamLocation.FORM in locations:
            if "multipart/form-data" in consumes and (
                "application/x-www-form-urlencoded" not in consumes
            ):
                return SendKind.MULTIPART, None
            return SendKind.FORM, None
        if ParamLocation.BODY not in locations:
            return SendKind.NONE, None
        body = next(p for p in params if p.location is ParamLocation.BODY)
        if isinstance(body.type, Binary):
            raw = [c for c in consumes if not _JSON_MEDIA.search(c) and "form" not in c]
            return SendKind.BINARY, raw[0] if raw else "application/octet-stream"
        json_types = [c for c in consumes if _JSON_MEDIA.search(c) and c != "*/*"]
        if json_types:
            return SendKind.JSON, json_types[0]
        text_types = [c for c in consumes if c.startswith("text/")]
        if text_types and body.type == Primitive(Scalar.STRING):
            return SendKind.TEXT, text_types[0]
        if consumes and "*/*" not in consumes:
            self.log.warning(
                pointer,
                "consumes lists no JSON media type ("
                + ", ".join(quote_text(c, 40) for c in consumes[:3])
                + "); the body is sent as application/json",
                "consumes",
            )
        return SendKind.JSON, "application/json"

    def _responses(
        self, op: dict[str, Any], pointer: str, hint: str, produces: list[str]
    ) -> tuple[Response, ...]:
        found: list[Response] = []
        responses = op.get("responses")
        for code, raw in (responses.items() if isinstance(responses, dict) else []):
            if code.startswith("x-"):
                continue
            where = jp.join(pointer, "responses", code)
            status = code.upper() if _STATUS_RANGE.match(code) else code
            if _STATUS_RANGE.match(code):
                self.log.warning(
                    where,
                    f"{quote_text(code)} is an OpenAPI 3 status range; read it as any "
                    f"{code[0]}xx status",
                    "status-range",
                )
            if not (status == "default" or _STATUS.match(status) or _STATUS_RANGE.match(status)):
                self.log.warning(
                    where, f"{quote_text(code)} is not an HTTP status code; ignored", "status"
                )
                continue
            response, where = dereference(self.data, raw, where)
            if not isinstance(response, dict):
                response = {}
            found.append(self._response(status, response, where, hint_for(where, hint), produces))
        return tuple(found)

    def _response(
        self, status: str, response: dict[str, Any], pointer: str, hint: str, produces: list[str]
    ) -> Response:
        description = _text(response.get("description"))
        schema = response.get("schema")
        if not isinstance(schema, dict):
            body = BodyKind.NONE if status in _EMPTY_STATUSES else BodyKind.ANY
            return Response(status, description, body, None)
        suffix = "" if status.startswith("2") and status != "default" else status.title()
        kind = self.schemas.type_of(schema, jp.join(pointer, "schema"), hint + "Response" + suffix)
        inner = kind.inner if isinstance(kind, Nullable) else kind
        if isinstance(inner, Binary):
            return Response(status, description, BodyKind.BINARY, None)
        json_ok = not produces or any(_JSON_MEDIA.search(p) for p in produces)
        if json_ok:
            return Response(status, description, BodyKind.JSON, kind)
        if inner == Primitive(Scalar.STRING) and any(p.startswith("text/") for p in produces):
            return Response(status, description, BodyKind.TEXT, None)
        if any(p.startswith("text/") or p.endswith("xml") for p in produces) and not isinstance(
            inner, (ModelRef, ArrayOf, MapOf, EnumRef)
        ):
            return Response(status, description, BodyKind.TEXT, None)
        if any(p.endswith("xml") or p.startswith("text/") for p in produces):
            self.log.warning(
                pointer,
                "the response is " + ", ".join(produces[:3]) + ", which swaggen does not decode; "
                "the call returns the body as text",
                "produces",
            )
            return Response(status, description, BodyKind.TEXT, None)
        return Response(status, description, BodyKind.BINARY, None)


def _accept(produces: list[str], responses: tuple[Response, ...]) -> str | None:
    """The Accept header: where the client decodes JSON, JSON first and the rest at a lower
    q, since a server given `application/xml, application/json` (the petstore's order)
    answers in XML; otherwise the spec's order."""
    if not produces:
        return None
    json_types = [media for media in produces if _JSON_ONLY.search(media)]
    decodes_json = any(
        r.body in (BodyKind.JSON, BodyKind.ANY)
        for r in responses
        if r.status.startswith("2") or r.status == "default"
    )
    if not json_types or not decodes_json or len(json_types) == len(produces):
        return ", ".join(produces)
    others = [
        m if ";q=" in m.replace(" ", "") else m + ";q=0.5" for m in produces if m not in json_types
    ]
    return ", ".join(json_types + others)


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _sendable_path(path: str) -> str:
    """The path as sent: with its leading '/', and control characters, which no URL can hold,
    percent-encoded outside template variables (normalize warns about both)."""
    parts = _TEMPLATE_PART.split(path if path.startswith("/") else "/" + path)
    return "".join(
        part if index % 2 else CONTROL_CHARS.sub(lambda m: f"%{ord(m.group()):02X}", part)
        for index, part in enumerate(parts)
    )
