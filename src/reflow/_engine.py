"""Which engine does reflow's per-character work: the native core or Python.

reflow has two implementations of its hot paths. The pure-Python modules
(normalize.py, lines.py, …) are the specification, the oracle the native core
is tested against, and the fallback. The native core (``reflow._native``, Rust
built by maturin from ``rust/``) does the same work faster. Which one runs is
chosen once, when reflow is imported, by the environment variable
``REFLOW_ENGINE``:

``auto`` (the default)
    the native core if ``reflow._native`` imports, else the Python engine (as
    when running from a source tree with ``PYTHONPATH=src``, without building);
``native``
    the native core, or an :class:`NativeUnavailable` (an ``ImportError``)
    that says how to build it;
``python``
    the Python engine, even where the native core is built.

Case and surrounding spaces do not matter; unset or empty means ``auto``; any
other value is a ``ValueError``. :data:`engine` (``reflow.engine``) says
which engine is in use: ``"native"`` or ``"python"``.

What is native:

- the whole pipeline of ``Reflower.parse`` (sections, the character folds,
  the line table, jump markers, line features, the column model, the
  decisions, the blocks and their types, wrapped headlines, the settle step,
  the text rules per block kind, the counts): the native core builds
  ``parse()``'s Blocks (:func:`parse`);
- the render path of ``reflow()`` (``render.render_text`` with
  ``articles=False``: ``reflow()``, ``Reflower.__call__``, ``batch``,
  ``reflow_with_stats``, the command line): the native core returns the text,
  the counts and the jump markers, with no Python object per block
  (:func:`reflow_text`);
- ``normalize.fold_characters`` and the text rules that ``normalize.Normalizer``
  runs per block kind (dispatched from normalize.py), and :func:`line_table`.

Still Python on both engines: ``Options.convert`` (OpenCC, run on the
blocks the native core read, and the rendering of them), ``articles=True``
grouping (over the native blocks), and ``explain()``, which replays the
Python reference's reading (the reasons in words are Python's).
"""

from __future__ import annotations

import importlib
import os
from array import array
from contextlib import contextmanager
from types import ModuleType

#: The environment variable that chooses the engine, and its values.
ENV = "REFLOW_ENGINE"
CHOICES = ("auto", "native", "python")

#: What to do to get the native core, for error messages.
HOW_TO_BUILD = (
    "build it from source with a Rust toolchain (cargo, e.g. from rustup) on PATH: pip install . "
    "(or, in a checkout, maturin develop --release); or set REFLOW_ENGINE=python or auto "
    "to use the pure-Python engine"
)


class NativeUnavailable(ImportError):
    """``REFLOW_ENGINE=native`` was asked for, and ``reflow._native`` is not built."""


def _select(value: str | None) -> tuple[str, ModuleType | None]:
    choice = (value or "auto").strip().lower() or "auto"
    if choice not in CHOICES:
        raise ValueError(f"{ENV} must be one of {', '.join(CHOICES)}, not {value!r}")
    if choice == "python":
        return "python", None
    name = f"{__package__}._native"
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        if choice == "native":
            missing = isinstance(exc, ModuleNotFoundError) and exc.name == name
            why = "is not built" if missing else f"does not load ({exc})"
            raise NativeUnavailable(f"{ENV}=native, but reflow's native core ({name}) {why}: {HOW_TO_BUILD}") from exc
        return "python", None
    return "native", module


#: The engine in use: "native" or "python" (exported as ``reflow.engine``).
#: The module ``reflow._native`` when the native engine is in use, else None.
engine, native = _select(os.environ.get(ENV))


@contextmanager
def using(name: str):
    """Run the block with the given engine ("native" or "python"), for tests
    and benchmarks that compare the two in one process. Objects built inside
    (a ``Normalizer``) keep the engine they were built with.
    """
    global engine, native
    saved = engine, native
    if name == "python":
        engine, native = "python", None
    elif name == "native":
        engine, native = _select("native")
    else:
        raise ValueError(f"engine must be 'native' or 'python', not {name!r}")
    try:
        yield
    finally:
        engine, native = saved


# --------------------------------------------------------------------------
# normalize.py's dispatch
# --------------------------------------------------------------------------


def fold_characters(text: str, options) -> tuple[str, dict[str, int]]:
    """``normalize.fold_characters`` on the native core (``options.normalize`` is set)."""
    folded, legacy, fullwidth = native.fold_characters(text, options.fold_legacy, options.fold_fullwidth_alnum)
    counts = {}
    if legacy:
        counts["fold_legacy_code_points"] = legacy
    if fullwidth:
        counts["fold_fullwidth_alnum"] = fullwidth
    return folded, counts


