"""A watched child process for running swaggen and generated code on hostile input.

This file has two roles:

* Imported by the tests (`import sandbox`): `run()` starts a child under a memory cap and a
  wall-clock guard, measures its time and peak RSS (`os.wait4`), and returns what the child's
  audit hook recorded.
* Copied into a fresh folder as `sitecustomize.py` and put first on the child's PYTHONPATH:
  it installs a `sys.addaudithook` that records, and refuses by raising, every socket connect
  or name lookup, every file opened for reading outside the allowed roots, every file system
  change outside the allowed write roots, and every program started that is not allowed.

Findings go to a log file opened before the hook is installed, written with `os.write` so the
hook never triggers itself; a payload that catches the refusal is still recorded.  The hook
sees Python-level operations only (C code opening files or sockets by itself is not seen).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

LOG_ENV = "SWAGGEN_SANDBOX_LOG"
READ_ENV = "SWAGGEN_SANDBOX_READ"
WRITE_ENV = "SWAGGEN_SANDBOX_WRITE"
EXEC_ENV = "SWAGGEN_SANDBOX_EXEC"

NETWORK_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
        "socket.sendto",
        "socket.sendmsg",
    }
)
EXEC_EVENTS = frozenset(
    {"subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.system", "pty.spawn"}
)
# event -> indexes of path arguments, index of the dir_fd argument (None: there is none).
CHANGE_EVENTS: dict[str, tuple[tuple[int, ...], int | None]] = {
    "os.mkdir": ((0,), 2),
    "os.rename": ((0, 1), 2),
    "os.remove": ((0,), 1),
    "os.rmdir": ((0,), 1),
    "os.chmod": ((0,), 2),
    "os.chown": ((0,), 3),
    "os.symlink": ((1,), 2),
    "os.link": ((1,), 3),
    "os.truncate": ((0,), None),
    "os.utime": ((0,), 3),
    "shutil.rmtree": ((0,), 1),
    "shutil.copyfile": ((1,), None),
    "shutil.move": ((0, 1), None),
}
# Files any Python process may read: not derived from a spec (mimetypes reads its tables).
SYSTEM_READS = frozenset(
    {
        "/dev/null",
        "/dev/urandom",
        "/etc/localtime",
        "/etc/mime.types",
        "/etc/httpd/mime.types",
        "/etc/httpd/conf/mime.types",
        "/etc/apache/mime.types",
        "/etc/apache2/mime.types",
        "/usr/local/etc/httpd/conf/mime.types",
        "/usr/local/lib/netscape/mime.types",
        "/usr/local/etc/mime.types",
    }
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


# -- the hook (runs in the child) ------------------------------------------------------------
def _roots(name: str) -> tuple[str, ...]:
    value = os.environ.get(name, "")
    return tuple(os.path.realpath(p) for p in value.split(os.pathsep) if p)


def _inside(path: str, roots: Sequence[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)


def install() -> None:
    """Install the audit hook described in the module docstring (in the child only)."""
    log_path = os.environ.get(LOG_ENV)
    if not log_path:
        return
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    reads = _roots(READ_ENV)
    writes = _roots(WRITE_ENV)
    programs = frozenset(p for p in os.environ.get(EXEC_ENV, "").split(os.pathsep) if p)
    busy = threading.local()

    def record(kind: str, event: str, detail: object) -> None:
        line = json.dumps({"kind": kind, "event": event, "detail": repr(detail)[:400]})
        os.write(fd, (line + "\n").encode("ascii", "backslashreplace"))

    def real(path: object) -> str | None:
        if isinstance(path, int) or path is None:
            return None
        try:
            text = os.fsdecode(os.fspath(path))  # type: ignore[arg-type]
        except TypeError:
            return None
        return os.path.realpath(text)

    def check(event: str, args: tuple[object, ...]) -> None:
        if event == "urllib.Request":
            url = str(args[0]) if args else ""
            if url.lower().startswith("file:"):
                from urllib.parse import unquote, urlsplit

                event, args = "open", (unquote(urlsplit(url).path), "r", 0)
            else:
                record("network", event, args[:1])
                raise PermissionError(f"sandbox: {event} refused")
        if event in NETWORK_EVENTS:
            record("network", event, args)
            raise PermissionError(f"sandbox: {event} refused")
        if event in EXEC_EVENTS:
            program = os.path.basename(os.fsdecode(args[0])) if args and args[0] else "?"
            if program in programs:
                record("note", event, args[:2])
                return
            record("exec", event, args[:2])
            raise PermissionError(f"sandbox: {event} refused")
        if event == "open":
            path, mode, flags = (*args, None, None, None)[:3]
            if isinstance(mode, str):
                writing = any(c in mode for c in "wxa+")
            else:
                writing = isinstance(flags, int) and bool(flags & _WRITE_FLAGS)
            relative = isinstance(path, (str, bytes)) and not os.path.isabs(path)
            if mode is None and relative and not writing:
                return  # os.open of a name in a dir_fd, as shutil.rmtree does: not resolvable
            where = real(path)
            if where is None:
                return
            if writing:
                if where != "/dev/null" and not _inside(where, writes):
                    record("write", event, (where, mode, flags))
                    raise PermissionError(f"sandbox: writing {where} refused")
            elif where not in SYSTEM_READS and not _inside(where, reads):
                record("read", event, (where, mode))
                raise PermissionError(f"sandbox: reading {where} refused")
            return
        spec = CHANGE_EVENTS.get(event)
        if spec is not None:
            indexes, dir_fd_index = spec
            if dir_fd_index is not None and dir_fd_index < len(args):
                dir_fd = args[dir_fd_index]
                if dir_fd not in (None, -1):
                    return  # relative to an open folder; its opening was checked
            for index in indexes:
                where = real(args[index]) if index < len(args) else None
                if where is not None and not _inside(where, writes):
                    record("write", event, args)
                    raise PermissionError(f"sandbox: {event} on {where} refused")

    def hook(event: str, args: tuple[object, ...]) -> None:
        if getattr(busy, "active", False):
            return
        busy.active = True
        try:
            check(event, args)
        finally:
            busy.active = False

    sys.addaudithook(hook)


if __name__ == "sitecustomize":
    install()


# -- the runner (runs in the tests) ------------------------------------------------------------
ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GIB = 1 << 30


@dataclass(frozen=True)
class Policy:
    """What a sandboxed child may touch; every root is resolved before use."""

    read: tuple[Path, ...]
    write: tuple[Path, ...]
    programs: tuple[str, ...] = ()


# Imports every module of each package under OUT (package first, then api, models, tests),
# and prints per package what the tests compare with the spec: docstrings, the operation's
# path, media type and wire names, enum values, model fields and the base URL.  With
# --call-tests it also calls every generated test function (httpx.MockTransport, no network).
PROBE = r"""
import enum, importlib, inspect, json, os, sys, traceback
args = sys.argv[1:]
call_tests = args[0] == "--call-tests"
out, packages = (args[1], args[2:]) if call_tests else (args[0], args[1:])
sys.path.insert(0, out)

