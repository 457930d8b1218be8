"""The whole job, one call per stage: read, diagnose and normalize, model, render, format, write."""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import GeneratorConfig
from .diagnostics import Diagnostic, DiagnosticLog, Level, SpecError
from .formatting import BLACK_VERSION, digest, format_files
from .model import Api
from .naming import identifier
from .normalize import normalize
from .operations import OperationBuilder
from .references import bundle_document
from .render import render_package
from .schemas import SchemaBuilder
from .security import SecurityIndex
from .source import LoadedDocument, read_document, require_mapping_root
from .validation import run_validator
from .writer import (
    MANIFEST,
    files_on_disk,
    manifest_text,
    read_manifest,
    read_manifest_entries,
    write_package,
)

_AVOID = set(sys.stdlib_module_names) | {"httpx", "pytest", "generator", "tests", "test"}


@dataclass(frozen=True)
class Loaded:
    api: Api
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Generated:
    package: str
    files: dict[str, bytes]
    manifest: bytes
    diagnostics: tuple[Diagnostic, ...]
    api: Api


@dataclass(frozen=True)
class CheckResult:
    package: str
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    changed: tuple[str, ...]
    diff: str

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.changed)


def package_name_for(spec: Path) -> str:
    """`quovo-sync.yaml` gives `quovo_sync`; names that would shadow a module get `_api`."""
    name = identifier(spec.stem, style="snake", digit_prefix="api", empty="api")
    return name + "_api" if name in _AVOID else name


def display_name(spec: Path) -> str:
    try:
        return spec.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(spec)


def load_api(spec: Path, config: GeneratorConfig, package: str | None = None) -> Loaded:
    """Read, check references, repair, validate and build the model; SpecError on any error."""
    try:
        return _load_api(spec, config, package)
    except RecursionError:
        raise SpecError(
            [
                Diagnostic(
                    Level.ERROR,
                    display_name(spec),
                    None,
                    "",
                    "the spec nests schemas too deeply to be read safely",
                    "too-deep",
                )
            ]
        ) from None


def _load_api(spec: Path, config: GeneratorConfig, package: str | None) -> Loaded:
    display = display_name(spec)
    document = read_document(spec, display, config.limits)
    require_mapping_root(document)
    log = DiagnosticLog(_root_locator(document), strict=config.strict)
    _check_version(document, log)
    log.raise_if_errors()
    bundle = bundle_document(document, config.limits, log)
    log.set_locator(bundle.locate)
    log.raise_if_errors()
    normalize(bundle, document.notes, log, repair_templates=config.repair_path_templates)
    log.raise_if_errors()
    if config.validate:
        run_validator(bundle.data, log)
    schemas = SchemaBuilder(bundle.data, log)
    security = SecurityIndex(bundle.data, log)
    schemas.build_definitions()
    operations = OperationBuilder(
        bundle.data, log, schemas, security, rename_duplicates=config.rename_duplicate_ids
    ).build_all()
    limits = config.limits
    if len(operations) > limits.max_operations:
        log.error("/paths", f"more than {limits.max_operations} operations", "too-many")
    if len(schemas.models) > limits.max_models:
        log.error("/definitions", f"more than {limits.max_models} models", "too-many")
    log.raise_if_errors()
    info: dict[str, Any] = bundle.data["info"]
    api = Api(
        package=package or package_name_for(spec),
        spec_name=spec.name,
        title=info["title"],
        version=info["version"],
        description=info.get("description", ""),
        base_url=_base_url(bundle.data),
        operations=operations,
        models=schemas.all_models(),
        security_schemes=tuple(security.schemes.values()),
    )
    return Loaded(api, log.diagnostics)


def _root_locator(document: LoadedDocument) -> Any:
    def locate(pointer: str) -> tuple[str, int | None]:
        return document.display, document.lines.line_of(pointer)

    return locate


def _check_version(document: LoadedDocument, log: DiagnosticLog) -> None:
    data = document.data
    if "openapi" in data:
        log.error(
            "/openapi",
            f"this is an OpenAPI {str(data['openapi'])[:20]} document; swaggen reads "
            "Swagger 2.0 only",
            "version",
        )
        return
    if "swagger" not in data:
        found = "swaggerVersion" in data or "apis" in data
        log.error(
            "",
            (
                "unsupported Swagger version 1.2; only 2.0 is supported"
                if found
                else "not a Swagger 2.0 document: there is no 'swagger: \"2.0\"' key"
            ),
            "version",
        )
        return
    version = data["swagger"]
    written = document.scalar_text.get("/swagger")
    if version == 2.0 and isinstance(version, float) and written in ("2.0", "2.00"):
        data["swagger"] = "2.0"
        log.warning(
            "/swagger",
            'swagger: 2.0 is a number in YAML; read it as the string "2.0" (quote it)',
            "version-number",
        )
        return
    if version != "2.0":
        log.error(
            "/swagger",
            f'unsupported Swagger version {str(version)[:20]!r}; only "2.0" is supported',
            "version",
        )


