"""Layout: which printed lines run on into the next, and which end a block.

Four stages, each one pass (or one dynamic programme) over the line table of a
*section* (a page — the text between form feeds — or, in a page without form
feeds, about :data:`reflow.lines.SECTION_CHARS` characters of it; see
:func:`reflow.lines.sections`), each writing a table of plain values:

1. :func:`split_markers` — jump markers (下转A2版①) become lines of their own.
2. :func:`line_features` — what each line says on its own: its grammar kind
   (marker, byline, page furniture), sentence end, clause punctuation, a
   dateline at its start, whether it could be a headline.
3. :func:`segment_columns` — the *column model*: the section's set widths (a
   palette of the widths that wrapped prose lines share), then a Viterbi
   segmentation of the lines into stretches of one set width each, or of no
   column at all (headline stacks, furniture, a rendering of reflow's own
   output). Tolerances are relative to the set width.
4. :func:`decide` — at every boundary, the ordered rules of :data:`RULES`
   decide *join* or *break*; the first that speaks wins.

Widths are in half-cells (``chars.width``): a CJK character is :data:`CHAR` wide.
Whether the page set its CJK punctuation at half width (modern compressed
setting) or full width (older pages, browsers) is estimated per section.

Every rule has a stable name: the same string is the decision's ``rule`` in
:func:`reflow.explain`, the stats key (``join:column_wrap``) and the id the
native engine uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import regex

from . import markers as _markers
from .chars import (
    BYLINE_MARKS, CAPTION_MARKS, CJK_CLASS, CLAUSE_PUNCT, CLOSING_BRACKETS, CONTINUING_PUNCT, ENGLISH_TITLES, HAS_CJK,
    MARKDOWN_OPENERS,
    NO_LINE_START, OPENING_BRACKETS, TERMINAL_PUNCT, cuts_word, is_decoration, is_markdown_line, is_word, label_cell,
    number_cell, opens_address, opens_with_particle, table_row, unbalanced, width,
)
from .lines import LineTable
from .normalize import collapse_letter_spacing
from .options import Options
from .patterns import PHOTO_CREDIT_WINDOW, closes_with_photo_credit, dateline_length, is_byline, is_folio, is_running_head

#: Width of one CJK character in half-cells.
CHAR = 4
#: How far past the set width a full line may reach: one hanging mark.
HANG = 2
#: Most set widths one section can have (articles of several widths, a column
#: narrowed around a photo).
MAX_PALETTE = 6
#: Lines of one width a column needs before it counts (one pair of neighbours,
#: one of which wraps mid-word: see _palette).
MIN_COLUMN_LINES = 2

_CLAUSE = regex.compile("[" + regex.escape(CLAUSE_PUNCT) + "]")
_CJK_PUNCT = regex.compile("[\u2000-\u203f\u3000-\u303f\uff00-\uff3f]")
_MARKER_HINT = regex.compile(r"[转轉接见見]")
_TEASER_ENDS = frozenset("0123456789０１２３４５６７８９")
_PAGE_HINT = regex.compile(r"[版頁页面]|[Pp]\.?\s?\d")
_BYLINE_HINT = regex.compile(
    r"记者|記者|通讯员|通訊員|实习生|實習生|[摄攝著]|撰|编辑|編輯|整理|评论员|評論員|作者|[文图圖]\s*[/／:：]"
    r"|\A[（(].{2,8}[）)]\Z"  # （邢娜建）: a name alone in brackets
)
_FURNITURE_HINT = regex.compile(
    r"版|编|編|ISSN|定价|定價|零售|出版物|邮发|郵發|校对|校對|美编|美編|星期|週|[0-9]"
)
_DATELINE_HINT = regex.compile(r"[讯訊电電]")
_LATIN_END = regex.compile(r"[A-Za-z,;:\-]\Z")
_ASCII_RUN = regex.compile(r"[!-~]+")
_LEADING_WORD = regex.compile(r"[A-Za-z0-9][A-Za-z0-9.,%\-]*")


# --------------------------------------------------------------------------
# 1. Markers
# --------------------------------------------------------------------------


#: The fewest lines of one character each that read as one printed line
#: printed a glyph to a line (:func:`join_glyph_runs`).
GLYPH_RUN = 3


def _glyph_line(text: str) -> bool:
    """Is *text* (a stripped line) one character, not ASCII: a glyph a line?"""
    return len(text) == 1 and not text.isascii()


def join_glyph_runs(t: LineTable) -> LineTable:
    """Lines of one character each, :data:`GLYPH_RUN` or more in a row with
    no more than one blank line between (an extraction that doubles every line
    end sets one), made one row: a printed line an extraction gave a
    glyph to a line. PyMuPDF prints a line the typesetter spaced out (a
    justified line above a word moved down whole, a headline set letter-spaced)
    a glyph to a line, and a headline set vertically beside its article comes
    out so from any extraction (坚 / 决 / 打 / 赢); read line by line they were a
    stack of one-character headlines. The row spans the lines it joins, as a
    marker read across lines does. An ASCII character is no glyph line: a
    table's cells or a list's labels may stand a character to a line.

    >>> from .lines import split_lines
    >>> t = join_glyph_runs(split_lines("人\\n民\\n\\n军\\n队\\n\\n本报讯 昨日，\\n甲\\n乙"))
    >>> [(t.text[i], t.start[i], t.end[i], t.number[i]) for i in range(len(t))]
    [('人民军队', 0, 8, 1), ('本报讯 昨日，', 10, 17, 7), ('甲', 18, 19, 8), ('乙', 20, 21, 9)]
    >>> len(join_glyph_runs(split_lines("人\\n民\\n\\n\\n军")))
    3
    """
    texts = t.text
    n = len(t)
    run = 0
    for text in texts:  # (three glyph lines in a row: most sections have none)
        run = run + 1 if _glyph_line(text) else 0
        if run == GLYPH_RUN:
            break
    else:
        return t
    out = LineTable()
    i = 0
    while i < n:
        j = i + 1
        if _glyph_line(texts[i]):
            while j < n and _glyph_line(texts[j]) and t.gap[j] <= 1 and not t.page_break[j]:
                j += 1
        if j - i >= GLYPH_RUN:
            out.append("".join(texts[i:j]), t.start[i], t.end[j - 1], t.number[i], t.gap[i], t.page[i],
                       t.page_break[i], t.indent[i])
        else:
            j = i + 1
            out.append(texts[i], t.start[i], t.end[i], t.number[i], t.gap[i], t.page[i], t.page_break[i], t.indent[i])
        i = j
    return out


def glyph_joins(lines: list[str]) -> set[int]:
    """The lines of a rendering (reflow's output, a block a line) that a
    reading of it would join to the line before as a glyph run
    (:func:`join_glyph_runs`): three blocks of one character or more in a row
    — pieces of a line the first reading cut apart (撑（上接第一版） 撑 / 撑),
    single characters blank lines parted — which the settle step joins, so
    that reading the output back changes nothing.

    >>> sorted(glyph_joins(["撑", "撑", "撑", "正文", "甲", "乙"]))
    [1, 2]
    """
    out: set[int] = set()
    run = 0
    for j, line in enumerate(lines):
        run = run + 1 if _glyph_line(line.strip()) else 0
        if run == GLYPH_RUN:
            out.update(range(j - GLYPH_RUN + 2, j + 1))  # the run's lines but its first
        elif run > GLYPH_RUN:
            out.add(j)
    return out


def split_markers(t: LineTable) -> tuple[LineTable, dict[int, _markers.JumpMarker]]:
    """Find jump markers: whole lines, a marker split over two short lines, and
    markers at the end or start of a body line (split off into a row of their
    own); last, a whole line that is a marker but for a bracket OCR lost
    (:func:`reflow.markers.parse_lost_bracket`). Returns the new table and the
    marker of each marker row.
    """
    found: dict[int, _markers.JumpMarker] = {}
    if not any(_marker_hint(s) for s in t.text):
        return t, found
    out = LineTable()
    i, n = 0, len(t)

    def copy(k: int) -> None:
        out.append(t.text[k], t.start[k], t.end[k], t.number[k], t.gap[k], t.page[k], t.page_break[k], t.indent[k])

    while i < n:
        text = t.text[i]
        if not _marker_hint(text):
            # (the next line may hold a marker's rest; or, where this one is short and opens
            # with a bracket, all the marker but that bracket, text after it: （ / 转1版）另据…)
            if not (i + 1 < n and _marker_hint(t.text[i + 1])
                    and (len(t.text[i + 1]) <= _ACROSS or (len(text) <= _ACROSS and text[:1] in _MARKER_FIRST))):
                copy(i)
                i += 1
                continue
        else:
            marker = _markers.parse_marker(text) or _spaced_marker(text)
            if marker is not None:
                found[len(out)] = marker
                copy(i)
                i += 1
                continue
        across = _marker_across(t, i)
        if across is not None:
            cut, k, marker, tail = across
            last = i + k - 1
            joined = "".join(t.text[i:last]) + t.text[last][:tail]
            end = t.end[last] if tail == len(t.text[last]) else t.start[last] + tail
            if cut:  # the marker opens at the end of a body line
                rows = _segment_rows(text, 0, cut, piece=True)[0]
                _append_rows(out, found, text, rows, t.start[i], t.number[i], t.gap[i], t.page[i], t.page_break[i],
                             t.indent[i])
                found[len(out)] = marker
                out.append(joined[cut:], t.start[i] + cut, end, t.number[i], 0, t.page[i], False)
            else:
                found[len(out)] = marker
                out.append(joined, t.start[i], end, t.number[i], t.gap[i], t.page[i], t.page_break[i])
            if tail < len(t.text[last]):  # text after the marker on its last line: rows of its own
                rows = _segment_rows(t.text[last], tail, len(t.text[last]), piece=True)[0]
                _append_rows(out, found, t.text[last], rows, t.start[last], t.number[last], 0, t.page[last], False, 0)
            i += k
            continue
        if not _marker_hint(text):
            copy(i)
            i += 1
            continue
        # Markers at the end or start of a body line, or between other
        # columns' text, set off by spaces after it (pdftotext sets side-by-side
        # columns on one line): split off into rows of their own.
        paged = _PAGE_HINT.search(text) is not None
        rows, split = _segment_rows(text, 0, len(text)) if paged else ((), False)
        if paged and not split and (" " in text or "\t" in text):
            rows, split = _spaced_rows(text)
        if split:
            _append_rows(out, found, text, rows, t.start[i], t.number[i], t.gap[i], t.page[i], t.page_break[i],
                         t.indent[i])
            i += 1
            continue
        lost = _markers.parse_lost_bracket(text)  # a whole-line marker that lost a bracket to OCR
        if lost is not None:
            found[len(out)] = lost
        copy(i)
        i += 1
    return out, found


def _segment_rows(line: str, lo: int, hi: int,
                  piece: bool = False) -> tuple[list[tuple[int, int, _markers.JumpMarker | None]], bool]:
    """The rows :func:`split_markers` makes of ``line[lo:hi]``, a line or
    (*piece*) what is left of one beside a jump marker: ``(from, to, marker
    or None)`` in *line*, in line order, and whether a marker was split off.
    Each marker that opens the text (:func:`reflow.markers.leading_at`,
    again after it, as long as one is found), each that closes it
    (:func:`reflow.markers.trailing_at`, likewise), and one set off by
    spaces after it between other text (:func:`reflow.markers.inner_at`;
    what follows it is read so again) is a row; so is each text between,
    a marker row itself where it is a whole marker (:func:`_whole_marker`;
    a line left whole is read so by :func:`split_markers` itself).

    A line of columns run together can hold two markers or more: at either
    end (下轉13版 記（下轉第九版）), one after another (正文 （转4版） （转5版）),
    run together (下转A2版①下转A3版②), or one inside and one at an end. Split
    one at a time, the others were left in the text and, read back alone on
    their lines, found: reflow(reflow(x)) split them off, or lost them.
    Linear in the line: each marker is read once, and nothing is copied but
    the windows the grammars read and the texts between.

    >>> line = "下轉13版 記（下轉第九版）"
    >>> rows, split = _segment_rows(line, 0, len(line))
    >>> [(line[a:b], m is not None) for a, b, m in rows], split
    ([('下轉13版', True), ('記', False), ('（下轉第九版）', True)], True)
    >>> line = "总投资约三亿元(转4版) The quick brown fox. （上接第一版）"
    >>> [line[a:b] for a, b, m in _segment_rows(line, 0, len(line))[0]]
    ['总投资约三亿元', '(转4版)', 'The quick brown fox.', '（上接第一版）']
    >>> _segment_rows("会议指出，要做好工作", 0, 10)
    ([(0, 10, None)], False)
    """
    rows: list[tuple[int, int, _markers.JumpMarker | None]] = []
    closing: list[list] = []  # each stretch's closing markers, the last first
    split = False
    while True:
        while (head := _markers.leading_at(line, lo, hi)) is not None:
            marker, rest = head
            rows.append((_markers.skip_space(line, lo, rest), _strip_end(line, lo, rest), marker))
            lo, split = rest, True
        first = _markers.skip_space(line, lo, hi)
        tails: list = []
        end = _tails(line, first, hi, tails)
        closing.append(tails)
        inner = _markers.inner_at(line, first, end)
        if inner is None:
            break
        split = True
        cut, marker, at = inner
        # The text before it opens with no marker (read above) and holds none
        # set off by spaces (this is the first); it may end with some.
        before: list = []
        stop = _strip_end(line, first, _tails(line, first, cut, before))
        if stop > first:
            rows.append((first, stop, _whole_marker(line[first:stop])))
        rows.extend(reversed(before))
        mstart = line.index(marker.raw[0], cut)
        rows.append((mstart, _strip_end(line, mstart, at), marker))
        lo, hi = at, end
    split = split or bool(tails)
    stop = _strip_end(line, first, end)
    if stop > first:
        rows.append((first, stop, _whole_marker(line[first:stop]) if split or piece else None))
    for tails in reversed(closing):
        rows.extend(reversed(tails))
    return rows, split


def _tails(line: str, first: int, end: int, tails: list) -> int:
    """Split the jump markers that close ``line[first:end]`` off it, the last
    first, into *tails* (``(from, to, marker)``); where the text before them
    ends."""
    while (tail := _markers.trailing_at(line, end, first)) is not None:
        cut, marker = tail
        at = line.index(marker.raw[0], cut)
        tails.append((at, _strip_end(line, at, end), marker))
        end = cut
    return end


def _append_rows(out: LineTable, found: dict[int, _markers.JumpMarker], line: str, rows, start: int, number: int,
                 gap: int, page: int, page_break: bool, indent: int) -> None:
    """Append the *rows* of *line* (:func:`_segment_rows`) to *out*, their
    markers to *found*; *start*: where *line* starts in the input. The first
    row keeps the line's blank lines before it, page break and indent."""
    for k, (a, b, marker) in enumerate(rows):
        if marker is not None:
            found[len(out)] = marker
        if k == 0:
            out.append(line[a:b], start + a, start + b, number, gap, page, page_break, indent)
        else:
            out.append(line[a:b], start + a, start + b, number, 0, page, False)


def _spaced_rows(line: str) -> tuple[list[tuple[int, int, _markers.JumpMarker | None]], bool]:
    """:func:`_segment_rows` of a letter-spaced line read on its probe
    (:func:`despace`), the rows mapped back onto the line as printed: a
    marker that ends or opens a letter-spaced body line (而 在 手 术 室 （ 转 1 1 版 ）)
    holds spaces inside its page label, which the grammar does not read. Left
    in the line, the marker was glued to the paragraph's end; reflow()'s output
    prints the line without its spaces, and read back the marker was split
    off (dev, letter-spaced stress case: 24 of the 45 changes that made a
    text read back changed, PyMuPDF and pdftotext -raw). A marker's ``raw``
    is its text as printed, as :func:`_spaced_marker` gives it.

    >>> line = "而 在 手 术 室 （ 转 1 1 版 ）"
    >>> rows, split = _spaced_rows(line)
    >>> [(line[a:b], m and m.page) for a, b, m in rows], split
    ([('而 在 手 术 室', None), ('（ 转 1 1 版 ）', '11')], True)
    >>> _spaced_rows("而在手术室（转11版）"), _spaced_rows("株洲日报记者 李逸峰 转 发")
    (([], False), ([], False))

    A line not letter-spaced is read with each run of spaces one space, as
    the grammars read it (:func:`despace`): a marker OCR spread out
    (否（转    0版）), whose text rules take the run out, read back split off
    (a damage search with OCR damage over corpus lines, session 55).

    >>> line = "否（转    0版）"
    >>> [(line[a:b], m and m.page) for a, b, m in _spaced_rows(line)[0]]
    [('否', None), ('（转    0版）', '0')]
    """
    probe = despace(line)
    if probe == line:
        return [], False
    rows, split = _segment_rows(probe, 0, len(probe))
    if not split:
        return [], False
    at = _probe_positions(line, probe)
    out: list[tuple[int, int, _markers.JumpMarker | None]] = []
    for a, b, marker in rows:
        a, b = at[a], at[b - 1] + 1
        out.append((a, b, None if marker is None else replace(marker, raw=line[a:b])))
    return out, True


def _strip_end(line: str, lo: int, hi: int) -> int:
    """The end of ``line[lo:hi]`` less the white space it ends with."""
    while hi > lo and line[hi - 1].isspace():
        hi -= 1
    return hi


def _whole_marker(piece: str) -> _markers.JumpMarker | None:
    """*piece*, what is left of a line once jump markers are split off it,
    read as a line of its own is: a whole marker (as printed, spaced out
    letter by letter, or less a bracket OCR lost), or None.

    >>> _whole_marker("（转5版）").page, _whole_marker("另据报道，") is None
    ('5', True)
    """
    if not _marker_hint(piece):
        return None
    return _markers.parse_marker(piece) or _spaced_marker(piece) or _markers.parse_lost_bracket(piece)


def _marker_hint(text: str) -> bool:
    """Can *text* hold a jump marker — a verb's character (转 接 见) — or be a
    line of teasers: a digit last, a "P." or "p." in it (要聞 P.2)? A cheap
    necessary test before the grammars.

    >>> _marker_hint("下转A2版"), _marker_hint("要聞 P.2"), _marker_hint("見P.2頁"), _marker_hint("下午3点")
    (True, True, True, False)
    """
    if _MARKER_HINT.search(text) is not None:
        return True
    core = text.rstrip()
    return bool(core) and core[-1] in _TEASER_ENDS and ("P." in core or "p." in core)


def _spaced_marker(text: str) -> _markers.JumpMarker | None:
    """A whole-line jump marker spaced out letter by letter (下 转 A 1 2 版,
    （ 下 转 第 十 一 版 ）): read on the line less its spacing (:func:`despace`),
    its ``raw`` the line as printed.

    >>> _spaced_marker("下 转 A 1 2 版")
    JumpMarker(direction='continued_on', page='A12', seq=None, raw='下 转 A 1 2 版', pages=('A12',))
    >>> _spaced_marker("下转A12版") is None, _spaced_marker("转 发 给 同 事") is None
    (True, True)
    """
    if " " not in text and "\t" not in text:
        return None
    probe = despace(text)
    if probe == text:
        return None
    marker = _markers.parse_jump(probe)
    return None if marker is None else replace(marker, raw=text)


#: The longest line that can hold nothing but the end of a marker broken over two lines.
_ACROSS = 12


def _marker_across(t: LineTable, i: int) -> tuple[int, int, _markers.JumpMarker, int] | None:
    """A jump marker that the layout broke over lines *i* to *i + 1* or *i + 2*:
    it opens in line *i* — a short line of its own, or the end of a body line —
    and the next line or two (twelve characters at most each) hold nothing but
    its rest: (详见第 / 7版), （下 / 转A6版）, …几百万。（转 / 第17版）, …无法接(转9 / 版),
    學（轉第13版 / ）, 以（下 / 轉第八版 / ） (3–12-character columns break a
    marker anywhere); or, where it opens line *i*, its rest and then other
    text, the last line of any length (（转1 / 版）员, :func:`_leading_over`).
    Returns where in line *i* the marker opens (0: the whole line), how many
    lines it takes, the marker, and where in its last line it ends (the
    line's length: the whole line); or None. Three lines are tried only where
    two do not make a marker, or where the marker two make opens after a
    bracket left open (:func:`_opened_before`); then a marker that lost a
    bracket (:func:`_lost_over`); last, one inside the lines, text on both
    sides (:func:`_inner_over`).
    """
    for k in (2, 3):
        found = _marker_over(t, i, k)
        if found is not None:
            if k == 2 and _opened_before(t.text[i], found[0]):
                longer = _marker_over(t, i, 3)
                if longer is not None and longer[0] < found[0]:
                    return longer
            return found
    for k in (2, 3):
        found = _lost_over(t, i, k)
        if found is not None:
            return found
    for k in (2, 3):
        found = _inner_over(t, i, k)
        if found is not None:
            return found
    return None


def _inner_over(t: LineTable, i: int, k: int) -> tuple[int, int, _markers.JumpMarker, int] | None:
    """:func:`_marker_across` over exactly *k* lines where the marker opens
    inside line *i*, after other text, and ends inside the last, set off from
    the text after it by a space (，（转4 / 版） 察, ！下转 / 十版 的行): read as the
    lines' text joined reads (:func:`reflow.markers.inner_at`: side-by-side
    columns on one line) — the line reflow() prints it in, where the layout
    joins the lines. Tried last: no other reading of two or three lines finds
    a marker. Left in the lines, the marker was joined into the text around
    it, and reflow()'s output, read back, split it off (a damage search with
    OCR damage over corpus lines, session 55).

    >>> from .lines import split_lines
    >>> _inner_over(split_lines("，（转4\\n版） 察"), 0, 2)[1:]
    (2, JumpMarker(direction='continued_on', page='4', seq=None, raw='（转4版）', pages=('4',)), 2)
    >>> _inner_over(split_lines("，（转4\\n版）察"), 0, 2) is None  # (no space after it: the text goes on)
    True
    """
    if not _lines_over(t, i, k):
        return None
    # (The marker opens in line i's last MAX_MARKER_CHARS characters, with a bracket or
    # its verb, and the space after it stands in the last line's first as many: the
    # grammar reads no more before a space.)
    last = t.text[i + k - 1]
    if (not _gap_after_end(last[:_markers.MAX_MARKER_CHARS])
            or _MARKER_FIRST.isdisjoint(t.text[i][-_markers.MAX_MARKER_CHARS:])):
        return None
    joined = "".join(t.text[i:i + k])
    inner = _markers.inner_at(joined, 0, len(joined))
    if inner is None:
        return None
    cut, marker, at = inner
    start = joined.index(marker.raw[0], cut)
    before = len(joined) - len(last)
    end = _strip_end(joined, start, at)
    if start >= len(t.text[i]) or end <= before:
        return None  # (within one line: that line's own reading splits it off)
    return start, k, marker, end - before


def _gap_after_end(text: str) -> bool:
    """Does a space (markers._INNER_GAP: space, tab, ideographic space) follow
    a character a marker can end with (markers.MARKER_ENDS) in *text*? Where
    none does, no marker that ends in *text* is set off from text after it:
    :func:`_inner_over`'s cheap first test (a paragraph's indent, 　　, is a
    gap after nothing).

    >>> _gap_after_end("版） 察"), _gap_after_end("　　本报讯"), _gap_after_end("版）察")
    (True, False, False)
    """
    return any(text[p] in " \t\u3000" and text[p - 1] in _markers.MARKER_ENDS for p in range(1, len(text)))


def _opened_before(text: str, cut: int) -> bool:
    """Does the text before a marker that opens at *cut* in *text* end with
    an opening bracket, spaces after it at most (以（ 下 / 轉八版 / ）: the
    space set 下轉八版 off as a marker of its own over two lines, its bracket
    left in the text)? Then three lines are tried for the marker the bracket
    opens, （ 下轉八版）, which is how reflow()'s output (以（ / 下轉八版 / ）) reads
    back (a damage search over corpus lines, session 55).

    >>> _opened_before("以（ 下", 3), _opened_before("以， 下", 3), _opened_before("下", 0)
    (True, False, False)
    """
    before = text[:cut].rstrip(" \t\u3000")
    return bool(before) and before[-1] in OPENING_BRACKETS


def _lost_over(t: LineTable, i: int, k: int) -> tuple[int, int, _markers.JumpMarker, int] | None:
    """:func:`_marker_across` over exactly *k* lines that hold a whole marker
    but for a bracket OCR lost ((接 / 1版): read as the lines' text joined
    reads on one line (:func:`reflow.markers.parse_lost_bracket`), once no
    other reading of two or three lines finds a marker (((下轉第 / 13版 / ) is
    one whole marker over three lines, not one over two that lost its
    bracket). Left in the lines, they joined as a headline, (接1版, that read
    back as a marker (a damage search over corpus lines, session 54).

    >>> from .lines import split_lines
    >>> _lost_over(split_lines("(接\\n1版"), 0, 2)[1:]
    (2, JumpMarker(direction='continued_from', page='1', seq=None, raw='(接1版', pages=('1',)), 2)
    """
    if i + k > len(t) or len(t.text[i]) > _ACROSS or any(t.page_break[j] or len(t.text[j]) > _ACROSS
                                                          for j in range(i + 1, i + k)):
        return None
    # (parse_lost_bracket's own first test, before the lines are joined)
    if sum(len(t.text[j]) for j in range(i, i + k)) > _markers.MAX_MARKER_CHARS or not _markers.may_end_marker(
            t.text[i + k - 1]):
        return None
    marker = _markers.parse_lost_bracket("".join(t.text[i:i + k]))
    return None if marker is None else (0, k, marker, len(t.text[i + k - 1]))


def _lines_over(t: LineTable, i: int, k: int) -> bool:
    """Can a marker run over lines *i* to *i + k - 1*: they are there, no page
    breaks after line *i*, and the lines between the first and the last are
    short (:data:`_ACROSS`)?"""
    return (i + k <= len(t) and not t.page_break[i + k - 1]
            and not any(t.page_break[j] or len(t.text[j]) > _ACROSS for j in range(i + 1, i + k - 1)))


def _marker_over(t: LineTable, i: int, k: int) -> tuple[int, int, _markers.JumpMarker, int] | None:
    """:func:`_marker_across` over exactly *k* lines."""
    if not _lines_over(t, i, k):
        return None
    if len(t.text[i + k - 1]) <= _ACROSS and _markers.may_end_marker(t.text[i + k - 1]):
        text = t.text[i]
        rest = "".join(t.text[i + 1:i + k])
        found = _marker_opening(text, rest)
        if found is None and (" " in text or "\t" in text):
            found = _spaced_marker_opening(text, rest)
        if found is None and (" " in rest or "\t" in rest):
            found = _spaced_rest_opening(text, rest)
        if found is not None:
            return found[0], k, found[1], len(t.text[i + k - 1])
    return _leading_over(t, i, k)


#: What a jump marker can open with (markers.MARKER_PATTERN): a bracket, or
#: its verb's first character. A cheap test before :func:`_leading_over`'s
#: grammar.
_MARKER_FIRST = frozenset("（(【[〔〈《<＜◀◄{｛下转轉上紧緊接详詳参參相见見")


def _leading_over(t: LineTable, i: int, k: int) -> tuple[int, int, _markers.JumpMarker, int] | None:
    """:func:`_marker_over` where the marker opens line *i* and ends inside
    line *i + k - 1*, other text after it on that line (（转1 / 版）员工, 下转十 /
    二版意见): read as the lines' text joined reads, a marker that opens a
    line (:func:`reflow.markers.leading_at`: bracketed, indexed, or of a verb
    of two characters) — the line reflow() prints the block in, where the
    layout joins the lines. Left in the lines, the marker was joined into
    the text after it, and reflow()'s output, read back, split it off (a
    damage search over corpus lines, session 54: most of what was left of
    its finds). A marker that opens at the end of a body line with text
    after it is none: that line, read as one, splits nothing off.

    >>> from .lines import split_lines
    >>> _leading_over(split_lines("（转1\\n版）员工们"), 0, 2)[1:]
    (2, JumpMarker(direction='continued_on', page='1', seq=None, raw='（转1版）', pages=('1',)), 2)
    >>> _leading_over(split_lines("转\\n1版员工"), 0, 2) is None  # (转1版员工: no marker opens it)
    True
    """
    if len(t.text[i]) > _ACROSS or t.text[i][:1] not in _MARKER_FIRST:
        return None  # (a line that opens a marker broken after it holds the marker's head only)
    joined = "".join(t.text[i:i + k])
    head = _markers.leading_at(joined, 0, len(joined))
    if head is None:
        return None
    marker, rest = head
    before = len(joined) - len(t.text[i + k - 1])
    end = _strip_end(joined, 0, rest)
    if end <= before:
        return None  # (it ends on an earlier line: fewer lines make it, or none)
    return 0, k, marker, end - before


def _marker_opening(text: str, rest: str) -> tuple[int, _markers.JumpMarker] | None:
    """Where in *text* a jump marker that *rest* (the next lines, joined)
    completes opens (0: the whole of *text*), and the marker; or None."""
    joined = text + rest
    if len(text) <= _ACROSS:
        marker = _markers.parse_jump(joined)
        if marker is not None:
            return 0, marker
    # The rest names the page, or only closes the bracket the marker opened.
    if not _PAGE_HINT.search(rest) and rest.strip(CLOSING_BRACKETS + " \u3000"):
        return None
    split = _markers.split_trailing_marker(joined)
    if split is None:
        return None
    before, marker = split
    cut = joined.index(marker.raw[0], len(before))
    return (cut, marker) if cut < len(text) else None


def _spaced_marker_opening(text: str, rest: str) -> tuple[int, _markers.JumpMarker] | None:
    """:func:`_marker_opening` of a letter-spaced line and the lines after
    it, read without the spacing (its probe, the rest less its spaces:
    （ 下 轉 第 十 三 版 / ）, 但 是 现 在 （ 下 转 第 十 / 二 版 ））, where in
    *text* as printed; the marker's ``raw`` the text as printed. Missed, the
    marker was glued to the text before it, and reflow()'s output, printed
    without the spaces, read back with the marker split off.

    >>> cut, marker = _spaced_marker_opening("但 是 现 在 （ 下 转 第 十", "二 版 ）")
    >>> cut, marker.page, marker.raw
    (8, '12', '（ 下 转 第 十二 版 ）')
    """
    probe = _letter_probe(text)
    if probe is None:
        return None
    found = _marker_opening(probe, rest.replace(" ", "").replace("\t", ""))
    if found is None:
        return None
    cut, marker = found
    if cut:
        cut = _probe_positions(text, probe)[cut]
    return cut, replace(marker, raw=(text + rest)[cut:].strip())


def _spaced_rest_opening(text: str, rest: str) -> tuple[int, _markers.JumpMarker] | None:
    """:func:`_marker_opening` where the lines after *text* are spaced out
    (。(转 / 第 1 7 版 ), 下 / 转十 四版): read without their spaces, where in
    *text* as printed; the marker's ``raw`` the text as printed. Missed, the
    line ran on into the marker's rest, and reflow()'s output, printed without
    the spaces, read back with the marker split off (a damage search over
    corpus lines, session 53).

    >>> cut, marker = _spaced_rest_opening("。(转", "第 1 7 版 )")
    >>> cut, marker.page, marker.raw
    (1, '17', '(转第 1 7 版 )')
    """
    found = _marker_opening(text, rest.replace(" ", "").replace("\t", ""))
    if found is None:
        return None
    cut, marker = found
    return cut, replace(marker, raw=(text + rest)[cut:].strip())


def _probe_positions(text: str, probe: str) -> list[int]:
    """Where each character of *probe* — *text* less some of its spaces (a
    letter probe) — stands in *text*.

    >>> _probe_positions("人 民  军", "人民 军")
    [0, 2, 3, 5]
    """
    at = []
    pos = 0
    for ch in probe:
        while text[pos] != ch:
            pos += 1
        at.append(pos)
        pos += 1
    return at


# --------------------------------------------------------------------------
# 2. Line features
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Features:
    """What each line says on its own, as columns (row ``i`` is line ``i``)."""

    kind: list = field(default_factory=list)  #: "marker", "markdown", "byline", "furniture" or None (running text)
    terminal: list = field(default_factory=list)  #: ends a sentence (。！？… possibly followed by ”）)
    clause: list = field(default_factory=list)  #: holds clause punctuation (，。、；：？！)
    open_end: list = field(default_factory=list)  #: ends with a mark that leaves the clause open (，、；：—)
    dateline: list = field(default_factory=list)  #: length of the dateline opening the line (0: none)
    headline_like: list = field(default_factory=list)  #: reads as a headline: no clause punctuation, no sentence end
    ascii: list = field(default_factory=list)  #: how uncertain the line's width is, in half-cells, for its ASCII text
    gap: list = field(default_factory=list)  #: blank lines before the line that carry meaning
    markers: dict = field(default_factory=dict)  #: row -> JumpMarker
    continues: set = field(default_factory=set)  #: rows that continue the furniture line above (a running head split over lines)
    pause_stop: bool = False  #: the section ends its sentences with 、 (older pages), not 。
    unpunctuated: bool = False  #: the section prints next to no punctuation (:func:`_unpunctuated`)
    rendered: bool = False  #: the section is reflowed text already, a block a line (:func:`reads_as_rendered`)


#: ASCII closing marks a sentence's full stop may follow: …(2019). …said so".
_CLOSED_BEFORE_STOP = ")]\"'"


def is_terminal(text: str) -> bool:
    """Does *text* end a sentence (。！？… possibly followed by ”）, or a
    full stop after a letter: English, or a Chinese sentence that OCR or a
    converter ended with an ASCII period)?

    >>> is_terminal("一切行动听指挥”。"), is_terminal("实现社区全覆盖，"), is_terminal("U.S. 3.")
    (True, False, False)
    >>> is_terminal("他们终于回家了."), is_terminal("It ends here."), is_terminal("见第3.")
    (True, True, False)
    >>> is_terminal("posted on its website (http://www.example.gov.cn)."), is_terminal('he said "yes".')
    (True, True)

    Not the period of an English title before a name (:data:`~reflow.chars.ENGLISH_TITLES`):

    >>> is_terminal("according to the treasurer, Mr."), is_terminal("Mrs."), is_terminal("MMr.")
    (False, False, True)
    """
    core = text.rstrip(CLOSING_BRACKETS + " ")
    if not core:
        return False
    last = core[-1]
    if last in TERMINAL_PUNCT:
        return True
    # An ASCII full stop after a letter ends a sentence: English, or Chinese where OCR
    # or a converter set . for 。 (他来了.); not "3." (a number, an item label), nor
    # Mr. (a title: a name follows).
    return last == "." and len(core) > 1 and (core[-2].isalpha() or core[-2] in _CLOSED_BEFORE_STOP) and not _ends_with_title(core)


def _ends_with_title(core: str) -> bool:
    """Does *core*, which ends with a period, end with an English title
    (Mr., Dr.) as a word of its own (ASCII letters, nothing before them but
    the start or a character that is no ASCII letter)?"""
    k = len(core) - 1
    while k > 0 and core[k - 1].isascii() and core[k - 1].isalpha():
        k -= 1
    return core[k:-1] in ENGLISH_TITLES


_UPPER = regex.compile(r"[A-Z]")
_IS_CJK = HAS_CJK.match
_LATIN_LETTER = regex.compile(r"[A-Za-z]")


def _ends_in_english(text: str) -> bool:
    """Does *text* end in English: no CJK in it, or two words with a Latin
    letter at least after its last CJK character? An English sentence may
    gloss a Chinese name (The Ministry of Education (教育部) announced on
    Monday); a Chinese line that ends with one Latin word (这款iPhone) does
    not end in English, and a lower-case line after it is no English wrap.

    >>> _ends_in_english("at sixty characters and"), _ends_in_english("Ministry of Education (教育部) announced on")
    (True, True)
    >>> _ends_in_english("他说这款iPhone"), _ends_in_english("新款 iPhone"), _ends_in_english("教育部")
    (False, False, False)
    """
    k = len(text)
    while k and not _IS_CJK(text[k - 1]):
        k -= 1
    if not k:
        return True
    return sum(1 for word in text[k:].split() if _LATIN_LETTER.search(word)) >= 2


_LATIN_WORD = regex.compile(r"[A-Za-z]+")


def _english_line(text: str, words: int = 2) -> bool:
    """Is *text* a line of English running text: no CJK character in it, and
    *words* Latin words at least (a paragraph's last line may hold one)?

    >>> _english_line("The quick brown fox."), _english_line("2020 3.5%"), _english_line("他说 The fox")
    (True, False, False)
    >>> _english_line("fox."), _english_line("fox.", words=1)
    (False, True)
    """
    return HAS_CJK.search(text) is None and len(_LATIN_WORD.findall(text, concurrent=False)) >= words


def _english_blanks(t: LineTable, f: Features) -> int:
    """Do blank lines part a section's English paragraphs — a blank line
    between two lines of English running text (:func:`_english_line`, of a
    word at least: a paragraph's last line may hold one) somewhere, and two
    with none between them somewhere (a paragraph of several lines)? The
    length of its longest English line if so (the width it was wrapped at,
    or nearly), else 0. Plain-text English (mail, books, README files) is
    set so, wrapped ragged right."""
    apart = together = False
    widest = 0
    prev = False
    for k, (i, b) in enumerate(_neighbours(f)):
        if k == 0:
            prev = f.kind[i] is None and _english_line(t.text[i], words=1)
            if prev:
                widest = len(t.text[i])
        here = f.kind[b] is None and _english_line(t.text[b], words=1)
        if here:
            widest = max(widest, len(t.text[b]))
            if prev:
                if f.gap[b]:
                    apart = True
                else:
                    together = True
        prev = here
    return widest if apart and together else 0


def _english_wraps(widest: int, ta: str, ti: str) -> bool:
    """Does the English line *ta* wrap onto *ti*, in a section whose blank
    lines part its English paragraphs (*widest*: :func:`_english_blanks`)?
    Yes, unless *ti*'s first word would have fitted on *ta*'s line — the
    section's longest English line is no longer than the width it was
    wrapped at, so a word that fits within it fitted: *ta* is a heading, a
    label or a line set short on purpose — or *ta* ends with a colon (a
    label, a list after it).

    >>> _english_wraps(40, "It was a dark and stormy night; the rain", "fell in torrents.")
    True
    >>> _english_wraps(40, "Chapter One", "It was a dark and stormy night"), _english_wraps(40, "as follows:", "Item")
    (False, False)
    """
    core = ta.rstrip()
    if not widest or core[-1:] in (":", "："):
        return False
    return len(core) + 1 + len(ti.lstrip().split(" ", 1)[0]) > widest


def _opens_in_lower_case(text: str) -> bool:
    """Does *text* open with a lower-case ASCII letter, after an opening
    bracket or quote at most? An English line that a column wrapped goes on
    so (…posted on its website / (http://…), said / "to…); a sentence, a
    heading or a name opens with a capital.

    >>> _opens_in_lower_case("ten new schools"), _opens_in_lower_case("(http://www.example.com)")
    (True, True)
    >>> _opens_in_lower_case("Officials said"), _opens_in_lower_case("(1) first"), _opens_in_lower_case("(")
    (False, False, False)
    """
    k = 1 if text[:1] in ("(", '"', "'", "[") else 0
    return k < len(text) and "a" <= text[k] <= "z"


def _ascii_uncertainty(text: str) -> int:
    """How far the printed width of a line's ASCII text may be from what
    ``chars.width`` counts (half a character each), in half-cells: a quarter
    for a digit or lower-case letter, one for a capital (proportional Latin
    in a CJK font sets N, O, M much wider than half a character).

    >>> _ascii_uncertainty("中文"), _ascii_uncertainty("说NO的"), _ascii_uncertainty("in 2019")
    (0, 2, 1)
    """
    if text.isascii():
        n = len(text)
    else:
        n = sum(map(len, _ASCII_RUN.findall(text)))
    if not n:
        return 0
    return n // 4 + len(_UPPER.findall(text))


_CJK_GAP = regex.compile(r"(?<=[\p{Han}，。、；：“”（）《》])[ \t]+(?=[\p{Han}，。、；：“”（）《》])")


_HAN = regex.compile(r"\p{Han}")


def despace(text: str) -> str:
    """A letter-spaced line — OCR put spaces between most of its CJK
    characters (南 州 日 报 记者), or between most of its characters, digits and
    Latin letters too (:func:`_letter_spaced`) — without them, for the
    grammars to read (the spaces between CJK characters, and those inside a
    run of single characters: ``normalize.collapse_letter_spacing``); any
    other line as it is (a byline's spaces separate names). The text itself
    is left alone: normalization removes the spaces later, by its rules.

    >>> despace("新 华 社 记者 靳 轩 丽"), despace("株洲日报记者 李逸峰")
    ('新华社记者靳轩丽', '株洲日报记者 李逸峰')
    >>> despace("2 0 1 3 年 1 0 月 7 日 ●星 期 一"), despace("下 转 A 1 2 版")
    ('2013年10月7日 ●星期一', '下转A12版')

    A line that OCR laid out with runs of spaces (its fields where the page
    set them) reads with one space in each run:

    >>> despace("南州日报          2019年6月11日          星期六          A5")
    '南州日报 2019年6月11日 星期六 A5'
    """
    probe = _letter_probe(text)
    if probe is None:
        return _WIDE_GAP.sub(" ", text) if _WIDE_GAP.search(text) else text
    return probe


def _letter_probe(text: str) -> str | None:
    """:func:`despace` of a letter-spaced line (*text* less some of its
    spaces, nothing else changed), or None where *text* is not one. A run of
    spaces left (the one between two words, spaced out with them: D A   B A R R E)
    is one space, as the grammars read it in a line not letter-spaced.

    >>> _letter_probe("（ 记 者 D A   B A R R E ）"), _letter_probe("记者 李逸峰") is None
    ('（记者DA BARRE）', True)
    """
    gaps = len(_CJK_GAP.findall(text))
    if (gaps < 2 or 2 * gaps < len(_HAN.findall(text)) - 1) and not _letter_spaced(text):
        return None
    probe = _CJK_GAP.sub("", collapse_letter_spacing(text))
    return _WIDE_RUN.sub(r"\1", probe) if _WIDE_GAP.search(probe) else probe


#: A run of two or more spaces and tabs, its first kept (``\1``): the probe stays the text less some spaces.
_WIDE_RUN = regex.compile(r"([ \t])[ \t]+")


def _letter_spaced(text: str) -> bool:
    """Are two in three of the space-separated pieces of *text* single
    characters, four pieces at least, a Han character among them — a line
    spaced out letter by letter, digits and Latin letters too, which the
    count of gaps between Han characters misses (2 0 1 3 年 1 0 月 7 日 ●星 期 一,
    下 转 A 1 2 版)?

    >>> _letter_spaced("2 0 1 3 年 1 0 月 7 日 ●星 期 一"), _letter_spaced("下 转 A 1 2 版")
    (True, True)
    >>> _letter_spaced("株洲日报记者 李逸峰"), _letter_spaced("I am a b c"), _letter_spaced("中 文")
    (False, False, False)
    """
    pieces = [p for p in _BLANKS.split(text) if p]
    singles = sum(1 for p in pieces if len(p) == 1)
    return len(pieces) >= 4 and 3 * singles >= 2 * len(pieces) and _HAN.search(text) is not None


_BLANKS = regex.compile(r"[ \t]+")


_WIDE_GAP = regex.compile(r"[ \t]{2,}")


def _original_length(text: str, probe: str, n: int) -> int:
    """The length in *text* of the first *n* characters of ``despace(text)``."""
    k = 0
    for pos, ch in enumerate(text):
        if k == n:
            return pos
        if k < len(probe) and ch == probe[k]:
            k += 1
    return len(text)


def dateline_hint(text: str) -> bool:
    """Is a dateline's hint (讯 訊 电 電) among the first 40 characters of
    *text*? No dateline opens a text without one there (see :func:`line_dateline`).

    >>> dateline_hint("本报讯（记"), dateline_hint("本报记者 王芳")
    (True, False)
    """
    return _DATELINE_HINT.search(text, 0, 40) is not None


def line_dateline(text: str, probe: str | None = None) -> int:
    """The length of the dateline that opens *text* (a line, or a block's text),
    read as a line's features read it: on the text less its spaces (本 报 讯),
    where the cheap hint test fires. *probe*: ``despace(text)``, if known.

    Where no dateline opens the probe, it is read again without the spaces
    between a Chinese character and a digit or another Chinese character
    before the hint's first character (新华社北京8月 19日电, 本报4 日讯: the width
    damage of 2月 3日, which the paragraph's text rules take out; 本報 特訊）:
    the space a dateline keeps between its fields, as a headline keeps one
    between its phrases, once the letter-spaced line it was read from, 本報
    特訊） 管 時, lost the others). Unread, the line's dateline went unseen,
    its separator went with the paragraph's rules (8月19日电讲话), and
    reflow()'s output, read back, found it or lost it (damage searches over
    corpus lines, sessions 54 and 55). Dev: boundary F1 and kinds alike.

    >>> line_dateline("新华社北京8月 19日电 讲话"), line_dateline("本报4 日讯　讲话")
    (12, 6)
    >>> line_dateline("本報 特訊） 管時")
    6
    >>> line_dateline("电话 12345 联系")  # (no dateline, spaces or none)
    0
    """
    if probe is None:
        probe = despace(text) if " " in text else text
    hint = _DATELINE_HINT.search(probe, 0, 40)
    if not hint:
        return 0
    dl = dateline_length(probe)
    if not dl:
        h = hint.start()
        head = _HEAD_SPACE.sub("", probe[:h]) if " " in probe[:h] else probe[:h]
        if len(head) == h:
            return 0
        closed = head + probe[h:]
        dl = dateline_length(closed)
        return _original_length(text, closed, dl) if dl else 0
    if dl and probe is not text:
        dl = _original_length(text, probe, dl)
    return dl


#: Spaces between a Chinese character and a digit or another Chinese
#: character (8月 19日, 本报4 日讯, 本報 特訊）): what :func:`line_dateline` reads
#: a dateline's head without, once it found none.
_HEAD_SPACE = regex.compile(r"(?<=[0-9\p{Han}]) +(?=\p{Han})|(?<=\p{Han}) +(?=[0-9])")


def _own_kind(text: str, probe: str) -> str | None:
    """The grammar kind of a line read on its own (not a jump marker: the
    marker pass finds those): "markdown", "byline", "furniture", or None
    (running text). *probe*: :func:`_probe` of *text*."""
    if text[0] in MARKDOWN_OPENERS and is_markdown_line(text):
        return "markdown"
    if _probe_reads_as_byline(probe):
        return "byline"
    if len(probe) <= 60 and _FURNITURE_HINT.search(probe) and (is_running_head(probe) or is_folio(probe)):
        return "furniture"
    if is_decoration(text):
        return "furniture"  # a decoration line (**********, ━━━━━━)
    return None


def is_dateline_alone(dateline: int, text: str) -> bool:
    """Is *text* a dateline alone, its *dateline* (length) all of it but the
    spaces after it (株洲日报讯　)?"""
    return bool(dateline) and dateline >= len(text.rstrip("　 "))


def drop_margin(t: LineTable) -> None:
    """Take a margin that (nearly) every line of the section shares out of its
    indents, in place: the indent nine in ten of its lines reach at least,
    five lines at least (an extractor that prints the page's left margin,
    pdftotext -layout, an OCR layout mode: every line "indented" read as a
    paragraph start). A paragraph's first line keeps what it has beyond it.

    >>> from .lines import split_lines
    >>> t = split_lines("".join("    " + s + "\\n" for s in ["　　本市", "救济会", "开会决定", "　　扩大", "收容"]))
    >>> drop_margin(t); t.indent
    [8, 0, 0, 8, 0]
    >>> t = split_lines("　　本市\\n救济会\\n开会决定\\n　　扩大\\n收容\\n")
    >>> drop_margin(t); t.indent
    [8, 0, 0, 8, 0]
    """
    n = len(t)
    if n < 5:
        return
    margin = sorted(t.indent)[n // 10]
    if margin:
        for i in range(n):
            t.indent[i] = max(0, t.indent[i] - margin)


def line_features(t: LineTable, markers: dict, options: Options) -> Features:
    """Read every line on its own: its grammar kind, punctuation, dateline.

    Grammars (bylines, furniture, datelines) are tried only on lines whose
    cheap hint test fires, and only up to their length limit; whether a
    candidate really stands apart is the layout's to say (see :func:`decide`).
    """
    f = Features(markers=markers)
    limit = options.max_headline_chars
    for i, text in enumerate(t.text):
        probe = _probe(text)
        kind = "marker" if i in markers else _own_kind(text, probe)
        f.kind.append(kind)
        if kind is not None:
            f.terminal.append(False)
            f.clause.append(False)
            f.open_end.append(False)
            f.dateline.append(0)
            f.headline_like.append(False)
            f.ascii.append(0)
            continue
        terminal = is_terminal(text)
        clause = _CLAUSE.search(text) is not None
        dl = line_dateline(text, probe)
        f.terminal.append(terminal)
        f.clause.append(clause)
        f.open_end.append(text[-1] in CONTINUING_PUNCT)
        f.dateline.append(dl)
        f.headline_like.append(not clause and not terminal and not dl and len(text) <= limit
                               and text[0] not in NO_LINE_START and text[0] not in CAPTION_MARKS)
        f.ascii.append(_ascii_uncertainty(text))
    _fenced(t, f)
    _split_running_heads(t, f)
    f.gap = _meaningful_gaps(t, f)
    f.pause_stop = _pause_stop(t, f.markers)
    f.unpunctuated = _unpunctuated(t, f)
    f.rendered = reads_as_rendered(t.text)
    if f.unpunctuated:  # no line's want of punctuation sets it apart
        for i in range(len(t)):
            f.headline_like[i] = False
    return f


#: A finished line (:func:`reads_as_rendered`) holds this many characters at least.
RENDERED_CHARS = 100
#: A section whose characters stand in finished lines one part in this many
#: at least is reflowed text (:func:`reads_as_rendered`): a fifth.
RENDERED_PARTS = 5

#: What no finished line holds: a space, tab or ideographic space next to a
#: CJK character (the text rules take those out of a paragraph: what OCR
#: leaves between the pieces of a line read across columns), a run of white
#: space (a gutter), or a column rule read as ``|``.
_UNFINISHED = regex.compile(rf"[{CJK_CLASS}][ \t\u3000]|[ \t\u3000][{CJK_CLASS}]|\s\s|\|")


def reads_as_rendered(texts: list[str]) -> bool:
    """Is this section reflowed text already, one finished block per line —
    reflow's own output, or text a converter wrote a paragraph to a line?
    A fifth of its characters at least (:data:`RENDERED_PARTS`) stand in
    finished lines: :data:`RENDERED_CHARS` characters or more that end a
    sentence (:func:`is_terminal`; or :func:`pause_ended`, as a paragraph of
    a 1930s page does) and hold no space next to a CJK character, no run of white
    space and no ``|`` (what the text rules leave of a paragraph). A printed
    or OCR'd line is seldom that long (a column runs to 25 characters, a
    page-wide line to 65), and where an extraction runs columns together it
    leaves the gutter's spaces or a column rule between them and stops in
    mid-sentence (pdftotext -layout, Tesseract's rows across narrow
    columns, RapidOCR's boxes across two columns). Measured: no text of the
    corpus dev split's 552 (every extraction) reads so, nor would one with
    lines of 60 characters counted as finished, nor does any of 1,000
    generated pages; reflow's renderings of them read so 405 times of 552
    and 1,840 of 3,000 generated pages (session 47, with :func:`pause_ended`;
    336 and 1,648 without it). (A first version, which asked no sentence end and
    only for no space between two Han characters, read 491 renderings of
    552 so, and, scored on the test split, Tesseract's output of some
    pages too: boundary F1 0.815 → 0.789 there.)

    Such a section is read a block a line (:func:`rendered_joins`), and the
    settle step reads its rendering so too: a rendering that reads as
    rendered reads back as the blocks it shows, by construction, and costs
    no second reading.

    >>> line = "疫情发生以来，政协委员发挥自身岗位优势，将音乐、戏曲、朗诵、说唱等文艺作品鼓舞斗志，温暖人心。" * 3
    >>> reads_as_rendered([line, "标题"]), reads_as_rendered([line.replace("温暖", "温 暖"), "标题"])
    (True, False)
    >>> reads_as_rendered([line.replace("，", "，  "), "标题"]), reads_as_rendered(["标题"] * 3)
    (False, False)
    >>> reads_as_rendered([line[:-1], "标题"]), reads_as_rendered([line.replace("，", "|", 1), "标题"])
    (False, False)
    """
    total = finished = 0
    for text in texts:
        n = len(text)
        total += n
        if n >= RENDERED_CHARS and (is_terminal(text) or pause_ended(text)) and not _UNFINISHED.search(text):
            finished += n
    return finished > 0 and finished * RENDERED_PARTS >= total


def pause_ended(text: str) -> bool:
    """Does *text* end a sentence the way a page of the 1930s–1940s does:
    with 、 (its closing brackets aside), and no 。 in it? On such a page
    (:func:`_pause_stop`) 、 is the full stop, and a paragraph printed whole
    on its line ends with it; a line of today's text that ends with 、 and
    runs to a hundred characters without a 。 is rare. What
    :func:`reads_as_rendered` counts as a sentence end besides
    :func:`is_terminal`, so that reflow's rendering of such a page reads
    back a block a line (before, it was read as a page, and the settle step
    joined blocks the first reading had found apart: on the dev split's
    region-by-region RapidOCR pages boundary F1 0.9108 → 0.9126).

    >>> pause_ended("各部隊奮勇進攻、已將敵軍包圍、"), pause_ended("記者昨日訪問該處、」")
    (True, True)
    >>> pause_ended("本报讯。记者前往、"), pause_ended("各部隊奮勇進攻")
    (False, False)
    """
    return _pause_end(text) and "。" not in text


def rendered_joins(t: LineTable, markers: dict) -> dict[int, str]:
    """In a section of reflowed text (:func:`reads_as_rendered`), the line
    breaks that text alone says are no block's end, with the rule that says
    so; every other line is a block. A test of the two lines' text and own
    grammar (:func:`_rendered_join`), nothing of the rest of the section, so
    that the settle step can ask it of a rendering's lines without reading
    the rendering (and reading the rendering back asks the same). Not across
    a form feed, a jump marker (*markers*: its rows) or a line that reads
    as a byline, running head or Markdown.

    >>> from .lines import split_lines
    >>> t = split_lines("马克思主\\n义唯物史观。\\n本报北京3月1日电\\n今天下雨。\\n他说：“我们\\n走吧。”\\n会议于2019年3\\n月召开。")
    >>> rendered_joins(t, {})
    {1: 'word_cut', 3: 'dateline_alone', 5: 'quote_open', 7: 'number_unit'}
    """
    texts = t.text
    own: dict[int, tuple[str | None, int]] = {}

    def line(k: int) -> tuple[str | None, int]:  # (own kind, dateline), read once and only where asked
        got = own.get(k)
        if got is None:
            if k in markers:
                got = ("marker", 0)
            else:
                text = texts[k]
                probe = _probe(text)
                kind = _own_kind(text, probe)
                got = (kind, line_dateline(text, probe) if kind is None else 0)
            own[k] = got
        return got

    joins: dict[int, str] = {}
    for i in range(1, len(texts)):
        if not t.page_break[i]:
            rule = _rendered_join(texts[i - 1], texts[i], lambda: line(i - 1), lambda: line(i))
            if rule is not None:
                joins[i] = rule
    return joins


def _rendered_join(ta: str, ti: str, a, i) -> str | None:
    """The join rule at the break between two lines of reflowed text, *ta*
    then *ti*, or None; *a* and *i* give each line's (own kind, dateline
    length) when called (:func:`rendered_joins`). Only what the text shows
    whatever the layout, each rule as the layout reads it:

    - ``dateline_alone``: line *a* is a dateline alone (本报北京3月1日电 /
      今天…), its paragraph below;
    - ``dateline_cut``: line *a* opens a dateline line *i* completes
      (:func:`_dateline_cuts`);
    - ``number_unit``: a number, then what it counts (2019年3 / 月);
    - ``word_cut``: a word cut in two (马克思主 / 义), where line *a* does
      not end with a word whole (:func:`_ends_word_whole`: 供应 / 为 is chance);
    - ``quote_open``: line *a* leaves a quotation open that line *i* closes
      before it opens one.

    Both lines running text (no grammar kind), line *i* no dateline (but
    after a dateline alone). The rest of the layout's
    joins read widths, blank lines or a block's run of lines, which a text
    a block to a line does not show.
    """
    if len(ta.rstrip("　 ")) <= _DATELINE_ALONE_CHARS and _DATELINE_HINT.search(ta):  # (a dateline holds 讯 or 电)
        ka, da = a()
        if ka is None and is_dateline_alone(da, ta) and i()[0] is None:
            return "dateline_alone"
    rule = None
    if _dateline_cuts(ta, ti) and not i()[1]:
        rule = "dateline_cut"
    if rule is None and _number_then_unit(ta, ti) and not i()[1]:
        rule = "number_unit"
    if rule is None and cuts_word(ta, ti) and not _ends_word_whole(ta) and not i()[1]:
        rule = "word_cut"  # (a line that opens with a dateline opens a paragraph: 负责人 / 本报讯 is chance)
    if rule is None and _quote_balance(ta) > 0 and _closes_quote(ti) and not i()[1]:
        rule = "quote_open"
    if rule is None or a()[0] is not None or i()[0] is not None:
        return None
    return rule


#: The longest dateline alone :func:`_rendered_join` asks the dateline
#: grammar about (its hint is looked for in the first 40 characters).
_DATELINE_ALONE_CHARS = 40


#: The clause and sentence marks :func:`_unpunctuated` counts: ``CLAUSE_PUNCT``
#: and the ASCII ``:?!``.
_PAGE_MARKS = frozenset(CLAUSE_PUNCT + ":?!")
#: A section prints no punctuation to speak of with fewer marks than one for
#: every this many characters of its running text (:func:`_unpunctuated`).
UNPUNCTUATED_CHARS = 100


def _unpunctuated(t: LineTable, f: Features) -> bool:
    """Does the section print (next to) no punctuation: fewer clause and
    sentence marks in its running text (lines of no grammar kind) than one
    for every :data:`UNPUNCTUATED_CHARS` characters, 200 characters at least?
    OCR that drops the marks and pages set before modern punctuation print
    so; running text elsewhere has one mark in ten to fifteen characters, a
    1930s page of three-character columns one in forty. Then no line stands
    out as a headline for want of punctuation (``headline_like``), and a block
    of lines set in a column is running text (``blocks.block_headline``): every
    line wants it. Measured with ``benchmarks/accuracy.py --no-marks`` (the
    corpus with every mark taken out of text and gold): dev boundary F1 0.605 →
    0.655, lenient kind 0.578 → 0.730, every extraction up; no page of the
    corpus as the tools print it reads so (its figures do not move).

    >>> from reflow.lines import split_lines
    >>> t = split_lines("本市救济会昨日开会决定扩大收容\\n" * 20)
    >>> _unpunctuated(t, Features(kind=[None] * 20))
    True
    >>> t = split_lines("本市救济会昨日开会，决定扩大收容\\n" * 20)
    >>> _unpunctuated(t, Features(kind=[None] * 20))
    False
    """
    rows = [i for i in range(len(t)) if f.kind[i] is None]
    chars = sum(len(t.text[i]) for i in rows)
    if chars < 200:
        return False
    marks = 0
    for i in rows:
        marks += sum(1 for c in t.text[i] if c in _PAGE_MARKS)
        if marks * UNPUNCTUATED_CHARS >= chars:
            return False
    return True


def _fence(text: str) -> str | None:
    """The Markdown fence *text* is (three backticks or ~~~ and what follows, or $$ alone), or None."""
    if text.startswith(("```", "~~~")):
        return text[:3]
    return "$$" if text == "$$" else None


def _fenced(t: LineTable, f: Features) -> None:
    """The lines between a Markdown fence and the one that closes it (three
    backticks, ~~~, $$: each closed by its own kind) are Markdown too: code or a display
    formula, which would otherwise read as text (x^2+y^2=1 as a headline). A
    fence left open to the section's end fences nothing. Linear: a fence that
    finds no close rules out every later fence of its kind."""
    n = len(t)
    unclosed: set[str] = set()
    i = 0
    while i < n:
        fence = _fence(t.text[i]) if f.kind[i] == "markdown" else None
        if fence is None or fence in unclosed:
            i += 1
            continue
        j = i + 1
        while j < n and not (f.kind[j] == "markdown" and _fence(t.text[j]) == fence):
            j += 1
        if j == n:
            unclosed.add(fence)
            i += 1
            continue
        for k in range(i + 1, j):
            if f.kind[k] is None:
                _retype(f, k, "markdown")
        i = j + 1


def _retype(f: Features, k: int, kind: str) -> None:
    """Line *k* is of grammar *kind* after all (a running head's piece, a
    fenced line): what its text said as running text no longer counts."""
    f.kind[k] = kind
    f.terminal[k] = f.clause[k] = f.open_end[k] = f.headline_like[k] = False
    f.dateline[k] = 0


def _pause_end(text: str) -> bool:
    """Does *text* end with 、, closing quotes and brackets aside (as
    :func:`is_terminal` reads 。”)? On a page whose full stop is 、
    (:func:`_pause_stop`) that ends a sentence: a quotation closes after
    its full stop there (能說真話、”).

    >>> _pause_end("把他放了、"), _pause_end("能說真話、”"), _pause_end("“能說真話”")
    (True, True, False)
    """
    core = text.rstrip(CLOSING_BRACKETS + " ")
    return core[-1:] == "、"


def _pause_stop(t: LineTable, markers=()) -> bool:
    """Does the section end its sentences with 、 rather than 。 (pages of
    the 1930s-1940s)? Three lines end with 、 at least, and the section
    prints 。 at most once for every ten lines. A jump marker's line
    (*markers*: the rows :func:`split_markers` found) is not counted: a
    marker is no evidence of the page's punctuation, and one more line
    counted tipped a page with four 。 in 39 lines to 、 as its full stop.

    >>> from .lines import split_lines
    >>> t = split_lines("甲、\\n乙、\\n丙。\\n丁、\\n（下转第二版）\\n" + "戊\\n" * 5)
    >>> _pause_stop(t), _pause_stop(t, {4: None})
    (True, False)
    """
    rows = [s for i, s in enumerate(t.text) if i not in markers] if markers else t.text
    ends = sum(1 for s in rows if s[-1] == "、")
    return ends >= 3 and 10 * sum(s.count("。") for s in rows) <= len(rows)


#: What a running head's first piece holds: a date, a weekday, a number, or the
#: paper's name (滨海晚报 / 2019年4月13日 / 星期一 / A1 / 要闻).
_HEAD_HINT = regex.compile(r"[年星週报報]|[0-9]")


def _probe_reads_as_byline(probe: str) -> bool:
    """Does *probe* (:func:`_probe` of a line) match the byline grammar, plain
    or behind a mark (:func:`_marked_byline`), as :func:`_own_kind` reads a
    line: 60 characters at most, the hint first?"""
    return len(probe) <= 60 and bool(_BYLINE_HINT.search(probe)) and (is_byline(probe) or _marked_byline(probe))


def reads_as_byline(text: str) -> bool:
    """Would *text*, printed as one line, be typed a byline by the line
    grammars (see :func:`_own_kind`)? ``blocks.block_byline`` asks it of a
    block's text read whole.

    >>> reads_as_byline("新華社記者 熊東"), reads_as_byline("（沈曉）"), reads_as_byline("新華社記")
    (True, True, False)
    """
    # (despacing takes out spaces and tabs only: a text longer than 60 characters
    # besides them has a probe too long, and most blocks are)
    return _unspaced_len(text) <= 60 and _probe_reads_as_byline(_probe(text))


def _marked_byline(probe: str) -> bool:
    """Is *probe* a byline behind a mark some papers set before it
    (:data:`~reflow.chars.BYLINE_MARKS`: □本报记者 刘洋 文/图, ■记者 陈静)? Before,
    the mark made it a caption; a caption has text of its own.

    >>> _marked_byline("□本报记者刘洋文/图"), _marked_byline("■记者陈静"), _marked_byline("■市民在排队购买口罩。记者陈静摄")
    (True, True, False)
    """
    return len(probe) > 1 and probe[0] in BYLINE_MARKS and is_byline(probe[1:])


def _probe(text: str) -> str:
    """*text* as the line grammars read it: despaced (:func:`despace`) where it holds a space."""
    return despace(text) if " " in text else text


def _unspaced_len(text: str) -> int:
    """The characters of *text* that are not spaces or tabs: no despacing makes it shorter."""
    return len(text) - text.count(" ") - text.count("\t")


def _split_running_heads(t: LineTable, f: Features) -> None:
    """A running head that the text layer split over short lines (2018年7月10日
    / 星期一 / A10 / 要闻): up to six short lines that together read as one
    are one furniture block. Each line is read as the grammars read it
    (:func:`despace`): OCR sets a running head's fields apart with runs of
    spaces (第8版          文化)."""
    n = len(t)
    for i in range(n):
        # (The hint survives despacing, which only takes spaces out: test it
        # first, and the length despacing cannot bring under the limit.)
        if f.kind[i] is not None or _unspaced_len(t.text[i]) > 16 or not _HEAD_HINT.search(t.text[i]):
            continue
        text = _probe(t.text[i])
        if len(text) > 16:
            continue
        acc = text
        last = None  # the longest run that reads as a running head
        for j in range(i + 1, min(n, i + 6)):
            if f.kind[j] is not None or _unspaced_len(t.text[j]) > 16:
                break
            nxt = _probe(t.text[j])
            if len(nxt) > 16:
                break
            acc += " " + nxt
            if is_running_head(acc):
                last = j
        if last is not None:
            for k in range(i, last + 1):
                _retype(f, k, "furniture")
            f.continues.update(range(i + 1, last + 1))


def _meaningful_gaps(t: LineTable, f: Features) -> list[int]:
    """The blank lines before each line that mean something.

    A marker and the blank lines around it are no evidence of layout: the
    line after a marker has the blank lines that stood before the marker, as
    if the marker were not there (so that a marker inserted between two
    paragraphs changes nothing but the block it falls in). Where (nearly) every line of a region
    is followed by exactly one blank line — four in a row at least, three of
    them in mid-sentence, most of those of one width — the extraction
    double-spaced the region and its blanks mean nothing. Before that, a
    whole section that :func:`_double_spaced` finds double-spaced loses one
    blank line from every gap (half, where every line end was doubled), so a
    region it had double-spaced already is found as such after.
    """
    n = len(t)
    gaps = list(t.gap)
    carried = None
    for i in range(n):
        if f.kind[i] == "marker":
            if carried is None:
                carried = gaps[i]
            continue
        if carried is not None:
            gaps[i] = carried
            carried = None
    keep = [i for i in range(n) if f.kind[i] != "marker"]
    k = 1
    m = len(keep)
    if _double_spaced(f, keep, gaps):
        # Each line end doubled (\r\r\n, \n\n): k blank lines became 2k + 1, every
        # gap odd; else a blank line was added after each line: k became k + 1.
        doubled = all(gaps[r] % 2 for r in keep[1:] if gaps[r])
        for r in keep[1:]:
            gaps[r] = (gaps[r] - 1) // 2 if doubled and gaps[r] else max(0, gaps[r] - 1)
    while k < m:
        if gaps[keep[k]] != 1:
            k += 1
            continue
        j = k
        while j < m and gaps[keep[j]] == 1:
            j += 1
        run = keep[k - 1:j]
        mids = [t.width[r] for r in run if f.kind[r] is None and not f.terminal[r] and f.clause[r]]
        if j - k >= 4 and len(mids) >= 3 and ((2 * len(mids) >= len(run) and _one_width(mids))
                                               or _narrow_double_spaced(t, f, run)):
            for r in keep[k:j]:
                gaps[r] = 0
            if j < m and gaps[keep[j]] > 1:
                gaps[keep[j]] -= 1
        k = j
    return gaps


def _double_spaced(f: Features, keep: list[int], gaps: list[int]) -> bool:
    """Is the whole section double-spaced — a blank line after (nearly) every
    line, as an extraction that ends each line with two line ends prints it
    (\\r\\r\\n read as two)? Nine in ten of its lines (markers aside)
    have a blank line before them, and a tenth of them at least, three at
    least, are running text in mid-sentence (a clause mark, no sentence end),
    nine in ten of which a blank follows (a jump marker split off a line's
    end takes the line's place, with no blank before it): the blanks fall inside paragraphs,
    so one blank means nothing and two mean what one would (three, where
    every line end was doubled: :func:`_meaningful_gaps`). A page whose
    every line is a block of its own (a headline, a paragraph on one line)
    has few lines in mid-sentence. (Dev, every extraction with a blank line
    after each line: PyMuPDF 0.748 → 0.927 against 0.928 as printed,
    pdftotext -raw 0.684 → 0.886 against 0.886; the corpus as printed
    unchanged.)

    >>> from .lines import split_lines
    >>> from .options import Options
    >>> column = ["本市救济会昨日开会，决定扩", "大收容所三处，并给口粮，市", "府亦允协助监督，教育局昨",
    ...           "日通令各校，照常上课，各", "界捐款踊跃，已达万元。"]
    >>> line_features(split_lines("\\n\\n".join(column)), {}, Options()).gap
    [0, 0, 0, 0, 0]
    >>> heads = ["本市新闻", "救济会开会", "各校照常上课", "捐款踊跃", "市府协助"]
    >>> line_features(split_lines("\\n\\n".join(heads)), {}, Options()).gap
    [0, 1, 1, 1, 1]
    """
    m = len(keep)
    if m < 5:
        return False
    if 10 * sum(1 for r in keep[1:] if gaps[r] == 0) > m - 1:
        return False
    mids = [k for k in range(m - 1) if f.kind[keep[k]] is None and f.clause[keep[k]] and not f.terminal[keep[k]]]
    unfollowed = sum(1 for k in mids if not gaps[keep[k + 1]])
    return len(mids) >= 3 and 10 * len(mids) >= m and 10 * unfollowed <= len(mids)


def _narrow_double_spaced(t: LineTable, f: Features, run: list[int]) -> bool:
    """For :func:`_meaningful_gaps`: is a *run* of lines each after one blank
    line a narrow column double-spaced? In a column under
    :data:`_TWO_SHORT_COLUMN` a line in mid-sentence often holds no mark at
    all (共得棉衣 / 一千二百), so half the run's lines in mid-sentence, marked
    or not (no sentence end, no grammar kind), most of them within a
    character of their median width, make it one. Dev: Tesseract 0.8267 →
    0.8272 (1930s pages), the other extractions unchanged; generated pages
    that read back changed 5 → 4 of 3,000 (a 1930s page whose narrow tail,
    double-spaced, the settle step joined half-way: the page hypothesis found
    under other seeds for test_idempotent_on_layouts).

    >>> from .lines import split_lines
    >>> t = split_lines("共得棉衣\\n\\n一千二百\\n\\n餘件、已\\n\\n分發各區\\n\\n貧民、")
    >>> f = line_features(t, {}, Options())
    >>> _narrow_double_spaced(t, f, list(range(5)))
    True
    """
    mids = [t.width[r] for r in run if f.kind[r] is None and not f.terminal[r]]
    if not mids or 2 * len(mids) < len(run) or sorted(mids)[len(mids) // 2] >= _TWO_SHORT_COLUMN:
        return False
    return _one_width(mids, within=CHAR)


def _one_width(widths: list[int], within: int = 2 * CHAR) -> bool:
    """Do most of *widths* (three at least) lie *within* their median (two
    characters unless asked otherwise): lines of one column? A double-spaced column wraps its lines
    at one width; region-by-region output of a wide page (a headline, a byline,
    a one-line paragraph, each with its blank line) does not."""
    median = sorted(widths)[len(widths) // 2]
    near = sum(1 for w in widths if abs(w - median) <= within)
    return near >= 3 and 2 * near >= len(widths)


# --------------------------------------------------------------------------
# 3. The column model
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Columns:
    """The column model of a section: each line's set width (0: no column)."""

    width: list = field(default_factory=list)  #: each line's width as measured (punctuation per the section)
    set_width: list = field(default_factory=list)  #: the set width of the line's column, 0 for none
    palette: tuple = ()  #: the section's set widths
    compressed: bool = True  #: CJK punctuation set at half width
    indented: bool = True  #: paragraphs open with an indent (two characters, lost in extraction)
    spread: int = HANG  #: how much full lines differ from each other here (see _spread)

    def tol(self, set_width: int) -> int:
        """How far short of *set_width* a full line may fall here."""
        return max(tolerance(set_width), self.spread)


def tolerance(set_width: int) -> int:
    """How far short of its set width a full line may fall at least, in
    half-cells: 9% of the column, at least half a character and at most 1½
    (a page that compresses some of its punctuation and not the rest, a
    letter-spaced line); :meth:`Columns.tol` widens it where the section's
    full lines are seen to spread more.

    >>> tolerance(4 * CHAR), tolerance(8 * CHAR), tolerance(17 * CHAR), tolerance(40 * CHAR)
    (2, 2, 6, 6)
    """
    return max(HANG, min(set_width // 11, 6))


def _spread(widths: list[int], eligible: list[bool], rows: list[int]) -> int:
    """How much the full lines of this section's columns differ from each
    other, in half-cells: of neighbouring prose lines within two characters
    of each other, the difference most (90%) stay within — 0 where the
    typesetter justified exactly and the extraction kept every character, a
    character where punctuation was compressed here and not there. Bounded
    to [:data:`HANG`, 1½ characters].
    """
    diffs = sorted(
        abs(widths[a] - widths[b]) for a, b in zip(rows, rows[1:])
        if eligible[a] and eligible[b] and abs(widths[a] - widths[b]) <= 2 * CHAR
    )
    if len(diffs) < 5:
        return CHAR  # too few lines to tell: a character
    return max(HANG, min(diffs[(len(diffs) * 9) // 10], 6))


def _palette(widths: list[int], eligible: list[bool], wraps: list[bool], rows: list[int], limit: int,
             spread: int = HANG, terminal: list[bool] | None = None, next_to=None,
             item=None) -> list[int]:
    """The set widths of a section.

    A column shows itself in consecutive lines of one width: every pair of
    neighbouring running-text lines within half a character of each other,
    one of them prose that does not end a sentence, votes for their widths.
    The palette is the most voted widths (each more than the spread apart)
    that show enough evidence: two pairs, one line of which wraps mid-word
    (ends with no punctuation); or three pairs; or a paragraph's shape (two
    prose lines of one width, then a shorter line that ends the sentence; or,
    three times at one width, one such line and a shorter last; *item* says
    whether a line opens a numbered item, whose two-line paragraphs count
    whatever their punctuation). Scattered short lines that happen to share a
    width do not come in pairs; a rendering of reflow's own output (one
    finished block per line) shows no wrap — neither makes a column.
    """
    votes: dict[int, int] = {}
    wrapped: set[int] = set()
    shapes: set[int] = set()
    terminal = terminal or [False] * len(widths)
    if next_to is None:
        def next_to(a: int, b: int) -> bool:
            return b == a + 1
    for k, (a, b) in enumerate(zip(rows, rows[1:])):
        wa, wb = widths[a], widths[b]
        if not (eligible[a] or eligible[b]) or min(wa, wb) < 3 * CHAR or max(wa, wb) > limit:
            continue
        if abs(wa - wb) > spread:
            # A paragraph's first line, its two-character indent lost, then a
            # full line: a vote for the full line's width.
            if eligible[a] and eligible[b] and 6 <= wb - wa <= 2 * CHAR + HANG:
                votes[wb] = votes.get(wb, 0) + 2
                if wraps[b]:
                    wrapped.add(wb)
            continue
        # A paragraph's shape shows a wrap too: two prose lines of one width,
        # then a shorter line that ends the sentence.
        c = rows[k + 2] if k + 2 < len(rows) else None
        shaped = (eligible[a] and eligible[b] and c is not None and next_to(b, c) and not eligible[c]
                  and wraps[c] is False and widths[c] <= max(wa, wb) + HANG)
        for r in (a, b):
            votes[widths[r]] = votes.get(widths[r], 0) + 1
            if wraps[r]:
                wrapped.add(widths[r])
            if shaped:
                shapes.add(widths[r])
    # Paragraphs of two lines (a wide column): a prose line that does not end
    # its sentence, then a shorter line that does. No two full lines stand
    # together, but three such paragraphs whose first lines share a width show
    # the column (the first line lost its indent, so it is counted as it is).
    # A numbered item (第二条　…, 1. …, 一、…) opens a paragraph whatever its
    # punctuation: its two-line paragraphs count too, and where the page
    # indents, their first lines stand the indent short of the full lines that
    # end longer paragraphs (a regulation's articles: 第二条　本办法适用于本市
    # 行政 / 区域内的城市管理活动。).
    twos: dict[int, int] = {}
    opened: dict[int, int] = {}
    for a, c in zip(rows, rows[1:]):
        if not (next_to(a, c) and terminal[c] and widths[c] < widths[a] and 3 * CHAR <= widths[a] <= limit):
            continue
        numbered = item is not None and not terminal[a] and item(a)  # (asked of these lines only)
        if eligible[a] or numbered:
            twos[widths[a]] = twos.get(widths[a], 0) + 1
        if numbered:
            opened[widths[a]] = opened.get(widths[a], 0) + 1

    def around(counts: dict[int, int], w: int) -> int:
        return sum(counts.get(v, 0) for v in range(w - spread, w + spread + 1))

    for w in sorted(twos):
        near, short = around(twos, w), around(opened, w - 2 * CHAR)
        if near >= 3 or (near and short and near + short >= 3):
            votes[w] = votes.get(w, 0) + twos[w] + short
            shapes.add(w)
    # Three lines in a row of one width that do not end a sentence are a
    # column even without punctuation (narrow columns; a headline set in a
    # narrow box wraps the same way).
    for a, b, c in zip(rows, rows[1:], rows[2:]):
        if not (next_to(a, b) and next_to(b, c)):
            continue
        ws = (widths[a], widths[b], widths[c])
        if (max(ws) - min(ws) <= spread and min(ws) >= 3 * CHAR and max(ws) <= limit
                and not (eligible[a] or eligible[b] or eligible[c]) and not any(terminal[r] for r in (a, b, c))):
            for r in (a, b, c):
                votes[widths[r]] = votes.get(widths[r], 0) + 1
                if wraps[r]:
                    wrapped.add(widths[r])
    out: list[int] = []
    while len(out) < MAX_PALETTE and votes:
        score = {w: sum(votes.get(v, 0) for v in range(w - spread, w + spread + 1)) for w in votes}
        w = max(score, key=lambda v: (score[v], votes[v], v))
        if score[w] < MIN_COLUMN_LINES:
            break
        window = [v for v in range(w - spread, w + spread + 1) if votes.get(v, 0)]
        # Evidence enough: two pairs with a mid-word wrap, three pairs, or
        # one paragraph's shape (two full lines and a shorter last one).
        wrap = any(v in wrapped for v in window)
        shown = (score[w] >= 2 * MIN_COLUMN_LINES and wrap) or score[w] >= 3 * MIN_COLUMN_LINES \
            or any(v in shapes for v in window)
        if shown and all(abs(w - p) > spread for p in out):
            # The set width is the widest width of the window with a fair share
            # of its votes (what full lines reach; shorter ones lost a mark).
            top = max(votes[v] for v in window)
            out.append(max(v for v in window if 3 * votes[v] >= top))
            for v in window:  # these lines are explained: they vote no more
                del votes[v]
        else:
            del votes[w]  # not a column of its own: its neighbours may still be
    return sorted(out)


def _cut_mid_word(t: LineTable, f: Features) -> list[bool]:
    """For each line: is it running text that stops in mid-word (a character,
    letter or digit last, no mark) — a line the column wrapped?"""
    return [f.kind[i] is None and t.text[i][-1:].isalnum() for i in range(len(t))]


def _cuts_next_word(t: LineTable, f: Features, wraps: list[bool], following: list[int | None]) -> list[bool]:
    """Of the lines that stop in mid-word (*wraps*), those that cut a word
    the next line of running text completes (:func:`cuts_word`: 收 / 容;
    *following*: the next line that is not a jump marker, see
    :func:`_following`) — the evidence of a wrap in a section that prints no
    punctuation, where every line stops without a mark.

    >>> from .lines import split_lines
    >>> t = split_lines("扩大临时收\\n\\n容所三处并给难民监督\\n市政府亦允派员协助")
    >>> f = Features(kind=[None] * 3)
    >>> _cuts_next_word(t, f, _cut_mid_word(t, f), _following(f))
    [True, False, False]
    """
    return [wraps[i] and (k := following[i]) is not None and f.kind[k] is None and cuts_word(t.text[i], t.text[k])
            for i in range(len(t))]


def _following(f: Features) -> list[int | None]:
    """For each line, the next line that is not a jump marker (a marker is
    no evidence of layout), or None."""
    following: list[int | None] = [None] * len(f.kind)
    upcoming = None
    for k in range(len(f.kind) - 1, -1, -1):
        following[k] = upcoming
        if f.kind[k] != "marker":
            upcoming = k
    return following


def segment_columns(t: LineTable, f: Features, options: Options) -> Columns:
    """The column model of a section (see the module docstring).

    The Viterbi runs over the lines of running text (grammar-typed lines are
    transparent, but a switch of column is cheap across them), with states
    "no column" and one per palette width. A line costs nothing in a column it
    fills, a little where it falls short (a paragraph's last or first line), a
    lot where it runs past the set width; outside any column a prose line
    costs more than a headline-like one. Switching costs more in mid-sentence
    than at a blank line, a sentence end or a grammar line.

    The widths that vote for the palette are those of prose lines in
    mid-sentence: a clause mark and no sentence end — or, in a section that
    prints no punctuation (:func:`_unpunctuated`), any line of running text:
    there a missing mark says nothing, and without them no line voted, so
    no column was found and every line stood alone (``--no-marks`` dev, all
    extractions 0.658 → 0.700, lenient kind 0.750 → 0.822; with the region
    rules for such sections, :data:`UNPUNCTUATED_REGION_SHARE`, 0.714 and
    0.822; the corpus as printed unchanged).
    """
    n = len(t)
    limit = options.max_column_cells * 2
    texts = t.text
    eligible = [f.kind[i] is None and (f.clause[i] or f.unpunctuated) and not f.terminal[i] for i in range(n)]
    wraps = _cut_mid_word(t, f)
    compressed_w = t.width
    full_w = [w + 2 * len(_CJK_PUNCT.findall(s)) if f.kind[i] is None else w
              for i, (s, w) in enumerate(zip(texts, compressed_w))]
    rows = [i for i in range(n) if f.kind[i] is None]
    # Lines with nothing but jump markers between them are neighbours: a
    # marker is no evidence of layout.
    solid = [0]
    for k in f.kind:
        solid.append(solid[-1] + (k is not None and k != "marker"))

    def next_to(a: int, b: int) -> bool:
        return solid[b] - solid[a + 1] == 0

    # Punctuation setting: the one under which prose lines agree best on a
    # width; the palette is read under it alone.
    compressed = _disagreement(compressed_w, eligible, rows) <= _disagreement(full_w, eligible, rows)
    widths = compressed_w if compressed else full_w
    spread = _spread(widths, eligible, rows)
    # In a section with no punctuation every line stops without a mark: a
    # column shows its wraps where it cuts words (reflow's own rendering of
    # such a page, a paragraph a line, shows none).
    following = _following(f)
    shown_wraps = _cuts_next_word(t, f, wraps, following) if f.unpunctuated else wraps
    def item(i: int) -> bool:
        return f.kind[i] is None and _ITEM_LABEL.match(texts[i]) is not None

    palette = _palette(widths, eligible, shown_wraps, rows, limit, spread, f.terminal, next_to, item)
    cols = Columns(width=list(widths), set_width=[0] * n, palette=tuple(palette), compressed=compressed,
                   spread=spread)
    if not palette:
        return cols
    states = [0, *palette]
    inf = float("inf")
    cost = [0.0] * len(states)
    back: list[list[int]] = []
    prev_row = None
    for r in rows:
        x = widths[r]
        nxt = following[r]
        apart = nxt is None or f.gap[nxt] > 0 or f.kind[nxt] is not None
        wrapped = eligible[r] and wraps[r]
        emit = [_emit(s, x, f, r, cols, apart, wrapped) for s in states]
        if prev_row is None:
            cost = emit
            back.append([0] * len(states))
        else:
            cheap = (f.gap[r] > 0 or any(f.kind[k] != "marker" for k in range(prev_row + 1, r))
                     or t.page_break[r] or f.terminal[prev_row]
                     or f.headline_like[prev_row] or f.dateline[r] > 0)
            switch = 2.0 if cheap else 4.0
            best_prev = min(range(len(states)), key=cost.__getitem__)
            new_cost = [inf] * len(states)
            ptr = [0] * len(states)
            for s in range(len(states)):
                stay = cost[s]
                move = cost[best_prev] + switch
                if stay <= move:
                    new_cost[s], ptr[s] = stay + emit[s], s
                else:
                    new_cost[s], ptr[s] = move + emit[s], best_prev
            cost = new_cost
            back.append(ptr)
        prev_row = r
    s = min(range(len(states)), key=cost.__getitem__)
    for k in range(len(rows) - 1, -1, -1):
        cols.set_width[rows[k]] = states[s]
        s = back[k][s]
    _refine(cols, rows, eligible)
    _narrow_stretches(cols, rows, eligible, wraps, f)
    cols.indented = _indent_style(t, f, cols)
    return cols


def _narrow_stretches(cols: Columns, rows: list[int], eligible: list[bool], wraps: list[bool], f: Features) -> None:
    """A column that narrows for a few lines (text set around a photo or a
    pull quote) and is too short a stretch for the palette: inside a segment,
    a run of lines all clearly short of its set width, with no blank line
    between, of which three at least agree on a width (within the section's
    spread) — two of them prose in mid-sentence, one cut in mid-word; or one
    prose and three cut in mid-word, since a narrow column's lines often hold
    no mark at all (的宪法老师推荐的教科) — is a column of that width (the upper
    quartile of its prose lines). Lines of the run wider than that keep the
    segment's width (a paragraph's last line above the photo). Dev split:
    every text-layer and Tesseract variant gains, none of PyMuPDF's,
    pdftotext -raw's or Tesseract's decisions it changes is wrong by the gold
    (the second form: 8 decisions changed on 120 pages, all right); a poem's
    lines (each ending with a mark, none cut in mid-word) are no such run.

    >>> cols = Columns(width=[92, 40, 38, 40, 36, 90], set_width=[92] * 6, palette=(92,), spread=4)
    >>> f = Features(gap=[0] * 6)
    >>> _narrow_stretches(cols, list(range(6)), [True] * 6, [False, True, True, False, True, True], f)
    >>> cols.set_width
    [92, 40, 40, 40, 40, 92]
    >>> cols = Columns(width=[92, 40, 40, 40, 32, 90], set_width=[92] * 6, palette=(92,), spread=4)
    >>> _narrow_stretches(cols, list(range(6)), [True, False, False, True, True, True],
    ...                   [False, True, True, True, False, True], f)
    >>> cols.set_width
    [92, 40, 40, 40, 40, 92]
    """
    k, n = 0, len(rows)
    while k < n:
        w = cols.set_width[rows[k]]
        limit = w - cols.tol(w) - 2 * CHAR if w else 0

        def short(q: int) -> bool:
            return cols.set_width[q] == w and cols.width[q] < limit

        if not w or not short(rows[k]):
            k += 1
            continue
        j = k + 1
        while j < n and short(rows[j]) and not f.gap[rows[j]] and rows[j] == rows[j - 1] + 1:
            j += 1
        run = rows[k:j]
        near = sorted(cols.width[q] for q in run if eligible[q])
        if len(near) >= 2:
            m = near[(3 * len(near)) // 4]
            members = [q for q in run if abs(cols.width[q] - m) <= max(cols.spread, HANG)]
            prose = sum(eligible[q] for q in members)
            if (m >= 3 * CHAR and len(members) >= 3
                    and ((prose >= 2 and any(eligible[q] and wraps[q] for q in members))
                         or (prose >= 1 and sum(wraps[q] for q in members) >= 3))):
                for q in run:
                    if cols.width[q] <= m + HANG + cols.tol(m):
                        cols.set_width[q] = m
        k = j


def _refine(cols: Columns, rows: list[int], eligible: list[bool]) -> None:
    """Read each segment's set width from its own lines: the upper quartile
    of the prose lines near the palette width (what the segment's full lines
    reach), where it shows three of them. The palette is the section's; a
    segment — one article's column — may sit a little above or below it."""
    k = 0
    while k < len(rows):
        w = cols.set_width[rows[k]]
        j = k
        while j < len(rows) and cols.set_width[rows[j]] == w:
            j += 1
        if w:
            lo, hi = w - 2 * CHAR, w + HANG + cols.tol(w)
            near = sorted(cols.width[r] for r in rows[k:j] if eligible[r] and lo <= cols.width[r] <= hi)
            if len(near) >= 3:
                local = near[(3 * len(near)) // 4]
                for r in rows[k:j]:
                    cols.set_width[r] = local
        k = j


def _disagreement(widths: list[int], eligible: list[bool], rows: list[int]) -> int:
    """How much neighbouring prose lines disagree on their width under one
    punctuation setting (differences capped at two characters, so that a
    paragraph's last line counts no more than a line a mark short)."""
    return sum(min(abs(widths[a] - widths[b]), 2 * CHAR) for a, b in zip(rows, rows[1:]) if eligible[a] and eligible[b])


#: What a line of running text that wrapped (clause punctuation, no sentence
#: end, cut mid-word) costs outside any column: it is column text, so a short
#: stretch of a narrower column (five lines beside a photo) pays for switching
#: into its width and out again. Dev split, all variants: 1.0 (a prose line's
#: cost) 0.737, 2.0 0.747, 3.0 0.753, 4.0 0.752 boundary F1; every text-layer
#: variant gains (pdftotext -raw 0.738 -> 0.786).
WRAPPED_OUTSIDE = 3.0


def _emit(state: int, x: int, f: Features, r: int, cols: Columns, apart: bool = False, wrapped: bool = False) -> float:
    """The cost of line *r* (width *x*) in the column *state* (0: none).

    A full line costs nothing; a first line's lost indent little; a short
    line that ends a sentence (a paragraph's last) little; a short line in
    mid-sentence much (few lines are, in a column: around a photo the column
    narrows, and a narrower state fits them); a line past the set width is
    no line of that column. Outside any column a headline-like line costs
    little, a line of running text more, and one that *wrapped* (see
    :data:`WRAPPED_OUTSIDE`) most.
    """
    if state == 0:
        if f.headline_like[r]:
            return 0.4
        return WRAPPED_OUTSIDE if wrapped else 1.0
    tol = cols.tol(state)
    if x > state + HANG + tol + f.ascii[r]:
        return 6.0
    if x >= state - tol - f.ascii[r]:
        return 0.0
    if x >= state - tol - 2 * CHAR - f.ascii[r]:
        return 0.5
    if f.terminal[r]:
        return 0.6
    return 1.0 if f.headline_like[r] or apart else 2.0


def _neighbours(f: Features):
    """Consecutive lines (a, b) with only jump markers between them, if any:
    a marker is no evidence of layout, so the statistics of a section read
    as if it were not there."""
    prev = None
    for i, kind in enumerate(f.kind):
        if kind == "marker":
            continue
        if prev is not None:
            yield prev, i
        prev = i


def _indent_style(t: LineTable, f: Features, cols: Columns) -> bool:
    """Do paragraphs here open with an indent? Of the lines that follow a
    paragraph's end (a short line that ends a sentence) without a blank line,
    in a column, are most of them short of the set width? With no evidence:
    yes (the modern setting)."""
    short = flat = 0
    for a, i in _neighbours(f):
        w = cols.set_width[i]
        if not w or f.kind[i] is not None or f.kind[a] is not None or not f.terminal[a] or f.gap[i]:
            continue
        if cols.width[a] >= cols.set_width[a] - CHAR or f.terminal[i]:
            continue  # not a clear paragraph end, or a one-line paragraph after it
        if cols.width[i] <= w - cols.tol(w) - CHAR:
            short += 1
        elif cols.width[i] >= w - cols.tol(w):
            flat += 1
    return not (flat >= 3 and flat > 2 * short)


# --------------------------------------------------------------------------
# 4. Boundaries
# --------------------------------------------------------------------------

#: What each rule means, for explain() and the HTML report. The rule names are
#: stable ids, shared with the stats keys and the native engine.
REASONS = {
    "start": "the first line",
    "marker": "a jump marker is a block of its own",
    "byline": "a byline is a block of its own",
    "furniture": "page furniture (a running head, a folio, a credit, a decoration line) is a block of its own",
    "markdown": "a line of Markdown structure (# heading, image, list item, table row, fence, HTML tag) is a block of its own",
    "continuation_punct": "the line starts with a mark that never opens a line (，。、）」), so it continues the one before",
    "page_break": "a form feed starts a new page",
    "latin_wrap": "English text wraps onto a lower-case line (after an opening bracket or quote at most)",
    "english_wrap": "English running text where blank lines set the paragraphs apart, and none stands here: the paragraph goes on, whatever the line's width or end",
    "english_paragraph": "English running text where blank lines set the paragraphs apart: the blank line here ends one",
    "dateline_alone": "the previous line is a dateline alone; its paragraph follows",
    "dateline": "the line opens with a dateline (株洲日报讯, 新华社北京2月3日电): a new paragraph",
    "caption": "the line opens with a caption mark (▲ ■): a caption of its own",
    "item": "the line opens a numbered item (1. 2、 一、 （一） ① 第一条) after a sentence or clause end: a new paragraph",
    "next_item": "the line opens the item after the one the previous line opened (一、 then 二、, or the same bullet): a list, one item after another",
    "table_row": "a row of a table set as text (a label, then numbers, apart by spaces; a row next to it) stands alone: a row a block",
    "table_cell": "a cell of a table flattened one cell to a line (short labels and three numbers or more) stands alone: a cell a block",
    "headline_apart": "the previous line reads as a headline and stands apart: blank or block start above, blank or heading below",
    "column_wrap": "the previous line fills its column and does not end a sentence: it runs on",
    "column_break": "the previous line fills its column in mid-sentence; the blank line is a column break",
    "clause_end": "the previous line ends with a colon or semicolon at the column edge and the next line is indented: a paragraph ended",
    "sentence_edge": "a sentence ended at the column edge and the line after it lost no indent: the paragraph goes on",
    "sentence_end": "the previous line ends a sentence short of the column edge, or the next line is indented",
    "running_head": "the line goes on a running head the text layer split over lines",
    "subtitle": "the previous line is a subtitle (——…): a heading of its own",
    "subtitle_start": "the line opens with a dash under a headline-like line and stands apart below: a subtitle (——…)",
    "bracket_cut": "a line of prose in mid-sentence, then a line that opens with a quote or bracket: the text layer cut the line where the font changed",
    "split_line": "the two lines are pieces of one printed line, cut at a bracket or mark (a PDF text layer's font change): together they fill the column",
    "mark_cut": "the text layer cut this page's lines at its punctuation (two in five of its lines end with a mark, and most are short): a line that does not end a sentence goes on",
    "caption_wrap": "a photo caption (▲ ■) goes on into its tail with the photographer's credit (记者 张三 摄)",
    "byline_wrap": "the line end cut the byline's last name: the name goes on in the next line (关磊 / 斌)",
    "credit_wrap": "the line end cut a photo credit: the next line, a credit of the byline grammar, completes it (本报记 / 者 阳雪磊 摄)",
    "headline_wrap": "a short block of no sentence end that ends with a comma, two clause marks at most in it, then a headline-like line that stands apart: one headline the layout wrapped",
    "region_wrap": "blank lines separate this page's blocks, and none stands here: the line goes on in mid-sentence",
    "headline_line": "the line reads as a headline and stands apart",
    "no_column": "no column runs through the previous line: no evidence that it wraps",
    "rendered": "the section is reflowed text already, a block a line (reflow's own output, a paragraph-per-line text): the line is a block",
    "subheading_apart": "the previous line reads as a headline, opens after a paragraph's end and fills its column, and this line opens an indented paragraph: a subheading, set without the indent",
    "short_text_wrap": "a text of three lines or fewer shows no column; the previous line leaves its sentence open (a comma, or running text stopped in mid-phrase above a narrower line) and this line ends it: one paragraph",
    "over_wide": "the previous line runs wider than its column: a headline or banner",
    "wider_next": "the previous line reads as a heading and opens its block, and this line runs wider than its column: set in another measure, as a headline is under its kicker",
    "short_line": "the previous line stops short of its column: its paragraph ends there",
    "nearly_full": "the previous line stops in mid-word at most a character short of its column: OCR lost a character, or digits print wider; it runs on",
    "number_wrap": "a narrow column broke a number from what it counts (1988 / 年): digits print wider, so the short line runs on",
    "piece_wrap": "the previous line opens with a mark that never opens a line (，。): a piece of a printed line the text layer cut after the mark; it stops in mid-word, so it runs on",
    "open_bracket": "the previous line leaves a bracket or quote open and stops in mid-word: the text in the bracket goes on",
    "caption_end": "the caption's line closes with its photographer's credit (记者 张三 摄): the caption ends there",
    "cut_line": "the text layer cut this page's lines at its punctuation; the pieces around this sentence end add up to one printed line of the column's width: the paragraph goes on",
    "open_clause": "the previous line ends with a comma, which leaves its sentence open: it runs on",
    "dateline_cut": "the previous line opens a dateline that this line completes (新华社南京1月26日 / 电): the dateline and its paragraph go on",
    "region_end": "blank lines set this page's blocks apart, and the next line opens a paragraph (indented, short, a dateline, or a dash), or the line above closes with a colon or bracket: no column break",
    "narrow_end": "blank lines set this page's regions apart, and a column under eight characters is full whether or not its paragraph ends there: the blank ends the block unless the line break cuts a word",
    "word_cut": "the previous line ends in the middle of a word the line completes (开 / 展): it wraps there",
    "quote_open": "the block above left a quotation (or a 《title》) open and this line closes it before it opens one: the quotation goes on",
    "number_unit": "the previous line ends with a number and this line opens with what it counts (2017年11 / 月18日, 51 / 岁): one phrase, it runs on",
    "word_moved": "the previous line stops short of its column in mid-sentence, and this line opens with a Latin word, number or web address wider than the room left: the typesetter moved it down whole; it runs on",
    "particle_start": "the line opens with a particle that never opens a sentence (的 了 着 们 吗): it goes on the line above, however that one ends",
}

#: Rules whose decision is a join.
JOIN_RULES = frozenset({"short_text_wrap", "continuation_punct", "latin_wrap", "english_wrap", "dateline_alone", "column_wrap", "column_break", "sentence_edge",
                        "region_wrap", "nearly_full", "number_wrap", "split_line", "running_head", "bracket_cut", "mark_cut",
                        "caption_wrap", "byline_wrap", "credit_wrap", "headline_wrap", "piece_wrap",
                        "open_bracket", "cut_line", "open_clause", "dateline_cut", "word_cut", "quote_open", "number_unit",
                        "word_moved", "particle_start"})


@dataclass(slots=True)
class Layout:
    """Everything the layout found out about a section: the table of lines,
    their features, the column model and the decision before each line."""

    lines: LineTable
    features: Features
    columns: Columns
    rules: list  #: rule name at the boundary before each line ("start" for the first)
    #: Region by region output? (:func:`_region_separated`, asked once: see :meth:`region_output`)
    regions: bool | None = None

    def joined(self, i: int) -> bool:
        return self.rules[i] in JOIN_RULES

    def region_output(self) -> bool:
        """:func:`_region_separated` of the section, read once: the block
        passes ask it of one layout again and again (each settle round types
        its merged blocks anew over the same layout)."""
        if self.regions is None:
            self.regions = _region_separated(self.lines, self.features, self.columns)
        return self.regions


def _fills(cols: Columns, f: Features, t: LineTable, a: int, b: int | None, first: bool = False,
           before: int = 0) -> bool:
    """Does line *a* fill its column? Up to :func:`tolerance` short of the set
    width; a paragraph's *first* line two characters more where the page
    indents paragraphs (the indent was lost; at most a quarter of a narrow
    column); more where the width of ASCII text is uncertain (a half-width
    digit or Latin letter is printed narrower or wider than half a
    character), or where the word that comes next could not be split (an
    opening quote, a number, a Latin word pushed onto the next line) — by
    less than that word's width, which would have fitted in as much room
    (在、 / 1 、投 in a three-character column: 在、 is a character short, and
    1 is half a character wide; dev, every extraction: 48 paragraph ends
    found, 7 wrong, 2 joins mended).
    *before*: the width of the piece that opens *a*'s printed line, where *a*
    is its rest (:func:`_rest_of_line`). A sentence end with room left on its
    line for the next line's first character does not fill it, whatever the
    tolerance (:func:`_room_left`).

    >>> from .lines import split_lines
    >>> t = split_lines("動力所\\n在、\\n1、投\\n2019年")
    >>> cols = Columns(width=[12, 8, 10, 16], set_width=[12] * 4, spread=2)
    >>> f = Features(ascii=[0] * 4, dateline=[0] * 4)
    >>> _fills(cols, f, t, 1, 2), _fills(cols, f, t, 1, 3)  # 1 would have fitted, 2019 not
    (False, True)
    """
    w = cols.set_width[a]
    if not w:
        return False
    x = cols.width[a] + before
    allowance = cols.tol(w) + f.ascii[a]
    if first and (cols.indented or t.indent[a]):
        allowance += min(2 * CHAR, w // 4)
    if f.dateline[a] and t.text[a][f.dateline[a]:f.dateline[a] + 1] in (" ", "\t"):
        allowance += CHAR  # the dateline's full-width separator, extracted as a narrow space
    if b is not None:
        if not before and not (first and (cols.indented or t.indent[a])) and _room_left(cols, f, t, a, b):
            return False
        nxt = t.text[b]
        if nxt[0] in OPENING_BRACKETS:
            allowance += CHAR
        else:
            m = _LEADING_WORD.match(nxt)
            if m:
                # Less than the word's width: a line short by all of it had room for it.
                allowance += min(2 * len(m.group()) - 1, 8 * CHAR)
    return x >= w - allowance


def _room_left(cols: Columns, f: Features, t: LineTable, a: int, b: int) -> bool:
    """Does a sentence end on line *a* with room left on its line for the
    character that opens line *b*? A typesetter fills each line before it
    breaks, so a line ends short only where the next character could not
    stand there (a mark no line opens with pulls it down: 是 / 否、) or where
    its paragraph ended. The widths must be exact to tell: punctuation set
    full width (a page that compresses it sets it narrower here and there),
    no ASCII on the line or the line above, and the line above exactly as
    wide as the column (a text layer keeps every character; OCR drops some,
    and a line it shortened says nothing). Corpus dev (pages in the 1930s
    style, paragraphs set without indent or spacing; no other template sets
    its punctuation full width): text layers 94 paragraph ends found for 4
    spurious starts, OCR in column order level (RapidOCR in its row order:
    40 spurious, 37 of them where a line takes another column's block up
    again).

    >>> from .lines import split_lines
    >>> t = split_lines("舊歷新年將至、\\n大笑的表情、\\n很快就到了")
    >>> cols = Columns(width=[28, 24, 20], set_width=[28] * 3, compressed=False, indented=False)
    >>> f = Features(ascii=[0] * 3, terminal=[False] * 3, pause_stop=True)
    >>> _room_left(cols, f, t, 1, 2)
    True
    >>> t = split_lines("舊歷新年將至、\\n大笑的表情、\\n很、快就到了")
    >>> _room_left(cols, f, t, 1, 2)  # 很 could not stand there: 、 would have opened the next line
    False
    """
    w = cols.set_width[a]
    nxt = t.text[b]
    if (cols.compressed or not a or f.ascii[a] or f.ascii[a - 1]
            or cols.set_width[a - 1] != w or cols.width[a - 1] != w):
        return False
    if not _ends_sentence(f, t, a):
        return False
    k = 0  # the characters that would have had to stand together at the line end: 很、, “東
    while k < len(nxt) and nxt[k] in OPENING_BRACKETS:
        k += 1
    if k >= len(nxt) or nxt[k].isascii():
        return False
    k += 1
    while k < len(nxt) and nxt[k] in NO_LINE_START:
        k += 1
    return cols.width[a] + k * CHAR <= w


def _rest_of_line(cols: Columns, rules: list[str], a: int, texts: list[str] | None = None) -> bool:
    """Is line *a* the rest of the printed line that line *a - 1* opens? A
    text layer cuts a printed line in two where the font changes (2月26日， /
    《财经》杂志推出了迄今为止关于: the bracket comes from another font); the
    layout joins the pieces (``open_clause``, ``split_line``), and whether the
    printed line fills its column is then for the two together to say, not
    the short rest alone — the rest is no paragraph's last line. Dev, the
    boundaries it changes: 18 right (PyMuPDF 7 of 7), 5 wrong (RapidOCR 3, pdftotext 2);
    test, scored only: 7 right, 6 wrong.

    So is a number a narrow column's line holds with what it counts
    (``number_wrap``) where one of the two pieces is nothing but ASCII, the
    line's *texts* say (40 / 本, 1965 / 年: PyMuPDF, and OCR at times, print
    digits set in another font as a line of their own; the printed line 40本
    ends a character short of a three-character column, as the next 好 does
    not fit beside the wider digits). Dev: 21 breaks after such a rest
    removed, all right (PyMuPDF 20, RapidOCR 1), none added.

    >>> cols = Columns(width=[16, 56, 82], set_width=[84] * 3)
    >>> _rest_of_line(cols, ["start", "open_clause", "short_line"], 1)
    True
    >>> _rest_of_line(cols, ["start", "column_wrap", "short_line"], 1)
    False
    >>> narrow = Columns(width=[4, 4, 12], set_width=[12] * 3)
    >>> _rest_of_line(narrow, ["start", "number_wrap", "short_line"], 1, ["40", "本", "好書揭"])
    True
    >>> _rest_of_line(narrow, ["start", "number_wrap", "short_line"], 1, ["四十", "本", "好書揭"])
    False
    """
    if not a or rules[a] not in ("open_clause", "split_line", "number_wrap"):
        return False
    if rules[a] == "number_wrap" and not (texts and (_ascii_piece(texts[a - 1]) or _ascii_piece(texts[a]))):
        return False
    w = cols.set_width[a]
    return cols.set_width[a - 1] == w and cols.width[a - 1] + cols.width[a] <= w + HANG + cols.tol(w)


def _ascii_piece(text: str) -> bool:
    """Is *text* nothing but ASCII, a letter or digit among it (a piece of a
    printed line set in the Latin font)?

    >>> _ascii_piece("1965"), _ascii_piece("5G"), _ascii_piece("65年"), _ascii_piece("--")
    (True, True, False, False)
    """
    return text.isascii() and any(c.isalnum() for c in text)


def _indented(cols: Columns, f: Features, t: LineTable, b: int, against_next_only: bool = False) -> bool:
    """Does line *b* look like a paragraph's first line: a kept indent; or,
    where the line after it runs on in the same column, 1½ characters or
    more narrower than that line (the neighbours' widths are measured alike,
    whatever the page's punctuation does); or, either way, 1½ characters
    short of the set width and more than the spread of full lines (with
    *against_next_only*, not for a line that ends a sentence: where blank
    lines separate blocks, such a short line is a block's last line, not a
    first). The line after may itself fall short within the tolerance (a
    Latin word pushed on: 王海燕 / 教授和香港浸会大学新闻系的Colin), so a
    first line short of the set width is not compared with it alone. Dev,
    every extraction: 47 paragraph starts found, 1 wrong.

    >>> from .lines import split_lines
    >>> t = split_lines("收入增长的情况。\\n设计学院的王海燕\\n新闻系的Colin")
    >>> cols = Columns(width=[68, 60, 62], set_width=[68] * 3, spread=6)
    >>> f = Features(kind=[None] * 3, terminal=[True, False, False], gap=[0] * 3, ascii=[0] * 3)
    >>> _indented(cols, f, t, 1)  # 2 characters short, though only 2 cells under the line after
    True
    """
    if t.indent[b]:
        return True
    w = _column_at(cols, b)
    if not w:
        return False
    if _under_full_line(cols, f, t, b, w):
        return True
    if against_next_only and f.terminal[b]:
        return False
    return cols.width[b] <= w - max(6, cols.spread + HANG) - f.ascii[b]


def _column_at(cols: Columns, b: int) -> int:
    """The set width line *b* is read against (:func:`_indented`,
    :func:`_opens_paragraph`): its own, or the line before's where it has
    none (0: neither has one)."""
    return cols.set_width[b] or (cols.set_width[b - 1] if b else 0)


def _under_full_line(cols: Columns, f: Features, t: LineTable, b: int, w: int) -> bool:
    """Is line *b* 1½ characters or more narrower than the line after it
    (:func:`_narrower_than_next`), a full line of its column *w*: the indent
    the extraction lost, read against the next line (:func:`_indented`,
    :func:`_opens_paragraph`)?"""
    c = b + 1
    return _narrower_than_next(cols, f, t, b) and cols.set_width[c] == w and cols.width[c] >= w - cols.tol(w)


def decide(t: LineTable, f: Features, cols: Columns, options: Options, layout: Layout | None = None) -> list[str]:
    """The rule that decided at the boundary before each line (``"start"``
    for the first); :data:`JOIN_RULES` are joins, every other rule a break.
    *layout*: the Layout of these lines, where one is being made, so that
    whether they are region output is read once (:meth:`Layout.region_output`).

    The rules, in order (the first that speaks wins):

    - ``markdown``: a line of Markdown structure (``# 标题``, ``![](a.jpg)``,
      ``- 条目``, ``| 表 | 格 |``, a fence, an HTML tag line; see
      :func:`~reflow.chars.is_markdown_line`) and the line after it start
      blocks: a pipeline that prints Markdown set them there;
    - ``running_head`` (join): the pieces of a running head split over lines;
    - ``marker``, ``byline``, ``furniture``: grammar lines are blocks of their own;
    - ``continuation_punct``: a line that starts with ，。、）」 continues the one before;
    - ``page_break``: a form feed starts a new page;
    - ``latin_wrap``: English wraps onto a lower-case line — after a line
      that ends with a letter (or , ; : -) and ends in English
      (:func:`_ends_in_english`), whatever its width (a ragged-right column of
      30 characters had its first line read as a headline: the rule once
      wanted a line of 40 characters or more);
    - ``english_paragraph``: where blank lines part a section's English
      paragraphs (:func:`_english_blanks`), a blank line between two English
      lines ends one, whatever the line above ends with (Hi Bob, / (blank) /
      Thanks…; Run this: / (blank) / pip install…, which ``latin_wrap`` and
      ``column_break`` once joined);
    - ``english_wrap`` (join): where blank lines part a section's English
      paragraphs (:func:`_english_blanks`), two lines of English running
      text (:func:`_english_line`) with no blank line between them are one
      paragraph, unless the second is indented, or its first word would have
      fitted on the first line (a heading), or the first ends with a colon
      (:func:`_english_wraps`): English is set ragged right, so a sentence that ends short of
      the edge goes on, and so does a line that opens with a capital, a
      digit, a quote or an address (plain English wrapped at 30–90
      characters, 300 generated texts of one to four paragraphs: 208 read
      with a wrong break before, 45 now with ``english_paragraph`` — those
      of one paragraph, with no blank line to tell; a test of the words' fit
      against the widest line alone read fewer, but joined paragraphs where
      the output, a paragraph a line, was read back);
    - ``dateline_alone`` (join) and ``dateline``: a dateline alone on its line
      joins its paragraph, with its bracketed credit where the text layer set
      that on a line of its own (本报西安1月26日电 / （记者 阳国明）); a dateline opens a paragraph —
      unless the line before runs on in mid-sentence (記者昨日 inside a column
      is text, not a new paragraph) and the dateline is not unmistakable
      (bracketed, this paper's or an agency's: 【本報訊】, 本报讯, 新华社电); a
      caption that ends with its photographer's credit has ended, however wide;
    - ``dateline_cut`` (join): a line that opens a dateline the next line
      completes goes on (新华社南京1月26日 / 电 这几天…: the text layer cut the
      line where the dateline's bold type met the body's; dev: 49 such
      joins over the text layers and Tesseract, none wrong by the gold);
    - ``caption_wrap`` (join): a caption goes on into the short line that ends
      with its photographer's credit, or that begins it (see :func:`_caption_tail`);
    - ``byline_wrap`` (join): a byline goes on into a line that finishes the
      name its line end cut (see :func:`_name_goes_on`);
    - ``credit_wrap`` (join): a line goes on into a photo credit of the byline
      grammar that completes it, where the two together close with a photo
      credit and the line alone does not (本报记 / 者 阳雪磊 摄, 本报记者 钱俊 /
      超 摄, a caption / （记者 柴慧秋 摄）): the column cut the credit, or set
      a caption's credit on a line of its own (corpus dev, every extraction:
      30 such breaks, 28 wrong by the gold; the other two are RapidOCR lines
      that run across columns);
    - ``caption``: ▲ ■ open a caption;
    - ``caption_end``: a caption whose line closes with its photographer's
      credit (▲… 记者 张三 摄) has ended, however full the line (dev: 17
      breaks mended on pdftotext -raw, 10 on PyMuPDF for 3 made; a line that
      is no caption's keeps its reading: OCR and pdftotext merge credits into
      lines of running text);
    - ``item``: a line that opens a numbered item (1. 2、 一、 （一） ① 第一条) after a
      line that ends a sentence or a clause (；：) starts a paragraph, however
      full the line above (see :func:`opens_item`);
    - ``table_row``, ``table_cell``: a table set as text stands apart line
      by line — a row (a label, then numbers, apart by spaces) next to
      another row (:func:`_in_table`), and the cells of a table flattened one
      cell to a line (:func:`_cell_table`); the corpus prints no table, and
      neither rule reads a line of it;
    - ``region_wrap`` (region by region output) and ``mark_cut`` (a text layer
      that cut its lines at every mark, see :func:`_cut_at_marks`): widths say
      nothing there; a line that does not end a sentence goes on;
    - ``cut_line`` (join): on such a page a sentence end goes on where the
      pieces around it add up to one printed line (see :func:`_cut_lines`);
    - ``piece_wrap``: a line that opens with a mark no line opens with (，。)
      is a piece of a printed line that a text layer cut after the mark; where
      it stops in mid-word (a letter or digit last), the printed line ran on
      (dev, pdftotext -raw: 101 of 102 such breaks were wrong by the gold;
      the sections whose lines are all cut so are ``mark_cut``'s). In no
      column the pieces after it run on too, each that stops in mid-word
      (、我 / 報 / 三天 / 剎那): reflow()'s output prints them on the line that
      opens with the mark, which reads on the same way, one piece a settle
      round, more pieces than :data:`~reflow.document.MAX_SETTLE` rounds take
      (tests/damage_search.py, session 53; dev unchanged);
    - ``open_bracket``: a line in its column that leaves a bracket or quote
      open (《南方 / 周末》…, “你喜欢的 / 我的样子…) and stops in mid-word, with
      no blank line after it, goes on: a text layer cut the printed line where
      the bracket's font began, or the column wrapped inside the quotation
      (dev: PyMuPDF 39 breaks mended for 2 made, pdftotext -raw 63 for 5; not
      across a blank line, and not for a line in no column — a whole block, as
      in reflow's own rendering, which would otherwise be joined to the next);
    - ``headline_apart``: a headline-like line that opens a block and stands
      apart below (a blank line, a heading or byline next) — even where it
      happens to be as wide as the column;
    - ``subtitle``: a ——subtitle is a heading of its own (its dash as OCR
      may read it too: 一一, :func:`opens_with_dash`);
    - ``subtitle_start``: so is a line that opens with a dash under a
      headline-like line, itself headline-like, with words in it (not a
      date range's —1970) and standing apart below (大学招生舞弊案 /
      ——检察官提交的文件显示), even where the line above
      fills the column: a body line that opens with a dash goes on with
      punctuation or into the line below it (corpus dev, every extraction:
      74 such breaks, each at a gold block start). Session 33: the dash as
      Tesseract reads it (一一, -一) counts, and in region output such a line
      no longer runs on as the region's (``region_wrap``): dev Tesseract
      0.8213 → 0.8260, Tesseract by region 0.8874 → 0.8883, strict kind
      0.838 → 0.855 and 0.862 → 0.879 (the subtitles' role found), lenient
      kind −0.0005 and −0.0016; test, scored once: 0.8212 → 0.8226 and
      0.8808 → 0.8820, lenient kind level; no other variant moves;
    - ``split_line``: two pieces of one printed line (cut at a bracket where a
      PDF text layer changed font) that together fill the column;
    - ``bracket_cut``: prose in mid-sentence, then a line that opens with a quote
      or bracket, with no blank between: a PDF text layer cut the line where the
      font changed (pdftotext -raw) — not after a colon (or the page's 、 full
      stop), which may end a paragraph that introduces a quotation, and only
      where the piece before the cut lies within its column (a line in no
      column, or wider than its own, was not cut: a whole paragraph, as in
      reflow's own rendering);
    - ``region_end``: where blank lines set the page's blocks apart, a blank
      after a full line in mid-sentence is no column break when the line after
      it opens a paragraph (a dateline, an indent, short of its column with
      more lines to come, a dash) — OCR lost the paragraph's last mark — or
      the full line closes with a colon or a bracket (:data:`_REGION_CLOSES`);
      in region by region output that prints no punctuation
      (:func:`_unpunctuated`), whatever the line after it: no mark tells a
      paragraph that ends on a full line from one that goes on, so a blank is
      a column break only where a word is cut across it (``--no-marks`` dev,
      Tesseract by region 0.832 → 0.841, RapidOCR by region 0.856 → 0.865;
      of the column breaks read there before, 184 were right and 200 wrong);
    - ``narrow_end``: in region by region output, a full line in a column
      under eight characters (:data:`_TWO_SHORT_COLUMN`) that closes a region
      of two lines or more (no blank line above it: not a page with a blank
      after every line) ends its block at the region's blank line unless the
      break cuts a word (:func:`cuts_word`): a paragraph's last line fills so
      narrow a column often, and OCR loses its last mark (dev, 1930s pages by
      region, the two OCR engines: a full line in mid-word before a blank was
      a block's end 128 times, a column break 97; where the break cut a word,
      4 and 31);
    - ``clause_end``: on a page that indents its paragraphs, a line that
      fills its column and ends with a colon or semicolon, then an indented
      line (not one that opens a quotation, which the colon may introduce in
      the same paragraph), ends its paragraph (…主要是在说一件事： / 如果一所
      大学…; dev, the text layers and Tesseract: 24 paragraph starts found
      for 4 spurious; with commas too, 29 for 219);
    - ``subheading_apart``: on a page that indents its paragraphs, a
      headline-like line that opens its block right after a sentence end,
      then a paragraph's indented first line (narrower than the full line
      after it, :func:`_opens_paragraph`), is a subheading set flush, though
      it fills the column (关结果。 / 两名事发时在场者被拘留 / 根据报案书内容，有两):
      the paragraph it would run into opens with an indent, so a first line
      it is not, and a paragraph's last line ends its sentence (corpus dev,
      the joins it turns into breaks: 15 right by the gold, 4 wrong, over
      PyMuPDF, both pdftotext modes and RapidOCR; boundary F1 0.8296 →
      0.8300, lenient kind 0.9301 → 0.9305);
    - ``wider_next``: a headline-like line that opens its block, then (no
      blank line between) a line wider than its column (:func:`_next_wider`):
      the two are set in different measures — a kicker (引题) over its
      headline, 从2015年开始带作文课以来 / 木田：我们到底要怎样的高考作文教育？ —
      and no line of a column is wider than the column. Session 50, dev, the
      decisions it changes: 16 right by the gold, 4 wrong (PyMuPDF, both
      pdftotext modes and RapidOCR, six templates' pages; the wrong ones where
      the column model read a narrow stretch as the line's column); boundary
      F1 0.8330 → 0.8333 (PyMuPDF and -raw +0.0006 each), lenient kind
      0.9312 → 0.9317;
    - ``column_wrap``/``column_break``: a line that fills its column in
      mid-sentence runs on, across a blank line too (a column break) — not
      a headline-like line that opens its block and runs past the column
      (:func:`_over_wide`), nor, in a section that prints no punctuation,
      any line that does so (no line is headline-like there: a headline set
      wider than the column below it is the one sign left);
    - ``sentence_edge``/``sentence_end``: a sentence that ends at the column
      edge goes on when the next line is no indented first line (on an
      indented page), or where the page separates paragraphs with blank lines
      and none follows; otherwise a sentence end is a paragraph end;
    - ``headline_wrap`` (join): a short block that ends with a comma (two
      clause marks at most in it, as in a headline), then a headline-like
      line that stands apart: one headline. The block is read whole, up to
      three lines, none of them a sentence's end (一座百年老桥的拆除和一条新城 /
      区道路的开通， / 城东出行从此不再绕远: the column wrapped the headline's first
      half) — as reflow's own rendering shows it (dev, before the settle
      step: 12 joins, each right by the gold; 2 with it, each right). Session
      48: a colon before the comma counts as a headline's (寻找汤兰兰：少女 /
      称遭亲友性侵， / 11人入狱多年其人“失联”, 新一代访民李宁：用直播、 / twitter和…),
      where only the comma did: dev, 13 joins more right by the gold and 1
      wrong (a line of pdftotext's interleaved columns), boundary F1 PyMuPDF
      0.9325 → 0.9329, -raw 0.8994 → 0.8996, all 0.8300 → 0.8301, lenient
      kind 0.9305 → 0.9307;
    - ``headline_line``: a headline-like line that stands apart;
    - ``open_clause``: a line in its column that ends with a comma (，, or
      、 where it is no full stop), with no blank line after it, goes on
      however short it is: a paragraph does not end on a comma (dev, the
      decisions it changes: PyMuPDF 52 breaks mended for 3 made, pdftotext
      -raw 60 for 2, Tesseract 4 for 3; those it makes are lines of verse).
      Not for a line in no column or wider than its own — a whole block, as
      in reflow's own rendering (the seed page's 线上招聘通知发布后， above a
      headline) — and not before a headline that stands apart;
    - ``region_wrap``: in region by region output (a blank line after every
      layout region, see :func:`_region_separated`) the lines of one region
      are one block, a headline wrapped in its box too, unless the next line
      is indented or a ——subtitle under a headline (:func:`_subtitle_under`;
      OCR sets a headline and its subtitle in one region) or the line ends a
      sentence short of its column
      (:func:`_clear_end`: a paragraph end the extractor did not set apart —
      Tesseract's own blocks hold several; corpus dev, Tesseract: up on 15 of
      48 pages, down on none; region by region output: down on 7, summed
      −0.08, where OCR cut a region's line in pieces); where blank lines
      separate most of the page's paragraphs,
      a line in mid-sentence with no blank after it goes on, whatever its
      width says (OCR widths are noisy), and so does a line inside a block
      that stops in mid-word, however short the next line (a paragraph that
      lost its last mark would have a blank after it);
    - ``nearly_full``: a line that stops in mid-word at most a character short
      of its column runs on (OCR lost a character; digits print wider);
    - ``number_wrap``: in a column of six characters or fewer, a short line
      where a number meets what it counts in mid-word runs on (1988 / 年);
    - ``short_text_wrap`` (join): in a text too short to show a column
      (:func:`_short_text_wrap`), a line that leaves its sentence open (a
      comma; running text stopped in mid-phrase above a narrower line), then
      a line that ends the sentence;
    - ``no_column``, ``over_wide``, ``short_line``: otherwise a break;
    - ``word_cut`` (join) overrules ``headline_line``, ``short_line``,
      ``no_column`` and ``wider_next`` where the line ends in the middle of a word the next
      line completes (开 / 展, :func:`~reflow.chars.cuts_word`), unless a
      blank line stands between, both lines look like headlines, or the line
      opens a block below a blank, a heading or a sentence end and ends with
      a word whole (see :data:`_WORD_CUT_OVERRULES`);
    - ``number_unit`` (join) overrules the breaks of :data:`_NUMBER_OVERRULES`
      where the line ends with a number and the next, with no blank line
      between, opens with what the number counts (2017年11 / 月18日, 51 / 岁,
      :data:`_UNITS`): a number and its unit are one phrase, whatever the
      widths, a heading's look or a column say (dev, every extraction: of
      445 such line ends, one a block's end by the gold; 14 read as breaks,
      none of them one);
    - ``particle_start`` (join) overrules the breaks of
      :data:`_PARTICLE_OVERRULES` where the next line, with no blank line
      between, opens with a particle that never opens a sentence (的 了 着 们
      吗, :func:`~reflow.chars.opens_with_particle`): the block goes on,
      whatever the width, the look or the mark at the line end say;
    - ``quote_open`` (join) overrules ``sentence_end``, ``short_line`` and
      ``no_column`` where the block above left a quotation open (“ 「 《) and
      the line closes one before it opens one, with no blank line between
      and no grammar line: a quotation that goes on past a sentence end at a
      line end (see :data:`_QUOTE_OVERRULES`).
    """
    n = len(t)
    rules = ["start"] * n
    if not n:
        return rules
    kind, gap, texts = f.kind, f.gap, t.text
    if f.rendered:  # reflowed text already: a block a line, but where the text says it goes on
        joins = rendered_joins(t, f.markers)
        for i in range(1, n):
            rules[i] = (joins.get(i) or kind[i - 1] or kind[i] or ("page_break" if t.page_break[i] else "rendered"))
        return rules
    blank_paragraphs = _blank_paragraphs(t, f, cols)
    english: list[int] = []

    def english_blanks() -> int:  # (_english_blanks of the section, read once where asked)
        if not english:
            english.append(_english_blanks(t, f))
        return english[0]

    # (*layout*, of these lines: whether they are region output is read once, for the block passes too)
    regions = layout.region_output() if layout is not None else _region_separated(t, f, cols)
    pieces = _cut_at_marks(t, f)
    goes_on = _cut_lines(t, f) if pieces else None
    cells = _cell_table(texts, kind)
    max_column = options.max_column_cells * 2
    opened = True  # line i-1 opens its block
    start = 0  # the line that opened the block line i-1 is in
    opened_before = True  # line i-2 opens its block
    quotes = _quote_balance(texts[0]) if n else 0  # quotations the current block leaves open
    caption = bool(n) and texts[0][0] in CAPTION_MARKS and kind[0] != "byline"  # the current block is a caption
    for i in range(1, n):
        a = i - 1
        rule = None
        if kind[a] == "markdown" or kind[i] == "markdown":
            rule = "markdown"  # explicit structure: nothing reads across it
        elif i in f.continues:
            rule = "running_head"
        elif caption and not gap[i] and _caption_tail(texts, kind, gap, a, i):
            rule = "caption_wrap"
        elif not gap[i] and _dateline_credit(f, texts, rules, a, i):
            rule = "dateline_alone"  # a dateline's bracketed credit, on lines of its own
        elif kind[a] == "byline" and kind[i] is None and not gap[i] and _name_goes_on(texts[a], texts[i]):
            rule = "byline_wrap"  # the line end cut the byline's last name (关磊 / 斌)
        elif rules[a] == "byline_wrap":
            rule = "byline"  # the byline's cut name is whole again: the byline ends
        elif kind[a] is not None:
            rule = kind[a]
        elif (kind[i] == "byline" and not gap[i] and closes_with_photo_credit(texts[a] + texts[i])
              and not closes_with_photo_credit(texts[a])):
            rule = "credit_wrap"  # the line end cut a photo credit (本报记 / 者 阳雪磊 摄)
        elif kind[i] is not None:
            rule = kind[i]
        elif texts[i][0] in NO_LINE_START:
            rule = "continuation_punct"
        elif t.page_break[i]:
            rule = "page_break"
        elif gap[i] and _english_line(texts[a], words=1) and _english_line(texts[i], words=1) and english_blanks():
            rule = "english_paragraph"  # English whose blank lines part its paragraphs: a blank ends one
        elif (_opens_in_lower_case(texts[i]) and _LATIN_END.search(texts[a])
              and t.width[a] <= max_column and _ends_in_english(texts[a]) and not opens_address(texts[i])):
            rule = "latin_wrap"  # (a line that opens a web address is no English wrap: a list of links)
        if rule is None:
            # The width of the piece that opened the printed line a ends, where a is its rest.
            before = cols.width[a - 1] if _rest_of_line(cols, rules, a, texts) else 0
            if before:
                fills = _fills(cols, f, t, a, i, opened_before, before)
            else:
                fills = _fills(cols, f, t, a, i, opened)
            runs_on = fills and not f.terminal[a]
            if is_dateline_alone(f.dateline[a], texts[a]):
                rule = "dateline_alone"
            elif _dateline_cut(f, texts, a, i):
                rule = "dateline_cut"  # 新华社南京1月26日 / 电 这几天…: one dateline
            elif f.dateline[i] and (not runs_on or _unmistakable_dateline(texts[i][:f.dateline[i]])
                                    or (caption and _credit_closes(texts, start, a))):
                rule = "dateline"  # (a caption that ends with its photographer's credit has ended)
            elif texts[i][0] in CAPTION_MARKS:
                rule = "caption"
            elif caption and _credit_closes(texts, start, a):
                rule = "caption_end"  # a caption that ends with its photographer's credit has ended
            elif opens_item(texts[a], texts[i]):
                rule = "item"  # 1. / 一、 / （一） after a sentence end: a numbered paragraph or subheading
            elif opens_next_item(texts[a], texts[i]):
                rule = "next_item"  # 一、总体要求 / 二、主要任务: one item after another, whatever their widths
            elif _in_table(texts, a) or _in_table(texts, i):
                rule = "table_row"  # 上证指数 3245.67 +1.23% / 深证成指 11234.56 -0.45%: a table's row stands alone
            elif cells[a] or cells[i]:
                rule = "table_cell"  # 芙蓉区 / 12.5% / 天心区 / 10.3%: a table flattened one cell to a line
            elif (not gap[i] and not t.indent[i] and _english_line(texts[a]) and _english_line(texts[i], words=1)
                  and _english_wraps(english_blanks(), texts[a], texts[i])):
                rule = "english_wrap"  # English set ragged: where blank lines part its paragraphs, no blank goes on
            elif (regions and not gap[i] and not t.indent[i] and not _clear_end(cols, f, t, a)
                  and not _subtitle_under(f, t, cols, a, i)):
                rule = "region_wrap"  # region by region output: the lines of one region are one block
            elif (pieces and not gap[i] and not _piece_ends(f, t, a) and not (f.headline_like[a] and opened and f.headline_like[i])
                  and not _subtitle_under(f, t, cols, a, i)):
                rule = "mark_cut"  # the text layer cut its lines at the marks: widths say nothing
            elif goes_on is not None and goes_on[i] and not gap[i] and _piece_ends(f, t, a):
                rule = "cut_line"  # the pieces around the sentence end make one printed line
            elif (not gap[i] and (texts[a][0] in NO_LINE_START or (rules[a] == "piece_wrap" and not cols.set_width[a]))
                  and texts[a][-1].isalnum()):
                rule = "piece_wrap"  # a piece of a printed line, cut after a mark, that stops in mid-word
            elif (not gap[i] and not runs_on and texts[a][-1].isalnum() and unbalanced(texts[a])
                  and cols.set_width[a] and not _over_wide(cols, a)):
                rule = "open_bracket"  # a bracket or quote left open in mid-word: the text in it goes on
            elif f.headline_like[a] and opened and _stands_apart_above(f, t, a) and _stands_apart_below(f, t, cols, i):
                rule = "headline_apart"
            elif f.headline_like[a] and opened and opens_with_dash(texts[a]):
                rule = "subtitle"
            elif _subtitle_under(f, t, cols, a, i):
                rule = "subtitle_start"  # a ——subtitle under its headline, however full the headline's line
            elif not fills and not gap[i] and _split_visual_line(cols, f, t, a, i, regions):
                rule = "split_line"
            elif (not gap[i] and f.clause[a] and not f.terminal[a] and texts[i][0] in _OPENING
                  and not _introduces(f, texts[a])
                  and not f.headline_like[a] and not _narrower_than_next(cols, f, t, i)
                  and cols.set_width[a] and not _over_wide(cols, a)):
                rule = "bracket_cut"
            elif gap[i] and f.pause_stop and _pause_end(texts[a]):
                rule = "sentence_end"  # 、 is this page's full stop, and its blocks are set apart by blank lines
            elif ((regions or blank_paragraphs[a]) and gap[i] and runs_on
                  and (f.dateline[i] or _indented(cols, f, t, i, against_next_only=True) or _short_after_blank(cols, f, t, i)
                       or texts[a][-1] in _REGION_CLOSES or opens_with_dash(texts[i]))):
                rule = "region_end"  # blank lines set blocks apart, and the next line opens one
            elif (runs_on and cols.indented and texts[a][-1] in _CLAUSE_STOPS and not gap[i] and f.kind[i] is None
                  and texts[i][0] not in _OPEN_QUOTES and _indented(cols, f, t, i)):
                rule = "clause_end"  # 如下： / the next paragraph, indented
            elif (regions and gap[i] and not gap[a] and runs_on and cols.set_width[a] and cols.set_width[a] < _TWO_SHORT_COLUMN
                  and not cuts_word(texts[a], texts[i])):
                rule = "narrow_end"  # a narrow column's full line, then its region's blank: no column break
            elif regions and f.unpunctuated and gap[i] and runs_on and not cuts_word(texts[a], texts[i]):
                rule = "region_end"  # no marks to tell a column break: only a word cut across the blank is one
            elif (runs_on and not gap[i] and opened and f.headline_like[a] and cols.indented
                  and _after_paragraph_end(f, t, a) and _opens_paragraph(cols, f, t, i) and not cuts_word(texts[a], texts[i])):
                rule = "subheading_apart"  # 关结果。 / 两名事发时在场者被拘留 / 根据报案书内容，有两: a subheading, set flush
            elif not gap[i] and opened and f.headline_like[a] and _next_wider(cols, a, i):
                rule = "wider_next"  # 从2015年开始带作文课以来 / 木田：我们到底要怎样的高考作文教育？: a kicker over its headline
            elif runs_on and not ((f.headline_like[a] or f.unpunctuated) and opened and _over_wide(cols, a)):
                rule = "column_break" if gap[i] else "column_wrap"
            elif f.terminal[a]:
                edge = (fills and not gap[i] and f.kind[i] is None
                        and not (f.headline_like[i] and _stands_apart_below(f, t, cols, i + 1 if i + 1 < n else None))
                        and (blank_paragraphs[a]
                             or (cols.indented and not f.terminal[i] and not _indented(cols, f, t, i))))
                rule = "sentence_edge" if edge else "sentence_end"
            elif (f.open_end[a] and texts[a][-1] in "，、" and f.headline_like[i] and not f.terminal[a]
                  and (opened or (a - start <= 2 and all(f.kind[k] is None and not f.terminal[k] for k in range(start, a))))
                  and len(_CLAUSE.findall(head := "".join(texts[start:i]))) <= 2
                  and len(head) + len(texts[i]) <= options.max_headline_chars
                  and _stands_apart_below(f, t, cols, i + 1 if i + 1 < n else None)):
                rule = "headline_wrap"  # a headline's first half ends with a comma; no paragraph is one line so
            elif f.headline_like[i] and _stands_apart_below(f, t, cols, i + 1 if i + 1 < n else None):
                rule = "headline_line"
            elif not gap[i] and _leaves_clause_open(f, texts[a]) and cols.set_width[a] and not _over_wide(cols, a):
                rule = "open_clause"  # a comma at the end of a line in its column: the sentence goes on
            elif (blank_paragraphs[a] and not gap[i] and not _over_wide(cols, a)
                  and ((not f.headline_like[a] and not _indented(cols, f, t, i, against_next_only=True)
                        and not (opened and _short_of_first_line(cols, f, a)))
                       or (not opened and texts[a][-1].isalnum()))):
                rule = "region_wrap"
            elif not gap[i] and _nearly_fills(cols, f, t, a, before):
                rule = "nearly_full"
            elif not gap[i] and _number_wrap(cols, t, a, i):
                rule = "number_wrap"
            elif not gap[i] and _short_text_wrap(f, t, cols, a, i, max_column):
                rule = "short_text_wrap"  # 全市将新建学校十所，总投资 / 约三亿元。: too few lines for a column
            elif not cols.set_width[a]:
                rule = "no_column"
            elif _over_wide(cols, a):
                rule = "over_wide"
            else:
                rule = "short_line"
            if (rule in _WORD_CUT_OVERRULES and not gap[i] and cuts_word(texts[a], texts[i])
                    and not (rule == "headline_line" and f.headline_like[a])
                    and not (opened and (_stands_apart_above(f, t, a) or f.terminal[a - 1]) and _ends_word_whole(texts[a]))):
                rule = "word_cut"  # a word cut in two at the line end: the line wraps after all
            if rule in _NUMBER_OVERRULES and not gap[i] and _number_meets_unit(f, texts, a, i):
                rule = "number_unit"  # 2017年11 / 月18日: a number and what it counts
            if rule == "short_line" and not gap[i] and _word_moved(cols, f, t, a, i, opened):
                rule = "word_moved"  # …京叫适图 / https://www.example.com/…: too wide for the room left
            if rule in _PARTICLE_OVERRULES and not gap[i] and opens_with_particle(texts[i]):
                rule = "particle_start"  # 巴西90% / 的加油站都沒油了: a particle ties itself to the word before it
        if (rule in _QUOTE_OVERRULES and not gap[i] and kind[i] is None and not f.dateline[i] and quotes > 0
                and _closes_quote(texts[i])):
            rule = "quote_open"  # the block left a quotation open, and this line closes it
        rules[i] = rule
        quotes = (quotes if rule in JOIN_RULES else 0) + _quote_balance(texts[i])
        opened_before, opened = opened, rule not in JOIN_RULES
        if opened:
            start = i
        if opened:
            caption = texts[i][0] in CAPTION_MARKS and kind[i] != "byline"  # (□本报记者 刘洋: a byline)
    return rules


#: The breaks ``word_cut`` overrules: a short line in its column, a line in
#: no column, and a line read as a headline for its look alone — which a word cut in two at the
#: line end contradicts (Chinese wraps at any character; a paragraph or a
#: headline ends with its word whole: 罗伯 / 特, 其 / 他). Not a break across
#: a blank line; not one between two headline-like lines (two headings meet
#: by chance: 制剂出口 / 中方宣布, 口中); not one after a grammar line
#: (markers, bylines, datelines, captions keep theirs); and not after a line
#: that opens a block below a blank, a heading or a sentence end and ends
#: with its last word whole — a heading, whose last word meets the next
#: line's first character by chance (the seed page's 多方筹措，确保物资及时供应 /
#: 为打好…: 应为; in reflow's own rendering the paragraph's 。 is the line above
#: it, not a blank; see :func:`_ends_word_whole`). Dev, all variants:
#: boundary F1 +0.002 (PyMuPDF 0.901 → 0.904, pdftotext -raw 0.856 → 0.857),
#: lenient kind unchanged.
#:
#: And ``no_column`` (session 26): a line in no column that stops in the
#: middle of a word the next line completes (汇丰银行反洗钱部门 / 前主管,
#: 誉为…平等化模 / 式) was a break 36 times where the block went on, 4
#: where it ended (dev, all variants); with it, boundary F1 dev 0.8213 →
#: 0.8220, test (scored only) 0.8081 → 0.8093, every text layer and
#: Tesseract up, kind level. It had been left out because reflow's own
#: rendering, one block per line, shows no column, so a break the first
#: reading took across a blank line reads as a join when its output is read
#: again: before the settle step that cost 6 of 800 generated pages their
#: idempotency; with it, 11 of 6,000 generated pages read back changed
#: against 8 (dev texts: 13 of 552 against 14).
#:
#: And ``wider_next`` (session 50): a break read from widths alone, as
#: ``over_wide`` is for ``number_unit`` and ``particle_start``; a word cut says
#: the column was misread (on dev it changes no decision).
_WORD_CUT_OVERRULES = frozenset({"headline_line", "short_line", "no_column", "wider_next"})


def _ends_word_whole(text: str) -> bool:
    """Does *text* end with a word of two characters whole (供应, 其他)? Then
    the word its last character makes with the next line's first (应 / 为: 应为)
    may be chance, and where the line opens its block below a blank, a heading
    or a sentence end, ``word_cut`` gives way (see :data:`_WORD_CUT_OVERRULES`).
    A line that stops on half a word (身亡调 / 查, 临时征 / 用) was cut in it
    whatever opens it: dev, every extraction, the first reading: 156 breaks
    that joined a word cut in two made right, 3 wrong (lines of two columns
    pdftotext ran together); boundary F1 0.8236 -> 0.8248 (the text layers
    and Tesseract +0.0013-0.0017; the region variants -0.0001 and -0.0010,
    through the settle step), lenient kind 0.9300 -> 0.9296 (a headline
    wrapped mid-word over three lines now has two joined here, in a block
    that ends with a colon and reads as running text).

    >>> _ends_word_whole("多方筹措，确保物资及时供应"), _ends_word_whole("广州17岁男生触电身亡调")
    (True, False)
    """
    return len(text) < 2 or is_word(text[-2:])


#: What a number counts, where a line opens with it after a line that ends
#: with the number: the date and time units and the commonest counters
#: (simplified and traditional). Dev, every extraction: after a line that
#: ends with an ASCII digit, a line that opens with one of these was a
#: block's start once in 445 (RapidOCR, a line run across two columns);
#: with any other Han character, 11 times in 277.
_UNITS = frozenset("年月日号號时時点點岁歲个個人名次万萬亿億元")

#: The breaks ``number_unit`` overrules: those read from width, a heading's
#: look or a missing column (the 14 dev breaks it turns to joins, none at a
#: block start by the gold: short_line 7, no_column 3, headline_line 2,
#: headline_apart 1, subtitle 1 — a ——subtitle that wrapped); never a grammar
#: line's, a blank line's or a sentence end's.
_NUMBER_OVERRULES = frozenset({"short_line", "headline_line", "headline_apart", "no_column", "over_wide", "subtitle", "wider_next"})

#: The breaks ``particle_start`` overrules: those read from a line's width, its
#: column, its look as a heading or its last mark (a short line, a sentence end,
#: a line in no column or wider than its own, a heading's look, a clause end at
#: the column edge) — where the next line, with no blank line between and no
#: grammar line on either side, opens with a particle that never opens a
#: sentence (:func:`~reflow.chars.opens_with_particle`: 的 了 着 们 吗). Those
#: say the block goes on: 2018中国经济出现显著 / 的消费放缓现象 (a column narrowed
#: around a photo), 自25號起，巴西90% / 的加油站都沒油了 (digits print narrow),
#: 我 / 们曾经. Session 49, dev, the first reading: 198 of its 201 joins right by
#: the gold — all 53 on PyMuPDF, pdftotext -raw, Tesseract and the region
#: variants; 145 of 148 on pdftotext's default mode and RapidOCR's rows, where
#: 101 of the spurious starts it takes away fall at lines that take a block up
#: again after another's text: there the join glues the two, which the boundary
#: score does not see (``accuracy.py --order``). Boundary F1 0.8301 → 0.8326
#: (PyMuPDF +0.0005, pdftotext -raw +0.0007, Tesseract +0.0007, RapidOCR by
#: region +0.0006, Tesseract by region −0.0001); lenient kind 0.9307 → 0.9305:
#: a line where pdftotext -raw ran a headline into its first body line (李迅雷：
#: 中产在塌陷2018中国经济出现显著) now joins the body and reads as running text.
#: Not a blank line's break (a region or column end), not a grammar line's.
_PARTICLE_OVERRULES = frozenset({"short_line", "sentence_end", "no_column", "over_wide", "headline_line", "wider_next",
                                 "headline_apart", "subtitle", "clause_end"})


def _number_meets_unit(f: Features, texts: list[str], a: int, i: int) -> bool:
    """Does line *a* end with a number (an ASCII digit) that line *i* opens
    with the unit of (:data:`_UNITS`), line *i* no dateline?

    >>> from .lines import split_lines
    >>> from .options import Options
    >>> t = split_lines("还记得，2017年11\\n月18日北京大兴火灾\\n人们都\\n51\\n岁")
    >>> f = line_features(t, {}, Options())
    >>> [_number_meets_unit(f, t.text, a, a + 1) for a in range(4)]
    [True, False, False, True]
    """
    return _number_then_unit(texts[a], texts[i]) and not f.dateline[i]


def _number_then_unit(ta: str, ti: str) -> bool:
    """Does *ta* end with an ASCII digit and *ti* open with what it counts
    (:data:`_UNITS`)? (:func:`_number_meets_unit`, its text's part.)"""
    return ta[-1] in _ASCII_DIGITS and ti[0] in _UNITS


#: The breaks ``quote_open`` overrules: those decided on width alone — a
#: sentence that ends short of its column, a short line, a line in no column.
#: A line that closes a quotation the block above left open goes on with it
#: (…开始检查她的身体。 / 但这并未阻挠他的意志。”: the paragraph's last line); a
#: quotation that runs over several paragraphs opens each with its own “ and
#: is no such line. Dev, the boundaries it changes: 103 right, 26 wrong (OCR
#: and pdftotext's reading order most of the wrong); test, scored only: 87
#: right, 21 wrong. A title in 《》 is quoted alike, and never runs over two
#: paragraphs (dev 34 right, 11 wrong; test 26 right, 8 wrong, on top of the
#: quotation marks). Grammar lines, datelines, headlines and blank lines keep
#: their breaks.
_QUOTE_OVERRULES = frozenset({"sentence_end", "short_line", "no_column"})
_QUOTE_OPENS = "“「《"
_QUOTE_CLOSES = "”」》"
_UNDIRECTED_QUOTES = '"＂'


def _quote_balance(text: str) -> int:
    """How many quotations *text* opens (“ 「 《) less how many it closes (” 」 》).

    >>> _quote_balance("王芳说：“今年我们"), _quote_balance("他说“好”。"), _quote_balance("接听。”")
    (1, 0, -1)
    >>> _quote_balance("被举报的《宪法学"), _closes_quote("导论》正是十多年前我")
    (1, True)
    """
    return sum(text.count(c) for c in _QUOTE_OPENS) - sum(text.count(c) for c in _QUOTE_CLOSES)


def _closes_quote(text: str) -> bool:
    """Does *text* close a quotation before it opens one? A quote mark of no
    direction (``"``, ``＂``) met first says nothing of it: OCR reads “ so
    (Tesseract: …我打算放弃了。 / "发生什么事了么?”” opens a quotation), and
    a join taken on it was wrong (corpus dev: the settle step's joins for an
    open quotation 50 right, 24 wrong → 6 of the wrong ones gone, none of the
    right; Tesseract boundary F1 0.8281 → 0.8291, by region 0.9034 → 0.9043).

    >>> _closes_quote("但这并未阻挠他的意志。”"), _closes_quote("“长达近一年的亲密关系中。”"), _closes_quote("名。")
    (True, False, False)
    >>> _closes_quote('"发生什么事了么?””'), _closes_quote('他说"好”')
    (False, False)
    """
    for c in text:
        if c in _QUOTE_CLOSES:
            return True
        if c in _QUOTE_OPENS or c in _UNDIRECTED_QUOTES:
            return False
    return False


def _word_moved(cols: Columns, f: Features, t: LineTable, a: int, i: int, opened: bool = True) -> bool:
    """Does line *a* stop short of its column in mid-sentence only because
    line *i* opens with a Latin word, a number or a web address wider than
    the room *a* left (``word_moved``)? A typesetter breaks Chinese at any
    character but moves a Latin word down whole, so the line above it falls
    short without ending its paragraph (…系的 / Colin, …请访问 /
    https://www.example.com/…). Not after a sentence end — 、 on a page whose
    full stop it is (:func:`_pause_end`: 空消失了、 / 2017 年 ended paragraphs
    11 times in 11 on the dev corpus's 1930s pages) — nor after a
    headline-like line that opens its block (*opened*: a heading over a
    paragraph that opens with a Latin word) unless it keeps an indent (a
    paragraph's first line), not before a grammar line or a numbered item
    (1） 2.: :data:`_LABEL_OPENS`); the word is the line's leading run of
    ASCII up to a space with the brackets and marks the break may not part
    from it (:func:`_moved_unit`: 166%， （WeThinker）), its width counted as
    ``chars.width`` does (full-width marks on a page that sets them so) plus what
    proportional Latin may add (:func:`_ascii_uncertainty`), against the room
    less the column's tolerance. (Session 47: the unit, dev corpus
    word_moved 2 → 9 decisions, all right; PyMuPDF boundary F1 0.9317 → 0.9320.)

    >>> from .lines import split_lines
    >>> from .options import Options
    >>> lines = ["　　全国各地的读者纷纷来信，询问这本书", "的出版时间和购买方式，出版社表示读者",
    ...          "可以登录官方网站，或者拨打服务热线查", "询，也可以通过", "https://www.example.com/books查询。"]
    >>> t = split_lines("\\n".join(lines))
    >>> f = line_features(t, {}, Options())
    >>> cols = segment_columns(t, f, Options())
    >>> decide(t, f, cols, Options())[4], _word_moved(cols, f, t, 3, 4)
    ('word_moved', True)
    """
    w = cols.set_width[a]
    if (not w or f.terminal[a] or (f.pause_stop and _pause_end(t.text[a]))
            or (f.headline_like[a] and opened and t.indent[a] < CHAR) or f.kind[i] is not None):
        return False
    unit = _moved_unit(t.text[i])
    if not unit or _LABEL_OPENS.match(t.text[i]):
        return False  # (a numbered item opens a line of its own: 聯繫我們： / 1）如果…)
    # (A page that sets its punctuation full width counts each mark two cells: segment_columns.)
    full = 0 if cols.compressed else 2 * len(_CJK_PUNCT.findall(unit))
    return width(unit) + full + _ascii_uncertainty(unit) > w - cols.width[a] - cols.tol(w)


#: What a typesetter keeps with a Latin word it moves down whole (:func:`_moved_unit`):
#: the opening brackets before it, which never end a line, and the marks after it, which
#: never open one (kinsoku; UAX #14's OP and CL/EX/IS classes).
_MOVED_UNIT = regex.compile(
    "[" + regex.escape("".join(c for c in OPENING_BRACKETS if c > "~")) + "]*[!-~]+"
    "[" + regex.escape("".join(c for c in NO_LINE_START if c > "~")) + "]*")


def _moved_unit(text: str) -> str:
    """What a typesetter moves down whole at the start of *text*, if it opens
    with a Latin word, number or web address: the leading run of ASCII up to
    a space, with the opening brackets before it (no line ends on （) and the
    marks after it (no line starts with ，or ）) that the line break may not
    part from it; "" where no ASCII run opens the line behind its brackets.
    (PyMuPDF's reading of Chromium's pages: …同比增长达 / 166%，成为…, …的访谈
    「微思客」/ （WeThinker）的…)

    >>> _moved_unit("166%，成为公司所有增长单元中"), _moved_unit("（WeThinker）的訪談")
    ('166%，', '（WeThinker）')
    >>> _moved_unit("https://www.example.com/books查询。"), _moved_unit("（下转第二版）"), _moved_unit("")
    ('https://www.example.com/books', '', '')
    """
    m = _MOVED_UNIT.match(text)
    return m.group() if m else ""



def _dateline_cut(f: Features, texts: list[str], a: int, i: int) -> bool:
    """Does line *a* open a dateline that line *i* completes, and line *i* go
    on with its paragraph — the text layer cut the line where the dateline's
    bold type met the body's (新华社南京1月26日 / 电 这几天…)? Line *i* opens
    no dateline of its own. Where the dateline ends with line *i*
    (本报成都1月6日 / 电（记者 程辉豪）), the two stay apart: joined, they
    would make a dateline alone, which joins the line after it only when
    read again (reflow's own rendering, across a jump marker it leaves out).

    >>> f = Features(dateline=[0, 0])
    >>> _dateline_cut(f, ["新华社南京1月26日", "电 这几天大家都知道了，"], 0, 1)
    True
    >>> _dateline_cut(Features(dateline=[0, 10]), ["伟校长的信", "本报北京3月27日讯 我是中国人"], 0, 1)
    False
    >>> _dateline_cut(f, ["新华社长沙12月", "2日电（记者 林鹏玉）"], 0, 1)
    False
    """
    return not f.dateline[i] and _dateline_cuts(texts[a], texts[i])


def _dateline_cuts(ta: str, ti: str) -> bool:
    """Does the dateline of *ta* + *ti* end inside *ti*, short of its end
    (:func:`_dateline_cut`, its text's part)? Read on the two as the block
    joins them (a letter-spaced run keeps its space at the cut:
    :func:`_spaced_seam`)."""
    if len(ta) > _DATELINE_CUT_CHARS:
        return False
    if not (_DATELINE_HINT.search(ta) or _DATELINE_HINT.search(ti)):
        return False  # no dateline without its 讯 or 电 (nearly every line: spares the grammar)
    sep = " " if _spaced_seam(ta, ti) else ""
    n = len(ta) + len(sep)
    return n < line_dateline(ta + sep + ti) < n + len(ti.rstrip("　 "))


def _spaced_seam(prev: str, part: str) -> bool:
    """Does the line end cut a letter-spaced run (人 民 军 / 队 的): *prev* ends
    with a character set apart, *part* opens with one, and one of the two lines
    is letter-spaced (:func:`_letter_probe`)? ``blocks.join_texts`` keeps a
    space there, so that the text rules read one run and take all its spaces out; joined
    without one, 军队 was a piece of two that ended the run (人 民 军队 →
    人民 军队), and a dateline the column cut (新 华 社 武 汉 1 月 6 / 日 电) read as no
    dateline.

    >>> _spaced_seam("人 民 军", "队 的 作 风"), _spaced_seam("会 强 奸 女", "生")
    (True, True)
    >>> _spaced_seam("株洲日报记者 王", "芳 摄"), _spaced_seam("人民军", "队的作风")
    (False, False)
    """
    if not prev or not part or not (len(prev) == 1 or prev[-2] in " \t") or not (len(part) == 1 or part[1] in " \t"):
        return False
    return _letter_probe(prev) is not None or _letter_probe(part) is not None


#: The longest line _dateline_cut reads as the start of a dateline (the
#: longest on dev is 13 characters: 新华社南京1月26日, （中央社華盛頓).
_DATELINE_CUT_CHARS = 24


def _leaves_clause_open(f: Features, text: str) -> bool:
    """Does *text* end with a comma — ，, its half-width ``,`` (OCR), or 、
    on a page that does not end its sentences with it — leaving its sentence
    open?

    >>> f = Features()
    >>> _leaves_clause_open(f, "却被查身份证，"), _leaves_clause_open(f, "补税、删帖、"), _leaves_clause_open(f, "进步的决心；")
    (True, True, False)
    >>> _leaves_clause_open(Features(pause_stop=True), "把他放了、")
    False
    """
    last = text[-1]
    return last in "，," or (last == "、" and not f.pause_stop)


def _dateline_credit(f: Features, texts: list[str], rules: list[str], a: int, i: int) -> bool:
    """Does line *i* go on a dateline's credit: a bracketed byline (（记者 阳国明 龚瑞)
    right after a dateline alone (本报西安1月26日电, the text layer set it apart
    where the font changed), or the line after such a credit (the rest of the
    credit, or the paragraph the dateline opens)?"""
    if f.kind[i] == "byline" and texts[i][:1] in "（(":
        return is_dateline_alone(f.dateline[a], texts[a])
    return f.kind[a] == "byline" and a > 0 and rules[a] == "dateline_alone" and f.kind[i] is None


_DATELINE_AGENCIES = ("本报", "本報", "新华社", "新華社", "中新社", "中央社")


def _unmistakable_dateline(head: str) -> bool:
    """Is *head*, a dateline, one that no sentence runs into: bracketed
    (【本報訊】, （中央社東京二十六日電）) or this paper's or an agency's (本报讯,
    新华社成都7月24日电)? A paper's name can end a phrase (…另一 / 面临川都市报讯),
    and a date can too (…今年3 / 月5日电话会议).

    >>> _unmistakable_dateline("本报讯"), _unmistakable_dateline("临川都市报讯"), _unmistakable_dateline("月5日电")
    (True, False, False)
    >>> _unmistakable_dateline("中央社東京二十六日電"), _unmistakable_dateline("新華社香港電")  # the agencies, unbracketed
    (True, True)
    """
    head = head.lstrip(" \u3000")
    return (bool(head) and head[0] in "【[（(〔") or head.startswith(_DATELINE_AGENCIES)


_SUBTITLE_DASHES = ("——", "--", "－－", "—")
#: How OCR reads a subtitle's dash (——) at a line's start: Tesseract prints it
#: as two 一 (一一私人账户转来的), or a hyphen and a 一. The text keeps what OCR
#: printed; the layout reads these as the dash (:func:`opens_with_dash`).
_DASH_READINGS = ("一一", "-一")
_DASHES_AS_READ = _SUBTITLE_DASHES + _DASH_READINGS


def opens_with_dash(text: str) -> bool:
    """Does *text* open with a dash, as a ——subtitle does, or with OCR's reading
    of one (:data:`_DASH_READINGS`)? Only where the rest of the line reads as a
    subtitle does the layout take it for one (:func:`_subtitle_under`): 一一 is
    also a word (一一作答, one by one), and a narrow column can begin a line
    with it. Corpus dev, Tesseract and Tesseract by region: of 92 lines that
    open with 一一 or -一, 74 open a gold subtitle and 2 more lie in one, 12
    go on a paragraph (a dash in running text); the 2 lines that open with the
    word in PyMuPDF's text (1930s columns) do not read as subtitles.

    >>> opens_with_dash("——检察官提交的文件显示"), opens_with_dash("一一私人账户转来的"), opens_with_dash("一二三")
    (True, True, False)
    >>> opens_with_dash("-一我们写下这封信")  # a hyphen and a 一: OCR's other reading
    True
    """
    return text.startswith(_DASHES_AS_READ)


_BRACKETING = set("「」『』“”‘’（）《》〈〉【】")
_OPENING = set("「『“‘（《〈【")
#: The opening quotes among them.
_OPEN_QUOTES = set("「『“‘")
#: A colon, full width (print) or half width (OCR): it may introduce a quotation.
_COLONS = "：:"
#: The clause marks that may close a paragraph that introduces what follows (``clause_end``).
_CLAUSE_STOPS = "：:；;"


def _split_visual_line(cols: Columns, f: Features, t: LineTable, a: int, b: int, regions: bool) -> bool:
    """Are *a* and *b* two pieces of one printed line? PDF text layers split a
    line where the font changes (a bracket or quote from a fallback font):
    产阶层」 / （当时叫「中产阶 — together they fill the column, and the cut
    falls at a bracket or mark. Not after a comma or colon — except a colon
    before an opening quote (自由日的主题是： / “让权力接受监督：媒体、司法与法:
    the quotation runs on in the paragraph that introduces it, in the same
    printed line; dev, such lines that fill the column together: PyMuPDF 9
    joined right for 1 wrong, pdftotext -raw 14 for none). Not after a
    sentence end either — except in region output (*regions*), where a
    paragraph end has its blank line after it: a piece that ends a sentence,
    two characters long at least, then one that opens with a quote (出。 /
    “在武汉，大家戴着层层口罩…) is one printed line a text layer cut at the quote
    (dev, every extraction: 14 spurious starts fewer, 2 starts lost, all in
    region output; on a bare page such pairs are a coin toss: 20 one
    paragraph, 18 two)."""
    w = cols.set_width[a] or cols.set_width[b]
    if not w or (f.terminal[a] and not regions) or len(t.text[a]) < (2 if regions else 3):
        return False
    if t.text[a][-1] in CONTINUING_PUNCT and not (t.text[a][-1] in _COLONS and t.text[b][0] in _OPEN_QUOTES):
        return False
    both = cols.width[a] + cols.width[b]
    tol = cols.tol(w) + f.ascii[a] + f.ascii[b]
    if not (w - tol <= both <= w + HANG + tol):
        return False
    return t.text[a][-1] in _BRACKETING or t.text[b][0] in _BRACKETING


def _nearly_fills(cols: Columns, f: Features, t: LineTable, a: int, before: int = 0) -> bool:
    """Does line *a* stop in mid-word (a character, letter or digit, no mark)
    at most one character short of its column? A paragraph's last line ends
    with a mark; a line a character short in mid-word lost one to OCR, or
    holds digits and Latin set wider than ``chars.width`` counts them (1976
    filling a three-character column). Measured on the dev pages: in every
    extraction such a line runs on (9 in 10 and more), in narrow columns
    most of all. *before*: as for :func:`_fills` (the printed line's
    piece before *a*)."""
    w = cols.set_width[a]
    if not w or f.terminal[a] or not t.text[a][-1].isalnum() or _over_wide(cols, a):
        return False
    return cols.width[a] + before >= w - cols.tol(w) - f.ascii[a] - CHAR


def _number_wrap(cols: Columns, t: LineTable, a: int, b: int) -> bool:
    """Does a narrow column (six characters or fewer) break a number from
    what it counts, in mid-word (並供公衆評說、1988 / 年, 64 / 歲的陝西人)? Digits
    print wider than ``chars.width`` counts them, so a narrow line that ends
    or a line that starts with one is short for no reason of its own.
    Measured on the dev pages (every extraction): such a short line ran on
    85 times in 94."""
    w = cols.set_width[a]
    if not w or w > _NARROW_COLUMN:
        return False
    x, y = t.text[a][-1], t.text[b][0]
    return x.isalnum() and y.isalnum() and (x in _ASCII_DIGITS or y in _ASCII_DIGITS)


#: The widest column :func:`_number_wrap` reads, in half-cells (six characters).
_NARROW_COLUMN = 6 * CHAR
_ASCII_DIGITS = frozenset("0123456789")


#: The marks a line may end with where a block ends before a blank line, on
#: a page whose blank lines set its blocks apart (``region_end``): a colon
#: that announces the paragraph below (有描述： / “這個結論…), a bracket that
#: closes a credit (…（李偉 山東媒體人）). A column break falls after one of
#: them by the chance of any character; a block ends with one often. Dev, with
#: a blank line set at every block start (the "pages with a blank line
#: between blocks" a user may feed, made from PyMuPDF and pdftotext -raw):
#: with a line below that opens with a dash (——…, a subtitle or a credit), 24
#: starts that the blank read as a column break had joined, no join lost; the
#: seven extractions as they are: 2 more starts (RapidOCR by region), none lost.
_REGION_CLOSES = "：:）)】"


def _short_after_blank(cols: Columns, f: Features, t: LineTable, b: int) -> bool:
    """Is line *b*, which the next line follows with no blank between, short
    of its column: a first line that lost its indent, not a full line that
    goes on after a column break?"""
    w = cols.set_width[b]
    c = b + 1
    if not w or c >= len(t) or f.gap[c] or t.page_break[c] or f.kind[c] is not None:
        return False
    return cols.width[b] < w - cols.tol(w) - f.ascii[b]


#: A numbered item's label at the start of a line: 1. 2、 一、 （一） (2) ①, and an
#: article's 第一条 with a space after it — not a number that goes on (1.5, 1、2,
#: 一、二 of a list of numbers), nor a reference (第二条规定).
_ITEM_LABEL = regex.compile(
    r"(?:(?P<digits>[0-9０-９]{1,2})(?P<mark>[.．、])(?![0-9０-９])|(?P<han>[一二三四五六七八九十]{1,3})、(?![一二三四五六七八九十])"
    r"|[（(](?:(?P<bracket_han>[一二三四五六七八九十]{1,3})|(?P<bracket_digits>[0-9０-９]{1,2}))[）)]|(?P<circled>[①-⑳])"
    r"|第(?:(?P<article_han>[一二三四五六七八九十百零〇]{1,7})|(?P<article_digits>[0-9０-９]{1,3}))[条條][ \u3000])"
)
#: What the line above a numbered item ends with: a sentence end (、 on pages
#: that use it as the full stop), or the ；： that close a clause before the next item.
_ITEM_AFTER = frozenset("。！？!?…、；：;:")

#: A numbered item's label (:data:`_ITEM_LABEL`, or a number and a closing bracket: 1）2)),
#: which a line opens for its own sake, not moved down as a word (:func:`_word_moved`).
_LABEL_OPENS = regex.compile(_ITEM_LABEL.pattern + r"|[0-9０-９]{1,2}[)）]")


def opens_item(above: str, line: str) -> bool:
    """Does *line* open a numbered item (1. 2、 一、 （一） ① 第一条) after a line,
    *above*, that ends a sentence or a clause (its closing quotes and brackets
    aside)? Then a paragraph, or a numbered subheading, starts there, however
    full the line above: numbered points are set as paragraphs of their own.
    On 1930s pages, whose paragraphs carry no indent and whose full stop is
    、, nothing else shows such a start (corpus dev, every extraction: 29
    boundaries changed: 28 starts that had been read as wraps, right by the
    gold, and one join after them lost; test, scored only: 12 right of 14).

    >>> opens_item("损害了大家的合法权益；", "3.充分保障同学的合法"), opens_item("和經驗之談、", "（一）未及時")
    (True, True)
    >>> opens_item("增长到了", "3.5倍"), opens_item("第一、", "二、三条"), opens_item("他说", "1.请")
    (False, False, False)
    """
    end = above.rstrip(CLOSING_BRACKETS + " \u3000")
    return bool(end) and end[-1] in _ITEM_AFTER and _ITEM_LABEL.match(line) is not None


_HAN_DIGITS = {c: k for k, c in enumerate("一二三四五六七八九", 1)}
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _han_number(text: str) -> int | None:
    """The value of a Han numeral of an item label, up to 九百九十九 (一 1, 十 10,
    十二 12, 二十 20, 二十一 21, 一百 100, 一百零五 105, 一百二十 120); None for
    what is no numeral (一一, 十十, 百).

    >>> [_han_number(x) for x in ("一", "十", "十二", "二十", "九十九", "一一", "十十", "二十十")]
    [1, 10, 12, 20, 99, None, None, None]
    >>> [_han_number(x) for x in ("一百", "一百零五", "一百二十", "一百一十一", "百", "一百十", "一百五", "零")]
    [100, 105, 120, 111, None, None, None, None]
    """
    hundreds, hundred, rest = text.partition("百")
    if hundred:
        high = _HAN_DIGITS.get(hundreds) if len(hundreds) == 1 else None
        if high is None:
            return None
        if not rest:
            return 100 * high
        if rest[0] in "零〇":  # 一百零五
            low = _HAN_DIGITS.get(rest[1:]) if len(rest) == 2 else None
        elif "十" in rest[1:] and "百" not in rest:  # 一百一十一, not 一百十 nor 一百五 (150, said)
            low = _han_number(rest)
        else:
            low = None
        return None if low is None else 100 * high + low
    tens, ten, ones = text.partition("十")
    if not ten:
        return _HAN_DIGITS.get(text) if len(text) == 1 else None
    high = _HAN_DIGITS.get(tens, None if tens else 1)
    low = _HAN_DIGITS.get(ones, None if ones else 0)
    return None if high is None or low is None else 10 * high + low


def item_number(text: str) -> tuple[str, int] | None:
    """The style and the number of the item label that opens *text* (the
    labels of :data:`_ITEM_LABEL`), or None: ``("digits.", 2)`` for 2. or 2．,
    ``("digits、", 2)``, ``("han", 2)`` for 二、, ``("bracket_han", 2)`` for
    （二）, ``("bracket_digits", 2)`` for (2), ``("circled", 2)`` for ②,
    ``("article", 2)`` for 第二条 — an article of a law or a regulation, its
    label set apart by a space (第二条规定 is a reference in running text).

    >>> item_number("二、主要任务"), item_number("（3）落实"), item_number("12．总结"), item_number("②"), item_number("3.5倍")
    (('han', 2), ('bracket_digits', 3), ('digits.', 12), ('circled', 2), None)
    >>> item_number("第一百零五条　本办法"), item_number("第12条 本办法"), item_number("第二条规定的")
    (('article', 105), ('article', 12), None)
    """
    m = _ITEM_LABEL.match(text)
    if m is None:
        return None
    if m["circled"]:
        return "circled", ord(m["circled"]) - 0x2460 + 1
    for style in ("digits", "bracket_digits", "article_digits"):
        if m[style]:
            value = int(m[style].translate(_FULL_DIGITS))
            if style == "digits":
                return style + ("、" if m["mark"] == "、" else "."), value
            return ("article" if style == "article_digits" else style), value
    if m["article_han"]:
        value = _han_number(m["article_han"])
        return None if value is None else ("article", value)
    style = "han" if m["han"] else "bracket_han"
    value = _han_number(m[style])
    return None if value is None else (style, value)


#: Bullets that open the items of a list (not the caption marks ▲■□◆, whose
#: lines are blocks of their own anyway, nor Markdown's - * +, read as Markdown).
BULLETS = frozenset("•◦●○◇▪▫★☆►▶※・")


def opens_next_item(above: str, line: str) -> bool:
    """Does *line* open the item after the one *above* opens, in the same
    style (一、 then 二、, （1） then （2）, ① then ②)? Then the two are items
    of a list, whatever their widths say: 一、总体要求 / 二、主要任务 / 三、保障措施,
    lines of one width, read as a column before, and glued into one line. A
    line of running text that a column wrapped opens with the next label
    after a line that opened with the one before it by chance alone.

    >>> opens_next_item("一、总体要求", "二、主要任务"), opens_next_item("（九）其他", "（十）附则")
    (True, True)
    >>> opens_next_item("一、总体要求", "三、保障措施"), opens_next_item("1.总体要求", "2、主要任务")
    (False, False)
    >>> opens_next_item("第九条 附则", "第十条　施行")
    True

    Bulleted items alike: two lines that open with the same bullet
    (:data:`BULLETS`).

    >>> opens_next_item("• 加强组织领导", "• 落实工作责任"), opens_next_item("• 加强组织领导", "★落实工作责任")
    (True, False)
    """
    if above[:1] in BULLETS:
        return line[:1] == above[:1]
    first = item_number(above)
    if first is None:
        return False
    second = item_number(line)
    return second is not None and second[0] == first[0] and second[1] == first[1] + 1


def _in_table(texts: list[str], k: int) -> bool:
    """Is line *k* a row of a table set as text (:func:`~reflow.chars.table_row`:
    a label, then numbers, apart by spaces) with another row next to it? Then
    it stands alone, however its width and the lines around it read
    (各区县增长情况 / 芙蓉区 12.5% / 天心区 10.3%: the title and the rows are
    one width, and read as a column before). One such line alone is more
    likely a line of running text that extraction spaced and the column cut
    after a number (上午 8 / 點).

    >>> _in_table(["各区县增长情况", "芙蓉区 12.5%", "天心区 10.3%"], 1), _in_table(["于是", "上午 8", "點"], 1)
    (True, False)
    """
    if not table_row(texts[k]):
        return False
    return (k > 0 and table_row(texts[k - 1]) > 0) or (k + 1 < len(texts) and table_row(texts[k + 1]) > 0)


#: A table flattened one cell to a line (:func:`_cell_table`): its number
#: cells stand at most this many lines apart (a row of a label and up to
#: three numbers, or a header of up to four cells before the first number),
#: and at least :data:`CELL_TABLE_NUMBERS` of them make a table.
CELL_REACH = 4
#: Two number cells among short unpunctuated lines are no table: the 1930s
#: pages' three-character columns print such runs (年 / 40 / 本好書 / 來概括 /
#: 40 / 年: corpus dev and test, PyMuPDF and RapidOCR, 15 lines); with three,
#: no line of any extraction of either split, with its marks or without.
CELL_TABLE_NUMBERS = 3


def _cell_table(texts: list[str], kind: list) -> list[bool]:
    """Which lines are cells of a table flattened one cell to a line
    (各区县增长情况 / 地区 / 增长率 / 芙蓉区 / 12.5% / 天心区 / 10.3% / …)? A run of
    cells (:func:`~reflow.chars.number_cell`, :func:`~reflow.chars.label_cell`;
    no grammar line) with :data:`CELL_TABLE_NUMBERS` number cells or more,
    each at most :data:`CELL_REACH` lines after the one before, from up to
    :data:`CELL_REACH` lines above the first of them (the title and the
    header) to the last. Such lines stand apart, from each other and from
    the lines around the table (``table_cell``): before,
    cells of one width read as a headline set in a narrow box and ran
    together (增长率芙蓉区12.5%天心区10.3%…). Where the rows were is not guessed:
    each cell is a block.

    >>> _cell_table(["说明如下：", "地区", "增长率", "芙蓉区", "12.5%", "天心区", "10.3%", "雨花区", "9.8%", "据统计，"], [None] * 10)
    [False, True, True, True, True, True, True, True, True, False]
    >>> any(_cell_table(["年", "、希望", "以", "40", "本好書", "來概括", "40", "年", "的精神"], [None] * 9))
    False
    """
    n = len(texts)
    out = [False] * n
    numbers = [k for k in range(n) if kind[k] is None and number_cell(texts[k])]
    if len(numbers) < CELL_TABLE_NUMBERS:
        return out

    def cell(k: int) -> bool:
        return kind[k] is None and (number_cell(texts[k]) or label_cell(texts[k]))

    s = 0
    while s < len(numbers):
        # A chain of number cells, each at most CELL_REACH lines after the one before, cells between.
        e = s
        while (e + 1 < len(numbers) and numbers[e + 1] - numbers[e] <= CELL_REACH
               and all(cell(k) for k in range(numbers[e] + 1, numbers[e + 1]))):
            e += 1
        if e - s + 1 >= CELL_TABLE_NUMBERS:
            lo = numbers[s]
            while lo > 0 and numbers[s] - lo < CELL_REACH and cell(lo - 1) and not out[lo - 1]:
                lo -= 1
            for k in range(lo, numbers[e] + 1):
                out[k] = True
        s = e + 1
    return out


def _introduces(f: Features, text: str) -> bool:
    """Does *text* end where a paragraph may end before a quotation: a colon
    (他说： / “……”), or 、 where it is the page's full stop? Then a line that
    opens with a quote after it is no piece of the same printed line."""
    return text[-1] in _COLONS or (f.pause_stop and _pause_end(text))


def _narrower_than_next(cols: Columns, f: Features, t: LineTable, b: int) -> bool:
    """Is line *b* 1½ characters or more narrower than the line after it,
    which runs on with no blank between: an indented first line?"""
    c = b + 1
    if c >= len(t) or f.gap[c] or f.kind[c] is not None or f.terminal[c]:
        return False
    return cols.width[b] <= cols.width[c] - 6 - f.ascii[b]


_CREDIT_END = ("摄", "攝", "摄影", "攝影", "/摄", "／摄")


#: Roles a byline names people after (记者 冯然梅 通讯员 关磊): a byline that
#: ends with one has its next name still to come.
_BYLINE_ROLES = ("记者", "記者", "通讯员", "通訊員", "实习生", "實習生")
_NAME_PIECE = regex.compile(r"\p{Han}{1,3}")


def _name_goes_on(byline: str, line: str) -> bool:
    """Does *line* finish a name the line end cut from *byline* (a line of the
    byline grammar)? *line* is one to three Han characters and nothing else,
    the byline ends with a Han character (not a bracket or a mark that
    closes it: 记者 张。 / 篇 is no cut name) and not with 摄, and: *line* is one
    character (no name is), or the byline's last name, after its last space,
    is one (本報記者 蔣 / 海梅), or the byline ends with a role and no name
    yet (记者 曲瑞丽 通讯员 / 姜红秋). Narrow columns cut bylines so. Corpus
    dev, every extraction: 21 such breaks, each inside a name by the gold; a
    line after a whole name (文/图 本报记者 樊思雪 / 兰月) or a closed credit
    is left alone.

    >>> _name_goes_on("记者 冯然梅 通讯员 关磊", "斌"), _name_goes_on("记者 曲瑞丽 通讯员", "姜红秋")
    (True, True)
    >>> _name_goes_on("文/图 本报记者 樊思雪", "兰月"), _name_goes_on("（记者 邢勇 摄）", "荐")
    (False, False)
    >>> _name_goes_on("记者 张。", "篇")  # (joined, 记者 张。篇 read back as no byline)
    False
    """
    if not _NAME_PIECE.fullmatch(line) or not _HAN.match(byline[-1]) or byline.endswith("摄"):
        return False
    if len(line) == 1 or byline.endswith(_BYLINE_ROLES):
        return True
    cut = max(byline.rfind(" "), byline.rfind("\u3000"))
    return cut >= 0 and cut == len(byline) - 2  # (its last character is Han: asked above)


def _credit_closes(texts: list[str], start: int, a: int) -> bool:
    """Does the block that line *a* ends, read from its first line *start*,
    close with a photo credit? Where a text layer cuts its lines at the
    marks, a caption's credit comes over two lines (▲…孙文斌居住 / （记者
    涂月涛 / 摄）) that neither closes with alone. Only as many lines back as
    :func:`~reflow.patterns.closes_with_photo_credit` reads are joined.

    >>> _credit_closes(["▲孙某氏平时和孙文斌居住", "（记者 涂月涛", "摄）"], 0, 2)
    True
    >>> _credit_closes(["▲孙某氏平时和孙文斌居住", "（记者 涂月涛", "摄）"], 2, 2)
    False
    """
    tail = texts[a]
    while a > start and len(tail) <= PHOTO_CREDIT_WINDOW:
        a -= 1
        tail = texts[a] + tail
    return closes_with_photo_credit(tail)


def _caption_tail(texts: list[str], kind: list, gap: list[int], a: int, i: int) -> bool:
    """``caption_wrap``: does the caption that line *a* belongs to go on into
    line *i*? :func:`_caption_goes_on` on line *i* alone, or on lines *i* and
    *i* + 1 read together where the line after them completes the credit
    (▲一个同学翻出小 / 辉写过的一篇关于 / 友谊的文章 本报记 / 者 苗宇 摄): the caption's
    lines read whole, as reflow's own rendering shows them (dev, before the
    settle step: 9 joins, each right by the gold; 2 with it, each right).

    >>> lines = ["▲一个同学翻出小", "辉写过的一篇关于", "友谊的文章 本报记", "者 苗宇 摄"]
    >>> _caption_tail(lines, [None] * 4, [0] * 4, 0, 1), _caption_tail(lines[:3], [None] * 3, [0] * 3, 0, 1)
    (True, False)
    """
    n = len(texts)
    after = texts[i + 1] if i + 1 < n else ""
    if _caption_goes_on(texts[a], texts[i], kind[i], after):
        return True
    return (i + 2 < n and not gap[i + 1] and not gap[i + 2] and kind[i] is None and kind[i + 1] is None
            and len(after) <= 24 and not is_terminal(after)
            and _caption_goes_on(texts[a], texts[i] + after, kind[i], texts[i + 2]))


#: The longest line that completes a caption's photo credit on its own
#: (（本报记者 欧阳春晓 摄）: 13 characters; dev: 12 mends one break fewer).
CREDIT_TAIL = 16


def _caption_goes_on(a: str, b: str, kind_b: str | None, after: str = "") -> bool:
    """Does a photo caption (▲ ■) that *a* belongs to go on into *b*? When
    *b* is the caption's tail with the photographer's credit (部门保持密切沟通
    本报记者 / 何丽 摄) and the caption has not ended before it; when *b*
    holds the start of a credit that the short line *after* it completes
    (见识过 本报记 / 者 桂军秋 摄; 库房也不让租了 / （记者 柴慧秋 摄）: the column
    cut the credit, or set it on a line of its own); or when *b* opens the
    credit's bracket and the line *after* it closes it with the credit
    (孙文斌居住 / （记者 涂月涛 / 摄）). (Measured: a caption that takes every
    line until its credit takes body text too.)

    >>> _caption_goes_on("▲一些受害者开始", "尝试站出来 本报记", None, "者 阳雪磊 摄")
    True
    >>> _caption_goes_on("▲后来顺义那个", "库房也不让租了", None, "（记者 柴慧秋 摄）")
    True
    >>> _caption_goes_on("▲后来顺义那个", "库房也不让租了", None, "本报记者 柴慧秋")  # no credit completes
    False
    """
    if b[0] in CAPTION_MARKS or kind_b in ("marker", "furniture"):
        return False
    if a.rstrip(" )）").endswith(_CREDIT_END) or is_terminal(a):
        return False
    if len(b) <= 24 and b.rstrip(" )）").endswith(_CREDIT_END):
        return True
    if (len(b) <= 24 and 0 < len(after) <= CREDIT_TAIL and not is_terminal(b)
            and closes_with_photo_credit(b + after)):
        return True  # (dev: 5 joins, each right by the gold; 13, each right, before the settle step)
    return (b[0] in "（(" and len(b) <= 24 and not any(c in b for c in "）)")
            and len(after) <= 4 and after.rstrip(" ").endswith(("摄）", "摄)", "攝）", "攝)")))


def _short_of_first_line(cols: Columns, f: Features, a: int) -> bool:
    """Is line *a* shorter than even an indented first line of its column
    (two characters and the spread short): a heading, not a paragraph's start?"""
    w = cols.set_width[a]
    return bool(w) and cols.width[a] < w - 2 * CHAR - cols.tol(w) - f.ascii[a]


def _next_wider(cols: Columns, a: int, i: int) -> bool:
    """Does line *i* run wider than line *a*'s column (past the hanging
    punctuation and the column's tolerance, as :func:`_over_wide` reads a
    line past its own)? Then *i* is no line of that column: the two are set in
    different measures, as a kicker (引题) is above its headline.

    >>> cols = Columns(width=[26, 36, 26], set_width=[26, 26, 26], spread=0)
    >>> _next_wider(cols, 0, 1), _next_wider(cols, 1, 2)
    (True, False)
    """
    w = cols.set_width[a]
    return bool(w) and cols.width[i] > w + HANG + cols.tol(w)


def _over_wide(cols: Columns, a: int) -> bool:
    """Does line *a* run wider than its own column (:func:`_next_wider` of the line itself)?"""
    return _next_wider(cols, a, a)


def _opens_paragraph(cols: Columns, f: Features, t: LineTable, b: int) -> bool:
    """Does line *b* open a paragraph that runs on past it: a kept indent; or,
    not ending a sentence, 1½ characters or more narrower than the full line
    after it in the same column (the indent the extraction lost)? The two
    stricter of :func:`_indented`'s tests: a line short of the set width alone
    may as well end a wrapped heading (初访小汤山 / 疗养院).

    >>> from .lines import split_lines
    >>> t = split_lines("根据报案书内容，有两\\n名事发时在场目击者梁某\\n基、张某洲于10月14日被")
    >>> cols = Columns(width=[40, 48, 48], set_width=[48] * 3, spread=4)
    >>> f = Features(kind=[None] * 3, terminal=[False] * 3, gap=[0] * 3, ascii=[0, 0, 4])
    >>> _opens_paragraph(cols, f, t, 0), _opens_paragraph(cols, f, t, 1)
    (True, False)
    """
    if t.indent[b]:
        return True
    w = _column_at(cols, b)
    return bool(w) and not f.terminal[b] and _under_full_line(cols, f, t, b, w)


def _after_paragraph_end(f: Features, t: LineTable, a: int) -> bool:
    """Does line *a* follow a line that ends a sentence, with no blank line or
    page break between (a paragraph's end, in running text)?"""
    if a == 0 or f.gap[a] or t.page_break[a]:
        return False
    return f.kind[a - 1] is None and f.terminal[a - 1]


def _stands_apart_above(f: Features, t: LineTable, a: int) -> bool:
    """Does line *a* stand apart from what is above it: the start, a
    meaningful blank line, a page break, a grammar line, or a headline-like line."""
    if a == 0 or f.gap[a] or t.page_break[a]:
        return True
    p = a - 1
    while p >= 0 and f.kind[p] == "marker":  # a jump marker is no evidence of layout
        p -= 1
    return p < 0 or f.kind[p] is not None or f.headline_like[p]


def _stands_apart_below(f: Features, t: LineTable, cols: Columns, nxt: int | None) -> bool:
    """Does the line before *nxt* stand apart from what follows it: the end, a
    meaningful blank line, a page break, a grammar line, a dateline, or
    another headline-like line."""
    if nxt is None:
        return True
    if f.gap[nxt] or t.page_break[nxt] or f.kind[nxt] is not None or f.dateline[nxt]:
        return True
    # Another headline-like line — unless it fills a column: in narrow
    # columns many a wrapped line has no punctuation.
    w = cols.set_width[nxt]
    return f.headline_like[nxt] and not (w and cols.width[nxt] >= w - cols.tol(w))


def _blank_paragraphs(t: LineTable, f: Features, cols: Columns) -> list[bool]:
    """For each line: does the section separate its paragraphs with blank lines?

    Of the clear paragraph ends in the section (a line that ends a sentence
    short of its column), are most followed by a blank line? Read per section:
    one page is set one way.
    """
    ends = followed = 0
    n = len(t)
    for i, b in _neighbours(f):
        if f.kind[i] is not None or not _ends_sentence(f, t, i):
            continue
        if f.kind[b] is not None:
            continue
        ends += 1
        followed += f.gap[b] > 0
    verdict = ends >= 3 and 3 * followed >= 2 * ends
    return [verdict] * n


def _cut_at_marks(t: LineTable, f: Features) -> bool:
    """Did the text layer cut this section's lines at its punctuation (a PDF
    whose CJK marks come from another font, read in content-stream order:
    pdftotext -raw)? Two in five of its running-text lines, twenty at least,
    end with a mark, and half are 16 characters or shorter (pieces of lines;
    reflow's own output, one finished block per line, ends with marks too,
    but its lines are long), and a third of those marks at least are commas
    or colons (，、；：): the layer cut at every mark, and prose holds more
    clause marks than sentence ends — reflow's own output of a page of short
    items ends its lines with sentence ends. Its line widths then say
    nothing about columns.

    Measured on the dev pages, every template: cut pages end 45–85% of their
    lines with a mark (a page with little punctuation in its lines stays
    under half), printed and OCR'd columns at most 32% (22% where half the
    lines are 10 characters or shorter: the 1930s columns); of the marks that
    end a cut page's lines, 58–75% are clause marks (none in the rendering of
    a generated page of short items that read as cut without this test,
    test_idempotent_on_layouts). And a piece holds one clause: at most one
    line in ten holds two marks or more before its end (dev, the 25 cut
    pages: none; reflow's renderings of the dev pages, every extraction: 30%
    of their lines at least). Where 、 is the full stop, a rendering of long
    paragraphs between short headlines met every other test (a generated
    1930s page; test_inserted_marker_is_found_and_changes_only_its_paragraph,
    where one more line brought it to twenty). A mark printed in ASCII counts as its
    full-width twin (他说, / 今天下雨了.: a text layer that prints half-width
    marks in Chinese; dev, ``accuracy.py --ascii-marks``: pdftotext -raw 0.786
    → 0.876, the other extractions and the corpus as printed unchanged).

    >>> from .lines import split_lines
    >>> from .options import Options
    >>> def cut(text):
    ...     t = split_lines(text)
    ...     return _cut_at_marks(t, line_features(t, {}, Options()))
    >>> piece = "记者来到现场，\\n看到很多人在排队\\n等候检测。\\n"
    >>> cut(piece * 8), cut(piece.replace("，", ",").replace("。", ".") * 8)
    (True, True)
    >>> cut("记者来到现场看到很多人在排\\n队等候检测今天下雨了大家\\n" * 12)
    False
    >>> cut(("據記者探悉、該路工程預定年內完成、屆時交通當更便利云、\\n市民紛紛解囊\\n" * 2 + "據該會負責人稱、\\n") * 4)
    False
    """
    rows = [i for i in range(len(t)) if f.kind[i] is None and len(t.text[i]) > 1]
    if len(rows) < 20:
        return False
    ends = clauses = 0
    for i in rows:
        last = t.text[i][-1]
        if last in _MARK_ENDS:
            ends += 1
            clauses += last in _CLAUSE_ENDS
    lengths = sorted(len(t.text[i]) for i in rows)
    if not (5 * ends >= 2 * len(rows) and lengths[len(lengths) // 2] <= 16 and 3 * clauses >= ends):
        return False
    clauses_inside = sum(1 for i in rows if sum(ch in _INNER_MARKS for ch in t.text[i][:-1]) >= 2)
    return 10 * clauses_inside <= len(rows)


#: The marks :func:`_cut_at_marks` counts inside a line: clause and sentence
#: marks (not the ASCII full stop: 3.5, www.example.com).
_INNER_MARKS = frozenset("，、：；。！？,:;?!")


#: On a page whose text layer cut its lines at the marks: how far the pieces of
#: one printed line may add up short of the column's width or past it, in
#: half-cells (dev, pdftotext -raw: 4 and 8 do worse than 6).
CUT_TOL = 6


def _cut_lines(t: LineTable, f: Features) -> list[bool] | None:
    """On a page whose text layer cut its lines at the marks (see
    :func:`_cut_at_marks`), which sentence ends does the paragraph go on after?
    For each line: does the line before it end a printed line's piece in the
    paragraph's middle (True), or the paragraph (False)? None where the page
    shows too few printed lines to measure its column.

    The pieces of one printed line add up to the column's width. A piece that
    stops in mid-word ends a printed line (the column wrapped there), so what
    the pieces add up to up to such a piece is one printed line or more (a
    paragraph's short last line among them). Each run of running text (no
    grammar line, no blank) is cut into printed lines (:func:`_cut_run`):
    full ones, and a paragraph's last one, short, after a sentence end; a
    paragraph's first line is short by the indent. The indent (none, or two
    characters) is read per page: whichever cuts the page most cheaply. The
    column's width is read per stretch of lines: the cut chooses among the
    widths :func:`_cut_widths` offers for each printed line, a change of
    width costing :data:`CUT_SWITCH` — a broadsheet sets one article 18
    characters wide and the next 38, and pdftotext -raw runs their lines
    together. Dev, pdftotext -raw, the sentence ends of cut pages: 474 of 896
    read wrong as paragraph ends with no cutting, 255 with it.

    The width was once the upper quartile of those sums alone; on pages of
    wide lines, where few pieces stop in mid-word between two paragraph ends,
    it took two lines for one (dev-085: 84 characters for a 60-character
    column, boundary F1 0.26); then one per page, chosen by cost (dev
    pdftotext -raw: boundary F1 0.874 -> 0.878, wide pages 0.872 -> 0.906);
    a page of two widths lost the narrower article whole. Per stretch, dev
    pdftotext -raw: boundary F1 0.8914 -> 0.8939 (broadsheets 0.8989 ->
    0.9044, tabloids +0.0009, wide pages −0.0038: two boundaries), lenient
    kind 0.9476 -> 0.9484; test, scored after: 0.9050 -> 0.9045, kind 0.9449
    -> 0.9469.
    """
    n = len(t)
    w = t.width
    wrap = _cut_mid_word(t, f)
    samples: list[int] = []
    acc = 0
    for i in range(n):
        if f.kind[i] is not None or f.gap[i]:
            acc = 0
            if f.kind[i] is not None:
                continue
        acc += w[i]
        if wrap[i]:
            samples.append(acc)
            acc = 0
    if len(samples) < 5:
        return None
    runs: list[list[int]] = []
    i = 0
    while i < n:
        if f.kind[i] is not None:
            i += 1
            continue
        j = i + 1
        while j < n and f.kind[j] is None and not f.gap[j]:
            j += 1
        runs.append(list(range(i, j)))
        i = j
    # Each run's pieces: widths, sentence ends, mid-word stops, ASCII characters
    # (read once for both indents).
    pieces = [([w[k] for k in run], [_piece_ends(f, t, k) for k in run], [wrap[k] for k in run],
               [sum(ch.isascii() for ch in t.text[k]) for k in run]) for run in runs]
    tried = _cut_widths(samples)
    best: tuple[float, list[tuple[list[bool], float]]] | None = None
    for indent in (0, 2 * CHAR):
        cut = [_cut_run(widths, ends, tried, indent, wraps, ascii_chars)
               for widths, ends, wraps, ascii_chars in pieces]
        cost = sum(c for _, c in cut)
        if best is None or cost < best[0]:
            best = (cost, cut)
    assert best is not None
    goes_on = [False] * n
    for run, (ends, _) in zip(runs, best[1]):
        for idx in range(1, len(run)):
            goes_on[run[idx]] = not ends[idx]
    return goes_on


def _piece_ends(f: Features, t: LineTable, i: int) -> bool:
    """On a page cut at its marks, does the piece on line *i* end a sentence:
    it ends with a sentence mark, or holds nothing but closing quotes and
    brackets after a piece that does (。 / ”: the text layer cut the quote off
    from the mark it closes, and the quote read as a sentence that goes on)?
    Dev, pdftotext -raw: boundary F1 0.8970 -> 0.8983 (test, scored after:
    0.9062 -> 0.9069); no other extraction cuts a page at the marks.

    >>> from .lines import split_lines
    >>> t = split_lines("他说：“我们走吧。\\n”\\n第二天")
    >>> f = Features(terminal=[True, False, False])
    >>> [_piece_ends(f, t, i) for i in range(3)]
    [True, True, False]
    """
    return f.terminal[i] or (i > 0 and f.terminal[i - 1] and not t.text[i].strip(CLOSING_BRACKETS))


#: On a cut-at-marks page: what a printed line of pieces costs for each
#: character its pieces add up to off the column's width (within
#: :data:`CUT_TOL`): of the ways to cut a run into printed lines, the one whose
#: lines come out closest to the width is the likeliest (a typesetter fills
#: each line; the tolerance is for kinsoku pushing a character on and for the
#: half-width digits and Latin the widths count roughly). Dev, pdftotext -raw:
#: boundary F1 0.8897 -> 0.8914 (0.5: 0.8903, 2: 0.8913; the other
#: extractions cut no page at the marks); test, scored after: 0.9035 -> 0.9050.
CUT_MISFIT = 1.0

#: On a cut-at-marks page: what a change of the column's width between two
#: printed lines costs (:func:`_cut_run`): as much as a piece read as a line
#: of its own. Dev, pdftotext -raw: 2 cuts too freely (0.8908), 8 to 16 do
#: alike (0.8939, 0.8939, 0.8938).
CUT_SWITCH = 8.0

#: On a cut-at-marks page: at how many quantiles of what the pieces add up to
#: the widths the column may have are read (see :func:`_cut_widths`). Dev,
#: pdftotext -raw: 8 and 16 do alike, and so does every distinct sum.
CUT_STEPS = 8


def _cut_widths(samples: list[int]) -> list[int]:
    """The widths :func:`_cut_lines` tries for a cut-at-marks page's
    columns, narrowest first: what the pieces add up to up to one that stops
    in mid-word (*samples*: a printed line, or more where a line ended at a
    mark), at :data:`CUT_STEPS` + 1 evenly spaced quantiles. At most
    ``CUT_STEPS + 1`` widths, whatever the page's size: the cut stays linear
    in it.

    >>> _cut_widths([40, 12, 44, 90, 44, 46, 176])
    [12, 40, 44, 46, 90, 176]
    """
    samples = sorted(samples)
    return sorted({samples[(k * (len(samples) - 1)) // CUT_STEPS] for k in range(CUT_STEPS + 1)})


def _cut_run(widths: list[int], terminal: list[bool], tried: list[int], indent: int,
             wraps: list[bool] | None = None, ascii_chars: list[int] | None = None) -> tuple[list[bool], float]:
    """Cut a run of pieces into printed lines at the least cost: for each
    piece, does a paragraph end before it; and the cost. Each printed line is
    set at one of the widths *tried*; a line set at another width than the
    line before costs :data:`CUT_SWITCH` more (a paragraph's short last line
    keeps the width of the lines before it; a run opens at any width). A line
    of pieces that add up to its width (less *indent* for a paragraph's first
    line, within :data:`CUT_TOL`) costs :data:`CUT_MISFIT` for each character
    it is off (nothing where it fills the line exactly); a paragraph's last
    line, short, 1 after a sentence end (6 in mid-sentence; nothing at the
    run's end); a full line after which a paragraph ends, 1.5 after a
    sentence end (4 without); a piece as a line of its own, whatever its
    width, 8. On a tie, a line keeps the width of the line before, or takes
    the width the cheapest cut so far has (the narrowest of those); the cut
    ends with a line in the middle of a paragraph before one that ends it, at
    the narrowest width.

    How close to its width a line must come: within :data:`CUT_TOL`; or,
    where *ascii_chars* counts each piece's ASCII characters, within a hanging
    mark (:data:`HANG`) and a half-cell for each ASCII character of the line,
    :data:`CUT_TOL` at most — the widths count CJK exactly and digits and
    Latin only roughly. Dev, pdftotext -raw: boundary F1 0.8939 -> 0.8953 (a
    line of CJK alone as loose as one with Latin in it: 0.8939; nothing for a
    mark: 0.8874; two half-cells for each ASCII character: 0.8952; the
    uncertainty the row features read for the ASCII text, ``f.ascii``:
    0.8950); test, scored after: 0.9045 -> 0.9057. A line of 36 that ends a
    sentence, a character short of its 40: in CJK alone the paragraph ends
    there; with Latin in its pieces it may be a full line.

    >>> pieces, ends, wraps = [20, 20, 36, 40, 40], [False, False, True, False, False], [False, False, False, True, False]
    >>> _cut_run(pieces, ends, [40], 8, wraps, [0] * 5)[0], _cut_run(pieces, ends, [40], 8, wraps, [4] * 5)[0]
    ([False, False, False, True, False], [False, False, False, False, False])

    A printed line never runs on past a piece that stops in mid-word
    (*wraps*: the text layer cut there because the column wrapped, the same
    evidence the column's width is read from): 的利刃下。 / 这是近十年来， / 中国
    cannot be one full line and a line that 中国 opens, only a paragraph's
    last line and a first line indented. Dev, pdftotext -raw: boundary F1
    0.867 -> 0.870 (the sentence ends it reads: 28 paragraph ends found and
    59 wrong ones dropped, 10 and 43 the other way); test, scored only:
    0.881 -> 0.886.

    >>> _cut_run([20, 24, 24, 10, 36, 8], [False, True, False, True, False, True], [44], 8)[0]
    [False, False, False, False, True, False]
    >>> pieces, ends = [18, 26, 8, 40], [True, False, False, False]
    >>> _cut_run(pieces, ends, [44], 8)[0], _cut_run(pieces, ends, [44], 8, [False, False, True, True])[0]
    ([False, False, False, False], [False, True, False, False])

    A column of ten characters: 的警察局。 (14) and the next piece (32, in
    mid-word) would make one line a character and a half too wide; a short
    last line and an indented first line that fills its line fit exactly.

    >>> _cut_run([32, 14, 32, 40], [False, True, False, False], [40], 8, [True, False, True, False])
    ([False, False, True, False], 1.0)

    Two articles run together, two paragraphs set ten characters wide (40),
    two eighteen (72); paragraphs open at pieces 5, 6 and 8. At either width
    alone the cut finds the wrong ends; with both tried, each article's lines
    fill their own width.

    >>> pieces = [8, 24, 10, 30, 24, 20, 64, 72, 16, 48, 72]
    >>> ends = [False, False, False, False, True, True, False, True, False, False, True]
    >>> wraps = [False, True, False, True, False, False, True, False, False, True, False]
    >>> [[k for k, e in enumerate(_cut_run(pieces, ends, w, 8, wraps)[0]) if e] for w in ([40], [72], [40, 72])]
    [[8, 9], [2, 4, 6, 8], [5, 6, 8]]
    """
    n = len(widths)
    k_count = len(tried)
    inf = float("inf")
    # best[i][first][k]: the least cost of cutting pieces[:i] with piece i
    # opening a paragraph's first line (first = 1) or a line in its middle
    # (0), the line before it set at width tried[k].
    best = [[[inf] * k_count for _ in range(2)] for _ in range(n + 1)]
    back: list[list[list[tuple[int, int, int] | None]]] = [[[None] * k_count for _ in range(2)] for _ in range(n + 1)]
    for k in range(k_count):
        best[0][1][k] = 0.0
        best[0][0][k] = 0.5
    for i in range(n):
        for first in (0, 1):
            row = best[i][first]
            cheapest = min(row)
            if cheapest == inf:
                continue
            cheapest_k = row.index(cheapest)
            nxt = 1 if terminal[i] else 0
            for k in range(k_count):
                stay = row[k]
                if stay + 8.0 < best[i + 1][nxt][k]:
                    best[i + 1][nxt][k], back[i + 1][nxt][k] = stay + 8.0, (i, first, k)
                # The line from piece i at width k: from a line at width k, or switched.
                c0, came = (stay, k) if stay <= cheapest + CUT_SWITCH else (cheapest + CUT_SWITCH, cheapest_k)
                target = tried[k] - (indent if first else 0)
                total = unsure = 0
                for j in range(i + 1, min(n, i + 14) + 1):
                    if wraps is not None and j - 1 > i and wraps[j - 2]:
                        break  # the piece before stopped in mid-word: its printed line ended there
                    total += widths[j - 1]
                    if total > target + CUT_TOL + HANG:
                        break
                    if ascii_chars is None:
                        tol = CUT_TOL
                    else:
                        unsure += ascii_chars[j - 1]
                        tol = min(CUT_TOL, HANG + unsure)
                    if abs(total - target) <= tol:
                        misfit = CUT_MISFIT * abs(total - target) / CHAR
                        for nf, c in ((0, misfit), (1, misfit + (1.5 if terminal[j - 1] else 4.0))):
                            if c0 + c < best[j][nf][k]:
                                best[j][nf][k], back[j][nf][k] = c0 + c, (i, first, came)
                    elif total < target - tol:
                        c = 0.0 if j == n else (1.0 if terminal[j - 1] else 6.0)
                        if stay + c < best[j][1][k]:
                            best[j][1][k], back[j][1][k] = stay + c, (i, first, k)
    cost, state, k = min((best[n][s][k], s, k) for s in (0, 1) for k in range(k_count))
    ends = [False] * n
    j = n
    while j > 0:
        step = back[j][state][k]
        assert step is not None
        if state == 1 and j < n:
            ends[j] = True
        j, state, k = step
    return ends, cost


#: The marks a line cut at the punctuation ends with (:func:`_cut_at_marks`),
#: full width or printed in ASCII.
_MARK_ENDS = set("，、：；。！？”’）」』》…,:;.?!)")
#: The clause marks among them.
_CLAUSE_ENDS = set("，、：；,:;")


def _ends_sentence(f: Features, t: LineTable, i: int) -> bool:
    """Does line *i* end a sentence — with 、 too, where that is the page's full stop?"""
    return f.terminal[i] or (f.pause_stop and _pause_end(t.text[i]))


def _subtitle_under(f: Features, t: LineTable, cols: Columns, a: int, i: int) -> bool:
    """Is line *i* a ——subtitle under line *a*, a line of no grammar kind
    that ends no sentence: it opens with a dash, reads as a headline itself,
    holds a Han character and stands apart from what follows? (``subtitle_start``;
    on a page whose text layer cut its lines at the marks such a line is no
    piece of the line above either: ``mark_cut`` gives way — dev, pdftotext
    -raw: 14 starts found, 2 spurious, lenient kind 0.946 → 0.948; test,
    scored only: 5 and 2.)

    The line above was once asked to read as a headline too (no clause mark),
    and a headline of a colon or a comma (滴滴女孩遇害：当消费降级遇到消费降级 /
    ——看到她微博上前不久还在晒着自己的生活, 武汉患者实录：他们深夜绝望求助，无数家庭正在崩塌
    / ——不要嫌别人的痛苦碍眼) ran on into its subtitle as a full line of its
    column. Session 49, dev: subtitle_start 123 right, none wrong → 168 right,
    1 wrong (pdftotext's default mode, an author's line —— under a line of two
    columns run together); boundary F1 0.8326 → 0.8330 (PyMuPDF +0.0003,
    pdftotext -raw +0.0002, Tesseract +0.0003, pdftotext +0.0012, the others
    level), strict kind 0.8920 → 0.8927 (the subtitles' role found)."""
    text = t.text[i]
    return (opens_with_dash(text) and f.headline_like[i] and f.kind[a] is None and not f.terminal[a]
            and bool(_HAN.search(text)) and _stands_apart_below(f, t, cols, i + 1 if i + 1 < len(t) else None))


#: A section of this many lines or fewer is too short to show a column: the
#: column model needs lines that agree on a width, and two or three lines of
#: one short paragraph do not (:func:`_short_text_wrap`).
SHORT_TEXT_LINES = 3
#: The widest line, in half-cells, that :func:`_short_text_wrap` reads as a
#: line of a short text (70 characters): a wider one is a paragraph already,
#: as reflow's own rendering of a short page prints it. Apart from
#: ``Options.max_column_cells`` (80 characters since session 32: a page-wide
#: box sets 77), which is about lines that a column runs through; no column
#: runs through a short text's, and a rendered paragraph of 76 characters that
#: ends on a 、 was read as wrapping into the next (the layout case "reflow's
#: own rendering of a short page").
SHORT_TEXT_CELLS = 140


def _short_text_wrap(f: Features, t: LineTable, cols: Columns, a: int, i: int, max_column: int) -> bool:
    """In a section of :data:`SHORT_TEXT_LINES` lines or fewer (a snippet, a
    record of a few lines), does line *a* wrap into line *i* though no column
    runs through it? Line *i*, of no grammar kind and not indented, ends the
    sentence, and line *a* leaves it open: it ends with a comma (no paragraph
    ends on one), or it is running text — it holds a clause mark (no
    headline does) or opens with a dateline — that stops on a Han character,
    in mid-phrase, and line *i* is a character narrower at least (*a*'s
    indent counted): a paragraph's full line above its last. Not after a line
    wider than *max_column* (``Options.max_column_cells``, in half-cells) or
    :data:`SHORT_TEXT_CELLS`: a paragraph already, as reflow's own rendering
    of a short page prints one (a paragraph that ends on a comma or a 、
    stays apart from the next).

    The corpus has no such section (every page is longer), so it measures
    nothing there; it reads a two-line paragraph as one, where before each
    line stood alone and the first, for want of a sentence end, read as a
    headline. Where the second line is about as wide or wider, they stay
    apart: lines of one width may be a headline that holds a comma and its
    text (正义会迟到，但绝不会缺席 / 他说这句话时，神情坚定。), and a wider second
    line is ragged, not wrapped (a paragraph whose last line fills the column
    stays apart with them, as before). Not after a line of English
    (:func:`_english_line`): English goes on from a comma in lower case
    (``latin_wrap``), and a capital after one opens a line of its own (Hi
    Bob, / Thanks for the note.).

    >>> from .lines import split_lines
    >>> from .options import Options
    >>> def wraps(text):
    ...     t = split_lines(text)
    ...     f = line_features(t, {}, Options())
    ...     return _short_text_wrap(f, t, segment_columns(t, f, Options()), 0, 1, 2 * Options().max_column_cells)
    >>> wraps("全市将新建学校十所，总投资\\n约三亿元。"), wraps("学校十所\\n约三亿元。")
    (True, False)
    >>> wraps("全市将新建学校十所，今年\\n总投资约三亿元，建成后可新增学位五千个。")
    False
    >>> wraps("正义会迟到，但绝不会缺席\\n他说这句话时，神情坚定。"), wraps("　　记者从市政府获悉，今年全市\\n将新建学校十所。")
    (False, True)
    >>> wraps("今年GDP增长5.2%，CPI上涨0.2%，\\n就业形势总体稳定，物价平稳。"), wraps("新华社北京3月5日电 十四届全国人大二次会议5日上午在人民\\n大会堂开幕。")
    (True, True)
    """
    if not (len(t) <= SHORT_TEXT_LINES and not cols.set_width[a] and f.kind[a] is None and f.kind[i] is None
            and not f.terminal[a] and f.terminal[i] and not t.indent[i]
            and t.width[a] <= min(max_column, 2 * SHORT_TEXT_CELLS)):
        return False
    if _english_line(t.text[a], words=1):
        return False  # (English goes on from a comma in lower case, latin_wrap: Hi Bob, / Thanks… is two)
    ta = t.text[a]
    if _leaves_clause_open(f, ta):
        return True  # no paragraph ends on a comma
    return (((f.clause[a] and not f.headline_like[a]) or bool(f.dateline[a])) and bool(_HAN.match(ta[-1]))
            and cols.width[i] + CHAR <= t.indent[a] + cols.width[a])


def _clear_end(cols: Columns, f: Features, t: LineTable, i: int) -> bool:
    """Is line *i* a clear paragraph end: it ends a sentence more than two
    characters short of its column's set width?"""
    w = cols.set_width[i]
    return _ends_sentence(f, t, i) and bool(w) and cols.width[i] < w - 2 * CHAR


#: In a column this wide or wider (in half-cells: eight characters) a paragraph's
#: end counts as clear two characters short of the column (room for OCR's lost
#: marks and compressed punctuation); in a narrower one, one character: two are
#: most of a 1930s column of three to seven, and its paragraph ends seldom leave
#: that much room. Dev, with a blank line between the gold's blocks: 16 of 24
#: 1930s pages read as set apart by blank lines, for 8 before (PyMuPDF; over
#: three extractions 43 spurious starts fewer, 7 more found); the seven
#: extractions as they are: no change (test likewise).
_TWO_SHORT_COLUMN = 8 * CHAR


#: In a section with no punctuation (:func:`_unpunctuated`), the share (in
#: hundredths) of its lines short of their column that a blank line must
#: follow for the section to read as region by region output. OCR cuts a
#: region's lines in pieces and no sentence mark tells a piece from a
#: paragraph's end, so the share is lower than the punctuated test's nine in
#: ten. ``--no-marks`` dev, sections with blank lines: pdftotext's default
#: mode (blank lines at column breaks) 0.32 or less on 110 of 112 texts;
#: Tesseract, and Tesseract and RapidOCR by region, 0.40 or more on 111 of
#: 137. With it: Tesseract by region 0.763 → 0.832, RapidOCR by region 0.792 →
#: 0.856, Tesseract 0.744 → 0.776, pdftotext level.
UNPUNCTUATED_REGION_SHARE = 40


def _region_separated(t: LineTable, f: Features, cols: Columns) -> bool:
    """Is the section region by region output — a blank line after every
    layout region, none inside one (OCR tools and MinerU-style converters
    print a page so)? Nine in ten of its clear paragraph ends (a line that
    ends a sentence short of its column: by two characters, by one in a
    column under :data:`_TWO_SHORT_COLUMN`) are followed by a blank line, five
    at least. Or half of them at least, where its headlines stand apart too
    (:func:`_headlines_apart`): OCR cuts a region's lines in pieces, and a
    piece that ends a sentence short of the column looks like a paragraph
    end (RapidOCR's regions, dev: 9 pages of 48 between a half and nine in
    ten, up 0.017 in all). A page whose extractor sets blank lines between
    most paragraphs, but not all, and runs its headlines into their text
    (the seed page: eight in ten; six headlines run on, six stand apart), is
    not.

    A section that prints no punctuation (:func:`_unpunctuated`) has no
    sentence end to count: there its lines short of their column are the
    paragraph ends, and :data:`UNPUNCTUATED_REGION_SHARE` of them followed
    by a blank line make region output.

    Where the clear ends do not show it (too few, or too few of them followed
    by a blank line), the runs of lines between the blank lines may
    (:func:`_blanks_end_sentences`)."""
    ends = followed = 0
    for i, b in _neighbours(f):
        if f.kind[i] is not None or f.kind[b] is not None or not (f.unpunctuated or _ends_sentence(f, t, i)):
            continue
        w = cols.set_width[i]
        if w and cols.width[i] >= w - (2 * CHAR if w >= _TWO_SHORT_COLUMN else CHAR):  # (a line in no column counts: unlike _clear_end)
            continue
        if f.unpunctuated and not w:
            continue  # (with no sentence mark, a line in no column is no evidence)
        ends += 1
        followed += f.gap[b] > 0
    if ends >= 5:
        if f.unpunctuated:
            return 100 * followed >= UNPUNCTUATED_REGION_SHARE * ends
        if 100 * followed >= 85 * ends or (2 * followed >= ends and _headlines_apart(t, f)):
            return True
    return _blanks_end_sentences(t, f)


#: :func:`_blanks_end_sentences` reads a section's runs of lines between blank
#: lines where it has at least this many of :data:`_RUN_LINES` lines or more.
_RUNS_TO_READ = 10
_RUN_LINES = 4


def _blanks_end_sentences(t: LineTable, f: Features) -> bool:
    """Region by region output, told by where its blank lines fall, not by its
    short lines: a column of three to seven characters (a 1930s page) fills
    its lines to the end whether its paragraph ends there or not, so too few
    lines end short of their column for :func:`_region_separated` to count.
    The runs of lines between blank lines (of :data:`_RUN_LINES` lines or
    more, :data:`_RUNS_TO_READ` of them at least) tell two kinds of blank line
    apart:

    - a column break: pdftotext's default mode sets a blank line after each
      column, so the runs are a column's height, one after another of the same
      length (to a line) — in four pairs of neighbouring runs in ten or more,
      these are column breaks, whatever else;
    - a region's end: the runs are paragraphs and their pieces, of any length,
      and the line before a blank line ends a sentence at least twice as often
      as the section's lines do.

    Dev, 1930s pages (columns of three to seven characters), neighbouring runs
    of the same length: pdftotext 0.44–0.93 of the pairs on 13 of 14 pages
    (0.21 on the other, whose runs end a sentence 1.4 times as often as its
    lines), Tesseract, Tesseract and RapidOCR by region 0.00–0.33; runs that
    end a sentence: 2.0–6.6 times as often as the lines, on every page of the
    three. With it, dev boundary F1: Tesseract by region 0.888 → 0.901 and
    RapidOCR by region 0.899 → 0.911 (the split at blank lines: 0.889,
    0.910), Tesseract 0.826 → 0.827; the text layers and the other
    templates' pages unchanged (they pass the clear ends' test, or their runs
    are even or too few). Lenient kind accuracy fell on the 1930s region
    pages (0.937 → 0.901 by RapidOCR), their paragraphs now blocks of their
    own whose lost final 、 reads as a headline's, until
    :func:`reflow.blocks.block_headline` read a 、 inside as a sentence end.
    Around the constants (dev boundary F1, pdftotext / Tesseract by region /
    RapidOCR by region; as chosen 0.733 / 0.901 / 0.911): eight runs to read
    0.732 / 0.901 / 0.911, twelve 0.733 / 0.899 / 0.911; runs of three lines
    or more 0.732 / 0.901 / 0.911, five 0.733 / 0.901 / 0.911; even runs in
    three pairs of ten 0.733 / 0.901 / 0.911, five 0.731 / 0.901 / 0.911; runs
    that end a sentence 1.5 times as often as lines 0.731 / 0.901 / 0.911,
    three times 0.733 / 0.893 / 0.907.

    >>> from .lines import split_lines
    >>> def read(runs, last="完了。"):
    ...     t = split_lines("\\n\\n".join("\\n".join(["一二三四五"] * (k - 1) + [last]) for k in runs))
    ...     return _blanks_end_sentences(t, line_features(t, {}, Options()))
    >>> read([4, 6, 5, 8, 4, 7, 5, 9, 4, 6, 5])
    True
    >>> read([6] * 11)  # a column's height after another: column breaks
    False
    >>> read([4, 6, 5, 8, 4, 7, 5, 9, 4, 6, 5], last="六七八九十")  # no more sentence ends before a blank line than anywhere
    False
    """
    if f.unpunctuated:
        return False
    n = len(t)
    runs = []  # (last line, lines) of each run long enough to read
    # The lines of each run between blank lines, jump markers left out: a marker's line is no
    # line of the page's text (and the line after it has the blank lines before it, _meaningful_gaps).
    rows = [i for i in range(n) if f.kind[i] != "marker"]
    start = 0
    for k in range(1, len(rows) + 1):
        if k == len(rows) or f.gap[rows[k]]:
            if k - start >= _RUN_LINES:
                runs.append((rows[k - 1], k - start))  # (its last line, its lines)
            start = k
    if len(runs) < _RUNS_TO_READ:
        return False
    even = sum(1 for (_, x), (_, y) in zip(runs, runs[1:]) if abs(x - y) <= 1)
    if 10 * even >= 4 * (len(runs) - 1):
        return False  # runs of a column's height: blank lines at column breaks
    after = sum(_ends_sentence(f, t, b) for b, _ in runs[:-1])
    ends = sum(_ends_sentence(f, t, i) for i in rows)
    return after > 0 and after * len(rows) >= 2 * ends * (len(runs) - 1)


def _headlines_apart(t: LineTable, f: Features) -> bool:
    """Do the section's headline-like lines stand apart? Of those that open a
    run of lines (after a blank line, or first), at least one is followed by
    a blank line, and at most two run on into a line of text below (not
    headline-like, of no grammar kind) for every three followed by one. In
    region by region output every block, a headline too, is a region of its
    own; a page that merely sets its paragraphs apart sets its headlines
    above their text."""
    apart = run_on = 0
    for i in range(len(t) - 1):
        if f.headline_like[i] and f.kind[i] is None and (i == 0 or f.gap[i]):
            if f.gap[i + 1]:
                apart += 1
            elif not f.headline_like[i + 1] and f.kind[i + 1] is None:
                run_on += 1
    return apart > 0 and 3 * run_on <= 2 * apart
