"""Accuracy gate: score reflow's blocks against the corpus gold, beside the baselines and peers.

    python benchmarks/accuracy.py [--corpus DIR] [--split dev|test] [--variant NAME ...]
                                  [--template NAME ...] [--pages] [--by-template] [--confusion]
                                  [--examples N] [--markdown] [--order] [--against SRC] [--json OUT]

The corpus (benchmarks/corpus/README.md) holds, per page, ``gold.json`` (the page's blocks in
reading order) and one ``<variant>.txt`` per extraction. reflow is imported from wherever
``PYTHONPATH`` points. Needs only the standard library and reflow (and unstructured for the
gbp peer, which is left out where it is not installed).

Systems
  reflow   ``reflow.parse(text).blocks`` (kind, role, span, marker).
  blank    split at blank lines: each run of non-blank lines is one block, kind paragraph.
  line     one block per non-blank line, kind paragraph.
  loop     the speed table's line loop (``baselines.line_loop``: a line that ends with 。！？
           ends its block, blank lines end nothing), kind paragraph.
  regex    the speed table's regex pass (``baselines.regex_pass``: a line break stays after
           。！？ and at a blank line), kind paragraph.
  gbp      unstructured's ``group_broken_paragraphs``, where unstructured is installed (it
           joins no Chinese line: about the one-block-per-line figure), kind paragraph.
  The last three print text; their blocks are placed back on the input by their
  non-whitespace characters, which they keep (``output_blocks`` follows a peer past the
  rare character it drops).

Character streams
  Every measure works on non-whitespace characters, each folded with NFKC (so full-width
  and half-width forms, which extraction and normalization change, count as the same
  character). The gold stream is the gold blocks' texts in order; the extraction stream is
  the input text's non-whitespace characters, each remembering its offset in the input.

Alignment (extraction -> gold)
  Extractors drop, substitute and insert characters (OCR) and move whole stretches (a
  headline read after the column beside it, the columns of two articles read across), so
  the alignment is a partial, not necessarily monotonic, map from extraction characters to
  gold characters, built in rounds with difflib.SequenceMatcher (autojunk off):
    1. whole pieces first: an unaligned run of >= 3 characters inside one whitespace-free
       piece of the input that occurs exactly once, verbatim, among the unaligned gold
       characters is aligned there (cheap; text layers that read narrow columns across
       print many short moved pieces);
    2. a monotonic match of what is left of the two streams (the unaligned characters of
       each side joined, with a separator that never matches between separate stretches),
       keeping matching runs of >= 4 characters; then up to 12 more such rounds, while a
       round still finds 8 characters or more: these pick up moved stretches;
    3. short pieces: an unaligned run of >= 2 characters inside one whitespace-free piece of
       the input (pdftotext prints the lines of narrow columns side by side, 3–12 characters
       apart) is placed where it occurs verbatim among the unaligned gold characters, the
       occurrence nearest to where the preceding aligned character points;
    4. gap filling: between two consecutive aligned extraction characters whose gold
       characters are in order and at most 40 apart, the characters between them are matched
       with SequenceMatcher (runs of any length): this aligns OCR text between its errors.
  The alignment depends only on the page's text, never on the system scored, and is cached
  (``--cache``, default ~/.cache/reflow-accuracy) keyed by a hash of both streams; so are
  the baselines' counts. A re-run costs about reflow's parse and its scoring.

Boundary F1 (block starts, in gold coordinates)
  A gold block's start is its first aligned gold character (gold blocks with no aligned
  character cannot be found in this extraction and are left out). A predicted block's start
  is the gold position of its first aligned extraction character (in input order); blocks
  with no aligned character (OCR noise) are left out. A start counts when the same gold
  position is in both sets. Because both sides snap to aligned characters, a boundary whose
  first character OCR dropped or garbled still matches. Counts are summed over pages (micro).

Kind accuracy
  Per gold block with an aligned character: the kind of the predicted block that owns most
  of its aligned characters (ties: the earlier block). *Lenient*: headline roles ignored,
  subheading counted as headline. *Strict*: kind and, for headlines, role must both agree.
  Baselines call everything a paragraph, so their kind accuracy is the paragraph share.

Spurious starts at resumed lines (``--order``)
  Where the extraction takes a gold block up again after another block's text (columns read
  across, a line of each in turn; see ``resumed_starts``), a reader that keeps the input's
  order must start a block, or join the line to the text that interrupted it, which the score
  cannot tell from a right reading. ``--order`` prints each system's spurious starts with
  those at such lines, and reflow's and the blank split's boundary F1 without them.

Marker F1
  Per page, the multiset of (direction, page, seq) of the gold markers against that of the
  predicted blocks that carry a marker; summed over pages. Baselines find no markers ("-").

Article F1
  Whether the blocks of one article are grouped into one (reflow's ``Document.articles``), as
  pairs: of the pairs of a page's article blocks — gold headlines, subheadings, bylines,
  paragraphs and markers, each read as the predicted block that holds most of its aligned
  characters — those the gold puts in one article against those the prediction does (a block
  in no predicted article shares one with no other). Pairwise F1, summed over pages. Beside
  it, what one article for the whole page scores (every pair together). Baselines group no
  articles ("-").

Losslessness
  Every non-whitespace character of the input must be in the blocks' texts: the multiset of
  folded input characters less the multiset of folded block-text characters (order does not
  matter: a parser may lift a jump marker out of a line) is what was lost. ``lossless`` is
  the share of pages where nothing is lost, ``chars`` the share of input characters kept,
  printed when below 100%.

Reads back
  The share of texts whose reflow() output, reflowed again, comes out unchanged
  (``reflow(reflow(x)) == reflow(x)``, :func:`reads_back`): what a pipeline that runs
  reflow twice, or on text it cleaned before, relies on.

Test pages are only scored in aggregate: ``--pages`` is refused on the test split.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass, field

DEFAULT_CORPUS = os.environ.get("REFLOW_CORPUS", "/work/corpus")
DEFAULT_CACHE = os.path.join(os.path.expanduser("~"), ".cache", "reflow-accuracy")
VARIANTS = ("pdftotext", "pdftotext-raw", "pymupdf", "tesseract", "tesseract-regions", "rapidocr", "rapidocr-regions")
#: Variants asked for by name (--variant), not among the defaults, so that the "all" row stays
#: comparable across sessions: ``pdftotext -layout`` (a page's columns side by side on each
#: line), as it is and as a user gets it who orders it with reflow first; RapidOCR's boxes put
#: in order by ``reflow.ocr.ordered_text``; PyMuPDF's and pdftotext -raw's text with a blank
#: line between the gold's blocks (:func:`blocks_apart`); the gold's blocks themselves, one per
#: line (``clean``: text cleaned before, see :func:`already_clean`). See :data:`DERIVED`.
OPTIONAL = ("pdftotext-layout",)


def _ocr_ordered(data: str, gold: list[dict]) -> str:
    from reflow.ocr import ordered_text

    return ordered_text(json.loads(data))


def _layout_ordered(data: str, gold: list[dict]) -> str:
    from reflow.ocr import ordered_layout

    return ordered_layout(data)


def blocks_apart(data: str, gold: list[dict]) -> str:
    """*data* with a blank line before each line that opens a gold block (after
    the first): a page whose extractor sets its blocks apart, as region-by-region
    OCR with one region per block and converters that print a paragraph per
    region do — issue 10's "the same pages with a blank line between blocks".
    The line breaks and the damage stay the tool's; only the blank lines come
    from the gold (a block that opens mid-line gets none). A reader should do at
    least as well as the split at blank lines here.

    >>> gold = [{"text": "标题"}, {"text": "第一段文字。"}]
    >>> blocks_apart("标题\\n第一段\\n文字。\\n", gold)
    '标题\\n\\n第一段\\n文字。\\n'
    """
    g, gowner, _ = gold_stream(gold)
    x, xoff = stream(data)
    x2g = align(x, g, xoff)
    _, starts = aligned_starts(x2g, gowner)
    out: list[str] = []
    for line, lo, hi in line_ranges(data, xoff):
        pos = next((x2g[i] for i in range(lo, hi) if x2g[i] >= 0), -1)
        if pos in starts and out and out[-1].strip():
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


def already_clean(data: str, gold: list[dict]) -> str:
    """The gold's blocks, one per line: text that was cleaned before (reflow's
    own output, a corpus another tool already joined). A reader should leave it
    as it is — every block a block, nothing joined.

    >>> already_clean("{}", [{"text": "标题"}, {"text": "第一段文字。"}])
    '标题\\n第一段文字。\\n'
    """
    return "".join(b["text"] + "\n" for b in gold if b["text"].strip())


#: Variants made from a file of the page and its gold: ``name: (file, make(data, gold))``.
DERIVED = {"rapidocr-ordered": ("rapidocr.lines.json", _ocr_ordered),
           "pdftotext-layout-ordered": ("pdftotext-layout.txt", _layout_ordered),
           "pymupdf-blocks": ("pymupdf.txt", blocks_apart),
           "pdftotext-raw-blocks": ("pdftotext-raw.txt", blocks_apart),
           "clean": ("gold.json", already_clean)}
SYSTEMS = ("reflow", "blank", "line", "loop", "regex", "gbp")
MIN_RUN = 4
GAP = 40
ROUNDS = 12


# ----------------------------------------------------------------------------- streams


class _FoldTable(dict):
    """str.translate table: each character to its NFKC form when that is one character."""

    def __missing__(self, code: int):
        f = unicodedata.normalize("NFKC", chr(code))
        self[code] = v = f if len(f) == 1 else code
        return v


_FOLD = _FoldTable()
_NONWS = re.compile(r"\S")


def stream(text: str) -> tuple[str, list[int]]:
    """The folded non-whitespace characters of *text* and their offsets in it."""
    offs = [m.start() for m in _NONWS.finditer(text)]
    chars = "".join(_NONWS.findall(text))
    return chars.translate(_FOLD), offs


def _runs(a: str, b: str, min_run: int) -> list[tuple[int, int, int]]:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(i, j, n) for i, j, n in sm.get_matching_blocks() if n >= min_run]


def align(x: str, g: str, offs: list[int] | None = None) -> array:
    """Map each character of extraction stream *x* to a gold position in *g* or -1.

    *offs* (the characters' offsets in the input) marks the pieces of text between
    whitespace, for the exact placing of short pieces."""
    x2g = array("i", [-1]) * len(x)
    g_used = bytearray(len(g))
    # Long pieces placed verbatim first: cheap, and on text layers whose columns were read
    # across (many short moved stretches) it leaves SequenceMatcher little to do.
    if offs is not None:
        _place_pieces(x, g, offs, x2g, g_used, min_len=3, unique=True)
    # What is left, matched in rounds: the first is a monotonic match of the remaining
    # characters, the next ones pick up moved stretches.
    for _ in range(ROUNDS + 1):
        xs, xmap = _residual(x, [v >= 0 for v in x2g], "\x00")
        gs, gmap = _residual(g, g_used, "\x01")
        if not xs or not gs:
            break
        found = 0
        for i, j, n in _runs(xs, gs, MIN_RUN):
            for k in range(n):
                xi, gj = xmap[i + k], gmap[j + k]
                if xi >= 0 and gj >= 0 and x2g[xi] < 0 and not g_used[gj]:
                    x2g[xi] = gj
                    g_used[gj] = 1
                    found += 1
        if found < 2 * MIN_RUN:  # what is left is noise, or not worth another pass
            break
    if offs is not None:
        _place_pieces(x, g, offs, x2g, g_used)
    # Gap filling between in-order neighbours.
    prev = -1
    for i in range(len(x) + 1):
        if i < len(x) and x2g[i] < 0:
            continue
        if prev >= 0 and i - prev > 1:
            j0 = x2g[prev]
            j1 = x2g[i] if i < len(x) else len(g)
            if 0 < j1 - j0 <= GAP + 1 and i - prev <= GAP + 1:
                xa, ga = x[prev + 1:i], g[j0 + 1:j1]
                for a, b, n in _runs(xa, ga, 1):
                    for k in range(n):
                        gj = j0 + 1 + b + k
                        if not g_used[gj]:
                            x2g[prev + 1 + a + k] = gj
                            g_used[gj] = 1
        if i < len(x):
            prev = i
    return x2g


def _place_pieces(x: str, g: str, offs: list[int], x2g: array, g_used: bytearray, min_len: int = 2,
                  unique: bool = False) -> None:
    """Unaligned runs of >= 2 characters inside one whitespace-free piece of the input, found
    verbatim among the unaligned gold characters: the occurrence nearest to where the
    preceding aligned character points."""
    n, i = len(x), 0
    last = -1
    while i < n:
        j = i + 1
        while j < n and offs[j] == offs[j - 1] + 1:
            j += 1
        k = i
        while k < j:
            if x2g[k] >= 0:
                last = x2g[k]
                k += 1
                continue
            e = k
            while e < j and x2g[e] < 0:
                e += 1
            if e - k >= min_len:
                sub, best, pos, seen = x[k:e], None, g.find(x[k:e]), 0
                while pos >= 0:
                    if not any(g_used[pos:pos + e - k]):
                        seen += 1
                        if best is None or abs(pos - last) < abs(best - last):
                            best = pos
                    pos = g.find(sub, pos + 1)
                if unique and seen > 1:
                    best = None
                if best is not None:
                    for t in range(e - k):
                        x2g[k + t] = best + t
                        g_used[best + t] = 1
                    last = best + e - k - 1
            k = e
        i = j


def _residual(s: str, used, sep: str) -> tuple[str, list[int]]:
    """Unaligned characters of *s*, stretches joined by *sep*; map back to positions (-1: sep)."""
    out, pos, last = [], [], -2
    for k, ch in enumerate(s):
        if used[k]:
            continue
        if last != k - 1 and out:
            out.append(sep)
            pos.append(-1)
        out.append(ch)
        pos.append(k)
        last = k
    return "".join(out), pos


ALIGN_VERSION = "3"
#: The keys of ``score_page``'s counts: part of a cached baseline's key.
COUNTS_VERSION = "2"


def cached_align(x: str, g: str, cache: str | None, offs: list[int] | None = None) -> array:
    if not cache:
        return align(x, g, offs)
    pieces = "" if offs is None else ",".join(str(k) for k in range(1, len(offs)) if offs[k] != offs[k - 1] + 1)
    key = hashlib.sha1("\x02".join((ALIGN_VERSION, x, g, pieces)).encode("utf-8")).hexdigest()
    path = os.path.join(cache, key[:2], key + ".i32")
    try:
        with open(path, "rb") as f:
            arr = array("i")
            arr.frombytes(f.read())
            if len(arr) == len(x):
                return arr
    except OSError:
        pass
    arr = align(x, g, offs)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}"
        with open(tmp, "wb") as f:
            f.write(arr.tobytes())
        os.replace(tmp, path)
    except OSError:
        pass
    return arr


def _cached_baseline(system: str, text: str, g: str, cache: str | None, counts: dict | None = None):
    """A baseline's counts depend only on the page: read them from (or, given, write them to) the cache."""
    if not cache:
        return None
    key = hashlib.sha1("\x02".join((ALIGN_VERSION, COUNTS_VERSION, "baseline", system, text, g)).encode("utf-8")).hexdigest()
    path = os.path.join(cache, key[:2], key + ".json")
    if counts is None:
        try:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return None
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(f"{path}.{os.getpid()}", "w", encoding="utf-8") as f:
            json.dump(counts, f)
        os.replace(f"{path}.{os.getpid()}", path)
    except OSError:
        pass
    return counts


# ----------------------------------------------------------------------------- pages and systems


@dataclass
class Page:
    page_id: str
    template: str
    split: str
    gold: list[dict]
    texts: dict[str, str] = field(default_factory=dict)


@dataclass
class Pred:
    """A predicted block: [start, end) in the input, kind, role, marker triple, text."""

    start: int
    end: int
    kind: str
    role: str | None = None
    marker: tuple | None = None
    text: str = ""
    article: int | None = None  #: the article the block was grouped into (reflow's ``Document.articles``)


#: What ``--no-marks`` takes out of every text and its gold: the clause and sentence marks,
#: quotes, brackets, dashes and ellipses (a page as OCR that drops the marks, or a page set
#: before modern punctuation, prints it).
MARKS = re.compile(r"[，。、；：？！“”‘’「」『』（）《》【】—…,.;:?!()]")


def without_marks(page: Page) -> Page:
    """*page* with :data:`MARKS` taken out of its texts and its gold (blocks left empty
    dropped; a marker's parsed fields stay). A stress case, not a tool's output.

    >>> p = without_marks(Page("p", "t", "dev", [{"text": "“好。”"}, {"text": "第二段，完。"}], {"x": "“好。”\\n第二段，完。"}))
    >>> [b["text"] for b in p.gold], p.texts["x"]
    (['好', '第二段完'], '好\\n第二段完')
    """
    return _rewritten(page, lambda t: MARKS.sub("", t))


#: What ``--ascii-marks`` does to every text and its gold: the full-width marks an OCR engine or
#: a converter often prints in ASCII (他来了. 不过, 他说: ...).
ASCII_MARKS = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")"})


