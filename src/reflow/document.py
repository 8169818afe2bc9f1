"""The pipeline in one class: sections -> lines -> layout -> blocks -> text.

:class:`Reflower` does the work (the way ``textwrap.TextWrapper`` does);
``parse``, ``reflow`` and ``explain`` in ``reflow/__init__`` are thin functions
over it. A Reflower holds only its :class:`Options`, so it pickles and can be
sent to worker processes as it is.

The input is read section by section (:func:`reflow.lines.sections`: a page,
or 50,000 characters of a page without form feeds): each section's layout is
decided from its own lines only, so reading a large input in parts gives what
reading the whole would, and memory grows with a section, not the input.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Unpack

import regex

from . import _engine
from .articles import Article, group_articles
from .blocks import RawBlock, classify, group, is_headline_text, join_texts, joined_dateline, merge_wrapped_headlines
from .convert import convert_block
from .layout import (JOIN_RULES, REASONS, Layout, decide, drop_margin, glyph_joins, join_glyph_runs,
                     line_dateline, line_features, reads_as_rendered, rendered_joins, segment_columns, split_markers)
from .lines import sections, split_lines
from .markers import JumpMarker
from .model import Block, Step, runs_on
from .normalize import Normalizer, count_suspect, fold_characters
from .options import Options, Overrides, resolve
from .render import plain_text, render_batch, render_text


#: Rounds of reading a section's rendering before parse() stops settling it.
#: A round that joins lines is read again: its merged rendering may read with
#: joins the first did not show (a line above a short one grew whole and
#: the short one no longer opens a block). Session 43: with one round, and
#: a merged rendering taken to read as it was read, 27 of the corpus's 1,092
#: real-tool texts read back changed (dev and test, every extraction, and the
#: committed pages), and 11 of 9,000 generated pages; with two, 21 and 5, for
#: 0.9% more instructions on 600 pages read one call a page. Session 44: a
#: third round for a page cut to pieces (40 rendered lines of a short page,
#: joined in two rounds to 29, whose 《中国共产 / 党国有企业…》 the third joins):
#: 1 of 40,000 edge-biased generated pages; no instruction more on the
#: benchmark's 2 MB or its 600 pages (callgrind), none of the corpus texts.
MAX_SETTLE = 3
#: Why the settle step joins a run of one-character blocks (see
#: :func:`~reflow.layout.glyph_joins`).
GLYPH_REASON = "its lines are one character each, a line printed a glyph to a line"

#: Rounds of asking a rendering that reads as reflowed text
#: (:func:`~reflow.layout.reads_as_rendered`) for its joins: a round asks
#: every pair of lines, so a text built to join one pair a round (a quotation
#: each line closes and opens again, left open by the first) would cost a
#: round a line. The corpus's dev texts, 500 generated pages and the
#: benchmark's pages need three at most.
MAX_RENDERED_ROUNDS = 8


@dataclass(slots=True)
class _Section:
    """One section as read: its text and place in the input, its layout and raw blocks."""

    text: str
    offset: int  #: characters of the input before it
    lines_before: int  #: input lines before it
    pages_before: int  #: form feeds before it
    layout: Layout
    raw: list[RawBlock]
    folded: dict


@dataclass(slots=True)
class Document:
    """A parsed page: its blocks in input order, and counts of what was done."""

    blocks: list[Block] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def markers(self) -> list[JumpMarker]:
        """The jump markers of the page, in order."""
        return [b.marker for b in self.blocks if b.marker is not None]

    @property
    def articles(self) -> list[Article]:
        """The page's blocks grouped into articles (see :mod:`reflow.articles`)."""
        return group_articles(self.blocks)

    def render_articles(self, keep_markers: bool = False) -> str:
        """Article by article, one blank line between: headlines, bylines, body."""
        return "\n\n".join(text for a in self.articles if (text := a.render(keep_markers)))

    def render(self, keep_markers: bool = False, keep_furniture: bool = True) -> str:
        """The blocks one per line, in order; markers only with *keep_markers*.

        A block that starts with punctuation that never opens a line (，。）」)
        continues the line rendered before it — it can only have been cut off
        by a marker or a page break — so no output line starts with one; and
        a block that reads on from the one before a left-out marker (a
        dateline alone on its line, then its paragraph) goes on on its line
        (``Block.glue``).
        The first block of a new page (after a form feed in the input) is
        preceded by a form feed, so pages stay pages.
        """
        return "\n".join(self._rendered_lines(keep_markers, keep_furniture)[0])

    def _rendered_lines(
        self, keep_markers: bool, keep_furniture: bool, page_offset: int = 0, previous_page: int | None = None
    ) -> tuple[list[str], list[list[int]]]:
        """The rendered lines, and for each the indices of the blocks it shows.

        *page_offset* is added to the blocks' pages; *previous_page* is the page
        of the line rendered before these (when they continue a rendering).
        """
        out: list[str] = []
        origins = line_runs(self.blocks, keep_markers, keep_furniture)
        page = previous_page
        for run in origins:
            text = "".join(self.blocks[i].text for i in run)
            here = self.blocks[run[0]].page + page_offset
            out.append("\f" + text if page is not None and here != page else text)
            page = here
        return out, origins

    def to_dict(self) -> dict:
        return {"blocks": [b.to_dict() for b in self.blocks], "stats": dict(self.stats)}

    def __repr__(self) -> str:
        """A summary (the blocks themselves can run to megabytes)."""
        kinds = Counter(b.kind for b in self.blocks)
        detail = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
        first = self.blocks[0].text if self.blocks else ""
        first = first if len(first) <= 24 else first[:23] + "…"
        return f"<Document: {len(self.blocks)} blocks ({detail})" + (f", first {first!r}" if first else "") + ">"


