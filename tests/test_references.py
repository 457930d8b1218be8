"""`$ref` checking and bundling: local and relative refs work; everything else is refused unread.

A refused reference must be a located error (file, line, pointer of the `$ref`) and must not
open the file it names nor touch the network.
"""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import GeneratorConfig, Level, Limits, SpecError, load_api, references
from generator import pointer as jp
from generator.diagnostics import DiagnosticLog
from generator.references import Bundle, bundle_document, find_ref_cycles, walk_refs
from generator.source import read_document

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "fixtures" / "cases"
REF_POINTER = "/paths/~1a/get/responses/200/schema/$ref"

SPEC = """\
swagger: '2.0'
info: {{title: t, version: '1'}}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          schema:
            $ref: '{ref}'
definitions:
{definitions}
"""
REF_LINE = 11
DEFAULT_DEFINITIONS = "  Pet: {type: object, properties: {name: {type: string}}}"


def _spec(folder: Path, ref: str, definitions: str = DEFAULT_DEFINITIONS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "spec.yaml"
    path.write_text(SPEC.format(ref=ref, definitions=definitions), encoding="utf-8")
    return path


def _bundle(spec: Path) -> tuple[Bundle, DiagnosticLog]:
    document = read_document(spec, spec.name, Limits())
    log = DiagnosticLog(lambda p: (spec.name, document.lines.line_of(p)), strict=False)
    bundle = bundle_document(document, Limits(), log)
    log.set_locator(bundle.locate)
    return bundle, log


def _local_refs(data: dict[str, Any]) -> list[str]:
    return [ref.target for ref in walk_refs(data, "", "root")]


class _Guard:
    """Records every file the bundler reads and fails any network use."""

    def __init__(self) -> None:
        self.read: list[Path] = []


@pytest.fixture
def guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Guard]:
    found = _Guard()
    real = references.read_document

    def spy(path: Path, display: str, limits: Limits) -> Any:
        found.read.append(path)
        return real(path, display, limits)

    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"network use: {args!r}")

    monkeypatch.setattr(references, "read_document", spy)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    yield found


# -- what resolves --------------------------------------------------------------------------


def test_local_ref_is_kept(tmp_path: Path) -> None:
    bundle, log = _bundle(_spec(tmp_path, "#/definitions/Pet"))
    assert log.diagnostics == ()
    assert _local_refs(bundle.data) == ["#/definitions/Pet"]


def test_percent_encoded_and_escaped_refs_resolve(tmp_path: Path) -> None:
    """`Line%20Item~1v2~0x` names the definition `Line Item/v2~x` (RFC 6901 + RFC 3986)."""
    definitions = "  Line Item/v2~x: {type: object, properties: {q: {type: integer}}}"
    spec = _spec(tmp_path, "#/definitions/Line%20Item~1v2~0x", definitions)
    loaded = load_api(spec, GeneratorConfig(validate=False))
    assert [m.pointer for m in loaded.api.models] == ["/definitions/Line Item~1v2~0x"]
    response = loaded.api.operations[0].responses[0]
    assert response.type.class_name == loaded.api.models[0].class_name  # type: ignore[union-attr]


def test_bundled_refs_still_mean_their_target(tmp_path: Path) -> None:
    """`#/definitions/a%2520b` names `a%20b`, never the definition `a b`."""
    definitions = (
        "  a%20b: {type: object, properties: {x: {type: string}}}\n"
        "  a b: {type: object, properties: {z: {type: integer}}}"
    )
    spec = _spec(tmp_path, "#/definitions/a%2520b", definitions)
    bundle, _ = _bundle(spec)
    [ref] = _local_refs(bundle.data)
    assert jp.split(jp.from_fragment(ref[1:])) == ["definitions", "a%20b"]
    loaded = load_api(spec, GeneratorConfig(validate=False))
    [model] = [m for m in loaded.api.models if m.pointer == "/definitions/a%20b"]
    response = loaded.api.operations[0].responses[0]
    assert response.type.class_name == model.class_name  # type: ignore[union-attr]


