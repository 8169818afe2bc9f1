"""Layout: what the page tells us about each line, and whether two lines join.

Two steps, both one pass over the lines:

1. :func:`annotate` reads each line on its own and against its neighbours:
   jump markers (split off body lines), bylines, page furniture, datelines,
   terminal punctuation, and the *column width* measured from the lines around
   it (the width most neighbouring lines share).
2. :func:`decide` walks the boundaries between consecutive lines and applies the
   join/break rules in :data:`RULES`, in order, first match wins.

Widths are in half-cells (``chars.width``): a CJK character is :data:`CHAR` wide.

The evidence, in the words of the page:

* A line that *fills the column* and does not end a sentence runs on into the
  next line — across a blank line too: that blank is a *column break*.
* A paragraph's first line lost its two-character indent in extraction, so it
  fills the column when it is two characters short of it.
* A blank line after a short line is a paragraph break, whatever punctuation
  ends the line (older pages end sentences with 、; modern ones break off
  mid-sentence where an article jumps to another page).
* Where every line is followed by a blank line, the blanks carry no meaning.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass

import regex

from . import markers as _markers
from .chars import CAPTION_MARKS, CLAUSE_PUNCT, HAS_CJK, CLOSING_BRACKETS, NO_LINE_START, PROSE_PUNCT, TERMINAL_PUNCT
from .lines import Line
from .options import Options
from .patterns import dateline_length, is_byline, is_running_head

#: Width of one CJK character in half-cells.
CHAR = 4

_PROSE = regex.compile("[" + regex.escape(PROSE_PUNCT) + "]")
_CLAUSE = regex.compile("[" + regex.escape(CLAUSE_PUNCT) + "]")
_MARKER_HINT = regex.compile(r"[转轉接见見]")
_PAGE_HINT = regex.compile(r"[版頁页面]|[Pp]\.?\s?\d")
_BYLINE_HINT = regex.compile(
    r"记者|記者|通讯员|通訊員|实习生|實習生|[摄攝]|撰|编辑|編輯|整理|评论员|評論員|[文图圖]\s*[/／:：]"
)
_FURNITURE_HINT = regex.compile(
    r"版|编|編|ISSN|定价|定價|零售|出版物|邮发|郵發|校对|校對|美编|美編|星期|週"
)
_DATELINE_HINT = regex.compile(r"[讯訊电電]")
_LATIN_END = regex.compile(r"[A-Za-z,;:\-]\Z")


@dataclass(slots=True)
class Facts:
    """What layout analysis found out about one line."""

    kind: str | None = None  #: "marker", "byline", "furniture" or None (running text)
    marker: _markers.JumpMarker | None = None
    terminal: bool = False  #: ends a sentence (。！？… possibly followed by ”）)
    prose: bool = False  #: contains prose punctuation (，。、；：“”《》（）)
    clause: bool = False  #: contains clause punctuation (，。、；：？！)
    dateline: int = 0  #: length of the dateline opening the line
    column: int = 0  #: measured column width around the line (0: no evidence)
    full: int = 0  #: the widest line of that column, less one hanging mark (the set width)
    gap: int = 0  #: blank lines before the line that carry meaning
    headline_like: bool = False  #: short, no punctuation: a headline if it stands apart


@dataclass(slots=True)
class Decision:
    """What happens at the boundary before a line: joined to the previous one or not."""

    join: bool
    rule: str
    reason: str


def is_terminal(text: str) -> bool:
    """Does *text* end a sentence (。！？… possibly followed by ”）, or an
    English full stop)?

    >>> is_terminal("一切行动听指挥”。"), is_terminal("实现社区全覆盖，"), is_terminal("U.S. 3.")
    (True, False, False)
    """
    core = text.rstrip(CLOSING_BRACKETS + " ")
    if not core:
        return False
    last = core[-1]
    if last in TERMINAL_PUNCT:
        return True
    # An ASCII full stop ends an English sentence, not "3." or "U.S." mid-text.
    return last == "." and len(core) > 1 and core[-2].isalpha() and core[-2].isascii()


def split_markers(lines: list[Line]) -> tuple[list[Line], dict[int, _markers.JumpMarker]]:
    """Find jump markers: whole lines, a marker split over two short lines,
    and markers at the end or start of a body line (split into their own Line).

    Returns the new list of lines and, by position in it, the marker of each
    marker line.
    """
    out: list[Line] = []
    found: dict[int, _markers.JumpMarker] = {}
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        text = line.text
        if _MARKER_HINT.search(text) is None:
            out.append(line)
            i += 1
            continue
        marker = _markers.parse_marker(text)
        if marker is not None:
            found[len(out)] = marker
            out.append(line)
            i += 1
            continue
        # (详见第 / 7版): a marker the layout split over two short lines.
        if i + 1 < n and len(text) <= 12 and len(lines[i + 1].text) <= 12 and not lines[i + 1].page_break:
            nxt = lines[i + 1]
            marker = _markers.parse_marker(text + nxt.text)
            if marker is not None:
                merged = Line(text + nxt.text, line.start, nxt.end, line.number, line.gap, line.page_break, page=line.page)
                found[len(out)] = marker
                out.append(merged)
                i += 2
                continue
        tail = text[-_markers.MAX_MARKER_CHARS:]
        split = _markers.split_trailing_marker(text) if _PAGE_HINT.search(tail) else None
        if split is not None:
            before, marker = split
            cut = len(before)
            mstart = line.start + text.index(marker.raw[0], cut)
            out.append(Line(before, line.start, line.start + cut, line.number, line.gap, line.page_break, page=line.page))
            found[len(out)] = marker
            out.append(Line(text[mstart - line.start:], mstart, line.end, line.number, 0, False, page=line.page))
            i += 1
            continue
        split_head = _markers.split_leading_marker(text) if _PAGE_HINT.search(text[: _markers.MAX_MARKER_CHARS]) else None
        if split_head is not None:
            marker, rest = split_head
            rstart = line.end - len(rest)
            found[len(out)] = marker
            mtext = text[: rstart - line.start].rstrip()
            out.append(Line(mtext, line.start, line.start + len(mtext), line.number, line.gap, line.page_break, page=line.page))
            out.append(Line(rest.lstrip(), line.end - len(rest.lstrip()), line.end, line.number, 0, False, page=line.page))
            i += 1
            continue
        out.append(line)
        i += 1
    return out, found


def annotate(lines: list[Line], found: dict[int, _markers.JumpMarker], options: Options) -> list[Facts]:
    """Read every line: kind, punctuation, dateline, and the column width around it."""
    facts = []
    for i, line in enumerate(lines):
        text = line.text
        f = Facts()
        if i in found:
            f.kind, f.marker = "marker", found[i]
        elif len(text) <= 60 and _BYLINE_HINT.search(text) and is_byline(text):
            f.kind = "byline"
        elif len(text) <= 60 and _FURNITURE_HINT.search(text) and is_running_head(text):
            f.kind = "furniture"
        else:
            f.terminal = is_terminal(text)
            f.prose = _PROSE.search(text) is not None
            f.clause = f.prose and _CLAUSE.search(text) is not None
            if _DATELINE_HINT.search(text, 0, 40):
                f.dateline = dateline_length(text)
        facts.append(f)
    _remove_double_spacing(lines, facts)
    _measure_columns(lines, facts, options)
    for line, f in zip(lines, facts):
        f.headline_like = (
            f.kind is None
            and not f.clause
            and not f.terminal
            and not f.dateline
            and len(line.text) <= options.max_headline_chars
            and (not _fills(line.width, f.column, first=False) or over_wide(line.width, f.column))
        )
    return facts


def _measure_columns(lines: list[Line], facts: list[Facts], options: Options) -> None:
    """Set ``Facts.column``: the width most of the surrounding lines share.

    Around each line (``options.column_window`` lines either side, within its
    stretch of running text — bylines, page furniture and page breaks bound an
    article — or across the bounds when the stretch is too short to tell;
    then three times as far), the widths of lines that could be full column
    lines (running text that does not end a sentence) are sorted, and the
    densest band of width ``2 * tolerance`` is found. It counts as a column
    when it holds at least three lines, at least ``options.column_density`` of
    the lines around, and prose punctuation in proportion to its width (see
    :func:`prose_share`) — a stack of short headlines or a flattened table is
    not a column. The column width is the upper quartile of the band.
    """
    radius = options.column_window
    limit = options.max_column_cells * 2
    # Marker lines carry no evidence of width and are left out altogether, so
    # that a marker between two paragraphs changes nothing about them.
    keep = [i for i, f in enumerate(facts) if f.kind != "marker"]
    n = len(keep)
    # Prose evidence: clause punctuation counts 1, quotes and brackets only ½
    # (headlines have those too: 政协委员的抗“疫”足迹).
    support = []
    for i in keep:
        line, f = lines[i], facts[i]
        ok = f.kind is None and not f.terminal and line.width <= limit
        support.append((line.width, 1.0 if f.clause else 0.5 if f.prose else 0.0) if ok else None)
    stretch_start, stretch_end = _stretches(lines, facts, keep)
    density = options.column_density
    cache: dict[tuple, int] = {"prose": list(accumulate((s[1] if s else 0.0 for s in support), initial=0.0))}
    for k, i in enumerate(keep):
        column = full = 0
        # Nearest evidence first: the stretch, then across its bounds; then the
        # same three times as wide (a column holds through an article, and a
        # passage without commas — a long 《title》 — can hide it locally).
        for r in (radius, 3 * radius):
            lo = max(k - r, 0)
            hi = min(k + r + 1, n)
            column, full = _band(support, max(lo, stretch_start[k]), min(hi, stretch_end[k]), density, cache)
            if not column:
                column, full = _band(support, lo, hi, density, cache)
            if column:
                break
        facts[i].column = column
        facts[i].full = full
    full_support: list = [None] * len(lines)
    for k, i in enumerate(keep):
        full_support[i] = support[k]
    support = full_support
    _pair_evidence(lines, facts, support)


def _stretches(lines: list[Line], facts: list[Facts], keep: list[int]) -> tuple[list[int], list[int]]:
    """The stretch of running text around each kept line, as ``[start, end)``
    positions in *keep*: bylines, page furniture and page breaks bound an
    article's text (a byline or furniture line is a stretch of its own)."""
    n = len(keep)
    stretch_start = [0] * n
    stretch_end = [n] * n
    start = 0
    for k, i in enumerate(keep):
        if facts[i].kind is not None or lines[i].page_break:
            start = k + 1 if facts[i].kind is not None else k
        stretch_start[k] = start
    end = n
    for k in range(n - 1, -1, -1):
        i = keep[k]
        if facts[i].kind is not None:
            end = k
        stretch_end[k] = end
        if lines[i].page_break:
            end = k
    return stretch_start, stretch_end


