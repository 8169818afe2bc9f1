"""The one render path: text in, clean text (with counts and jump markers) out.

``reflow()``, :meth:`Reflower.__call__ <reflow.Reflower.__call__>`,
:meth:`Reflower.batch <reflow.Reflower.batch>`, the command line (text files
and JSONL records alike) and the adapters in :mod:`reflow.integrations` all
render through :func:`render_text`, so that one text gives one result whichever
way it was sent: with ``articles=True`` too, which ``Document.render()`` (block
by block) does not know about.

:func:`render_batch` adds the error policy shared by ``batch`` and the
adapters: a record that cannot be reflowed (not a str) is passed through
unchanged and counted; a configuration error (``convert`` without OpenCC)
is raised at once, since it would fail every record the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .convert import MissingExtra
from .markers import JumpMarker
from .model import runs_on
from .options import Options

if TYPE_CHECKING:  # pragma: no cover
    from .document import Document, Reflower

#: Errors that are not a record's fault: raised, never counted and passed over.
CONFIGURATION_ERRORS: tuple[type[BaseException], ...] = (MissingExtra,)


@dataclass(slots=True)
class Rendered:
    """A rendered text: the clean text, the counts, the jump markers found."""

    text: str
    stats: Counter = field(default_factory=Counter)
    markers: list[JumpMarker] = field(default_factory=list)


def render_document(doc: "Document", options: Options) -> str:
    """A parsed document as text, as *options* say: article by article
    (``articles=True``) or block by block, markers and furniture as asked."""
    if options.articles:
        return doc.render_articles(options.keep_markers)
    return doc.render(options.keep_markers, options.keep_furniture)


#: (options, native core, its options tuple) of the last plain_text call on
#: the native pipeline: one tuple, replaced whole (threads read it safely).
_PLAIN: tuple = (None, None, None)


def _pipeline(options: Options) -> tuple | None:
    """The options tuple where the native pipeline renders the text itself
    (the native engine, no ``convert``, no ``articles``), else None."""
    from . import _engine

    return None if options.articles else _engine.native_options(options)


def plain_text(reflower: "Reflower", text: str) -> str:
    """``render_text(reflower, text, markers=False).text``, as ``reflow()``
    asks it: on the native pipeline without the counts, and with the options
    tuple of the last call kept (on a page the counts and the Python around
    the call cost as much as a tenth of it)."""
    global _PLAIN
    from . import _engine

    options, native = reflower.options, _engine.native
    last = _PLAIN
    if options is last[0] and native is last[1] and type(text) is str:
        return _engine.plain_text(text, last[2])
    found = _pipeline(options)
    if found is None or type(text) is not str:
        return render_text(reflower, text, markers=False).text
    _PLAIN = (options, native, found)
    return _engine.plain_text(text, found)


def render_text(reflower: "Reflower", text: str, markers: bool = True) -> Rendered:
    """Reflow *text* with *reflower*'s options.

    With *markers* False the jump markers are not collected
    (``Rendered.markers`` is empty): what ``reflow()`` asks, which keeps
    only the text.

    A large input is read section by section (see :func:`reflow.lines.sections`)
    and each section is rendered as soon as it is read,
    so that only text is kept: memory grows with the output, not with the
    number of blocks. Article rendering needs the whole page at once.
    On the native engine the native core does all of it (see
    :mod:`reflow._engine`); with ``convert`` it reads the blocks, and OpenCC
    converts them and Python renders them, section by section.
    """
    from .document import _require_str

    _require_str(text)
    options = reflower.options
    if options.articles:
        doc = reflower.parse(text)
        return Rendered(render_document(doc, options), Counter(doc.stats), doc.markers if markers else [])
    from . import _engine

    native = _pipeline(options)
    if native is not None:  # the native pipeline renders: the same text, stats and markers
        done, stats, found = _engine.reflow_text(text, native, markers)
        return Rendered(done, stats, found)
    stats: Counter = Counter()
    reading = _engine.native_options(options, reading=True)
    if reading is not None:  # convert set: the native core reads, OpenCC converts, Python renders
        blocks = _native_sections(text, reading, options.convert, stats)
    else:  # the Python reading: pages already counted from the start of the text
        blocks = ((reflower._blocks(section, stats), 0) for section in reflower._sections(text))
    return _render_sections(blocks, options, stats, markers)


def text_renderer(reflower: "Reflower", markers: bool = True, counts: bool = True) -> Callable[[str], Rendered]:
    """:func:`render_text` for many texts (a batch, JSONL records): the
    engine and the options it takes are decided once, not per text (on a
    page of a few KB that is a tenth of the Python around the native call).
    What is not a ``str`` goes to :func:`render_text`, which refuses it.

    With *counts* False the rules' and kinds' counts are left out
    (``Rendered.stats`` empty; the native core does not build them): for a
    caller that prints none of them (the command line without ``--stats`` or
    a progress line: on pages of a few KB, a tenth of its time)."""
    from . import _engine

    options = reflower.options
    native = _pipeline(options)
    if native is None:
        if counts:
            return lambda text: render_text(reflower, text, markers)
        return lambda text: replace(render_text(reflower, text, markers), stats=Counter())
    reflow_text = _engine.reflow_text

    def render(text) -> Rendered:
        if type(text) is not str:
            return render_text(reflower, text, markers)
        return Rendered(*reflow_text(text, native, markers, counts))

    return render


def _native_sections(text: str, reading: tuple, config: str, stats: Counter) -> Iterable[tuple[list, int]]:
    """Each section's blocks as the native core reads them, converted by OpenCC
    (*config*), with the pages before the section (the native reading of a
    section counts its pages from 0); counts go to *stats*."""
    from . import _engine
    from .document import converted_blocks
    from .lines import sections

    pages_before = 0
    for start, end in sections(text):
        part = text[start:end]
        found, counts = _engine.parse(part, reading)
        stats.update(counts)
        yield converted_blocks(found, config), pages_before
        pages_before += part.count("\f")


def _render_sections(sections: Iterable[tuple[list, int]], options: Options, stats: Counter, markers: bool) -> Rendered:
    """The text of each section's blocks (with the pages to add to theirs),
    one block per line, a clause that runs on across sections glued on (see
    :func:`render_text`)."""
    from .document import Document

    out: list[str] = []
    found: list[JumpMarker] = []
    page = None
    last_kind = None  # the kind of the last block rendered
    for blocks, page_offset in sections:
        doc = Document(blocks)
        lines, origins = doc._rendered_lines(options.keep_markers, options.keep_furniture, page_offset, page)
        tail = doc.blocks[origins[-1][-1]] if origins else None  # the section's last block rendered
        if lines and out and runs_on(lines[0], last_kind):
            out[-1] += lines.pop(0)  # a clause that runs on across a page
            origins.pop(0)
        if origins:
            page = doc.blocks[origins[-1][-1]].page + page_offset
        if tail is not None:
            last_kind = tail.kind
        out.extend(lines)
        if markers:
            found.extend(doc.markers)
    return Rendered("\n".join(out), stats, found)


def render_batch(
    reflower: "Reflower", texts: Iterable, errors: list | None = None
) -> tuple[list, Counter]:
    """Reflow many texts: the results (a record that fails passes through
    unchanged) and their summed counts (``records``, ``errors``, and the
    per-rule counts). With *errors* (a list), one entry per text is appended:
    None, or why that text was passed through.

    A str (or bytes) given as *texts* is refused: it would be read character by
    character. A configuration error is raised, not counted.
    """
    if isinstance(texts, (str, bytes, bytearray)):
        raise TypeError("batch() takes an iterable of texts (a list of str), not a single "
                        f"{type(texts).__name__}; use Reflower()(text) for one text")
    out: list = []
    total: Counter = Counter()
    render = text_renderer(reflower, markers=False)
    for text in texts:
        try:
            done = render(text)
        except CONFIGURATION_ERRORS:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad record must not fail a batch
            out.append(text)
            total["errors"] += 1
            if errors is not None:
                errors.append(f"{type(exc).__name__}: {exc}")
            continue
        out.append(done.text)
        total.update(done.stats)
        total["records"] += 1
        if errors is not None:
            errors.append(None)
    return out, total
