"""swaggen: Swagger 2.0 specs in, typed, tested, vendorable Python clients out.

The library API is small and keyword-only; the `swaggen` command is a thin layer over it.
"""

from __future__ import annotations

from .config import GeneratorConfig, Limits
from .diagnostics import Diagnostic, Level, SpecError
from .pipeline import (
    CheckResult,
    Generated,
    compare,
    generate_files,
    load_api,
    package_name_for,
    write_generated,
)

__version__ = "0.1.0"

__all__ = [
    "CheckResult",
    "Diagnostic",
    "Generated",
    "GeneratorConfig",
    "Level",
    "Limits",
    "SpecError",
    "compare",
    "generate_files",
    "load_api",
    "package_name_for",
    "write_generated",
]
