"""Properties: any text in any spec field gives code that compiles, keeps the text, runs nothing.

The pipeline runs in process (`generate_files`, nothing written) on small specs built from the
drawn text; black's results for unchanged files come from swaggen's in-process memo of a
warm package, which keeps an example near 0.1 s.  Each generated file is checked with `ast`
and `compile`; a subset is also written out and imported in a sandboxed child.  The escapers
and the naming module are tested directly.  Hypothesis runs derandomized, with no database,
so the tests are deterministic and write nothing into the repository.
"""

from __future__ import annotations

import ast
import json
import keyword
import re
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote

import black
import pytest
import sandbox
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator import GeneratorConfig, SpecError, generate_files, write_generated
from generator import pointer as jp
from generator.escaping import py_docstring, py_literal, py_string
from generator.naming import (
    CLASS_RESERVED,
    ENUM_MEMBER_RESERVED,
    FIELD_RESERVED,
    PARAM_RESERVED,
    SOFT_KEYWORDS,
    NameScope,
    identifier,
)

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PIPELINE_EXAMPLES = 50
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)  # a pipeline example costs ~0.1 s
IMPORTED_SUBSET = 12
BLACK_MODE = black.Mode(target_versions={black.TargetVersion.PY310})
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)

# Pieces that have broken generators: quotes and escapes, template and format markers,
# controls, separators and bidi marks, code.  Mixed with arbitrary (non-surrogate) characters.
NASTY = [
    '"""',
    "'''",
    '"',
    "'",
    "\\",
    "\\\\",
    '\\"',
    "\n",
    "\r",
    "\r\n",
    "\t",
    " ",
    "  ",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1b[2J",
    "\x07",
    "\x08",
    "\x7f",
    "\x85",
    "\x9b",
    "\xa0",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u3000",
    "{",
    "}",
    "{{ 7*7 }}",
    "{% raw %}",
    "{#",
    "%s",
    "%(x)s",
    "#",
    "\\N{BULLET}",
    "\\x4",
    "\\u12",
    "é",
    "İ",
    "ß",
    "\U0001f600",
    "r'",
    "f'{x}'",
    "$ref",
    "~1",
    "%2F",
    "/",
    "..",
    ":",
    ";",
    "=",
    "(",
    ")",
    "`",
    "<script>",
    "__import__('pathlib').Path('/tmp/PWNED-prop').touch()",
    '""";__import__("pathlib").Path("/tmp/PWNED-prop").touch();"""',
]
CHARACTER = st.characters(blacklist_categories=("Cs",))


def nasty_text(max_pieces: int = 8) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(NASTY), CHARACTER, st.text(CHARACTER, max_size=3))
    return st.lists(piece, max_size=max_pieces).map("".join)


def docstrings(tree: ast.AST) -> list[str]:
    """Every docstring of a module, class or function, exactly as Python will see it."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            text = ast.get_docstring(node, clean=False)
            if text is not None:
                found.append(text)
    return found


def compiles_quietly(source: str) -> None:
    """Compile with every warning an error: no SyntaxWarning for invalid escapes."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compile(source, "<generated>", "exec", dont_inherit=True)


# -- escapers --------------------------------------------------------------------------------
@SETTINGS
@given(text=nasty_text(16) | st.text(CHARACTER, max_size=40))
def test_docstring_survives_black_and_ast(text: str) -> None:
    """`py_docstring` gives exactly `text` as module, class, method and attribute docstring."""
    doc = py_docstring(text)
    source = (
        f"{doc}\n\n\nclass C:\n    {doc}\n\n    x: int = 1\n    {doc}\n\n"
        f"    def f(self) -> None:\n        {doc}\n        return None\n"
    )
    formatted = black.format_str(source, mode=BLACK_MODE)
    assert black.format_str(formatted, mode=BLACK_MODE) == formatted
    tree = ast.parse(formatted)
    assert docstrings(tree) == [text, text, text]
    klass = tree.body[1]
    assert isinstance(klass, ast.ClassDef)
    attribute = klass.body[2]
    assert isinstance(attribute, ast.Expr) and isinstance(attribute.value, ast.Constant)
    assert attribute.value.value == text
    compiles_quietly(formatted)
    assert "\x00" not in formatted