def test_relative_file_refs_are_bundled(guard: _Guard) -> None:
    """Case 35: refs resolve against the file that holds them; Pet is bundled once."""
    bundle, log = _bundle(CASES / "35-external-refs.yaml")
    assert log.diagnostics == ()
    assert list(bundle.data["definitions"]) == ["Pet", "Owner", "Error"]
    assert bundle.data["responses"]["Problem"]["schema"] == {"$ref": "#/definitions/Error"}
    assert bundle.data["definitions"]["Owner"]["properties"]["pets"]["items"] == {
        "$ref": "#/definitions/Pet"
    }
    for ref in _local_refs(bundle.data):
        assert ref.startswith("#/")
        jp.resolve(bundle.data, jp.from_fragment(ref[1:]))
    read = sorted(p.relative_to(CASES).as_posix() for p in guard.read)
    assert read == [
        "35-external-refs.d/common/error.yaml",
        "35-external-refs.d/common/responses.yaml",
        "35-external-refs.d/schemas/pet.yaml",
    ]


def test_bundled_parts_are_located_in_their_own_file() -> None:
    """A message about a bundled part names the companion file and its line."""
    bundle, _ = _bundle(CASES / "35-external-refs.yaml")
    assert bundle.locate("/definitions/Owner/properties/pets/type") == (
        "35-external-refs.d/schemas/pet.yaml",
        14,
    )
    assert bundle.locate("/definitions/Error/properties/code/type") == (
        "35-external-refs.d/common/error.yaml",
        4,
    )
    assert bundle.locate("/paths/~1pets/post/operationId") == ("35-external-refs.yaml", 13)


def test_external_refs_generate_one_model_each() -> None:
    loaded = load_api(CASES / "35-external-refs.yaml", GeneratorConfig(validate=False))
    assert sorted(m.class_name for m in loaded.api.models) == ["Error", "Owner", "Pet"]


# -- what is refused, unread ----------------------------------------------------------------


def _refused_refs(tmp_path: Path) -> dict[str, tuple[str, str]]:
    outside = tmp_path / "outside.yaml"
    outside.write_text("Pet: {type: object}\n", encoding="utf-8")
    return {
        "absolute": (f"{outside}#/Pet", "absolute paths are refused"),
        "file-url": (f"file://{outside}#/Pet", "file: URLs are refused"),
        "file-upper": (f"FILE:{outside}#/Pet", "file: URLs are refused"),
        "http": ("http://127.0.0.1:9/pet.yaml#/Pet", "remote references are refused"),
        "https": ("https://example.com/pet.yaml#/Pet", "remote references are refused"),
        "scheme-relative": ("//example.com/pet.yaml#/Pet", "remote references are refused"),
        "ftp": ("ftp://example.com/pet.yaml#/Pet", "the URI scheme 'ftp' is not supported"),
        "unc": ("\\\\server\\share\\pet.yaml#/Pet", "absolute paths are refused"),
        "parent": ("../outside.yaml#/Pet", "points outside the spec's folder"),
        "parent-nested": ("sub/../../outside.yaml#/Pet", "points outside the spec's folder"),
    }


REFUSED = [
    "absolute",
    "file-url",
    "file-upper",
    "http",
    "https",
    "scheme-relative",
    "ftp",
    "unc",
    "parent",
    "parent-nested",
]


@pytest.mark.parametrize("kind", REFUSED)
def test_refused_ref_is_a_located_error_with_nothing_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, guard: _Guard, kind: str
) -> None:
    ref, reason = _refused_refs(tmp_path)[kind]
    spec = _spec(tmp_path / "api", ref)
    monkeypatch.chdir(spec.parent)
    with pytest.raises(SpecError) as caught:
        load_api(spec, GeneratorConfig())
    [error] = caught.value.diagnostics
    assert (error.level, error.file, error.line) == (Level.ERROR, "spec.yaml", REF_LINE)
    assert error.pointer == REF_POINTER
    assert error.code in ("ref-refused", "ref-outside")
    assert reason in error.message
    assert guard.read == []


