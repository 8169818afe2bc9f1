"""How much boundary F1 a reader of the text alone can reach on the corpus: the
boundaries that nothing in the extracted text marks.

    python benchmarks/ceiling.py [--corpus DIR] [--split dev|test] [--variant NAME ...]

Aggregate figures only (the test split is never read page by page). The alignment, the gold
starts and the corpus are those of ``accuracy.py``; no reflow is run.

What is counted, per pair of neighbouring lines P (above) and L of an extraction, both
non-blank, with no blank line between them, L's first character aligned to the gold:

* the pair *looks like a wrap inside a paragraph* when P ends a sentence (its last mark,
  closing quotes and brackets aside, is one of 。！？!?…、), P fills the column (at most one
  cell short of the widest line of P's gold block in this extraction, read from at least two
  of its lines; a one-line block gives no column and the pair is not counted), P and L have
  no leading white space, and L is not a full line short by an indent (2em, ±1 cell): L
  fills the column, or is shorter still, which a paragraph's last line is as often as a
  one-line paragraph (whose indent a text layer does not show);
* such a pair is an *unmarked boundary* where L starts a gold block, a *look-alike* where
  it does not.

An unmarked boundary and a look-alike show the same things to a reader of width, blank
lines, indentation and punctuation: breaking at every such pair finds the boundaries and
breaks every look-alike; joining them all misses the boundaries. The ceiling takes, per
template, the better of the two, and assumes every other boundary of the page is read
right: it is an upper bound for any such reader, not an estimate of one. (A reader of
the language itself, which these figures leave out, could do better.) Unmarked
boundaries arise where a page sets paragraphs without indent or spacing (the 1930s
template, as issue 10 specifies it) and a paragraph's last line happens to fill its
column (about one paragraph in six in 3-12-character columns), and where a one-line
paragraph follows a full line that ends a sentence.

Two more counts, for extractions that interleave columns (pdftotext's default mode, OCR
that prints its boxes in rows or merges boxes over a gutter):

* *mid-line* starts: gold blocks (jump markers aside, which a reader cuts out of their
  line) whose first aligned character is not the first of its line. A reader that cuts
  no line but at a jump marker, as reflow, misses each: the second ceiling ("lines
  kept") counts them as missed as well.
* *resumed* lines (``accuracy.resumed_starts``): the extraction takes a block up again
  after another block's text. A reader that keeps the input's order starts a block there
  or joins the line to the text that interrupted it, which the score does not see; so no
  bound follows from them, and they are only counted (``accuracy.py --order`` shows how
  many of each system's spurious starts they are).
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import unicodedata
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accuracy as A  # noqa: E402

#: What a line's sentence-final mark may be (、 ends the sentence on 1930s pages).
SENTENCE_END = set("。！？!?…、")
#: A paragraph's first-line indent in cells (2em of full-width characters).
INDENT = 4
#: Marks that may follow the sentence end (”。 ends as well as 。”).
CLOSERS = set("”’」』）)》〉】")


def cells(s: str) -> int:
    """The printed width of *s* in half-width cells (wide and full-width forms are 2)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def ends_sentence(line: str) -> bool:
    s = line.rstrip()
    while s and s[-1] in CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in SENTENCE_END


def page_counts(gold: list[dict], text: str, cache: str | None) -> Counter:
    """unmarked / lookalike / gold (aligned gold starts) for one page and extraction."""
    (g, gowner, _), (x, xoff) = A.gold_stream(gold), A.stream(text)
    x2g = A.cached_align(x, g, cache, xoff)
    _, starts = A.aligned_starts(x2g, gowner)
    c = Counter(gold=len(starts), midline=0, resumed=len(A.resumed_starts(text, xoff, x2g, gowner)))
    # Each line: (text, gold position of its first character or -1, owner of its first
    # and of its last aligned character), None for a blank line.
    rows = []
    for line, lo, hi in A.line_ranges(text, xoff):
        if not line.strip():
            rows.append(None)
            continue
        pos = [x2g[i] for i in range(lo, hi) if x2g[i] >= 0]
        owned = [gowner[j] for j in pos]
        head = x2g[lo] if lo < hi else -1
        c["midline"] += sum(1 for j in pos[1:] if j in starts and gold[gowner[j]]["kind"] != "marker")
        rows.append((line, head, owned[0] if owned else -1, owned[-1] if owned else -1))
    # The column of each gold block in this extraction: its widest whole line, with the
    # number of its whole lines.
    widest: dict[int, int] = {}
    count: Counter = Counter()
    for r in rows:
        if r is not None and r[2] >= 0 and r[2] == r[3]:
            widest[r[2]] = max(widest.get(r[2], 0), cells(r[0].strip()))
            count[r[2]] += 1
    for p, l in itertools.pairwise(rows):
        if p is None or l is None or l[1] < 0 or p[3] < 0:
            continue
        block = p[3]
        if count[block] < 2:
            continue
        w = widest[block]
        lw = cells(l[0].strip())
        if (not ends_sentence(p[0]) or p[0][:1].isspace() or l[0][:1].isspace()
                or cells(p[0].strip()) < w - 1 or w - INDENT - 1 <= lw <= w - INDENT + 1):
            continue
        c["unmarked" if l[1] in starts else "lookalike"] += 1
    return c


def ceiling(groups: dict[str, Counter], lines_kept: bool = False) -> tuple[float, dict[str, str]]:
    """The best boundary F1 over the choice, per group, of breaking at every such pair or
    at none, everything else right; *lines_kept*: the mid-line starts missed as well."""
    best, choice = -1.0, {}
    names = sorted(groups)
    for picks in itertools.product(("join", "break"), repeat=len(names)):
        tp = fp = fn = 0
        for name, pick in zip(names, picks):
            c = groups[name]
            missed = (c["unmarked"] if pick == "join" else 0) + (c["midline"] if lines_kept else 0)
            tp += c["gold"] - missed
            fn += missed
            fp += c["lookalike"] if pick == "break" else 0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best:
            best, choice = f1, dict(zip(names, picks))
    return best, choice


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=A.DEFAULT_CORPUS)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--variant", nargs="+", default=list(A.VARIANTS))
    ap.add_argument("--cache", default=A.DEFAULT_CACHE, help="alignment cache folder ('' for none)")
    args = ap.parse_args(argv)
    pages = A.load_pages(args.corpus, args.split, args.variant)
    if not pages:
        print(f"no pages in {os.path.join(args.corpus, args.split)}", file=sys.stderr)
        return 2
    print(f"{args.split}: {len(pages)} pages")
    print(f"{'variant':<20}{'gold':>7}{'unmarked':>10}{'look-alike':>12}{'ceiling F1':>12}"
          f"{'mid-line':>10}{'lines kept':>12}{'resumed':>9}  per template")
    for v in args.variant:
        groups: dict[str, Counter] = {}
        for page in pages:
            if v in page.texts:
                groups.setdefault(page.template, Counter()).update(page_counts(page.gold, page.texts[v], args.cache or None))
        if not groups:
            continue
        total = sum(groups.values(), Counter())
        f1, choice = ceiling(groups)
        kept, _ = ceiling(groups, lines_kept=True)
        detail = ", ".join(f"{t} {c['unmarked']}/{c['lookalike']} ({choice[t]})" for t, c in sorted(groups.items()))
        print(f"{v:<20}{total['gold']:>7}{total['unmarked']:>10}{total['lookalike']:>12}{f1:>12.3f}"
              f"{total['midline']:>10}{kept:>12.3f}{total['resumed']:>9}  {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
