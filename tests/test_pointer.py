"""JSON Pointers (RFC 6901) and `$ref` fragments: escaping order, decoding and clear failures."""

from __future__ import annotations

from typing import Any

import pytest

from generator import pointer as jp


@pytest.mark.parametrize(
    ("token", "escaped"),
    [("a/b", "a~1b"), ("m~n", "m~0n"), ("~1", "~01"), ("/~", "~1~0"), ("", ""), ("plain", "plain")],
)
def test_escape_and_unescape_round_trip(token: str, escaped: str) -> None:
    """`~` is escaped first and unescaped last, so `~1` written literally stays `~1`."""
    assert jp.escape(token) == escaped
    assert jp.unescape(escaped) == token


def test_unescape_order() -> None:
    """`~01` is the text `~1`, not `/` (RFC 6901 section 4)."""
    assert jp.unescape("~01") == "~1"
    assert jp.unescape("~10") == "/0"


def test_join_build_split() -> None:
    pointer = jp.join("/paths", "/pets/{id}", "get", 0)
    assert pointer == "/paths/~1pets~1{id}/get/0"
    assert jp.build(["paths", "/pets/{id}", "get", 0]) == pointer
    assert jp.split(pointer) == ["paths", "/pets/{id}", "get", "0"]
    assert jp.split("") == []
    assert jp.split("/") == [""]


@pytest.mark.parametrize("bad", ["paths", "/a~2b", "/a~", "#/a"])
def test_split_refuses_malformed_pointers(bad: str) -> None:
    with pytest.raises(jp.PointerError):
        jp.split(bad)


def test_from_fragment_percent_decodes() -> None:
    """A `$ref` fragment is a URI fragment: `%20` is a space, then `~1`/`~0` apply."""
    pointer = jp.from_fragment("/definitions/Line%20Item~1v2~0x")
    assert pointer == "/definitions/Line Item~1v2~0x"
    assert jp.split(pointer) == ["definitions", "Line Item/v2~x"]
    assert jp.from_fragment("/definitions/caf%C3%A9") == "/definitions/café"
    assert jp.from_fragment("/definitions/100%25") == "/definitions/100%"


def test_from_fragment_refuses_invalid_utf8() -> None:
    with pytest.raises(UnicodeDecodeError):
        jp.from_fragment("/definitions/%FF")


DOC: dict[str, Any] = {
    "definitions": {"a/b": {"type": "object"}, "m~n": 1, "": "empty key"},
    "list": [10, 20, 30],
    "scalar": 5,
}


@pytest.mark.parametrize(
    ("pointer", "value"),
    [
        ("", DOC),
        ("/definitions/a~1b/type", "object"),
        ("/definitions/m~0n", 1),
        ("/definitions/", "empty key"),
        ("/list/0", 10),
        ("/list/2", 30),
    ],
)
def test_resolve(pointer: str, value: Any) -> None:
    assert jp.resolve(DOC, pointer) == value


@pytest.mark.parametrize(
    ("pointer", "message"),
    [
        ("/definitions/Pet", "/definitions has no member 'Pet'"),
        ("/nothing", "/ has no member 'nothing'"),
        ("/list/3", "/list has no item '3'"),
        ("/list/01", "/list has no item '01'"),
        ("/list/-", "/list has no item '-'"),
        ("/list/-1", "/list has no item '-1'"),
        ("/scalar/x", "/scalar is not an object or array"),
    ],
)
def test_resolve_says_where_it_stopped(pointer: str, message: str) -> None:
    with pytest.raises(jp.PointerError) as caught:
        jp.resolve(DOC, pointer)
    assert str(caught.value) == message


def test_is_prefix_respects_token_boundaries() -> None:
    assert jp.is_prefix("/definitions/Pet", "/definitions/Pet/properties")
    assert jp.is_prefix("/definitions/Pet", "/definitions/Pet")
    assert not jp.is_prefix("/definitions/Pet", "/definitions/Pets")
