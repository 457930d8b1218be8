"""Rendering: the intermediate model through Jinja templates into unformatted source files.

Templates receive model objects and `Code` built from them; the only filters they may use to
print are the escapers registered here (a test parses every template to make sure).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from . import code_parts, docs, type_code
from .escaping import (
    Code,
    markdown_block,
    markdown_text,
    py_docstring,
    py_identifier,
    py_literal,
    py_string,
    recording,
)
from .imports import ImportSet
from .model import (
    AliasModel,
    AnyValue,
    Api,
    EnumModel,
    EnumRef,
    ModelRef,
    ObjectModel,
    Operation,
    ParamLocation,
    TypeRef,
)
from .samples import DEFAULT_TEST_BASE_URL, ExpectedCall, SampleError, SampleMaker

RUNTIME_MODULES = ("_auth", "_codecs", "_errors", "_model", "_request", "_types")

SAFE_FILTERS = frozenset(
    {
        "pystr",
        "pydoc",
        "ident",
        "pyliteral",
        "code",
        "annotation",
        "codec",
        "md",
        "md_block",
        "param_annotation",
        "param_default",
        "param_spec",
        "outcome_spec",
        "security_code",
        "field_annotation",
        "field_spec",
        "field_default",
    }
)


def templates_dir() -> Path:
    """Templates ship in the wheel (generator/templates); in a checkout they are at the top."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "runtime").is_dir():
            return candidate
    raise FileNotFoundError("swaggen's templates are missing from the installation")


def _code(value: Any) -> Code:
    if not isinstance(value, Code):
        raise TypeError(f"only Code may be printed unescaped, got {type(value).__name__}")
    return value


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(
        pystr=py_string,
        pydoc=py_docstring,
        ident=py_identifier,
        pyliteral=py_literal,
        code=_code,
        annotation=type_code.annotation,
        codec=type_code.codec,
        md=markdown_text,
        md_block=markdown_block,
        param_annotation=code_parts.param_annotation,
        param_default=code_parts.param_default,
        param_spec=code_parts.param_spec,
        outcome_spec=code_parts.outcome_spec,
        security_code=code_parts.security_code,
        field_annotation=code_parts.field_annotation,
        field_spec=code_parts.field_spec,
        field_default=code_parts.field_default,
    )
    env.globals.update(docs=docs, own_fields=code_parts.own_fields, ParamLocation=ParamLocation)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


@dataclass(frozen=True)
class RenderedFile:
    path: str
    text: str
    python: bool
    escaped: tuple[tuple[str, str], ...] = ()


def render_package(api: Api) -> list[RenderedFile]:
    """Every file of the generated package, as text, in a stable order."""
    files: list[RenderedFile] = []

    def add(path: str, template: str, **context: Any) -> None:
        with recording() as escaped:
            text = render(template, api=api, **context)
        files.append(RenderedFile(path, text, path.endswith(".py"), tuple(escaped)))

    samples = SampleMaker(api)
    calls: dict[str, tuple[ExpectedCall | None, str]] = {}
    for op in api.operations:
        try:
            calls[op.name] = (samples.call(op), "")
        except SampleError as exc:
            calls[op.name] = (None, str(exc))
    add("__init__.py", "package/__init__.py.jinja")
    add("_client.py", "package/_client.py.jinja")
    for module in RUNTIME_MODULES:
        add(f"{module}.py", f"runtime/{module}.py.jinja")
    add("py.typed", "package/py.typed.jinja")
    add("README.md", "package/README.md.jinja", examples=_readme_calls(api, calls))
    add("api/__init__.py", "package/api/__init__.py.jinja")
    for op in api.operations:
        add(
            f"api/{op.name}.py",
            "package/api/operation.py.jinja",
            op=op,
            imports=operation_imports(op),
            result=Code(docs.result_annotation(op)),
        )
    models = sorted(api.models, key=lambda m: m.module)
    add("models/__init__.py", "package/models/__init__.py.jinja", models=models)
    for model in models:
        if isinstance(model, ObjectModel):
            add(
                f"models/{model.module}.py",
                "package/models/object_model.py.jinja",
                model=model,
                imports=object_imports(model),
                runtime_refs=_runtime_refs(model),
                typed_extra=not isinstance(model.extra, AnyValue),
            )
        elif isinstance(model, EnumModel):
            add(f"models/{model.module}.py", "package/models/enum_model.py.jinja", model=model)
        else:
            add(
                f"models/{model.module}.py",
                "package/models/alias_model.py.jinja",
                model=model,
                imports=alias_imports(model),
            )
    add("tests/__init__.py", "package/tests/__init__.py.jinja")
    add(
        "tests/_support.py",
        "package/tests/_support.py.jinja",
        base_url=api.base_url or DEFAULT_TEST_BASE_URL,
        credentials=samples.credential_arguments(),
    )
    for op in api.operations:
        call, reason = calls[op.name]
        add(
            f"tests/test_{op.name}.py",
            "package/tests/test_operation.py.jinja",
            op=op,
            call=call,
            reason=reason,
            imports=test_imports(op, call),
            module=test_module_alias(op),
            result_is_none=docs.result_annotation(op) == "None",
        )
    object_models = [m for m in models if isinstance(m, ObjectModel)]
    model_samples = []
    for model in object_models:
        try:
            sample = samples.sample(ModelRef(model.class_name, model.module), False)
        except SampleError:
            continue
        model_samples.append((model, Code(py_literal(sample.data))))
    add("tests/test_models.py", "package/tests/test_models.py.jinja", model_samples=model_samples)
    return files