def line_runs(blocks: list[Block], keep_markers: bool, keep_furniture: bool) -> list[list[int]]:
    """The indices of the blocks each rendered line shows, in order: the
    blocks reflow() prints (markers and furniture only where kept), a new
    line for each but a clause cut off by a marker or a page break, which
    goes on on its line (:func:`~reflow.model.runs_on`: not on a running
    head's or a byline's), and a block that reads on from the one before a
    left-out marker (``Block.glue``, on the same page).

    >>> b = [Block("paragraph", "截至2", (0, 3)), Block("marker", "（下转2版）", (4, 10)),
    ...      Block("paragraph", "月3日", (11, 14), glue=True), Block("paragraph", "，共5例。", (16, 21)),
    ...      Block("paragraph", "新的一段。", (22, 27))]
    >>> line_runs(b, False, False)
    [[0, 2, 3], [4]]
    """
    skip = {"marker"} if not keep_markers else set()
    if not keep_furniture:
        skip.add("furniture")
    runs: list[list[int]] = []
    for i, b in enumerate(blocks):
        if b.kind in skip:
            continue
        if runs:
            before = blocks[runs[-1][-1]]
            if runs_on(b.text, before.kind) or (b.glue and b.page == before.page):
                runs[-1].append(i)
                continue
        runs.append([i])
    return runs


def share_out(line: str, texts: list[str]) -> list[str] | None:
    """*line*, the text rules' output for the texts *texts* printed one
    after another, cut back into one part for each: a part holds as many
    non-space characters as its text (the text rules change spaces, and map
    a character to one character: 2月 3日, ``,`` to ，), then the spaces
    that follow them; the last part, the rest. None where the line's
    non-space characters are not as many as theirs, a text has none, or
    there is no text.

    >>> share_out("截至2月3日24时，", ["截至 2", "月 3日 24时,"])
    ['截至2', '月3日24时，']
    >>> share_out("中文 ABC", ["中文", "ABC"])
    ['中文 ', 'ABC']
    """
    counts = [sum(not c.isspace() for c in t) for t in texts]
    if not counts or 0 in counts or sum(counts) != sum(not c.isspace() for c in line):
        return None
    parts: list[str] = []
    at = 0
    for n in counts[:-1]:
        start = at
        while n:
            n -= not line[at].isspace()
            at += 1
        while at < len(line) and line[at].isspace():
            at += 1
        parts.append(line[start:at])
    parts.append(line[at:])
    return parts


def _require_str(text, what: str = "reflow") -> None:
    """A TypeError for what is not a str, saying to decode it where it is bytes.

    >>> _require_str(b"x")
    Traceback (most recent call last):
    TypeError: reflow works on str, not bytes; decode bytes first
    >>> _require_str(None)
    Traceback (most recent call last):
    TypeError: reflow works on str, not NoneType
    """
    if not isinstance(text, str):
        hint = "; decode bytes first" if isinstance(text, (bytes, bytearray, memoryview)) else ""
        raise TypeError(f"{what} works on str, not {type(text).__name__}{hint}")


#: How many lines of the rendering on either side of a glued line are read
#: with it to type it (see :func:`_take_kinds`). On the dev pages, 300
#: generated pages and 2 MB of the benchmark input, the kinds read so agree
#: with a reading of the whole rendering on 115 of 116 glued lines.
GLUE_WINDOW = 3


