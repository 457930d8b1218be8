"""The failure-case log (tests/fixtures/cases/CASES.md), one test or a few per case.

Each test asserts the "Correct behaviour" its case records: the request a generated client
builds (seen through `httpx.MockTransport`), the objects it decodes, the names it chooses, or
the located errors a refused spec gets.  Every case is generated once for the whole module.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import email
import email.policy
import enum
import importlib
import inspect
import keyword
import logging
import shutil
import subprocess
import sys
import typing
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, unquote

import httpx
import pytest

from generator import (
    Diagnostic,
    Generated,
    GeneratorConfig,
    Level,
    SpecError,
    generate_files,
    load_api,
    write_generated,
)

CASES_DIR = Path(__file__).parent / "fixtures" / "cases"
BASE = "https://api.example.test"

GENERATE = [
    "01-keyword-names",
    "02-builtins-and-self",
    "03-non-identifier-names",
    "05-enum-member-collisions",
    "07-yaml11-implicit-booleans",
    "08-yaml-integer-response-codes",
    "10-formats-date-byte-binary-file",
    "12-operation-naming-missing-and-clashing",
    "15-recursive-models",
    "17-allof-composition",
    "20-x-nullable",
    "22-collection-formats",
    "23-formdata-file-upload",
    "25-default-responses",
    "26-path-level-and-ref-parameters",
    "30-security-definitions",
    "31-text-that-breaks-generated-code",
    "33-empty-paths",
    "35-external-refs",
]

# Every problem each refused case must report, by JSON pointer (RFC 6901 escaping).
REFUSE: dict[str, list[str]] = {
    "11-duplicate-operation-id": [
        "/paths/~1v1~1widgets/get/operationId",
        "/paths/~1v2~1widgets/get/operationId",
        "/paths/~1v2~1widgets/delete/operationId",
    ],
    "16-pure-ref-cycle": ["/definitions/Alpha", "/definitions/Itself"],
    "19-discriminator-invalid": [
        "/definitions/Account/discriminator",
        "/definitions/Shape/discriminator",
    ],
    "28-undeclared-path-parameter": [
        "/paths/~1items~1{itemId}/get",
        "/paths/~1orders/get/parameters/0",
        "/paths/~1users~1{userId}/get",
    ],
    "36-unresolvable-refs": [
        "/paths/~1a/get/responses/200/schema/$ref",
        "/paths/~1b/get/parameters/0/$ref",
        "/paths/~1b/get/responses/200/schema/$ref",
        "/paths/~1c/get/responses/200/schema/$ref",
    ],
}


def spec(stem: str) -> Path:
    return CASES_DIR / f"{stem}.yaml"


# -- generating and importing ------------------------------------------------------------------
@dataclasses.dataclass
class Case:
    """One generated case: what swaggen returned, where it wrote it, and the imported package."""

    generated: Generated
    path: Path
    pkg: ModuleType

    def api(self, name: str) -> ModuleType:
        return importlib.import_module(f"{self.generated.package}.api.{name}")

    def model(self, name: str) -> Any:
        return getattr(importlib.import_module(f"{self.generated.package}.models"), name)

    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.generated.diagnostics if d.level is Level.WARNING]

    def submodules(self) -> list[str]:
        found = []
        for folder in ("api", "models"):
            for file in sorted((self.path / folder).glob("*.py")):
                if file.stem != "__init__":
                    found.append(f"{self.generated.package}.{folder}.{file.stem}")
        return found


class Cases:
    """Generates and imports each case at most once; the output folder is on sys.path."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cases: dict[str, Case] = {}

    def __getitem__(self, stem: str) -> Case:
        if stem not in self._cases:
            generated = generate_files(spec(stem), GeneratorConfig())
            write_generated(generated, self.root)
            pkg = importlib.import_module(generated.package)
            self._cases[stem] = Case(generated, self.root / generated.package, pkg)
        return self._cases[stem]


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cases]:
    root = tmp_path_factory.mktemp("generated")
    sys.path.insert(0, str(root))
    before = set(sys.modules)
    try:
        yield Cases(root)
    finally:
        sys.path.remove(str(root))
        for name in set(sys.modules) - before:
            module_file = getattr(sys.modules[name], "__file__", None) or ""
            if module_file.startswith(str(root)):
                del sys.modules[name]


# -- a fake server -----------------------------------------------------------------------------
class Server:
    """Answers every request with one canned response and records what it was sent."""

    def __init__(self, status: int = 200, **response: Any) -> None:
        self.status = status
        self.response = response
        self.requests: list[httpx.Request] = []

    def _handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return httpx.Response(self.status, **self.response)

    def client(self, case: Case, **credentials: Any) -> Any:
        http = httpx.Client(transport=httpx.MockTransport(self._handle))
        return case.pkg.Client(BASE, httpx_client=http, **credentials)

    @property
    def request(self) -> httpx.Request:
        assert len(self.requests) == 1
        return self.requests[0]


def call(case: Case, operation: str, server: Server, **arguments: Any) -> Any:
    return case.api(operation).sync(server.client(case), **arguments)


def query(request: httpx.Request) -> list[tuple[str, str]]:
    return parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True)


