"""Templates print spec text only through an escaper, and spec text is never template source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from jinja2 import nodes

from generator.render import SAFE_FILTERS, environment, templates_dir

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(
    path.relative_to(templates_dir()).as_posix() for path in templates_dir().rglob("*.jinja")
)


def _unsafe_outputs(template: str) -> list[str]:
    """Every `{{ ... }}` whose value is not an escaping filter or one of this file's macros."""
    env = environment()
    source = env.loader.get_source(env, template)[0]  # type: ignore[union-attr]
    tree = env.parse(source)
    macros = {macro.name for macro in tree.find_all(nodes.Macro)}
    problems = []
    for output in tree.find_all(nodes.Output):
        for child in output.nodes:
            if isinstance(child, nodes.TemplateData):
                continue
            if isinstance(child, nodes.Filter) and child.name in SAFE_FILTERS:
                continue
            if (
                isinstance(child, nodes.Call)
                and isinstance(child.node, nodes.Name)
                and child.node.name in macros
            ):
                continue
            problems.append(f"line {child.lineno}: {type(child).__name__}")
    return problems


def test_there_are_templates() -> None:
    assert "package/api/operation.py.jinja" in TEMPLATES
    assert len(TEMPLATES) >= 15


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_output_goes_through_an_escaper(template: str) -> None:
    assert _unsafe_outputs(template) == []


def test_the_audit_catches_a_raw_print() -> None:
    """The check above can fail: a bare `{{ op.summary }}` is reported."""
    env = environment()
    tree = env.parse("x = {{ op.summary }}\ny = {{ op.name | ident }}\n")
    raw = [
        child
        for output in tree.find_all(nodes.Output)
        for child in output.nodes
        if not isinstance(child, nodes.TemplateData)
        and not (isinstance(child, nodes.Filter) and child.name in SAFE_FILTERS)
    ]
    assert len(raw) == 1 and isinstance(raw[0], nodes.Getattr)


def test_no_spec_text_becomes_template_source() -> None:
    """Templates come from files only: nothing in the generator compiles a string as a template."""
    for path in (ROOT / "generator").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in (
                "from_string",
                "compile_expression",
            ):
                raise AssertionError(f"{path.name}:{node.lineno} compiles a string as a template")


def test_templates_include_nothing_dynamic() -> None:
    env = environment()
    for template in TEMPLATES:
        source = env.loader.get_source(env, template)[0]  # type: ignore[union-attr]
        tree = env.parse(source)
        for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            assert isinstance(node.template, nodes.Const), f"{template}: dynamic template name"


def test_environment_is_strict() -> None:
    env = environment()
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ missing.name }}").render()
    with pytest.raises(TypeError):
        env.from_string("{{ missing | pystr }}").render()
    assert env.trim_blocks and env.lstrip_blocks and env.keep_trailing_newline
    assert env.autoescape is False
