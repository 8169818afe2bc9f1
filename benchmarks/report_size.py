"""The HTML report of a 1 MB input: how large it is, how long it takes to write,
and (where Chromium is installed) how long a browser takes to open it.

    python benchmarks/report_size.py             # 1 MB, 5 runs each
    python benchmarks/report_size.py --mb 5 --repeat 1 --json out.json

The input is built as benchmarks/run.py builds its own: pages from
the test suite's layout generator (tests/sim.py, fixed seed) and the bundled seed page, about
--mb MB of UTF-8. Timings are the median and the best of --repeat runs, in this
process. "Open" is headless Chromium's time from navigation start to the end of
the report's own script with the layout forced (document.body.offsetHeight):
the HTML read and parsed, the styles computed, the visible rows laid out, the
tooltips filled in. Nothing is asserted: the figures are printed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
try:
    import reflow
except ImportError:  # running from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))
    import reflow

from reflow import explain, parse
from reflow.report import report, write_report
sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import generated_pages  # noqa: E402 - the benchmark suite's speed inputs

SEED = ROOT / "seeds" / "000_8105d0b5ae336b9b.txt"


def corpus(megabytes: float, seed: int = 0) -> str:
    """About *megabytes* of UTF-8: the suite's generated pages, with the seed page second."""
    pages = generated_pages(megabytes, seed)
    return "\n\n".join(pages[:1] + [SEED.read_text(encoding="utf-8")] + pages[1:])


class Reading:
    """An engine (for report(engine=...)) that answers with a reading made beforehand."""

    name = "python"

    def __init__(self, doc, steps) -> None:
        self.doc, self.steps = doc, steps

    def parse(self, text, options=None):
        return self.doc

    def explain(self, text, options=None):
        return self.steps


def seconds(func, repeat: int) -> dict:
    """Median and best of *repeat* runs (the machine may be shared: the best is the steadier figure)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return {"median": statistics.median(times), "best": min(times)}


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    return None


_PROBE = ("<script>document.body.offsetHeight;"
          "document.documentElement.setAttribute('data-opened-ms',performance.now().toFixed(0))</script>")


def open_ms(binary: str, page: Path, folder: Path, repeat: int) -> float | None:
    """Median milliseconds for headless Chromium to open *page* (see the module docstring)."""
    probe = folder / ("probe-" + page.name)
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    runs = []
    for _ in range(repeat):
        result = subprocess.run(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             f"--user-data-dir={folder / 'profile'}", "--window-size=1280,1000", "--dump-dom", probe.as_uri()],
            capture_output=True, timeout=300,
        )
        found = re.search(rb'data-opened-ms="(\d+)"', result.stdout)
        if result.returncode != 0 or not found:
            return None
        runs.append(float(found.group(1)))
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=float, default=1.0, help="input size in MB of UTF-8 (default 1)")
    p.add_argument("--repeat", type=int, default=5, help="runs per timing; the median and best are reported (default 5)")
    p.add_argument("--no-browser", action="store_true", help="do not open the report in Chromium")
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = p.parse_args(argv)

    text = corpus(args.mb)
    data = text.encode("utf-8")
    lines = len(text.splitlines())
    results: dict = {
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "input_mb": len(data) / 1e6, "input_lines": lines, "repeat": args.repeat,
    }
    print(f"input: {len(data) / 1e6:.2f} MB of UTF-8, {lines:,} lines ({results['machine']})", file=sys.stderr)
    results["parse_s"] = seconds(lambda: parse(text), args.repeat)
    results["explain_s"] = seconds(lambda: explain(text), args.repeat)
    results["report_s"] = seconds(lambda: report(text), args.repeat)
    # The HTML alone: an engine that hands back one reading, so nothing is parsed again.
    reading = Reading(parse(text), explain(text))
    results["html_s"] = seconds(lambda: report(text, engine=reading), args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        page = folder / "report.html"
        results["write_s"] = seconds(lambda: write_report(text, page, source="corpus"), args.repeat)
        out = page.read_bytes()
        results["report_mb"] = len(out) / 1e6
        results["report_gzip_mb"] = len(gzip.compress(out, 6)) / 1e6
        results["bytes_per_line"] = len(out) / max(lines, 1)
        binary = None if args.no_browser else chromium()
        results["browser"] = binary and subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
        if binary:
            seed_page = folder / "seed.html"
            write_report(SEED.read_text(encoding="utf-8"), seed_page, source="seed")
            results["open_ms"] = open_ms(binary, page, folder, args.repeat)
            results["open_seed_ms"] = open_ms(binary, seed_page, folder, args.repeat)

    r = results
    print(f"| input | report | gzip | × input | bytes per input line |\n|---:|---:|---:|---:|---:|\n"
          f"| {r['input_mb']:.2f} MB, {lines:,} lines | {r['report_mb']:.2f} MB | {r['report_gzip_mb']:.2f} MB "
          f"| {r['report_mb'] / r['input_mb']:.1f} | {r['bytes_per_line']:.0f} |")
    print("\n| step | median s | best s |\n|---|---:|---:|")
    for label, value in (("parse()", r["parse_s"]), ("explain()", r["explain_s"]),
                         ("report(): both, and the HTML", r["report_s"]), ("of which the HTML", r["html_s"]),
                         ("write_report(): the report, to a file", r["write_s"])):
        print(f"| {label} | {value['median']:.2f} | {value['best']:.2f} |")
    if r.get("open_ms") is not None:
        print(f"\nOpen in headless {r['browser']}: {r['open_ms']:.0f} ms "
              f"(the seed page's report: {r['open_seed_ms']:.0f} ms).")
    elif not args.no_browser:
        print("\nNo Chromium found: the open time was not measured.")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