def module_names(package):
    names = []
    for root, _, files in os.walk(os.path.join(out, package)):
        for file in files:
            if file.endswith(".py"):
                parts = os.path.relpath(os.path.join(root, file[:-3]), out).split(os.sep)
                names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(names, key=lambda n: (n.count("."), n))

def describe(name, module):
    entry = {"doc": module.__doc__, "classes": {}}
    sync = getattr(module, "sync", None)
    if inspect.isfunction(sync):
        entry["sync_doc"] = sync.__doc__
        entry["defaults"] = {
            key: p.default
            for key, p in inspect.signature(sync).parameters.items()
            if isinstance(p.default, str)
        }
    operation = getattr(module, "_OPERATION", None)
    if operation is not None:
        entry["operation"] = {
            "path": operation.path,
            "accept": operation.accept,
            "params": [p.wire for p in operation.params],
        }
    if hasattr(module, "DEFAULT_BASE_URL"):
        entry["base_url"] = module.DEFAULT_BASE_URL
    for attr, value in vars(module).items():
        if inspect.isclass(value) and value.__module__ == name:
            info = {"doc": value.__doc__}
            if issubclass(value, enum.Enum):
                info["values"] = [member.value for member in value]
            elif hasattr(value, "_fields_"):
                info["fields"] = [[f.name, f.wire] for f in value._fields_()]
            entry["classes"][attr] = info
    return entry