def _spaced_alone(block: RawBlock, line: str) -> bool:
    """Is *block*, the one block of a text that reflow() prints on one line
    (*line*), to be typed as that line reads back? Where it is no paragraph
    and the line holds a space: the kinds' text rules differ only in the
    spaces they keep, so a block typed one way on the first reading and
    another on its line's (其 社电名 说你: a headline, whose rules keep 其社电名 说你,
    which reads back as a paragraph opening with a dateline; 本 报 记 者牟鹏: a
    byline, then a headline) came out changed on the second reading (a
    damage search over corpus lines, session 53: every text of one line
    among its finds). A paragraph is not asked (it is most one-line texts,
    and reading each again would cost a second reading of every such text)
    unless it keeps a run of spaces (:func:`_kept_run`)."""
    if block.kind == "paragraph":
        return _kept_run(block, line)
    return any(c in " \t\u00a0\u3000" for c in line)


_SPACE_RUN = regex.compile(r"[ \t\u00a0]{2,}")


def _kept_run(block: RawBlock, line: str) -> bool:
    """Does *block*, a paragraph alone on its line of the rendering (*line*),
    keep a run of two spaces or more? Only a paragraph's text rules keep one
    (between Latin words: English passes intact); every other kind's squeeze
    it. Such a paragraph is typed as its line reads back
    (:func:`_take_kinds`): a paragraph that holds OCR's Latin garbage
    (ptt    y      I PR了讓少數…, four lines of a 1930s page with no sentence
    end) read back as a headline, whose rules squeezed the runs — the one dev
    text of 552 that read back changed (Tesseract, 1930s). Dev, with it:
    every text reads back as itself; boundary F1 and kinds level, article F1
    −0.0002 (the garbage block a headline now, opening an article). A
    paragraph without such a run reads back with its text unchanged whatever
    its kind, in this respect, and is not asked: reading each again would
    cost a second reading of every paragraph.

    >>> b = RawBlock(kind="paragraph", text="", first=0, last=0)
    >>> _kept_run(b, "ptt    y I PR了讓"), _kept_run(b, "iPhone XS 发布会")
    (True, False)
    """
    return block.kind == "paragraph" and _SPACE_RUN.search(line) is not None


def _take_kinds(raw: list[RawBlock], lines: list[str], origins: list[list[int]], options: Options,
                rendered: bool = False, alone: bool = False) -> None:
    """:meth:`Reflower._settle`, its last step: a line of the rendering that
    holds more than one block — a glued block (Block.glue: printed on the
    line of the block before, as a block reflow() leaves out stands between),
    or a clause that runs on (，即… after a left-out marker, see
    :func:`runs_on`) — reads back as one block, whose kind reflow(reflow(x))
    renders it in; where the line holds a block of another kind than
    paragraph, each block on it takes the kind, role and rule that the line
    reads with (市政协委员…以 / 下转 / 快 板 、…: two headlines printed on one
    line read back as a paragraph, 防控 知识 as 防控知识; 本報記者 熊東 /
    （接1版） / ，即美國…: the byline-like headline and its run-on clause, as
    本報記者熊東，即美國…). The line is read with :data:`GLUE_WINDOW` lines of
    the rendering on either side, not the whole rendering again. Run-on
    lines were once left out: dev, texts that read back changed 15 → 13 of
    552; lenient kind 0.9305 → 0.9303 (a headline whose clause runs on is
    typed as the paragraph its line reads as), article F1 0.8159 → 0.8161.

    *lines*: the rendering's lines; *origins*: the indices in *raw* of the
    blocks each line shows; *rendered*: the rendering reads a block a line
    (:func:`~reflow.layout.reads_as_rendered`), and its windows are read so;
    *alone*: a line of one block is typed so too (:func:`_spaced_alone`).
    A paragraph alone on its line that keeps a run of spaces is asked too,
    whatever the rendering (:func:`_kept_run`).
    """
    for j, on in enumerate(origins):
        if len(on) == 1 and _kept_run(raw[on[0]], lines[j]):
            pass  # (a paragraph whose runs of spaces another kind would squeeze: asked)
        elif (len(on) < 2 and not alone) or all(raw[k].kind == "paragraph" for k in on):
            continue
        lo, hi = max(0, j - GLUE_WINDOW), min(len(lines), j + GLUE_WINDOW + 1)
        table, found = split_markers(split_lines("\n".join(lines[lo:hi])))
        if len(table) != hi - lo:
            continue  # the window reads with other lines: leave it
        _, blocks = _read_lines(table, found, options, rendered)
        b = next((b for b in blocks if b.first <= j - lo <= b.last), None)
        if b is None:
            continue
        for k in on:
            raw[k].kind, raw[k].role, raw[k].rule = b.kind, b.role, b.rule


