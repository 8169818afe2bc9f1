"""Invariants, checked by hypothesis over adversarial generated layouts (tests/sim.py)
and over arbitrary text.

- never raises on any str;
- lossless: every non-whitespace character of the input, folded (NFKC after
  the documented legacy-code-point table), appears in the blocks, in order;
- idempotent: reflow(reflow(x)) == reflow(x);
- no output line starts with ，。、；：）」』》;
- a marker line inserted between two paragraphs is found, and the paragraphs
  do not change.

No accuracy is measured here: the generator is not a page of a real paper,
and a score on its pages says how well the parser matches the generator (it
scored 0.98 while real pages scored 0.6-0.9). Accuracy is the corpus gate's.
"""

from __future__ import annotations

import doctest
import os
import random
import unicodedata

import pytest
import regex
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import sim
from conftest import ROOT, read_cases
from reflow import parse, reflow
from reflow.chars import LEGACY_TABLE
from reflow.layout import GLYPH_RUN, reads_as_rendered
from reflow.lines import split_lines
from reflow.model import OWN_LINE
from sim import generate_page

# The suite is deterministic (the same examples on every machine and in CI);
# HYPOTHESIS_PROFILE=dev explores at random, with more examples.
settings.register_profile(
    "default", max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Text that looks like extraction output: CJK, punctuation, digits, Latin,
# spaces, blank lines, marker and byline words, legacy code points.
NEWSPAPER_ALPHABET = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "，。、；：？！“”（）《》…—  \n\n\n\u3000\r\f"
    "0123456789ABCabc,.:;()-"
    "下转上接详见版第①②③记者通讯员株洲日报讯"
    "⾼⼤︵︶﹁﹂Ａ２\ue000\ufffd"
)
newspaper_text = st.text(alphabet=NEWSPAPER_ALPHABET, max_size=400)
any_text = st.text(max_size=300)


