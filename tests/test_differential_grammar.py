"""The native line grammars (grammar.rs, markers.rs) against patterns.py and
markers.py, their specification: the same answer from every function, for any
``str`` at all.

The native side is reached through the hidden hook ``_native._grammar(name,
text)``, which returns what the Python function returns (a ``JumpMarker`` as
the tuple ``(direction, page, seq, raw, pages)``). The native tests are skipped,
with the reason, where the extension or the hook is missing; the check that
the generated Rust patterns are current runs everywhere.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import random

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from conftest import DATA, ROOT, SEED, read_cases, read_table
from reflow import markers, patterns
from test_differential import EXAMPLES, any_text, interesting_text

from native_core import _native, needs

needs_native = needs("_grammar")

#: The functions with a native twin, and the module each lives in.
FUNCTIONS = {
    "is_byline": patterns,
    "dateline_length": patterns,
    "is_running_head": patterns,
    "is_folio": patterns,
    "is_name": patterns,
    "is_signature_date": patterns,
    "closes_with_photo_credit": patterns,
    "parse_marker": markers,
    "parse_jump": markers,
    "split_trailing_marker": markers,
    "split_leading_marker": markers,
    "split_inner_marker": markers,
}
#: Helpers compared too, on the labels and numerals they are meant for.
HELPERS = {"chinese_number": markers, "normalize_label": markers}


def as_plain(value):
    """A Python answer in the hook's shape: a JumpMarker becomes a tuple."""
    if isinstance(value, markers.JumpMarker):
        return dataclasses.astuple(value)
    if isinstance(value, tuple):
        return tuple(as_plain(v) for v in value)
    return value


def python(name: str, text: str):
    module = FUNCTIONS.get(name) or HELPERS[name]
    return as_plain(getattr(module, name)(text))


def native(name: str, text: str):
    return _native._grammar(name, text)


def assert_same(text: str, names=FUNCTIONS) -> int:
    """Every function agrees on *text*; returns how many of them matched something."""
    hits = 0
    for name in names:
        expected = python(name, text)
        got = native(name, text)
        assert got == expected, f"{name}({text!r}): native {got!r}, Python {expected!r}"
        hits += expected not in (None, False, 0)
    return hits


def pieces(lines: list[str]) -> list[str]:
    """Each line, each pair of neighbours joined, each line's first and last 40 characters."""
    out = []
    for i, line in enumerate(lines):
        out += [line, line[:40], line[-40:], line.strip()]
        if i + 1 < len(lines):
            out.append(line + lines[i + 1])
    return list(dict.fromkeys(out))


@functools.cache
def corpus_lines() -> dict[str, list[str]]:
    sources = {"seed": SEED.read_text(encoding="utf-8")}
    for title, text, _ in read_cases("layout_cases.txt"):
        sources[f"layout_cases:{title}"] = text
    for path in sorted((DATA / "corpus" / "ci").glob("*/*.txt")):
        sources[f"corpus:{path.parent.name}/{path.name}"] = path.read_text(encoding="utf-8")
    for n in range(40):
        sources[f"sim:{n}"] = sim.generate_page(random.Random(n)).text
    return {name: text.split("\n") for name, text in sources.items()}


# --------------------------------------------------------------------------
# The generated patterns
# --------------------------------------------------------------------------


def load_generator():
    path = ROOT / "rust" / "gen_patterns.py"
    spec = importlib.util.spec_from_file_location("gen_patterns", path)
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen


def test_generated_patterns_are_current():
    """rust/reflow-core/src/patterns_gen.rs is what rust/gen_patterns.py makes of patterns.py and markers.py now."""
    gen = load_generator()
    current = gen.OUT.read_text(encoding="utf-8")
    assert current == gen.render(), "the Rust grammar patterns are stale: run python rust/gen_patterns.py"


def test_generated_patterns_cover_the_functions():
    """Every pattern the ported functions use is generated (a new one would be missed)."""
    gen = load_generator()
    generated = {id(p) for _, p, _, _ in gen.PATTERNS}
    for pattern in (patterns.BYLINE, patterns.DATELINE, patterns.RUNNING_HEAD, patterns.FOLIO, patterns._LONE_NAME,
                    markers.MARKER_PATTERN, markers._ONE_PAGE, markers._TAIL, markers._HEAD):
        assert id(pattern) in generated


# --------------------------------------------------------------------------
# Native against Python
# --------------------------------------------------------------------------


@needs_native
def test_hook_rejects_unknown_names():
    with pytest.raises(ValueError):
        _native._grammar("no_such_function", "x")


