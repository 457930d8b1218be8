"""Schemas to types: which schema is a primitive, an array, a map, a model or an enum.

Definitions get their class names first, in spec order, so a name never depends on which
reference reached a definition first; inline schemas are named after where they stand.
The classes themselves are built by `model_building`.
"""

from __future__ import annotations

from typing import Any

from . import pointer as jp
from .diagnostics import DiagnosticLog, quote_text
from .model import (
    AliasModel,
    AnyValue,
    ArrayOf,
    Binary,
    EnumRef,
    MapOf,
    ModelDef,
    ModelRef,
    Nullable,
    Primitive,
    Scalar,
    TypeRef,
)
from .model_building import ModelBuilding, _doc_text, _resolve_quiet
from .naming import CLASS_RESERVED, MAX_NAME, NameScope, identifier, pascal_case

# Top-level sections that hold no schemas directly.
_NOT_SCHEMAS = frozenset(
    {"info", "swagger", "host", "basePath", "schemes", "consumes", "produces", "tags"}
    | {"security", "securityDefinitions", "externalDocs"}
)
_FORMATS: dict[tuple[str, str], TypeRef] = {
    ("string", "date"): Primitive(Scalar.DATE),
    ("string", "date-time"): Primitive(Scalar.DATETIME),
    ("string", "byte"): Primitive(Scalar.BYTE),
    ("string", "binary"): Binary(),
}
_SCALARS = {
    "string": Scalar.STRING,
    "integer": Scalar.INTEGER,
    "number": Scalar.NUMBER,
    "boolean": Scalar.BOOLEAN,
}