def multipart(request: httpx.Request) -> dict[str, tuple[str | None, str | None, bytes]]:
    """Each part of a multipart body by field name: (file name, media type, content)."""
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = email.message_from_bytes(head + request.content, policy=email.policy.HTTP)
    parts: dict[str, tuple[str | None, str | None, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        media = part["Content-Type"] and part.get_content_type()
        parts[name] = (part.get_filename(), media, part.get_payload(decode=True))
    return parts


# -- every "must generate" case ---------------------------------------------------------------
@pytest.mark.parametrize("stem", GENERATE)
def test_generates_compiles_and_imports(cases: Cases, stem: str) -> None:
    """Generation succeeds; every file (tests too) compiles; every module imports; names valid."""
    case = cases[stem]
    files = sorted(case.path.rglob("*.py"))
    assert any(f.parent.name == "tests" for f in files)
    for file in files:
        compile(file.read_text(encoding="utf-8"), str(file), "exec")
    for name in case.submodules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if getattr(value, "__module__", None) != name or not isinstance(value, type):
                continue
            names = [value.__name__]
            if dataclasses.is_dataclass(value):
                names += [f.name for f in dataclasses.fields(value)]
            if issubclass(value, enum.Enum):
                names += list(value.__members__)
            for python_name in names:
                assert python_name.isidentifier() and not keyword.iskeyword(python_name)
        if ".api." in name:
            for python_name in inspect.signature(module.sync).parameters:
                assert python_name.isidentifier() and not keyword.iskeyword(python_name)


@pytest.fixture(scope="module")
def skeleton_results(
    cases: Cases, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, str]]:
    """Runs every generated package's own tests in one pytest process; outcome per test."""
    report = tmp_path_factory.mktemp("skeletons") / "report.xml"
    folders = [str(cases[stem].path) for stem in GENERATE]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    subprocess.run(
        [*command, "--continue-on-collection-errors", f"--junitxml={report}", *folders],
        cwd=cases.root,
        capture_output=True,
        timeout=300,
        check=False,
    )
    results: dict[str, dict[str, str]] = {}
    for test in ET.parse(report).getroot().iter("testcase"):
        # A module that fails to import is reported with its dotted name and no class name.
        package = (test.get("classname") or test.get("name", "")).split(".")[0]
        outcome = "passed"
        for child in test:
            if child.tag in ("failure", "error", "skipped"):
                outcome = child.tag
        results.setdefault(package, {})[test.get("name", "")] = outcome
    return results


@pytest.mark.parametrize(
    "stem",
    GENERATE,
)
def test_generated_skeleton_tests_pass(
    cases: Cases, skeleton_results: dict[str, dict[str, str]], stem: str
) -> None:
    """The package's own pytest skeletons exist and pass as generated."""
    outcomes = skeleton_results.get(cases[stem].generated.package, {})
    assert outcomes
    assert {name: o for name, o in outcomes.items() if o != "passed"} == {}


# -- every "must refuse" case -----------------------------------------------------------------
def refusal(stem: str, config: GeneratorConfig | None = None) -> list[Diagnostic]:
    with pytest.raises(SpecError) as caught:
        generate_files(spec(stem), config or GeneratorConfig())
    return [d for d in caught.value.diagnostics if d.level is Level.ERROR]


@dataclasses.dataclass
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    output: Path


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CliRun]:
    """`python -m generator generate SPEC -o DIR` for each refusal, run side by side."""
    root = tmp_path_factory.mktemp("cli")
    no_paths = root / "33-no-paths.yaml"
    text = spec("33-empty-paths").read_text(encoding="utf-8")
    no_paths.write_text(text.replace("paths: {}\n", ""), encoding="utf-8")
    runs: dict[str, list[str]] = {stem: [str(spec(stem))] for stem in REFUSE}
    runs["07-strict"] = [str(spec("07-yaml11-implicit-booleans")), "--strict"]
    runs["33-no-paths"] = [str(no_paths)]
    started = {}
    for key, args in runs.items():
        output = root / f"out-{key}"
        command = [sys.executable, "-m", "generator", "generate", *args, "-o", str(output)]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        started[key] = (process, output)
    results = {}
    for key, (process, output) in started.items():
        stdout, stderr = process.communicate(timeout=120)
        results[key] = CliRun(process.returncode, stdout, stderr, output)
    return results


@pytest.mark.parametrize(
    ("key", "pointers"),
    [
        *REFUSE.items(),
        ("07-strict", ["/definitions/Switch/properties/answer/enum/0"]),
        ("33-no-paths", [""]),
    ],
)
def test_cli_refuses_listing_every_problem_and_writes_nothing(
    cli_runs: dict[str, CliRun], key: str, pointers: list[str]
) -> None:
    """Non-zero exit, no traceback, every problem's pointer in one run, no package left."""
    run = cli_runs[key]
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and "RecursionError" not in run.stderr
    assert "internal error" not in run.stderr
    error_lines = [line for line in run.stderr.splitlines() if ": error: #" in line]
    for pointer in pointers:
        assert any(f": error: #{pointer}: " in line for line in error_lines), pointer
    assert "refused; nothing written" in run.stdout
    assert not run.output.exists() or not any(run.output.iterdir())


# -- 01 ----------------------------------------------------------------------------------------
def test_01_keyword_parameters_keep_their_wire_names(cases: Cases) -> None:
    """`from_`/`class_`/`lambda_` go to the query as from/class/lambda, `import_` as a header."""
    case = cases["01-keyword-names"]
    params = inspect.signature(case.api("list_events").sync).parameters
    assert {"from_", "to", "class_", "import_", "lambda_"} <= set(params)
    server = Server(json={"items": []})
    when = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    page = call(
        case, "list_events", server, from_=when, to=when, class_="c", import_="i", lambda_=3
    )
    assert isinstance(page, case.model("EventPage"))
    request = server.request
    assert request.url.path == "/events"
    assert query(request) == [
        ("from", "2024-01-02T03:04:05+00:00"),
        ("to", "2024-01-02T03:04:05+00:00"),
        ("class", "c"),
        ("lambda", "3"),
    ]
    assert request.headers["import"] == "i"


def test_01_keyword_fields_escaped_in_models_and_nested_models(cases: Cases) -> None:
    """Event fields get a trailing `_`; decoding and encoding keep the JSON keys."""
    case = cases["01-keyword-names"]
    event_cls = case.model("Event")
    names = [f.name for f in dataclasses.fields(event_cls) if f.name != "additional_properties"]
    assert names == ["class_", "from_", "del_", "global_", "async_", "None_", "True_"]
    event = event_cls.from_dict({"class": "x", "from": "y"})
    assert event.class_ == "x" and event.from_ == "y"
    assert event.to_dict() == {"class": "x", "from": "y"}
    full = {
        "class": "x",
        "from": "y",
        "del": True,
        "global": 1,
        "async": "a",
        "None": "n",
        "True": "t",
    }
    decoded = event_cls.from_dict(full)
    assert (decoded.None_, decoded.True_, decoded.additional_properties) == ("n", "t", {})
    assert decoded.to_dict() == full
    window_cls = case.model("EventPageWindow")
    assert [f.name for f in dataclasses.fields(window_cls)][:2] == ["from_", "to"]
    page = case.model("EventPage").from_dict(
        {"items": [full], "window": {"from": "2024-01-02T03:04:05Z"}}
    )
    assert page.window.from_ == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    skeleton = (case.path / "tests" / "test_models.py").read_text(encoding="utf-8")
    assert "def test_event_page_round_trip" in skeleton
    compile(skeleton, "test_models.py", "exec")


# -- 02 ----------------------------------------------------------------------------------------
def test_02_builtin_parameter_names_work_and_self_is_renamed(cases: Cases) -> None:
    """`list`/`str` arguments build `GET /things/1?list=a,b&str=3`; `self` is `self_`."""
    case = cases["02-builtins-and-self"]
    sync = case.api("get_thing").sync
    params = inspect.signature(sync).parameters
    assert "self" not in params and "self_" in params
    server = Server(json={"id": "1", "self": "s"})
    thing = sync(server.client(case), id="1", list=["a", "b"], str=3)
    assert thing.id == "1" and thing.self_ == "s"
    request = server.request
    assert request.method == "GET"
    assert request.url.path == "/things/1"
    assert query(request) == [("list", "a,b"), ("str", "3")]
    server = Server(json={"id": "1", "self": "s"})
    sync(server.client(case), id="1", self_="me", type="t", range="r", kwargs="k")
    assert query(server.request) == [("self", "me"), ("type", "t"), ("kwargs", "k")]
    assert server.request.headers["range"] == "r"