DOC_EXAMPLES = [
    "株洲日报记者 李逸峰", "通讯员/文石金 刘玲 刘子溪", "记者会上，他说", "(本报记者 李楠 张茜茜)",
    "本报记者袁虹摄影报道。", "文/图 张三", "蔡家緯攝", "（謝麗娟攝）",
    "株洲日报讯 “我是学林街道三冲社区的工", "新华社北京2月3日电 记者", "通讯工作很重要", "本报讯", "【本報悉尼訊】",
    "（重慶廿二日美聯電）", "香港文匯報訊(記者 蘇榕蓉 福州報道)", "據路透社電",
    "—28—", "- 5 -", "第 12 页", "2018", "第28页",
    "中華民國二十八年四月廿三日　晶報　星期日　第四版", "责任编辑/版面设计 王五", "2018年7月10日 星期一 A10 要闻",
    "西江日报 2018年10月26日 星期二 第8版 文化", "责任编辑：方怡斌 版面设计：关杰", "责任编辑/戴静雅 美编/廖宇 校对/柏梅丽",
    "ISSN 1234-5678", "朱理平", "疫情防控", "欧阳修", "司马",
    "下转A2版①", "（上接第一版）", "第二版教材", "实现社区全覆盖，下转A2版①", "我们转发了2版的内容",
    "（上接第一版）会议指出，", "详见C03、C04、C05版", "相关新闻见A4版", "相關新聞見p04", "（转第4版）", "接第三版",
    "…下一步工作（下转第7版）", "上接A1版①中晟全肽", "◀转4版", "转4版▶", "P.8-9",
]


@needs_native
@pytest.mark.parametrize("text", DOC_EXAMPLES)
def test_docstring_examples(text):
    assert_same(text)


LABELS = ["A02", "Ｂ１", "十二", "04", "c3", "8-9", "二十", "一百零五", "廿二", "卅", "两百", "000", "Ｐ０８-０９",
          "A 02", "十", "百", "零", "x", "", "A", "a1b", "1-", "-", "二-三", "ｃ　3"]


@needs_native
@pytest.mark.parametrize("text", LABELS)
def test_helpers(text):
    assert_same(text, HELPERS)


MARKER_ROWS = read_table("markers.tsv")


@needs_native
@pytest.mark.parametrize("row", MARKER_ROWS, ids=[r[0] for r in MARKER_ROWS])
def test_marker_table(row):
    text = row[0]
    for variant in (text, " " + text + "\u3000", "他说" + text, text + "他说", "他说，" + text, text + "正文",
                    "实现社区全覆盖，" + text, "（" + text + "）", text * 2):
        assert_same(variant)


@needs_native
def test_marker_table_matches_something():
    hits = sum(python("parse_marker", r[0]) is not None for r in MARKER_ROWS)
    assert hits >= 60


@needs_native
@pytest.mark.parametrize("source", sorted(corpus_lines()))
def test_lines_match(source):
    """Every line, line pair and line end of the seed page, the layout cases, the corpus, sim pages."""
    for text in pieces(corpus_lines()[source]):
        assert_same(text)


@needs_native
def test_corpus_exercises_every_function():
    """The line corpus is not vacuous: each function says yes somewhere."""
    seen = {name: 0 for name in FUNCTIONS}
    for lines in corpus_lines().values():
        for text in pieces(lines):
            for name in FUNCTIONS:
                seen[name] += python(name, text) not in (None, False, 0)
    assert all(seen.values()), seen


# Text drawn from what the grammars look at, so that matches actually happen.
GRAMMAR_ALPHABET = (
    list("本报記记者讯訊电電转轉版接见見第上下紧详参相关闻新聞报道摄攝影文图／/·、")
    + list("①②③④⑳") + list("ABCPpc") + list("0123456789") + list("一二三十廿百两")
    + list("（）()【】[]〔〕〈〉《》◀▶<>＜＞{}｛｝@lI|") + [" ", "\u3000", "\t", "\n", "　"] + list("０１２３ＡＢ")
    + list("，。：:！？”") + list("日月年星期版页頁面—-－") + list("王李张朱欧阳司马株洲日社网")
    + list("责任编辑美校对ISSN") + ["\ud800", "\udfff", "\uffff"]
)
SP = st.sampled_from(["", "", "", " ", "  ", "\u3000", "\t"])


def pick(*options: str):
    return st.sampled_from(list(options))


