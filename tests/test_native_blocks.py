"""parse() on the native engine builds its Blocks in the native core
(``reflow._native.read_blocks``); the block table of ``reflow._native.read``,
turned into Blocks in Python, is the way it took before and the fallback
(a Block class whose fields are not ``_native.BLOCK_FIELDS``). Both give
the same Blocks, every field (glue too), the same stats, the same types.
Skipped where the native core or ``read_blocks`` is not built.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields

import pytest

from conftest import DATA, SEED
from reflow import Options, _engine
from reflow.markers import JumpMarker
from reflow.model import Block
from sim import generate_page

from native_core import _native, needs

pytestmark = needs("read_blocks")

FIELDS = [f.name for f in fields(Block)]


@pytest.fixture(autouse=True)
def native_engine():
    """These tests are about the native engine, whichever REFLOW_ENGINE selects."""
    with _engine.using("native"):
        yield

OPTIONS = [
    Options(),
    Options(keep_markers=True, keep_furniture=False),
    Options(normalize=False),
    Options(max_headline_chars=10, fold_legacy=False, fold_fullwidth_alnum=False),
]


def texts() -> list[str]:
    pages = [SEED.read_text(encoding="utf-8")]
    pages += [p.read_text(encoding="utf-8") for p in sorted((DATA / "corpus" / "ci").glob("*/*.txt"))[:24]]
    for seed in range(6):
        pages.append(generate_page(random.Random(seed), style="mixed", era="modern").text)
    pages += ["", "\n\n", "\u3000\u3000标题\n", "下转A2版\n（上接第1版）\n本报讯 记者 张三"]
    return pages


def table_blocks(text: str, options: tuple, monkeypatch) -> tuple:
    with monkeypatch.context() as m:
        m.setattr(_engine, "_builds_blocks", lambda block_type: False)
        return _engine.parse(text, options)


@pytest.mark.parametrize("options", OPTIONS, ids=range(len(OPTIONS)))
def test_native_blocks_are_the_table_blocks(options, monkeypatch):
    native_options = _engine.native_options_of(options)
    assert _engine._builds_blocks(Block)
    for text in texts():
        got, got_stats = _engine.parse(text, native_options)
        want, want_stats = table_blocks(text, native_options, monkeypatch)
        assert [type(b) for b in got] == [Block] * len(want)
        assert [[getattr(b, f) for f in FIELDS] for b in got] == [[getattr(b, f) for f in FIELDS] for b in want]
        assert [[type(getattr(b, f)) for f in FIELDS] for b in got] == [[type(getattr(b, f)) for f in FIELDS] for b in want]
        assert all(isinstance(b.marker, JumpMarker) for b in got if b.marker is not None)
        assert list(got_stats.items()) == list(want_stats.items())


def test_other_fields_take_the_table():
    @dataclass(frozen=True, slots=True)
    class Other:
        kind: str
        text: str

    assert not _engine._builds_blocks(Other)


def test_a_class_that_makes_its_own_objects_takes_the_table():
    # read_blocks allocates as object.__new__ would: a Block subclass with a
    # __new__ of its own must get the objects its __new__ makes.
    @dataclass(frozen=True, slots=True)
    class Own(Block):
        def __new__(cls, *args, **kwargs):
            return super().__new__(cls)

    assert _engine._builds_blocks(Block)
    assert not _engine._builds_blocks(Own)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(enabled):
    # read_blocks pauses the cyclic collector while it makes the Blocks.
    import gc

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        blocks, _ = _engine.parse(SEED.read_text(encoding="utf-8"), _engine.native_options_of(Options()))
        assert blocks and gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_blocks_are_left_out_of_the_collector_and_held_by_their_list_alone():
    # A block holds no object that leads back to it, so read_blocks takes it
    # out of the cyclic collector (as CPython does a tuple of atoms); the
    # list is its only holder, so reference counting frees it with the list.
    import gc
    import sys

    blocks, _ = _engine.parse(SEED.read_text(encoding="utf-8"), _engine.native_options_of(Options()))
    assert blocks and not any(gc.is_tracked(b) for b in blocks)
    # the list, and getrefcount's argument
    assert {sys.getrefcount(blocks[i]) for i in range(len(blocks))} == {2}
    marked = [b for b in blocks if b.marker is not None]
    gc.collect()
    assert marked[0].marker.page == "A2" and marked[0].text == "下转A2版①"


@pytest.mark.parametrize("text", ["\ufeff标题\n", "a\ud800b\n", "\U0001F600\ud83d\ude00\n", "\x00x\n"])
def test_block_text_keeps_every_code_point(text):
    # The native core makes each str from its code points as they are: a
    # leading U+FEFF is not taken for a byte order mark, a lone surrogate
    # passes, a surrogate pair stays two code points.
    blocks, _ = _engine.parse(text, _engine.native_options_of(Options()))
    assert "".join(b.text for b in blocks) == text.strip()


def test_markers_are_built_natively_where_their_fields_match():
    # JumpMarker is a frozen slotted dataclass whose fields are MARKER_FIELDS:
    # read_blocks makes its markers as it makes the Blocks (no __init__ run),
    # equal to the ones the class itself makes, and out of the collector.
    import gc

    assert _engine._builds_blocks(JumpMarker, "MARKER_FIELDS")
    text = "实现社区全覆盖，下转A2版①\n（上接第一版）会议指出，要做好\n详见C03、C04版\n"
    options = _engine.native_options_of(Options(keep_markers=True))
    built, _ = _native.read_blocks(text, options, Block, JumpMarker, True)
    called, _ = _native.read_blocks(text, options, Block, JumpMarker)
    markers = [b.marker for b in built if b.marker is not None]
    assert [m.pages for m in markers] == [("A2",), ("1",), ("C3", "C4")]
    assert markers == [b.marker for b in called if b.marker is not None]
    assert [type(m) for m in markers] == [JumpMarker] * 3
    assert not any(gc.is_tracked(m) or gc.is_tracked(m.pages) for m in markers)


def test_a_marker_class_of_other_fields_is_called():
    # Without build_markers, read_blocks calls the class with the marker's
    # (direction, page, seq, raw, pages), whatever its fields.
    calls = []

    class Other:
        def __init__(self, *args):
            calls.append(args)

    text = "实现社区全覆盖，下转A2版①\n"
    blocks, _ = _native.read_blocks(text, _engine.native_options_of(Options()), Block, Other)
    assert calls == [("continued_on", "A2", 1, "下转A2版①", ("A2",))]
    assert sum(isinstance(b.marker, Other) for b in blocks) == 1