def test_02_fields_never_hide_model_helpers(cases: Cases) -> None:
    """A field named `to_dict` does not shadow the method, and keeps its JSON key."""
    thing_cls = cases["02-builtins-and-self"].model("Thing")
    thing = thing_cls(id="1", self_="s", to_dict_="x", from_dict_="y", dict_={"k": "v"})
    assert thing.to_dict() == {
        "id": "1",
        "self": "s",
        "dict": {"k": "v"},
        "to_dict": "x",
        "from_dict": "y",
    }
    data = {"id": "1", "self": "s", "to_dict": "x", "from_dict": "y", "list": [1]}
    decoded = thing_cls.from_dict(data)
    assert (decoded.to_dict_, decoded.from_dict_, decoded.list_) == ("x", "y", [1])
    assert decoded.to_dict() == data


# -- 03 ----------------------------------------------------------------------------------------
def test_03_non_identifier_parameters_keep_wire_names(cases: Cases) -> None:
    """`page[size]`, `filter.owner`, `sort by` reach the query and `X-Trace-Id` the headers."""
    case = cases["03-non-identifier-names"]
    server = Server(json={"1Q": 1, "30d_active": True})
    call(case, "get_stats", server, page_size=10, filter_owner="x", sort_by="y", x_trace_id="t")
    request = server.request
    assert query(request) == [("page[size]", "10"), ("filter.owner", "x"), ("sort by", "y")]
    assert request.headers["X-Trace-Id"] == "t"


def test_03_space_in_query_name_is_percent_encoded(cases: Cases) -> None:
    """CASES.md gives the query as `...&sort%20by=y`."""
    case = cases["03-non-identifier-names"]
    server = Server(json={"1Q": 1, "30d_active": True})
    call(case, "get_stats", server, sort_by="y")
    assert server.request.url.query == b"sort%20by=y"


def test_03_model_names_unique_and_round_trip(cases: Cases) -> None:
    """Colliding names get suffixes in spec order; the JSON keys survive decode + encode."""
    case = cases["03-non-identifier-names"]
    stats_cls = case.model("Stats")
    wires = {f.wire: f.name for f in stats_cls._fields_()}
    assert wires == {
        "1Q": "field_1Q",
        "2Q": "field_2Q",
        "30d_active": "field_30d_active",
        "foo-bar": "foo_bar_2",
        "foo_bar": "foo_bar",
        "foo.bar": "foo_bar_3",
        "display name": "display_name",
        "@id": "id",
        "": "field_",
        "_": "field_2",
        "__class__": "class_",
    }
    data = {"1Q": 1, "30d_active": True, "foo-bar": "a", "foo_bar": "b", "": "e"}
    stats = stats_cls.from_dict(data)
    assert (stats.foo_bar_2, stats.foo_bar, stats.field_) == ("a", "b", "e")
    assert stats.additional_properties == {}
    assert stats.to_dict() == data


def test_03_escaped_ref_resolves_and_names_are_stable(cases: Cases) -> None:
    """`Line%20Item~1v2~0x` is the definition `Line Item/v2~x`; a second run is identical."""
    case = cases["03-non-identifier-names"]
    models = {m.class_name: m for m in case.generated.api.models}
    assert models["LineItemV2X"].pointer == "/definitions/Line Item~1v2~0x"
    assert "Model2xxSummary" in models
    summary = case.model("Model2xxSummary").from_dict({"ok": True, "line": {"qty": 2}})
    assert isinstance(summary.line, case.model("LineItemV2X"))
    assert summary.line.qty == 2
    assert case.model("LineItemV2X").__doc__.startswith("name needs JSON-pointer escaping")
    first = load_api(spec("03-non-identifier-names"), GeneratorConfig()).api
    second = load_api(spec("03-non-identifier-names"), GeneratorConfig()).api
    assert first == second
    assert [m.class_name for m in first.models] == [m.class_name for m in case.generated.api.models]


# -- 05 ----------------------------------------------------------------------------------------
def test_05_enum_members_unique_valid_and_exact(cases: Cases) -> None:
    """One member per value, names valid and not reserved by `enum`, values verbatim."""
    case = cases["05-enum-member-collisions"]
    expected = {
        "ListItemsStock": ["in stock", "in-stock", "in_stock", "IN_STOCK"],
        "ItemGrade": ["a", "A", "5-", "5+", "6-", "6+", "7"],
        "ItemKind": ["mro", "name", "value", "_missing_", "_ignore_", "register"],
        "ItemCode": [-1, 1, 0],
    }
    for class_name, values in expected.items():
        enum_cls = case.model(class_name)
        assert [m.value for m in enum_cls] == values
        assert len(enum_cls.__members__) == len(values)
        for name in enum_cls.__members__:
            assert name.isidentifier() and not keyword.iskeyword(name)
            assert not name.startswith("_") and name not in {"mro", "name", "value"}
    grade = case.model("ItemGrade")
    assert grade("5+") is not grade("5-")
    assert grade("a") is not grade("A")
    assert case.model("ItemKind")("mro").value == "mro"
    assert case.model("ItemCode")(-1).value == -1
    item = case.model("Item").from_dict({"grade": "5+", "kind": "_missing_", "code": -1})
    assert item.grade is grade("5+") and item.to_dict() == {
        "grade": "5+",
        "kind": "_missing_",
        "code": -1,
    }


def test_05_query_sends_the_original_string(cases: Cases) -> None:
    """`?stock=in stock`: the value, not the member name."""
    case = cases["05-enum-member-collisions"]
    server = Server(json={})
    call(case, "list_items", server, stock=case.model("ListItemsStock")("in stock"))
    assert query(server.request) == [("stock", "in stock")]


def test_05_query_space_is_percent_encoded(cases: Cases) -> None:
    """CASES.md gives `?stock=in%20stock`."""
    case = cases["05-enum-member-collisions"]
    server = Server(json={})
    call(case, "list_items", server, stock=case.model("ListItemsStock")("in stock"))
    assert server.request.url.query == b"stock=in%20stock"


# -- 07 ----------------------------------------------------------------------------------------
def test_07_yaml11_booleans_stay_strings(cases: Cases) -> None:
    """YES/NO/ON/OFF stay strings, `on`/`off`/`y` stay property names; `?state=ON` is sent."""
    case = cases["07-yaml11-implicit-booleans"]
    assert [m.value for m in case.model("SwitchAnswer")] == ["YES", "NO", "MAYBE"]
    assert [m.value for m in case.model("SwitchCountry")] == ["GB", "NO", "SE"]
    state = case.model("ListSwitchesState")
    assert [m.value for m in state] == ["ON", "OFF", "AUTO"]
    for class_name in ("SwitchAnswer", "SwitchCountry", "ListSwitchesState"):
        assert not {"TRUE", "FALSE", "True", "False"} & set(case.model(class_name).__members__)
    switch_cls = case.model("Switch")
    assert {f.wire: f.name for f in switch_cls._fields_()} == {
        "answer": "answer",
        "country": "country",
        "on": "on",
        "off": "off",
        "y": "y",
    }
    data = {"answer": "NO", "country": "NO", "on": "1", "off": "0", "y": 1.5}
    switch = switch_cls.from_dict(data)
    assert switch.answer is case.model("SwitchAnswer")("NO") and switch.on == "1"
    assert switch.additional_properties == {} and switch.to_dict() == data
    server = Server(json={})
    call(case, "list_switches", server, state=state("ON"))
    assert server.request.url.query == b"state=ON"


