"""Jump markers: the grammar, table-driven, and how markers behave on a page."""

from __future__ import annotations

import pytest

from conftest import read_table
from reflow import parse, parse_marker, reflow
from reflow.markers import split_leading_marker, split_trailing_marker

ROWS = read_table("markers.tsv")
POSITIVE = [r for r in ROWS if r[1] != "NONE"]
NEGATIVE = [r[0] for r in ROWS if r[1] == "NONE"]


def test_table_size():
    assert len(POSITIVE) >= 60 and len(NEGATIVE) >= 30


@pytest.mark.parametrize("text,direction,pages,seq", POSITIVE, ids=[r[0] for r in POSITIVE])
def test_marker_forms(text, direction, pages, seq):
    marker = parse_marker(text)
    assert marker is not None, text
    assert marker.direction == direction
    assert list(marker.pages) == pages.split(",")
    assert marker.page == pages.split(",")[0]
    assert marker.seq == (None if seq == "-" else int(seq))
    assert marker.raw == text.strip()


def test_every_marker_form_ends_as_markers_can():
    """may_end_marker, the cheap first test before the marker grammar, says yes
    to every form the grammar reads."""
    from reflow.markers import may_end_marker

    assert all(may_end_marker(text) for text, *_ in POSITIVE)
    assert not may_end_marker("他说下转A2版的文章很好") and not may_end_marker("")


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_a_marker(text):
    assert parse_marker(text) is None


@pytest.mark.parametrize("text", NEGATIVE)
def test_prose_is_not_split_at_its_end_or_start(text):
    assert split_trailing_marker("他说" + text) is None
    assert split_leading_marker(text + "他说") is None


def test_marker_at_end_of_body_line_is_split():
    before, marker = split_trailing_marker("实现社区全覆盖，下转A2版①")
    assert before == "实现社区全覆盖，" and marker.seq == 1


def test_marker_phrase_mid_sentence_is_not_split():
    # A marker-like phrase must be set off from the prose before it.
    assert split_trailing_marker("会议决定将此事下转第二版") is None


def test_marker_at_start_of_line_is_split_on_the_page():
    text = "上接A1版①中晟全肽已经完成制备约5亿种多肽信息的多肽实体库。"
    doc = parse(text)
    assert [b.kind for b in doc.blocks] == ["marker", "paragraph"]
    assert doc.blocks[1].text.startswith("中晟全肽")
    assert doc.markers[0].direction == "continued_from"


def test_reflow_leaves_markers_out_unless_asked():
    text = "疫情防控工作开展如火如荼。\n\n（下转第二版）\n"
    assert "下转" not in reflow(text)
    assert reflow(text, keep_markers=True).split("\n")[-1] == "（下转第二版）"


def test_marker_block_text_is_normalised_raw_is_as_printed():
    doc = parse("下 转 A2 版 ①")
    assert doc.blocks[0].text == "下转A2版①"
    assert doc.markers[0].raw == "下 转 A2 版 ①"


def test_a_megabyte_of_marker_characters_is_handled():
    # Catastrophic backtracking would not return; the grammar only ever sees
    # a bounded window of a line. (No timing here: the benchmarks measure.)
    line = "下下下转转转" * 200_000
    assert parse_marker(line) is None
    assert split_trailing_marker(line) is None
    assert split_leading_marker(line) is None
    assert len(parse(line).blocks) == 1


def test_a_marker_that_lost_a_bracket_to_ocr_is_found_on_its_line():
    # OCR dropped the closing bracket, or read it into the next column: still a marker,
    # while a bracket that the next line closes still joins that line (three-line columns).
    text = "市民们纷纷表示，这样的活动\n(下轉第九版\n本报讯 昨日上午，市政府召开会议。"
    doc = parse(text)
    markers = [b for b in doc.blocks if b.kind == "marker"]
    assert [(m.text, m.marker.page) for m in markers] == [("(下轉第九版", "9")]
    closed = parse("市民们纷纷表示，这样的活动\n（下轉第13版\n）\n本报讯 昨日上午，市政府召开会议。")
    assert [(b.text, b.marker.page) for b in closed.blocks if b.kind == "marker"] == [("（下轉第13版）", "13")]


def test_a_marker_set_off_by_the_angle_bracket_ocr_reads_for_its_own_is_split():
    # Tesseract reads （ as 〈: the marker still opens with its own bracket.
    before, marker = split_trailing_marker("目前，相关部门仍在调查之中〈转第10版)")
    assert before == "目前，相关部门仍在调查之中" and marker.page == "10"
    assert split_trailing_marker("他说这是全省第一家〈第10版") is None  # no verb: no marker


def test_a_cross_reference_in_braces_is_split_off_the_text_before_it():
    # Some papers print a cross-reference in braces ({相關新聞見p04}): its own opening
    # bracket sets it off from the prose, as （ does; braces round prose stay prose.
    for text in ("市民反應熱烈{相關新聞見p04}", "市民反應熱烈｛相關新聞見p04｝"):
        before, marker = split_trailing_marker(text)
        assert before == "市民反應熱烈" and (marker.direction, marker.page) == ("see", "4")
    assert split_trailing_marker("他说这个{观点}") is None
    # The engine in use, not only the grammar:
    page = ("本報訊 昨日上午，全市衛生系統在\n中心廣場開展大型義診活動，各大醫\n院派出六十餘名醫生到場，為市民提\n"
            "供免費測量血壓、血糖等服務，並發\n放健康宣傳資料三千餘份。活動現場\n人頭攢動，前來諮詢的市民絡繹不絕\n"
            "，市民反應熱烈{相關新聞見p04}\n")
    blocks = parse(page).blocks
    assert [b.kind for b in blocks] == ["paragraph", "marker"]
    assert blocks[0].text.endswith("市民絡繹不絕，市民反應熱烈") and blocks[1].text == "{相關新聞見p04}"
