"""Configuration: one frozen dataclass, built once by the CLI or the caller."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    """Resource bounds for untrusted specs; each breach is a clear error, not a hang."""

    max_bytes: int = 32 * 1024 * 1024
    max_depth: int = 100
    max_alias_nodes: int = 100_000
    max_string_chars: int = 1_000_000
    max_ref_files: int = 1_000
    max_operations: int = 10_000
    max_models: int = 20_000
    # Reading policy, not a bound: duplicate keys are refused unless this opt-in is given;
    # then the last one wins, as in every YAML and JSON loader, with a warning each.
    allow_duplicate_keys: bool = False


@dataclass(frozen=True)
class GeneratorConfig:
    """Everything that changes what swaggen produces or refuses."""

    strict: bool = False
    validate: bool = True
    repair_path_templates: bool = False
    rename_duplicate_ids: bool = False
    merge_body_parameters: bool = False
    ignore_invalid_discriminators: bool = False
    limits: Limits = field(default_factory=Limits)
