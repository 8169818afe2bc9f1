"""The native pipeline against the Python reference, end to end: parse()
(every Block field, glue too, and the stats) and reflow() (the text, the
stats, the jump markers) give the same on both engines.

The Python side is the pure-Python pipeline run in the same process
(``reflow._engine.using("python")``); the native side is ``reflow._native.read``
and ``reflow_text`` (rust/reflow-core/src/document.rs), which ``parse()`` and
``render_text`` use on the native engine when ``Options.convert`` is None.
Skipped, with the reason, where the native core or its pipeline is not built.
"""

from __future__ import annotations

import os
import random
from dataclasses import fields

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import test_golden
from conftest import DATA, SEED, read_cases
from reflow import Options, Reflower, _engine, parse, reflow
from reflow.layout import JOIN_RULES, REASONS
from reflow.lines import sections
from reflow.model import KINDS, Block
from reflow.render import render_text
from sim import generate_page

from native_core import _native, missing, needs

WHY = missing("read")
needs_pipeline = needs("read")

EXAMPLES = dict(
    derandomize=os.environ.get("HYPOTHESIS_PROFILE") != "dev",
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
)

# --------------------------------------------------------------------------
# What is compared
# --------------------------------------------------------------------------

BLOCK_FIELDS = [f.name for f in fields(Block)]


def rows(blocks: list[Block]) -> list[tuple]:
    """Every field of every block, glue (which Block.__eq__ leaves out) too."""
    return [tuple(getattr(b, name) for name in BLOCK_FIELDS) for b in blocks]


def run(engine: str, text: str, options: Options) -> dict:
    """What parse() and reflow() give on *engine*."""
    with _engine.using(engine):
        if engine == "native":
            assert _engine.native_options(options, reading=True) is not None, "the native pipeline is not used"
        reflower = Reflower(options)
        doc = reflower.parse(text)
        done = render_text(reflower, text)
        quiet = render_text(reflower, text, markers=False)
        plain = reflow(text, options)
    assert (quiet.text, quiet.stats, quiet.markers) == (done.text, done.stats, []), "markers=False changed more than the markers"
    return {
        "blocks": rows(doc.blocks),
        "stats": list(doc.stats.items()),  # in the reference's order
        "text": done.text,
        "render_stats": list(done.stats.items()),
        "markers": done.markers,
        "reflow": plain,
    }


def assert_same(text: str, options: Options = Options()) -> None:
    expected = run("python", text, options)
    got = run("native", text, options)
    for key in expected:
        if key == "blocks" and got[key] != expected[key]:
            first = next((i for i, (a, b) in enumerate(zip(got[key], expected[key])) if a != b), None)
            detail = (got[key][first], expected[key][first]) if first is not None else (len(got[key]), len(expected[key]))
            pytest.fail(f"blocks differ at {first}: native {detail[0]!r} != python {detail[1]!r} ({options})")
        assert got[key] == expected[key], f"{key} differs ({options})"


#: Options that change what the pipeline does, besides the defaults.
OPTIONS = [
    Options(),
    Options(keep_markers=True),
    Options(keep_furniture=False),
    Options(normalize=False),
    Options(cjk_latin_spacing="add"),
    Options(cjk_latin_spacing="remove"),
    Options(max_column_cells=12),
    Options(max_headline_chars=10, fix_spacing=False, fix_punctuation_width=False),
    Options(keep_markers=True, keep_furniture=False, fold_legacy=False, fold_fullwidth_alnum=False),
    Options(settle=False),
    Options(settle=False, keep_markers=True, normalize=False),
]
OPTION_IDS = [repr(o).removeprefix("Options(").removesuffix(")") or "defaults" for o in OPTIONS]

CASES = read_cases("layout_cases.txt")
CORPUS = sorted((DATA / "corpus" / "ci").glob("*/*.txt"))


def sim_pages(n: int = 24) -> list[str]:
    pages = []
    for seed in range(n):
        rng = random.Random(seed)
        pages.append(generate_page(rng, style=("blank", "double", "bare", "mixed")[seed % 4],
                                   era="1930s" if seed % 5 == 4 else "modern").text)
    return pages


# --------------------------------------------------------------------------
# Both sides name the same things
# --------------------------------------------------------------------------


