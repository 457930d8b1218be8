"""The `swaggen` command: one-line errors, non-zero exits, located diagnostics, no tracebacks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "fixtures" / "cases"
SYNC = "specs/quovo-sync.yaml"
SYNC_GET = "#/paths/~1connections~1{connection_id}~1sync/get"
SYNC_POST = "#/paths/~1connections~1{connection_id}~1sync/post"


def _swaggen(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with a copy of quovo-sync.yaml in specs/ (the repo's own specs stay untouched)."""
    (tmp_path / "specs").mkdir()
    shutil.copy(ROOT / SYNC, tmp_path / SYNC)
    return tmp_path


def _line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line holding `needle`."""
    hits = [n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def _assert_one_line_error(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_help_mentions_every_command(tmp_path: Path) -> None:
    result = _swaggen(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("generate", "check", "validate"):
        assert f"    {command}  " in result.stdout


@pytest.mark.parametrize("command", ["generate", "check", "validate"])
def test_each_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main([command, "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: swaggen {command}")
    assert "--strict" in out and "--debug" in out


def test_missing_spec_is_one_line(tmp_path: Path) -> None:
    line = _assert_one_line_error(_swaggen(tmp_path, "generate", "nope.yaml"))
    assert line == "swaggen: error: no such spec file: nope.yaml"
    assert not (tmp_path / "generated").exists()


def test_no_specs_folder_is_one_line(tmp_path: Path) -> None:
    line = _assert_one_line_error(_swaggen(tmp_path, "check"))
    assert (
        line
        == "swaggen: error: no SPEC given, no spec in specs/, and no swaggen package in generated"
    )


def test_bad_limit_value_is_one_line(project: Path) -> None:
    line = _assert_one_line_error(_swaggen(project, "generate", "--max-spec-bytes", "0"))
    assert line == "swaggen: error: --max-spec-bytes must be positive"


@pytest.mark.parametrize(
    "args",
    [
        ["generate", "--max-spec-bytes", "abc"],
        ["generate", "--no-such-flag"],
        ["bogus"],
        ["generate", "-o", ""],
        ["check", "-o", " "],
    ],
    ids=["not-a-number", "unknown-flag", "unknown-command", "empty-output", "blank-output"],
)
def test_argument_errors_are_one_line(project: Path, args: list[str]) -> None:
    line = _assert_one_line_error(_swaggen(project, *args))
    assert line.startswith("swaggen")
    assert "error:" in line


def test_refused_spec_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    shutil.copy(
        ROOT / "tests/fixtures/cases/28-undeclared-path-parameter.yaml", tmp_path / "t.yaml"
    )
    result = _swaggen(tmp_path, "generate", "t.yaml", "-o", "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "t.yaml: refused; nothing written" in result.stdout
    assert not (tmp_path / "out" / "t").exists()


@pytest.mark.parametrize("command", ["generate", "validate", "check"])
def test_a_refusal_with_one_finding_is_one_line_on_stderr(tmp_path: Path, command: str) -> None:
    (tmp_path / "empty.yaml").write_bytes(b"")
    result = _swaggen(tmp_path, command, "empty.yaml")
    line = _assert_one_line_error(result, code=1)
    assert line == "empty.yaml: error: #: the spec file is empty [empty]"
    assert result.stdout.startswith("empty.yaml: ")
    assert not (tmp_path / "generated").exists()


def test_internal_error_is_one_line_without_debug(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "generate_files", boom)
    monkeypatch.chdir(project)
    assert cli.main(["generate", SYNC]) == 3
    err = capsys.readouterr().err
    assert err == "swaggen: internal error: RuntimeError: boom (--debug shows the traceback)\n"


def test_internal_error_with_debug_shows_the_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "generate_files", boom)
    monkeypatch.chdir(project)
    assert cli.main(["generate", "--debug", SYNC]) == 3
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert err.rstrip().endswith("RuntimeError: boom")
    assert "in boom" in err


def test_validate_quovo_sync_names_each_finding_with_file_and_line(project: Path) -> None:
    """The three problems a reader of quovo-sync.yaml must fix, each at its own line."""
    spec = project / SYNC
    result = _swaggen(project, "validate", SYNC)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{SYNC}: valid (")
    lines = result.stderr.splitlines()
    holder = _line_of(spec, "$ref: '#/definitions/holder'")
    get_id = _line_of(spec, "- in: path", 1)
    post_id = _line_of(spec, "- in: path", 2)
    header = _line_of(spec, "- in: header")
    expected = [
        (holder, f"{SYNC_POST}/parameters/0/schema/$ref: '#/definitions/holder' does not exist"),
        (get_id, f"{SYNC_GET}/parameters/0: parameter 'connection_id' has no type"),
        (post_id, f"{SYNC_POST}/parameters/1: parameter 'connection_id' has no type"),
        (get_id, f"{SYNC_GET}/parameters/0: path parameter 'connection_id' has no 'required'"),
        (post_id, f"{SYNC_POST}/parameters/1: path parameter 'connection_id' has no 'required'"),
        (header, f"{SYNC_POST}/parameters/2: header parameter 'Content-Type'"),
    ]
    for line, text in expected:
        prefix = f"{SYNC}:{line}: warning: {text}"
        assert any(found.startswith(prefix) for found in lines), (prefix, result.stderr)


def test_validate_strict_exits_1(project: Path) -> None:
    result = _swaggen(project, "validate", "--strict", SYNC)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{SYNC}: invalid" in result.stdout
    line = _line_of(project / SYNC, "$ref: '#/definitions/holder'")
    assert f"{SYNC}:{line}: error: {SYNC_POST}/parameters/0/schema/$ref:" in result.stderr
    assert " warning: " not in result.stderr


def test_generate_keeps_and_reports_a_user_file(project: Path) -> None:
    first = _swaggen(project, "generate", SYNC)
    assert first.returncode == 0, first.stderr
    assert "-> generated/quovo_sync" in first.stdout
    (project / "generated/quovo_sync/custom.py").write_text("mine = 1\n")
    second = _swaggen(project, "generate", SYNC)
    assert second.returncode == 0, second.stderr
    assert "generated/quovo_sync/custom.py: not written by swaggen; kept" in second.stderr
    assert (project / "generated/quovo_sync/custom.py").read_text() == "mine = 1\n"


def test_generate_refuses_a_folder_it_did_not_write(project: Path) -> None:
    (project / "generated/quovo_sync").mkdir(parents=True)
    (project / "generated/quovo_sync/mine.py").write_text("x = 1\n")
    result = _swaggen(project, "generate", SYNC)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert line.startswith("swaggen: error: ") and "--overwrite" in line
    assert sorted(p.name for p in (project / "generated/quovo_sync").iterdir()) == ["mine.py"]


@pytest.mark.parametrize(
    ("name", "advice"),
    [
        ("class", "try 'class_'"),
        ("None", "try 'none'"),
        ("quovo-client", "try 'quovo_client'"),
        ("__init__", "try 'init'"),
        ("httpx", "would hide the module of that name (try 'httpx_api')"),
        ("json", "would hide the module of that name"),
        ("aux", "try 'aux_'"),
    ],
)
def test_unusable_package_names_are_usage_errors(project: Path, name: str, advice: str) -> None:
    line = _assert_one_line_error(_swaggen(project, "generate", SYNC, "--package", name))
    assert line.startswith(f"swaggen: error: --package: {name!r}") and advice in line
    assert not (project / "generated").exists()


def test_check_advice_repeats_the_output_folder_and_package(project: Path) -> None:
    """The command `check` suggests is the one that fixes that package, flags included."""
    args = (SYNC, "-o", "vendor/clients", "--package", "sync_client")
    assert _swaggen(project, "generate", *args).returncode == 0
    module = project / "vendor/clients/sync_client/__init__.py"
    module.write_text(module.read_text() + "# edited\n")
    result = _swaggen(project, "check", *args)
    assert result.returncode == 1
    advice = f"run swaggen generate {SYNC} -o vendor/clients --package sync_client"
    assert advice in result.stderr
    assert _swaggen(project, *("generate", *args)[:1], *args).returncode == 0
    assert _swaggen(project, "check", *args).returncode == 0


def test_a_plain_copy_beside_another_projects_specs_is_never_deleted(project: Path) -> None:
    """A copied package whose recorded spec path happens to land in this folder's specs/."""
    assert _swaggen(project, "generate", SYNC).returncode == 0
    other = project / "other"
    (other / "specs").mkdir(parents=True)
    shutil.copytree(project / "generated/quovo_sync", other / "vendor/quovo_sync")
    before = sorted(p.relative_to(other) for p in other.rglob("*"))

    # Deeper, the recorded path lands nowhere: nothing to check, and it says why.
    shutil.copytree(project / "generated/quovo_sync", other / "app/_vendor/quovo_sync")
    line = _assert_one_line_error(_swaggen(other, "check", "-o", "app/_vendor"))
    assert "app/_vendor/quovo_sync names a spec that is not there" in line

    shutil.copy(project / SYNC, other / "specs" / "mine.yaml")
    result = _swaggen(other, "generate", "-o", "vendor")
    assert result.returncode == 0, result.stderr
    assert "vendor/quovo_sync: its spec is gone (the manifest names ../specs/quovo-sync.yaml" in (
        result.stderr
    )
    assert set(before) <= {p.relative_to(other) for p in other.rglob("*")}
    check = _swaggen(other, "check", "-o", "vendor")
    assert check.returncode == 1
    assert "extra: vendor/quovo_sync (its spec is gone" in check.stdout


def test_many_findings_of_one_kind_are_counted_not_all_printed(tmp_path: Path) -> None:
    """100,000 duplicate keys once printed 18 MB; errors now stop at 100 per kind and
    warnings at a few, each followed by the count of the rest (--verbose prints all)."""
    keys = "".join(f"  k: {i}\n" for i in range(1000))
    (tmp_path / "dups.yaml").write_text(
        'swagger: "2.0"\ninfo: {title: t, version: "1"}\npaths: {}\nx-a:\n' + keys,
        encoding="utf-8",
    )
    run = _swaggen(tmp_path, "validate", "dups.yaml")
    lines = run.stderr.splitlines()
    assert run.returncode == 1
    assert sum("duplicate key 'k'" in line for line in lines) == 100
    assert "  ... and 899 more [duplicate-key] errors (--verbose lists them)" in lines
    verbose = _swaggen(tmp_path, "validate", "--verbose", "dups.yaml")
    assert sum("duplicate key 'k'" in line for line in verbose.stderr.splitlines()) == 999
