"""Repairs of sloppy specs: each is one located warning, an error under --strict, never silent.

The validator is off in most tests so that only swaggen's own findings are counted; one test
turns it on and makes it crash.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import Diagnostic, GeneratorConfig, Level, SpecError, docs, load_api, validation
from generator.model import EnumModel, EnumRef, ObjectModel, Primitive, Scalar
from generator.pipeline import Loaded

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "fixtures" / "cases"
OP = "/paths/~1a~1{id}/get"

BASE = """\
swagger: '2.0'
info: {title: t, version: '1'}
host: api.example.test
schemes: [https]
produces: [application/json]
paths:
  /a/{id}:
    get:
      operationId: getA
      parameters:
        - name: id
          in: path
          required: true
          type: string
      responses:
        '200': {description: ok}
"""


def _line(text: str, needle: str) -> int:
    """1-based line of the first line holding `needle`, so expectations follow the text."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the spec")


def _load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, **config: Any) -> Loaded:
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return load_api(Path("spec.yaml"), GeneratorConfig(validate=False, **config))


def _refuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, **config: Any
) -> tuple[Diagnostic, ...]:
    with pytest.raises(SpecError) as caught:
        _load(tmp_path, monkeypatch, text, **config)
    return caught.value.diagnostics


def _where(found: tuple[Diagnostic, ...]) -> list[tuple[Level, str, str, int | None]]:
    return [(d.level, d.code, d.pointer, d.line) for d in found]


