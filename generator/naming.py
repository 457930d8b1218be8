"""Python names for spec names: settled once, here, by allow-list; wire names are kept apart.

Every identifier that reaches generated code is built from `[A-Za-z0-9_]` only, never starts
with a digit or an underscore, is not a keyword, avoids the names a scope reserves, and is
unique in its scope (case-insensitively where it becomes a file name).
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
import unicodedata
from collections.abc import Iterable, Sequence

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
# Names Windows reserves for devices: as file names (any case, any extension) they break.
_WINDOWS_RESERVED = re.compile(r"(?:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])\Z", re.I)
MAX_NAME = 80

# The same on every Python swaggen runs on, so output never depends on the interpreter:
# builtins of this one plus those that newer or older ones add.
BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_")) | {
    "BaseExceptionGroup",
    "EncodingWarning",
    "ExceptionGroup",
    "PythonFinalizationError",
    "aiter",
    "anext",
}
# `match`, `case` and `type` are soft keywords but valid names everywhere; `_` is not a
# name anyone wants.
SOFT_KEYWORDS = frozenset({"_"})

_SYMBOL_WORDS = {
    "+": "plus",
    "-": "minus",
    "*": "star",
    "/": "slash",
    "\\": "backslash",
    ".": "dot",
    ",": "comma",
    "<": "lt",
    ">": "gt",
    "=": "eq",
    "!": "not",
    "%": "percent",
    "&": "and",
    "|": "or",
    "@": "at",
    "#": "hash",
    "$": "dollar",
    "~": "tilde",
    "^": "caret",
    "?": "question",
    ":": "colon",
    ";": "semicolon",
    "'": "quote",
    '"': "dquote",
    "(": "lparen",
    ")": "rparen",
    "[": "lbracket",
    "]": "rbracket",
    "{": "lbrace",
    "}": "rbrace",
    " ": "space",
    "_": "underscore",
}


def ascii_words(text: str) -> list[str]:
    """Split any text into ASCII words: accents folded, camelCase and acronyms split."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if c.isascii())
    words: list[str] = []
    for chunk in _NOT_ALNUM.split(folded):
        if chunk:
            words.extend(w for w in _WORD_BOUNDARY.split(chunk) if w)
    return words


def _symbolic_words(text: str) -> list[str]:
    """Words for values made of digits and symbols only, so `5+` and `5-` stay apart."""
    words: list[str] = []
    digits = ""
    for char in text:
        if char.isascii() and char.isdigit():
            digits += char
            continue
        if digits:
            words.append(digits)
            digits = ""
        word = _SYMBOL_WORDS.get(char)
        if word is None:
            word = f"u{ord(char):04x}"
        words.append(word)
    if digits:
        words.append(digits)
    return words


def snake_case(text: str) -> str:
    return "_".join(word.lower() for word in ascii_words(text))


def pascal_case(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in ascii_words(text))


def upper_snake_case(text: str) -> str:
    words = ascii_words(text)
    if not any(c.isalpha() for c in "".join(words)) and text.strip():
        words = _symbolic_words(text)
    return "_".join(word.upper() for word in words)


