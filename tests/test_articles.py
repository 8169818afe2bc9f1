"""Articles: grouping on the seed page (reviewed golden file), stitching pages, properties."""

from __future__ import annotations

import os
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from articles_golden import describe
from conftest import DATA, SEED
from reflow import parse, reflow, stitch
from sim import article_grouping_accuracy, generate_page

A1 = SEED.read_text(encoding="utf-8")
A2 = (DATA / "page_a2.txt").read_text(encoding="utf-8")


def _golden() -> str:
    lines = (DATA / "seed_000.articles.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("#"))


def test_seed_articles_match_the_reviewed_golden_file():
    assert describe(parse(A1).articles) == _golden()


def test_each_seed_marker_belongs_to_one_article_and_breaking_off_is_flagged():
    articles = parse(A1).articles
    owners = {b.marker.seq: n for n, a in enumerate(articles) for b in a.markers}
    assert sorted(owners) == [1, 2, 3] and len(set(owners.values())) == 3
    broken = [a.body[-1].text[-8:] for a in articles if a.breaks_off]
    assert broken == ["实现社区全覆盖，", "线上招聘通知发布后，"[-8:]]
    # What the page shows (reviewed by hand): the first article breaks off and
    # carries 下转A2版①; the second breaks off with no marker printed; ② and ③
    # follow articles that end a whole sentence. Breaking off and a 下转 marker
    # are separate evidence, and each is read on its own.
    seqs = [(a.headlines[0].text[:6], a.breaks_off, a.continues_on.seq if a.continues_on else None)
            for a in articles if a.breaks_off or a.continues_on]
    assert seqs == [("云龙建立23", True, 1), ("株洲高新区全", True, None), ("中晟全肽：向", False, 2), ("阳卫国安排部", False, 3)]


def test_articles_rendering_puts_headlines_first():
    text = reflow(A1, articles=True)
    first = text.split("\n\n")[0].split("\n")
    assert first[:4] == ["云龙建立23个疫情防控心理援助服务微信群", "心理辅导助力疫情防控", "株洲日报记者 李逸峰", "通讯员/文石金 刘玲 刘子溪"]
    second = text.split("\n\n")[1].split("\n")
    assert second[0] == "株洲高新区全力保障企业复工复产" and second[1] == "株洲日报记者 胡乐"
    assert len(text.split("\n\n")) == 9


def test_stitch_two_pages_into_whole_articles():
    articles = stitch([A1, A2], labels=["A1", "A2"])
    assert articles.unmatched == []
    first = articles[0]
    assert first.title.startswith("云龙建立23个") and first.page == "A1"
    # The broken sentence reads on as one paragraph.
    assert first.body[-1].text.endswith("实现社区全覆盖，确保每一名社区工作者都能及时得到心理疏导。目前，各服务群已累计提供心理咨询服务300余人次，受到基层干部群众的一致好评。")
    by_title = {a.headlines[0].text: a for a in articles}
    zhongsheng = by_title["中晟全肽：向全球药物研发机构免费开放超大型多肽库"]
    assert zhongsheng.body[-1].text.startswith("中晟全肽相关负责人表示")
    assert zhongsheng.body[-2].text.endswith("专利授权。")  # a whole sentence ended: a new paragraph follows
    assert by_title["阳卫国安排部署疫情防控工作"].body[-1].text.startswith("阳卫国要求")
    # Page A2's pieces were absorbed: no article of page A2 stands alone.
    assert all(a.page == "A1" for a in articles)


def test_stitch_without_index_falls_back_to_page_labels():
    a1 = "下转A2版\n\n" + A1.replace(" 下转A2版①", "").replace("下转A2版②", "").replace("下转A2版③", "")
    a2 = A2.replace("上接A1版②", "").replace("上接A1版③", "").replace("上接A1版①", "上接A1版")
    articles = stitch([a1, a2], labels=["A1", "A2"])
    assert articles[0].body[-1].text.endswith("实现社区全覆盖，确保每一名社区工作者都能及时得到心理疏导。目前，各服务群已累计提供心理咨询服务300余人次，受到基层干部群众的一致好评。")


def test_stitch_reports_duplicated_missing_and_absent_pages():
    duplicated = A2.replace("上接A1版②", "上接A1版①")
    articles = stitch([A1, duplicated], labels=["A1", "A2"])
    reasons = [reason for _, _, reason in articles.unmatched]
    assert any("match it" in r for r in reasons)  # two 上接A1版① for one 下转A2版①
    assert any(m.seq == 2 and "no continued-from marker" in r for _, m, r in articles.unmatched)
    alone = stitch([A1], labels=["A1"])
    assert {m.seq for _, m, _ in alone.unmatched} == {1, 2, 3}
    assert all("not among the pages" in r for _, _, r in alone.unmatched)
    assert len(alone) == len(parse(A1).articles)  # nothing dropped
    orphan = stitch(["上接A9版①\n\n这是续文。"], labels=["A10"])
    assert orphan.unmatched and orphan.unmatched[0][1].page == "A9"


@st.composite
def pages(draw):
    return generate_page(random.Random(draw(st.integers(0, 2**32 - 1))), articles=draw(st.integers(1, 5)))


@given(pages())
@settings(max_examples=100, deadline=None, derandomize=os.environ.get("HYPOTHESIS_PROFILE") != "dev")
def test_every_body_block_belongs_to_exactly_one_article(page):
    doc = parse(page.text)
    body = [b for b in doc.blocks if b.kind in ("paragraph", "subheading")]
    placed = [b for a in doc.articles for b in a.body]
    assert sorted(map(id, placed)) == sorted(map(id, body))
    shown = [b for a in doc.articles for b in a.headlines + a.bylines + a.body + a.markers + a.other]
    assert sorted(map(id, shown)) == sorted(map(id, doc.blocks))  # every block somewhere, once


def test_article_grouping_accuracy_floor():
    # A floor on generated pages (the benchmark prints the figure); never lower it silently.
    assert article_grouping_accuracy(150)["accuracy"] >= 0.95


# -- chains and joins (issue 12, item 15) ----------------------------------------------

A2_TO_A3 = A2.replace("咨询服务300余人次，受到基层干部群众\n的一致好评。\n", "咨询服务300余人次，受到基层干部群众\n\n下转A3版①\n")
A3 = "上接A2版①\n\n的一致好评。各社区也纷纷表示将继续\n做好心理疏导工作，确保疫情防控工作\n有序开展。\n"


def test_stitch_follows_a_chain_of_jumps():
    assert A2_TO_A3 != A2
    for order in ([0, 1, 2], [2, 1, 0], [1, 0, 2]):
        pages = [[A1, A2_TO_A3, A3][i] for i in order]
        labels = [["A1", "A2", "A3"][i] for i in order]
        articles = stitch(pages, labels=labels)
        assert articles.unmatched == [], order
        first = next(a for a in articles if a.title.startswith("云龙建立23个"))
        assert first.page == "A1"
        assert first.body[-1].text.endswith("受到基层干部群众的一致好评。各社区也纷纷表示将继续做好心理疏导工作，确保疫情防控工作有序开展。")
        assert [m.marker.raw for m in first.markers] == ["下转A2版①", "上接A1版①", "下转A3版①", "上接A2版①"]
        assert len(first.joins) == 2
        assert not any(a.page in ("A2", "A3") and a.continued_from and a.continued_from.page != "A1" for a in articles)


def test_a_joined_paragraph_keeps_latin_words_apart_and_both_spans():
    a1 = A1.replace("实现社区全覆盖，", "实现社区全覆盖，并接入 PCT")
    a2 = A2.replace("确保每一名社区工作者都能及时得到心", "system，确保每一名工作者及时得到心")
    assert a1 != A1 and a2 != A2
    first = stitch([a1, a2], labels=["A1", "A2"])[0]
    assert "并接入 PCT system，确保每一名工作者" in first.body[-1].text
    (head, tail), = first.joins
    assert a1[head.span[0]:head.span[1]].rstrip().endswith("PCT")
    assert a2[tail.span[0]:tail.span[1]].startswith("system，确保每一名工作者")
    assert first.body[-1].span == head.span


# -- bylines that close an article (session 29) ----------------------------------------------

LEAFLET = """告全市居民书

连日来，我市部分地区出现强降雨天气，局地发生内涝。为保障大家的生命财产安全，现就有关事项告知如下。

请大家密切关注天气预报和预警信息，减少不必要的外出；居住在低洼地带的居民，请提前做好转移准备。

各社区要组织志愿者，帮助独居老人和行动不便的居民做好防范工作。

市防汛抗旱指挥部

2019年7月8日

—12—
"""

BYLINE_AFTER_MARKER = """渡口迎来汛期大考

本报讯 昨天上午，市交通部门在渡口召开现场会，部署汛期的安全工作，要求各渡口加强巡查。

下转A3版

（记者 王芳 通讯员 张强）

老船工的坚守

他在渡口摆渡已经三十年，风雨无阻，从未误过一班船。
"""


def test_a_signature_and_its_date_close_the_text_above_them():
    # A leaflet signed at its end: the signature and the date are the text's, not an
    # article of their own; the folio under them belongs to the page.
    articles = [a for a in parse(LEAFLET).articles if a.headlines or a.body]
    assert len(articles) == 1
    assert [b.text for b in articles[0].bylines] == ["市防汛抗旱指挥部", "2019年7月8日"]
    assert any("closes the article above it" in r for r in articles[0].reasons)


def test_a_byline_set_after_the_jump_marker_closes_its_article():
    first, second = parse(BYLINE_AFTER_MARKER).articles
    assert first.title == "渡口迎来汛期大考" and [b.text for b in first.bylines] == ["（记者 王芳 通讯员 张强）"]
    assert first.continues_on.page == "A3"
    assert second.title == "老船工的坚守" and second.bylines == []


def test_closing_bylines_print_after_the_body():
    # articles=True keeps a signature and its date where the page printed them: under the text.
    (article,) = [a for a in parse(LEAFLET).articles if a.headlines or a.body]
    assert [b.text for b in article.closing] == ["市防汛抗旱指挥部", "2019年7月8日"]
    lines = reflow(LEAFLET, articles=True).splitlines()
    assert lines.index("2019年7月8日") == lines.index("市防汛抗旱指挥部") + 1
    assert lines.index("市防汛抗旱指挥部") > max(i for i, line in enumerate(lines) if line.startswith("各社区要组织志愿者"))
    first, _ = parse(BYLINE_AFTER_MARKER).articles
    assert first.render().splitlines() == ["渡口迎来汛期大考", first.body[0].text, "（记者 王芳 通讯员 张强）"]
    # A byline above its body is no closing one.
    second_page = parse("老船工的坚守\n\n本报记者 李明\n\n他在渡口摆渡已经三十年，风雨无阻，从未误过一班船。\n").articles
    assert second_page[0].closing == [] and second_page[0].render().splitlines()[1] == "本报记者 李明"