def test_the_base_spec_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests below count warnings; the spec they edit must have none of its own."""
    assert _load(tmp_path, monkeypatch, BASE).diagnostics == ()


def _schema(schema: str) -> tuple[str, str]:
    """An edit of BASE that gives the 200 response this (one-line) schema."""
    return (
        "        '200': {description: ok}\n",
        f"        '200':\n          description: ok\n          schema: {schema}\n",
    )


# Each case: (edit of BASE, code, pointer, text on the expected line).
REPAIRS: dict[str, tuple[tuple[str, str], str, str, str]] = {
    "path-param-without-required": (
        ("          required: true\n", ""),
        "path-parameter-required",
        OP + "/parameters/0",
        "- name: id",
    ),
    "path-param-required-false": (
        ("          required: true\n", "          required: false\n"),
        "path-parameter-required",
        OP + "/parameters/0",
        "- name: id",
    ),
    "param-without-type": (
        ("          type: string\n", ""),
        "parameter-type",
        OP + "/parameters/0",
        "- name: id",
    ),
    "base-path-without-slash": (
        ("schemes: [https]\n", "schemes: [https]\nbasePath: v1\n"),
        "base-path",
        "/basePath",
        "basePath: v1",
    ),
    "host-with-scheme-and-path": (
        ("host: api.example.test\n", "host: 'https://api.example.test/v2/'\n"),
        "host",
        "/host",
        "host: 'https",
    ),
    "string-list-as-string": (
        ("produces: [application/json]\n", "produces: application/json\n"),
        "list",
        "/produces",
        "produces:",
    ),
    "content-type-header": (
        (
            "      responses:\n",
            "        - {name: Content-Type, in: header, type: string}\n      responses:\n",
        ),
        "media-type-header",
        OP + "/parameters/1",
        "Content-Type",
    ),
    "boolean-enum-yaml11": (
        (
            "      responses:\n",
            "        - {name: flag, in: query, type: boolean, enum: [yes]}\n      responses:\n",
        ),
        "yaml11-boolean",
        OP + "/parameters/1/enum/0",
        "name: flag",
    ),
    "additional-properties-number": (
        (
            "        '200': {description: ok}\n",
            "        '200':\n          description: ok\n"
            "          schema: {type: object, additionalProperties: 5}\n",
        ),
        "additional-properties",
        OP + "/responses/200/schema/additionalProperties",
        "additionalProperties: 5",
    ),
    "enum-value-listed-twice": (
        (
            "      responses:\n",
            "        - {name: s, in: query, type: string, enum: [a, b, a]}\n      responses:\n",
        ),
        "enum-duplicate",
        OP + "/parameters/1/enum/2",
        "name: s,",
    ),
    "enum-number-equal-to-an-earlier-one": (
        _schema("{type: number, enum: [1.0, 1]}"),
        "enum-duplicate",
        OP + "/responses/200/schema/enum/1",
        "enum: [1.0, 1]",
    ),
    "enum-null-in-a-schema": (
        _schema("{type: integer, enum: [1, null]}"),
        "enum-null",
        OP + "/responses/200/schema/enum/1",
        "enum: [1, null]",
    ),
    "enum-null-only": (
        _schema("{type: integer, enum: [null]}"),
        "enum-null",
        OP + "/responses/200/schema/enum",
        "enum: [null]",
    ),
    "enum-null-in-a-parameter": (
        (
            "      responses:\n",
            "        - {name: n, in: query, type: integer, enum: [1, null]}\n      responses:\n",
        ),
        "enum-null",
        OP + "/parameters/1/enum/1",
        "name: n,",
    ),
    "enum-empty": (
        _schema("{type: string, enum: []}"),
        "enum",
        OP + "/responses/200/schema/enum",
        "enum: []",
    ),
    "query-parameter-without-a-name": (
        (
            "      responses:\n",
            "        - {name: '', in: query, type: string}\n      responses:\n",
        ),
        "parameter-name",
        OP + "/parameters/1",
        "name: ''",
    ),
    "header-parameter-without-a-name": (
        (
            "      responses:\n",
            "        - {name: '', in: header, type: string}\n      responses:\n",
        ),
        "parameter-name",
        OP + "/parameters/1",
        "name: ''",
    ),
    "body-parameter-without-a-name": (
        (
            "      responses:\n",
            "        - {name: '', in: body, schema: {type: string}}\n      responses:\n",
        ),
        "parameter-name",
        OP + "/parameters/1",
        "name: ''",
    ),
}


def _edited(edit: tuple[str, str]) -> str:
    old, new = edit
    assert BASE.count(old) == 1
    return BASE.replace(old, new)


REPAIR_CASES = [
    pytest.param(name, marks=()) if name == "boolean-enum-yaml11" else name for name in REPAIRS
]


@pytest.mark.parametrize("case", REPAIR_CASES)
def test_each_repair_is_one_located_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    edit, code, pointer, needle = REPAIRS[case]
    text = _edited(edit)
    loaded = _load(tmp_path, monkeypatch, text)
    assert _where(loaded.diagnostics) == [(Level.WARNING, code, pointer, _line(text, needle))]
    assert loaded.diagnostics[0].file == "spec.yaml"


@pytest.mark.parametrize("case", list(REPAIRS))
def test_strict_turns_each_repair_into_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    edit, code, pointer, _ = REPAIRS[case]
    found = _refuse(tmp_path, monkeypatch, _edited(edit), strict=True)
    assert {d.level for d in found} == {Level.ERROR}
    assert (code, pointer) in {(d.code, d.pointer) for d in found}


def test_repairs_give_what_was_meant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The repaired values are the ones the author evidently meant."""
    text = BASE.replace("          required: true\n          type: string\n", "")
    text = text.replace("host: api.example.test\n", "host: 'http://api.example.test/v2/'\n")
    text = text.replace("schemes: [https]\n", "")
    text = text.replace(
        "      responses:\n",
        "        - {name: Content-Type, in: header, type: string}\n"
        "        - {name: flag, in: query, type: boolean, enum: [yes, Off]}\n"
        "      responses:\n",
    )
    api = _load(tmp_path, monkeypatch, text).api
    assert api.base_url == "http://api.example.test/v2"
    [operation] = api.operations
    assert [(p.wire, p.required) for p in operation.parameters] == [("id", True), ("flag", False)]
    assert operation.parameters[0].type.kind.value == "string"  # type: ignore[union-attr]
    flag = operation.parameters[1].type
    assert isinstance(flag, EnumRef)
    [enum] = [m for m in api.models if m.class_name == flag.class_name]
    assert isinstance(enum, EnumModel)
    assert [(m.name, m.value) for m in enum.members] == [("TRUE", True), ("FALSE", False)]


