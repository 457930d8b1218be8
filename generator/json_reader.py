"""JSON to plain data through the `json` module; lines are found only when a message needs one."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import pointer as jp
from .config import Limits
from .diagnostics import Diagnostic, Level, SpecError
from .source import LineIndex, LoadedDocument, TypingNote, check_string, fail

# A string token without a backtracking point per character: a 30-million-character string
# must not cost gigabytes.  Possessive repeats (3.11+) make escapes cheap too; 3.10 gets the
# unrolled loop, fast for plain text.
_STRING = r'"(?:[^"\\]++|\\.)*+"' if sys.version_info >= (3, 11) else r'"[^"\\]*(?:\\.[^"\\]*)*"'
# Python's own limit on the digits of an integer it converts from text (3.11+).
_MAX_DIGITS = 4300
_TOKEN = re.compile(_STRING + r'|[{}\[\],:]|[^\s{}\[\],:"]+', re.S)


def parse_json(text: str, path: Path, display: str, limits: Limits) -> LoadedDocument:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) != len(items):
            duplicates.append("")
        return result

    def constant(name: str) -> Any:
        raise _Constant(name)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise fail(
            display,
            exc.lineno,
            "",
            f"JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            "json-syntax",
        ) from None
    except _Constant as exc:
        name = exc.name
        line, column = _token_position(text, lambda token: token == name)
        raise fail(
            display,
            line,
            "",
            f"JSON syntax error at line {line}, column {column}: {name} is not valid JSON",
            "json-syntax",
        ) from None
    except ValueError as exc:
        if "integer string conversion" not in str(exc):
            raise fail(display, None, "", f"JSON error: {exc}", "json-syntax") from None
        line, column = _token_position(text, lambda token: len(token) > _MAX_DIGITS)
        raise fail(
            display,
            line,
            "",
            f"a number at line {line}, column {column} has more than {_MAX_DIGITS} digits; "
            "no API means one so long",
            "json-syntax",
        ) from None
    except RecursionError:
        raise fail(
            display,
            None,
            "",
            f"the document is nested more than {limits.max_depth} levels deep",
            "too-deep",
        ) from None
    lines = LineIndex(builder=lambda: scan_lines(text)[0])
    notes: tuple[TypingNote, ...] = ()
    if duplicates and limits.allow_duplicate_keys:
        _, found = scan_lines(text)
        notes = tuple(TypingNote(pointer, f"{line}:?", "duplicate-key") for pointer, line in found)
    elif duplicates:
        _, found = scan_lines(text)
        raise SpecError(
            Diagnostic(
                Level.ERROR,
                display,
                line,
                pointer,
                f"duplicate key {jp.split(pointer)[-1]!r}; JSON parsers keep only one of them "
                "(--allow-duplicate-keys accepts the last)",
                "duplicate-key",
            )
            for pointer, line in found
        )
    check_tree(data, limits, display, lines)
    return LoadedDocument(path, display, data, lines, {}, notes)


class _Constant(ValueError):
    """`NaN`, `Infinity` or `-Infinity`: Python's json module reads them, JSON has none."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _token_position(text: str, wanted: Callable[[str], bool]) -> tuple[int, int]:
    """Line and column (1-based) of the first bare token `wanted`, outside every string."""
    for match in _TOKEN.finditer(text):
        if not match.group().startswith('"') and wanted(match.group()):
            start = match.start()
            return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)
    return 1, 1


def _check_string(
    value: str, limits: Limits, display: str, lines: LineIndex, pointer: str, at: str
) -> None:
    """`check_string`, with the line of `at` found only if the string is refused."""
    try:
        check_string(value, limits, display, None, pointer)
    except SpecError as exc:
        line = lines.line_of(at)
        raise SpecError(dataclasses.replace(d, line=line) for d in exc.diagnostics) from None


def check_tree(data: Any, limits: Limits, display: str, lines: LineIndex) -> None:
    """Depth and string bounds over the parsed tree, without recursion."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        node, pointer, depth = stack.pop()
        if depth > limits.max_depth:
            raise fail(
                display,
                lines.line_of(pointer),
                pointer,
                f"the document is nested more than {limits.max_depth} levels deep",
                "too-deep",
            )
        if isinstance(node, dict):
            for key, value in node.items():
                child = jp.join(pointer, key)
                _check_string(key, limits, display, lines, pointer, child)
                stack.append((value, child, depth + 1))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                stack.append((value, jp.join(pointer, index), depth + 1))
        elif isinstance(node, str):
            _check_string(node, limits, display, lines, pointer, pointer)


def scan_lines(text: str) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """Line of every value's JSON pointer, and the pointers of duplicate keys.

    A small iterative tokenizer: it runs only when a diagnostic needs a line number.
    """
    lines: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    # frames: [pointer, is_object, next_index, pending_key, seen_keys]
    stack: list[list[Any]] = []
    line = 1
    position = 0
    expecting_key = False
    for match in _TOKEN.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        token = match.group()
        if token in (",", ":"):
            if token == "," and stack and stack[-1][1]:
                expecting_key = True
            continue
        if token in ("}", "]"):
            if stack:
                stack.pop()
            expecting_key = False
            continue
        if expecting_key and token.startswith('"'):
            frame = stack[-1]
            key = json.loads(token)
            frame[3] = key
            pointer = jp.join(frame[0], key)
            if key in frame[4]:
                duplicates.append((pointer, line))
            frame[4].add(key)
            lines.setdefault(pointer, line)
            expecting_key = False
            continue
        if not stack:
            pointer = ""
        elif stack[-1][1]:
            pointer = jp.join(stack[-1][0], stack[-1][3])
        else:
            pointer = jp.join(stack[-1][0], stack[-1][2])
            stack[-1][2] += 1
        lines[pointer] = line
        if token == "{":
            stack.append([pointer, True, 0, None, set()])
            expecting_key = True
        elif token == "[":
            stack.append([pointer, False, 0, None, set()])
    return lines, duplicates
