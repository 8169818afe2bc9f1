"""Would boundary weights fitted on the dev split carry over to pages unlike it?

    pip install scikit-learn     # for this study only: not a dependency of reflow
    python benchmarks/fitted_study.py [--corpus DIR]

Issue 10 suggests scoring each boundary from small named features "whose weights may be
fitted on the dev split and kept as data". This study measures what that would buy, and
where it would break, before anything is built. It reads the dev split only.

For every boundary between two neighbouring lines of every dev text (all seven
extractions), it records what reflow's first reading sees there — the rule that decided
and the rule before it, blank lines, indent, each line's width against its column (as
fractions and in characters short), sentence ends, clause marks, headline look, grammar
kinds, datelines, a word cut across the line end, the classes of the last and first
characters, and the section's settings (region output, 、 as the full stop, no
punctuation, indents, compressed marks) — and whether the gold starts a block there. A
gradient-boosted tree model (scikit-learn's HistGradientBoostingClassifier, 100 rounds of
15 leaves) learns the gold from those features, and its decision replaces reflow's final
one wherever the model is at least CONFIDENCE sure. Three ways of holding pages out:

* **by page** (five folds of whole pages, every extraction of a page in one fold): a
  model that has seen every template and every tool;
* **one tool out**: trained on six extractions, scored on the seventh — a new extractor;
* **one template out**: trained on three page styles, scored on the fourth — a new
  layout, which is what pages from other papers and years are.

Boundary F1 here counts each aligned boundary once (the gold starts where the line's
first aligned character opens a gold block), a close approximation of ``accuracy.py``'s.
"""

from __future__ import annotations

import argparse
import bisect
import os
import sys
import unicodedata

os.environ["REFLOW_ENGINE"] = "python"  # the study reads the Python engine's first reading
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accuracy as A  # noqa: E402

import reflow  # noqa: E402
import reflow.document as D  # noqa: E402
from reflow import layout as L  # noqa: E402
from reflow.chars import is_word  # noqa: E402

#: How sure the model must be before its decision replaces reflow's.
CONFIDENCE = 0.5

CATEGORICAL = ("rule", "prev_rule", "kind_a", "kind_b", "last_a", "first_b")
NUMERIC = ("unpunctuated", "pause_stop", "indented", "compressed", "regions", "rule_join", "prev_opened",
           "gap", "gap_a", "gap_next", "indent", "term_a", "term_b", "clause_a", "clause_b", "open_a",
           "hl_a", "hl_b", "hl_prev", "hl_next", "dateline_b", "cut", "word_whole",
           "fill_a", "fill_b", "short_a", "short_b", "fill_next", "same_column", "within_tolerance")


def char_class(ch: str) -> str:
    """A coarse class of a line's last or first character."""
    for name, chars in (("stop", "。！？"), ("comma", "，"), ("dun", "、"), ("colon", "：；"), ("close", "”」』’）)】》〉]"),
                        ("open", "“「『‘（(【《〈["), ("dash", "—…-"), ("caption", "▲■●★◆")):
        if ch in chars:
            return name
    if ch.isdigit():
        return "digit"
    if ch.isascii() and ch.isalpha():
        return "latin"
    return "han" if unicodedata.category(ch) == "Lo" else "other"


def boundaries(corpus: str) -> list[dict]:
    """One row per aligned boundary of the first reading of every dev text."""
    readings = []
    decide = D.decide

    def spy(t, f, cols, options):
        rules = decide(t, f, cols, options)
        readings.append((t, f, cols, rules))
        return rules

    D.decide = spy
    rows = []
    try:
        for page in A.load_pages(corpus, "dev", list(A.VARIANTS)):
            gold, owner, _ = A.gold_stream(page.gold)
            template = page.page_id.split("-")[2]
            for variant, text in sorted(page.texts.items()):
                x, offsets = A.stream(text)
                x2g = A.cached_align(x, gold, A.DEFAULT_CACHE, offsets)
                _, gold_starts = A.aligned_starts(x2g, owner)
                readings.clear()
                starts = {b.span[0] for b in reflow.parse(text).blocks}
                seen = 0
                for t, f, cols, rules in readings:
                    if t.start and t.start[0] < seen:
                        break  # the settle step's readings of the rendering
                    seen = t.end[-1] if t.end else seen
                    rows += _rows(t, f, cols, rules, text, offsets, x2g, gold_starts, starts,
                                  dict(page=page.page_id, template=template, variant=variant))
    finally:
        D.decide = decide
    return rows