@needs_pipeline
def test_names_agree():
    """Rule names (the layout's and the later passes'), kinds and join rules are the same sets."""
    assert set(_native.LAYOUT_RULES) == set(REASONS)
    assert len(_native.LAYOUT_RULES) == len(REASONS)
    assert set(_native.JOIN_RULES) == set(JOIN_RULES)
    assert _native.KINDS == KINDS
    later = {"section", "settled", "wrapped_headline", "headline_box", "merged"}
    assert set(_native.LATER_PASSES) == later
    import inspect

    from reflow import blocks, document

    source = inspect.getsource(document) + inspect.getsource(blocks)
    for name in later:
        assert f'"{name}"' in source, name  # each later pass is named in the reference
    from reflow.chars import NO_LINE_START, PARTICLES

    assert _native.NO_LINE_START == NO_LINE_START
    assert _native.PARTICLES == PARTICLES
    assert list(_native.OPTION_FIELDS) == [
        "max_column_cells", "max_headline_chars", "keep_markers", "keep_furniture", "normalize", "fold_legacy",
        "fold_fullwidth_alnum", "fix_punctuation_width", "fix_spacing", "cjk_latin_spacing", "settle",
    ]


@needs("_sections")
@given(text=st.text(st.sampled_from("。！？…”’」』）) \t\u3000\r\n\f中a"), max_size=200), size=st.integers(1, 12))
@settings(max_examples=400, **EXAMPLES)
def test_sections_match(text, size):
    assert [tuple(s) for s in _native._sections(text, size)] == sections(text, size)


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------


@needs_pipeline
@pytest.mark.parametrize("options", OPTIONS, ids=OPTION_IDS)
def test_seed_page(options):
    assert_same(SEED.read_text(encoding="utf-8"), options)


@needs_pipeline
@pytest.mark.parametrize("options", OPTIONS, ids=OPTION_IDS)
def test_layout_cases(options):
    for title, text, _ in CASES:
        try:
            assert_same(text, options)
        except AssertionError as exc:
            raise AssertionError(f"layout case {title!r}: {exc}") from None


@needs_pipeline
@pytest.mark.parametrize("path", CORPUS, ids=[f"{p.parent.name}/{p.stem}" for p in CORPUS])
def test_corpus_pages(path):
    text = path.read_text(encoding="utf-8")
    assert_same(text)
    assert_same(text, Options(keep_markers=True, keep_furniture=False))
    assert_same(text, Options(settle=False))


@needs_pipeline
@pytest.mark.parametrize("path", CORPUS, ids=[f"{p.parent.name}/{p.stem}" for p in CORPUS])
def test_corpus_pages_letter_spaced(path):
    """The committed pages spaced out letter by letter (the accuracy gate's
    ``--letter-spaced`` damage): the letter-spacing reads (probes, a run the
    line end cut, a spaced marker) are the same on both sides."""
    text = "\n".join(" ".join(line) if line.strip() else line for line in path.read_text(encoding="utf-8").split("\n"))
    assert_same(text)
    assert_same(text, Options(settle=False))


@needs_pipeline
@pytest.mark.parametrize("options", OPTIONS[:3], ids=OPTION_IDS[:3])
def test_sim_pages(options):
    for page in sim_pages():
        assert_same(page, options)


@needs_pipeline
def test_many_sections():
    """A text of several sections (pages, and a page over 75,000 characters cut
    at paragraph ends): offsets, lines, pages and the joins across sections."""
    seed = SEED.read_text(encoding="utf-8")
    long_page = (seed + "\n") * 12  # ~100,000 characters: cut into sections
    assert len(sections(long_page)) > 1
    assert_same(long_page)
    assert_same("\f".join([seed, "，接上页的句子。\n" + seed, "", seed]))
    assert_same(long_page.replace("。\n", "，\n"), Options(keep_markers=True))


@needs_pipeline
def test_a_quote_mark_of_no_direction_in_reflowed_text():
    """A section that reads as reflowed text (a finished line of 100 characters and more)
    whose second line meets " before ”: the native engine's one-pass quotation count
    (layout::quotes_and_hint) took ” for the first mark and joined the lines (quote_open),
    where layout._closes_quote says an undirected mark met first closes nothing. Found by a
    damage search over corpus lines (session 53); this text is the project's own."""
    text = ('“\n他们说"今天的会”(在市政府召开)。会议研究了学校建设、城市交通和农村发展等问题，要求各部门加强协作，'
            "认真听取群众意见，切实解决群众反映强烈的突出问题，推动全市经济社会持续健康发展，为明年各项工作打下坚实的基础。")
    assert_same(text)
    assert_same(text, Options(keep_markers=True))


@needs_pipeline
def test_odd_texts():
    for text in ("", "\n", "\f", "\f\f中", " \u3000 ", "，", "下转A2版①", "中\r\n\r\n\f，文", "\ud800\n\udfff",
                 "\ufeff标题\n\n\ue000正文，\n（下转第2版）\n正文。", "a\x1cb\x85c\u2028d"):
        assert_same(text)
        assert_same(text, Options(keep_markers=True, keep_furniture=False))


# --------------------------------------------------------------------------
# Hypothesis
# --------------------------------------------------------------------------

