"""Formatting: black in process, then proof that each file is valid Python 3.10 code.

Black is the slowest stage. Its result depends only on the text it is given (black is pinned
exactly), so results are remembered in memory, keyed by that text: generating again in the
same process, or generating a second package (whose runtime modules are the same text), skips
black for what it has already seen. Nothing read from disk is ever taken as black's answer.
"""

from __future__ import annotations

import ast
import hashlib
import os
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import metadata

import black

from .render import RenderedFile

BLACK_VERSION = metadata.version("black")
_POOL_THRESHOLD = 96
_MEMO_ENTRIES = 20_000


class GeneratedCodeError(Exception):
    """Generated code that does not compile: a swaggen bug, never written to disk."""


@dataclass(frozen=True)
class FormattedFile:
    path: str
    content: bytes


_memo: OrderedDict[str, str] = OrderedDict()


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@cache
def black_mode() -> black.Mode:
    return black.Mode(target_versions={black.mode.TargetVersion.PY310})


def _black(text: str) -> str:
    return black.format_str(text, mode=black_mode())


def format_files(files: list[RenderedFile]) -> list[FormattedFile]:
    """Format every Python file and check it compiles and keeps every escaped text."""
    todo = [f for f in files if f.python and _key(f.text) not in _memo]
    unique = list({_key(f.text): f for f in todo}.values())
    for file, text in zip(unique, _run_black(unique), strict=True):
        _remember(_key(file.text), text)
    formatted = []
    for file in files:
        text = _memo[_key(file.text)] if file.python else file.text
        if file.python:
            tree = check_compiles(file.path, text)
            check_texts_survive(file, tree)
        formatted.append(FormattedFile(file.path, text.encode("utf-8")))
    return formatted


def _remember(key: str, text: str) -> None:
    _memo[key] = text
    while len(_memo) > _MEMO_ENTRIES:
        _memo.popitem(last=False)


def _run_black(files: list[RenderedFile]) -> list[str]:
    texts = [f.text for f in files]
    workers = min(os.cpu_count() or 1, 8)
    if len(texts) >= _POOL_THRESHOLD and workers > 1:
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                return list(pool.map(_black_or_error, texts, chunksize=16))
        except (OSError, RuntimeError):
            pass
    return [_black_or_error(text) for text in texts]


def _black_or_error(text: str) -> str:
    try:
        return _black(text)
    except Exception as exc:  # black reports syntax errors many ways
        first = text.splitlines()[0][:80] if text else ""
        raise GeneratedCodeError(f"black could not format a file ({first!r}): {exc}") from None


def check_compiles(path: str, text: str) -> ast.Module:
    """Parse as Python 3.10 and compile: black accepts things CPython refuses (NUL bytes)."""
    if "\x00" in text:
        raise GeneratedCodeError(f"{path}: holds a NUL byte")
    try:
        tree = ast.parse(text, filename=path, feature_version=(3, 10))
        compile(tree, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        raise GeneratedCodeError(f"{path}: does not compile: {exc}") from None
    return tree


def check_texts_survive(file: RenderedFile, tree: ast.Module) -> None:
    """Every text that went through an escaper is in the formatted code, exactly.

    Docstrings must come back as the whole value of a string statement; literals as the
    whole value of a string constant.
    """
    statements: set[str] = set()
    constants: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            constants.add(node.value)
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            statements.add(node.value.value)
    for kind, text in file.escaped:
        found = statements if kind == "docstring" else constants
        if text not in found:
            raise GeneratedCodeError(
                f"{file.path}: a {kind} did not survive formatting exactly: {text[:60]!r}"
            )
