"""Articles: group a page's blocks into articles, and stitch jumps across pages.

Extraction scrambles a page's reading order: headlines come before or after
their article, bylines between, jump markers wherever the text layer put them.
The grouping reads the evidence the page leaves:

1. **Cores.** A byline group and the body run after it (bylines stand above a
   body), or a body run alone, is the core of one article. A lone author name
   (朱理平) goes with the headline group above it: it is printed under a
   commentary's title. A byline group that no body follows (captions and page
   furniture aside) closes the body run above it, jump markers between: a byline
   set at an article's end, a signature and its date under a text (北京航空学院红卫兵
   / 1966.9.24). (A byline set above the next article's headline reads so too:
   from text alone the two look the same, and on the corpus's pages bylines that
   close an article are the commoner; ``benchmarks/accuracy.py``'s article F1.)
2. **Headlines.** Each headline group attaches to the core before it or the
   core after it. A page is set one way: all groups attach the same way —
   whichever gives more cores exactly one headline group (ties: forward, the
   usual reading order). A group with no core on one side takes the other.
3. **Markers.** A 下转 (continued-on) marker belongs to the article that ends
   just before it; one with no article before it, to the nearest article that
   breaks off mid-sentence without a marker of its own. A 上接 (continued-from)
   marker belongs to the article after it. Every attachment records its reason.
4. **Breaking off.** An article whose body ends mid-sentence (实现社区全覆盖，)
   continues elsewhere, marker or not.

:func:`stitch` then joins articles across pages: 下转A2版① on page A1 with
上接A1版① on page A2 (page label and circled index; without an index, the page
label and the order of the jumps), so that a broken sentence reads as one
paragraph. Unmatched markers are reported, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .blocks import join_texts
from .model import Block
from .patterns import is_name
from .layout import is_terminal
from .markers import JumpMarker

BODY = ("paragraph", "subheading")


@dataclass
class Article:
    """One article of a page, its blocks in their printed roles."""

    headlines: list[Block] = field(default_factory=list)  #: kicker, title, subtitle lines, in page order
    bylines: list[Block] = field(default_factory=list)  #: every byline of the article, in page order
    body: list[Block] = field(default_factory=list)  #: paragraphs and subheadings, in reading order
    markers: list[Block] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  #: why each headline group and marker was attached
    page: str | None = None  #: the page label, when known (stitch)
    other: list[Block] = field(default_factory=list)  #: blocks placed in no article: page furniture, captions
    #: Paragraphs joined across pages by :func:`stitch`: (the block that broke
    #: off, the block that continued it), each with its span on its own page.
    joins: list[tuple[Block, Block]] = field(default_factory=list)
    #: The bylines of ``bylines`` printed under the body, not above it: a byline
    #: set at the article's end, a signature and its date under a text.
    closing: list[Block] = field(default_factory=list)

    @property
    def dateline(self) -> str | None:
        """The dateline that opens the body (株洲日报讯), if any."""
        return self.body[0].dateline if self.body else None

    @property
    def title(self) -> str:
        """The headline lines, joined by a space (their roles are often not
        recoverable from text: font size told them apart)."""
        return " ".join(b.text for b in self.headlines)

    @property
    def continues_on(self) -> JumpMarker | None:
        """The 下转 marker of this article, if one was printed."""
        return next((m.marker for m in self.markers if m.marker.direction == "continued_on"), None)

    @property
    def continued_from(self) -> JumpMarker | None:
        """The 上接 marker of this article, if one was printed."""
        return next((m.marker for m in self.markers if m.marker.direction == "continued_from"), None)

    @property
    def breaks_off(self) -> bool:
        """The body ends mid-sentence: the article continues elsewhere."""
        return bool(self.body) and not is_terminal(self.body[-1].text)

    @property
    def continues(self) -> bool:
        """The article goes on elsewhere: a 下转 marker, or a body that breaks off."""
        return self.continues_on is not None or self.breaks_off

    @property
    def span(self) -> tuple[int, int]:
        blocks = self.headlines + self.bylines + self.body + self.markers + self.other
        return (min(b.span[0] for b in blocks), max(b.span[1] for b in blocks)) if blocks else (0, 0)

    def render(self, keep_markers: bool = False) -> str:
        """Headline lines first, then the bylines printed above the body, the
        body, and the bylines printed under it (``closing``: a signature and
        its date stay at the end), one block per line."""
        above = [b for b in self.bylines if not any(b is c for c in self.closing)]
        blocks = self.headlines + above + self.body + self.closing + (self.markers if keep_markers else []) + self.other
        return "\n".join(b.text for b in blocks)

    def to_dict(self) -> dict:
        return {
            "headlines": [b.text for b in self.headlines],
            "bylines": [b.text for b in self.bylines],
            "closing": [b.text for b in self.closing],
            "dateline": self.dateline,
            "body": [b.text for b in self.body],
            "markers": [b.marker.to_dict() for b in self.markers],
            "breaks_off": self.breaks_off,
            "reasons": list(self.reasons),
        }


# --------------------------------------------------------------------------
# Grouping one page
# --------------------------------------------------------------------------


@dataclass
class _Run:
    kind: str  # "core", "headlines", "markers", "other"
    blocks: list[Block]
    bylines: list[Block] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    closing: list[Block] = field(default_factory=list)  #: bylines under the body (:func:`_close`)


def _runs(blocks: list[Block]) -> list[_Run]:
    """The page as a sequence of cores, headline groups, markers and other blocks."""
    runs: list[_Run] = []
    pending_bylines: list[Block] = []
    for b in blocks:
        if b.kind == "byline":
            # A lone name right after a headline group is that group's author line.
            if runs and runs[-1].kind == "headlines" and not pending_bylines and is_name(b.text):
                runs[-1].bylines.append(b)
            else:
                pending_bylines.append(b)
            continue
        if b.kind in BODY:
            if runs and runs[-1].kind == "core" and not pending_bylines:
                runs[-1].blocks.append(b)
            else:
                runs.append(_Run("core", [b], pending_bylines))
                pending_bylines = []
            continue
        kind = {"headline": "headlines", "marker": "markers"}.get(b.kind, "other")
        if pending_bylines and kind != "other":  # bylines with no body after them
            _close(runs, pending_bylines)
            pending_bylines = []
        if runs and runs[-1].kind == kind and kind != "other":
            runs[-1].blocks.append(b)
        else:
            runs.append(_Run(kind, [b]))
    if pending_bylines:
        _close(runs, pending_bylines)
    return runs


def _close(runs: list[_Run], bylines: list[Block]) -> None:
    """Bylines that no body follows (a caption or page furniture may stand
    between them and the body they open): they close the article above them (a
    byline set at an article's end, after its 下转 marker too; a signature and a
    date under a text: 北京航空学院红卫兵 / 1966.9.24), where a body run is right
    above (jump markers, captions or furniture between). Else they make a core
    with no body."""
    for r in reversed(runs):
        if r.kind == "core" and r.blocks:
            r.bylines.extend(bylines)
            r.closing.extend(bylines)
            r.reasons.append(f"byline {bylines[0].text!r}: no body follows it; it closes the article above it")
            return
        if r.kind not in ("markers", "other"):
            break
    runs.append(_Run("core", [], bylines))


def group_articles(blocks: list[Block]) -> list[Article]:
    """Group a page's blocks into articles (see the module docstring)."""
    runs = _runs(blocks)
    cores = [i for i, r in enumerate(runs) if r.kind == "core"]
    if not cores:
        return [Article(headlines=[b for r in runs for b in r.blocks if b.kind == "headline"],
                        markers=[b for r in runs for b in r.blocks if b.kind == "marker"],
                        reasons=["no body on the page"])] if blocks else []
    articles = {i: Article(bylines=list(runs[i].bylines), body=list(runs[i].blocks), reasons=list(runs[i].reasons),
                           closing=list(runs[i].closing))
                for i in cores}
    groups = [i for i, r in enumerate(runs) if r.kind == "headlines"]

    def neighbour(i: int, step: int) -> int | None:
        j = i + step
        while 0 <= j < len(runs):
            if runs[j].kind == "core":
                return j
            if runs[j].kind == "headlines":
                return None  # another headline group stands between
            j += step
        return None

    def assign(orientation: int) -> dict[int, tuple[int, str]]:
        out = {}
        for g in groups:
            first, second = neighbour(g, orientation), neighbour(g, -orientation)
            if first is not None:
                out[g] = (first, "the page's headline groups stand " + ("after" if orientation < 0 else "before") + " their articles")
            elif second is not None:
                out[g] = (second, "no article on the other side of this headline group")
        return out

    def score(assignment) -> int:
        counts: dict[int, int] = {}
        for core, _ in assignment.values():
            counts[core] = counts.get(core, 0) + 1
        return sum(1 for c in cores if counts.get(c) == 1)

    forward, backward = assign(+1), assign(-1)
    chosen = backward if score(backward) > score(forward) else forward
    for g, (core, reason) in sorted(chosen.items()):
        art = articles[core]
        art.headlines.extend(runs[g].blocks)
        art.bylines = runs[g].bylines + art.bylines
        art.reasons.append(f"headline {runs[g].blocks[0].text!r}: {reason}")
    unassigned = [g for g in groups if g not in chosen]

    # Markers.
    order = sorted(articles)
    for i, r in enumerate(runs):
        if r.kind != "markers":
            continue
        for block in r.blocks:
            _attach_marker(block, i, runs, articles, order)

    result = [articles[i] for i in order]
    for g in unassigned:  # a headline group with no article: an article of its own
        result.append(Article(headlines=list(runs[g].blocks), bylines=list(runs[g].bylines),
                              reasons=["a headline group with no body next to it"]))
    others = [b for r in runs if r.kind == "other" for b in r.blocks]
    if others:
        result.append(Article(other=others, reasons=["page furniture and captions: placed in no article"]))
    result.sort(key=lambda a: a.span[0])
    return result


