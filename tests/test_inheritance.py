"""Discriminated hierarchies deeper than one level: Base -> Dog -> Puppy.

Found by a reviewer: the root's map held only its direct children, so a Puppy decoded through
`Base` came back a `Base`, and `Puppy().to_dict()` sent `kind: 'Dog'` (the dataclass took the
parent's class default).
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generator import GeneratorConfig, generate_files, write_generated

SPEC = {
    "swagger": "2.0",
    "info": {"title": "zoo", "version": "1"},
    "host": "api.example.test",
    "paths": {
        "/pets": {
            "get": {
                "operationId": "getPet",
                "responses": {
                    "200": {"description": "ok", "schema": {"$ref": "#/definitions/Base"}}
                },
            }
        }
    },
    "definitions": {
        "Base": {
            "type": "object",
            "discriminator": "kind",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}, "name": {"type": "string"}},
        },
        "Dog": {
            "allOf": [
                {"$ref": "#/definitions/Base"},
                {"type": "object", "properties": {"bark": {"type": "boolean"}}},
            ]
        },
        "Puppy": {
            "x-discriminator-value": "puppy",
            "allOf": [
                {"$ref": "#/definitions/Dog"},
                {"type": "object", "properties": {"age": {"type": "integer"}}},
            ],
        },
        "Cat": {"allOf": [{"$ref": "#/definitions/Base"}]},
    },
}


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("zoo")
    spec = folder / "zoo.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    out = folder / "out"
    generated = generate_files(spec, GeneratorConfig(), output_dir=out)
    assert generated.diagnostics == ()
    write_generated(generated, out)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("zoo.models")
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == "zoo" or n.startswith("zoo.")]:
            del sys.modules[name]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("Dog", "Dog"), ("puppy", "Puppy"), ("Cat", "Cat"), ("Unknown", "Base")],
)
def test_the_root_decodes_every_level(models: ModuleType, kind: str, expected: str) -> None:
    decoded = models.Base.from_dict({"kind": kind, "name": "n"})
    assert type(decoded).__name__ == expected
    assert decoded.to_dict() == {"kind": kind, "name": "n"}


def test_a_middle_class_decodes_its_own_subclasses_only(models: ModuleType) -> None:
    assert type(models.Dog.from_dict({"kind": "puppy", "age": 1})) is models.Puppy
    # A Cat is no Dog: decoding through Dog keeps Dog rather than leave the hierarchy.
    assert type(models.Dog.from_dict({"kind": "Cat"})) is models.Dog


def test_each_class_sends_its_own_discriminator_value(models: ModuleType) -> None:
    assert models.Puppy(age=1).to_dict() == {"kind": "puppy", "age": 1}
    assert models.Dog().to_dict() == {"kind": "Dog"}
    assert models.Cat().to_dict() == {"kind": "Cat"}
    assert isinstance(models.Puppy(), models.Dog)


def test_the_root_names_every_descendant(models: ModuleType) -> None:
    wire, classes = models.Base._subtypes_()
    assert wire == "kind"
    assert {value: cls.__name__ for value, cls in classes.items()} == {
        "Dog": "Dog",
        "Cat": "Cat",
        "puppy": "Puppy",
    }


def test_the_tree_passes_mypy_strict(models: ModuleType) -> None:
    package = Path(models.__file__).parents[1]
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", str(package)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
