"""Generation that fails midway leaves the previous package byte-identical.

Faults are injected in rendering, formatting and every step of writing (a file write after N
files, the final swap, `os.rename`, an interrupt); then the package written before must be
exactly as it was and no `.swaggen-tmp-*` / `.swaggen-old-*` folder may be left.  Real
SIGKILLs at chosen points of a CLI run on a large spec check the same without cooperation
from the process: the package must then be whole (the old one, or the complete new one when
the kill came after the swap); leftover staging folders are allowed and counted.
"""

from __future__ import annotations

import errno
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator.formatting
import generator.render
import generator.writer
from generator import GeneratorConfig, generate_files, write_generated
from generator.cli import main

CORPUS_SPEC = (
    Path(__file__).parent / "fixtures" / "corpus" / "autorest-testserver" / "body-complex.json"
)
OLD_SPEC = """\
swagger: "2.0"
info: {title: Old pets, version: "1.0"}
host: api.example.com
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      parameters: [{name: petId, in: path, required: true, type: integer}]
      responses: {"200": {description: ok, schema: {$ref: "#/definitions/Pet"}}}
    delete:
      operationId: deletePet
      parameters: [{name: petId, in: path, required: true, type: integer}]
      responses: {"204": {description: gone}}
definitions:
  Pet:
    type: object
    properties: {id: {type: integer}, name: {type: string, description: Its name.}}
"""
NEW_SPEC = """\
swagger: "2.0"
info: {title: New pets, version: "2.0"}
host: api.example.com
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      summary: One pet, now with an owner.
      parameters: [{name: petId, in: path, required: true, type: integer}]
      responses: {"200": {description: ok, schema: {$ref: "#/definitions/Pet"}}}
  /pets:
    get:
      operationId: listPets
      responses:
        "200": {description: ok, schema: {type: array, items: {$ref: "#/definitions/Pet"}}}
definitions:
  Pet:
    type: object
    properties:
      id: {type: integer}
      name: {type: string, description: Its new name.}
      owner: {$ref: "#/definitions/Owner"}
  Owner:
    type: object
    properties: {name: {type: string}}
"""
PACKAGE = "pets"


class Injected(Exception):
    """The fault this file injects; anything else escaping is a test failure."""


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name != PACKAGE)


def after_n_calls(real: Callable[..., Any], n: int, fault: BaseException) -> Callable[..., Any]:
    """`real`, except that call number n+1 (and later ones) raise `fault`."""
    count = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count > n:
            raise fault
        return real(*args, **kwargs)

    return wrapper


class Setup:
    """The previous package (from OLD_SPEC) and the new files (from NEW_SPEC), once."""

    def __init__(self, root: Path) -> None:
        (root / "old").mkdir()
        (root / "new").mkdir()
        old_spec = root / "old" / f"{PACKAGE}.yaml"
        old_spec.write_text(OLD_SPEC)
        self.new_spec = root / "new" / f"{PACKAGE}.yaml"
        self.new_spec.write_text(NEW_SPEC)
        self.template = root / "template"
        write_generated(generate_files(old_spec, GeneratorConfig()), self.template)
        self.old_tree = tree_bytes(self.template / PACKAGE)
        self.new = generate_files(self.new_spec, GeneratorConfig())
        assert set(self.new.files) != set(self.old_tree) - {".swaggen-manifest"}

    def output(self, tmp_path: Path) -> Path:
        out = tmp_path / "out"
        shutil.copytree(self.template, out)
        return out

    def assert_previous_intact(self, out: Path) -> None:
        assert tree_bytes(out / PACKAGE) == self.old_tree
        assert leftovers(out) == []


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    return Setup(tmp_path_factory.mktemp("faults"))


