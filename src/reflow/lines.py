"""Lines: the raw extraction split into printed lines, with where they came from.

A :class:`Line` is one non-blank line of the input: its text without surrounding
white space, its ``[start, end)`` span in the input, its display width, how many
blank lines stood before it (``gap``) and whether a form feed (a pdftotext page
break) came before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .chars import width

#: Line separators str.splitlines() knows; a form feed additionally ends a page.
PAGE_BREAKS = ("\f",)


@dataclass(slots=True)
class Line:
    """One non-blank input line."""

    text: str
    start: int
    end: int
    number: int  #: 1-based line number in the input
    gap: int = 0  #: blank lines between this line and the previous non-blank one
    page_break: bool = False  #: a form feed stands between this line and the previous one
    width: int = 0  #: display width in half-cells (see chars.width)
    page: int = 0  #: form feeds before this line

    def __post_init__(self) -> None:
        if not self.width:
            self.width = width(self.text)


def split_lines(text: str) -> list[Line]:
    """Split *text* into non-blank :class:`Line` objects.

    CRLF, CR and LF all end a line; a form feed ends a line and marks a page break.

    >>> [(l.text, l.start, l.end, l.gap) for l in split_lines("ab\\n\\n c \\r\\nd")]
    [('ab', 0, 2, 0), ('c', 5, 6, 1), ('d', 9, 10, 0)]
    >>> split_lines("a\\fb")[1].page_break
    True
    """
    lines: list[Line] = []
    offset = 0
    gap = 0
    page = 0
    page_break = False
    for number, raw in enumerate(text.splitlines(keepends=True), 1):
        body = raw.rstrip("\r\n\f\x0b\x1c\x1d\x1e\x85\u2028\u2029")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            start = offset + lead
            lines.append(Line(stripped, start, start + len(stripped), number, gap, page_break, page=page))
            gap = 0
            page_break = False
        elif lines:
            gap += 1
        if raw.endswith(PAGE_BREAKS):
            page += 1
            page_break = bool(lines)
        offset += len(raw)
    return lines
