"""Writing a package: confined to its folder, all or nothing, and never a user's file."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import writer
from generator.writer import MANIFEST, UnsafeOutput, read_manifest, write_package

FILES = {"__init__.py": b"x = 1\n", "api/__init__.py": b"", "api/pets.py": b"y = 2\n"}
MANIFEST_BYTES = writer.Manifest(
    "spec.yaml", (), "black test", {p: ("r", "f") for p in FILES}
).text()


def _write(output: Path, files: dict[str, bytes] | None = None, **kwargs: bool) -> list[str]:
    return write_package(
        output, "pkg", FILES if files is None else files, manifest=MANIFEST_BYTES, **kwargs
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _leftovers(output: Path) -> list[str]:
    return sorted(p.name for p in output.iterdir() if p.name.startswith(".swaggen-"))


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_writes_exactly_the_files_and_a_manifest(tmp_path: Path) -> None:
    assert _write(tmp_path / "out") == []
    assert _tree(tmp_path / "out" / "pkg") == {**FILES, MANIFEST: MANIFEST_BYTES}
    assert read_manifest(tmp_path / "out" / "pkg") == set(FILES)
    assert _leftovers(tmp_path / "out") == []


def test_replacing_removes_files_no_longer_generated(tmp_path: Path) -> None:
    _write(tmp_path)
    _write(tmp_path, {"__init__.py": b"z = 3\n"})
    assert _tree(tmp_path / "pkg") == {"__init__.py": b"z = 3\n", MANIFEST: MANIFEST_BYTES}
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "relative",
    [
        "..",
        "../escape.py",
        "api/../../escape.py",
        "/etc/passwd",
        "",
        "a//b.py",
        ".hidden",
        "a\\b.py",
        "CON",
        "con.py",
        "api/NUL.txt",
        "COM1",
        "lpt9.txt",
        "a b.py",
    ],
)
def test_unsafe_relative_paths_are_refused(tmp_path: Path, relative: str) -> None:
    """Nothing is created when a file name is refused, not even the output folder."""
    with pytest.raises(UnsafeOutput):
        _write(tmp_path / "out", {"ok.py": b"", relative: b"evil"})
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "escape.py").exists()


@pytest.mark.parametrize("package", ["..", "../pkg", "/tmp/pkg", "CON", "a/b/.."])
def test_unsafe_package_names_are_refused(tmp_path: Path, package: str) -> None:
    with pytest.raises(UnsafeOutput):
        write_package(tmp_path / "out", package, FILES, manifest=MANIFEST_BYTES)
    assert not (tmp_path / "out").exists()


def test_case_only_collisions_are_refused(tmp_path: Path) -> None:
    """`Pet.py` and `pet.py` are one file on macOS and Windows: one would be lost."""
    with pytest.raises(UnsafeOutput, match="differ only in case"):
        _write(tmp_path / "out", {"models/Pet.py": b"a", "models/pet.py": b"b"})
    assert not (tmp_path / "out").exists()


def test_folder_without_manifest_is_not_replaced(tmp_path: Path) -> None:
    """A folder swaggen did not write may be someone's work."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mine.py").write_bytes(b"precious")
    with pytest.raises(UnsafeOutput, match="not written by swaggen"):
        _write(tmp_path)
    assert _tree(tmp_path / "pkg") == {"mine.py": b"precious"}
    assert _leftovers(tmp_path) == []


def test_overwrite_replaces_a_folder_without_manifest(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mine.py").write_bytes(b"old")
    assert _write(tmp_path, overwrite=True) == []
    assert _tree(tmp_path / "pkg") == {**FILES, MANIFEST: MANIFEST_BYTES}


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pkg").write_bytes(b"a file")
    with pytest.raises(UnsafeOutput, match="not a folder"):
        _write(tmp_path, overwrite=True)
    assert (tmp_path / "pkg").read_bytes() == b"a file"


@pytest.mark.parametrize("overwrite", [False, True])
def test_symlink_target_is_refused(tmp_path: Path, overwrite: bool) -> None:
    """Replacing a link would write (or delete) wherever it points."""
    elsewhere = tmp_path / "elsewhere"
    _write(elsewhere)
    before = _tree(elsewhere / "pkg")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "pkg").symlink_to(elsewhere / "pkg", target_is_directory=True)
    with pytest.raises(UnsafeOutput, match="symbolic link"):
        _write(tmp_path / "out", {"new.py": b""}, overwrite=overwrite)
    assert _tree(elsewhere / "pkg") == before
    assert (tmp_path / "out" / "pkg").is_symlink()