# -- imports as data ------------------------------------------------------------------------------
def _types_imports(imports: ImportSet, kinds: list[TypeRef], prefix: str) -> None:
    for kind in kinds:
        if type_code.uses_datetime(kind):
            imports.module("datetime")
        if type_code.uses_any(kind):
            imports.name("typing", "Any")
        for ref in type_code.class_refs(kind):
            imports.name(f"{prefix}{ref.module}", ref.class_name)


def operation_imports(op: Operation) -> list[Code]:
    imports = ImportSet()
    imports.name("__future__", "annotations")
    imports.module(".._codecs", "_c")
    imports.module(".._request", "_r")
    imports.name(".._client", "Client")
    kinds = [p.type for p in op.parameters if p.location is not ParamLocation.FILE]
    kinds += [r.type for r in op.responses if r.type is not None]
    _types_imports(imports, kinds, "..models.")
    if any(not (p.required or p.has_default) for p in op.parameters):
        imports.name(".._types", "UNSET")
        imports.name(".._types", "Unset")
    if any(p.location is ParamLocation.FILE for p in op.parameters):
        imports.name(".._types", "File")
    if "Any" in docs.result_annotation(op):
        imports.name("typing", "Any")
    return imports.lines()


def _runtime_refs(model: ObjectModel) -> dict[str, list[Code]]:
    """Classes needed at run time, imported inside the methods that use them (cycles are fine)."""
    fields: dict[str, str] = {}
    for kind in [f.type for f in model.fields] + [model.extra]:
        for ref in type_code.class_refs(kind):
            fields[ref.class_name] = ref.module
    subtypes: dict[str, str] = {}
    if model.discriminator is not None:
        for _, ref in model.discriminator.subtypes:
            subtypes[ref.class_name] = ref.module
    return {"fields": _local_imports(fields, model), "subtypes": _local_imports(subtypes, model)}


def _local_imports(names: dict[str, str], model: ObjectModel) -> list[Code]:
    skip = {model.class_name} | ({model.base.class_name} if model.base else set())
    return [
        Code(f"from .{py_identifier(module)} import {py_identifier(name)}")
        for name, module in sorted(names.items())
        if name not in skip
    ]


def object_imports(model: ObjectModel) -> dict[str, list[Code]]:
    imports = ImportSet()
    imports.name("__future__", "annotations")
    imports.module("dataclasses")
    imports.name("typing", "Any")
    imports.module(".._codecs", "_c")
    imports.module(".._model", "_m")
    checking = ImportSet()
    # Run-time imports at the top only for what the class body itself evaluates: the base
    # class and enums used as fixed defaults (enum modules import no models, so no cycles).
    at_runtime = {
        f.type.class_name
        for f in model.fields
        if f.has_fixed_default and isinstance(f.type, EnumRef)
    }
    if model.base is not None:
        at_runtime.add(model.base.class_name)
    kinds = [f.type for f in model.fields] + [model.extra]
    for kind in kinds:
        if type_code.uses_datetime(kind):
            imports.module("datetime")
        for ref in type_code.class_refs(kind):
            if ref.class_name == model.class_name:
                continue
            target = imports if ref.class_name in at_runtime else checking
            target.name(f".{ref.module}", ref.class_name)
    if model.base is not None:
        imports.name(f".{model.base.module}", model.base.class_name)
    if checking.items:
        imports.name("typing", "TYPE_CHECKING")
    if any(code_parts.field_default(f) == "UNSET" for f in model.fields) or any(
        "Unset" in code_parts.field_annotation(f) for f in model.fields
    ):
        imports.name(".._types", "UNSET")
        imports.name(".._types", "Unset")
    return {"top": imports.lines(), "checking": checking.lines()}


def alias_imports(model: AliasModel) -> list[Code]:
    imports = ImportSet()
    imports.name("__future__", "annotations")
    imports.name("typing", "TypeAlias")
    _types_imports(imports, [model.target], ".")
    return imports.lines()


# What a test module names besides the operation: its imports and the locals of its tests.
_TEST_MODULE_NAMES = frozenset(
    {
        "annotations",
        "client",
        "datetime",
        "detailed",
        "encode_any",
        "httpx",
        "json",
        "mock_client",
        "parse_qsl",
        "result",
        "run_async",
    }
)


def test_module_alias(op: Operation) -> str:
    """The name a test calls the operation's module by: its own, unless the test needs it."""
    return f"{op.name}_operation" if op.name in _TEST_MODULE_NAMES else op.name


def test_imports(op: Operation, call: ExpectedCall | None) -> list[Code]:
    imports = ImportSet()
    imports.name("__future__", "annotations")
    alias = test_module_alias(op)
    imports.name("..api", op.name, "" if alias == op.name else alias)
    if call is not None:
        imports.module("httpx")
        imports.name("typing", "Any")
        imports.name("._support", "mock_client")
        imports.name("._support", "run_async")
        for name in call.classes:
            imports.name("..models", name)
        if call.uses_datetime:
            imports.module("datetime")
        if call.result_class is not None:
            imports.name("..models", call.result_class)
        if call.response_kind.value == "json":
            imports.name(".._codecs", "encode_any")
        if call.form:
            imports.name("urllib.parse", "parse_qsl")
        if call.has_json_body:
            imports.module("json")
    return imports.lines()


def _readme_calls(api: Api, calls: dict[str, tuple[Any, str]]) -> list[tuple[Operation, Code]]:
    examples = []
    for op in api.operations:
        call = calls[op.name][0]
        if call is None:
            args = Code("...")
        else:
            args = Code(", ".join(f"{name}={code}" for name, code in call.arguments))
        examples.append((op, args))
    return examples
