"""Spec patterns, which are ECMA 262, as Python's `re` reads them, and which ones are risky.

Python reads most ECMA patterns alike, except `(?<name>` (Python spells it `(?P<name>`) and
`$`, which in Python also matches before a final newline (`^[0-9]+$` let `123\\n` through).
Risky: `(x+x+)+y` against 40 x's never finishes in a backtracking matcher, at generation (the
test value is checked against the pattern) or in the client (every argument is). The check is
the classic star height: an unbounded repeat inside another, or alternatives inside one, read
from the parsed pattern. It also flags some patterns that are safe (`(-[a-z]+)*`); those lose
only the client-side check, with a warning, and the server still checks them.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any

# The parser `re` itself uses: private, and renamed in 3.11 (the old names warn there).
if sys.version_info >= (3, 11):
    sre_parse: Any = importlib.import_module("re._parser")
    sre_constants: Any = importlib.import_module("re._constants")
else:  # pragma: no cover - Python 3.10
    sre_parse = importlib.import_module("sre_parse")
    sre_constants = importlib.import_module("sre_constants")

# A repeat of more than this many is "big": `(a{1,3}){1,3}` is fine, `(a+){10}` is not.
_SMALL_REPEAT = 10


def nests_repeats(pattern: str) -> bool:
    """True if repeats nest (one of them big), or alternatives sit in a big repeat, anywhere,
    lookarounds included; False if the pattern cannot be parsed."""
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:
        return False
    # Each entry: the items, whether they sit in a repeat, and whether that repeat is big.
    stack: list[tuple[Any, bool, bool]] = [(parsed, False, False)]
    while stack:
        items, in_repeat, in_big = stack.pop()
        for op, value in items:
            if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
                _, high, sub = value
                if high <= 1:
                    stack.append((sub, in_repeat, in_big))
                    continue
                big = high == sre_constants.MAXREPEAT or high > _SMALL_REPEAT
                if in_repeat and (big or in_big):
                    return True
                stack.append((sub, True, big or in_big))
            elif op is sre_constants.SUBPATTERN:
                stack.append((value[3], in_repeat, in_big))
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                stack.append((value[1], in_repeat, in_big))
            elif op is sre_constants.BRANCH:
                # Alternatives under a big repeat can overlap: `(a|aa)+b` is exponential too.
                if in_big:
                    return True
                stack.extend((branch, in_repeat, in_big) for branch in value[1])
    return False


_ECMA_NAMED_GROUP = re.compile(r"(?<!\\)\(\?<(?=[A-Za-z_])")


def has_ecma_named_groups(pattern: str) -> bool:
    return _ECMA_NAMED_GROUP.search(pattern) is not None


def as_python(pattern: str) -> str:
    """The pattern with ECMA's meaning in Python's spelling: named groups as `(?P<`, and each
    `$` outside a character class as `\\Z` (the end of the text, as in ECMA)."""
    pattern = _ECMA_NAMED_GROUP.sub("(?P<", pattern)
    out: list[str] = []
    index, size, in_class = 0, len(pattern), False
    while index < size:
        char = pattern[index]
        index += 1
        if char == "\\":
            out.append(pattern[index - 1 : index + 1])
            index += 1
        elif in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
            # `]` right after `[` or `[^` is a member, not the end (as Python reads it).
            for member in ("^", "]"):
                if pattern.startswith(member, index):
                    out.append(member)
                    index += 1
        elif char == "$":
            out.append("\\Z")
        else:
            out.append(char)
    return "".join(out)