any_text = st.text(st.characters(exclude_categories=()), max_size=200)

CJK_WORDS = ["的", "中国", "记者", "株洲日报讯", "新华社北京2月3日电", "下转A2版①", "上接第1版", "详见第7版", "转4版",
             "版", "讯", "本报", "责任编辑", "标题", "▲", "——", "（", "）", "“", "”", "……", "：", "2021年", "Ａ２",
             # Markdown structure (chars.is_markdown_line) and what only looks like it
             "# ", "## ", "- ", "![](images/1.jpg)", "![", "| ", " |", "|", "<p>", "</td>", "$$", "```", "~~~", "-2", "#"]
CJK_CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说，。、；：？！"


@st.composite
def cjk_lines(draw):
    """Line-structured CJK text: lines of words and characters, blank lines, indents, page breaks."""
    out = []
    for _ in range(draw(st.integers(0, 14))):
        parts = draw(st.lists(st.one_of(st.sampled_from(CJK_WORDS), st.text(st.sampled_from(CJK_CHARS), max_size=12)),
                              max_size=6))
        indent = draw(st.sampled_from(["", "", "\u3000\u3000", "  "]))
        sep = draw(st.sampled_from(["", "", " "]))
        out.append(indent + sep.join(parts))
        out.append(draw(st.sampled_from(["\n", "\n", "\n\n", "\r\n", "\f", "\n\n\n"])))
    return "".join(out)


@needs_pipeline
@given(text=any_text)
@settings(max_examples=150, **EXAMPLES)
def test_any_text(text):
    assert_same(text)


@needs_pipeline
@given(text=cjk_lines(), options=st.sampled_from(OPTIONS))
@settings(max_examples=300, **EXAMPLES)
def test_cjk_lines(text, options):
    assert_same(text, options)


#: Decoration lines (chars.is_decoration: page furniture) and near misses among running text and
#: headlines: the line features are read by each engine.
DECORATION_LINES = ["**********", "* * *", "━━━━━━━━", "★★★", "■■■", "·\u3000★\u3000·", "═══", "＊＊＊", "**", "……",
                    "★★", "★*★", "========", "-------", "···", "####", "___",
                    "——", "、”", "- 12 -", "★★★好", "==)", "+.....", "▲▲▲", "■记者 陈静", "云龙建立23个疫情防控", "指标好于预期，",
                    "本报讯 今年以来，全市经济运行总体平稳，主要", ""]


@needs_pipeline
@given(lines=st.lists(st.sampled_from(DECORATION_LINES), max_size=12), options=st.sampled_from(OPTIONS))
@settings(max_examples=300, **EXAMPLES)
def test_decoration_lines(lines, options):
    assert_same("\n".join(lines), options)


@needs_pipeline
@given(seed=st.integers(0, 2**32 - 1), style=st.sampled_from(("blank", "double", "bare", "mixed")),
       columns=st.integers(8, 25))
@settings(max_examples=30, **EXAMPLES)
def test_generated_pages(seed, style, columns):
    assert_same(generate_page(random.Random(seed), style=style, columns=columns).text)


#: Characters of a 1930s page's body lines (runs_page).
RUNS_HAN = "本市政府昨日召開會議討論救濟辦法各區代表到會者甚衆"


def runs_page(rng: random.Random) -> tuple[str, bool, bool]:
    """A page of three- to seven-character columns cut into ten to sixteen runs
    of lines by blank lines, as layout._blanks_end_sentences reads them: one
    column's height after another (pdftotext's column breaks: *even*), or runs
    of four or five lines and of eight to twelve by turns (region output); the
    runs' last lines end with 、 more often than the others, or as often
    (*ends_alike*). Returns the text, *even* and *ends_alike*."""
    width, height = rng.randint(3, 7), rng.randint(4, 12)
    even, ends_alike = rng.random() < 0.4, rng.random() < 0.3
    inner, last = "的國民會、，、", ("的國民會、，、" if ends_alike else "、、、、，國")
    runs = []
    for n in range(rng.randint(10, 16)):
        k = height if even else rng.choice((4, 5) if n % 2 else (8, 9, 10, 11, 12))
        runs.append("\n".join("".join(rng.choice(RUNS_HAN) for _ in range(width - 1)) + rng.choice(last if j == k - 1 else inner)
                              for j in range(k)))
    return "\n\n".join(runs), even, ends_alike


@needs_pipeline
@given(seed=st.integers(0, 2**32 - 1), options=st.sampled_from(OPTIONS))
@settings(max_examples=150, **EXAMPLES)
def test_runs_pages(seed, options):
    assert_same(runs_page(random.Random(seed))[0], options)