def spacing_kind(kind: str, text: str, options: Options) -> str:
    """The kind whose text rules a block's text goes through: its own, but a
    headline or subheading whose text reads as running text
    (:func:`~reflow.blocks.is_headline_text`: three commas or more, a sentence
    inside, a clause left open) goes through a paragraph's. A headline keeps
    the space between two phrases (全力以赴 保障…), a paragraph keeps none
    between Chinese characters; reflow() prints the block on a line of its
    own, and that line, read back, is a paragraph (the layout joined it as a
    headline from lines that each read as one: 头脑，目的是为了找到拯 小组委员会， /
    于2年后的根据协议，汇丰银行, a wrapped headline of three commas). Spaced as
    a headline it came out with its space, which reading it back took out.
    Corpus, real-tool texts that read back changed: 21 -> 16 of 1,092; the
    blocks and their kinds do not change.

    >>> spacing_kind("headline", "全力以赴 保障疫情防控物资供应", Options())
    'headline'
    >>> spacing_kind("headline", "头脑，目的是为了找到拯 小组委员会，于2年后的根据协议，汇丰银行", Options())
    'paragraph'
    >>> spacing_kind("byline", "本报记者 张三，李四，王五，赵六", Options())
    'byline'
    """
    if kind in ("headline", "subheading") and not is_headline_text(text, options):
        return "paragraph"
    return kind


