"""Values as their place in the spec needs them: text where text was written, typed enums
and defaults, booleans spelled the YAML 1.1 way. Shared by every repair in `normalize`."""

from __future__ import annotations

import math
import re
import sys
from typing import Any

from . import pointer as jp
from .diagnostics import DiagnosticLog, quote_text
from .patterns import as_python, has_ecma_named_groups, nests_repeats

_YAML11_TRUE = frozenset({"y", "yes", "on", "true"})
_YAML11_FALSE = frozenset({"n", "no", "off", "false"})
_NUMERIC_KEYWORDS = (
    "maximum",
    "minimum",
    "multipleOf",
    "maxLength",
    "minLength",
    "maxItems",
    "minItems",
    "maxProperties",
    "minProperties",
)
# A minLength or minItems above this is ignored: the generated test builds a value that long.
MAX_REQUIRED_COUNT = 10_000
_LARGEST_DOUBLE = int(sys.float_info.max)
_COUNT_KEYWORDS = frozenset(
    ("maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties")
)
# `(?<name>`, but not the lookbehinds `(?<=` and `(?<!`.


class _Drop:
    pass


_DROP = _Drop()


class ValueRepairs:
    """Repairs of single values; each one logs exactly one warning."""

    log: DiagnosticLog
    texts: dict[str, str]
    converted: set[str]

    # -- text as written -----------------------------------------------------------------
    def text_of(self, value: Any, pointer: str) -> str:
        """The text the author wrote for a scalar that YAML typed as something else."""
        written = self.texts.get(pointer)
        if written is not None:
            return written
        if isinstance(value, bool):
            return "true" if value else "false"
        if value is None:
            return ""
        return str(value)

    def want_text(self, holder: dict[str, Any], key: str, pointer: str) -> None:
        value = holder.get(key)
        if value is None or isinstance(value, str):
            return
        if isinstance(value, (dict, list)):
            self.log.warning(jp.join(pointer, key), f"{key} should be text; ignored it", "not-text")
            del holder[key]
            return
        text = self.text_of(value, jp.join(pointer, key))
        holder[key] = text
        self.log.warning(
            jp.join(pointer, key),
            f"{key} was read as {_kind(value)}; kept the text as written, "
            f"{quote_text(text)} (quote it in the spec)",
            "typed-scalar",
        )

    @staticmethod
    def yaml11_boolean(text: str) -> bool:
        return text.lower() in _YAML11_TRUE or text.lower() in _YAML11_FALSE

    def _boolean(self, holder: dict[str, Any], key: str, ptr: str) -> None:
        value = holder[key]
        text = value.lower() if isinstance(value, str) else None
        if text in _YAML11_TRUE or text in _YAML11_FALSE:
            holder[key] = text in _YAML11_TRUE
            self.converted.add(jp.join(ptr, key))
            self.log.warning(
                jp.join(ptr, key),
                f"{key} is {value!r}, not true or false; read it as "
                f"{'true' if holder[key] else 'false'}",
                "yaml11-boolean",
            )
        else:
            self.log.warning(jp.join(ptr, key), f"{key} must be true or false; ignored", "bool")
            del holder[key]

    def _typed_values(self, schema: dict[str, Any], ptr: str, *, parameter: bool = False) -> None:
        """Enum values and defaults as the declared type needs them, or dropped with a warning;
        numeric constraints as numbers. `parameter`: the schema is a non-body parameter (or
        its items), whose value can never be null."""
        self._constraints(schema, ptr)
        kind = schema.get("type")
        if "enum" in schema:
            self._enum(schema, kind, jp.join(ptr, "enum"), parameter)
        if "default" in schema:
            fixed = self._typed(schema["default"], kind, jp.join(ptr, "default"))
            if fixed is _DROP:
                del schema["default"]
            else:
                schema["default"] = fixed

    def _enum(self, schema: dict[str, Any], kind: Any, where: str, parameter: bool) -> None:
        """An enum's values typed, each once; null as the schema's nullability says. Every
        value dropped, and an enum left with nothing, is a warning saying so."""
        enum = schema["enum"]
        if not isinstance(enum, list) or not enum:
            del schema["enum"]
            self.log.warning(
                where,
                f"enum must be a non-empty list; ignored it, so {_any(kind)} is accepted",
                "enum",
            )
            return
        values: list[Any] = []
        first: dict[tuple[str, Any], tuple[int, Any]] = {}
        null_at: int | None = None
        for index, value in enumerate(enum):
            at = jp.join(where, index)
            fixed = self._typed(value, kind, at)
            if fixed is _DROP:
                continue
            key = _identity(fixed)
            if key in first:
                self._repeated(first[key], (index, fixed), where)
                continue
            first[key] = (index, fixed)
            if fixed is None and parameter:
                self.log.warning(
                    at,
                    "null is in the enum, but a parameter value cannot be null; "
                    "dropped it from the enum",
                    "enum-null",
                )
                continue
            if fixed is None:
                null_at = index
            values.append(fixed)
        declared = schema.get("x-nullable") is True or schema.get("nullable") is True
        if not values:
            del schema["enum"]
            self.log.warning(
                where,
                f"no value is left in the enum; ignored it, so {_any(kind)} is accepted",
                "enum",
            )
            return
        schema["enum"] = values
        if values == [None]:
            nullable = "" if declared else "read as x-nullable: true, and "
            self.log.warning(
                where,
                f"the enum lists only null; {nullable}ignored the enum, so {_any(kind)}, "
                "or null, is accepted",
                "enum-null",
            )
        elif null_at is not None and not declared:
            said = (
                "the schema says x-nullable: false"
                if schema.get("x-nullable") is False
                else "the schema is not x-nullable"
            )
            self.log.warning(
                jp.join(where, null_at),
                f"null is in the enum, but {said}; read as x-nullable: true (null is "
                "accepted, and decoded as None)",
                "enum-null",
            )

    def _repeated(self, first: tuple[int, Any], again: tuple[int, Any], where: str) -> None:
        """A value listed again, or a number equal to one listed before (1 and 1.0)."""
        shown = self._shown(again[1], jp.join(where, again[0]))
        earlier = self._shown(first[1], jp.join(where, first[0]))
        if shown == earlier:
            message = f"enum value {shown} is already listed at index {first[0]}; kept once"
        else:
            message = (
                f"enum value {shown} equals {earlier}, listed at index {first[0]} (the same "
                f"number); kept {earlier} once"
            )
        self.log.warning(jp.join(where, again[0]), message, "enum-duplicate")

    def _shown(self, value: Any, ptr: str) -> str:
        """An enum value (as typed) for a message; a number as the author wrote it."""
        if isinstance(value, str):
            return quote_text(value, 40)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return quote_text(self.text_of(value, ptr), 40)[1:-1]
        if value is None:
            return "null"
        return "a mapping" if isinstance(value, dict) else _kind(value)

    def _constraints(self, schema: dict[str, Any], ptr: str) -> None:
        """Constraints the generated client can check: finite numbers, counts that are whole
        and not negative, patterns Python can compile. Anything else is ignored, said so."""
        for key in _NUMERIC_KEYWORDS:
            if key in schema:
                self._number_constraint(schema, key, jp.join(ptr, key))
        if "pattern" in schema:
            self._pattern(schema, jp.join(ptr, "pattern"))

    def _number_constraint(self, schema: dict[str, Any], key: str, where: str) -> None:
        value = schema[key]
        if isinstance(value, str) and _number(value) is not None:
            text, value = value, _number(value)
            schema[key] = value
            self.log.warning(
                where, f"{key} is the text {text!r}; read it as the number {value}", "number"
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problem = "must be a number"
        elif isinstance(value, int) and abs(value) > _LARGEST_DOUBLE:
            problem = "is beyond the range of a JSON number a client can compare"
        elif not math.isfinite(value):
            problem = f"is {value}, not a finite number"
        elif key in _COUNT_KEYWORDS and (value < 0 or value != int(value)):
            problem = f"is {value}, not a count (a whole number, 0 or more)"
        elif key in ("minLength", "minItems") and value > MAX_REQUIRED_COUNT:
            problem = (
                f"is {int(value):,}, more than the {MAX_REQUIRED_COUNT:,} characters or items "
                "swaggen builds a test value of"
            )
        elif key == "multipleOf" and value <= 0:
            problem = f"is {value}; it must be more than 0"
        else:
            if key in _COUNT_KEYWORDS and isinstance(value, float):
                schema[key] = int(value)
            return
        del schema[key]
        self.log.warning(where, f"{key} {problem}; ignored it", "number")

    def _pattern(self, schema: dict[str, Any], where: str) -> None:
        """Swagger's patterns are ECMA 262; Python reads most of them, and named groups
        `(?<name>...)` once spelled its way. One it cannot compile is not checked."""
        pattern = schema["pattern"]
        if not isinstance(pattern, str):
            del schema["pattern"]
            self.log.warning(where, "pattern must be a string; ignored it", "pattern")
            return
        python = as_python(pattern)
        try:
            re.compile(python)
        except (re.error, RecursionError, OverflowError) as exc:
            del schema["pattern"]
            self.log.warning(
                where,
                f"pattern {quote_text(pattern, 60)} is not a regular expression Python can "
                f"read ({exc}); values are not checked against it",
                "pattern",
            )
            return
        if nests_repeats(python):
            del schema["pattern"]
            self.log.warning(
                where,
                f"pattern {quote_text(pattern, 60)} nests repeats or alternatives in a "
                "repeat ('(x+)+', '(a|aa)*'), which can take exponential time to match; "
                "values are not checked against it",
                "pattern",
            )
            return
        schema["pattern"] = python
        if has_ecma_named_groups(pattern):
            self.log.warning(
                where,
                "pattern's named groups '(?<name>' are ECMA 262 spelling; read as Python's "
                "'(?P<name>'",
                "pattern",
            )

    def _typed(self, value: Any, kind: Any, ptr: str) -> Any:
        if value is None:
            return value
        if kind == "string":
            if isinstance(value, str):
                return value
            if isinstance(value, (dict, list)):
                return self._drop(ptr, "is not a string")
            text = self.text_of(value, ptr)
            self.converted.add(ptr)
            self.log.warning(
                ptr,
                f"{quote_text(text)} was read as {_kind(value)}; the type is "
                "string, so kept the text as written",
                "typed-scalar",
            )
            return text
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            lowered = value.lower() if isinstance(value, str) else None
            if lowered in _YAML11_TRUE or lowered in _YAML11_FALSE:
                self.converted.add(ptr)
                self.log.warning(
                    ptr, f"{value!r} read as a boolean (YAML 1.1 style)", "yaml11-boolean"
                )
                return lowered in _YAML11_TRUE
            return self._drop(ptr, "is not a boolean")
        if kind == "integer":
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            if isinstance(value, float) and value.is_integer():
                return int(value)
            return self._drop(ptr, "is not an integer")
        if kind == "number":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                if isinstance(value, float) and not math.isfinite(value):
                    return self._drop(ptr, "is not a finite number")
                return value
            return self._drop(ptr, "is not a number")
        if isinstance(value, float) and not math.isfinite(value):
            return self._drop(ptr, "is not a finite number")
        return value

    def _drop(self, ptr: str, why: str) -> Any:
        self.log.warning(ptr, f"the value {why} as its type says; ignored it", "typed-value")
        return _DROP


def _identity(value: Any) -> tuple[str, Any]:
    """What makes two enum values the same JSON value: 1 and 1.0 are, true and 1 are not."""
    if value is None:
        return ("null", None)
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, str):
        return ("string", value)
    return ("other", repr(value))


def _any(kind: Any) -> str:
    """What a schema of this type accepts once its enum is gone, for a message."""
    if kind == "boolean":
        return "true or false"
    if kind in ("string", "integer", "number", "array", "object"):
        return f"any {kind}"
    return "any value"


def _kind(value: Any) -> str:
    """What YAML made of a scalar, for a message: "an integer", "a boolean", ..."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    return "null" if value is None else f"a {type(value).__name__}"


def _number(text: str) -> int | float | None:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