# Texts shaped like each grammar (bracket, verb, page, index ...), each slot drawn
# from the forms the grammars know and a few they do not, then mutated: most match.
BRACKETS = [("", ""), ("", ""), ("（", "）"), ("(", ")"), ("【", "】"), ("[", "]"), ("〔", "〕"), ("<", ">"),
            ("＜", "＞"), ("〈", ")"), ("《", "》"), ("(", "〉"), ("◀", ""), ("", "▶"), ("◄", "►"), ("{", "｝"), ("｛", "}"), ("（", ""), ("", "）"), ("「", "」")]
marker_core = st.tuples(
    pick("下转", "下 转", "下轉", "转", "轉", "上接", "上 接", "紧接", "緊接", "接", "详见", "詳見", "参见", "參見",
         "相关新闻见", "相關新聞見", "相关报道见", "见", "見", "转发", "接受"),
    SP,
    pick("", "第", "第 "),
    pick("A2", "A02", "C03、C04、C05", "2、3", "二", "十二", "廿二", "Ｂ１", "p04", "P.8-9", "P 6", "12", "a 3", "一百零五",
         "2和3", "4/5", "B1,B2", "]", "A]", "Al", "AI1", "1]", "l2", "|", "Al13", "l|"),
    SP,
    pick("版", "版", "面", "頁", "页", "", "版教材"),
    SP,
    pick("", "", "①", "②", "⑳", "@"),
    SP,
).map("".join)
marker_alone = st.tuples(st.sampled_from(BRACKETS), SP, marker_core, SP).map(
    lambda t: t[1] + t[0][0] + t[2] + t[0][1] + t[3])