# -- rendering and formatting: nothing may be written -----------------------------------------
@pytest.mark.parametrize("after", [0, 4])
def test_render_failure_keeps_previous_package(
    after: int,
    setup: Setup,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A template that blows up after some files: exit 3, one line, package untouched."""
    out = setup.output(tmp_path)
    fault = Injected("template exploded")
    monkeypatch.setattr(
        generator.render, "render", after_n_calls(generator.render.render, after, fault)
    )
    assert main(["generate", str(setup.new_spec), "-o", str(out)]) == 3
    error = capsys.readouterr().err
    assert "internal error" in error and "Traceback" not in error
    setup.assert_previous_intact(out)


def broken_code(text: str) -> str:
    return "def broken(:\n"


def changed_texts(text: str) -> str:
    """A formatter that alters a spec text: swaggen's survival check must notice."""
    formatted = generator.formatting.black.format_str(text, mode=generator.formatting.black_mode())
    return formatted.replace("Its new name.", "Its new name!")


@pytest.mark.parametrize(
    "fake",
    [
        after_n_calls(generator.formatting._black, 1, Injected("black crashed")),
        broken_code,
        changed_texts,
    ],
    ids=["raises", "returns-invalid-code", "changes-texts"],
)
def test_format_failure_keeps_previous_package(
    fake: Callable[[str], str],
    setup: Setup,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """black raising or returning bad code midway: nothing is written."""
    out = setup.output(tmp_path)
    # Results remembered from earlier generations in this process would bypass the fake.
    monkeypatch.setattr(generator.formatting, "_memo", OrderedDict())
    calls: list[str] = []

    def black(text: str) -> str:
        calls.append(text)
        return fake(text)

    monkeypatch.setattr(generator.formatting, "_black", black)
    assert main(["generate", str(setup.new_spec), "-o", str(out)]) == 3
    assert calls, "black was not called: the fault was not injected"
    error = capsys.readouterr().err
    assert "internal error" in error and "Traceback" not in error
    setup.assert_previous_intact(out)


# -- writing: the swap is all or nothing -------------------------------------------------------
def test_new_generation_differs_from_previous(setup: Setup, tmp_path: Path) -> None:
    """The control: without faults the package is replaced (so the checks below can fail)."""
    out = setup.output(tmp_path)
    write_generated(setup.new, out)
    assert tree_bytes(out / PACKAGE) != setup.old_tree
    assert leftovers(out) == []


@pytest.mark.parametrize("after", [0, 3, -1], ids=["first", "fourth", "last"])
@pytest.mark.parametrize(
    "fault",
    [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()],
    ids=["ENOSPC", "interrupt"],
)
def test_write_failure_after_n_files_keeps_previous_package(
    after: int, fault: BaseException, setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills (or Ctrl-C) while files are written: the old package stays."""
    out = setup.output(tmp_path)
    count = after if after >= 0 else len(setup.new.files) - 1
    monkeypatch.setattr(generator.writer, "open", after_n_calls(open, count, fault), raising=False)
    with pytest.raises(type(fault)):
        write_generated(setup.new, out)
    setup.assert_previous_intact(out)


def test_manifest_write_failure_keeps_previous_package(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last write (the manifest) fails: still nothing changes."""
    out = setup.output(tmp_path)
    real = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if self.name == ".swaggen-manifest":
            raise OSError(errno.EIO, "I/O error")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(OSError):
        write_generated(setup.new, out)
    setup.assert_previous_intact(out)


def test_swap_failure_keeps_previous_package(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`_replace` raising: the staging folder is removed, the package untouched."""
    out = setup.output(tmp_path)
    monkeypatch.setattr(generator.writer, "_replace", after_n_calls(print, 0, Injected("swap")))
    with pytest.raises(Injected):
        write_generated(setup.new, out)
    setup.assert_previous_intact(out)


def test_exchange_error_keeps_previous_package(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """renameat2 failing with an unexpected errno: the package untouched."""
    out = setup.output(tmp_path)
    fault = OSError(errno.EIO, "I/O error")
    monkeypatch.setattr(generator.writer, "_exchange", after_n_calls(print, 0, fault))
    with pytest.raises(OSError):
        write_generated(setup.new, out)
    setup.assert_previous_intact(out)


@pytest.mark.parametrize("after", [0, 1], ids=["moving-old-aside", "moving-new-in"])
def test_rename_failure_without_renameat2_keeps_previous_package(
    after: int, setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where RENAME_EXCHANGE is missing, swaggen renames twice; either rename may fail."""
    out = setup.output(tmp_path)
    monkeypatch.setattr(generator.writer, "_exchange", lambda first, second: False)
    fault = OSError(errno.EXDEV, "Invalid cross-device link")
    real = os.rename
    count = 0

    def rename(*args: Any, **kwargs: Any) -> None:
        nonlocal count
        count += 1
        if count == after + 1:
            raise fault
        real(*args, **kwargs)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError):
        write_generated(setup.new, out)
    monkeypatch.undo()
    setup.assert_previous_intact(out)


def test_rename_failure_for_a_new_package_leaves_nothing(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """First generation, the final rename fails: no package, no staging folder."""
    out = tmp_path / "out"
    monkeypatch.setattr(os, "rename", after_n_calls(os.rename, 0, OSError(errno.EIO, "I/O")))
    with pytest.raises(OSError):
        write_generated(setup.new, out)
    monkeypatch.undo()
    assert sorted(os.listdir(out)) == []


KILL_BETWEEN_RENAMES = """
import os, pickle, sys
import generator.writer as writer
out, payload = sys.argv[1], sys.argv[2]
package, files, manifest = pickle.loads(open(payload, "rb").read())
writer._exchange = lambda first, second: False
real = os.rename
calls = []
def rename(*args, **kwargs):
    calls.append(args)
    if len(calls) == 2:
        os._exit(137)  # killed after the old package moved aside, before the new one moved in
    real(*args, **kwargs)
os.rename = rename
from pathlib import Path
writer.write_package(Path(out), package, files, manifest=manifest)
"""


def test_kill_between_fallback_renames_is_undone_by_the_next_run(
    setup: Setup, tmp_path: Path
) -> None:
    """Without an atomic exchange (macOS, some file systems) the swap is two renames.

    A kill between them leaves the previous package whole but set aside as
    `.swaggen-old-<package>-*`; the next write puts it back before doing anything else.
    """
    out = setup.output(tmp_path)
    payload = tmp_path / "payload.pickle"
    payload.write_bytes(pickle.dumps((setup.new.package, setup.new.files, setup.new.manifest)))
    done = subprocess.run(
        [sys.executable, "-c", KILL_BETWEEN_RENAMES, str(out), str(payload)], timeout=60
    )
    assert done.returncode == 137
    aside = sorted(out.glob(f".swaggen-old-{PACKAGE}-*"))
    assert len(aside) == 1 and tree_bytes(aside[0]) == setup.old_tree
    generator.writer._recover(out.resolve(), PACKAGE)
    assert tree_bytes(out / PACKAGE) == setup.old_tree
    assert not list(out.glob(".swaggen-old-*"))


# -- real kills --------------------------------------------------------------------------------
def run_cli(spec: Path, out: Path) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out)]
    return subprocess.run(command, capture_output=True, timeout=300)


def reached(out: Path, trigger: str) -> bool:
    """The staging folder exists ("staging") or holds its manifest, written last ("manifest")."""
    for child in out.iterdir():
        if child.name.startswith(".swaggen-tmp-"):
            return trigger == "staging" or (child / ".swaggen-manifest").exists()
    return False


def whole(tree: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes]) -> str:
    if tree == old:
        return "old"
    if tree == new:
        return "new"
    return "BROKEN"


def test_sigkill_at_random_points_leaves_a_whole_package(tmp_path: Path) -> None:
    """SIGKILL before, during and after the write: the package is the old or the new, whole.

    The previous package comes from a copy of body-complex.json with another title; the kills
    are timed from the moment the staging folder appears or gets its manifest, the last file
    written before the swap (and one during start-up).
    """
    new_dir, old_dir, out = tmp_path / "new", tmp_path / "old", tmp_path / "out"
    new_dir.mkdir()
    old_dir.mkdir()
    new_spec = new_dir / CORPUS_SPEC.name
    shutil.copyfile(CORPUS_SPEC, new_spec)
    old_spec = old_dir / CORPUS_SPEC.name
    text = CORPUS_SPEC.read_text()
    old_spec.write_text(text.replace('"title": "', '"title": "Old ', 1))
    assert old_spec.read_text() != text

    assert run_cli(new_spec, out).returncode == 0
    (package,) = [p.name for p in out.iterdir()]
    new_tree = tree_bytes(out / package)
    assert run_cli(old_spec, out).returncode == 0
    old_tree = tree_bytes(out / package)
    assert old_tree != new_tree
    saved = tmp_path / "saved"
    shutil.copytree(out / package, saved)

    rng = random.Random(20240531)
    plan: list[tuple[str, float]] = [("start", 0.3), ("staging", 0.0)]
    plan += [("staging", rng.uniform(0.005, 0.05)), ("manifest", 0.0)]
    plan += [("manifest", rng.uniform(0.001, 0.004)), ("manifest", rng.uniform(0.004, 0.015))]
    outcomes = []
    for trigger, delay in plan:
        shutil.rmtree(out)
        out.mkdir()
        shutil.copytree(saved, out / package)
        command = [sys.executable, "-m", "generator", "generate", str(new_spec), "-o", str(out)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        seen = trigger == "start"
        while process.poll() is None and time.monotonic() - started < 60:
            if not seen:
                seen = reached(out, trigger)
                if seen:
                    started = time.monotonic()
            elif time.monotonic() - started >= delay:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.0002)
        returncode = process.wait(timeout=60)
        state = whole(tree_bytes(out / package), old_tree, new_tree)
        rest = sorted(p.name.rsplit("-", 1)[0] for p in out.iterdir() if p.name != package)
        outcomes.append((trigger, round(delay, 3), returncode, state, rest))
    print("\nSIGKILL outcomes (trigger, delay s, exit, package, leftovers):")
    for outcome in outcomes:
        print(f"  {outcome}")
    assert all(state != "BROKEN" for _, _, _, state, _ in outcomes), outcomes
    assert any(code == -signal.SIGKILL for _, _, code, _, _ in outcomes), outcomes
