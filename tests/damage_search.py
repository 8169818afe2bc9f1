"""Damage real extractions at random, and check what must hold of any text.

The property tests draw their texts from generators the project wrote; this
draws them from the corpus (``benchmarks/corpus``: real articles set by
Chromium and read by real extractors and OCR), cuts a window of a page's
lines, and damages it the way extraction and OCR damage text: a line dropped,
doubled, swapped, split or cut short, its characters spaced out, a blank line
put in, a mark or marker piece (（下转A2版①）, 本报讯, ▲, ①, a form feed, a
zero-width space) put in at random. Each damaged text must

- read alike on both engines (parse(): every block field, and the stats);
- lose nothing (``Options(normalize=False)``: every non-space character in a block);
- read back as itself: reflow(reflow(x)) == reflow(x) (not under ``settle=False``).

Each failure prints its kind and a seed; ``--replay SEED`` prints the text and
what went wrong, and ``--shrink`` cuts it down to the lines and characters that
still fail (a delta debugging). Found texts are the corpus's (third-party):
never commit one — write a case of the same shape in the project's own words,
check that it fails before the fix, and put that in the tests (as
tests/test_properties.py's ``MUTATION_CASES``).

    python tests/damage_search.py --corpus /work/corpus --seed 1 --iterations 20000
    python tests/damage_search.py --corpus /work/corpus --replay 3000254 --shrink

Not collected by pytest (its name), and not part of the suite: it needs the
corpus, which is built outside the repository. Session 53's first run (dev
split, 20,000 texts): 16 texts read back changed and 4 read differently on
the two engines; after that session's fixes, 5 and 12 of 30,000 (two seeds;
7 and 10 of 20,000 with ``--ocr``) read back changed, none differ between the
engines, nothing is lost (benchmarks/README.md, *Session 53*, says what is
left).
"""

from __future__ import annotations

import argparse
import glob
import random
import re
import sys
import time

from reflow import Options, _engine, parse, reflow

OPTION_SETS = [Options(), Options(keep_markers=True), Options(normalize=False), Options(settle=False)]
PIECES = ["（下转A2版①）", "下转第3版", "（上接第一版）", "(转4版)", "本报讯", "新华社北京2月3日电", "记者 张三", "▲",
          "　　", " ", "\t", "。", "，", "、", "“", "”", "——", "1", "2019年", "版", "撑", "一", "A", "http://x.cn/a",
          "\f", "\r", "\u3000", "\ufeff", "\u200b", "①", "@"]


#: Characters an OCR engine reads for others (韩 for 转, @ for ①, l for 1, | for a rule).
SUBSTITUTES = ["韩", "博", "@", "l", "I", "|", " ", "。", ",", "(", ")", "“", "\"", "口", "曰", "0", "O", "丶", "—", "-"]


