"""`pip install` of swaggen gives a working command: templates ship in the wheel.

Slow (a fresh virtualenv and a wheel build): marked `slow`, deselect with `-m "not slow"`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import GeneratorConfig, generate_files
from generator.writer import MANIFEST

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PYTHONNOUSERSITE"] = "1"
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.mark.slow
def test_pip_install_gives_a_working_swaggen(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    work = tmp_path / "elsewhere"
    work.mkdir()
    before = {p.name for p in ROOT.iterdir()}

    created = _run([sys.executable, "-m", "venv", str(venv)], cwd=work)
    assert created.returncode == 0, created.stderr
    installed = _run([str(venv / "bin" / "pip"), "install", "--quiet", str(ROOT)], cwd=work)
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    assert {p.name for p in ROOT.iterdir()} - before == set(), "pip wrote into the checkout"

    where = _run(
        [str(venv / "bin" / "python"), "-c", "import generator; print(generator.__file__)"],
        cwd=work,
    )
    package_dir = Path(where.stdout.strip()).parent
    assert package_dir.is_relative_to(venv), where.stdout
    assert (package_dir / "templates" / "runtime").is_dir()
    assert (package_dir / "templates" / "package").is_dir()

    spec = work / "specs-copy" / "quovo-sync.yaml"
    spec.parent.mkdir()
    shutil.copy(ROOT / "specs" / "quovo-sync.yaml", spec)
    out = tmp_path / "out"
    result = _run([str(venv / "bin" / "swaggen"), "generate", str(spec), "-o", str(out)], cwd=work)
    assert result.returncode == 0, result.stderr
    assert f"-> {out / 'quovo_sync'}" in result.stdout

    expected = generate_files(spec, GeneratorConfig(), output_dir=out)
    assert _files(out / "quovo_sync") == {**expected.files, MANIFEST: expected.manifest}