def with_ascii_marks(page: Page) -> Page:
    """*page* with :data:`ASCII_MARKS` applied to its texts and its gold. A stress case.

    >>> p = with_ascii_marks(Page("p", "t", "dev", [{"text": "他来了。"}], {"x": "他来了。"}))
    >>> p.gold[0]["text"], p.texts["x"]
    ('他来了.', '他来了.')
    """
    return _rewritten(page, lambda t: t.translate(ASCII_MARKS))


def letter_spaced(page: Page) -> Page:
    """*page* with every line of its texts spaced out letter by letter (人 民 军 队: an
    extractor that places each glyph on its own); the gold as it is (scoring ignores
    white space). A stress case.

    >>> p = letter_spaced(Page("p", "t", "dev", [{"text": "下转A2版"}], {"x": "下转A2版\\n\\n人民"}))
    >>> p.gold[0]["text"], p.texts["x"]
    ('下转A2版', '下 转 A 2 版\\n\\n人 民')
    """
    return _texts_rewritten(page, lambda t: _each_line(t, " ".join))


def double_spaced(page: Page) -> Page:
    """*page* with every line end of its texts doubled (a blank line after each line, three
    where there was one: a file whose \\r\\n became \\r\\r\\n); the gold as it is. A stress case.

    >>> double_spaced(Page("p", "t", "dev", [], {"x": "甲\\n乙\\n\\n丙"})).texts["x"]
    '甲\\n\\n乙\\n\\n\\n\\n丙'
    """
    return _texts_rewritten(page, lambda t: t.replace("\n", "\n\n"))


