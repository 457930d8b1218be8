"""Diagnostics as values: gathered while loading and normalizing, printed once by the CLI."""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

MAX_MESSAGE_CHARS = 400


class Level(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One located finding: where (file, line, JSON pointer), what, and what was assumed."""

    level: Level
    file: str
    line: int | None
    pointer: str
    message: str
    code: str

    def format(self) -> str:
        """One terminal-safe line: `file:line: level: #/pointer: message [code]`."""
        where = terminal_safe(self.file, 200)
        if self.line is not None:
            where += f":{self.line}"
        pointer = terminal_safe("#" + self.pointer, 200)
        text = terminal_safe(self.message, MAX_MESSAGE_CHARS)
        return f"{where}: {self.level.value}: {pointer}: {text} [{self.code}]"


class SpecError(Exception):
    """Raised when a spec cannot be generated; carries every diagnostic found so far."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        errors = [d for d in self.diagnostics if d.level is Level.ERROR]
        first = errors[0].format() if errors else "invalid spec"
        more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
        super().__init__(first + more)


LineLookup = Callable[[str], "tuple[str, int | None]"]
PointerMap = Callable[[str], str]


class DiagnosticLog:
    """Collects diagnostics for one spec; turns warnings into errors under --strict."""

    def __init__(self, locate: LineLookup, *, strict: bool) -> None:
        self._locate = locate
        self._shown: PointerMap | None = None
        self._strict = strict
        self._items: list[Diagnostic] = []
        self._seen: set[tuple[str, str, str, str]] = set()
        self._blocking = 0

    def set_locator(self, locate: LineLookup) -> None:
        self._locate = locate

    def set_pointer_map(self, shown: PointerMap) -> None:
        """Pointers given from now on may differ from the pointers a reader should see
        (those of a bundle of several files): `shown` maps them to the pointer within the
        file `locate` names, and each diagnostic carries that one."""
        self._shown = shown

    def error(self, pointer: str, message: str, code: str, *, blocking: bool = True) -> None:
        """A refusal. `blocking`: later stages cannot work around it, so the run stops at the
        end of this stage; otherwise later stages still run and report their findings too."""
        if self._add(Level.ERROR, pointer, message, code) and blocking:
            self._blocking += 1

    def warning(self, pointer: str, message: str, code: str) -> None:
        """A repair; under --strict an error, but one that lets every later stage run, so
        one run lists every finding."""
        if self._strict:
            self._add(Level.ERROR, pointer, message + " (an error under --strict)", code)
        else:
            self._add(Level.WARNING, pointer, message, code)

    def _add(self, level: Level, pointer: str, message: str, code: str) -> bool:
        file, line = self._locate(pointer)
        if self._shown is not None:
            pointer = self._shown(pointer)
        key = (file, pointer, message, code)
        if key in self._seen:
            return False
        self._seen.add(key)
        self._items.append(Diagnostic(level, file, line, pointer, message, code))
        return True

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(self._items)

    @property
    def has_errors(self) -> bool:
        return any(d.level is Level.ERROR for d in self._items)

    def raise_if_blocked(self) -> None:
        """Between stages: stop only for errors the next stage cannot work around."""
        if self._blocking:
            raise SpecError(self._items)

    def raise_if_errors(self) -> None:
        """At the end: any error, --strict ones included, refuses the spec."""
        if self.has_errors:
            raise SpecError(self._items)


_SAFE_CATEGORIES = {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No"}
_SAFE_CATEGORIES |= {"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So"}


def terminal_safe(text: str, limit: int) -> str:
    """Escape anything that could move the cursor, recolour, hide or reorder terminal text.

    Only letters, marks, digits, punctuation, symbols and the plain space pass through;
    everything else (C0/C1 controls, DEL, bidi overrides, line and paragraph separators,
    surrogates, unassigned code points) becomes a visible escape.  Long texts are cut.
    """
    out: list[str] = []
    length = 0
    for index, char in enumerate(text):
        if char == " " or unicodedata.category(char) in _SAFE_CATEGORIES:
            piece = char
        elif char == "\n":
            piece = "\\n"
        elif char == "\t":
            piece = "\\t"
        elif char == "\r":
            piece = "\\r"
        elif ord(char) <= 0xFF:
            piece = f"\\x{ord(char):02x}"
        elif ord(char) <= 0xFFFF:
            piece = f"\\u{ord(char):04x}"
        else:
            piece = f"\\U{ord(char):08x}"
        if length + len(piece) > limit:
            out.append(f"... ({len(text) - index} more characters)")
            break
        out.append(piece)
        length += len(piece)
    return "".join(out)


def quote_text(text: str, limit: int = 80) -> str:
    """A spec value quoted for a message: escaped and cut, never echoed in bulk."""
    return "'" + terminal_safe(text, limit) + "'"
