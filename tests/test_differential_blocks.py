"""The native decide and block passes against the Python reference.

The Python side reads a text as ``document._read_lines`` does, section by
section (fold_characters, split_lines, split_markers, line_features,
segment_columns, decide, group, classify, merge_wrapped_headlines). The native
hook ``_native._blocks_read`` gets the *same* Python line table, features and
column model (as plain lists), runs its own ``decide``, ``group``,
``classify`` and ``merge_wrapped_headlines``, and must give the same rule at
every boundary and the same raw blocks, field for field (the joins' rules in
the order of Python's dict; reasons in words are Python's alone).

Inputs: the seed page, the layout cases, the committed corpus pages, pages of
tests/sim.py, any ``str``, and line-structured CJK text built so that most
layout rules fire (test_rules_hit lists the ones no input reaches).
"""

from __future__ import annotations

import copy
import os
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, SEED, read_cases
from reflow import Options, _engine
from reflow import document as _document
from reflow.blocks import classify, group, is_headline_text, join_texts, merge_wrapped_headlines
from reflow.layout import REASONS, Layout, decide, line_features, segment_columns, split_markers
from reflow.lines import sections, split_lines
from reflow.normalize import fold_characters

from native_core import _native, needs

pytestmark = needs("_blocks_read")

EXAMPLES = dict(
    derandomize=os.environ.get("HYPOTHESIS_PROFILE") != "dev",
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
)

#: (max_column_cells, max_headline_chars): the defaults and a few others.
OPTION_VALUES = [(160, 64), (140, 64), (20, 12), (60, 30), (400, 200), (1, 1)]
OPTIONS = [Options(max_column_cells=c, max_headline_chars=h) for c, h in OPTION_VALUES]

CORPUS = sorted((DATA / "corpus" / "ci").glob("*/*.txt"))

#: Python's rules seen so far (test_rules_hit reports on them).
SEEN: Counter = Counter()


# --------------------------------------------------------------------------
# The two sides
# --------------------------------------------------------------------------


def python_sections(text: str, options: Options, whole: bool = False):
    """(table, features, columns, rules, raw blocks) of each section, as _read_lines makes them
    (with *whole*, of the whole text as one section: form feeds inside it)."""
    out = []
    with _engine.using("python"):
        for start, end in [(0, len(text))] if whole else sections(text):
            folded, _ = fold_characters(text[start:end], options)
            table, found = split_markers(split_lines(folded))
            features = line_features(table, found, options)
            columns = segment_columns(table, features, options)
            rules = decide(table, features, columns, options)
            layout = Layout(table, features, columns, rules)
            raw = group(layout)
            classify(raw, layout, options)
            raw = merge_wrapped_headlines(raw, layout, options)
            out.append((table, features, columns, rules, raw))
    return out


def hook_args(table, features, columns):
    t, f, c = table, features, columns
    lines = (list(t.text), list(t.start), list(t.end), list(t.number), list(t.gap), list(t.page),
             list(t.page_break), list(t.width), list(t.indent))
    feats = (list(f.kind), list(f.terminal), list(f.clause), list(f.open_end), list(f.dateline),
             list(f.headline_like), list(f.ascii), list(f.gap), sorted(f.continues), f.pause_stop,
             f.unpunctuated, f.rendered)
    cols = (list(c.width), list(c.set_width), list(c.palette), c.compressed, c.indented, c.spread)
    return lines, feats, cols


def hook_markers(features) -> list:
    """The features' jump markers as the block hooks take them: (row, direction)."""
    return [(row, m.direction) for row, m in sorted(features.markers.items())]


def as_tuple(b) -> tuple:
    """A Python RawBlock as the hook returns one."""
    return (b.first, b.last, b.text, b.kind, b.role, b.rule, b.dateline,
            [(line, rule) for line, (rule, _reason) in b.joins.items()], b.glue)


