"""Lines: the raw extraction split into printed lines — the line table.

The table holds one row per non-blank input line, as parallel lists of plain
values (the layout stages read columns of it; nothing builds an object per
line): its text without surrounding white space, its ``[start, end)`` span in
the input, its 1-based line number, the blank lines before it (``gap``), the
form feeds before it (``page``) and whether one stands right before it
(``page_break``), its printed width, and the width of the white space that
indented it (``indent``; a kept 　　 indent is evidence of a paragraph start).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .chars import width

#: Line separators str.splitlines() knows; a form feed additionally ends a page.
PAGE_BREAKS = ("\f",)
_LINE_END = "\r\n\f\x0b\x1c\x1d\x1e\x85\u2028\u2029"


@dataclass(slots=True)
class LineTable:
    """The non-blank lines of a text, column by column (row ``i`` is line ``i``)."""

    text: list[str] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    number: list[int] = field(default_factory=list)  #: 1-based line number in the input
    gap: list[int] = field(default_factory=list)  #: blank lines between this line and the previous one
    page: list[int] = field(default_factory=list)  #: form feeds before this line
    page_break: list[bool] = field(default_factory=list)  #: a form feed right before this line
    width: list[int] = field(default_factory=list)  #: printed width in half-cells (chars.width)
    indent: list[int] = field(default_factory=list)  #: width of the leading white space (ideographic space 4, others 2)

    def __len__(self) -> int:
        return len(self.text)

    def append(self, text: str, start: int, end: int, number: int, gap: int, page: int, page_break: bool,
               indent: int = 0) -> None:
        self.text.append(text)
        self.start.append(start)
        self.end.append(end)
        self.number.append(number)
        self.gap.append(gap)
        self.page.append(page)
        self.page_break.append(page_break)
        self.width.append(width(text))
        self.indent.append(indent)

    def row(self, i: int) -> tuple:
        """Row *i* as a tuple (for tests and debugging)."""
        return (self.text[i], self.start[i], self.end[i], self.number[i], self.gap[i], self.page[i],
                self.page_break[i], self.width[i], self.indent[i])


def _indent_width(lead: str) -> int:
    """Half-cells of leading white space: an ideographic space 4, any other 2."""
    return sum(4 if ch == "\u3000" else 2 for ch in lead)


def split_lines(text: str) -> LineTable:
    """The line table of *text*: one row per non-blank line.

    CRLF, CR, LF and the other line separators of ``str.splitlines`` end a
    line; a form feed ends a line and a page.

    >>> t = split_lines("ab\\n\\n c \\r\\nd")
    >>> [(t.text[i], t.start[i], t.end[i], t.gap[i]) for i in range(len(t))]
    [('ab', 0, 2, 0), ('c', 5, 6, 1), ('d', 9, 10, 0)]
    >>> split_lines("a\\fb").page_break
    [False, True]
    >>> split_lines("\\u3000\\u3000正文").indent
    [8]
    """
    table = LineTable()
    offset = 0
    gap = 0
    page = 0
    page_break = False
    number = 0
    for number, raw in enumerate(text.splitlines(keepends=True), 1):
        body = raw.rstrip(_LINE_END)
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            start = offset + lead
            table.append(stripped, start, start + len(stripped), number, gap, page, page_break,
                         _indent_width(body[:lead]) if lead else 0)
            gap = 0
            page_break = False
        elif table.text:
            gap += 1
        if raw.endswith(PAGE_BREAKS):
            page += 1
            page_break = bool(table.text)
        offset += len(raw)
    return table


#: Characters of a page without form feeds that are read as one section (see
#: :func:`sections`): the reach of the layout's evidence. About 1,500 lines of
#: a newspaper column: many articles.
SECTION_CHARS = 50_000

# Where a part may end, best first: a sentence end followed by a blank line (a
# paragraph end in any reading), a form feed (a page end), a sentence end at a
# line end, any line end.
_CUTS = (
    regex.compile(r"[。！？…][”’」』）)]{0,3}[ \t\u3000]*+\r?\n[ \t\u3000]*+\r?\n"),
    regex.compile(r"\f"),
    regex.compile(r"[。！？…][”’」』）)]{0,3}[ \t\u3000]*+\r?\n"),
    regex.compile(r"\n"),
)


def sections(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """Cut *text* into the ``[start, end)`` sections the layout reads on their own.

    A section is a page: it ends after a form feed (pdftotext's page break).
    A page longer than *size* (:data:`SECTION_CHARS`) characters is cut
    further, at the first paragraph end (see ``_CUTS``) at least *size*
    characters after the section's start — a cut that depends on the text
    alone, never on how much of it is read at once. So reading a large input
    in parts of whole sections gives what reading the whole would, by
    construction: the evidence of every decision lies inside its section.

    >>> text = "一。\\n\\n二。\\n\\n三。"
    >>> [text[a:b] for a, b in sections(text, size=4)]
    ['一。\\n\\n二。\\n\\n', '三。']
    >>> [b - a for a, b in sections("甲\\f乙\\f")]
    [2, 2]
    """
    size = size or SECTION_CHARS
    bounds: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    while start < n:
        ff = text.find("\f", start)
        page_end = n if ff < 0 else ff + 1
        while page_end - start > size + size // 2:
            lo, hi = start + size, min(page_end, start + 2 * size)
            end = None
            for cut in _CUTS:
                m = cut.search(text, lo, hi)
                if m:
                    end = m.end()
                    break
            if end is None:
                m = _CUTS[-1].search(text, hi, page_end)
                end = m.end() if m else page_end
            bounds.append((start, end))
            start = end
        if start < page_end:
            bounds.append((start, page_end))
        start = page_end
    return bounds or [(0, n)]
