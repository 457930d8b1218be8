"""The opt-in repairs: each refusal names its flag, the flag lifts it with a located warning,
the manifest records it, and `generate` and `check` with no arguments use it again.

Specs here are small, written inline; every run goes through the real `swaggen` command.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

HEAD = """\
swagger: '2.0'
info: {title: t, version: '1'}
host: api.example.test
schemes: [https]
consumes: [application/json]
produces: [application/json]
paths:
"""

# flag -> (paths of a spec refused without it, text of the refusal, code of the warning)
SPECS: dict[str, tuple[str, str, str]] = {
    "--merge-body-parameters": (
        """\
  /docs:
    post:
      operationId: addDoc
      parameters:
        - {name: id, in: body, required: true, schema: {type: string}}
        - {name: fields, in: body, schema: {type: object}}
      responses:
        '200': {description: ok}
""",
        "an operation can have only one body parameter (or pass --merge-body-parameters",
        "body-merged",
    ),
    "--rename-duplicate-ids": (
        """\
  /a:
    get:
      operationId: list
      responses:
        '200': {description: ok}
  /b:
    get:
      operationId: list
      responses:
        '200': {description: ok}
""",
        "operationId 'list' is used 2 times",
        "operation-renamed",
    ),
    "--repair-path-templates": (
        """\
  /items/{itemId}:
    get:
      operationId: getItem
      responses:
        '200': {description: ok}
""",
        "the path template has {itemId} but no parameter declares it",
        "undeclared-path-parameter",
    ),
    "--ignore-invalid-discriminators": (
        """\
  /pets:
    get:
      operationId: getPet
      responses:
        '200': {description: ok, schema: {$ref: '#/definitions/Pet'}}
definitions:
  Pet:
    type: object
    discriminator: petType
    properties:
      name: {type: string}
""",
        "the discriminator 'petType' is not among the properties",
        "discriminator",
    ),
    "--allow-duplicate-keys": (
        """\
  /a:
    get:
      operationId: getA
      operationId: getB
      responses:
        '200': {description: ok}
""",
        "duplicate key 'operationId'",
        "duplicate-key",
    ),
}


def swaggen(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def project(tmp_path: Path, flag: str) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "api.yaml").write_text(HEAD + SPECS[flag][0], encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("flag", list(SPECS))
def test_refused_without_the_flag_naming_the_problem(tmp_path: Path, flag: str) -> None:
    run = swaggen(project(tmp_path, flag), "generate")
    assert run.returncode == 1
    assert SPECS[flag][1] in run.stderr and flag in run.stderr
    assert "specs/api.yaml:" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "generated" / "api").exists()


@pytest.mark.parametrize("flag", list(SPECS))
def test_flag_is_recorded_and_reused_by_generate_and_check(tmp_path: Path, flag: str) -> None:
    root = project(tmp_path, flag)
    run = swaggen(root, "generate", "specs/api.yaml", flag)
    assert run.returncode == 0, run.stderr
    assert f"[{SPECS[flag][2]}]" in run.stderr
    manifest = (root / "generated" / "api" / ".swaggen-manifest").read_text(encoding="utf-8")
    assert f"\noptions: {flag}\n" in manifest
    files = {p: p.read_bytes() for p in sorted((root / "generated").rglob("*")) if p.is_file()}

    # With no arguments, both commands find the package and use the recorded repair.
    assert swaggen(root, "check").returncode == 0
    assert swaggen(root, "generate").returncode == 0
    assert {p: p.read_bytes() for p in files} == files

    # The record is what makes it pass: without it, the spec is refused again.
    manifest_path = root / "generated" / "api" / ".swaggen-manifest"
    manifest_path.write_text(manifest.replace(f"options: {flag}\n", ""), encoding="utf-8")
    run = swaggen(root, "check")
    assert run.returncode == 1 and SPECS[flag][1] in run.stderr


def test_merged_body_is_one_json_object_with_each_field(tmp_path: Path) -> None:
    """Two body parameters become one argument whose fields are sent as one object."""
    root = project(tmp_path, "--merge-body-parameters")
    assert swaggen(root, "generate", "--merge-body-parameters").returncode == 0
    script = textwrap.dedent("""
        import json, sys
        import httpx
        sys.path.insert(0, "generated")
        from api import Client
        from api.api import add_doc
        from api.models import AddDocBody
        sent = []
        def handle(request):
            sent.append(json.loads(request.read()))
            return httpx.Response(200, json={})
        http = httpx.Client(transport=httpx.MockTransport(handle))
        with Client(httpx_client=http) as client:
            add_doc.sync(client, body=AddDocBody(id="7", fields={"a": 1}))
        print(json.dumps(sent))
        """)
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [{"id": "7", "fields": {"a": 1}}]


def test_merged_body_keeps_which_fields_are_required(tmp_path: Path) -> None:
    root = project(tmp_path, "--merge-body-parameters")
    assert swaggen(root, "generate", "--merge-body-parameters").returncode == 0
    model = (root / "generated" / "api" / "models" / "add_doc_body.py").read_text("utf-8")
    assert "    id: str\n" in model
    assert "    fields: dict[str, Any] | Unset = UNSET\n" in model