def assert_same(text: str, options: Options = OPTIONS[0], whole: bool = False) -> None:
    for k, (table, features, columns, rules, raw) in enumerate(python_sections(text, options, whole)):
        SEEN.update(rules[1:])
        args = hook_args(table, features, columns)
        markers = hook_markers(features)
        got_rules, got_blocks = _native._blocks_read(*args, options.max_column_cells, options.max_headline_chars,
                                                     markers=markers)
        if got_rules != rules:
            i = next(i for i, (a, b) in enumerate(zip(got_rules, rules)) if a != b)
            context = table.text[max(0, i - 2):i + 2]
            raise AssertionError(f"section {k}, line {i}: native {got_rules[i]!r}, python {rules[i]!r}; {context!r}")
        expected = [as_tuple(b) for b in raw]
        if got_blocks != expected:
            for g, e in zip(got_blocks, expected):
                assert g == e, (k, g, e)
            assert len(got_blocks) == len(expected), (k, len(got_blocks), len(expected))
        # The block passes alone, on the Python rules (the same here, but say so).
        _, again = _native._blocks_read(*args, options.max_column_cells, options.max_headline_chars, rules,
                                        markers=markers)
        assert again == expected


# --------------------------------------------------------------------------
# Fixed inputs
# --------------------------------------------------------------------------


def test_rule_names_agree():
    """Every rule name the native side gives is one of layout.REASONS, and back."""
    lines = (["甲"], [0], [0], [0], [0], [0], [False], [4], [0])
    feats = ([None], [False], [False], [False], [0], [False], [0], [0], [], False, False, False)
    cols = ([4], [0], [], True, True, 2)
    for name in REASONS:
        got, _ = _native._blocks_read(lines, feats, cols, 140, 64, [name])
        assert got == [name]
    with pytest.raises(ValueError):
        _native._blocks_read(lines, feats, cols, 140, 64, ["no-such-rule"])


@pytest.mark.parametrize("options", OPTIONS, ids=[f"{c}-{h}" for c, h in OPTION_VALUES])
def test_seed_page(options):
    assert_same(SEED.read_text(encoding="utf-8"), options)


def test_seed_page_line_by_line():
    """Every line of the seed page on its own, and every run of five lines."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        assert_same(line)
        assert_same("\n".join(lines[i:i + 5]))


CASES = read_cases("layout_cases.txt")


@pytest.mark.parametrize("case", CASES, ids=[c[0][:40] for c in CASES])
def test_layout_cases(case):
    _title, text, _expected = case
    for options in OPTIONS:
        assert_same(text, options)


@pytest.mark.parametrize("path", CORPUS, ids=[f"{p.parent.name}/{p.name}" for p in CORPUS])
def test_corpus_pages(path):
    text = path.read_text(encoding="utf-8")
    assert_same(text)
    assert_same(text, OPTIONS[2])


def test_sim_pages():
    from sim import generate_page

    for seed in range(60):
        page = generate_page(random.Random(seed))
        assert_same(page.text, OPTIONS[seed % len(OPTIONS)])


def test_renderings():
    """reflow()'s own output reads a block a line (layout.reads_as_rendered):
    the seed page's, the corpus pages' and generated pages' renderings, on
    both sides — the rendered reading's joins, breaks and blocks."""
    from sim import generate_page

    from reflow import reflow

    texts = [SEED.read_text(encoding="utf-8"), *(p.read_text(encoding="utf-8") for p in CORPUS)]
    texts += [generate_page(random.Random(seed)).text for seed in range(40)]
    rendered = 0
    for k, text in enumerate(texts):
        once = reflow(text)
        assert_same(once, OPTIONS[k % 2])
        rendered += any(features.rendered for _t, features, *_ in python_sections(once, OPTIONS[0]))
    # A coverage check: 21 of the 125 renderings read so (short pages hold
    # no paragraph of a hundred characters that ends a sentence).
    assert rendered >= 15, (rendered, len(texts))


def assert_same_classify(text: str, options: Options = OPTIONS[0]) -> int:
    """Run the whole Python reading (parse) and replay every call of classify
    natively — the settle step's too, on merged blocks typed again. Returns
    how many calls were replayed."""
    from reflow import parse

    calls = []
    original = _document.classify

    def spy(blocks, layout, opts):
        before = [as_tuple(b) for b in blocks]
        original(blocks, layout, opts)
        calls.append((before, layout, opts, [as_tuple(b) for b in blocks]))

    _document.classify = spy
    try:
        with _engine.using("python"):
            parse(text, options)
    finally:
        _document.classify = original
    for before, layout, opts, after in calls:
        args = hook_args(layout.lines, layout.features, layout.columns)
        got = _native._blocks_classify(*args, before, opts.max_headline_chars, markers=hook_markers(layout.features),
                                       rules=list(layout.rules))
        assert got == after, before
    return len(calls)