def test_07_warns_and_strict_refuses_with_the_pointer(cases: Cases) -> None:
    """Default mode warns at each pointer; `strict` refuses at the same pointers."""
    warned = {d.pointer: d.message for d in cases["07-yaml11-implicit-booleans"].warnings()}
    pointers = [
        "/definitions/Switch/properties/answer/enum/0",
        "/definitions/Switch/properties/answer/enum/1",
        "/definitions/Switch/properties/country/enum/1",
        "/definitions/Switch/properties/on",
        "/definitions/Switch/properties/off",
        "/paths/~1switches/get/parameters/0/enum/0",
    ]
    for pointer in pointers:
        assert "boolean" in warned[pointer]
    errors = refusal("07-yaml11-implicit-booleans", GeneratorConfig(strict=True))
    by_pointer = {d.pointer: d.message for d in errors}
    assert "'YES' is a boolean" in by_pointer["/definitions/Switch/properties/answer/enum/0"]
    assert set(pointers) <= set(by_pointer)


# -- 08 ----------------------------------------------------------------------------------------
def test_08_integer_response_codes_become_strings(cases: Cases) -> None:
    """The keys 200/404 are read as "200"/"404" next to "default"."""
    case = cases["08-yaml-integer-response-codes"]
    (operation,) = case.generated.api.operations
    assert [r.status for r in operation.responses] == ["200", "404", "default"]
    warned = {d.pointer for d in case.warnings()}
    assert "/paths/~1orders~1{orderId}/get/responses/200" in warned


def test_08_order_on_200_and_typed_problem_on_404(cases: Cases) -> None:
    """200 decodes an `Order`; 404 raises `ApiError` carrying a `Problem`."""
    case = cases["08-yaml-integer-response-codes"]
    server = Server(json={"id": 1})
    order = call(case, "get_order", server, order_id=1)
    assert isinstance(order, case.model("Order")) and order.id == 1
    assert server.request.url.path == "/orders/1"
    for status in (404, 500):
        with pytest.raises(case.pkg.ApiError) as caught:
            call(case, "get_order", Server(status, json={"message": "gone"}), order_id=1)
        assert caught.value.status_code == status
        assert isinstance(caught.value.parsed, case.model("Problem"))
        assert caught.value.parsed.message == "gone"


# -- 10 ----------------------------------------------------------------------------------------
def test_10_binary_responses_are_raw_bytes(cases: Cases) -> None:
    """`type: file` and `format: binary` return the body bytes, with no text decoding."""
    case = cases["10-formats-date-byte-binary-file"]
    body = b"\x00\xff%PDF"
    server = Server(content=body, headers={"Content-Type": "application/pdf"})
    assert call(case, "download_document", server, doc_id=7) == body
    accept = server.request.headers["Accept"]
    assert {part.strip() for part in accept.split(",")} == {
        "application/pdf",
        "application/octet-stream",
    }
    assert server.request.url.path == "/documents/7/content"
    server = Server(content=body, headers={"Content-Type": "image/png"})
    assert call(case, "get_thumbnail", server, doc_id=7) == body


def test_10_file_response_schema_is_accepted_without_complaint(cases: Cases) -> None:
    """`schema: {type: file}` is valid in a Swagger 2.0 response: no diagnostic about it."""
    case = cases["10-formats-date-byte-binary-file"]
    assert [d.message for d in case.generated.diagnostics if "file" in d.message] == []
    generate_files(spec("10-formats-date-byte-binary-file"), GeneratorConfig(strict=True))


def test_10_formats_decode_to_python_types(cases: Cases) -> None:
    """date-time, date, byte, uuid and int64 decode exactly and encode back to the same JSON."""
    case = cases["10-formats-date-byte-binary-file"]
    checksum = base64.b64encode(b"\x00\xffsum").decode("ascii")
    data = {
        "id": 9007199254740993,
        "created": "2024-01-02T03:04:05+02:00",
        "day": "2024-01-02",
        "checksum": checksum,
        "uid": "0b4e7a52-3c7e-4c55-9b4d-7d6f1b9a2e10",
    }
    raw = (
        b'{"id": 9007199254740993, "created": "2024-01-02T03:04:05+02:00", "day": "2024-01-02",'
        b' "checksum": "' + checksum.encode() + b'", "uid": "0b4e7a52-3c7e-4c55-9b4d-7d6f1b9a2e10"}'
    )
    server = Server(content=raw, headers={"Content-Type": "application/json"})
    document = call(
        case, "get_document", server, doc_id=9007199254740993, as_of=datetime.date(2024, 1, 2)
    )
    assert document.id == 9007199254740993 and type(document.id) is int
    offset = datetime.timezone(datetime.timedelta(hours=2))
    assert document.created == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=offset)
    assert document.created.utcoffset() == datetime.timedelta(hours=2)
    assert type(document.day) is datetime.date and document.day == datetime.date(2024, 1, 2)
    assert document.checksum == b"\x00\xffsum"
    assert document.uid == data["uid"] and type(document.uid) is str
    hints = typing.get_type_hints(case.model("Document"))
    assert hints["uid"] == str | case.pkg.Unset
    assert document.to_dict() == data
    assert server.request.url.path == "/documents/9007199254740993"
    assert query(server.request) == [("asOf", "2024-01-02")]
    utc = case.model("Document").from_dict({"id": 1, "created": "2024-01-02T03:04:05Z"})
    assert utc.created.tzinfo is not None and utc.created.utcoffset() == datetime.timedelta(0)


# -- 11 ----------------------------------------------------------------------------------------
def test_11_duplicate_operation_id_refused_at_every_place() -> None:
    """Every error names `listWidgets` and all three pointers."""
    errors = refusal("11-duplicate-operation-id")
    assert {d.pointer for d in errors} == set(REFUSE["11-duplicate-operation-id"])
    for error in errors:
        assert "'listWidgets'" in error.message and "unique" in error.message
        for pointer in REFUSE["11-duplicate-operation-id"]:
            assert pointer in error.message


# -- 12 ----------------------------------------------------------------------------------------
OPERATIONS_12 = {
    "get_root": ("GET", "/", {}),
    "get_users_user_id_items_json_2": ("GET", "/users/u%201/items.json", {"user_id": "u 1"}),
    "post_users_user_id_items_json": ("POST", "/users/u%201/items.json", {"user_id": "u 1"}),
    "get_user": ("GET", "/users/u1", {"user_id": "u1"}),
    "get_user_2": ("PUT", "/users/u1", {"user_id": "u1"}),
    "get_user_3": ("PATCH", "/users/u1", {"user_id": "u1"}),
    "get_user_4": ("DELETE", "/users/u1", {"user_id": "u1"}),
    "op_2fa_verify": ("POST", "/auth/2fa", {}),
    "import_": ("POST", "/imports", {}),
    "get_users_user_id_items_json": ("GET", "/items", {}),
}