@SETTINGS
@given(text=nasty_text(16) | st.text(CHARACTER, max_size=40))
def test_string_literal_survives_black_and_ast(text: str) -> None:
    """`py_string` gives exactly `text`, alone and inside a call black may split."""
    literal = py_string(text)
    source = f"x = {literal}\ny = f(\n    {literal}, {literal}, keyword={literal}\n)\n"
    formatted = black.format_str(source, mode=BLACK_MODE)
    tree = ast.parse(formatted)
    constants = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    assert constants == [text] * 4
    compiles_quietly(formatted)
    assert "\x00" not in formatted


JSON_LIKE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | nasty_text(6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(nasty_text(4), inner, max_size=4),
    max_leaves=12,
)


@SETTINGS
@given(value=JSON_LIKE)
def test_literal_survives_black_and_ast(value: Any) -> None:
    """Defaults, enum values and samples: `py_literal` evaluates back to the value."""
    formatted = black.format_str(f"x = {py_literal(value)}\n", mode=BLACK_MODE)
    assignment = ast.parse(formatted).body[0]
    assert isinstance(assignment, ast.Assign)
    assert ast.literal_eval(assignment.value) == value
    compiles_quietly(formatted)


# -- naming ----------------------------------------------------------------------------------
STYLES = ("snake", "pascal", "upper", "keep")
RESERVED_SETS = [frozenset(), PARAM_RESERVED, FIELD_RESERVED, CLASS_RESERVED, ENUM_MEMBER_RESERVED]
NAME_TEXT = nasty_text(6) | st.sampled_from(
    ["class", "self", "None", "match", "_", "__init__", "1st", "", "a-b", "a_b", "to_dict"]
)


def valid_identifier(name: str) -> bool:
    return (
        bool(IDENTIFIER.match(name))
        and name.isidentifier()
        and name.isascii()
        and not keyword.iskeyword(name)
        and name not in SOFT_KEYWORDS
    )


@SETTINGS
@given(
    text=NAME_TEXT,
    style=st.sampled_from(STYLES),
    reserved=st.sampled_from(RESERVED_SETS),
    extra=st.sets(st.from_regex(IDENTIFIER, fullmatch=True), max_size=4),
)
def test_identifier_is_valid_and_scoped_names_avoid_reserved(
    text: str, style: str, reserved: frozenset[str], extra: set[str]
) -> None:
    """Any text gives a valid, non-keyword ASCII identifier; claimed, it avoids reserved names."""
    taken = reserved | extra
    name = identifier(text, style=style, digit_prefix="x", empty="empty", reserved=taken)
    assert valid_identifier(name), name
    assert name == identifier(text, style=style, digit_prefix="x", empty="empty", reserved=taken)
    claimed = NameScope(taken).claim(name)
    assert valid_identifier(claimed) and claimed not in taken


@SETTINGS
@given(texts=st.lists(NAME_TEXT, max_size=12), fold=st.booleans(), style=st.sampled_from(STYLES))
def test_claim_gives_unique_valid_names(texts: list[str], fold: bool, style: str) -> None:
    """One scope, many names: every claim is unique (case-folded for file names) and valid."""
    scope = NameScope({"__init__"}, fold_case=fold)
    names = []
    for text in texts:
        base = identifier(text, style=style, digit_prefix="x", empty="empty")
        names.append(scope.claim(base))
        assert names[-1].startswith(base)
    keys = [n.casefold() if fold else n for n in names]
    assert len(set(keys)) == len(keys)
    assert all(valid_identifier(n) for n in names)


@SETTINGS
@given(originals=st.lists(NAME_TEXT, max_size=12), reserved=st.sampled_from(RESERVED_SETS))
def test_claim_all_is_unique_valid_and_keeps_exact_names(
    originals: list[str], reserved: frozenset[str]
) -> None:
    """Wire names to Python names: unique, valid, and a name already right is kept."""
    candidates = [
        identifier(o, style="keep", digit_prefix="x", empty="empty", reserved=reserved)
        for o in originals
    ]
    names = NameScope(reserved).claim_all(candidates, originals)
    assert len(names) == len(originals)
    assert len(set(names)) == len(names)
    assert all(valid_identifier(n) and n not in reserved for n in names)
    exact = [o for o, c in zip(originals, candidates, strict=True) if o == c]
    for original in exact:
        if exact.count(original) == 1:
            assert original in names


