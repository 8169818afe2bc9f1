"""What users would otherwise run over the same pages: one definition each, for
the speed table (``run.py``), the seed page's accuracy (``run.py``) and the
corpus accuracy (``accuracy.py``).

Each baseline is a function of the text that returns the text with its lines
joined; :func:`peers` gives each as a function that returns the paragraphs
(blocks) it reads, in order. None of them changes a non-whitespace character,
so their blocks can be placed back on the input and scored like reflow's.

>>> regex_pass("第一行\\n第二行。\\n第三行\\n\\n第四行")
'第一行第二行。\\n第三行\\n\\n第四行'
>>> line_loop("第一行\\n第二行。\\n第三行\\n\\n第四行")
'第一行第二行。\\n第三行第四行'
>>> [name for name in peers()][:2]
['line loop', 'regex pass']
"""

from __future__ import annotations

from typing import Callable

import regex

_TERMINAL = ("。", "！", "？")


def line_loop(text: str) -> str:
    """The floor for line-based Python: join lines that do not end a sentence
    (blank lines are skipped: they end nothing)."""
    out, buf = [], []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        buf.append(line)
        if line.endswith(_TERMINAL):
            out.append("".join(buf))
            buf = []
    if buf:
        out.append("".join(buf))
    return "\n".join(out)


_JOIN = regex.compile(r"(?<![。！？\n])\n(?!\n)")


def regex_pass(text: str) -> str:
    """One regex substitution: drop a newline that does not follow a sentence
    end (a blank line stays: it ends a paragraph)."""
    return _JOIN.sub("", text)


def paragraphs(text: str, sep: str = "\n") -> list[str]:
    """The non-blank parts of *text* cut at *sep*."""
    return [p for p in text.split(sep) if p.strip()]


def peers() -> dict[str, Callable[[str], list[str]]]:
    """``{name: text -> blocks}``: the line loop, the regex pass and, where
    unstructured is installed, its ``group_broken_paragraphs`` (which splits
    at blank lines and joins a paragraph's lines with spaces unless every line
    is shorter than five space-separated words: Chinese lines, which have no
    spaces, are never joined)."""
    out: dict[str, Callable[[str], list[str]]] = {
        "line loop": lambda t: paragraphs(line_loop(t)),
        "regex pass": lambda t: paragraphs(regex_pass(t)),
    }
    try:
        from unstructured.cleaners.core import group_broken_paragraphs
    except ImportError:
        return out
    out["unstructured group_broken_paragraphs"] = lambda t: paragraphs(group_broken_paragraphs(t), "\n\n")
    return out
