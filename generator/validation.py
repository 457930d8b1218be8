"""openapi-spec-validator as a second opinion: run offline, never allowed to crash us.

It runs on the repaired, bundled document (every `$ref` local, every retrieval refused, so it
cannot open files or sockets).  Its findings become located warnings in swaggen's words;
the checks swaggen makes itself (duplicate operationIds, path templates) are not repeated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from jsonschema.exceptions import ValidationError, relevance
from openapi_spec_validator import OpenAPIV2SpecValidator
from openapi_spec_validator.validation import keywords

from . import pointer as jp
from .diagnostics import DiagnosticLog, quote_text

_OWN_CHECKS = {"DuplicateOperationIDError", "UnresolvableParameterError"}


class _LocatedSchemaValidator(keywords.OpenAPIV30SchemaValidator):
    """Checks a schema as the stock validator does, and says where in the document it is.

    The stock validator reports what is wrong inside a parameter's or a response's schema
    with a path that starts at that schema; prefixing the schema's own place makes it a
    pointer into the document, so the warning gets a line.
    """

    def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
        error = super()._validate_schema_meta(schema, schema_value)
        if isinstance(error, ValidationError):
            error.path.extendleft(reversed(tuple(getattr(schema, "parts", ()))))
        return error


def _refuse(uri: str) -> Any:
    raise OSError("swaggen never lets the validator read or fetch a reference")


class _NoRetrieval(Mapping[str, Callable[[str], Any]]):
    """A handler for every URI scheme, and each one refuses.

    An empty mapping is not enough: jsonschema-path hands a scheme it has no handler for to
    `urlopen`, and the validator follows a `$ref` even where swaggen reads none (a tag, a
    whole `responses` object, a parameter's default), so `http:` and `file:` went out.
    """

    def __getitem__(self, scheme: str) -> Callable[[str], Any]:
        return _refuse

    def __contains__(self, scheme: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class _OfflineValidator(OpenAPIV2SpecValidator):
    """No retrieval: a reference it cannot resolve locally stays unresolved."""

    resolver_handlers: Any = _NoRetrieval()
    keyword_validators: Any = MappingProxyType(
        {**OpenAPIV2SpecValidator.keyword_validators, "schema": _LocatedSchemaValidator}
    )


_STATUS_RANGE = re.compile(r"[1-5]XX\Z", re.I)
_ROOT_KEYS = frozenset(
    {"swagger", "info", "host", "basePath", "schemes", "consumes", "produces", "paths"}
    | {"definitions", "parameters", "responses", "securityDefinitions", "security", "tags"}
    | {"externalDocs"}
)


def run_validator(data: dict[str, Any], log: DiagnosticLog) -> None:
    # Swagger 2.0 allows `type: file` in a response schema, but the JSON Schema of Swagger
    # 2.0 does not; show the validator `format: binary` there instead, and put it back.
    files = list(_response_file_schemas(data))
    for schema in files:
        schema["type"], schema["x-swaggen-file"] = "string", True
    try:
        _validate(data, log)
    finally:
        for schema in files:
            schema["type"] = "file"
            del schema["x-swaggen-file"]


def _response_file_schemas(data: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    responses: list[Any] = list(_values(data.get("responses")))
    for item in _values(data.get("paths")):
        for operation in _values(item):
            if isinstance(operation, dict):
                responses.extend(_values(operation.get("responses")))
    for response in responses:
        schema = response.get("schema") if isinstance(response, dict) else None
        if isinstance(schema, dict) and schema.get("type") == "file":
            found.append(schema)
    return found


def _values(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else []


def _validate(data: dict[str, Any], log: DiagnosticLog) -> None:
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
    specific = error
    while specific.context:
        # A parameter matches one branch of a oneOf by its `in`, a response or a schema the
        # branch that is not `{$ref: ...}`; errors from the other branches ("'header' is not
        # one of: body", "unknown field 'description'") only confuse.
        relevant = sorted((e for e in specific.context if not _other_branch(e)), key=relevance)
        if not relevant or (len(relevant) > 1 and relevance(relevant[0]) == relevance(relevant[1])):
            break  # nothing left, or no branch stands out: the oneOf message itself
        specific = relevant[0]
    path = [str(part) for part in specific.absolute_path]
    if path == ["paths"] and specific.validator in ("additionalProperties", "patternProperties"):
        return  # a path without its leading '/': normalize reports it with what it assumed
    described = _describe(specific)
    if not described:
        return
    if path and path[0] in _ROOT_KEYS:
        log.warning(jp.build(path), described, "spec-schema")
    else:
        # Errors found inside a schema that was validated on its own come with a path that
        # starts at that schema, not at the document: say so instead of inventing a pointer.
        inner = "/".join(path) or "(the schema itself)"
        log.warning("", f"in a schema, at {inner}: {described}", "spec-schema")


def _other_branch(error: ValidationError) -> bool:
    """Complaints from a oneOf branch the value was never meant for: a parameter's other
    `in` kinds, a response's file schema (`type: file`) for any other schema, or the
    `{$ref: ...}` form of a schema, response or parameter."""
    if error.validator == "enum" and list(error.path)[-1:] == ["in"]:
        return True
    if error.validator == "enum" and list(error.path)[-1:] == ["type"]:
        return error.validator_value == ["file"]
    schema = error.schema
    return isinstance(schema, dict) and "$ref" in schema.get("required", ())


def _describe(error: ValidationError) -> str:
    kind = error.validator
    value = error.instance
    schema: Any = error.schema
    expected: Any = error.validator_value
    if kind in ("additionalProperties", "patternProperties") and isinstance(value, dict):
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        extra = sorted(set(value) - set(schema.get("properties", {})))
        extra = [
            key
            for key in extra
            if not _STATUS_RANGE.match(key) and not any(p.search(key) for p in patterns)
        ]
        if not extra:
            return ""
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
    if kind == "not":
        return "this value is not allowed here in Swagger 2.0"
    if kind in ("oneOf", "anyOf"):
        return "this does not match any form Swagger 2.0 allows here"
    message = error.message
    shown = repr(value)
    if message.startswith(shown) and len(shown) > 40:
        message = "the value" + message[len(shown) :]
    return quote_text(message, 200)[1:-1]