# -- the pipeline ----------------------------------------------------------------------------
def path_key(text: str) -> str:
    """Any text as a path: a leading '/' (swaggen repairs its absence, with a warning), and
    no `{name}` template, which would need a declared path parameter (see hostile 08)."""
    return "/" + text.replace("{", "(").replace("}", ")")


def as_sent(path: str) -> str:
    """The path a client sends: control characters, which no URL holds, percent-encoded."""
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"%{ord(m.group()):02X}", path)


def unique_texts(count: int) -> st.SearchStrategy[list[str]]:
    return st.lists(nasty_text(6), min_size=count, max_size=count, unique=True)


TEXTS = st.fixed_dictionaries(
    {
        "title": nasty_text(),
        "version": nasty_text(4),
        "info_description": nasty_text(),
        # swaggen repairs a host holding '/' or '://' and a basePath without a leading '/'
        # (with warnings); the drawn text goes everywhere else.
        "host": nasty_text(4).map(lambda text: text.replace("/", "")),
        "base_path": nasty_text(4).map(lambda text: "/" + text),
        "tag": nasty_text(4),
        "paths": st.lists(nasty_text(6).map(path_key), min_size=2, max_size=2, unique=True),
        "operation_ids": unique_texts(2),
        "summary": nasty_text(),
        "description": nasty_text(),
        # An empty name cannot be sent, so it is no argument (tests/test_normalize.py).
        "parameters": unique_texts(3).filter(all),
        "parameter_description": nasty_text(),
        "default": nasty_text(),
        "definitions": unique_texts(2),
        "model_description": nasty_text(),
        "properties": unique_texts(3),
        "property_description": nasty_text(),
        "enum": st.lists(nasty_text(4), min_size=1, max_size=3, unique=True),
    }
)


def ref(name: str) -> str:
    return "#/definitions/" + quote(jp.escape(name), safe="")


def build_spec(t: dict[str, Any]) -> dict[str, Any]:
    """A small valid-looking spec with the drawn text in every string field."""
    first, second = t["definitions"]
    parameters = [
        {"name": name, "in": "query", "type": "string", "description": t["parameter_description"]}
        for name in t["parameters"]
    ]
    parameters[0]["default"] = t["default"]
    properties: dict[str, Any] = {
        name: {"type": "string", "description": t["property_description"]}
        for name in t["properties"]
    }
    properties[t["properties"][0]]["enum"] = t["enum"]
    properties[t["properties"][1]] = {"$ref": ref(second)}
    operations = [
        {
            "operationId": t["operation_ids"][0],
            "summary": t["summary"],
            "description": t["description"],
            "tags": [t["tag"]],
            "parameters": parameters,
            "responses": {"200": {"description": t["description"], "schema": {"$ref": ref(first)}}},
        },
        {"operationId": t["operation_ids"][1], "responses": {"204": {"description": "none"}}},
    ]
    return {
        "swagger": "2.0",
        "info": {
            "title": t["title"],
            "version": t["version"],
            "description": t["info_description"],
        },
        "host": t["host"],
        "basePath": t["base_path"],
        "tags": [{"name": t["tag"], "description": t["description"]}],
        "paths": {path: {"get": op} for path, op in zip(t["paths"], operations, strict=True)},
        "definitions": {
            first: {
                "type": "object",
                "description": t["model_description"],
                "properties": properties,
            },
            second: {"type": "object", "properties": {"v": {"type": "integer"}}},
        },
    }


def calls(tree: ast.AST, function: str) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == function
    ]


def first_arguments(tree: ast.AST, function: str) -> list[Any]:
    return [ast.literal_eval(c.args[0]) for c in calls(tree, function) if c.args]


def keyword_value(tree: ast.AST, function: str, name: str) -> list[Any]:
    return [
        ast.literal_eval(k.value)
        for c in calls(tree, function)
        for k in c.keywords
        if k.arg == name
    ]


