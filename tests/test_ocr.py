"""reflow.ocr: OCR lines with boxes put in reading order (column by column).

The accuracy of the order on real OCR is measured in benchmarks/accuracy.py
(--variant rapidocr-ordered); these tests pin the forms accepted, the errors,
that nothing is lost, and the order on small pages laid out by hand.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflow import reflow
from reflow.ocr import ordered_text, reading_order


def column_page():
    """Two columns, one paragraph each, with a headline across both; the
    lines listed as RapidOCR lists them: by height across the page."""
    return [
        ("两栏的标题", (0, 0, 200, 30)),
        ("左栏的第一行文字很", (0, 40, 90, 52)), ("右栏的第一行文字也", (110, 40, 200, 52)),
        ("长，一直写到第二行", (0, 56, 90, 68)), ("很长，写到了第二行", (110, 56, 200, 68)),
        ("才结束。", (0, 72, 40, 84)), ("才结束。", (110, 72, 150, 84)),
    ]


def test_columns_come_out_whole():
    assert ordered_text(column_page()).splitlines() == [
        "两栏的标题",
        "左栏的第一行文字很", "长，一直写到第二行", "才结束。",
        "右栏的第一行文字也", "很长，写到了第二行", "才结束。",
    ]


def test_reflow_reads_the_ordered_columns_as_paragraphs():
    out = reflow(ordered_text(column_page())).splitlines()
    assert out[1:] == ["左栏的第一行文字很长，一直写到第二行才结束。", "右栏的第一行文字也很长，写到了第二行才结束。"]


def test_a_headline_over_two_of_three_columns():
    # Column 1 runs beside a headline that spans columns 2 and 3.
    boxes = [
        (0, 0, 60, 10), (80, 0, 200, 20),      # col 1 line 1; the headline over cols 2-3
        (0, 15, 60, 25),                       # col 1 line 2
        (80, 30, 130, 40), (150, 30, 200, 40),  # cols 2 and 3, line 1
        (0, 30, 60, 40),                       # col 1 line 3
        (80, 45, 130, 55), (150, 45, 200, 55),  # cols 2 and 3, line 2
    ]
    order = [i for group in reading_order(boxes) for i in group]
    assert order == [0, 2, 5, 1, 3, 6, 4, 7]


def test_a_running_head_set_apart_is_read_before_the_columns():
    # The running head's pieces share the gutter of the columns below them, but a strip of two line
    # heights parts them (REGION_GAP): the head is read whole, then the columns; a headline across
    # both columns keeps the page from being cut into two columns from the top.
    boxes = [
        (0, 0, 50, 10), (100, 0, 140, 10),    # 0, 1: the running head's two pieces
        (0, 30, 60, 40), (80, 30, 140, 40),   # 2, 3: two columns
        (0, 50, 140, 62),                      # 4: a headline across them
        (0, 70, 60, 80), (80, 70, 140, 80),   # 5, 6: the next article's columns
    ]
    assert [i for group in reading_order(boxes) for i in group] == [0, 1, 2, 3, 4, 5, 6]


def test_a_paragraphs_indent_is_no_gutter():
    # Corpus dev-018, RapidOCR: the first line of a paragraph, indented two characters, over the short
    # last line of that paragraph. The strip between 72 and 85 is empty on both lines, but no line
    # stands on either side of it at one height: read top to bottom, not as two columns.
    lines = [("诸事未果，疑云密布；荒原重现，人心惶惶。这就是所呈现的现", (85.0, 241.0, 1043.0, 264.0)),
             ("实。", (38.0, 274.0, 72.0, 298.0)),
             ("暗真的能永远藏匿？鼓足勇气揭发的受害者不", (39.0, 346.0, 1044.0, 369.0))]
    assert [i for group in reading_order([b for _, b in lines]) for i in group] == [0, 1, 2]
    assert [i for group in reading_order([b for _, b in lines[:2]]) for i in group] == [0, 1]


def test_lines_whose_boxes_overlap_a_little_keep_their_order():
    # RapidOCR's boxes of two consecutive lines of one column (corpus dev-004): the second
    # reaches 2.5 px into the first; read left to right by their edges, they came out swapped.
    lines = [("作，却在生病期间被公司强行辞退，无", [71.4, 1205.8, 560.8, 1243.5]),
             ("奈之下作出这样的选择。", [68.8, 1241.0, 367.1, 1278.7])]
    assert ordered_text(lines).splitlines() == ["作，却在生病期间被公司强行辞退，无", "奈之下作出这样的选择。"]


def test_blank_lines_where_a_column_ends():
    text = ordered_text(column_page(), blank_lines=True)
    assert "才结束。\n\n右栏的第一行文字也" in text
    assert "长，一直写到第二行\n才结束。" in text


@pytest.mark.parametrize("line", [
    [[[0, 0], [90, 0], [90, 12], [0, 12]], "文字", 0.98],       # RapidOCR
    [[[0, 0], [90, 0], [90, 12], [0, 12]], ("文字", 0.98)],     # PaddleOCR
    ("文字", (0, 0, 90, 12)),
    ((0, 0, 90, 12), "文字"),
    {"text": "文字", "box": [0, 0, 90, 12]},
    {"text": "文字", "bbox": (90, 12, 0, 0)},                   # corners in either order
])
def test_the_forms_of_a_line(line):
    assert ordered_text([line, ("下一行", (0, 20, 90, 32))]) == "文字\n下一行\n"


def test_lines_with_no_text_are_left_out_and_no_lines_give_no_text():
    assert ordered_text([(" ", (0, 0, 10, 10)), ("字", (0, 20, 10, 30))]) == "字\n"
    assert ordered_text([]) == ""
    assert reading_order([]) == []


@pytest.mark.parametrize("lines, says", [
    ("一段文字", "not str"),
    (None, "not NoneType"),
    ({"lines": []}, "not dict"),
    ([("文字",)], "OCR line 0"),
    ([("文字", (0, 0, 10, 10)), ("文字", (0, 0, 10))], "OCR line 1"),
    ([((0, 0, 10, 10), (0, 0, 10, 10))], "OCR line 0"),
    ([("文字", (0, 0, True, 10))], "OCR line 0"),
    ([("文字", (0, 0, float("nan"), 10))], "OCR line 0"),
    ([("文字", (0, 0, float("inf"), 10))], "OCR line 0"),
    ([42], "OCR line 0"),
])
def test_what_is_not_a_page_of_lines_is_a_clear_error(lines, says):
    with pytest.raises(TypeError, match=says):
        ordered_text(lines)


coordinate = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
box = st.tuples(coordinate, coordinate, coordinate, coordinate)
texts = st.text(alphabet="甲乙丙丁，。 a1", min_size=0, max_size=6)


@given(st.lists(st.tuples(texts, box), max_size=40))
def test_nothing_is_lost_and_nothing_doubled(lines):
    kept = sorted(t for t, _ in lines if t.strip())
    assert sorted(ordered_text(lines).splitlines()) == kept
    boxes = [(min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3])) for _, b in lines]
    order = [i for group in reading_order(boxes) for i in group]
    assert sorted(order) == list(range(len(boxes)))


@given(st.lists(st.tuples(texts, box), max_size=40))
def test_blank_lines_only_add_blank_lines(lines):
    plain = ordered_text(lines)
    spaced = ordered_text(lines, blank_lines=True)
    assert [line for line in spaced.splitlines() if line] == [line for line in plain.splitlines() if line]


def test_pages_are_ordered_one_by_one_with_a_form_feed_between():
    from reflow.ocr import ordered_pages

    page = [("右", (90, 0, 130, 10)), ("左", (0, 0, 40, 10))]
    assert ordered_pages([page, page]) == "左\n右\n\f左\n右\n"
    assert ordered_pages([]) == ""
    with pytest.raises(TypeError, match="page 1: OCR line 0"):
        ordered_pages([page, [("字",)]])
    with pytest.raises(TypeError, match="not dict"):
        ordered_pages({"pages": []})


@st.composite
def column_pages(draw):
    """Boxes laid out in columns and rows, each edge jittered: gutters, indents, overlaps and
    near-misses of every kind the cut has to decide on."""
    ncol = draw(st.integers(1, 4))
    nrow = draw(st.integers(1, 8))
    jitter = st.integers(-12, 12)
    boxes = []
    for c in range(ncol):
        for r in range(nrow):
            if draw(st.booleans()) or not boxes:
                x0 = c * 120 + draw(jitter)
                y0 = r * 30 + draw(jitter)
                boxes.append(("字" * draw(st.integers(1, 5)), (x0, y0, x0 + draw(st.integers(10, 110)), y0 + 24 + draw(jitter) // 3)))
    return boxes


@given(column_pages())
def test_nothing_is_lost_on_pages_of_columns(lines):
    assert sorted(ordered_text(lines).splitlines()) == sorted(t for t, _ in lines)


# -- pdftotext -layout: columns side by side on each line ---------------------------------------

#: A page as pdftotext -layout prints it (laid out by hand): a running head, a headline across
#: both columns (blank lines where the page leaves vertical space), then two columns side by side, the right one a space or two further right on
#: some lines (pdftotext rounds each character's x), a paragraph end in the left column.
LAYOUT_PAGE = """\
2019年6月15日     星期二      第8版

        两栏的标题在这里横跨了左右两栏