def with_margin(page: Page) -> Page:
    """*page* with four spaces before every line of its texts (a left margin, as
    pdftotext -layout or an OCR layout mode prints it); the gold as it is. A stress case.

    >>> with_margin(Page("p", "t", "dev", [], {"x": "甲\\n\\n乙"})).texts["x"]
    '    甲\\n\\n    乙'
    """
    return _texts_rewritten(page, lambda t: _each_line(t, lambda line: "    " + line))


def _each_line(text: str, rewrite) -> str:
    """*text* with *rewrite* applied to each of its non-blank lines."""
    return "\n".join(rewrite(line) if line.strip() else line for line in text.split("\n"))


def _texts_rewritten(page: Page, rewrite) -> Page:
    """*page* with *rewrite* applied to each of its texts, the gold as it is (white space
    the rewrite adds is none of the gold's: the scorer ignores it)."""
    return Page(page.page_id, page.template, page.split, page.gold, {v: rewrite(t) for v, t in page.texts.items()})


#: The stress options of the command line: flag, the rewrite of each page, what it does.
STRESSES = {
    "--no-marks": (without_marks, "every text and its gold with the punctuation taken out"),
    "--ascii-marks": (with_ascii_marks, "every text and its gold with its marks printed in ASCII"),
    "--letter-spaced": (letter_spaced, "every line of every text spaced out letter by letter"),
    "--double-spaced": (double_spaced, "every line end of every text doubled, a blank line after each line"),
    "--margin": (with_margin, "four spaces before every line of every text"),
}


def _stresses(args) -> list[str]:
    """The stress flags *args* holds, in :data:`STRESSES` order."""
    return [flag for flag in STRESSES if getattr(args, flag[2:].replace("-", "_"))]


def _rewritten(page: Page, rewrite) -> Page:
    """*page* with *rewrite* applied to each of its texts and each gold block's text; a
    block it leaves empty is dropped."""
    gold = [dict(b, text=rewrite(b["text"])) for b in page.gold]
    return Page(page.page_id, page.template, page.split, [b for b in gold if b["text"].strip()],
                {v: rewrite(t) for v, t in page.texts.items()})


def load_pages(corpus: str = DEFAULT_CORPUS, split: str = "dev", variants=None, templates=None) -> list[Page]:
    """Pages of ``corpus/split`` (sorted by id), with the texts of the *variants* they have."""
    root = os.path.join(corpus, split)
    pages = []
    for name in sorted(os.listdir(root)) if os.path.isdir(root) else []:
        folder = os.path.join(root, name)
        gpath = os.path.join(folder, "gold.json")
        if not os.path.exists(gpath):
            continue
        with open(gpath, encoding="utf-8") as f:
            gold = json.load(f)
        if templates and gold["template"] not in templates:
            continue
        page = Page(gold["page_id"], gold["template"], gold.get("split", split), gold["blocks"])
        for v in variants or VARIANTS:
            p = os.path.join(folder, v + ".txt")
            if v in DERIVED:
                source, make = DERIVED[v]
                p = os.path.join(folder, source)
                if os.path.exists(p):
                    with open(p, encoding="utf-8") as f:
                        page.texts[v] = make(f.read(), page.gold)
            elif os.path.exists(p):
                with open(p, encoding="utf-8") as f:
                    page.texts[v] = f.read()
        pages.append(page)
    return pages