class SchemaBuilder(ModelBuilding):
    def __init__(
        self,
        data: dict[str, Any],
        log: DiagnosticLog,
        *,
        ignore_invalid_discriminators: bool = False,
    ) -> None:
        self.data = data
        self.log = log
        self.ignore_invalid_discriminators = ignore_invalid_discriminators
        definitions = data.get("definitions")
        self.definitions: dict[str, Any] = definitions if isinstance(definitions, dict) else {}
        self.classes = NameScope(CLASS_RESERVED, fold_case=True)
        self.modules = NameScope({"__init__"}, fold_case=True)
        self.models: dict[str, ModelDef] = {}
        self.names: dict[str, tuple[str, str]] = {}
        self.building: set[str] = set()
        self.alias_types: dict[str, TypeRef] = {}
        self.chain_ends: dict[str, str | None] = {}
        self.subtypes = self._find_subtypes()
        self.definition_enums: dict[tuple[Any, ...], str] = {}
        for name, schema in self.definitions.items():
            if isinstance(schema, dict) and "$ref" not in schema and self._is_enum(schema):
                self.definition_enums.setdefault(_enum_key(schema), name)
        for name in self.definitions:
            self._claim_name(jp.join("/definitions", name), name)

    # -- names ---------------------------------------------------------------------------
    def _claim_name(self, pointer: str, raw: str) -> tuple[str, str]:
        if pointer in self.names:
            return self.names[pointer]
        base = identifier(raw, style="pascal", digit_prefix="Model", empty="Model")
        definition = jp.split(pointer)[:1] == ["definitions"]
        if base.rstrip("_") in CLASS_RESERVED:
            # `Client`, `Exception`, `Any`: names the package or Python already use.
            base = base.rstrip("_") + "Model"
            if definition:
                self.log.warning(
                    pointer,
                    f"{quote_text(raw)} is a name the client or Python already uses; the "
                    f"class is {base!r}",
                    "model-renamed",
                )
        if definition and len(pascal_case(raw)) > MAX_NAME:
            self.log.warning(
                pointer, f"the class name is too long; shortened to {base!r}", "name-shortened"
            )
        class_name = self.classes.claim(base)
        if class_name != base and definition:
            self.log.warning(
                pointer,
                f"the class name {base!r} is taken by another definition (perhaps differing "
                f"only in case); named this one {class_name!r}",
                "model-renamed",
            )
        module = self.modules.claim(
            identifier(
                class_name, style="snake", digit_prefix="model", empty="model", file_name=True
            )
        )
        self.names[pointer] = (class_name, module)
        return class_name, module

    # -- entry points ----------------------------------------------------------------------
    def build_definitions(self) -> None:
        for name in self.definitions:
            self.definition_type(name, jp.join("/definitions", name))

    def all_models(self) -> tuple[ModelDef, ...]:
        return tuple(self.models.values())

    def type_of(self, schema: Any, pointer: str, hint: str) -> TypeRef:
        """The type for a schema; named schemas and inline objects become models."""
        if not isinstance(schema, dict):
            return AnyValue()
        if "$ref" in schema:
            inner = self.ref_type(schema["$ref"], pointer)
            if schema.get("x-nullable") is True and not isinstance(inner, Nullable):
                return Nullable(inner)
            return inner
        kind = self._plain_type(schema, pointer, hint)
        if self._nullable(schema, pointer) and not isinstance(kind, Nullable):
            return Nullable(kind)
        return kind

    def ref_type(self, ref: Any, pointer: str) -> TypeRef:
        target = self._chase(ref)
        if target is None:
            return AnyValue()
        tokens = jp.split(target)
        if len(tokens) == 2 and tokens[0] == "definitions" and tokens[1] in self.definitions:
            return self.definition_type(tokens[1], target)
        schema = _resolve_quiet(self.data, target)
        if not tokens or not isinstance(schema, dict) or tokens[0] in _NOT_SCHEMAS:
            self.log.warning(
                pointer,
                f"the reference {quote_text('#' + target)} does not point to a schema; read "
                "it as any JSON value",
                "ref-not-schema",
            )
            return AnyValue()
        return self.type_of(schema, target, tokens[-1])

    def _chase(self, ref: Any) -> str | None:
        """Where a chain of references ends, without recursion; each link is walked once."""
        walked: list[str] = []
        end: str | None = None
        while isinstance(ref, str) and ref.startswith("#"):
            target = jp.from_fragment(ref[1:])
            if target in self.chain_ends:
                end = self.chain_ends[target]
                break
            if target in walked:
                break
            walked.append(target)
            node = _resolve_quiet(self.data, target)
            if not (isinstance(node, dict) and "$ref" in node):
                end = target
                break
            ref = node["$ref"]
        for pointer in walked:
            self.chain_ends[pointer] = end
        return end

    def definition_type(self, name: str, pointer: str) -> TypeRef:
        schema = self.definitions[name]
        class_name, module = self._claim_name(pointer, name)
        if not isinstance(schema, dict):
            self.log.warning(pointer, "a definition must be a mapping; read as any value", "schema")
            schema = {}
        if "$ref" in schema:
            return self.ref_type(schema["$ref"], pointer)
        if self._is_object_model(schema):
            if pointer not in self.models and pointer not in self.building:
                self._object_model(schema, pointer, class_name, module)
            return self._wrap_nullable(schema, ModelRef(class_name, module), pointer)
        if self._is_enum(schema):
            if pointer not in self.models:
                self._enum_model(schema, pointer, class_name, module)
            return self._wrap_nullable(schema, EnumRef(class_name, module), pointer)
        if pointer in self.alias_types:
            return self.alias_types[pointer]
        if pointer in self.building:
            self.log.warning(
                pointer,
                "this definition contains itself through arrays or maps only; the inner "
                "level is read as any value",
                "recursive-alias",
            )
            return AnyValue()
        self.building.add(pointer)
        try:
            target = self.type_of(schema, pointer, name)
        finally:
            self.building.discard(pointer)
        self.alias_types[pointer] = target
        description = _doc_text(schema)
        if schema.get("x-swaggen-dangling"):
            description = description or "A definition the spec refers to but never defines."
        self.models[pointer] = AliasModel(class_name, module, description, target, pointer)
        return target

    # -- classification ----------------------------------------------------------------------
    def _is_object_model(self, schema: dict[str, Any]) -> bool:
        if "enum" in schema:
            return False
        if isinstance(schema.get("properties"), dict) and schema["properties"]:
            return True
        if isinstance(schema.get("allOf"), list):
            return True
        return bool(schema.get("discriminator"))

    def _is_enum(self, schema: dict[str, Any]) -> bool:
        values = schema.get("enum")
        if not isinstance(values, list) or not values:
            return False
        present = [v for v in values if v is not None]
        if not present:
            return False
        if all(isinstance(v, str) for v in present) or all(isinstance(v, bool) for v in present):
            return True
        if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            return True
        return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present)

    def _nullable(self, schema: dict[str, Any], pointer: str) -> bool:
        if schema.get("x-nullable") is True:
            return True
        if schema.get("nullable") is True:
            self.log.warning(
                pointer,
                "'nullable' is OpenAPI 3; read as x-nullable: true",
                "openapi3-nullable",
            )
            return True
        values = schema.get("enum")
        return isinstance(values, list) and None in values

    def _wrap_nullable(self, schema: dict[str, Any], kind: TypeRef, pointer: str) -> TypeRef:
        return Nullable(kind) if self._nullable(schema, pointer) else kind

    # -- plain types --------------------------------------------------------------------------
    def _plain_type(self, schema: dict[str, Any], pointer: str, hint: str) -> TypeRef:
        kind = schema.get("type")
        if isinstance(kind, list):
            return self._type_list(schema, kind, pointer, hint)
        if self._is_object_model(schema):
            return self._inline_object(schema, pointer, hint)
        if self._is_enum(schema):
            return self._inline_enum(schema, pointer, hint)
        for word in ("oneOf", "anyOf"):
            if isinstance(schema.get(word), list):
                self.log.warning(
                    pointer,
                    f"'{word}' is not Swagger 2.0; read this schema as any JSON value",
                    "openapi3-composition",
                )
                return AnyValue()
        if kind == "array" or (kind is None and "items" in schema):
            items = schema.get("items")
            if isinstance(items, list):
                items = items[0] if len(items) == 1 else {}
            if not isinstance(items, dict):
                self.log.warning(
                    pointer, "an array without items; items read as any value", "items"
                )
                return ArrayOf(AnyValue())
            return ArrayOf(self.type_of(items, jp.join(pointer, "items"), hint + "Item"))
        if kind == "object" or (kind is None and "additionalProperties" in schema):
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                value_hint = hint + "Value"
                return MapOf(
                    self.type_of(extra, jp.join(pointer, "additionalProperties"), value_hint)
                )
            return MapOf(AnyValue())
        if kind == "file":
            return Binary()
        if isinstance(kind, str) and kind in _SCALARS:
            fmt = schema.get("format")
            special: TypeRef | None = _FORMATS.get((kind, fmt)) if isinstance(fmt, str) else None
            if special is not None:
                return special
            return Primitive(_SCALARS[kind])
        if kind is not None and kind != "null":
            self.log.warning(
                pointer, f"unknown type {quote_text(str(kind))}; read as any value", "type"
            )
        return AnyValue()

    def _type_list(
        self, schema: dict[str, Any], kinds: list[Any], pointer: str, hint: str
    ) -> TypeRef:
        real = [k for k in kinds if k != "null"]
        self.log.warning(
            pointer, "'type' as a list is OpenAPI 3.1; read it as one type", "openapi3-type"
        )
        single = dict(schema, type=real[0]) if len(real) == 1 else dict(schema, type=None)
        if len(real) > 1:
            single.pop("type")
        inner = self._plain_type(single, pointer, hint) if len(real) == 1 else AnyValue()
        return Nullable(inner) if "null" in kinds else inner

    # -- inline models --------------------------------------------------------------------------
    def _inline_object(self, schema: dict[str, Any], pointer: str, hint: str) -> TypeRef:
        if pointer in self.names and pointer in self.models:
            class_name, module = self.names[pointer]
            return ModelRef(class_name, module)
        class_name, module = self._claim_name(pointer, hint)
        if pointer not in self.building:
            self._object_model(schema, pointer, class_name, module)
        return ModelRef(class_name, module)

    def _inline_enum(self, schema: dict[str, Any], pointer: str, hint: str) -> TypeRef:
        # An inline enum with exactly the values of a definition's enum is that enum, so a
        # query parameter takes the same `Genre` the models use.
        same = self.definition_enums.get(_enum_key(schema))
        if same is not None and jp.join("/definitions", same) != pointer:
            return self.definition_type(same, jp.join("/definitions", same))
        class_name, module = self._claim_name(pointer, hint)
        if pointer not in self.models:
            self._enum_model(schema, pointer, class_name, module)
        return EnumRef(class_name, module)


def _enum_key(schema: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two enums the same: their values, in order, with their types."""
    values = schema.get("enum")
    if not isinstance(values, list):
        return ()
    return (*((type(v).__name__, v) for v in values), bool(schema.get("x-nullable")))
