"""The pipeline in one class: lines -> layout -> blocks -> text.

:class:`Reflower` does the work (the way ``textwrap.TextWrapper`` does);
``parse``, ``reflow`` and ``explain`` in ``reflow/__init__`` are thin functions
over it. A Reflower holds only its :class:`Options`, so it pickles and can be
sent to worker processes as it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from bisect import bisect_right
from dataclasses import dataclass, field, fields, replace
from itertools import accumulate
from typing import Any, Unpack

from .articles import Article, group_articles
from .blocks import Block, RawBlock, classify, group, merge_wrapped_headlines
from .chars import NO_LINE_START
from .convert import convert_text
from .layout import annotate, decide, split_markers
from .lines import parts, split_lines
from .markers import JumpMarker
from .normalize import PIPELINE, Normalizer, count_suspect, fold_characters
from .options import Options, Overrides, resolve
from .render import render_batch, render_text


#: Rounds of re-reading a rendering before parse() gives up settling it.
MAX_SETTLE = 4


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
        by a marker or a page break — so no output line starts with one.
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
        skip = set()
        if not keep_markers:
            skip.add("marker")
        if not keep_furniture:
            skip.add("furniture")
        out: list[str] = []
        origins: list[list[int]] = []
        page = previous_page
        for i, b in enumerate(self.blocks):
            if b.kind in skip:
                continue
            if out and b.text[:1] in NO_LINE_START:
                out[-1] += b.text
                origins[-1].append(i)
                continue
            here = b.page + page_offset
            out.append("\f" + b.text if page is not None and here != page else b.text)
            origins.append([i])
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


def _require_str(text) -> None:
    if not isinstance(text, str):
        raise TypeError(f"reflow works on str, not {type(text).__name__}; decode bytes first")


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

    def _analyse(self, text: str):
        _require_str(text)
        text, folded = fold_characters(text, self.options)
        lines = split_lines(text)
        lines, found = split_markers(lines)
        facts = annotate(lines, found, self.options)
        decisions = decide(lines, facts, self.options)
        raw = group(lines, facts, decisions)
        classify(raw, self.options)
        raw = merge_wrapped_headlines(raw, self.options)
        return lines, decisions, raw, folded

    def parse(self, text: str) -> Document:
        """Parse *text* into a :class:`Document`.

        The page is read, then its rendering is read again (layout only): where
        the second reading would join lines or type a block differently, the
        blocks are merged or retyped accordingly, until a reading changes
        nothing. That is what makes ``reflow(reflow(x)) == reflow(x)`` hold by
        construction; on almost every page the first reading already stands.
        Spans always point into *text*.

        A large input is read in parts cut at paragraph ends
        (:func:`reflow.lines.parts`), so that memory grows with a part, not
        with the input; spans, line numbers and pages are those of the input.
        """
        _require_str(text)
        bounds = parts(text)
        if len(bounds) == 1:
            return self._parse_part(text)
        blocks: list[Block] = []
        stats: Counter = Counter()
        lines_before = 0
        for part, start, doc, pages_before in self._read_parts(text, bounds):
            for b in doc.blocks:
                blocks.append(replace(
                    b,
                    span=(b.span[0] + start, b.span[1] + start),
                    lines=(b.lines[0] + lines_before, b.lines[1] + lines_before),
                    page=b.page + pages_before,
                ))
            stats.update(doc.stats)
            lines_before += len(part.splitlines())
        return Document(blocks, dict(stats))

    def _read_parts(self, text: str, bounds: list[tuple[int, int]]):
        """Read each part of *text*: (the part, its offset, its Document, the
        form feeds before it)."""
        pages_before = 0
        for start, end in bounds:
            part = text if len(bounds) == 1 else text[start:end]
            yield part, start, self._parse_part(part), pages_before
            pages_before += part.count("\f")

    def _parse_part(self, text: str) -> Document:
        lines, decisions, raw, folded = self._analyse(text)
        normalizer = Normalizer(self.options)
        blocks = [self._finish(b, normalizer, None) for b in raw]
        del raw, lines[:]  # the part's line objects are no longer needed
        blocks, settled = self._settle(blocks, normalizer)
        stats: Counter = Counter()
        stats["lines"] = sum(1 for d in decisions) if decisions else 0
        for d in decisions:
            if d is not None:
                stats[("join:" if d.join else "break:") + d.rule] += 1
        if settled:
            stats["settled"] = settled
        for b in blocks:
            stats["block:" + b.kind] += 1
        for name, count in folded.items():
            stats["chars:" + name] += count
        for name, count in normalizer.counts.items():
            stats["chars:" + name] += count
        suspect = count_suspect(text)
        if suspect:
            stats["suspect_chars"] = suspect
        return Document(blocks, dict(stats))

    def _settle(self, blocks: list[Block], normalizer: Normalizer) -> tuple[list[Block], int]:
        """Read the rendering of *blocks* again; merge or retype blocks where that
        reading differs, until it does not (at most :data:`MAX_SETTLE` rounds).
        Returns the blocks and how many blocks the rounds changed."""
        changed = 0
        for _ in range(MAX_SETTLE):
            doc = Document(blocks)
            rendered, origins = doc._rendered_lines(self.options.keep_markers, self.options.keep_furniture)
            if not rendered:
                break
            y = "\n".join(rendered)
            starts = list(accumulate((len(r) + 1 for r in rendered[:-1]), initial=0))
            _, _, raw, _ = self._analyse(y)
            groups: dict[int, list[RawBlock]] = {}
            for r in raw:
                first = bisect_right(starts, r.lines[0].start) - 1
                last = bisect_right(starts, r.lines[-1].start) - 1
                groups.setdefault(first, []).append(r)
                if last != first:
                    groups[first][-1].extra["to"] = last
            merged: dict[int, Block] = {}  # first rendered line -> replacement block
            absorbed: set[int] = set()
            for first, rs in groups.items():
                if len(rs) != 1:
                    continue  # a second reading splits a line (a marker inside it): leave it
                r = rs[0]
                last = r.extra.get("to", first)
                shown = [i for k in range(first, last + 1) for i in origins[k]]
                same_kind = PIPELINE.get(r.kind) is PIPELINE.get(blocks[shown[0]].kind)
                if last == first and (same_kind or not any(c.isspace() for c in r.text)):
                    continue
                new = self._finish(r, normalizer, None)
                old = [blocks[i] for i in shown]
                merged[first] = replace(
                    new,
                    span=(old[0].span[0], max(b.span[1] for b in old)),
                    lines=(old[0].lines[0], max(b.lines[1] for b in old)),
                    page=old[0].page,
                    marker=old[0].marker if new.kind == "marker" else None,
                    text=new.text.removeprefix("\f"),
                )
                absorbed.update(shown)
            if not merged:
                break
            changed += len(absorbed)
            replacement = {origins[first][0]: block for first, block in merged.items()}
            out = []
            for i, b in enumerate(blocks):
                if i in replacement:
                    out.append(replacement[i])
                elif i not in absorbed:
                    out.append(b)
            out.sort(key=lambda b: b.span[0])
            blocks = out
        return blocks, changed

    def _finish(self, raw: RawBlock, normalizer: Normalizer, trace: list | None) -> Block:
        first, last = raw.lines[0], raw.lines[-1]
        kind = raw.kind
        text = raw.text
        local: list | None = [] if trace is not None else None
        dateline = None
        n = raw.facts[0].dateline if kind == "paragraph" else 0
        if n:
            head, rest = text[:n], text[n:]
            sep = " " if rest[:1].isspace() else ""
            head = normalizer(head, "dateline", local)
            text = head + sep + normalizer(rest.lstrip(), kind, local)
            dateline = head
        else:
            text = normalizer(text, kind, local)
        if self.options.convert and kind != "marker":
            converted = convert_text(text, self.options.convert)
            if local is not None and converted != text:
                local.append(("convert:" + self.options.convert, text, converted))
            text = converted
            if dateline:
                dateline = convert_text(dateline, self.options.convert)
        if trace is not None:
            trace.append((raw, local))
        marker = raw.facts[0].marker if kind == "marker" else None
        return Block(kind, text, (first.start, last.end), marker, (first.number, last.number), dateline, raw.role, first.page)

    def __call__(self, text: str) -> str:
        """Reflow *text*: the clean text, one block per line."""
        return render_text(self, text).text

    def reflow_with_stats(self, text: str, markers: bool = False) -> tuple[str, Counter, list[JumpMarker]]:
        """Reflow *text*; also return the counts and (with *markers*) the jump
        markers. The same render path as ``__call__`` and :meth:`batch`
        (:func:`reflow.render.render_text`)."""
        done = render_text(self, text)
        return done.text, done.stats, done.markers if markers else []

    def explain(self, text: str) -> list[Step]:
        """Why each input line was joined or broken off, and what each text rule changed.

        It explains the first reading of the page; where settling (see
        :meth:`parse`) changed a block, ``parse`` shows the result.
        """
        lines, decisions, raw, folded = self._analyse(text)
        reasons = {}
        for block in raw:
            for line in block.lines:
                reasons[id(line)] = block
        steps: list[Step] = [
            Step(0, "change", name, f"{count} character(s) folded before layout") for name, count in folded.items()
        ]
        trace: list = []
        normalizer = Normalizer(self.options)
        for block in raw:
            self._finish(block, normalizer, trace)
        changes = {id(b): c for b, c in trace}
        done = set()
        for line, decision in zip(lines, decisions):
            block = reasons[id(line)]
            if decision is None:
                action, rule, reason = "start", "start", "first line"
            else:
                action = "join" if decision.join else "break"
                rule, reason = decision.rule, decision.reason
            if block.lines[0] is line:
                reason = f"{reason}; block: {block.reason}"
            steps.append(Step(line.number, action, rule, reason, block.kind, line.text))
            if block.lines[-1] is line and id(block) not in done:
                done.add(id(block))
                for name, before, after in changes.get(id(block), ()):
                    steps.append(Step(line.number, "change", name, f"{_short(before)} -> {_short(after)}"))
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


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
