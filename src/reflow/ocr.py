"""OCR lines with their boxes, put in reading order before reflow reads them.

reflow reads text alone, in the order it is given, and has no page geometry
to reorder columns with. An OCR engine knows where each line sits: RapidOCR
and PaddleOCR return one box per line, sorted top to bottom over the *whole
page*, so on a page of side-by-side columns the lines of the columns
alternate (column A's line, column B's line at the same height, A's next…) —
text no reading can untangle. :func:`ordered_text` puts such lines back in
column order and returns the text for :func:`reflow.reflow` or
:func:`reflow.parse`::

    from rapidocr_onnxruntime import RapidOCR
    from reflow import reflow
    from reflow.ocr import ordered_text

    result, _ = RapidOCR()("page.png")
    print(reflow(ordered_text(result)))

**Input.** One page's lines (the cut is meant for a page: its cost grows
with the square of the number of lines at worst), each one of:

- ``[box, text, score]`` (RapidOCR), ``[box, (text, score)]`` (PaddleOCR);
- ``(text, box)`` or ``(box, text)``;
- a mapping with ``"text"`` and ``"box"`` (or ``"bbox"``).

A box is four numbers ``x0, y0, x1, y1`` (left, top, right, bottom) or a
list of corner points ``[[x, y], …]`` (its bounding rectangle is used). The
score, if any, is ignored. Anything else is a :class:`TypeError` that names
the line. Lines whose text is empty or all white space are left out (they
hold nothing to keep).

**Order: a recursive cut of the page (XY-cut), column first.** A set of
lines that a vertical gutter crosses — a strip of the page no box covers, at
least :data:`GUTTER` line heights wide, with lines on both sides — is cut
there, and each side read left to right. A set that no gutter crosses (a
headline spans it) is cut into horizontal bands at the heights no box
covers, and runs of consecutive bands that share a gutter (the lines of two
columns beside each other, band by band; a gutter that some band has lines
on both sides of, which a paragraph's indent is not) are read together, so
their columns come out whole; a band no other shares one with (a headline across
the columns), or one that a strip taller than :data:`REGION_GAP` line
heights parts from the band above (a running head over the columns; two
articles stacked), is read on its own, in its place from the top. A set with no
cut at all is one line (or boxes that overlap): read left to right.

**Blank lines.** None by default: one line of text per box, in order. With
``blank_lines=True``, a blank line is written where the next line does not
sit right below the one before in the same column — a column ends, or a gap
of more than :data:`PARAGRAPH_GAP` line heights opens. Measured on the
corpus dev split (RapidOCR's boxes of 48 pages, boundary F1 of reflow on the
text; ``benchmarks/accuracy.py --variant rapidocr-ordered``): RapidOCR's own
order 0.540; ordered here 0.782 without blank lines, 0.760 with them
(broadsheet pages gain a little from them, 1930s pages lose more: in
3–12-character columns a blank line at every column end says less than the
lines do). The same boxes in the gold reading order, no blank lines: 0.810.

The order is that of horizontal Chinese pages (columns left to right); pages
set vertically (columns right to left) are not handled here.

>>> lines = [  # two columns, as RapidOCR sorts them: by height across the page
...     ("左栏第一行文字", (0, 0, 70, 10)), ("右栏第一行文字", (90, 0, 160, 10)),
...     ("左栏第二行。", (0, 15, 60, 25)), ("右栏第二行。", (90, 15, 150, 25)),
... ]
>>> print(ordered_text(lines), end="")
左栏第一行文字
左栏第二行。
右栏第一行文字
右栏第二行。
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from numbers import Real

__all__ = ["ordered_text", "ordered_pages", "ordered_layout", "layout_lines", "reading_order",
           "GUTTER", "OVERLAP", "REGION_GAP", "PARAGRAPH_GAP"]

#: How wide a strip no box covers must be, in line heights (the median box
#: height), to be a gutter between columns. 1930s columns stand 0.7 line
#: heights apart. Dev, RapidOCR, boundary F1: 0.8 -> 0.748, 0.5 -> 0.773,
#: 0.3 -> 0.782, 0.2 -> 0.784 (1930s pages 0.461 -> 0.562 at 0.3; the others
#: level or up) — with a gutter only where some row has lines on both sides of
#: it (see :func:`_cut`); without that rule, 0.3 cost the wide pages 0.025
#: (indents read as gutters). 0.3, not lower: an OCR engine cuts a line in two
#: boxes at a space (记者 张三), a quarter to a half of a line height.
GUTTER = 0.3

#: How far, in line heights, an OCR box may reach into the line above or
#: below it and still leave a cut between them: boxes of consecutive lines of
#: a column often overlap a little (RapidOCR's by a tenth of a line; read left
#: to right as one line, they came out swapped). Dev, RapidOCR: boundary F1
#: 0.750 without it, 0.782 with it; 0.15 and 0.4 alike. The constants here are measured
#: on RapidOCR's boxes only, the one engine of the corpus whose order needs
#: them (Tesseract orders its own lines, and its text keeps its paragraphs).
OVERLAP = 0.25

#: A strip across the whole of a set of lines, taller than this in line
#: heights, parts what is above it from what is below it even where the two
#: share a gutter: two articles stacked, or a running head over the columns,
#: are read one after the other, not column by column through both. (Dev,
#: RapidOCR: boundary F1 0.772 without it, 0.782 at 1.0, 0.773 at 1.5; with
#: the wider gutter of before, alike from 0.6 to 1.0; lenient kind 0.906 ->
#: 0.922.)
REGION_GAP = 1.0

#: A vertical gap between two lines of one column wider than this, in line
#: heights, sets them apart (a blank line): more than a paragraph's leading.
PARAGRAPH_GAP = 1.0

Box = tuple[float, float, float, float]


def ordered_text(lines: Iterable, *, blank_lines: bool = False) -> str:
    """The text of one page's OCR *lines* (see the module docstring for the
    forms accepted), one line each, in reading order; with *blank_lines*, a
    blank line where a column ends or a region stands apart.

    >>> print(ordered_text([("右栏", (90, 0, 130, 10)), ("左栏", (0, 0, 40, 10))], blank_lines=True), end="")
    左栏
    <BLANKLINE>
    右栏
    """
    texts, boxes = _read(lines)
    out: list[str] = []
    height = _line_height(boxes)
    prev: int | None = None
    for i in (i for group in _order(boxes, height) for i in group):
        if blank_lines and prev is not None and not _right_below(boxes[prev], boxes[i], height):
            out.append("")
        out.append(texts[i])
        prev = i
    return "".join(line + "\n" for line in out)


def ordered_pages(pages: Iterable) -> str:
    """The text of several pages' OCR lines (one list of lines per page, as
    PaddleOCR returns them for a document; ``None`` for a page with none),
    each page put in reading order, a form feed between two pages (reflow
    reads a form feed as a page break: ``Block.page``).

    >>> ordered_pages([[("甲", (0, 0, 10, 10))], None, [("乙", (0, 0, 10, 10))]])
    '甲\\n\\x0c\\x0c乙\\n'
    """
    if isinstance(pages, (str, bytes, Mapping)) or not isinstance(pages, Iterable):
        raise TypeError(f"ordered_pages takes a list of pages of OCR lines, not {type(pages).__name__}")
    out = []
    for n, page in enumerate(pages):
        try:
            out.append(ordered_text(page if page is not None else []))
        except TypeError as exc:
            raise TypeError(f"page {n}: {exc}") from None
    return "\f".join(out)


#: A run of text on a line of ``pdftotext -layout`` output: non-spaces, with
#: single spaces inside (记者 张三); two spaces or more part two runs.
_RUN = re.compile(r"\S+(?: \S+)*")


def layout_lines(text: str) -> list[tuple[str, Box]]:
    """The pieces of one page printed with its columns side by side, padded
    with spaces (``pdftotext -layout``), each with a box on the character
    grid: a run of text on a line (two spaces or more part two runs) is a box
    as wide as its characters, from the character position it starts at, one
    row high; rows do not touch (a blank line between two rows is a strip no
    box covers). :func:`ordered_layout` puts them in reading order.

    The grid is pdftotext's: it sets each character at the position its x
    coordinate rounds to, so the runs of one column start within a position or
    two of each other and a gutter is a strip of spaces.

    >>> layout_lines("左栏第一行    右栏第一行\\n左栏第二行。  右栏第二行。")
    [('左栏第一行', (0, 0, 50, 16)), ('右栏第一行', (90, 0, 140, 16)), ('左栏第二行。', (0, 20, 60, 36)), ('右栏第二行。', (80, 20, 140, 36))]
    """
    out: list[tuple[str, Box]] = []
    for row, line in enumerate(text.splitlines()):
        for m in _RUN.finditer(line):
            out.append((m.group(), (m.start() * _CELL, row * _ROW, m.end() * _CELL, row * _ROW + _ROW_HEIGHT)))
    return out


#: The character grid of :func:`layout_lines`: a character position is 10
#: units wide, a row 20 high and its box 16 (so that 1 position is 0.6 line
#: heights: a gutter of one space is a gutter, see :data:`GUTTER`; a blank
#: line between rows is a strip 1.5 line heights tall, see :data:`REGION_GAP`).
_CELL, _ROW, _ROW_HEIGHT = 10, 20, 16


def ordered_layout(text: str) -> str:
    """``pdftotext -layout`` output (a page's columns side by side on each
    line, padded with spaces) in reading order: each page (form feeds part
    pages, and are kept) cut into its runs (:func:`layout_lines`) and put in
    order by the same cut of the page as OCR lines (:func:`ordered_text`),
    one run a line. Measured on the corpus (boundary F1 of reflow, test
    split): the -layout text as it is 0.48, ordered here 0.70 — about
    pdftotext's default mode (0.69); PyMuPDF's text of the same PDFs 0.93.
    Where the PDF is at hand, extract again (see the README's *What to feed
    it*); this is for -layout text that is all there is. A text without form
    feeds is one page, and the cut is meant for a page (module docstring):
    25,600 lines of pages run together took 1.3 s, 50 µs a line, as one page
    of 50 did.

    >>> print(ordered_layout("左栏第一行    右栏第一行\\n左栏第二行。  右栏第二行。\\n"), end="")
    左栏第一行
    左栏第二行。
    右栏第一行
    右栏第二行。
    """
    if not isinstance(text, str):
        raise TypeError(f"ordered_layout takes the text of pdftotext -layout, not {type(text).__name__}")
    return "\f".join(ordered_text(layout_lines(page)) for page in text.split("\f"))


def reading_order(boxes: Sequence[Box]) -> list[list[int]]:
    """The indices of *boxes* (``x0, y0, x1, y1``) in reading order, a group
    per printed line: one box, or boxes side by side that no gutter parts
    (left to right).

    >>> reading_order([(0, 0, 70, 10), (90, 0, 160, 10), (0, 15, 60, 25), (90, 15, 150, 25)])
    [[0], [2], [1], [3]]
    >>> reading_order([(0, 0, 160, 20), (0, 30, 70, 40), (90, 30, 160, 40), (0, 45, 70, 55)])
    [[0], [1], [3], [2]]
    """
    return _order(boxes, _line_height(boxes))


def _order(boxes: Sequence[Box], height: float) -> list[list[int]]:
    """:func:`reading_order`, the page's line *height* read already."""
    out: list[list[int]] = []
    if boxes:
        stack: list[list[int]] = [list(range(len(boxes)))]
        # Depth first, leftmost part first: the stack holds what is still to read, last first.
        while stack:
            part = stack.pop()
            for piece in reversed(_cut(part, boxes, height)):
                if isinstance(piece, tuple):
                    out.append(list(piece))
                else:
                    stack.append(piece)
    return out


