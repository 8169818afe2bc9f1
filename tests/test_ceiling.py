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


def test_a_line_that_takes_a_block_up_again_is_resumed():
    """Two columns read across, a line of each in turn: the third line resumes block 0."""
    g = gold("甲乙丙丁戊己、", "子丑寅卯辰巳、")
    c = ceiling.page_counts(g, "甲乙丙丁\n子丑寅卯\n戊己、\n辰巳、\n", None)
    assert (c["resumed"], c["midline"]) == (2, 0)
    # In order, the same lines resume nothing.
    c = ceiling.page_counts(g, "甲乙丙丁\n戊己、\n子丑寅卯\n辰巳、\n", None)
    assert (c["resumed"], c["midline"]) == (0, 0)


def test_a_block_that_starts_inside_a_line_is_mid_line_unless_a_marker():
    g = gold("甲乙丙丁戊己、", "子丑寅卯辰巳、")
    c = ceiling.page_counts(g, "甲乙丙丁戊己、子丑寅\n卯辰巳、\n", None)
    assert c["midline"] == 1
    g[1]["kind"] = "marker"  # a jump marker is cut out of its line
    c = ceiling.page_counts(g, "甲乙丙丁戊己、子丑寅\n卯辰巳、\n", None)
    assert c["midline"] == 0


def test_lines_kept_counts_the_mid_line_starts_as_missed():
    groups = {"a": Counter(gold=100, unmarked=10, lookalike=40, midline=5)}
    f1, _ = ceiling.ceiling(groups, lines_kept=True)
    tp, fp, fn = 85, 0, 15  # joining all: the unmarked and the mid-line starts missed
    assert abs(f1 - 2 * tp / (2 * tp + fp + fn)) < 1e-12
    assert ceiling.ceiling(groups)[0] > f1


def test_spurious_starts_at_resumed_lines_are_counted_apart():
    accuracy = ceiling.A
    g = gold("甲乙丙丁戊己、", "子丑寅卯辰巳、")
    text = "甲乙丙丁\n子丑寅卯\n戊己、\n辰巳、\n"
    c = accuracy.score_page(g, text, accuracy.line_blocks(text))
    # A block a line: starts at both gold starts, and two spurious ones, both at resumed lines.
    assert (c["b_tp"], c["b_pred"], c["b_resumed"], c["b_spurious_resumed"]) == (2, 4, 2, 2)
    s = accuracy.summarize(c)
    assert s["spurious"] == 2 and s["boundary_f1_order"] == 1.0
    c = accuracy.score_page(g, text, accuracy.blank_blocks(text))  # one block: nothing spurious
    assert (c["b_pred"], c["b_spurious_resumed"]) == (1, 0)


def test_the_accuracy_module_docstring_examples_run():
    import doctest

    result = doctest.testmod(ceiling.A)
    assert result.attempted >= 3 and result.failed == 0