def _owner_before(i: int, runs: list[_Run], articles: dict) -> int | None:
    """The core whose article ends just before run *i* (through its headline group)."""
    j = i - 1
    while j >= 0:
        if runs[j].kind == "core":
            return j
        if runs[j].kind == "headlines":
            for core, art in articles.items():
                if runs[j].blocks[0] in art.headlines:
                    return core
            return None
        j -= 1
    return None


def _attach_marker(block: Block, i: int, runs: list[_Run], articles: dict, order: list[int]) -> None:
    marker = block.marker
    if marker.direction == "continued_from":
        following = next((c for c in order if c > i), None)
        target = following if following is not None else order[-1]
        reason = "a continued-from marker opens the article after it"
    else:
        owner = _owner_before(i, runs, articles)
        if owner is not None and articles[owner].continues_on is None:
            target = owner
            reason = "the marker follows the end of this article"
        else:
            # No article just before it (the text layer moved the marker): the
            # nearest article that breaks off mid-sentence and has no marker.
            candidates = [c for c in order if articles[c].breaks_off and articles[c].continues_on is None]
            if candidates:
                target = min(candidates, key=lambda c: abs(c - i))
                reason = "no article ends just before the marker; this is the nearest that breaks off mid-sentence without one"
            else:
                target = owner if owner is not None else min(order, key=lambda c: abs(c - i))
                reason = "the nearest article (no article breaks off without a marker)"
    articles[target].markers.append(block)
    articles[target].reasons.append(f"marker {marker.raw}: {reason}")


