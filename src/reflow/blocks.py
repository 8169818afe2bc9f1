"""Blocks: lines grouped by the layout decisions, then typed by ordered rules.

The block rules are tried in :data:`BLOCK_RULES` order, most specific first,
the plain paragraph last (the way mistune and Python-Markdown order theirs).
After typing, two passes look at neighbours: a headline line between two
paragraphs of one article is a *subheading*; a lone name beside a headline is
a *byline*; and headline lines that the layout wrapped are joined again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .chars import CAPTION_MARKS, HAS_CJK, CONTINUING_PUNCT, NO_LINE_START, OPENING_BRACKETS, CLOSING_BRACKETS, SURNAMES, COMPOUND_SURNAMES
from .layout import Decision, Facts, over_wide
from .lines import Line
from .markers import JumpMarker
from .options import Options

#: Block kinds, as printed in Block.kind.
KINDS = ("headline", "subheading", "byline", "paragraph", "marker", "furniture", "caption")


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the page: a headline, a paragraph, a byline, a jump marker…

    ``text`` is the normalized text on a single line; ``span`` the ``[start,
    end)`` offsets in the input covering its source lines; ``lines`` the first
    and last input line numbers (1-based). ``marker`` is set for markers,
    ``dateline`` for a paragraph that opens with one (it stays in ``text``),
    ``role`` says more about a headline ("subtitle" for a ——line); ``page``
    counts the form feeds (pdftotext page breaks) before the block.
    """

    kind: str
    text: str
    span: tuple[int, int]
    marker: JumpMarker | None = None
    lines: tuple[int, int] = (0, 0)
    dateline: str | None = None
    role: str | None = None
    page: int = 0

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


@dataclass(slots=True)
class RawBlock:
    """Lines the layout joined, before typing and normalization."""

    lines: list[Line]
    facts: list[Facts]
    kind: str = "paragraph"
    role: str | None = None
    reason: str = ""
    text: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def single(self) -> bool:
        return len(self.lines) == 1

    @property
    def gap_after(self) -> int:
        return self.extra.get("gap_after", 1)


# A Latin word or its trailing punctuation at the end of a line, and a Latin
# word (or an opening quote or bracket) at the start of the next: a space goes
# between them. After a hyphen nothing does (well-/known, 2019-/nCoV).
_LATIN_TAIL = regex.compile(r"[A-Za-z0-9,.;:!?%)\]\"']\Z")
_LATIN_HEAD = regex.compile(r"[A-Za-z0-9(\[\"']")


def join_texts(parts: list[str]) -> str:
    """Join the lines of one block: nothing between CJK characters, one space
    between two Latin words (or after Latin punctuation), nothing after a hyphen.

    >>> join_texts(["在学林街道校地党建", "联盟疫情防控"])
    '在学林街道校地党建联盟疫情防控'
    >>> join_texts(["an English paragraph,", "wrapped at sixty"])
    'an English paragraph, wrapped at sixty'
    >>> join_texts(["逆水行舟用力撑,", "一篙松劲退千寻"])
    '逆水行舟用力撑,一篙松劲退千寻'

    A number that the column split (资金 1017 / 4万元) is joined without a
    space inside Chinese text, with one in English.

    >>> join_texts(["紧急下达专项资金 1017", "4万元"]), join_texts(["in 2019", "20 people"])
    ('紧急下达专项资金 10174万元', 'in 2019 20 people')
    """
    if len(parts) == 1:
        return parts[0]
    out = [parts[0]]
    for part in parts[1:]:
        prev = out[-1]
        if _LATIN_TAIL.search(prev) and _LATIN_HEAD.match(part):
            if not (prev[-1].isdigit() and part[0].isdigit() and HAS_CJK.search(prev)):
                out.append(" ")
        out.append(part)
    return "".join(out)