def test_12_every_operation_named_uniquely_and_callable(cases: Cases) -> None:
    """Derived and clashing names are deterministic; each hits its own method and URL."""
    case = cases["12-operation-naming-missing-and-clashing"]
    assert sorted(op.name for op in case.generated.api.operations) == sorted(OPERATIONS_12)
    for name, (method, path, arguments) in OPERATIONS_12.items():
        server = Server()
        call(case, name, server, **arguments)
        assert (server.request.method, server.request.url.raw_path.decode()) == (method, path)


def test_12_renamed_operations_are_warned_with_pointers(cases: Cases) -> None:
    """Each operation given a derived or suffixed name gets a warning at its pointer."""
    case = cases["12-operation-naming-missing-and-clashing"]
    warned = {d.pointer: d.message for d in case.warnings()}
    expected = {
        "/paths/~1users~1{userId}/put/operationId": "get_user_2",
        "/paths/~1users~1{userId}/patch/operationId": "get_user_3",
        "/paths/~1users~1{userId}/delete/operationId": "get_user_4",
        "/paths/~1/get": "get_root",
        "/paths/~1users~1{user-id}~1items.json/get": "get_users_user_id_items_json_2",
        "/paths/~1users~1{user-id}~1items.json/post": "post_users_user_id_items_json",
    }
    for pointer, name in expected.items():
        assert f"'{name}'" in warned[pointer]


# -- 15 ----------------------------------------------------------------------------------------
def test_15_recursive_models_decode_at_every_level(cases: Cases) -> None:
    """Self recursion through items and maps, and Person -> Company -> [Person]."""
    case = cases["15-recursive-models"]
    node_cls = case.model("Node")
    data = {"name": "r", "children": [{"name": "c", "children": []}], "index": {"k": {"name": "i"}}}
    server = Server(json=data)
    tree = call(case, "get_tree", server)
    assert isinstance(tree, node_cls)
    assert isinstance(tree.children[0], node_cls) and tree.children[0].name == "c"
    assert isinstance(tree.index["k"], node_cls) and tree.index["k"].name == "i"
    assert tree.to_dict() == data
    people = [{"name": "p", "employer": {"name": "c", "staff": [{"name": "q"}]}}]
    decoded = call(case, "list_people", Server(json=people))
    assert isinstance(decoded[0], case.model("Person"))
    assert isinstance(decoded[0].employer, case.model("Company"))
    assert isinstance(decoded[0].employer.staff[0], case.model("Person"))
    assert [p.to_dict() for p in decoded] == people
    assert sorted(m.class_name for m in case.generated.api.models) == ["Company", "Node", "Person"]


# -- 16 ----------------------------------------------------------------------------------------
def test_16_pure_ref_cycles_refused_with_their_chains() -> None:
    """Two entries: the Alpha -> Beta -> Gamma -> Alpha chain, and Itself."""
    errors = refusal("16-pure-ref-cycle")
    assert len(errors) == 2
    by_pointer = {d.pointer: d.message for d in errors}
    assert by_pointer["/definitions/Alpha"] == (
        "reference cycle with no schema: /definitions/Alpha -> /definitions/Beta -> "
        "/definitions/Gamma -> /definitions/Alpha"
    )
    assert by_pointer["/definitions/Itself"] == (
        "reference cycle with no schema: /definitions/Itself -> /definitions/Itself"
    )