def test_host_path_and_relative_base_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`host: h/api` with `basePath: v1` is `/api/v1`, and both repairs are reported."""
    text = BASE.replace("host: api.example.test\n", "host: api.example.test/api\nbasePath: v1\n")
    loaded = _load(tmp_path, monkeypatch, text)
    assert loaded.api.base_url == "https://api.example.test/api/v1"
    assert sorted(d.code for d in loaded.diagnostics) == ["base-path", "host"]


# -- enums and names: what each repair leaves -------------------------------------------------


def _with_definition(body: str, parameters: str = "") -> str:
    """BASE with `/definitions/Thing` (an object whose properties are `body`, indented to
    sit under `properties:`) and more parameters for the operation."""
    text = BASE + "definitions:\n  Thing:\n    type: object\n    properties:\n" + body
    return text.replace("      responses:\n", parameters + "      responses:\n")


def _members(loaded: Loaded, pointer: str) -> tuple[Any, ...]:
    [found] = [m for m in loaded.api.models if m.pointer == pointer]
    assert isinstance(found, EnumModel)
    return tuple(member.value for member in found.members)


def test_a_repeated_enum_value_is_kept_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`[a, b, a]` and `[1.0, 1, 2]` keep one of each, each repeat a located warning; `1` and
    `true` are different JSON values, so neither is a repeat of the other."""
    text = _with_definition(
        "      s: {type: string, enum: [a, b, a]}\n"
        "      num: {type: number, enum: [1.0, 1, 2]}\n"
        "      i: {type: integer, enum: [3, 3.0]}\n"
        "      m: {enum: [1, true]}\n"
    )
    loaded = _load(tmp_path, monkeypatch, text)
    thing = "/definitions/Thing/properties/"
    assert _where(loaded.diagnostics) == [
        (Level.WARNING, "enum-duplicate", thing + "i/enum/1", _line(text, "i: {type: int")),
        (Level.WARNING, "enum-duplicate", thing + "num/enum/1", _line(text, "num: {")),
        (Level.WARNING, "enum-duplicate", thing + "s/enum/2", _line(text, "s: {type: str")),
    ]
    messages = [d.message for d in loaded.diagnostics]
    assert messages == [
        "enum value 3.0 equals 3, listed at index 0 (the same number); kept 3 once",
        "enum value 1 equals 1.0, listed at index 0 (the same number); kept 1.0 once",
        "enum value 'a' is already listed at index 0; kept once",
    ]
    assert _members(loaded, thing + "s") == ("a", "b")
    assert _members(loaded, thing + "num") == (1.0, 2.0)
    assert _members(loaded, thing + "i") == (3,)


def test_null_in_an_enum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a schema, null in the enum makes the field nullable (said, unless x-nullable says
    so already); a parameter can never be null, so there it is dropped."""
    text = _with_definition(
        "      optional: {type: integer, enum: [1, null]}\n"
        "      declared: {type: integer, enum: [1, null], x-nullable: true}\n"
        "      only: {type: integer, enum: [null]}\n",
        "        - {name: n, in: query, type: integer, enum: [2, null]}\n",
    ).replace("    properties:\n", "    required: [optional]\n    properties:\n")
    loaded = _load(tmp_path, monkeypatch, text)
    thing = "/definitions/Thing/properties/"
    assert _where(loaded.diagnostics) == [
        (Level.WARNING, "enum-null", OP + "/parameters/1/enum/1", _line(text, "name: n,")),
        (Level.WARNING, "enum-null", thing + "only/enum", _line(text, "only:")),
        (Level.WARNING, "enum-null", thing + "optional/enum/1", _line(text, "optional: {")),
    ]
    parameter, only, optional = (d.message for d in loaded.diagnostics)
    assert parameter == (
        "null is in the enum, but a parameter value cannot be null; dropped it from the enum"
    )
    assert only == (
        "the enum lists only null; read as x-nullable: true, and ignored the enum, so any "
        "integer, or null, is accepted"
    )
    assert optional == (
        "null is in the enum, but the schema is not x-nullable; read as x-nullable: true "
        "(null is accepted, and decoded as None)"
    )
    [thing_model] = [m for m in loaded.api.models if m.pointer == "/definitions/Thing"]
    assert isinstance(thing_model, ObjectModel)
    fields = {f.wire: f for f in thing_model.fields}
    assert (fields["optional"].required, fields["optional"].nullable) == (True, True)
    assert fields["declared"].nullable and fields["only"].nullable
    assert fields["only"].type == Primitive(Scalar.INTEGER)
    [operation] = loaded.api.operations
    query = operation.parameters[1]
    assert (query.wire, isinstance(query.type, EnumRef)) == ("n", True)
    assert _members(loaded, OP + "/parameters/1") == (2,)


def test_an_enum_with_nothing_left_says_it_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each value dropped is one warning, and the enum that is left empty one more."""
    text = BASE.replace(
        "      responses:\n",
        "        - {name: n, in: query, type: integer, enum: [x]}\n"
        "        - {name: m, in: query, type: integer, enum: [null]}\n"
        "      responses:\n",
    )
    loaded = _load(tmp_path, monkeypatch, text)
    n, m = _line(text, "name: n,"), _line(text, "name: m,")
    assert _where(loaded.diagnostics) == [
        (Level.WARNING, "typed-value", OP + "/parameters/1/enum/0", n),
        (Level.WARNING, "enum", OP + "/parameters/1/enum", n),
        (Level.WARNING, "enum-null", OP + "/parameters/2/enum/0", m),
        (Level.WARNING, "enum", OP + "/parameters/2/enum", m),
    ]
    assert loaded.diagnostics[1].message == (
        "no value is left in the enum; ignored it, so any integer is accepted"
    )
    [operation] = loaded.api.operations
    assert [p.type for p in operation.parameters[1:]] == [Primitive(Scalar.INTEGER)] * 2