def damage(text: str, rng: random.Random, ops: int = 9) -> str:
    """One to eight damages of the lines of *text*."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 8)):
        if not lines:
            break
        k = rng.randrange(len(lines))
        op = rng.randrange(ops)
        if op == 0:
            del lines[k]
        elif op == 1:
            lines.insert(k, lines[k])
        elif op == 2:
            lines.insert(k, "")
        elif op == 3:
            lines[k] = " ".join(lines[k])
        elif op == 4:
            j = rng.randrange(len(lines))
            lines[k], lines[j] = lines[j], lines[k]
        elif op == 5:
            c = rng.randrange(len(lines[k]) + 1)
            lines[k] = lines[k][:c] + rng.choice(PIECES) + lines[k][c:]
        elif op == 6:
            c = rng.randrange(len(lines[k]) + 1)
            lines[k:k + 1] = [lines[k][:c], lines[k][c:]]
        elif op == 7:
            lines[k] = lines[k][:rng.randrange(len(lines[k]) + 1)]
        elif op == 8:
            a = rng.randrange(len(lines))
            lines = lines[:a] + lines[min(len(lines), a + rng.randint(1, 30)):]
        elif op == 9 and k + 1 < len(lines):
            lines[k:k + 2] = [lines[k] + rng.choice(["", " ", "   ", " | "]) + lines[k + 1]]  # two columns on one line
        elif op == 10 and lines[k]:
            c = rng.randrange(len(lines[k]))
            lines[k] = lines[k][:c] + rng.choice(SUBSTITUTES) + lines[k][c + 1:]  # a character misread
        elif op == 11 and lines[k]:
            c = rng.randrange(len(lines[k]))
            lines[k] = lines[k][:c] + lines[k][c + 1:]  # a character lost
    return "\n".join(lines)


def case(paths: list[str], seed: int, ops: int = 9) -> tuple[str, Options]:
    """The damaged text and the options of *seed*: a window of 5 to 120 lines of a page,
    damaged by the first *ops* kinds of damage (9: lines and pieces; 12: OCR's too)."""
    rng = random.Random(seed)
    with open(rng.choice(paths), encoding="utf-8") as f:
        lines = f.read().split("\n")
    a = rng.randrange(len(lines))
    text = damage("\n".join(lines[a:a + rng.randint(5, 120)]), rng, ops)
    return text, rng.choice(OPTION_SETS)


def _solid(text: str) -> list[str]:
    return sorted(re.sub(r"\s", "", text))


def failures(text: str, options: Options) -> list[str]:
    """What fails of *text*: "differ", "lost", "changed" (read back), "error: …"."""
    out = []
    try:
        with _engine.using("python"):
            a = parse(text, options)
        with _engine.using("native"):
            b = parse(text, options)
            once = reflow(text, options)
            twice = reflow(once, options)
    except Exception as exc:  # noqa: BLE001 - a search reports every failure
        return [f"error: {type(exc).__name__}: {exc}"]
    if a.blocks != b.blocks or a.stats != b.stats:
        out.append("differ")
    if not options.normalize and _solid("".join(blk.text for blk in b.blocks)) != _solid(text):
        out.append("lost")
    if options.settle and twice != once:
        out.append("changed")
    return out


def shrink(text: str, fails) -> str:
    """The lines, then the characters, of *text* that still fail (ddmin)."""
    def ddmin(items: list[str], join) -> list[str]:
        n = 2
        while len(items) >= 2:
            chunk = max(1, len(items) // n)
            for i in range(0, len(items), chunk):
                cand = items[:i] + items[i + chunk:]
                if cand and fails(join(cand)):
                    items, n = cand, max(n - 1, 2)
                    break
            else:
                if n >= len(items):
                    break
                n = min(len(items), n * 2)
        return items
    text = "\n".join(ddmin(text.split("\n"), "\n".join))
    return "".join(ddmin(list(text), "".join))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="the corpus folder (benchmarks/corpus/build.py's output)")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--iterations", type=int, default=1000)
    ap.add_argument("--ocr", action="store_true", help="OCR's damage too: lines run together, characters misread or lost")
    ap.add_argument("--replay", type=int, metavar="SEED", help="print one case and what fails of it")
    ap.add_argument("--shrink", action="store_true", help="with --replay: cut the case down first")
    args = ap.parse_args(argv)
    paths = sorted(glob.glob(f"{args.corpus}/{args.split}/*/*.txt"))
    if not paths:
        ap.error(f"no texts under {args.corpus}/{args.split}")
    if args.replay is not None:
        text, options = case(paths, args.replay, 12 if args.ocr else 9)
        got = failures(text, options)
        if args.shrink and got:
            text = shrink(text, lambda t: bool(set(failures(t, options)) & set(got)))
        print(options)
        print(repr(text))
        print("fails:", ", ".join(failures(text, options)) or "nothing")
        return 0
    count, start = 0, time.time()
    for it in range(args.iterations):
        seed = args.seed * 1_000_000 + it
        text, options = case(paths, seed, 12 if args.ocr else 9)
        for what in failures(text, options):
            count += 1
            print(what, seed, flush=True)
    print(f"{args.iterations} texts, {count} failures, {time.time() - start:.0f} s")
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