def test_symlink_out_of_the_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, guard: _Guard
) -> None:
    """A link inside the folder to a file outside it is still outside."""
    (tmp_path / "outside.yaml").write_text("Pet: {type: object}\n", encoding="utf-8")
    spec = _spec(tmp_path / "api", "link.yaml#/Pet")
    (spec.parent / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    monkeypatch.chdir(spec.parent)
    with pytest.raises(SpecError) as caught:
        load_api(spec, GeneratorConfig())
    [error] = caught.value.diagnostics
    assert (error.code, error.line, error.pointer) == ("ref-outside", REF_LINE, REF_POINTER)
    assert guard.read == []


def test_missing_file_names_the_resolved_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = _spec(tmp_path, "./sub/no-such-file.yaml#/Thing")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError) as caught:
        load_api(spec, GeneratorConfig())
    [error] = caught.value.diagnostics
    assert (error.code, error.line) == ("ref-missing", REF_LINE)
    assert "file not found: sub/no-such-file.yaml" in error.message


def test_every_bad_ref_is_reported_in_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Case 36: four problems, four located errors, one run."""
    monkeypatch.chdir(CASES)
    with pytest.raises(SpecError) as caught:
        load_api(Path("36-unresolvable-refs.yaml"), GeneratorConfig())
    found = sorted((d.pointer, d.line, d.code) for d in caught.value.diagnostics)
    assert found == [
        ("/paths/~1a/get/responses/200/schema/$ref", 14, "ref-missing"),
        ("/paths/~1b/get/parameters/0/$ref", 19, "ref-missing"),
        ("/paths/~1b/get/responses/200/schema/$ref", 23, "ref-missing"),
        ("/paths/~1c/get/responses/200/schema/$ref", 30, "ref-missing"),
    ]
    messages = " ".join(d.message for d in caught.value.diagnostics)
    assert "did you mean '#/definitions/Pet'?" in messages
    assert "write #/definitions/Order%20Line~1v2" in messages


# -- dangling definitions -------------------------------------------------------------------


def test_dangling_definition_becomes_a_free_form_object(tmp_path: Path) -> None:
    """quovo-sync.yaml refers to `#/definitions/holder` and defines nothing like it."""
    bundle, log = _bundle(_spec(tmp_path, "#/definitions/holder"))
    [warning] = log.diagnostics
    assert (warning.level, warning.code) == (Level.WARNING, "dangling-ref")
    assert (warning.pointer, warning.line) == (REF_POINTER, REF_LINE)
    assert "'#/definitions/holder' does not exist" in warning.message
    assert bundle.data["definitions"]["holder"] == {"type": "object", "x-swaggen-dangling": True}


def test_dangling_ref_is_an_error_under_strict(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        load_api(_spec(tmp_path, "#/definitions/holder"), GeneratorConfig(strict=True))
    assert [(d.level, d.code) for d in caught.value.diagnostics] == [(Level.ERROR, "dangling-ref")]


@pytest.mark.parametrize(("ref", "suggestion"), [("Holdr", "Holder"), ("holder", "Holder")])
def test_near_miss_is_an_error_with_a_suggestion(tmp_path: Path, ref: str, suggestion: str) -> None:
    """A typo must not silently become an empty model: say which name was meant."""
    definitions = "  Holder: {type: object}"
    bundle, log = _bundle(_spec(tmp_path, f"#/definitions/{ref}", definitions))
    [error] = log.diagnostics
    assert (error.level, error.code, error.line) == (Level.ERROR, "ref-missing", REF_LINE)
    assert f"did you mean '#/definitions/{suggestion}'?" in error.message
    assert ref not in bundle.data["definitions"]


# -- cycles ---------------------------------------------------------------------------------


def test_find_ref_cycles() -> None:
    edges = {
        "/x": "/a",
        "/a": "/b",
        "/b": "/c",
        "/c": "/a",
        "/self": "/self",
        "/chain": "/end",
    }
    assert find_ref_cycles(edges) == [["/a", "/b", "/c", "/a"], ["/self", "/self"]]
    assert find_ref_cycles({"/a": "/b", "/b": "/c"}) == []
    assert find_ref_cycles({}) == []


def test_long_chain_is_not_a_cycle() -> None:
    """Found without recursion: 20 000 links neither overflow nor count as a cycle."""
    edges = {f"/d/{i}": f"/d/{i + 1}" for i in range(20_000)}
    assert find_ref_cycles(edges) == []
    edges["/d/20000"] = "/d/0"
    [cycle] = find_ref_cycles(edges)
    assert len(cycle) == 20_002 and cycle[0] == cycle[-1]


def test_pure_ref_cycles_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Case 16: both cycles, each with its chain, and no RecursionError."""
    shutil.copy(CASES / "16-pure-ref-cycle.yaml", tmp_path / "cycle.yaml")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError) as caught:
        load_api(Path("cycle.yaml"), GeneratorConfig())
    found = [(d.pointer, d.code, d.message) for d in caught.value.diagnostics]
    assert found == [
        (
            "/definitions/Alpha",
            "ref-cycle",
            "reference cycle with no schema: /definitions/Alpha -> /definitions/Beta -> "
            "/definitions/Gamma -> /definitions/Alpha",
        ),
        (
            "/definitions/Itself",
            "ref-cycle",
            "reference cycle with no schema: /definitions/Itself -> /definitions/Itself",
        ),
    ]


