"""Adversarial inputs (issue 11): each at two sizes, on each engine, to show
that the cost per MB stays flat — no input makes reflow go quadratic — and
that nothing crashes.

    python benchmarks/adversarial.py            # the issue's sizes (50 MB single line, …)
    python benchmarks/adversarial.py --scale 0.1

The inputs (:data:`INPUTS`) are shared with tests/test_adversarial.py, which
runs them at small sizes and checks that reflow neither fails nor loses a
character, and that both engines agree; timing lives here, never in a test.
Printed: for each input and engine, MB/s at the small and the large size,
and the ratio of their cost per MB (1.00: linear; 10.0 would be quadratic
over a tenfold size). The Python engine runs at a tenth of the sizes.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
try:
    import reflow
except ImportError:  # a checkout without installing
    sys.path.insert(0, str(HERE.parent / "src"))
    import reflow

from reflow import _engine

SEED = HERE.parent / "seeds" / "000_8105d0b5ae336b9b.txt"


def _repeat(unit: str, megabytes: float) -> str:
    n = max(1, round(megabytes * 1_000_000 / max(1, len(unit.encode("utf-8", "surrogatepass")))))
    return unit * n


def single_line(mb: float) -> str:
    """One line with no line break at all (a text layer that lost them)."""
    return _repeat("人民军队在抗击疫情中冲锋在前，", mb)


def jump_words(mb: float) -> str:
    """下下转转…: the marker hint fires everywhere, no marker parses."""
    return _repeat("下下转转", mb)


def jump_lines(mb: float) -> str:
    """Lines that each look like half a jump marker."""
    return _repeat("（下转第\n转A2版①\n", mb)


def spaced_markers(mb: float) -> str:
    """One line of 下转 版 版 版 …: every run of spaces could end an inner marker
    (pdftotext's side-by-side columns), and its text never begins a line."""
    return "下转" + _repeat(" 版", mb)


def nul_bytes(mb: float) -> str:
    """NUL bytes between and inside lines."""
    return _repeat("记者\x00李逸峰\n\x00\n株洲日报讯\x00疫情防控。\n", mb)


def lone_surrogates(mb: float) -> str:
    """Lone surrogates (a str decoded with surrogateescape), CJK around them."""
    return _repeat("疫情\udc80防控\ud800\n\udfff下转A2版\n", mb)


def crlf(mb: float) -> str:
    """The seed page with Windows line ends."""
    return _repeat(SEED.read_text(encoding="utf-8").replace("\n", "\r\n") + "\r\n", mb)


def blank_lines(mb: float) -> str:
    """Nothing but blank lines, a word now and then (a million blank lines at 1 MB)."""
    return _repeat("\n" * 999 + "字\n", mb)


def single_characters(mb: float) -> str:
    """Lines of one character each, two blank lines between them: no glyph run
    in the input, one in the output (every block one character), which the
    settle step joins (layout.glyph_joins)."""
    return _repeat("甲\n\n\n", mb)


def code_point_classes(mb: float) -> str:
    """One line per Unicode general category: every code point of it (surrogates,
    private use, unassigned, combining marks, controls …), then repeated."""
    import unicodedata

    by: dict[str, list[str]] = {}
    for cp in range(0x110000):
        ch = chr(cp)
        if ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
            continue
        by.setdefault(unicodedata.category(ch), []).append(ch)
    page = "\n".join("".join(chars) for _, chars in sorted(by.items())) + "\n"
    return _repeat(page, mb) if mb * 1_000_000 >= len(page.encode("utf-8", "surrogatepass")) else page[: max(1, int(mb * 300_000))]


#: name -> (generator, the issue's size in MB)
INPUTS = {
    "a single 50 MB line": (single_line, 50.0),
    "1 MB of 下下转转": (jump_words, 1.0),
    "half jump markers on every line": (jump_lines, 5.0),
    "a 1 MB line of spaced 版 after 下转": (spaced_markers, 1.0),
    "NUL bytes": (nul_bytes, 5.0),
    "lone surrogates": (lone_surrogates, 5.0),
    "CRLF line ends": (crlf, 5.0),
    "a million blank lines": (blank_lines, 1.0),
    "lines of one character, two blank lines apart": (single_characters, 1.0),
    "one line per code point class": (code_point_classes, 5.0),
}


def seconds(text: str, engine: str) -> float:
    gc.collect()
    with _engine.using(engine):
        start = time.perf_counter()
        reflow.reflow(text)
        return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size (default 1: the issue's sizes)")
    args = parser.parse_args(argv)
    engines = ["native", "python"] if _engine.native is not None else ["python"]
    print("| input | engine | MB (small, large) | MB/s small | MB/s large | cost per MB, large / small |")
    print("|---|---|---:|---:|---:|---:|")
    for name, (make, size) in INPUTS.items():
        for engine in engines:
            large = size * args.scale * (1 if engine == "native" else 0.1)
            small = large / 10
            texts = [make(small), make(large)]
            mbs = [len(t.encode("utf-8", "surrogatepass")) / 1e6 for t in texts]
            speeds = [m / max(seconds(t, engine), 1e-9) for t, m in zip(texts, mbs)]
            print(f"| {name} | {engine} | {mbs[0]:.2f}, {mbs[1]:.2f} | {speeds[0]:.2f} | {speeds[1]:.2f} | "
                  f"{speeds[0] / speeds[1]:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
