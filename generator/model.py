"""The intermediate model: everything templates may see, as frozen dataclasses.

Names here are final (settled by `naming`), wire names stand beside them, and every type is
one of a closed union that the code emitters match exhaustively.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Scalar(enum.Enum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "date-time"
    BYTE = "byte"


@dataclass(frozen=True)
class Primitive:
    kind: Scalar


@dataclass(frozen=True)
class ArrayOf:
    item: TypeRef


@dataclass(frozen=True)
class MapOf:
    value: TypeRef


@dataclass(frozen=True)
class ModelRef:
    class_name: str
    module: str


@dataclass(frozen=True)
class EnumRef:
    class_name: str
    module: str


@dataclass(frozen=True)
class AnyValue:
    pass


@dataclass(frozen=True)
class Binary:
    """Raw bytes: `format: binary` and `type: file`."""


@dataclass(frozen=True)
class Nullable:
    inner: TypeRef


TypeRef = Primitive | ArrayOf | MapOf | ModelRef | EnumRef | AnyValue | Binary | Nullable

Literal = str | int | float | bool | None


@dataclass(frozen=True)
class Constraints:
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_items: int | None = None
    max_items: int | None = None

    @property
    def empty(self) -> bool:
        return self == Constraints()


@dataclass(frozen=True)
class Field:
    name: str
    wire: str
    type: TypeRef
    required: bool
    nullable: bool
    read_only: bool
    description: str
    fixed_default: Literal = None
    has_fixed_default: bool = False


@dataclass(frozen=True)
class Discriminator:
    wire: str
    subtypes: tuple[tuple[str, ModelRef], ...]


@dataclass(frozen=True)
class ObjectModel:
    class_name: str
    module: str
    description: str
    fields: tuple[Field, ...]
    base: ModelRef | None
    inherited: tuple[str, ...]
    extra: TypeRef
    discriminator: Discriminator | None
    pointer: str


@dataclass(frozen=True)
class EnumMember:
    name: str
    value: str | int | float


@dataclass(frozen=True)
class EnumModel:
    class_name: str
    module: str
    description: str
    base: str  # "str", "int", "float" or "bool"
    members: tuple[EnumMember, ...]
    pointer: str


@dataclass(frozen=True)
class AliasModel:
    class_name: str
    module: str
    description: str
    target: TypeRef
    pointer: str


ModelDef = ObjectModel | EnumModel | AliasModel


class ParamLocation(enum.Enum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    FORM = "form"
    FILE = "file"
    BODY = "body"


@dataclass(frozen=True)
class Parameter:
    name: str
    wire: str
    location: ParamLocation
    type: TypeRef
    required: bool
    description: str
    styles: tuple[str, ...] = ()
    constraints: Constraints = Constraints()
    default: Literal = None
    has_default: bool = False


class BodyKind(enum.Enum):
    JSON = "json"
    TEXT = "text"
    BINARY = "binary"
    NONE = "none"
    ANY = "any"


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    body: BodyKind
    type: TypeRef | None


class SendKind(enum.Enum):
    NONE = "none"
    JSON = "json"
    TEXT = "text"
    BINARY = "binary"
    FORM = "form"
    MULTIPART = "multipart"


@dataclass(frozen=True)
class Operation:
    name: str
    operation_id: str
    method: str
    path: str
    summary: str
    description: str
    deprecated: bool
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    send: SendKind
    content_type: str | None
    accept: str | None
    responses: tuple[Response, ...]
    security: tuple[tuple[str, ...], ...]
    pointer: str


class CredentialKind(enum.Enum):
    QUERY = "query"
    HEADER = "header"
    BASIC = "basic"
    BEARER = "bearer"


@dataclass(frozen=True)
class SecurityScheme:
    key: str
    kind: CredentialKind
    wire: str
    args: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Api:
    package: str
    spec_name: str
    title: str
    version: str
    description: str
    base_url: str | None
    operations: tuple[Operation, ...]
    models: tuple[ModelDef, ...]
    security_schemes: tuple[SecurityScheme, ...]

    @property
    def credential_args(self) -> tuple[str, ...]:
        seen: list[str] = []
        for scheme in self.security_schemes:
            seen.extend(arg for arg in scheme.args if arg not in seen)
        return tuple(seen)