# -- 17 ----------------------------------------------------------------------------------------
def test_17_allof_merges_fields_and_required(cases: Cases) -> None:
    """Dog has every part's fields; required is {name, breed}; DogAlias behaves like Dog."""
    case = cases["17-allof-composition"]
    dog_cls = case.model("Dog")
    fields = dataclasses.fields(dog_cls)
    assert {f.name for f in fields} == {"name", "age", "tags", "breed", "additional_properties"}
    required = {
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    assert required == {"name", "breed"}
    with pytest.raises(TypeError, match="name"):
        dog_cls(breed="x")
    with pytest.raises(case.pkg.DecodeError, match="name"):
        dog_cls.from_dict({"breed": "x"})
    dog = dog_cls(name="n", breed="b", tags=["t"])
    assert dog.to_dict() == {"name": "n", "tags": ["t"], "breed": "b"}
    server = Server(201, json={"name": "n", "breed": "b", "tags": ["t"], "age": 3})
    created = call(case, "create_dog", server, body=dog)
    assert isinstance(created, dog_cls) and created.age == 3
    assert server.request.read() == b'{"name": "n", "tags": ["t"], "breed": "b"}'
    alias_cls = case.model("DogAlias")
    assert alias_cls is dog_cls or issubclass(alias_cls, dog_cls)
    alias = alias_cls.from_dict({"name": "n", "breed": "b", "age": 2})
    assert (alias.name, alias.breed, alias.age) == ("n", "b", 2)


def test_17_inline_composed_response_escapes_return(cases: Cases) -> None:
    """`{"return":1,"msg":"m"}` decodes with both fields; `return` is `return_`."""
    case = cases["17-allof-composition"]
    result = call(case, "sample_error", Server(json={"return": 1, "msg": "m"}))
    assert result.return_ == 1 and result.msg == "m"
    assert result.additional_properties == {}
    assert result.to_dict() == {"return": 1, "msg": "m"}


# -- 19 ----------------------------------------------------------------------------------------
def test_19_invalid_discriminators_refused_in_one_run() -> None:
    """Account: empty name; Shape: `kind` is not a declared property."""
    errors = refusal("19-discriminator-invalid")
    by_pointer = {d.pointer: d.message for d in errors}
    assert set(by_pointer) == set(REFUSE["19-discriminator-invalid"])
    assert "empty" in by_pointer["/definitions/Account/discriminator"]
    shape = by_pointer["/definitions/Shape/discriminator"]
    assert "'kind'" in shape and "not among the properties" in shape


# -- 20 ----------------------------------------------------------------------------------------
def test_20_nulls_decode_as_none_and_absent_stays_unset(cases: Cases) -> None:
    """x-nullable fields (allOf too) take null; absent is UNSET, not None."""
    case = cases["20-x-nullable"]
    data = {"id": 1, "nickname": None, "manager": None, "extra": None, "score": None}
    profile = call(case, "get_profile", Server(json=data), profile_id="p")
    assert (profile.nickname, profile.manager, profile.extra, profile.score) == (None,) * 4
    assert profile.bio is case.pkg.UNSET
    assert profile.to_dict() == data
    sparse = case.model("Profile").from_dict({"id": 1, "nickname": "n", "manager": {"id": 2}})
    assert sparse.score is case.pkg.UNSET and sparse.extra is case.pkg.UNSET
    assert isinstance(sparse.manager, case.model("PersonRef"))


def test_20_patch_sends_null_and_omits_unset(cases: Cases) -> None:
    """`nickname=None` is sent as null; fields left unset are not sent."""
    case = cases["20-x-nullable"]
    server = Server(json={"id": 1, "nickname": None, "manager": None})
    body = case.model("Profile")(id=1, nickname=None, manager=None)
    call(case, "patch_profile", server, profile_id="p", body=body)
    assert server.request.method == "PATCH"
    assert server.request.read() == b'{"id": 1, "nickname": null, "manager": null}'


def test_20_null_where_not_nullable_follows_the_policy(cases: Cases) -> None:
    """Optional `bio: null` is absent; required `id: null` is a DecodeError naming it."""
    case = cases["20-x-nullable"]
    base = {"id": 1, "nickname": "n", "manager": None}
    profile = call(case, "get_profile", Server(json={**base, "bio": None}), profile_id="p")
    assert profile.bio is case.pkg.UNSET
    with pytest.raises(case.pkg.DecodeError) as caught:
        call(case, "get_profile", Server(json={**base, "id": None}), profile_id="p")
    assert caught.value.path == "$.id"
    assert "Profile" in str(caught.value) and "null" in str(caught.value)
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "is read as absent (`UNSET`)" in readme


# -- 22 ----------------------------------------------------------------------------------------
def test_22_collection_formats_in_path_query_and_header(cases: Cases) -> None:
    """csv/multi/pipes/ssv/tsv and nested arrays, each joined the way the spec says."""
    case = cases["22-collection-formats"]
    server = Server(json={})
    call(
        case,
        "search",
        server,
        ids=[1, 2],
        tag=["a", "b"],
        fields=["x", "y"],
        sort=["s", "t"],
        words=["u", "v"],
        cols=["c", "d"],
        x_flags=["f", "g"],
        grid=[[1, 2], [3, 4]],
    )
    request = server.request
    assert unquote(request.url.raw_path.decode()).split("?")[0] == "/search/1,2"
    assert sorted(query(request)) == sorted(
        [
            ("tag", "a"),
            ("tag", "b"),
            ("fields", "x,y"),
            ("sort", "s|t"),
            ("words", "u v"),
            ("cols", "c\td"),
            ("grid", "1,2|3,4"),
        ]
    )
    assert request.headers["X-Flags"] == "f,g"


def test_22_separator_inside_an_item_keeps_it_one_item(cases: Cases) -> None:
    """`["x,y", "z"]` as csv: splitting on the separator still gives two items."""
    case = cases["22-collection-formats"]
    server = Server(json={})
    call(case, "search", server, ids=[1], fields=["x,y", "z"])
    ((name, value),) = query(server.request)
    assert name == "fields"
    assert [unquote(item) for item in value.split(",")] == ["x,y", "z"]


def test_22_form_multi_sends_repeated_fields(cases: Cases) -> None:
    """`id=1&id=2&single=abc`: a one-item list is one field, never split per character."""
    case = cases["22-collection-formats"]
    server = Server(json={})
    call(case, "bulk_form", server, id=["1", "2"], single=["abc"])
    assert server.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert server.request.read() == b"id=1&id=2&single=abc"


# -- 23 ----------------------------------------------------------------------------------------
def test_23_file_upload_is_multipart_with_named_parts(cases: Cases) -> None:
    """A `file` part with its file name, and text parts label/replace/sheet-index."""
    case = cases["23-formdata-file-upload"]
    sync = case.api("upload_dataset").sync
    params = inspect.signature(sync).parameters
    assert params["file"].default is inspect.Parameter.empty
    assert params["label"].default is inspect.Parameter.empty
    server = Server(201, json={"bytes": 8})
    upload = case.pkg.File(b"a,b\n\x00\xff", file_name="data.csv", mime_type="text/csv")
    result = sync(server.client(case), file=upload, label="l", replace=True, sheet_index=2)
    assert result.bytes_ == 8
    request = server.request
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert multipart(request) == {
        "file": ("data.csv", "text/csv", b"a,b\n\x00\xff"),
        "label": (None, None, b"l"),
        "replace": (None, None, b"true"),
        "sheet-index": (None, None, b"2"),
    }
    server = Server(201, json={})
    sync(server.client(case), file=b"raw", label="l")
    parts = multipart(server.request)
    assert set(parts) == {"file", "label"} and parts["file"][2] == b"raw"


def test_23_file_upload_as_name_bytes_mime_tuple(cases: Cases) -> None:
    """The signature offers `(name, bytes, mime)`: one part named `file` with that file name."""
    case = cases["23-formdata-file-upload"]
    server = Server(201, json={})
    call(
        case,
        "upload_dataset",
        server,
        file=("data.csv", b"a,b\n1,2\n", "text/csv"),
        label="l",
    )
    assert multipart(server.request) == {
        "file": ("data.csv", "text/csv", b"a,b\n1,2\n"),
        "label": (None, None, b"l"),
    }


def test_23_login_is_form_urlencoded(cases: Cases) -> None:
    """`login(username, password)` sends a urlencoded form, not JSON."""
    case = cases["23-formdata-file-upload"]
    server = Server(json={})
    call(case, "login", server, username="u", password="p w")
    assert server.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(server.request.read().decode()) == [("username", "u"), ("password", "p w")]


# -- 25 ----------------------------------------------------------------------------------------
def test_25_default_only_and_typed_errors(cases: Cases) -> None:
    """`default` decodes success; 400 and 503 raise ApiError with their own models."""
    case = cases["25-default-responses"]
    thing = call(case, "only_default", Server(json={"id": "1"}))
    assert isinstance(thing, case.model("Thing")) and thing.id == "1"
    with pytest.raises(case.pkg.ApiError) as caught:
        call(case, "typed_errors", Server(400, json={"fields": ["a"]}))
    assert caught.value.status_code == 400
    assert isinstance(caught.value.parsed, case.model("ValidationProblem"))
    assert caught.value.parsed.fields == ["a"]
    body = b'{"message": "down"}'
    with pytest.raises(case.pkg.ApiError) as caught:
        call(case, "typed_errors", Server(503, content=body))
    assert caught.value.status_code == 503 and caught.value.content == body
    assert isinstance(caught.value.parsed, case.model("Problem"))
    assert caught.value.parsed.message == "down"


def test_25_empty_responses_return_none(cases: Cases) -> None:
    """204 and an empty 200 give None; every operation has the simple `sync` form."""
    case = cases["25-default-responses"]
    server = Server(204)
    assert call(case, "remove_thing", server) is None
    assert server.request.method == "DELETE"
    server = Server(200)
    assert call(case, "touch_thing", server) is None
    assert server.request.method == "PATCH"
    for name in ("only_default", "typed_errors", "remove_thing", "touch_thing"):
        assert callable(case.api(name).sync) and callable(case.api(name).asyncio)


# -- 26 ----------------------------------------------------------------------------------------
def test_26_path_level_parameters_merged_and_overridden(cases: Cases) -> None:
    """list_tasks: priority is the operation's integer; purge_tasks inherits the string one."""
    case = cases["26-path-level-and-ref-parameters"]
    unset = case.pkg.Unset
    list_sync = case.api("list_tasks").sync
    purge_sync = case.api("purge_tasks").sync
    list_hints = typing.get_type_hints(list_sync)
    assert list(inspect.signature(list_sync).parameters) == [
        "client",
        "name",
        "x_tenant",
        "priority",
        "limit",
    ]
    assert list_hints["priority"] == int | unset
    assert inspect.signature(list_sync).parameters["limit"].default == 50
    purge_params = inspect.signature(purge_sync).parameters
    assert list(purge_params) == ["client", "name", "x_tenant", "priority"]
    assert typing.get_type_hints(purge_sync)["priority"] == str | unset
    for name in ("name", "x_tenant", "priority", "limit"):
        assert f"\n    {name}: (" in list_sync.__doc__
    for name in ("name", "x_tenant", "priority"):
        assert f"\n    {name}: (" in purge_sync.__doc__
    server = Server(json=[])
    list_sync(server.client(case), name="q", x_tenant="t", priority=3)
    assert server.request.url.path == "/queues/q/tasks"
    assert sorted(query(server.request)) == [("limit", "50"), ("priority", "3")]
    assert server.request.headers["X-Tenant"] == "t"
    server = Server(204)
    purge_sync(server.client(case), name="q", x_tenant="t", priority="high")
    assert server.request.method == "DELETE"
    assert query(server.request) == [("priority", "high")]
    assert server.request.headers["X-Tenant"] == "t"


def test_26_ref_parameter_constraints_checked_before_sending(cases: Cases) -> None:
    """limit 0 and 501 break minimum/maximum: InvalidArgument, and nothing is sent."""
    case = cases["26-path-level-and-ref-parameters"]
    for limit in (0, 501):
        server = Server(json=[])
        with pytest.raises(case.pkg.InvalidArgument, match="limit"):
            call(case, "list_tasks", server, name="q", x_tenant="t", limit=limit)
        assert server.requests == []


def test_26_shared_not_found_decodes_for_both_operations(cases: Cases) -> None:
    """The `$ref`'d NotFound response is the error body of list_tasks and purge_tasks."""
    case = cases["26-path-level-and-ref-parameters"]
    for name in ("list_tasks", "purge_tasks"):
        with pytest.raises(case.pkg.ApiError) as caught:
            call(case, name, Server(404, json={"message": "no queue"}), name="q", x_tenant="t")
        assert caught.value.status_code == 404
        assert caught.value.parsed.message == "no queue"
        assert caught.value.parsed.to_dict() == {"message": "no queue"}


# -- 28 ----------------------------------------------------------------------------------------
def test_28_template_and_parameters_mismatch_refused() -> None:
    """Three errors: undeclared {itemId}, orderId not in the template, {userId} in: query."""
    errors = refusal("28-undeclared-path-parameter")
    by_pointer = {d.pointer: d.message for d in errors}
    assert set(by_pointer) == set(REFUSE["28-undeclared-path-parameter"])
    assert len(errors) == 3
    assert "{itemId}" in by_pointer["/paths/~1items~1{itemId}/get"]
    orders = by_pointer["/paths/~1orders/get/parameters/0"]
    assert "'orderId'" in orders and "not in the path template" in orders
    users = by_pointer["/paths/~1users~1{userId}/get"]
    assert "{userId}" in users and "'in: query'" in users


# -- 30 ----------------------------------------------------------------------------------------
def test_30_global_query_key_and_public_operation(cases: Cases) -> None:
    """search sends `?q=z&api_key=K`; public_info sends no credentials at all."""
    case = cases["30-security-definitions"]
    params = inspect.signature(case.pkg.Client).parameters
    assert {"api_key", "x_api_key", "username", "password", "access_token"} <= set(params)
    everything = {
        "api_key": "K",
        "x_api_key": "H",
        "username": "u",
        "password": "p",
        "access_token": "T",
    }
    server = Server(json={})
    case.api("search").sync(server.client(case, **everything), q="z")
    assert query(server.request) == [("q", "z"), ("api_key", "K")]
    assert "Authorization" not in server.request.headers
    assert "X-API-Key" not in server.request.headers
    server = Server(json={})
    case.api("public_info").sync(server.client(case, **everything))
    assert server.request.url.query == b""
    assert "Authorization" not in server.request.headers
    assert "X-API-Key" not in server.request.headers
    with pytest.raises(case.pkg.MissingCredentials):
        case.api("search").sync(Server().client(case), q="z")


def test_30_alternatives_for_admin_action(cases: Cases) -> None:
    """Header key AND basic when both are set, else bearer; with neither, fail before sending."""
    case = cases["30-security-definitions"]
    admin = case.api("admin_action").sync
    server = Server(json={})
    admin(server.client(case, x_api_key="H", username="u", password="p", access_token="T"))
    headers = server.request.headers
    assert headers["X-API-Key"] == "H"
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"u:p").decode()
    assert server.request.url.query == b""
    server = Server(json={})
    admin(server.client(case, x_api_key="H", access_token="T"))
    assert server.request.headers["Authorization"] == "Bearer T"
    assert "X-API-Key" not in server.request.headers
    server = Server(json={})
    with pytest.raises(case.pkg.MissingCredentials, match="admin_action"):
        admin(server.client(case, x_api_key="H", api_key="K"))
    assert server.requests == []


