"""Repairs of sloppy specs: each is one located warning, an error under --strict, never silent.

The validator is off in most tests so that only swaggen's own findings are counted; one test
turns it on and makes it crash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import Diagnostic, GeneratorConfig, Level, SpecError, load_api, validation
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
    assert operation.parameters[1].type.kind.value == "boolean"  # type: ignore[union-attr]


def test_host_path_and_relative_base_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`host: h/api` with `basePath: v1` is `/api/v1`, and both repairs are reported."""
    text = BASE.replace("host: api.example.test\n", "host: api.example.test/api\nbasePath: v1\n")
    loaded = _load(tmp_path, monkeypatch, text)
    assert loaded.api.base_url == "https://api.example.test/api/v1"
    assert sorted(d.code for d in loaded.diagnostics) == ["base-path", "host"]


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
        "          schema:\n            type: object\n            maxProperties: -1\n",
    )
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = load_api(Path("spec.yaml"), GeneratorConfig())
    assert _where(loaded.diagnostics) == [
        (
            Level.WARNING,
            "spec-schema",
            OP + "/responses/200/schema/maxProperties",
            _line(text, "maxProperties: -1"),
        )
    ]
    assert "description" not in loaded.diagnostics[0].message
