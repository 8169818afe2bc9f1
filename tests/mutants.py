"""Which rules do the tests hold? Break each on purpose and see (mutation sampling).

A test that cannot fail is a defect; so is a rule that no test would miss. Each
entry of :data:`MUTANTS` is a one-line change to a named rule of the Python
engine (a character out of a set, a bound moved by one, a guard dropped). For
each, this script copies ``src/`` aside, applies the change, runs the fast tests
on the Python engine (:data:`TESTS`: not the differential tests, which would
catch any change to one engine alone and so say nothing of whether the rule is
held), and prints whether the tests caught it (KILLED) or not (SURVIVED). A
survivor is a rule to give a test — a layout case or a doctest, with its Rust
twin — that fails with the change and passes without. An entry whose line is
no longer in its file prints STALE: update it with the rule.

    python tests/mutants.py              # every entry, about two minutes each
    python tests/mutants.py 3 7          # entries 3 and 7

Not collected by pytest (its name), and not part of the suite: it runs the
suite many times. Session 52's run: of 30 entries, 18 survived; 10 got a test
(DANGLING_END, the short-tail bound, _UNITS, the 據 guard, _cells, _DATELINE_AGENCIES,
_DASH_READINGS, _PAGE_SEP's 與/与, PARTICLES' 們, headline_apart among the breaks
number_unit overrules). The 8 left (marked ``left``) are other members of the sets of
breaks an overrule overrules, GLUE_WINDOW, _REGION_CLOSES' 】, a one-character edge of
_ends_word_whole, and two constants whose exact value no test pins (their effect is
tested).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The tests run against each mutant (the Python engine; no timing, no native core).
TESTS = [
    "tests/test_layout_cases.py", "tests/test_golden.py", "tests/test_markers.py", "tests/test_normalize.py",
    "tests/test_accuracy_gate.py", "tests/test_doctests.py", "tests/test_first_reading.py",
    "tests/test_layout_gaps.py", "tests/test_layout_contract.py", "tests/test_articles.py", "tests/test_ceiling.py",
    "tests/test_properties.py",
]

#: (file under src/reflow, the line as it is, the line broken, a note).
MUTANTS: list[tuple[str, str, str, str]] = [
    ("blocks.py", 'DANGLING_END = set("的之', 'DANGLING_END = set("之', "held: a layout case"),
    ("layout.py", '_UNITS = frozenset("年月日', '_UNITS = frozenset("月日', "held: a layout case"),
    ("markers.py", "seq = CIRCLED.index(seq_char) + 1", "seq = CIRCLED.index(seq_char)", ""),
    ("normalize.py", "(?<={_CJK}){_SP}{{2,}}|{_SP}{{2,}}(?={_CJK})", "(?<={_CJK}){_SP}{{3,}}|{_SP}{{3,}}(?={_CJK})", ""),
    ("blocks.py", "if 3 * len(tb) <= len(ta) and len(tb) <= 4 and", "if 3 * len(tb) <= len(ta) and len(tb) <= 3 and",
     "held: a layout case"),
    ("blocks.py", "and 2 * cols.width[line] >= 3 * ref", "and 2 * cols.width[line] >= 2 * ref", ""),
    ("blocks.py", 'if a.text.endswith(("……", "…", "：", ":"))', 'if a.text.endswith(("：", ":"))', ""),
    ("patterns.py", "(?![據据])", "(?!据)", "held: a doctest"),
    ("chars.py", 'PARTICLES = "的了着们們吗嗎"', 'PARTICLES = "的着们們吗嗎"', ""),
    ("layout.py", "return len(text) < 2 or is_word(text[-2:])", "return is_word(text[-2:])", "left"),
    ("markers.py", "if len(digits) > 2 and any(c.isdigit() for c in digits):",
     "if len(digits) > 3 and any(c.isdigit() for c in digits):", ""),
    ("blocks.py", "            if reason is not None and gap[block.first] and layout.region_output():\n"
                  "                reason = None", "            pass", ""),
    ("blocks.py", "return len(runs) >= 2 and any(len(r) >= 2 for r in runs)",
     "return len(runs) >= 2 and any(len(r) >= 3 for r in runs)", "held: a doctest"),
    ("layout.py", "UNPUNCTUATED_CHARS = 100", "UNPUNCTUATED_CHARS = 60", "left: a constant's value"),
    ("blocks.py", '        return "the first line ends with a colon: a label that announces the rest of the headline"',
     "        return None", ""),
    ("layout.py", '_WORD_CUT_OVERRULES = frozenset({"headline_line", "short_line", "no_column", "wider_next"})',
     '_WORD_CUT_OVERRULES = frozenset({"headline_line", "short_line", "no_column"})', "left"),
    ("layout.py", '_NUMBER_OVERRULES = frozenset({"short_line", "headline_line", "headline_apart",',
     '_NUMBER_OVERRULES = frozenset({"short_line", "headline_line",', "held: a layout case"),
    ("layout.py", '_PARTICLE_OVERRULES = frozenset({"short_line", "sentence_end", "no_column",',
     '_PARTICLE_OVERRULES = frozenset({"short_line", "no_column",', "left"),
    ("layout.py", '_QUOTE_OVERRULES = frozenset({"sentence_end", "short_line", "no_column"})',
     '_QUOTE_OVERRULES = frozenset({"sentence_end", "short_line"})', "left"),
    ("layout.py", '_DATELINE_AGENCIES = ("本报", "本報", "新华社", "新華社", "中新社", "中央社")',
     '_DATELINE_AGENCIES = ("本报", "本報", "新华社", "新華社", "中新社")', "held: a doctest"),
    ("layout.py", '_DASH_READINGS = ("一一", "-一")', '_DASH_READINGS = ("一一",)', "held: a doctest"),
    ("layout.py", '_REGION_CLOSES = "：:）)】"', '_REGION_CLOSES = "：:）)"', "left"),
    ("layout.py", '_QUOTE_OPENS = "“「《"', '_QUOTE_OPENS = "“「"', ""),
    ("layout.py", "_NARROW_COLUMN = 6 * CHAR", "_NARROW_COLUMN = 5 * CHAR", "left: a constant's value"),
    ("layout.py", "GLYPH_RUN = 3", "GLYPH_RUN = 4", ""),
    ("layout.py", "_DATELINE_CUT_CHARS = 24", "_DATELINE_CUT_CHARS = 12", ""),
    ("document.py", "GLUE_WINDOW = 3", "GLUE_WINDOW = 1", "left"),
    ("layout.py", '_CLOSED_BEFORE_STOP = ")]\\"\'"', '_CLOSED_BEFORE_STOP = ")]"', ""),
    ("markers.py", '_PAGE_SEP = rf"{_}[、，,/和及與与]{_}"', '_PAGE_SEP = rf"{_}[、，,/和及]{_}"',
     "held: markers.tsv"),
    ("chars.py", 'PARTICLES = "的了着们們吗嗎"', 'PARTICLES = "的了着们吗嗎"', "held: a doctest"),
]


def run(index: int, tests: list[str]) -> str:
    """Entry *index* applied to a copy of src/, *tests* run on it: KILLED, SURVIVED or STALE."""
    name, line, broken, _ = MUTANTS[index]
    with tempfile.TemporaryDirectory(prefix="reflow-mutant-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
        path = src / "reflow" / name
        text = path.read_text(encoding="utf-8")
        if text.count(line) != 1:
            return "STALE"
        path.write_text(text.replace(line, broken), encoding="utf-8")
        env = dict(os.environ, REFLOW_ENGINE="python", PYTHONPATH=str(src))
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        return "KILLED" if done.returncode else "SURVIVED"


def main(argv: list[str]) -> int:
    chosen = [int(a) for a in argv] or range(len(MUTANTS))
    survived = 0
    for i in chosen:
        outcome = run(i, TESTS)
        survived += outcome != "KILLED"
        name, _, broken, note = MUTANTS[i]
        print(f"{i:3} {outcome:8} {name:12} {broken.strip()[:60]!r} {note}", flush=True)
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