def check_generated(
    t: dict[str, Any], files: dict[str, bytes], host_refused: bool = False
) -> dict[str, Any]:
    """Everything compiles and every emitted text is exact; returns what the import must see."""
    trees: dict[str, ast.Module] = {}
    for path, data in files.items():
        assert RAW_CONTROL.search(data.decode("utf-8")) is None, path  # no trojan-source text
        if path.endswith(".py"):
            source = data.decode("utf-8")
            compiles_quietly(source)
            trees[path] = ast.parse(source)
        assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_./-]*", path) and ".." not in path, path
    package_doc = ast.get_docstring(trees["__init__.py"], clean=False) or ""
    assert t["title"] in package_doc and t["version"] in package_doc

    operation_files = sorted(p for p in trees if p.startswith("api/") and p != "api/__init__.py")
    assert len({p.casefold() for p in operation_files}) == 2
    paths = {keyword_value(trees[p], "Operation", "path")[0]: p for p in operation_files}
    assert set(paths) == {as_sent(path) for path in t["paths"]}
    main = trees[paths[as_sent(t["paths"][0])]]
    assert ast.get_docstring(main, clean=False) == f"GET {as_sent(t['paths'][0])}"
    assert sorted(first_arguments(main, "Param")) == sorted(t["parameters"])
    sync = next(n for n in main.body if isinstance(n, ast.FunctionDef) and n.name == "sync")
    sync_doc = ast.get_docstring(sync, clean=False) or ""
    for text in (t["summary"], t["description"]):
        assert text in sync_doc
    assert t["parameter_description"] in sync_doc
    arguments = [a.arg for a in sync.args.args + sync.args.kwonlyargs]
    assert len(set(arguments)) == len(arguments) and all(map(valid_identifier, arguments))
    defaults = [ast.literal_eval(d) for d in sync.args.kw_defaults if isinstance(d, ast.Constant)]
    assert t["default"] in defaults

    models = {p: trees[p] for p in trees if p.startswith("models/") and p != "models/__init__.py"}
    classes = [n for m in models.values() for n in m.body if isinstance(n, ast.ClassDef)]
    names = [c.name for c in classes]
    assert len({n.casefold() for n in names}) == len(names) and all(map(valid_identifier, names))
    wires: dict[str, Any] = {}
    for tree in models.values():
        for call in calls(tree, "F"):
            wires[ast.literal_eval(call.args[1])] = ast.literal_eval(call.args[0])
    assert set(t["properties"]) <= set(wires)
    assert all(valid_identifier(n) for n in wires.values())
    docs = [d for m in models.values() for d in docstrings(m)]
    if t["model_description"]:
        assert t["model_description"] in docs
    if t["property_description"]:
        assert t["property_description"] in [
            s.value.value
            for c in classes
            for s in c.body
            if isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)
        ]
    enums = [
        [ast.literal_eval(s.value) for s in c.body if isinstance(s, ast.Assign)]
        for c in classes
        if any(isinstance(b, ast.Attribute) and b.attr.endswith("Enum") for b in c.bases)
    ]
    assert enums == [t["enum"]]

    base = [
        ast.literal_eval(n.value)
        for n in trees["_client.py"].body
        if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "DEFAULT_BASE_URL"
    ]
    expected_url = f"https://{t['host']}{t['base_path']}".rstrip("/") if t["host"] else None
    if host_refused:
        # Not a host name, an IP address or a port: swaggen warns and leaves the base URL
        # to the caller rather than baking junk into the client.
        expected_url = None
    assert base == [expected_url]
    return {
        "title": t["title"],
        "paths": sorted(as_sent(path) for path in t["paths"]),
        "parameters": sorted(t["parameters"]),
        "summary": t["summary"],
        "enum": t["enum"],
        "base_url": expected_url,
    }


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A written package whose manifest lets unchanged files skip black."""
    root = tmp_path_factory.mktemp("warm")
    spec = root / "prop.json"
    spec.write_text(json.dumps(build_spec(WARM_TEXTS)))
    write_generated(generate_files(spec, GeneratorConfig()), root / "out")
    return spec, root / "out"


WARM_TEXTS: dict[str, Any] = {
    "title": "Warm",
    "version": "1",
    "info_description": "d",
    "host": "api.example.com",
    "base_path": "/v1",
    "tag": "t",
    "paths": ["/a", "/b"],
    "operation_ids": ["getA", "getB"],
    "summary": "s",
    "description": "d",
    "parameters": ["p", "q", "r"],
    "parameter_description": "pd",
    "default": "x",
    "definitions": ["A", "B"],
    "model_description": "md",
    "properties": ["x", "y", "z"],
    "property_description": "pd",
    "enum": ["e"],
}


def test_any_text_in_any_field_is_kept_exactly_and_runs_nothing(
    warm: tuple[Path, Path], tmp_path: Path
) -> None:
    """Every string field holds drawn text; the code compiles and keeps it; imports run nothing."""
    spec, out = warm
    batch = tmp_path / "batch"
    batch.mkdir()
    expected: dict[str, dict[str, Any]] = {}

    @settings(SETTINGS, max_examples=PIPELINE_EXAMPLES, phases=NO_SHRINK)
    @given(texts=TEXTS)
    def check(texts: dict[str, Any]) -> None:
        spec.write_text(json.dumps(build_spec(texts)), encoding="utf-8")
        try:
            generated = generate_files(spec, GeneratorConfig(), output_dir=out)
        except SpecError as error:  # pragma: no cover - reported with the drawn text
            pytest.fail(f"refused valid text: {[d.format() for d in error.diagnostics]}")
        refused = any(d.code == "host" for d in generated.diagnostics)
        wanted = check_generated(texts, generated.files, refused)
        if len(expected) < IMPORTED_SUBSET:
            package = f"p{len(expected)}"
            for relative, data in generated.files.items():
                (batch / package / relative).parent.mkdir(parents=True, exist_ok=True)
                (batch / package / relative).write_bytes(data)
            expected[package] = wanted

    check()
    home = tmp_path / "home"
    home.mkdir()
    run = sandbox.run(
        [sandbox.PYTHON, "-W", "error", "-c", sandbox.PROBE, str(batch), *sorted(expected)],
        cwd=home,
        home=home,
        policy=sandbox.Policy(read=(batch,), write=(home / "tmp",)),
        timeout=120,
    )
    assert run.returncode == 0 and not run.violations(), (run.text[-3000:], run.findings)
    assert not list(Path("/tmp").glob("PWNED-*"))
    report = json.loads(run.stdout)
    for package, wanted in expected.items():
        found = report[package]
        errors = found["errors"]
        assert not errors, errors
        modules = found["modules"]
        assert wanted["title"] in modules[package]["doc"]
        operations = [m["operation"] for m in modules.values() if "operation" in m]
        assert sorted(o["path"] for o in operations) == wanted["paths"]
        assert wanted["parameters"] in [sorted(o["params"]) for o in operations]
        assert any(wanted["summary"] in (m.get("sync_doc") or "") for m in modules.values())
        values = [
            c["values"] for m in modules.values() for c in m["classes"].values() if "values" in c
        ]
        assert wanted["enum"] in values
        assert modules[f"{package}._client"]["base_url"] == wanted["base_url"]


@pytest.mark.parametrize("host", ["\u2603.example", "x\x00y"], ids=["snowman", "nul"])
def test_generated_tests_import_with_any_swagger_host(
    host: str, warm: tuple[Path, Path], tmp_path: Path
) -> None:
    """Hosts valid for Swagger 2.0 (no `{}/ :\\`) must not break importing any module."""
    spec, out = warm
    spec.write_text(json.dumps(build_spec(dict(WARM_TEXTS, host=host))), encoding="utf-8")
    generated = generate_files(spec, GeneratorConfig(), output_dir=out)
    for relative, data in generated.files.items():
        (tmp_path / "pkg" / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "pkg" / relative).write_bytes(data)
    home = tmp_path / "home"
    home.mkdir()
    run = sandbox.run(
        [sandbox.PYTHON, "-c", sandbox.PROBE, str(tmp_path), "pkg"],
        cwd=home,
        home=home,
        policy=sandbox.Policy(read=(tmp_path / "pkg",), write=(home / "tmp",)),
        timeout=120,
    )
    assert run.returncode == 0 and not run.violations(), run.text[-2000:]
    assert json.loads(run.stdout)["pkg"]["errors"] == {}
