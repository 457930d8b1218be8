"""Reading one spec file: bounded bytes, strict UTF-8, JSON or YAML, lines kept for messages."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Limits
from .diagnostics import Diagnostic, Level, SpecError

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class TypingNote:
    """A scalar whose type depends on the YAML version, or a key that was not a string."""

    pointer: str
    text: str
    kind: str  # "yaml11-bool", "key-int", "key-bool", "key-float", "key-null"


@dataclass
class LineIndex:
    """Maps JSON pointers to 1-based lines; unknown pointers fall back to their parent."""

    lines: dict[str, int] = field(default_factory=dict)
    builder: Callable[[], dict[str, int]] | None = None

    def line_of(self, pointer: str) -> int | None:
        if self.builder is not None:
            self.lines = self.builder()
            self.builder = None
        while True:
            found = self.lines.get(pointer)
            if found is not None:
                return found
            if pointer == "":
                return None
            pointer = pointer.rpartition("/")[0]


@dataclass(frozen=True)
class LoadedDocument:
    path: Path
    display: str
    data: Any
    lines: LineIndex
    scalar_text: Mapping[str, str]
    notes: tuple[TypingNote, ...]


def fail(display: str, line: int | None, pointer: str, message: str, code: str) -> SpecError:
    return SpecError([Diagnostic(Level.ERROR, display, line, pointer, message, code)])


def read_document(path: Path, display: str, limits: Limits) -> LoadedDocument:
    """Read, decode and parse one file; every failure is a located SpecError."""
    from .json_reader import parse_json
    from .yaml_reader import parse_yaml

    try:
        too_big = path.stat().st_size > limits.max_bytes
        with path.open("rb") as handle:
            raw = b"" if too_big else handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise fail(display, None, "", f"cannot read the file: {exc.strerror}", "io") from None
    if too_big or len(raw) > limits.max_bytes:
        raise fail(
            display,
            None,
            "",
            f"the file is larger than {limits.max_bytes} bytes; refusing to read it "
            "(raise the limit with --max-spec-bytes if this spec is genuine)",
            "too-large",
        )
    if not raw.strip():
        raise fail(display, None, "", "the spec file is empty", "empty")
    text = decode_utf8(raw, display)
    if looks_like_json(path, text):
        return parse_json(text, path, display, limits)
    return parse_yaml(text, path, display, limits)


def decode_utf8(raw: bytes, display: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(display, 1, "", "the file is UTF-16; save it as UTF-8", "encoding")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        bad = raw[exc.start : exc.start + 4].hex(" ")
        raise fail(
            display,
            line,
            "",
            f"not valid UTF-8 at byte offset {exc.start} (line {line}): bytes {bad}; "
            "convert the file to UTF-8",
            "encoding",
        ) from None


def looks_like_json(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return True
    if suffix in (".yaml", ".yml"):
        return False
    return text.lstrip()[:1] in ("{", "[")


def check_string(value: str, limits: Limits, display: str, line: int | None, ptr: str) -> None:
    if len(value) > limits.max_string_chars:
        raise fail(
            display,
            line,
            ptr,
            f"a string of {len(value)} characters is longer than the limit "
            f"({limits.max_string_chars})",
            "string-too-long",
        )
    surrogate = _SURROGATE.search(value)
    if surrogate is not None:
        raise fail(
            display,
            line,
            ptr,
            f"a string holds a lone surrogate (\\u{ord(surrogate.group()):04x}) at "
            f"character {surrogate.start()}; it is not valid Unicode",
            "surrogate",
        )


def describe_root(data: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean"}
    for kind, name in names.items():
        if isinstance(data, kind):
            return name
    if data is None:
        return "null"
    return "a number"


def require_mapping_root(doc: LoadedDocument) -> None:
    if not isinstance(doc.data, dict):
        raise fail(
            doc.display,
            doc.lines.line_of(""),
            "",
            f"expected a mapping at the document root, got {describe_root(doc.data)}",
            "not-a-mapping",
        )