def group(lines: list[Line], facts: list[Facts], decisions: list[Decision | None]) -> list[RawBlock]:
    """Group lines into raw blocks at every break decision."""
    blocks: list[RawBlock] = []
    for i, line in enumerate(lines):
        decision = decisions[i]
        if decision is None or not decision.join:
            if blocks:
                blocks[-1].extra["gap_after"] = facts[i].gap
            blocks.append(RawBlock([line], [facts[i]]))
        else:
            blocks[-1].lines.append(line)
            blocks[-1].facts.append(facts[i])
    for block in blocks:
        block.text = join_texts([line.text for line in block.lines])
    return blocks


# --------------------------------------------------------------------------
# Block rules: each returns (kind, reason) or None. Most specific first.
# --------------------------------------------------------------------------


#: Kinds the layout already gave a line by its grammar, and the reason.
_LINE_KINDS = {
    "marker": "matches the jump-marker grammar",
    "byline": "matches the byline grammar",
    "furniture": "matches the running-head grammar",
}


def block_line_kind(block: RawBlock, options: Options):
    """A line the layout typed by its grammar: a jump marker (下转A2版①), a byline
    (株洲日报记者 李逸峰), page furniture (a running head, an editor credit)."""
    kind = block.facts[0].kind
    return (kind, _LINE_KINDS[kind]) if kind in _LINE_KINDS else None


def block_caption(block: RawBlock, options: Options):
    """A photo caption: a block that opens with ▲ or ■ (▲市民在社区接种疫苗。)."""
    if block.text[0] in CAPTION_MARKS:
        return "caption", f"opens with the caption mark {block.text[0]!r}"
    return None


def block_headline(block: RawBlock, options: Options):
    """A block whose text does not read as running text: no sentence end, no
    clause left open, no finished sentence inside — or a single line wider
    than its column (a kicker set across columns, even with ……).

    The test reads the block's text, not how many lines it came from, so that
    reflow's output (one line per block) is typed the same when read again.
    """
    text = block.text
    f = block.facts[0]
    if len(text) > options.max_headline_chars or f.dateline:
        return None
    line = block.lines[0]
    if block.single and over_wide(line.width, f.column) and not text.endswith(tuple(CONTINUING_PUNCT)):
        return "headline", "a single line wider than its column"
    if block.facts[-1].terminal or text[-1] in CONTINUING_PUNCT or _SENTENCE_INSIDE.search(text):
        return None
    if len(_CLAUSE_PUNCT.findall(text)) > 3:
        return None
    return "headline", "a line that neither ends a sentence nor leaves a clause open"


# A headline holds no finished sentence, and few clauses.
_SENTENCE_INSIDE = regex.compile(r"[。；;]")
_CLAUSE_PUNCT = regex.compile(r"[，、,]")


def block_paragraph(block: RawBlock, options: Options):
    """Everything else is running text."""
    return "paragraph", "running text"


#: Block rules in the order they are tried.
BLOCK_RULES = (block_line_kind, block_caption, block_headline, block_paragraph)


def classify(blocks: list[RawBlock], options: Options) -> None:
    """Type every block, then settle subheadings and lone names."""
    for block in blocks:
        for rule in BLOCK_RULES:
            result = rule(block, options)
            if result is not None:
                block.kind, block.reason = result
                break
        if block.kind == "headline" and block.text.startswith(("——", "--", "－－", "—")):
            block.role = "subtitle"
    _subheadings(blocks)
    _lone_names(blocks)
    _kickers(blocks)


def _subheadings(blocks: list[RawBlock]) -> None:
    """A headline line set between two paragraphs, with the second following it
    directly (no blank line), inside the column: an in-article subheading
    (多方筹措，确保物资及时供应)."""
    for i in range(1, len(blocks) - 1):
        b = blocks[i]
        if b.kind != "headline" or b.role:
            continue
        prev, nxt = blocks[i - 1], blocks[i + 1]
        f = b.facts[0]
        if (
            prev.kind == "paragraph"
            and nxt.kind == "paragraph"
            and b.gap_after == 0
            and not over_wide(b.lines[0].width, f.column)
            and prev.text[-1:] not in CONTINUING_PUNCT
        ):
            b.kind, b.reason = "subheading", "a short line between two paragraphs of one article"