@st.composite
def layouts(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    return generate_page(
        random.Random(seed),
        columns=draw(st.integers(8, 25)),
        style=draw(st.sampled_from(("blank", "double", "bare", "mixed"))),
        column_height=draw(st.integers(6, 40)),
        era=draw(st.sampled_from(("modern", "modern", "modern", "1930s"))),
    )


def fold(text: str) -> str:
    """Non-whitespace characters, NFKC-folded after the legacy table."""
    folded = unicodedata.normalize("NFKC", text.translate(LEGACY_TABLE))
    return "".join(folded.split())


@given(st.one_of(any_text, newspaper_text))
def test_never_raises_on_any_str(text):
    doc = parse(text)
    assert isinstance(reflow(text), str)
    for block in doc.blocks:
        assert "\n" not in block.text
        assert 0 <= block.span[0] <= block.span[1] <= len(text)


@given(st.one_of(any_text, newspaper_text))
def test_lossless_on_any_text(text):
    doc = parse(text)
    assert fold("".join(b.text for b in doc.blocks)) == fold(text)


@given(layouts())
def test_lossless_on_layouts(page):
    doc = parse(page.text)
    assert fold("".join(b.text for b in doc.blocks)) == fold(page.text)


@given(layouts())
def test_idempotent_on_layouts(page):
    once = reflow(page.text)
    assert reflow(once) == once


# Found by test_idempotent_on_layouts: the settle step glued 快 板 、… 知 / 识，… onto the line of
# 市政协委员…以 (the marker between them is not printed); both were typed headlines and rendered
# so (宣传疫情防控 知识), while their line reads back as a paragraph (宣传疫情防控知识).
GLUED_PAGE = (
    '株洲日报讯 “加强纪律\n'
    '性，革命无不胜。”国有企\n'
    '业要加强党对企业的全面\n'
    '领导，把党建工作与企业\n'
    '生产经营深度融合，打造\n'
    '一支坚强有力的党员干部\n'
    '队伍。\n'
    '\n'
    '株洲的确诊感染人数总\n'
    '量虽然不多，但每天还在\n'
    '增加；医疗防护和消毒物\n'
    '资虽然加大了保障，但供\n'
    '\n'
    '应还很紧张。河道两岸新\n'
    '种植了樟树、桂花树等 1.2\n'
    '万株，沿线建成步道4.6 公\n'
    '里。市民可通过“ i株洲” AP\n'
    'P预约办理，平均办理时间\n'
    '缩短到 15 分钟。\n'
    '\n'
    '（下转第 5 版）\n'
    '\n'
    '云龙建立 23 个疫情防控心理援助服务微信群\n'
    '\n'
    '——专访市交通运输局负责人\n'
    '\n'
    '上接第一版\n'
    '\n'
    '副市长杨胜跃参加。工作人员介绍，新系统采用AI识\n'
    '\n'
    '别技术，每天可处理订单3万余单。国有企业要加强党对\n'
    '企业的全面领导，把党建工作与企业生\n'
    '产 经 营 深 度 融 合 ， 打 造 一 支 坚 强 有 力 的\n'
    '党员干部队伍、\n'
    '\n'
    '疫情就是命令，防控就是责任，我市\n'
    '全力以赴做好相关物资保障供应，确保\n'
    '社会大局稳定。市委书记、市人大常委会\n'
    '主任毛腾飞主持会议并讲话。4日下午，\n'
    '我市最小确诊患者治愈出院，累计已有2名患者治愈出院。\n'
    '\n'
    '▲株洲的确诊感染人数总量虽然不多，但每天还在增加；医疗防护和消毒物资虽然加大了保障，但供应还很紧张 记者 徐杰丽 摄\n'
    '\n'
    '市政协委员、市文化馆馆长邹艳君带领创作人员以\n'
    '\n'
    '相关新闻见A11版\n'
    '\n'
    '快 板 、 抖 音 视 频 等 群 众 喜 闻 乐 见 的 方 式 宣 传 疫 情 防 控 知\n'
    '识，经网络播出获点赞无数\n'
    '\n'
    '文/图 杨杰\n'
    '\n'
    '心理辅导助力疫情防控\n'
    '\n'
    '——记市中心医院发热门诊护士团队\n'
)


def test_idempotent_where_the_rendering_glues_blocks_around_a_marker():
    once = reflow(GLUED_PAGE)
    assert "市政协委员、市文化馆馆长邹艳君带领创作人员以快板" in once  # the glued line
    assert reflow(once) == once


# A clause cut off by a left-out marker runs on on the line before it (no line opens
# with ，), here a headline's: the line reads back as one paragraph, which takes the
# headline's space out. The settle step types such a line as it reads (dev, texts that
# read back changed: 15 -> 13 of 552); before, only the lines it had glued.
RUN_ON_PAGE = ("當三峽工程運行三十年後，在論證報告上簽字的專家也不敢保證重慶港不被泥沙淤積。\n\n"
               "宣傳疫情防控 知識\n\n（接1版）\n\n，即美國派兵干涉朝鮮戰爭，並不是因爲那裏有何等重要的戰略意義。\n")


def test_idempotent_where_a_clause_runs_on_after_a_headline():
    once = reflow(RUN_ON_PAGE)
    assert once.split("\n")[1] == "宣傳疫情防控知識，即美國派兵干涉朝鮮戰爭，並不是因爲那裏有何等重要的戰略意義。"
    assert reflow(once) == once
    assert [b.kind for b in parse(RUN_ON_PAGE).blocks] == ["paragraph", "paragraph", "marker", "paragraph"]


# A dateline read on a letter-spaced line (本 报 讯 （ 记 者 / 陈丽华）, 8月19 / 日 电)
# is found with its spaces taken out; printed with the byline's spacing rules, it
# kept the spaces next to its single characters (8月19日 电, （记 者陈丽华）), and
# read back it was no dateline and lost them with the paragraph's rules. A
# dateline now takes the headline's spacing rules (normalize.PIPELINE). The
# generated pages (random.Random(s) for s in 300000-302999, 400000-402999 and
# 500000-502999): 10 of 9,000 read back changed so, of 23 in all; now 13.
LETTER_SPACED_DATELINES = [
    ("新华社北京8月19\n日 电   同 时 ， 围 绕 企 业 复 工 的 需 求 ， 继 续 实 施 。\n",
     "新华社北京8月19日电 同时，围绕企业复工的需求，继续实施。", "新华社北京8月19日电"),
    ("本 报 讯 （ 记 者  \n陈丽华）社区\n还为独居老人\n安装了智能门\n磁和呼叫器。\n",
     "本报讯（记者陈丽华）社区还为独居老人安装了智能门磁和呼叫器。", "本报讯（记者陈丽华）"),
    ("新华社长沙3月24日电（\n记 者   张 杰 桂 ） “ 我 们 每 天 早\n上7点开门，晚上9点才关门。”\n",
     "新华社长沙3月24日电（记者张杰桂） “我们每天早上7点开门，晚上9点才关门。”", "新华社长沙3月24日电（记者张杰桂）"),
]


@pytest.mark.parametrize(("text", "expected", "dateline"), LETTER_SPACED_DATELINES)
def test_a_letter_spaced_dateline_reads_back_as_the_same_dateline(text, expected, dateline):
    once = reflow(text)
    assert once == expected
    assert [b.dateline for b in parse(once).blocks] == [dateline]
    assert reflow(once) == once


# Found by a random run of test_idempotent_on_layouts (the suite draws a fixed
# set): the settle round joins 本埠近日 and the headline 各界籌募賑款 onto their
# neighbours, and in the merged rendering the short lines between them
# (天氣驟寒… to 屆時…) read as a column of their own. The settle step once read
# the rendering once and, having glued nothing, took the merged rendering to
# read as it was read (``together <= joins``); here it does not. Session 29
# found that reading the merged rendering a second time (MAX_SETTLE = 2) fixed
# this page but broke more generated pages than it mended (44 of 2,000 read
# back changed, not 9). Session 43, on the code of the day: sim pages 11 of
# 9,000 read back changed with the shortcut, 5 without it; the corpus's
# real-tool texts (dev and test, every extraction, and the committed pages)
# 27 of 1,092, 21 without it; dev boundary F1 0.8286 -> 0.8288. So the settle
# step reads the merged rendering again, up to MAX_SETTLE rounds.
TWO_ROUNDS_PAGE = (
    '寒衣募集已告竣事\n'
    '\n'
    '（南京七日電）警察\n'
    '局為維持秩序起見、\n'
    '已派員分赴各米店\n'
    '查看、如\n'
    '有囤積居\n'
    '奇者、定\n'
    '予嚴辦、\n'
    '本報前載\n'
    '該廠停工\n'
    '消息、茲悉已於昨\n'
    '日復工。本埠近日\n'
    '天氣驟寒、街頭露\n'
    '宿者漸多、各慈善\n'
    '團體已設粥廠數處、\n'
    '每日施粥兩次、據\n'
    '記者探悉、該路工\n'
    '程預定年內完成、\n'
    '屆時交通當更便利\n'
    '云、\n'
    '\n'
    '各界籌募\n'
    '賑款\n'
    '\n'
    '聞該校定於下月一日開\n'
    '學、新生報名者甚為踴\n'
    '躍 、 惟 近 來 物 價 高 漲 、 小\n'
    '民生計維艱、當局亟應\n'
    '\n'
    '設法救濟、以安人心、聞\n'
    '該校定於下月一日開學、\n'
    '新生報名者甚為踴躍、\n'
    '是晚到會者甚眾、由主\n'
    '席報告開會宗旨後、即\n'
    '行討論。\n'
    '\n'
    '當局決定嚴禁囤積\n'
    '\n'
    '各界籌募\n'
    '賑款\n'
    '\n'
    '各界人士對於此舉、無不\n'
    '交口稱讚、\n'
    '\n'
    '據該會負責人稱、本年秋\n'
    '收尚稱豐稔、惟運輸不暢、\n'
    '以致市價連日上漲、是日\n'
    '天氣晴和、遊人如織、公園\n'
    '內外、頗極一時之盛、\n'
    '\n'
    '據記者探悉、該路工程預\n'
    '定年內完成、屆時交通當\n'
    '更便利云、\n'
    '\n'
    '（下轉第五版）\n'
)


FOUND_PAGES = read_cases("idempotent_pages.txt")


@pytest.mark.parametrize("title, page, expected", FOUND_PAGES, ids=[title for title, _, _ in FOUND_PAGES])
def test_idempotent_on_found_pages(title, page, expected):
    """Pages the property tests found under other seeds (tests/data/idempotent_pages.txt)."""
    once = reflow(page)
    for kind, text in expected:
        assert kind == "alone", kind
        assert text not in once.split("\n"), title
    assert reflow(once) == once, title


#: Texts that read back changed, each shaped after a case a damage search over corpus
#: lines found (session 53: lines dropped, doubled, split, spaced, marks put in; the
#: texts here are the project's own).
MUTATION_CASES = [
    # layout piece_wrap: a line that opens with a mark runs on; in no column, so do the
    # pieces after it that stop in mid-word (one settle round a piece took more rounds than it has)
    ("a chain of pieces after a line that opens with a mark", "》发展\n\n市民\n交通\n工作我们\n问题今天"),
    # layout._spaced_rest_opening: the marker's rest spaced out, read only once normalized
    ("a marker whose rest is spaced out", "全市共投入资金三千万元。(转\n第 1 7 版 )"),
    ("a marker cut after its first character, its rest spaced", "下\n转十 四版"),
    # normalize.widen_punctuation: pairs read as their second reading reads them
    ("brackets in brackets", "他说(香港(九龙)地区)的交通很方便。"),
    ("a bracket beside a mark it widens", "会议,(a)"),
    # document._spaced_alone: a one-line text's block typed as its line reads back (a
    # headline whose normalized text opens like a dateline, 某社电)
    ("a one-line headline that reads back as a paragraph", "某 社电 今日 发布消息"),
    # document._kept_run: a paragraph that keeps OCR's runs of spaces between Latin
    # letters, printed on its own line, read back as a headline, whose rules squeezed
    # them (the one dev corpus text that read back changed, session 54)
    ("a paragraph that keeps a run of spaces and reads back as a headline",
     "我們說的會議、\n大家都很滿意、\n的結果、\nabc    x      I QR"),
    # layout._leading_over: a marker that opens its line and ends inside the next, text
    # after it, read as one line reads it (the marker split off), not run into the text
    ("a bracketed marker broken over two lines, text after it", "（转1\n版）员"),
    ("a marker of a two-character verb broken over two lines, text after it", "下转十\n二版意"),
    ("a marker whose opening bracket stands alone, text after it", "（\n转1版）另据报道，本市今年共新建"),
    # layout._lost_over: a marker that lost a bracket, broken over two lines, is one marker
    # as its line is (markers.parse_lost_bracket), not a headline
    ("a marker that lost its closing bracket, broken over two lines", "(接\n1版"),
    # layout.line_dateline: a dateline read without the spaces between a digit and a
    # Chinese character, as its rendering reads (its ideographic space then a separator)
    ("a dateline whose date the extraction spaced", "本报4 日讯\u3000今天"),
    # ... and without the space between two Chinese characters that the dateline keeps
    # between its fields (本報 特訊）) once the rest of its letter-spaced line lost its spaces
    ("a letter-spaced dateline whose fields keep a space", "本報 特訊） 今 天 開 會"),
    # blocks.is_headline_text: a text is measured without its spaces; counted, they made a
    # line OCR spaced out in part running text, whose rules kept ABC  |, and its shorter
    # rendering read back as a headline, whose rules squeeze the run
    ("a headline OCR spaced out in part, longer than a headline only with its spaces",
     "各界人 | 正在做 | 今天的 | 工作說一個 月 |  大 家 都  |  很 好 的  | 服 務社區今都 來 |  在 會 場  | A B C  | 工 作組"),
    # blocks.joined_dateline: a dateline whose credit the column cut inside its first word,
    # which no line reads as a dateline alone, is read on the joined text, as its rendering is
    ("a dateline cut inside its credit's first word", "本报讯（记\n者\n雪）\u3000们"),
    # ... and a dateline the grammar reads longer on the joined text (the cut credit is its)
    ("a dateline whose credit a tab and a line end cut", "日报讯\t（记\n者"),
    # layout._name_goes_on: a byline that ends with a mark cut no name; the line after it
    # was joined as the name's rest, and the joined text read back as no byline
    ("a byline that ends with a mark, one character after it", "记者 张。\n篇\n《"),
    # patterns.PHOTO_CREDIT: a caption's rules take the space after its last sentence
    # mark out; the credit after the mark, with no space, still closes a caption
    ("a caption whose credit follows a sentence mark", "社区 接种点。 张三摄"),
]


def test_a_one_line_text_is_typed_as_its_line_reads_back():
    """处 本报记者 张三: a stray character before a byline. Typed a headline, its text rules
    took the space after 处 out, and the line read back as a byline; typed as its line
    reads, it is the byline it reads back as, its spaces kept (document._spaced_alone)."""
    [block] = parse("处 本报记者 张三").blocks
    assert (block.kind, block.text) == ("byline", "处 本报记者 张三")


@pytest.mark.parametrize("title, text", MUTATION_CASES, ids=[title for title, _ in MUTATION_CASES])
def test_idempotent_on_mutation_cases(title, text):
    once = reflow(text)
    assert reflow(once) == once, title


#: Cases that read back changed only under other options than the defaults: (title, text,
#: options). Each failed before the fix its comment names.
OPTION_CASES = [
    # layout._inner_over: a marker inside two lines, text on both sides, set off by a space
    # after it; left in the text, its rendering (one line) read back with it split off
    ("a marker inside two lines, a space after it", "，（转4\n版） 察", {"normalize": False}),
    ("a marker inside two lines after a bracketed word", "廣（轉9版\n） |", {"keep_markers": True}),
    ("a marker inside two lines after a mark", "！下转\n十版 的行", {"keep_markers": True}),
    # layout._spaced_rows: a marker OCR spread out (a run of spaces inside it), read with one
    # space in each run; left in the line, its text rules took the run out
    ("a marker a run of spaces spreads out", "否（转    0版）", {"keep_markers": True}),
    # layout._opened_before: 以（ 下 / 轉八版 / ）, the bracket in the marker
    ("a marker over three lines whose bracket a space parts from it", "以（ 下\n轉八版\n）", {"keep_markers": True}),
]


@pytest.mark.parametrize("title, text, options", OPTION_CASES, ids=[title for title, _, _ in OPTION_CASES])
def test_idempotent_on_option_cases(title, text, options):
    once = reflow(text, **options)
    assert reflow(once, **options) == once, title


LAYOUT_CASES = read_cases("layout_cases.txt")


@pytest.mark.parametrize("title, text", [(t, x) for t, x, _ in LAYOUT_CASES], ids=[t for t, _, _ in LAYOUT_CASES])
def test_idempotent_on_the_layout_cases(title, text):
    """Every layout case reads back as printed; among them the lines that show
    several blocks (a marker between 截至 2 and 月 3日, a clause cut off at a
    decimal point), whose text rules read the whole line (``Reflower._line_texts``)."""
    once = reflow(text)
    assert reflow(once) == once


@given(layouts())
def test_a_rendering_that_reads_a_block_a_line_reads_back_without_a_second_parse(page):
    """Where reflow()'s output reads a block a line (layout.reads_as_rendered: 1,840 of
    3,000 generated pages, session 47; dev corpus 405 of 552, all read back so), reading it back takes no settle step: the rendered reading
    joins only where the lines' text says so, and the settle step took those joins
    already, to the end. (Dev corpus: 1 of the 334 such renderings read back changed, a
    block's kind read otherwise, and its spaces with it; session 43: none of 336. Random seeds,
    HYPOTHESIS_PROFILE=dev, find pages of that one class too: a dateline a marker cut in
    two, 新华社长沙11 月 4 / 日电…, glued on one line keeps the spaces its first half's kind
    kept, which the line read back as a paragraph takes out.)"""
    once = reflow(page.text)
    assume(reads_as_rendered(split_lines(once).text))
    assert reflow(once, settle=False) == once


def test_text_already_a_paragraph_a_line_passes_through():
    """Text a converter (or reflow) already wrote a paragraph to a line is read so
    (layout.reads_as_rendered): no line joins another for want of a sentence end (a page
    cut the paragraph after the headlines on a comma), and two headlines stay two, though
    the first ends on 的 (which no headline phrase ends on: read as a page, the two were
    one wrapped headline)."""
    para = "疫情发生以来，政协委员发挥自身岗位优势，将音乐、戏曲、朗诵、说唱等文艺作品鼓舞斗志，温暖人心"
    text = "\n".join([
        "政协委员文艺抗疫",
        para * 3 + "。",
        "很多人认为它是政治正确的",
        "中国大妈与非洲猴子",
        "据了解，全市各级政协组织共创作抗疫作品三百余件，在各类媒体刊发，",
        para + "。",
    ])
    doc = parse(text)
    assert [b.text for b in doc.blocks] == text.split("\n")
    assert [b.kind for b in doc.blocks][:3] == ["headline", "paragraph", "headline"]
    assert reflow(text) == text


def test_a_rendering_of_a_page_whose_full_stop_is_the_pause_reads_a_block_a_line():
    """On a page of the 1930s, 、 is the full stop (layout._pause_stop): reflow()'s
    rendering of it ends its paragraphs with 、 and holds no 。, and reads a block a
    line (layout.pause_ended). Before, it was read as a page, and the settle step
    joined blocks the first reading had kept apart (dev split, region-by-region
    RapidOCR: boundary F1 0.9108 -> 0.9126)."""
    para = "各部隊奮勇進攻、已將敵軍包圍於城北、記者昨日訪問該處、據云戰事將於日內結束、"
    lines = ["前線戰況", para * 3, "城北已告肅淸", "（中央社重慶廿日電）" + para * 2]
    assert reads_as_rendered(lines)
    assert not reads_as_rendered([line.replace("據云", "據云。") for line in lines])
    text = "\n".join(lines)
    assert reflow(text) == text
    assert [b.kind for b in parse(text).blocks] == ["headline", "paragraph", "headline", "paragraph"]


def test_idempotent_where_one_settle_round_leaves_a_column():
    once = reflow(TWO_ROUNDS_PAGE)
    assert reflow(once) == once


CORPUS_PAGES = sorted((ROOT / "tests" / "data" / "corpus" / "ci").glob("*/*.txt"))


@pytest.mark.parametrize("path", CORPUS_PAGES, ids=[f"{p.parent.name}/{p.stem}" for p in CORPUS_PAGES])
def test_idempotent_on_the_committed_corpus_pages(path):
    """Real tools' output (Chromium's pages read by pdftotext, PyMuPDF, Tesseract and
    RapidOCR, tests/data/corpus) reads back unchanged, every extraction of every page.
    (Session 43: 83 of 84 did; a round of the settle step that joined lines is now read
    again. On the corpus made from the snapshot, dev and test, 1,008 texts: 11 still read
    back changed, each an extraction that interleaves columns or garbles a line;
    ``benchmarks/accuracy.py`` prints the share per variant, *reads back*.)"""
    once = reflow(path.read_text(encoding="utf-8"))
    assert reflow(once) == once


@given(newspaper_text)
def test_idempotent_on_newspaper_text(text):
    once = reflow(text)
    assert reflow(once) == once


#: Pieces of lines where columns run together: jump markers in their printed
#: forms, bits of body text and headline, lone brackets and marks.
_MARKER_SOUP = st.lists(
    st.tuples(
        st.sampled_from(["下转A2版①", "（上接第一版）", "(转4版)", "（下转第二版）", "转5版", "见第3版", "下轉13版",
                         "会议指出，要做好疫情防控工作。", "全市今年新建学校十所，", "总投资约三亿元", "要闻",
                         "The quick brown fox.", "3.5亿元", "撑", "（", "）", "。", "、", "第3版", "记者"]),
        st.sampled_from(["", " ", "\u3000", "\n", "\n\n"]),
    ),
    min_size=1, max_size=8,
).map(lambda parts: "".join(a + b for a, b in parts))


@given(_MARKER_SOUP)
def test_idempotent_on_lines_of_markers_and_text(text):
    """Several jump markers on a line — run together (下转A2版①下转A3版②), at
    either end (下轉13版 記（下轉第九版）), inside and at the end, at the start
    of what another leaves — are each split off, so none is left in a block
    that its own line in the output shows (split_markers, _segment_rows):
    before, 20 of 3,000 such lines did not read back unchanged."""
    once = reflow(text)
    assert reflow(once) == once


@pytest.mark.parametrize("text", [
    "。▲图为现场 王五 摄",
    "株洲日报讯（记者 李四） ▲图为现场 王五 摄",
    "会议指出，要做好疫情防控工作。 ▲图为新建的学校 王五 摄",
])
def test_idempotent_where_a_caption_credit_loses_its_space(text):
    """A caption glued after other text is a caption by its closing photo
    credit (王五 摄); its text rules print the credit 王五摄, which the credit
    grammar once did not read: read back, the block was a paragraph, and its
    rules took out the space before the name."""
    once = reflow(text)
    assert reflow(once) == once
    assert parse(once).blocks[-1].kind == "caption"


_ENGLISH_WORDS = ("the quick brown fox jumps over lazy dog while newspapers print columns of text that "
                  "wrap at fixed widths and readers Monday Beijing officials said schools").split()


@st.composite
def english_paragraphs(draw):
    """Two to four paragraphs of English sentences, as plain text sets them."""
    words = st.sampled_from(_ENGLISH_WORDS)
    paragraphs = []
    for _ in range(draw(st.integers(2, 4))):
        sentences = [" ".join(draw(st.lists(words, min_size=3, max_size=14))).capitalize()
                     + draw(st.sampled_from([".", "!", "?", ",", ";"])).replace(",", ".").replace(";", ".")
                     for _ in range(draw(st.integers(1, 4)))]
        paragraphs.append(" ".join(sentences))
    return paragraphs


@given(english_paragraphs(), st.integers(30, 90), st.sampled_from(["\n\n", "\n\n\n"]))
def test_english_paragraphs_wrapped_ragged_come_back_whole(paragraphs, width, blank):
    """English set ragged right in paragraphs apart by blank lines — plain
    text as mail and book files wrap it (textwrap) — reads as its paragraphs,
    whatever sentence ends short of the edge (english_wrap): Chinese first,
    nothing else harmed."""
    import textwrap
    text = blank.join(textwrap.fill(p, width) for p in paragraphs)
    assert reflow(text) == "\n".join(paragraphs)


#: Clauses of our own Chinese text, and the Latin words, numbers and web
#: addresses a typesetter moves down whole where they do not fit.
_CLAUSES = ("政务中心开通预约平台", "市民可以登录网站预约", "也可拨打热线咨询", "平台由本地企业开发",
            "上线一周受理两千件", "群众反映良好", "工作人员介绍", "今后还将推出新服务")
_MOVED = ("https://zwfw.example.gov.cn/yuyue", "www.example.com", "Microsoft", "WeChat", "2020", "iPhone",
          "someone@example.com", "GitHub")


def _set_words_whole(paragraph: str, width: int, push: bool = False) -> list[str]:
    """*paragraph* set in a column *width* characters wide as a typesetter
    sets Chinese: any character may end a line, but a run of ASCII moves
    down whole where it does not fit, and a mark never opens a line: it
    hangs, or (*push*, as Chromium sets it) takes the word or character
    before it down with it; the first line indented two characters."""
    tokens = regex.findall(r"[!-~]+|.", paragraph)
    need = [len(token) if token.isascii() else 2 * len(token) for token in tokens]
    lines, line, used = [], ["\u3000\u3000"], 4
    for k, token in enumerate(tokens):
        if used + need[k] > 2 * width and used:
            if token not in "，。":
                lines.append("".join(line))
                line, used = [], 0
            elif push and len(line) > 1:
                lines.append("".join(line[:-1]))
                line, used = line[-1:], need[k - 1]
        line.append(token)
        used += need[k]
    return lines + ["".join(line)]


@st.composite
def moved_word_paragraphs(draw):
    """Two or three paragraphs of our own clauses, Latin words among them."""
    paragraphs = []
    for _ in range(draw(st.integers(2, 3))):
        clauses = [draw(st.sampled_from(_CLAUSES)) + draw(st.sampled_from(("",) * 8 + _MOVED))
                   for _ in range(draw(st.integers(8, 14)))]
        paragraphs.append("，".join(clauses) + "。")
    return paragraphs


@given(moved_word_paragraphs(), st.integers(18, 26), st.booleans())
def test_a_line_above_a_word_moved_down_whole_runs_on(paragraphs, width, push):
    """A line that stops short of its column because the Latin word, number
    or web address after it did not fit runs on (word_moved): the paragraphs
    come back whole, the moved words intact — also where the mark after the
    word went down with it (*push*: no line opens with ，, and Chromium hangs
    no mark). Columns wide enough for the longest address (an address wider
    than its column overflows it, and its line then stands in no column:
    left), paragraphs long enough to show their column."""
    text = "\n".join(line for p in paragraphs for line in _set_words_whole(p, width, push))
    assert [b.text for b in parse(text).blocks] == paragraphs


@given(moved_word_paragraphs(), st.integers(18, 26), st.data())
def test_a_line_printed_a_glyph_to_a_line_reads_as_the_line(paragraphs, width, data):
    """A line an extraction printed a glyph to a line (PyMuPDF on a line the
    typesetter spaced out; a headline set vertically) reads as the line
    printed whole (join_glyph_runs): the same blocks. Lines of three
    characters or more that hold no ASCII, so that each glyph is one line."""
    lines = [line for p in paragraphs for line in _set_words_whole(p, width)]
    candidates = [k for k, line in enumerate(lines) if len(line.strip()) >= GLYPH_RUN and line.strip() == line
                  and line.isascii() is False and not regex.search(r"[!-~]", line)]
    assume(candidates)
    k = data.draw(st.sampled_from(candidates))
    spread = lines[:k] + list(lines[k]) + lines[k + 1:]
    whole = [(b.kind, b.text) for b in parse("\n".join(lines)).blocks]
    assert [(b.kind, b.text) for b in parse("\n".join(spread)).blocks] == whole


@given(st.lists(st.sampled_from(["撑", "人", "。", "（上接第一版）", "下转A2版", "正文一句话。", "", "a", " "]), max_size=12))
def test_idempotent_on_lines_of_single_characters(pieces):
    """Blocks of one character each in a row — lines a character each, apart
    by blank lines or not, pieces a marker cut apart — read back as a glyph
    run; the settle step joins them first, so reading the output back
    changes nothing."""
    once = reflow("\n".join(pieces))
    assert reflow(once) == once


@given(layouts())
def test_no_line_starts_with_closing_punctuation(page):
    """A block that opens with a mark goes on on the line before it — unless
    that line ends with a running head, a byline or a kept marker, whose line
    is their own (model.OWN_LINE)."""
    own = [b.text for b in parse(page.text).blocks if b.kind in OWN_LINE]
    lines = reflow(page.text).split("\n")
    for before, line in zip([""] + lines, lines):
        if line.startswith(tuple("，。、；：）」』》")):
            assert any(before.endswith(text) for text in own), (before, line)


def test_a_clause_after_a_running_head_keeps_its_own_line():
    # PyMuPDF printed a clause (cut off by a page's furniture) after the running head. Glued
    # onto it, the line read back as a paragraph and lost the running head's spaces.
    text = "青禾日报 2019年4月20日 星期日 A5 综合\n，成为GitHub的热门榜首仓库。\n"
    once = reflow(text)
    assert once == "青禾日报 2019年4月20日 星期日 A5 综合\n，成为GitHub的热门榜首仓库。"
    assert reflow(once) == once


MARKERS = st.tuples(
    st.sampled_from([("下转", "continued_on"), ("转", "continued_on"), ("上接", "continued_from"),
                     ("下轉", "continued_on"), ("详见", "see")]),
    st.sampled_from([("A2", "A2"), ("A02", "A2"), ("第二", "2"), ("第12", "12"), ("B10", "B10"), ("第十二", "12")]),
    st.sampled_from([("", None), ("①", 1), ("③", 3), ("⑩", 10)]),
    st.sampled_from([("", ""), ("（", "）"), ("(", ")"), ("【", "】")]),
)


@given(layouts(), MARKERS, st.integers(0, 1000))
def test_inserted_marker_is_found_and_changes_only_its_paragraph(page, marker, pick):
    """A marker line inserted between two true paragraphs is found, parsed, and
    changes nothing but the blocks it falls between: where the reading without
    it had already split there, nothing changes; where it had glued the two (no
    indent, no blank, 、 as the full stop), the marker splits them — a 下转
    marker ends its article's text, and blocks stay in input order. A marker
    is no evidence of layout: every statistic of the page reads as if it were
    not there."""
    assume(marker_places(page))  # a page with no two paragraphs in a row says nothing here
    check_inserted_marker(page, marker, pick)


# Pages on which the property above failed under other seeds (HYPOTHESIS_PROFILE=dev):
# generate_page's keywords, its seed, the marker and the place it goes in. The marker's
# line tipped a page-level statistic: 、 as the full stop (4 。 in 39 lines: the 40th
# line made it one in ten; 2497), region output told by the runs between blank lines
# (the blank under the marker cut one run in two; 1598, 97); or the settle step read the
# rendering, one more line long, as a text layer cut at its marks (439, 1361).
INSERTED_MARKER_CASES = [
    (dict(columns=22, style="double", column_height=28, era="1930s"), 19773744,
     (("详见", "see"), ("第十二", "12"), ("", None), ("（", "）")), 2),
    (dict(columns=23, style="mixed", column_height=29, era="1930s"), 12654563,
     (("下轉", "continued_on"), ("A2", "A2"), ("③", 3), ("", "")), 2),
    (dict(columns=14, style="mixed", column_height=29, era="modern"), 768144,
     (("详见", "see"), ("A2", "A2"), ("", None), ("", "")), 4),
    (dict(columns=20, style="bare", column_height=25, era="1930s"), 3476442,
     (("上接", "continued_from"), ("B10", "B10"), ("⑩", 10), ("(", ")")), 4),
    (dict(columns=11, style="bare", column_height=27, era="1930s"), 10777760,
     (("上接", "continued_from"), ("第十二", "12"), ("⑩", 10), ("", "")), 5),
]


@pytest.mark.parametrize("keywords, seed, marker, pick", INSERTED_MARKER_CASES)
def test_inserted_marker_on_pages_that_once_failed(keywords, seed, marker, pick):
    check_inserted_marker(generate_page(random.Random(seed), **keywords), marker, pick)


def marker_places(page) -> list[int]:
    """Places between two paragraphs: the start of a paragraph that follows one."""
    return [page.starts[i] for i in range(1, len(page.blocks))
            if page.blocks[i][0] == "paragraph" and page.blocks[i - 1][0] == "paragraph"]


def check_inserted_marker(page, marker, pick):
    """The property of test_inserted_marker_is_found_and_changes_only_its_paragraph."""
    (verb, direction), (label, expected_page), (seq_text, seq), (left, right) = marker
    if verb == "转" and not (left or seq_text):
        verb = "下转"  # a bare 转 needs a bracket or an index to count inside a page
    lines = page.text.split("\n")
    places = marker_places(page)
    at = places[pick % len(places)]
    raw = f"{left}{verb}{label}版{seq_text}{right}"
    with_marker = "\n".join(lines[:at] + [raw, ""] + lines[at:])
    doc = parse(with_marker)
    found = [m for m in doc.markers if m.raw == raw]
    assert found, raw
    assert (found[0].direction, found[0].page, found[0].seq) == (direction, expected_page, seq)

    def squeeze(text: str) -> str:
        return "".join(text.split())

    before = [squeeze(b.text) for b in parse(page.text).blocks if b.kind != "marker"]
    after = [squeeze(b.text) for b in doc.blocks if b.kind != "marker"]
    # What differs is one stretch around the marker: at most the blocks the
    # reading without it had on either side of it and one more (a fragment the
    # marker's break gives back to its block), cut anew, the same text in the
    # same order.
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    q = 0
    while q < min(len(before), len(after)) - p and before[-1 - q] == after[-1 - q]:
        q += 1
    assert "".join(before[p:len(before) - q]) == "".join(after[p:len(after) - q])
    assert len(before) - q - p <= 3, (before[p:len(before) - q], after[p:len(after) - q])


def test_generator_examples():
    # tests/sim.py is outside the package, so test_doctests does not reach it.
    assert doctest.testmod(sim, optionflags=doctest.ELLIPSIS).failed == 0


def test_generated_text_is_its_blocks():
    # The generator's own invariant: the true blocks are the page's text, in
    # order, and each block starts on the line it says.
    for seed in range(300):
        page = generate_page(random.Random(seed))
        assert "".join(page.text.split()) == "".join("".join(t for _, t in page.blocks).split()), seed
        lines = page.text.split("\n")
        for (_, text), start in zip(page.blocks, page.starts, strict=True):
            assert "".join(text.split()).startswith("".join(lines[start].split())), seed


# A two-line snippet of one sentence (short_text_wrap): a text of two lines shows no column, and
# the first line leaves the sentence open (it holds the comma, and stops in mid-phrase or on the
# comma itself) above a shorter last line that ends it.
SNIPPET_HAN = "国家统计局今天发布数据显示经济运行总体平稳发展质量稳步提升市场预期持续改善"


@st.composite
def two_line_snippets(draw):
    head = draw(st.text(alphabet=SNIPPET_HAN, min_size=2, max_size=12))
    tail = draw(st.text(alphabet=SNIPPET_HAN, min_size=2, max_size=20))
    sentence = head + "，" + tail + "。"
    width = draw(st.integers(len(head) + 1, len(sentence) - 2))
    first, last = sentence[:width], sentence[width:]
    assume(len(last) + 1 <= len(first) and last[0] not in "，。")
    return sentence, first + "\n" + last + "\n"


@given(two_line_snippets())
def test_a_two_line_snippet_is_one_paragraph(snippet):
    sentence, text = snippet
    assert [(b.kind, b.text) for b in parse(text).blocks] == [("paragraph", sentence)]
    assert reflow(text) == sentence


# A web or mail address in Chinese text, cut by line ends anywhere: the lines of one block join
# back into the address (blocks.join_texts: nothing between the pieces of an address, where
# English text would have a space between two Latin words).
ADDRESS_PIECE = "abcdefghxyzABZ0123456789-_"


@st.composite
def addresses(draw):
    kind = draw(st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "www.", "http://www.", "mail"]))
    name = draw(st.text(alphabet=ADDRESS_PIECE, min_size=1, max_size=20))
    domain = draw(st.sampled_from([".com", ".gov.cn", ".com.cn", ".org"]))
    if kind == "mail":
        return name + "@" + draw(st.text(alphabet=ADDRESS_PIECE, min_size=1, max_size=10)) + domain
    path = draw(st.lists(st.text(alphabet=ADDRESS_PIECE, min_size=1, max_size=12), max_size=4))
    return kind + name + domain + "".join("/" + p for p in path) + draw(st.sampled_from(["", ".html", "/", "?id=12"]))


@settings(max_examples=300)
@given(addresses(), st.text(alphabet=SNIPPET_HAN, min_size=1, max_size=8), st.text(alphabet=SNIPPET_HAN, max_size=8),
       st.data())
def test_an_address_cut_by_line_ends_joins_whole(address, before, after, data):
    from reflow import _engine
    from reflow.blocks import join_texts

    sentence = before + address + after
    cuts = sorted(set(data.draw(st.lists(st.integers(1, len(sentence) - 1), min_size=1, max_size=6))))
    parts = [sentence[i:j] for i, j in zip([0, *cuts], [*cuts, len(sentence)])]
    assert join_texts(parts) == sentence
    if _engine.native is not None:
        assert _engine.native._blocks_join_texts(parts) == sentence
