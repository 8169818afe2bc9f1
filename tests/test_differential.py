"""The native core against the Python engine, its specification: the same text,
the same changed-character counts, the same trace, the same line table, for any
``str`` at all.

The Python side of every comparison is the pure-Python code of normalize.py and
lines.py, run in the same process (``reflow._engine.using("python")``). The
native tests are skipped, with the reason, where the extension is not built;
the check that the generated Rust tables are current runs everywhere.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEED, options_from_spec, read_table, unescape
from reflow import Options, _engine, explain, parse
from reflow.lines import split_lines
from reflow.normalize import _LATIN_SPACING, PIPELINE, Normalizer, fold_characters, normalize
from reflow.options import SPACING_CHOICES

from native_core import _native, needs

needs_native = needs()

EXAMPLES = dict(
    derandomize=os.environ.get("HYPOTHESIS_PROFILE") != "dev",
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
)

# --------------------------------------------------------------------------
# What to compare on
# --------------------------------------------------------------------------

#: Every block kind, and one the pipelines do not know (no rules: unchanged).
KINDS = [*sorted(PIPELINE), "no-such-kind"]

#: Every combination of the switches the text rules read.
OPTION_SETS = [Options(normalize=False)] + [
    Options(fold_legacy=a, fold_fullwidth_alnum=b, fix_punctuation_width=c, fix_spacing=d, cjk_latin_spacing=e)
    for a, b, c, d, e in itertools.product([True, False], [True, False], [True, False], [True, False], SPACING_CHOICES)
]

#: Characters the rules look at, and the ones that test their edges: CJK and
#: its punctuation, kana and hangul, legacy and full-width forms, every kind of
#: space and line end, ASCII punctuation the rules widen, digits and number
#: signs, an astral ideograph, combining marks, lone surrogates, NUL, BOM.
INTERESTING = (
    "中文的一是在了〇々あア한"
    "，。、；：？！“”‘’（）《》【】「」…—·"
    "⾼⼤⾧︵︶﹁﹂︽︾豈\U0002f800Ａ２ｚ０"
    " \t\u00a0\u3000\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"
    ",:;!?()%‰.-/_"
    "0123456789ABCXYZabcxyz"
    "\U00020000\U0002a6d6\U00031350\U0001b132\u0301\u20dd"
    "\ud800\udfff\ud83d\x00\ufeff\ue000\ufffd①●○◎■□▲△▼▽◆◇★☆•※"
)
interesting_text = st.text(
    st.one_of(st.sampled_from(INTERESTING), st.sampled_from(INTERESTING), st.characters(exclude_categories=())),
    max_size=80,
)
any_text = st.text(st.characters(exclude_categories=()), max_size=60)  # every code point, surrogates too


_NORMALIZERS: dict = {}


def normalizer(engine: str, options: Options) -> Normalizer:
    """A Normalizer of *engine* (one per engine and options, its counts emptied)."""
    key = (engine, options)
    if key not in _NORMALIZERS:
        with _engine.using(engine):
            _NORMALIZERS[key] = Normalizer(options)
    n = _NORMALIZERS[key]
    n.counts = {}
    return n


def run_normalizer(engine: str, options: Options, text: str, kind: str):
    """(text, counts, trace) from a Normalizer of *engine*."""
    n = normalizer(engine, options)
    trace: list = []
    out = n(text, kind, trace)
    return out, n.counts, trace


def run_fold(engine: str, options: Options, text: str):
    with _engine.using(engine):
        return fold_characters(text, options)


def assert_same_normalization(text: str, kind: str, options: Options) -> None:
    expected = run_normalizer("python", options, text, kind)
    assert run_normalizer("native", options, text, kind) == expected, (text, kind, options)
    assert run_fold("native", options, text) == run_fold("python", options, text), (text, options)


def native_table(text: str) -> dict:
    with _engine.using("native"):
        return _engine.line_table(text).tolists()


def python_table(text: str) -> dict:
    with _engine.using("python"):
        return _engine.line_table(text).tolists()


# --------------------------------------------------------------------------
# The two sides describe the same things
# --------------------------------------------------------------------------


def test_generated_tables_are_current():
    """rust/reflow-core/src/tables.rs is what rust/gen_tables.py makes of chars.py now."""
    path = ROOT / "rust" / "gen_tables.py"
    spec = importlib.util.spec_from_file_location("gen_tables", path)
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    current = gen.OUT.read_text(encoding="utf-8")
    assert current == gen.render(), "the Rust character tables are stale: run python rust/gen_tables.py"


@needs_native
def test_rule_names_agree():
    python_rules = {rule.__name__ for rules in PIPELINE.values() for rule, _ in rules}
    python_rules |= {rule.__name__ for rule in _LATIN_SPACING.values()}
    assert set(_native.RULE_NAMES) == python_rules
    assert len(_native.RULE_NAMES) == len(set(_native.RULE_NAMES))
    assert _native.LINE_COLUMNS == _engine.COLUMNS


@needs_native
def test_every_kind_and_option_set_runs_native():
    for options in OPTION_SETS:
        with _engine.using("native"):
            normalizer = Normalizer(options)
        assert set(normalizer._native) == set(PIPELINE)  # no kind falls back to Python


# --------------------------------------------------------------------------
# Text rules
# --------------------------------------------------------------------------


@needs_native
@given(text=interesting_text, kind=st.sampled_from(KINDS), options=st.sampled_from(OPTION_SETS))
@settings(max_examples=600, **EXAMPLES)
def test_normalization_matches_on_interesting_text(text, kind, options):
    assert_same_normalization(text, kind, options)


#: Rows of a table set as text (chars.table_row: the space rules keep their cells apart) and
#: near misses: cells and gaps drawn from a table's pieces and the characters around them.
ROW_PIECES = ["上证指数", "北京", "晴", "北", "芙蓉区", "沪深300", "3245.67", "+1.23%", "-0.45%", "15℃/3℃", "1,234",
              "8", "3日", "个", "1/", "（市）", "，", " ", "  ", "\t", "\u3000", "\u00a0", "+", "‰", "℃", "2", ".",
              "100吨", "5万元", "1.2万人", "3亿", "万", "亿", "元", "平方米", "3个"]
row_text = st.lists(st.sampled_from(ROW_PIECES), max_size=8).map("".join)


#: Headlines whose spaces stand inside a word or between two phrases (normalize._splits_word):
#: characters that make words with each other in several ways (政策 源政 策的; 名单 单一 一等; 大学
#: 学学 学生), spaces of every kind, single characters among them.
WORD_PIECES = ["能源政", "策的", "调整", "名单", "一等奖", "获奖", "大学", "学生会", "渡江戰", "役", "政", "策", "单", "一",
               "学", " ", "  ", "\t", "\u00a0", "，", "23", "获奖名单 一等奖", "大学 学生会", "能源政 策的调整", "渡江戰 役",
               "名单 一", "单 一等", "政 策"]
word_text = st.lists(st.sampled_from(WORD_PIECES), max_size=8).map("".join)


@needs_native
@given(text=st.one_of(row_text, word_text), kind=st.sampled_from(KINDS), options=st.sampled_from(OPTION_SETS))
@settings(max_examples=800, **EXAMPLES)
def test_normalization_matches_on_table_rows_and_words_cut_by_spaces(text, kind, options):
    assert_same_normalization(text, kind, options)


#: Web and mail addresses among Chinese text and spaces (chars.address_ends: a space that ends one
#: stays): their openers in either case and near misses, paths in Chinese, mail domains and what
#: only looks like one (@人民日报), CJK punctuation and every kind of white space after them.
ADDRESS_PIECES = ["https://", "HTTP://", "hTtPs://", "http:/", "ftp://", "FTP://", "www.", "WWW.", "ww.", "@", "zhang",
                  "163.com", "a.b-c", "baike.baidu.com/item/", "x.cn/", "新冠", "例子.中国", "人民日报", "2020", "年",
                  "了解", "a", ".", "-", "/", " ", "  ", "\t", "\u00a0", "\u3000", "\x1c", "\n", "，", "。", "（", "）",
                  "1,234.5", "PCT", "号"]
address_text = st.lists(st.sampled_from(ADDRESS_PIECES), max_size=12).map("".join)


@needs_native
@given(text=address_text, kind=st.sampled_from(KINDS), options=st.sampled_from(OPTION_SETS))
@settings(max_examples=800, **EXAMPLES)
def test_normalization_matches_around_addresses(text, kind, options):
    assert_same_normalization(text, kind, options)


#: Text that opens with the marker of a Markdown heading or list item (which the rules leave
#: alone: chars.markdown_marker), or with what only looks like one.
marked_text = st.builds(
    str.__add__,
    st.sampled_from(["# ", "## ", "###### ", "####### ", "#\t", "- ", "-  ", "* ", "+ ", "#", "-", "- \u3000"]),
    interesting_text,
)


@needs_native
@given(text=marked_text, kind=st.sampled_from(KINDS), options=st.sampled_from(OPTION_SETS))
@settings(max_examples=300, **EXAMPLES)
def test_normalization_matches_after_a_markdown_marker(text, kind, options):
    assert_same_normalization(text, kind, options)


@needs_native
@given(text=any_text, kind=st.sampled_from(KINDS), options=st.sampled_from(OPTION_SETS))
@settings(max_examples=300, **EXAMPLES)
def test_normalization_matches_on_any_text(text, kind, options):
    assert_same_normalization(text, kind, options)


ALL_RULES = sorted(
    {rule for rules in PIPELINE.values() for rule, _ in rules} | set(_LATIN_SPACING.values()), key=lambda r: r.__name__
)


@needs_native
@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.__name__ for r in ALL_RULES])
@given(text=interesting_text)
@settings(max_examples=150, **EXAMPLES)
def test_each_rule_matches(rule, text):
    number = bytes([_native.RULE_NAMES.index(rule.__name__)])
    out, changes = _native.apply_rules(text, number, True, True)
    expected = rule(text)
    assert out == expected
    assert [(c[2]) for c in changes] == ([expected] if expected != text else [])


#: Brackets nested and side by side, marks of either width beside them, spaces,
#: Latin and Chinese (widen_punctuation reads pairs as its output will be read).
BRACKET_PIECES = ["(", ")", "（", "）", ",", "，", ":", "!", "?", "中", "香港", "a", "Ab", "3", " ", "  ", "]", "[x]",
                  "The Ministry", "据", "。", "\u3000", "\t", "\n", "的" * 60]


@needs_native
@given(text=st.lists(st.sampled_from(BRACKET_PIECES), max_size=24).map("".join),
       kind=st.sampled_from(KINDS), options=st.sampled_from(OPTION_SETS))
@settings(max_examples=300, **EXAMPLES)
def test_normalization_matches_around_brackets(text, kind, options):
    assert_same_normalization(text, kind, options)


ROWS = read_table("normalize.tsv")


@needs_native
@pytest.mark.parametrize("row", ROWS, ids=[f"{r[0]}:{r[1]}" for r in ROWS])
def test_table_cases_match(row):
    """The normalization table, under its own options, as every kind, under every option set."""
    kind, before = row[0], unescape(row[1])
    options = options_from_spec(row[3] if len(row) > 3 else "")
    results = []
    for engine in ("python", "native"):
        with _engine.using(engine):
            results.append(normalize(before, kind, options))
    assert results[0] == results[1]
    assert_same_normalization(before, kind, options)
    for k in KINDS:
        assert_same_normalization(before, k, Options())
    for opts in OPTION_SETS:
        assert_same_normalization(before, kind, opts)


@needs_native
def test_seed_page_matches():
    page = SEED.read_text(encoding="utf-8")
    for options in OPTION_SETS:
        assert run_fold("native", options, page) == run_fold("python", options, page)
    lines = [line for line in page.splitlines() if line.strip()]
    for options in (Options(), Options(cjk_latin_spacing="add"), Options(cjk_latin_spacing="remove"), Options(fix_spacing=False)):
        for kind in KINDS:
            p, n = normalizer("python", options), normalizer("native", options)
            assert [n(line, kind) for line in lines] == [p(line, kind) for line in lines]
            assert n.counts == p.counts
            assert n(page, kind) == p(page, kind)  # the whole page as one text


@needs_native
def test_documents_and_explanations_match():
    """End to end: parse() and explain() give the same blocks, stats and steps."""
    page = SEED.read_text(encoding="utf-8")
    damaged = page.replace("，", ",").replace("日", "日 ").replace("A", "Ａ") + "\n⾼鐵 港⼤ 局⾧ ︵謝麗娟攝︶ (AAP) 社区(村)\n"
    for text, options in ((page, Options()), (damaged, Options()), (damaged, Options(cjk_latin_spacing="add"))):
        with _engine.using("python"):
            expected = parse(text, options)
            expected_steps = explain(text, options)
        with _engine.using("native"):
            got = parse(text, options)
            got_steps = explain(text, options)
        assert got.blocks == expected.blocks
        assert got.stats == expected.stats
        assert got_steps == expected_steps


# --------------------------------------------------------------------------
# The line table
# --------------------------------------------------------------------------

line_text = st.text(
    st.one_of(st.sampled_from("\n\n\r\n\x0c \u3000\t中a，" + INTERESTING), st.characters(exclude_categories=())),
    max_size=120,
)


@needs_native
@given(text=line_text)
@settings(max_examples=500, **EXAMPLES)
def test_line_table_matches(text):
    assert native_table(text) == python_table(text)


@needs_native
@given(text=any_text)
@settings(max_examples=200, **EXAMPLES)
def test_line_table_matches_on_any_text(text):
    assert native_table(text) == python_table(text)


def test_python_line_table_is_split_lines():
    """The Python engine's table is split_lines' lines, column by column."""
    text = SEED.read_text(encoding="utf-8") + "\r\n\x0c\u3000\u3000末行 \u2028 x\x1c"
    with _engine.using("python"):
        table = _engine.line_table(text)
    lines = split_lines(text)
    assert len(table) == len(lines)
    assert table.start.tolist() == lines.start
    assert table.end.tolist() == lines.end
    assert [text[a:b] for a, b in zip(table.start, table.end)] == lines.text
    assert table.number.tolist() == lines.number
    assert table.gap.tolist() == lines.gap
    assert table.page.tolist() == lines.page
    assert table.page_break.tolist() == [int(x) for x in lines.page_break]
    assert table.width.tolist() == lines.width
    assert table.indent.tolist() == lines.indent
    assert table.row(len(lines) - 2)[7] == 8  # two ideographic spaces before 末行


@needs_native
def test_seed_page_line_table_matches():
    page = SEED.read_text(encoding="utf-8")
    assert native_table(page) == python_table(page)
    assert native_table(page.replace("\n", "\r\n")) == python_table(page.replace("\n", "\r\n"))


def _one_line_per_category() -> str:
    """One line per Unicode general category: its first few code points, with
    spaces, CJK, digits and punctuation around them."""
    firsts: dict[str, list[str]] = {}
    for cp in range(0x110000):
        cat = unicodedata.category(chr(cp))
        if len(firsts.setdefault(cat, [])) < 3:
            firsts[cat].append(chr(cp))
    return "\n".join(f"中 {c[0]} {c[-1]}文, {''.join(c)} 3 ({c[0]})" for c in firsts.values())


@needs_native
def test_one_line_per_code_point_class():
    text = _one_line_per_category()
    assert native_table(text) == python_table(text)
    for kind in KINDS:
        assert_same_normalization(text, kind, Options())
        assert_same_normalization(text, kind, Options(cjk_latin_spacing="add"))


# --------------------------------------------------------------------------
# Odd and large input: no crash, linear work (sizes kept small enough for the
# suite; nothing here is timed)
# --------------------------------------------------------------------------

MB = 1_000_000


def _adversarial():
    """(name, text, lines in it, characters of it the Python engine can check in a moment)."""
    yield "single line", "中文 a, 2 月(村)" * (2 * MB // 24), 1, 100_000
    yield "下下转转", "下下转转" * (MB // 12), 1, 100_000
    yield "NUL bytes", ("\x00" * 1000 + "中 文\x00 ,") * 200, 1, 100_000
    yield "lone surrogates", "\ud800中 \udfff, 1 \udc00文\n" * 20_000, 20_000, 100_000
    yield "CRLF", "一行文字，\r\n\r\n" * 50_000, 50_000, 100_000
    yield "blank lines", "\n" * 1_000_000, 0, 100_000
    yield "spaced letters", "a " * MB, 1, 100_000
    # A number that fails _NUM_CJK at its end: the Python pattern retries it from
    # each digit in it (quadratic: 40 kB take seconds), so Python checks a piece.
    yield "numbers", "中 " + "1%" * (MB // 2) + " a", 1, 2_000
    yield "number list", "中 " + "1," * (MB // 2) + "a", 1, 2_000


ADVERSARIAL = list(_adversarial())


@needs_native
@pytest.mark.parametrize("name,text,lines,piece", ADVERSARIAL, ids=[a[0] for a in ADVERSARIAL])
def test_adversarial_input(name, text, lines, piece):
    """The whole text through the native engine; a piece of it against Python."""
    assert _native.line_table(text)[1] == lines
    with _engine.using("native"):
        folded, _ = fold_characters(text, Options())
        out = [Normalizer(Options())(text, kind) for kind in ("paragraph", "headline", "marker")]
    assert folded == text and all(isinstance(v, str) for v in out)
    part = text[:piece] + text[-3:]
    assert native_table(part) == python_table(part)
    for kind in ("paragraph", "headline", "marker"):
        assert_same_normalization(part, kind, Options())


# --------------------------------------------------------------------------
# The extension's own behaviour
# --------------------------------------------------------------------------


@needs_native
def test_a_panic_is_a_python_exception():
    with pytest.raises(_native.NativeError, match="panicked in _panic_for_tests: boom") as info:
        _native._panic_for_tests("boom")
    assert isinstance(info.value, RuntimeError)
    assert "REFLOW_ENGINE=python" in str(info.value)
    with pytest.raises(RuntimeError, match="panicked in _panic_for_tests: held"):
        _native._panic_for_tests("held", attached=True)  # with the GIL held, outside the released part
    assert _native.apply_rules("中 文", bytes([4]), True, False) == ("中文", [(4, 1, None)])  # still alive


@needs_native
def test_native_functions_check_their_arguments():
    with pytest.raises(TypeError):
        _native.apply_rules(b"bytes", bytes([4]), False, False)
    with pytest.raises(TypeError):
        _native.line_table(None)
    with pytest.raises(ValueError, match="no rule number 99"):
        _native.apply_rules("x", bytes([99]), False, False)


@needs_native
def test_unchanged_text_is_the_same_object():
    text = "清洁的中文文本。" * 10
    assert _native.apply_rules(text, bytes(range(len(_native.RULE_NAMES) - 1)), True, True)[0] is text
    assert _native.fold_characters(text, True, True)[0] is text


@needs_native
def test_a_leading_bom_and_surrogates_survive():
    from reflow.normalize import remove_cjk_spaces

    for text in ("\ufeff中 文", "\ud800 中 文 \udfff", "\x00中 文"):
        out, _ = _native.apply_rules(text, bytes([_native.RULE_NAMES.index("remove_cjk_spaces")]), False, False)
        assert out == remove_cjk_spaces(text)
        assert out[0] == text[0]
        assert_same_normalization(text, "paragraph", Options())


@needs_native
def test_threads_share_the_native_core():
    """Native work runs with the GIL released: threads calling it at once get
    what one thread gets (nothing is timed)."""
    from concurrent.futures import ThreadPoolExecutor

    page = SEED.read_text(encoding="utf-8")
    texts = [page[i:] + " 中 , 文 " * i for i in range(0, 4000, 250)]
    rules = bytes(range(5))

    def work(text):
        return _native.apply_rules(text, rules, True, False), _native.line_table(text)

    expected = [work(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(work, texts)) == expected