def _cut(part: list[int], boxes: Sequence[Box], height: float) -> list:
    """One step of the cut: the pieces of *part* in reading order; a list is
    a set to cut again, a tuple a finished line. *height*: the page's line
    height.

    Every list returned is smaller than *part* (so the cut ends): columns,
    bands, or runs of bands, and where the runs would be one, the bands."""
    if len(part) == 1:
        return [tuple(part)]
    gap = GUTTER * height
    columns = _columns(part, boxes, gap)
    if len(columns) > 1:
        return columns
    bands = _bands(part, boxes, OVERLAP * height)
    if len(bands) == 1:  # one line (or boxes that overlap): left to right
        return [tuple(sorted(part, key=lambda i: (boxes[i][0], boxes[i][1])))]
    pieces: list = []
    run = list(bands[0])
    covered = _union([(boxes[i][0], boxes[i][2]) for i in run])
    bottom = max(boxes[i][3] for i in run)
    lines = [covered]  # what each band of the run covers
    for band in bands[1:]:
        spans = _union([(boxes[i][0], boxes[i][2]) for i in band])
        merged = _union(covered + spans)
        top = min(boxes[i][1] for i in band)
        # The band shares a gutter with the run, right below it, and some band
        # has lines on both sides of it: columns side by side.
        if top - bottom <= REGION_GAP * height and _two_sided(merged, spans, lines, gap):
            run.extend(band)
            covered = merged
            lines.append(spans)
            bottom = max(bottom, max(boxes[i][3] for i in band))
        else:
            pieces.append(run)
            run, covered, lines = list(band), spans, [spans]
            bottom = max(boxes[i][3] for i in band)
    pieces.append(run)
    if len(pieces) == 1:
        # Every band went into one run, yet no gutter cut the whole (its two
        # sides share a band but no height): read the bands in turn.
        return bands
    return pieces