class Reflower:
    """Turns raw extracted newspaper text into blocks and clean text.

    >>> r = Reflower()
    >>> r("云龙建立23个疫情防控心理援助服务微信群\\n\\n株洲日报记者 李逸峰")
    '云龙建立23个疫情防控心理援助服务微信群\\n株洲日报记者 李逸峰'
    """

    __slots__ = ("options",)

    def __init__(self, options: Options | Mapping[str, Any] | None = None, **overrides: Unpack[Overrides]) -> None:
        self.options = resolve(options, overrides)

    def __getstate__(self):
        return {"options": self.options}

    def __setstate__(self, state):
        self.options = state["options"]

    def __repr__(self) -> str:
        changed = ", ".join(
            f"{f.name}={getattr(self.options, f.name)!r}" for f in fields(self.options)
            if getattr(self.options, f.name) != f.default
        )
        return f"Reflower({changed})"

    # -- the pipeline -------------------------------------------------------

    def _sections(self, text: str) -> Iterator[_Section]:
        """Read *text* section by section (see :func:`reflow.lines.sections`)."""
        _require_str(text)
        lines_before = pages_before = 0
        for start, end in sections(text):
            part = text[start:end]
            yield self._read_section(part, start, lines_before, pages_before)
            lines_before += len(part.splitlines())
            pages_before += part.count("\f")

    def _read_section(self, text: str, offset: int, lines_before: int, pages_before: int) -> _Section:
        """The layout and the raw blocks of one section."""
        options = self.options
        folded_text, folded = fold_characters(text, options)
        layout, raw = _read_lines(*split_markers(join_glyph_runs(split_lines(folded_text))), options)
        raw = self._settle(raw, layout)
        return _Section(text, offset, lines_before, pages_before, layout, raw, folded)

    def _settle(self, raw: list[RawBlock], layout: Layout) -> list[RawBlock]:
        """Where the section's own rendering (one finished block per line, as
        reflow() prints it) would read with a join, take that join now, so
        that reflow(reflow(x)) == reflow(x). The rendering's lines are
        finished blocks, which show no column as a rule; where the first
        reading left lines unjoined for want of evidence that the rendering
        shows (a column's lines among joined paragraphs, a dateline the
        normalization made whole), this closes the gap. At most
        :data:`MAX_SETTLE` rounds, and one more where a round only glued
        (its glued rendering is read again: a headline cut over two lines
        under a left-out marker joins whole); explain() replays the same reading, so it
        explains these joins too. Not at all under ``Options(settle=False)``.

        A rendering that reads as reflowed text
        (:func:`~reflow.layout.reads_as_rendered`) is not read as a page: its
        lines are asked :func:`~reflow.layout.rendered_joins`, the joins
        taken, and asked again, until none joins — what reading the output
        back will ask of it, so that it reads back as the blocks it shows
        without a settle step of its own. These rounds are not counted in
        :data:`MAX_SETTLE`; :data:`MAX_RENDERED_ROUNDS` bounds them.

        A rendering of one line of several blocks (a short text cut by a
        marker) is not read for joins, but typed as it reads
        (:func:`_take_kinds`), as a line of several blocks among others is.

        This reference reads each such round's rendering whole. The native
        engine reads only the lines the round before changed (a joined line,
        a block rendered anew) and asks only the breaks beside them, taking
        every other line and break from the round before — for the first
        round, from a first reading that read the section as reflowed text
        (``RenderedRound`` in ``rust/reflow-core/src/document.rs``, which says
        why that reads the same and when it reads the whole instead); the
        differential tests hold the two to the same blocks.
        """
        options = self.options
        if not options.settle:
            return raw
        normalizer = Normalizer(options, count=False)

        def left_out(r: RawBlock) -> bool:  # what reflow() does not print
            return (r.kind == "marker" and not options.keep_markers) or (r.kind == "furniture" and not options.keep_furniture)

        glue_rounds = 0  # rounds that only glued (their rendering is read again): one is not counted
        round_ = 0  # rounds that read the rendering as a page (a rendering read a block a line is not counted)
        asked = 0  # rounds that asked a rendering read a block a line for its joins
        first_round = True  # the round whose rendering is asked for glyph runs
        while True:  # (every round returns, or joins or glues lines: the rendering has fewer)
            lines: list[str] = []
            origins: list[list[int]] = []
            texts: dict[int, str] = {}
            for k, r in enumerate(raw):
                if left_out(r):
                    continue
                text = texts[k] = self._final_text(r, normalizer, None)[0]
                if lines and (runs_on(text, raw[origins[-1][-1]].kind) or r.glue):
                    lines[-1] += text
                    origins[-1].append(k)
                else:
                    lines.append(text)
                    origins.append([k])
            for j, on in enumerate(origins):
                # A line of several blocks of one kind is printed through the
                # line's text rules (_line_texts): read as printed.
                if len(on) > 1 and all(raw[k].kind == raw[on[0]].kind for k in on):
                    parts = self._shared_line(raw[on[0]].kind, [texts[k] for k in on], normalizer, None)
                    if parts is not None:
                        lines[j] = "".join(parts)
            if len(lines) < 2:
                if lines and (len(origins[0]) > 1 or _spaced_alone(raw[origins[0][0]], lines[0])):
                    # One line of several blocks (a short text cut by a marker):
                    # typed as it reads back, as any glued line is; so is one
                    # block that holds a space (see _spaced_alone).
                    _take_kinds(raw, lines, origins, options, alone=True)
                return raw
            # (Only the first round's rendering may show a glyph run: later
            # rounds only join and glue its lines, and a block keeps its characters.)
            glyphs = glyph_joins(lines) if first_round else set()
            first_round = False
            if glyphs:
                # Blocks of one character each, three or more in a row, read
                # back as one line printed a glyph to a line (join_glyph_runs):
                # joined (or glued) before the rendering is read as a page.
                rules, together, rendered = {}, glyphs, False
            else:
                table, found = split_markers(split_lines("\n".join(lines)))
                rendered = len(table) == len(lines) and reads_as_rendered(table.text)
                if (not rendered and round_ - glue_rounds == MAX_SETTLE) or asked == MAX_RENDERED_ROUNDS:
                    _take_kinds(raw, lines, origins, options, rendered)
                    return raw
                if len(table) != len(lines):
                    return raw  # the rendering reads with other lines: leave it
                if rendered:
                    # A rendering that reads a block a line (layout.reads_as_rendered)
                    # joins where its lines' text says so, and nowhere else: asked of
                    # its lines, not read, until it joins nothing more.
                    rules = {j: REASONS[rule] for j, rule in rendered_joins(table, found).items()}
                    together = set(rules)
                    asked += 1
                else:
                    # The rendering read as a page is: its lines joined by the layout,
                    # and by the block passes (a headline the layout wrapped).
                    reread, blocks = _read_lines(table, found, options)
                    # Each join's reason: the layout's, or the block pass's that
                    # joined lines the layout broke (a headline it wrapped).
                    rules = {j: REASONS[reread.rules[j]] if reread.rules[j] in JOIN_RULES
                             else b.joins.get(j, ("", "a later pass joined these lines"))[1]
                             for b in blocks for j in range(b.first + 1, b.last + 1)}
                    together = set(rules)
                    round_ += 1
            # Never across a block the rendering leaves out: blocks stay in input
            # order. There the rendering glues the lines instead (Block.glue).
            joins = {j for j in together if origins[j][0] == origins[j - 1][-1] + 1}
            for j in together - joins:
                raw[origins[j][0]].glue = True
            if not joins:
                if together:
                    if not rendered and not glyphs:
                        glue_rounds = 1  # (once)
                    continue  # the glued rendering is read (or asked) again
                _take_kinds(raw, lines, origins, options, rendered)
                return raw
            merged: list[RawBlock] = []
            last = -1  # index in raw of the last block the current head has taken in
            for j, members in enumerate(origins):
                for n, k in enumerate(members):
                    starts = n == 0 and j not in joins
                    if starts or k != last + 1:
                        # A new block; or a block the rendering leaves out stands
                        # between: the rendering glues the lines, the blocks stay
                        # apart (in input order).
                        merged.append(raw[k])
                        last = k
                        continue
                    head = merged[-1]
                    head.joins[raw[k].first] = (
                        "settled", "reflow's own rendering reads these lines as one block: "
                        + (GLYPH_REASON if j in glyphs else rules[j])
                        if n == 0 else
                        "the line starts with a mark that never opens a line; the rendering glues it on")
                    head.joins.update(raw[k].joins)
                    head.last = raw[k].last
                    joined = join_texts([head.text, raw[k].text])
                    # A dateline alone, its credit cut by the column (江城日报讯（记者
                    # 孟杰轩 通讯员), or cut before it reads as one: read on the merged
                    # text, as its line will be read (blocks.joined_dateline).
                    head.dateline = joined_dateline(head.dateline, head.text, joined)
                    head.text = joined
                    last = k
            keep = {id(r) for r in merged}
            # Blocks the rendering left out stay where they were.
            out = [r for r in raw if id(r) in keep or left_out(r)]
            for r in out:
                if r.kind not in ("marker", "furniture"):
                    r.kind, r.role = "paragraph", None
            classify(out, layout, options)
            raw = out
        return raw

    def parse(self, text: str) -> Document:
        """Parse *text* into a :class:`Document`: its blocks in input order.

        Spans, line numbers and pages are those of the input, whatever the
        section they were read in. On the native engine the native core
        reads it (see :mod:`reflow._engine`); ``convert`` then runs on its
        blocks.
        """
        native = _engine.native_options(self.options, reading=True)
        if native is not None:  # the native pipeline: the same blocks and stats
            _require_str(text)
            found, counts = _engine.parse(text, native)
            if self.options.convert:
                found = converted_blocks(found, self.options.convert)
            return Document(found, dict(counts))
        blocks: list[Block] = []
        stats: Counter = Counter()
        for section in self._sections(text):
            blocks.extend(self._blocks(section, stats))
        return Document(blocks, dict(stats))

    def _blocks(self, section: _Section, stats: Counter, trace: list | None = None) -> list[Block]:
        """The finished Blocks of a section; counts go to *stats*."""
        normalizer = Normalizer(self.options)
        layout = section.layout
        t = layout.lines
        local = [[] for _ in section.raw] if trace is not None else None
        blocks = [self._finish(r, section, normalizer, local[k] if local is not None else None)
                  for k, r in enumerate(section.raw)]
        self._line_texts(blocks, normalizer, local)
        if self.options.convert:
            blocks = self._converted(blocks, local)
        if trace is not None:
            trace.extend(local)
        stats["lines"] += len(t)
        for action, rule, _ in _decisions(section)[1:]:
            stats[action + ":" + rule] += 1
        for b in blocks:
            stats["block:" + b.kind] += 1
        for name, count in section.folded.items():
            stats["chars:" + name] += count
        for name, count in normalizer.counts.items():
            stats["chars:" + name] += count
        suspect = count_suspect(section.text)
        if suspect:
            stats["suspect_chars"] += suspect
        return blocks

    def _final_text(self, raw: RawBlock, normalizer: Normalizer, local: list | None) -> tuple[str, str | None]:
        """The block's text after the text rules of its kind, and its
        dateline: before OpenCC (``convert`` runs after the reading, on the
        finished blocks, as on the native engine: :meth:`_converted`), and
        before its line's text rules (:meth:`_line_texts`)."""
        kind = raw.kind
        text = raw.text
        dateline = None
        n = raw.dateline if kind == "paragraph" else 0
        if n:
            head, rest = text[:n], text[n:]
            sep = " " if rest[:1].isspace() else ""
            head = normalizer(head, "dateline", local)
            text = head + sep + normalizer(rest.lstrip(), kind, local)
            dateline = head
        else:
            text = normalizer(text, spacing_kind(kind, text, self.options), local)
        return text, dateline

    def _line_texts(self, blocks: list[Block], normalizer: Normalizer, local: list | None) -> None:
        """The text rules over each line of the rendering that shows more
        than one block, in place: a block glued on the line before
        (``Block.glue``: a jump marker reflow() leaves out stood between) or
        a clause that runs on (:func:`~reflow.model.runs_on`). Read back, the
        line is one block, and its text rules read across the places where
        the blocks meet, which each block's own rules did not see: 截至 2 /
        （相关新闻见A5版） / 月 3日 prints 截至 2月3日 (the space after 截至 is
        removed only where the 2 is read with its 月), and a clause cut off
        at 4.2 reads ``.2 亿元`` alone. So where the blocks on a line share a
        kind, the line's text goes through that kind's rules (its dateline,
        where it opens with one, through a dateline's), and each block takes
        its share back: its own non-space characters, in order, and the
        spaces that follow them (:func:`share_out`). Lines of blocks of
        several kinds are left as they are (the settle step types a line of
        several blocks as it reads back: :func:`_take_kinds`). The changes are
        counted and explained under their rules, with the line's first block;
        *local*: each block's explain() steps.

        Session 44: generated pages (edge-biased layouts) that read back
        changed, 14 of 20,000, 13 of them such lines → 1 of 40,000 (with the
        settle step reading such lines as printed, :meth:`_settle`, and the
        session's other changes); the
        corpus's dev texts that read back 546 → 548 of 552, test 273 → 274 of
        276; +0.6% instructions on the benchmark's 2 MB for this pass (3,362
        such lines in it: markers between column lines).
        """
        options = self.options
        for run in line_runs(blocks, options.keep_markers, options.keep_furniture):
            kind = blocks[run[0]].kind
            if len(run) < 2 or any(blocks[k].kind != kind for k in run):
                continue
            changes: list | None = [] if local is not None else None
            # (What the line's rules change is counted only where the blocks take it.)
            saved, normalizer.counts = normalizer.counts, {}
            parts = self._shared_line(kind, [blocks[k].text for k in run], normalizer, changes)
            counted, normalizer.counts = normalizer.counts, saved
            if parts is None:
                continue
            for name, n in counted.items():
                normalizer.counts[name] = normalizer.counts.get(name, 0) + n
            for k, part in zip(run, parts):
                if part != blocks[k].text:
                    blocks[k] = replace(blocks[k], text=part)
            if local is not None:
                local[run[0]].extend(changes)

    def _shared_line(self, kind: str, texts: list[str], normalizer: Normalizer, local: list | None) -> list[str] | None:
        """A line of blocks of one *kind* whose texts are *texts* (see
        :meth:`_line_texts`): its text through the kind's rules as one text,
        a paragraph's dateline through a dateline's, cut back into the
        blocks' parts (:func:`share_out`); None where the rules change
        nothing, or the line does not cut back."""
        line = "".join(texts)
        whole = RawBlock(0, 0, line, kind, dateline=line_dateline(line) if kind == "paragraph" else 0)
        text, _ = self._final_text(whole, normalizer, local)
        return share_out(text, texts) if text != line else None

    def _converted(self, blocks: list[Block], local: list | None) -> list[Block]:
        """OpenCC (``Options.convert``) on the finished blocks
        (:func:`converted_blocks`), each change an explain() step."""
        config = self.options.convert
        out = converted_blocks(blocks, config)
        if local is not None:
            for k, (before, after) in enumerate(zip(blocks, out)):
                if after.text != before.text:
                    local[k].append(("convert:" + config, before.text, after.text))
        return out

    def _finish(self, raw: RawBlock, section: _Section, normalizer: Normalizer, local: list | None) -> Block:
        """The finished Block of *raw* (its text before its line's rules and OpenCC); *local*: its explain() steps."""
        t = section.layout.lines
        kind = raw.kind
        text, dateline = self._final_text(raw, normalizer, local)
        marker = section.layout.features.markers.get(raw.first) if kind == "marker" else None
        off, lb = section.offset, section.lines_before
        return Block(
            kind, text, (t.start[raw.first] + off, t.end[raw.last] + off), marker,
            (t.number[raw.first] + lb, t.number[raw.last] + lb), dateline, raw.role,
            t.page[raw.first] + section.pages_before, raw.glue,
        )

    def __call__(self, text: str) -> str:
        """Reflow *text*: the clean text, one block per line."""
        return plain_text(self, text)

    def reflow_with_stats(self, text: str, markers: bool = False) -> tuple[str, Counter, list[JumpMarker]]:
        """Reflow *text*; also return the counts and (with *markers*) the jump
        markers. The same render path as ``__call__`` and :meth:`batch`
        (:func:`reflow.render.render_text`)."""
        done = render_text(self, text, markers)
        return done.text, done.stats, done.markers

    def explain(self, text: str) -> list[Step]:
        """Why each input line was joined or broken off, and what each text rule changed.

        It replays the very decisions :meth:`parse` takes (there is no second
        reading), so it explains exactly what ``parse`` returns.
        """
        steps: list[Step] = []
        for section in self._sections(text):
            layout = section.layout
            t = layout.lines
            lb = section.lines_before
            for name, count in section.folded.items():
                steps.append(Step(0, "change", name, f"{count} character(s) folded before layout"))
            trace: list = []
            blocks = self._blocks(section, Counter(), trace)
            decisions = _decisions(section)
            for raw, block, changes in zip(section.raw, blocks, trace):
                for i in range(raw.first, raw.last + 1):
                    action, rule, reason = decisions[i]
                    if i == raw.first:
                        reason = f"{reason}; block: {raw.reason}"
                    steps.append(Step(t.number[i] + lb, action, rule, reason, block.kind, t.text[i]))
                for name, before, after in changes:
                    steps.append(Step(t.number[raw.last] + lb, "change", name, f"{_short(before)} -> {_short(after)}"))
        return steps

    def batch(self, texts: Iterable[str]) -> tuple[list[str], Counter]:
        """Reflow many texts; return the results and their summed stats.

        Each text is rendered exactly as ``self(text)`` renders it. The stats
        are a Counter, so those of several batches add up with ``+``. A record
        that fails (not a str) is passed through unchanged and counted under
        ``errors``; the batch never fails because of one record. A
        configuration error (``convert`` without OpenCC installed) is raised:
        it is no record's fault. A single str is refused (TypeError): it would
        be iterated character by character.

        >>> texts, stats = Reflower().batch(["株洲日报记者 李逸峰", None])
        >>> texts, stats["records"], stats["errors"]
        (['株洲日报记者 李逸峰', None], 1, 1)
        """
        return render_batch(self, texts)