def _kickers(blocks: list[RawBlock]) -> None:
    """A headline line that leads into the one after it — ending with …… or a
    colon, the way a kicker (引题) does — is a kicker: 参与患者抢救、捐赠防护物资、
    传递抗疫力量…… over 政协委员的抗“疫”足迹. Other kickers are told apart from
    titles only by their type size, which the text does not keep."""
    for a, b in zip(blocks, blocks[1:]):
        if a.kind == "headline" == b.kind and not a.role and a.text.endswith(("……", "…", "：", ":")):
            a.role = "kicker"


_NAME = regex.compile(r"\p{Han}{2,4}")


def is_name(text: str) -> bool:
    """A personal name: 2-4 Han characters led by a common surname (朱理平)."""
    if not _NAME.fullmatch(text):
        return False
    return text[0] in SURNAMES or text[:2] in COMPOUND_SURNAMES


def _lone_names(blocks: list[RawBlock]) -> None:
    """A lone personal name next to a headline or byline is the author's byline
    (朱理平 under a commentary's title)."""
    for i, b in enumerate(blocks):
        if b.kind != "headline" or not is_name(b.text):
            continue
        neighbours = [blocks[j].kind for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
        if "headline" in neighbours or "byline" in neighbours:
            b.kind, b.reason = "byline", "a lone personal name beside a headline"


# Characters a headline phrase cannot end with: particles, prepositions and
# conjunctions that need what follows (的 在 和 与 对 把 …), and open brackets.
DANGLING_END = set("的之和与與及在对對把向为為从從被将將让讓使给給于於以并並而或暨、，“‘《（(「『—")
# Characters a headline phrase cannot start with.
DANGLING_START = set(NO_LINE_START) | set("的了着著们們")
_SEPARATORS = regex.compile(r"[ \u3000：:，、——!！?？]")


def _unbalanced(text: str) -> bool:
    return sum(text.count(c) for c in OPENING_BRACKETS) > sum(text.count(c) for c in CLOSING_BRACKETS)


def headline_wraps(a: RawBlock, b: RawBlock) -> str | None:
    """Did the layout wrap one headline over the lines *a* and *b*? The reason, or None.

    Evidence: *a* ends where a phrase cannot end (的, 和, an open bracket), *b*
    starts where a phrase cannot start, or *a* is wider than its column — it
    ran to the edge of the page — without a separator in it, and *b* is shorter.
    Two complete parallel lines (落实各项防控措施 / 全力切断传播途径) are not wrapped.
    """
    ta, tb = a.text, b.text
    if b.role == "subtitle":
        return None
    if ta[-1] in DANGLING_END or _unbalanced(ta):
        return f"the first line ends with {ta[-1]!r}, which cannot end a headline phrase"
    if tb[0] in DANGLING_START:
        return f"the second line starts with {tb[0]!r}, which cannot start a headline phrase"
    la, lb = a.lines[-1], b.lines[0]
    if over_wide(la.width, a.facts[-1].column) and lb.width < la.width and not _SEPARATORS.search(ta):
        return "the first line runs wider than its column, unbroken, and the second is shorter"
    return None


def merge_wrapped_headlines(blocks: list[RawBlock], options: Options) -> list[RawBlock]:
    """Join headline lines that the layout wrapped (学习贯彻…的重要 / 讲话精神 研究部署…).

    The evidence is in the text of the two lines (and the column width), not
    in the blank lines between them: what reflow writes out must read back
    the same, and its output has no blank lines.
    """
    out: list[RawBlock] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "headline"
            and block.kind == "headline"
            and len(prev.text) + len(block.text) <= options.max_headline_chars
        ):
            reason = headline_wraps(prev, block)
            if reason is not None:
                prev.lines.extend(block.lines)
                prev.facts.extend(block.facts)
                prev.text = join_texts([prev.text, block.text])
                prev.reason = "a headline the layout wrapped: " + reason
                prev.extra["gap_after"] = block.gap_after
                continue
        out.append(block)
    return out