左栏的第一行文字很长，一直         右栏的第一行文字也很长，
写到第二行才结束。                 写到了第二行才结束了这
  左栏第二段的第一行，一           个段落。
直写到这一行才结束。                 右栏第二段的第一行。
"""


def test_a_layout_page_comes_out_column_by_column():
    from reflow.ocr import ordered_layout

    assert ordered_layout(LAYOUT_PAGE).splitlines() == [
        "2019年6月15日", "星期二", "第8版",
        "两栏的标题在这里横跨了左右两栏",
        "左栏的第一行文字很长，一直", "写到第二行才结束。", "左栏第二段的第一行，一", "直写到这一行才结束。",
        "右栏的第一行文字也很长，", "写到了第二行才结束了这", "个段落。", "右栏第二段的第一行。",
    ]


def test_reflow_reads_an_ordered_layout_page_as_its_paragraphs():
    from reflow.ocr import ordered_layout

    blocks = [b.text for b in __import__("reflow").parse(ordered_layout(LAYOUT_PAGE)).blocks]
    assert "左栏的第一行文字很长，一直写到第二行才结束。" in blocks
    assert "右栏的第一行文字也很长，写到了第二行才结束了这个段落。" in blocks


def test_layout_pages_are_ordered_one_by_one_and_keep_their_form_feeds():
    from reflow.ocr import ordered_layout

    two = "甲栏一    乙栏一\n甲栏二    乙栏二\n\f丙栏一    丁栏一\n"
    assert ordered_layout(two) == "甲栏一\n甲栏二\n乙栏一\n乙栏二\n\f丙栏一\n丁栏一\n"
    assert ordered_layout("") == "" and ordered_layout("\f") == "\f"


def test_layout_text_must_be_a_str():
    from reflow.ocr import ordered_layout

    with pytest.raises(TypeError, match="pdftotext -layout"):
        ordered_layout(b"abc")


@given(st.lists(st.text(st.sampled_from("甲乙丙丁，。 ab12\t\f"), max_size=40), max_size=25))
def test_nothing_is_lost_from_layout_text(lines):
    """Every non-space character, as often as it came; a run keeps its single spaces."""
    from reflow.ocr import ordered_layout

    text = "\n".join(lines)
    out = ordered_layout(text)
    assert sorted("".join(out.split())) == sorted("".join(text.split()))
    assert out.count("\f") == text.count("\f")
