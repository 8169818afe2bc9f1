"""What the layout promises beyond single pages.

- ``explain()`` explains exactly what ``parse()`` returns: one layout step per
  line, a new block at every start or break, each step typed as its block.
- Reading in parts equals reading the whole: a section's decisions use only
  its own lines, so 1 MB of pages read at once gives, block for block, what
  each page read alone gives (spans, line numbers and pages shifted).
- ``reflow()`` (which renders section by section as it reads) prints what
  ``parse().render()`` prints.
"""

from __future__ import annotations

import pytest

from conftest import DATA, SEED
from reflow import explain, parse, reflow
from reflow.lines import SECTION_CHARS, sections


def _pages() -> list[tuple[str, str]]:
    """The seed page and every committed corpus page (all variants)."""
    pages = [("seed", SEED.read_text(encoding="utf-8"))]
    corpus = DATA / "corpus"
    for path in sorted(corpus.rglob("*.txt")) if corpus.is_dir() else []:
        pages.append((str(path.relative_to(DATA)), path.read_text(encoding="utf-8")))
    return pages


PAGES = _pages()


@pytest.mark.parametrize("settle", [True, False], ids=["settle", "no-settle"])
@pytest.mark.parametrize("name,text", PAGES, ids=[n for n, _ in PAGES])
def test_explain_agrees_with_parse(name, text, settle):
    blocks = parse(text, settle=settle).blocks
    steps = [s for s in explain(text, settle=settle) if s.action != "change"]
    k = -1
    for step in steps:
        if step.action in ("start", "break"):
            k += 1
        else:
            assert step.action == "join" and k >= 0, f"{name}: a join before any block (line {step.line})"
        block = blocks[k]
        assert block.lines[0] <= step.line <= block.lines[1], f"{name}: line {step.line} is not in block {k}"
        assert step.kind == block.kind, f"{name}: line {step.line} explained as {step.kind}, parsed as {block.kind}"
    assert k + 1 == len(blocks), f"{name}: {k + 1} blocks explained, {len(blocks)} parsed"


def _megabyte_of_pages() -> list[str]:
    out, size = [], 0
    while size < 1_000_000:
        for _, text in PAGES:
            out.append(text.rstrip("\f"))
            size += len(text.encode("utf-8"))
    return out


def test_reading_in_parts_equals_reading_the_whole():
    pages = _megabyte_of_pages()
    whole_text = "\f".join(pages)
    assert len(whole_text.encode("utf-8")) >= 1_000_000
    whole = parse(whole_text).blocks
    parts: list = []
    offset = lines = 0
    for number, page in enumerate(pages):
        for b in parse(page).blocks:
            parts.append((b.kind, b.text, (b.span[0] + offset, b.span[1] + offset),
                          (b.lines[0] + lines, b.lines[1] + lines), b.page + number, b.role, b.dateline, b.marker))
        offset += len(page) + 1
        lines += len((page + "\f").splitlines())
    assert [(b.kind, b.text, b.span, b.lines, b.page, b.role, b.dateline, b.marker) for b in whole] == parts


def test_a_page_without_form_feeds_is_read_in_sections_of_its_own():
    text = "\n\n".join(_megabyte_of_pages()[:150]).replace("\f", "")
    bounds = sections(text)
    assert len(bounds) > 1 and all(b - a < 2 * SECTION_CHARS for a, b in bounds)
    whole = parse(text).blocks
    pieces = []
    for a, b in bounds:
        for blk in parse(text[a:b]).blocks:
            pieces.append((blk.kind, blk.text, (blk.span[0] + a, blk.span[1] + a)))
    assert [(b.kind, b.text, b.span) for b in whole] == pieces


@pytest.mark.parametrize("name,text", PAGES[:8], ids=[n for n, _ in PAGES[:8]])
def test_reflow_prints_what_parse_renders(name, text):
    assert reflow(text) == parse(text).render()
