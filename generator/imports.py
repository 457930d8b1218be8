"""Imports of generated modules as data: collected, de-duplicated, sorted, then rendered."""

from __future__ import annotations

from dataclasses import dataclass, field

from .escaping import Code, py_identifier

_THIRD_PARTY = {"httpx"}


@dataclass(frozen=True, order=True)
class Import:
    module: str
    name: str = ""
    alias: str = ""


def _group(module: str) -> int:
    if module == "__future__":
        return 0
    if module.startswith("."):
        return 3
    if module.split(".")[0] in _THIRD_PARTY:
        return 2
    return 1


def _module_path(module: str) -> str:
    dots = len(module) - len(module.lstrip("."))
    parts = [p for p in module[dots:].split(".") if p]
    for part in parts:
        py_identifier(part)
    return "." * dots + ".".join(parts)


@dataclass
class ImportSet:
    items: set[Import] = field(default_factory=set)

    def module(self, module: str, alias: str = "") -> None:
        self.items.add(Import(module, "", alias))

    def name(self, module: str, name: str, alias: str = "") -> None:
        self.items.add(Import(module, name, alias))

    def lines(self) -> list[Code]:
        """`import x` and `from x import a, b` lines, grouped like isort, blank between groups."""
        lines: list[Code] = []
        previous = None
        for group in range(4):
            plain = sorted(i for i in self.items if not i.name and _group(i.module) == group)
            named: dict[str, list[Import]] = {}
            for item in sorted(i for i in self.items if i.name and _group(i.module) == group):
                named.setdefault(item.module, []).append(item)
            block: list[Code] = []
            for item in plain:
                if item.module.startswith("."):
                    dots = len(item.module) - len(item.module.lstrip("."))
                    parent = "." * dots + item.module[dots:].rpartition(".")[0]
                    leaf = item.module[dots:].rpartition(".")[2]
                    text = f"from {_module_path(parent) or '.'} import {py_identifier(leaf)}"
                else:
                    text = f"import {_module_path(item.module)}"
                if item.alias:
                    text += f" as {py_identifier(item.alias)}"
                block.append(Code(text))
            for module, imports in named.items():
                names = ", ".join(
                    py_identifier(i.name) + (f" as {py_identifier(i.alias)}" if i.alias else "")
                    for i in sorted(imports, key=_by_type)
                )
                block.append(Code(f"from {_module_path(module)} import {names}"))
            if block:
                if previous is not None:
                    lines.append(Code(""))
                lines.extend(block)
                previous = group
        return lines


def _by_type(item: Import) -> tuple[int, str]:
    """isort's order within one `from` import: CONSTANTS, then Classes, then functions."""
    name = item.name
    if name.isupper() and len(name) > 1:
        return 0, name
    if name[:1].isupper():
        return 1, name.lower()
    return 2, name.lower()