def native_pipelines(pipelines: dict[str, tuple]) -> dict[str, tuple[ModuleType, bytes]] | None:
    """For a ``Normalizer``'s rules per kind: per kind, the native module and
    the rule numbers to pass it; None on the Python engine. A kind with a rule
    the native core lacks is left out, and runs in Python."""
    if native is None:
        return None
    number = {name: i for i, name in enumerate(native.RULE_NAMES)}
    out = {}
    for kind, rules in pipelines.items():
        names = [rule.__name__ for rule in rules]
        if all(name in number for name in names):
            out[kind] = (native, bytes(number[name] for name in names))
    return out


def apply_rules(normalizer, text: str, rules: tuple[ModuleType, bytes], trace: list | None) -> str:
    """``Normalizer.__call__`` on the native core: the same text, the same
    counts in ``normalizer.counts``, the same trace entries."""
    module, numbers = rules
    out, changes = module.apply_rules(text, numbers, normalizer.count, trace is not None)
    if not changes:
        return out
    before = text
    for number, count, after in changes:
        name = module.RULE_NAMES[number]
        if normalizer.count:
            normalizer.counts[name] = normalizer.counts.get(name, 0) + count
        if trace is not None:
            trace.append((name, before, after))
            before = after
    return out


# --------------------------------------------------------------------------
# The line table
# --------------------------------------------------------------------------

#: The columns of a :class:`LineTable`, in order.
COLUMNS = ("start", "end", "number", "gap", "page", "page_break", "width", "indent")

#: What ``str.splitlines()`` ends a line at.
LINE_ENDS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


class LineTable:
    """One row per non-blank input line, as ``reflow.lines.split_lines``
    defines its lines, without a Python object per line.

    Each column is a ``memoryview`` of int64 (``"q"``) over one shared
    ``buffer`` (the columns one after another, ``len(table)`` values each):

    - ``start``, ``end``: the stripped line is ``text[start:end]`` (Python
      string indices: code points)
    - ``number``: 1-based, counting every line ``str.splitlines()`` gives
    - ``gap``: blank lines since the previous non-blank line
    - ``page``: form feeds before the line; ``page_break``: 1 if one stands
      between this line and the previous non-blank line
    - ``width``: ``chars.width`` of the stripped line, in half-cells
    - ``indent``: the white space before the text, which ``split_lines``
      drops: the ideographic space U+3000 counts 4 half-cells (a full CJK
      cell; two make the usual paragraph indent), any other white space 2

    >>> t = line_table("ab\\n\\n\\u3000\\u3000c \\r\\nd")
    >>> len(t), t.start.tolist(), t.gap.tolist(), t.indent.tolist()
    (3, [0, 6, 10], [0, 1, 0], [0, 8, 0])
    """

    __slots__ = ("buffer", "rows", *COLUMNS)

    def __init__(self, buffer: bytes, rows: int) -> None:
        self.buffer = buffer
        self.rows = rows
        view = memoryview(buffer).cast("q")
        if len(view) != rows * len(COLUMNS):
            raise ValueError(f"a line table of {rows} rows needs {rows * len(COLUMNS)} values, not {len(view)}")
        for i, name in enumerate(COLUMNS):
            setattr(self, name, view[i * rows:(i + 1) * rows])

    def __len__(self) -> int:
        return self.rows

    def row(self, i: int) -> tuple[int, ...]:
        """Row *i*, in :data:`COLUMNS` order."""
        return tuple(getattr(self, name)[i] for name in COLUMNS)

    def tolists(self) -> dict[str, list[int]]:
        """The columns as lists, by name."""
        return {name: getattr(self, name).tolist() for name in COLUMNS}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LineTable) and self.rows == other.rows and self.buffer == other.buffer

    def __repr__(self) -> str:
        return f"<LineTable of {self.rows} lines>"


def line_table(text: str) -> LineTable:
    """The :class:`LineTable` of *text*, from the engine in use."""
    if native is not None:
        return LineTable(*native.line_table(text))
    return python_line_table(text)


def python_line_table(text: str) -> LineTable:
    """The line table from ``reflow.lines.split_lines`` (the specification)."""
    from .lines import split_lines

    table = split_lines(text)
    columns = [
        array("q", table.start), array("q", table.end), array("q", table.number), array("q", table.gap),
        array("q", table.page), array("q", map(int, table.page_break)), array("q", table.width),
        array("q", table.indent),
    ]
    return LineTable(b"".join(c.tobytes() for c in columns), len(table))


