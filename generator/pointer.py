"""JSON Pointers (RFC 6901) and their URI-fragment form, as used by `$ref`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, unquote


class PointerError(ValueError):
    """A pointer that is malformed or leads nowhere."""


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape(str(token)) for token in tokens)


def build(tokens: Iterable[str | int]) -> str:
    return join("", *tokens)


def split(pointer: str) -> list[str]:
    """Tokens of a pointer; "" is the whole document."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise PointerError(f"a JSON pointer must start with '/', got {pointer[:40]!r}")
    for index, char in enumerate(pointer):
        if char == "~" and pointer[index + 1 : index + 2] not in ("0", "1"):
            raise PointerError("'~' must be followed by 0 or 1 in a JSON pointer")
    return [unescape(token) for token in pointer[1:].split("/")]


def from_fragment(fragment: str) -> str:
    """The pointer a `$ref` fragment means: percent-decoded, as RFC 6901 section 6 says."""
    return unquote(fragment, errors="strict")


def to_fragment(pointer: str) -> str:
    """The `$ref` fragment for a pointer: `%` and other unsafe characters percent-encoded."""
    return quote(pointer, safe="/~!$&'()*+,;=:@")


def resolve(document: Any, pointer: str) -> Any:
    """Follow a pointer through dicts and lists; PointerError says where it stopped."""
    node = document
    walked: list[str] = []
    for token in split(pointer):
        if isinstance(node, dict):
            if token not in node:
                raise PointerError(f"{build(walked) or '/'} has no member {token!r}")
            node = node[token]
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node) or token != str(int(token)):
                raise PointerError(f"{build(walked) or '/'} has no item {token!r}")
            node = node[int(token)]
        else:
            raise PointerError(f"{build(walked) or '/'} is not an object or array")
        walked.append(token)
    return node


def is_prefix(prefix: str, pointer: str) -> bool:
    return pointer == prefix or pointer.startswith(prefix + "/")
