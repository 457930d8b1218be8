"""YAML to plain data, iteratively, with YAML 1.2 core-schema typing and hard bounds.

PyYAML's own constructor types plain scalars by YAML 1.1 (`NO` becomes False, `2001-12-14`
a date) and recurses per nesting level.  This module consumes PyYAML's event stream (the C
parser when available, the same events otherwise), so it sees every node with its line,
refuses duplicate keys, bounds depth and alias expansion before building anything large,
and keeps the text of every non-string scalar so later stages can restore what was written.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from . import pointer as jp
from .config import Limits
from .diagnostics import Diagnostic, Level, SpecError
from .source import LineIndex, LoadedDocument, TypingNote, check_string, fail

try:
    _LOADER: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _LOADER = yaml.SafeLoader

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
_BOOLS["FALSE"] = False
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")
# What YAML 1.1 loaders (PyYAML, swagger-parser) turn into booleans. Single `y` and `n`
# count only as keys: as values they are far more often plain letters than booleans.
_YAML11_BOOL = re.compile(r"(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)\Z")
_YAML11_BOOL_KEY = re.compile(r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)\Z")

# The characters a YAML stream may hold (the same set in PyYAML's reader and libyaml's).
# The pure-Python reader checks the whole text before parsing, libyaml only as it reads
# (so a syntax error earlier in the file would win), and each says it differently: swaggen
# checks first, so both loaders give the same located answer.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# Line breaks as YAML counts them, which is how every other line in a message is counted.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# What PyYAML appends to its messages about the text it was given as a Python string.
_MARK_TEXT = re.compile(r'\s*in "<[^">]*>", (?:line \d+, column \d+|position \d+):?')

_STR_TAG = "tag:yaml.org,2002:str"
_EXPLICIT = {
    _STR_TAG: "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
}
_CONTAINER_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


# As in the JSON reader: int() refuses longer digit strings, and no API means one.
_MAX_DIGITS = 4300


def _long_integer(text: str) -> bool:
    """A decimal integer int() refuses (octal and hex have no such limit)."""
    return (
        len(text) > _MAX_DIGITS
        and _INT.match(text) is not None
        and (len(text.lstrip("+-")) > _MAX_DIGITS)
    )


def core_scalar(text: str) -> Any:
    """The value of a plain scalar under the YAML 1.2 core schema; a number written with more
    than 4,300 digits stays its text (the reader reports it)."""
    if _long_integer(text):
        return text
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


class _Frame:
    __slots__ = (
        "anchor",
        "container",
        "key",
        "key_line",
        "line",
        "pointer",
        "start_chars",
        "start_count",
    )

    def __init__(
        self, container: Any, pointer: str, anchor: str | None, count: int, chars: int, line: int
    ) -> None:
        self.container = container
        self.pointer = pointer
        self.line = line
        self.key: str | None = None
        self.key_line = 0
        self.anchor = anchor
        self.start_count = count
        self.start_chars = chars


def _copy_plain(value: Any) -> Any:
    """Deep copy of plain data without recursion (aliases are expanded into copies)."""
    if not isinstance(value, (dict, list)):
        return value
    root: Any = {} if isinstance(value, dict) else []
    stack: list[tuple[Any, Any]] = [(value, root)]
    while stack:
        source, target = stack.pop()
        items = source.items() if isinstance(source, dict) else enumerate(source)
        for key, item in items:
            copied: Any = item
            if isinstance(item, dict):
                copied = {}
                stack.append((item, copied))
            elif isinstance(item, list):
                copied = []
                stack.append((item, copied))
            if isinstance(target, dict):
                target[key] = copied
            else:
                target.append(copied)
    return root


class _Builder:
    def __init__(self, display: str, limits: Limits) -> None:
        self.display = display
        self.limits = limits
        self.lines: dict[str, int] = {}
        self.key_lines: dict[str, int] = {}
        self.scalar_text: dict[str, str] = {}
        self.notes: list[TypingNote] = []
        self.errors: list[Diagnostic] = []
        self.stack: list[_Frame] = []
        # anchor -> (value, nodes, characters, closed)
        self.anchors: dict[str, tuple[Any, int, int, bool]] = {}
        self.node_count = 0
        self.char_count = 0
        self.alias_nodes = 0
        self.alias_chars = 0
        self.documents: list[tuple[Any, int]] = []

    def error(self, line: int | None, pointer: str, message: str, code: str) -> None:
        self.errors.append(Diagnostic(Level.ERROR, self.display, line, pointer, message, code))

    def child_pointer(self) -> str:
        top = self.stack[-1]
        if isinstance(top.container, list):
            return jp.join(top.pointer, len(top.container))
        assert top.key is not None
        return jp.join(top.pointer, top.key)

    def expecting_key(self) -> bool:
        return (
            bool(self.stack)
            and isinstance(self.stack[-1].container, dict)
            and (self.stack[-1].key is None)
        )

    def attach(self, value: Any, line: int) -> None:
        if not self.stack:
            self.documents.append((value, line))
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
            return
        key = top.key
        assert key is not None
        top.key = None
        if key in top.container:
            pointer = jp.join(top.pointer, key)
            first = self.key_lines.get(pointer, "?")
            if self.limits.allow_duplicate_keys:
                self.notes.append(TypingNote(pointer, f"{top.key_line}:{first}", "duplicate-key"))
            else:
                self.error(
                    top.key_line,
                    pointer,
                    f"duplicate key {key!r} (first on line {first}); YAML would silently keep "
                    "only the last one (--allow-duplicate-keys accepts that)",
                    "duplicate-key",
                )
                return
        top.container[key] = value

    def scalar(self, event: Any) -> None:
        line = event.start_mark.line + 1
        text: str = event.value
        # Plain (unquoted, untagged) scalars are the only ones typed by content; the C
        # parser reports their style as "" and the pure-Python one as None.
        plain = event.style in (None, "") and event.tag in (None, "!")
        if event.tag not in (None, "!") and event.tag not in _EXPLICIT:
            self.error(line, self._where(), f"unsupported YAML tag {event.tag!r}", "yaml-tag")
            text = ""
        if self.expecting_key():
            self._key(text, plain, line)
            return
        if not self.stack:
            # A whole document that is one scalar: usually the empty document after
            # closing front matter. It records no line, so the spec's root keeps its own.
            self.attach(core_scalar(text) if plain else text, line)
            return
        pointer = self.child_pointer()
        check_string(text, self.limits, self.display, line, pointer)
        if plain and _long_integer(text):
            self.error(
                line,
                pointer,
                f"a number with more than {_MAX_DIGITS} digits; no API means one so long",
                "yaml-number",
            )
        value: Any = text
        if plain:
            value = core_scalar(text)
            if isinstance(value, str) and _YAML11_BOOL.match(text):
                self.notes.append(TypingNote(pointer, text, "yaml11-bool"))
        elif event.tag in _EXPLICIT and _EXPLICIT[event.tag] != "str":
            value = core_scalar(text)
        if not isinstance(value, str):
            self.scalar_text[pointer] = text
        self.lines[pointer] = line
        self.node_count += 1
        self.char_count += len(text)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1, len(text), True)
        self.attach(value, line)

    def _where(self) -> str:
        if not self.stack:
            return ""
        top = self.stack[-1]
        if isinstance(top.container, dict) and top.key is None:
            return top.pointer
        return self.child_pointer()

    def _key(self, text: str, plain: bool, line: int) -> None:
        top = self.stack[-1]
        check_string(text, self.limits, self.display, line, top.pointer)
        self.char_count += len(text)
        pointer = jp.join(top.pointer, text)
        if plain:
            typed = core_scalar(text)
            kind = None
            if isinstance(typed, bool):
                kind = "key-bool"
            elif isinstance(typed, int):
                kind = "key-int"
            elif isinstance(typed, float):
                kind = "key-float"
            elif typed is None:
                kind = "key-null"
            elif _YAML11_BOOL_KEY.match(text):
                kind = "yaml11-bool"
            if kind is not None:
                self.notes.append(TypingNote(pointer, text, kind))
        top.key = text
        top.key_line = line
        self.key_lines.setdefault(pointer, line)
        if pointer not in self.lines:
            self.lines[pointer] = line

    def start(self, event: Any, container: Any) -> None:
        line = event.start_mark.line + 1
        if event.tag not in (None, "!") and event.tag not in _CONTAINER_TAGS:
            self.error(line, self._where(), f"unsupported YAML tag {event.tag!r}", "yaml-tag")
        if self.expecting_key():
            raise fail(
                self.display,
                line,
                self.stack[-1].pointer,
                "a mapping key must be a plain string, not a mapping or a list",
                "complex-key",
            )
        pointer = self.child_pointer() if self.stack else ""
        if len(self.stack) >= self.limits.max_depth:
            raise fail(
                self.display,
                line,
                pointer,
                f"the document is nested more than {self.limits.max_depth} levels deep",
                "too-deep",
            )
        # A key's line is where the key is written, not where its block value starts.
        self.lines.setdefault(pointer, line)
        self.node_count += 1
        self.stack.append(
            _Frame(container, pointer, event.anchor, self.node_count, self.char_count, line)
        )

    def end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            size = self.node_count - frame.start_count + 1
            chars = self.char_count - frame.start_chars
            self.anchors[frame.anchor] = (frame.container, size, chars, True)
        self.attach(frame.container, frame.line)

    def start_anchor(self, anchor: str | None) -> None:
        if anchor:
            self.anchors[anchor] = (None, 0, 0, False)

    def alias(self, event: Any) -> None:
        line = event.start_mark.line + 1
        if self.expecting_key():
            raise fail(self.display, line, self.stack[-1].pointer, "aliases as keys", "complex-key")
        pointer = self.child_pointer() if self.stack else ""
        found = self.anchors.get(event.anchor)
        if found is None:
            raise fail(self.display, line, pointer, f"unknown alias *{event.anchor}", "yaml-alias")
        value, size, chars, closed = found
        if not closed:
            raise fail(
                self.display,
                line,
                pointer,
                f"alias *{event.anchor} refers to a node that contains it (a recursive alias)",
                "recursive-alias",
            )
        # Strings are shared, not copied, but everything after reading works on the
        # expanded text: one long string aliased 800 times made 2.6 GB of docstrings.
        self.alias_nodes += size
        self.alias_chars += chars
        for spent, limit, unit in (
            (self.alias_nodes, self.limits.max_alias_nodes, "nodes"),
            (self.alias_chars, self.limits.max_bytes, "characters"),
        ):
            if spent > limit:
                raise fail(
                    self.display,
                    line,
                    pointer,
                    f"YAML aliases expand to more than {limit} {unit} (an alias bomb?); "
                    "refusing to expand them",
                    "alias-limit",
                )
        self.node_count += size
        self.char_count += chars
        self.lines[pointer] = line
        self.attach(_copy_plain(value), line)


def parse_yaml(text: str, path: Path, display: str, limits: Limits) -> LoadedDocument:
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        raise _character_error(text, bad.start(), display)
    builder = _Builder(display, limits)
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.ScalarEvent):
                builder.scalar(event)
            elif isinstance(event, yaml.MappingStartEvent):
                builder.start_anchor(event.anchor)
                builder.start(event, {})
            elif isinstance(event, yaml.SequenceStartEvent):
                builder.start_anchor(event.anchor)
                builder.start(event, [])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                builder.end()
            elif isinstance(event, yaml.AliasEvent):
                builder.alias(event)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, display) from None
    except yaml.YAMLError as exc:
        raise _other_error(exc, text, display) from None
    if builder.errors:
        raise SpecError(builder.errors)
    documents = [(doc, line) for doc, line in builder.documents if doc is not None]
    if not documents:
        raise fail(display, None, "", "the spec file is empty", "empty")
    if len(documents) > 1:
        raise fail(
            display,
            documents[1][1],
            "",
            f"the file holds {len(documents)} YAML documents; a spec must be the only "
            "non-empty one (front matter '---' lines are fine)",
            "multiple-documents",
        )
    data, line = documents[0]
    builder.lines.setdefault("", line)
    return LoadedDocument(
        path=path,
        display=display,
        data=data,
        lines=LineIndex(builder.lines),
        scalar_text=builder.scalar_text,
        notes=tuple(builder.notes),
    )


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset, with YAML's line breaks."""
    line = 1
    start = 0
    for found in _BREAK.finditer(text, 0, index):
        line += 1
        start = found.end()
    return line, index - start + 1


