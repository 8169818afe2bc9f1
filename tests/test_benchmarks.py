"""The benchmark suite's quick mode runs, so that it cannot rot, and what it
reports holds together. Nothing is timed here: speeds are only checked to be
consistent with each other and with the report (never against a clock);
accuracy figures, which are deterministic, are held to floors and compared
with the peers'."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from reflow._engine import engine as _engine_in_use


def reflow_engine() -> str:
    return _engine_in_use

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out), "--jsonl-mb", "1"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return data, (out / "results.md").read_text(encoding="utf-8")


def test_speed_figures_are_consistent_and_reported(quick):
    data, report = quick
    speed = data["speed"]
    assert {"reflow()", "parse()", "normalization alone", "line loop", "regex pass"} <= set(speed)
    assert 0.9 <= data["speed_input_mb"] <= 1.2  # quick mode reads about 1 MB
    assert speed["line loop"]["x_line_loop"] == 1.0
    for name, r in speed.items():
        assert math.isfinite(r["median_mb_s"]) and r["median_mb_s"] > 0, name
        assert r["best_mb_s"] >= r["median_mb_s"], name
        # Each run against a line-loop run just before it: a positive ratio,
        # and one that moves with the system's own speed (a faster system, a higher ratio).
        assert math.isfinite(r["x_line_loop"]) and r["x_line_loop"] > 0, name
        # The kernel's share of the run's CPU time, a share where the platform reports it.
        share = r["kernel_share"]
        assert math.isnan(share) or 0 <= share <= 1, name
        assert r["page_faults"] >= 0, name
        cell = "—" if math.isnan(share) else f"{share:.0%}"
        assert f"| {name} | {r['median_mb_s']:.2f} | {r['best_mb_s']:.2f} | {r['x_line_loop']:.3f} | {cell} |" in report
    loop = speed["line loop"]
    assert loop["paired_page_faults"] >= 0
    paired = "—" if math.isnan(loop["paired_kernel_share"]) else f"{loop['paired_kernel_share']:.0%}"
    assert f"{loop['paired_page_faults']:,.0f} page faults a run, {paired} of their CPU time in the kernel" in report
    assert speed["regex pass"]["x_line_loop"] > speed["reflow()"]["x_line_loop"]
    assert "Targets (printed, not asserted)" in report
    if "ftfy.fix_text" in speed:
        ratio = speed["reflow()"]["x_line_loop"] / speed["ftfy.fix_text"]["x_line_loop"]
        assert f"× ftfy.fix_text: **{ratio:.2f} ×**" in report


def test_scaling_rounds_take_turns_and_keep_each_sizes_best(monkeypatch, tmp_path):
    """With several rounds the sizes run in turn (so that a slow phase of the
    host cannot fall on one size alone), and each size keeps its fastest run
    and its highest peak."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run as bench
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    monkeypatch.setattr(bench, "corpus", lambda size, seed: "x")
    order = []
    # (seconds, peak) per size and round: the best time and the highest peak fall in different rounds.
    canned = {"0.5": [(2.0, 500), (1.0, 300)], "1": [(1.0, 400), (3.0, 900)]}

    def fake_run(cmd, **kwargs):
        size = cmd[-1].split("input_")[1].split("mb.txt")[0]
        seconds, peak = canned[size][sum(1 for s in order if s == size)]
        order.append(size)
        out = {"bytes": int(float(size) * 1_000_000), "seconds": seconds, "peak": peak + 100, "before": 100}
        return subprocess.CompletedProcess(cmd, 0, stdout=json.dumps(out), stderr="")

    monkeypatch.setattr(bench.subprocess, "run", fake_run)
    rows = bench.scaling([0.5, 1], "native", workdir=tmp_path, rounds=2)
    assert order == ["0.5", "1", "0.5", "1"]
    assert [r["seconds_per_mb"] for r in rows] == [pytest.approx(2.0), pytest.approx(1.0)]
    assert [r["peak_memory_x"] for r in rows] == [pytest.approx(500 / 500_000), pytest.approx(900 / 1_000_000)]
    assert [r["rounds"] for r in rows] == [2, 2]


