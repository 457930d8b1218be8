"""What a command works on: the specs given or found in specs/, the package each makes, and
the packages an output folder already holds (from their manifests)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .diagnostics import terminal_safe
from .naming import identifier
from .pipeline import AVOIDED_NAMES, package_name_for
from .writer import Manifest, read_manifest_entries

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
SPECS_FOLDER = Path("specs")


class UsageError(Exception):
    """A mistake on the command line, reported in one line."""


def shown(path: Path) -> str:
    """A path as printed: file names can hold escape sequences too."""
    return terminal_safe(str(path), 300)


def find_specs(given: Sequence[Path]) -> list[Path]:
    """The SPECs given (each must be a file), or every spec in specs/ (maybe none)."""
    if given:
        for spec in given:
            if not spec.exists():
                raise UsageError(f"no such spec file: {shown(spec)}")
            if not spec.is_file():
                raise UsageError(f"not a regular file: {shown(spec)}")
            if not os.access(spec, os.R_OK):
                raise UsageError(f"cannot read the spec file: {shown(spec)} (permission denied)")
        return list(given)
    if not SPECS_FOLDER.is_dir():
        return []
    return sorted(p for p in SPECS_FOLDER.iterdir() if p.suffix.lower() in SPEC_SUFFIXES)


def targets(given: Sequence[Path], output_dir: Path, package: str | None) -> list[tuple[Path, str]]:
    """(spec, package) pairs to generate or check; two specs may not make one package.

    A spec that a package in the output folder records keeps that package's name (it may
    have been generated with --package). With no SPEC: every spec in specs/, plus every
    package in the output folder whose manifest names a spec that exists elsewhere.
    """
    specs = find_specs(given)
    if package is not None:
        if len(specs) != 1:
            raise UsageError("--package takes exactly one SPEC")
        problem = package_name_problem(package)
        if problem is not None:
            raise UsageError(f"--package: {terminal_safe(problem, 200)}")
        return [(specs[0], package)]
    recorded: dict[Path, list[tuple[Path, str]]] = {}
    for spec, name in recorded_packages(output_dir):
        recorded.setdefault(spec.resolve(), []).append((spec, name))
    pairs: list[tuple[Path, str]] = []
    done: set[Path] = set()
    for spec in specs:
        key = spec.resolve()
        if key in done:
            continue
        done.add(key)
        names = [name for _, name in recorded.get(key, [])] or [package_name_for(spec)]
        pairs += [(spec, name) for name in names]
    if not given:
        pairs += [pair for key, found in recorded.items() if key not in done for pair in found]
    made: dict[str, Path] = {}
    for spec, name in pairs:
        if name in made:
            raise UsageError(
                f"{shown(made[name])} and {shown(spec)} both make the package {name!r}; "
                "rename one of the spec files"
            )
        made[name] = spec
    return pairs


def package_name_problem(name: str) -> str | None:
    """Why a name given with --package cannot be a vendorable package, or None if it can.

    The same rules as names made from spec files, which are repaired instead of refused.
    """
    made = identifier(name, style="snake", digit_prefix="api", empty="api", file_name=True)
    if identifier(name, style="keep", digit_prefix="api", empty="api", file_name=True) != name:
        return f"{name!r} is not a usable package name (try {made!r})"
    if name in AVOIDED_NAMES:
        return f"{name!r} would hide the module of that name (try {name + '_api'!r})"
    return None


def recorded_options(output_dir: Path, package: str) -> tuple[str, ...]:
    """The opt-in repairs an existing package was generated with."""
    found = read_manifest_entries(output_dir / package)
    return found.options if found is not None else ()


def recorded_packages(output_dir: Path) -> list[tuple[Path, str]]:
    """(spec, package) for each swaggen package in a folder whose recorded spec exists."""
    found = []
    for child, manifest in _packages(output_dir):
        if "/" in manifest.spec:
            spec = Path(os.path.normpath(output_dir / manifest.spec))
            if spec.is_file():
                found.append((spec, child.name))
    return found


def stale_packages(output_dir: Path, wanted: set[str]) -> dict[str, str]:
    """Packages whose manifest names a spec in specs/ that is no longer there.

    `check` fails on them; `generate` only reports them: a plain copy of a package, vendored
    next to another project's specs/, looks exactly like one whose spec was deleted, so no
    package is ever removed on this evidence.
    """
    specs = SPECS_FOLDER.resolve()
    stale = {}
    for child, manifest in _packages(output_dir):
        if child.name in wanted or "/" not in manifest.spec:
            continue
        spec = Path(os.path.normpath(output_dir.resolve() / manifest.spec))
        if spec.parent == specs and not spec.exists():
            stale[child.name] = manifest.spec
    return stale


def unverifiable_packages(output_dir: Path, known: set[str]) -> list[str]:
    """Swaggen packages whose spec cannot be found and that are not stale."""
    return [
        child.name
        for child, manifest in _packages(output_dir)
        if child.name not in known and not (output_dir / manifest.spec).is_file()
    ]


def _packages(output_dir: Path) -> list[tuple[Path, Manifest]]:
    if not output_dir.is_dir():
        return []
    found = []
    for child in sorted(output_dir.iterdir()):
        if child.name.startswith(".") or child.is_symlink() or not child.is_dir():
            continue
        manifest = read_manifest_entries(child)
        if manifest is not None:
            found.append((child, manifest))
    return found
