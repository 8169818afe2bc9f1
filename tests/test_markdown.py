"""Markdown structure in the input: what OCR and PDF pipelines that print
Markdown (MinerU, Marker and their kin) set around a page's text.

A line of Markdown structure (chars.is_markdown_line: a # heading, an image, a
list item, a table row, a fence, an HTML tag line) is a block of its own, on
both engines: nothing reads across it, and its markup comes out as it came in.
What only looks like markup in OCR text (a hashtag, a negative number, a folio,
a 》 read as >) is read as before. Every expectation here was written by hand
from the input, not from reflow's output.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflow import _engine, explain, parse, reflow
from reflow.chars import is_markdown_line

from native_core import missing

NOT_BUILT = missing()


@pytest.fixture(params=["python", "native"])
def engine(request):
    """Runs the test on the Python engine, then on the native one."""
    if request.param == "native" and NOT_BUILT:
        pytest.skip(NOT_BUILT)
    with _engine.using(request.param):
        yield request.param


#: A page as a Markdown-printing pipeline gives it: headings, a paragraph on
#: one line, an image and its caption, a table, a list, a display formula, a
#: jump marker.
PAGE = """# 市委召开常委会议

## 研究部署当前重点工作

本报讯（记者 李明）3月5日，市委召开常委会议，传达学习全国两会精神，研究部署当前重点工作。

![](images/4f1c2a.jpg)

▲会议现场。 本报记者 王华 摄

| 项目 | 金额 |
|---|---|
| 基建 | 100万 |
- 加强组织领导
- 落实工作责任
$$
x^2+y^2=1
$$
会议要求，各级各部门要迅速行动。

