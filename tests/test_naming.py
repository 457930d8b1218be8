"""Python names from spec names: valid, not keywords, unique per scope, deterministic."""

from __future__ import annotations

import keyword

import pytest

from generator import naming
from generator.naming import NameScope, identifier


def _name(text: str, style: str, reserved: frozenset[str] = frozenset()) -> str:
    return identifier(text, style=style, digit_prefix="n", empty="empty", reserved=reserved)


@pytest.mark.parametrize(
    ("text", "snake", "pascal", "upper", "keep"),
    [
        ("getUserByID", "get_user_by_id", "GetUserByID", "GET_USER_BY_ID", "getUserByID"),
        ("HTTPServer", "http_server", "HTTPServer", "HTTP_SERVER", "HTTPServer"),
        ("foo-bar", "foo_bar", "FooBar", "FOO_BAR", "foo_bar"),
        ("Crème brûlée", "creme_brulee", "CremeBrulee", "CREME_BRULEE", "Creme_brulee"),
        ("in stock", "in_stock", "InStock", "IN_STOCK", "in_stock"),
        ("__class__", "class_", "Class", "CLASS", "class_"),
    ],
)
def test_styles(text: str, snake: str, pascal: str, upper: str, keep: str) -> None:
    assert [_name(text, s) for s in ("snake", "pascal", "upper", "keep")] == [
        snake,
        pascal,
        upper,
        keep,
    ]


@pytest.mark.parametrize("word", ["class", "from", "import", "lambda", "async", "None", "True"])
def test_keywords_get_an_underscore(word: str) -> None:
    """`from` as a parameter is a SyntaxError; `from_` is the usual Python spelling."""
    assert _name(word, "keep") == word + "_"
    if word.islower():
        assert _name(word, "snake") == word + "_"


@pytest.mark.parametrize("word", ["match", "case", "type"])
def test_soft_keywords_stay_as_they_are_valid_names(word: str) -> None:
    """`match`, `case` and `type` are names in every Python; only `_` is avoided.

    The rule must not depend on the interpreter (3.12 added `type` to its soft keywords),
    or the same spec would generate different code on different Pythons.
    """
    assert _name(word, "snake") == word
    assert _name("_", "snake") != "_"


def test_names_do_not_depend_on_the_interpreter() -> None:
    assert "_" in naming.SOFT_KEYWORDS and "type" not in naming.SOFT_KEYWORDS
    assert {"ExceptionGroup", "PythonFinalizationError", "aiter"} <= naming.BUILTIN_NAMES


def test_reserved_names_get_an_underscore() -> None:
    assert _name("list", "snake", naming.FIELD_RESERVED) == "list_"
    assert _name("to_dict", "snake", naming.FIELD_RESERVED) == "to_dict_"
    assert _name("self", "snake", naming.PARAM_RESERVED) == "self_"
    assert _name("list", "snake") == "list"


@pytest.mark.parametrize(
    ("text", "style", "expected"),
    [
        ("1Q", "snake", "n_1_q"),
        ("1Q", "pascal", "n1Q"),
        ("30d_active", "snake", "n_30d_active"),
        ("2xx-Summary", "pascal", "n2xxSummary"),
        ("5+", "upper", "n_5_PLUS"),
        ("5-", "upper", "n_5_MINUS"),
    ],
)
def test_digit_prefixes(text: str, style: str, expected: str) -> None:
    assert _name(text, style) == expected


@pytest.mark.parametrize("text", ["", "$$", "---", "日本語"])
def test_names_without_ascii_words_use_the_fallback(text: str) -> None:
    assert _name(text, "snake") == "empty"


@pytest.mark.parametrize(
    "text", ["a b", "a.b[c]", "9", "ünï", "x" * 3, "Ω", "if", "__init__", "0x1F", "a\x00b"]
)
@pytest.mark.parametrize("style", ["snake", "pascal", "upper", "keep"])
def test_every_result_is_an_ascii_identifier(text: str, style: str) -> None:
    result = _name(text, style)
    assert result.isidentifier() and result.isascii()
    assert not keyword.iskeyword(result)
    assert not result.startswith("_")


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError):
        _name("x", "camel")


def test_scope_dedupes_in_order() -> None:
    scope = NameScope(["client"])
    assert [scope.claim(n) for n in ["a", "a", "a", "client", "x_", "x_"]] == [
        "a",
        "a_2",
        "a_3",
        "client_2",
        "x_",
        "x_2",
    ]
    assert not scope.is_free("a_2")
    assert scope.is_free("A")


def test_fold_case_scope_treats_case_variants_as_one() -> None:
    """File names: `Pets.py` and `pets.py` are one file on macOS and Windows."""
    assert [NameScope(fold_case=True).claim(n) for n in ["Pets"]] == ["Pets"]
    scope = NameScope(fold_case=True)
    assert [scope.claim(n) for n in ["Pets", "pets", "PETS"]] == ["Pets", "pets_2", "PETS_3"]
    plain = NameScope()
    assert [plain.claim(n) for n in ["Pets", "pets"]] == ["Pets", "pets"]


@pytest.mark.parametrize(
    "order", [[0, 1, 2], [2, 1, 0], [1, 2, 0]], ids=["spec", "reversed", "rotated"]
)
def test_claim_all_prefers_the_exact_name(order: list[int]) -> None:
    """`IN_STOCK` keeps `IN_STOCK` whatever order the spec lists its look-alikes in."""
    originals = ["in stock", "in-stock", "IN_STOCK"]
    given = [originals[i] for i in order]
    names = NameScope().claim_all([_name(o, "upper") for o in given], given)
    assert names[given.index("IN_STOCK")] == "IN_STOCK"
    assert sorted(names) == ["IN_STOCK", "IN_STOCK_2", "IN_STOCK_3"]
    first_other = min(i for i, o in enumerate(given) if o != "IN_STOCK")
    assert names[first_other] == "IN_STOCK_2"
