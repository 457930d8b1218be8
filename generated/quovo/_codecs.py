"""Codecs: how each declared type travels as JSON and as text in URLs, headers and forms.

Models, parameters and responses describe their types with these small objects instead of
per-field code, so the generated modules stay short and every rule lives in one place.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import enum
import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeGuard

from ._errors import DecodeError, InvalidArgument

if TYPE_CHECKING:
    from ._model import Model

_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?\Z"
)


class Refused(InvalidArgument):
    """A value a codec will not send, said as "must be ..."; whoever knows the parameter's or
    field's name raises it again as a plain `InvalidArgument` that names it."""


def _not_bool(value: Any, kind: str) -> Any:
    """Python's bool is an int, but True is not what the spec means by an integer or number."""
    if isinstance(value, bool):
        raise Refused(f"must be {kind}, not a bool")
    return value


class Codec:
    """Decode from JSON, encode to JSON, and write as text for a URL, header or form."""

    def decode(self, data: Any, path: str) -> Any:
        raise NotImplementedError

    def encode(self, value: Any, request: bool) -> Any:
        return value

    def text(self, value: Any) -> str:
        return str(value)


class _String(Codec):
    def decode(self, data: Any, path: str) -> Any:
        if not isinstance(data, str):
            raise DecodeError(path, f"expected a string, got {type(data).__name__}")
        return data


class _Integer(Codec):
    def decode(self, data: Any, path: str) -> Any:
        if isinstance(data, bool) or not isinstance(data, int):
            if isinstance(data, float) and data.is_integer():
                return int(data)
            raise DecodeError(path, f"expected an integer, got {type(data).__name__}")
        return data

    def encode(self, value: Any, request: bool) -> Any:
        return _not_bool(value, "an integer")

    def text(self, value: Any) -> str:
        return str(_not_bool(value, "an integer"))


class _Number(Codec):
    def decode(self, data: Any, path: str) -> Any:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise DecodeError(path, f"expected a number, got {type(data).__name__}")
        return data

    def encode(self, value: Any, request: bool) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            raise Refused("must be a finite number (JSON has no NaN or infinity)")
        return _not_bool(value, "a number")

    def text(self, value: Any) -> str:
        return str(self.encode(value, True))


class _Boolean(Codec):
    def decode(self, data: Any, path: str) -> Any:
        if not isinstance(data, bool):
            raise DecodeError(
                path, f"expected true or false, got {type(data).__name__}"
            )
        return data

    def text(self, value: Any) -> str:
        return "true" if value else "false"


class _Date(Codec):
    def decode(self, data: Any, path: str) -> Any:
        if not isinstance(data, str):
            raise DecodeError(
                path, f"expected a date string, got {type(data).__name__}"
            )
        try:
            if len(data) != 10:
                raise ValueError
            return datetime.date.fromisoformat(data)
        except ValueError:
            raise DecodeError(path, f"not an ISO 8601 date: {data[:40]!r}") from None

    def encode(self, value: Any, request: bool) -> Any:
        # A datetime is a date to Python and to mypy, but its isoformat() is no date.
        if isinstance(value, datetime.datetime):
            raise Refused("must be a date, not a datetime (its .date() is the day)")
        return value.isoformat() if isinstance(value, datetime.date) else value

    def text(self, value: Any) -> str:
        return str(self.encode(value, True))


class _DateTime(Codec):
    def decode(self, data: Any, path: str) -> Any:
        if not isinstance(data, str):
            raise DecodeError(
                path, f"expected a date-time string, got {type(data).__name__}"
            )
        match = _DATETIME.match(data)
        if match is None:
            raise DecodeError(path, f"not an ISO 8601 date-time: {data[:40]!r}")
        day, minutes, seconds, fraction, offset = match.groups()
        text = f"{day}T{minutes}:{seconds or '00'}"
        if fraction:
            text += "." + (fraction + "000000")[:6]
        if offset:
            if offset in ("Z", "z"):
                offset = "+00:00"
            elif len(offset) == 3:
                offset += ":00"
            elif ":" not in offset:
                offset = offset[:3] + ":" + offset[3:]
            text += offset
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            raise DecodeError(path, f"not a valid date-time: {data[:40]!r}") from None

    def encode(self, value: Any, request: bool) -> Any:
        if isinstance(value, datetime.datetime):
            return value.isoformat()
        if isinstance(value, datetime.date):
            raise Refused("must be a datetime, not a date")
        return value

    def text(self, value: Any) -> str:
        return str(self.encode(value, True))


class _Base64(Codec):
    """format: byte, base64 on the wire and bytes in Python."""

    def decode(self, data: Any, path: str) -> Any:
        if not isinstance(data, str):
            raise DecodeError(path, f"expected base64 text, got {type(data).__name__}")
        try:
            return base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise DecodeError(path, "not valid base64") from None

    def encode(self, value: Any, request: bool) -> Any:
        if isinstance(value, (bytes, bytearray)):
            return base64.b64encode(value).decode("ascii")
        return value

    def text(self, value: Any) -> str:
        return str(self.encode(value, True))


class _Binary(Codec):
    """format: binary and type: file: raw bytes, never decoded as text."""

    def decode(self, data: Any, path: str) -> Any:
        if isinstance(data, (bytes, bytearray)):
            return bytes(data)
        if isinstance(data, str):
            return data.encode("utf-8")
        raise DecodeError(path, f"expected bytes, got {type(data).__name__}")

    def encode(self, value: Any, request: bool) -> Any:
        if isinstance(value, (bytes, bytearray)):
            return base64.b64encode(value).decode("ascii")
        return value


class _AnyValue(Codec):
    def decode(self, data: Any, path: str) -> Any:
        return data

    def encode(self, value: Any, request: bool) -> Any:
        return encode_any(value, request)

    def text(self, value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)


