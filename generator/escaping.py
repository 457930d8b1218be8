"""The only ways spec text may enter generated code: one escaper per output context.

- `py_string`: a string literal that evaluates to exactly the text (`repr` semantics).
- `py_docstring`: a docstring whose value is exactly the text, stable under black.
- `py_identifier`: a name already settled by `naming`, checked again here.
- `py_literal`: JSON-like data (defaults, enum values, samples) as Python literals.
- `markdown_text`: one line of prose for the generated README.

Nothing from a spec is ever written into a `#` comment, an f-string or template source.
"""

from __future__ import annotations

import keyword
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_RECORD: ContextVar[list[tuple[str, str]] | None] = ContextVar("swaggen_escaped", default=None)


@contextmanager
def recording() -> Iterator[list[tuple[str, str]]]:
    """Collect every text escaped while rendering one file, so it can be verified afterwards."""
    found: list[tuple[str, str]] = []
    token = _RECORD.set(found)
    try:
        yield found
    finally:
        _RECORD.reset(token)


def _record(kind: str, text: str) -> None:
    found = _RECORD.get()
    if found is not None:
        found.append((kind, text))


class Code(str):
    """A piece of Python source built by swaggen from escaped parts; templates print it as is."""


def py_string(text: str) -> Code:
    if not isinstance(text, str):
        raise TypeError(f"py_string expects text, got {type(text).__name__}")
    _record("string", text)
    return Code(repr(text))


def py_identifier(name: str) -> Code:
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"not a safe identifier: {name!r}")
    if not name.isascii():
        raise ValueError(f"identifiers are ASCII only: {name!r}")
    return Code(name)


def py_literal(value: Any) -> Code:
    """A Python expression for JSON-like data: str, int, float, bool, None, lists, dicts."""
    if value is None or isinstance(value, bool):
        return Code(repr(value))
    if isinstance(value, str):
        return py_string(value)
    if isinstance(value, int):
        return Code(repr(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("NaN and infinity have no literal")
        return Code(repr(value))
    if isinstance(value, list):
        return Code("[" + ", ".join(py_literal(item) for item in value) + "]")
    if isinstance(value, tuple):
        inner = ", ".join(py_literal(item) for item in value)
        return Code("(" + inner + ("," if len(value) == 1 else "") + ")")
    if isinstance(value, dict):
        pairs = (f"{py_string(str(k))}: {py_literal(v)}" for k, v in value.items())
        return Code("{" + ", ".join(pairs) + "}")
    if isinstance(value, bytes):
        return Code(repr(value))
    raise TypeError(f"no literal for {type(value).__name__}")


def py_tuple(items: list[Code] | tuple[Code, ...]) -> Code:
    """A tuple display of already-built code: `(a, b)`, `(a,)` or `()`."""
    if len(items) == 1:
        return Code(f"({items[0]},)")
    return Code("(" + ", ".join(items) + ")")


def _escape_char(char: str) -> str:
    code = ord(char)
    if char == "\t":
        return "\\t"
    if char == "\r":
        return "\\r"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _escape_line(line: str, alone: bool) -> str:
    out = []
    for char in line:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char != " " and not char.isprintable():
            out.append(_escape_char(char))
        else:
            out.append(char)
    escaped = "".join(out)
    # Black strips a one-line docstring, and editors strip trailing spaces: write those
    # spaces as escapes so they survive exactly.
    if alone and escaped.startswith(" "):
        escaped = "\\x20" + escaped[1:]
    stripped = escaped.rstrip(" ")
    trail = len(escaped) - len(stripped)
    if trail:
        escaped = stripped + " " * (trail - 1) + "\\x20"
    return escaped


def py_docstring(text: str) -> Code:
    """A triple-quoted literal whose value is exactly `text`.

    One line: `\"\"\"text\"\"\"`.  Several lines start with `\"\"\"\\` and a newline (a line
    continuation, which adds nothing to the value): black leaves such docstrings as they are,
    so no indentation is added and `__doc__` equals the text.
    """
    if not isinstance(text, str):
        raise TypeError(f"py_docstring expects text, got {type(text).__name__}")
    _record("docstring", text)
    raw_lines = text.split("\n")
    lines = [_escape_line(line, len(raw_lines) == 1) for line in raw_lines]
    body = "\n".join(lines)
    if body.endswith('\\"'):
        body = body[:-2] + "\\x22"
    if len(lines) == 1:
        return Code('"""' + body + '"""')
    return Code('"""\\\n' + body + '"""')


def markdown_text(text: str, limit: int = 300) -> str:
    """One line of README prose: no control characters, no markup that spans lines."""
    flat = " ".join(text.split())
    cleaned = "".join(c if c.isprintable() else " " for c in flat)
    cleaned = cleaned.replace("<", "&lt;").replace(">", "&gt;").replace("`", "'")
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 3] + "..."


def markdown_block(text: str, limit: int = 20_000) -> str:
    """Paragraphs of README prose: line breaks kept, control characters and raw HTML not."""
    kept = "".join(c if c.isprintable() or c in "\n\t" else " " for c in text[:limit])
    return kept.replace("<", "&lt;").replace(">", "&gt;")
