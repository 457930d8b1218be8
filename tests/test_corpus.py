"""The corpus test: every spec in tests/fixtures/corpus/MANIFEST.tsv, generated and checked.

Each spec is generated into its own folder and the package is then compiled, imported module
by module, type-checked with `mypy --strict` and its own test skeletons are run.  Imports,
mypy and pytest run in subprocesses with only that folder on the path: package names can
repeat (streamdata/quovo.yaml and this repo's specs/quovo.yaml both make `quovo`), and two
generated packages must never meet in one interpreter.

Refusals are listed with their reason below; where the error offers an opt-in repair
(`--repair-path-templates`, `--rename-duplicate-ids`, `--allow-duplicate-keys`,
`--merge-body-parameters`), the spec must then generate in full.

Tiers: every spec carries the `corpus` mark (`make test-corpus` runs all 201); the few that
also carry `fast` (one per source folder) run in `make test` too, because pyproject's
addopts select `not corpus or fast`.

Each test records its row for the summary table as a user property, which pytest-xdist
carries back to the controller; tests/conftest.py prints the table.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import textwrap
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator import GeneratorConfig, Level, Limits, SpecError, generate_files, write_generated

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
MANIFEST = CORPUS / "MANIFEST.tsv"
RECORD_KEY = "swaggen_corpus"
SUBPROCESS_TIMEOUT = 3600

# Specs swaggen must refuse, with text the located error has to contain.  Each refusal is
# correct per Swagger 2.0 or a rule swaggen documents (tests/fixtures/cases/CASES.md).
_UNDECLARED = "the path template has {%s} but no parameter declares it"
EXPECTED_REFUSALS: dict[str, str] = {
    # Duplicate YAML keys: a loader would silently keep only the last one (hostile/LOG.md).
    "goswagger-fixtures/additional-props.yaml": "duplicate key 'properties'",
    "goswagger/pouch-engine.yaml": "duplicate key 'produces'",
    # The discriminator must be a property the schema declares (Swagger 2.0; CASES.md 19).
    "goswagger-fixtures/realiased-types.yaml": "the discriminator 'htype' is not among the",
    # operationIds must be unique (Swagger 2.0; CASES.md 11).
    "goswagger/docker-remote-old.json": "operationId 'findAll' is used 4 times",
    "streamdata/3scale.yaml": "operationId 'webhooks' is used 2 times",
    "streamdata/click-meter.yaml": "operationId 'getDatapoints' is used 2 times",
    "streamdata/cloudflare.yaml": "operationId 'cloudflare-custom-pages-for-a-zone-api' is used",
    "streamdata/epa-envirofacts.yaml": "operationId 'based-on-the-qid-obtained-from-a-get-facil",
    "streamdata/microsoft-graph.yaml": "operationId 'Table:DataBodyRange' is used 2 times",
    "streamdata/reverb.yaml": "operationId 'getWebhooksRegistrations' is used 2 times",
    # Its $refs name three sibling files (definitions.yaml, parameters.yaml, responses.yaml)
    # that the corpus copy does not ship: 181 references, 100 of them parameters whose name
    # and place nobody can guess. The one refusal no opt-in lifts (CASES.md 36).
    "goswagger/giantswarm-v4.yaml": "'./definitions.yaml#/definitions/V4InfoResponse': file not",
    # At most one body parameter per operation (Swagger 2.0); --merge-body-parameters.
    "streamdata/aws-cloudsearch.yaml": "an operation can have only one body parameter",
    # A path template variable no parameter declares (Swagger 2.0; CASES.md 28).
    "large/kubevirt.json": _UNDECLARED % "namespace",
    "streamdata/appveyor-ci.yaml": _UNDECLARED % "webhookId",
    "streamdata/aws-glacier.yaml": _UNDECLARED % "AccountId",
    "streamdata/azure-automation-2.yaml": _UNDECLARED % "subscriptionId",
    "streamdata/azure-automation.yaml": _UNDECLARED % "subscriptionId",
    "streamdata/azure-dns.yaml": _UNDECLARED % "subscriptionId",
    "streamdata/azure-documentdb.yaml": _UNDECLARED % "subscriptionId",
    "streamdata/azure-logic-apps.yaml": _UNDECLARED % "subscriptionId",
    "streamdata/azure-redis-cache.yaml": _UNDECLARED % "subscriptionId",
    "streamdata/azure-sql-database.yaml": _UNDECLARED % "subscriptionId",
    "streamdata/botify.yaml": _UNDECLARED % "username",
    "streamdata/eventbrite.yaml": _UNDECLARED % "id",
    "streamdata/flat.yaml": _UNDECLARED % "score",
    "streamdata/iex.yaml": _UNDECLARED % "symbol",
    "streamdata/launchdarkly.yaml": _UNDECLARED % "resourceId",
    "streamdata/new-relic-2.yaml": _UNDECLARED % "format",
    "streamdata/new-relic.yaml": _UNDECLARED % "format",
    "streamdata/predix.yaml": _UNDECLARED % "collectionName",
    "streamdata/rebilly-2.yaml": _UNDECLARED % "id",
    "streamdata/sendgrid.yaml": _UNDECLARED % "hostname",
    "streamdata/weather-underground.yaml": _UNDECLARED % "key",
}

# One spec per source folder, small enough for `make test`; they run mypy too.
FAST = {
    "apisguru/furkot.com.yaml",
    "autorest-testserver/complex-model.json",
    "goswagger/petstore.json",
    "goswagger-fixtures/todolist-allparams.yaml",
    "streamdata/quovo.yaml",
    "large/argo-workflows.json",
    "goswagger/pouch-engine.yaml",  # an expected refusal, so that path is covered too
}

IMPORT_EVERY_MODULE = textwrap.dedent("""
    import importlib, json, sys, traceback
    from pathlib import Path

    package, root = sys.argv[1], Path(sys.argv[2])
    names = []
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if "tests" in parts:
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except BaseException as exc:
            line = traceback.format_exception_only(type(exc), exc)[-1].strip()
            failed.append(f"{name}: {line}")
    print(json.dumps({"imported": len(names), "failed": failed}))
    """)


@dataclass(frozen=True)
class Spec:
    path: str
    source: str
    declared: int
    size: int


@dataclass
class Outcome:
    """One row of the summary table, and the failures behind its result."""

    spec: str
    declared: int
    generated: int | None = None
    warnings: int = 0
    generate_seconds: float = 0.0
    seconds: float = 0.0
    result: str = "pass"
    failures: list[str] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def fail(self, stage: str, detail: str) -> None:
        self.failures.append(f"{stage}: {detail}")


def load_manifest() -> list[Spec]:
    """Largest first, so the slow specs start early on xdist workers."""
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    specs = [
        Spec(row["local_path"], row["source"], int(row["operations"]), int(row["size_bytes"]))
        for row in rows
    ]
    return sorted(specs, key=lambda spec: (-spec.size, spec.path))


SPECS = load_manifest()


def _params() -> list[Any]:
    params = []
    for spec in SPECS:
        marks = [pytest.mark.corpus]
        if spec.path in FAST:
            marks.append(pytest.mark.fast)
        params.append(pytest.param(spec, id=spec.path, marks=marks))
    return params


def test_manifest_is_consistent() -> None:
    """The tables above must name real corpus files, and `fast` must cover every source."""
    paths = {spec.path for spec in SPECS}
    assert len(SPECS) == 201
    assert set(EXPECTED_REFUSALS) <= paths
    assert paths >= FAST
    assert {s.source for s in SPECS} == {s.source for s in SPECS if s.path in FAST}
    for spec in SPECS:
        assert (CORPUS / spec.path).is_file(), spec.path


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache per xdist worker: typeshed and httpx are analysed once, never concurrently."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture(autouse=True)
def _serial_black(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under xdist every core already runs a worker; black's own process pool would overbook."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        monkeypatch.setattr("generator.formatting._POOL_THRESHOLD", sys.maxsize, raising=False)


@pytest.mark.parametrize("spec", _params())
def test_spec(spec: Spec, tmp_path: Path, mypy_cache: Path, record_property: Any) -> None:
    outcome = Outcome(spec.path, spec.declared)
    started = time.perf_counter()
    try:
        _check_spec(spec, tmp_path, mypy_cache, outcome)
    finally:
        outcome.seconds = time.perf_counter() - started
        if outcome.failures:
            outcome.result = "FAIL"
        record_property(RECORD_KEY, json.dumps(asdict(outcome)))
    if outcome.failures:
        pytest.fail("\n".join(outcome.failures), pytrace=False)


def _check_spec(spec: Spec, tmp_path: Path, mypy_cache: Path, outcome: Outcome) -> None:
    expected_refusal = EXPECTED_REFUSALS.get(spec.path)
    started = time.perf_counter()
    try:
        generated = generate_files(CORPUS / spec.path, GeneratorConfig())
    except SpecError as exc:
        outcome.generate_seconds = time.perf_counter() - started
        outcome.warnings = _count_warnings(exc.diagnostics)
        _check_refusal(spec, exc, expected_refusal, outcome)
        if expected_refusal is not None and _opt_in_repairs(expected_refusal):
            # What the error message offers must work: with the opt-in repair the spec
            # generates in full and passes every stage.
            _check_repaired(spec, tmp_path, mypy_cache, outcome)
        return
    except Exception as exc:  # any crash is a swaggen bug to report, with where it happened
        outcome.generate_seconds = time.perf_counter() - started
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"
        outcome.fail("generate", f"crashed at {where}: {type(exc).__name__}: {exc}"[:500])
        return
    outcome.generate_seconds = time.perf_counter() - started
    outcome.generated = len(generated.api.operations)
    outcome.warnings = _count_warnings(generated.diagnostics)
    if expected_refusal is not None:
        outcome.fail("refusal", f"expected a refusal naming {expected_refusal!r}; generated")
    if outcome.generated != spec.declared:
        outcome.fail(
            "operations", f"generated {outcome.generated}, the manifest declares {spec.declared}"
        )
    _check_package(generated, tmp_path, mypy_cache, outcome)


REPAIRS = GeneratorConfig(
    repair_path_templates=True,
    rename_duplicate_ids=True,
    merge_body_parameters=True,
    ignore_invalid_discriminators=True,
    limits=Limits(allow_duplicate_keys=True),
)


def _opt_in_repairs(reason: str) -> bool:
    """Refusals that `--repair-path-templates`, `--rename-duplicate-ids`,
    `--allow-duplicate-keys`, `--merge-body-parameters` or `--ignore-invalid-discriminators`
    lift."""
    return (
        "no parameter declares it" in reason
        or reason.startswith("operationId ")
        or reason.startswith("duplicate key")
        or reason.startswith("an operation can have only one body parameter")
        or reason.startswith("the discriminator ")
    )


def _check_repaired(spec: Spec, tmp_path: Path, mypy_cache: Path, outcome: Outcome) -> None:
    try:
        generated = generate_files(CORPUS / spec.path, REPAIRS)
    except SpecError as exc:
        first = next((d.format() for d in exc.diagnostics if d.level is Level.ERROR), "")
        outcome.fail("repaired", f"still refused with the opt-in repairs: {first[:400]}")
        return
    outcome.generated = len(generated.api.operations)
    outcome.result = "refused (expected); repaired: pass"
    if outcome.generated != spec.declared:
        outcome.fail(
            "operations", f"generated {outcome.generated}, the manifest declares {spec.declared}"
        )
    _check_package(generated, tmp_path, mypy_cache, outcome)


def _check_package(generated: Any, tmp_path: Path, mypy_cache: Path, outcome: Outcome) -> None:
    out = tmp_path / "out"
    write_generated(generated, out)
    package = generated.package
    stages: dict[str, Callable[[], None]] = {
        "compile": lambda: _compile_all(out / package, outcome),
        "import": lambda: _import_all(out, package, outcome),
        "mypy": lambda: _mypy(out, package, mypy_cache, outcome),
        "pytest": lambda: _pytest(out, package, outcome),
    }
    for stage, run in stages.items():
        started = time.perf_counter()
        run()
        outcome.stage_seconds[stage] = round(time.perf_counter() - started, 2)


def _count_warnings(diagnostics: Any) -> int:
    return sum(1 for d in diagnostics if d.level is Level.WARNING)


def _check_refusal(spec: Spec, exc: SpecError, expected: str | None, outcome: Outcome) -> None:
    """A refusal must be expected, and located: file:line, then the JSON pointer."""
    errors = [d for d in exc.diagnostics if d.level is Level.ERROR]
    first = errors[0].format() if errors else str(exc)
    if expected is None:
        outcome.result = "refused"
        outcome.fail("refused", first[:500])
        return
    outcome.result = "refused (expected)"
    for diagnostic in errors:
        text = diagnostic.format()
        if expected not in text:
            continue
        located = (
            diagnostic.line is not None
            and diagnostic.file.endswith(spec.path)
            and diagnostic.pointer.startswith("/")
        )
        if not located:
            outcome.fail("refusal", f"error is not located (file:line #/pointer): {text}")
        return
    outcome.fail("refusal", f"refused, but no error names {expected!r}; first: {first[:400]}")


def _compile_all(package_dir: Path, outcome: Outcome) -> None:
    for path in sorted(package_dir.rglob("*.py")):
        try:
            compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            relative = path.relative_to(package_dir)
            outcome.fail("compile", f"{relative}: {type(exc).__name__}: {exc}")


def _run(args: list[str], cwd: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    """A subprocess that sees the generated package and nothing of this checkout."""
    env = dict(os.environ, PYTHONPATH=str(cwd), PYTHONDONTWRITEBYTECODE="1", **extra_env)
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(
        args,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )


def _import_all(out: Path, package: str, outcome: Outcome) -> None:
    proc = _run([sys.executable, "-c", IMPORT_EVERY_MODULE, package, str(out)], out)
    try:
        report = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        outcome.fail("import", f"exit {proc.returncode}: {_tail(proc.stderr)}")
        return
    failed: list[str] = report["failed"]
    if failed:
        shown = "; ".join(failed[:3])
        outcome.fail("import", f"{len(failed)} of {report['imported']} modules: {shown}")


_MYPY_ERROR = re.compile(
    r"^(?P<where>[^:]+:\d+): error: (?P<message>.*?)(?:  \[(?P<code>[\w-]+)\])?$"
)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _mypy(out: Path, package: str, cache: Path, outcome: Outcome) -> None:
    args = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10"]
    args += ["--cache-dir", str(cache), "--hide-error-context", "--no-pretty", package]
    proc = _run(args, out)
    if proc.returncode == 0:
        return
    kinds: dict[str, list[str]] = {}
    for line in proc.stdout.splitlines():
        found = _MYPY_ERROR.match(line)
        if found:
            example = f"{found['where']}: {found['message']}"
            kind = f"{found['code'] or 'error'} in {_template_of(found['where'])}"
            kinds.setdefault(kind, []).append(example)
    if not kinds:
        outcome.fail("mypy", f"exit {proc.returncode}: {_tail(proc.stdout + proc.stderr)}")
        return
    total = sum(len(examples) for examples in kinds.values())
    outcome.fail("mypy", f"{total} errors; " + _kinds(kinds))


def _pytest(out: Path, package: str, outcome: Outcome) -> None:
    args = [sys.executable, "-m", "pytest", "-q", "-rfE", "-p", "no:cacheprovider"]
    args += ["-p", "no:xdist", "-o", "addopts=", "--rootdir", str(out), f"{package}/tests"]
    proc = _run(args, out, COLUMNS="1000")
    if proc.returncode == 0:
        return
    kinds: dict[str, list[str]] = {}
    for line in proc.stdout.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            where, _, message = line.split(" ", 1)[1].partition(" - ")
            test_file = where.split("::")[0]
            key = f"{_QUOTED.sub(repr('…'), message)[:100]} in {_template_of(test_file)}"
            kinds.setdefault(key, []).append(f"{where.split('/')[-1]}: {message}")
    outcome.fail("pytest", f"exit {proc.returncode}: {_tail(proc.stdout, 1)}; " + _kinds(kinds))


def _template_of(where: str) -> str:
    """Which kind of generated file (so which template) an error is in: `api/*`, `tests/test_*`."""
    parts = where.split(":")[0].split("/")[1:]
    if len(parts) == 2 and parts[1] not in ("__init__.py", "test_models.py", "_support.py"):
        return f"{parts[0]}/{'test_*' if parts[0] == 'tests' else '*'}"
    return "/".join(parts)


def _kinds(kinds: dict[str, list[str]], shown: int = 6) -> str:
    """Most frequent kinds first, each with its count and one example."""
    ranked = sorted(kinds.items(), key=lambda item: -len(item[1]))
    parts = [f"[{kind[:110]}] x{len(found)} e.g. {found[0][:240]}" for kind, found in ranked]
    more = f"; ... {len(ranked) - shown} more kinds" if len(ranked) > shown else ""
    return "; ".join(parts[:shown]) + more


def _tail(text: str, lines: int = 3) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])[:600]