def _columns(part: list[int], boxes: Sequence[Box], gap: float) -> list[list[int]]:
    """*part* cut at every gutter, left to right (one piece where there is
    none): a strip no box covers, with a line on either side of it at one
    height (a strip that only a paragraph's indent and the short line above
    it leave empty is none)."""
    order = sorted(part, key=lambda i: boxes[i][0])
    pieces = [[order[0]]]
    right = boxes[order[0]][2]
    for i in order[1:]:
        if boxes[i][0] - right >= gap:
            pieces.append([])
        pieces[-1].append(i)
        right = max(right, boxes[i][2])
    out = [pieces[0]]
    for piece in pieces[1:]:
        if _side_by_side(out[-1], piece, boxes):
            out.append(piece)
        else:
            out[-1].extend(piece)
    return out


def _side_by_side(left: list[int], right: list[int], boxes: Sequence[Box]) -> bool:
    """Does a box of *left* share a height with a box of *right*?"""
    a = sorted((boxes[i][1], boxes[i][3]) for i in left)
    b = sorted((boxes[i][1], boxes[i][3]) for i in right)
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i][0] < b[j][1] and b[j][0] < a[i][1]:
            return True
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return False


def _bands(part: list[int], boxes: Sequence[Box], overlap: float) -> list[list[int]]:
    """*part* cut at every height no box covers, top to bottom; boxes that
    overlap the ones above by less than *overlap* do not close a gap."""
    order = sorted(part, key=lambda i: (boxes[i][1], boxes[i][0]))
    bands = [[order[0]]]
    bottom = boxes[order[0]][3]
    for i in order[1:]:
        if boxes[i][1] >= bottom - overlap:
            bands.append([])
        bands[-1].append(i)
        bottom = max(bottom, boxes[i][3])
    return bands


