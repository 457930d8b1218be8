"""Operation names that are also names a generated test module uses (`client`, `httpx`,
`result`, `models`, ...): the package still passes its own tests and `mypy --strict`.

Found by a reviewer: these operationIds generated with no warning, then `test_httpx.py` failed
to import and six skeletons failed (`'Client' object has no attribute 'sync'`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator import GeneratorConfig, generate_files, write_generated

# Each one shadows an import or a local of the test module, or names one of its files.
OPERATION_IDS = [
    "client",
    "Client",
    "httpx",
    "json",
    "datetime",
    "parse_qsl",
    "encode_any",
    "mock_client",
    "run_async",
    "result",
    "detailed",
    "annotations",
    "models",
    "test_models",
    "_support",
    "conftest",
]


def _spec() -> dict[str, object]:
    """Every kind of call the test template writes: a form (parse_qsl), a date-time
    (datetime), a JSON body (json) and a model response (encode_any)."""
    paths = {}
    for index, operation_id in enumerate(OPERATION_IDS):
        form = index % 2 == 0
        parameter = (
            {"name": "when", "in": "formData", "type": "string", "format": "date-time"}
            if form
            else {"name": "body", "in": "body", "schema": {"$ref": "#/definitions/Thing"}}
        )
        paths[f"/p{index}"] = {
            "post": {
                "operationId": operation_id,
                "consumes": ["application/x-www-form-urlencoded" if form else "application/json"],
                "parameters": [parameter],
                "responses": {
                    "200": {"description": "ok", "schema": {"$ref": "#/definitions/Thing"}}
                },
            }
        }
    return {
        "swagger": "2.0",
        "info": {"title": "shadows", "version": "1"},
        "host": "api.example.test",
        "paths": paths,
        "definitions": {"Thing": {"type": "object", "properties": {"a": {"type": "string"}}}},
    }


def test_operations_named_like_test_helpers_pass_their_own_tests(tmp_path: Path) -> None:
    spec = tmp_path / "shadows.json"
    spec.write_text(json.dumps(_spec()), encoding="utf-8")
    out = tmp_path / "out"
    generated = generate_files(spec, GeneratorConfig(), output_dir=out)
    assert len(generated.api.operations) == len(OPERATION_IDS)
    write_generated(generated, out)
    package = out / generated.package
    tests = sorted(p.name for p in (package / "tests").glob("test_*.py"))
    # One skeleton per operation, plus the models' own tests.
    assert len(tests) == len(OPERATION_IDS) + 1 and "test_models.py" in tests

    run = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(package)], out)
    assert run.returncode == 0, run.stdout[-3000:]
    # Two skeletons per operation, and the model round trip.
    assert f"{2 * len(OPERATION_IDS) + 1} passed" in run.stdout

    mypy = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10"]
    checked = _run([*mypy, "--cache-dir", str(tmp_path / "cache"), generated.package], out)
    assert checked.returncode == 0, checked.stdout[-3000:]


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )
