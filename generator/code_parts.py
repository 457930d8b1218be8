"""Small pieces of generated code built from the model: signatures, field and parameter specs.

Each returns `Code` assembled only from escaped parts, so templates can print it unchanged.
"""

from __future__ import annotations

from .escaping import Code, py_identifier, py_literal, py_string, py_tuple
from .model import (
    BodyKind,
    Constraints,
    EnumRef,
    Field,
    Nullable,
    ObjectModel,
    Operation,
    Parameter,
    ParamLocation,
    Response,
)
from .type_code import annotation, codec

_LOCATIONS = {
    ParamLocation.PATH: "path",
    ParamLocation.QUERY: "query",
    ParamLocation.HEADER: "header",
    ParamLocation.FORM: "form",
    ParamLocation.FILE: "file",
    ParamLocation.BODY: "body",
}


def param_annotation(param: Parameter) -> Code:
    if param.location is ParamLocation.FILE:
        base = "File | bytes | tuple[str, bytes, str]"
    else:
        base = annotation(param.type)
    if param.required or param.has_default:
        return Code(base)
    return Code(f"{base} | Unset")


def param_default(param: Parameter) -> Code:
    if param.has_default:
        value = py_literal(param.default)
        if isinstance(param.type, EnumRef):
            return Code(f"{py_identifier(param.type.class_name)}({value})")
        return value
    return Code("UNSET")


def param_spec(param: Parameter) -> Code:
    parts: list[str] = [
        py_string(param.wire),
        py_string(_LOCATIONS[param.location]),
        codec(param.type),
    ]
    if param.styles:
        parts.append("styles=" + py_tuple([py_string(s) for s in param.styles]))
    if not param.constraints.empty:
        parts.append("checks=" + checks_code(param.constraints))
    return Code("_r.Param(" + ", ".join(parts) + ")")


def checks_code(checks: Constraints) -> Code:
    parts = []
    for name in (
        "minimum",
        "maximum",
        "exclusive_minimum",
        "exclusive_maximum",
        "min_length",
        "max_length",
        "pattern",
        "min_items",
        "max_items",
    ):
        value = getattr(checks, name)
        if value is not None and value is not False:
            parts.append(f"{name}={py_literal(value)}")
    return Code("_r.Checks(" + ", ".join(parts) + ")")


def outcome_spec(response: Response) -> Code:
    kind = py_string(response.body.value)
    if response.body is BodyKind.JSON and response.type is not None:
        return Code(f"_r.Outcome({kind}, {codec(response.type)})")
    return Code(f"_r.Outcome({kind})")


def security_code(op: Operation) -> Code:
    return py_tuple(
        [py_tuple([py_string(key) for key in alternative]) for alternative in op.security]
    )


def field_annotation(field: Field) -> Code:
    base = annotation(Nullable(field.type) if field.nullable else field.type)
    if (field.required and not field.read_only) or field.has_fixed_default:
        return Code(base)
    return Code(f"{base} | Unset")


def field_default(field: Field) -> Code | None:
    if field.has_fixed_default:
        value = py_literal(field.fixed_default)
        if isinstance(field.type, EnumRef):
            return Code(f"{py_identifier(field.type.class_name)}({value})")
        return value
    if field.required and not field.read_only:
        return None
    return Code("UNSET")


def field_spec(field: Field) -> Code:
    kind = Nullable(field.type) if field.nullable else field.type
    parts: list[str] = [py_string(field.name), py_string(field.wire), codec(kind)]
    if field.required:
        parts.append("required=True")
    if field.nullable:
        parts.append("nullable=True")
    if field.read_only:
        parts.append("read_only=True")
    return Code("_m.F(" + ", ".join(parts) + ")")


def own_fields(model: ObjectModel) -> tuple[Field, ...]:
    """The fields a subclass must declare: new ones and those whose meaning changes."""
    inherited = set(model.inherited)
    return tuple(f for f in model.fields if f.name not in inherited)