def _union(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The intervals *spans* cover, merged, left to right."""
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _two_sided(covered: list[tuple[float, float]], band: list[tuple[float, float]],
               others: list[list[tuple[float, float]]], gap: float) -> bool:
    """Do the merged intervals *covered* leave a gutter between two of them
    that *band*, or one of the *others* (each the merged intervals of a
    band's boxes), has boxes on both sides of? A line's indent is a strip the
    short last line above it leaves empty too, but no band has a box on both
    sides of it: it is no gutter (a wide page read its paragraphs' last lines
    as a column of their own). The newest band is looked at first: in a run
    of columns side by side nearly every band straddles the gutter."""
    for a, b in zip(covered, covered[1:]):
        if b[0] - a[1] >= gap:
            left, right = a[1], b[0]
            for spans in chain((band,), reversed(others)):
                if spans and spans[0][0] <= left and spans[-1][1] >= right:
                    return True
    return False


def _right_below(a: Box, b: Box, height: float) -> bool:
    """Does box *b* sit right below box *a* in the same column: overlapping
    it across, and below it by no more than the leading of a paragraph?"""
    return b[0] < a[2] and a[0] < b[2] and 0 <= b[1] - a[3] <= PARAGRAPH_GAP * height


def _line_height(boxes: Sequence[Box]) -> float:
    """The median box height (1 where there are no boxes or they are flat)."""
    heights = sorted(b[3] - b[1] for b in boxes)
    return (heights[len(heights) // 2] if heights else 0) or 1.0


# -- reading the input -------------------------------------------------------


def _read(lines: Iterable) -> tuple[list[str], list[Box]]:
    if isinstance(lines, (str, bytes, Mapping)) or not isinstance(lines, Iterable):
        raise TypeError(f"ordered_text takes a page's OCR lines (a list), not {type(lines).__name__}")
    texts: list[str] = []
    boxes: list[Box] = []
    for n, item in enumerate(lines):
        text, box = _line(item, n)
        if text.strip():
            texts.append(text)
            boxes.append(box)
    return texts, boxes


def _line(item, n: int) -> tuple[str, Box]:
    """The text and the box of OCR line *item* (the *n*-th)."""
    text = box = None
    if isinstance(item, Mapping):
        text, box = item.get("text"), item.get("box", item.get("bbox"))
    elif isinstance(item, Sequence) and not isinstance(item, (str, bytes)):
        for part in item:
            if isinstance(part, str) and text is None:
                text = part
            elif (isinstance(part, Sequence) and not isinstance(part, (str, bytes)) and part
                  and isinstance(part[0], str) and text is None):
                text = part[0]  # PaddleOCR: (text, score)
            elif box is None and _as_box(part) is not None:
                box = part
    rect = _as_box(box) if box is not None else None
    if not isinstance(text, str) or rect is None:
        raise TypeError(f"OCR line {n}: expected a text and a box (x0, y0, x1, y1 or corner points), got {item!r:.120}")
    return text, rect


def _as_box(value) -> Box | None:
    """*value* as ``(x0, y0, x1, y1)``: four numbers, or corner points."""
    if not isinstance(value, Sequence) or isinstance(value, (str, bytes)) or not value:
        return None
    if len(value) == 4 and all(_number(v) for v in value):
        x0, y0, x1, y1 = (float(v) for v in value)
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    points = [p for p in value if isinstance(p, Sequence) and not isinstance(p, (str, bytes))]
    if len(points) == len(value) and len(points) >= 2 and all(len(p) == 2 and all(_number(v) for v in p) for p in points):
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        return (min(xs), min(ys), max(xs), max(ys))
    return None


def _number(v) -> bool:
    """A coordinate: a finite real number (not a bool, not NaN or infinity)."""
    return isinstance(v, Real) and not isinstance(v, bool) and math.isfinite(v)
