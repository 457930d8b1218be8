"""openapi-spec-validator as a second opinion: run offline, never allowed to crash us.

It runs on the repaired, bundled document (every `$ref` local, no resolver handlers, so it
cannot open files or sockets).  Its findings become located warnings in swaggen's words;
the checks swaggen makes itself (duplicate operationIds, path templates) are not repeated.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from jsonschema.exceptions import ValidationError, best_match
from openapi_spec_validator import OpenAPIV2SpecValidator

from . import pointer as jp
from .diagnostics import DiagnosticLog, quote_text

_OWN_CHECKS = {"DuplicateOperationIDError", "UnresolvableParameterError"}


class _OfflineValidator(OpenAPIV2SpecValidator):
    """No URL handlers: a reference it cannot resolve locally stays unresolved."""

    resolver_handlers: Any = MappingProxyType({})


def run_validator(data: dict[str, Any], log: DiagnosticLog) -> None:
    try:
        for error in _OfflineValidator(data).iter_errors():
            if type(error).__name__ in _OWN_CHECKS:
                continue
            if isinstance(error, ValidationError):
                _schema_error(error, log)
            else:
                log.warning("", f"openapi-spec-validator: {error}", "spec-validator")
    except Exception as exc:
        log.warning(
            "",
            f"openapi-spec-validator stopped with {type(exc).__name__}; swaggen's own "
            "checks still apply",
            "validator-crash",
        )


def _schema_error(error: ValidationError, log: DiagnosticLog) -> None:
    path = [str(part) for part in error.absolute_path]
    if _supported_extension(path, error):
        return
    specific = error
    if error.context:
        # A parameter matches one branch of a oneOf by its `in`; errors from the other
        # branches ("'header' is not one of: body") only confuse.
        relevant = [
            e for e in error.context if not (e.validator == "enum" and list(e.path)[-1:] == ["in"])
        ]
        specific = best_match(relevant or [error]) or error
    pointer = jp.build(str(part) for part in specific.absolute_path)
    log.warning(pointer, _describe(specific), "spec-schema")


def _supported_extension(path: list[str], error: ValidationError) -> bool:
    """Things Swagger 2.0's schema rejects that swaggen reads on purpose."""
    if path[-2:] == ["schema", "type"] and error.instance == "file":
        return "responses" in path
    return False


def _describe(error: ValidationError) -> str:
    kind = error.validator
    value = error.instance
    schema: Any = error.schema
    expected: Any = error.validator_value
    if kind in ("additionalProperties", "patternProperties") and isinstance(value, dict):
        extra = sorted(set(value) - set(schema.get("properties", {})))
        unknown = ", ".join(
            quote_text(str(key), 40) for key in extra[:5] if not key.startswith("x-")
        )
        return f"unknown field(s) {unknown or '(see spec)'} for Swagger 2.0; ignored"
    if kind == "required":
        return f"missing required field: {error.message.split(' is a required')[0]}"
    if kind == "type":
        return f"expected {expected}, got {type(value).__name__}"
    if kind == "enum":
        allowed = ", ".join(str(v) for v in expected[:8])
        return f"{quote_text(str(value), 40)} is not one of: {allowed}"
    if kind == "pattern":
        return f"{quote_text(str(value), 60)} does not match {expected!r}"
    if kind == "uniqueItems":
        return "the list has duplicate items"
    return quote_text(error.message, 200)[1:-1]