def test_classify_in_the_pipeline():
    """classify as parse() calls it, the settle step included."""
    calls = assert_same_classify(SEED.read_text(encoding="utf-8"))
    for path in CORPUS[::3]:
        calls += assert_same_classify(path.read_text(encoding="utf-8"))
    from sim import generate_page

    for seed in range(20):
        calls += assert_same_classify(generate_page(random.Random(seed)).text, OPTIONS[seed % len(OPTIONS)])
    for _title, text, _expected in CASES:
        calls += assert_same_classify(text)
    assert calls > len(CASES)


# --------------------------------------------------------------------------
# Generated text
# --------------------------------------------------------------------------

any_text = st.text(st.characters(exclude_categories=()), max_size=200)


@settings(max_examples=300, **EXAMPLES)
@given(any_text, st.sampled_from(OPTIONS))
def test_any_text(text, options):
    assert_same(text, options)


HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理"
TAIL = "。，、；：！？”）…"
PIECES = [
    "▲市民在社区接种疫苗", "■本报记者 何丽 摄", "本报记者 李逸峰", "株洲日报记者 王强 通讯员 刘洋",
    "本报讯（记者 张三）", "本报讯", "新华社北京2月3日电", "株洲日报讯　", "下转第2版", "（上接第1版）", "详见第",
    "7版", "——记某某社区书记", "—记一位老党员", "传递抗疫力量……", "政协委员的抗“疫”足迹：", "朱理平", "欧阳修",
    "责任编辑：方怡斌 版面设计：关杰", "2018年7月10日", "星期一", "A10", "要闻", "An English paragraph, wrapped",
    "at sixty characters and more", "well-", "known", "（当时叫「中产阶", "产阶层」", "“我们", "学习贯彻的",
    "讲话精神", "多方筹措，确保物资及时供应", "实现社区全覆盖，", "一切行动听指挥”。", "　　", "第3版",
]