（下转第二版）
"""

PAGE_BLOCKS = [
    ("headline", "# 市委召开常委会议"),
    ("headline", "## 研究部署当前重点工作"),
    ("paragraph", "本报讯（记者 李明）3月5日，市委召开常委会议，传达学习全国两会精神，研究部署当前重点工作。"),
    ("paragraph", "![](images/4f1c2a.jpg)"),
    ("caption", "▲会议现场。本报记者 王华摄"),
    ("paragraph", "| 项目 | 金额 |"),
    ("paragraph", "|---|---|"),
    ("paragraph", "| 基建 | 100万 |"),
    ("paragraph", "- 加强组织领导"),
    ("paragraph", "- 落实工作责任"),
    ("paragraph", "$$"),
    ("paragraph", "x^2+y^2=1"),
    ("paragraph", "$$"),
    ("paragraph", "会议要求，各级各部门要迅速行动。"),
    ("marker", "（下转第二版）"),
]


def test_a_markdown_page_reads_block_by_block(engine):
    assert [(b.kind, b.text) for b in parse(PAGE).blocks] == PAGE_BLOCKS


def test_markup_comes_out_as_it_came_in(engine):
    out = reflow(PAGE)
    for line in ("# 市委召开常委会议", "![](images/4f1c2a.jpg)", "| 基建 | 100万 |", "- 落实工作责任", "$$"):
        assert line in out.split("\n")
    assert reflow(out) == out


def test_an_image_right_under_a_sentence_keeps_its_line(engine):
    """A line that opens with ! would continue the line above (！ never opens
    a line), and a ! after Chinese text is widened to ！: not in ![]().
    The text inside the markup takes the text rules as any text does (图 1:
    the space between a character and a digit goes)."""
    text = "市委书记主持会议。\n![图 1](images/a.jpg)\n图为会议现场"
    assert reflow(text) == "市委书记主持会议。\n![图1](images/a.jpg)\n图为会议现场"
    steps = [s for s in explain(text) if s.action != "change"]
    assert [(s.action, s.rule) for s in steps[1:]] == [("break", "markdown"), ("break", "markdown")]


def test_list_items_are_not_glued_into_one_paragraph(engine):
    text = "工作要求如下：\n- 第一条：加强领导\n- 第二条：落实责任\n- 第三条：强化督查"
    assert [b.text for b in parse(text).blocks] == ["工作要求如下：", "- 第一条：加强领导", "- 第二条：落实责任",
                                                  "- 第三条：强化督查"]


def test_headings_are_not_joined_as_a_wrapped_headline(engine):
    """An # heading is a block of its own even where the two lines would read
    as one headline the layout wrapped (the first ends with 的)."""
    blocks = parse("# 一座百年老桥的\n## 拆除和新城区道路的开通\n正文第一段，说明了情况。").blocks
    assert [(b.kind, b.text) for b in blocks][:2] == [("headline", "# 一座百年老桥的"),
                                                     ("headline", "## 拆除和新城区道路的开通")]


@pytest.mark.parametrize("text", [
    "今天最低气温\n-2℃，最高气温5℃。",  # a negative number wraps onto the next line
    "网友纷纷留言\n#话题#成为热搜第一，阅读量过亿。",  # a hashtag, no space after the #
    "网友纷纷留言\n# 话题 # 成为热搜第一，阅读量过亿。",  # a hashtag as OCR spaces it out
    "他拿起一本\n<人民日报>看了起来。",  # a book title that OCR read with < >
])
def test_what_only_looks_like_markup_is_read_as_text(engine, text):
    second = text.split("\n")[1]
    assert not is_markdown_line(second)
    assert all(s.rule != "markdown" for s in explain(text))


def test_a_folio_between_dashes_stays_furniture(engine):
    """- 170 - is a page number (the wide pages' folio), not a list item."""
    blocks = parse("全文完。\n\n- 170 -\n").blocks
    assert [(b.kind, b.text) for b in blocks] == [("paragraph", "全文完。"), ("furniture", "- 170 -")]


def test_a_blockquote_mark_is_no_markup():
    """Tesseract prints > at a line start for a 》 or a rule it misread (corpus
    dev: six such lines, each in running text), so > opens no Markdown line."""
    assert not is_markdown_line("> 結果80個人")
    assert not is_markdown_line("> OK 感恩宁有泪”")


def test_lines_inside_a_fence_are_markdown(engine):
    """Between a fence and the one of its kind that closes it, lines are
    Markdown (code, a formula); a fence that is never closed fences nothing.
    Its lines' own reading would make the formula a headline, and join the
    code lines to the text around them."""
    text = "正文第一段。\n$$\nx^2+y^2=1\n$$\n```\n代码\n第二行代码\n```\n~~~\n最后的小标题"
    got = [(b.kind, b.text) for b in parse(text).blocks]
    assert got == [
        ("paragraph", "正文第一段。"),
        ("paragraph", "$$"), ("paragraph", "x^2+y^2=1"), ("paragraph", "$$"),
        ("paragraph", "```"), ("paragraph", "代码"), ("paragraph", "第二行代码"), ("paragraph", "```"),
        # ~~~ is never closed: the line after it reads as text (a headline).
        ("paragraph", "~~~"), ("headline", "最后的小标题"),
    ]


MARKUP = ["# 标题", "## 小标题", "![](images/1.jpg)", "- 本报记者 王华 摄", "- 条目，", "| 甲 | 乙 |", "<p>段</p>", "$$",
          "```", "x^2"]
TEXT = ["▲会议现场", "本报记者 王华 摄", "株洲日报讯 记者", "2021年3月8日 星期一", "A3", "要闻", "下转A2版①",
        "正文一段，", "没有结束", "。结束了。", "（记者 李明）", "新华社北京2月3日电"]


@given(st.lists(st.tuples(st.sampled_from(MARKUP + TEXT), st.sampled_from(["\n", "\n", "\n\n"])), max_size=12))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_a_markdown_line_is_always_a_block_of_its_own(parts):
    """Whatever stands around it (a caption that wants its credit, a byline, a
    running head's pieces, a dateline, a marker), a line of Markdown structure
    is one block, alone: no rule reads across it."""
    text = "".join(line + end for line, end in parts)
    blocks = parse(text).blocks
    for number, line in enumerate(text.split("\n"), 1):
        if is_markdown_line(line):
            owner = [b for b in blocks if b.lines[0] <= number <= b.lines[1]]
            assert len(owner) == 1 and owner[0].lines == (number, number), (line, owner)


@pytest.mark.parametrize("text, expected", [
    ("# A 股 大涨", "# A 股大涨"),  # collapse_letter_spacing would glue '#A股': no heading then
    ("- 一 二 三 条", "- 一二三条"),
    ("* 第 一 条", "* 第一条"),
    ("## 2021年 3月 5日", "## 2021年3月5日"),
    ("#  两个空格之后", "#  两个空格之后"),  # the marker and its blanks as they came
])
def test_the_text_rules_leave_a_heading_or_list_marker_alone(engine, text, expected):
    """The text after the marker takes the rules; the marker and the blanks
    after it are left as they are, so the line stays a heading or an item."""
    assert reflow(text) == expected
    assert is_markdown_line(reflow(text))
    changes = [s for s in explain(text) if s.action == "change"]
    assert all(s.reason.startswith(repr(text[:2])[:-1]) for s in changes)  # the trace shows the whole line


@pytest.mark.parametrize("settle", [True, False], ids=["settle", "no-settle"])
def test_explain_agrees_with_parse_on_a_markdown_page(engine, settle):
    from test_layout_contract import test_explain_agrees_with_parse

    test_explain_agrees_with_parse("markdown page", PAGE, settle)


def test_a_block_that_opens_with_an_exclamation_mark_but_is_no_image_still_runs_on():
    """The renderer glues a block that opens with a mark no line opens with
    onto the line before; a Markdown image keeps its line, and nothing else
    does (what reads back as one block is printed as one line)."""
    from reflow.model import runs_on

    assert not runs_on("![](images/a.jpg)", "paragraph")
    assert runs_on("![未完的图", "paragraph") and runs_on("！好", "paragraph")