def test_30_credentials_never_in_logs_or_reprs(
    cases: Cases, caplog: pytest.LogCaptureFixture
) -> None:
    """httpx's request log line and every repr hide the secrets."""
    case = cases["30-security-definitions"]
    secrets = {
        "api_key": "qk-5ecret",
        "x_api_key": "hk-5ecret",
        "username": "user-5ecret",
        "password": "pw-5ecret",
        "access_token": "tok-5ecret",
    }
    caplog.set_level(logging.INFO, logger="httpx")
    server = Server(json={})
    client = server.client(case, **secrets)
    case.api("search").sync(client, q="z")
    case.api("admin_action").sync(client)
    assert "HTTP Request" in caplog.text
    texts = [caplog.text, repr(client), repr(client._config), str(vars(client))]
    with pytest.raises(case.pkg.MissingCredentials) as caught:
        case.api("search").sync(Server().client(case, x_api_key=secrets["x_api_key"]), q="z")
    texts.append(str(caught.value))
    for text in texts:
        for secret in secrets.values():
            assert secret not in text


# -- 31 ----------------------------------------------------------------------------------------
def test_31_request_path_default_and_literal_docs(cases: Cases) -> None:
    """The quoted path is percent-encoded, the default is exact, docs read as written."""
    case = cases["31-text-that-breaks-generated-code"]
    sync = case.api("quoted_path").sync
    default = 'it\'s "x" \\ {0} {{y}}'
    assert inspect.signature(sync).parameters["q"].default == default
    server = Server(json={})
    call(case, "quoted_path", server)
    path = server.request.url.raw_path.split(b"?")[0]
    assert path in (b"/it%27s/%22quoted%22", b"/it's/%22quoted%22")
    assert unquote(path.decode()) == '/it\'s/"quoted"'
    assert query(server.request) == [("q", default)]
    assert 'summary ending in a double quote "\n\n\'); print("injected"); (\'' in sync.__doc__
    assert "q: (query) trailing backslash \\\n" in sync.__doc__
    note_doc = case.model("Note").__doc__
    assert note_doc.strip() == 'Model docstring with """triple""" quotes and a final quote"'
    assert case.pkg.__doc__.startswith('Text with quotes """ and {{ braces }} (version 1.0.0)')


