"""Schemas to types and models: definitions, inline objects, enums, allOf and discriminators.

Definitions get their class names first, in spec order, so a name never depends on which
reference reached a definition first; inline schemas are named after where they stand.
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
    Discriminator,
    EnumMember,
    EnumModel,
    EnumRef,
    Field,
    MapOf,
    ModelDef,
    ModelRef,
    Nullable,
    ObjectModel,
    Primitive,
    Scalar,
    TypeRef,
)
from .naming import (
    CLASS_RESERVED,
    ENUM_MEMBER_RESERVED,
    FIELD_RESERVED,
    NameScope,
    identifier,
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


def referenced_names(kind: TypeRef) -> set[str]:
    """Class names a type annotation mentions, so field names can avoid shadowing them."""
    match kind:
        case ModelRef(class_name=name) | EnumRef(class_name=name):
            return {name}
        case ArrayOf(item=inner) | MapOf(value=inner) | Nullable(inner=inner):
            return referenced_names(inner)
        case Primitive() | AnyValue() | Binary():
            return set()


class SchemaBuilder:
    def __init__(self, data: dict[str, Any], log: DiagnosticLog) -> None:
        self.data = data
        self.log = log
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
        for name in self.definitions:
            self._claim_name(jp.join("/definitions", name), name)

    # -- names ---------------------------------------------------------------------------
    def _claim_name(self, pointer: str, raw: str) -> tuple[str, str]:
        if pointer in self.names:
            return self.names[pointer]
        base = identifier(raw, style="pascal", digit_prefix="Model", empty="Model")
        class_name = self.classes.claim(base)
        module = self.modules.claim(
            identifier(class_name, style="snake", digit_prefix="model", empty="model")
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
        try:
            schema = jp.resolve(self.data, target)
        except jp.PointerError:
            return AnyValue()
        return self.type_of(schema, target, tokens[-1] if tokens else "Model")

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
        if all(isinstance(v, str) for v in present):
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
            if kind == "boolean" and "enum" in schema:
                return Primitive(Scalar.BOOLEAN)
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
        class_name, module = self._claim_name(pointer, hint)
        if pointer not in self.models:
            self._enum_model(schema, pointer, class_name, module)
        return EnumRef(class_name, module)

    def _enum_model(
        self, schema: dict[str, Any], pointer: str, class_name: str, module: str
    ) -> None:
        values = [v for v in schema["enum"] if v is not None]
        if all(isinstance(v, str) for v in values):
            base = "str"
        elif all(isinstance(v, int) for v in values):
            base = "int"
        else:
            base = "float"
            values = [float(v) for v in values]
        unique: list[str | int | float] = []
        for value in values:
            if value not in unique:
                unique.append(value)
        originals = [str(v) for v in unique]
        candidates = [
            identifier(
                _member_text(value),
                style="upper",
                digit_prefix="V",
                empty="EMPTY",
                reserved=ENUM_MEMBER_RESERVED,
            )
            for value in unique
        ]
        names = NameScope().claim_all(candidates, originals)
        members = tuple(EnumMember(n, v) for n, v in zip(names, unique, strict=False))
        description = _doc_text(schema)
        self.models[pointer] = EnumModel(class_name, module, description, base, members, pointer)

    def _object_model(
        self, schema: dict[str, Any], pointer: str, class_name: str, module: str
    ) -> None:
        self.building.add(pointer)
        try:
            merged = self._merge(schema, pointer, set())
            base = self._base_of(schema, pointer)
            discriminator = self._discriminator(schema, pointer, merged)
            fields = self._fields(merged, pointer, class_name)
            inherited: tuple[Field, ...] = ()
            if base is not None:
                base_model = self.models.get(base[1])
                if isinstance(base_model, ObjectModel):
                    inherited = base_model.fields
            fields = self._with_discriminator_default(fields, pointer)
            extra = self._extra(merged, pointer, class_name)
            self.models[pointer] = ObjectModel(
                class_name=class_name,
                module=module,
                description=_doc_text(schema),
                fields=fields,
                base=base[0] if base is not None else None,
                inherited=tuple(f.name for f in fields if f in inherited),
                extra=extra,
                discriminator=discriminator,
                pointer=pointer,
            )
        finally:
            self.building.discard(pointer)

    def _base_of(self, schema: dict[str, Any], pointer: str) -> tuple[ModelRef, str] | None:
        """The first allOf part that is a reference to an object definition: the base class."""
        for part in _items(schema.get("allOf")):
            if not isinstance(part, dict) or not isinstance(part.get("$ref"), str):
                continue
            target = jp.from_fragment(part["$ref"][1:])
            tokens = jp.split(target)
            if len(tokens) != 2 or tokens[0] != "definitions":
                continue
            definition = self.definitions.get(tokens[1])
            if not isinstance(definition, dict) or not self._is_object_model(definition):
                continue
            if target in self.building:
                return None
            kind = self.definition_type(tokens[1], target)
            if isinstance(kind, Nullable):
                kind = kind.inner
            if isinstance(kind, ModelRef):
                return kind, target
        return None

    def _merge(self, schema: dict[str, Any], pointer: str, seen: set[str]) -> dict[str, Any]:
        """One flat schema for an allOf: properties in order, `required` as the union."""
        properties: dict[str, tuple[Any, str]] = {}
        required: list[str] = []
        extra: Any = None
        for index, part in enumerate(_items(schema.get("allOf"))):
            part_pointer = jp.join(pointer, "allOf", index)
            resolved, where = self._follow(part, part_pointer)
            if where in seen:
                self.log.error(part_pointer, "allOf includes itself", "allof-cycle")
                continue
            if not isinstance(resolved, dict):
                continue
            inner = self._merge(resolved, where, seen | {where})
            properties.update(inner["properties"])
            required += [r for r in inner["required"] if r not in required]
            if inner["extra"] is not None:
                extra = inner["extra"]
        for name, child in _mapping(schema.get("properties")):
            properties[name] = (child, jp.join(pointer, "properties", name))
        required += [
            r for r in _items(schema.get("required")) if isinstance(r, str) and r not in required
        ]
        if "additionalProperties" in schema:
            extra = (schema["additionalProperties"], jp.join(pointer, "additionalProperties"))
        return {"properties": properties, "required": required, "extra": extra}

    def _follow(self, schema: Any, pointer: str) -> tuple[Any, str]:
        seen = {pointer}
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            target = jp.from_fragment(schema["$ref"][1:])
            if target in seen:
                return None, target
            seen.add(target)
            try:
                schema = jp.resolve(self.data, target)
            except jp.PointerError:
                return None, target
            pointer = target
        return schema, pointer

    def _fields(self, merged: dict[str, Any], pointer: str, class_name: str) -> tuple[Field, ...]:
        required = set(merged["required"])
        built: list[tuple[str, Any, TypeRef, str]] = []
        for wire, (schema, where) in merged["properties"].items():
            hint = class_name + identifier(wire, style="pascal", digit_prefix="F", empty="Field")
            built.append((wire, schema, self.type_of(schema, where, hint), where))
        for name in merged["required"]:
            if name not in merged["properties"]:
                self.log.warning(
                    jp.join(pointer, "required"),
                    f"required property {quote_text(name)} is not declared; assumed any value",
                    "required-undeclared",
                )
                built.append((name, {}, AnyValue(), pointer))
        used: set[str] = set()
        for _, _, kind, _ in built:
            used |= referenced_names(kind)
        scope = NameScope(FIELD_RESERVED | used)
        wires = [wire for wire, _, _, _ in built]
        candidates = [
            identifier(
                w, style="keep", digit_prefix="field", empty="field", reserved=FIELD_RESERVED | used
            )
            for w in wires
        ]
        names = scope.claim_all(candidates, wires)
        fields = []
        for name, (wire, schema, kind, _) in zip(names, built, strict=False):
            nullable = isinstance(kind, Nullable)
            read_only = isinstance(schema, dict) and schema.get("readOnly") is True
            fields.append(
                Field(
                    name=name,
                    wire=wire,
                    type=kind.inner if isinstance(kind, Nullable) else kind,
                    required=wire in required,
                    nullable=nullable,
                    read_only=read_only,
                    description=_doc_text(schema),
                )
            )
        return tuple(fields)

    def _extra(self, merged: dict[str, Any], pointer: str, class_name: str) -> TypeRef:
        extra = merged["extra"]
        if extra is None or not isinstance(extra[0], dict):
            return AnyValue()
        return self.type_of(extra[0], extra[1], class_name + "Extra")

    # -- discriminators ------------------------------------------------------------------------
    def _find_subtypes(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for name, schema in self.definitions.items():
            if not isinstance(schema, dict):
                continue
            for part in _items(schema.get("allOf")):
                if isinstance(part, dict) and isinstance(part.get("$ref"), str):
                    target = jp.from_fragment(part["$ref"][1:])
                    found.setdefault(target, []).append(name)
        return found

    def _discriminator(
        self, schema: dict[str, Any], pointer: str, merged: dict[str, Any]
    ) -> Discriminator | None:
        if "discriminator" not in schema:
            return None
        wire = schema["discriminator"]
        where = jp.join(pointer, "discriminator")
        if not isinstance(wire, str) or not wire:
            self.log.error(
                where,
                "the discriminator must name a property; it is empty or not a string",
                "discriminator",
            )
            return None
        if wire not in merged["properties"]:
            self.log.error(
                where,
                f"the discriminator {quote_text(wire)} is not among the properties "
                "(Swagger 2.0 requires it to be a declared property)",
                "discriminator",
            )
            return None
        if wire not in merged["required"]:
            self.log.warning(
                where,
                f"the discriminator {quote_text(wire)} is not listed in 'required' "
                "(Swagger 2.0 requires it); assumed required",
                "discriminator-required",
            )
            merged["required"].append(wire)
        subtypes: list[tuple[str, ModelRef]] = []
        for name in self.subtypes.get(pointer, []):
            child = self.definitions[name]
            if not isinstance(child, dict) or not self._is_object_model(child):
                continue
            # Named, not built: the subclass is built on its own and inherits from this one.
            class_name, module = self._claim_name(jp.join("/definitions", name), name)
            value = child.get("x-discriminator-value", name)
            subtypes.append((str(value), ModelRef(class_name, module)))
        return Discriminator(wire, tuple(subtypes))

    def _with_discriminator_default(
        self, fields: tuple[Field, ...], pointer: str
    ) -> tuple[Field, ...]:
        """A subclass fills its parent's discriminator with its own name."""
        tokens = jp.split(pointer)
        if len(tokens) != 2 or tokens[0] != "definitions":
            return fields
        schema = self.definitions.get(tokens[1])
        for parent, children in self.subtypes.items():
            if tokens[1] not in children:
                continue
            parent_schema = _resolve_quiet(self.data, parent)
            wire = parent_schema.get("discriminator") if isinstance(parent_schema, dict) else None
            if not isinstance(wire, str):
                continue
            value = (
                schema.get("x-discriminator-value", tokens[1])
                if isinstance(schema, dict)
                else tokens[1]
            )
            return tuple(
                (
                    _fixed(f, str(value))
                    if f.wire == wire
                    and (f.type == Primitive(Scalar.STRING) or isinstance(f.type, EnumRef))
                    else f
                )
                for f in fields
            )
        return fields


def _fixed(field: Field, value: str) -> Field:
    return Field(
        name=field.name,
        wire=field.wire,
        type=field.type,
        required=False,
        nullable=field.nullable,
        read_only=field.read_only,
        description=field.description,
        fixed_default=value,
        has_fixed_default=True,
    )


def _member_text(value: str | int | float) -> str:
    if isinstance(value, str):
        return value
    return str(value)


def _resolve_quiet(data: Any, pointer: str) -> Any:
    try:
        return jp.resolve(data, pointer)
    except jp.PointerError:
        return None


def _doc_text(schema: Any) -> str:
    """What documents a schema: its description, else its title."""
    if not isinstance(schema, dict):
        return ""
    return _text(schema.get("description")) or _text(schema.get("title"))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _mapping(value: Any) -> list[tuple[str, Any]]:
    return list(value.items()) if isinstance(value, dict) else []


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
