"""The corpus summary table, printed by the controller once every worker has reported."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

RECORD_KEY = "swaggen_corpus"


def _corpus_rows(terminalreporter: Any) -> list[dict[str, Any]]:
    """Rows recorded by test_corpus.py's tests, carried by their reports (xdist included)."""
    rows: dict[str, dict[str, Any]] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for key, value in getattr(report, "user_properties", ()):
                if key == RECORD_KEY:
                    row = json.loads(value)
                    rows[row["spec"]] = row
    return [rows[spec] for spec in sorted(rows)]


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    rows = _corpus_rows(terminalreporter)
    if not rows:
        return
    write = terminalreporter.write_line
    terminalreporter.section("swaggen corpus")
    width = max(len(row["spec"]) for row in rows)
    write(f"{'spec':<{width}}  {'ops gen/decl':>12}  {'warn':>5}  {'gen s':>6}  result")
    for row in rows:
        generated = "-" if row["generated"] is None else str(row["generated"])
        ops = f"{generated}/{row['declared']}"
        stages = sorted({f.split(":", 1)[0] for f in row["failures"]})
        result = row["result"] + (f" ({', '.join(stages)})" if stages else "")
        write(
            f"{row['spec']:<{width}}  {ops:>12}  {row['warnings']:>5}  "
            f"{row['generate_seconds']:>6.1f}  {result}"
        )
    failed = sum(1 for row in rows if row["failures"])
    write(f"{len(rows)} specs, {len(rows) - failed} passed, {failed} failed")
    report = os.environ.get("SWAGGEN_CORPUS_REPORT")
    if report:
        Path(report).write_text(json.dumps(rows, indent=1), encoding="utf-8")
        write(f"rows with failure details written to {report}")