def test_31_api_description_appears_literally(cases: Cases) -> None:
    """The info description, template syntax and all, is in the package docs as written."""
    case = cases["31-text-that-breaks-generated-code"]
    line = "Template syntax: {{ config }} {% raw %} {# c #} ${HOME} {0} %s %(name)s"
    readme = (case.path / "README.md").read_text(encoding="utf-8")
    assert line in (case.pkg.__doc__ or "") or line in readme
    assert "Backslashes: C:\\new\\table and \\N and \\x and \\u and a lone \\" in readme


def test_31_names_with_quotes_round_trip_and_enum_values_exact(cases: Cases) -> None:
    """`a"b`, `c'd`, `back\\slash` map to fields; each mood value is a member value."""
    case = cases["31-text-that-breaks-generated-code"]
    moods = ['say "hi"', "it's", "back\\slash", "{{x}}", "tab\there", "new\nline"]
    assert [m.value for m in case.model("NoteMood")] == moods
    for mood in moods:
        data = {'a"b': "1", "c'd": "2", "back\\slash": "3", "mood": mood}
        note = case.model("Note").from_dict(data)
        assert note.additional_properties == {}
        assert note.mood.is_known
        assert note.to_dict() == data


def test_31_import_has_no_side_effects(cases: Cases) -> None:
    """Importing every module prints nothing (the injected `print` never runs)."""
    case = cases["31-text-that-breaks-generated-code"]
    modules = [case.generated.package, *case.submodules()]
    code = f"import importlib\nfor m in {modules!r}:\n    importlib.import_module(m)\n"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=case.path.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "injected" not in done.stdout + done.stderr
    assert done.stdout == ""


# -- 33 ----------------------------------------------------------------------------------------
def test_33_models_only_package(cases: Cases) -> None:
    """SharedThing and no operations; no host, so the caller must give the base URL."""
    case = cases["33-empty-paths"]
    assert importlib.import_module(f"{case.generated.package}.models").__all__ == ["SharedThing"]
    assert importlib.import_module(f"{case.generated.package}.api").__all__ == []
    assert case.generated.api.operations == () and case.generated.api.base_url is None
    with pytest.raises(TypeError):
        case.pkg.Client()
    assert case.pkg.Client("https://example.test").base_url == "https://example.test"
    tests = sorted(p.name for p in (case.path / "tests").glob("test_*.py"))
    assert tests == ["test_models.py"]
    assert case.model("SharedThing").from_dict({"id": "1"}).id == "1"


def test_33_skeleton_exits_zero_on_its_own(cases: Cases) -> None:
    """pytest on the package alone exits 0, not 5 ("no tests collected")."""
    case = cases["33-empty-paths"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(case.path)],
        cwd=case.path.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    assert "1 passed" in done.stdout


def test_33_missing_paths_key_is_refused(tmp_path: Path) -> None:
    """No `paths` key at all: refused with "/paths is required"."""
    text = spec("33-empty-paths").read_text(encoding="utf-8")
    no_paths = tmp_path / "33-no-paths.yaml"
    no_paths.write_text(text.replace("paths: {}\n", ""), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        generate_files(no_paths, GeneratorConfig())
    messages = [d.message for d in caught.value.diagnostics if d.level is Level.ERROR]
    assert len(messages) == 1 and messages[0].startswith("/paths is required")


# -- 35 ----------------------------------------------------------------------------------------
def test_35_external_refs_resolved_per_file_and_bundled(cases: Cases) -> None:
    """Pet once, Owner and Error too; the default response decodes into Error."""
    case = cases["35-external-refs"]
    models = importlib.import_module(f"{case.generated.package}.models")
    assert sorted(models.__all__) == ["Error", "Owner", "Pet"]
    pet_cls = case.model("Pet")
    data = {
        "name": "p",
        "owner": {"name": "o", "pets": [{"name": "q"}]},
        "lastError": {"code": 1, "message": "m"},
    }
    server = Server(201, json=data)
    pet = call(case, "add_pet", server, body=pet_cls.from_dict(data))
    assert isinstance(pet, pet_cls) and pet.to_dict() == data
    assert isinstance(pet.owner, case.model("Owner"))
    assert isinstance(pet.owner.pets[0], pet_cls)
    assert isinstance(pet.lastError, case.model("Error"))
    assert server.request.read() == (
        b'{"name": "p", "owner": {"name": "o", "pets": [{"name": "q"}]}, '
        b'"lastError": {"code": 1, "message": "m"}}'
    )
    with pytest.raises(case.pkg.ApiError) as caught:
        call(case, "add_pet", Server(500, json={"code": 9, "message": "x"}), body=pet)
    assert isinstance(caught.value.parsed, case.model("Error"))
    assert caught.value.parsed.code == 9
    for file in case.path.rglob("*"):
        if file.is_file():
            assert b"35-external-refs.d" not in file.read_bytes()


def test_35_refs_outside_the_spec_folder_are_refused(tmp_path: Path) -> None:
    """A `$ref` to `../` above the spec's folder is not read."""
    (tmp_path / "outside.yaml").write_text("Thing: {type: object}\n", encoding="utf-8")
    folder = tmp_path / "spec"
    shutil.copytree(CASES_DIR / "35-external-refs.d", folder / "35-external-refs.d")
    text = spec("35-external-refs").read_text(encoding="utf-8")
    (folder / "35-external-refs.yaml").write_text(
        text.replace("./35-external-refs.d/schemas/pet.yaml#/Pet", "../outside.yaml#/Thing"),
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        generate_files(folder / "35-external-refs.yaml", GeneratorConfig())
    errors = [d for d in caught.value.diagnostics if d.level is Level.ERROR]
    assert {d.pointer for d in errors} == {
        "/paths/~1pets/post/parameters/0/schema/$ref",
        "/definitions/Pet/$ref",
    }
    assert all("outside the spec's folder" in d.message for d in errors)


# -- 36 ----------------------------------------------------------------------------------------
def test_36_unresolvable_refs_all_listed() -> None:
    """Four located errors, with a suggestion, a resolved path and the escaped form."""
    errors = refusal("36-unresolvable-refs")
    by_pointer = {d.pointer: d.message for d in errors}
    assert set(by_pointer) == set(REFUSE["36-unresolvable-refs"]) and len(errors) == 4
    typo = by_pointer["/paths/~1a/get/responses/200/schema/$ref"]
    assert "'#/definitions/Pett' does not exist" in typo
    assert "did you mean '#/definitions/Pet'?" in typo
    assert "'#/parameters/missing'" in by_pointer["/paths/~1b/get/parameters/0/$ref"]
    missing_file = by_pointer["/paths/~1b/get/responses/200/schema/$ref"]
    assert "not found" in missing_file and "fixtures/cases/no-such-file.yaml" in missing_file
    unescaped = by_pointer["/paths/~1c/get/responses/200/schema/$ref"]
    assert "/definitions/Order Line" in unescaped and "'v2'" in unescaped
    assert "#/definitions/Order%20Line~1v2" in unescaped