report = {}
for package in packages:
    found = report[package] = {"modules": {}, "errors": {}, "tests": {}}
    for name in module_names(package):
        try:
            module = importlib.import_module(name)
            found["modules"][name] = describe(name, module)
        except BaseException as exc:
            found["errors"][name] = "".join(traceback.format_exception_only(exc))[-600:]
            continue
        if call_tests and ".tests.test_" in name:
            for attr, value in sorted(vars(module).items()):
                if attr.startswith("test_") and inspect.isfunction(value):
                    try:
                        value()
                        found["tests"][f"{name}.{attr}"] = "passed"
                    except BaseException as exc:
                        text = "".join(traceback.format_exception_only(exc))
                        found["tests"][f"{name}.{attr}"] = text[-600:]
print(json.dumps(report))
"""


@dataclass
class Run:
    argv: list[str]
    returncode: int
    stdout: bytes
    stderr: bytes
    seconds: float
    cpu_seconds: float
    max_rss_mib: float
    findings: list[dict[str, str]] = field(default_factory=list)

    @property
    def output(self) -> bytes:
        return self.stdout + self.stderr

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", "replace")

    def violations(self) -> list[dict[str, str]]:
        return [f for f in self.findings if f["kind"] != "note"]

    def notes(self) -> list[dict[str, str]]:
        return [f for f in self.findings if f["kind"] == "note"]


def python_roots() -> tuple[Path, ...]:
    """The interpreter, its stdlib and site-packages: what any Python child must read."""
    found = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix)}
    found |= {Path(p) for p in sys.path if p and Path(p).is_dir() and "site-packages" in p}
    return tuple(sorted(found))


def child_env(home: Path, sandbox_dir: Path | None) -> dict[str, str]:
    """A small, explicit environment: private HOME/TMPDIR/caches, no bytecode writes."""
    tmp = home / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "XDG_CACHE_HOME": str(home / "cache"),
        "BLACK_CACHE_DIR": str(home / "cache" / "black"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUTF8": "1",
        "LC_ALL": "C.UTF-8",
        "NO_COLOR": "1",
    }
    if sandbox_dir is not None:
        env["PYTHONPATH"] = str(sandbox_dir)
    return env


def prepare(folder: Path, policy: Policy) -> tuple[Path, dict[str, str]]:
    """A folder holding this file as sitecustomize.py, and the variables that configure it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__), folder / "sitecustomize.py")
    log = folder / "findings.jsonl"
    log.write_bytes(b"")
    read = [*policy.read, *policy.write, *python_roots(), ROOT, folder]
    variables = {
        LOG_ENV: str(log),
        READ_ENV: os.pathsep.join(str(p) for p in read),
        WRITE_ENV: os.pathsep.join(str(p) for p in policy.write),
        EXEC_ENV: os.pathsep.join(policy.programs),
    }
    return log, variables


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _limit_memory(limit: int | None) -> None:
    import resource

    if limit is not None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run(
    argv: Sequence[str],
    *,
    cwd: Path,
    home: Path,
    policy: Policy | None = None,
    timeout: float = 30.0,
    memory: int | None = GIB,
    extra_env: Mapping[str, str] | None = None,
) -> Run:
    """Run `argv` to completion (killed after `timeout` s) and measure it.

    Output goes to files, not pipes, so a child printing megabytes cannot block; the peak
    RSS comes from `os.wait4` for this child alone.
    """
    sandbox_dir = home / "sandbox"
    env = child_env(home, sandbox_dir if policy is not None else None)
    log: Path | None = None
    if policy is not None:
        log, variables = prepare(sandbox_dir, policy)
        env.update(variables)
    env.update(extra_env or {})
    out_path, err_path = home / "stdout.bin", home / "stderr.bin"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=lambda: _limit_memory(memory),
            start_new_session=True,
        )
        timer = threading.Timer(timeout, _kill_group, (process.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    findings: list[dict[str, str]] = []
    if log is not None:
        findings = [json.loads(line) for line in log.read_text().splitlines() if line]
    return Run(
        list(argv),
        process.returncode,
        out_path.read_bytes(),
        err_path.read_bytes(),
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        findings,
    )
