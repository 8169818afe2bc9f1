"""Blocks: lines grouped by the layout's decisions, then typed by ordered rules.

:func:`group` cuts the section's lines into blocks at every break; the block
rules of :data:`BLOCK_RULES` type each block, most specific first, the plain
paragraph last (the way mistune and Python-Markdown order theirs). Then a few
passes look at neighbours — a headline between two paragraphs of one article
is a *subheading*, a lone name beside a headline a *byline*, a line that leads
into the title a *kicker* — and headline lines the layout wrapped are joined.

Typing reads a block's text and its neighbours' kinds, never the blank lines
or the column widths around it: reflow's own output (one block per line, no
blank lines) is typed as the page was, which is what makes
``reflow(reflow(x)) == reflow(x)`` hold without a second reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .chars import (
    ADDRESS_OPENER, CAPTION_MARKS, CLOSING_BRACKETS, COMPOUND_SURNAMES, CONTINUING_PUNCT, HAS_CJK, NO_LINE_START, cuts_word,
    holds_web_address, is_word, unbalanced,
)
from .layout import (_COLONS, CHAR, HANG, JOIN_RULES, Layout, _ends_word_whole, _letter_probe, _spaced_seam,
                     dateline_hint, is_dateline_alone, line_dateline, opens_next_item, opens_with_dash, reads_as_byline)
from .model import KINDS, Block  # noqa: F401 - Block and KINDS are re-exported here for 0.1 imports
from .options import Options
from .patterns import closes_with_photo_credit, is_name, is_signature_date

__all__ = ["RawBlock", "group", "classify", "merge_wrapped_headlines", "join_texts", "joined_dateline", "BLOCK_RULES", "KINDS"]


@dataclass(slots=True)
class RawBlock:
    """A row of the block table: lines ``first..last`` of the section's line
    table, before normalization."""

    first: int
    last: int
    text: str
    kind: str = "paragraph"
    role: str | None = None
    rule: str = "paragraph"  #: the block rule that typed it
    reason: str = ""
    dateline: int = 0  #: length of the dateline opening the text
    joins: dict = field(default_factory=dict)  #: line -> (rule, reason) where a later pass joined a line the layout broke
    glue: bool = False  #: printed on the line before it (a block left out of the rendering stood between)


# A Latin word or its trailing punctuation at the end of a line, and a Latin
# word (or an opening quote or bracket) at the start of the next: a space goes
# between them. After a hyphen nothing does (well-/known, 2019-/nCoV).
_LATIN_TAIL = regex.compile(r"[A-Za-z0-9,.;:!?%)\]\"']\Z")
_LATIN_HEAD = regex.compile(r"[A-Za-z0-9(\[\"']")


#: How far back from a line end the opener of a web or mail address is looked
#: for (:func:`_cuts_address`): an address cut further than this from its
#: start gets the space English text would.
ADDRESS_REACH = 200


def _ascii_tail(out: list[str]) -> str:
    """The run of printable ASCII (no space) that ends the text joined so far,
    *out* its pieces: its last :data:`ADDRESS_REACH` characters at most."""
    pieces: list[str] = []
    n = 0
    for piece in reversed(out):
        k = len(piece)
        while k and n + len(piece) - k < ADDRESS_REACH and "!" <= piece[k - 1] <= "~":
            k -= 1
        pieces.append(piece[k:])
        n += len(piece) - k
        if k or n >= ADDRESS_REACH:
            break
    return "".join(reversed(pieces))


def _ascii_head(parts: list[str], k: int) -> str:
    """The run of printable ASCII that opens ``parts[k]`` — and runs on into
    the parts after it where a part is all of it: its first
    :data:`ADDRESS_REACH` characters at most."""
    pieces: list[str] = []
    n = 0
    for part in parts[k:]:
        j = 0
        while j < len(part) and n + j < ADDRESS_REACH and "!" <= part[j] <= "~":
            j += 1
        pieces.append(part[:j])
        n += j
        if j < len(part) or n >= ADDRESS_REACH:
            break
    return "".join(pieces)


def _cuts_address(tail: str, head: str) -> bool:
    """Does the line end cut a web or mail address? *tail* is the run of
    printable ASCII before the cut, *head* the run after it (see
    :func:`_ascii_tail`, :func:`_ascii_head`): together they hold a mail
    address's @, or a web address that opens (its scheme or www.:
    ``chars.ADDRESS_OPENER``) before the cut: …登录网站http://www.z /
    z.gov.cn/service…, 详情请访问ht / tps://…, 邮箱zh / angsan@example.com.
    Where a web address opens after the cut (访问 at / http://…) the space
    stays.

    >>> _cuts_address("http://www.z", "z.gov.cn/service"), _cuts_address("ht", "tps://example.com")
    (True, True)
    >>> _cuts_address("zh", "angsan@16"), _cuts_address("at", "http://x.com")
    (True, False)
    """
    run = tail + head
    m = ADDRESS_OPENER.search(run)
    return "@" in run or (m is not None and m.start() < len(tail))


def _splits_number(prev: str) -> bool:
    """Does *prev* end in a number that may go on on the next line: an ASCII
    digit, or one and a decimal point or a thousands comma (0. / 9%, 13, / 390)?"""
    digits = "0123456789"
    return prev[-1] in digits or (prev[-1] in ".," and len(prev) > 1 and prev[-2] in digits)


def join_texts(parts: list[str]) -> str:
    """Join the lines of one block: nothing between CJK characters, one space
    between two Latin words (or after Latin punctuation), nothing after a hyphen.

    >>> join_texts(["在学林街道校地党建", "联盟疫情防控"])
    '在学林街道校地党建联盟疫情防控'
    >>> join_texts(["an English paragraph,", "wrapped at sixty"])
    'an English paragraph, wrapped at sixty'
    >>> join_texts(["逆水行舟用力撑,", "一篙松劲退千寻"])
    '逆水行舟用力撑,一篙松劲退千寻'

    A number that the column split (资金 1017 / 4万元, 增长0. / 9%, 13, / 390亿斤)
    is joined without a space inside Chinese text, with one in English.

    >>> join_texts(["紧急下达专项资金 1017", "4万元"]), join_texts(["in 2019", "20 people"])
    ('紧急下达专项资金 10174万元', 'in 2019 20 people')
    >>> join_texts(["同比增长0.", "9%，总产量13,", "390亿斤"]), join_texts(["grew by 3.", "5 percent"])
    ('同比增长0.9%，总产量13,390亿斤', 'grew by 3. 5 percent')

    Where the line end cuts a letter-spaced run (:func:`~reflow.layout._spaced_seam`),
    a number too, the space between its letters stays, for the text rules to read
    one run:

    >>> join_texts(["人 民 军", "队 的"]), join_texts(["单 价 6 0", "0 元 / 天"])
    ('人 民 军 队 的', '单 价 6 0 0 元 / 天')

    So is a web or mail address that the line end cut (:func:`_cuts_address`)
    in a block with Chinese text in it: the address passes intact. In English
    text an address that ends a line is followed by the next word, which
    keeps its space.

    >>> join_texts(["市民可登录网站http://www.z", "z.gov.cn/service/index.h", "tml查询"])
    '市民可登录网站http://www.zz.gov.cn/service/index.html查询'
    >>> join_texts(["see http://x.com/a", "for details"])
    'see http://x.com/a for details'
    """
    if len(parts) == 1:
        return parts[0]
    out = [parts[0]]
    cjk, scanned = False, 0  # CJK in parts[:scanned] (looked for only where an address could be cut)
    for k, part in enumerate(parts[1:], 1):
        prev = out[-1]
        if (_LATIN_TAIL.search(prev) and _LATIN_HEAD.match(part)
                and not (_splits_number(prev) and part[0].isdigit() and HAS_CJK.search(prev))):
            while not cjk and scanned <= k:
                cjk = HAS_CJK.search(parts[scanned]) is not None
                scanned += 1
            if not (cjk and _cuts_address(_ascii_tail(out), _ascii_head(parts, k))):
                out.append(" ")
        elif _spaced_seam(prev, part):
            out.append(" ")  # (a number cut in a letter-spaced run too: 单 价 6 0 / 0 元)
        out.append(part)
    return "".join(out)


def joined_dateline(dateline: int, before: str, joined: str) -> int:
    """The dateline of a block whose text *before* (its dateline *dateline*)
    had more text joined to it (*joined*: the text of them all). Read on the
    joined text, as the block's rendering, one line, will be read: a dateline
    alone (the column cut its credit: 本报讯（记者 王芳 通讯); one that leaves a
    bracket open after it, which the grammar may read longer on the joined
    text (日报讯　（记 / 者: the cut credit is the dateline's); none where
    *before* holds a dateline's hint (a credit cut inside its first word:
    本报讯（记 / 者 王芳）, which no line reads as a dateline alone). Any other
    stays (a bracket closed, or none, after the dateline: the grammar reads
    no further). Read on its first part only, 本报讯（记 / 者 / 雪）　们 printed
    its ideographic space, which its rendering, read back with the dateline,
    printed as a separator (damage searches over corpus lines, session 55).
    Dev: no dateline changed but those of 10 blocks that had none, each a
    real one.

    >>> joined_dateline(0, "本报讯（记", "本报讯（记者雪）　们"), joined_dateline(0, "记者", "记者雪")
    (8, 0)
    >>> joined_dateline(3, "日报讯　（记", "日报讯　（记者")
    7
    """
    if (is_dateline_alone(dateline, before) or (dateline and _credit_open(before, dateline))
            or (not dateline and dateline_hint(before))):
        return line_dateline(joined)
    return dateline


def _credit_open(text: str, start: int) -> bool:
    """Does ``text[start:]`` open more round brackets than it closes (日报讯　（记:
    a credit cut by the line end)?

    >>> _credit_open("日报讯　（记", 3), _credit_open("本报讯（记者 王芳）今天", 3)
    (True, False)
    """
    rest = text[start:]
    return rest.count("（") + rest.count("(") > rest.count("）") + rest.count(")")


def group(layout: Layout) -> list[RawBlock]:
    """Cut the section's lines into raw blocks at every break decision. The
    pieces of a running head keep a space between them, as the page set
    them apart (湘江晚报 2021年3月8日 星期一 A3 要闻)."""
    t, rules = layout.lines, layout.rules
    blocks: list[RawBlock] = []
    first = 0
    n = len(t)
    for i in range(1, n + 1):
        if i == n or rules[i] not in JOIN_RULES:
            if first < n:
                parts = t.text[first:i]
                text = " ".join(parts) if i - first > 1 and rules[first + 1] == "running_head" else join_texts(parts)
                dateline = layout.features.dateline[first]
                if i - first > 1:
                    if rules[first + 1] == "dateline_cut":
                        # (cut over two lines: 新华社南京1月26日 / 电)
                        dateline = line_dateline(text)
                    else:
                        dateline = joined_dateline(dateline, parts[0], text)
                blocks.append(RawBlock(first, i - 1, text, dateline=dateline))
            first = i
    return blocks


# --------------------------------------------------------------------------
# Block rules: each returns (kind, reason) or None. Most specific first.
# --------------------------------------------------------------------------

#: Kinds the layout already gave a line by its grammar, and the reason.
_LINE_KINDS = {
    "marker": "matches the jump-marker grammar",
    "byline": "matches the byline grammar",
    "furniture": "matches the running-head, credit or folio grammar, or is a decoration line (**********, ━━━)",
}
# A headline holds no finished sentence, and few clauses.
_SENTENCE_INSIDE = regex.compile(r"[。；;]")
_CLAUSE_PUNCT = regex.compile(r"[，、,]")


def block_line_kind(block: RawBlock, layout: Layout, options: Options):
    """A line the layout typed by its grammar: a jump marker (下转A2版①), a byline
    (株洲日报记者 李逸峰), page furniture (a running head, an editor credit, a folio);
    a line of Markdown structure: a heading (``# 标题``) is a headline, any other
    (an image, a list item, a table row…) a paragraph, whatever its text reads as.

    >>> from reflow import parse
    >>> [b.kind for b in parse("## 研究部署当前重点工作\\n![](images/a.jpg)\\n- 第一条").blocks]
    ['headline', 'paragraph', 'paragraph']
    """
    kind = layout.features.kind[block.first]
    if kind == "markdown":
        if block.text[:1] == "#":
            return "headline", "a Markdown heading (# …)"
        return "paragraph", "a line of Markdown structure (an image, a list item, a table row, a fence, an HTML tag)"
    return (kind, _LINE_KINDS[kind]) if kind in _LINE_KINDS else None


def block_caption(block: RawBlock, layout: Layout, options: Options):
    """A photo caption: a block that opens with ▲ or ■ (▲市民在社区接种疫苗。),
    or a short one that closes with a photo credit (…不亚于地球表面（记者 邹雪敏 摄）,
    …的临场换片 车怡森/摄), since OCR drops the mark or reads it as 全. Short:
    at most ``max_headline_chars``, one sentence, two commas (a longer block
    that ends with a credit is running text a caption was glued to), its
    length counted without spaces, as its line will read back: letter-spaced
    (本 报 讯 （ 记 者 马 兰 勇 ） “ 这 个 月 … 记者 马娟秀 摄), a block
    once read too long for a caption here and as one there."""
    text = block.text
    if text[0] in CAPTION_MARKS:
        return "caption", f"opens with the caption mark {text[0]!r}"
    if (closes_with_photo_credit(text) and len(text) - sum(c.isspace() for c in text) <= options.max_headline_chars
            and len(_SENTENCE_INSIDE.findall(text)) <= 1 and len(_CLAUSE_PUNCT.findall(text)) <= 2):
        return "caption", "a short text that closes with a photo credit"
    return None


#: The longest question or exclamation that reads as a headline on its own
#: (无罪辩护难于上青天，究竟难在哪里？). Corpus dev gold, blocks that are one
#: sentence ending with ？ or ！: up to 24 characters, 59 headlines and
#: subheadings and 1 paragraph; up to 32, 64 and 16.
QUESTION_HEADLINE_CHARS = 24

_QUESTION_MARKS = "！？!?"
_OTHER_END = regex.compile(r"[！？!?]")


def is_headline_text(text: str, options: Options) -> bool:
    """Does *text* read as a headline rather than running text: short, no
    sentence end, no clause left open, no finished sentence inside, two
    commas at most? (Corpus dev gold: 5 of 774 headlines have three, and 100
    of the short paragraphs that end in mid-sentence — cut by a marker.) A
    headline may ask or exclaim: one sentence ending with ？ or ！, of
    :data:`QUESTION_HEADLINE_CHARS` characters at most.

    >>> is_headline_text("多方筹措，确保物资及时供应", Options()), is_headline_text("实现社区全覆盖，", Options())
    (True, False)
    >>> is_headline_text("无罪辩护难于上青天，究竟难在哪里？", Options()), is_headline_text("真的吗？是的！", Options())
    (True, False)

    Nor does a text that holds a web address (:func:`~reflow.chars.holds_web_address`):
    a link alone on its line read as a headline took a short line below it
    as the headline's tail (https://example.com/a?b=1 / 2月3日 printed
    https://example.com/a?b=12月3日).

    >>> is_headline_text("https://example.com/a?b=1", Options()), is_headline_text("原文链接：www.example.com", Options())
    (False, False)

    Its spaces are not counted (a line OCR spaced out in part, 在 樓 房  | B E R:
    counted, they made it running text and its text went through a
    paragraph's rules, which squeeze no run of spaces between Latin and a
    mark; reflow()'s output, shorter, read back as a headline, whose rules did:
    a damage search over corpus lines, session 55). Dev, lenient kind: Tesseract
    0.8867 -> 0.8931, its region output +0.0032, all +0.0010; boundaries alike.

    >>> text = (" " * 8).join(["全力以赴", "保障供应", "稳定物价", "服务民生", "筑牢防线", "守护健康", "共克时艰"])
    >>> len(text), is_headline_text(text, Options())
    (76, True)
    """
    if " " in text or "\t" in text:
        # A text with spaces or tabs is measured without them: more than
        # max_headline_chars characters that are not rule it out unread (most
        # paragraphs); so many or fewer do not, however it is spaced. A letter-spaced
        # text is then read as printed without its spacing.
        if len(text) - text.count(" ") - text.count("\t") > options.max_headline_chars:
            return False
        text = _letter_probe(text) or text
    elif not text or len(text) > options.max_headline_chars:
        return False
    core = text.rstrip(CLOSING_BRACKETS + " ")
    if not core or core[-1] in "。．" or text[-1] in CONTINUING_PUNCT or _SENTENCE_INSIDE.search(text):
        return False
    if core[-1] in _QUESTION_MARKS and (len(text) > QUESTION_HEADLINE_CHARS
                                        or _OTHER_END.search(core.rstrip(_QUESTION_MARKS))):
        return False
    if core[-1] == "." and len(core) > 1 and core[-2].isalpha():
        return False  # a sentence: English, or Chinese ended with an ASCII period
    # (no paper sets a web address in a headline: a link, or its line of a paragraph; asked last)
    return len(_CLAUSE_PUNCT.findall(text)) <= 2 and not holds_web_address(text)


def block_headline(block: RawBlock, layout: Layout, options: Options):
    """A block whose text does not read as running text (see
    :func:`is_headline_text`); a kicker that ends with …… counts when a
    headline follows (settled by the neighbour pass). On a page that prints
    next to no punctuation (``Features.unpunctuated``) the text says nothing
    of the kind: a block of two lines or more whose first line is set in its
    column (no wider than the column and its hanging mark) is running text.

    On a page that ends its sentences with 、 (``Features.pause_stop``, a
    1930s page), a block of two lines or more with a 、 before its end holds
    a finished sentence, as one with a 。 inside does elsewhere: running text,
    although its own end reads as a headline's (OCR drops the 、 that ends a
    paragraph as often as any other; on a page whose blank lines end regions,
    such a paragraph is a block of its own). A one-line block keeps its 、:
    a headline may list with it (甲、乙、丙). Dev, the 1930s pages, lenient
    kind accuracy 0.923 → 0.934 (gold paragraphs read as headlines 72 → 32,
    as subheadings 41 → 14; gold headlines read as paragraphs 64 → 69); one-
    line blocks too: 0.933; instead a block of four lines or more set in its
    column, whatever its marks: 0.934, but a headline set in a narrow column
    (系統會 / 適當延 / 長綠燈 / …) reads as a paragraph.

    >>> from reflow.document import Reflower
    >>> page = "本市新聞\\n\\n北平昨日大雪、交\\n通斷絕\\n\\n天津昨日亦雪、\\n電車停駛、\\n市民步行、\\n"
    >>> [(b.kind, b.text) for b in Reflower().parse(page).blocks][:2]
    [('headline', '本市新聞'), ('paragraph', '北平昨日大雪、交通斷絕')]
    """
    if block.dateline:
        return None
    text = block.text
    if text.endswith("…"):
        return None
    cols = layout.columns
    if (layout.features.unpunctuated and block.last > block.first and cols.set_width[block.first]
            and cols.width[block.first] <= cols.set_width[block.first] + HANG):
        return None
    if layout.features.pause_stop and block.last > block.first and "、" in text[:-1]:
        return None  # a sentence ends inside: running text
    if is_headline_text(text, options) and not (block.last > block.first and line_dateline(text)):
        # (A block of lines whose text opens with a dateline that its first line
        # cut — 新华社长沙6月2 / 5日电（记者 谢超英） / 为 打 好 … — is running text,
        # as its printed line reads back.)
        return "headline", "reads as a headline: no sentence end, no clause left open"
    return None


def block_paragraph(block: RawBlock, layout: Layout, options: Options):
    """Everything else is running text."""
    return "paragraph", "running text"


def block_byline(block: RawBlock, layout: Layout, options: Options):
    """A byline that a narrow column cut over lines (本報記 / 者 熊東, （沈 / 曉）):
    a block of two lines or more whose text, read whole, matches the byline
    grammar as the line grammars read a line (:func:`~reflow.layout.reads_as_byline`),
    where no line of it does alone (the layout typed none). Read as
    lines, the block was a headline or a paragraph, and its own rendering, one
    line, read back as a byline. Session 49, dev, every extraction: 12 such
    blocks, every one a byline by the gold (1930s pages' bracketed names and
    本報記者 lines, a broadsheet's 新华社记者 line over two lines); a caption that
    closes with its credit keeps its kind (``block_caption`` is asked first).

    >>> from reflow import parse
    >>> page = "市府昨日召開會\\n議、決定擴大救\\n濟範圍、各界踴\\n躍捐輸、共計萬\\n餘元、\\n新華社記\\n者 熊東\\n"
    >>> [(b.kind, b.text) for b in parse(page).blocks][-1]
    ('byline', '新華社記者 熊東')

    Two lines the layout read as a headline wrapped in its box are one byline
    where they read whole as one (the merge of wrapped headlines asks too):

    >>> [(b.kind, b.text) for b in parse("市府昨日召開會議、決定擴大\\n救濟範圍、各界踴躍捐輸、共\\n計萬餘元、\\n（沈\\n曉）\\n").blocks][-1]
    ('byline', '（沈曉）')
    """
    if block.last > block.first and reads_as_byline(block.text):
        return "byline", "a byline the column cut over lines: read whole, it matches the byline grammar"
    return None


#: Block rules in the order they are tried.
BLOCK_RULES = (block_line_kind, block_caption, block_byline, block_headline, block_paragraph)


def classify(blocks: list[RawBlock], layout: Layout, options: Options) -> None:
    """Type every block, then settle roles, subheadings, lone names and kickers."""
    for block in blocks:
        for rule in BLOCK_RULES:
            result = rule(block, layout, options)
            if result is not None:
                block.kind, block.reason = result
                block.rule = rule.__name__
                break
    _kickers(blocks, options)
    for block in blocks:
        if block.kind == "headline" and opens_with_dash(block.text):
            block.role = "subtitle"
    _subheadings(blocks, layout)
    _cut_by_marker(blocks, layout)
    _signatures(blocks)
    _lone_names(blocks, layout)


def _kickers(blocks: list[RawBlock], options: Options) -> None:
    """A short line that leads into the headline after it — ending with …… or
    a colon, the way a kicker (引题) does — is a kicker: 参与患者抢救、捐赠防护物资、
    传递抗疫力量…… over 政协委员的抗“疫”足迹. Other kickers are told apart from
    titles only by their type size, which the text does not keep."""
    for a, b in zip(blocks, blocks[1:]):
        if b.kind != "headline" or a.kind not in ("headline", "paragraph") or a.first != a.last and a.kind != "headline":
            continue
        if a.text.endswith(("……", "…", "：", ":")) and len(a.text) <= options.max_headline_chars \
                and not _SENTENCE_INSIDE.search(a.text) and not a.dateline:
            a.kind, a.role, a.rule = "headline", "kicker", "kicker"
            a.reason = "a short line that leads into the headline after it (…… or ：)"


def _subheadings(blocks: list[RawBlock], layout: Layout) -> None:
    """A headline line between two paragraphs of one article — the one above
    ends a sentence (an article that breaks off to another page ends in
    mid-clause, and what follows is a new article's headline; 、 ends one on
    a page that ends its sentences with it, a 1930s page), the one below
    follows it directly, with no blank line, and opens with no dateline — is
    an in-article subheading (多方筹措，确保物资及时供应).

    In region by region output (:func:`~reflow.layout._region_separated`) a
    blank line follows every block, the subheading too, so there the blank
    line below says nothing (dev, the region variants and the text layers with
    a blank line between blocks: strict kind accuracy up 0.012 to 0.019, and
    benchmarks/accuracy.py's article F1 up 0.06 to 0.11, the subheadings no
    longer opening articles of their own; nothing else changes).

    The blank line below is read here although typing otherwise reads text
    alone: headline and subheading share their text rules, so the choice
    never changes the rendered text, and reflow(reflow(x)) == reflow(x)
    holds whichever is chosen.
    """
    gap = layout.features.gap
    pause_stop = layout.features.pause_stop  # 、 ends this page's sentences
    for i in range(1, len(blocks) - 1):
        b = blocks[i]
        if b.kind != "headline" or b.role:
            continue
        prev, nxt = blocks[i - 1], blocks[i + 1]
        if not (
            prev.kind == "paragraph"
            and nxt.kind == "paragraph"
            and not nxt.dateline
            and (prev.text[-1:] not in CONTINUING_PUNCT or (pause_stop and prev.text[-1:] == "、"))
        ):
            continue
        if gap[nxt.first] and not layout.region_output():
            continue
        b.kind, b.rule = "subheading", "subheading"
        b.reason = "a heading between two paragraphs of one article, the second right below it"


def _cut_by_marker(blocks: list[RawBlock], layout: Layout) -> None:
    """Text that a 下转 marker cuts off is running text: an article breaks off
    to another page in mid-sentence, so its last block before the marker
    reads as a headline (加征25%关税的商品共2493个：包括重组人胰岛素及其盐、其他多
    / 下转A11版①). A headline-like block right before a continued-on marker
    that holds a clause mark or colon, or runs past 20 characters, is a
    paragraph; a short one with no clause mark stays a headline. Measured on
    the dev pages: 60 such paragraphs typed right, no headline lost."""
    markers = layout.features.markers
    for a, b in zip(blocks, blocks[1:]):
        if a.kind != "headline" or a.role or b.kind != "marker":
            continue
        marker = markers.get(b.first)
        if marker is None or marker.direction != "continued_on":
            continue
        if not (_CUT_CLAUSE.search(a.text) or len(a.text) > _CUT_CHARS):
            continue
        a.kind, a.rule = "paragraph", "cut_by_marker"
        a.reason = "the text a continued-on marker (下转) cuts off in mid-sentence"


_CUT_CLAUSE = regex.compile(r"[，、,：:]")
#: A headline-like block before a 下转 marker longer than this is cut-off text.
_CUT_CHARS = 20


def _signatures(blocks: list[RawBlock]) -> None:
    """A text's signature: a date alone on its line right after the text
    (a paragraph), maybe below a short line that names who signed
    (北京航空学院红卫兵 / 1966.9.24; 成都市街道 / 2019年10月11日), with no
    paragraph after it — a date that opens the paragraphs below it is a
    diary's heading. Both lines are bylines, not headlines."""
    for i, b in enumerate(blocks):
        if b.kind != "headline" or not is_signature_date(b.text):
            continue
        if i + 1 < len(blocks) and blocks[i + 1].kind == "paragraph":
            continue
        signed = [b]
        if i >= 1 and blocks[i - 1].kind == "paragraph":
            pass
        elif (i >= 2 and blocks[i - 1].kind in ("headline", "byline") and blocks[i - 2].kind == "paragraph"
              and len(blocks[i - 1].text) <= _SIGNER_CHARS and not _CLAUSE_PUNCT.search(blocks[i - 1].text)):
            signed.append(blocks[i - 1])
        else:
            continue
        for s in signed:
            s.kind, s.role, s.rule = "byline", None, "signature"
            s.reason = "a text's signature: the date alone below it, and who signed"


#: The longest line that names who signed a text (北京航空学院红卫兵).
_SIGNER_CHARS = 16


def _lone_names(blocks: list[RawBlock], layout: Layout) -> None:
    """A lone personal name next to a headline or byline is the author's byline
    (朱理平 under a commentary's title); so is one that closes an article —
    right after its text (a paragraph, or a jump marker: 下转A15版 where it
    breaks off), with no running text after it. Three characters at most
    unless the surname is compound: a four-character headline phrase opens
    with a surname's character often (高考改革, 马上就办). Not a line of a
    table (:func:`_table_line`: 岳麓区 / 11.8% is a label cell). Nor two
    characters that make a word of the list (:func:`~reflow.chars.is_word`:
    凌晨, 关系, 方案 — a wrapped headline's tail: …我被约谈8小时至今天 / 凌晨).
    Corpus dev, every extraction: such lone "names" 9, all false; of the 36
    two-character names the gold holds as bylines, none is a word."""
    for i, b in enumerate(blocks):
        if (b.kind != "headline" or not is_name(b.text) or (len(b.text) == 2 and is_word(b.text))
                or _table_line(b, layout)):
            continue
        neighbours = [blocks[j].kind for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
        before = blocks[i - 1] if i else None
        after = blocks[i + 1].kind if i + 1 < len(blocks) else None
        closes = (before is not None and before.kind in ("paragraph", "marker") and after not in ("paragraph", "subheading")
                  and (len(b.text) <= 3 or b.text[:2] in COMPOUND_SURNAMES))
        if "headline" in neighbours or "byline" in neighbours or closes:
            b.kind, b.role, b.rule = "byline", None, "lone_name"
            b.reason = "a lone personal name beside a headline, or closing an article"


# Characters a headline phrase cannot end with: particles, prepositions and
# conjunctions that need what follows (的 在 和 与 对 把 …), and open brackets.
# Session 50: the demonstrative 这 (這) and the superlative 最, which need what
# they point at or raise (…试剂盒短缺，这 / 是真正的原因, 中國最 / 錯誤最 / 害人的):
# dev, the breaks between headline lines they turn into one headline, 8, every
# one right by the gold (five pages, the text layers and Tesseract); none wrong.
# Boundary F1 0.8333 -> 0.8335.
DANGLING_END = set("的之和与與及在对對把向为為从從被将將让讓使给給于於以并並而或暨这這最、，“‘《（(「『—")
# Characters a headline phrase cannot start with.
DANGLING_START = set(NO_LINE_START) | set("的了着著们們")
_SEPARATORS = regex.compile(r"[ \u3000：:，、——!！?？]")
_SENTENCE_MARKS = regex.compile(r"[。！？!?；;…]")


def headline_wraps(a: RawBlock, b: RawBlock, layout: Layout, widest: int | None = None,
                   above: list[int] | None = None) -> str | None:
    """Did the layout wrap one headline over the lines *a* and *b*? The reason, or None.

    Evidence: *a* ends where a phrase cannot end (的, 和, an open bracket; a
    colon, where the kicker it makes is a label — no sentence mark in it, no
    longer than the line it announces: 武汉之难： / 准确的批评就是建设, not a
    sentence that leads into a headline below it), *b*
    starts where a phrase cannot start, the line break cuts a word in two
    (交换项 / 目暂停, :func:`~reflow.chars.cuts_word`; a first line of two
    characters only where it is no word itself, as ``layout._rendered_join``'s
    word cut reads the rendering: 新校 / 舍落成典禮 is one headline, a flattened
    table's 确诊 / 治愈 two cells), or *a* spans columns
    (:func:`_wider_than_column`) to the edge of the page — no line of the
    section is wider (*widest*: the widest, where the caller knows it) —
    without a separator in it, and *b* is shorter (*above*:
    :func:`_column_above`, where the caller knows it). Two complete parallel lines
    (落实各项防控措施 / 全力切断传播途径) are not wrapped, nor is a kicker
    that ends with …….

    Measured on the corpus dev pages (all seven extractions), between two
    adjacent headline blocks: a word cut at the break joined one headline 23
    times and stood between two 3 times (two of them lines of other columns
    that OCR read across); a first line ending with a colon 15 and 4 (all
    four a line of another column, or a subtitle after it). A first line wider
    than its column by half, but not the page's widest, stood above another
    headline (a pull quote's last line, a 1930s headline over a narrow column:
    every headline there is that wide) 18 times for 1 wrapped one; the seed
    page's 学习贯彻…的重要 / 讲话精神 spans the page (session 26; 0.001–0.002 up
    on the text layers, both splits).
    """
    ta, tb = a.text, b.text
    if b.role == "subtitle" or opens_next_item(ta, tb):  # (一、总体要求 / 二、主要任务: two items)
        return None
    if a.role == "kicker":
        if ta[-1] in _COLONS and len(ta) <= len(tb) and not _SENTENCE_MARKS.search(ta):
            return "the first line ends with a colon: a label that announces the rest of the headline"
        return None
    if ta[-1] in DANGLING_END:
        return f"the first line ends with {ta[-1]!r}, which cannot end a headline phrase"
    if unbalanced(ta):
        return "the first line leaves a bracket or quote open, which the second line goes on inside"
    if tb[0] in DANGLING_START:
        return f"the second line starts with {tb[0]!r}, which cannot start a headline phrase"
    # (A first line of two characters counts where it is no word itself — 新校 / 舍落成典禮,
    # as the rendering's word cut reads it — not the cells of a flattened table: 确诊 / 治愈.)
    if (len(ta) > 2 or not _ends_word_whole(ta)) and cuts_word(ta, tb):
        return f"the line break cuts the word {ta[-1] + tb[0]!r} in two"
    # (a question or exclamation mark that ends the headline separates nothing: 今天的？)
    if 3 * len(tb) <= len(ta) and len(tb) <= 4 and not _SEPARATORS.search(tb.rstrip("!！?？")):
        return "the second line is a short tail of the first (术圈 under 请哈佛博士…离开学)"
    cols = layout.columns
    la, lb = a.last, b.first
    if (_wider_than_column(cols, la, above) and cols.width[lb] < cols.width[la] and not _SEPARATORS.search(ta)
            and cols.width[la] >= (max(cols.width) if widest is None else widest)):
        return "the first line spans the page, unbroken, and the second is shorter"
    return None


#: The marks a headline's first line may end with where the layout wrapped it
#: after a pause (中国最错误最害人的翻译：正义会迟到， / 但绝不会缺席).
_OPEN_HEADLINE_ENDS = "，,—"


def headline_opens(a: RawBlock, b: RawBlock, options: Options) -> str | None:
    """Is the one-line paragraph *a* the first line of the headline *b*, which
    the layout wrapped after a comma or a dash (so that *a* alone read as
    running text: no headline ends with a comma)? Where the two, joined, read
    as a headline (:func:`is_headline_text`). The reason, or None.

    Measured on the corpus dev pages (all seven extractions): a one-line
    paragraph that ends with a comma or a dash, then a headline, was one
    block 15 times and two blocks twice (a line of another column that a
    text layer read across). Not 、: pages that use it as their full stop
    end sentences with it.

    >>> from reflow.blocks import RawBlock
    >>> a = RawBlock(0, 0, "中国最错误最害人的翻译：正义会迟到，", kind="paragraph")
    >>> headline_opens(a, RawBlock(1, 1, "但绝不会缺席", kind="headline"), Options()) is not None
    True
    >>> headline_opens(a, RawBlock(1, 1, "但绝不会缺席。这是一句话", kind="headline"), Options()) is None
    True
    """
    ta = a.text
    if (a.first != a.last or a.role or a.dateline or b.role == "subtitle" or not ta
            or ta[-1] not in _OPEN_HEADLINE_ENDS):
        return None
    if not is_headline_text(join_texts([ta, b.text]), options):
        return None
    return f"a line that ends with {ta[-1]!r} opens the headline below it: together they read as one"


def _wider_than_column(cols, line: int, above: list[int] | None = None) -> bool:
    """Does *line* span columns: half as wide again as the column it stands
    over — its own, or (a headline has none) the nearest column above it — at
    least? (Corpus dev, every extraction: a first line merely wider than its
    column joined two headlines 30 times for 4 wrapped ones — a headline set
    over one and a bit columns ends where it ends; the seed page's 学习贯彻…的重要
    / 讲话精神 runs across nearly two.) *above*: :func:`_column_above` of
    *cols*, where the caller knows it."""
    ref = (above if above is not None else _column_above(cols))[line]
    if not ref:
        return False
    return cols.width[line] > ref + HANG + cols.tol(ref) and 2 * cols.width[line] >= 3 * ref


def _column_above(cols) -> list[int]:
    """For each line, the set width it stands under for
    :func:`_wider_than_column`: its own, or the nearest one above it (0:
    none). Read once a section, not walked back from each line: a section
    of many lines in no column (a line of markers split into a row each)
    made that quadratic.

    >>> from reflow.layout import Columns
    >>> _column_above(Columns(width=[0] * 4, set_width=[0, 20, 0, 0]))
    [0, 20, 20, 20]
    """
    out = []
    last = 0
    for w in cols.set_width:
        if w:
            last = w
        out.append(last)
    return out


#: The layout's rules that set a table's lines apart (``table_row``,
#: ``table_cell``): no headline reading joins them again (增长率 / 芙蓉区 /
#: 12.5% are cells, not a headline set in a narrow box).
TABLE_RULES = frozenset({"table_row", "table_cell"})


def _table_line(b: RawBlock, layout: Layout) -> bool:
    """Did the layout set *b* apart as a line of a table, from the lines
    before and after it (:data:`TABLE_RULES`: the line after a table's last
    cell is set apart from it too, but what follows it is not)?"""
    rules = layout.rules
    return rules[b.first] in TABLE_RULES and (b.last + 1 == len(rules) or rules[b.last + 1] in TABLE_RULES)


def _merge_headline_columns(blocks: list[RawBlock], layout: Layout, options: Options) -> list[RawBlock]:
    """A headline set in a narrow box wraps like a column: three lines or more,
    no blank between, all of one width but the last, which is no wider
    (廣州女律師“ / 受辱”事件發 / 生一個月維權 / 遇困境) — one headline. Two
    lines of one width prove nothing (落实各项防控措施 / 全力切断传播途径), nor
    do cells of a flattened table (地区 / 确诊 / 治愈: under three characters),
    and a line that opens the next numbered item ends the box (（一）总体要求 /
    （二）主要任务: :func:`~reflow.layout.opens_next_item`), and lines of which
    two or more read as fields or a table's rows (:func:`_cells`: 联系电话：… /
    地址：… / 邮编：…) are no box."""
    cols, gap, kinds = layout.columns, layout.features.gap, layout.features.kind

    def single(b: RawBlock) -> bool:  # a one-line headline of its own (not a Markdown line)
        return b.kind == "headline" and b.first == b.last and not b.role and kinds[b.first] != "markdown"

    def under(j: int) -> bool:  # blocks[j] is a one-line headline right under blocks[j - 1], no item or table after it
        b = blocks[j]
        return (single(b) and not gap[b.first] and b.first == blocks[j - 1].last + 1
                and not opens_next_item(blocks[j - 1].text, b.text) and layout.rules[b.first] not in TABLE_RULES)

    out: list[RawBlock] = []
    i, n = 0, len(blocks)
    while i < n:
        j = i
        b = blocks[i]
        if single(b) and cols.width[b.first] >= 3 * CHAR:
            w = cols.width[b.first]
            j = i + 1
            while j < n and under(j) and abs(cols.width[blocks[j].first] - w) <= HANG:
                j += 1
            # blocks[i:j] share a width; a shorter last line may close them.
            if j < n and under(j) and cols.width[blocks[j].first] < w:
                j += 1
            if (j - i >= 3 and sum(map(_cells, (x.text for x in blocks[i:j]))) < 2
                    and is_headline_text(join_texts([x.text for x in blocks[i:j]]), options)):
                head = blocks[i]
                head.reason = "a headline set in a narrow box: lines of one width, the last no wider"
                for x in blocks[i + 1:j]:
                    head.joins[x.first] = ("headline_box", head.reason)
                    head.joins.update(x.joins)
                head.last = blocks[j - 1].last
                head.text = join_texts([x.text for x in blocks[i:j]])
                head.rule = "wrapped_headline"
                out.append(head)
                i = j
                continue
        out.append(b)
        i += 1
    return out


def _cells(text: str) -> bool:
    """Does *text* read as a field (地址：湖南省株洲市) or a row of a flattened
    table (北京 43760 5.2%) — a colon in it, or two runs of text apart by white
    space, one of two characters or more (a letter-spaced line, 人 民 军 队, is
    runs of one)? A headline set in a narrow box has one such line at most
    (its colon, a space between its two halves); lines of one width that
    have two or more are a list of fields or a table's rows, each a block
    (see :func:`_merge_headline_columns`).

    >>> _cells("地址：湖南省株洲市"), _cells("北京 43760 5.2%"), _cells("北京 5.2%"), _cells("人 民 军 队"), _cells("受辱”事件發")
    (True, True, True, False, False)
    >>> _cells("芦淞 12")  # two runs of two characters: a row
    True
    """
    if "：" in text or ":" in text:
        return True
    runs = text.split()
    return len(runs) >= 2 and any(len(r) >= 2 for r in runs)


def merge_wrapped_headlines(blocks: list[RawBlock], layout: Layout, options: Options) -> list[RawBlock]:
    """Join headline lines that the layout wrapped (学习贯彻…的重要 / 讲话精神 研究部署…).

    The evidence is in the text of the two lines (and the column they stand
    over), not in the blank lines between them: what reflow writes out must
    read back the same, and its output has no blank lines. Not across a
    line the layout set apart as a table's (:data:`TABLE_RULES`). Nor across
    a blank line in region by region output (a blank line after every layout
    region, :func:`~reflow.layout._region_separated`): a headline wrapped in
    its box is one region, and a blank line between two headline lines parts
    two headlines (a title and its subtitle, a kicker, the next article's).
    Dev, such joins across a blank: Tesseract by region 0 of 13 right,
    RapidOCR by region 3 of 12 (lines of two columns read as one); without
    them, boundary F1 by region 0.9013 -> 0.9034 and 0.9114 -> 0.9108,
    Tesseract (its own blocks, which also read as regions) 0.8269 -> 0.8281,
    all 0.8288 -> 0.8290, lenient kind 0.9302 -> 0.9303. Where the rendering
    reads as a page (a short page: see :func:`~reflow.layout.reads_as_rendered`),
    the settle step joins them still, as reading reflow's output back would.
    """
    if layout.features.rendered:  # reflowed text: a block a line already (see layout.reads_as_rendered)
        return blocks
    blocks = _merge_headline_columns(blocks, layout, options)
    kinds = layout.features.kind  # (a Markdown line stays a block of its own)
    widest = max(layout.columns.width, default=0)  # (read once: headline_wraps asks for it)
    above = _column_above(layout.columns)  # (likewise)
    gap = layout.features.gap
    out: list[RawBlock] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind in ("headline", "paragraph")
            and block.kind == "headline"
            and len(prev.text) + len(block.text) <= options.max_headline_chars
            and kinds[prev.last] != "markdown" and kinds[block.first] != "markdown"
            and layout.rules[block.first] not in TABLE_RULES
        ):
            if prev.kind == "headline":
                reason = headline_wraps(prev, block, layout, widest, above)
            else:
                reason = headline_opens(prev, block, options)
            if reason is not None and gap[block.first] and layout.region_output():
                reason = None  # region output: a wrapped headline is one region, a blank parts two
            if reason is not None:
                # (two headline lines that read whole as a byline are one: （沈 / 曉）, see block_byline)
                prev.kind = "byline" if reads_as_byline(join_texts([prev.text, block.text])) else "headline"
                if prev.kind == "byline":
                    prev.role = None
                prev.joins[block.first] = ("wrapped_headline", "a headline the layout wrapped: " + reason)
                prev.joins.update(block.joins)
                prev.last = block.last
                joined = join_texts([prev.text, block.text])
                prev.dateline = joined_dateline(prev.dateline, prev.text, joined)
                prev.text = joined
                prev.rule = "wrapped_headline"
                prev.reason = "a headline the layout wrapped: " + reason
                if prev.role == "kicker":  # the kicker was the title's first half
                    prev.role = block.role
                continue
        out.append(block)
    return out
