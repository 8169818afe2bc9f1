"""The whole seed page against its reviewed golden file, block by block."""

from __future__ import annotations

import pytest
from conftest import SEED, read_table
from reflow import parse, reflow

GOLDEN = read_table("seed_000.golden.tsv")


def _row(block) -> list[str]:
    kind = block.kind + (f"/{block.role}" if block.role else "")
    row = [kind, f"{block.lines[0]}-{block.lines[1]}", block.text]
    if block.marker:
        m = block.marker
        row.append(f"{m.direction} page={m.page} seq={m.seq}")
    return row


def test_seed_page_matches_golden_blocks():
    doc = parse(SEED.read_text(encoding="utf-8"))
    got = [_row(b) for b in doc.blocks]
    # Compare row by row so that a failure names the first block that differs.
    for i, (g, want) in enumerate(zip(got, GOLDEN)):
        assert g == want, f"block {i + 1} differs"
    assert len(got) == len(GOLDEN)


@pytest.mark.parametrize("spacing", ["a blank line after each line", "each line end doubled", "CR CR LF line ends"])
def test_the_seed_page_double_spaced_reads_as_its_golden_file(spacing):
    """An extraction that prints a blank line after every line (and one more where
    the page had one), or doubles every line end (\\n\\n, \\r\\r\\n: a blank
    line becomes three): the same blocks, kinds, texts and markers as the
    golden file, line numbers aside (layout._double_spaced). The seed page holds
    a region already double-spaced (its lines 260-282), which stays so."""
    text = SEED.read_text(encoding="utf-8")
    if spacing == "a blank line after each line":
        spaced = "\n".join(line + "\n" if line.strip() else line for line in text.split("\n"))
    elif spacing == "each line end doubled":
        spaced = text.replace("\n", "\n\n")
    else:
        spaced = text.replace("\n", "\r\r\n")
    got = [[row[0], *row[2:]] for row in map(_row, parse(spaced).blocks)]
    want = [[row[0], *row[2:]] for row in GOLDEN]
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"block {i + 1} differs"
    assert len(got) == len(want)


def test_golden_file_has_the_expected_shape():
    assert 80 <= len(GOLDEN) <= 90
    kinds = {row[0].split("/")[0] for row in GOLDEN}
    assert kinds == {"marker", "headline", "byline", "paragraph", "subheading"}


def test_seed_markers_are_its_three_jumps_to_a2():
    doc = parse(SEED.read_text(encoding="utf-8"))
    assert [(m.direction, m.page, m.seq) for m in doc.markers] == [
        ("continued_on", "A2", 1),
        ("continued_on", "A2", 2),
        ("continued_on", "A2", 3),
    ]
    assert all("下转" not in b.text for b in doc.blocks if b.kind != "marker")


def test_seed_spans_cover_their_source_lines():
    text = SEED.read_text(encoding="utf-8")
    for block in parse(text).blocks:
        start, end = block.span
        source = text[start:end]
        # The span starts and ends on the block's first and last characters.
        assert source[:1] == block.text[:1] or block.kind == "marker"
        assert not source[:1].isspace() and not source[-1:].isspace()


def test_reflow_renders_blocks_one_per_line_without_markers():
    text = SEED.read_text(encoding="utf-8")
    lines = reflow(text).split("\n")
    assert len(lines) == len(GOLDEN) - 3
    assert "下转A2版①" not in lines
    kept = reflow(text, keep_markers=True).split("\n")
    assert kept[0] == "下转A2版①" and len(kept) == len(GOLDEN)