def test_refs_inside_examples_and_extensions_are_data(tmp_path: Path) -> None:
    """`$ref` under `example` or `x-` is a value; following it would read arbitrary files."""
    definitions = (
        "  Pet:\n    type: object\n    example: {$ref: '/etc/passwd'}\n"
        "    x-note: {$ref: 'http://example.com/x'}"
    )
    bundle, log = _bundle(_spec(tmp_path, "#/definitions/Pet", definitions))
    assert log.diagnostics == ()
    assert bundle.data["definitions"]["Pet"]["example"] == {"$ref": "/etc/passwd"}


# -- findings inside a referenced file are located in that file ------------------------------

MULTI = """\
swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          schema: {$ref: 'sub/defs.yaml#/Pet'}
"""
DEFS = """\
Pet:
  type: object
  properties:
    owner: {$ref: '#/Ownr'}
    tag: {$ref: 'missing.yaml#/Tag'}
    kind: {type: string, enum: [cat, 1]}
Owner: {type: object}
"""


def _multi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> list[str]:
    """Write the spec and its companions; every diagnostic of one run, as printed."""
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError) as caught:
        load_api(Path("multi.yaml"), GeneratorConfig(validate=False))
    return [d.format() for d in caught.value.diagnostics]


def test_bad_refs_in_a_referenced_file_name_that_file_its_line_and_pointer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not `multi.yaml:1` and `#/definitions/Pet/...` (a place in neither file); and a typo
    there gets the same suggestion as one in the spec."""
    found = _multi(tmp_path, monkeypatch, {"multi.yaml": MULTI, "sub/defs.yaml": DEFS})
    assert found[:2] == [
        "sub/defs.yaml:4: error: #/Pet/properties/owner/$ref: '#/Ownr' does not resolve: "
        "/ has no member 'Ownr'; did you mean '#/Owner'? [ref-missing]",
        "sub/defs.yaml:5: error: #/Pet/properties/tag/$ref: 'missing.yaml#/Tag': file not "
        "found: sub/missing.yaml [ref-missing]",
    ]


def test_warnings_about_a_referenced_file_use_its_own_pointers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Repairs in bundled parts (a definition, an inlined path item) point into the file
    that holds them; each is reported once, however often it is referenced."""
    spec = MULTI + "  /b: {$ref: 'sub/paths.yaml#/item'}\n  /c: {$ref: 'sub/paths.yaml#/item'}\n"
    defs = DEFS.replace("'#/Ownr'", "'#/Owner'").replace("'missing.yaml#/Tag'", "'#/Owner'")
    paths = (
        "item:\n"
        "  get:\n"
        "    parameters:\n"
        "      - {name: q, in: query}\n"
        "    responses:\n"
        "      '200': {description: ok, schema: {$ref: 'defs.yaml#/Pet/propertys/owner'}}\n"
    )
    files = {"multi.yaml": spec, "sub/defs.yaml": defs, "sub/paths.yaml": paths}
    assert _multi(tmp_path, monkeypatch, files) == [
        "sub/paths.yaml:6: error: #/item/get/responses/200/schema/$ref: "
        "'defs.yaml#/Pet/propertys/owner' does not resolve: /Pet has no member 'propertys'; "
        "did you mean 'defs.yaml#/Pet/properties/owner'? [ref-missing]",
        "sub/paths.yaml:4: warning: #/item/get/parameters/0: parameter 'q' has no type; "
        "assumed string [parameter-type]",
        "sub/defs.yaml:6: warning: #/Pet/properties/kind/enum/1: '1' was read as an integer; "
        "the type is string, so kept the text as written [typed-scalar]",
    ]