def _pair_evidence(lines: list[Line], facts: list[Facts], support: list) -> None:
    """Where no column was found, a short paragraph still shows one: two
    consecutive lines of one width with prose punctuation, then a line no
    wider that ends the sentence (这是一条新闻的第一个段落，记者了解 / 到，活动… /
    …受益匪浅。). Its three lines get that width as their column."""
    for i in range(len(lines) - 2):
        if facts[i].column or facts[i + 1].column:
            continue
        a, b, c = support[i], support[i + 1], lines[i + 2]
        if a is None or b is None or a[1] < 1 or b[1] < 1:
            continue
        if facts[i + 1].gap or facts[i + 2].gap or not facts[i + 2].terminal or facts[i + 2].kind is not None:
            continue
        wide = max(a[0], b[0])
        if wide < 6 * CHAR:
            continue
        tol = max(6, wide // 12)
        if abs(a[0] - b[0]) <= 2 * tol and c.width <= wide + tol:
            for j in (i, i + 1, i + 2):
                facts[j].column = facts[j].column or wide
                facts[j].full = facts[j].full or wide


def prose_share(column: int) -> float:
    """The share of a column's lines expected to hold prose punctuation.

    Measured on laid-out text: 39% of 4-character lines, 68% of 8, 85% of 12,
    94% of 17, 98% of 25 — fitted by 1 - e^(-w/8.5). A band of lines counts
    as a column when at least a third of the expected share shows clause
    punctuation, and at least one line does.

    >>> round(prose_share(17 * CHAR), 2)
    0.86
    """
    return 1.0 - math.exp(-column / CHAR / 8.5)


def _band(support: list, lo: int, hi: int, density: float, cache: dict) -> tuple[int, int]:
    """The column width of lines[lo:hi] and its set width, or (0, 0) when they
    show no column.

    The column width is the band's upper quartile (what a full line reaches);
    the set width is its widest line less one hanging mark (what the column
    holds: the measure the lost indent is read against). Three lines of one
    width make a column; two do not (see :func:`_pair_evidence` for the one
    pattern of two that does). Answers are cached by ``(lo, hi)``: the lines
    of a short stretch share one window; ``cache["prose"]`` holds prefix sums
    of the prose scores, so a window without prose is answered at once.
    """
    cached = cache.get((lo, hi))
    if cached is not None:
        return cached
    prose_sums = cache["prose"]
    if prose_sums[hi] - prose_sums[lo] < 1.0:  # no band here can show prose: no column
        cache[(lo, hi)] = (0, 0)
        return 0, 0
    window = [s for s in support[lo:hi] if s is not None]
    column = full = 0
    count = len(window)
    if count >= 3 and count >= density * (hi - lo):
        window.sort()
        widths = [w for w, _ in window]
        best_count, best_lo, best_hi = 0, 0, 0
        for left, w in enumerate(widths):
            right = bisect_right(widths, w + (12 if w < 72 else w // 6), left)
            if right - left >= best_count:
                best_count, best_lo, best_hi = right - left, left, right
        if best_count >= 3 and best_count >= density * (hi - lo):
            # Full lines are the top of the band (first lines and short ones
            # pull the middle down): the upper quartile is the column width.
            upper = widths[best_lo + (3 * best_count) // 4] if best_count > 3 else widths[best_hi - 1]
            prose = sum(p for _, p in window[best_lo:best_hi])
            if prose >= max(1.0, best_count * prose_share(upper) / 3):
                column = upper
                full = max(upper, widths[best_hi - 1] - 2)
    cache[(lo, hi)] = column, full
    return column, full


def _remove_double_spacing(lines: list[Line], facts: list[Facts]) -> None:
    """Set ``Facts.gap``: the blank lines before a line that carry meaning.

    A region with a blank line after every line is double-spaced: there a
    single blank means nothing (it counts 0) and two count as one. A run of at
    least four single-blank gaps is such a region when the blanks follow lines
    in mid-sentence — at least half of its lines, and three or more, are
    running text that does not end a sentence. (A headline, a byline and a
    one-line paragraph, each followed by a blank, are not double spacing.)
    """
    # Marker lines are left out, as everywhere in layout evidence: a marker
    # between two paragraphs changes nothing about them. The line after a
    # marker counts the blank lines before the marker, not those after it.
    keep = [k for k, f in enumerate(facts) if f.kind != "marker"]
    gap_before_markers = None
    for line, f in zip(lines, facts):
        if f.kind == "marker":
            if gap_before_markers is None:
                gap_before_markers = line.gap
            f.gap = line.gap
            continue
        f.gap = line.gap if gap_before_markers is None else gap_before_markers
        gap_before_markers = None
    n = len(keep)
    gaps = [facts[k].gap for k in keep]
    i = 1
    while i < n:
        if gaps[i] != 1:
            i += 1
            continue
        j = i
        while j < n and gaps[j] == 1:
            j += 1
        # Lines i-1 .. j-1 are each followed by exactly one blank line (but the last).
        run = [keep[k] for k in range(i - 1, j)]
        mid_sentence = sum(1 for k in run if facts[k].kind is None and not facts[k].terminal and facts[k].clause)
        if j - i >= 4 and mid_sentence >= 3 and 2 * mid_sentence >= len(run):
            for k in range(i, j):
                facts[keep[k]].gap = 0
            if j < n and gaps[j] > 1:
                facts[keep[j]].gap = gaps[j] - 1
        i = j


def _slack(column: int) -> int:
    """How far short of the column a full line may fall: 1.5 characters, or 8%
    on wide columns (punctuation compression and half-width digits)."""
    return max(6, column // 12)


def _fills(width: int, column: int, first: bool, dateline: bool = False) -> bool:
    """Does a line of *width* fill a column of *column*?

    A paragraph's *first* line lost a two-character indent (a quarter of the
    column at most, for very narrow columns); a dateline's separator was a
    full-width space extracted as a narrow one.
    """
    if not column:
        return False
    allowance = _slack(column)
    if first:
        allowance += min(2 * CHAR, column // 4)
    if dateline:
        allowance += CHAR // 2
    return width >= column - allowance


def over_wide(width: int, column: int) -> bool:
    """A line much wider than its column spans columns: a headline or a banner."""
    return bool(column) and width > column + max(3 * CHAR, column // 5)


# --------------------------------------------------------------------------
# Join / break rules. Each looks at one Boundary and returns a Decision, or
# None to pass. They are tried in the order of RULES, most specific first.
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Boundary:
    """The boundary between line ``a`` and the line ``b`` after it."""

    a: Line
    fa: Facts
    b: Line
    fb: Facts
    first: bool  #: ``a`` opens its paragraph (the boundary before it was a break)
    a_above: bool  #: ``a`` stands apart from what is above it (blank, byline, marker, start)
    b_apart: bool  #: ``b`` is followed by a blank, a marker, a byline or the end
    b_runs_on: bool  #: ``b`` is followed, with no blank line, by running text
    next_width: int  #: width of the line after ``b`` when that line runs on (does not end a sentence), else 0
    blank_paragraphs: bool  #: the page separates its paragraphs with blank lines
    max_column: int  #: widest column line, in half-cells (Options.max_column_cells)


def rule_page_break(x: Boundary) -> Decision | None:
    """A form feed (a new page) ends whatever came before."""
    if x.b.page_break:
        return Decision(False, "page_break", "a form feed starts a new page")
    return None


def rule_furniture(x: Boundary) -> Decision | None:
    """Markers, bylines and page furniture are blocks of their own, never glued."""
    for side, f in (("the previous line", x.fa), ("this line", x.fb)):
        if f.kind is not None:
            return Decision(False, f.kind, f"{side} is a {f.kind}")
    return None


def rule_continuation_punct(x: Boundary) -> Decision | None:
    """A line that starts with a comma, full stop or closing quote continues the
    clause before it (，旋得友人紹介，)."""
    if x.b.text[0] in NO_LINE_START:
        return Decision(True, "continuation_punct", f"starts with {x.b.text[0]!r}, which never opens a line")
    return None


def rule_dateline(x: Boundary) -> Decision | None:
    """A dateline (株洲日报讯, 新华社北京2月3日电) opens a new paragraph."""
    if x.fb.dateline:
        return Decision(False, "dateline", f"opens with the dateline {x.b.text[: x.fb.dateline]!r}")
    return None


def rule_caption(x: Boundary) -> Decision | None:
    """A photo caption (▲ ■ …) opens a block of its own; it may wrap over lines."""
    if x.b.text[0] in CAPTION_MARKS:
        return Decision(False, "caption", f"opens with the caption mark {x.b.text[0]!r}")
    return None


def rule_sentence_end(x: Boundary) -> Decision | None:
    """A line that ends a sentence ends its paragraph — unless it fills its
    column, no blank line follows, and the page is one that separates its
    paragraphs with blank lines: then the sentence just ended at the column
    edge (but not when the next line is indented and runs straight on).

    Without blank lines (bare OCR output) the indent still speaks: against the
    column's set width, a paragraph's first line is two characters short (1.5
    with a hanging mark), a line that runs on at most half a character short;
    and a first line is a whole character narrower than the line after it. A
    following line wider than the midway point, and not narrower than the line
    after it, that goes on, is no first line. Otherwise a
    full line ending a sentence is taken as a paragraph end: a harmless split,
    where the opposite error would glue two paragraphs together.
    """
    if x.fa.terminal:
        if x.fb.gap == 0 and _fills(x.a.width, x.fa.column, x.first, bool(x.fa.dateline)):
            full = max(x.fa.full, x.fb.full)
            # An indented first line is two characters short of the set width, or
            # a whole character narrower than the line that runs on after it.
            indented = not x.fb.terminal and x.b_runs_on and (
                x.b.width <= full - 6 or (x.next_width and x.b.width <= x.next_width - CHAR)
            )
            if x.blank_paragraphs and not indented:
                return None  # paragraph ends have blank lines here: the sentence ended at the edge
            if (
                x.fb.clause and not x.fb.terminal and not indented
                and x.b.width > full - 5 and not over_wide(x.b.width, full)
            ):
                return None  # the next line is no indented first line: no new paragraph starts there
        return Decision(False, "sentence_end", "the previous line ends a sentence")
    return None


def rule_standalone(x: Boundary) -> Decision | None:
    """A short line without punctuation that stands apart is a headline, not text.

    The line before the boundary stands apart when blank lines (that mean
    something) stand above and below it, or a byline, marker or the start of
    the page above it — a paragraph's first line without punctuation, before
    a column break, has text directly above it. The line after the boundary
    stands apart when a blank, a marker, a byline, another such line or the
    end of the page follows it (a paragraph's last line ends with punctuation,
    so an unpunctuated short line is no last line).
    """
    if x.fa.headline_like and x.fb.gap >= 1 and x.a_above:
        return Decision(False, "standalone", "the previous line is short, unpunctuated and followed by a blank line")
    if x.fb.headline_like and x.b_apart:
        return Decision(False, "standalone", "this line is short, unpunctuated and stands apart")
    return None


def rule_latin_wrap(x: Boundary) -> Decision | None:
    """English wraps: a line of Latin text as long as a column line (40 cells
    or more, up to ``max_column_cells``), ending in a word or a comma, then a
    lower-case word — across a blank line or a page break too, as a sentence
    runs on. Decided from the text alone, so it reads the same on any pass."""
    if (
        x.b.text[0].islower()
        and x.b.text[0].isascii()
        and _LATIN_END.search(x.a.text)
        and 80 <= x.a.width <= x.max_column
        and not HAS_CJK.search(x.a.text)
    ):
        return Decision(True, "latin_wrap", "English text wraps onto a lower-case line")
    return None


def rule_no_column(x: Boundary) -> Decision | None:
    """Without a measured column there is no evidence for a join."""
    if not x.fa.column:
        return Decision(False, "no_column", "no column width could be measured around the previous line")
    return None


def rule_over_wide(x: Boundary) -> Decision | None:
    """A line much wider than the column spans columns (a headline): it never
    runs on into the column below."""
    if over_wide(x.a.width, x.fa.column):
        return Decision(False, "over_wide", "the previous line is wider than its column")
    return None


def rule_fills_column(x: Boundary) -> Decision | None:
    """A line that fills the column runs on into the next one; across a blank
    line too — that blank is a column break."""
    if _fills(x.a.width, x.fa.column, x.first, bool(x.fa.dateline)):
        if x.fb.gap:
            return Decision(True, "column_break", "the previous line fills its column; the blank line is a column break")
        return Decision(True, "column_wrap", "the previous line fills its column")
    return None


def rule_short_line(x: Boundary) -> Decision | None:
    """Otherwise the previous line is short: its paragraph ended there."""
    return Decision(False, "short_line", "the previous line stops short of its column")


#: The join/break rules, in the order they are tried. The load-bearing parts
#: of the order: markers and bylines before everything (they are never glued);
#: a leading comma and an English wrap before the page-break and sentence-end
#: rules (a clause goes on across a page break, and after 。” a ， continues it); the standalone-headline rule before the column rules (a headline can be
#: as wide as a paragraph's first line); the short-line rule last.
RULES = (
    rule_furniture,
    rule_continuation_punct,
    rule_latin_wrap,
    rule_page_break,
    rule_dateline,
    rule_caption,
    rule_sentence_end,
    rule_standalone,
    rule_no_column,
    rule_over_wide,
    rule_fills_column,
    rule_short_line,
)


def _apart(lines: list[Line], facts: list[Facts]) -> list[bool]:
    """Which headline-like lines stand apart: followed by a meaningful blank, a
    page break, a byline, a dateline, another standing line, or the end.
    Marker lines are passed over (they are no evidence)."""
    n = len(lines)
    apart = [False] * n
    nxt = None  # index of the next non-marker line
    for i in range(n - 1, -1, -1):
        if facts[i].kind == "marker":
            continue
        if facts[i].headline_like:
            if nxt is None:
                apart[i] = True
            else:
                nf = facts[nxt]
                apart[i] = nf.gap >= 1 or lines[nxt].page_break or nf.kind is not None or nf.dateline > 0 or apart[nxt]
        nxt = i
    return apart


def _above(lines: list[Line], facts: list[Facts]) -> list[bool]:
    """Which lines stand apart from what is above them: a meaningful blank, a
    page break, a byline or furniture, a headline-like line, or the start.
    Marker lines are passed over."""
    above = [False] * len(lines)
    prev = None  # facts of the previous non-marker line
    for i, (line, f) in enumerate(zip(lines, facts)):
        if f.kind == "marker":
            above[i] = True
            continue
        above[i] = prev is None or f.gap >= 1 or line.page_break or prev.kind is not None or prev.headline_like
        prev = f
    return above


#: Lines either side of a boundary whose paragraph ends are evidence of how
#: the page around it separates paragraphs.
PARAGRAPH_EVIDENCE_WINDOW = 40


def blank_separated_paragraphs(lines: list[Line], facts: list[Facts]) -> list[bool]:
    """For each line: does the page around it separate paragraphs with blank lines?

    Evidence: of the lines nearby (±:data:`PARAGRAPH_EVIDENCE_WINDOW`) that
    end a sentence, at least half (and three) are followed by a blank line
    that means something (not one of a double-spaced region). On such a page
    every paragraph end is; on a bare page none is. (On the seed page: 9 of
    12.) Read within the article's stretch where it shows three sentence
    ends; a shorter article that shows a clear paragraph end (a short line
    ending a sentence) with text right after it is taken as bare; else the
    evidence nearby. A page can mix articles set with and without blanks.
    """
    keep = [k for k, f in enumerate(facts) if f.kind != "marker"]  # markers: no evidence
    n = len(keep)
    ends = [0] * (n + 1)
    followed = [0] * (n + 1)
    bare = [0] * (n + 1)  # clear paragraph ends with running text right after them
    for k in range(n):
        i = keep[k]
        f = facts[i]
        end = k + 1 < n and f.terminal
        after = facts[keep[k + 1]] if k + 1 < n else None
        ends[k + 1] = ends[k] + end
        followed[k + 1] = followed[k] + (end and after.gap > 0)
        clear = end and f.column and not _fills(lines[i].width, f.column, first=True)
        bare[k + 1] = bare[k] + bool(clear and after.gap == 0 and after.kind is None)
    w = PARAGRAPH_EVIDENCE_WINDOW
    stretch_start, stretch_end = _stretches(lines, facts, keep)
    out = [False] * len(lines)
    for k in range(n):
        lo, hi = max(0, k - w), min(n, k + w + 1)
        # The article's own evidence first: a page can mix articles set with
        # and without blank lines. A short article that shows a clear
        # paragraph end with text right after it is set without them.
        slo, shi = max(lo, stretch_start[k]), min(hi, stretch_end[k])
        if ends[shi] - ends[slo] >= 3:
            lo, hi = slo, shi
        elif bare[shi] - bare[slo]:
            continue
        f = followed[hi] - followed[lo]
        out[keep[k]] = f >= 3 and 2 * f >= ends[hi] - ends[lo]
    return out


def decide(lines: list[Line], facts: list[Facts], options: Options) -> list[Decision | None]:
    """The decision at the boundary before each line (None before the first)."""
    apart = _apart(lines, facts)
    above = _above(lines, facts)
    n = len(lines)
    runs_on = [i + 1 < n and facts[i + 1].gap == 0 and facts[i + 1].kind is None for i in range(n)]
    next_width = [lines[i + 1].width if runs_on[i] and not facts[i + 1].terminal else 0 for i in range(n)]
    blank_paragraphs = blank_separated_paragraphs(lines, facts)
    decisions: list[Decision | None] = [None] * len(lines)
    first = True
    for i in range(1, len(lines)):
        x = Boundary(
            lines[i - 1], facts[i - 1], lines[i], facts[i], first, above[i - 1], apart[i], runs_on[i], next_width[i],
            blank_paragraphs[i - 1], options.max_column_cells * 2,
        )
        for rule in RULES:
            decision = rule(x)
            if decision is not None:
                break
        decisions[i] = decision
        first = not decision.join
    return decisions
