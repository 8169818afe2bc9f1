"""Options: every setting of reflow, with its default and the reason for it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Literal, TypedDict, Unpack, get_args

#: How spaces between CJK and Latin words are treated (``Options.cjk_latin_spacing``).
Spacing = Literal["keep", "remove", "add"]
#: Accepted values of ``Options.cjk_latin_spacing``.
SPACING_CHOICES: tuple[str, ...] = get_args(Spacing)

#: An OpenCC configuration (``Options.convert``).
Conversion = Literal["s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp", "t2tw", "tw2t", "t2hk", "hk2t", "t2jp", "jp2t"]
#: OpenCC configurations accepted by ``Options.convert``.
CONVERSIONS: tuple[str, ...] = get_args(Conversion)


@dataclass(frozen=True, slots=True)
class Options:
    """How reflow reads and rewrites a page. Frozen and picklable: it holds only
    plain values, so it can be shipped to worker processes.

    Layout
    ------
    column_window : int = 8
        Accepted and checked for compatibility with 0.1, and has no effect:
        0.1 measured a line's column in a window of this many lines either
        side; the column model now segments each section (a page) into
        stretches of one set width (see :mod:`reflow.layout`), with no window.
    column_density : float = 0.35
        Accepted and checked for compatibility with 0.1, and has no effect
        (the share of a window's lines 0.1 needed at the column width).
    max_column_cells : int = 160
        Widest line (in cells: CJK 2, ASCII 1) still taken as a column line:
        80 CJK characters. Newspaper columns are 3-25 characters, but
        leaflets, magazines, book pages and two-page spreads set single
        columns of 30-65, a box across a broadsheet page up to about 80
        (the corpus's typeset pages: 77), and English text wraps at 60-80.
        Wider lines are paragraphs already and never join onto the next
        line. (At 70 characters the corpus's page-wide boxes broke at every
        line: dev boundary F1 0.8250 -> 0.8257 at 80, and the same up to 200
        characters; generated pages that read back changed 13 of 9,000 at
        80, 15 at 200.)
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
    cjk_latin_spacing : "keep" | "remove" | "add" = "keep"
        Spaces between CJK and Latin words: "keep" them as extracted, "remove"
        them, or "add" one (pangu style). "keep" by default: in mainland print
        a thin space often does separate 该 PCT 专利, so what the extraction
        shows is usually what the page shows, and no choice is imposed.
        "remove" and "add" take those spaces out before the other spacing
        rules read the text (so that reflowing the output again changes
        nothing); "add" puts exactly one back as its last rule. ``explain()``
        and the stats show both steps under "add": a space already there is
        taken out (remove_cjk_latin_spaces) and put back (add_cjk_latin_spaces).
    convert : one of CONVERSIONS, or None = None
        OpenCC conversion applied after reflow ("t2s", "s2t", "tw2s", "hk2s",
        "s2twp", ...). Needs the ``opencc`` extra. Off: reflow repairs layout,
        it does not change the script unasked.

    Speed
    -----
    settle : bool = True
        The settle step: read each section's own rendering (one finished
        block per line, as ``reflow()`` prints it) again, as if it were a
        page, and take the joins it reads with, so that ``reflow(reflow(x))``
        reads as ``reflow(x)`` (see the README, *Idempotent, nearly*). It
        reads every section twice: off, reflow runs about 1.2 times as fast
        (benchmarks/README.md), the blocks are those of the first reading
        (corpus dev split: boundary F1 0.827 against 0.829), and reflowing
        the output again may join some of its lines (dev: 141 of 552 texts,
        against 13). On by default, since
        a tool run twice should not change its own output; off suits a
        pipeline that reflows each text once (a pretraining corpus).
        ``explain()`` follows the option: it replays the same reading.
    """

    column_window: int = 8
    column_density: float = 0.35
    max_column_cells: int = 160
    max_headline_chars: int = 64
    keep_markers: bool = False
    keep_furniture: bool = True
    articles: bool = False
    normalize: bool = True
    fold_legacy: bool = True
    fold_fullwidth_alnum: bool = True
    fix_punctuation_width: bool = True
    fix_spacing: bool = True
    cjk_latin_spacing: Spacing = "keep"
    convert: Conversion | None = None
    settle: bool = True

    def __post_init__(self) -> None:
        # Types first: a wrong type given here would otherwise fail deep inside
        # the layout, far from the mistake.
        for f in fields(self):
            value = getattr(self, f.name)
            kind = _KINDS[f.name]
            if kind is bool:
                ok = isinstance(value, bool)
            elif kind is int:
                ok = isinstance(value, int) and not isinstance(value, bool)
            elif kind is float:
                ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            else:
                ok = isinstance(value, str) or (f.name == "convert" and value is None)
            if not ok:
                want = {bool: "true or false", int: "a whole number", float: "a number"}.get(kind, "a string")
                raise TypeError(f"{f.name} must be {want}, not {value!r}")
        for name in ("column_window", "max_column_cells", "max_headline_chars"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, not {getattr(self, name)}")
        if self.cjk_latin_spacing not in SPACING_CHOICES:
            raise ValueError(f"cjk_latin_spacing must be one of {SPACING_CHOICES}, not {self.cjk_latin_spacing!r}")
        if self.convert is not None and self.convert.removesuffix(".json") not in CONVERSIONS:
            raise ValueError(f"convert must be one of {CONVERSIONS} or None, not {self.convert!r}")
        if not 0 < self.column_density <= 1:
            raise ValueError(f"column_density must be in (0, 1], not {self.column_density}")

    def with_overrides(self, **overrides: Unpack[Overrides]) -> "Options":
        """A copy with some fields changed; unknown names raise TypeError."""
        if not overrides:
            return self
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        return replace(self, **overrides)


class Overrides(TypedDict, total=False):
    """The keyword arguments that ``reflow()``, ``parse()``, ``Reflower`` and the
    adapters accept as option overrides: the fields of :class:`Options`."""

    column_window: int
    column_density: float
    max_column_cells: int
    max_headline_chars: int
    keep_markers: bool
    keep_furniture: bool
    articles: bool
    normalize: bool
    fold_legacy: bool
    fold_fullwidth_alnum: bool
    fix_punctuation_width: bool
    fix_spacing: bool
    cjk_latin_spacing: Spacing
    convert: Conversion | None
    settle: bool


#: The plain type of each field (bool, int, float or str: Literal types are
#: str), for validation and the command line's flags.
_KINDS: dict[str, type] = {
    f.name: {"bool": bool, "int": int, "float": float}.get(str(f.type), str) for f in fields(Options)
}


def field_kind(name: str) -> type:
    """The plain type of the option *name*: bool, int, float or str.

    >>> field_kind("keep_markers"), field_kind("column_density"), field_kind("convert")
    (<class 'bool'>, <class 'float'>, <class 'str'>)
    """
    return _KINDS[name]


def field_help(name: str) -> str | None:
    """The first sentence of what the :class:`Options` docstring says of the
    option *name* (the command line's help for its flag: one text for both);
    None where Python runs without docstrings (``-OO``).

    >>> field_help("keep_markers")
    'Render jump markers (下转A2版①) in ``reflow()`` output, one per line.'
    >>> field_help("fold_fullwidth_alnum")
    'Full-width Latin letters and digits to ASCII (Ａ２ -> A2).'
    """
    entry = _FIELD_DOCS.get(name)
    if not entry:
        return None
    end = entry.find(". ")
    return entry if end < 0 else entry[: end + 1]


def _field_docs(doc: str | None) -> dict[str, str]:
    """``name : type = default`` entries of a numpydoc-style docstring, each
    with its description joined on one line."""
    out: dict[str, str] = {}
    name = None
    for line in (doc or "").splitlines():
        head = re.match(r"    (\w+) : ", line)
        if head:
            name = head.group(1)
            out[name] = ""
        elif name and line.startswith("        ") and line.strip():
            out[name] = (out[name] + " " + line.strip()).strip()
        else:
            name = None
    return out


_FIELD_DOCS = _field_docs(Options.__doc__)


def resolve(options: "Options | Mapping[str, object] | None", overrides: Mapping[str, object]) -> Options:
    """The options to use: *options* (an :class:`Options`, a mapping of option
    names to values, or None for the defaults) with *overrides* applied.

    >>> resolve({"keep_markers": True}, {}).keep_markers
    True
    """
    if options is None:
        options = DEFAULT
    elif isinstance(options, Mapping):
        options = DEFAULT.with_overrides(**options)
    elif not isinstance(options, Options):
        raise TypeError(f"options must be an Options or a dict of option names, not {type(options).__name__}")
    return options.with_overrides(**overrides)


DEFAULT = Options()
