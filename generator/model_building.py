"""Object and enum models from schemas: allOf merged, fields named, discriminators checked.

The half of the schema builder that makes classes; `schemas.SchemaBuilder` decides which
schemas become which types and calls into this.
"""

from __future__ import annotations

from typing import Any

from . import pointer as jp
from .diagnostics import DiagnosticLog, quote_text
from .model import (
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
from .naming import ENUM_MEMBER_RESERVED, FIELD_RESERVED, NameScope, identifier


def referenced_names(kind: TypeRef) -> set[str]:
    """Class names a type annotation mentions, so field names can avoid shadowing them."""
    match kind:
        case ModelRef(class_name=name) | EnumRef(class_name=name):
            return {name}
        case ArrayOf(item=inner) | MapOf(value=inner) | Nullable(inner=inner):
            return referenced_names(inner)
        case Primitive() | AnyValue() | Binary():
            return set()


class ModelBuilding:
    """Builds `ObjectModel` and `EnumModel` values into `models`, keyed by JSON pointer."""

    data: dict[str, Any]
    log: DiagnosticLog
    definitions: dict[str, Any]
    models: dict[str, ModelDef]
    building: set[str]
    subtypes: dict[str, list[str]]
    ignore_invalid_discriminators: bool

    # Provided by SchemaBuilder: how any schema becomes a type, and how classes are named.
    def type_of(self, schema: Any, pointer: str, hint: str) -> TypeRef:
        raise NotImplementedError

    def definition_type(self, name: str, pointer: str) -> TypeRef:
        raise NotImplementedError

    def _claim_name(self, pointer: str, raw: str) -> tuple[str, str]:
        raise NotImplementedError

    def _is_object_model(self, schema: dict[str, Any]) -> bool:
        raise NotImplementedError

    def _enum_model(
        self, schema: dict[str, Any], pointer: str, class_name: str, module: str
    ) -> None:
        values = [v for v in schema["enum"] if v is not None]
        if all(isinstance(v, str) for v in values):
            base = "str"
        elif all(isinstance(v, bool) for v in values):
            base = "bool"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            base = "int"
        else:
            # Kept as written (`1` stays 1, not 1.0): OpenFloatEnum keeps each member's value.
            base = "float"
        unique: list[str | int | float] = []
        for value in values:
            if not any(_same_value(value, u) for u in unique):
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
            # By name, then compared: a field is inherited when the base has it unchanged.
            inherited: dict[str, Field] = {}
            if base is not None:
                base_model = self.models.get(base[1])
                if isinstance(base_model, ObjectModel):
                    inherited = {f.name: f for f in base_model.fields}
            fields = self._with_discriminator_default(fields, pointer)
            extra = self._extra(merged, pointer, class_name)
            self.models[pointer] = ObjectModel(
                class_name=class_name,
                module=module,
                description=_doc_text(schema),
                fields=fields,
                base=base[0] if base is not None else None,
                inherited=tuple(f.name for f in fields if inherited.get(f.name) == f),
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
        for name, candidate, (wire, _, _, where) in zip(names, candidates, built, strict=True):
            if name != candidate:
                self.log.warning(
                    where,
                    f"property {quote_text(wire)} would be {candidate!r}, which another "
                    f"property of the model already is; named it {name!r}",
                    "field-renamed",
                )
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
            self._invalid_discriminator(
                where, "the discriminator must name a property; it is empty or not a string"
            )
            return None
        if wire not in merged["properties"]:
            self._invalid_discriminator(
                where,
                f"the discriminator {quote_text(wire)} is not among the properties "
                "(Swagger 2.0 requires it to be a declared property)",
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
        for name in self._descendants(pointer):
            child = self.definitions[name]
            if not isinstance(child, dict) or not self._is_object_model(child):
                continue
            # Named, not built: the subclass is built on its own and inherits from this one.
            class_name, module = self._claim_name(jp.join("/definitions", name), name)
            value = child.get("x-discriminator-value", name)
            subtypes.append((str(value), ModelRef(class_name, module)))
        return Discriminator(wire, tuple(subtypes))

    def _invalid_discriminator(self, where: str, problem: str) -> None:
        if self.ignore_invalid_discriminators:
            self.log.warning(
                where,
                problem + "; ignored it: decoding picks no subclass by it "
                "(--ignore-invalid-discriminators)",
                "discriminator",
            )
        else:
            self.log.error(
                where,
                problem + " (or pass --ignore-invalid-discriminators to generate the model "
                "without it)",
                "discriminator",
            )

    def _descendants(self, pointer: str) -> list[str]:
        """Every definition that extends `pointer` through allOf, at any depth, nearest first.

        A grandchild must be in its grandparent's map too, or decoding through the root
        stops one level short (Base -> Dog for a Puppy).
        """
        found: list[str] = []
        queue = [pointer]
        while queue:
            for name in self.subtypes.get(queue.pop(0), []):
                if name not in found and jp.join("/definitions", name) != pointer:
                    found.append(name)
                    queue.append(jp.join("/definitions", name))
        return found

    def _nearest_discriminator(self, name: str) -> str | None:
        """The discriminator of the closest ancestor that declares one."""
        queue = [name]
        seen = {name}
        while queue:
            child = queue.pop(0)
            for parent, children in self.subtypes.items():
                if child not in children:
                    continue
                parent_schema = _resolve_quiet(self.data, parent)
                if not isinstance(parent_schema, dict):
                    continue
                wire = parent_schema.get("discriminator")
                if isinstance(wire, str):
                    return wire
                tokens = jp.split(parent)
                if len(tokens) == 2 and tokens[0] == "definitions" and tokens[1] not in seen:
                    seen.add(tokens[1])
                    queue.append(tokens[1])
        return None

    def _with_discriminator_default(
        self, fields: tuple[Field, ...], pointer: str
    ) -> tuple[Field, ...]:
        """A subclass, at any depth, fills its ancestor's discriminator with its own name."""
        tokens = jp.split(pointer)
        if len(tokens) != 2 or tokens[0] != "definitions":
            return fields
        wire = self._nearest_discriminator(tokens[1])
        if wire is None:
            return fields
        schema = self.definitions.get(tokens[1])
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


def _same_value(a: object, b: object) -> bool:
    """Equal as JSON values: 1 and 1.0 are one number, True and 1 are not."""
    if _is_number(a) and _is_number(b):
        return a == b
    return type(a) is type(b) and a == b


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _member_text(value: str | int | float) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
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