def test_runs_pages_reach_every_verdict():
    """runs_page gives the runs test each of its answers to read: region output
    (uneven runs whose last lines end sentences more often), and no region
    output for even runs (column breaks) or where the runs' last lines end
    sentences no more often than the others."""
    from reflow.layout import _blanks_end_sentences, line_features, split_markers
    from reflow.lines import split_lines

    seen = set()
    for seed in range(300):
        text, even, ends_alike = runs_page(random.Random(seed))
        t, found = split_markers(split_lines(text))
        seen.add((even, ends_alike, _blanks_end_sentences(t, line_features(t, found, Options()))))
    assert {(False, False, True), (False, True, False), (True, False, False)} <= seen, seen
    assert not {(True, False, True), (True, True, True)} & seen, seen


# --------------------------------------------------------------------------
# The golden and the layout cases, on each engine
# --------------------------------------------------------------------------


@pytest.fixture(params=["python", "native"])
def engine(request):
    """Runs the test on the Python engine, then on the native one (its pipeline)."""
    if request.param == "native" and WHY:
        pytest.skip(WHY)
    with _engine.using(request.param):
        if request.param == "native":
            assert _engine.native_options(Options()) is not None
        yield request.param


def test_golden_on_each_engine(engine):
    test_golden.test_seed_page_matches_golden_blocks()
    test_golden.test_seed_markers_are_its_three_jumps_to_a2()
    test_golden.test_seed_spans_cover_their_source_lines()
    test_golden.test_reflow_renders_blocks_one_per_line_without_markers()


@pytest.mark.parametrize("title,text,expected", CASES, ids=[c[0] for c in CASES])
def test_layout_case_on_each_engine(engine, title, text, expected):
    assert [(b.kind, b.text) for b in parse(text).blocks] == expected


@needs_pipeline
def test_convert_reads_natively_and_renders_in_python():
    """With convert set the native core reads the blocks and Python converts
    and renders them (OpenCC is Python's); the Python engine reads in Python."""
    with _engine.using("native"):
        assert _engine.native_options(Options(convert="s2t")) is None
        assert _engine.native_options(Options(convert="s2t"), reading=True) is not None
    with _engine.using("python"):
        assert _engine.native_options(Options()) is None
        assert _engine.native_options(Options(convert="s2t"), reading=True) is None


@needs_pipeline
@pytest.mark.parametrize("config", ["t2s", "s2t"])
def test_convert_on_each_engine(config):
    """OpenCC after the reading: the same blocks, stats, text and markers on
    both engines, the settle step reading the text before conversion on both;
    pages counted across sections (a form feed)."""
    opencc = pytest.importorskip("opencc")
    seed = SEED.read_text(encoding="utf-8")
    texts = [seed, opencc.OpenCC("s2t").convert(seed), *sim_pages(8), *(p.read_text(encoding="utf-8") for p in CORPUS[:6])]
    texts.append("\f".join(texts[:4]))
    for text in texts:
        assert_same(text, Options(convert=config))
        assert_same(text, Options(convert=config, keep_markers=True))


@needs_pipeline
def test_reflow_keeps_to_its_options_and_engine(monkeypatch):
    """reflow() keeps the options tuple of its last native call (render.plain_text):
    a call with other options, or on the Python engine, must not use it."""
    text = "标题\n\n下转A2版①\n\n正文。"
    assert reflow(text) == "标题\n正文。"
    assert reflow(text, keep_markers=True) == "标题\n下转A2版①\n正文。"
    assert reflow(text) == "标题\n正文。"

    def native_called(*args):
        raise AssertionError("the native pipeline ran on the Python engine")

    monkeypatch.setattr(_engine, "plain_text", native_called)
    with _engine.using("python"):
        assert reflow(text) == "标题\n正文。"
        assert reflow(text, keep_markers=True) == "标题\n下转A2版①\n正文。"


def test_numbers_beyond_int64_run_in_python():
    options = Options(max_column_cells=2**70)
    assert _engine.native_options(options) is None
    with _engine.using("python"):
        expected = reflow("标题\n正文。", options)
    assert reflow("标题\n正文。", options) == expected


@needs_pipeline
def test_threads_share_the_pipeline():
    """The native pipeline runs with the GIL released: two threads reading
    pages at once get what one thread gets."""
    from concurrent.futures import ThreadPoolExecutor

    pages = [p.read_text(encoding="utf-8") for p in CORPUS[:12]] * 2
    with _engine.using("native"):
        alone = [reflow(p) for p in pages]
        with ThreadPoolExecutor(2) as pool:
            together = list(pool.map(reflow, pages))
            parsed = list(pool.map(lambda p: rows(parse(p).blocks), pages[:6]))
        assert together == alone
        assert parsed == [rows(parse(p).blocks) for p in pages[:6]]
