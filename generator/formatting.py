"""Formatting: black in process, then proof that each file is valid Python 3.10 code."""

from __future__ import annotations

import ast
from functools import cache

import black

from .render import RenderedFile


class GeneratedCodeError(Exception):
    """Generated code that does not compile: a swaggen bug, never written to disk."""


@cache
def black_mode() -> black.Mode:
    return black.Mode(target_versions={black.mode.TargetVersion.PY310})


def format_file(file: RenderedFile) -> RenderedFile:
    if not file.python:
        return file
    try:
        text = black.format_str(file.text, mode=black_mode())
    except Exception as exc:
        raise GeneratedCodeError(f"{file.path}: black could not format it: {exc}") from None
    tree = check_compiles(file.path, text)
    check_texts_survive(file, tree)
    return RenderedFile(file.path, text, True, file.escaped)


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