# --------------------------------------------------------------------------
# The pipeline (document.py's Reflower.parse, render.py's render_text)
# --------------------------------------------------------------------------

#: The int fields of the options the native pipeline takes must fit an int64.
_INT64 = range(-(2**63), 2**63)


def pipeline_ready() -> bool:
    """Does the native core in use have the pipeline (``read``, ``reflow_text``)?
    A core built before it had does not; then the pipeline runs in Python."""
    return native is not None and hasattr(native, "read") and hasattr(native, "reflow_text")


def native_options_of(options) -> tuple:
    """The options tuple the native pipeline takes (``native.OPTION_FIELDS``)."""
    return (
        options.max_column_cells, options.max_headline_chars, options.keep_markers, options.keep_furniture,
        options.normalize, options.fold_legacy, options.fold_fullwidth_alnum, options.fix_punctuation_width,
        options.fix_spacing, options.cjk_latin_spacing, options.settle,
    )


def native_options(options, reading: bool = False) -> tuple | None:
    """The options tuple for the native pipeline, or None where the pipeline
    runs in Python: the Python engine, a native core without the pipeline,
    ``convert`` set (OpenCC is Python's), a number beyond int64. With
    *reading*, ``convert`` does not count: the native core reads the blocks
    and Python converts their text after (OpenCC runs on finished blocks,
    which it does not change)."""
    if native is None or (options.convert is not None and not reading):
        return None
    if options.max_column_cells not in _INT64 or options.max_headline_chars not in _INT64:
        return None
    if not pipeline_ready():
        return None
    return native_options_of(options)


def _marker(t: tuple):
    from .markers import JumpMarker

    direction, page, seq, raw, pages = t
    return JumpMarker(direction, page, seq, raw, pages)


def _builds_blocks(block_type, fields_of: str = "BLOCK_FIELDS") -> bool:
    """Can the native core build *block_type* objects (``read_blocks``)? It
    allocates each as ``object.__new__`` would and sets the fields
    ``native.BLOCK_FIELDS`` (or the names *fields_of* holds) names, in order:
    they must be the dataclass's fields, and the class must not make its
    objects itself (no ``__new__`` or ``__post_init__`` of its own)."""
    from dataclasses import fields

    names = getattr(native, fields_of, None)
    return (
        names is not None
        and hasattr(native, "read_blocks")
        and tuple(f.name for f in fields(block_type)) == tuple(names)
        and not hasattr(block_type, "__post_init__")
        and block_type.__new__ is object.__new__
    )


def parse(text: str, options: tuple):
    """``Reflower.parse`` on the native core: (blocks, stats) — the Blocks
    (built by the native core, or from its block table where it cannot
    build this ``Block``), the stats a Counter."""
    from collections import Counter

    from .model import Block

    if _builds_blocks(Block):  # the native core builds the Blocks itself
        from .markers import JumpMarker

        if _builds_blocks(JumpMarker, "MARKER_FIELDS"):  # the markers too
            blocks, stats = native.read_blocks(text, options, Block, JumpMarker, True)
        else:
            blocks, stats = native.read_blocks(text, options, Block, JumpMarker)
        return blocks, Counter(dict(stats))
    kinds, texts, numbers, roles, glue, datelines, markers, stats = native.read(text, options)
    n = len(texts)
    names = native.KINDS
    role_names = (None, *native.ROLES)
    view = memoryview(numbers).cast("q")
    start, end, first, last, page = (view[i * n:(i + 1) * n].tolist() for i in range(5))
    marker_of = {i: _marker(m) for i, m in markers.items()}
    blocks = [
        Block(names[kinds[i]], texts[i], (start[i], end[i]), marker_of.get(i), (first[i], last[i]),
              datelines.get(i), role_names[roles[i]], page[i], bool(glue[i]))
        for i in range(n)
    ]
    return blocks, Counter(dict(stats))


def plain_text(text: str, options: tuple) -> str:
    """The text ``reflow_text`` gives, without the counts and the markers
    (what ``reflow()`` keeps)."""
    return native.reflow_text(text, options, False, False)[0]


def reflow_text(text: str, options: tuple, markers: bool = True, stats: bool = True):
    """``render.render_text`` (``articles=False``) on the native core: (text,
    stats as a Counter, jump markers; none with *markers* False, no counts
    with *stats* False)."""
    from collections import Counter

    out, counts, found = native.reflow_text(text, options, markers, stats)
    return out, Counter(dict(counts)) if stats else Counter(), [_marker(m) for m in found]
