"""Paths to operations: names, parameters, request bodies, responses and security."""

from __future__ import annotations

import re
from typing import Any

from . import pointer as jp
from .diagnostics import DiagnosticLog, quote_text
from .model import (
    ArrayOf,
    Binary,
    BodyKind,
    Constraints,
    EnumRef,
    Literal,
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
    TypeRef,
)
from .naming import MAX_NAME, PARAM_RESERVED, NameScope, identifier, pascal_case, snake_case
from .references import METHODS
from .schemas import SchemaBuilder
from .security import SecurityIndex

_JSON_MEDIA = re.compile(r"application/(?:[\w.+-]+\+)?json\b|\*/\*", re.I)
_STATUS = re.compile(r"[1-5][0-9][0-9]\Z")
_STATUS_RANGE = re.compile(r"[1-5]XX\Z", re.I)
_EMPTY_STATUSES = {"204", "205", "304"}
_LOCATIONS = {
    "path": ParamLocation.PATH,
    "query": ParamLocation.QUERY,
    "header": ParamLocation.HEADER,
    "formData": ParamLocation.FORM,
    "body": ParamLocation.BODY,
}
_LOCATION_ORDER = [ParamLocation.PATH, ParamLocation.BODY, ParamLocation.FILE]


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
        self.merge_bodies = merge_bodies
        self.data = data
        self.log = log
        self.schemas = schemas
        self.security = security
        self.consumes = _strings(data.get("consumes"))
        self.produces = _strings(data.get("produces"))

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
        scope = NameScope({"__init__"}, fold_case=True)
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
                    f"operationId {quote_text(text)} gives the name {base!r}, which another "
                    f"operation already has; named it {name!r}",
                    "operation-renamed",
                )
        return names

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
        params = self._parameters(item, op, pointer, hint)
        consumes = _strings(op["consumes"]) if "consumes" in op else self.consumes
        produces = _strings(op["produces"]) if "produces" in op else self.produces
        send, content_type = self._send(params, consumes, pointer)
        op_id = op.get("operationId")
        return Operation(
            name=name,
            operation_id=op_id if isinstance(op_id, str) else "",
            method=method.upper(),
            path=path if path.startswith("/") else "/" + path,
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            deprecated=op.get("deprecated") is True,
            tags=tuple(t for t in op.get("tags", []) if isinstance(t, str)),
            parameters=params,
            send=send,
            content_type=content_type,
            accept=", ".join(produces) if produces else None,
            responses=self._responses(op, pointer, hint, produces),
            security=self.security.for_operation(op, pointer),
            pointer=pointer,
        )

    def _one_body(
        self, merged: dict[tuple[str, str], tuple[dict[str, Any], str]], pointer: str
    ) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
        """Several body parameters (invalid Swagger 2.0) as the fields of one JSON object,
        for `--merge-body-parameters`: the reading their authors evidently meant."""
        bodies = [(key[0], param) for key, (param, _) in merged.items() if key[1] == "body"]
        if len(bodies) < 2:
            return merged
        properties: dict[str, Any] = {}
        for name, param in bodies:
            schema = param.get("schema")
            schema = dict(schema) if isinstance(schema, dict) else {}
            if isinstance(param.get("description"), str) and "$ref" not in schema:
                schema.setdefault("description", param["description"])
            properties[name] = schema
        required = [name for name, param in bodies if param.get("required") is True]
        body: dict[str, Any] = {
            "name": "body",
            "in": "body",
            "required": bool(required),
            "schema": {"type": "object", "properties": properties, "required": required},
        }
        names = ", ".join(quote_text(name) for name, _ in bodies)
        self.log.warning(
            pointer,
            f"{len(bodies)} body parameters ({names}); sent as the fields of one JSON object "
            "(--merge-body-parameters)",
            "body-merged",
        )
        result: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for key, value in merged.items():
            if key[1] != "body":
                result[key] = value
            elif ("body", "body") not in result:
                result[("body", "body")] = (body, value[1])
        return result

    def _parameters(
        self, item: dict[str, Any], op: dict[str, Any], pointer: str, hint: str
    ) -> tuple[Parameter, ...]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        base = jp.split(pointer)[:2]
        for holder, where in ((item, jp.build(base)), (op, pointer)):
            own: set[tuple[str, str]] = set()
            for index, raw in enumerate(_items(holder.get("parameters"))):
                param, param_pointer = self._deref(raw, jp.join(where, "parameters", index))
                if not isinstance(param, dict) or param.get("x-swaggen-skip"):
                    continue
                name, where_in = param.get("name"), param.get("in")
                if not isinstance(name, str) or where_in not in _LOCATIONS:
                    continue
                key = (name, str(where_in))
                if key in own:
                    self.log.warning(
                        param_pointer,
                        f"parameter {quote_text(key[0])} (in: {key[1]}) is declared twice; "
                        "the last one is used",
                        "duplicate-parameter",
                    )
                own.add(key)
                merged[key] = (param, param_pointer)
        if self.merge_bodies:
            merged = self._one_body(merged, pointer)
        built = [self._parameter(p, where, _hint(where, hint)) for p, where in merged.values()]
        bodies = [p for p in built if p.location is ParamLocation.BODY]
        forms = [p for p in built if p.location in (ParamLocation.FORM, ParamLocation.FILE)]
        if len(bodies) > 1:
            self.log.error(
                pointer,
                "an operation can have only one body parameter (or pass "
                "--merge-body-parameters to send them as the fields of one JSON object)",
                "body",
            )
        if bodies and forms:
            self.log.error(
                pointer, "an operation cannot have both a body and formData parameters", "body"
            )
        ordered = sorted(built, key=_parameter_rank)
        wires = [p.wire for p in ordered]
        candidates = [
            identifier(
                p.wire,
                style="snake",
                digit_prefix="param",
                # Only a body's name may be empty (normalize skips the others, with a
                # warning): it is not sent, and the argument is the body.
                empty="body" if p.location is ParamLocation.BODY else "param",
                reserved=PARAM_RESERVED,
            )
            for p in ordered
        ]
        names = NameScope(PARAM_RESERVED).claim_all(candidates, wires)
        return tuple(_renamed(p, n) for p, n in zip(ordered, names, strict=False))

    def _deref(self, node: Any, pointer: str) -> tuple[Any, str]:
        """A parameter or response, following a `$ref`; with the pointer it really has.

        A shared response or parameter is read at its own place, so what it defines inline
        becomes one model, whichever operations use it.
        """
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            target = jp.from_fragment(node["$ref"][1:])
            try:
                return jp.resolve(self.data, target), target
            except jp.PointerError:
                return None, pointer
        return node, pointer

    def _parameter(self, param: dict[str, Any], pointer: str, hint: str) -> Parameter:
        wire = param["name"]
        location = _LOCATIONS[param["in"]]
        description = _text(param.get("description"))
        required = param.get("required") is True
        shared = jp.split(pointer)[:1] == ["parameters"]
        type_hint = hint if shared else hint + (pascal_case(wire) or "Param")
        if location is ParamLocation.BODY:
            kind = self.schemas.type_of(
                param.get("schema"), jp.join(pointer, "schema"), hint + "Body"
            )
            return Parameter("", wire, location, kind, required, description)
        if location is ParamLocation.FORM and param.get("type") == "file":
            return Parameter("", wire, ParamLocation.FILE, Binary(), required, description)
        kind = self.schemas.type_of(_simple_schema(param), pointer, type_hint)
        if isinstance(kind, Nullable):
            kind = kind.inner
        default, has_default = None, False
        if "default" in param and not required and _default_allowed(kind, param["default"]):
            default, has_default = param["default"], True
        return Parameter(
            name="",
            wire=wire,
            location=location,
            type=kind,
            required=required,
            description=description,
            styles=_styles(param),
            constraints=_constraints(param),
            default=default,
            has_default=has_default,
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
            response, where = self._deref(raw, where)
            if not isinstance(response, dict):
                response = {}
            found.append(self._response(status, response, where, _hint(where, hint), produces))
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


def _hint(pointer: str, hint: str) -> str:
    """Names for what a shared (root) parameter or response defines come from its own name."""
    tokens = jp.split(pointer)
    if len(tokens) == 2 and tokens[0] in ("parameters", "responses"):
        return pascal_case(tokens[1]) or hint
    return hint


def _simple_schema(param: dict[str, Any]) -> dict[str, Any]:
    """A non-body parameter read as a schema (Swagger 2.0 shares the vocabulary)."""
    return {k: v for k, v in param.items() if k not in ("name", "in", "required", "default")}


def _styles(param: dict[str, Any]) -> tuple[str, ...]:
    styles: list[str] = []
    node: Any = param
    while isinstance(node, dict) and node.get("type") == "array":
        fmt = node.get("collectionFormat", "csv")
        styles.append(fmt if isinstance(fmt, str) else "csv")
        node = node.get("items")
    if styles[1:] and "multi" in styles[1:]:
        styles = [styles[0]] + ["csv" if s == "multi" else s for s in styles[1:]]
    return tuple(styles)


def _constraints(param: dict[str, Any]) -> Constraints:
    def number(key: str) -> float | None:
        value = param.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return value

    def count(key: str) -> int | None:
        value = param.get(key)
        return (
            value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
        )

    pattern = param.get("pattern")
    if isinstance(pattern, str):
        try:
            re.compile(pattern)
        except re.error:
            pattern = None
    return Constraints(
        minimum=number("minimum"),
        maximum=number("maximum"),
        exclusive_minimum=param.get("exclusiveMinimum") is True,
        exclusive_maximum=param.get("exclusiveMaximum") is True,
        min_length=count("minLength"),
        max_length=count("maxLength"),
        pattern=pattern if isinstance(pattern, str) else None,
        min_items=count("minItems"),
        max_items=count("maxItems"),
    )


def _default_allowed(kind: TypeRef, value: Literal) -> bool:
    """Only defaults that are plain literals of the declared type become Python defaults."""
    match kind:
        case Primitive(kind=Scalar.STRING):
            return isinstance(value, str)
        case Primitive(kind=Scalar.INTEGER):
            return isinstance(value, int) and not isinstance(value, bool)
        case Primitive(kind=Scalar.NUMBER):
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        case Primitive(kind=Scalar.BOOLEAN):
            return isinstance(value, bool)
        case EnumRef():
            return isinstance(value, (str, int, float)) and not isinstance(value, bool)
        case _:
            return False


def _parameter_rank(param: Parameter) -> int:
    if param.location in _LOCATION_ORDER:
        return _LOCATION_ORDER.index(param.location)
    return 3 if param.required else 4


def _renamed(param: Parameter, name: str) -> Parameter:
    return Parameter(
        name=name,
        wire=param.wire,
        location=param.location,
        type=param.type,
        required=param.required,
        description=param.description,
        styles=param.styles,
        constraints=param.constraints,
        default=param.default,
        has_default=param.has_default,
    )


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
