"""Parameters of an operation: path-level ones merged with its own, typed and named."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from . import pointer as jp
from .diagnostics import DiagnosticLog, quote_text
from .model import (
    Binary,
    Constraints,
    EnumRef,
    Literal,
    Nullable,
    Parameter,
    ParamLocation,
    Primitive,
    Scalar,
    TypeRef,
)
from .naming import PARAM_RESERVED, NameScope, identifier, pascal_case
from .schemas import SchemaBuilder

_LOCATIONS = {
    "path": ParamLocation.PATH,
    "query": ParamLocation.QUERY,
    "header": ParamLocation.HEADER,
    "formData": ParamLocation.FORM,
    "body": ParamLocation.BODY,
}
_LOCATION_ORDER = [ParamLocation.PATH, ParamLocation.BODY, ParamLocation.FILE]


class ParameterBuilder:
    """Builds each operation's parameters; their types come from the shared SchemaBuilder, so
    a shared (root) parameter's inline enum or object is one model wherever it is used."""

    def __init__(
        self,
        data: dict[str, Any],
        log: DiagnosticLog,
        schemas: SchemaBuilder,
        *,
        merge_bodies: bool = False,
    ) -> None:
        self.data = data
        self.log = log
        self.schemas = schemas
        self.merge_bodies = merge_bodies

    def build(
        self, item: dict[str, Any], op: dict[str, Any], pointer: str, hint: str
    ) -> tuple[Parameter, ...]:
        """The parameters of `op` at `pointer`, path-level ones overridden by its own, in
        signature order (required first) with unique Python names."""
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        base = jp.split(pointer)[:2]
        for holder, where in ((item, jp.build(base)), (op, pointer)):
            own: set[tuple[str, str]] = set()
            for index, raw in enumerate(_items(holder.get("parameters"))):
                param, param_pointer = dereference(
                    self.data, raw, jp.join(where, "parameters", index)
                )
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
        built = [self._parameter(p, where, hint_for(where, hint)) for p, where in merged.values()]
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
        if "default" in param:
            unused = _unused_default(kind, param["default"], required)
            if unused is None:
                default, has_default = param["default"], True
            else:
                self.log.warning(
                    jp.join(pointer, "default"),
                    f"the default is not applied: {unused}; the argument is sent only "
                    "when given, and the server applies its own default",
                    "parameter-default",
                )
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


def dereference(data: dict[str, Any], node: Any, pointer: str) -> tuple[Any, str]:
    """A parameter or response, following a `$ref`; with the pointer it really has.

    A shared response or parameter is read at its own place, so what it defines inline
    becomes one model, whichever operations use it.
    """
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        target = jp.from_fragment(node["$ref"][1:])
        try:
            return jp.resolve(data, target), target
        except jp.PointerError:
            return None, pointer
    return node, pointer


def hint_for(pointer: str, hint: str) -> str:
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


def _unused_default(kind: TypeRef, value: Literal, required: bool) -> str | None:
    """Why a parameter's default cannot be the argument's Python default, or None if it can.

    Only immutable literals of the declared type can sit in a signature; a list would be one
    shared mutable default, and dates would need parsing the spec's text into code.
    """
    if required:
        return "a default means nothing on a required parameter (Swagger 2.0)"
    if _default_allowed(kind, value):
        return None
    return "only a string, number, boolean or enum default can be an argument's default"


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
    return dataclasses.replace(param, name=name)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