def test_user_file_in_a_swaggen_package_is_kept_and_reported(tmp_path: Path) -> None:
    _write(tmp_path)
    (tmp_path / "pkg" / "api" / "custom.py").write_bytes(b"mine")
    (tmp_path / "pkg" / "NOTES.md").write_bytes(b"notes")
    kept = _write(tmp_path, {"__init__.py": b"new\n"})
    assert kept == ["NOTES.md", "api/custom.py"]
    assert _tree(tmp_path / "pkg") == {
        "NOTES.md": b"notes",
        "__init__.py": b"new\n",
        "api/custom.py": b"mine",
        MANIFEST: MANIFEST_BYTES,
    }


def test_forged_manifest_header_is_required(tmp_path: Path) -> None:
    """Only a real swaggen manifest makes a folder replaceable."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / MANIFEST).write_text("spec: x\nformatter: y\n")
    assert read_manifest(tmp_path / "pkg") is None
    with pytest.raises(UnsafeOutput):
        _write(tmp_path)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask_022")
def test_staging_is_private_and_the_result_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Half-written files are readable by nobody else; the finished package by everyone."""
    seen: dict[str, object] = {}
    real = writer._open_permissions

    def spy(folder: Path) -> None:
        seen["name"] = folder.name
        seen["mode"] = _mode(folder)
        seen["files"] = sorted(_tree(folder))
        real(folder)

    monkeypatch.setattr(writer, "_open_permissions", spy)
    _write(tmp_path)
    assert str(seen["name"]).startswith(".swaggen-tmp-pkg-")
    assert seen["mode"] == 0o700
    assert seen["files"] == sorted([*FILES, MANIFEST])
    package = tmp_path / "pkg"
    assert _mode(package) == 0o755
    assert _mode(package / "api") == 0o755
    assert _mode(package / "api" / "pets.py") == 0o644
    assert _mode(package / MANIFEST) == 0o644


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
@pytest.mark.parametrize("existing", [False, True])
def test_failure_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, existing: bool
) -> None:
    """A failure (or Ctrl-C) at the last step keeps the previous package whole."""
    if existing:
        _write(tmp_path)
    before = _tree(tmp_path / "pkg") if existing else None

    def fail(staging: Path, target: Path) -> None:
        raise error

    monkeypatch.setattr(writer, "_replace", fail)
    with pytest.raises(type(error)):
        _write(tmp_path, {"__init__.py": b"new\n"})
    assert _leftovers(tmp_path) == []
    if existing:
        assert _tree(tmp_path / "pkg") == before
    else:
        assert not (tmp_path / "pkg").exists()


def test_failure_while_writing_files_leaves_nothing_behind(tmp_path: Path) -> None:
    _write(tmp_path)
    before = _tree(tmp_path / "pkg")
    broken: dict[str, bytes] = {"a.py": b"ok", "b.py": None}  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        _write(tmp_path, broken)
    assert _leftovers(tmp_path) == []
    assert _tree(tmp_path / "pkg") == before


def test_replace_without_atomic_exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where renameat2 is missing the rename fallback gives the same result, no leftovers."""
    monkeypatch.setattr(writer, "_exchange", lambda first, second: False)
    _write(tmp_path)
    _write(tmp_path, {"__init__.py": b"second\n"})
    assert _tree(tmp_path / "pkg") == {"__init__.py": b"second\n", MANIFEST: MANIFEST_BYTES}
    assert _leftovers(tmp_path) == []
