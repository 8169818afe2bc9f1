"""benchmarks/ceiling.py counts what it says: a boundary under a full line that ends a
sentence, with no blank and no indent, is unmarked; the same pair inside a block is a
look-alike; a shortened (indented) line or a blank line marks the boundary."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("reflow_ceiling", ROOT / "benchmarks" / "ceiling.py")
ceiling = sys.modules["reflow_ceiling"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ceiling)


def gold(*texts):
    return [{"kind": "paragraph", "role": None, "text": t, "dateline": None, "marker": None} for t in texts]


def test_a_full_sentence_end_hides_the_boundary():
    g = gold("甲乙丙丁、戊己庚辛、", "子丑寅卯、")
    c = ceiling.page_counts(g, "甲乙丙丁、\n戊己庚辛、\n子丑寅卯、\n", None)
    assert (c["gold"], c["unmarked"], c["lookalike"]) == (2, 1, 1)


def test_an_indent_a_short_line_or_a_blank_marks_it():
    g = gold("甲乙丙丁、戊己庚辛、", "子丑寅卯、")
    for text in ("甲乙丙丁、\n戊己庚辛、\n  子丑寅卯、\n",   # indented
                 "甲乙丙丁、\n戊己庚辛、\n子丑寅、\n",     # the new block's line is short
                 "甲乙丙丁、\n戊己庚辛、\n\n子丑寅卯、\n"):  # a blank line
        g2 = g if "寅卯" in text else gold("甲乙丙丁、戊己庚辛、", "子丑寅、")
        c = ceiling.page_counts(g2, text, None)
        assert c["unmarked"] == 0, text
    # A line that does not end a sentence is no look-alike either.
    c = ceiling.page_counts(gold("甲乙丙丁戊己庚辛、"), "甲乙丙丁\n戊己庚辛、\n", None)
    assert c["lookalike"] == 0


def test_the_ceiling_takes_the_better_policy_per_group():
    groups = {"a": Counter(gold=100, unmarked=10, lookalike=40), "b": Counter(gold=100, unmarked=10, lookalike=2)}
    f1, choice = ceiling.ceiling(groups)
    assert choice == {"a": "join", "b": "break"}
    tp, fp, fn = 190, 2, 10
    assert abs(f1 - 2 * tp / (2 * tp + fp + fn)) < 1e-12
