"""The Holder type."""

from __future__ import annotations

from typing import Any, TypeAlias

Holder: TypeAlias = dict[str, Any]
"""A definition the spec refers to but never defines."""
