"""`$ref` checking and bundling, before any validator or resolver sees the document.

Every reference is classified by its text alone first: local pointers are followed in the
file that holds them; relative file references are read only when they resolve (symlinks
included) inside the spec's folder; absolute paths, `file:`, `http(s):`, scheme-relative
and every other scheme are refused with a located error, and nothing is read or fetched.
Files that pass are parsed with the same bounds as the spec and bundled into it, so the
rest of swaggen sees one document whose references are all local.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from . import pointer as jp
from .config import Limits
from .diagnostics import DiagnosticLog, SpecError, quote_text
from .source import LoadedDocument, read_document

METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SECTION = {"schema": "definitions", "items": "definitions"}
_SECTION |= {"parameter": "parameters", "response": "responses"}


@dataclass(frozen=True)
class Origin:
    """Where a part of the bundled document came from, for file:line in messages."""

    prefix: str
    document: LoadedDocument
    source_prefix: str
    # False when the spec itself writes the key at `prefix` (`definitions: {Pet: {$ref:
    # other.yaml#/Pet}}`) and only what is under it comes from `document`.
    holds_prefix: bool = True


@dataclass(frozen=True)
class FoundRef:
    holder: dict[str, Any]
    pointer: str  # pointer of the object that holds `$ref`, in its own document
    target: str
    kind: str


def walk_refs(node: Any, pointer: str, kind: str) -> Iterator[FoundRef]:
    """Every `$ref` in a structural position of a Swagger 2.0 (sub)document, iteratively.

    `$ref` keys inside examples, defaults, enums and `x-` extensions are data, not references.
    """
    stack: list[tuple[Any, str, str]] = [(node, pointer, kind)]
    while stack:
        value, here, what = stack.pop()
        if not isinstance(value, dict):
            continue
        if what != "root" and "$ref" in value:
            yield FoundRef(value, here, value["$ref"], what)
            continue
        for child, child_kind in _children(value, what):
            stack.append((value[child], jp.join(here, child), child_kind))
        for name, items_kind in _maps(value, what):
            entries = value.get(name)
            if isinstance(entries, dict):
                for key in reversed(list(entries)):
                    if not (name == "paths" and key.startswith("x-")):
                        stack.append((entries[key], jp.join(here, name, key), items_kind))
            elif isinstance(entries, list):
                for index in reversed(range(len(entries))):
                    stack.append((entries[index], jp.join(here, name, index), items_kind))


def _children(value: dict[str, Any], kind: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if kind == "path-item":
        found = [(m, "operation") for m in METHODS if m in value]
    elif kind in ("parameter", "response"):
        found = [("schema", "schema")] if "schema" in value else []
        if "items" in value:
            found.append(("items", "items"))
    elif kind in ("schema", "items"):
        for key in ("additionalProperties", "not", "additionalItems", "items"):
            if isinstance(value.get(key), dict):
                found.append((key, "schema" if kind == "schema" else "items"))
    return found


def _maps(value: dict[str, Any], kind: str) -> list[tuple[str, str]]:
    if kind == "root":
        return [
            ("paths", "path-item"),
            ("definitions", "schema"),
            ("parameters", "parameter"),
            ("responses", "response"),
        ]
    if kind == "path-item":
        return [("parameters", "parameter")]
    if kind == "operation":
        return [("parameters", "parameter"), ("responses", "response")]
    if kind == "response":
        return [("headers", "items")]
    if kind == "schema":
        maps = [("properties", "schema"), ("patternProperties", "schema")]
        maps += [("allOf", "schema"), ("anyOf", "schema"), ("oneOf", "schema")]
        maps += [("definitions", "schema")]
        if isinstance(value.get("items"), list):
            maps.append(("items", "schema"))
        return maps
    return []


class Bundle:
    """The spec with every reference local, and the origins of its parts."""

    def __init__(self, root: LoadedDocument) -> None:
        self.root = root
        self.data: dict[str, Any] = root.data
        self.origins: list[Origin] = [Origin("", root, "")]
        self.ref_edges: dict[str, str] = {}

    def origin_of(self, pointer: str) -> tuple[Origin, str]:
        """The part that holds a pointer of the bundle, and the pointer within its file."""
        best = self.origins[0]
        for origin in self.origins[1:]:
            if not jp.is_prefix(origin.prefix, pointer) or len(origin.prefix) <= len(best.prefix):
                continue
            if origin.holds_prefix or pointer != origin.prefix:
                best = origin
        return best, best.source_prefix + pointer[len(best.prefix) :]

    def locate(self, pointer: str) -> tuple[str, int | None]:
        """The file and line that hold a pointer of the bundle."""
        origin, inner = self.origin_of(pointer)
        return origin.document.display, origin.document.lines.line_of(inner)

    def source_pointer(self, pointer: str) -> str:
        """The pointer within that file: what a message shows, next to its file and line."""
        return self.origin_of(pointer)[1]

    def describe(self, pointer: str, file: str) -> str:
        """A pointer of the bundle as a message names it, seen from a message about `file`."""
        origin, inner = self.origin_of(pointer)
        display = origin.document.display
        return inner if display == file else f"{display}#{inner}"


class Bundler:
    def __init__(self, root: LoadedDocument, limits: Limits, log: DiagnosticLog) -> None:
        self.bundle = Bundle(root)
        self.limits = limits
        self.log = log
        self.root_dir = root.path.parent.resolve()
        self.documents: dict[Path, LoadedDocument] = {root.path.resolve(): root}
        self.placed: dict[tuple[Path, str], str] = {}
        self.inlined: set[tuple[Path, str]] = set()
        self.repeated_nodes = 0

    def run(self) -> Bundle:
        data = self.bundle.data
        found = list(walk_refs(data, "", "root"))
        self._prefer_definition_names(found)
        queue: list[tuple[FoundRef, LoadedDocument, str]] = [
            (ref, self.bundle.root, ref.pointer) for ref in found
        ]
        while queue:
            ref, document, bundled_pointer = queue.pop(0)
            target = self._resolve(ref, document, bundled_pointer, queue)
            local = isinstance(ref.target, str) and ref.target.startswith("#")
            # A definition that is only a reference to another file is replaced by the
            # content it names; a local reference to itself is a cycle, kept for the check.
            if target is not None and (target != bundled_pointer or local):
                ref.holder["$ref"] = "#" + jp.to_fragment(target)
                self.bundle.ref_edges[bundled_pointer] = target
        return self.bundle

    def _prefer_definition_names(self, found: list[FoundRef]) -> None:
        """`definitions: {Pet: {$ref: other.yaml#/Pet}}` gives that target the name Pet.

        So the target is bundled once, under the name the spec gave it, whichever
        reference reaches it first.
        """
        self.preferred: dict[tuple[Path, str], str] = {}
        root = self.bundle.root
        for ref in found:
            parts = jp.split(ref.pointer)
            if not (len(parts) == 2 and parts[0] == "definitions" and ref.kind == "schema"):
                continue
            if not isinstance(ref.target, str):
                continue
            location, _, fragment = ref.target.partition("#")
            if not location or self._refusal(location) is not None:
                continue
            try:
                target = jp.from_fragment(fragment)
            except UnicodeDecodeError:
                continue
            resolved = _resolved(root.path.parent / location)
            if resolved is None:
                continue
            key = (resolved, target)
            self.preferred.setdefault(key, parts[1])

    def _resolve(
        self,
        ref: FoundRef,
        document: LoadedDocument,
        here: str,
        queue: list[tuple[FoundRef, LoadedDocument, str]],
    ) -> str | None:
        at = jp.join(here, "$ref")
        text = ref.target
        if not isinstance(text, str):
            self.log.error(at, "$ref must be a string", "ref-not-string")
            return None
        location, _, fragment = text.partition("#")
        refusal = self._refusal(location)
        if refusal is not None:
            self.log.error(at, f"{quote_text(text)}: {refusal}", "ref-refused")
            return None
        try:
            target_pointer = jp.from_fragment(fragment)
            jp.split(target_pointer)
        except (UnicodeDecodeError, jp.PointerError) as exc:
            self.log.error(at, f"{quote_text(text)} is not a valid JSON pointer: {exc}", "ref")
            return None
        if location:
            loaded = self._load(document, location, at, text)
            if loaded is None:
                return None
            document = loaded
        if document is self.bundle.root:
            try:
                jp.resolve(document.data, target_pointer)
            except jp.PointerError as exc:
                return self._dangling(ref, target_pointer, at, text, str(exc))
            return target_pointer
        return self._place(ref, here, document, target_pointer, at, text, queue)

    def _refusal(self, location: str) -> str | None:
        if not location:
            return None
        lowered = location.lower()
        if lowered.startswith(("http:", "https:")) or location.startswith("//"):
            return (
                "remote references are refused: swaggen never fetches over the network. "
                "Download the file into the spec's folder and refer to it by relative path"
            )
        if lowered.startswith("file:"):
            return (
                "file: URLs are refused; refer to files inside the spec's folder by "
                "relative path"
            )
        if _SCHEME.match(location):
            return f"the URI scheme {location.split(':', 1)[0]!r} is not supported"
        if location.startswith(("/", "\\")) or PurePosixPath(location).is_absolute():
            return (
                "absolute paths are refused; refer to files inside the spec's folder by "
                "relative path"
            )
        if "\x00" in location:
            return "the path holds a NUL character"
        return None

    def _load(
        self, document: LoadedDocument, location: str, at: str, text: str
    ) -> LoadedDocument | None:
        candidate = _resolved(document.path.parent / location)
        if candidate is None:
            self.log.error(
                at,
                f"{quote_text(text)}: the path cannot be resolved (a symlink loop, or a name "
                "too long for the file system)",
                "ref-missing",
            )
            return None
        if not candidate.is_relative_to(self.root_dir):
            self.log.error(
                at,
                f"{quote_text(text)} points outside the spec's folder; swaggen reads only "
                "files inside it",
                "ref-outside",
            )
            return None
        if candidate in self.documents:
            return self.documents[candidate]
        display = str(Path(self.bundle.root.display).parent / candidate.relative_to(self.root_dir))
        if not candidate.is_file():
            self.log.error(at, f"{quote_text(text)}: file not found: {display}", "ref-missing")
            return None
        if len(self.documents) >= self.limits.max_ref_files:
            self.log.error(at, "too many referenced files", "ref-limit")
            return None
        try:
            loaded = read_document(candidate, display, self.limits)
        except SpecError as exc:
            for diagnostic in exc.diagnostics:
                where = display if diagnostic.line is None else f"{display}:{diagnostic.line}"
                if diagnostic.pointer:
                    where += f" at #{diagnostic.pointer}"
                self.log.error(at, f"in {where}: {diagnostic.message}", f"ref-{diagnostic.code}")
            return None
        self.documents[candidate] = loaded
        return loaded

    def _place(
        self,
        ref: FoundRef,
        here: str,
        document: LoadedDocument,
        pointer: str,
        at: str,
        text: str,
        queue: list[tuple[FoundRef, LoadedDocument, str]],
    ) -> str | None:
        key = (document.path.resolve(), pointer)
        if key in self.placed:
            return self.placed[key]
        try:
            content = jp.resolve(document.data, pointer)
        except jp.PointerError as exc:
            close = _near_miss(document.data, pointer)
            hint = ""
            if close is not None:
                fixed = text.partition("#")[0] + "#" + jp.to_fragment(close)
                hint = f"; did you mean {quote_text(fixed)}?"
            self.log.error(at, f"{quote_text(text)} does not resolve: {exc}{hint}", "ref-missing")
            return None
        if not isinstance(content, dict):
            self.log.error(at, f"{quote_text(text)} does not point to an object", "ref")
            return None
        section_name = _SECTION.get(ref.kind)
        if section_name is None:
            return self._inline(ref, here, document, pointer, content, queue)
        section = self.bundle.data.setdefault(section_name, {})
        name = self.preferred.get(key)
        named_by_spec = name is not None
        if name is None:
            tokens = jp.split(pointer)
            base = tokens[-1] if tokens else document.path.stem
            name = base
            counter = 2
            while name in section:
                name = f"{base}_{counter}"
                counter += 1
        placed = jp.join("", section_name, name)
        self.placed[key] = placed
        copy = _copy(content)
        section[name] = copy
        self.bundle.origins.append(Origin(placed, document, pointer, not named_by_spec))
        for inner in walk_refs(copy, pointer, ref.kind):
            bundled = placed + inner.pointer[len(pointer) :]
            queue.append((inner, document, bundled))
        return placed

    def _inline(
        self,
        ref: FoundRef,
        bundled: str,
        document: LoadedDocument,
        pointer: str,
        content: dict[str, Any],
        queue: list[tuple[FoundRef, LoadedDocument, str]],
    ) -> str | None:
        """A path item from another file takes the place of the reference to it.

        Each reference gets its own copy, so, as with YAML aliases, the copies after the
        first are counted: 3,000 references to one large path item once took 12 GB.
        """
        key = (document.path.resolve(), pointer)
        budget = self.limits.max_alias_nodes
        if key in self.inlined:
            if self.repeated_nodes > budget:
                return None  # said once already
            self.repeated_nodes += _size(content, budget - self.repeated_nodes + 1)
            if self.repeated_nodes > budget:
                self.log.error(
                    jp.join(bundled, "$ref"),
                    "path items referenced again and again expand to more than "
                    f"{budget} nodes; refusing to copy them",
                    "ref-limit",
                )
                return None
        self.inlined.add(key)
        copy = _copy(content)
        ref.holder.clear()
        ref.holder.update(copy)
        self.bundle.origins.append(Origin(bundled, document, pointer))
        for inner in walk_refs(ref.holder, pointer, ref.kind):
            queue.append((inner, document, bundled + inner.pointer[len(pointer) :]))
        return None

    def _dangling(self, ref: FoundRef, target: str, at: str, text: str, reason: str) -> str | None:
        tokens = jp.split(target)
        section = tokens[0] if tokens else ""
        existing = self.bundle.data.get(section)
        names = list(existing) if isinstance(existing, dict) else []
        joined = "/".join(tokens[1:])
        # A reference from another file into the spec keeps naming the spec's file.
        location = text.partition("#")[0]
        if len(tokens) > 2 and joined in names:
            fixed = location + "#/" + section + "/" + jp.escape(joined).replace(" ", "%20")
            self.log.error(
                at,
                f"{quote_text(text)} points to {jp.build(tokens[:2])} -> {tokens[2]!r}, "
                f"which does not exist; for the {section[:-1] if section else ''} "
                f"named {joined!r} write {fixed}",
                "ref-missing",
            )
            return None
        close = difflib.get_close_matches(tokens[-1] if tokens else "", names, n=1)
        if close:
            self.log.error(
                at,
                f"{quote_text(text)} does not exist; did you mean "
                f"'{location}#/{section}/{jp.escape(close[0])}'?",
                "ref-missing",
            )
            return None
        if ref.kind == "schema" and len(tokens) == 2 and section == "definitions":
            definitions = self.bundle.data.setdefault("definitions", {})
            if not isinstance(definitions, dict):
                self.log.error(at, "/definitions is not a mapping", "ref-missing")
                return None
            definitions[tokens[1]] = {"type": "object", "x-swaggen-dangling": True}
            self.log.warning(
                at,
                f"{quote_text(text)} does not exist (the spec defines no such definition); "
                f"assumed a free-form object and generated an alias {tokens[1]!r} for it",
                "dangling-ref",
            )
            return target
        self.log.error(at, f"{quote_text(text)} does not resolve: {reason}", "ref-missing")
        return None


def _near_miss(data: Any, pointer: str) -> str | None:
    """The pointer a reader most likely meant: the first missing name replaced by the
    closest existing one (the rest kept when it then resolves), or None if none is close."""
    tokens = jp.split(pointer)
    node = data
    for index, token in enumerate(tokens):
        if isinstance(node, dict) and token in node:
            node = node[token]
            continue
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
            continue
        if not isinstance(node, dict):
            return None
        close = difflib.get_close_matches(token, [str(key) for key in node], n=1)
        if not close:
            return None
        fixed = jp.build([*tokens[:index], close[0], *tokens[index + 1 :]])
        try:
            jp.resolve(data, fixed)
        except jp.PointerError:
            fixed = jp.build([*tokens[:index], close[0]])
        return fixed
    return None


def _resolved(path: Path) -> Path | None:
    """The real path, or None where the file system cannot say (a symlink loop raises
    RuntimeError before Python 3.13, a 5,000-character name OSError)."""
    try:
        resolved = path.resolve()
        resolved.is_file()
    except (OSError, RuntimeError):
        return None
    return resolved


def _size(value: Any, most: int) -> int:
    """How many mappings, lists and scalars a value holds, counting no further than `most`."""
    count, stack = 0, [value]
    while stack and count < most:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def find_ref_cycles(edges: dict[str, str]) -> list[list[str]]:
    """Cycles among objects that are nothing but a `$ref`: they can never be resolved."""
    state: dict[str, int] = {}
    cycles: list[list[str]] = []
    for start in edges:
        if start in state:
            continue
        path: list[str] = []
        index: dict[str, int] = {}
        node: str | None = start
        while node is not None and node in edges and node not in state:
            index[node] = len(path)
            state[node] = 1
            path.append(node)
            node = edges[node]
        if node is not None and state.get(node) == 1 and node in index:
            cycles.append([*path[index[node] :], node])
        for visited in path:
            state[visited] = 2
    return cycles


def bundle_document(root: LoadedDocument, limits: Limits, log: DiagnosticLog) -> Bundle:
    """Check and bundle every reference of `root`.

    From here on the log takes pointers into the bundle and shows each finding where its
    text is written: the file that holds it, the line, and the pointer within that file.
    """
    bundler = Bundler(root, limits, log)
    log.set_locator(bundler.bundle.locate)
    log.set_pointer_map(bundler.bundle.source_pointer)
    bundle = bundler.run()
    for cycle in find_ref_cycles(bundle.ref_edges):
        file = bundle.locate(cycle[0])[0]
        log.error(
            cycle[0],
            "reference cycle with no schema: "
            + " -> ".join(bundle.describe(pointer, file) for pointer in cycle),
            "ref-cycle",
        )
    return bundle