marker_like = st.one_of(
    marker_alone,
    st.tuples(pick("他说", "实现社区全覆盖，", "工作（", "正文 ", "…", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十，"),
              marker_alone).map("".join),
    st.tuples(marker_alone, pick("会议指出，", "正文", "。", " ", "中晟全肽")).map("".join),
    # Inside a line, spaces after it (split_inner_marker): one column's marker between two
    # columns' text on one line. (Without it, 1 text in 1,000 held one under some seeds.)
    st.tuples(pick("链接在斯坦福大 发都可", "他说", "实现社区全覆盖，", "正文 "), marker_alone,
              pick(" ", "  ", "   ", "\u3000"), pick("必要的情绪压力。", "会议指出，", "ab", "")).map("".join),
)
byline_like = st.tuples(
    pick("", "", "（", "(", "【"),
    SP,
    pick("", "本报", "株洲日报", "新华社", "香港文匯報", "央视网"),
    SP,
    pick("记者", "記者", "特约记者", "驻京记者", "通讯员", "实习生", "摄影", "编辑", "文", "图", "文/图", "文／圖", ""),
    pick("", " ", "/", "：", " / "),
    pick("李逸峰", "袁虹", "李楠 张茜茜", "文石金 刘玲 刘子溪", "蔡家緯", "約翰·史密斯", "王五、赵六", "昨日",
         "庄刚戴新静", "闵东卫阳兰苏怡东", "王刚李强走访", "欧阳明司马光"),
    SP,
    pick("", "", "摄", "攝影", "报道", "摄影报道", "整理"),
    SP,
    pick("", "", "）", ")", "】"),
    pick("", "", "。"),
).map("".join)
dateline_like = st.tuples(
    pick("", "", "【", "（", "(", "〔", "據", "据"),
    SP,
    pick("本报", "本報", "株洲日报", "新华社", "香港文匯報", "重慶", "美聯", "中新网"),
    pick("", "北京", "悉尼", "福州"),
    pick("", "2月3日", "廿二日", "２月３日", "十月"),
    pick("", "美聯", "专", "專"),
    pick("讯", "訊", "电", "電", ""),
    pick("", "", "(記者 蘇榕蓉 福州報道)", "（记者 李楠）"),
    pick("", "", "】", "）", ")"),
    pick("", " ", "“", "「", "\"", "我是", "2018", "。", "\n", "ab"),
).map("".join)
# Folios and names, drawn on their own in grammar_text too: is_folio and is_name say yes
# to few texts, and drawn only inside head_like they were 3 to 7 of 1,000 under some seeds.
folio_like = st.tuples(pick("—", "-", "－", "–", "——", "第", "第 ", "一"), SP, pick("28", "5", "2018", "١٢"), SP,
                       pick("—", "-", "页", "頁", "", "一", "— —179—", " 一12一")).map("".join)
name_like = st.tuples(pick("朱", "欧阳", "司马", "疫", "王"), pick("理平", "修", "", "情防控", "小明")).map("".join)
head_like = st.one_of(
    st.tuples(
        pick("", "西江日报 ", "晶報", "中華民國"),
        pick("2018年7月10日", "二十八年四月廿三日", "2018 年 10 月 26 日", ""),
        SP,
        pick("", "晶報 "),
        pick("星期一", "星期日", "週三", "礼拜天", ""),
        SP,
        pick("", "A10", "第8版", "第四版", "第 3 页", "B 2"),
        SP,
        pick("", "要闻", "文化", "国际新闻"),
    ).map("".join),
    st.tuples(
        pick("责任编辑", "責任編輯", "版面设计", "美编", "校对", "编辑"),
        pick("/", "：", " ", "/版面设计 ", "、美编/", ""),
        pick("王五", "戴静雅", "方怡斌 关杰", "吕鹏颖", "部的故事"),
        pick("", " 美编/廖宇", " 校对/柏梅丽", "  版面设计：关杰", "美编/廖宇校对/柏梅丽", "版面设计：关杰"),
    ).map("".join),
    st.tuples(pick("ISSN ", "ISSN", "邮发代号", "定价"), pick("1234-5678", "1234-567X", "41-36", "1.50元")).map("".join),
    folio_like,
    name_like,
)
signature_like = st.tuples(pick("2019", "1966", "一九六六"), pick("", "", " "),
                           pick("年10月11日", ".9.24", "年九月二十四日", "-3-8", "年10月11日电", "．9．2")).map("".join)


def mutate(base: st.SearchStrategy) -> st.SearchStrategy:
    """The texts of *base*, and the same with a character put in, dropped or changed."""
    edit = st.tuples(st.integers(0, 60), st.sampled_from(["insert", "drop", "change"]),
                     st.one_of(st.sampled_from(GRAMMAR_ALPHABET), st.characters(exclude_categories=())))

    def apply(args):
        text, edits = args
        for at, how, ch in edits:
            at = at % (len(text) + 1)
            if how == "insert":
                text = text[:at] + ch + text[at:]
            elif how == "drop":
                text = text[:at] + text[at + 1:]
            else:
                text = text[:at] + ch + text[at + 1:]
        return text

    return st.tuples(base, st.lists(edit, max_size=2)).map(apply)


caption_like = st.tuples(
    pick("", "▲", "全", "（"),
    pick("市民在社区接种疫苗", "只对母亲留下一句", "我们在现场进行拍摄", "", "一二三四五六七八九十" * 4),
    SP,
    pick("（记者 汤祥 摄）", "(吳小飛/攝)", "车怡森/摄", "本报记者 郑慧明 摄", "新京报记者彭子洋摄", " 颜瑞 摄",
         "汪婷婷摄", "拍摄", "", "（记者 李楠 张茜茜 摄影）", "／攝", "〈记者 叶芳杰 摄)", "《记者 李四 摄》"),
    SP,
).map("".join)
grammar_text = st.one_of(
    mutate(marker_like), mutate(byline_like), mutate(dateline_like), mutate(head_like), mutate(caption_like),
    mutate(signature_like), mutate(folio_like), mutate(name_like),
    st.lists(st.sampled_from(GRAMMAR_ALPHABET), max_size=30).map("".join),
)


@needs_native
@given(text=grammar_text)
@settings(max_examples=3000, **EXAMPLES)
def test_grammar_text_matches(text):
    assert_same(text)


@given(text=grammar_text)
@settings(max_examples=3000, **EXAMPLES)
def test_the_cheap_first_tests_are_necessary(text):
    """markers.may_end_marker and the photo-credit ending test skip the
    grammars only where they cannot match."""
    if markers.parse_marker(text) is not None or markers.split_trailing_marker(text) is not None:
        assert markers.may_end_marker(text), text
    start = max(0, len(text) - patterns.PHOTO_CREDIT_WINDOW)
    match = patterns.PHOTO_CREDIT.search(text, start)
    assert patterns.closes_with_photo_credit(text) == (match is not None and match.start() > 0), text


@needs_native
@given(text=interesting_text)
@settings(max_examples=500, **EXAMPLES)
def test_interesting_text_matches(text):
    assert_same(text)


@needs_native
@given(text=any_text)
@settings(max_examples=500, **EXAMPLES)
def test_any_text_matches(text):
    assert_same(text)


def test_grammar_text_hits():
    """The grammar-shaped text matches often enough to test something: each
    function says yes to some of it, and a third of it matches some grammar."""
    hits = {name: 0 for name in FUNCTIONS}
    n = matched = 0

    @given(text=grammar_text)
    @settings(max_examples=1000, **EXAMPLES)
    def count(text):
        nonlocal n, matched
        n += 1
        answers = [python(name, text) not in (None, False, 0) for name in FUNCTIONS]
        for name, yes in zip(FUNCTIONS, answers):
            hits[name] += yes
        matched += any(answers)

    count()
    assert n >= 500
    assert all(count >= 3 for count in hits.values()), (n, hits)
    assert matched >= n / 3, (n, matched, hits)


# --------------------------------------------------------------------------
# The translation's known traps, each checked where it would show
# --------------------------------------------------------------------------


def assert_some_true(name: str, texts: list[str]):
    """Native and Python agree on each text, and Python says yes to at least one (the test is not vacuous)."""
    answers = []
    for text in texts:
        expected = python(name, text)
        assert native(name, text) == expected, (name, text)
        answers.append(expected)
    assert any(a not in (None, False, 0) for a in answers), (name, texts)


@needs_native
def test_verbose_keeps_the_space_inside_a_class():
    """VERBOSE drops white space outside classes but keeps the space of [ \\t\\u3000]."""
    for sp in (" ", "\t", "\u3000", "  ", " \u3000"):
        assert_some_true("is_byline", [f"株洲日报记者{sp}李逸峰", f"文{sp}/{sp}图{sp}张三", f"记者{sp}李楠{sp}张茜茜"])
        assert_some_true("dateline_length", [f"【{sp}本報悉尼訊】", f"本报讯{sp}记者", f"本报讯（记者{sp}王芳{sp}通讯"])
        assert_some_true("is_running_head", [f"2018年7月10日{sp}星期一{sp}A10{sp}要闻", f"责任编辑/戴静雅{sp}美编/廖宇"])
        assert_some_true("is_folio", [f"-{sp}5{sp}-", f"第{sp}12{sp}页"])
        assert_some_true("parse_marker", [f"下{sp}转{sp}A2{sp}版{sp}①", f"（{sp}上接第一版{sp}）"])
        assert_some_true("split_trailing_marker", [f"全覆盖，下{sp}转A2版①", f"全覆盖{sp}下转A2版①"])
        assert_some_true("split_leading_marker", [f"（上接{sp}第一版）会议", f"上接A1版{sp}①正文"])
        assert_some_true("split_inner_marker", [f"全覆盖，下{sp}转A2版①{sp}正文", f"发都可（下转第7版）{sp}必要的"])
    # The other white space is no _SP.
    for sp in ("\u00a0", "\u2003", "\n", "\r"):
        for name, text in (("is_byline", f"株洲日报记者{sp}李逸峰"), ("is_folio", f"-{sp}5{sp}-"), ("parse_marker", f"下{sp}转A2版")):
            assert native(name, text) == python(name, text), (name, text)


def class_edges(pattern: str) -> list[str]:
    """The code points at and beside each edge of a class as Python's regex reads it."""
    gen = load_generator()
    out = set()
    for a, b in gen.class_ranges(pattern, 0):
        out.update({a - 1, a, b, b + 1})
    return [chr(c) for c in sorted(out) if 0 <= c < 0x110000]


@needs_native
def test_unicode_classes_are_pythons():
    r"""\p{Han}, \s and \d hold what Python's regex says, at every edge (the newest ideographs included)."""
    han = class_edges(r"\p{Han}")
    assert chr(0x31350) in han or chr(0x3134A) in han  # an extension of recent Unicode is in the class
    assert_some_true("is_name", ["王" + c for c in han])
    assert_some_true("is_name", ["欧阳" + c for c in han])
    assert_some_true("dateline_length", ["本报讯" + c for c in han] + ["新华社" + c + "2月3日电 记" for c in han])
    assert_some_true("is_byline", ["记者 " + c + "王" for c in han])
    spaces = class_edges(r"\s")
    assert_some_true("dateline_length", ["本报讯" + c + "记者" for c in spaces])
    assert_some_true("split_trailing_marker", ["全覆盖" + c + "下转A2版①" for c in spaces])
    assert_some_true("parse_marker", [c + "下转A2版①" + c for c in spaces])
    digits = class_edges(r"\d")
    assert_some_true("is_folio", ["-" + c + "-" for c in digits] + ["第" + c * 2 + "页" for c in digits])
    assert_some_true("is_running_head", ["ISSN " + c * 4 + "-" + c * 4 for c in digits])
    assert_some_true("is_running_head", ["2018年7月10日 星期一 A" + c + " 要闻" for c in digits])
    assert_some_true("is_signature_date", ["2019年10月1" + c + "日" for c in digits] + ["1966.9." + c * 2 for c in digits])


SURROGATE_TEXTS = [
    "\ud800", "\udfff", "\ud83d\ude00", "\uffff", "\ud800\ud800\ud800\ud800",
    "\ud800星期一\udfff第3版", "星期一\ud800\ud800第\u3000三\u3000版",
    "\ud800，下转A2版①", "全覆盖\ud800\ud800，下转A2版①", "\udfff\udfff\udfff（下转第7版）",
    "（上接第一版）\ud800会议", "上接A1版①\udfff", "下转A2版①\ud800", "\uffff下转A2版①",
    "本报讯\ud800", "本报讯 \ud800", "\ud800本报讯", "香港文匯報訊(記者 \ud800 福州報道)", "本報訊(記者\ud800\uffff)\ud800",
    "株洲日报记者 李逸峰\ud800", "—\ud800—", "王\ud800", "\ud800王", "ISSN 1234-5678\ud800\udfff", "定价\ud800\uffff",
]


@needs_native
def test_lone_surrogates():
    """A lone surrogate matches where Python matches it (., [^）)]) and nowhere else; offsets stay Python's."""
    for text in SURROGATE_TEXTS:
        assert_same(text)
    assert_some_true("is_running_head", SURROGATE_TEXTS)
    assert_some_true("dateline_length", SURROGATE_TEXTS)
    assert_some_true("split_trailing_marker", SURROGATE_TEXTS)
    assert_some_true("split_leading_marker", SURROGATE_TEXTS)


@needs_native
def test_anchors_and_line_ends():
    """fullmatch, match, ^ and \\Z and $ (before a final newline, in Python) on texts with newlines."""
    for end in ("", "\n", "\n\n", "\r\n", " \n", "\u2028"):
        texts = [x + end for x in ("株洲日报记者 李逸峰", "文/图 张三", "文 张三", "本报讯", "新华社北京2月3日电",
                                  "—28—", "下转A2版①", "全覆盖，下转A2版①", "（上接第一版）会议", "朱理平",
                                  "星期一第3版", "ISSN 1234-5678")]
        texts += [end + x for x in texts]
        for text in texts:
            assert_same(text)


@needs_native
def test_length_limits():
    """MAX_GRAMMAR_CHARS, len <= 12 for folios, MAX_MARKER_CHARS and the 4-character floor, at their edges."""
    for n in range(0, 8):
        assert_same("文 " + "王" * n)
    for fill in range(50, 66):
        assert_same("本报记者 " + "王王 " * ((fill - 5) // 3) + "王" * ((fill - 5) % 3))
        assert_same("本报讯" + "王" * fill)
        assert_same("新华社" + "北" * (fill - 8) + "2月3日电 记者")
        assert_same("ISSN 1234-5678" + "x" * (fill - 14))
        assert_same("星期一" + "王" * (fill - 7) + "第3版")
    for n in range(0, 16):
        assert_same("—" + "2" * n + "—")
        assert_same("- " + "1" * n + " -")
    for n in range(0, 46):
        assert_same("王" * n + "，下转A2版①")
        assert_same("（上接第" + "一" * (n % 5) + "版）" + "王" * n)
        assert_same(" " * n + "下转A2版①" + " " * n)
        assert_same("下转" + "A2、" * n + "A3版")
    for text in ("下转A", "转4版", "转4版 ", "，转4版", "（转4版）", "x转4版", "xx转4版"):
        assert_same(text)


@needs_native
def test_overlapped_search_for_a_trailing_marker():
    """_TAIL.finditer(overlapped=True): a later start can win when an earlier match is weak or cut by the window."""
    for text in ("他说，转4版，下转A2版①", "他说，下转转4版", "（转4版）（转5版）", "他说 接 上接A1版①", "他说 见 详见第7版",
                 "…" * 30 + "，下转A2版①", "王" * 35 + "（下转第7版）", "王" * 38 + "下转A2版①", "他（下转第7版", "他（见第7版）"):
        assert_same(text)


# --------------------------------------------------------------------------
# The translation itself, in Python (runs without the native core)
# --------------------------------------------------------------------------


def back_to_python(rust: str) -> regex.Pattern:
    r"""A generated pattern read by Python's regex again (\x{H} -> \UHHHHHHHH, \z -> \Z)."""
    text = regex.sub(r"\\x\{([0-9A-F]+)\}", lambda m: "\\U%08X" % int(m.group(1), 16), rust)
    return regex.compile(text.replace(r"\z", r"\Z"))


def spans(m: regex.Match | None):
    if m is None:
        return None
    return m.span(), {name: m.span(name) for name in m.re.groupindex}


@functools.cache
def translations():
    gen = load_generator()
    out = []
    for name, pattern, how, _ in gen.PATTERNS:
        out.append((name, pattern, how, back_to_python(gen.anchored(how, pattern)),
                    back_to_python(gen.anchored(how, pattern, relaxed=True))))
    return out


def assert_translation_agrees(text: str):
    """Each generated pattern, read back by Python, finds what the original finds on *text*
    (a lone surrogate replaced by the stand-in, as the Rust side does), and its relaxed form
    matches wherever the original does."""
    stood_in = regex.sub(r"[\ud800-\udfff]", "\uffff", text)
    for name, original, how, translated, relaxed in translations():
        if how == "search":
            expected = [spans(m) for m in original.finditer(text, overlapped=True)]
            got = [spans(m) for m in translated.finditer(stood_in, overlapped=True)]
            loose = relaxed.search(stood_in) is not None
        else:
            expected = spans(getattr(original, how)(text))
            got = spans(translated.match(stood_in))
            loose = relaxed.match(stood_in) is not None
        assert got == expected, (name, text)
        assert loose or not expected, (name, text)


def test_translation_agrees_on_the_corpus():
    for lines in corpus_lines().values():
        for text in pieces(lines):
            assert_translation_agrees(text[:60])
    for text in DOC_EXAMPLES + SURROGATE_TEXTS + [r[0] for r in MARKER_ROWS]:
        assert_translation_agrees(text)


@given(text=grammar_text)
@settings(max_examples=1000, **EXAMPLES)
def test_translation_agrees_on_grammar_text(text):
    assert_translation_agrees(text)


@needs_native
def test_long_lines():
    """Lines far past every window: the same answers, and only the windows are read (no time blow-up)."""
    long = "王" * 200_000
    for text in (long, long + "，下转A2版①", "（上接第一版）" + long, " " * 200_000, "本报讯 " + long, "\ud800" * 200_000,
                 "\n" * 100_000 + "下转A2版①", "朱理平" + " " * 200_000):
        assert_same(text)


@needs_native
@given(parts=st.lists(grammar_text, min_size=2, max_size=6), sep=st.sampled_from(["", " ", "，", "\n", "。"]))
@settings(max_examples=500, **EXAMPLES)
def test_joined_grammar_text_matches(parts, sep):
    """Grammar-shaped pieces joined past the windows (60 and 40 characters): the cut falls anywhere."""
    assert_same(sep.join(parts))


# --------------------------------------------------------------------------
# The cheaper forms the native side runs (rust/gen_patterns.py): the
# lookahead-free BYLINE (the same language under fullmatch) and the
# necessary condition tested before RUNNING_HEAD. In Python: runs without the
# native core.
# --------------------------------------------------------------------------

#: Bylines that end in the alternative with the lookahead (文/图, a space, names), alone and after others.
byline_chain = st.lists(byline_like, min_size=1, max_size=4).map(" ".join)
alt_last = st.tuples(
    st.lists(byline_like, max_size=3).map(" ".join), SP,
    pick("", "本报", "株洲日报", "新华社"), SP,
    pick("文", "图", "圖", "文/图", "文、圖", "图／文"), pick(" ", "  ", "\u3000", "\t", " \u3000", "", "   "),
    pick("张三", "李楠 张茜茜", "王五、赵六", "約翰·史密斯", "文石金 刘玲 刘子溪", "王"), pick("", " ", "  ", "\u3000", "\n", " \n", "。", "）", " 摄"),
).map("".join)
byline_text = st.one_of(mutate(byline_chain), mutate(alt_last), grammar_text, mutate(dateline_like))


@functools.cache
def generator():
    """The generator, loaded once (the checks below use it per text)."""
    return load_generator()


@functools.cache
def free_forms():
    gen = generator()
    out = []
    for name, pattern, how, _ in gen.PATTERNS:
        if name in gen.LOOKAHEAD_FREE:
            free = gen.free_pattern(name)
            rust = gen.translate(gen.LOOKAHEAD_FREE[name](), pattern.flags)
            out.append((name, pattern, how, free, back_to_python(rf"\A(?:{rust})\z" if how == "fullmatch" else rust)))
    return out


@functools.cache
def free_dateline_translated() -> regex.Pattern:
    gen = generator()
    return back_to_python(rf"\A(?:{gen.translate(gen.dateline_without_lookarounds()[1], patterns.DATELINE.flags)})")


def assert_free_forms_agree(text: str):
    """The lookahead-free form (and its Rust translation read back) accepts exactly what the pattern accepts
    (on the first 60 characters: the grammars see no more); the look-around-free DATELINE gives the same
    dateline_length."""
    text = text[:patterns.MAX_GRAMMAR_CHARS]
    stood_in = regex.sub(r"[\ud800-\udfff]", "\uffff", text)
    for name, original, how, free, translated in free_forms():
        assert how == "fullmatch", name  # the proof in the generator is for fullmatch
        expected = original.fullmatch(text) is not None
        assert (free.fullmatch(text) is not None) == expected, (name, text)
        assert (translated.match(stood_in) is not None) == expected, (name, text)
    gen = generator()
    expected = patterns.dateline_length(text)
    assert gen.dateline_end(text) == expected, text
    m = free_dateline_translated().match(stood_in)
    got = m.end("dateline") if m and text[:1] not in ("據", "据") else 0
    assert got == expected, text


def assert_prefilter_holds(text: str):
    text = text[:patterns.MAX_GRAMMAR_CHARS]
    gen = generator()
    if patterns.RUNNING_HEAD.fullmatch(text):
        assert gen.running_head_may_match(text), text


def test_free_forms_agree_on_the_corpus():
    names = [name for name, *_ in free_forms()]
    assert names == ["BYLINE"]
    hits = 0
    for lines in corpus_lines().values():
        for text in pieces(lines):
            for t in (text[:60], text[:50].rstrip() + " 文 张三", text[:30] + "\u3000图\u3000王五 "):
                assert_free_forms_agree(t)
                hits += patterns.BYLINE.fullmatch(t) is not None
    for text in DOC_EXAMPLES + SURROGATE_TEXTS + [r[0] for r in MARKER_ROWS]:
        assert_free_forms_agree(text)
    for end in ("", "\n", "\n\n", " \n", "\r\n", "“", "「", '"', "2", "２", "王", "a", "。", "\u3000"):
        for text in ("本报讯", "新华社北京2月3日电", "（重慶廿二日美聯電）", "香港文匯報訊(記者 蘇榕蓉 福州報道)", "據路透社電",
                     "据新华社电", "【本報悉尼訊】", "文 张三", "记者 李楠 图 张三"):
            assert_free_forms_agree(text + end)
    assert hits >= 100


@given(text=byline_text)
@settings(max_examples=1000, **EXAMPLES)
def test_free_forms_agree_on_byline_text(text):
    assert_free_forms_agree(text)


def test_byline_text_takes_the_lookahead():
    """The byline text exercises the alternative with the lookahead, both ways."""
    looked = patterns.BYLINE
    without = regex.compile(patterns.BYLINE.pattern.replace(patterns._ROLE_NAMES, patterns._ROLE_NAMES.replace(
        f"\n    | {patterns._SHORT_ROLE}{patterns._SP}{{1,2}}{patterns._NAMES}(?={patterns._SP}*$)\n", "\n")),
        patterns.BYLINE.flags)
    only_there = rejected = 0

    # Derandomized under every profile: the counts below are of what this
    # generator draws, a floor on its coverage, not a property of reflow (under
    # a random seed, HYPOTHESIS_PROFILE=dev, a draw fell short once).
    @given(text=st.one_of(mutate(alt_last), alt_last))
    @settings(max_examples=500, **{**EXAMPLES, "derandomize": True})
    def count(text):
        nonlocal only_there, rejected
        yes = looked.fullmatch(text) is not None
        only_there += yes and without.fullmatch(text) is None
        rejected += not yes and regex.search(r"[文图圖][ \t\u3000]", text) is not None

    count()
    assert only_there >= 20 and rejected >= 50, (only_there, rejected)


@given(text=st.one_of(any_text, interesting_text, byline_text, mutate(head_like)))
@settings(max_examples=500, **EXAMPLES)
def test_free_forms_agree_on_any_text(text):
    assert_free_forms_agree(text)
    assert_prefilter_holds(text)


def test_running_head_prefilter_on_the_corpus():
    hits = 0
    for lines in corpus_lines().values():
        for i, text in enumerate(pieces(lines)):
            for t in (text[:60], text.replace(" ", "")[:60]):
                assert_prefilter_holds(t)
                hits += patterns.RUNNING_HEAD.fullmatch(t) is not None
        # layout's running heads in pieces: short lines joined with a space.
        for i in range(len(lines)):
            assert_prefilter_holds(" ".join(lines[i:i + 6])[:60])
    for text in DOC_EXAMPLES + SURROGATE_TEXTS:
        assert_prefilter_holds(text)
    assert hits >= 50


@given(text=st.one_of(mutate(head_like), grammar_text,
                      st.lists(mutate(head_like), min_size=2, max_size=5).map(" ".join)))
@settings(max_examples=1000, **EXAMPLES)
def test_running_head_prefilter_on_grammar_text(text):
    assert_prefilter_holds(text)
