"""The native core against the Python engine, side by side (issue 11).

    python benchmarks/native_speed.py              # ~10 MB, 5 runs each
    python benchmarks/native_speed.py --mb 2 --repeat 3

Input: the bundled seed page repeated to about --mb MB of UTF-8. Printed, in
MB/s of UTF-8 input (median of the runs), for each engine:

- normalization alone: ``normalize(text)``, as benchmarks/run.py times it
  (the whole text as one paragraph: fold_characters, then the rules);
- normalization per line: a counting ``Normalizer`` called once per non-blank
  line as a paragraph (the per-call cost the pipeline pays per block; the
  lines are split before the timing);
- line table: ``reflow._engine.line_table`` (Python: ``split_lines`` and the
  indent read back);
- and the bare Python line loop of benchmarks/run.py, the issue's yardstick.

Issue 11's target for normalization alone is at least 0.5x the line loop.
Nothing here is a test and nothing is asserted; needs the extension built
(pip install . or maturin develop --release).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import SEED, line_loop, mb  # noqa: E402  (benchmarks/run.py: also puts src/ on the path if needed)

from reflow import _engine  # noqa: E402
from reflow.normalize import Normalizer, normalize  # noqa: E402
from reflow.options import Options  # noqa: E402


def speed(func, arg, size: float, repeat: int) -> tuple[float, float]:
    """(median, best) MB/s of func(arg) over *size* MB."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func(arg)
        times.append(time.perf_counter() - start)
    return size / statistics.median(times), size / min(times)


def per_line(engine: str):
    with _engine.using(engine):
        normalizer = Normalizer(Options())  # counting, as the pipeline's Normalizer does

    def run(lines: list[str]) -> None:
        for line in lines:
            normalizer(line, "paragraph")

    return run


def with_engine(engine: str, func):
    def run(text: str):
        with _engine.using(engine):
            return func(text)

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10.0, help="input size in MB (default 10)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (default 5)")
    args = parser.parse_args(argv)
    try:
        import reflow._native  # noqa: F401
    except ImportError as exc:
        print(f"the native core is not built ({exc}): pip install . or maturin develop --release", file=sys.stderr)
        return 1

    page = SEED.read_text(encoding="utf-8")
    text = page * max(1, round(args.mb * 1_000_000 / len(page.encode("utf-8"))))
    print(f"input: the seed page x{len(text) // len(page)}, {mb(text):.1f} MB, {text.count(chr(10))} lines; "
          f"median of {args.repeat} runs; Python {sys.version.split()[0]}")

    # Both engines must agree before their speeds mean anything.
    with _engine.using("python"):
        expected = normalize(text), _engine.line_table(text)
    with _engine.using("native"):
        got = normalize(text), _engine.line_table(text)
    assert got == expected, "the engines disagree: run tests/test_differential.py"

    size = mb(text)
    lines = [line for line in text.splitlines() if line.strip()]  # split outside the timing
    lines_size = sum(len(line.encode("utf-8")) for line in lines) / 1_000_000
    loop, loop_best = speed(line_loop, text, size, args.repeat)
    rows = [
        ("normalization alone", with_engine("python", normalize), with_engine("native", normalize), text, size),
        ("normalization per line", per_line("python"), per_line("native"), lines, lines_size),
        ("line table", with_engine("python", _engine.line_table), with_engine("native", _engine.line_table),
         text, size),
    ]
    print()
    print("MB/s: median (best) of the runs")
    print()
    print(f"| {'measure':<24} | {'Python':>14} | {'native':>14} | {'native / Python':>15} | {'native / line loop':>18} |")
    print(f"|{'-' * 26}|{'-' * 15}:|{'-' * 15}:|{'-' * 16}:|{'-' * 19}:|")
    for name, python, native, arg, arg_size in rows:
        p, p_best = speed(python, arg, arg_size, args.repeat)
        n, n_best = speed(native, arg, arg_size, args.repeat)
        print(f"| {name:<24} | {p:6.1f} ({p_best:5.1f}) | {n:6.1f} ({n_best:5.1f}) | {n / p:14.1f}x | {n / loop:17.2f}x |")
    print(f"| {'bare Python line loop':<24} | {loop:6.1f} ({loop_best:5.1f}) | {'':>14} | {'':>15} | {1:17.2f}x |")
    print()
    print("issue 11 target: normalization alone >= 0.5x the line loop (median against median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