def test_scaling_and_latency_describe_what_was_run(quick):
    data, report = quick
    engines = ["native", "python"] if reflow_engine() == "native" else ["python"]
    assert list(data["scaling"]) == engines
    for engine, rows in data["scaling"].items():
        assert [row["mb"] for row in rows] == pytest.approx([0.5, 1.0], rel=0.1)
        assert f"## Scaling: reflow() on the {engine} engine" in report
        for row in rows:
            assert row["seconds_per_mb"] * row["mb_s"] == pytest.approx(1.0)
            assert row["peak_memory_x"] > 0
            assert f"| {row['mb']} | {row['seconds_per_mb']:.3f} |" in report
    assert [lat["engine"] for lat in data["latency"]] == engines
    for lat in data["latency"]:
        assert lat["pages"] > 0 and 0 < lat["p50_ms"] <= lat["p95_ms"] <= lat["p99_ms"] <= lat["slowest"][0]["ms"]
        assert [s["ms"] for s in lat["slowest"]] == sorted((s["ms"] for s in lat["slowest"]), reverse=True)
        assert f"## Per-page latency: reflow() on the {lat['engine']} engine" in report


def test_threads_are_timed(quick):
    data, report = quick
    th = data["threads"]
    assert th["engine"] == reflow_engine() and th["t1_mb_s"] > 0 and th["t2_mb_s"] > 0
    assert f"## Threads: reflow() on the {th['engine']} engine" in report


def test_both_engines_are_timed_side_by_side(quick):
    data, report = quick
    if reflow_engine() != "native":
        pytest.skip("the native core is not in use: only the Python engine is timed")
    for name in ("reflow()", "parse()", "normalization alone"):
        assert f"{name} [python engine]" in data["speed"]
    for target in ("reflow() ≥", "parse() ≥", "normalization alone ≥"):
        assert target in report


def test_accuracy_beats_the_peers_and_holds_its_floors(quick):
    data, report = quick
    acc = data["accuracy"]
    reflow = acc["seed_page"]["reflow"]
    peers = {name: r["boundary_f1"] for name, r in acc["seed_page"].items() if name != "reflow"}
    assert peers and all(reflow["boundary_f1"] > f for f in peers.values()), (reflow, peers)
    for key in ("boundary_f1", "headline_f1", "marker_f1"):
        assert 0 <= reflow[key] <= 1
    assert reflow["marker_f1"] == 1.0
    # Floor, below the figure of the last full run; never lower it silently.
    assert reflow["boundary_f1"] >= 0.95
    # Generated pages are a smoke figure, not accuracy (tests/sim.py shares the
    # parser's assumptions); accuracy lives in benchmarks/accuracy.py.
    smoke = data["smoke"]
    assert 0 <= smoke["generated_pages"]["reflow"]["boundary_f1"] <= 1
    assert smoke["articles"]["pages"] == 40 and 0 <= smoke["articles"]["accuracy"] <= 1


def test_the_jsonl_run_is_identical_at_j1_and_j2(quick):
    data, report = quick
    j = data["jsonl"]
    assert j["identical"] is True
    assert j["mb"] == pytest.approx(1.0, abs=0.2)
    assert j["j1_peak_rss_mb"] > 0 and j["j2_peak_rss_mb"] > 0
    assert "output identical: **True**" in report
    # Two -j 1 on the halves of the lines, at once: the same output, joined.
    assert j["halves_identical"] is True and j["halves_mb_s"] > 0
    assert "Two `-j 1` processes on the two halves" in report


def test_the_records_step_runs_both_paths_to_the_same_output(quick):
    data, report = quick
    r = data["records"]
    if r is None:
        pytest.skip("the native core has no records path here")
    assert r["identical"] is True and r["records"] > 0
    assert r["native_mb_s"] > 0 and r["python_mb_s"] > 0
    assert "JSONL records in one process" in report
