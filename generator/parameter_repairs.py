"""Parameter repairs and the path-template check, part of `normalize`."""

from __future__ import annotations

import re
from typing import Any

from . import pointer as jp
from .diagnostics import quote_text
from .values import ValueRepairs

PARAM_LOCATIONS = ("path", "query", "header", "formData", "body")
PRIMITIVE_TYPES = ("string", "number", "integer", "boolean", "array", "file")
COLLECTION_FORMATS = ("csv", "ssv", "tsv", "pipes", "multi")
_TEMPLATE_VAR = re.compile(r"\{([^{}]*)\}")
# An HTTP header name is a token (RFC 9110): anything else can never be sent.
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+\Z")
_MEDIA_HEADERS = {"content-type": "consumes", "accept": "produces"}
_UNNAMED = {
    "query": "it would go out as '?=value'",
    "header": "a header needs a name",
    "formData": "it would be a form field with no name",
}


class ParameterRepairs(ValueRepairs):
    """Parameters as Swagger 2.0 implies them; path templates and parameters agreeing."""

    data: dict[str, Any]
    repair_templates: bool

    def _schemas(self, root: Any, root_ptr: str) -> None:
        """Repairs inside a body parameter's schema: `Normalizer` walks schemas."""
        raise NotImplementedError

    def _parameters(self, holder: dict[str, Any], pointer: str) -> None:
        params = holder.get("parameters")
        where = jp.join(pointer, "parameters")
        if not isinstance(params, list):
            # Seen in scraped specs: an operation filed under `parameters`. Nothing in it
            # can be a parameter, and nothing else refers to it.
            self.log.warning(where, "parameters must be a list; ignored this one", "parameters")
            holder["parameters"] = []
            return
        for index, param in enumerate(params):
            self._parameter(param, jp.join(where, index))

    def _parameter(self, param: Any, ptr: str) -> None:
        if not isinstance(param, dict):
            what = "null" if param is None else type(param).__name__
            self.log.warning(
                ptr, f"a parameter must be a mapping, not {what}; ignored", "parameter"
            )
            return
        if "$ref" in param:
            return
        self.want_text(param, "name", ptr)
        self.want_text(param, "description", ptr)
        name = param.get("name")
        where = param.get("in")
        if not isinstance(name, str):
            self.log.error(ptr, "the parameter has no name", "parameter-name")
            return
        if where not in PARAM_LOCATIONS:
            self.log.error(
                ptr,
                f"parameter {quote_text(name)} has 'in: {where}'; expected one of "
                + ", ".join(PARAM_LOCATIONS),
                "parameter-in",
            )
            return
        if not name and where != "path":
            self._unnamed_parameter(param, where, ptr)
            if param.get("x-swaggen-skip"):
                return
        if where == "header":
            self._header_parameter(param, name, ptr)
            if param.get("x-swaggen-skip"):
                param.setdefault("type", "string")
                return
        if where == "path" and param.get("required") is not True:
            assumed = "has no 'required'" if "required" not in param else "says required: false"
            param["required"] = True
            self.log.warning(
                ptr,
                f"path parameter {quote_text(name)} {assumed}; path parameters are always "
                "required, so assumed required: true",
                "path-parameter-required",
            )
        elif "required" in param and not isinstance(param["required"], bool):
            self._boolean(param, "required", ptr)
        if where == "body":
            if not isinstance(param.get("schema"), dict):
                self.log.warning(
                    ptr,
                    f"body parameter {quote_text(name)} has no schema; assumed any JSON value",
                    "body-schema",
                )
                param["schema"] = {}
            self._schemas(param["schema"], jp.join(ptr, "schema"))
            return
        self._simple_type(param, ptr, f"parameter {quote_text(name)}")
        self._collection_format(param, ptr, where)

    def _unnamed_parameter(self, param: dict[str, Any], where: str, ptr: str) -> None:
        """An empty name. A body is sent without its name, so only the argument needs one;
        any other value would go out under no name (`?=value`), which no server can have
        meant, so it is not an argument. A path parameter is matched to the template's `{}`
        (or reported) by `_check_template`."""
        if where == "body":
            self.log.warning(
                ptr,
                "the body parameter has an empty name; a body is sent without its name, so "
                "the argument is named 'body'",
                "parameter-name",
            )
            return
        param["x-swaggen-skip"] = "empty-name"
        param.setdefault("type", "string")
        required = (
            "; the spec marks it required, so the server may refuse calls without it"
            if param.get("required") is True
            else ""
        )
        self.log.warning(
            ptr,
            f"the {where} parameter has an empty name, so it cannot be sent "
            f"({_UNNAMED[where]}); it is not an argument of the operation{required}",
            "parameter-name",
        )

    def _header_parameter(self, param: dict[str, Any], name: str, ptr: str) -> None:
        if not HEADER_NAME.match(name):
            self.log.error(
                ptr,
                f"header name {quote_text(name)} is not a valid HTTP header name "
                "(control characters, spaces or separators); it can never be sent",
                "header-name",
            )
            param["x-swaggen-skip"] = "invalid-header"
            return
        follows = _MEDIA_HEADERS.get(name.lower())
        if follows is not None:
            param["x-swaggen-skip"] = name.lower()
            self.log.warning(
                ptr,
                f"header parameter {quote_text(name)} is not a function argument; the "
                f"request's {name} follows the operation's '{follows}'",
                "media-type-header",
            )

    def _simple_type(self, param: dict[str, Any], ptr: str, what: str) -> None:
        kind = param.get("type")
        if kind is None and isinstance(param.get("schema"), dict):
            schema = param.pop("schema")
            for key, value in schema.items():
                param.setdefault(key, value)
            self.log.warning(
                ptr,
                f"{what} uses 'schema' (an OpenAPI 3 habit); read its type from it",
                "parameter-schema",
            )
            kind = param.get("type")
        if kind is None:
            param["type"] = "string"
            self.log.warning(ptr, f"{what} has no type; assumed string", "parameter-type")
        elif kind not in PRIMITIVE_TYPES:
            self.log.warning(
                ptr, f"{what} has type {quote_text(str(kind))}; assumed string", "parameter-type"
            )
            param["type"] = "string"
        if param.get("type") == "file" and param.get("in") != "formData":
            self.log.warning(
                ptr, f"{what}: type file is only for formData; assumed string", "file-type"
            )
            param["type"] = "string"
        if param.get("format") is not None:
            self.want_text(param, "format", ptr)
        if param.get("type") == "array":
            items = param.get("items")
            if not isinstance(items, dict):
                self.log.warning(
                    ptr, f"{what} is an array without items; assumed strings", "array-items"
                )
                param["items"] = {"type": "string"}
            else:
                self._simple_type(items, jp.join(ptr, "items"), f"{what} items")
        self._typed_values(param, ptr, parameter=True)

    def _collection_format(self, param: dict[str, Any], ptr: str, where: str) -> None:
        fmt = param.get("collectionFormat")
        if fmt is None:
            return
        if fmt not in COLLECTION_FORMATS:
            self.log.warning(
                ptr, f"unknown collectionFormat {quote_text(str(fmt))}; assumed csv", "collection"
            )
            param["collectionFormat"] = "csv"
        elif fmt == "multi" and where not in ("query", "formData"):
            self.log.warning(
                ptr,
                "collectionFormat multi is only for query and formData; assumed csv",
                "collection",
            )
            param["collectionFormat"] = "csv"

    # -- path templates --------------------------------------------------------------------------
    def _check_template(
        self, path: str, item: dict[str, Any], op: dict[str, Any], ptr: str
    ) -> None:
        names = _TEMPLATE_VAR.findall(path)
        declared: dict[str, tuple[str, str, dict[str, Any]]] = {}
        for holder, base in ((item, jp.split(ptr)[:2]), (op, jp.split(ptr))):
            for index, param in enumerate(_items(holder.get("parameters"))):
                param = self._deref(param)
                if not isinstance(param, dict):
                    continue
                name, where = param.get("name"), param.get("in")
                if isinstance(name, str) and where in PARAM_LOCATIONS:
                    pointer = jp.build([*base, "parameters", index])
                    if where == "path" or name not in declared:
                        declared[name] = (where, pointer, param)
        for name in names:
            found = declared.get(name)
            if found is None and self.repair_templates:
                op.setdefault("parameters", []).append(
                    {"name": name, "in": "path", "type": "string", "required": True}
                )
                self.log.warning(
                    ptr,
                    f"the path template has {{{name}}} but no parameter declares it; "
                    "declared it as a required string path parameter (--repair-path-templates)",
                    "undeclared-path-parameter",
                )
            elif found is None:
                self.log.error(
                    ptr,
                    f"the path template has {{{name}}} but no parameter declares it "
                    f"(add a path parameter named {quote_text(name)}, or pass "
                    "--repair-path-templates to declare it as a string)",
                    "undeclared-path-parameter",
                    blocking=False,
                )
            elif found[0] != "path":
                self.log.error(
                    ptr,
                    f"the path template has {{{name}}} but {quote_text(name)} is declared "
                    f"'in: {found[0]}' ({found[1]}), not 'in: path'",
                    "path-parameter-location",
                    blocking=False,
                )
        for name, (where, pointer, param) in declared.items():
            if where != "path" or name in names:
                continue
            if self.repair_templates and pointer.startswith(ptr + "/"):
                param["x-swaggen-skip"] = "unused-path-parameter"
                self.log.warning(
                    pointer,
                    f"path parameter {quote_text(name)} is not in the path template "
                    f"{quote_text(path)}; it cannot be sent, so it is not an argument "
                    "(--repair-path-templates)",
                    "path-parameter-unused",
                )
            else:
                self.log.error(
                    pointer,
                    f"path parameter {quote_text(name)} is not in the path template "
                    f"{quote_text(path)}",
                    "path-parameter-unused",
                    blocking=False,
                )

    def _deref(self, param: Any) -> Any:
        if isinstance(param, dict) and isinstance(param.get("$ref"), str):
            try:
                return jp.resolve(self.data, jp.from_fragment(param["$ref"][1:]))
            except (jp.PointerError, UnicodeDecodeError):
                return None
        return param


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
