"""The benchmark suite's quick mode runs, so that it cannot rot. Nothing is timed
here: the figures are only checked to be there and to be numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_benchmark_runs_and_reports(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(tmp_path), "--jsonl-mb", "1"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    for name in ("reflow()", "parse()", "normalization alone", "line loop", "regex pass"):
        assert data["speed"][name]["median_mb_s"] > 0
    assert [row["mb"] > 0 for row in data["scaling"]] == [True, True]
    assert 0 < data["smoke"]["generated_pages"]["reflow"]["boundary_f1"] <= 1
    assert data["accuracy"]["seed_page"]["reflow"]["marker_f1"] == 1.0
    assert data["jsonl"]["identical"] is True
    assert data["smoke"]["articles"]["accuracy"] > 0
    report = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "| reflow() |" in report and "Targets (printed, not asserted)" in report
