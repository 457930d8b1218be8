"""Types as code: annotations, codecs and the imports they need, matched exhaustively."""

from __future__ import annotations

from typing import assert_never

from .escaping import Code
from .model import (
    AnyValue,
    ArrayOf,
    Binary,
    EnumRef,
    MapOf,
    ModelRef,
    Nullable,
    Primitive,
    Scalar,
    TypeRef,
)

_ANNOTATIONS = {
    Scalar.STRING: "str",
    Scalar.INTEGER: "int",
    Scalar.NUMBER: "float",
    Scalar.BOOLEAN: "bool",
    Scalar.DATE: "datetime.date",
    Scalar.DATETIME: "datetime.datetime",
    Scalar.BYTE: "bytes",
}
_CODECS = {
    Scalar.STRING: "_c.STRING",
    Scalar.INTEGER: "_c.INTEGER",
    Scalar.NUMBER: "_c.NUMBER",
    Scalar.BOOLEAN: "_c.BOOLEAN",
    Scalar.DATE: "_c.DATE",
    Scalar.DATETIME: "_c.DATETIME",
    Scalar.BYTE: "_c.BYTE",
}


def annotation(kind: TypeRef) -> Code:
    match kind:
        case Primitive(kind=scalar):
            return Code(_ANNOTATIONS[scalar])
        case ArrayOf(item=item):
            return Code(f"list[{annotation(item)}]")
        case MapOf(value=value):
            return Code(f"dict[str, {annotation(value)}]")
        case ModelRef(class_name=name) | EnumRef(class_name=name):
            return Code(name)
        case AnyValue():
            return Code("Any")
        case Binary():
            return Code("bytes")
        case Nullable(inner=inner):
            return Code(f"{annotation(inner)} | None")
        case _:
            assert_never(kind)


def codec(kind: TypeRef) -> Code:
    match kind:
        case Primitive(kind=scalar):
            return Code(_CODECS[scalar])
        case ArrayOf(item=item):
            return Code(f"_c.ListOf({codec(item)})")
        case MapOf(value=value):
            return Code(f"_c.MapOf({codec(value)})")
        case ModelRef(class_name=name):
            return Code(f"_c.ModelOf({name})")
        case EnumRef(class_name=name):
            return Code(f"_c.EnumOf({name})")
        case AnyValue():
            return Code("_c.ANY")
        case Binary():
            return Code("_c.BINARY")
        case Nullable(inner=inner):
            return Code(f"_c.Nullable({codec(inner)})")
        case _:
            assert_never(kind)


def uses_datetime(kind: TypeRef) -> bool:
    match kind:
        case Primitive(kind=scalar):
            return scalar in (Scalar.DATE, Scalar.DATETIME)
        case ArrayOf(item=inner) | MapOf(value=inner) | Nullable(inner=inner):
            return uses_datetime(inner)
        case ModelRef() | EnumRef() | AnyValue() | Binary():
            return False
        case _:
            assert_never(kind)


def uses_any(kind: TypeRef) -> bool:
    match kind:
        case AnyValue():
            return True
        case ArrayOf(item=inner) | MapOf(value=inner) | Nullable(inner=inner):
            return uses_any(inner)
        case Primitive() | ModelRef() | EnumRef() | Binary():
            return False
        case _:
            assert_never(kind)


def class_refs(kind: TypeRef) -> list[ModelRef | EnumRef]:
    match kind:
        case ModelRef() | EnumRef():
            return [kind]
        case ArrayOf(item=inner) | MapOf(value=inner) | Nullable(inner=inner):
            return class_refs(inner)
        case Primitive() | AnyValue() | Binary():
            return []
        case _:
            assert_never(kind)