def _base_url(data: dict[str, Any]) -> str | None:
    host = data.get("host")
    if not isinstance(host, str) or not host:
        return None
    schemes = [s for s in data.get("schemes", []) if isinstance(s, str)]
    scheme = "https" if "https" in schemes or "wss" in schemes or not schemes else "http"
    base_path = data.get("basePath") if isinstance(data.get("basePath"), str) else ""
    return f"{scheme}://{host}{base_path}".rstrip("/")


def build_files(api: Api, previous: Path | None = None) -> tuple[dict[str, bytes], bytes]:
    """Render and format every file, and the manifest; nothing is written here.

    `previous` is an earlier output of the same package: black's results recorded in its
    manifest are reused where the rendered text and the file on disk are unchanged.
    """
    formatted = format_files(render_package(api), _reusable(previous))
    files = {f.path: f.content for f in formatted}
    entries = {f.path: (f.rendered_hash, digest(f.content)) for f in formatted}
    manifest = manifest_text(api.spec_name, f"black {BLACK_VERSION}", entries)
    return files, manifest


def _reusable(previous: Path | None) -> dict[str, tuple[str, bytes]]:
    if previous is None or previous.is_symlink() or not previous.is_dir():
        return {}
    found = read_manifest_entries(previous)
    if found is None or found[0] != f"black {BLACK_VERSION}":
        return {}
    reusable: dict[str, tuple[str, bytes]] = {}
    for relative, (rendered_hash, final_hash) in found[1].items():
        path = previous / relative
        try:
            if path.is_symlink() or not path.is_file():
                continue
            content = path.read_bytes()
        except OSError:
            continue
        if digest(content) == final_hash:
            reusable[relative] = (rendered_hash, content)
    return reusable


def generate_files(
    spec: Path, config: GeneratorConfig, *, output_dir: Path | None = None
) -> Generated:
    """Everything for one spec, in memory; `output_dir` lets unchanged files skip black."""
    loaded = load_api(spec, config)
    previous = output_dir / loaded.api.package if output_dir is not None else None
    files, manifest = build_files(loaded.api, previous)
    return Generated(loaded.api.package, files, manifest, loaded.diagnostics, loaded.api)


def write_generated(
    generated: Generated, output_dir: Path, *, overwrite: bool = False
) -> list[str]:
    return write_package(
        output_dir,
        generated.package,
        generated.files,
        manifest=generated.manifest,
        overwrite=overwrite,
    )


def compare(generated: Generated, output_dir: Path) -> CheckResult:
    """What `check` reports: files missing, extra or different on disk, as a unified diff."""
    target = output_dir / generated.package
    expected = dict(generated.files)
    expected[MANIFEST] = generated.manifest
    on_disk = files_on_disk(target) if target.is_dir() else set()
    missing = sorted(set(expected) - on_disk)
    extra = sorted(on_disk - set(expected))
    changed: list[str] = []
    diff: list[str] = []
    for relative in sorted(set(expected) & on_disk):
        current = (target / relative).read_bytes()
        if current != expected[relative]:
            changed.append(relative)
            diff.extend(
                difflib.unified_diff(
                    current.decode("utf-8", "replace").splitlines(keepends=True),
                    expected[relative].decode("utf-8").splitlines(keepends=True),
                    fromfile=f"{target / relative} (on disk)",
                    tofile=f"{target / relative} (generated)",
                )
            )
    return CheckResult(
        generated.package, tuple(missing), tuple(extra), tuple(changed), "".join(diff)
    )


def stale_packages(output_dir: Path, wanted: set[str]) -> list[str]:
    """Packages swaggen wrote earlier whose spec is gone."""
    if not output_dir.is_dir():
        return []
    return sorted(
        child.name
        for child in output_dir.iterdir()
        if child.is_dir()
        and not child.is_symlink()
        and not child.name.startswith(".")
        and child.name not in wanted
        and read_manifest(child) is not None
    )


__all__ = [
    "CheckResult",
    "Generated",
    "Loaded",
    "SpecError",
    "build_files",
    "compare",
    "generate_files",
    "load_api",
    "package_name_for",
    "stale_packages",
    "write_generated",
]
