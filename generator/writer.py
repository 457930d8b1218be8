"""Writing a package: confined to the output folder, all or nothing, and never a user's file.

Files go into a sibling temporary folder (mode 0700, same file system), which then takes the
package's place in one step (an atomic exchange where Linux offers one), so a failure or a
kill at any moment leaves the previous package whole.  A manifest names the files swaggen
wrote; anything else found in the package is kept, never deleted.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

MANIFEST = ".swaggen-manifest"
_MANIFEST_HEADER = "# Files written by swaggen; it replaces only these. Do not edit."
_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\Z")
_RESERVED = re.compile(r"(?:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(?:\..*)?\Z", re.I)


class UnsafeOutput(Exception):
    """The output location is not one swaggen may write or replace."""


def check_relative_path(relative: str) -> None:
    """A generated file name: plain parts only, no traversal, no Windows reserved names."""
    parts = relative.split("/")
    for part in parts:
        if not _PART.match(part) or part in (".", "..") or _RESERVED.match(part):
            raise UnsafeOutput(f"refusing the file name {relative!r}")


def check_file_set(files: Mapping[str, bytes]) -> None:
    seen: dict[str, str] = {}
    for relative in files:
        check_relative_path(relative)
        folded = relative.casefold()
        if folded in seen:
            raise UnsafeOutput(
                f"{relative!r} and {seen[folded]!r} differ only in case; they would be one "
                "file on some file systems"
            )
        seen[folded] = relative


@dataclass(frozen=True)
class Manifest:
    """What a package's `.swaggen-manifest` says: where it came from, how, and its files.

    `spec` is the spec's path from the output folder (or its bare name when there is none);
    `options` the opt-in repairs it was generated with, so `generate` and `check` use them
    again; `formatter` the black that formatted it; `files` every file swaggen wrote.
    """

    spec: str
    options: tuple[str, ...]
    formatter: str
    files: tuple[str, ...]

    def text(self) -> bytes:
        lines = [_MANIFEST_HEADER, f"spec: {self.spec}"]
        if self.options:
            lines.append("options: " + " ".join(self.options))
        lines.append(f"formatter: {self.formatter}")
        lines += sorted(self.files)
        return ("\n".join(lines) + "\n").encode("utf-8")


def read_manifest_entries(package_dir: Path) -> Manifest | None:
    """The manifest of a folder, or None when swaggen did not write that folder."""
    path = package_dir / MANIFEST
    if not path.is_file() or path.is_symlink():
        return None
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    if not lines or lines[0] != _MANIFEST_HEADER:
        return None
    header: dict[str, str] = {}
    files: list[str] = []
    for line in lines[1:]:
        key, colon, value = line.partition(": ")
        if colon and key in ("spec", "options", "formatter") and not files:
            header[key] = value
        elif line:
            files.append(line)
    return Manifest(
        header.get("spec", ""),
        tuple(header.get("options", "").split()),
        header.get("formatter", ""),
        tuple(files),
    )


def read_manifest(package_dir: Path) -> set[str] | None:
    found = read_manifest_entries(package_dir)
    return None if found is None else set(found.files)


def files_on_disk(package_dir: Path) -> set[str]:
    found: set[str] = set()
    for root, dirs, names in os.walk(package_dir):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".pytest")]
        for name in names:
            if name.endswith((".pyc", ".pyo")):
                continue
            relative = Path(root, name).relative_to(package_dir).as_posix()
            found.add(relative)
    return found


def _inside(root: Path, relative: str) -> Path:
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise UnsafeOutput(f"{relative!r} resolves outside the output folder")
    return path


def write_package(
    output_dir: Path,
    package: str,
    files: Mapping[str, bytes],
    *,
    manifest: bytes,
    overwrite: bool = False,
) -> list[str]:
    """Replace `output_dir/package` with exactly `files`; returns the user files kept."""
    check_relative_path(package)
    check_file_set(files)
    output_dir.mkdir(parents=True, exist_ok=True)
    root = output_dir.resolve()
    target = root / package
    _recover(root, package)
    if target.is_symlink():
        raise UnsafeOutput(f"{target} is a symbolic link; refusing to replace it")
    kept: list[str] = []
    if target.exists():
        if not target.is_dir():
            raise UnsafeOutput(f"{target} exists and is not a folder")
        written = read_manifest(target)
        if written is None and not overwrite:
            raise UnsafeOutput(
                f"{target} exists and was not written by swaggen (no {MANIFEST}); "
                "move it away or pass --overwrite"
            )
        if written is not None:
            kept = sorted(files_on_disk(target) - written - {MANIFEST})
    staging = Path(tempfile.mkdtemp(prefix=f".swaggen-tmp-{package}-", dir=root))
    try:
        for relative in sorted(files):
            path = _inside(staging, relative)
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as handle:
                handle.write(files[relative])
        for relative in kept:
            source = _inside(target, relative)
            destination = _inside(staging, relative)
            if source.is_symlink() or not source.is_file():
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
        (staging / MANIFEST).write_bytes(manifest)
        _open_permissions(staging)
        _replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return kept


_STALE_SECONDS = 3600


def _recover(root: Path, package: str) -> None:
    """Undo what a killed run left: put an old package back, drop old staging folders.

    A kill between the two renames of the fallback swap leaves the package only as
    `.swaggen-old-<package>-*`; staging folders (`.swaggen-tmp-<package>-*`) of runs killed
    more than an hour ago are removed. Both names are swaggen's own, never a user's.
    """
    target = root / package
    for old in sorted(root.glob(f".swaggen-old-{package}-*")):
        if old.is_symlink() or not old.is_dir():
            continue
        if not target.exists() and read_manifest(old) is not None:
            os.rename(old, target)
        else:
            shutil.rmtree(old, ignore_errors=True)
    now = time.time()
    for staging in root.glob(f".swaggen-tmp-{package}-*"):
        try:
            stale = now - staging.lstat().st_mtime > _STALE_SECONDS
        except OSError:
            continue
        if stale and staging.is_dir() and not staging.is_symlink():
            shutil.rmtree(staging, ignore_errors=True)


def _open_permissions(folder: Path) -> None:
    """The staging folder is private while written; the result gets ordinary permissions."""
    umask = os.umask(0)
    os.umask(umask)
    for root, dirs, _ in os.walk(folder):
        for name in dirs:
            os.chmod(Path(root, name), 0o777 & ~umask)
    os.chmod(folder, 0o777 & ~umask)


def _replace(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)
        return
    previous = Path(tempfile.mkdtemp(prefix=f".swaggen-old-{target.name}-", dir=target.parent))
    previous.rmdir()
    os.rename(target, previous)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(previous, target)
        raise
    shutil.rmtree(previous)


@cache
def _renameat2() -> Any:
    """libc's renameat2, looked up in the running process (no program is started to find it)."""
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.EXDEV):
        return False
    raise OSError(error, os.strerror(error), str(second))