@st.composite
def structured_text(draw) -> str:
    """Line-structured CJK text: paragraphs wrapped at a column width (with or
    without an indent, sentence ends at the edge or short of it), headlines,
    captions, bylines, datelines, markers, furniture, blank lines and page
    breaks, so that most of decide's rules have something to decide."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    width = draw(st.integers(4, 30))
    out: list[str] = []
    for _ in range(draw(st.integers(1, 25))):
        choice = rng.random()
        if choice < 0.45:  # a paragraph, wrapped at the column width
            n = rng.randint(1, 8 * width)
            chars = []
            for _k in range(n):
                chars.append(rng.choice(HAN) if rng.random() > 0.12 else rng.choice(TAIL))
            if rng.random() < 0.7:
                chars.append("。")
            text = "".join(chars)
            if rng.random() < 0.2:
                text = rng.choice(["本报讯（记者 张三）", "新华社北京2月3日电 ", "株洲日报讯　"]) + text
            indent = rng.random() < 0.5
            first = width - 2 if indent else width
            lines = [("　　" if indent and rng.random() < 0.3 else "") + text[:first]]
            rest = text[first:]
            while rest:
                w = width + rng.choice([0, 0, 0, 1, -1])
                lines.append(rest[:w])
                rest = rest[w:]
            out.extend(lines)
        elif choice < 0.6:  # a short line: headline, kicker, name
            k = rng.randint(2, min(40, width + 6))
            text = "".join(rng.choice(HAN) for _ in range(k))
            if rng.random() < 0.3:
                text = text[: k // 2] + rng.choice("，、：…的和（《“") + text[k // 2:]
            out.append(text)
        elif choice < 0.85:
            out.append(rng.choice(PIECES))
        elif choice < 0.95:
            out.append("")
        else:
            out.append("\f")
        if rng.random() < 0.25:
            out.append("")
    return "\n".join(out).replace("\n\f\n", "\f")


@settings(max_examples=400, **EXAMPLES)
@given(structured_text(), st.sampled_from(OPTIONS), st.booleans())
def test_structured_text(text, options, whole):
    """(*whole*: read as one section, page breaks inside it, as the pipeline never does.)"""
    assert_same(text, options, whole)


@settings(max_examples=150, **EXAMPLES)
@given(structured_text(), st.sampled_from(OPTIONS))
def test_structured_text_classify(text, options):
    assert_same_classify(text, options)


#: Item labels, in runs that follow each other (next_item) and that do not;
#: and the openings of fields and table rows.
ITEMS = ["一、", "二、", "三、", "十、", "十一、", "（一）", "（二）", "(3)", "(4)", "1.", "2.", "１．", "２．", "2、", "3、", "①", "②",
         "一二、", "十十、", "• ", "•", "★", "※",
         "第一条　", "第二条 ", "第三条", "第十条 ", "第九十九条　", "第一百条 ", "第一百零一条　", "第一百五条 ", "第12条 ",
         "第13條　", "第二条规定",
         "地址：", "电话:", "北京 ", "人 ", "北京 43760 "]  # (fields and a table's rows: blocks._cells)


@st.composite
def item_lists(draw) -> str:
    """Lines that open with item labels, of one width (a column or a narrow
    headline box, which would glue them), the labels now one after another
    (一、 / 二、: next_item), now not, in several styles."""
    width = draw(st.integers(2, 8))
    lines = [draw(st.sampled_from(ITEMS)) + "".join(draw(st.lists(st.sampled_from(HAN[:60] + "，"), min_size=width,
                                                                   max_size=width)))
             for _ in range(draw(st.integers(2, 6)))]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n" + HAN[:40] + "。"]))


@settings(max_examples=300, **EXAMPLES)
@given(item_lists(), st.sampled_from(OPTIONS))
def test_item_lists(text, options):
    assert_same(text, options)


#: The cells of a table set as text (chars.table_row), and near misses: a one-character label, a
#: label with a mark, a number with words after it, a date.
ROW_LABELS = ["上证指数", "北京", "晴", "多云", "芙蓉区", "沪深300", "北", "北京（市）", "全市GDP增长", "2月", "这是一个很长的标签"]
ROW_NUMBERS = ["3245.67", "+1.23%", "-0.45%", "12.5%", "15℃/3℃", "1,234", "8", "3日", "个", "1/", "5‰",
               "100吨", "5万元", "1.2万人", "3亿", "20平方米", "4个", "元"]
ROW_GAPS = [" ", "  ", "\t", "\u3000", "\u00a0"]


@st.composite
def table_lines(draw) -> str:
    """Lines of a table set as text around a title and a paragraph: rows that
    stand alone (table_row), rows alone, near misses."""
    lines = [draw(st.sampled_from(["各区县增长情况", "沪深股市行情", ""]))]
    for _ in range(draw(st.integers(1, 6))):
        cells = draw(st.lists(st.sampled_from(ROW_LABELS), min_size=1, max_size=2))
        cells += draw(st.lists(st.sampled_from(ROW_NUMBERS), min_size=0, max_size=3))
        gaps = [draw(st.sampled_from(ROW_GAPS)) for _ in cells]
        lines.append(draw(st.sampled_from(["", " "])) + "".join(c + g for c, g in zip(cells, gaps)).rstrip(" \t\u3000\u00a0"))
    lines.append(draw(st.sampled_from(["", "本报讯 昨日，沪深两市股指小幅震荡，两市成交额合计", HAN[:30] + "。"])))
    return "\n".join(x for x in lines if x)


@settings(max_examples=300, **EXAMPLES)
@given(table_lines(), st.sampled_from(OPTIONS))
def test_table_rows(text, options):
    assert_same(text, options)


#: Lines of a table flattened one cell to a line (layout._cell_table), and near misses: labels too
#: long, with a mark or a space, numbers with words after them, grammar lines among the cells.
CELL_LINES = ["地区", "增长率", "芙蓉区", "天心区", "各区县增长情况", "确诊", "12.5%", "10.3%", "-0.45%", "43760", "1,380",
              "15℃/3℃", "9.8%", " 7 ", "\u300012\u3000", "2月", "3日", "这是一个很长的标签行", "增长了，", "北京 43",
              "记者 张三", "（下转A2版）", "▲图为现场", "40", "年", "本好書", "岳麓区", "张三"]


@st.composite
def cell_tables(draw) -> str:
    """Lines of a flattened table between lines of running text, blank lines
    among them or not."""
    lines = [draw(st.sampled_from(["", "本报讯 前三季度各区县主要指标如下：", HAN[:30] + "。"]))]
    lines += draw(st.lists(st.sampled_from(CELL_LINES), max_size=16))
    lines.append(draw(st.sampled_from(["", "据统计，全市生产总值同比增长6.8%。", HAN[:12]])))
    sep = draw(st.sampled_from(["\n", "\n\n"]))
    return sep.join(x for x in lines if x)


@settings(max_examples=300, **EXAMPLES)
@given(cell_tables(), st.sampled_from(OPTIONS))
def test_cell_tables(text, options):
    assert_same(text, options)


@settings(max_examples=200, **EXAMPLES)
@given(st.lists(st.text(st.sampled_from(HAN[:40] + TAIL + "▲■—-“”（）「」 abcXY12.,:;…摄记者讯版转下()\"'"), min_size=1, max_size=30),
                max_size=30), st.sampled_from(OPTIONS))
def test_short_lines(lines, options):
    """Lines drawn from the characters decide's rules read."""
    assert_same("\n".join(lines), options)


