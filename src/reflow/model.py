"""The data reflow returns: block kinds, blocks, explanation steps. Data only.

Every other module may import this one; it imports none of them (but
:mod:`reflow.markers` for the JumpMarker type), so the articles, the renderer
and the pipeline never import each other in a circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .chars import NO_LINE_START, is_markdown_line
from .markers import JumpMarker


class Kind(StrEnum):
    """The kinds of block, as printed in ``Block.kind`` (a Kind is a str:
    ``Kind.HEADLINE == "headline"``)."""

    HEADLINE = "headline"
    SUBHEADING = "subheading"
    BYLINE = "byline"
    PARAGRAPH = "paragraph"
    MARKER = "marker"
    FURNITURE = "furniture"
    CAPTION = "caption"


#: Block kinds, as printed in Block.kind.
KINDS = tuple(k.value for k in Kind)


#: Kinds that keep their rendered line to themselves: a block that opens with
#: a mark no line opens with (，成为…, a clause a marker or a page cut off) goes
#: on on the line before it, but not on a running head's, a byline's or a kept
#: marker's. Printed there, the line would read back as one paragraph, and
#: the running head or byline would lose the spaces its kind keeps
#: (青禾日报 2019年4月20日 星期日 A5 综合，成为… read again as 青禾日报2019年…).
OWN_LINE = frozenset({"furniture", "byline", "marker"})


def runs_on(text: str, kind_before: str | None) -> bool:
    """Does a block whose text is *text* go on on the rendered line whose last
    block is of kind *kind_before* (None: there is none)? Where it opens with
    a mark no line opens with, unless that line is its block's own (OWN_LINE);
    never a Markdown image (``![](a.jpg)``: a line of Markdown is a block of
    its own, :func:`~reflow.chars.is_markdown_line`).

    >>> runs_on("，成为榜首。", "paragraph"), runs_on("，成为榜首。", "furniture"), runs_on("成为榜首。", "paragraph")
    (True, False, False)
    """
    return text[:1] in NO_LINE_START and kind_before not in OWN_LINE and not is_markdown_line(text)


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the page: a headline, a paragraph, a byline, a jump marker…

    ``text`` is the normalized text on a single line; ``span`` the ``[start,
    end)`` offsets in the input covering its source lines; ``lines`` the first
    and last input line numbers (1-based). ``marker`` is set for markers,
    ``dateline`` for a paragraph that opens with one (it stays in ``text``),
    ``role`` says more about a headline ("kicker" for a 引题 that leads into
    the title, "subtitle" for a ——line); ``page`` counts the form feeds
    (pdftotext page breaks) before the block.
    """

    kind: str
    text: str
    span: tuple[int, int]
    marker: JumpMarker | None = None
    lines: tuple[int, int] = (0, 0)
    dateline: str | None = None
    role: str | None = None
    page: int = 0
    #: Rendered on the line before it: a block reflow() leaves out (a marker)
    #: stood between it and a block it reads on from (a dateline alone on its
    #: line). Blocks stay apart, in input order; the text reads on.
    glue: bool = field(default=False, repr=False, compare=False)

    def to_dict(self) -> dict:
        d = {"kind": self.kind, "text": self.text, "span": list(self.span), "lines": list(self.lines)}
        if self.marker is not None:
            d["marker"] = self.marker.to_dict()
        if self.dateline:
            d["dateline"] = self.dateline
        if self.role:
            d["role"] = self.role
        if self.page:
            d["page"] = self.page
        return d


@dataclass(frozen=True, slots=True)
class Step:
    """One line of an explanation: what happened to an input line and why."""

    line: int  #: input line number (1-based)
    action: str  #: "start", "join", "break" (layout) or "change" (a text rule)
    rule: str  #: the rule that decided
    reason: str  #: in words
    kind: str = ""  #: kind of the block the line ended up in
    text: str = ""  #: the input line

    def __str__(self) -> str:
        head = f"{self.line:>5}  {self.action:<6} {self.rule:<22}"
        if self.action == "change":
            return f"{head} {self.reason}"
        return f"{head} [{self.kind}] {self.text}  — {self.reason}"
