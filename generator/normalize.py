"""Diagnose and repair a bundled Swagger 2.0 document in place, one warning per repair.

Only repairs that cannot change what a correct spec means are made here: text where text
was written, defaults Swagger 2.0 itself implies, and the habits of real sloppy specs.
Anything that would need a guess about the API is an error.
"""

from __future__ import annotations

import re
from typing import Any

from . import pointer as jp
from .diagnostics import DiagnosticLog, quote_text
from .parameter_repairs import ParameterRepairs
from .references import METHODS, Bundle
from .source import TypingNote

_TEXT_KEYS = ("description", "summary", "title")
# No URL can hold them; a path that has them is sent with them percent-encoded.
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?\Z")


class Normalizer(ParameterRepairs):
    def __init__(
        self,
        bundle: Bundle,
        notes: tuple[TypingNote, ...],
        log: DiagnosticLog,
        *,
        repair_templates: bool = False,
    ) -> None:
        self.repair_templates = repair_templates
        self.bundle = bundle
        self.data = bundle.data
        self.notes = notes
        self.log = log
        self.texts: dict[str, str] = {}
        self.converted: set[str] = set()
        for origin in bundle.origins:
            if origin.prefix == "":
                self.texts = dict(origin.document.scalar_text)

    # -- entry point -----------------------------------------------------------------
    def run(self) -> None:
        self._root()
        paths = self.data.get("paths")
        if isinstance(paths, dict):
            for path, item in paths.items():
                if path.startswith("x-"):
                    continue
                self._path(path, item, jp.join("", "paths", path))
        for name, param in _mapping(self.data.get("parameters")):
            self._parameter(param, jp.join("", "parameters", name))
        for name, schema in _mapping(self.data.get("definitions")):
            self._schemas(schema, jp.join("", "definitions", name))
        for code, response in _mapping(self.data.get("responses")):
            self._response(response, jp.join("", "responses", code))
        self._typing_notes()

    def _typing_notes(self) -> None:
        """Warnings for typed YAML scalars that no repair above already explained."""
        for note in self.notes:
            if _in_extension(note.pointer) or note.pointer in self.converted:
                continue
            if note.kind == "key-int" and _is_response_code(note.pointer):
                self.log.warning(
                    note.pointer,
                    f"response code {note.text} is an integer key in YAML; read as the "
                    f"string {quote_text(note.text)}",
                    "integer-response-code",
                )
            elif note.kind.startswith("key-"):
                self.log.warning(
                    note.pointer,
                    f"the key {quote_text(note.text)} is not a string in YAML; kept the "
                    "text as written",
                    "typed-key",
                )
            elif note.kind == "duplicate-key":
                line, _, first = note.text.partition(":")
                self.log.warning(
                    note.pointer,
                    f"the key {quote_text(jp.split(note.pointer)[-1])} appears again on line "
                    f"{line} (first on line {first}); kept the last (--allow-duplicate-keys)",
                    "duplicate-key",
                )
            elif note.kind == "yaml11-bool":
                self.log.warning(
                    note.pointer,
                    f"{quote_text(note.text)} is a boolean in YAML 1.1 but a string in "
                    "YAML 1.2; read it as the string, as written (quote it to be clear)",
                    "yaml11-boolean",
                )

    # -- root -----------------------------------------------------------------------------
    def _root(self) -> None:
        data = self.data
        info = data.get("info")
        if not isinstance(info, dict):
            problem = "is missing" if info is None else "must be a mapping"
            self.log.warning("/info", f"info {problem}; assumed an empty one", "no-info")
            info = data["info"] = {}
        for key in ("title", "version", "description", "termsOfService"):
            self.want_text(info, key, "/info")
        if "title" not in info:
            self.log.warning("/info", "info.title is missing; assumed 'API'", "no-title")
            info["title"] = "API"
        if "version" not in info:
            self.log.warning("/info", "info.version is missing; assumed ''", "no-version")
            info["version"] = ""
        self.want_text(data, "host", "")
        self.want_text(data, "basePath", "")
        base_path = data.get("basePath")
        if isinstance(base_path, str) and not base_path.startswith("/"):
            data["basePath"] = "/" + base_path
            self.log.warning(
                "/basePath",
                f"basePath {quote_text(base_path)} does not start with '/'; "
                f"assumed {quote_text(data['basePath'])}",
                "base-path",
            )
        host = data.get("host")
        if isinstance(host, str):
            self._host(host)
        for key in ("schemes", "consumes", "produces"):
            self._string_list(data, key, "")
        schemes = data.get("schemes")
        if isinstance(schemes, list):
            known = [s for s in schemes if s.lower() in ("http", "https", "ws", "wss")]
            if len(known) != len(schemes):
                self.log.warning("/schemes", "unknown schemes ignored", "scheme")
            data["schemes"] = [s.lower() for s in known]
        tags = data.get("tags")
        if tags is not None and not isinstance(tags, list):
            self.log.warning("/tags", "tags should be a list; ignored", "tags")
            del data["tags"]
        for index, tag in enumerate(_items(data.get("tags"))):
            if isinstance(tag, dict):
                self.want_text(tag, "name", jp.join("/tags", index))
                self.want_text(tag, "description", jp.join("/tags", index))
        if "paths" not in data:
            self.log.error("", "/paths is required (it may be empty: paths: {})", "no-paths")
        elif data["paths"] is None:
            self.log.warning("/paths", "paths is null; assumed no paths", "paths")
            data["paths"] = {}
        elif not isinstance(data["paths"], dict):
            self.log.error("/paths", "paths must be a mapping", "paths")
        for section in ("definitions", "parameters", "responses", "securityDefinitions"):
            value = data.get(section)
            if value is None and section in data:
                del data[section]
            elif value is not None and not isinstance(value, dict):
                self.log.error(f"/{section}", f"{section} must be a mapping", "section")

    def _host(self, host: str) -> None:
        self._host_parts(host)
        host = self.data.get("host", "")
        match = _HOST.match(host)
        port = match.group(2) if match else None
        if match is None or (port is not None and int(port[1:]) > 65535):
            del self.data["host"]
            self.log.warning(
                "/host",
                f"host {quote_text(host)} is not a host name, an IP address or a port; "
                "ignored it, so the client needs a base_url (non-ASCII names go in "
                "punycode, xn--...)",
                "host",
            )

    def _host_parts(self, host: str) -> None:
        original = host
        scheme = None
        if "://" in host:
            scheme, _, host = host.partition("://")
        path = ""
        if "/" in host:
            host, _, rest = host.partition("/")
            path = "/" + rest.rstrip("/")
        if host != original:
            self.data["host"] = host
            if scheme and scheme.lower() in ("http", "https"):
                self.data.setdefault("schemes", [scheme.lower()])
            if path:
                base = self.data.get("basePath")
                suffix = base if isinstance(base, str) and base != "/" else ""
                self.data["basePath"] = path + suffix
            self.log.warning(
                "/host",
                f"host {quote_text(original)} should be a bare host name; read it as host "
                f"{quote_text(host)}"
                + (f" and basePath {quote_text(self.data['basePath'])}" if path else ""),
                "host",
            )

    def _string_list(self, holder: dict[str, Any], key: str, pointer: str) -> None:
        value = holder.get(key)
        if value is None:
            return
        where = jp.join(pointer, key)
        if isinstance(value, str):
            holder[key] = [value]
            self.log.warning(where, f"{key} should be a list; read it as [{value!r}]", "list")
            return
        if not isinstance(value, list):
            self.log.warning(where, f"{key} should be a list of strings; ignored", "list")
            del holder[key]
            return
        kept = []
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)):
                self.log.warning(jp.join(where, index), "not a string; ignored", "list")
                continue
            if not isinstance(item, str):
                item = self.text_of(item, jp.join(where, index))
            if item not in kept:
                kept.append(item)
        holder[key] = kept

    # -- paths and operations --------------------------------------------------------------
    def _path(self, path: str, item: Any, pointer: str) -> None:
        if not path.startswith("/"):
            self.log.warning(
                pointer,
                f"path {quote_text(path)} does not start with '/'; read it as "
                f"{quote_text('/' + path)}",
                "path",
            )
        if CONTROL_CHARS.search(path):
            self.log.warning(
                pointer,
                f"path {quote_text(path)} holds control characters, which no URL can; "
                "they are sent percent-encoded",
                "path",
            )
        if not isinstance(item, dict):
            self.log.error(pointer, "a path item must be a mapping", "path-item")
            return
        shared = item.get("parameters")
        if shared is not None:
            self._parameters(item, pointer)
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            where = jp.join(pointer, method)
            if not isinstance(operation, dict):
                self.log.error(where, "an operation must be a mapping", "operation")
                continue
            self._operation(path, item, operation, where)
        for key in item:
            if key.lower() in METHODS and key not in METHODS:
                self.log.warning(
                    jp.join(pointer, key),
                    f"{key!r} is not a method name (they are lower case); ignored",
                    "method",
                )

    def _operation(self, path: str, item: dict[str, Any], op: dict[str, Any], ptr: str) -> None:
        for key in ("summary", "description", "operationId"):
            self.want_text(op, key, ptr)
        self._string_list(op, "tags", ptr)
        self._string_list(op, "consumes", ptr)
        self._string_list(op, "produces", ptr)
        if op.get("parameters") is not None:
            self._parameters(op, ptr)
        responses = op.get("responses")
        if not isinstance(responses, dict) or not responses:
            problem = (
                "declares no responses"
                if not responses
                else "has responses that are not a mapping (ignored)"
            )
            self.log.warning(
                ptr,
                f"the operation {problem}; it returns the JSON body, if any",
                "no-responses",
            )
            op["responses"] = {}
        else:
            for code, response in list(responses.items()):
                self._response(response, jp.join(ptr, "responses", code))
        self._check_template(path, item, op, ptr)

    # -- responses and schemas -----------------------------------------------------------------
    def _response(self, response: Any, ptr: str) -> None:
        if not isinstance(response, dict):
            self.log.warning(ptr, "a response must be a mapping; assumed no body", "response")
            return
        if "$ref" in response:
            return
        self.want_text(response, "description", ptr)
        if "schema" in response:
            if isinstance(response["schema"], dict):
                self._schemas(response["schema"], jp.join(ptr, "schema"))
            else:
                self.log.warning(ptr, "schema must be a mapping; ignored", "schema")
                del response["schema"]

    def _schemas(self, root: Any, root_ptr: str) -> None:
        """Text fields, enums and defaults of a schema and everything nested in it."""
        stack: list[tuple[Any, str]] = [(root, root_ptr)]
        while stack:
            schema, ptr = stack.pop()
            if not isinstance(schema, dict) or "$ref" in schema:
                continue
            for key in _TEXT_KEYS:
                self.want_text(schema, key, ptr)
            self.want_text(schema, "format", ptr)
            if "required" in schema and not isinstance(schema["required"], list):
                self.log.warning(
                    jp.join(ptr, "required"), "required must be a list; ignored", "required"
                )
                del schema["required"]
            for flag in ("x-nullable", "readOnly", "nullable"):
                if flag in schema and not isinstance(schema[flag], bool):
                    self._boolean(schema, flag, ptr)
            extra = schema.get("additionalProperties", True)
            if isinstance(extra, str) and self.yaml11_boolean(extra):
                self._boolean(schema, "additionalProperties", ptr)
            elif not isinstance(extra, (bool, dict)):
                self.log.warning(
                    jp.join(ptr, "additionalProperties"),
                    f"additionalProperties must be true, false or a schema, not "
                    f"{quote_text(str(extra), 40)}; read as true (extra fields of any type)",
                    "additional-properties",
                )
                schema["additionalProperties"] = True
            self._typed_values(schema, ptr)
            for name, child in _mapping(schema.get("properties")):
                stack.append((child, jp.join(ptr, "properties", name)))
            for key in ("items", "additionalProperties", "not"):
                if isinstance(schema.get(key), dict):
                    stack.append((schema[key], jp.join(ptr, key)))
            for key in ("allOf", "anyOf", "oneOf"):
                for index, child in enumerate(_items(schema.get(key))):
                    stack.append((child, jp.join(ptr, key, index)))


def _mapping(value: Any) -> list[tuple[str, Any]]:
    return list(value.items()) if isinstance(value, dict) else []


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _in_extension(pointer: str) -> bool:
    return any(
        token.startswith("x-") or token in ("example", "examples")
        for token in jp.split(pointer)[:-1]
    )


def _is_response_code(pointer: str) -> bool:
    tokens = jp.split(pointer)
    return len(tokens) >= 2 and tokens[-2] == "responses"


def normalize(
    bundle: Bundle,
    notes: tuple[TypingNote, ...],
    log: DiagnosticLog,
    *,
    repair_templates: bool = False,
) -> None:
    Normalizer(bundle, notes, log, repair_templates=repair_templates).run()