def test_ref_cycle_in_a_referenced_file_is_located_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    defs = "Pet: {$ref: '#/Alias'}\nAlias: {$ref: '#/Pet'}\n"
    assert _multi(tmp_path, monkeypatch, {"multi.yaml": MULTI, "sub/defs.yaml": defs}) == [
        "sub/defs.yaml:1: error: #/Pet: reference cycle with no schema: /Pet -> /Alias -> "
        "/Pet [ref-cycle]"
    ]


def test_unreadable_referenced_file_names_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error is at the `$ref` that reads the file, and says where in that file."""
    defs = "Pet: {type: object}\nx: [1\n"
    [error] = _multi(tmp_path, monkeypatch, {"multi.yaml": MULTI, "sub/defs.yaml": defs})
    assert error.startswith(
        "multi.yaml:9: error: #/paths/~1a/get/responses/200/schema/$ref: in sub/defs.yaml:3: "
        "YAML syntax error, column 1: "
    )
    assert error.endswith("(while parsing a flow sequence at line 2, column 4) [ref-yaml-syntax]")


def test_a_definition_named_in_the_spec_keeps_its_key_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`definitions: {N: {$ref: ...}}`: the key `N` is written in the spec, its content in
    the other file, and each finding names the one that holds it."""
    spec = (
        "swagger: '2.0'\n"
        "info: {title: t, version: '1'}\n"
        "paths: {}\n"
        "definitions:\n"
        "  N: {$ref: 'sub/defs.yaml#/Owner'}\n"
    )
    defs = "Owner:\n  type: object\n  properties:\n    n: {type: string, enum: [a, 1]}\n"
    for name, text in {"multi.yaml": spec, "sub/defs.yaml": defs}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = load_api(Path("multi.yaml"), GeneratorConfig(validate=False))
    found = sorted((d.file, d.line, d.pointer, d.code) for d in loaded.diagnostics)
    assert found == [
        ("multi.yaml", 5, "/definitions/N", "yaml11-boolean"),
        ("sub/defs.yaml", 4, "/Owner/properties/n/enum/1", "typed-scalar"),
    ]


def _path_item_refs(folder: Path, copies: int) -> Path:
    """`copies` paths, each a `$ref` to one path item of about 4,000 nodes in items.json."""
    folder.mkdir(parents=True, exist_ok=True)
    parameters = [{"name": f"p{i}", "in": "query", "type": "string"} for i in range(1000)]
    item = {"get": {"parameters": parameters, "responses": {"200": {"description": "ok"}}}}
    (folder / "items.json").write_text(json.dumps({"item": item}), encoding="utf-8")
    paths = {f"/p{i}": {"$ref": "items.json#/item"} for i in range(copies)}
    spec = {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    (folder / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    return folder / "spec.json"


def test_path_items_referenced_again_and_again_are_bounded(tmp_path: Path) -> None:
    """Each reference to a path item gets its own copy; a reviewer's 3,000 references to one
    large item took 12 GB. Copies after the first count as YAML aliases do."""
    bundle, log = _bundle(_path_item_refs(tmp_path / "few", 20))
    assert log.diagnostics == () and len(bundle.data["paths"]) == 20
    _, log = _bundle(_path_item_refs(tmp_path / "many", 3000))
    [found] = log.diagnostics
    assert (found.level, found.code, found.pointer) == (
        Level.ERROR,
        "ref-limit",
        "/paths/~1p25/$ref",
    )
    assert "expand to more than 100000 nodes" in found.message


@pytest.mark.parametrize("name", ["loop", "long"])
def test_paths_the_file_system_cannot_resolve_are_located_errors(tmp_path: Path, name: str) -> None:
    """A symlink loop raised RuntimeError, a 5,000-character name OSError: internal errors
    (exit 3) where a located error belongs."""
    if name == "loop":
        (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
        (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
        ref = "a.yaml#/definitions/Pet"
    else:
        ref = "n" * 5000 + ".yaml#/definitions/Pet"
    with pytest.raises(SpecError) as caught:
        load_api(_spec(tmp_path, ref), GeneratorConfig(validate=False))
    [found] = caught.value.diagnostics
    assert (found.code, found.pointer, found.line) == ("ref-missing", REF_POINTER, REF_LINE)
    assert "the path cannot be resolved" in found.message