def _line_spans(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, pos + len(line.rstrip("\r\n")), line
        pos += len(line)


def line_ranges(text: str, xoff: list[int]):
    """Each line of *text* (its line end stripped) with the range ``lo, hi`` of its
    characters in the extraction stream (``xoff``: their offsets in *text*)."""
    for start, end, raw in _line_spans(text):
        yield raw.rstrip("\r\n"), bisect.bisect_left(xoff, start), bisect.bisect_left(xoff, end)


def resumed_starts(text: str, xoff: list[int], x2g, gowner: list[int]) -> set[int]:
    """Where the extraction takes a block up again after another block's text: the gold
    position of the first aligned character of each line whose block was met earlier in the
    extraction, where the line above (blank lines aside) ends in another block.

    pdftotext's default mode and OCR that prints its boxes in rows read two columns across,
    a line of each in turn; OCR also merges boxes over a gutter. A reader that keeps the
    input's order starts a block at such a line (a spurious start), or joins it to the text
    that interrupted it, which the boundary score does not see. Counted apart (``--order``)
    so that these are not read as boundary errors.

    >>> gold = "甲乙丙丁子丑"; gowner = [0, 0, 0, 0, 1, 1]
    >>> text = "甲乙\\n子丑\\n丙丁\\n"; xoff = [0, 1, 3, 4, 6, 7]
    >>> sorted(resumed_starts(text, xoff, [0, 1, 4, 5, 2, 3], gowner))
    [2]
    """
    out: set[int] = set()
    met: set[int] = set()
    last = -1
    for _, lo, hi in line_ranges(text, xoff):
        pos = [x2g[i] for i in range(lo, hi) if x2g[i] >= 0]
        if not pos:
            continue
        first = gowner[pos[0]]
        if last >= 0 and first != last and first in met:
            out.add(pos[0])
        met.update(gowner[j] for j in pos)
        last = gowner[pos[-1]]
    return out


def blank_blocks(text: str) -> list[Pred]:
    out, start, end = [], None, None
    for s, e, line in _line_spans(text):
        if line.strip():
            if start is None:
                start = s
            end = e
        elif start is not None:
            out.append(Pred(start, end, "paragraph", text=text[start:end]))
            start = None
    if start is not None:
        out.append(Pred(start, end, "paragraph", text=text[start:end]))
    return out


def line_blocks(text: str) -> list[Pred]:
    return [Pred(s, e, "paragraph", text=line) for s, e, line in _line_spans(text) if line.strip()]


def reflow_blocks(text: str) -> list[Pred]:
    import reflow
    doc = reflow.parse(text)
    article = {id(b): i for i, a in enumerate(doc.articles) for b in a.headlines + a.bylines + a.body + a.markers}
    out = []
    for b in doc.blocks:
        m = b.marker
        out.append(Pred(b.span[0], b.span[1], b.kind, b.role,
                        (m.direction, m.page, m.seq) if m is not None else None, b.text, article.get(id(b))))
    return out


def output_blocks(text: str, blocks: list[str]) -> list[Pred]:
    """The *blocks* a system printed for *text* (each a paragraph of its
    output), placed back on *text*: a block's non-whitespace characters are the
    next ones of the input, so it spans from the first of them to the last.

    >>> [(p.start, p.end) for p in output_blocks("ab\\ncd。\\n\\nef", ["abcd。", "ef"])]
    [(0, 6), (8, 10)]

    A peer that drops an input character now and then (unstructured's
    ``group_broken_paragraphs`` takes a lone ``e`` between spaces for a
    bullet, as in the letter-spaced stress case's ``e R , e e e ,``) is
    followed past it: a block's character is looked for among the next
    :data:`_RESYNC` input characters, those skipped stay inside the block's
    span, and a character found nowhere near (one the peer added) is passed
    over. The peer's blocks stay where its text put them; only the characters
    it changed go uncounted.

    >>> [(p.start, p.end) for p in output_blocks("a e b\\nc", ["a b", "c"])]
    [(0, 5), (6, 7)]
    >>> [(p.start, p.end) for p in output_blocks("ab", ["aXb"])]
    [(0, 2)]
    """
    offs = [m.start() for m in _NONWS.finditer(text)]
    out, k = [], 0
    for block in blocks:
        first = last = None
        for c in _NONWS.findall(block):
            j = next((j for j in range(k, min(k + _RESYNC, len(offs))) if text[offs[j]] == c), None)
            if j is None:
                continue  # a character the peer added or changed
            if first is None:
                first = j
            last, k = j, j + 1
        if first is not None:
            out.append(Pred(offs[first], offs[last] + 1, "paragraph", text=block))
    return out


#: How far ahead (in the input's non-whitespace characters) :func:`output_blocks`
#: looks for a block's next character: past a few a peer dropped, not so far that
#: a changed character is matched in the next paragraph.
_RESYNC = 8


#: The peers' systems and their names in ``baselines.peers`` (the speed table's names).
PEERS = {"loop": "line loop", "regex": "regex pass", "gbp": "unstructured group_broken_paragraphs"}


def _peer_systems() -> dict:
    """``{"loop": ..., "regex": ..., "gbp": ...}`` from ``baselines.py`` beside this file
    (loaded by its path: this module runs as a script and is loaded by path too); gbp only
    where unstructured is installed."""
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "baselines.py")
    spec = importlib.util.spec_from_file_location("reflow_bench_baselines", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    splits = mod.peers()
    return {s: (lambda split: lambda text: output_blocks(text, split(text)))(splits[name])
            for s, name in PEERS.items() if name in splits}


SYSTEM_FUNCS = {"reflow": reflow_blocks, "blank": blank_blocks, "line": line_blocks, **_peer_systems()}
#: The systems scored by default: SYSTEMS less a peer that is not installed.
DEFAULT_SYSTEMS = tuple(s for s in SYSTEMS if s in SYSTEM_FUNCS)


# ----------------------------------------------------------------------------- scoring


def _lenient(kind: str) -> str:
    return "headline" if kind == "subheading" else kind


def gold_stream(gold: list[dict]) -> tuple[str, list[int], list[int]]:
    """Folded gold stream, the block index of each character, and each block's first position."""
    chars, owner, starts = [], [], []
    for bi, b in enumerate(gold):
        s, _ = stream(b["text"])
        starts.append(len(chars))
        chars.extend(s)
        owner.extend([bi] * len(s))
    return "".join(chars), owner, starts


def aligned_starts(x2g, gowner: list[int]) -> tuple[bytearray, set[int]]:
    """Which gold positions an extraction character maps to (``aligned``, one byte
    each), and the first aligned position of each gold block: the block starts a
    reader of this extraction can find.

    >>> aligned, starts = aligned_starts([2, -1, 3, 0], [0, 0, 1, 1])
    >>> list(aligned), sorted(starts)
    ([1, 0, 1, 1], [0, 2])
    """
    aligned = bytearray(len(gowner))
    for v in x2g:
        if v >= 0:
            aligned[v] = 1
    first: dict[int, int] = {}
    for j in range(len(gowner)):
        if aligned[j] and gowner[j] not in first:
            first[gowner[j]] = j
    return aligned, set(first.values())


def score_page(gold: list[dict], text: str, preds: list[Pred], x2g=None, want_confusion=False,
               streams=None) -> dict:
    """Counts for one page and one system (add them up over pages; see ``summarize``).

    *streams* may carry ``(gold_stream(gold), stream(text))`` computed once per page."""
    (g, gowner, _), (x, xoff) = streams or (gold_stream(gold), stream(text))
    if x2g is None:
        x2g = align(x, g, xoff)
    # Owner block of each extraction character (first block whose span holds it).
    xowner = [-1] * len(x)
    order = sorted(range(len(preds)), key=lambda k: (preds[k].start, k))
    for k in order:
        p = preds[k]
        lo = bisect.bisect_left(xoff, p.start)
        hi = bisect.bisect_left(xoff, p.end)
        for i in range(lo, hi):
            if xowner[i] < 0:
                xowner[i] = k
    # Starts.
    pred_starts, seen = set(), set()
    for i in range(len(x)):
        k = xowner[i]
        if k < 0 or k in seen or x2g[i] < 0:
            continue
        seen.add(k)
        pred_starts.add(x2g[i])
    g2x_owner = [-1] * len(g)
    for i in range(len(x)):
        if x2g[i] >= 0:
            g2x_owner[x2g[i]] = xowner[i]
    aligned, gold_starts = aligned_starts(x2g, gowner)
    tp = len(pred_starts & gold_starts)
    resumed = resumed_starts(text, xoff, x2g, gowner)
    # Kinds.
    votes: dict[int, Counter] = {}
    for j in range(len(g)):
        if aligned[j]:
            votes.setdefault(gowner[j], Counter())[g2x_owner[j]] += 1
    # Each gold block with an aligned character read as the predicted block that owns most of
    # its aligned characters (ties: the earlier block; -1: characters no block owns).
    read_as = {bi: _most_voted(c) for bi, c in votes.items()}
    kind_n = kind_ok = kind_strict = 0
    confusion: Counter = Counter()
    for bi, k in read_as.items():
        gb = gold[bi]
        pk = preds[k].kind if k >= 0 else "none"
        pr = preds[k].role if k >= 0 else None
        kind_n += 1
        if _lenient(pk) == _lenient(gb["kind"]):
            kind_ok += 1
        if pk == gb["kind"] and (pk != "headline" or pr == gb.get("role")):
            kind_strict += 1
        if want_confusion:
            confusion[(gb["kind"] + (f"/{gb['role']}" if gb.get("role") else ""),
                       pk + (f"/{pr}" if pr else ""))] += 1
    # Articles.
    a_tp, a_pred, a_gold, a_all = _article_pairs(gold, preds, read_as)
    # Markers.
    gm = Counter((m["direction"], m["page"], m["seq"]) for m in (b.get("marker") for b in gold) if m)
    pm = Counter(p.marker for p in preds if p.marker)
    mtp = sum((gm & pm).values())
    # Losslessness.
    kept = "".join(stream(p.text)[0] for p in preds)
    lost = 0 if kept == x else sum((Counter(x) - Counter(kept)).values())
    out = {"b_tp": tp, "b_pred": len(pred_starts), "b_gold": len(gold_starts),
           "k_n": kind_n, "k_ok": kind_ok, "k_strict": kind_strict,
           "m_tp": mtp, "m_pred": sum(pm.values()), "m_gold": sum(gm.values()),
           "a_tp": a_tp, "a_pred": a_pred, "a_gold": a_gold, "a_all": a_all,
           "chars": len(x), "lost": lost, "pages": 1, "lossless": int(lost == 0),
           "aligned": sum(aligned), "gold_chars": len(g),
           "b_resumed": len(resumed), "b_spurious_resumed": len((pred_starts - gold_starts) & resumed)}
    if want_confusion:
        out["confusion"] = confusion
        # Examples of each failure, in gold text: a missed start (two blocks run together), a
        # spurious start (a block cut in two; "resumed" where the line takes its block up again
        # after another block's text, see resumed_starts), a wrong kind, a missed or spurious marker.
        ex = []
        for j in sorted(gold_starts - pred_starts):
            bi = gowner[j]
            if bi > 0:
                ex.append(("joined", f"{gold[bi - 1]['kind']}+{gold[bi]['kind']}",
                           f"{g[max(0, j - 12):j]}‖{g[j:j + 12]}"))
        for j in sorted(pred_starts - gold_starts):
            ex.append(("resumed" if j in resumed else "split", gold[gowner[j]]["kind"],
                       f"{g[max(0, j - 12):j]}‖{g[j:j + 12]}"))
        for bi, k in read_as.items():
            pk = preds[k].kind if k >= 0 else "none"
            if _lenient(pk) != _lenient(gold[bi]["kind"]):
                ex.append(("kind", f"{gold[bi]['kind']}->{pk}", gold[bi]["text"][:30]))
        texts = {}
        for b in gold:
            if b.get("marker"):
                m = b["marker"]
                texts[(m["direction"], m["page"], m["seq"])] = b["text"]
        for t in (gm - pm):
            ex.append(("marker", "missed", texts.get(t, str(t))))
        for t in (pm - gm):
            ex.append(("marker", "spurious", next((p.text[-30:] for p in preds if p.marker == t), str(t))))
        out["examples"] = ex
    return out


def rule_outcomes(text: str, gold: list[dict], x2g=None, streams=None) -> tuple[Counter, list]:
    """How each of reflow's boundary decisions on *text* fared against the gold: a Counter
    of ``(action, rule, right)`` and the decisions themselves, ``(action, rule, right,
    reason, line, blank)``, from ``reflow.explain`` (the reasons that decided, named as the
    stats and the README name them); *blank* is what the split at blank lines does at the
    same place (True: it starts a block there — the line follows a blank line). explain()
    replays the Python reference whatever the engine, so this reads the reference's
    decisions; the differential tests hold the native engine to the same ones.

    A decision is the step at the start of an input line, or of a piece split off it (a
    jump marker at a line's end): a *break* is right where a gold block starts at its first
    aligned character, a *join* where none does (pieces with no aligned character, OCR
    noise, are left out; so are the first line, and a text's character changes). This is
    what the boundary score counts, read per rule: a rule's wrong breaks are spurious
    starts, its wrong joins missed ones.

    >>> gold = [{"kind": "headline", "text": "标题"}, {"kind": "paragraph", "text": "第一段。"}]
    >>> counts, steps = rule_outcomes("标题\\n\\n第一段。\\n", gold)
    >>> [(action, right, blank) for action, _, right, _, _, blank in steps]
    [('break', True, True)]

    Two lines too few to show a column read as two headlines (a wrong break); the marker
    split off the second is scored where it starts:

    >>> gold = [{"kind": "paragraph", "text": "一段话没有完"}, {"kind": "marker", "text": "（下转第2版）"}]
    >>> [(rule, right, blank) for _, rule, right, _, _, blank in rule_outcomes("一段话\\n没有完（下转第2版）", gold)[1]]
    [('headline_apart', False, False), ('marker', True, False)]
    """
    import reflow

    (g, gowner, _), (x, xoff) = streams or (gold_stream(gold), stream(text))
    if x2g is None:
        x2g = align(x, g, xoff)
    _, starts = aligned_starts(x2g, gowner)
    line_at = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    counts: Counter = Counter()
    steps = []
    seen = 0  # the last line a step was read at
    for st in reflow.explain(text):
        if st.action not in ("join", "break"):
            continue
        lo = line_at[st.line - 1]
        hi = line_at[st.line] if st.line < len(line_at) else len(text)
        # The blank-line split starts a block at a line after a blank one, never inside a line.
        blank = st.line != seen and st.line >= 2 and not text[line_at[st.line - 2]:lo].strip()
        if st.line == seen:  # a piece split off the line (守望者（下转第9版）: the marker): where it starts
            at = text.rfind(st.text, lo, hi) if st.text else -1
            if at < 0:
                continue
            lo = at
        seen = st.line
        first = next((x2g[i] for i in range(bisect.bisect_left(xoff, lo), bisect.bisect_left(xoff, hi))
                      if x2g[i] >= 0), None)
        if first is None:
            continue
        right = (first in starts) == (st.action == "break")
        counts[(st.action, st.rule, right)] += 1
        steps.append((st.action, st.rule, right, st.reason, st.line, blank))
    return counts, steps


def score_rules(pages: list[Page], variants=None, cache: str | None = DEFAULT_CACHE) -> dict:
    """:func:`rule_outcomes` summed over *pages*: ``{"all": Counter, variant: Counter, "steps":
    [(variant, page id, text, step), ...]}`` (dev only: the steps are examples to read)."""
    out: dict = {"all": Counter(), "steps": []}
    for page in pages:
        gs = gold_stream(page.gold)
        for v in variants or VARIANTS:
            text = page.texts.get(v)
            if text is None:
                continue
            xs = stream(text)
            counts, steps = rule_outcomes(text, page.gold, cached_align(xs[0], gs[0], cache, xs[1]), (gs, xs))
            out["all"].update(counts)
            out.setdefault(v, Counter()).update(counts)
            out["steps"].extend((v, page.page_id, text, st) for st in steps)
    return out


def format_rules(res: dict, variants) -> str:
    """One row per rule that decided, the most wrong decisions first: right, wrong,
    precision, and the variants with the most wrong ones."""
    total = res["all"]
    rules = {(a, r) for a, r, _ in total}
    lines = [f"{'action':<6} {'rule':<22} {'right':>7} {'wrong':>6}  prec   wrong most in"]
    for a, r in sorted(rules, key=lambda ar: (-total[(*ar, False)], ar)):
        right, wrong = total[(a, r, True)], total[(a, r, False)]
        most = sorted(((res[v][(a, r, False)], v) for v in variants if v in res and res[v][(a, r, False)]), reverse=True)
        lines.append(f"{a:<6} {r:<22} {right:>7} {wrong:>6}  {right / (right + wrong):.3f}  "
                     + ", ".join(f"{v} {n}" for n, v in most[:3]))
    return "\n".join(lines)


def format_rule_examples(res: dict, rule: str, n: int) -> str:
    """*n* wrong and *n* right decisions of *rule* (each: variant, page, the lines before it
    ⏎-joined, ‖, the line), and its decisions split by the first clause of their reason
    (its quoted characters left out)."""
    import random

    steps = [s for s in res["steps"] if s[3][1] == rule]
    by_reason: Counter = Counter()
    for _, _, _, (_, _, right, reason, _, _) in steps:  # (the quoted characters left out: 的, 在 …)
        by_reason[(re.sub(r"'[^']*'", "'…'", reason.split(";")[0]), right)] += 1
    lines = [f"{rule}: {len(steps)} decisions"]
    for why in sorted({w for w, _ in by_reason}, key=lambda w: -by_reason[(w, False)]):
        lines.append(f"  right {by_reason[(why, True)]:>5} wrong {by_reason[(why, False)]:>5}  {why[:110]}")
    for right in (False, True):
        pick = [s for s in steps if s[3][2] == right]
        lines.append(f"{'right' if right else 'wrong'} ({len(pick)}):")
        for v, pid, text, (action, _, _, reason, line, _) in random.Random(f"{rule}/{right}").sample(pick, min(n, len(pick))):
            rows = text.split("\n")
            before = "⏎".join(rows[max(0, line - 4):line - 1])[-50:]
            lines.append(f"  {v:<18} {pid:<20} {action:<5} {before}‖{rows[line - 1][:30]}")
    return "\n".join(lines)


def vs_blank(res: dict) -> dict:
    """Where reflow and the split at blank lines decide a boundary differently, per variant and
    rule: ``{variant: Counter((rule, action, reflow_right))}`` (*action* is reflow's; the blank
    split does the other). Reflow's starts found less the blank split's is, per variant, the
    right breaks less the wrong joins among them; its spurious starts less the blank split's,
    the wrong breaks less the right joins — what decides issue 10's "region output at least the
    blank-line split's figure"."""
    out: dict = {}
    for v, _, _, (action, rule, right, _, _, blank) in res["steps"]:
        if (action == "break") != blank:
            out.setdefault(v, Counter())[(rule, action, right)] += 1
    return out


def format_vs_blank(res: dict, variants) -> str:
    """:func:`vs_blank` as a table: per variant, the rules whose disagreements with the blank
    split cost reflow the most first; *gain* is the disagreements reflow has right less those
    the blank split has right (starts found, and spurious starts avoided, over the blank split)."""
    table = vs_blank(res)
    lines = [f"{'variant':<20} {'rule':<22} {'breaks right/wrong':>19} {'joins right/wrong':>18} {'gain':>6}"]
    for v in variants:
        if v not in table:
            continue
        c = table[v]
        rows = []
        for rule in {r for r, _, _ in c}:
            br, bw = c[(rule, "break", True)], c[(rule, "break", False)]
            jr, jw = c[(rule, "join", True)], c[(rule, "join", False)]
            rows.append((br + jr - bw - jw, rule, br, bw, jr, jw))
        total = sum(r[0] for r in rows)
        lines.append(f"{v:<20} {'(all)':<22} {sum(r[2] for r in rows):>9}/{sum(r[3] for r in rows):<9} "
                     f"{sum(r[4] for r in rows):>8}/{sum(r[5] for r in rows):<9} {total:>+6}")
        for gain, rule, br, bw, jr, jw in sorted(rows)[:8]:
            lines.append(f"{'':<20} {rule:<22} {br:>9}/{bw:<9} {jr:>8}/{jw:<9} {gain:>+6}")
    return "\n".join(lines)


def _most_voted(votes: Counter) -> int:
    """The key with the most votes; ties: the smallest (the earlier block)."""
    top = max(votes.values())
    return min(k for k, n in votes.items() if n == top)


#: The gold kinds whose blocks an article groups (captions and page furniture stand apart,
#: as in reflow's ``Article.other``).
ARTICLE_KINDS = ("headline", "subheading", "byline", "paragraph", "marker")


def _article_pairs(gold: list[dict], preds: list[Pred], read_as: dict[int, int]) -> tuple[int, int, int, int]:
    """Pairs of a page's article blocks (gold blocks of :data:`ARTICLE_KINDS` in an article,
    each read as the predicted block that holds most of its aligned characters: *read_as*):
    how many pairs both put in one article, the prediction does, the gold does, and all the
    pairs (a prediction of one article for the whole page puts them all in one). A block the
    prediction leaves out of every article shares one with no other; two gold blocks read as
    one predicted block share its article.

    >>> gold = [{"kind": "headline", "article": 0}, {"kind": "paragraph", "article": 0}, {"kind": "paragraph", "article": 1}]
    >>> preds = [Pred(0, 1, "headline", article=0), Pred(1, 2, "paragraph", article=1), Pred(2, 3, "paragraph", article=1)]
    >>> _article_pairs(gold, preds, {0: 0, 1: 1, 2: 2})
    (0, 1, 1, 3)
    """
    cells: Counter = Counter()  # (gold article, predicted article or a singleton of its own)
    for bi, k in read_as.items():
        g = gold[bi].get("article")
        if g is None or gold[bi]["kind"] not in ARTICLE_KINDS:
            continue
        p = preds[k].article if k >= 0 else None
        cells[(g, ("article", p) if p is not None else ("alone", bi))] += 1

    def pairs(counts) -> int:
        return sum(n * (n - 1) // 2 for n in counts)

    by_gold, by_pred = Counter(), Counter()
    for (g, p), n in cells.items():
        by_gold[g] += n
        by_pred[p] += n
    return pairs(cells.values()), pairs(by_pred.values()), pairs(by_gold.values()), pairs([sum(cells.values())])


def _f1(tp: int, npred: int, ngold: int) -> float | None:
    if npred + ngold == 0:
        return None
    return 2 * tp / (npred + ngold)


def summarize(c: dict) -> dict:
    return {
        "pages": c["pages"],
        "boundary_f1": _f1(c["b_tp"], c["b_pred"], c["b_gold"]),
        "boundary_p": c["b_tp"] / c["b_pred"] if c["b_pred"] else None,
        "boundary_r": c["b_tp"] / c["b_gold"] if c["b_gold"] else None,
        "kind_lenient": c["k_ok"] / c["k_n"] if c["k_n"] else None,
        "kind_strict": c["k_strict"] / c["k_n"] if c["k_n"] else None,
        "marker_f1": _f1(c["m_tp"], c["m_pred"], c["m_gold"]),
        # Pairs of article blocks put in one article (see _article_pairs); None where the
        # system groups no articles. And what one article per page would score.
        "article_f1": _f1(c["a_tp"], c["a_pred"], c["a_gold"]) if c.get("a_pred") else None,
        "article_one_f1": _f1(c["a_gold"], c["a_all"], c["a_gold"]) if c.get("a_all") else None,
        "lossless_pages": c["lossless"] / c["pages"] if c["pages"] else None,
        # The share of texts whose reflow() output reads back unchanged (see reads_back).
        "read_back": c["read_back"] / c["pages"] if "read_back" in c and c["pages"] else None,
        "chars_kept": 1 - c["lost"] / c["chars"] if c["chars"] else None,
        "aligned": c["aligned"] / c["gold_chars"] if c["gold_chars"] else None,
        "spurious": c["b_pred"] - c["b_tp"],
        "spurious_resumed": c.get("b_spurious_resumed"),
        # The boundary F1 with the spurious starts at resumed lines left out.
        "boundary_f1_order": (_f1(c["b_tp"], c["b_pred"] - c["b_spurious_resumed"], c["b_gold"])
                              if "b_spurious_resumed" in c else None),
        "resumed": c.get("b_resumed"),
    }


def _add(acc: dict, c: dict) -> None:
    for k, v in c.items():
        if k == "confusion":
            acc.setdefault(k, Counter()).update(v)
        elif k == "examples":
            acc.setdefault(k, []).extend(v)
        else:
            acc[k] = acc.get(k, 0) + v


def reads_back(text: str) -> bool:
    """Does reflow()'s output of *text* read back as itself, ``reflow(reflow(x)) ==
    reflow(x)``? Issue 10 asks it of every page; the figure is the share of texts that do.

    >>> reads_back("标题\\n\\n第一段。\\n")
    True
    """
    import reflow

    once = reflow.reflow(text)
    return reflow.reflow(once) == once


def evaluate(pages: list[Page], variants=None, systems=DEFAULT_SYSTEMS, cache: str | None = DEFAULT_CACHE,
             per_page=False, by_template=False, confusion=False) -> dict:
    """``{"variants": {variant: {system: summary}}, "all": {...}, "pages": [...], ...}``."""
    variants = list(variants or VARIANTS)
    totals: dict = {}
    rows = []
    t0 = time.perf_counter()
    parse_s = 0.0
    for page in pages:
        gs = gold_stream(page.gold)
        for v in variants:
            text = page.texts.get(v)
            if text is None:
                continue
            xs = stream(text)
            x2g = cached_align(xs[0], gs[0], cache, xs[1])
            for s in systems:
                c = _cached_baseline(s, text, gs[0], cache) if s != "reflow" else None
                if c is None:
                    t = time.perf_counter()
                    preds = SYSTEM_FUNCS[s](text)
                    if s == "reflow":
                        parse_s += time.perf_counter() - t
                    c = score_page(page.gold, text, preds, x2g, want_confusion=confusion and s == "reflow",
                                   streams=(gs, xs))
                    if s != "reflow":
                        _cached_baseline(s, text, gs[0], cache, c)
                    else:
                        c["read_back"] = int(reads_back(text))
                if "examples" in c:
                    c["examples"] = [(page.page_id, *e) for e in c["examples"]]
                for key in ((v, s), ("all", s)) + (((v + ":" + page.template, s),) if by_template else ()):
                    _add(totals.setdefault(key, {}), c)
                if per_page:
                    rows.append({"page": page.page_id, "template": page.template, "variant": v, "system": s,
                                 **summarize(c)})
    result: dict = {"variants": {}, "seconds": round(time.perf_counter() - t0, 2),
                    "parse_seconds": round(parse_s, 2)}
    order = {v: i for i, v in enumerate(list(variants) + ["all"])}
    for (v, s), c in sorted(totals.items(), key=lambda kv: (order.get(kv[0][0].split(":")[0], 99), kv[0][0],
                                                            SYSTEMS.index(kv[0][1]))):
        summ = summarize(c)
        if "confusion" in c:
            summ["confusion"] = {f"{a} -> {b}": n for (a, b), n in c["confusion"].most_common()}
        if "examples" in c:
            summ["examples"] = c["examples"]
        result["variants"].setdefault(v, {})[s] = summ
    if per_page:
        result["pages"] = rows
    return result


# ----------------------------------------------------------------------------- command line


def _fmt(v, width=5, pct=False) -> str:
    if v is None:
        return "-".rjust(width)
    return (f"{100 * v:.1f}%" if pct else f"{v:.3f}").rjust(width)


def _peers_scored(result: dict) -> list[str]:
    """The peers (:data:`PEERS`) that *result* scored, in their order."""
    return [s for s in PEERS if any(s in systems for systems in result["variants"].values())]


def format_table(result: dict, title: str = "") -> str:
    lines = []
    if title:
        lines.append(title)
    peers = _peers_scored(result)
    lines.append(f"{'variant':<28} {'pages':>5}  {'boundary F1':^19}  {'kind len/strict':^15}  {'marker':>6}  {'article F1':^13}"
                 f"  {'found':>5}  {'lossless':>8}  {'read':>6}" + ("   boundary F1 of what users would otherwise run" if peers else ""))
    lines.append(f"{'':<28} {'':>5}  {'reflow':>6}{'blank':>6}{'line':>7}  {'reflow':^15}  {'F1':>6}  {'reflow':>6}{'one':>7}"
                 f"  {'gold':>5}  {'reflow':>8}  {'back':>6}" + "".join(f"{s:>7}" for s in peers))
    for v, systems in result["variants"].items():
        r, b, l = systems.get("reflow", {}), systems.get("blank", {}), systems.get("line", {})
        lossless = _fmt(r.get("lossless_pages"), 7, pct=True)
        if r.get("chars_kept") is not None and r["chars_kept"] < 1:
            lossless += f" ({100 * r['chars_kept']:.2f}% chars)"
        lines.append(
            f"{v:<28} {(r or b).get('pages', 0):>5}  {_fmt(r.get('boundary_f1'), 6)}{_fmt(b.get('boundary_f1'), 6)}"
            f"{_fmt(l.get('boundary_f1'), 7)}  {_fmt(r.get('kind_lenient'), 6)}/{_fmt(r.get('kind_strict'), 6).strip():<6}  "
            f"  {_fmt(r.get('marker_f1'), 6)}  {_fmt(r.get('article_f1'), 6)}{_fmt(r.get('article_one_f1'), 7)}"
            f"  {_fmt((r or b).get('aligned'), 5, pct=True)}  {lossless:>8}  {_fmt(r.get('read_back'), 6, pct=True)}"
            + ("   " + "".join(_fmt(systems.get(s, {}).get("boundary_f1"), 7) for s in peers) if peers else ""))
    return "\n".join(lines)


def format_order(result: dict) -> str:
    """Per variant: each system's spurious starts, with those at resumed lines in brackets
    (the extraction's order, not the reading: see ``resumed_starts``)."""
    lines = ["spurious starts (of them at lines that resume a block after another's text)",
             f"{'variant':<28} {'resumed':>8}" + "".join(f"{s:>16}" for s in DEFAULT_SYSTEMS)
             + "   boundary F1 of reflow, blank without them"]
    for v, systems in result["variants"].items():
        cells = "".join(f"{systems.get(s, {}).get('spurious', 0):>8} ({systems.get(s, {}).get('spurious_resumed') or 0:>5})"
                        for s in DEFAULT_SYSTEMS)
        resumed = next((d.get("resumed") for d in systems.values() if d.get("resumed") is not None), 0)
        f1 = "".join(_fmt(systems.get(s, {}).get("boundary_f1_order"), 7) for s in ("reflow", "blank"))
        lines.append(f"{v:<28} {resumed:>8}{cells}   {f1}")
    return "\n".join(lines)


def format_markdown(result: dict) -> str:
    """The table of benchmarks/README.md: one row per variant."""
    peers = _peers_scored(result)
    lines = ["| variant | pages | boundary F1 reflow | blank-split | line-per-block | "
             + "".join(f"{PEERS[s].removeprefix('unstructured ')} | " for s in peers)
             + "kind (lenient/strict) | marker F1 | article F1 (one article per page) | lossless | reads back |",
             "|---|---:|---:|---:|---:|" + "---:|" * len(peers) + "---:|---:|---:|---:|---:|"]
    for v, systems in result["variants"].items():
        r, b, l = systems.get("reflow", {}), systems.get("blank", {}), systems.get("line", {})
        lines.append(f"| {v} | {r.get('pages', 0)} | **{_fmt(r.get('boundary_f1')).strip()}** | "
                     f"{_fmt(b.get('boundary_f1')).strip()} | {_fmt(l.get('boundary_f1')).strip()} | "
                     + "".join(f"{_fmt(systems.get(s, {}).get('boundary_f1')).strip()} | " for s in peers)
                     + f"{_fmt(r.get('kind_lenient')).strip()} / {_fmt(r.get('kind_strict')).strip()} | "
                     f"{_fmt(r.get('marker_f1')).strip()} | {_fmt(r.get('article_f1')).strip()} "
                     f"({_fmt(r.get('article_one_f1')).strip()}) | {_fmt(r.get('lossless_pages'), pct=True).strip()} | "
                     f"{_fmt(r.get('read_back'), pct=True).strip()} |")
    return "\n".join(lines)


def compare(args, res: dict) -> str:
    """Reflow here against the reflow under ``args.against``: one line per variant."""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "other.json")
        cmd = [sys.executable, os.path.abspath(__file__), "--corpus", args.corpus, "--split", args.split,
               "--json", out, "--cache", args.cache]
        if args.variant:
            cmd += ["--variant", *args.variant]
        if args.template:
            cmd += ["--template", *args.template]
        cmd += _stresses(args)
        env = {**os.environ, "PYTHONPATH": os.path.abspath(args.against)}
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
        with open(out, encoding="utf-8") as f:
            other = json.load(f)
    lines = [f"reflow here vs under {args.against}: boundary F1 / lenient kind / marker F1 (other -> here)",
             f"{'variant':<28} {'boundary F1':^21} {'kind lenient':^21} {'marker F1':^21}"]
    for v, systems in res["variants"].items():
        a = other["variants"].get(v, {}).get("reflow", {})
        b = systems.get("reflow", {})
        cells = []
        for k in ("boundary_f1", "kind_lenient", "marker_f1"):
            x, y = a.get(k), b.get(k)
            d = f"{y - x:+.3f}" if x is not None and y is not None else "     -"
            cells.append(f"{_fmt(x, 5)} -> {_fmt(y, 5)} {d}")
        lines.append(f"{v:<28} " + "  ".join(cells))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Score reflow against the corpus gold (see the module docstring).")
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--variant", nargs="+", help=f"default: all ({', '.join(VARIANTS)}); also "
                    f"{', '.join(OPTIONAL + tuple(DERIVED))} (rapidocr-ordered and pdftotext-layout-ordered put in "
                    "order by reflow.ocr; the -blocks variants with a blank line between the gold's blocks; clean: "
                    "the gold's blocks one per line)")
    ap.add_argument("--template", nargs="+", help="only pages of these templates")
    ap.add_argument("--pages", action="store_true", help="per-page rows (dev only)")
    ap.add_argument("--by-template", action="store_true", help="a row per variant and template")
    ap.add_argument("--confusion", action="store_true", help="reflow's kind confusions (gold -> predicted)")
    ap.add_argument("--examples", type=int, metavar="N", help="N examples of each failure class per variant (dev)")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown too")
    ap.add_argument("--order", action="store_true", help="each system's spurious starts, and how many fall "
                    "where the extraction takes a block up again after another's text (see resumed_starts)")
    ap.add_argument("--against", metavar="SRC", help="also score the reflow under SRC (a src/ folder, in a "
                    "subprocess) and print reflow's figures beside it with the change")
    ap.add_argument("--rules", action="store_true", help="how each rule's decisions fared against the gold: "
                    "right, wrong, precision (dev; see rule_outcomes)")
    ap.add_argument("--rule", metavar="NAME", help="one rule's decisions, split by their reason, with examples "
                    "(--examples N of each, default 10; dev)")
    ap.add_argument("--vs-blank", action="store_true", help="where reflow and the split at blank lines decide "
                    "differently, per variant and rule, and who is right (dev; see vs_blank)")
    ap.add_argument("--json", metavar="OUT")
    ap.add_argument("--cache", default=DEFAULT_CACHE, help="alignment cache folder ('' for none)")
    for flag, (rewrite, what) in STRESSES.items():
        ap.add_argument(flag, action="store_true", help=f"a stress case: {what} (see {rewrite.__name__})")
    args = ap.parse_args(argv)
    if args.split == "test" and (args.pages or args.confusion or args.examples or args.rules or args.rule or args.vs_blank):
        ap.error("test pages are only scored in aggregate: --pages/--confusion/--examples/--rules/--rule/--vs-blank "
                 "are for dev")
    pages = load_pages(args.corpus, args.split, args.variant, args.template)
    for flag in _stresses(args):
        pages = [STRESSES[flag][0](p) for p in pages]
    if not pages:
        print(f"no pages in {os.path.join(args.corpus, args.split)}", file=sys.stderr)
        return 2
    if args.rules or args.rule or args.vs_blank:
        rules = score_rules(pages, args.variant, cache=args.cache or None)
        if args.rules:
            print(format_rules(rules, args.variant or VARIANTS))
        if args.vs_blank:
            print(format_vs_blank(rules, args.variant or VARIANTS))
        if args.rule:
            print(format_rule_examples(rules, args.rule, args.examples or 10))
        return 0
    res = evaluate(pages, args.variant, cache=args.cache or None, per_page=args.pages,
                   by_template=args.by_template, confusion=args.confusion or bool(args.examples))
    import reflow
    where = os.path.dirname(os.path.dirname(os.path.abspath(reflow.__file__)))
    print(format_table(res, f"{args.split}: {len(pages)} pages; reflow {getattr(reflow, '__version__', '?')} ({getattr(reflow, 'engine', '?')} engine) "
                            f"from {where}; {res['seconds']}s (parse {res['parse_seconds']}s)"))
    if args.against:
        print("\n" + compare(args, res))
    if args.markdown:
        print("\n" + format_markdown(res))
    if args.order:
        print("\n" + format_order(res))
    if args.pages:
        print(f"\n{'page':<28} {'variant':<18} {'bF1':>6}{'blank':>6}{'line':>6} {'kind':>6} {'mkF1':>6} {'kept':>7}")
        per = {}
        for row in res["pages"]:
            per.setdefault((row["page"], row["variant"]), {})[row["system"]] = row
        for (pid, v), d in per.items():
            r = d.get("reflow", {})
            print(f"{pid:<28} {v:<18} {_fmt(r.get('boundary_f1'), 6)}{_fmt(d.get('blank', {}).get('boundary_f1'), 6)}"
                  f"{_fmt(d.get('line', {}).get('boundary_f1'), 6)} {_fmt(r.get('kind_lenient'), 6)} "
                  f"{_fmt(r.get('marker_f1'), 6)} {_fmt(r.get('chars_kept'), 7, pct=True)}")
    if args.confusion:
        for v, systems in res["variants"].items():
            conf = systems.get("reflow", {}).get("confusion")
            if conf:
                wrong = [(k, n) for k, n in conf.items() if k.split(" -> ")[0].split("/")[0] != k.split(" -> ")[1].split("/")[0]]
                print(f"\n{v}: " + "; ".join(f"{k} {n}" for k, n in wrong[:12]))
    if args.examples:
        import random
        for v, systems in res["variants"].items():
            exs = systems.get("reflow", {}).get("examples")
            if not exs or v == "all" or ":" in v:
                continue
            print(f"\n{v}:")
            by_class: dict = {}
            for e in exs:
                by_class.setdefault(e[1], []).append(e)
            for cls, items in sorted(by_class.items()):
                rng = random.Random(f"{v}/{cls}")
                for pid, _, what, ctx in rng.sample(items, min(args.examples, len(items))):
                    print(f"  {cls:<7}{len(items):>5}  {what:<22} {pid:<20} {ctx}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(res, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
