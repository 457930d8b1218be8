"""Speed and memory of swaggen on the large specs: `make bench`.

Each measurement runs in a fresh process (so peak RSS is that run's own) and is repeated;
the table gives medians. "cold" is a first generation; "warm" a second one in the same
process (black's results remembered); "import" the package and its models, httpx aside.
Timings on a shared machine are noisy: compare ratios measured in one run, not figures from
different days.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus" / "large"
FIXTURES = ROOT / "tests" / "fixtures" / "corpus" / "large"
SPECS = ("argo-workflows.json", "kubevirt.json", "kubernetes.json")

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from generator import GeneratorConfig, generate_files, write_generated
spec, out = Path(sys.argv[1]), Path(sys.argv[2])
# kubevirt declares its path parameters incompletely: measure it with the opt-in repair.
config = GeneratorConfig(repair_path_templates=True, rename_duplicate_ids=True)
started = time.perf_counter()
generated = generate_files(spec, config, output_dir=out)
elapsed = time.perf_counter() - started
write_generated(generated, out)
# Again in the same process: black's results are remembered in memory.
started = time.perf_counter()
generate_files(spec, config, output_dir=out)
warm = time.perf_counter() - started
lines = sum(c.count(b"\n") for c in generated.files.values())
# Black may run in worker processes: report the largest process, parent or worker.
peak = max(
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
) // 1024
print(json.dumps({"seconds": elapsed, "warm": warm, "peak_mb": peak, "lines": lines,
                  "files": len(generated.files), "package": generated.package,
                  "operations": len(generated.api.operations)}))
"""


def spec_path(name: str) -> Path | None:
    for folder in (SHARED, FIXTURES):
        if (folder / name).is_file():
            return folder / name
    return None


def run_child(spec: Path, out: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(spec), str(out)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    measured: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def import_seconds(out: Path, package: str) -> float:
    """Importing the package and its lazy models module, with httpx already imported."""
    code = (
        "import time, httpx\n"
        "started = time.perf_counter()\n"
        f"import {package}, {package}.models\n"
        "print(time.perf_counter() - started)\n"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], check=True, cwd=out, capture_output=True, text=True
            ).stdout
        )
        for _ in range(3)
    ]
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="repetitions per measurement")
    parser.add_argument("specs", nargs="*", default=list(SPECS))
    args = parser.parse_args()
    print(f"swaggen benchmark, {args.runs} runs each, median shown; cpus={os.cpu_count()}")
    header = "spec", "ops", "files", "lines", "cold s", "warm s", "peak MB", "import s"
    print("{:<22} {:>5} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8}".format(*header))
    for name in args.specs:
        spec = spec_path(name)
        if spec is None:
            print(f"{name:<22} (not found)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            cold = [run_child(spec, out) for _ in range(args.runs)]
            first = cold[0]
            imported = import_seconds(out, str(first["package"]))
        print(
            "{:<22} {:>5} {:>6} {:>8} {:>8.2f} {:>8.2f} {:>8} {:>8.3f}".format(
                name,
                int(first["operations"]),
                int(first["files"]),
                int(first["lines"]),
                statistics.median(r["seconds"] for r in cold),
                statistics.median(r["warm"] for r in cold),
                int(statistics.median(r["peak_mb"] for r in cold)),
                imported,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