def _character_error(text: str, index: int, display: str) -> SpecError:
    char = text[index]
    kind = "a control character" if unicodedata.category(char) == "Cc" else "a noncharacter"
    number = ord(char)
    escape = f"\\x{number:02x}" if number <= 0xFF else f"\\u{number:04x}"
    line, column = _line_and_column(text, index)
    return fail(
        display,
        line,
        "",
        f"YAML syntax error, column {column}: the character U+{number:04X} ({kind}) is not "
        f"allowed in YAML; remove it, or write it as the escape {escape} inside a "
        "double-quoted string",
        "yaml-syntax",
    )


def _syntax_error(exc: yaml.MarkedYAMLError, display: str) -> SpecError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    column = f", column {mark.column + 1}" if mark is not None else ""
    problem = _MARK_TEXT.sub("", exc.problem or exc.context or "invalid YAML")
    if "unicode" in problem.lower() and "escape" in problem.lower():
        problem = "a \\u escape that is not a valid Unicode character (a lone surrogate?)"
    elif exc.problem and exc.context and exc.context_mark is not None:
        context = _MARK_TEXT.sub("", exc.context)
        where = exc.context_mark
        problem += f" ({context} at line {where.line + 1}, column {where.column + 1})"
    return fail(display, line, "", f"YAML syntax error{column}: {problem}", "yaml-syntax")


def _other_error(exc: yaml.YAMLError, text: str, display: str) -> SpecError:
    """A YAML error without marks: a reader error (located here), or any other in words."""
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, int):
        index = text.find(chr(exc.character))
        if index >= 0:
            return _character_error(text, index, display)
    message = "; ".join(line.strip() for line in _MARK_TEXT.sub("", str(exc)).splitlines())
    return fail(display, None, "", f"YAML error: {message}", "yaml-syntax")
