"""The whole job, one call per stage: read, diagnose and normalize, model, render, format, write."""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .config import GeneratorConfig
from .diagnostics import Diagnostic, DiagnosticLog, Level, SpecError
from .model import Api
from .naming import identifier
from .normalize import normalize
from .operations import OperationBuilder
from .references import bundle_document
from .schemas import SchemaBuilder
from .security import SecurityIndex
from .source import LoadedDocument, read_document, require_mapping_root
from .writer import (
    MANIFEST,
    Manifest,
    files_on_disk,
    read_manifest_entries,
    write_package,
)

AVOIDED_NAMES = set(sys.stdlib_module_names) | {"httpx", "pytest", "generator", "tests", "test"}


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
    """`extra` files swaggen wrote and would now remove; `foreign` files it did not write,
    which `generate` keeps, so only deleting them by hand makes the package match."""

    package: str
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    changed: tuple[str, ...]
    diff: str
    foreign: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.changed or self.foreign)


def package_name_for(spec: Path) -> str:
    """`quovo-sync.yaml` gives `quovo_sync`; names that would shadow a module get `_api`."""
    name = identifier(spec.stem, style="snake", digit_prefix="api", empty="api", file_name=True)
    return name + "_api" if name in AVOIDED_NAMES else name


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
    log.raise_if_blocked()
    bundle = bundle_document(document, config.limits, log)
    # Repairs run even after reference errors (they tolerate unresolved references), so one
    # run reports the problems of both stages.
    normalize(bundle, document.notes, log, repair_templates=config.repair_path_templates)
    log.raise_if_blocked()
    if config.validate:
        # Imported here, as black and jinja2 are below: a spec refused while it is read is
        # answered without loading them (a third of a second).
        from .validation import run_validator

        run_validator(bundle.data, log)
    schemas = SchemaBuilder(
        bundle.data, log, ignore_invalid_discriminators=config.ignore_invalid_discriminators
    )
    security = SecurityIndex(bundle.data, log)
    schemas.build_definitions()
    operations = OperationBuilder(
        bundle.data,
        log,
        schemas,
        security,
        rename_duplicates=config.rename_duplicate_ids,
        merge_bodies=config.merge_body_parameters,
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


REPAIR_FLAG = "--repair-path-templates"
RENAME_FLAG = "--rename-duplicate-ids"
DUPLICATE_KEYS_FLAG = "--allow-duplicate-keys"
MERGE_BODIES_FLAG = "--merge-body-parameters"
DISCRIMINATOR_FLAG = "--ignore-invalid-discriminators"


def options_of(config: GeneratorConfig) -> tuple[str, ...]:
    """The opt-in repairs a config uses, as the flags a manifest records."""
    used = {
        REPAIR_FLAG: config.repair_path_templates,
        RENAME_FLAG: config.rename_duplicate_ids,
        DUPLICATE_KEYS_FLAG: config.limits.allow_duplicate_keys,
        MERGE_BODIES_FLAG: config.merge_body_parameters,
        DISCRIMINATOR_FLAG: config.ignore_invalid_discriminators,
    }
    return tuple(sorted(flag for flag, on in used.items() if on))


def with_options(config: GeneratorConfig, flags: tuple[str, ...]) -> GeneratorConfig:
    """A config that also uses the opt-in repairs named by `flags` (from a manifest)."""
    limits = config.limits
    if DUPLICATE_KEYS_FLAG in flags:
        limits = replace(limits, allow_duplicate_keys=True)
    return replace(
        config,
        repair_path_templates=config.repair_path_templates or REPAIR_FLAG in flags,
        rename_duplicate_ids=config.rename_duplicate_ids or RENAME_FLAG in flags,
        merge_body_parameters=config.merge_body_parameters or MERGE_BODIES_FLAG in flags,
        ignore_invalid_discriminators=(
            config.ignore_invalid_discriminators or DISCRIMINATOR_FLAG in flags
        ),
        limits=limits,
    )


def spec_record(spec: Path, output_dir: Path | None) -> str:
    """How a manifest names its spec: its path from the output folder, which stays the same
    wherever swaggen runs from (`../specs/quovo.yaml`); the bare name without a folder."""
    if output_dir is None:
        return spec.name
    try:
        return Path(os.path.relpath(spec.resolve(), output_dir.resolve())).as_posix()
    except ValueError:
        return spec.name


def build_files(api: Api, manifest: Manifest) -> tuple[dict[str, bytes], bytes]:
    """Render and format every file, and the manifest; nothing is written here."""
    from .formatting import BLACK_VERSION, format_files
    from .render import render_package

    formatted = format_files(render_package(api))
    files = {f.path: f.content for f in formatted}
    listed = replace(manifest, formatter=f"black {BLACK_VERSION}", files=tuple(files))
    return files, listed.text()


def generate_files(
    spec: Path,
    config: GeneratorConfig,
    *,
    output_dir: Path | None = None,
    package: str | None = None,
) -> Generated:
    """Everything for one spec, in memory; `output_dir` is where it is meant to go (the
    manifest records the spec's path from there)."""
    loaded = load_api(spec, config, package)
    manifest = Manifest(spec_record(spec, output_dir), options_of(config), "", ())
    files, manifest_bytes = build_files(loaded.api, manifest)
    return Generated(loaded.api.package, files, manifest_bytes, loaded.diagnostics, loaded.api)


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
    recorded = read_manifest_entries(target) if target.is_dir() else None
    ours = set(recorded.files) | {MANIFEST} if recorded is not None else set()
    extra = sorted(f for f in on_disk - set(expected) if f in ours)
    foreign = tuple(sorted(f for f in on_disk - set(expected) if f not in ours))
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
        generated.package, tuple(missing), tuple(extra), tuple(changed), "".join(diff), foreign
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
    "write_generated",
]