def _rows(t, f, cols, rules, text, offsets, x2g, gold_starts, starts, where) -> list[dict]:
    n = len(t)
    section = dict(unpunctuated=int(f.unpunctuated), pause_stop=int(f.pause_stop), indented=int(cols.indented),
                   compressed=int(cols.compressed), regions=int(L._region_separated(t, f, cols)))
    out = []
    for b in range(1, n):
        a = b - 1
        lo, hi = bisect.bisect_left(offsets, t.start[b]), bisect.bisect_left(offsets, t.end[b])
        aligned = [x2g[k] for k in range(lo, hi) if x2g[k] >= 0]
        if not aligned:
            continue
        ta, tb = t.text[a], t.text[b]
        wa, wb = cols.set_width[a], cols.set_width[b]
        row = dict(where, **section)
        row.update(
            gold=int(aligned[0] in gold_starts),
            final=int(any(q in starts for q in range(t.start[b], t.end[b]) if not text[t.start[b]:q].strip())),
            rule=rules[b], prev_rule=rules[a], rule_join=int(rules[b] in L.JOIN_RULES),
            prev_opened=int(rules[a] not in L.JOIN_RULES),
            gap=t.gap[b], gap_a=t.gap[a], gap_next=t.gap[b + 1] if b + 1 < n else 9, indent=t.indent[b],
            term_a=int(f.terminal[a]), term_b=int(f.terminal[b]), clause_a=int(f.clause[a]), clause_b=int(f.clause[b]),
            open_a=int(f.open_end[a]), hl_a=int(f.headline_like[a]), hl_b=int(f.headline_like[b]),
            hl_prev=int(f.headline_like[a - 1]) if a else -1, hl_next=int(f.headline_like[b + 1]) if b + 1 < n else -1,
            kind_a=str(f.kind[a]), kind_b=str(f.kind[b]), dateline_b=int(f.dateline[b] > 0),
            cut=int(L.cuts_word(ta, tb)), word_whole=int(len(ta) >= 2 and is_word(ta[-2:])),
            last_a=char_class(ta[-1]), first_b=char_class(tb[0]),
            fill_a=cols.width[a] / wa if wa else -1, fill_b=cols.width[b] / wb if wb else -1,
            short_a=(wa - cols.width[a]) / L.CHAR if wa else -99, short_b=(wb - cols.width[b]) / L.CHAR if wb else -99,
            fill_next=cols.width[b + 1] / wb if wb and b + 1 < n else -1, same_column=int(wa == wb),
            within_tolerance=int(wa - cols.width[a] <= cols.tol(wa)) if wa else -1,
        )
        out.append(row)
    return out


def f1(pred, gold) -> float | None:
    """Boundary F1 of 0/1 decisions (1: a block starts) against the gold's."""
    return A._f1(sum(1 for p, g in zip(pred, gold) if p and g), int(sum(pred)), int(sum(gold)))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=A.DEFAULT_CORPUS)
    ap.add_argument("--confidence", type=float, default=CONFIDENCE,
                    help=f"how sure the model must be to overrule the rules (default {CONFIDENCE})")
    args = ap.parse_args(argv)
    try:
        import numpy as np
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.model_selection import GroupKFold
    except ImportError:
        sys.exit("fitted_study.py needs scikit-learn (pip install scikit-learn); reflow itself does not")
    rows = boundaries(args.corpus)
    vocab: dict = {c: {} for c in CATEGORICAL}
    X = np.array([[vocab[c].setdefault(r[c], len(vocab[c])) for c in CATEGORICAL] + [r[k] for k in NUMERIC]
                  for r in rows], dtype=float)
    y = np.array([r["gold"] for r in rows])
    final = np.array([r["final"] for r in rows])

    def fitted(train, test):
        model = HistGradientBoostingClassifier(max_iter=100, max_leaf_nodes=15, random_state=0,
                                               categorical_features=list(range(len(CATEGORICAL))))
        model.fit(X[train], y[train])
        p = model.predict_proba(X[test])[:, 1]
        out = final[test].copy()
        out[p >= args.confidence] = 1
        out[p <= 1 - args.confidence] = 0
        return out

    print(f"dev: {len(rows)} boundaries; boundary F1, reflow's rules -> rules overruled by the fitted model "
          f"where it is {args.confidence:.0%} sure")
    pages = np.array([r["page"] for r in rows])
    pred = final.copy()
    for train, test in GroupKFold(5).split(X, y, pages):
        pred[test] = fitted(train, test)
    print(f"{'by page (5 folds)':<34}{f1(final, y):.3f} -> {f1(pred, y):.3f}")
    for key, label in (("variant", "tool"), ("template", "template")):
        values = np.array([r[key] for r in rows])
        pred = final.copy()
        for held in sorted(set(values)):
            test = values == held
            pred[test] = fitted(~test, test)
            print(f"  {label} {held + ' held out':<30}{f1(final[test], y[test]):.3f} -> {f1(pred[test], y[test]):.3f}")
        print(f"{'one ' + label + ' out, all':<34}{f1(final, y):.3f} -> {f1(pred, y):.3f}")


if __name__ == "__main__":
    main()
