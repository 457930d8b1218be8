"""The README stays true: its quoted output and commands are what the code does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quoted_block(after: str) -> str:
    start = README.index("```", README.index(after))
    start = README.index("\n", start) + 1
    return README[start : README.index("```", start)]


def test_the_two_commands_come_first() -> None:
    first_block = quoted_block("# swaggen")
    assert first_block.splitlines()[:2] == [
        "make generate   # regenerate every spec in specs/ into generated/",
        "make test       # run every test, including the generated clients' own tests",
    ]


def test_quoted_diagnostics_are_what_validate_prints() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "specs/quovo-sync.yaml"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert quoted_block("`swaggen validate specs/quovo-sync.yaml` prints:") == (
        run.stderr + run.stdout
    )


def test_ci_runs_the_readme_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "make check" in ci


def test_every_command_in_the_readme_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("generate", "check", "test", "test-corpus", "lint", "format", "bench"):
        assert f"make {target}" in README
        assert f"\n{target}:" in makefile
    help_text = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    for flag in (
        "--strict",
        "--overwrite",
        "--max-spec-bytes",
        "--no-validate",
        "--verbose",
        "--repair-path-templates",
        "--package",
        "--allow-duplicate-keys",
        "--rename-duplicate-ids",
        "--merge-body-parameters",
    ):
        assert flag in help_text and flag in README
