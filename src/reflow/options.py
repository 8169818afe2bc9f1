"""Options: every setting of reflow, with its default and the reason for it."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

#: Accepted values of ``Options.cjk_latin_spacing``.
SPACING_CHOICES = ("keep", "remove", "add")

#: OpenCC configurations accepted by ``Options.convert``.
CONVERSIONS = ("s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp", "t2tw", "tw2t", "t2hk", "hk2t", "t2jp", "jp2t")


@dataclass(frozen=True, slots=True)
class Options:
    """How reflow reads and rewrites a page. Frozen and picklable: it holds only
    plain values, so it can be shipped to worker processes.

    Layout
    ------
    column_window : int = 8
        Lines either side of a line that are used to measure its column width.
        Eight covers a short paragraph and its neighbours, yet changes quickly
        enough where an article of another column width begins.
    column_density : float = 0.35
        Share of the lines around that must have the column width for it to
        count. Real column text puts most lines at the full width; reflowed
        text (already one paragraph per line) does not — which is what keeps
        ``reflow(reflow(x)) == reflow(x)``.
    max_column_cells : int = 140
        Widest line (in cells: CJK 2, ASCII 1) still taken as a column line:
        70 CJK characters. Newspaper columns are 3-25 characters, but
        leaflets, magazines, book pages and two-page spreads set single
        columns of 30-65, and English text wraps at 60-80. Wider lines are
        paragraphs already and never join onto the next line.
    max_headline_chars : int = 64
        Longest line that can be a headline, and longest headline that wrapped
        lines are joined into (so that a joined headline reads back as one).

    Output
    ------
    keep_markers : bool = False
        Render jump markers (下转A2版①) in ``reflow()`` output, one per line.
        Off because they are page furniture, not article text; ``parse()``
        always reports them.
    keep_furniture : bool = True
        Render page furniture (running heads, editor credits) in ``reflow()``
        output. On, so that nothing disappears from the text unasked.
    articles : bool = False
        Render article by article (headlines, then bylines, then body; one
        blank line between articles) instead of block by block in input order.
        Off by default: grouping is read from evidence that extraction may
        have scrambled, while the block order is what the input says.

    Normalization (each rule can be switched off; see normalize.py)
    ------------------------------------------------------------------
    normalize : bool = True
        Master switch for all text rules below.
    fold_legacy : bool = True
        Kangxi radicals, CJK radicals supplement, vertical presentation forms
        and compatibility ideographs to the characters they stand for.
    fold_fullwidth_alnum : bool = True
        Full-width Latin letters and digits to ASCII (Ａ２ -> A2).
    fix_punctuation_width : bool = True
        Half-width , : ; ! ? ( ) inside Chinese text to full width.
    fix_spacing : bool = True
        Remove spaces that are extraction damage: between CJK characters,
        between CJK and numbers, letter-spaced runs.
    cjk_latin_spacing : str = "keep"
        Spaces between CJK and Latin words: "keep" them as extracted, "remove"
        them, or "add" one (pangu style). "keep" by default: in mainland print
        a thin space often does separate 该 PCT 专利, so what the extraction
        shows is usually what the page shows, and no choice is imposed.
    convert : str | None = None
        OpenCC conversion applied after reflow ("t2s", "s2t", "tw2s", "hk2s",
        "s2twp", ...). Needs the ``opencc`` extra. Off: reflow repairs layout,
        it does not change the script unasked.
    """

    column_window: int = 8
    column_density: float = 0.35
    max_column_cells: int = 140
    max_headline_chars: int = 64
    keep_markers: bool = False
    keep_furniture: bool = True
    articles: bool = False
    normalize: bool = True
    fold_legacy: bool = True
    fold_fullwidth_alnum: bool = True
    fix_punctuation_width: bool = True
    fix_spacing: bool = True
    cjk_latin_spacing: str = "keep"
    convert: str | None = None

    def __post_init__(self) -> None:
        if self.cjk_latin_spacing not in SPACING_CHOICES:
            raise ValueError(f"cjk_latin_spacing must be one of {SPACING_CHOICES}, not {self.cjk_latin_spacing!r}")
        if self.convert is not None and self.convert.removesuffix(".json") not in CONVERSIONS:
            raise ValueError(f"convert must be one of {CONVERSIONS} or None, not {self.convert!r}")
        if self.column_window < 1:
            raise ValueError("column_window must be at least 1")
        if not 0 < self.column_density <= 1:
            raise ValueError("column_density must be in (0, 1]")

    def with_overrides(self, **overrides) -> "Options":
        """A copy with some fields changed; unknown names raise TypeError."""
        if not overrides:
            return self
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        return replace(self, **overrides)


def resolve(options: Options | None, overrides: dict) -> Options:
    """The options to use: *options* (or the defaults) with *overrides* applied."""
    return (options or DEFAULT).with_overrides(**overrides)


DEFAULT = Options()
