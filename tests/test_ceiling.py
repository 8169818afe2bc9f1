"""benchmarks/ceiling.py counts what it says: a boundary under a full line that ends a
sentence, with no blank and no indent, is unmarked; the same pair inside a block is a
look-alike; an indent (spaces, or a full line short by 2em) or a blank line marks it."""

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


def test_an_indent_or_a_blank_marks_it():
    for blocks, text in (
        (("甲乙丙丁、戊己庚辛、", "子丑寅卯、"), "甲乙丙丁、\n戊己庚辛、\n  子丑寅卯、\n"),  # indented by spaces
        (("甲乙丙丁、戊己庚辛、", "子丑寅"), "甲乙丙丁、\n戊己庚辛、\n子丑寅\n"),  # a full line short by the indent
        (("甲乙丙丁、戊己庚辛、", "子丑寅卯、"), "甲乙丙丁、\n戊己庚辛、\n\n子丑寅卯、\n"),  # a blank line
    ):
        c = ceiling.page_counts(gold(*blocks), text, None)
        assert (c["unmarked"], c["lookalike"]) == (0, 1), text
    # A line that does not end a sentence is no look-alike either.
    c = ceiling.page_counts(gold("甲乙丙丁戊己庚辛、"), "甲乙丙丁\n戊己庚辛、\n", None)
    assert c["lookalike"] == 0


def test_a_short_line_below_is_no_mark():
    """A line much shorter than the column ends a paragraph: the one it continues or a
    one-line paragraph of its own, which the text does not tell apart."""
    c = ceiling.page_counts(gold("甲乙丙丁、戊己庚辛、", "子、"), "甲乙丙丁、\n戊己庚辛、\n子、\n", None)
    assert (c["unmarked"], c["lookalike"]) == (1, 1)
    c = ceiling.page_counts(gold("甲乙丙丁、戊己庚辛、子、"), "甲乙丙丁、\n戊己庚辛、\n子、\n", None)
    assert (c["unmarked"], c["lookalike"]) == (0, 2)


def test_the_ceiling_takes_the_better_policy_per_group():
    groups = {"a": Counter(gold=100, unmarked=10, lookalike=40), "b": Counter(gold=100, unmarked=10, lookalike=2)}
    f1, choice = ceiling.ceiling(groups)
    assert choice == {"a": "join", "b": "break"}
    tp, fp, fn = 190, 2, 10
    assert abs(f1 - 2 * tp / (2 * tp + fp + fn)) < 1e-12