def keep_case(text: str) -> str:
    """The wire name itself when it is already a plain identifier, else a sanitized one."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if c.isascii())
    cleaned = _NOT_ALNUM.sub("_", folded).strip("_")
    return re.sub("_+", "_", cleaned)


def identifier(
    text: str,
    *,
    style: str,
    digit_prefix: str,
    empty: str,
    reserved: Iterable[str] = (),
    file_name: bool = False,
) -> str:
    """A valid, non-keyword identifier for `text` in one naming style.

    `file_name`: the name also becomes a file, so Windows device names (`aux`, `con`, ...)
    get a `_` too.
    """
    if style == "snake":
        name = snake_case(text)
    elif style == "pascal":
        name = pascal_case(text)
    elif style == "upper":
        name = upper_snake_case(text)
    elif style == "keep":
        name = keep_case(text)
    else:
        raise ValueError(f"unknown naming style {style!r}")
    if not name:
        name = empty
    if name[0].isdigit():
        joiner = "" if style == "pascal" else "_"
        name = f"{digit_prefix}{joiner}{name}"
    if len(name) > MAX_NAME:
        # File systems cap names at 255 bytes; a long name keeps its start and a stable hash.
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        name = f"{name[: MAX_NAME - 9]}_{digest}"
    if keyword.iskeyword(name) or name in SOFT_KEYWORDS or name in set(reserved):
        name += "_"
    if file_name and _WINDOWS_RESERVED.match(name):
        name += "_"
    if not _IDENTIFIER.match(name):
        raise AssertionError(f"naming produced an invalid identifier: {name!r}")
    return name


class NameScope:
    """Hands out unique names in one scope, in a deterministic order.

    `fold_case` makes `Pets` and `pets` collide, for names that become file names on
    case-insensitive file systems. Reserved names are Python's, so they clash only exactly:
    a class `Int` is free although `int` is reserved.
    """

    def __init__(self, reserved: Iterable[str] = (), *, fold_case: bool = False) -> None:
        self._fold_case = fold_case
        self._reserved = frozenset(reserved)
        self._used: set[str] = set()
        self._next: dict[str, int] = {}

    def _key(self, name: str) -> str:
        return name.casefold() if self._fold_case else name

    def is_free(self, name: str) -> bool:
        return name not in self._reserved and self._key(name) not in self._used

    def claim(self, name: str) -> str:
        """`name` itself when free, else `name_2`, `name_3`, ...; the result is taken."""
        candidate = name
        # Remember where the suffixes of each name got to: claiming one name n times
        # stays linear, however many names collide.
        counter = self._next.get(self._key(name), 2)
        joiner = "" if name.endswith("_") else "_"
        while not self.is_free(candidate):
            candidate = f"{name}{joiner}{counter}"
            counter += 1
        self._next[self._key(name)] = counter
        self._used.add(self._key(candidate))
        return candidate

    def claim_all(self, candidates: Sequence[str], originals: Sequence[str]) -> list[str]:
        """Unique names for a list; a name equal to its original text wins ties.

        So among `in stock`, `in-stock` and `IN_STOCK` the value `IN_STOCK` keeps
        `IN_STOCK` and the others get suffixes, whatever order the spec lists them in.
        """
        result: list[str | None] = [None] * len(candidates)
        exact = [i for i, (c, o) in enumerate(zip(candidates, originals, strict=False)) if c == o]
        taken = set(exact)
        rest = [i for i in range(len(candidates)) if i not in taken]
        for index in exact + rest:
            result[index] = self.claim(candidates[index])
        return [name for name in result if name is not None]


# Names that generated code uses unqualified, by scope.
MODULE_LEVEL_NAMES = frozenset(
    {"Any", "Unset", "UNSET", "TYPE_CHECKING", "annotations", "datetime", "dataclasses"}
    | {"enum", "typing", "httpx", "Client", "AsyncClient", "ApiResponse", "File"}
)
MODEL_HELPER_NAMES = frozenset(
    {"to_dict", "from_dict", "additional_properties", "_fields_", "_discriminator_"}
)
# Names a model's class body evaluates (its annotations and decorators): a field with one of
# these names would shadow it inside the class. Other builtins (`id`, `type`, `format`) are
# fine as field names and stay.
CLASS_BODY_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "tuple", "classmethod"}
)
FIELD_RESERVED = (
    CLASS_BODY_NAMES | MODULE_LEVEL_NAMES | MODEL_HELPER_NAMES | {"self", "cls", "field"}
)
PARAM_RESERVED = frozenset({"self", "cls", "client"})
# The package's own exceptions: a model named like one would hide it where both are imported.
ERROR_NAMES = frozenset({"ApiError", "DecodeError", "InvalidArgument", "MissingCredentials"})
CLASS_RESERVED = BUILTIN_NAMES | MODULE_LEVEL_NAMES | ERROR_NAMES
ENUM_MEMBER_RESERVED = frozenset({"mro", "name", "value"})
