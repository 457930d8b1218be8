"""The base of every model: decoding and encoding driven by the field table each model declares."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from ._codecs import ANY, Codec, Refused
from ._errors import DecodeError, InvalidArgument
from ._types import Unset

M = TypeVar("M", bound="Model")
Subtypes = tuple[str, Mapping[str, type["Model"]]] | None
"""What `_subtypes_` returns: the discriminator's JSON name and the class for each value."""
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclasses.dataclass(frozen=True)
class F:
    """One field: its Python name, its JSON name, its codec, and how absence and null behave."""

    name: str
    wire: str
    codec: Codec
    required: bool = False
    nullable: bool = False
    read_only: bool = False


def child_path(path: str, key: str) -> str:
    return f"{path}.{key}" if _PLAIN_KEY.match(key) else f"{path}[{key!r}]"


class Model:
    """JSON in (`from_dict`) and out (`to_dict`); fields left UNSET are not sent.

    Keys the spec does not declare are kept in `additional_properties` and sent back.
    """

    additional_properties: dict[str, Any]
    _tables_: ClassVar[dict[type, tuple[tuple[F, ...], frozenset[str]]]] = {}

    @classmethod
    def _fields_(cls) -> tuple[F, ...]:
        return ()

    @classmethod
    def _extra_codec_(cls) -> Codec:
        return ANY

    @classmethod
    def _subtypes_(cls) -> Subtypes:
        return None

    @classmethod
    def _table(cls) -> tuple[tuple[F, ...], frozenset[str]]:
        table = Model._tables_.get(cls)
        if table is None:
            fields = cls._fields_()
            table = (fields, frozenset(f.wire for f in fields))
            Model._tables_[cls] = table
        return table

    @classmethod
    def from_dict(cls: type[M], data: Mapping[str, Any], *, path: str = "$") -> M:
        if not isinstance(data, Mapping):
            raise DecodeError(
                path,
                f"expected an object for {cls.__name__}, got {type(data).__name__}",
            )
        subtypes = cls._subtypes_()
        if subtypes is not None:
            chosen = subtypes[1].get(str(data.get(subtypes[0])))
            if chosen is not None and chosen is not cls and issubclass(chosen, cls):
                return chosen.from_dict(data, path=path)
        fields, wires = cls._table()
        kwargs: dict[str, Any] = {}
        for field in fields:
            where = child_path(path, field.wire)
            if field.wire not in data:
                if field.required:
                    raise DecodeError(
                        where, f"{cls.__name__}.{field.name} is required but missing"
                    )
                continue
            raw = data[field.wire]
            if raw is None and not field.nullable:
                if field.required:
                    raise DecodeError(
                        where,
                        f"{cls.__name__}.{field.name} is required and may not be null",
                    )
                continue
            kwargs[field.name] = None if raw is None else field.codec.decode(raw, where)
        extras = {key: value for key, value in data.items() if key not in wires}
        if extras:
            codec = cls._extra_codec_()
            kwargs["additional_properties"] = {
                key: codec.decode(value, child_path(path, key))
                for key, value in extras.items()
            }
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """Every field that is set, under its JSON name, with extra keys after them."""
        return self._encode(False)

    def _encode(self, request: bool) -> dict[str, Any]:
        fields, _ = type(self)._table()
        out: dict[str, Any] = {}
        where = ""
        try:
            for field in fields:
                value = getattr(self, field.name)
                if isinstance(value, Unset) or (request and field.read_only):
                    continue
                where = field.name
                out[field.wire] = (
                    None if value is None else field.codec.encode(value, request)
                )
            codec = type(self)._extra_codec_()
            for key, value in self.additional_properties.items():
                if key not in out:
                    where = f"additional_properties[{key!r}]"
                    out[key] = codec.encode(value, request)
        except Refused as error:
            raise InvalidArgument(f"{type(self).__name__}.{where} {error}") from None
        return out
