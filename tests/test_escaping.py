"""Escapers: spec text reaches generated code only as values that come back exactly.

Each text is checked twice: the escaped source parsed by `ast`, and the same source after
black (swaggen formats everything it writes), because black rewrites docstrings.
"""

from __future__ import annotations

import ast
import math
from typing import Any

import black
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.escaping import (
    markdown_text,
    py_docstring,
    py_identifier,
    py_literal,
    py_string,
    recording,
)

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY310}, line_length=100)

NASTY = [
    '"quoted at both ends"',
    "'single quoted'",
    'ends with a quote "',
    '"starts with a quote',
    '"',
    '"""',
    'a """ b """',
    "''' x '''",
    "backslash at the end \\",
    "two backslashes \\\\",
    "\\",
    "\\N{BULLET} \\x41 \\u0041 \\n",
    "nul\x00byte",
    "esc\x1b[31mred\x1b[0m",
    "carriage\rreturn",
    "crlf\r\nline",
    "line\u2028separator",
    "bidi \u202eoverride\u202c",
    "   leading spaces",
    "trailing spaces   ",
    " both ",
    " ",
    "\ttabs\tinside\t",
    "",
    "line one\nline two",
    "\nstarts with a newline",
    "ends with a newline\n",
    "\n",
    "a\n\n    indented\n\ttabbed\nlast line \\",
    '"\n"',
    "form\x0cfeed \x0bvtab \x1cfs \x85nel",
    "{{ config }} {% raw %} %s {0}",
    "emoji 🐍 and nbsp\u00a0",
    "\ufeffbom",
    "x" * 300,
]

# Where a docstring can stand; each template's first statement holds it.
PLACES = [
    "{doc}\n",
    "def f():\n    {doc}\n",
    "class C:\n    {doc}\n\n    x = 1\n",
    "class C:\n    def f(self):\n        {doc}\n        return 1\n",
]


def _first_docstring(source: str) -> Any:
    node: Any = ast.parse(source).body[0]
    while not isinstance(node, ast.Expr):
        node = node.body[0]
    assert isinstance(node.value, ast.Constant)
    return node.value.value


def _string_value(source: str) -> Any:
    return ast.literal_eval(source)


@pytest.mark.parametrize("text", NASTY)
def test_py_string_round_trips(text: str) -> None:
    literal = py_string(text)
    assert _string_value(literal) == text
    formatted = black.format_str(f"x = {literal}\n", mode=MODE)
    assert _string_value(formatted.removeprefix("x = ")) == text


@pytest.mark.parametrize("place", PLACES, ids=["module", "function", "class", "method"])
@pytest.mark.parametrize("text", NASTY)
def test_py_docstring_round_trips_through_ast_and_black(text: str, place: str) -> None:
    source = place.format(doc=py_docstring(text))
    assert _first_docstring(source) == text
    formatted = black.format_str(source, mode=MODE)
    assert _first_docstring(formatted) == text
    assert black.format_str(formatted, mode=MODE) == formatted


def test_docstring_source_is_printable() -> None:
    """No raw control, bidi or separator characters reach the source file."""
    for text in NASTY:
        source = py_docstring(text)
        for line in source.split("\n"):
            assert line.isprintable(), (text, line)


def test_escaped_texts_are_recorded() -> None:
    """Formatting verifies each recorded text survived; the record must be complete."""
    with recording() as found:
        py_string("a")
        py_docstring("b")
        py_literal({"k": ["c"]})
    assert found == [("string", "a"), ("docstring", "b"), ("string", "k"), ("string", "c")]


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    st.text(
        st.sampled_from(list(" \"'\\\n\r\t\x00\x0c\x1b\u2028\u202eNux{}")) | st.characters(),
        max_size=24,
    )
)
def test_py_docstring_any_text(text: str) -> None:
    """Random mixes of the characters that break docstrings, through black."""
    source = PLACES[1].format(doc=py_docstring(text))
    assert _first_docstring(black.format_str(source, mode=MODE)) == text


@pytest.mark.parametrize("value", [1, None, b"x", ["a"]])
def test_text_escapers_refuse_non_text(value: Any) -> None:
    with pytest.raises(TypeError):
        py_string(value)
    with pytest.raises(TypeError):
        py_docstring(value)


@pytest.mark.parametrize("name", ["pet_id", "Pet", "from_", "x1", "match"])
def test_py_identifier_accepts_names(name: str) -> None:
    assert py_identifier(name) == name


@pytest.mark.parametrize(
    "name",
    ["", "1a", "a-b", "a b", "class", "None", "from", "é", "naïve", "a;import os", "a\nb", 5],
)
def test_py_identifier_refuses_non_identifiers(name: Any) -> None:
    with pytest.raises(ValueError):
        py_identifier(name)


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        False,
        0,
        -7,
        10**30,
        1.5,
        -0.0,
        1e300,
        'it\'s "x" \\ {0} {{y}}',
        [],
        [1, "a", None, [True]],
        {"a": 1, "b": {"c": [1.25]}, "": "empty", "x'y": "q"},
        (1,),
        (),
        b"\x00bytes",
    ],
)
def test_py_literal_round_trips(value: Any) -> None:
    literal = py_literal(value)
    result = ast.literal_eval(literal)
    assert result == value
    assert type(result) is type(value)


def test_py_literal_keeps_booleans_apart_from_ints() -> None:
    assert py_literal([True, 1, False, 0]) == "[True, 1, False, 0]"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, [1.0, math.nan]])
def test_py_literal_refuses_nan_and_infinity(value: Any) -> None:
    """`nan` in generated code is a NameError, not a value."""
    with pytest.raises(ValueError):
        py_literal(value)


@pytest.mark.parametrize("value", [object(), {1, 2}, 1j])
def test_py_literal_refuses_other_types(value: Any) -> None:
    with pytest.raises(TypeError):
        py_literal(value)


def test_markdown_text_is_one_safe_line() -> None:
    """README prose: no line breaks, no terminal escapes or bidi controls, no raw HTML."""
    text = "Title\n\n  with <script>alert(1)</script> `code`\tand\x1b[31m\u202e\u2028end"
    result = markdown_text(text)
    assert result.startswith("Title with &lt;script&gt;alert(1)&lt;/script&gt; 'code' and ")
    assert result.endswith("[31m  end")
    assert result.isprintable()
    assert "<" not in result and "`" not in result


def test_markdown_text_is_cut() -> None:
    cut = markdown_text("word " * 200, limit=50)
    assert len(cut) == 50
    assert cut.endswith("...")
    assert markdown_text("short", limit=50) == "short"


def test_markdown_text_of_blank_text_is_empty() -> None:
    assert markdown_text(" \n\t ") == ""
