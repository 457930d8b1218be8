"""Formatting: black in process, then proof that each file is valid Python 3.10 code.

Black is by far the slowest stage, so its results are reused: the manifest of a package
records, per file, a hash of the text black was given and of what it returned.  When a file
renders to the same text again and the file on disk still has the recorded hash, the file
on disk *is* black's answer (same input, same pinned black), and black is skipped.
"""

from __future__ import annotations

import ast
import hashlib
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import metadata

import black

from .render import RenderedFile

BLACK_VERSION = metadata.version("black")
_POOL_THRESHOLD = 96


class GeneratedCodeError(Exception):
    """Generated code that does not compile: a swaggen bug, never written to disk."""


@dataclass(frozen=True)
class FormattedFile:
    path: str
    content: bytes
    rendered_hash: str


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


@cache
def black_mode() -> black.Mode:
    return black.Mode(target_versions={black.mode.TargetVersion.PY310})


def _black(text: str) -> str:
    return black.format_str(text, mode=black_mode())


def format_files(
    files: list[RenderedFile], reusable: Mapping[str, tuple[str, bytes]]
) -> list[FormattedFile]:
    """Format every Python file (reusing earlier results when valid) and check it compiles.

    `reusable` maps a path to (hash of the text black was given, black's output) for files
    whose output on disk was verified against the manifest.
    """
    hashes = [digest(f.text.encode("utf-8")) for f in files]
    todo: list[int] = []
    results: dict[int, str] = {}
    for index, (file, rendered_hash) in enumerate(zip(files, hashes, strict=True)):
        if not file.python:
            results[index] = file.text
            continue
        previous = reusable.get(file.path)
        if previous is not None and previous[0] == rendered_hash:
            results[index] = previous[1].decode("utf-8")
        else:
            todo.append(index)
    for index, text in zip(todo, _run_black([files[i] for i in todo]), strict=True):
        results[index] = text
    formatted = []
    for index, (file, rendered_hash) in enumerate(zip(files, hashes, strict=True)):
        text = results[index]
        if file.python:
            tree = check_compiles(file.path, text)
            check_texts_survive(file, tree)
        formatted.append(FormattedFile(file.path, text.encode("utf-8"), rendered_hash))
    return formatted


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
    except Exception as exc:
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
