"""What the first reading decides on its own, before the settle step.

The settle step reads a section's rendering again and takes the joins that
reading makes (reflow.document.Reflower._settle). Issue 10 section 4 asks for a
decision function whose own rendering reads back unchanged with no second
reading: every join the first reading makes itself is one the settle step no
longer has to find. Each case here was a join that only the settle step made
(explain() named it ``settled``); explain() now names the rule of the first
reading that takes it. The text is the project's own.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from reflow import explain, parse
from test_properties import fold

# A body column of 14 characters; the headline's first half fills it and wraps
# before its comma.
HEADLINE_OVER_THREE_LINES = """民生
一座百年老桥的拆除和一条新城
区道路的开通，
城东出行从此不再绕远
文/图 本报记者 李文
本报讯 昨日上午，随着最后一段
护栏吊装到位，城东新路正式通
车。据市住建局介绍，这条路全
长四公里，连通了三个居民小区
和两所学校，沿线还新建了两处
公交站。附近居民王女士说，过
去上班要绕行二十分钟，现在十
分钟就到了。
"""


def _rule_at(text: str, line: int) -> tuple[str, str]:
    return next((s.action, s.rule) for s in explain(text) if s.line == line and s.action in ("join", "break"))


def test_a_headline_whose_first_half_wraps_before_its_comma_is_joined_by_the_first_reading():
    # headline_wrap reads the block so far (两行: the column wrapped it), not line 3 alone.
    assert _rule_at(HEADLINE_OVER_THREE_LINES, 4) == ("join", "headline_wrap")
    blocks = [(b.kind, b.text) for b in parse(HEADLINE_OVER_THREE_LINES).blocks]
    assert ("headline", "一座百年老桥的拆除和一条新城区道路的开通，城东出行从此不再绕远") in blocks


# A 14-character column: the paragraphs a caption stands between (lines 1-6, and after it).
ABOVE = """本报讯 昨日上午，随着最后一段
护栏吊装到位，城东新路正式通
车。据市住建局介绍，这条路全
长四公里，连通了三个居民小区
和两所学校，沿线还新建了两处
公交站。
"""
BELOW = """附近居民王女士说，过去上班要
绕行二十分钟，现在十分钟就到
了。她家楼下的公交站，每天早
晚都有不少学生排队上车。
"""

CAPTION_WITH_ITS_CREDIT_CUT = ABOVE + "▲新路通车后，附近\n居民出行方便了 本报记\n者 李文 摄\n" + BELOW


def test_a_caption_goes_on_into_the_credit_the_next_line_completes():
    assert _rule_at(CAPTION_WITH_ITS_CREDIT_CUT, 8) == ("join", "caption_wrap")
    blocks = [(b.kind, b.text) for b in parse(CAPTION_WITH_ITS_CREDIT_CUT).blocks]
    assert ("caption", "▲新路通车后，附近居民出行方便了 本报记者 李文摄") in blocks


CAPTION_OVER_FOUR_LINES = ABOVE + "▲新路通车后沿线\n的居民出行更加\n方便了 本报记\n者 李文 摄\n" + BELOW


def test_a_caption_reads_whole_over_the_two_lines_before_its_credit():
    # 的居民出行更加 neither ends with the credit nor, with the next line alone, completes it.
    assert _rule_at(CAPTION_OVER_FOUR_LINES, 8) == ("join", "caption_wrap")
    blocks = [(b.kind, b.text) for b in parse(CAPTION_OVER_FOUR_LINES).blocks]
    assert ("caption", "▲新路通车后沿线的居民出行更加方便了 本报记者 李文摄") in blocks


# --------------------------------------------------------------------------
# Options(settle=False): the first reading alone
# --------------------------------------------------------------------------

# The photo credit under the headline stands apart on the page (a blank line),
# so the first reading keeps it apart; the rendering has no blank lines, and
# reads the two lines with a join (credit_wrap), which the settle step takes.
CREDIT_UNDER_A_HEADLINE = """老街新生：一条巷子的三次改造