STRING = _String()
INTEGER = _Integer()
NUMBER = _Number()
BOOLEAN = _Boolean()
DATE = _Date()
DATETIME = _DateTime()
BYTE = _Base64()
BINARY = _Binary()
ANY = _AnyValue()


def encode_any(value: Any, request: bool) -> Any:
    """JSON for a value whose schema says nothing: models, enums and dates still encode."""
    from ._model import Model

    if isinstance(value, Model):
        return value._encode(request)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Mapping):
        return {str(k): encode_any(v, request) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode_any(v, request) for v in value]
    return value


class ListOf(Codec):
    def __init__(self, item: Codec) -> None:
        self.item = item

    def decode(self, data: Any, path: str) -> Any:
        if not isinstance(data, list):
            raise DecodeError(path, f"expected a list, got {type(data).__name__}")
        return [self.item.decode(value, f"{path}[{i}]") for i, value in enumerate(data)]

    def encode(self, value: Any, request: bool) -> Any:
        return [self.item.encode(item, request) for item in value]


class MapOf(Codec):
    def __init__(self, value: Codec) -> None:
        self.value = value

    def decode(self, data: Any, path: str) -> Any:
        if not isinstance(data, dict):
            raise DecodeError(path, f"expected an object, got {type(data).__name__}")
        return {
            key: self.value.decode(item, f"{path}.{key}") for key, item in data.items()
        }

    def encode(self, value: Any, request: bool) -> Any:
        return {
            str(key): self.value.encode(item, request) for key, item in value.items()
        }


class Nullable(Codec):
    def __init__(self, inner: Codec) -> None:
        self.inner = inner

    def decode(self, data: Any, path: str) -> Any:
        return None if data is None else self.inner.decode(data, path)

    def encode(self, value: Any, request: bool) -> Any:
        return None if value is None else self.inner.encode(value, request)

    def text(self, value: Any) -> str:
        return "" if value is None else self.inner.text(value)


class ModelOf(Codec):
    def __init__(self, model: type[Model]) -> None:
        self.model = model

    def decode(self, data: Any, path: str) -> Any:
        return self.model.from_dict(data, path=path)

    def encode(self, value: Any, request: bool) -> Any:
        if isinstance(value, Mapping):
            return encode_any(value, request)
        return value._encode(request)

    def text(self, value: Any) -> str:
        raise TypeError("an object cannot be sent as text")


class EnumOf(Codec):
    def __init__(self, enum_class: type[OpenEnum]) -> None:
        self.enum_class = enum_class

    def decode(self, data: Any, path: str) -> Any:
        enum_class = self.enum_class
        # Checked first: True == 1, so an int enum would otherwise take `true` for 1.
        if not enum_class._accepts(data):
            raise DecodeError(
                path, f"{data!r:.40} is not a valid {enum_class.__name__} value"
            )
        return enum_class(data)

    def encode(self, value: Any, request: bool) -> Any:
        if isinstance(value, enum.Enum):
            value = value.value
        elif not self.enum_class._accepts(value):
            raise Refused(f"must be a {self.enum_class.__name__} value")
        if isinstance(value, float) and not math.isfinite(value):
            raise Refused("must be a finite number (JSON has no NaN or infinity)")
        return value

    def text(self, value: Any) -> str:
        raw = self.encode(value, True)
        if isinstance(raw, bool):
            return "true" if raw else "false"
        return str(raw)


_UNKNOWN = "_unknown_"


def _pseudo_member(member: Any, value: object) -> Any:
    member._name_ = _UNKNOWN
    member._value_ = value
    return member


class OpenEnum(enum.Enum):
    """An enum that keeps values the spec did not list, as the server may add some."""

    @property
    def is_known(self) -> bool:
        """False for a value the spec did not list."""
        return self._name_ != _UNKNOWN

    @classmethod
    def _accepts(cls, value: object) -> bool:
        """Whether a value has the enum's JSON type (listed or not)."""
        return True


class OpenStrEnum(str, OpenEnum):
    @classmethod
    def _accepts(cls, value: object) -> TypeGuard[str]:
        return isinstance(value, str)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not cls._accepts(value):
            return None
        return _pseudo_member(str.__new__(cls, value), value)

    def __str__(self) -> str:
        return str(self.value)


class OpenIntEnum(int, OpenEnum):
    @classmethod
    def _accepts(cls, value: object) -> TypeGuard[int]:
        return isinstance(value, int) and not isinstance(value, bool)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not cls._accepts(value):
            return None
        return _pseudo_member(int.__new__(cls, value), value)

    def __str__(self) -> str:
        return str(self.value)


class OpenFloatEnum(float, OpenEnum):
    def __new__(cls, value: float) -> OpenFloatEnum:
        # float's own __new__ would make the spec's `1` the value 1.0, sent as `1.0`.
        member = float.__new__(cls, value)
        member._value_ = value
        return member

    def __repr__(self) -> str:
        # Enum's own uses float's repr, which refuses the int a value can now be.
        return f"<{type(self).__name__}.{self._name_}: {self._value_!r}>"

    @classmethod
    def _accepts(cls, value: object) -> TypeGuard[float]:
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not cls._accepts(value):
            return None
        return _pseudo_member(float.__new__(cls, value), value)

    def __str__(self) -> str:
        return str(self.value)


class OpenBoolEnum(OpenEnum):
    """A boolean enum (bool cannot be subclassed, so members are not bools themselves)."""

    @classmethod
    def _accepts(cls, value: object) -> bool:
        return isinstance(value, bool)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not cls._accepts(value):
            return None
        return _pseudo_member(object.__new__(cls), value)

    def __str__(self) -> str:
        return "true" if self.value else "false"
