"""A generated package works when copied anywhere: its tests pass, it imports only the stdlib and
httpx, and it type-checks under mypy --strict for Python 3.10.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generated" / "quovo"
VENDORED = "app._vendor.client"

# httpx and what it imports itself (typing_extensions and exceptiongroup come through anyio).
ALLOWED = {"httpx", "httpcore", "anyio", "sniffio", "certifi", "idna", "h11"}
ALLOWED |= {"typing_extensions", "exceptiongroup", "app"}

IMPORT_EVERYTHING = """\
import importlib, json, sys
from pathlib import Path

allowed = set(sys.stdlib_module_names) | set(json.loads(sys.argv[1]))
refused = []
before = set(sys.modules)


class Refuse:
    @staticmethod
    def find_spec(name, path=None, target=None):
        top = name.partition(".")[0]
        if top not in allowed:
            refused.append(name)
            raise ImportError(f"{name} is not the stdlib or httpx")
        return None


sys.meta_path.insert(0, Refuse)
try:
    import yaml  # installed next to swaggen: proves the finder is in force
except ImportError:
    pass
else:
    raise SystemExit("the import guard is not working")
refused.clear()

root = Path(sys.argv[2])
imported = []
for path in sorted(root.rglob("*.py")):
    parts = path.relative_to(root).with_suffix("").parts
    if parts[0] == "tests":
        continue
    if parts[-1] == "__init__":
        parts = parts[:-1]
    name = ".".join(("app", "_vendor", "client", *parts))
    importlib.import_module(name)
    imported.append(name)

tops = sorted({name.partition(".")[0] for name in set(sys.modules) - before} - allowed)
print(json.dumps({"imported": imported, "refused": refused, "foreign": tops}))
"""


@pytest.fixture(scope="module")
def vendored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """generated/quovo copied to <tmp>/app/_vendor/client inside a tiny application."""
    base = tmp_path_factory.mktemp("vendoring")
    (base / "app" / "_vendor").mkdir(parents=True)
    (base / "app" / "__init__.py").write_text("")
    (base / "app" / "_vendor" / "__init__.py").write_text("")
    shutil.copytree(
        PACKAGE,
        base / "app" / "_vendor" / "client",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache"),
    )
    return base


def _run(base: Path, *args: str, timeout: int = 180) -> subprocess.CompletedProcess[str]:
    """Python with the application folder as its only extra path, no user site, clean env."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(base),
        "PYTHONPATH": str(base),
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.run(
        [sys.executable, "-s", *args],
        cwd=base,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_vendored_tests_pass(vendored: Path) -> None:
    result = _run(vendored, "-m", "pytest", "-q", "-p", "no:cacheprovider", "app/_vendor/client")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
    assert "failed" not in result.stdout and "error" not in result.stdout


def test_vendored_package_imports_under_its_new_name(vendored: Path) -> None:
    code = (
        f"import {VENDORED} as c; " "print(c.__name__, c.Client.__module__, sorted(c.__all__)[:3])"
    )
    result = _run(vendored, "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 2)[:2] == [VENDORED, f"{VENDORED}._client"]


def test_vendored_package_imports_only_stdlib_and_httpx(vendored: Path) -> None:
    root = vendored / "app" / "_vendor" / "client"
    result = _run(vendored, "-c", IMPORT_EVERYTHING, json.dumps(sorted(ALLOWED)), str(root))
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["foreign"] == []
    expected = {f"{VENDORED}.api", f"{VENDORED}.models", f"{VENDORED}._client"}
    assert expected <= set(report["imported"])
    api_modules = [n for n in report["imported"] if n.startswith(f"{VENDORED}.api.")]
    assert len(api_modules) == len(list((root / "api").glob("[!_]*.py")))


def test_vendored_package_passes_mypy_strict_for_310(vendored: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--cache-dir",
            str(vendored / ".mypy_cache"),
            "--no-error-summary",
            "app/_vendor/client",
        ],
        cwd=vendored,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert result.stdout.strip() == ""