记者 郑伟 摄

本报讯 昨日上午，随着最后一段
护栏吊装到位，城东新路正式通
车。
"""


def test_without_the_settle_step_the_first_reading_stands():
    settled = [s for s in explain(CREDIT_UNDER_A_HEADLINE) if s.rule == "settled"]
    assert [s.line for s in settled] == [3]
    assert not [s for s in explain(CREDIT_UNDER_A_HEADLINE, settle=False) if s.rule == "settled"]
    first = parse(CREDIT_UNDER_A_HEADLINE, settle=False).blocks
    assert [(b.kind, b.text) for b in first[:2]] == [("headline", "老街新生：一条巷子的三次改造"), ("byline", "记者 郑伟 摄")]
    assert len(parse(CREDIT_UNDER_A_HEADLINE).blocks) == len(first) - 1


@st.composite
def _pages(draw):
    return sim.generate_page(random.Random(draw(st.integers(0, 2**32 - 1))),
                             style=draw(st.sampled_from(("blank", "double", "bare", "mixed"))),
                             column_height=draw(st.integers(6, 40)),
                             era=draw(st.sampled_from(("modern", "1930s")))).text


@given(_pages())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_settle_step_only_joins_what_the_first_reading_read(text):
    # Every block start with the settle step is a block start without it: the
    # step merges blocks of the first reading (and types them again), never
    # cuts one. And without it nothing is lost either.
    first = parse(text, settle=False).blocks
    settled = parse(text).blocks
    assert {b.span[0] for b in settled} <= {b.span[0] for b in first}
    assert fold("".join(b.text for b in first)) == fold(text)


def test_a_reflowed_rendering_is_asked_a_bounded_number_of_rounds():
    # A text built so that its rendering joins one pair a round: the first line leaves a
    # quotation open, and every line after it closes one and opens another, so that only
    # the line the last round grew reads as leaving one open. Each round asks every line
    # (layout.rendered_joins): unbounded, that is a round a line. MAX_RENDERED_ROUNDS
    # rounds are asked, and the rest left as they read.
    from reflow.document import MAX_RENDERED_ROUNDS

    first = "他说：“" + "今天的天气很好我们一起去公园散步吧" * 6 + "。"
    line = "好的我们出发”对方回答道：“" + "好的我们马上出发去公园看看风景" * 6 + "。"
    text = "\n".join([first] + [line] * 30 + ["结束了”。"])
    steps = explain(text)
    assert sum(s.rule == "settled" for s in steps) == MAX_RENDERED_ROUNDS
    assert [s.rule for s in steps[:3]] == ["start", "quote_open", "settled"]
    assert len(parse(text).blocks) == 32 - 1 - MAX_RENDERED_ROUNDS


def test_a_settled_join_gives_the_reason_that_joined():
    # The settle step's join names why the rendering reads the lines as one block:
    # the reading's join rule, or the block pass that joined lines the layout broke
    # (a headline it wrapped, a headline set in a box). It once gave the layout's
    # own rule there, a break rule's reason for a join ("the previous line reads as
    # a headline and stands apart"): 15 times on these pages.
    from pathlib import Path

    from reflow.layout import JOIN_RULES, REASONS

    breaks = tuple(reason for rule, reason in REASONS.items() if rule not in JOIN_RULES)
    lead = "reflow's own rendering reads these lines as one block: "
    pages = sorted((Path(__file__).parent / "data" / "corpus" / "ci").glob("*/*.txt"))
    assert pages
    settled = wrong = 0
    for page in pages:
        for step in explain(page.read_text(encoding="utf-8")):
            if step.rule == "settled" and step.reason.startswith(lead):
                settled += 1
                wrong += step.reason[len(lead):].startswith(breaks)
    assert settled and not wrong
