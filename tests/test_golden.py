"""The golden record: generated/ is exactly what specs/ generate, every time, byte for byte.

`check` must notice every kind of drift; it runs here on copies in a temporary folder, never
on the repository's own specs/ and generated/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import Generated, GeneratorConfig, generate_files
from generator.cli import main
from generator.pipeline import package_name_for
from generator.targets import SPEC_SUFFIXES
from generator.writer import MANIFEST

ROOT = Path(__file__).resolve().parents[1]
SPECS = sorted(p for p in (ROOT / "specs").iterdir() if p.suffix.lower() in SPEC_SUFFIXES)
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".mypy_cache")


def _on_disk(package_dir: Path) -> dict[str, bytes]:
    """Every file of a committed package; bytecode left by running its tests is not part."""
    found: dict[str, bytes] = {}
    for root, dirs, names in os.walk(package_dir):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", ".pytest_cache"))
        for name in names:
            if not name.endswith(".pyc"):
                path = Path(root, name)
                found[path.relative_to(package_dir).as_posix()] = path.read_bytes()
    return found


def _expected(generated: Generated) -> dict[str, bytes]:
    return {**generated.files, MANIFEST: generated.manifest}


def test_there_are_specs_and_packages() -> None:
    assert [p.name for p in SPECS] == ["quovo-sync.yaml", "quovo.yaml"]
    packages = sorted(p.name for p in (ROOT / "generated").iterdir() if p.is_dir())
    assert packages == sorted(package_name_for(p) for p in SPECS)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_golden_record_and_determinism(spec: Path) -> None:
    """In-memory generation equals generated/<package> byte for byte, and again the same.

    The second run takes black's results from the in-process memo; both must agree with
    each other and with the committed files.
    """
    fresh = generate_files(spec, GeneratorConfig(), output_dir=ROOT / "generated")
    on_disk = _on_disk(ROOT / "generated" / fresh.package)
    expected = _expected(fresh)
    assert sorted(on_disk) == sorted(expected), "files missing or extra in generated/"
    changed = [name for name in sorted(expected) if on_disk[name] != expected[name]]
    assert changed == [], "generated/ is not what the spec generates; run swaggen generate"

    reused = generate_files(spec, GeneratorConfig(), output_dir=ROOT / "generated")
    assert reused.package == fresh.package
    assert reused.files == fresh.files
    assert reused.manifest == fresh.manifest


def test_output_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Set and dict orders must not leak into the files: another seed, same bytes."""
    script = (
        "import sys, hashlib\n"
        "from pathlib import Path\n"
        "from generator import GeneratorConfig, generate_files\n"
        "for spec in sys.argv[2:]:\n"
        "    g = generate_files(Path(spec), GeneratorConfig(), output_dir=Path(sys.argv[1]))\n"
        "    for name in sorted(g.files):\n"
        "        print(name, hashlib.sha256(g.files[name]).hexdigest())\n"
        "    print('manifest', hashlib.sha256(g.manifest).hexdigest())\n"
    )
    outputs = []
    for seed in ("0", "4242"):
        result = subprocess.run(
            [sys.executable, "-c", script, str(ROOT / "generated"), *map(str, SPECS)],
            cwd=tmp_path,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("manifest ") == len(SPECS)


# -- `check` notices drift -------------------------------------------------------------------


def _check(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["check"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _generate_then_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate"]) == 0
    capsys.readouterr()
    status, out, err = _check(capsys)
    assert status == 0, out + err


def test_check_passes_on_a_copy_of_the_repo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`swaggen check` (what CI runs) agrees with the in-memory comparison above."""
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "generated", tmp_path / "generated", ignore=IGNORED)
    monkeypatch.chdir(tmp_path)
    status, out, err = _check(capsys)
    assert status == 0, out + err
    assert "generated/quovo: up to date" in out
    assert "generated/quovo_sync: up to date" in out


@pytest.fixture
def sync_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A copy of quovo-sync.yaml and its package (the small one, for speed), made current.

    It is regenerated first, so these tests measure `check` and not whether the committed
    record is current (the tests above do that).
    """
    (tmp_path / "specs").mkdir()
    shutil.copy(ROOT / "specs" / "quovo-sync.yaml", tmp_path / "specs")
    shutil.copytree(
        ROOT / "generated" / "quovo_sync", tmp_path / "generated" / "quovo_sync", ignore=IGNORED
    )
    monkeypatch.chdir(tmp_path)
    _generate_then_check_passes(capsys)
    return tmp_path


def test_check_fails_after_a_spec_edit(sync_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = sync_copy / "specs" / "quovo-sync.yaml"
    old = "  title: Quovo Initiate a Sync on the Connection\n"
    text = spec.read_text(encoding="utf-8")
    assert old in text
    spec.write_text(text.replace(old, "  title: Quovo Sync, edited\n"), encoding="utf-8")
    status, out, err = _check(capsys)
    assert status == 1
    assert "--- generated/quovo_sync/__init__.py (on disk)" in out
    assert "+++ generated/quovo_sync/__init__.py (generated)" in out
    added = [line for line in out.splitlines() if line.startswith("+") and "edited" in line]
    removed = [line for line in out.splitlines() if line.startswith("-") and "Initiate a" in line]
    assert any("Quovo Sync, edited (version 1.0.0)" in line for line in added)
    assert removed
    assert "generated/quovo_sync: differs from specs/quovo-sync.yaml" in err
    _generate_then_check_passes(capsys)


def test_check_fails_after_a_file_is_edited(
    sync_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = sync_copy / "generated" / "quovo_sync" / "_client.py"
    target.write_bytes(target.read_bytes() + b"# hand edit\n")
    status, out, err = _check(capsys)
    assert status == 1
    assert "--- generated/quovo_sync/_client.py (on disk)" in out
    assert "\n-# hand edit\n" in out
    assert "(1 changed, 0 missing, 0 extra)" in err
    _generate_then_check_passes(capsys)
    assert b"# hand edit" not in target.read_bytes()


def test_check_fails_after_a_file_is_removed(
    sync_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sync_copy / "generated" / "quovo_sync" / "models" / "holder.py").unlink()
    status, out, err = _check(capsys)
    assert status == 1
    assert "missing: generated/quovo_sync/models/holder.py" in out
    assert "(0 changed, 1 missing, 0 extra)" in err
    _generate_then_check_passes(capsys)


def test_check_fails_after_the_manifest_is_removed(
    sync_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sync_copy / "generated" / "quovo_sync" / MANIFEST).unlink()
    status, out, _ = _check(capsys)
    assert status == 1
    assert f"missing: generated/quovo_sync/{MANIFEST}" in out


def test_check_fails_after_a_file_is_added(
    sync_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`generate` keeps a file it did not write, so `check` names it until it is removed."""
    extra = sync_copy / "generated" / "quovo_sync" / "api" / "extra.py"
    extra.write_text("x = 1\n")
    status, out, err = _check(capsys)
    assert status == 1
    assert "extra: generated/quovo_sync/api/extra.py (not written by swaggen: delete it)" in out
    # The advice is what fixes it: generate would keep the file.
    assert "(0 changed, 0 missing, 1 extra); delete the files swaggen did not write" in err
    assert "run swaggen generate" not in err
    assert main(["generate"]) == 0
    assert "generated/quovo_sync/api/extra.py: not written by swaggen; kept" in (
        capsys.readouterr().err
    )
    assert extra.read_text() == "x = 1\n"
    status, out, _ = _check(capsys)
    assert status == 1 and "extra: generated/quovo_sync/api/extra.py" in out
    extra.unlink()
    assert _check(capsys)[0] == 0


def test_check_fails_after_a_package_is_added(
    sync_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A swaggen package whose spec is gone: `check` fails naming it; `generate` reports it
    and never deletes it (a plain copy of a package looks the same)."""
    orphan = sync_copy / "generated" / "orphan"
    shutil.copytree(sync_copy / "generated" / "quovo_sync", orphan)
    manifest = orphan / ".swaggen-manifest"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("quovo-sync.yaml", "gone.yaml"), encoding="utf-8")
    status, out, _ = _check(capsys)
    assert status == 1
    assert "extra: generated/orphan (its spec is gone, the manifest names ../specs/gone.yaml" in out
    assert main(["generate"]) == 0
    assert "generated/orphan: its spec is gone (the manifest" in capsys.readouterr().err
    assert (orphan / "__init__.py").is_file()
    assert _check(capsys)[0] == 1
    shutil.rmtree(orphan)
    assert _check(capsys)[0] == 0


def test_check_covers_a_copy_made_under_another_name(
    sync_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A package whose manifest names an existing spec is checked under its own name."""
    shutil.copytree(sync_copy / "generated" / "quovo_sync", sync_copy / "generated" / "copy")
    status, _, err = _check(capsys)
    assert status == 1 and "generated/copy: differs from" in err
    assert main(["generate"]) == 0
    capsys.readouterr()
    assert _check(capsys)[0] == 0
    assert "from copy import" in (sync_copy / "generated" / "copy" / "README.md").read_text()