def test_an_empty_enum_says_what_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _edited(REPAIRS["enum-empty"][0])
    [found] = _load(tmp_path, monkeypatch, text).diagnostics
    assert found.message == "enum must be a non-empty list; ignored it, so any string is accepted"


def test_a_parameter_without_a_name_is_not_an_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`?=value` is never what the author meant: the parameter is skipped with a warning (a
    shared one once, where it is defined), and the operation is generated without it. A
    body is sent without its name, so only its argument needs one."""
    text = (
        BASE.replace(
            "      responses:\n",
            "        - {name: '', in: query, type: string, required: true}\n"
            "        - {$ref: '#/parameters/Unnamed'}\n"
            "        - {name: '', in: body, schema: {type: string}}\n"
            "      responses:\n",
        )
        + "parameters:\n  Unnamed: {name: '', in: header, type: string}\n"
    )
    loaded = _load(tmp_path, monkeypatch, text)
    assert _where(loaded.diagnostics) == [
        (Level.WARNING, "parameter-name", OP + "/parameters/1", _line(text, "in: query")),
        (Level.WARNING, "parameter-name", OP + "/parameters/3", _line(text, "in: body")),
        (Level.WARNING, "parameter-name", "/parameters/Unnamed", _line(text, "Unnamed: {")),
    ]
    query, body, header = (d.message for d in loaded.diagnostics)
    assert query == (
        "the query parameter has an empty name, so it cannot be sent (it would go out as "
        "'?=value'); it is not an argument of the operation; the spec marks it required, so "
        "the server may refuse calls without it"
    )
    assert body == (
        "the body parameter has an empty name; a body is sent without its name, so the "
        "argument is named 'body'"
    )
    assert "(a header needs a name)" in header
    [operation] = loaded.api.operations
    assert [(p.name, p.wire) for p in operation.parameters] == [("id", "id"), ("body", "")]


# -- errors, not repairs ---------------------------------------------------------------------


def test_path_template_mismatches_are_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Case 28: never generate a client that sends a literal `{itemId}`; all three, one run."""
    monkeypatch.chdir(CASES)
    with pytest.raises(SpecError) as caught:
        load_api(Path("28-undeclared-path-parameter.yaml"), GeneratorConfig())
    text = (CASES / "28-undeclared-path-parameter.yaml").read_text(encoding="utf-8")
    items, users = _line(text, "/items/{itemId}:") + 1, _line(text, "/users/{userId}:") + 1
    found = sorted(caught.value.diagnostics, key=lambda d: d.code)
    assert [(d.code, d.pointer) for d in found] == [
        ("path-parameter-location", "/paths/~1users~1{userId}/get"),
        ("path-parameter-unused", "/paths/~1orders/get/parameters/0"),
        ("undeclared-path-parameter", "/paths/~1items~1{itemId}/get"),
    ]
    # An operation is at its `get:` line, or (today) the first line of its body.
    assert found[0].line in (users, users + 1)
    assert found[1].line == _line(text, "{name: orderId, in: path")
    assert found[2].line in (items, items + 1)
    assert {d.level for d in found} == {Level.ERROR}


