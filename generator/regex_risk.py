"""Which spec patterns can take exponential time to match: repeats nested in repeats.

`(x+x+)+y` against 40 x's never finishes in Python's backtracking `re`, at generation (the
test value is checked against the pattern) or in the client (every argument is). The check is
the classic star height: an unbounded repeat inside another, or alternatives inside one, read
from the parsed pattern.
It also flags some patterns that are safe (`(\\.[a-z]+)*`); those lose only the client-side
check, with a warning, and the server still checks them.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

# The parser `re` itself uses: private, and renamed in 3.11 (the old names warn there).
if sys.version_info >= (3, 11):
    sre_parse: Any = importlib.import_module("re._parser")
    sre_constants: Any = importlib.import_module("re._constants")
else:  # pragma: no cover - Python 3.10
    sre_parse = importlib.import_module("sre_parse")
    sre_constants = importlib.import_module("sre_constants")

# Repeats of more than this many are "unbounded" for the check: `{1,10}` nested is fine.
_SMALL_REPEAT = 10


def nests_repeats(pattern: str) -> bool:
    """True if a repeat of more than a few holds another; False if it cannot be parsed."""
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:
        return False
    stack: list[tuple[Any, bool]] = [(parsed, False)]
    while stack:
        items, inside = stack.pop()
        for op, value in items:
            if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
                _, high, sub = value
                big = high == sre_constants.MAXREPEAT or high > _SMALL_REPEAT
                if big and inside:
                    return True
                stack.append((sub, inside or big))
            elif op is sre_constants.SUBPATTERN:
                stack.append((value[3], inside))
            elif op is sre_constants.BRANCH:
                # Alternatives under a repeat can overlap: `(a|aa)+b` is exponential too.
                if inside:
                    return True
                stack.extend((branch, inside) for branch in value[1])
    return False