# --------------------------------------------------------------------------
# Stitching pages
# --------------------------------------------------------------------------


class Stitched(list):
    """The stitched articles (a list), with ``unmatched``: markers whose other end
    was not found, each with the page it was printed on and why."""

    def __init__(self, articles=(), unmatched=()):
        super().__init__(articles)
        self.unmatched: list[tuple[str | None, JumpMarker, str]] = list(unmatched)


def stitch(pages: Iterable, labels: Iterable[str] | None = None, options=None) -> Stitched:
    """Join articles across the pages of one issue.

    *pages* are Documents or raw page texts; *labels* their page labels
    ("A1", "A2", …; normalised like marker labels), in the same order. An
    article that says 下转A2版① is joined to the article on page A2 that says
    上接A1版① (page label and circled index); without an index, to the first
    not yet joined continued-from marker on that page that names this page.
    The broken paragraph and the first paragraph of its continuation become
    one paragraph. Markers whose other end is missing, duplicated or on an
    absent page are reported in ``result.unmatched``, and their articles kept.
    """
    from .document import Document, Reflower
    from .markers import normalize_label

    pages = list(pages)
    labels = [normalize_label(x) for x in labels] if labels is not None else [str(i + 1) for i in range(len(pages))]
    if len(labels) != len(pages):
        raise ValueError("stitch() needs one label per page")
    reflower = Reflower(options) if options is not None else Reflower()
    per_page: list[list[Article]] = []
    for page, label in zip(pages, labels):
        doc = page if isinstance(page, Document) else reflower.parse(page)
        arts = doc.articles
        for a in arts:
            a.page = label
        per_page.append(arts)

    # Continued-from markers on each page, by (source page, seq).
    incoming: dict[tuple[str, str, int | None], list[Article]] = {}
    for label, arts in zip(labels, per_page):
        for a in arts:
            m = a.continued_from
            if m is not None:
                incoming.setdefault((label, m.page, m.seq), []).append(a)

    # First every jump is matched (an article and the piece that continues
    # it), then chains are followed from their first piece: A1 -> A2 -> A3,
    # whatever the order of the pages given.
    unmatched = []
    used: set[int] = set()
    follows: dict[int, Article] = {}
    for label, arts in zip(labels, per_page):
        for a in arts:
            m = a.continues_on
            if m is None:
                continue
            if m.page not in labels:
                unmatched.append((label, m, f"page {m.page} is not among the pages given"))
                continue
            key = (m.page, label, m.seq)
            candidates = [c for c in incoming.get(key, []) if id(c) not in used and c is not a]
            if m.seq is None and not candidates:
                candidates = [c for k, cs in incoming.items() if k[0] == m.page and k[1] == label
                              for c in cs if id(c) not in used and c is not a]
            if not candidates:
                unmatched.append((label, m, f"no continued-from marker for it on page {m.page}"))
                continue
            if len(candidates) > 1 and m.seq is not None:
                unmatched.append((label, m, f"{len(candidates)} continued-from markers on page {m.page} match it; joined the first"))
            used.add(id(candidates[0]))
            follows[id(a)] = candidates[0]

    out: list[Article] = []
    emitted: set[int] = set()

    def chain(a: Article) -> Article:
        emitted.add(id(a))
        whole = a
        nxt = follows.get(id(a))
        while nxt is not None and id(nxt) not in emitted:  # (a cycle of jumps stops where it closes)
            emitted.add(id(nxt))
            whole = _join(whole, nxt)
            nxt = follows.get(id(nxt))
        return whole

    for arts in per_page:
        for a in arts:
            if id(a) not in used and id(a) not in emitted:
                out.append(chain(a))
    for arts in per_page:  # pieces reached from no first piece (jumps in a circle): kept
        for a in arts:
            if id(a) not in emitted:
                out.append(chain(a))
    # Continued-from markers that nothing pointed at.
    for label, arts in zip(labels, per_page):
        for a in arts:
            m = a.continued_from
            if m is not None and id(a) not in used:
                unmatched.append((label, m, f"no article on page {m.page} continues here"))
    return Stitched(out, unmatched)


def _join(first: Article, rest: Article) -> Article:
    """One article from a piece and its continuation: the broken paragraph and
    the first paragraph of the continuation read as one, joined as wrapped
    lines are (a space between two Latin words, nothing between CJK). The
    joined block keeps the span of the broken block on its page; both
    original blocks, with their own spans, are kept in ``joins``."""
    body = list(first.body)
    cont = list(rest.body)
    joins = first.joins + rest.joins
    if body and cont and first.breaks_off and cont[0].kind == "paragraph":
        head, tail = body[-1], cont.pop(0)
        body[-1] = replace(head, text=join_texts([head.text, tail.text]))
        joins.append((head, tail))
    body.extend(cont)
    bylines = first.bylines + [b for b in rest.bylines if b.text not in {x.text for x in first.bylines}]
    return Article(
        headlines=first.headlines + [h for h in rest.headlines if h.text not in {x.text for x in first.headlines}],
        bylines=bylines,
        body=body,
        markers=first.markers + rest.markers,
        closing=[b for b in first.closing + rest.closing if any(b is x for x in bylines)],
        reasons=first.reasons + [f"continued on page {rest.page}"] + rest.reasons,
        page=first.page,
        other=first.other + rest.other,
        joins=joins,
    )