def test_missing_paths_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = BASE[: BASE.index("paths:")]
    found = _refuse(tmp_path, monkeypatch, text)
    assert [(d.code, d.pointer) for d in found] == [("no-paths", "")]
    assert "/paths is required" in found[0].message


# -- the validator is a second opinion -------------------------------------------------------


class _Crashing:
    def __init__(self, data: Any) -> None:
        self.data = data

    def iter_errors(self) -> Any:
        yield from ()
        raise RecursionError("maximum recursion depth exceeded")


class _Exploding:
    def __init__(self, data: Any) -> None:
        raise KeyError("paths")


@pytest.mark.parametrize("validator", [_Crashing, _Exploding])
def test_validator_crash_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, validator: type
) -> None:
    monkeypatch.setattr(validation, "_OfflineValidator", validator)
    (tmp_path / "spec.yaml").write_text(BASE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = load_api(Path("spec.yaml"), GeneratorConfig())
    assert [(d.level, d.code) for d in loaded.diagnostics] == [(Level.WARNING, "validator-crash")]
    assert [op.name for op in loaded.api.operations] == ["get_a"]


def test_validator_findings_are_located_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A field Swagger 2.0 does not know is reported where it is, and generation goes on."""
    text = BASE.replace("      operationId: getA\n", "      operationId: getA\n      bogus: 1\n")
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = load_api(Path("spec.yaml"), GeneratorConfig())
    [finding] = loaded.diagnostics
    assert (finding.level, finding.code) == (Level.WARNING, "spec-schema")
    assert "bogus" in finding.message
    assert finding.pointer == OP and finding.line is not None


def test_findings_inside_a_schema_point_into_the_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The validator checks a response's schema on its own; the warning still gets the
    schema's place and line, and no complaint from the `{$ref}` form of a response."""
    text = BASE.replace(
        "        '200': {description: ok}\n",
        "        '200':\n          description: ok\n"
        "          schema:\n            type: object\n            xml: 5\n",
    )
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = load_api(Path("spec.yaml"), GeneratorConfig())
    assert _where(loaded.diagnostics) == [
        (
            Level.WARNING,
            "spec-schema",
            OP + "/responses/200/schema/xml",
            _line(text, "xml: 5"),
        )
    ]
    assert "description" not in loaded.diagnostics[0].message


def test_a_path_without_its_slash_is_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """swaggen's repair says what it assumed; the validator's "unknown field" is not repeated."""
    text = BASE.replace("  /a/{id}:\n", "  a/{id}:\n")
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = load_api(Path("spec.yaml"), GeneratorConfig())
    assert _where(loaded.diagnostics) == [
        (Level.WARNING, "path", "/paths/a~1{id}", _line(text, "a/{id}:"))
    ]
    assert loaded.api.operations[0].path == "/a/{id}"


# -- constraints the client checks -----------------------------------------------------------
def _with_query(constraints: str) -> str:
    """BASE with a query parameter `q` carrying `constraints` (YAML flow mapping entries)."""
    return BASE.replace(
        "          type: string\n      responses:",
        "          type: string\n"
        f"        - {{name: q, in: query, type: string, {constraints}}}\n"
        "      responses:",
    )


@pytest.mark.parametrize(
    ("constraints", "pointers", "message", "kept"),
    [
        ("maxLength: '10'", ["maxLength"], "the text '10'; read it as the number 10", 10),
        ("maxLength: .nan", ["maxLength"], "is nan, not a finite number; ignored it", None),
        ("maxLength: .inf, minLength: -.inf", ["maxLength", "minLength"], "not a finite", None),
        ("maxLength: -1", ["maxLength"], "is -1, not a count (a whole number, 0 or more)", None),
        ("maxLength: 2.5", ["maxLength"], "is 2.5, not a count", None),
        ("maxLength: 3.0", [], "", 3),
        ("maxLength: [1]", ["maxLength"], "maxLength must be a number; ignored it", None),
        ("maxLength: true", ["maxLength"], "maxLength must be a number; ignored it", None),
    ],
    ids=["text", "nan", "infinities", "negative", "fraction", "whole-float", "list", "bool"],
)
def test_numeric_constraints_are_numbers_or_ignored_with_a_warning(
    constraints: str,
    pointers: list[str],
    message: str,
    kept: int | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """NaN once crashed generation (no literal for it); a count that is no count was dropped
    silently. Each is now one warning where it stands, and the client checks what is left."""
    text = _with_query(constraints)
    loaded = _load(tmp_path, monkeypatch, text)
    line = _line(text, "name: q")
    assert _where(loaded.diagnostics) == [
        (Level.WARNING, "number", f"{OP}/parameters/1/{key}", line) for key in pointers
    ]
    assert all(message in d.message for d in loaded.diagnostics)
    [param] = [p for p in loaded.api.operations[0].parameters if p.wire == "q"]
    assert param.constraints.max_length == kept
    assert param.constraints.min_length is None


def test_a_non_positive_multiple_of_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = BASE.replace(
        "          type: string\n", "          type: string\n          multipleOf: 0\n"
    )
    loaded = _load(tmp_path, monkeypatch, text)
    [found] = loaded.diagnostics
    assert (found.code, found.pointer) == ("number", OP + "/parameters/0/multipleOf")
    assert "multipleOf is 0; it must be more than 0; ignored it" in found.message


@pytest.mark.parametrize(
    ("pattern", "message", "kept"),
    [
        ("'^[a-z]+$'", None, "^[a-z]+\\Z"),
        ("'[unclosed'", "is not a regular expression Python can read", None),
        ("'^(?<year>\\d{4})$'", "read as Python's '(?P<name>'", "^(?P<year>\\d{4})\\Z"),
        ("'^(?<=a)b(?<!c)$'", None, "^(?<=a)b(?<!c)\\Z"),
        ("'^a\\$[$]'", None, "^a\\$[$]"),
        ("12", "pattern must be a string; ignored it", None),
    ],
    ids=["valid", "invalid", "ecma-named-group", "lookbehinds", "escaped-end", "not-text"],
)
def test_patterns_python_cannot_read_are_said_not_dropped(
    pattern: str,
    message: str | None,
    kept: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An invalid pattern used to vanish silently from the client's checks. ECMA's `$` is
    the end of the text, Python's `\\Z` (Python's `$` also matches before a final newline)."""
    text = _with_query(f"pattern: {pattern}")
    loaded = _load(tmp_path, monkeypatch, text)
    expected = [] if message is None else [(Level.WARNING, "pattern", f"{OP}/parameters/1/pattern")]
    assert [(d.level, d.code, d.pointer) for d in loaded.diagnostics] == expected
    if message is not None:
        assert message in loaded.diagnostics[0].message
    [param] = [p for p in loaded.api.operations[0].parameters if p.wire == "q"]
    assert param.constraints.pattern == kept


# -- things a client could never send --------------------------------------------------------
@pytest.mark.parametrize("name", ['X-K"ey', "X-K\r\nEvil: 1", "two words", ""])
def test_api_key_header_names_that_cannot_be_sent_are_errors(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like a header parameter's name: such a key once generated, then failed every call."""
    text = BASE + (
        "securityDefinitions:\n"
        f"  key: {{type: apiKey, in: header, name: {json.dumps(name)}}}\n"
        "  query: {type: apiKey, in: query, name: 'a key&x=1'}\n"
    )
    found = _refuse(tmp_path, monkeypatch, text)
    assert _where(found) == [
        (Level.ERROR, "header-name", "/securityDefinitions/key/name", _line(text, "  key:"))
    ]
    assert "is not a valid HTTP header name" in found[0].message


def test_control_characters_in_a_path_are_sent_percent_encoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """httpx refuses a URL holding them, so the client (and its own tests) could never run."""
    text = BASE.replace("  /a/{id}:", '  "/a\\eb/{id}\\x7f":')
    loaded = _load(tmp_path, monkeypatch, text)
    [found] = loaded.diagnostics
    assert (found.code, found.pointer) == ("path", "/paths/~1a\x1bb~1{id}\x7f")
    assert found.line == _line(text, "/a\\eb")
    assert "sent percent-encoded" in found.message
    assert loaded.api.operations[0].path == "/a%1Bb/{id}%7F"


# -- names ------------------------------------------------------------------------------------
def test_an_operation_named_models_keeps_the_models_tests_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tests/test_models.py is the models' own; an operation `models` once overwrote it."""
    loaded = _load(tmp_path, monkeypatch, BASE.replace("operationId: getA", "operationId: models"))
    assert [op.name for op in loaded.api.operations] == ["models_2"]
    [found] = loaded.diagnostics
    assert found.code == "operation-renamed"
    assert "the models' own tests need (tests/test_models.py)" in found.message


def test_definitions_named_like_python_names_in_other_case_keep_their_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`int` and `typing` are Python's; the classes `Int` and `Typing` clash with nothing."""
    text = BASE + "definitions:\n  int: {type: object}\n  typing: {type: object}\n"
    loaded = _load(tmp_path, monkeypatch, text)
    assert loaded.diagnostics == ()
    assert sorted(m.class_name for m in loaded.api.models) == ["Int", "Typing"]


@pytest.mark.parametrize(
    ("parameter", "reason", "sent"),
    [
        ("type: string, default: abc", None, "abc"),
        ("type: integer, enum: [1, 2], default: 2", None, 2),
        ("type: array, items: {type: string}, default: [a, b]", "only a string, number", None),
        ("type: string, format: date, default: '2024-01-02'", "only a string, number", None),
        ("type: string, required: true, default: abc", "means nothing on a required", None),
    ],
    ids=["string", "enum", "list", "date", "required"],
)
def test_a_parameter_default_is_applied_or_said_not_to_be(
    parameter: str,
    reason: str | None,
    sent: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reviewer found a list default dropped silently while the README said defaults are sent."""
    text = _with_query("x: 1").replace("type: string, x: 1", parameter)
    loaded = _load(tmp_path, monkeypatch, text)
    [param] = [p for p in loaded.api.operations[0].parameters if p.wire == "q"]
    assert (param.has_default, param.default) == (sent is not None, sent)
    if reason is None:
        assert loaded.diagnostics == ()
    else:
        assert _where(loaded.diagnostics) == [
            (Level.WARNING, "parameter-default", f"{OP}/parameters/1/default", _line(text, "q,"))
        ]
        assert reason in loaded.diagnostics[0].message
        assert "sent only when given" in loaded.diagnostics[0].message


def test_an_invalid_discriminator_is_ignored_on_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused by default (CASES.md 19); --ignore-invalid-discriminators generates the model
    without it, with the same finding as a warning."""
    text = BASE + (
        "definitions:\n"
        "  Shape: {type: object, discriminator: kind, properties: {area: {type: number}}}\n"
        "  Square:\n"
        "    allOf: [{$ref: '#/definitions/Shape'}, {properties: {side: {type: number}}}]\n"
    )
    [refused] = _refuse(tmp_path, monkeypatch, text)
    assert "or pass --ignore-invalid-discriminators" in refused.message
    loaded = _load(tmp_path, monkeypatch, text, ignore_invalid_discriminators=True)
    line = _line(text, "discriminator: kind")
    assert _where(loaded.diagnostics) == [
        (Level.WARNING, "discriminator", "/definitions/Shape/discriminator", line)
    ]
    assert "ignored it: decoding picks no subclass" in loaded.diagnostics[0].message
    shape, square = loaded.api.models
    assert isinstance(shape, ObjectModel) and isinstance(square, ObjectModel)
    assert shape.discriminator is None and square.base is not None


def test_definitions_named_like_the_package_errors_are_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model `ApiError` once hid the exception of that name in every operation module."""
    names = ["ApiError", "DecodeError", "InvalidArgument", "MissingCredentials", "ApiResponse"]
    text = BASE + "definitions:\n" + "".join(f"  {n}: {{type: object}}\n" for n in names)
    loaded = _load(tmp_path, monkeypatch, text)
    assert [m.class_name for m in loaded.api.models] == [n + "Model" for n in names]
    assert [d.code for d in loaded.diagnostics] == ["model-renamed"] * len(names)


@pytest.mark.parametrize(
    ("consumes", "schema", "label"),
    [
        ("application/json", "{type: object}", "(JSON body)"),
        ("text/plain", "{type: string}", "(text body)"),
        ("application/octet-stream", "{type: string, format: binary}", "(binary body)"),
    ],
)
def test_a_body_is_documented_as_what_is_sent(
    consumes: str, schema: str, label: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = BASE.replace(
        "      operationId: getA\n", f"      operationId: getA\n      consumes: [{consumes}]\n"
    )
    text = text.replace("    get:", "    post:").replace(
        "      responses:",
        f"        - {{name: data, in: body, schema: {schema}}}\n      responses:",
    )
    loaded = _load(tmp_path, monkeypatch, text)
    [op] = loaded.api.operations
    assert f"    data: {label}" in docs.operation_doc(op)


def test_a_media_type_with_control_characters_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CR LF in `consumes` or `produces` once reached the Content-Type and Accept headers
    (and the generated test asserted it)."""
    text = BASE.replace(
        "produces: [application/json]\n",
        'produces: ["application/json\\r\\nX-Injected: yes", application/json]\n'
        'consumes: ["text/plain\\nX: 1"]\n',
    )
    loaded = _load(tmp_path, monkeypatch, text)
    assert _where(loaded.diagnostics) == [
        (Level.WARNING, "media-type", "/consumes/0", _line(text, "consumes")),
        (Level.WARNING, "media-type", "/produces/0", _line(text, "produces")),
    ]
    [op] = loaded.api.operations
    assert op.accept == "application/json"


def test_spaces_around_a_media_type_are_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No header value may begin or end with a space; a reviewer's `"application/json "`
    made every call of its operation fail."""
    text = BASE.replace("produces: [application/json]\n", 'produces: [" application/json\\t"]\n')
    loaded = _load(tmp_path, monkeypatch, text)
    assert loaded.diagnostics == ()
    assert loaded.api.operations[0].accept == "application/json"


@pytest.mark.parametrize(
    ("constraints", "key", "message"),
    [
        ("minLength: 10000000", "minLength", "is 10,000,000, more than the 10,000 characters"),
        ("minLength: 10001, maxLength: 20000", "minLength", "is 10,001, more than"),
        ("minimum: " + "9" * 4000, "minimum", "is beyond the range of a JSON number"),
    ],
    ids=["huge-min-length", "just-over", "4000-digit-minimum"],
)
def test_constraints_that_would_make_work_unbounded_are_ignored(
    constraints: str, key: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reviewer's 250-byte spec built a 10-million-character test value (14 s, 318 MB);
    a 4,000-digit minimum crashed with OverflowError."""
    text = _with_query(constraints)
    loaded = _load(tmp_path, monkeypatch, text)
    [found] = loaded.diagnostics
    assert (found.code, found.pointer) == ("number", f"{OP}/parameters/1/{key}")
    assert message in found.message and found.message.endswith("; ignored it")


def test_a_long_required_count_is_still_built_and_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _load(tmp_path, monkeypatch, _with_query("minLength: 10000"))
    assert loaded.diagnostics == ()
    [param] = [p for p in loaded.api.operations[0].parameters if p.wire == "q"]
    assert param.constraints.min_length == 10_000


@pytest.mark.parametrize(
    ("pattern", "checked"),
    [
        ("^(x+x+)+y$", False),
        ("(a|aa)+b", False),
        ("(?:a*)*", False),
        ("^([a-z0-9]+\\s?){1,10}$", False),
        ("^(?=(a+)+b)", False),
        ("(a{1,3})+", False),
        ("^[a-z]+(-[a-z]{1,5})?$", True),
        ("^(GET|POST)$", True),
        ("(ab){2,5}", True),
    ],
)
def test_patterns_that_can_take_exponential_time_are_not_checked(
    pattern: str, checked: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reviewer's `^(x+x+)+y$` with minLength 32 took 90 s to generate (the test value is
    matched against it), and would hang the client on such an argument."""
    text = _with_query(f"pattern: '{pattern}', minLength: 40")
    loaded = _load(tmp_path, monkeypatch, text)
    [param] = [p for p in loaded.api.operations[0].parameters if p.wire == "q"]
    assert (param.constraints.pattern == pattern.replace("$", "\\Z")) is checked
    if not checked:
        [found] = loaded.diagnostics
        assert (found.code, found.pointer) == ("pattern", f"{OP}/parameters/1/pattern")
        assert "can take exponential time to match" in found.message