def converted_blocks(blocks: list[Block], config: str) -> list[Block]:
    """*blocks* with their text and dateline converted by OpenCC (*config*),
    markers as they are: what ``Reflower._final_text`` does last, for blocks
    the native core read."""
    out = []
    for b in blocks:
        text, dateline = convert_block(b.kind, b.text, b.dateline, config)
        if text != b.text or dateline != b.dateline:
            b = replace(b, text=text, dateline=dateline)
        out.append(b)
    return out


def _read_lines(table, found: dict, options: Options, rendered: bool = False) -> tuple[Layout, list[RawBlock]]:
    """The layout of a line table (*found*: its jump markers) and its typed
    raw blocks, wrapped headlines joined: one reading, before settling.
    *rendered*: read the lines a block a line, whatever they hold (a window
    of a rendering that reads so as a whole)."""
    drop_margin(table)
    features = line_features(table, found, options)
    features.rendered = features.rendered or rendered
    columns = segment_columns(table, features, options)
    layout = Layout(table, features, columns, [])
    layout.rules = decide(table, features, columns, options, layout)
    raw = group(layout)
    classify(raw, layout, options)
    return layout, merge_wrapped_headlines(raw, layout, options)


def _decisions(section: _Section) -> list[tuple[str, str, str]]:
    """(action, rule, reason) at the boundary before each line of a section,
    as parse() took it: the layout's decision, or the later pass (a wrapped
    headline, the rendering read again) that joined lines it broke. The one
    source of explain()'s steps and the join:/break: stats."""
    rules = section.layout.rules
    out = []
    for i, rule in enumerate(rules):
        out.append(("start" if i == 0 else "join" if rule in JOIN_RULES else "break", rule, REASONS.get(rule, "")))
    if section.offset and out:
        out[0] = ("break", "section", "a new section (page) starts")
    for raw in section.raw:
        for i in range(raw.first + 1, raw.last + 1):
            if out[i][0] != "join":
                rule, reason = raw.joins.get(i, ("merged", "a later pass joined these lines"))
                out[i] = ("join", rule, reason)
    return out


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