@settings(max_examples=300, **EXAMPLES)
@given(st.lists(st.text(st.characters(exclude_categories=()), max_size=8), max_size=6))
def test_join_texts(parts):
    if not parts:
        assert _native._blocks_join_texts(parts) == ""
    else:
        assert _native._blocks_join_texts(parts) == join_texts(parts)


@settings(max_examples=300, **EXAMPLES)
@given(st.lists(st.text(st.sampled_from("中文 hHtTpPsSfwW:/.@xy1,²(\"'ſ"), min_size=1, max_size=12), max_size=6))
def test_join_texts_around_addresses(parts):
    """Lines cut around web and mail addresses (blocks._cuts_address) and
    numbers (0. / 9, 13, / 390), and near misses (no ſ for s, no ² for 2)."""
    if parts:
        assert _native._blocks_join_texts(parts) == join_texts(parts)


@settings(max_examples=300, **EXAMPLES)
@given(st.lists(st.builds(str.__add__, st.text(st.sampled_from("中1²٣a "), min_size=1, max_size=3),
                          st.sampled_from(["", ".", ","])), min_size=2, max_size=5))
def test_join_texts_around_numbers(parts):
    """A number cut at a line end (0. / 9, 13, / 390): ASCII digits only."""
    assert _native._blocks_join_texts(parts) == join_texts(parts)


@settings(max_examples=300, **EXAMPLES)
@given(st.text(st.sampled_from("中文，、,。；;！？!?．.aZ”’」）) …—:：（"), max_size=12) | any_text,
       st.integers(1, 70))
def test_is_headline_text(text, limit):
    assert _native._blocks_is_headline_text(text, limit) == is_headline_text(text, Options(max_headline_chars=limit))


# --------------------------------------------------------------------------
# Coverage of the rules
# --------------------------------------------------------------------------

#: Rules no input of this file reaches (checked: if one starts to fire, drop it here).
NEVER_HIT: set[str] = set()


def test_rules_hit():
    """Most of decide's rules fire somewhere in the inputs above (the fixed
    inputs are read again here, so that this test stands alone)."""
    if len(SEEN) < 10:
        from reflow import reflow

        for path in [SEED, *CORPUS]:
            text = path.read_text(encoding="utf-8")
            for page in (text, reflow(text)):  # (its own output reads a block a line)
                for *_, rules, _raw in python_sections(page, OPTIONS[0]):
                    SEEN.update(rules[1:])
    missing = set(REASONS) - set(SEEN) - {"start"}
    print("rules never hit:", sorted(missing), "hits:", dict(SEEN))
    assert missing <= NEVER_HIT, sorted(missing)
